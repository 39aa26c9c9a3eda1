"""What each of the conversation's tables is, for a data question: production or well
headers, and which columns hold the well, the API number, the date and each phase.

Read from the first rows of each table (``files.tables``' preview read, bounded) and the
names and SQL types ``agents.tools.sql_tables`` gives them, so the SQL the builtin agent
writes uses the names and types the query will see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from agents.tools.common import normalise
from agents.tools.sql_tables import SqlColumn, SqlTable, arrow_table
from agents.tools.tables import guess_unit

HEAD_ROWS = 200

_PHASES: dict[str, tuple[str, ...]] = {
    "oil": (r"\boil\b", r"\bcondensate\b", r"\bcrude\b", r"\bbopd\b"),
    "gas": (r"\bgas\b", r"\bmcfd?\b", r"\bmscf\b", r"\bmmcf\b"),
    "water": (r"\bwater\b", r"\bbwpd\b", r"\bh2o\b"),
    "boe": (r"\bboe\b", r"\bboepd\b"),
}
# Not a volume of that phase: prices, ratios, cumulatives, injection, lift, flaring.
_NOT_VOLUME = re.compile(
    r"\b(?:price|usd|cost|revenue|value|tax|ratio|gor|wor|yield|cut|cum|cumulative|"
    r"inject\w*|lift|flare\w*|vent\w*|fuel|sold|sales|gravity|api|pressure|psi|temp\w*|"
    r"days|hours|hrs|percent|pct|forecast|model|type)\b"
)
_RATE = re.compile(r"\brate\b|\bper d(ay)?\b|\bbopd\b|\bbpd\b|\bmcfd\b|\bboepd\b|\bbwpd\b|\bd$")
_WELL = (r"\bwell\s*name\b", r"\bwellname\b", r"\bwell\b", r"\blease\b", r"\bname\b")
_API = re.compile(r"\bapi\b|\bapi\s*(?:no|num|number|10|12|14)\b|\bapi(?:10|12|14)\b|\buwi\b")
_DATE_NAMES = re.compile(r"\b(?:date|month|period|day|time|prod\w*\s+date)\b")

UNIT_NAMES = {"bbl": "bbl", "mcf": "Mcf", "MMcf": "MMcf", "BOE": "BOE", "scf": "scf"}
DEFAULT_UNITS = {"oil": "bbl", "gas": "Mcf", "water": "bbl", "boe": "BOE"}


@dataclass
class Shape:
    """One table's columns as a data question uses them."""

    table: SqlTable
    columns: list[SqlColumn]
    head: pd.DataFrame
    well: SqlColumn | None = None
    api: SqlColumn | None = None
    date: SqlColumn | None = None
    phases: dict[str, SqlColumn] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.date is not None and bool(self.phases)

    @property
    def is_header(self) -> bool:
        return not self.is_production and (self.well is not None or self.api is not None)

    def column(self, name: str) -> SqlColumn | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def text_columns(self) -> list[SqlColumn]:
        return [c for c in self.columns if c.sql_type == "VARCHAR"]

    @property
    def numeric_columns(self) -> list[SqlColumn]:
        return [c for c in self.columns if c.sql_type in {"BIGINT", "DOUBLE"}]


def _words(column: SqlColumn) -> str:
    return normalise(column.name)


def _phase_column(columns: list[SqlColumn], phase: str) -> SqlColumn | None:
    candidates = [
        c
        for c in columns
        if c.sql_type in {"BIGINT", "DOUBLE"}
        and any(re.search(p, _words(c)) for p in _PHASES[phase])
        and not _NOT_VOLUME.search(_words(c))
        and not (phase == "oil" and re.search(r"\bwater\b|\bgas\b", _words(c)))
        and not (phase == "gas" and re.search(r"\boil\b|\bwater\b", _words(c)))
    ]
    volumes = [c for c in candidates if not _RATE.search(_words(c))]
    return (volumes or candidates or [None])[0]


def shape_of(table: SqlTable, head: pd.DataFrame) -> Shape:
    """The shape of ``table`` from its first rows (``head``)."""
    _arrow, columns = arrow_table(head)
    shape = Shape(table=table, columns=columns, head=head)
    dates = [c for c in columns if c.sql_type in {"DATE", "TIMESTAMP"}]
    shape.date = next((c for c in dates if _DATE_NAMES.search(_words(c))), None) or (
        dates[0] if dates else None
    )
    shape.api = next((c for c in columns if _API.search(_words(c))), None)
    for pattern in _WELL:
        found = next(
            (
                c
                for c in columns
                if c.sql_type == "VARCHAR"
                and re.search(pattern, _words(c))
                and not _API.search(_words(c))
                and not re.search(r"\b(?:operator|county|field|formation|state)\b", _words(c))
            ),
            None,
        )
        if found is not None:
            shape.well = found
            break
    if shape.well is None and shape.api is not None:
        shape.well = shape.api  # wells known by API number only
    for phase in _PHASES:
        column = _phase_column(columns, phase)
        if column is not None and column not in shape.phases.values():
            shape.phases[phase] = column
            unit = guess_unit(column.name)
            shape.units[phase] = UNIT_NAMES.get(unit or "", DEFAULT_UNITS[phase])
    return shape


def production_and_header(shapes: list[Shape]) -> tuple[Shape | None, Shape | None]:
    """The newest production table and, when there is one, the newest well-header table."""
    production = next((s for s in reversed(shapes) if s.is_production), None)
    header = next(
        (s for s in reversed(shapes) if s.is_header and s is not production),
        None,
    )
    return production, header


def join_keys(production: Shape, header: Shape) -> tuple[str, SqlColumn, SqlColumn] | None:
    """How production rows find their header: ("api", p_col, h_col) by API number when
    both tables have one, else ("name", ...) by well name; None when they share neither."""
    if production.api is not None and header.api is not None:
        return ("api", production.api, header.api)
    p_name = production.well if production.well is not production.api else None
    h_name = header.well if header.well is not header.api else None
    if p_name is not None and h_name is not None:
        return ("name", p_name, h_name)
    return None


__all__ = [
    "DEFAULT_UNITS",
    "HEAD_ROWS",
    "Shape",
    "join_keys",
    "production_and_header",
    "shape_of",
]
