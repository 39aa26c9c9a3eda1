"""Reads of conversations shared by the REST views, the pages and the admin.

Each returns a queryset whose size does not change the number of queries.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from chat.models import Conversation, Message
from files.models import Row


def conversation_history_for_user(*, user) -> QuerySet[Conversation]:
    """``user``'s listed conversations, most recent activity first (one query)."""
    return (
        Conversation.objects.filter(user=user, is_listed=True)
        .order_by("-last_activity_at", "-id")
        .only("conversation_id", "last_activity_at", "title_summary")
    )


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
