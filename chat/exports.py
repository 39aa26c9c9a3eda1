"""Downloads of a whole conversation: Markdown for people, JSON for scripts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify

from chat.models import Conversation, Message
from chat.selectors import conversation_messages, conversation_rows
from chat.serializers import ConversationExportSerializer
from files.models import Row
from project.cells import neutralise_cell

EXPORT_FORMATS = {"md": "text/markdown; charset=utf-8", "json": "application/json"}


@dataclass
class ConversationExport:
    """Everything a download holds, read in a fixed number of queries."""

    conversation: Conversation
    messages: list[Message]
    rows: list[Row]
    exported_at: datetime = field(default_factory=timezone.now)

    @property
    def agent_label(self) -> str | None:
        agent = self.conversation.agent
        return agent.label if agent is not None else None

    @property
    def tokens(self) -> dict[str, int]:
        prompt = sum(m.prompt_tokens for m in self.messages)
        completion = sum(m.completion_tokens for m in self.messages)
        return {"prompt": prompt, "completion": completion, "total": prompt + completion}


def conversation_export_read(*, conversation: Conversation) -> ConversationExport:
    return ConversationExport(
        conversation=conversation,
        messages=list(conversation_messages(conversation=conversation)),
        rows=list(conversation_rows(conversation=conversation)),
    )


def export_filename(*, conversation: Conversation, format: str) -> str:
    """A file name made from the title (``reading-csv-file-data.md``)."""
    stem = slugify(conversation.title_summary, allow_unicode=True)[:80].strip("-_")
    return f"{stem or 'conversation-' + str(conversation.conversation_id)}.{format}"


def _when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S %Z")


def export_markdown(export: ConversationExport) -> str:
    conversation = export.conversation
    lines = [
        f"# {conversation.title_summary}",
        "",
        f"- Agent: {export.agent_label or 'none'}",
        f"- Conversation: {conversation.conversation_id}",
        f"- Started: {_when(conversation.created_at)}",
        f"- Last activity: {_when(conversation.last_activity_at)}",
        f"- Exported: {_when(export.exported_at)}",
        f"- Tokens: {export.tokens['total']}",
    ]
    for message in export.messages:
        heading = f"## {message.sender} · {_when(message.created_at)}"
        if message.status != Message.Status.COMPLETE:
            heading += f" ({message.get_status_display().lower()})"
        lines += ["", heading, "", message.content or "*(no text)*"]
    if export.rows:
        lines += ["", "## Running table", "", "| rowid | type | description |", "|---|---|---|"]
        for row in export.rows:
            # A pipe or a line break would end the table cell,
            # and a cell a spreadsheet would run as a formula is shown as text.
            description = neutralise_cell(row.description).replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {row.rowid} | {row.type} | {description} |")
    return "\n".join(lines) + "\n"


def export_json(export: ConversationExport) -> str:
    return json.dumps(ConversationExportSerializer(export).data, indent=2, ensure_ascii=False)
