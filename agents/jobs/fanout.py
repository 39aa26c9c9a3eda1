"""A tool's large loop, as items for workers and a function that finishes the result.

See ``agents.jobs`` for the interface. This module holds the pieces every
executor shares: the ``FanOut`` description, how items are cut into chunks,
how one chunk is computed, and ``resolve_inline`` (everything in the calling
process: direct calls, tests, and jobs small enough to need no spreading).
"""

from __future__ import annotations

import dataclasses
import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from agents.jobs import codec
from agents.jobs.codec import ItemFailed
from agents.tools.errors import ToolError

if TYPE_CHECKING:
    from agents.tools.registry import ToolContext

# A fan-out is cut into about this many chunks (fewer when it has fewer
# items): enough for two workers to share the load evenly and for progress
# to move in steps of a few percent, few enough that each chunk's message
# and result are worth their trip.
TARGET_CHUNKS = 32
MAX_CHUNK_ITEMS = 1000

DEFAULT_PROGRESS = "Done {done:,} of {total:,}."


class JobCancelled(Exception):
    """The answer was stopped while its job ran."""


def function_name(func: Callable[..., Any]) -> str:
    """``module:qualname`` of a module-level function, which a worker process can import."""
    module = getattr(func, "__module__", None)
    qualname = getattr(func, "__qualname__", "")
    if not module or not qualname or "<" in qualname or module == "__main__":
        raise ValueError(
            f"{func!r} must be a function defined at the top level of an importable module: "
            "a worker process finds it by its module and name"
        )
    if function_at(f"{module}:{qualname}") is not func:
        raise ValueError(f"{module}:{qualname} does not name {func!r}")
    return f"{module}:{qualname}"


def function_at(name: str) -> Callable[..., Any]:
    module_name, _, qualname = name.partition(":")
    target: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


@dataclass(frozen=True)
class FanOut:
    """What ``fan_out`` returns: the engine runs it (see ``agents.jobs``)."""

    each: str
    items: list[Any]
    then: str
    shared: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    progress: str = DEFAULT_PROGRESS
    chunk_size: int | None = None

    @property
    def total(self) -> int:
        return len(self.items)

    def chunks(self) -> list[tuple[int, int]]:
        """``(start, stop)`` of each chunk of ``items``, in order."""
        return chunk_bounds(self.total, self.chunk_size)

    def progress_line(self, done: int, total: int | None = None) -> str:
        return self.progress.format(done=done, total=self.total if total is None else total)


def fan_out(
    *,
    each: Callable[..., Any],
    items: list[Any],
    then: Callable[..., Any],
    shared: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
    progress: str = DEFAULT_PROGRESS,
    chunk_size: int | None = None,
) -> FanOut:
    """Describe a loop for the job engine; a tool returns this instead of looping itself.

    The engine calls ``each(item, **shared)`` for every item (in chunks, on
    as many worker processes as there are), then ``then(ctx, results,
    **state)`` once with the results in the items' order; what ``then``
    returns is the tool's result (a dict, or another ``fan_out``).
    """
    if not isinstance(items, list):
        raise TypeError("fan_out items must be a list")
    if chunk_size is not None and chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    # Checked now, in the tool, not on a worker minutes later.
    progress.format(done=0, total=len(items))
    return FanOut(
        each=function_name(each),
        items=items,
        then=function_name(then),
        shared=dict(shared or {}),
        state=dict(state or {}),
        progress=progress,
        chunk_size=chunk_size,
    )


def chunk_bounds(total: int, chunk_size: int | None = None) -> list[tuple[int, int]]:
    if total <= 0:
        return []
    size = chunk_size or min(MAX_CHUNK_ITEMS, max(1, math.ceil(total / TARGET_CHUNKS)))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def run_chunk(
    each: str,
    items: list[Any],
    shared: dict[str, Any],
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Any]:
    """``each(item, **shared)`` for every item; a ``ToolError`` becomes ``ItemFailed``.

    Any other exception is a bug in ``each`` and fails the job. ``cancelled``
    is asked between items; once it is true the chunk ends with
    ``JobCancelled``.
    """
    func = function_at(each)
    results: list[Any] = []
    for item in items:
        if cancelled():
            raise JobCancelled
        try:
            results.append(func(item, **shared))
        except ToolError as exc:
            results.append(ItemFailed(str(exc)))
    return results


def run_then(ctx: ToolContext, plan: FanOut, results: list[Any]) -> Any:
    return function_at(plan.then)(ctx, results, **plan.state)


def carried(value: Any) -> Any:
    """``value`` as a worker would receive it (through the codec): the same in every mode."""
    return codec.loads(codec.dumps(value))


def resolve_inline(ctx: ToolContext, result: Any) -> Any:
    """Finish ``result`` in this process: every chunk of a ``FanOut``, then its ``then``.

    Items, shared arguments, results and state go through the codec as they
    would to a worker, so what works here works on the workers. Progress is
    reported after each chunk; a stop ends the loop between chunks.
    """
    while isinstance(result, FanOut):
        plan = result
        shared = carried(plan.shared)
        results: list[Any] = []
        for start, stop in plan.chunks():
            if ctx.cancelled():
                raise JobCancelled
            chunk = run_chunk(
                plan.each, carried(plan.items[start:stop]), shared, cancelled=ctx.cancelled
            )
            results.extend(carried(chunk))
            ctx.progress(stop, plan.total, plan.progress_line(stop))
        result = run_then(ctx, dataclasses.replace(plan, state=carried(plan.state)), results)
    return result
