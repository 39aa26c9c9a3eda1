"""The conversation's tables as SQL sees them: their names, their columns, their types.

Every row of the running table that holds a readable table (an upload, or a
table a tool wrote) is a SQL table of the conversation, under two names:

- its file's name made an identifier: ``production_monthly.csv`` ->
  ``production_monthly``, ``Well Headers (2024).xlsx`` ->
  ``well_headers_2024``; when two rows' files give the same name, the
  earlier row keeps it and the later one gets its rowid after it
  (``production_monthly_7``), so a name never moves to another table;
- ``row_<rowid>`` (``row_3``), always.

Columns keep the names the analyst sees (``"Oil (bbl)"``, quoted in SQL);
only a name that differs from an earlier one by case alone is renamed
(``oil_bbl`` after ``OIL_BBL`` becomes ``oil_bbl_2``), since SQL names are
not case-sensitive. A text column whose every value is a date becomes a
``DATE`` (or ``TIMESTAMP`` when it has times), so ``year(date)`` and
``date_trunc('month', date)`` work; everything else keeps its type.

The data itself is read by ``files.tables`` (the one reader of uploads, with
its size bounds and gz/zip/Parquet/Excel support, local or S3) and handed to
DuckDB as Arrow: DuckDB never opens a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd
import pyarrow as pa

from agents.tools.common import parse_dates
from agents.tools.sql_engine import identifier, reserved_words
from files.tables import is_table_name

_ROW_ALIAS = re.compile(r"^row_\d+$")


@dataclass(frozen=True)
class SqlTable:
    """One table of the conversation: its SQL name, its alias and the row holding it."""

    name: str
    alias: str
    rowid: int
    file_name: str
    row: Any

    @property
    def names(self) -> tuple[str, str]:
        return (self.name, self.alias)


@dataclass(frozen=True)
class SqlColumn:
    name: str  # as in the file
    sql_name: str  # as the SQL table has it
    sql_type: str  # DATE, BIGINT, DOUBLE, VARCHAR, BOOLEAN, TIMESTAMP

    @property
    def ref(self) -> str:
        """How a query writes it: ``well_name``, ``"Oil (bbl)"``."""
        return identifier(self.sql_name)


def file_name_of(row: Any) -> str:
    return row.original_name or (PurePath(row.file.name).name if row.file else "")


def table_rows(conversation: Any) -> list[Any]:
    """The conversation's rows holding a table, oldest first."""
    rows = conversation.rows.exclude(file="").exclude(readable=False).order_by("rowid")
    return [r for r in rows if r.type != "chart" and is_table_name(file_name_of(r))]


def name_for_file(file_name: str) -> str:
    """An identifier from a file's name: lower case, words joined by ``_``."""
    stem = PurePath(file_name).name
    for suffix in reversed(PurePath(stem).suffixes):
        if re.fullmatch(r"\.[A-Za-z][A-Za-z0-9]{0,7}", suffix):
            stem = stem[: -len(suffix)]
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "table"
    if slug[0].isdigit():
        slug = f"t_{slug}"
    if slug in reserved_words() or _ROW_ALIAS.match(slug) or slug in {"api10", "well_key"}:
        slug = f"{slug}_table"
    return slug[:60].rstrip("_")


def catalogue(conversation: Any) -> list[SqlTable]:
    """Every table of the conversation with its SQL names (see the module docstring)."""
    out: list[SqlTable] = []
    taken: set[str] = set()
    for row in table_rows(conversation):
        file_name = file_name_of(row)
        name = name_for_file(file_name)
        if name in taken:
            name = f"{name}_{row.rowid}"
        taken.add(name)
        out.append(SqlTable(name, f"row_{row.rowid}", row.rowid, file_name, row))
    return out


def lookup(tables: list[SqlTable]) -> dict[str, SqlTable]:
    """SQL name (lower case) and alias -> table."""
    found: dict[str, SqlTable] = {}
    for table in tables:
        found.setdefault(table.alias, table)
        found.setdefault(table.name.lower(), table)
    return found


def sql_column_names(names: list[str]) -> list[str]:
    """The names as the SQL table has them: a name equal to an earlier one but for case
    gets ``_2``, ``_3``..."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def _date_column(series: pd.Series) -> pd.Series | None:
    """The column as dates when every value present is one (text columns only)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return pd.to_datetime(series)
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    present = series.dropna()
    if present.empty:
        return None
    text = present.astype(str)
    # Dates are written with separators ("2023-01-01", "1/31/2023", "Jan 2023"), never as
    # bare words or codes like "42-301-34567" (which does not parse anyway).
    if not text.str.contains(r"\d").all():
        return None
    parsed = parse_dates(present)
    if parsed.isna().any():
        return None
    return parse_dates(series)


def arrow_table(frame: pd.DataFrame) -> tuple[pa.Table, list[SqlColumn]]:
    """``frame`` as the Arrow table a query reads, and its columns (see the docstring)."""
    names = [str(c) for c in frame.columns]
    sql_names = sql_column_names(names)
    arrays: list[pa.Array] = []
    columns: list[SqlColumn] = []
    for position, (name, sql_name) in enumerate(zip(names, sql_names, strict=True)):
        series = frame.iloc[:, position]
        dates = _date_column(series)
        if dates is not None:
            dates = dates.dt.tz_localize(None) if dates.dt.tz is not None else dates
            timed = bool((dates.dropna() != dates.dropna().dt.normalize()).any())
            if timed:
                array = pa.array(dates, type=pa.timestamp("us"), from_pandas=True)
            else:
                array = pa.array(dates.dt.date, type=pa.date32(), from_pandas=True)
        elif pd.api.types.is_bool_dtype(series):
            array = pa.array(series, type=pa.bool_(), from_pandas=True)
        elif pd.api.types.is_integer_dtype(series):
            array = pa.array(series, type=pa.int64(), from_pandas=True)
        elif pd.api.types.is_numeric_dtype(series):
            array = pa.array(series.astype(float), type=pa.float64(), from_pandas=True)
        else:
            text = series.astype(object).where(series.notna(), None)
            array = pa.array([None if v is None else str(v) for v in text], type=pa.string())
        arrays.append(array)
        columns.append(SqlColumn(name, sql_name, sql_type_name(array.type)))
    return pa.Table.from_arrays(arrays, names=sql_names), columns


def sql_type_name(kind: pa.DataType) -> str:
    """The SQL type an Arrow type reads as (DATE, TIMESTAMP, BOOLEAN, BIGINT, DOUBLE, VARCHAR)."""
    if pa.types.is_date(kind):
        return "DATE"
    if pa.types.is_timestamp(kind):
        return "TIMESTAMP"
    if pa.types.is_boolean(kind):
        return "BOOLEAN"
    if pa.types.is_integer(kind):
        return "BIGINT"
    if pa.types.is_floating(kind):
        return "DOUBLE"
    return "VARCHAR"


__all__ = [
    "SqlColumn",
    "SqlTable",
    "arrow_table",
    "catalogue",
    "file_name_of",
    "lookup",
    "name_for_file",
    "sql_column_names",
    "sql_type_name",
    "table_rows",
]
