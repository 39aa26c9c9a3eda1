"""Formula injection (OWASP "CSV injection"): neutralise cells before the server writes them.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets when the
file is opened (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Every table
the server writes (tool CSVs, previews, exports) goes through here, so an
uploaded cell copied into them is shown as text: prefixed with a single
quote, as OWASP recommends. Plain numbers (``-5``, ``+3.2e4``) stay as
they are: they are no formula.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def neutralise_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are neutralised (numbers untouched)."""
    result = frame.copy()
    for column in result.columns:
        series = result[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        text = series.astype("string")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
        if risky.any():
            result[column] = series.where(~risky, series.map(neutralise_cell))
    result.columns = [neutralise_cell(str(c)) for c in result.columns]
    return result


def restore_cell(value: Any) -> Any:
    """The text ``neutralise_cell`` was given: its leading ``'`` taken off again."""
    if isinstance(value, str) and value.startswith("'") and neutralise_cell(value[1:]) != value[1:]:
        return value[1:]
    return value


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as it was before ``neutralise_frame``: for the server reading back its own tables.

    A tool's output is read again by other tools (a report of an inventory, a
    chart of a forecast); they must see the values, not the spreadsheet guard.
    """
    result = frame.copy()
    for column in result.columns:
        series = result[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        guarded = series.astype("string").str.startswith("'").fillna(False)
        if guarded.any():
            result[column] = series.where(~guarded, series.map(restore_cell))
    result.columns = [restore_cell(str(c)) for c in result.columns]
    return result
