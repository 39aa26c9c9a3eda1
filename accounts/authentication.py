"""DRF authentication by ``Authorization: Bearer <jwt>``."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts.tokens import TokenRejected, user_from_token


def bearer_token(request: Request) -> str | None:
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != b"bearer":
        return None
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError:
        return ""


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request):
        raw = bearer_token(request)
        if raw is None:
            return None
        try:
            user = user_from_token(raw)
        except TokenRejected as exc:
            raise exceptions.AuthenticationFailed("Unauthorized") from exc
        return user, raw

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"
