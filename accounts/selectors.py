"""Reads of users shared by the views, the services and the import command."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from accounts.models import User


def user_list() -> QuerySet[User]:
    return User.objects.all()


def user_get(*, user_id: str | uuid.UUID) -> User | None:
    """The user with this id, or None (also for a malformed id)."""
    try:
        parsed = user_id if isinstance(user_id, uuid.UUID) else uuid.UUID(str(user_id))
    except ValueError:
        return None
    return User.objects.filter(pk=parsed).first()


def user_get_by_email(*, email: str) -> User | None:
    """E-mail addresses are compared case-insensitively, as at login."""
    return User.objects.filter(email__iexact=email.strip()).first()


def email_taken(*, email: str, exclude: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email.strip())
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()
