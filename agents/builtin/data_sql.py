"""The SQL a data question runs, written from its plan so an analyst can read and check it.

Every query has the same shape, as CTEs:

1. ``monthly``: one row per well and calendar month of the production table, with the
   measures summed (daily rows add up to their month), the header columns the question
   groups or filters by (a ``LEFT JOIN`` to the well-header table by API number or well
   name), and the question's filters (wells, column values, period, latest months, each
   well's first months);
2. ``field`` (when the question is about the field, not single wells): the wells of each
   month added up, so "the best month", averages and thresholds are of field months;
3. the answer: totals, averages, peaks, counts, first and last production dates, or a
   running cumulative, grouped, filtered by threshold, ranked and limited.

``compose(plan)`` returns the SQL and the meaning of its columns. Pure: it reads only
the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from agents import units
from agents.builtin.bind_data import Period, Threshold
from agents.builtin.data_columns import Shape
from agents.tools.sql_engine import identifier
from agents.tools.sql_tables import SqlColumn

MCF_PER_BOE = 6.0
MAX_SERIES = 8  # what chart_row draws


@dataclass(frozen=True)
class Measure:
    key: str  # "oil", "gas", "water", "boe", or a column's name
    label: str  # "oil", "BOE", "Lateral Length (ft)"
    unit: str  # "bbl", "Mcf", "BOE", ""
    expr: str  # SQL over the production table's alias p
    alias: str  # its column in ``monthly``: "oil_bbl"
    reads: tuple[str, ...] = ()  # the file's columns it reads

    @property
    def shown(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Ratio(Measure):
    """A ratio of measures: ``scale * sum(numerator) / sum(denominator)``, each term in
    the ratio's units (``factors``: measure alias -> factor from the file's unit)."""

    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    factors: tuple[tuple[str, float], ...] = ()
    scale: float = 1.0
    formula: str = ""

    def sql(self, value) -> str:
        """The ratio with each measure alias's figure written by ``value(alias)``: a total
        (``SUM(oil_bbl)``) for a ratio of totals, the column itself for each row's."""
        factors = dict(self.factors)

        def term(alias: str) -> str:
            factor = factors.get(alias, 1.0)
            return value(alias) if factor == 1.0 else f"{value(alias)} * {factor:g}"

        top = " + ".join(term(a) for a in self.numerator)
        bottom = " + ".join(term(a) for a in self.denominator)
        scale = f"{self.scale:g}.0" if self.scale == int(self.scale) else f"{self.scale:g}"
        return f"{scale} * ({top}) / NULLIF({bottom}, 0)"


# key -> (label, unit, numerator phases, denominator phases, the phases' units, scale)
RATIOS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], dict[str, str], float]] = {
    "water_cut": (
        "water cut",
        "%",
        ("water",),
        ("oil", "water"),
        {"oil": "bbl", "water": "bbl"},
        100.0,
    ),
    "oil_cut": ("oil cut", "%", ("oil",), ("oil", "water"), {"oil": "bbl", "water": "bbl"}, 100.0),
    "gor": ("GOR", "scf/bbl", ("gas",), ("oil",), {"gas": "scf", "oil": "bbl"}, 1.0),
    "wor": ("WOR", "bbl/bbl", ("water",), ("oil",), {"water": "bbl", "oil": "bbl"}, 1.0),
    "yield": (
        "condensate yield",
        "bbl/MMcf",
        ("oil",),
        ("gas",),
        {"oil": "bbl", "gas": "MMcf"},
        1.0,
    ),
}


def ratio_phases(key: str) -> tuple[str, ...]:
    """The phases ratio ``key`` is computed from, in the order its totals are shown."""
    _label, _unit, top, bottom, _units, _scale = RATIOS[key]
    return tuple(dict.fromkeys(("oil", *top, *bottom)))


def ratio_measure(key: str, measures: list[Measure]) -> Ratio:
    """Ratio ``key`` over ``measures`` (which hold each of its phases)."""
    label, unit, top, bottom, wanted, scale = RATIOS[key]
    by_phase = {m.key: m for m in measures}
    factors = []
    for phase in dict.fromkeys((*top, *bottom)):
        m = by_phase[phase]
        factors.append((m.alias, units.convert(1.0, m.unit or wanted[phase], wanted[phase])))
    formula = (
        " + ".join(top) + " / " + ("(" + " + ".join(bottom) + ")" if len(bottom) > 1 else bottom[0])
    )
    return Ratio(
        key,
        label,
        unit,
        "",
        snake(f"{key}_{unit.replace('/', '_per_').replace('%', 'pct')}"),
        tuple(c for p in dict.fromkeys((*top, *bottom)) for c in by_phase[p].reads),
        numerator=tuple(by_phase[p].alias for p in top),
        denominator=tuple(by_phase[p].alias for p in bottom),
        factors=tuple(factors),
        scale=scale,
        formula=formula + (" x 100" if scale == 100.0 else ""),
    )


@dataclass(frozen=True)
class GroupBy:
    kind: str  # "well", "month", "quarter", "year" or "column"
    alias: str  # the output column
    source: str = ""  # for a column: its SQL in ``monthly`` (h."County")
    label: str = ""


@dataclass(frozen=True)
class ValueFilter:
    """A column equal to one of ``values`` ("County = Reeves", "Operator in A or B")."""

    table: str  # "p" or "h"
    column: SqlColumn
    values: tuple[str, ...]

    @property
    def value(self) -> str:
        return " or ".join(self.values)

    def sql(self) -> str:
        if len(self.values) == 1:
            return f"{self.table}.{self.column.ref} = {literal(self.values[0])}"
        listed = ", ".join(literal(v) for v in self.values)
        return f"{self.table}.{self.column.ref} IN ({listed})"

    def __str__(self) -> str:
        return f"{self.column.name} = {self.value}"


@dataclass(frozen=True)
class Bound:
    """A threshold on a measure: ``scope`` "row" (a month's value) or "group" (a total)."""

    threshold: Threshold
    measure: Measure
    scope: str
    value: float  # in the measure's unit


@dataclass
class Plan:
    production: Shape
    header: Shape | None = None
    join: tuple[str, SqlColumn, SqlColumn] | None = None
    measures: list[Measure] = field(default_factory=list)
    # Ratios of the measures (each of their phases is among ``measures``).
    ratios: list[Ratio] = field(default_factory=list)
    stat: str = "sum"  # sum, avg, max, min, count, dates, rows
    groups: list[GroupBy] = field(default_factory=list)
    rank: str | None = None  # "top" or "bottom"
    n: int | None = None
    wells: list[str] = field(default_factory=list)
    values: list[ValueFilter] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    started: bool = False  # the period is of first production dates
    recent: int | None = None  # months
    life: int | None = None  # months
    bounds: list[Bound] = field(default_factory=list)
    running: bool = False
    chart: bool = False
    per_well: bool = False  # an average across wells of their totals
    count_of: str = "wells"  # or "months"
    well_grain: bool = False  # observations are well-months, not field months
    newest_first: bool = False  # for first/last production ranks


@dataclass(frozen=True)
class Composed:
    sql: str
    keys: list[str]  # the output's key columns (groups)
    values: list[tuple[str, Measure | None, str]]  # (column, its measure, what it is)


def literal(value: object) -> str:
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            repr(float(value))
            if isinstance(value, float) and value != int(value)
            else str(int(value))
        )
    return "'" + str(value).replace("'", "''") + "'"


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "value"


def col(alias: str, column: SqlColumn) -> str:
    return f"{alias}.{column.ref}"


def phase_measure(shape: Shape, phase: str) -> Measure | None:
    """The measure of one phase in ``shape`` (BOE from oil and gas when there is no BOE
    column), or None when the table has none."""
    if phase in shape.phases:
        column = shape.phases[phase]
        unit = shape.units.get(phase, "")
        label = "BOE" if phase == "boe" else phase
        return Measure(
            phase,
            label,
            unit,
            f"p.{column.ref}",
            snake(f"{phase}_{unit}") if phase != "boe" else "boe",
            (column.name,),
        )
    if phase == "boe" and ("oil" in shape.phases or "gas" in shape.phases):
        parts, reads = [], []
        if "oil" in shape.phases:
            parts.append(f"COALESCE(p.{shape.phases['oil'].ref}, 0)")
            reads.append(shape.phases["oil"].name)
        if "gas" in shape.phases:
            factor = {"MMcf": 1000.0 / MCF_PER_BOE}.get(shape.units.get("gas", ""), None)
            gas = f"COALESCE(p.{shape.phases['gas'].ref}, 0)"
            parts.append(f"{gas} * {factor:g}" if factor else f"{gas} / {MCF_PER_BOE:g}")
            reads.append(shape.phases["gas"].name)
        return Measure("boe", "BOE", "BOE", " + ".join(parts), "boe", tuple(reads))
    return None


def column_measure(column: SqlColumn, table: str = "p") -> Measure:
    return Measure(column.name, column.name, "", f"{table}.{column.ref}", snake(column.name))


def producing(shape: Shape, alias: str = "p") -> str:
    """A month with oil or gas (or BOE) above zero: how production starts and stops."""
    parts = [
        f"COALESCE({alias}.{shape.phases[p].ref}, 0) > 0"
        for p in ("oil", "gas", "boe")
        if p in shape.phases
    ] or [f"COALESCE({alias}.{c.ref}, 0) > 0" for p, c in shape.phases.items() if p == "water"]
    return " OR ".join(parts) if parts else "TRUE"


def _period_sql(expr: str, periods: list[Period]) -> str:
    parts = []
    for p in periods:
        bits = []
        if p.start is not None:
            bits.append(f"{expr} >= {literal(p.start)}")
        if p.end is not None:
            bits.append(f"{expr} < {literal(p.end)}")
        parts.append(" AND ".join(bits) if bits else "TRUE")
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(f"({x})" for x in parts) + ")"


def _as(sql: str, alias: str) -> str:
    """``sql AS alias``, or just the name when they are the same."""
    name = identifier(alias)
    return name if sql == name else f"{sql} AS {name}"


def _op(op: str) -> str:
    return {">": ">", ">=": ">=", "<": "<", "<=": "<="}[op]


def _indent(sql: str, by: str = "  ") -> str:
    return "\n".join(by + line for line in sql.splitlines())


class Composer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        p = plan.production
        self.table = identifier(p.table.name)
        self.well = f"p.{p.well.ref}" if p.well is not None else "NULL"
        self.date = f"p.{p.date.ref}" if p.date is not None else None
        self.ctes: list[tuple[str, str]] = []

    # --- building blocks ---------------------------------------------------------------

    def firsts(self) -> str:
        """Each well's first and last producing month."""
        p = self.plan.production
        sql = (
            f"SELECT {self.well} AS well,\n"
            f"       MIN({self.date}) AS first_production,\n"
            f"       MAX({self.date}) AS last_production\n"
            f"FROM {self.table} AS p\n"
            f"WHERE {producing(p)}\n"
            "GROUP BY ALL"
        )
        self.ctes.append(("firsts", sql))
        return "firsts"

    def header_join(self) -> str:
        plan = self.plan
        if plan.header is None or plan.join is None:
            return ""
        how, p_col, h_col = plan.join
        key = "api10" if how == "api" else "well_key"
        return (
            f"\nLEFT JOIN {identifier(plan.header.table.name)} AS h\n"
            f"  ON {key}(p.{p_col.ref}) = {key}(h.{h_col.ref})"
        )

    def monthly(self) -> str:
        plan = self.plan
        select = [
            f"{self.well} AS well",
            f"CAST(date_trunc('month', {self.date}) AS DATE) AS month",
        ]
        for g in plan.groups:
            if g.kind == "column":
                select.append(f"{g.source} AS {identifier(g.alias)}")
        for m in plan.measures:
            select.append(f"SUM({m.expr}) AS {identifier(m.alias)}")
        where = self.row_filters()
        joins = self.header_join()
        if plan.life is not None:
            self.firsts()
            joins += f"\nJOIN firsts AS f ON f.well = {self.well}"
            where.append(
                f"{self.date} >= f.first_production AND "
                f"{self.date} < f.first_production + INTERVAL {int(plan.life)} MONTH"
            )
        sql = "SELECT " + ",\n       ".join(select) + f"\nFROM {self.table} AS p" + joins
        if where:
            sql += "\nWHERE " + "\n  AND ".join(where)
        sql += "\nGROUP BY ALL"
        self.ctes.append(("monthly", sql))
        return "monthly"

    def row_filters(self) -> list[str]:
        plan = self.plan
        where: list[str] = []
        if plan.wells:
            names = ", ".join(literal(w) for w in plan.wells)
            where.append(f"{self.well} IN ({names})")
        where += [v.sql() for v in plan.values]
        if plan.periods and not plan.started:
            where.append(_period_sql(self.date, plan.periods))
        if plan.recent is not None:
            where.append(
                f"{self.date} >= (SELECT CAST(date_trunc('month', MAX({plan.production.date.ref})) "
                f"AS DATE) FROM {self.table}) - INTERVAL {int(plan.recent) - 1} MONTH"
            )
        return where

    def observations(self) -> str:
        """``monthly`` itself (well-months) or ``field``: the wells of each month added up."""
        plan = self.plan
        source = self.monthly()
        if plan.well_grain:
            return source
        keys = ["month"] + [identifier(g.alias) for g in plan.groups if g.kind == "column"]
        sums = [f"SUM({identifier(m.alias)}) AS {identifier(m.alias)}" for m in plan.measures]
        sql = "SELECT " + ", ".join(keys + sums) + f"\nFROM {source}\nGROUP BY ALL"
        self.ctes.append(("field", sql))
        return "field"

    def group_select(self, *, chart: bool = False) -> list[tuple[str, str]]:
        """(SQL, alias) of each output group column."""
        out = []
        for g in self.plan.groups:
            if g.kind == "well":
                out.append(("well", "well"))
            elif g.kind == "month":
                out.append(("month" if chart else "strftime(month, '%Y-%m')", "month"))
            elif g.kind == "year":
                out.append(
                    ("CAST(date_trunc('year', month) AS DATE)" if chart else "year(month)", "year")
                )
            elif g.kind == "quarter":
                out.append(
                    (
                        "CAST(date_trunc('quarter', month) AS DATE)"
                        if chart
                        else "strftime(month, '%Y') || '-Q' || quarter(month)",
                        "quarter",
                    )
                )
            else:
                out.append((identifier(g.alias), g.alias))
        return out

    def thresholds(self, scope: str, agg: str | None = None) -> list[str]:
        out = []
        for b in self.plan.bounds:
            if b.scope != scope:
                continue
            target = identifier(b.measure.alias)
            if agg:
                target = f"{agg}({target})"
            out.append(f"{target} {_op(b.threshold.op)} {literal(b.value)}")
        return out

    def order_limit(self, value: str, keys: list[str]) -> str:
        plan = self.plan
        time_keys = [k for k in keys if k in {"month", "year", "quarter"}]
        if plan.rank is not None:
            direction = "ASC" if plan.rank == "bottom" else "DESC"
            order = [f"{value} {direction}"] + [identifier(k) for k in keys]
        elif time_keys:
            order = [identifier(k) for k in keys]
        elif keys:
            order = [f"{value} DESC"] + [identifier(k) for k in keys]
        else:
            order = []
        sql = ("\nORDER BY " + ", ".join(order)) if order else ""
        if plan.n is not None and plan.rank is not None:
            sql += f"\nLIMIT {int(plan.n)}"
        return sql

    def finish(self, body: str) -> str:
        if not self.ctes:
            return body
        parts = [f"{name} AS (\n{_indent(sql)}\n)" for name, sql in self.ctes]
        return "WITH " + ",\n".join(parts) + "\n" + body

    # --- the answers ----------------------------------------------------------------------

    def aggregate(self) -> Composed:
        plan = self.plan
        if plan.per_well and plan.stat == "avg":
            return self.average_per_well()
        source = self.observations()
        fn = {"sum": "SUM", "avg": "AVG", "max": "MAX", "min": "MIN"}[plan.stat]
        prefix = {"sum": "", "avg": "avg_", "max": "peak_", "min": "min_"}[plan.stat]
        what = {"sum": "total", "avg": "average", "max": "peak", "min": "lowest"}[plan.stat]
        groups = self.group_select()
        select = [_as(sql, alias) for sql, alias in groups]
        values = []
        for r in plan.ratios:
            if plan.stat in {"max", "min"}:
                # The highest (lowest) of each month's own ratio.
                alias = f"{prefix}{r.alias}"
                select.append(f"{fn}({r.sql(identifier)}) AS {identifier(alias)}")
                values.append((alias, r, what))
            else:
                # Over a period: the ratio of its totals (volume-weighted).
                select.append(
                    f"{r.sql(lambda a: f'SUM({identifier(a)})')} AS {identifier(r.alias)}"
                )
                values.append((r.alias, r, "ratio"))
        for m in plan.measures if not (plan.ratios and plan.stat in {"max", "min"}) else []:
            alias = f"{prefix}{m.alias}" if not plan.ratios else m.alias
            agg = fn if not plan.ratios else "SUM"
            select.append(f"{agg}({identifier(m.alias)}) AS {identifier(alias)}")
            values.append((alias, m, what if not plan.ratios else "total"))
        body = "SELECT " + ",\n       ".join(select) + f"\nFROM {source}"
        where = self.thresholds("row")
        if where:
            body += "\nWHERE " + " AND ".join(where)
        if groups:
            body += "\nGROUP BY ALL"
        having = self.thresholds("group", fn)
        if having:
            body += "\nHAVING " + " AND ".join(having)
        keys = [alias for _sql, alias in groups]
        body += self.order_limit(identifier(values[0][0]), keys)
        return Composed(self.finish(body), keys, values)

    def average_per_well(self) -> Composed:
        plan = self.plan
        self.monthly()
        groups = [g for g in self.group_select() if g[1] != "well"]
        keys_sql = [_as(sql, alias) for sql, alias in groups]
        sums = [f"SUM({identifier(m.alias)}) AS {identifier(m.alias)}" for m in plan.measures]
        inner = "SELECT " + ", ".join([*keys_sql, "well", *sums]) + "\nFROM monthly"
        where = self.thresholds("row")
        if where:
            inner += "\nWHERE " + " AND ".join(where)
        inner += "\nGROUP BY ALL"
        having = self.thresholds("group", "SUM")
        if having:
            inner += "\nHAVING " + " AND ".join(having)
        self.ctes.append(("per_well", inner))
        keys = [alias for _sql, alias in groups]
        select = [identifier(k) for k in keys]
        values = []
        for m in plan.measures:
            alias = f"avg_{m.alias}_per_well"
            select.append(f"AVG({identifier(m.alias)}) AS {identifier(alias)}")
            values.append((alias, m, "average per well"))
        select.append("COUNT(*) AS wells")
        values.append(("wells", None, "wells"))
        body = "SELECT " + ",\n       ".join(select) + "\nFROM per_well"
        if keys:
            body += "\nGROUP BY ALL"
        body += self.order_limit(identifier(values[0][0]), keys)
        return Composed(self.finish(body), keys, values)

    def running(self) -> Composed:
        """Month by month, each month's volume added to the ones before it."""
        plan = self.plan
        source = self.observations()
        others = [g for g in self.group_select() if g[1] not in {"month", "year", "quarter"}]
        keys = [alias for _sql, alias in others] + ["month"]
        group_cols = [_as(sql, alias) for sql, alias in others]
        sums = [f"SUM({identifier(m.alias)}) AS {identifier(m.alias)}" for m in plan.measures]
        self.ctes.append(
            (
                "totals",
                "SELECT "
                + ", ".join([*group_cols, "month", *sums])
                + f"\nFROM {source}\nGROUP BY ALL",
            )
        )
        partition = (
            "PARTITION BY " + ", ".join(identifier(a) for _s, a in others) + " " if others else ""
        )
        select = [identifier(a) for _s, a in others] + ["strftime(month, '%Y-%m') AS month"]
        values = []
        for m in plan.measures:
            alias = f"cumulative_{m.alias}"
            select.append(
                f"SUM({identifier(m.alias)}) OVER ({partition}ORDER BY totals.month) "
                f"AS {identifier(alias)}"
            )
            values.append((alias, m, "cumulative"))
        body = "SELECT " + ",\n       ".join(select) + "\nFROM totals"
        body += "\nORDER BY " + ", ".join(identifier(k) for k in keys)
        return Composed(self.finish(body), keys, values)

    def chart(self, series_wells: list[str]) -> Composed:
        """Time on x; a column per chosen well and measure (or per measure for the field)."""
        plan = self.plan
        source = self.observations() if not series_wells else self.monthly()
        x_sql, x_alias = ("month", "month")
        for g in plan.groups:
            if g.kind in {"year", "quarter"}:
                x_sql = f"CAST(date_trunc('{g.kind}', month) AS DATE)"
                x_alias = g.kind
        select = [_as(x_sql, x_alias)]
        values = []
        for r in plan.ratios:
            for well in series_wells or [None]:
                only = f" FILTER (WHERE well = {literal(well)})" if well is not None else ""
                name = f"{well} {r.shown}" if well is not None else r.shown
                ratio = r.sql(lambda a, only=only: f"SUM({identifier(a)}){only}")
                select.append(f"{ratio} AS {identifier(name)}")
                values.append((name, r, "ratio"))
        for m in plan.measures if not plan.ratios else []:
            for well in series_wells or [None]:
                inner = f"SUM({identifier(m.alias)})"
                if well is not None:
                    inner += f" FILTER (WHERE well = {literal(well)})"
                name = f"{well} {m.shown}" if well is not None else m.shown
                if plan.running:
                    inner = f"SUM({inner}) OVER (ORDER BY {x_alias})"
                    name = f"{well + ' ' if well else ''}cumulative {m.shown}"
                select.append(f"{inner} AS {identifier(name)}")
                values.append((name, m, "cumulative" if plan.running else "total"))
        body = (
            "SELECT "
            + ",\n       ".join(select)
            + f"\nFROM {source}\nGROUP BY ALL\nORDER BY {x_alias}"
        )
        return Composed(self.finish(body), [x_alias], values[:MAX_SERIES])

    def dates(self) -> Composed:
        plan = self.plan
        self.firsts()
        select = [
            "well",
            "first_production",
            "last_production",
            "datediff('month', first_production, last_production) + 1 AS months_on_production",
        ]
        where = []
        if plan.wells:
            where.append("well IN (" + ", ".join(literal(w) for w in plan.wells) + ")")
        if plan.periods:
            where.append(_period_sql("first_production", plan.periods))
        body = "SELECT " + ",\n       ".join(select) + "\nFROM firsts"
        if where:
            body += "\nWHERE " + " AND ".join(where)
        direction = "DESC" if plan.newest_first else "ASC"
        body += f"\nORDER BY first_production {direction}, well"
        if plan.n is not None and plan.rank is not None:
            body += f"\nLIMIT {int(plan.n)}"
        values = [
            ("first_production", None, "first production"),
            ("last_production", None, "last production"),
            ("months_on_production", None, "months from first to last production"),
        ]
        return Composed(self.finish(body), ["well"], values)

    def count(self) -> Composed:
        plan = self.plan
        if plan.count_of == "rows":
            body = f"SELECT COUNT(*) AS rows\nFROM {self.table}"
            return Composed(body, [], [("rows", None, "rows")])
        if plan.started:
            return self.count_started()
        groups = [g for g in self.group_select() if g[1] != "well"]
        keys = [alias for _sql, alias in groups]
        if plan.count_of == "months":
            source = self.observations()
            select = [_as(sql, alias) for sql, alias in groups]
            select.append("COUNT(*) AS months")
            body = "SELECT " + ",\n       ".join(select) + f"\nFROM {source}"
            where = self.thresholds("row")
            if not plan.bounds:
                where.append(
                    "(" + " OR ".join(f"{identifier(m.alias)} > 0" for m in plan.measures) + ")"
                    if plan.measures
                    else "TRUE"
                )
            body += "\nWHERE " + " AND ".join(where)
            if keys:
                body += "\nGROUP BY ALL\nORDER BY " + ", ".join(identifier(k) for k in keys)
            return Composed(self.finish(body), keys, [("months", None, "months")])
        # Wells: those with production (and past any threshold) in what was asked.
        self.monthly()
        keys_sql = [_as(sql, alias) for sql, alias in groups]
        sums = [f"SUM({identifier(m.alias)}) AS {identifier(m.alias)}" for m in plan.measures]
        inner = "SELECT " + ", ".join([*keys_sql, "well", *sums]) + "\nFROM monthly"
        where = self.thresholds("row")
        if where:
            inner += "\nWHERE " + " AND ".join(where)
        inner += "\nGROUP BY ALL"
        having = self.thresholds("group", "SUM")
        if not plan.bounds and plan.measures:
            having.append(
                "(" + " OR ".join(f"SUM({identifier(m.alias)}) > 0" for m in plan.measures) + ")"
            )
        if having:
            inner += "\nHAVING " + " AND ".join(having)
        self.ctes.append(("wells", inner))
        select = [identifier(k) for k in keys]
        select.append("COUNT(*) AS wells")
        values = [("wells", None, "wells")]
        if not any(k in {"month", "quarter", "year"} for k in keys):
            # Which wells, too (by month that would be a long list in every row).
            select.append("string_agg(well, ', ' ORDER BY well) AS which")
            values.append(("which", None, "which wells"))
        body = "SELECT " + ",\n       ".join(select) + "\nFROM wells"
        if keys:
            body += "\nGROUP BY ALL\nORDER BY " + ", ".join(identifier(k) for k in keys)
        return Composed(self.finish(body), keys, values)

    def count_started(self) -> Composed:
        plan = self.plan
        self.firsts()
        by_year = any(g.kind == "year" for g in plan.groups)
        by_month = any(g.kind == "month" for g in plan.groups)
        select, keys = [], []
        if by_year:
            select.append("year(first_production) AS year")
            keys.append("year")
        elif by_month:
            select.append("strftime(first_production, '%Y-%m') AS month")
            keys.append("month")
        select += ["COUNT(*) AS wells", "string_agg(well, ', ' ORDER BY first_production) AS which"]
        body = "SELECT " + ",\n       ".join(select) + "\nFROM firsts"
        if plan.periods:
            body += "\nWHERE " + _period_sql("first_production", plan.periods)
        if keys:
            body += "\nGROUP BY ALL\nORDER BY " + ", ".join(keys)
        return Composed(
            self.finish(body), keys, [("wells", None, "wells"), ("which", None, "which wells")]
        )


def compose(plan: Plan, *, series_wells: list[str] | None = None) -> Composed:
    """The SQL answering ``plan`` (see the module docstring)."""
    composer = Composer(plan)
    if plan.stat == "rows":
        plan.count_of = "rows"
        return composer.count()
    if plan.chart:
        return composer.chart(series_wells or [])
    if plan.stat == "dates":
        return composer.dates()
    if plan.stat == "count":
        return composer.count()
    if plan.running:
        return composer.running()
    return composer.aggregate()


__all__ = [
    "MCF_PER_BOE",
    "RATIOS",
    "Bound",
    "Composed",
    "GroupBy",
    "Measure",
    "Plan",
    "Ratio",
    "ValueFilter",
    "column_measure",
    "compose",
    "literal",
    "phase_measure",
    "producing",
    "ratio_measure",
    "ratio_phases",
    "snake",
]
