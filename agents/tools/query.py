"""``query_table``: read-only SQL over the conversation's own tables (DuckDB).

The model (or the builtin agent) sends one SELECT; the tool checks it, reads
only the tables it names from this conversation's running table (through
``files.tables``, the one reader of uploads, local or S3), runs it in a
locked-down in-process DuckDB with time, memory and row limits
(``agents.tools.sql_engine``), and writes the result as a new table row that
can be queried again or charted (``chart_row``). Table and column names are
those ``describe_table`` reports (``agents.tools.sql_tables``).

Limits come from the settings ``QUERY_TIMEOUT_SECONDS``,
``QUERY_MEMORY_LIMIT_MB`` and ``QUERY_MAX_ROWS``.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pyarrow as pa
from django.conf import settings

from agents.tools.common import add_table_row, jsonable, read_row_frame
from agents.tools.inputs import Inputs
from agents.tools.registry import ToolContext, ToolError, tool
from agents.tools.sql_engine import CheckedSql, QueryLimits, run_select
from agents.tools.sql_tables import SqlTable, arrow_table, catalogue, lookup, sql_type_name

PREVIEW_ROWS = 50
SQL_MAX_CHARS = 20_000


def query_limits(max_rows: int | None = None) -> QueryLimits:
    """The configured limits; ``max_rows`` may lower the row limit, never raise it."""
    ceiling = int(settings.QUERY_MAX_ROWS)
    rows = ceiling if max_rows is None else max(1, min(int(max_rows), ceiling))
    return QueryLimits(
        timeout_seconds=float(settings.QUERY_TIMEOUT_SECONDS),
        memory_mb=int(settings.QUERY_MEMORY_LIMIT_MB),
        max_rows=rows,
        threads=1,
    )


def _plain_column(column: pa.ChunkedArray) -> pa.ChunkedArray | pa.Array:
    """A result column as types a CSV and JSON hold: decimals as numbers, nested as text."""
    kind = column.type
    if pa.types.is_decimal(kind):
        if kind.scale == 0:
            try:
                return column.cast(pa.int64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
        return column.cast(pa.float64())
    if pa.types.is_integer(kind) and kind.bit_width > 64:
        return column.cast(pa.float64())
    if (
        pa.types.is_nested(kind)
        or pa.types.is_interval(kind)
        or pa.types.is_binary(kind)
        or pa.types.is_time(kind)
        or pa.types.is_duration(kind)
    ):
        return pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())
    if pa.types.is_timestamp(kind) and kind.tz is not None:
        return column.cast(pa.timestamp(kind.unit))
    return column


def result_frame(table: pa.Table) -> pd.DataFrame:
    """The result as a data frame with plain types (dates as datetimes)."""
    names = list(table.column_names)
    plain = pa.table({f"c{i}": _plain_column(table.column(i)) for i in range(table.num_columns)})
    frame = plain.to_pandas(date_as_object=False) if names else pd.DataFrame()
    frame.columns = names
    return frame


def _records(frame: pd.DataFrame, limit: int) -> list[list[Any]]:
    head = frame.head(limit).astype(object)
    return [
        [None if (not isinstance(v, list | dict) and pd.isna(v)) else v for v in record]
        for record in head.itertuples(index=False, name=None)
    ]


def _file_stem(title: str | None) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", (title or "").lower()).strip("_")[:50].rstrip("_")
    return words or "query_result"


def _one_line(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


@tool(
    name="query_table",
    description=(
        "Run one read-only SQL SELECT (DuckDB dialect) over this conversation's tables: "
        "uploads (CSV, Excel, Parquet) and tables tools wrote. Each table is named after its "
        "file (production_monthly.csv -> production_monthly; describe_table gives the name, "
        "the columns and their SQL types) and also row_<rowid> (row_3). Quote column names "
        'that are not plain words: "Oil (bbl)". Text columns of dates are DATEs '
        "(year(date), date_trunc('month', date)). To join a production table with a "
        "well-header table use api10(x) (an API number's first 10 digits, any punctuation) "
        "or well_key(x) (a well name without case, spaces or punctuation): "
        'ON api10(p.api) = api10(h."API Number"). The result is saved as a new table row '
        "(chart it with chart_row). Only SELECT: no writing, no files, no other "
        "conversations; time, memory and row limits apply."
    ),
    parameters={
        "type": "object",
        "properties": {
            "sql": {
                "type": "string",
                "minLength": 1,
                "maxLength": SQL_MAX_CHARS,
                "description": "One SELECT statement (WITH ... SELECT is fine).",
            },
            "title": {
                "type": "string",
                "maxLength": 120,
                "description": "A short name for the result row, e.g. 'oil by well 2023'.",
            },
            "max_rows": {
                "type": "integer",
                "minimum": 1,
                "description": "Return at most this many rows (capped by the server's limit).",
            },
            "save": {
                "type": "boolean",
                "default": True,
                "description": "Write the result as a table row (default true).",
            },
        },
        "required": ["sql"],
        "additionalProperties": False,
    },
    group="tables",
)
def query_table(
    ctx: ToolContext,
    *,
    sql: str,
    title: str | None = None,
    max_rows: int | None = None,
    save: bool = True,
) -> dict[str, Any]:
    if not isinstance(sql, str) or not sql.strip():
        raise ToolError("sql must be one SELECT statement.")
    if len(sql) > SQL_MAX_CHARS:
        raise ToolError(f"The query is longer than {SQL_MAX_CHARS:,} characters.")
    limits = query_limits(max_rows)
    tables = catalogue(ctx.conversation)
    by_name = lookup(tables)
    read: dict[int, tuple[SqlTable, int]] = {}

    def load(checked: CheckedSql) -> dict[str, pa.Table]:
        loaded: dict[str, pa.Table] = {}
        for name in sorted(checked.tables):
            found = by_name.get(name)
            if found is None:
                continue
            ctx.log(f"Reading {found.file_name} (row {found.rowid}) for the query...")
            _row, frame = read_row_frame(ctx, found.rowid)
            arrow, _columns = arrow_table(frame)
            loaded[name] = arrow
            read[found.rowid] = (found, len(frame))
        missing = sorted(n for n in checked.tables if n not in by_name)
        if missing:
            listing = (
                "; ".join(f"{t.name} (or {t.alias}: '{t.file_name}')" for t in tables)
                or "none: upload a table first"
            )
            raise ToolError(
                f"There is no table named {', '.join(missing)} in this conversation. "
                f"Its tables are: {listing}."
            )
        return loaded

    ctx.log("Running the query...")
    checked, result = run_select(sql, tables={}, limits=limits, loader=load)
    frame = result_frame(result.table)
    used = Inputs()
    for found, count in sorted(read.values(), key=lambda pair: pair[0].rowid):
        used.from_file(
            f"table_{found.rowid}",
            f"{count:,} rows",
            label=f"Table {found.name}",
            file_name=found.file_name,
            rowid=found.rowid,
        )
    used.stated("sql", _one_line(checked.sql), label="Query (SQL)")
    if max_rows is not None and limits.max_rows < int(max_rows):
        used.assume(f"At most {limits.max_rows:,} rows are returned (the server's limit).")
    used.convention(
        f"Read-only DuckDB SQL over this conversation's tables; a query may run "
        f"{limits.timeout_seconds:g} s and use {limits.memory_mb} MB, and returns at most "
        f"{limits.max_rows:,} rows."
    )
    saved = None
    if save and ctx.add_row is not None and frame.shape[1] > 0:
        stem = _file_stem(title)
        what = title or _one_line(checked.sql)[:90]
        saved = add_table_row(
            ctx,
            frame=frame,
            description=f"Query result: {what} ({len(frame):,} rows"
            + (", cut at the row limit" if result.truncated else "")
            + ")",
            file_name=f"{stem}.csv",
            data={
                "sql": checked.sql,
                "tables": [t.rowid for t, _ in read.values()],
                "rows": len(frame),
                "truncated": result.truncated,
            },
        )
    saved_name = None
    if saved is not None:
        saved_name = next(
            (t.name for t in catalogue(ctx.conversation) if t.rowid == saved.rowid),
            f"row_{saved.rowid}",
        )
    columns = [str(c) for c in frame.columns]
    records = _records(frame, PREVIEW_ROWS)
    lines = [" | ".join(columns)] + [
        " | ".join("" if v is None else str(jsonable(v)) for v in record) for record in records
    ]
    count = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}"
    if result.truncated:
        count = f"the first {count} (the limit; there are more)"
    summary = f"The query returned {count}"
    if saved is not None:
        summary += f", saved as row {saved.rowid} (SQL name {saved_name})"
    shown = "" if len(frame) <= PREVIEW_ROWS else f" The first {PREVIEW_ROWS} rows:"
    summary += "." + shown + "\n" + "\n".join(lines)
    return used.attach(
        jsonable(
            {
                "summary": summary,
                "sql": checked.sql,
                "columns": columns,
                "column_types": [
                    sql_type_name(_plain_column(result.table.column(i)).type)
                    for i in range(result.table.num_columns)
                ],
                "rows": records,
                "last_row": _records(frame.tail(1), 1)[0] if len(frame) else None,
                "row_count": len(frame),
                "truncated": result.truncated,
                "result_rowid": saved.rowid if saved is not None else None,
                "result_table": saved_name,
                "tables": [
                    {"name": t.name, "alias": t.alias, "rowid": t.rowid, "file": t.file_name}
                    for t, _ in sorted(read.values(), key=lambda pair: pair[0].rowid)
                ],
            }
        )
    )
