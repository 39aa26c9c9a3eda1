"""Writes on users: register, log in, update, delete, reset a password, verify.

They raise the domain errors below; the views turn them into FastAPI Users'
error codes.
"""

from __future__ import annotations

import hmac
import logging
import uuid

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import tokens
from accounts.models import User
from accounts.selectors import email_taken, user_get, user_get_by_email

logger = logging.getLogger(__name__)


class AccountError(Exception):
    """A request the account rules refuse."""


class UserAlreadyExists(AccountError):
    """Another user has this e-mail address (compared case-insensitively)."""


class InvalidPassword(AccountError):
    """The password fails Django's validators; ``reason`` says why, for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadToken(AccountError):
    """A reset or verify token that is forged, expired, used, or names no usable user."""


class AlreadyVerified(AccountError):
    """The user's e-mail address is verified already."""


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidPassword(" ".join(exc.messages)) from exc


def _canonical_id(raw: object) -> str | None:
    """A token's ``sub`` as a dashed UUID string (any UUID spelling is accepted)."""
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        return None


def _normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip())


def user_authenticate(*, email: str, password: str) -> User | None:
    """The active user with these credentials, or None.

    Unknown e-mail, wrong password and inactive user cost the same password
    hashing, so that timing does not tell them apart. A correct password
    stored with an older hasher (bcrypt or Argon2 parameters imported from
    the old backend) is re-hashed with the current one; ``last_login`` is set.
    """
    user = user_get_by_email(email=email)
    if user is None:
        User().set_password(password)  # the work a real check would do
        return None
    try:
        correct = user.check_password(password)  # saves an upgraded hash
    except ValueError:  # bcrypt refuses passwords over 72 bytes
        correct = False
    if not correct or not user.is_active:
        return None
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


def user_register(*, email: str, password: str) -> User:
    """Create an active, unverified, ordinary user. No e-mail is sent."""
    email = _normalize(email)
    # FastAPI Users validates the password before looking for the address.
    _check_password(password, User(email=email))
    if email_taken(email=email):
        raise UserAlreadyExists
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password)
    except IntegrityError as exc:  # a parallel registration won the race
        raise UserAlreadyExists from exc


def user_update(
    *,
    user: User,
    email: str | None = None,
    password: str | None = None,
    is_active: bool | None = None,
    is_superuser: bool | None = None,
    is_verified: bool | None = None,
) -> User:
    """Change what is given (None leaves a field alone) and save.

    A new e-mail address (not just a change of case) makes the user
    unverified again, unless ``is_verified`` is given too. Nothing is changed
    when the password or the address is refused.
    """
    new_email = _normalize(email) if email is not None else None
    if password is not None:
        candidate = User(pk=user.pk, email=new_email or user.email)
        _check_password(password, candidate)
    if new_email is not None and email_taken(email=new_email, exclude=user):
        raise UserAlreadyExists

    fields: set[str] = set()
    if new_email is not None and new_email != user.email:
        if new_email.lower() != user.email.lower():
            user.is_verified = False
            fields.add("is_verified")
        user.email = new_email
        fields.add("email")
    if password is not None:
        user.set_password(password)
        fields.add("password")
    for name, value in (
        ("is_active", is_active),
        ("is_superuser", is_superuser),
        ("is_verified", is_verified),
    ):
        if value is not None:
            setattr(user, name, value)
            fields.add(name)
    if fields:
        try:
            with transaction.atomic():
                user.save(update_fields=sorted(fields))
        except IntegrityError as exc:
            raise UserAlreadyExists from exc
    return user


def user_delete(*, user: User) -> None:
    """Delete the user and, by cascade, everything they own."""
    user.delete()


def _send(user: User, subject: str, body: str) -> None:
    # A failing mail server must not turn into an answer that differs for
    # known addresses (user enumeration): log it, answer 202 anyway.
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        logger.exception("could not send %r to user %s", subject, user.pk)


def _minutes(seconds: int) -> int:
    return max(1, seconds // 60)


def password_reset_request(*, email: str) -> None:
    """E-mail a reset token to this address's active user; nothing for anyone else."""
    user = user_get_by_email(email=email)
    if user is None or not user.is_active:
        return
    token = tokens.mint_reset_token(user)
    _send(
        user,
        "Reset your Derrick password",
        f"Someone asked to reset the password of the Derrick account {user.email}.\n\n"
        f"If it was you, send this token with your new password to "
        f"POST /auth/reset-password within {_minutes(settings.PASSWORD_RESET_TIMEOUT)} "
        f"minutes:\n\n{token}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n",
    )


@transaction.atomic
def password_reset(*, token: str, password: str) -> User:
    """Set a new password with a reset token; the token is then spent.

    The token carries a fingerprint of the password hash it was made for, so
    it stops working as soon as the password changes.
    """
    try:
        claims = tokens.decode(token, audience=tokens.RESET_AUDIENCE)
    except tokens.TokenRejected as exc:
        raise BadToken from exc
    user = user_get(user_id=str(claims["sub"]))
    fingerprint = claims.get("password_fgpt")
    if (
        user is None
        or not isinstance(fingerprint, str)
        or not hmac.compare_digest(fingerprint, tokens.password_fingerprint(user))
        or not user.is_active
    ):
        raise BadToken
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def verification_request(*, email: str) -> None:
    """E-mail a verify token to this address's active, unverified user; else nothing."""
    user = user_get_by_email(email=email)
    if user is None or not user.is_active or user.is_verified:
        return
    token = tokens.mint_verify_token(user)
    _send(
        user,
        "Verify your Derrick e-mail address",
        f"To verify {user.email} for your Derrick account, send this token to "
        f"POST /auth/verify within {_minutes(settings.PASSWORD_RESET_TIMEOUT)} minutes:\n\n"
        f"{token}\n\n"
        "If you did not ask for it, ignore this message.\n",
    )


def user_verify(*, token: str) -> User:
    """Mark the user a verify token names as verified.

    The token is bad when it is forged or expired, or when the address it
    was made for is no longer the user's, or the user is inactive.
    """
    try:
        claims = tokens.decode(token, audience=tokens.VERIFY_AUDIENCE)
    except tokens.TokenRejected as exc:
        raise BadToken from exc
    email = claims.get("email")
    user = user_get_by_email(email=email) if isinstance(email, str) else None
    if user is None or _canonical_id(claims["sub"]) != str(user.pk) or not user.is_active:
        raise BadToken
    if user.is_verified:
        raise AlreadyVerified
    user.is_verified = True
    user.save(update_fields=["is_verified"])
    return user
