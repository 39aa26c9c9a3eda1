"""Operations that change conversations and messages.

Views, the WebSocket consumer, the agent runner and management commands all
go through these. Each docstring names its side effects.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.budgets import usage_record
from agents.models import Agent
from chat.events import publish
from chat.models import Conversation, Message
from chat.selectors import conversation_for_user
from files.models import Row


def conversation_get_or_create(
    *, user, conversation_id: uuid.UUID | None = None, agent: Agent | None = None
) -> tuple[Conversation, bool]:
    """``user``'s conversation with ``conversation_id`` (a new UUID if None), made if missing.

    Writes one Conversation row when it is new; safe under concurrent calls
    for the same id (the unique constraint decides, the loser reads).
    """
    key = conversation_id or uuid.uuid4()
    existing = conversation_for_user(user=user, conversation_id=key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Conversation.objects.create(user=user, conversation_id=key, agent=agent), True
    except IntegrityError:
        return conversation_for_user(user=user, conversation_id=key), False


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


# --- messages of an answer (the WebSocket's agent runs) ---------------------


@transaction.atomic
@transaction.atomic
def answer_begin(
    *, conversation: Conversation, agent: Agent | None, question: str
) -> tuple[Message, Message]:
    """Save the user's ``question`` and an empty ``streaming`` answer to fill in.

    Writes two Messages (the question, then the answer's placeholder, whose
    id the ``done`` event carries), lists the conversation and records
    ``agent`` as the conversation's agent (the one last asked). Answers left
    ``streaming`` by a process that died are marked ``interrupted``: the
    caller holds the conversation's answer lock, so no live answer is streaming.
    """
    conversation.messages.filter(
        role=Message.Role.ASSISTANT, status=Message.Status.STREAMING
    ).update(status=Message.Status.INTERRUPTED)
    question_message = Message.objects.create(
        conversation=conversation, role=Message.Role.USER, content=question, agent=agent
    )
    answer = Message.objects.create(
        conversation=conversation,
        role=Message.Role.ASSISTANT,
        content="",
        status=Message.Status.STREAMING,
        agent=agent,
    )
    conversation_touch(conversation=conversation)
    if agent is not None and conversation.agent_id != agent.pk:
        Conversation.objects.filter(pk=conversation.pk).update(agent=agent)
        conversation.agent = agent
    return question_message, answer


def answer_checkpoint(*, message_id: int, content: str) -> None:
    """Store the text streamed so far on a still-streaming answer. One UPDATE."""
    Message.objects.filter(pk=message_id, status=Message.Status.STREAMING).update(content=content)


def answers_checkpoint(*, texts: dict[int, str]) -> int:
    """Store the text streamed so far of many still-streaming answers (message id → text).

    One statement run for every answer (``executemany``, in one transaction):
    the ORM's per-query work, or one ``CASE`` with a branch per answer, held
    the interpreter for milliseconds at 300 answers while the event loop
    waited to relay. An answer that is no longer ``streaming`` (it finished,
    or was interrupted) is left as it is. Returns how many rows were written.
    """
    if not texts:
        return 0
    table = connection.ops.quote_name(Message._meta.db_table)
    content = connection.ops.quote_name(Message._meta.get_field("content").column)
    status = connection.ops.quote_name(Message._meta.get_field("status").column)
    sql = f"UPDATE {table} SET {content} = %s WHERE id = %s AND {status} = %s"
    streaming = Message.Status.STREAMING.value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [(text, pk, streaming) for pk, text in texts.items()])
        return max(cursor.rowcount, 0)


def answers_streaming_before(*, seconds: float) -> list[tuple[int, int]]:
    """(message id, conversation pk) of the answers ``streaming`` for over ``seconds``."""
    started_before = timezone.now() - datetime.timedelta(seconds=seconds)
    return list(
        Message.objects.filter(
            role=Message.Role.ASSISTANT,
            status=Message.Status.STREAMING,
            created_at__lt=started_before,
        ).values_list("id", "conversation_id")
    )


def answers_interrupt(*, message_ids: list[int]) -> int:
    """Mark those answers ``interrupted`` if they are still ``streaming`` (their owner
    died; the text is their last checkpoint). One conditional UPDATE; the count."""
    return Message.objects.filter(pk__in=message_ids, status=Message.Status.STREAMING).update(
        status=Message.Status.INTERRUPTED
    )


def answer_finish(
    *,
    message_id: int,
    conversation: Conversation,
    content: str,
    status: str,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
) -> int | None:
    """Save an answer's final text, status and token usage; return its id.

    An answer that ended without any text (failed or stopped before its
    first token) is deleted instead, and None returned: nothing was saved.
    The tokens go to the user's usage ledger either way (``usage_record``).
    Lists the conversation and marks its activity.
    """
    if not content and status != Message.Status.COMPLETE:
        if prompt_tokens or completion_tokens:  # paid for, even with nothing to show
            usage_record(
                user_id=conversation.user_id,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
        Message.objects.filter(pk=message_id).delete()
        conversation_touch(conversation=conversation)
        return None
    Message.objects.filter(pk=message_id).update(
        content=content,
        status=status,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )
    usage_record(
        user_id=conversation.user_id,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )
    conversation_touch(conversation=conversation)
    return message_id


def conversation_title_generate_save(*, conversation: Conversation, title: str) -> bool:
    """Store an automatic title unless the conversation already has one.

    One conditional UPDATE (``title_summary``, ``has_title``); a title a
    person set meanwhile wins. Returns whether the title was stored. The
    caller sends the ``title`` event in order with the answer's events.
    """
    title = title.strip()[:200]
    if not title:
        return False
    stored = Conversation.objects.filter(pk=conversation.pk, has_title=False).update(
        title_summary=title, has_title=True
    )
    if stored:
        conversation.title_summary = title
        conversation.has_title = True
    return bool(stored)


@transaction.atomic
def conversation_rewind(*, conversation: Conversation, message: Message) -> int:
    """Take ``conversation`` back to just before ``message``: for editing a question or
    regenerating an answer.

    Deletes ``message`` and every later message, and the running-table rows
    their answers made (their stored files follow, after commit); uploads
    stay. The caller makes sure no answer is being written. Returns how
    many messages were deleted.
    """
    later = conversation.messages.filter(
        Q(created_at__gt=message.created_at) | Q(created_at=message.created_at, pk__gte=message.pk)
    )
    Row.objects.filter(conversation=conversation, message__in=later).exclude(
        type=Row.Type.USERINPUT
    ).delete()
    _, deleted = later.delete()
    return deleted.get(Message._meta.label, 0)
