"""Reads of conversations shared by the REST views, the pages, files, the consumer, the admin.

``conversations_for_user`` and ``conversation_for_user`` are the one
ownership check: every lookup of a conversation (or of what hangs from one:
messages, rows) on behalf of a user starts from them. Each returns a
queryset whose size does not change the number of queries.
"""

from __future__ import annotations

import uuid

from django.db.models import Count, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from chat.models import Conversation, Message
from files.models import Row


def conversations_for_user(*, user) -> QuerySet[Conversation]:
    """Every conversation ``user`` owns: the only way in for anything done on their behalf."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    return Conversation.objects.filter(user=user)


def conversation_for_user(*, user, conversation_id: uuid.UUID | str) -> Conversation | None:
    """The one ownership check: ``user``'s conversation with that client id, or None.

    Conversations are keyed by (user, id): another user's conversation with
    the same id is simply not found, and neither is a malformed id.
    """
    try:
        key = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    return conversations_for_user(user=user).filter(conversation_id=key).first()


def message_for_user(*, user, message_id: int) -> QuerySet[Message]:
    """Message ``message_id`` if it is in one of ``user``'s conversations (a queryset of 0 or 1)."""
    return Message.objects.filter(pk=message_id, conversation__in=conversations_for_user(user=user))


def conversation_history_for_user(*, user) -> QuerySet[Conversation]:
    """``user``'s listed conversations, most recent activity first (one query)."""
    return (
        conversations_for_user(user=user)
        .filter(is_listed=True)
        .order_by("-last_activity_at", "-id")
        .only("conversation_id", "last_activity_at", "title_summary")
    )


def conversation_history_items(*, user) -> list[dict[str, str]]:
    """``user``'s history list as ``GET /history/`` sends it (one query).

    The items ``HistoryItemSerializer`` describes, made from the columns
    alone: a user with ten thousand conversations gets them in a few
    milliseconds, where a model instance and a serializer per item took half
    a second.
    """
    zone = timezone.get_current_timezone()
    rows = conversation_history_for_user(user=user).values_list(
        "conversation_id", "last_activity_at", "title_summary"
    )
    return [
        {
            "conversation_id": str(conversation_id),
            "ts": last_activity_at.astimezone(zone).isoformat(),
            "title_summary": title_summary,
        }
        for conversation_id, last_activity_at, title_summary in rows
    ]


def conversation_transcript(*, conversation: Conversation) -> QuerySet[Message]:
    """What the history shows of ``conversation``: its messages, oldest first (one query).

    Messages with no text (an answer that failed before its first token) are
    left out: there is nothing to show for them.
    """
    return conversation.messages.exclude(content="").order_by("created_at", "id")


def conversation_messages(*, conversation: Conversation) -> QuerySet[Message]:
    """All of ``conversation``'s messages, oldest first, with their agents (one query)."""
    return conversation.messages.select_related("agent").order_by("created_at", "id")


def conversation_rows(*, conversation: Conversation) -> QuerySet[Row]:
    """``conversation``'s running table, by rowid (one query)."""
    return Row.objects.filter(conversation=conversation).order_by("rowid")


def conversation_with_totals() -> QuerySet[Conversation]:
    """Every conversation with its user, agent, message count and token totals.

    Annotated in the same query (for the admin's lists and change pages).
    """
    zero = Value(0, output_field=IntegerField())
    return Conversation.objects.select_related("user", "agent").annotate(
        message_count=Count("messages"),
        prompt_tokens=Coalesce(Sum("messages__prompt_tokens"), zero),
        completion_tokens=Coalesce(Sum("messages__completion_tokens"), zero),
    )
