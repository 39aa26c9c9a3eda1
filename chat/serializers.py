"""Wire shapes of the history routes (CONTRACT.md "Agents, files, history")."""

from __future__ import annotations

from datetime import datetime

from rest_framework import serializers

from accounts.serializers import StrictCharField
from chat.models import Message
from files.models import Row


class OffsetDateTimeField(serializers.DateTimeField):
    """ISO 8601 with a numeric offset (``...+00:00``), as the old backend sent.

    DRF would write UTC as ``Z``; clients written against the old backend
    may compare or parse the exact form.
    """

    def to_representation(self, value: datetime) -> str | None:
        if value is None:
            return None
        return self.enforce_timezone(value).isoformat()


class HistoryItemSerializer(serializers.Serializer):
    conversation_id = serializers.UUIDField(read_only=True)
    ts = OffsetDateTimeField(source="last_activity_at", read_only=True)
    title_summary = serializers.CharField(read_only=True)


class TranscriptMessageSerializer(serializers.Serializer):
    sender = serializers.ChoiceField(choices=["You", "Agent"], read_only=True)
    message = serializers.CharField(source="content", read_only=True)


class QuestionSerializer(serializers.Serializer):
    """A question from the socket, checked as the REST serialisers check text.

    DRF's ``CharField`` refuses NUL (PostgreSQL cannot store it) and lone
    surrogates (not encodable as UTF-8); the consumer checks emptiness and
    length itself, with its own messages.
    """

    content = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ConversationRenameSerializer(serializers.Serializer):
    # A string: a number is refused as pydantic refused it, not written as a title.
    title_summary = StrictCharField(max_length=200, allow_blank=False, trim_whitespace=True)


class ExportTokensSerializer(serializers.Serializer):
    prompt = serializers.IntegerField(source="prompt_tokens")
    completion = serializers.IntegerField(source="completion_tokens")
    total = serializers.IntegerField(source="total_tokens")


class ExportMessageSerializer(serializers.ModelSerializer):
    sender = serializers.CharField()
    created_at = OffsetDateTimeField()
    tokens = ExportTokensSerializer(source="*")

    class Meta:
        model = Message
        fields = ["sender", "role", "content", "status", "created_at", "tokens"]
        read_only_fields = fields


class ExportRowSerializer(serializers.ModelSerializer):
    created_at = OffsetDateTimeField()

    class Meta:
        model = Row
        fields = ["rowid", "type", "description", "created_at"]
        read_only_fields = fields


class ConversationExportSerializer(serializers.Serializer):
    """The JSON download of one conversation (``chat.exports.ConversationExport``)."""

    conversation_id = serializers.UUIDField(source="conversation.conversation_id")
    title_summary = serializers.CharField(source="conversation.title_summary")
    agent = serializers.CharField(source="agent_label", allow_null=True)
    created_at = OffsetDateTimeField(source="conversation.created_at")
    last_activity_at = OffsetDateTimeField(source="conversation.last_activity_at")
    exported_at = OffsetDateTimeField()
    tokens = serializers.DictField(child=serializers.IntegerField())
    messages = ExportMessageSerializer(many=True)
    rows = ExportRowSerializer(many=True)
