"""JWTs shaped like FastAPI Users' own.

Access tokens: ``{"sub": "<user uuid>", "aud": ["fastapi-users:auth"], "exp": ...}``,
HS256, signed with ``JWT_SECRET``. Tokens minted by the old backend with the
same secret carry nothing else and are accepted as they are; ours add ``iat``
and a random ``jti`` so that two logins in the same second get two tokens
(logging one out must not log out the other).

Reset tokens (aud ``fastapi-users:reset``) and verify tokens
(aud ``fastapi-users:verify``) are signed with the same secret and live
``PASSWORD_RESET_TIMEOUT`` seconds, as FastAPI Users' did.

Settings are read on every call (not captured at import), so an overridden
``JWT_SECRET`` in a test or a management shell is honoured.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import time
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import TokenBackendError

if TYPE_CHECKING:
    from accounts.models import User

ALGORITHM = "HS256"
RESET_AUDIENCE = "fastapi-users:reset"
VERIFY_AUDIENCE = "fastapi-users:verify"


class TokenRejected(Exception):
    """The token is missing, malformed, forged, expired, revoked or its user is gone."""


def _secret() -> str:
    return settings.JWT_SECRET


def _backend(audience: str | list[str]) -> TokenBackend:
    # simplejwt's module-level settings are captured at import, and JWT_SECRET
    # must follow the settings of the day: one backend per secret and audience.
    return _backend_for(_secret(), audience if isinstance(audience, str) else tuple(audience))


@functools.lru_cache(maxsize=16)
def _backend_for(secret: str, audience: str | tuple[str, ...]) -> TokenBackend:
    # Made once: building one per token was a third of the check's time. A
    # tuple stays a list, so that an access token's aud is a list as FastAPI Users' was.
    wanted = audience if isinstance(audience, str) else list(audience)
    return TokenBackend(ALGORITHM, signing_key=secret, audience=wanted, leeway=0)


def encode(claims: dict[str, Any], *, audience: str | list[str], lifetime_seconds: int) -> str:
    now = int(time.time())
    return _backend(audience).encode({**claims, "iat": now, "exp": now + lifetime_seconds})


def decode(raw: str, *, audience: str | list[str]) -> dict[str, Any]:
    """The claims of a valid token for ``audience``, or ``TokenRejected``.

    Only HS256 is accepted (never ``alg: none``), and ``exp`` and ``sub`` are
    required: a token without an expiry would never expire.
    """
    if not raw:
        raise TokenRejected("no token")
    try:
        claims = _backend(audience).decode(raw)
    except TokenBackendError as exc:
        raise TokenRejected(str(exc)) from exc
    if not isinstance(claims.get("exp"), int | float) or "sub" not in claims:
        raise TokenRejected("exp and sub are required")
    return claims


def mint_access_token(user: User) -> str:
    return encode(
        {"sub": str(user.pk), "jti": uuid.uuid4().hex},
        audience=[settings.JWT_AUDIENCE],
        lifetime_seconds=settings.JWT_LIFETIME_SECONDS,
    )


def token_identity(claims: dict[str, Any]) -> str:
    """What identifies a token: a digest of its verified claims, never of its text.

    Many texts decode to one token (``=`` padding after the base64url
    signature is accepted by JWT libraries), but the claims of a verified
    token are fixed by its signature and only our secret makes new ones. Our
    tokens carry a random ``jti``, so two logins never share an identity; the
    old backend's carry only ``sub``, ``aud`` and ``exp``, and two of its
    tokens with the same claims were the same text too.
    """
    canonical = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _denylist_key(claims: dict[str, Any]) -> str:
    return "jwt-denied:" + token_identity(claims)


def _user_key(user_id: uuid.UUID | str) -> str:
    return f"auth-user:{user_id}"


# Written over a user's cache entry when the user changes; see user_cache_drop.
_STALE = "stale"
_STALE_SECONDS = 10


def user_from_token(raw: str) -> User:
    """The active user an access token names, or ``TokenRejected``.

    One cache round trip (``get_many``) tells both whether the token is
    revoked and, usually, who its user is; the database is read only when
    the user is not cached (then kept ``AUTH_USER_CACHE_SECONDS``).
    """
    claims = decode(raw, audience=[settings.JWT_AUDIENCE])
    try:
        user_id = uuid.UUID(str(claims["sub"]))
    except ValueError as exc:
        raise TokenRejected("bad subject") from exc
    denied_key, user_key = _denylist_key(claims), _user_key(user_id)
    found = cache.get_many([denied_key, user_key])
    if found.get(denied_key):
        raise TokenRejected("revoked")
    user = found.get(user_key)
    if not isinstance(user, get_user_model()):
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            raise TokenRejected("unknown user")
        if settings.AUTH_USER_CACHE_SECONDS and found.get(user_key) != _STALE:
            # add, not set: a change committed since our read wrote _STALE,
            # which this older copy must not replace.
            cache.add(user_key, user, timeout=settings.AUTH_USER_CACHE_SECONDS)
    if not user.is_active:
        raise TokenRejected("inactive user")
    return user


def user_cache_drop(user_id: uuid.UUID | str) -> None:
    """Forget the cached copy of a user that changed (saved or deleted).

    It is marked stale for a few seconds rather than deleted: a request that
    read the user from the database just before the change committed would
    otherwise put its old copy back. Marked now and again once the
    transaction commits, so that neither side of the commit caches the old row.
    """
    key = _user_key(user_id)
    cache.set(key, _STALE, timeout=_STALE_SECONDS)
    transaction.on_commit(lambda: cache.set(key, _STALE, timeout=_STALE_SECONDS))


def user_changed(sender: Any, instance: User, created: bool = False, **kwargs: Any) -> None:
    """``post_save`` and ``post_delete`` of the user model (connected in ``AccountsConfig``).

    A new user has no cached copy to drop (nothing caches a missing user).
    """
    if not created:
        user_cache_drop(instance.pk)


def revoke_token(raw: str) -> None:
    """Deny the token ``raw`` spells, in any spelling, until it would have expired anyway.

    The denylist lives in Django's cache: Redis when ``REDIS_URL`` is set, so
    every server process sees it.
    """
    claims = decode(raw, audience=[settings.JWT_AUDIENCE])
    remaining = int(claims["exp"] - time.time())
    if remaining > 0:
        cache.set(_denylist_key(claims), True, timeout=remaining + 1)


# --- reset and verify tokens -------------------------------------------------


def password_fingerprint(user: User) -> str:
    """A keyed digest of the stored password hash.

    A reset token carries it, so the token stops working once the password
    changed (which makes it single-use). The hash itself never leaves us.
    """
    key = f"{_secret()}:password-fingerprint".encode()
    return hmac.new(key, user.password.encode(), hashlib.sha256).hexdigest()


def mint_reset_token(user: User) -> str:
    return encode(
        {"sub": str(user.pk), "password_fgpt": password_fingerprint(user)},
        audience=RESET_AUDIENCE,
        lifetime_seconds=settings.PASSWORD_RESET_TIMEOUT,
    )


def mint_verify_token(user: User) -> str:
    return encode(
        {"sub": str(user.pk), "email": user.email},
        audience=VERIFY_AUDIENCE,
        lifetime_seconds=settings.PASSWORD_RESET_TIMEOUT,
    )
