"""Small factories that build test state through the app's own services."""

from __future__ import annotations

import functools

from agents.tools.registry import ToolContext
from chat.services import conversation_get_or_create
from files.models import Row
from files.services import row_add, upload_description


def tool_context(user) -> ToolContext:
    """A tool context on a new conversation of ``user``; its log lines gather in ``.logs``."""
    conversation, _ = conversation_get_or_create(user=user)
    logs: list[str] = []
    context = ToolContext(
        user=user,
        conversation=conversation,
        log=logs.append,
        add_row=functools.partial(row_add, conversation=conversation),
    )
    context.logs = logs  # type: ignore[attr-defined]
    return context


def upload_row(ctx: ToolContext, name: str, content: bytes) -> Row:
    """``content`` uploaded as ``name`` into the context's running table, as the upload view does."""
    return row_add(
        conversation=ctx.conversation,
        type=Row.Type.USERINPUT,
        description=upload_description(name),
        content=content,
        file_name=name,
    )
