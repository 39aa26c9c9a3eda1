"""Operations that change conversations and messages.

Views, the WebSocket consumer, the agent runner and management commands all
go through these. Each docstring names its side effects.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from agents.models import Agent
from chat.events import publish
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


def conversation_rename(*, conversation: Conversation, title_summary: str) -> Conversation:
    """Give ``conversation`` a title a person chose; it is then never auto-titled.

    One UPDATE (title, ``has_title``); publishes a ``title`` event so the
    conversation's open sockets (other tabs) show it. Activity time is kept:
    renaming does not move a conversation up the history list.
    """
    Conversation.objects.filter(pk=conversation.pk).update(
        title_summary=title_summary, has_title=True
    )
    conversation.title_summary = title_summary
    conversation.has_title = True
    publish(conversation.group_name, {"event_type": "title", "content": title_summary})
    return conversation


@transaction.atomic
def conversation_delete(*, conversation: Conversation) -> None:
    """Delete ``conversation`` with its messages and running-table rows.

    The rows' stored files are removed by the files app's Row
    ``post_delete`` receiver, which the cascade fires for each row.
    """
    conversation.delete()
