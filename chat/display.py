"""A conversation as people see it: messages with their agent and results, rows with labels.

Shared by the chat page (its first paint and its JSON for the script) and the
HTML and ZIP exports, so a download shows what the page shows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from chat.models import Conversation, Message
from chat.selectors import conversation_rows, conversation_transcript
from chat.templatetags.chat_markdown import render_markdown
from files.models import Row
from files.selectors import row_download_url

# The row types as a person names them.
ROW_LABELS = {
    Row.Type.USERINPUT: "Upload",
    Row.Type.TABLE: "Table",
    Row.Type.CHART: "Chart",
    Row.Type.RESULT: "Result",
}


def row_label(row_type: str) -> str:
    return ROW_LABELS.get(row_type, str(row_type).replace("_", " ").capitalize())


def row_for_page(row: Row) -> dict[str, Any]:
    """What the pages show of a row; a chart carries its signed image link (it expires)."""
    return {
        "rowid": row.rowid,
        "type": row.type,
        "label": row_label(row.type),
        "description": row.description,
        "summary": row.summary,
        "readable": row.readable,
        "name": row.original_name,
        "message_id": row.message_id,
        "created_at": row.created_at.isoformat(),
        "image_url": row_download_url(row) if row.type == Row.Type.CHART and row.file else None,
    }


def rows_for_page(rows: list[Row]) -> list[dict[str, Any]]:
    return [row_for_page(row) for row in rows]


def messages_for_page(
    conversation: Conversation, *, rows: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The saved messages, oldest first, each answer with its agent and the rows it made.

    Two queries (messages with their agents, and the rows unless given).
    """
    if rows is None:
        rows = rows_for_page(list(conversation_rows(conversation=conversation)))
    made_by: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["message_id"] is not None and row["type"] != Row.Type.USERINPUT:
            made_by[row["message_id"]].append(row)
    messages = []
    for message in conversation_transcript(conversation=conversation).select_related("agent"):
        is_user = message.role == Message.Role.USER
        messages.append(
            {
                "id": message.pk,
                "is_user": is_user,
                "status": message.status,
                "text": message.content,
                "html": "" if is_user else render_markdown(message.content),
                "agent": message.agent.label if message.agent_id and message.agent else None,
                "created_at": message.created_at.isoformat(),
                "rows": [] if is_user else made_by.get(message.pk, []),
            }
        )
    return messages
