"""Downloads of a whole conversation.

``md``: Markdown for people, each answer followed by the tables it made (the
first rows, rounded for reading) and its charts named. ``html``: one
self-contained page that opens anywhere, with the charts inside it and the
tables drawn. ``zip``: the Markdown and the HTML with every chart as PNG,
every table as its full CSV and every upload as it was sent. ``json``: for
scripts.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from chat.models import Conversation, Message
from chat.selectors import conversation_messages, conversation_rows
from chat.serializers import ConversationExportSerializer
from chat.templatetags.chat_markdown import render_markdown
from files.models import Row
from files.selectors import frame_preview, row_display_name, row_read_bytes
from files.tables import TableReadError, is_table_name, read_stored_table
from project.cells import neutralise_cell

EXPORT_FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "zip": "application/zip",
}
# The rows of a table shown in the Markdown and the HTML (the ZIP has the whole CSV).
EXPORT_TABLE_ROWS = 20


@dataclass
class ConversationExport:
    """Everything a download holds, read in a fixed number of queries."""

    conversation: Conversation
    messages: list[Message]
    rows: list[Row]
    exported_at: datetime = field(default_factory=timezone.now)
    _tables: dict[int, ExportTable] | None = field(default=None, repr=False)

    @property
    def agent_label(self) -> str | None:
        agent = self.conversation.agent
        return agent.label if agent is not None else None

    def rows_of(self, message: Message) -> list[Row]:
        """The rows ``message`` (an answer) made, by rowid."""
        return [
            row for row in self.rows if row.message_id == message.pk and row.type != "userinput"
        ]

    def tables(self) -> dict[int, ExportTable]:
        """The first rows of every tool table shown with its answer (read once)."""
        if self._tables is None:
            self._tables = {}
            for row in self.rows:
                if row.message_id is not None and row.type == Row.Type.TABLE:
                    table = _export_table(row)
                    if table is not None:
                        self._tables[row.pk] = table
        return self._tables

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


def display_number(value: float) -> str:
    """A number as the pages show it: rounded for reading, with thousands separators.

    1,234,567 · 8,123 · 412.5 · 58.64 · 0.0123 (three significant figures below one).
    Whole numbers stay whole.
    """
    if not math.isfinite(value):
        return ""
    size = abs(value)
    if float(value).is_integer() and size < 1e15:
        return f"{int(value):,}"
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 100:
        return f"{value:,.1f}"
    if size >= 1:
        return f"{value:,.2f}"
    if size == 0:
        return "0"
    decimals = min(6, 2 - math.floor(math.log10(size)))
    return f"{value:.{decimals}f}"


_ISO_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]00:00:00$")


def display_cell(value: Any) -> str:
    """A table cell for reading: numbers rounded, midnight timestamps as dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return display_number(float(value))
    text = str(value)
    midnight = _ISO_MIDNIGHT.match(text)
    return midnight.group(1) if midnight else text


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class ExportTable:
    """The first rows of a table row's file, for the Markdown and HTML downloads."""

    columns: list[str]
    rows: list[list[Any]]
    numeric: list[bool]
    total_rows: int


def _export_table(row: Row) -> ExportTable | None:
    if not row.file or not is_table_name(row.original_name or row.file.name):
        return None
    try:
        frame = read_stored_table(row.file.name, row.original_name or row.file.name)
    except (TableReadError, OSError):
        return None
    preview = frame_preview(frame, max_rows=EXPORT_TABLE_ROWS)
    numeric = []
    for index in range(len(preview["columns"])):
        present = [r[index] for r in preview["rows"] if r[index] is not None]
        numeric.append(bool(present) and all(is_number(v) for v in present))
    return ExportTable(preview["columns"], preview["rows"], numeric, len(frame))


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_table(table: ExportTable) -> list[str]:
    lines = [
        "| " + " | ".join(_md_cell(c) for c in table.columns) + " |",
        "|" + "|".join("---:" if n else "---" for n in table.numeric) + "|",
    ]
    for record in table.rows:
        cells = (
            display_cell(v) if is_number(v) else neutralise_cell(display_cell(v)) for v in record
        )
        lines.append("| " + " | ".join(_md_cell(text) for text in cells) + " |")
    return lines


def _shown_rows(table: ExportTable) -> str:
    if table.total_rows <= len(table.rows):
        return f"{table.total_rows:,} rows"
    return f"the first {len(table.rows)} of {table.total_rows:,} rows"


def chart_path(row: Row) -> str:
    return f"charts/row-{row.rowid}.png"


def file_path(row: Row) -> str:
    folder = {"userinput": "uploads", "table": "tables", "chart": "charts"}.get(row.type, "results")
    if row.type == Row.Type.CHART and row.file:
        return chart_path(row)
    name = row_display_name(row)
    return str(PurePosixPath(folder, f"row-{row.rowid}-{name}"))


def export_markdown(export: ConversationExport, *, linked: bool = False) -> str:
    """The Markdown download; ``linked`` points at the files beside it in the ZIP."""
    conversation = export.conversation
    tables = export.tables()
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
        for row in export.rows_of(message):
            lines += [""]
            if row.type == Row.Type.CHART and row.file:
                if linked:
                    lines.append(
                        f"![Row {row.rowid}: {_md_cell(row.description)}]({chart_path(row)})"
                    )
                else:
                    lines.append(
                        f"*Chart, row {row.rowid}: {row.description}* "
                        "(the HTML and ZIP downloads hold the image)"
                    )
                continue
            table = tables.get(row.pk)
            lines.append(
                f"**Row {row.rowid} ({row.get_type_display().lower()}):** {row.description}"
            )
            if table is not None:
                where = f" Full table: `{file_path(row)}`." if linked else ""
                lines += ["", *_markdown_table(table), "", f"*{_shown_rows(table)}.{where}*"]
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


def _chart_data_uri(row: Row) -> str | None:
    try:
        png = row_read_bytes(row)
    except OSError:
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def export_html(export: ConversationExport, *, linked: bool = False) -> str:
    """One page that opens anywhere: answers as sanitised HTML, charts inside, tables drawn.

    ``linked``: the charts point at the PNGs beside it in the ZIP instead.
    """
    tables = export.tables()
    items = []
    for message in export.messages:
        results = []
        for row in export.rows_of(message):
            result: dict[str, Any] = {"row": row, "path": file_path(row)}
            if row.type == Row.Type.CHART and row.file:
                result["image"] = chart_path(row) if linked else _chart_data_uri(row)
            table = tables.get(row.pk)
            if table is not None:
                result["table"] = {
                    "columns": list(zip(table.columns, table.numeric, strict=True)),
                    "rows": [
                        [(display_cell(v), n) for v, n in zip(r, table.numeric, strict=True)]
                        for r in table.rows
                    ],
                    "shown": _shown_rows(table),
                }
            results.append(result)
        items.append(
            {
                "message": message,
                "html": render_markdown(message.content) if message.role == "assistant" else "",
                "when": _when(message.created_at),
                "results": results,
            }
        )
    return render_to_string(
        "chat/export.html",
        {
            "export": export,
            "conversation": export.conversation,
            "items": items,
            "linked": linked,
            "running": [(row, _zip_path(row)) for row in export.rows],
            "started": _when(export.conversation.created_at),
            "exported": _when(export.exported_at),
        },
    )


def export_zip(export: ConversationExport, *, out: IO[bytes] | None = None) -> bytes | None:
    """``<title>.md`` and ``<title>.html`` with every stored file beside them.

    Charts under ``charts/``, tool tables under ``tables/`` (whole CSVs),
    uploads under ``uploads/``, results' data under ``results/``. Written to
    ``out`` (the view's spooled temporary file: uploads can be large), else
    returned as bytes.
    """
    buffer = out if out is not None else io.BytesIO()
    stem = export_filename(conversation=export.conversation, format="zip")[: -len(".zip")]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.md", export_markdown(export, linked=True))
        archive.writestr(f"{stem}.html", export_html(export, linked=True))
        for row in export.rows:
            path = _zip_path(row)
            if path is None:
                continue
            if row.file:
                try:
                    archive.writestr(path, row_read_bytes(row))
                except OSError:
                    continue  # a file gone from storage: the rest still downloads
            else:
                archive.writestr(path, json.dumps(row.data, indent=2, ensure_ascii=False))
    return None if out is not None else buffer.getvalue()


def _zip_path(row: Row) -> str | None:
    """Where the ZIP holds ``row``'s file or data, or None when it has neither."""
    if row.file:
        return file_path(row)
    if row.data not in (None, {}, []):
        return f"results/row-{row.rowid}.json"
    return None
