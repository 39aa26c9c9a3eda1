"""Tables: describe and preview an uploaded CSV/Excel file."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from agents.tools.common import find_date_column, jsonable, normalise, parse_dates, read_row_frame
from agents.tools.inputs import Inputs
from agents.tools.registry import ToolContext, ToolError, tool
from agents.tools.sql_tables import arrow_table, catalogue
from project.cells import neutralise_frame

PREVIEW_MAX_ROWS = 50

# (pattern over the normalised column name, unit). Money-per-volume first, so "$/bbl" is
# not read as barrels; compound rates before plain volumes.
_UNIT_PATTERNS: list[tuple[str, str]] = [
    (r"usd per bbl|\bper bbl\b.*usd|usd bbl", "$/bbl"),
    (r"usd per mcf|usd mcf", "$/mcf"),
    (r"usd per mmbtu|usd mmbtu", "$/MMBtu"),
    (r"usd per boe", "$/BOE"),
    (r"usd per month", "$/month"),
    (r"tco2e|t co2e|tonnes? co2e|co2e t\b", "tCO2e"),
    (r"kg co2e per boe|kgco2e per boe", "kgCO2e/BOE"),
    (r"kg co2e per mwh|kgco2e per mwh", "kgCO2e/MWh"),
    (r"\bbopd\b|\bbpd\b|\bbbl per d(ay)?\b|\bbbl d\b|\bbbld\b", "bbl/d"),
    (r"\bmcfd\b|\bmcf per d(ay)?\b|\bmcf d\b", "mcf/d"),
    (r"\bboepd\b|\bboe per d(ay)?\b|\bboe d\b", "BOE/d"),
    (r"\bmmscf\b", "MMscf"),
    (r"\bmmbtu\b", "MMBtu"),
    (r"\bmmcf\b", "MMcf"),
    (r"\bmcf\b", "mcf"),
    (r"\bscf\b", "scf"),
    (r"\bboe\b", "BOE"),
    (r"\bbbls?\b|\bbarrels?\b", "bbl"),
    (r"\bmwh\b", "MWh"),
    (r"\bkwh\b", "kWh"),
    (r"\bgal(lon)?s?\b", "gal"),
    (r"\btonnes?\b|\bmetric tons?\b|\bt\b", "t"),
    (r"\bkg\b", "kg"),
    (r"\busd\b|\bdollars?\b|\bcost\b|\bcapex\b|\bopex\b|\brevenue\b|\bprice\b", "$"),
    (r"\bpercent\b|\bpct\b|\bfraction\b", "fraction or %"),
]


def guess_unit(column: str) -> str | None:
    """The unit a column's name suggests ("Oil (bbl)" -> "bbl", "price $/bbl" -> "$/bbl")."""
    words = normalise(column)
    for pattern, unit in _UNIT_PATTERNS:
        if re.search(pattern, words):
            return unit
    return None


def describe_frame(frame: pd.DataFrame) -> dict[str, Any]:
    """Row count, and per column: dtype, unit guessed from its name, missing values, range."""
    columns: list[dict[str, Any]] = []
    for name in frame.columns:
        series = frame[name]
        info: dict[str, Any] = {
            "name": str(name),
            "dtype": str(series.dtype),
            "unit_guess": guess_unit(str(name)),
            "missing": int(series.isna().sum()),
            "distinct": int(series.nunique(dropna=True)),
        }
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            values = series.dropna()
            if not values.empty:
                info.update(
                    min=float(values.min()),
                    max=float(values.max()),
                    mean=float(values.mean()),
                    sum=float(values.sum()),
                    zeros=int((values == 0).sum()),
                )
        else:
            dates = parse_dates(series)
            if dates.notna().sum() and dates.notna().mean() >= 0.8:
                info.update(
                    kind="date",
                    min=dates.min().strftime("%Y-%m-%d"),
                    max=dates.max().strftime("%Y-%m-%d"),
                )
            else:
                top = series.dropna().astype(str).value_counts().head(5)
                info["examples"] = list(top.index)
        columns.append(info)
    date_column = find_date_column(frame)
    date_range = None
    if date_column is not None:
        dates = parse_dates(frame[date_column]).dropna()
        if not dates.empty:
            date_range = {
                "column": str(date_column),
                "start": dates.min().strftime("%Y-%m-%d"),
                "end": dates.max().strftime("%Y-%m-%d"),
            }
    return {"rows": len(frame), "columns": columns, "date_range": date_range}


def sql_names(ctx: ToolContext, row: Any, frame: pd.DataFrame) -> dict[str, Any]:
    """How ``query_table`` names the row's table and its columns (with their SQL types)."""
    table = next((t for t in catalogue(ctx.conversation) if t.rowid == row.rowid), None)
    _arrow, columns = arrow_table(frame)
    return {
        "sql_table": table.name if table is not None else f"row_{row.rowid}",
        "sql_alias": f"row_{row.rowid}",
        "columns": columns,
    }


@tool(
    name="describe_table",
    description=(
        "Describe an uploaded table (CSV/Excel row of the running table): row count, each "
        "column's type, unit guessed from its name (bbl, mcf, BOE, $/bbl, tonnes, kWh, MMBtu, "
        "scf, gal...), missing values, numeric ranges and the date range; and the table's and "
        "columns' names and types for query_table's SQL."
    ),
    parameters={
        "type": "object",
        "properties": {
            "rowid": {
                "type": "integer",
                "minimum": 1,
                "description": "The running-table row holding the file.",
            }
        },
        "required": ["rowid"],
        "additionalProperties": False,
    },
    group="tables",
)
def describe_table(ctx: ToolContext, *, rowid: int) -> dict[str, Any]:
    ctx.log(f"Reading the table in row {rowid}...")
    row, frame = read_row_frame(ctx, rowid)
    described = describe_frame(frame)
    name = row.original_name or row.file.name
    parts = [f"Row {row.rowid} ('{name}') has {described['rows']:,} rows and "]
    parts.append(f"{len(described['columns'])} columns: ")
    column_bits = []
    for info in described["columns"]:
        bit = str(info["name"])
        if info.get("unit_guess"):
            bit += f" [{info['unit_guess']}]"
        if info.get("examples") is not None:
            bit += f" ({info['distinct']} distinct)"
        if "min" in info and "max" in info:
            low, high = info["min"], info["max"]
            bit += f" {low:,.4g}..{high:,.4g}" if isinstance(low, float) else f" {low}..{high}"
        if info["missing"]:
            bit += f" ({info['missing']} missing)"
        column_bits.append(bit)
    parts.append("; ".join(column_bits) + ".")
    if described["date_range"]:
        span = described["date_range"]
        parts.append(f" Dates ({span['column']}) run from {span['start']} to {span['end']}.")
    units_note = " Units are guessed from the column names; say so if one is wrong."
    sql = sql_names(ctx, row, frame)
    described["columns"] = [
        {**info, "sql_name": column.ref, "sql_type": column.sql_type}
        for info, column in zip(described["columns"], sql.pop("columns"), strict=True)
    ]
    described.update(sql)
    parts.append(
        f" In SQL (query_table) it is the table {sql['sql_table']} (or {sql['sql_alias']})."
    )
    used = Inputs()
    used.stated("rowid", row.rowid, label="Table", detail=f"'{name}'")
    used.convention(
        "Units are guessed from the column names; dates are read from the first column that "
        "parses as dates."
    )
    return used.attach(
        jsonable({"summary": "".join(parts) + units_note, "rowid": row.rowid, **described})
    )


@tool(
    name="preview_table",
    description="Show the first rows (at most 50) of an uploaded table row.",
    parameters={
        "type": "object",
        "properties": {
            "rowid": {
                "type": "integer",
                "minimum": 1,
                "description": "The running-table row holding the file.",
            },
            "n": {
                "type": "integer",
                "minimum": 1,
                "maximum": PREVIEW_MAX_ROWS,
                "default": 10,
                "description": "How many rows to show (1-50).",
            },
        },
        "required": ["rowid"],
        "additionalProperties": False,
    },
    group="tables",
)
def preview_table(ctx: ToolContext, *, rowid: int, n: int | None = None) -> dict[str, Any]:
    used = Inputs()
    if n is None:
        n = used.default("n", 10, label="Rows to show", why="no number of rows was asked").value
    else:
        used.stated("n", n, label="Rows to show")
    try:
        count = int(n)
    except (TypeError, ValueError):
        raise ToolError(f"n must be a whole number of rows, not {n!r}.") from None
    if count < 1:
        raise ToolError("n must be at least 1.")
    if count > PREVIEW_MAX_ROWS:
        used.assume(f"A preview shows at most {PREVIEW_MAX_ROWS} rows, not {count}.")
    count = min(count, PREVIEW_MAX_ROWS)
    ctx.log(f"Reading the first {count} rows of row {rowid}...")
    row, frame = read_row_frame(ctx, rowid)
    head = neutralise_frame(frame.head(count))
    records = [
        [None if pd.isna(v) else v for v in record]
        for record in head.astype(object).itertuples(index=False, name=None)
    ]
    columns = [str(c) for c in head.columns]
    lines = [" | ".join(columns)] + [
        " | ".join("" if v is None else str(v) for v in record) for record in records
    ]
    summary = f"The first {len(head)} of {len(frame):,} rows of row {row.rowid}:\n" + "\n".join(
        lines
    )
    used.stated("rowid", row.rowid, label="Table", detail=f"'{row.original_name or row.file.name}'")
    return used.attach(
        jsonable(
            {
                "summary": summary,
                "rowid": row.rowid,
                "columns": columns,
                "rows": records,
                "total_rows": len(frame),
            }
        )
    )
