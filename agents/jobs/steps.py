"""The steps of a job, as every executor runs them, and how a step's end is told.

A job is: run the tool (``tool_step``); if it returned a ``FanOut``, compute
its chunks (``fanout.run_chunk``) and hand the results to its ``then``
(``then_step``), which may fan out again; the last step's end is the
job's outcome. Executors (the local pool, Celery tasks, the web process's
own threads) differ only in where each step runs and how payloads move.

An outcome is plain JSON, the same from every executor:
``{"result": dict}``, ``{"tool_error": message}`` (a ``ToolError``: for a
person), ``{"failed": "Type: message"}`` (a bug, logged where it happened)
or ``{"cancelled": true}``.
"""

from __future__ import annotations

import logging
from typing import Any

from agents.jobs.fanout import FanOut, JobCancelled, carried, function_at, resolve_inline
from agents.tools.errors import ToolError
from agents.tools.registry import ToolContext, get_tool

logger = logging.getLogger(__name__)

Outcome = dict[str, Any]


def tool_step(ctx: ToolContext, name: str, arguments: dict[str, Any]) -> FanOut | Outcome:
    """Run tool ``name`` as written: its ``FanOut`` for the executor, or its outcome."""
    tool = get_tool(name)
    if tool is None:
        return {"tool_error": f"There is no tool named {name!r}."}
    return _ended(name, lambda: tool.func(ctx, **arguments))


def then_step(ctx: ToolContext, plan: FanOut, results: list[Any]) -> FanOut | Outcome:
    """``plan.then(ctx, results, **state)``: another ``FanOut``, or the job's outcome."""
    return _ended(plan.then, lambda: function_at(plan.then)(ctx, results, **plan.state))


def _ended(what: str, call: Any) -> FanOut | Outcome:
    try:
        value = call()
    except ToolError as exc:
        return {"tool_error": str(exc)}
    except JobCancelled:
        return {"cancelled": True}
    except Exception as exc:
        logger.exception("job step %s failed", what)
        return failed(exc)
    if isinstance(value, FanOut):
        return value
    return result_outcome(value)


def result_outcome(value: Any) -> Outcome:
    """A tool's return value as an outcome, carried as it would be to the web process."""
    try:
        return {"result": carried(value if isinstance(value, dict) else {"result": value})}
    except Exception as exc:
        logger.exception("a tool returned what cannot be sent back")
        return failed(exc)


def failed(exc: BaseException) -> Outcome:
    return {"failed": f"{type(exc).__name__}: {exc}"}


def inline_outcome(ctx: ToolContext, tool: Any, arguments: dict[str, Any]) -> Outcome:
    """The whole tool call in this process (``TOOL_JOBS=inline``), ended as a worker ends it."""
    step = _ended(tool.name, lambda: resolve_inline(ctx, tool.func(ctx, **arguments)))
    assert not isinstance(step, FanOut)  # resolve_inline finished it
    return step
