"""Short lines that tell a person what a running-table row holds.

``production_monthly.csv · 4 wells · 2020-01 to 2024-12``: the file's name,
how many wells (or rows) and the dates it covers. The pages show these;
the contract's ``description`` of a row is never changed for them.
"""

from __future__ import annotations

import re

import pandas as pd

from files.tables import TableReadError, is_table_name, read_stored_table

SUMMARY_MAX = 300
SEPARATOR = " · "
_WELL_NAMES = re.compile(r"^(well|well ?name|well ?id|lease|api|api ?\d*|uwi|completion)$")
_DATE_NAMES = re.compile(r"\b(date|month|period|day|time|prod(uction)? ?date)\b")
_YEAR_NAME = re.compile(r"\byear\b")


def _words(name: object) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(name).lower().replace("_", " ")))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def well_column(frame: pd.DataFrame) -> str | None:
    """The column naming the well of each row (``well_name``, ``API``, ``UWI``...), if any."""
    for column in frame.columns:
        if _WELL_NAMES.match(_words(column)) and not pd.api.types.is_float_dtype(frame[column]):
            return column
    return None


def _as_dates(series: pd.Series) -> pd.Series | None:
    """The column as dates when at least four in five of its values are dates, else None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    elif pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    else:
        parsed = pd.to_datetime(series.astype("string"), errors="coerce", format="mixed")
    present = series.notna().sum()
    if present == 0 or parsed.notna().sum() < 0.8 * present:
        return None
    return parsed.dropna()


def date_span(frame: pd.DataFrame) -> str | None:
    """``2020-01 to 2024-12`` (months), ``2024-01-03 to 2024-02-10`` (days) or ``2022 to 2024``."""
    named = [c for c in frame.columns if _DATE_NAMES.search(_words(c))]
    others = [c for c in frame.columns if c not in named]
    for column in [*named, *others]:
        dates = _as_dates(frame[column])
        if dates is None or dates.empty:
            continue
        first, last = dates.min(), dates.max()
        monthly = bool((dates.dt.day == 1).all())
        shown = "%Y-%m" if monthly else "%Y-%m-%d"
        start, end = first.strftime(shown), last.strftime(shown)
        return start if start == end else f"{start} to {end}"
    for column in frame.columns:
        if _YEAR_NAME.search(_words(column)) and pd.api.types.is_integer_dtype(frame[column]):
            years = frame[column].dropna()
            if not years.empty and years.between(1800, 2200).all():
                start, end = int(years.min()), int(years.max())
                return str(start) if start == end else f"{start} to {end}"
    return None


def table_summary(name: str, frame: pd.DataFrame) -> str:
    """The line for a table called ``name``: wells (or rows) and the dates it covers."""
    parts = [name]
    well = well_column(frame)
    if well is not None:
        parts.append(_plural(int(frame[well].dropna().nunique()), "well"))
    parts.append(_plural(len(frame), "row"))
    span = date_span(frame)
    if span:
        parts.append(span)
    return SEPARATOR.join(parts)[:SUMMARY_MAX]


def stored_file_summary(*, storage_name: str, display_name: str) -> tuple[str, bool]:
    """(the line for a stored upload, whether the tools can read it as a table).

    Reads the whole table with the bounded reader (``files.tables``); a file
    that is no table, or one that cannot be read, says so.
    """
    if not is_table_name(display_name):
        return f"{display_name}{SEPARATOR}not a table the tools can read", False
    try:
        frame = read_stored_table(storage_name, display_name)
    except (TableReadError, OSError):
        return f"{display_name}{SEPARATOR}could not be read as a table", False
    if frame.empty:
        return f"{display_name}{SEPARATOR}a table with no data rows", True
    return table_summary(display_name, frame), True
