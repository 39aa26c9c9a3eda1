"""Operators' view of conversations: who talked to which agent, how much it cost.

Messages and running-table rows are records of what happened: read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from chat.models import Conversation, Message
from chat.selectors import conversation_with_totals
from chat.services import conversation_delete
from files.models import Row


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "role", "status", "content", "prompt_tokens", "completion_tokens"]
    readonly_fields = fields
    ordering = ["created_at", "id"]


class RowInline(ReadOnlyInline):
    model = Row
    fields = ["rowid", "type", "description", "original_name", "file", "created_at"]
    readonly_fields = fields
    ordering = ["rowid"]
    verbose_name = "running-table row"


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = [
        "title_summary",
        "user_email",
        "agent",
        "message_count",
        "total_tokens",
        "last_activity_at",
    ]
    list_filter = ["agent", "last_activity_at", "is_listed"]
    search_fields = ["title_summary", "user__email"]
    date_hierarchy = "last_activity_at"
    inlines = [MessageInline, RowInline]
    fields = [
        "title_summary",
        "has_title",
        "user",
        "agent",
        "conversation_id",
        "is_listed",
        "created_at",
        "last_activity_at",
        "message_count",
        "prompt_tokens",
        "completion_tokens",
        "total_tokens",
    ]
    # Only the title is edited here; everything else is the conversation's record.
    readonly_fields = [f for f in fields if f not in {"title_summary", "has_title"}]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        # Counts and sums in the list's one query, not one per conversation.
        return conversation_with_totals()

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Conversations start in the chat, keyed by the client's id.
        return False

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Messages and rows have no delete right of their own (they are
        # records); they go with their conversation.
        perms_needed -= {Message._meta.verbose_name, Row._meta.verbose_name}
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Conversation) -> None:
        conversation_delete(conversation=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Conversation]) -> None:
        for conversation in queryset:
            conversation_delete(conversation=conversation)

    @admin.display(description="user", ordering="user__email")
    def user_email(self, conversation: Conversation) -> str:
        return conversation.user.email

    @admin.display(description="messages", ordering="message_count")
    def message_count(self, conversation: Conversation) -> int:
        return conversation.message_count

    @admin.display(description="prompt tokens", ordering="prompt_tokens")
    def prompt_tokens(self, conversation: Conversation) -> int:
        return conversation.prompt_tokens

    @admin.display(description="completion tokens", ordering="completion_tokens")
    def completion_tokens(self, conversation: Conversation) -> int:
        return conversation.completion_tokens

    @admin.display(description="tokens", ordering=F("prompt_tokens") + F("completion_tokens"))
    def total_tokens(self, conversation: Conversation) -> int:
        return conversation.prompt_tokens + conversation.completion_tokens


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "short_content",
        "role",
        "status",
        "conversation_title",
        "user_email",
        "tokens",
        "created_at",
    ]
    list_filter = ["role", "status", "agent"]
    search_fields = ["content", "conversation__title_summary", "conversation__user__email"]
    list_select_related = ["conversation", "conversation__user"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "conversation",
        "role",
        "status",
        "agent",
        "content",
        "prompt_tokens",
        "completion_tokens",
        "created_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="message")
    def short_content(self, message: Message) -> str:
        return Truncator(message.content).chars(80) or "(no text)"

    @admin.display(description="conversation", ordering="conversation__title_summary")
    def conversation_title(self, message: Message) -> str:
        return message.conversation.title_summary

    @admin.display(description="user", ordering="conversation__user__email")
    def user_email(self, message: Message) -> str:
        return message.conversation.user.email

    @admin.display(description="tokens")
    def tokens(self, message: Message) -> int:
        return message.total_tokens
