"""The agent runner: what an answer needs, handed to the configured backend.

``answer_generate`` reads the conversation's history and running table,
builds the tools' context (whose ``log`` and ``add_row`` reach the sockets)
and calls the backend named by ``LLM_BACKEND``: ``openai`` (``agents.llm``)
or ``builtin`` (``agents.builtin``). Backends stream through the answer's
``chunk``/``event`` methods (see ``chat.streaming.Answer``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import close_old_connections

from agents.tools.registry import Tool, ToolContext, ToolError
from chat.models import Message
from files.models import Row
from files.services import row_add

logger = logging.getLogger(__name__)

TOOL_RESULT_MAX_CHARS = 20_000


class AnswerSink(Protocol):
    """What a backend writes to (``chat.streaming.Answer``)."""

    conversation: Any
    agent: Any
    user: Any
    question: str
    message_id: int | None
    question_message_id: int | None

    def chunk(self, text: str) -> None: ...
    def event(self, event: dict[str, Any]) -> None: ...
    def event_threadsafe(self, event: dict[str, Any]) -> None: ...
    def model_end(self) -> None: ...
    def add_usage(self, prompt_tokens: int, completion_tokens: int) -> None: ...


@dataclass(frozen=True)
class TableRow:
    rowid: int
    type: str
    description: str
    original_name: str


@dataclass(frozen=True)
class Turn:
    """Everything a backend reads besides the question."""

    history: list[tuple[str, str]]  # (role, content), oldest first, this question excluded
    table: list[TableRow]
    ctx: ToolContext


async def answer_generate(answer: AnswerSink) -> None:
    """Write ``answer`` with the configured backend; raises ``agents.llm.LLMError``."""
    history, table = await _history_and_table(answer)
    turn = Turn(history=history, table=table, ctx=tool_context(answer))
    if settings.LLM_BACKEND == "openai":
        from agents import llm

        await llm.stream_answer(answer, turn)
    else:
        from agents import builtin

        await builtin.stream_answer(answer, turn)


def preload() -> None:
    """Import now what the first answer would import: the tools and the backend.

    ``project/asgi.py`` calls it at startup, before it freezes the garbage
    collector's view of everything loaded (see there), so that these modules'
    objects are not walked by every full collection either.
    """
    from agents.tools.registry import all_tools

    all_tools()
    if settings.LLM_BACKEND == "openai":
        from agents import llm

        llm.preload()
    else:
        from agents import builtin  # noqa: F401


async def title_make(answer: AnswerSink, *, answer_text: str) -> str:
    """A short title for the conversation after its first answer."""
    from agents.builtin.smalltalk import title_file_name

    table = await _table(answer.conversation)
    # Name the file the question is about, when that is clear.
    about = title_file_name(answer.question, table=table, answer_text=answer_text)
    file_names = [about] if about else []
    if settings.LLM_BACKEND == "openai":
        from agents import llm

        title = await llm.title_make(answer.agent, answer.question, answer_text)
        if title:
            return title
    from agents.builtin.smalltalk import title_from_question

    return title_from_question(answer.question, file_names=file_names)


def tool_context(answer: AnswerSink) -> ToolContext:
    """The context tools run with: logs and new rows reach every socket, in order."""

    def log(line: str) -> None:
        answer.event_threadsafe({"event_type": "log", "content": str(line)})

    def add_row(**fields: Any) -> Row:
        row = row_add(conversation=answer.conversation, **fields)
        answer.event_threadsafe(
            {
                "event_type": "artifact",
                "content": row.description,
                "rowid": row.rowid,
                "type": row.type,
                "description": row.description,
            }
        )
        return row

    return ToolContext(user=answer.user, conversation=answer.conversation, log=log, add_row=add_row)


def in_worker_thread(func: Any) -> Any:
    """``func`` as a coroutine run in a pool thread, with fresh database connections.

    Not Django's one shared thread: a tool that computes for seconds must not
    hold up every other socket's database calls.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return sync_to_async(call, thread_sensitive=False)


def run_tool(tool: Tool | None, name: str, ctx: ToolContext, raw_arguments: str) -> dict[str, Any]:
    """Call a tool the model asked for; any failure becomes ``{"error": ...}`` for the model."""
    if tool is None:
        return {"error": f"There is no tool named {name!r}."}
    try:
        arguments = json.loads(raw_arguments or "{}")
    except ValueError:
        return {"error": "The arguments were not valid JSON."}
    if not isinstance(arguments, dict):
        return {"error": "The arguments must be a JSON object."}
    try:
        import jsonschema

        jsonschema.validate(arguments, tool.parameters)
    except jsonschema.ValidationError as exc:
        return {"error": f"Invalid arguments: {exc.message}"}
    except jsonschema.SchemaError:
        logger.warning("tool %s has an invalid parameters schema", name)
    try:
        result = tool(ctx, **arguments)
    except ToolError as exc:
        return {"error": str(exc)}
    except Exception as exc:
        logger.exception("tool %s failed", name)
        return {"error": f"The tool failed: {type(exc).__name__}: {exc}"}
    return result if isinstance(result, dict) else {"result": result}


def tool_result_text(result: dict[str, Any]) -> str:
    # What the tool used goes first, so a long result cut to size still says it.
    first = ("summary", "error", "inputs", "assumptions", "conventions")
    result = {k: result[k] for k in first if k in result} | {
        k: v for k, v in result.items() if k not in first
    }
    text = json.dumps(result, default=str, ensure_ascii=False)
    if len(text) > TOOL_RESULT_MAX_CHARS:
        text = text[:TOOL_RESULT_MAX_CHARS] + "... (cut)"
    return text


def history_within_budget(history: list[tuple[str, str]], budget: int) -> list[tuple[str, str]]:
    """The most recent messages whose text fits ``budget`` characters (oldest dropped first)."""
    kept: list[tuple[str, str]] = []
    used = 0
    for role, content in reversed(history):
        used += len(content)
        if used > budget:
            break
        kept.append((role, content))
    kept.reverse()
    return kept


def describe_table(table: list[TableRow], max_chars: int = 6000) -> str:
    """The running table as the model sees it: one line per row, the latest kept if long."""
    if not table:
        return "The conversation's running table is empty: no files or results yet."
    lines: list[str] = []
    used = 0
    for row in reversed(table):
        line = f"{row.rowid} | {row.type} | {row.description}"
        used += len(line) + 1
        if used > max_chars:
            lines.append("... (older rows left out)")
            break
        lines.append(line)
    lines.reverse()
    return (
        "The conversation's running table (rowid | type | description); refer to rows "
        "by rowid when calling tools:\n" + "\n".join(lines)
    )


@database_sync_to_async
def _history_and_table(answer: AnswerSink) -> tuple[list[tuple[str, str]], list[TableRow]]:
    skip = [i for i in (answer.message_id, answer.question_message_id) if i is not None]
    messages = (
        Message.objects.filter(conversation=answer.conversation)
        .exclude(pk__in=skip)
        .exclude(content="")
        .order_by("created_at", "id")
        .values_list("role", "content")
    )
    return [(role, content) for role, content in messages], _table_rows(answer.conversation)


@database_sync_to_async
def _table(conversation: Any) -> list[TableRow]:
    return _table_rows(conversation)


def _table_rows(conversation: Any) -> list[TableRow]:
    rows = (
        Row.objects.filter(conversation=conversation)
        .order_by("rowid")
        .values_list("rowid", "type", "description", "original_name")
    )
    return [TableRow(*r) for r in rows]
