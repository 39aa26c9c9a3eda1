"""One answer being written: the intent, the tool calls made for it, the inputs it used.

Answer writers get a ``Work`` and:

- read the bound figures through ``work.params`` (reads are tracked: a figure
  read is taken as used unless ``work.skip(name, reason)`` says otherwise);
- call tools through ``work.call(name, **arguments)`` only: it goes through
  ``run_tool_call``, the one function every builtin tool call passes through,
  and keeps the result (its reported inputs feed the answer's Inputs block);
- record what they choose for the analyst with ``work.default(...)`` (an
  argument the builtin filled in), ``work.assume(...)`` and
  ``work.bind_span(...)`` (text they matched themselves, e.g. a well name
  found in the upload's well column);
- stop early with ``raise AskBack(text)`` (a question back, a refusal).

``work.inputs_block()`` is the compact Inputs / Assumptions / Conventions /
Not used block the dispatcher puts at the top of the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agents.builtin.binding import Found, binding
from agents.builtin.intent import Intent
from agents.models import Agent
from agents.tools.common import normalise as column_words
from agents.tools.inputs import Input, format_value, inputs_markdown, inputs_of, merge_inputs
from agents.tools.registry import ToolContext, get_tool
from files.tables import TableReadError, is_table_name, read_stored_table


class AskBack(Exception):
    """Raised inside a writer to answer early (a question back, a refusal)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def run_tool_call(ctx: ToolContext, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Call tool ``name`` with the arguments its schema knows (None values left out).

    The one function every tool call of the builtin agent goes through: the
    context runs it as a job (``ToolContext.call``: on the pool or a Celery
    worker, waiting here for its result) or, outside the server, here.
    """
    found = get_tool(name)
    if found is None:
        raise AskBack(f"The `{name}` tool is not installed on this server.")
    known = set((found.parameters or {}).get("properties", {}))
    args = {k: v for k, v in arguments.items() if v is not None and (not known or k in known)}
    return ctx.call(found, **args)


class TrackedParams(dict):
    """The intent's parameters, remembering which ones the writer read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


@dataclass
class ToolCall:
    name: str
    arguments: dict[str, Any]
    result: dict[str, Any]


class Work:
    """The state of one answer (see the module docstring)."""

    def __init__(self, intent: Intent, *, agent: Any, ctx: ToolContext) -> None:
        self.intent = intent
        self.agent = agent
        self.ctx = ctx
        self.params = TrackedParams(intent.params)
        self.calls: list[ToolCall] = []
        self.defaults: dict[str, Input] = {}
        self.assumptions: list[str] = []
        self.skipped: dict[str, str] = {}
        # Stated inputs of a step the answer ran first (a stated curve before its
        # economics), read under that step's own kind.
        self.stated_extra: list[Input] = []

    # --- tools ---------------------------------------------------------------------

    def call(self, name: str, **arguments: Any) -> dict[str, Any]:
        result = run_tool_call(self.ctx, name, arguments)
        self.calls.append(ToolCall(name, arguments, result))
        return result

    # --- what the answer used ----------------------------------------------------------

    def default(self, name: str, value: Any, *, label: str, unit: str = "", why: str) -> Any:
        """An argument the builtin filled in because the question did not give it."""
        self.defaults[name] = Input(name, label, value, unit, "default", why)
        return value

    def assume(self, sentence: str) -> None:
        if sentence and sentence not in self.assumptions:
            self.assumptions.append(sentence)

    def skip(self, name: str, reason: str) -> None:
        """Parameter ``name`` was read but not used; ``reason`` says why."""
        self.skipped[name] = reason

    def bind_span(self, name: str, value: Any, span: tuple[int, int]) -> None:
        """The writer bound ``value`` from text it matched itself (at ``span``)."""
        self.intent.found[name] = Found(value, (span,))
        self.params[name] = value
        self.params.read.add(name)

    def used(self) -> set[str]:
        return {n for n in self.params.read if n in self.intent.found} - set(self.skipped)

    def not_used(self):
        return self.intent.not_used(used=self.used(), skipped=self.skipped)

    def stated_inputs(self) -> list[Input]:
        """The figures of the question (or an earlier one) the answer used, as inputs."""
        out: list[Input] = []
        for name in self.intent.found:
            if name not in self.used():
                continue
            b = binding(self.intent.kind, name)
            f = self.intent.found[name]
            if b is None or not b.figure or f.value in (None, [], {}):
                continue
            value, unit = b.shown(f.value)
            detail = self.quoted(f)
            out.append(Input(b.argument, b.label, value, unit, "stated", detail))
        return out + self.stated_extra

    def quoted(self, f: Found) -> str:
        """Where a figure came from, for the Inputs block: 'you wrote "800 BOPD"'."""
        if f.origin:
            return f"from {f.origin}"
        if f.stated:
            return f'you wrote "{f.stated}"'
        if not f.spans:
            return ""
        start = min(s for s, _e in f.spans)
        end = max(e for _s, e in f.spans)
        text = self.intent.text[start:end].strip()
        if len(text) > 80:
            text = text[:77].rstrip() + "..."
        return f'you wrote "{text}"'

    def shown_inputs(self) -> list[Input]:
        """Inputs for the answer: what the tools reported, corrected by what the builtin
        knows (an argument it defaulted is a default, not "stated"), plus the stated
        figures and defaults the tools did not report."""
        stated = {i.name: i for i in self.stated_inputs()}
        reported = merge_inputs(inputs_of(c.result) for c in self.calls)
        shown: list[Input] = []
        for item in reported:
            if item.name in self.defaults and item.source == "stated":
                item = self.defaults[item.name]
            elif (
                item.name in stated
                and item.source == "stated"
                # The tool cannot know a figure came from an earlier question; say so.
                and (not item.detail or stated[item.name].detail.startswith("from "))
            ):
                item = Input(
                    item.name, item.label, item.value, item.unit, "stated", stated[item.name].detail
                )
            shown.append(item)
        names = {i.name for i in shown}
        shown += [i for i in stated.values() if i.name not in names]
        shown += [i for n, i in self.defaults.items() if n not in names and n not in stated]
        return shown

    def m_readings(self) -> list[str]:
        """How each dollar amount written with a lone "M" was read: M is a million in
        general writing and a thousand in oilfield shorthand (Mcf, M$), so say which."""
        out = []
        for q in self.intent.quantities:
            written = re.fullmatch(r"-?\(?\$\s?([\d.,]+)\s?M\)?", q.raw.strip(), re.IGNORECASE)
            if written is None:
                continue
            figure = abs(q.value)
            stated = float(written.group(1).replace(",", "") or 0)
            if abs(figure - stated * 1e6) <= 1e-6 * figure:
                out.append(
                    f'"{q.raw.strip()}" is read as ${figure:,.0f} (M taken as a million; in '
                    "oilfield shorthand M can be a thousand: write $k or $MM to be exact)."
                )
            else:
                out.append(
                    f'"{q.raw.strip()}" is read as ${figure:,.0f} (M beside MM in the question is '
                    "a thousand, oilfield shorthand)."
                )
        return out

    def inputs_block(self) -> str:
        results = [c.result for c in self.calls]
        return inputs_markdown(
            results,
            inputs=self.shown_inputs(),
            extra_assumptions=self.assumptions + self.m_readings(),
            not_used=[n.sentence() for n in self.not_used()],
            heading="Inputs" if self.calls else "Read from your question",
        )

    # --- the running table ---------------------------------------------------------------

    def rows(self) -> list:
        """The conversation's rows, newest first."""
        return list(self.ctx.conversation.rows.order_by("-rowid"))

    def explicit_row(self, rowid: int | None):
        if rowid is None:
            return None
        rows = self.rows()
        for row in rows:
            if row.rowid == rowid:
                return row
        existing = ", ".join(str(r.rowid) for r in reversed(rows)) or "none yet"
        raise AskBack(f"This conversation has no row {rowid} (rows: {existing}).")

    def pick_upload(self, *, kind: str, hint: str):
        """The row a file question is about: the explicit "row N", else the newest fitting
        table. ``kind`` is "any", "production" or "emissions": the newest uploaded table
        whose columns look like that kind wins; failing that, the newest table."""
        explicit = self.explicit_row(self.params.get("row"))
        if explicit is not None:
            return explicit
        tables = [r for r in self.rows() if is_table(r)]
        uploads = [r for r in tables if r.type == "userinput"]
        if kind == "any":
            if uploads or tables:
                return (uploads or tables)[0]
            raise AskBack(
                "There is no uploaded table in this conversation yet. Upload a CSV or Excel "
                "file first, then ask again."
            )
        for row in uploads:
            words = column_names_text(columns(row))
            if (
                kind == "production"
                and _PRODUCTION_COLUMNS.search(words)
                and _DATE_COLUMNS.search(words)
            ):
                return row
            if kind == "emissions" and _EMISSIONS_COLUMNS.search(words):
                return row
        raise AskBack(hint)

    def newest_output(self, pattern: str):
        """The newest table row (a tool's output, not a chart) whose description matches."""
        rx = re.compile(pattern, re.IGNORECASE)
        for row in self.rows():
            if row.type not in {"userinput", "chart"} and rx.search(row.description or ""):
                return row
        return None


_PRODUCTION_COLUMNS = re.compile(
    r"\b(?:oil|gas|boe|bopd|bpd|mcf\w*|bbls?|rate|prod\w*|volume|condensate)\b"
)
_DATE_COLUMNS = re.compile(r"\b(?:date|month|period|day|time|year)\b")
_EMISSIONS_COLUMNS = re.compile(
    r"\b(?:source|activity|fuel|emission\w*|flar\w*|vent\w*|diesel|kwh|mwh|electric\w*|co2\w*|scope|category)\b"
)


def is_table(row) -> bool:
    return bool(row.file) and is_table_name(row.original_name or row.file.name)


def read_frame(row, *, nrows: int | None = None):
    """The table of a row (None when it cannot be read)."""
    try:
        return read_stored_table(row.file.name, row.original_name or row.file.name, nrows=nrows)
    except (OSError, TableReadError, ValueError):
        return None


def columns(row) -> list[str]:
    """The column names of a table row (empty when it cannot be read)."""
    frame = read_frame(row, nrows=5)
    return [] if frame is None else [str(c) for c in frame.columns]


def column_names_text(names: list[str]) -> str:
    return " | ".join(column_words(c) for c in names)


def file_name(row) -> str:
    """The name an answer gives a row's file: the uploaded name, else the description."""
    if row.original_name:
        return row.original_name
    return row.file.name.rsplit("/", 1)[-1] if row.file else (row.description or "")


def file_label(row) -> str:
    """How an answer names an uploaded or saved row: "`wells.csv` (row 3)"."""
    return f"`{file_name(row)}` (row {row.rowid})"


@dataclass(frozen=True)
class Writer:
    """The answer writer of one kind of question, and the tool it needs."""

    kind: str
    write: Callable[[Work], str]
    tool: Callable[[dict[str, Any]], str]
    job: str  # what the tool does, for "switch to the X Agent" answers


WRITERS: dict[str, Writer] = {}


def writer(
    kind: str, *, tool: str | Callable[[dict[str, Any]], str], job: str
) -> Callable[[Callable[[Work], str]], Callable[[Work], str]]:
    """Register the decorated ``write(work) -> Markdown`` as the answer to ``kind``.

    ``tool`` is the tool the agent must have (or a function of the intent's
    parameters giving it); ``job`` says what that tool does ("fits decline
    curves"). Registering a kind again replaces its writer.
    """

    def register(func: Callable[[Work], str]) -> Callable[[Work], str]:
        pick_tool = tool if callable(tool) else (lambda _params, name=tool: name)
        WRITERS[kind] = Writer(kind=kind, write=func, tool=pick_tool, job=job)
        return func

    return register


def switch_agent(tool_name: str, agent: Any, job: str) -> str:
    """The answer when this agent lacks ``tool_name``: which agent has it."""
    others = [
        a.label
        for a in Agent.objects.filter(is_active=True).order_by("position", "id")
        if tool_name in (a.tools or []) and a.pk != getattr(agent, "pk", None)
    ]
    if others:
        names = " or the ".join(others)
        return (
            f"The {names} {job}; I ({agent.label}) do not have that tool. "
            f"Switch to the {others[0]} in the agent picker and ask again."
        )
    return (
        f"None of the active agents {job}; ask an administrator to give one the `{tool_name}` tool."
    )


__all__ = [
    "AskBack",
    "Work",
    "column_names_text",
    "columns",
    "file_label",
    "file_name",
    "format_value",
    "is_table",
    "read_frame",
    "run_tool_call",
    "switch_agent",
    "writer",
]
