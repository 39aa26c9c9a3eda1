"""The tool registry: every domain tool an agent may call.

A tool is a plain, synchronous Python function registered with a name, a
description and a JSON Schema for its keyword arguments. It receives a
``ToolContext`` first and returns a JSON-serialisable ``dict`` (always with a
``"summary"`` string a person can read). The agent runner calls tools in a
worker thread; the openai backend offers them to the model as functions,
the builtin backend calls them directly.

A tool that cannot do its job with what it was given raises ``ToolError``
with a message for a person ("Row 3 has no date column; ..."): the runner
hands that message back to the model, or the builtin agent says it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chat.models import Conversation
    from files.models import Row


class ToolError(Exception):
    """The tool could not answer; the message says why, for a person."""


@dataclass
class ToolContext:
    """What a tool may touch: whose data, and how to report progress.

    ``log(line)`` publishes a ``log`` event. ``add_row(...)`` writes a
    running-table row (see ``files.services.row_add`` for its keyword
    arguments: ``type``, ``description``, ``data``, ``file_name``,
    ``content``) and publishes an ``artifact`` event; it returns the row.
    """

    user: Any
    conversation: Conversation
    log: Callable[[str], None] = field(default=lambda line: None)
    add_row: Callable[..., Row] | None = None


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]
    group: str
    func: Callable[..., dict[str, Any]]

    def __call__(self, ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
        return self.func(ctx, **arguments)

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
    """Register the decorated function as a tool named ``name``."""

    def register(func: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        if name in _REGISTRY:
            raise ValueError(f"tool {name!r} is registered twice")
        _REGISTRY[name] = Tool(
            name=name, description=description, parameters=parameters, group=group, func=func
        )
        return func

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
