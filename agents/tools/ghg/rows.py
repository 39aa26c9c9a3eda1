"""Running-table rows of the emissions tools, written once per distinct calculation.

A calculation is identified by a fingerprint of the tool and its resolved inputs (and
the stored file it read); asking the same thing again returns the row already in the
running table instead of adding a duplicate.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd

from agents.tools.common import frame_to_csv, jsonable
from agents.tools.registry import ToolContext


def fingerprint(tool: str, arguments: dict[str, Any]) -> str:
    text = json.dumps({"tool": tool, "arguments": jsonable(arguments)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def existing(ctx: ToolContext, print_: str):
    """The conversation's row holding this calculation, or None."""
    from files.models import Row

    if ctx.add_row is None or ctx.conversation is None:
        return None
    return (
        Row.objects.filter(conversation=ctx.conversation, data__fingerprint=print_)
        .order_by("rowid")
        .first()
    )


def add_once(
    ctx: ToolContext,
    *,
    print_: str,
    type: str,
    description: str,
    file_name: str,
    content: bytes | None = None,
    frame: pd.DataFrame | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[Any, bool]:
    """(row, reused): the row already holding ``print_``, else a new one (None without a table)."""
    if ctx.add_row is None:
        return None, False
    found = existing(ctx, print_)
    if found is not None:
        return found, True
    payload = content if content is not None else frame_to_csv(frame)
    row = ctx.add_row(
        type=type,
        description=description,
        data=jsonable({**(data or {}), "fingerprint": print_}),
        file_name=file_name,
        content=payload,
    )
    return row, False
