"""The tool registry: every domain tool an agent may call.

A tool is a plain, synchronous Python function registered with a name, a
description and a JSON Schema for its keyword arguments. It receives a
``ToolContext`` first and returns a JSON-serialisable ``dict`` (always with a
``"summary"`` string a person can read). The agent runner runs each call
as a job (``agents.jobs``: a process pool or Celery workers); the openai
backend offers the tools to the model as functions, the builtin backend
calls them through ``ToolContext.call``.

A tool with a large loop (one fit per well of a basin) returns
``agents.jobs.fan_out(...)`` instead of looping: the engine spreads the
items over worker processes and hands the results to the tool's ``then``.

A tool that cannot do its job with what it was given raises ``ToolError``
with a message for a person ("Row 3 has no date column; ..."): the runner
hands that message back to the model, or the builtin agent says it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agents.jobs.fanout import resolve_inline
from agents.tools.errors import ToolError

__all__ = ["Tool", "ToolContext", "ToolError", "all_tools", "get_tool", "tool", "tools_named"]

if TYPE_CHECKING:
    from chat.models import Conversation
    from files.models import Row


def _no_log(line: str) -> None:
    pass


def _no_progress(done: int, total: int, line: str) -> None:
    pass


def _never() -> bool:
    return False


@dataclass
class ToolContext:
    """What a tool may touch: whose data, and how to report progress.

    ``log(line)`` publishes a ``log`` event; ``progress(done, total, line)``
    one with ``"progress": {"done", "total"}``. ``add_row(...)`` writes a
    running-table row (see ``files.services.row_add`` for its keyword
    arguments: ``type``, ``description``, ``data``, ``file_name``,
    ``content``) and publishes an ``artifact`` event; it returns the row.
    ``cancelled()`` is true once the answer was stopped: a long loop may
    check it and end early (the job engine checks it between chunks).

    The same context works in the web process and in a job's worker
    process (``agents.jobs`` builds it there from the job's description).
    ``call(tool, **arguments)`` runs another tool from code that is not
    itself a tool (the builtin agent): in the web process the runner makes
    that a job (``runs_tools``); anywhere else it runs here.
    """

    user: Any
    conversation: Conversation
    log: Callable[[str], None] = field(default=_no_log)
    add_row: Callable[..., Row] | None = None
    progress: Callable[[int, int, str], None] = field(default=_no_progress)
    cancelled: Callable[[], bool] = field(default=_never)
    runs_tools: Callable[[Tool, dict[str, Any]], dict[str, Any]] | None = None

    def call(self, tool: Tool, **arguments: Any) -> dict[str, Any]:
        """``tool``'s result for ``arguments``: as a job where the runner says so, else here."""
        if self.runs_tools is not None:
            return self.runs_tools(tool, arguments)
        return tool(self, **arguments)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]
    group: str
    func: Callable[..., dict[str, Any]]

    def __call__(self, ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
        """The tool's result, computed here (a fan-out runs its chunks in this process)."""
        return resolve_inline(ctx, self.func(ctx, **arguments))

    def openai_schema(self) -> dict[str, Any]:
        """The tool as an OpenAI ``tools`` entry (function calling)."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }


_REGISTRY: dict[str, Tool] = {}


def tool(
    *, name: str, description: str, parameters: dict[str, Any], group: str
) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    """Register the decorated function as a tool named ``name``.

    The registry keeps the function as written (``Tool.func``: the job engine
    runs it, and a ``fan_out`` it returns, on workers); the name it is
    defined under becomes a function that always returns the finished result,
    computing a fan-out in the calling process, so a direct call (a test, a
    script) reads as before.
    """

    def register(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        if name in _REGISTRY:
            raise ValueError(f"tool {name!r} is registered twice")
        _REGISTRY[name] = Tool(
            name=name, description=description, parameters=parameters, group=group, func=func
        )

        @functools.wraps(func)
        def finished(ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
            return resolve_inline(ctx, func(ctx, **arguments))

        return finished

    return register


def all_tools() -> dict[str, Tool]:
    from agents.tools import load_all

    load_all()
    return dict(_REGISTRY)


def get_tool(name: str) -> Tool | None:
    return all_tools().get(name)


def tools_named(names: list[str]) -> list[Tool]:
    """The registered tools among ``names``, in that order; unknown names are skipped."""
    registry = all_tools()
    return [registry[n] for n in names if n in registry]


def tool_choices() -> list[tuple[str, str]]:
    """(name, "group: name") pairs, for the admin's checkboxes."""
    return sorted(
        ((t.name, f"{t.group}: {t.name}") for t in all_tools().values()), key=lambda c: c[1]
    )
