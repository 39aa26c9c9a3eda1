"""How job payloads travel: JSON, plus numpy arrays, dates and item failures.

Every mode uses this one codec (in-process, the local pool's spill files,
Celery's messages and results), so a payload that works in the tests works
on the workers: what cannot be encoded fails at once, in every mode, with a
message that says what was found. JSON, not pickle: nothing read from the
broker can run code in a worker.

Encoded as they are: ``dict`` (string keys), ``list``, ``str``, ``int``,
``float`` (NaN and infinities too), ``bool``, ``None``; dict keys become
strings, as in any JSON (the same in every mode). Tagged and decoded
back to their type: numpy arrays (numeric, boolean, datetime64; any shape),
``datetime.datetime``, ``datetime.date``, pandas ``Timestamp`` (as
``datetime``), ``ItemFailed``. Turned into their plain value: numpy scalars
(to ``int``/``float``/``bool``), tuples (to lists).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

TAG = "__job__"


@dataclass(frozen=True)
class ItemFailed:
    """An item ``each`` could not handle; ``message`` (from its ``ToolError``) says why."""

    message: str


class PayloadError(TypeError):
    """A payload holds something the codec does not carry."""


def _default(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            unit = np.datetime_data(value.dtype)[0]
            return {
                TAG: "datetime64",
                "unit": unit,
                "shape": list(value.shape),
                "data": value.astype("int64").ravel().tolist(),
            }
        if value.dtype.kind not in "biuf":
            raise PayloadError(f"a numpy array of dtype {value.dtype} cannot be sent to a job")
        return {
            TAG: "ndarray",
            "dtype": value.dtype.str,
            "shape": list(value.shape),
            "data": value.ravel().tolist(),
        }
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, dt.datetime):  # pandas Timestamp is a datetime
        return {TAG: "datetime", "iso": value.isoformat()}
    if isinstance(value, dt.date):
        return {TAG: "date", "iso": value.isoformat()}
    if isinstance(value, ItemFailed):
        return {TAG: "failed", "message": value.message}
    raise PayloadError(
        f"a {type(value).__name__} cannot be sent to a job: use dicts, lists, strings, "
        "numbers, booleans, None, numpy arrays or dates"
    )


def _hook(obj: dict[str, Any]) -> Any:
    kind = obj.get(TAG)
    if kind is None:
        return obj
    if kind == "ndarray":
        return np.asarray(obj["data"], dtype=np.dtype(obj["dtype"])).reshape(obj["shape"])
    if kind == "datetime64":
        data = np.asarray(obj["data"], dtype="int64").reshape(obj["shape"])
        return data.astype(f"datetime64[{obj['unit']}]")
    if kind == "datetime":
        return dt.datetime.fromisoformat(obj["iso"])
    if kind == "date":
        return dt.date.fromisoformat(obj["iso"])
    if kind == "failed":
        return ItemFailed(obj["message"])
    return obj


def dumps(value: Any) -> str:
    """``value`` as the text a job receives; ``PayloadError`` if it cannot be carried."""
    try:
        return json.dumps(value, default=_default, separators=(",", ":"))
    except ValueError as exc:  # a circular reference
        raise PayloadError(str(exc)) from exc


def loads(text: str | bytes) -> Any:
    return json.loads(text, object_hook=_hook)
