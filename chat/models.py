"""Conversations and their messages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_TITLE = "New Chat"


class Conversation(models.Model):
    """One chat, keyed by (user, the client's UUID): two users may share a UUID."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    conversation_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    agent = models.ForeignKey(
        "agents.Agent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title_summary = models.CharField(max_length=200, default=DEFAULT_TITLE)
    has_title = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Shown in /history/ only once it has a message or a running-table row.
    is_listed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conversation_id"], name="chat_conversation_user_uuid_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "is_listed", "-last_activity_at"])]

    def __str__(self) -> str:
        return f"{self.title_summary} ({self.conversation_id})"

    @property
    def group_name(self) -> str:
        """The channel-layer group every socket on this conversation joins."""
        return conversation_group_name(user_pk=self.user_id, conversation_id=self.conversation_id)


def conversation_group_name(*, user_pk: object, conversation_id: object) -> str:
    """The group of ``user_pk``'s conversation ``conversation_id``, known before it exists.

    A socket on an id nothing has made yet joins it at once (and makes no
    conversation): it then hears the answer its own question, another
    socket's or an upload starts there from the first event.
    """
    return f"conv.{user_pk}.{conversation_id}"


class Message(models.Model):
    class Role(models.TextChoices):
        USER = "user", "User"
        ASSISTANT = "assistant", "Assistant"

    class Status(models.TextChoices):
        COMPLETE = "complete", "Complete"
        STREAMING = "streaming", "Streaming"
        STOPPED = "stopped", "Stopped"
        ERROR = "error", "Error"
        # Its server process died while writing it (kill -9, a lost machine).
        INTERRUPTED = "interrupted", "Interrupted"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    content = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.COMPLETE)
    agent = models.ForeignKey(
        "agents.Agent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"]),
            # The sweep for answers whose server died reads only these (a few rows).
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="streaming"),
                name="chat_message_streaming_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"

    @property
    def sender(self) -> str:
        return "You" if self.role == self.Role.USER else "Agent"

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens
