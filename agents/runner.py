"""The agent runner: what an answer needs, handed to the configured backend.

Chat hands ``answer_generate`` the answer (``AnswerSink``), the
conversation's history and its running table's rows; the runner builds the
tools' context and calls the backend named by ``LLM_BACKEND``: ``openai``
(``agents.llm``) or ``builtin`` (``agents.builtin``). Backends stream
through the answer's ``chunk``/``event`` methods (see
``chat.streaming.Answer``). Nothing here imports ``chat``.

Tool calls are jobs (``agents.jobs``), never run in the web process's
threads: ``tool_call`` for the model's calls, and the tool context's
``call`` for the builtin agent's, which waits for the job from its thread.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

import jsonschema
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db import close_old_connections

from agents.jobs import engine
from agents.jobs.context import reporting_context
from agents.tools.registry import Tool, ToolContext, ToolError

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
    id: str
    control_channel: str | None
    stop_requested: bool

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


async def answer_generate(
    answer: AnswerSink, *, history: list[tuple[str, str]], table: list[TableRow]
) -> None:
    """Write ``answer`` with the configured backend; raises ``agents.errors.AnswerFailed``.

    ``history`` is the conversation's messages before this question, oldest
    first, as ``(role, content)``; ``table`` its running table's rows.
    """
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


async def title_make(answer: AnswerSink, *, answer_text: str, table: list[TableRow]) -> str:
    """A short title for the conversation after its first answer (``table``: its rows now)."""
    from agents.builtin.smalltalk import title_file_name

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
    """The web process's tool context: its logs and new rows reach every socket, in order.

    Outside ``TOOL_JOBS=inline`` its ``call`` runs a tool as a job and waits
    for it (the builtin agent calls tools from a thread of its own).
    """

    def run_as_job(tool: Tool, arguments: dict[str, Any]) -> dict[str, Any]:
        return async_to_sync(engine.run_tool)(answer, tool, arguments)

    return reporting_context(
        user=answer.user,
        conversation=answer.conversation,
        emit=answer.event_threadsafe,
        cancelled=lambda: answer.stop_requested,
        runs_tools=None if settings.TOOL_JOBS == "inline" else run_as_job,
    )


async def tool_call(
    answer: AnswerSink, turn: Turn, tool: Tool | None, name: str, raw_arguments: str
) -> dict[str, Any]:
    """A tool call the model asked for, run as a job; a failure is ``{"error": ...}`` for it.

    Raises ``JobUnavailable`` (no worker: the answer cannot go on) and
    ``JobCancelled`` (the answer was stopped).
    """
    arguments = tool_arguments(tool, name, raw_arguments)
    if "error" in arguments:
        return arguments["error"]
    try:
        result = await engine.run_tool(answer, tool, arguments["ok"], ctx=turn.ctx)
    except ToolError as exc:
        return {"error": str(exc)}
    except engine.JobFailed as exc:
        logger.warning("tool %s failed: %s", name, exc)
        return {"error": f"The tool failed: {exc}"}
    return result if isinstance(result, dict) else {"result": result}


def tool_arguments(tool: Tool | None, name: str, raw_arguments: str) -> dict[str, Any]:
    """``{"ok": arguments}`` checked against the tool's schema, or ``{"error": {...}}``."""
    if tool is None:
        return {"error": {"error": f"There is no tool named {name!r}."}}
    try:
        arguments = json.loads(raw_arguments or "{}")
    except ValueError:
        return {"error": {"error": "The arguments were not valid JSON."}}
    if not isinstance(arguments, dict):
        return {"error": {"error": "The arguments must be a JSON object."}}
    try:
        jsonschema.validate(arguments, tool.parameters)
    except jsonschema.ValidationError as exc:
        return {"error": {"error": f"Invalid arguments: {exc.message}"}}
    except jsonschema.SchemaError:
        logger.warning("tool %s has an invalid parameters schema", name)
    return {"ok": arguments}


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
