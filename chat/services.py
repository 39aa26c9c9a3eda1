"""Operations that change conversations and messages.

Views, the WebSocket consumer, the agent runner and management commands all
go through these. Each docstring names its side effects.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from agents.models import Agent
from chat.models import Conversation


def conversation_for_user(*, user, conversation_id: uuid.UUID | str) -> Conversation | None:
    """The one ownership check: ``user``'s conversation with that client id, or None.

    A malformed id is simply not found.
    """
    try:
        key = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    return Conversation.objects.filter(user=user, conversation_id=key).first()


def conversation_get_or_create(
    *, user, conversation_id: uuid.UUID | None = None, agent: Agent | None = None
) -> tuple[Conversation, bool]:
    """``user``'s conversation with ``conversation_id`` (a new UUID if None), made if missing.

    Writes one Conversation row when it is new; safe under concurrent calls
    for the same id (the unique constraint decides, the loser reads).
    """
    key = conversation_id or uuid.uuid4()
    existing = Conversation.objects.filter(user=user, conversation_id=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Conversation.objects.create(user=user, conversation_id=key, agent=agent), True
    except IntegrityError:
        return Conversation.objects.get(user=user, conversation_id=key), False


def conversation_touch(*, conversation: Conversation) -> None:
    """Mark activity now and list the conversation in /history/. One UPDATE."""
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=now, is_listed=True)
    conversation.last_activity_at = now
    conversation.is_listed = True
