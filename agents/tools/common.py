"""What the domain tools share: reading running-table rows, finding columns, writing tables.

Kept free of domain logic so each domain module reads as its calculation.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from agents.tools.registry import ToolContext, ToolError
from files.summaries import table_summary
from project.cells import neutralise_frame, restore_frame

# Six thousand cubic feet of gas count as one barrel of oil equivalent (energy basis).
MCF_PER_BOE = 6.0


def get_row(ctx: ToolContext, rowid: Any):
    """The conversation's row ``rowid``, or a ToolError that says which rows exist."""
    from files.models import Row

    try:
        number = int(rowid)
    except (TypeError, ValueError):
        raise ToolError(f"rowid must be a whole number, not {rowid!r}.") from None
    row = Row.objects.filter(conversation=ctx.conversation, rowid=number).first()
    if row is None:
        existing = list(
            Row.objects.filter(conversation=ctx.conversation).values_list("rowid", flat=True)
        )
        listing = ", ".join(map(str, existing)) if existing else "none yet"
        raise ToolError(
            f"This conversation has no row {number} (rows: {listing}). "
            "Upload the file first or name one of the existing rows."
        )
    return row


def read_row_frame(ctx: ToolContext, rowid: Any) -> tuple[Any, pd.DataFrame]:
    """(row, its table as a data frame). A row without a readable table is a ToolError."""
    from files.tables import TableReadError, read_stored_table

    row = get_row(ctx, rowid)
    if not row.file:
        raise ToolError(
            f"Row {row.rowid} ({row.description[:80]}) has no file: it is not a table I can read."
        )
    name = row.original_name or row.file.name
    try:
        frame = read_stored_table(row.file.name, name)
    except OSError as exc:
        raise ToolError(f"The file of row {row.rowid} cannot be opened: {exc}") from exc
    except TableReadError as exc:
        raise ToolError(f"Row {row.rowid} is not a table I can read: {exc}") from exc
    if frame.empty:
        raise ToolError(f"The table in row {row.rowid} has no data rows.")
    if row.type != "userinput":  # the server wrote it, guarded against formulas: undo that
        frame = restore_frame(frame)
    return row, frame


def normalise(name: str) -> str:
    """A column name reduced to lower-case words, for matching ("Oil (bbl)" -> "oil bbl")."""
    text = str(name).lower().replace("$", " usd ").replace("/", " per ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def find_column(
    frame: pd.DataFrame,
    *,
    wanted: str | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    what: str = "column",
) -> str | None:
    """The column named ``wanted`` (case-insensitive), or the first whose words match.

    ``include`` are patterns (regular expressions over the normalised name), tried in
    order, so the first pattern is the strongest hint.
    """
    if wanted:
        for column in frame.columns:
            if str(column).strip().lower() == wanted.strip().lower():
                return column
        names = ", ".join(map(str, frame.columns))
        raise ToolError(f"There is no {what} named {wanted!r}; the columns are: {names}.")
    excluded = [re.compile(p) for p in exclude]
    for pattern in include:
        regex = re.compile(pattern)
        for column in frame.columns:
            words = normalise(column)
            if regex.search(words) and not any(x.search(words) for x in excluded):
                return column
    return None


def find_date_column(frame: pd.DataFrame, wanted: str | None = None) -> str | None:
    """A column of dates: by name first, else the first text column that parses as dates."""
    column = find_column(
        frame,
        wanted=wanted,
        include=[r"\bdate\b", r"\bmonth\b", r"\bperiod\b", r"\bday\b", r"\btime\b", r"\byear\b"],
        what="date column",
    )
    if column is not None and parse_dates(frame[column]).notna().mean() >= 0.8:
        return column
    for candidate in frame.columns:
        series = frame[candidate]
        if pd.api.types.is_datetime64_any_dtype(series):
            return candidate
        if series.dtype == object and parse_dates(series).notna().mean() >= 0.8:
            return candidate
    return None


def parse_dates(series: pd.Series) -> pd.Series:
    """Dates from text or datetimes; what does not parse becomes NaT."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return pd.to_datetime(series).dt.tz_localize(None) if series.dt.tz else series
    if pd.api.types.is_numeric_dtype(series):
        # Bare numbers are not dates (a month index, a volume).
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    try:
        parsed = pd.to_datetime(series, errors="coerce", format="mixed")
    except (TypeError, ValueError):
        parsed = pd.to_datetime(series, errors="coerce")
    return parsed


def numeric(series: pd.Series) -> pd.Series:
    """Numbers from a column that may hold text like "1,234" or "$5.00"."""
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float)
    cleaned = series.astype(str).str.replace(r"[,$\s]", "", regex=True).replace({"": None})
    return pd.to_numeric(cleaned, errors="coerce")


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as the CSV a table row stores; text that a spreadsheet would run is neutralised.

    Numbers are written ``%.10g`` and dates ``%Y-%m-%d``, missing cells empty,
    text quoted where it must be: what pandas' ``to_csv(index=False,
    float_format="%.10g", date_format="%Y-%m-%d")`` writes, byte for byte.
    Frames of plain columns (floats, integers, booleans, dates, text) are
    written here a whole column at a time; pandas formats a float cell by
    cell through several Python calls, which made writing a basin's forecast
    (tens of millions of cells) the slowest step of a fit. Any other frame
    goes to pandas itself.
    """
    safe = neutralise_frame(frame)
    text = _plain_csv(safe)
    if text is None:
        buffer = io.StringIO()
        safe.to_csv(buffer, index=False, float_format="%.10g", date_format="%Y-%m-%d")
        text = buffer.getvalue()
    return text.encode("utf-8")


def _marks_the_csv_module_quotes() -> tuple[str, ...]:
    """The characters that make pandas' writer (the csv module) quote a cell."""
    marks = []
    for mark in (",", '"', "\n", "\r"):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=os.linesep).writerow([f"a{mark}"])
        if buffer.getvalue().startswith('"'):
            marks.append(mark)
    return tuple(marks)


_CSV_SPECIAL = _marks_the_csv_module_quotes()


def _csv_field(text: str) -> str:
    """One text cell as the csv module writes it (minimal quoting)."""
    if any(mark in text for mark in _CSV_SPECIAL):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_texts(values: list[str]) -> list[str]:
    joined = "".join(values)
    if not any(mark in joined for mark in _CSV_SPECIAL):
        return values
    return [_csv_field(value) for value in values]


def _csv_cells(column: pd.Series) -> list[str] | None:
    """A column's cells as CSV text; None for a column only pandas writes right."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype):
        values = column.to_numpy()
        if dtype.kind == "f":
            return _float_cells(values)
        if dtype.kind in "iu":
            return list(map(str, values.tolist()))
        if dtype.kind == "b":
            return np.where(values, "True", "False").tolist()
        if dtype.kind == "M":
            return column.dt.strftime("%Y-%m-%d").fillna("").tolist()
        if dtype.kind != "O":
            return None
    elif not isinstance(dtype, pd.StringDtype):
        return None
    missing = column.isna().to_numpy()
    values = column.to_numpy(dtype=object, na_value="")
    if not missing.all() and pd.api.types.infer_dtype(values[~missing], skipna=False) != "string":
        return None  # numbers, dates or objects in a text column: pandas formats them
    return _csv_texts(values.tolist())


def _float_cells(values: np.ndarray) -> list[str]:
    """Floats as ``%.10g`` (``%`` as pandas applies float_format), NaN as an empty cell.

    A column of few distinct values (days per month, a flat rate) has each
    value formatted once; missing cells are never formatted.
    """
    sample = values[:: max(1, len(values) // 4096)]
    negative_zero = bool(np.any(np.signbit(values) & (values == 0)))  # -0 is not 0 in text
    if not negative_zero and len(pd.unique(sample)) * 4 < len(sample):
        codes, distinct = pd.factorize(values)
        if len(distinct) * 4 < len(values):
            texts = ["%.10g" % value for value in distinct.tolist()]  # noqa: UP031
            return np.array([*texts, ""], dtype=object)[codes].tolist()  # code -1: NaN
    missing = np.isnan(values)
    if not missing.any():
        return ["%.10g" % value for value in values.tolist()]  # noqa: UP031
    cells = np.full(len(values), "", dtype=object)
    cells[~missing] = ["%.10g" % value for value in values[~missing].tolist()]  # noqa: UP031
    return cells.tolist()


def _plain_csv(frame: pd.DataFrame) -> str | None:
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        return None
    columns = []
    for index in range(frame.shape[1]):
        cells = _csv_cells(frame.iloc[:, index])
        if cells is None:
            return None
        columns.append(cells)
    header = _csv_texts([str(name) for name in frame.columns])
    if len(columns) == 1:
        # A row of one empty field is written as "" (else it would be a blank line).
        columns = [[cell or '""' for cell in columns[0]]]
        header = [cell or '""' for cell in header]
    lines = [",".join(header), *map(",".join, zip(*columns, strict=True))]
    return os.linesep.join(lines) + os.linesep


def add_table_row(
    ctx: ToolContext,
    *,
    frame: pd.DataFrame,
    description: str,
    file_name: str,
    data: dict[str, Any] | None = None,
):
    """Write ``frame`` as a CSV-backed ``table`` row; None when the context cannot write."""
    if ctx.add_row is None:
        return None
    return ctx.add_row(
        type="table",
        description=description,
        data=jsonable(data or {}),
        file_name=file_name,
        content=frame_to_csv(frame),
        summary=table_summary(file_name, frame),
        readable=True,
    )


def jsonable(value: Any) -> Any:
    """``value`` with numpy/pandas scalars turned into plain JSON (NaN and inf become None)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        return number if math.isfinite(number) else None
    if value is pd.NaT:
        return None
    return value


def fmt(value: float | None, digits: int = 0) -> str:
    """A number for a sentence: thousands separators, fixed decimals."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def money(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.0f}"


def percent(value: float | None, digits: int = 1) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{100 * value:.{digits}f}%"
