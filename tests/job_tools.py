"""A fan-out tool for the job engine's process tests, and where it left its marks.

``count_squares`` is shaped like a basin fit: one slow, pure step per item
(``square_slowly``, which marks each item it starts with its process id, so
a test sees which processes computed what, and how often), then one step
that writes a table row (``squares_table``). Only processes that import
this module know the tool: ``tests/serve.py`` starts servers and workers
with it; the test suite's own process never registers it.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pandas as pd

from agents.jobs import ItemFailed, fan_out
from agents.tools.registry import ToolError, tool

NAME = "count_squares"


def square_slowly(item, *, seconds: float, marks: str | None):
    if marks:
        Path(marks, f"{item['x']}.{os.getpid()}.{uuid.uuid4().hex[:6]}").touch()
    time.sleep(seconds)
    if item["x"] < 0:
        raise ToolError(f"{item['x']} is negative")
    return {"x": item["x"], "square": item["x"] ** 2, "pid": os.getpid()}


def squares_table(ctx, results, *, n: int, chatter: int = 0):
    for line in range(chatter):
        ctx.log(f"Checked square {line + 1} of {chatter}.")
    good = [r for r in results if not isinstance(r, ItemFailed)]
    frame = pd.DataFrame(good, columns=["x", "square", "pid"])
    row = ctx.add_row(
        type="table",
        description=f"Squares of {n} numbers",
        file_name="squares.csv",
        content=frame.to_csv(index=False).encode(),
    )
    return {
        "summary": f"The squares of {n} numbers add up to {int(frame['square'].sum())}.",
        "sum": int(frame["square"].sum()),
        "failed": [r.message for r in results if isinstance(r, ItemFailed)],
        "rowid": row.rowid,
        "pids": sorted({int(p) for p in frame["pid"]}),
        "tool_pid": os.getpid(),
    }


@tool(
    name=NAME,
    description="Squares the numbers 0..n-1 on the workers and writes them as a table.",
    parameters={
        "type": "object",
        "properties": {
            "n": {"type": "integer", "minimum": 0},
            "seconds": {"type": "number", "minimum": 0},
            "chunk_size": {"type": "integer", "minimum": 1},
            "marks": {"type": "string"},
            "negative": {"type": "integer"},
            "chatter": {"type": "integer", "minimum": 0},
        },
        "required": ["n"],
        "additionalProperties": False,
    },
    group="tests",
)
def count_squares(ctx, *, n, seconds=0.0, chunk_size=None, marks=None, negative=None, chatter=0):
    ctx.log(f"Squaring {n} numbers...")
    items = [{"x": i} for i in range(n)]
    if negative is not None:
        items[negative] = {"x": -1}
    return fan_out(
        each=square_slowly,
        items=items,
        shared={"seconds": seconds, "marks": marks},
        then=squares_table,
        state={"n": n, "chatter": chatter},
        progress="Squared {done:,} of {total:,} numbers.",
        chunk_size=chunk_size,
    )
