"""Access tokens shaped like FastAPI Users' JWTs.

``{"sub": "<user uuid>", "aud": ["fastapi-users:auth"], "exp": ...}``, HS256,
signed with ``JWT_SECRET``. Tokens minted by the old backend with the same
secret carry no ``jti`` or ``token_type`` and are accepted as they are.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken

User = get_user_model()


class TokenRejected(Exception):
    """The token is missing, malformed, forged, expired, revoked or its user is gone."""


def mint_access_token(user: User) -> str:
    token = AccessToken()
    token["sub"] = str(user.pk)
    token["aud"] = [settings.JWT_AUDIENCE]
    return str(token)


def _denylist_key(raw: str) -> str:
    return "jwt-denied:" + hashlib.sha256(raw.encode()).hexdigest()


def _decode(raw: str) -> AccessToken:
    if not raw:
        raise TokenRejected("no token")
    try:
        return AccessToken(raw)
    except TokenError as exc:
        raise TokenRejected(str(exc)) from exc


def user_from_token(raw: str) -> User:
    """The active user a token names, or ``TokenRejected``."""
    token = _decode(raw)
    if cache.get(_denylist_key(raw)):
        raise TokenRejected("revoked")
    try:
        user_id = uuid.UUID(str(token.get("sub", "")))
    except ValueError as exc:
        raise TokenRejected("bad subject") from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise TokenRejected("unknown or inactive user")
    return user


def revoke_token(raw: str) -> None:
    """Deny ``raw`` until it would have expired anyway."""
    token = _decode(raw)
    remaining = int(token["exp"] - timezone.now().timestamp())
    if remaining > 0:
        cache.set(_denylist_key(raw), True, timeout=remaining + 1)
