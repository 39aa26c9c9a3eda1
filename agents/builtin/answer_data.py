"""Answers to questions about the data itself, with the SQL that computed them.

"Which well has the highest cumulative oil?", "monthly gas for the field in 2023", "how
many wells started in 2022?", "plot oil for Hawkins 1H and 2H", "total gas by county":
the writer finds the production table (and a well-header table to join, when the question
groups or filters by one of its columns), matches the names the question uses to the
table's values, plans the query (``data_sql.Plan``), runs it with ``query_table`` (a tool
job: read-only DuckDB), charts it with ``chart_row`` when asked, and answers in words,
with the result as a table and the SQL in a collapsible block so it can be checked.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from agents import units
from agents.builtin import fmt, intent_data
from agents.builtin.bind_data import ColumnWords, Period, Threshold
from agents.builtin.binding import Found
from agents.builtin.data_columns import HEAD_ROWS, Shape, join_keys, shape_of
from agents.builtin.data_names import Candidate, Match, match_values, worth_looking_up
from agents.builtin.data_sql import (
    MAX_SERIES,
    MCF_PER_BOE,
    RATIOS,
    Bound,
    Composed,
    GroupBy,
    Measure,
    Plan,
    Ratio,
    ValueFilter,
    column_measure,
    compose,
    literal,
    phase_measure,
    ratio_measure,
    ratio_phases,
)
from agents.builtin.work import AskBack, Work, read_frame, writer
from agents.tools.common import normalise
from agents.tools.sql_engine import identifier
from agents.tools.sql_tables import SqlColumn, catalogue

# The recognisers of data questions (registered on import).
_RECOGNISERS = intent_data
SHOWN_ROWS = 30
_GROUP_WORDS = {"well": "well", "month": "month", "quarter": "quarter", "year": "year"}
_STAT_WORDS = {
    "sum": "total",
    "avg": "average",
    "max": "peak monthly",
    "min": "lowest monthly",
}


@writer("query_table", tool="query_table", job="answers questions about your tables with SQL")
def answer(work: Work) -> str:
    text = work.intent.text
    shapes = _shapes(work)
    production = _production(work, shapes)
    header = next(
        (
            s
            for s in reversed(shapes)
            if s.is_header
            and s.table.row.type == "userinput"
            and s.table.rowid != production.table.rowid
        ),
        None,
    )
    plan = Plan(production=production)
    matches = _names(work, text, production, header)
    _bind_names(work, plan, matches, header)
    _groups(work, plan, header)
    if plan.header is not None:
        plan.join = join_keys(production, plan.header)
        if plan.join is None:
            raise AskBack(
                f"`{header.table.file_name}` has the column the question names, but I cannot "
                f"tell which of its rows belong to which well of `{production.table.file_name}`: "
                "neither an API number nor a well name is in both tables."
            )
    _stat_and_measures(work, plan)
    _filters(work, plan)
    _rank(work, plan)
    series = _series(work, plan) if plan.chart else []
    composed = compose(plan, series_wells=series)
    title = _title(work, plan)
    result = work.call("query_table", sql=composed.sql, title=title[:120], max_rows=None, save=True)
    _show_columns_read(result, plan)
    body = _write(work, plan, composed, result, title)
    if plan.chart:
        body = _chart(work, plan, result, title) + "\n\n" + body
    return body + "\n\n" + _sql_block(composed.sql, plan) + _saved_line(result)


# --- the tables ---------------------------------------------------------------------------


def _shapes(work: Work) -> list[Shape]:
    tables = catalogue(work.ctx.conversation)
    if not tables:
        raise AskBack(
            "There is no table in this conversation yet. Upload a production export (CSV, "
            "Excel or Parquet: a date, a well and oil, gas or water volumes) and ask again."
        )
    shapes = []
    for table in tables:
        head = read_frame(table.row, nrows=HEAD_ROWS)
        if head is not None and not head.empty:
            shapes.append(shape_of(table, head))
    return shapes


def _production(work: Work, shapes: list[Shape]) -> Shape:
    rowid = work.params.get("row")
    if rowid is not None:
        work.explicit_row(rowid)  # says which rows exist when there is no such row
        chosen = next((s for s in shapes if s.table.rowid == rowid), None)
        if chosen is None:
            raise AskBack(f"Row {rowid} is not a table I can read.")
        if not chosen.is_production:
            raise AskBack(_not_production(chosen))
        return chosen
    # The newest uploaded production table; a table a tool wrote (a forecast, a query's
    # result) only when there is no upload.
    ranked = sorted(shapes, key=lambda s: (s.table.row.type == "userinput", s.table.rowid))
    production = next((s for s in reversed(ranked) if s.is_production), None)
    if production is None:
        names = ", ".join(f"`{s.table.file_name}` (row {s.table.rowid})" for s in shapes)
        raise AskBack(
            "I answer data questions over a production table: a date column and oil, gas or "
            f"water volumes (and a well column). None of this conversation's tables ({names or 'none readable'}) "
            "looks like one. Ask me to describe a table to see its columns."
        )
    return production


def _not_production(shape: Shape) -> str:
    columns = ", ".join(f"`{c.name}`" for c in shape.columns)
    return (
        f"Row {shape.table.rowid} (`{shape.table.file_name}`) has no date column with oil, gas "
        f"or water volumes beside it (its columns: {columns}), so it is not a production table "
        "I can total by well and month."
    )


# --- names in the question ------------------------------------------------------------------


def _names(work: Work, text: str, production: Shape, header: Shape | None) -> list[Match]:
    if not worth_looking_up(text):
        return []
    parts: list[str] = []
    skip_p = {c.name for c in (production.date, *production.phases.values()) if c is not None}
    for column in production.text_columns:
        if column.name not in skip_p:
            parts.append(_distinct("p", production, column))
    if header is not None:
        for column in header.text_columns:
            parts.append(_distinct("h", header, column))
    if not parts:
        return []
    result = work.call(
        "query_table",
        sql="\nUNION ALL\n".join(parts),
        title="values looked up",
        save=False,
    )
    _drop_sql_input(result)
    candidates = [Candidate(t, c, v) for t, c, v in result.get("rows") or [] if v]
    return match_values(text, candidates)


def _distinct(tag: str, shape: Shape, column: SqlColumn) -> str:
    return (
        f"SELECT DISTINCT {literal(tag)} AS t, {literal(column.name)} AS c, "
        f"CAST({column.ref} AS VARCHAR) AS v FROM {identifier(shape.table.name)}"
    )


def _bind_names(work: Work, plan: Plan, matches: list[Match], header: Shape | None) -> None:
    """Wells matched to the production table's well column; other values become filters
    (of the production table, or of the header table through the join)."""
    production = plan.production
    wells: list[str] = []
    spans: list[tuple[int, int]] = []
    by_column: dict[tuple[str, str], list[str]] = {}
    value_spans: list[tuple[int, int]] = []
    for m in matches:
        c = m.candidate
        if c.table == "p" and production.well is not None and c.column == production.well.name:
            if c.value not in wells:
                wells.append(c.value)
            spans.append(m.span)
            continue
        if c.table == "h" and header is None:
            continue
        listed = by_column.setdefault((c.table, c.column), [])
        if c.value not in listed:
            listed.append(c.value)
        value_spans.append(m.span)
    values = []
    for (table, column_name), options in by_column.items():
        shape = production if table == "p" else header
        values.append(ValueFilter(table, shape.column(column_name), tuple(options)))
        if table == "h":
            plan.header = header
    if wells:
        plan.wells = wells
        _bind(work, "wells", wells, spans)
    if values:
        plan.values = values
        _bind(work, "values", [str(v) for v in values], value_spans)


def _bind(work: Work, name: str, value: Any, spans: list[tuple[int, int]]) -> None:
    """``value`` bound from the question's ``spans`` (the figures inside them are used)."""
    work.bind_span(name, value, spans[0])
    work.intent.found[name] = Found(value, tuple(spans))


# --- what is asked ----------------------------------------------------------------------------


def _column_for(words: str, shapes: list[tuple[str, Shape]]) -> tuple[str, Shape, SqlColumn] | None:
    want = normalise(words)
    singular = re.sub(r"(?:ies)$", "y", want)
    singular = re.sub(r"s$", "", singular) if singular == want else singular
    for tag, shape in shapes:
        for column in shape.columns:
            name = normalise(column.name)
            if name in {want, singular} or re.search(
                rf"\b(?:{re.escape(want)}|{re.escape(singular)})\b", name
            ):
                return tag, shape, column
    return None


def _groups(work: Work, plan: Plan, header: Shape | None) -> None:
    groups: list[GroupBy] = []
    for g in work.params.get("groups") or []:
        if isinstance(g, ColumnWords):
            found = _column_for(
                g.words, [("p", plan.production)] + ([("h", header)] if header else [])
            )
            if found is None and g.soft:
                continue
            if found is None:
                tables = [plan.production] + ([header] if header else [])
                listing = "; ".join(
                    f"`{s.table.file_name}`: " + ", ".join(f"`{c.name}`" for c in s.columns)
                    for s in tables
                )
                raise AskBack(
                    f'I could not find a column for "{g.words}" to group by. The columns are '
                    f"{listing}."
                )
            tag, shape, column = found
            if tag == "h":
                plan.header = shape
            if plan.production.well is not None and column.name == plan.production.well.name:
                groups.append(GroupBy("well", "well", label="well"))
                continue
            groups.append(
                GroupBy("column", column.sql_name, f"{tag}.{column.ref}", label=column.name)
            )
        elif g in _GROUP_WORDS and not any(x.kind == g for x in groups):
            groups.append(GroupBy(g, g, label=g))
    if len(plan.wells) >= 2 and not any(g.kind == "well" for g in groups):
        # Several wells named: each one's figure, not their sum.
        groups.insert(0, GroupBy("well", "well", label="well"))
    plan.groups = groups


def _stat_and_measures(work: Work, plan: Plan) -> None:
    text = work.intent.text.lower()
    stat = work.params.get("stat") or "sum"
    if stat == "count" and not re.search(r"\bwells?\b|\bmonths?\b|\bproduc", text):
        stat = "rows" if re.search(r"\b(?:rows?|records?|lines?|entries)\b", text) else stat
    if stat == "count":
        # What is counted is the noun after "how many" / "number of": "how many wells had a
        # month over ..." counts wells.
        asked = re.search(
            r"\b(?:how\s+many|number\s+of|count(?:\s+of)?(?:\s+the)?)\s+(?:\w+\s+){0,2}?"
            r"(?P<noun>wells?|months?|rows?|records?|producers?)\b",
            text,
        )
        noun = asked.group("noun") if asked else ("month" if "month" in text else "well")
        plan.count_of = "months" if noun.startswith("month") else "wells"
        plan.started = bool(work.params.get("started")) and plan.count_of == "wells"
    if stat == "dates" or (
        work.params.get("started")
        and stat not in {"count", "rows"}
        and not work.params.get("measures")
        and not work.params.get("thresholds")
    ):
        stat = "dates"
        plan.newest_first = bool(
            re.search(r"\b(?:latest|newest|most\s+recent(?:ly)?|youngest|last)\b", text)
            and re.search(r"\bstart|\bcame\s+on|\bonline|\bbrought|\bnew", text)
        )
    plan.stat = stat
    plan.running = bool(work.params.get("running")) and stat == "sum"
    plan.chart = bool(work.params.get("chart"))
    # "average oil per well": the average of the wells' totals, not each well's own figure
    # (that is "by well" or "for each well").
    plan.per_well = bool(
        stat == "avg"
        and re.search(
            r"\bper\s+well\b|\ba\s+well\b|\bwell\s+average\b|\bacross\s+(?:the\s+)?wells\b", text
        )
        and not re.search(r"\b(?:by|each|every)\s+wells?\b|\bwell\s+by\s+well\b", text)
    )
    if plan.per_well:
        plan.groups = [g for g in plan.groups if g.kind != "well"]
    phases = list(work.params.get("measures") or [])
    measures: list[Measure] = []
    for phase in phases:
        measure = phase_measure(plan.production, phase)
        if measure is None:
            listing = ", ".join(f"`{c.name}`" for c in plan.production.columns)
            raise AskBack(
                f"`{plan.production.table.file_name}` has no {phase} column (its columns: "
                f"{listing}), so I cannot answer for {phase}."
            )
        measures.append(measure)
    ratio_keys = list(work.params.get("ratios") or [])
    if ratio_keys:
        _check_ratio_question(work, plan, stat, ratio_keys)
        for key in ratio_keys:
            for phase in ratio_phases(key):
                if any(m.key == phase for m in measures):
                    continue
                measure = phase_measure(plan.production, phase)
                if measure is None:
                    raise AskBack(
                        f"The {RATIOS[key][0]} needs {phase} volumes, and "
                        f"`{plan.production.table.file_name}` has no {phase} column."
                    )
                measures.append(measure)
        plan.ratios = [ratio_measure(key, measures) for key in ratio_keys]
        if stat == "avg":
            work.assume(
                "An average ratio over a period is the ratio of its totals (volume-weighted), "
                "not an average of monthly ratios."
            )
            stat = plan.stat = "sum"
            plan.per_well = False
    if not measures:
        measures = _named_columns(text, plan.production)
    if not measures and stat not in {"dates", "rows"} and not (stat == "count" and plan.started):
        default = next(
            (
                phase_measure(plan.production, p)
                for p in ("oil", "gas", "boe", "water")
                if phase_measure(plan.production, p) is not None
            ),
            None,
        )
        if default is None:
            raise AskBack("I could not tell which volume to use; name oil, gas or water.")
        measures = [default]
        if stat != "count":
            work.default(
                "measure",
                default.label,
                label="Measured",
                why=f"no phase was named; {default.label} is read from column "
                f"'{default.reads[0] if default.reads else default.label}'",
            )
    plan.measures = measures
    if any(m.key == "boe" for m in measures) and "boe" not in plan.production.phases:
        work.assume(
            f"BOE = oil + gas / {MCF_PER_BOE:g} (6 Mcf of gas to one barrel of oil "
            "equivalent, on energy)."
        )
    wells_named = len(plan.wells) >= 1
    plan.well_grain = (
        any(g.kind == "well" for g in plan.groups)
        or plan.per_well
        or bool(re.search(r"\b(?:a|any|single|one|each|every|per)\s+well\b", text))
        or (wells_named and len(plan.wells) == 1)
        or (stat == "count" and plan.count_of == "wells")
    )


def _check_ratio_question(work: Work, plan: Plan, stat: str, keys: list[str]) -> None:
    """A ratio is computed over a period (of its totals) or month by month (a chart,
    the peak or lowest month): not counted, accumulated or compared with a threshold."""
    label = " and ".join(RATIOS[k][0] for k in keys)
    by = "by well, by month or by year" if plan.production.well else "by month or by year"
    if stat in {"count", "rows", "dates"} or plan.running or work.params.get("thresholds"):
        raise AskBack(
            f"I compute the {label} over a period (of its totals), {by}, its peak or lowest "
            f"month, or as a chart; I do not count, accumulate or filter by it. Ask, e.g., "
            f'"{label} {by.split(",")[0]}" and read the wells off the table.'
        )


def _named_columns(text: str, shape: Shape) -> list[Measure]:
    """Numeric columns (not phases) the question names: "total hours by well"."""
    out = []
    taken = {c.name for c in shape.phases.values()}
    for column in shape.numeric_columns:
        words = normalise(column.name)
        if column.name in taken or len(words) < 3:
            continue
        if re.search(rf"\b{re.escape(words)}\b", normalise(text)):
            out.append(column_measure(column))
    return out


def _filters(work: Work, plan: Plan) -> None:
    periods: list[Period] = list(work.params.get("period") or [])
    plan.periods = periods
    plan.recent = work.params.get("recent")
    plan.life = work.params.get("life")
    if plan.life is not None and plan.recent is not None:
        work.skip(
            "recent", "a question about each well's first months cannot also take the latest months"
        )
        plan.recent = None
    if periods and plan.started is False and plan.stat == "dates":
        plan.started = True
    for threshold in work.params.get("thresholds") or []:
        plan.bounds.append(_bound(work, plan, threshold))


def _bound(work: Work, plan: Plan, threshold: Threshold) -> Bound:
    text = work.intent.text.lower()
    where = text.find(threshold.text.lower())
    after = (
        text[where + len(threshold.text) : where + len(threshold.text) + 30] if where >= 0 else ""
    )
    before = text[max(0, where - 40) : where] if where >= 0 else ""
    measure = None
    for m in plan.measures:
        if re.search(rf"\b{re.escape(m.key)}\b", after) or re.search(
            rf"\b{re.escape(m.key)}\b", before[-15:]
        ):
            measure = m
            break
    if measure is None and threshold.unit:
        compatible = [m for m in plan.measures if m.unit and _converts(threshold.unit, m.unit)]
        measure = compatible[0] if compatible else None
    measure = measure or (plan.measures[0] if plan.measures else None)
    if measure is None:
        raise AskBack(f'I could not tell what "{threshold.text}" compares; name oil, gas or water.')
    value = threshold.value
    if threshold.unit and measure.unit and threshold.unit != measure.unit:
        if not _converts(threshold.unit, measure.unit):
            raise AskBack(
                f'"{threshold.text}" is in {threshold.unit}, which {measure.label} (in '
                f"{measure.unit}) cannot be compared with: monthly volumes are in the file."
            )
        value = units.convert(threshold.value, threshold.unit, measure.unit)
        work.assume(f'"{threshold.text}" is {fmt.num(value)} {measure.unit} in the file\'s unit.')
    group_words = re.search(
        r"\b(?:cumulative|cum|total|in\s+total|overall|lifetime|combined|so\s+far|to\s+date|"
        r"altogether)\b",
        before + " " + after,
    )
    month_words = re.search(
        r"\b(?:in\s+a\s+(?:single\s+)?month|a\s+month|any\s+month|per\s+month|monthly|"
        r"months?\s+(?:where|when|with|that)|how\s+many\s+months|which\s+months?)\b",
        text,
    )
    grouped = any(g.kind in {"well", "column"} for g in plan.groups) or plan.per_well
    if plan.stat == "count" and plan.count_of == "wells" and not month_words:
        scope = "group"
    elif group_words or (grouped and not month_words):
        scope = "group"
    else:
        scope = "row"
    if scope == "row" and plan.stat == "count" and plan.count_of == "wells":
        plan.well_grain = True
    return Bound(threshold, measure, scope, value)


def _converts(a: str, b: str) -> bool:
    try:
        units.convert(1.0, a, b)
    except Exception:  # pint refuses: different dimensions
        return False
    return True


def _rank(work: Work, plan: Plan) -> None:
    text = work.intent.text.lower()
    rank = work.params.get("rank")
    n = work.params.get("n")
    singular = re.search(
        r"\b(?:which|what)\s+(?:well|month|year|quarter|county|operator|formation|lease|pad|field)\b"
        r"(?!s)|\bthe\s+(?:single\s+)?(?:best|worst|top|highest|lowest)\s+(?:well|month|year)\b(?!s)",
        text,
    )
    if plan.stat == "dates":
        if singular or n is not None:
            plan.rank = "top"
            plan.n = n or 1
        return
    if plan.stat in {"max", "min"} and n is None and not singular:
        rank = None  # "the best month", "peak oil": the figure itself, not a ranking
    if plan.stat in {"count", "rows"} or plan.running or plan.chart:
        if n is not None:
            work.skip("n", "a count, a running total or a chart lists every group")
        return
    if rank is None and singular and plan.groups:
        rank = "top"
    if rank is None:
        if n is not None:
            work.skip("n", "nothing is ranked in this question")
        return
    if not plan.groups:
        # "the best month", "the top wells" with no "by": rank wells (or months).
        kind = "month" if re.search(r"\bmonths?\b", text) else "well"
        if kind == "well" and plan.production.well is None:
            kind = "month"
        plan.groups = [GroupBy(kind, kind, label=kind)]
        if kind == "well":
            plan.well_grain = True
    plan.rank = rank
    if n is None:
        n = (
            1
            if singular
            else work.default(
                "n", 5, label="How many", why="no number was asked; the first five are listed"
            )
        )
    plan.n = int(n)


def _series(work: Work, plan: Plan) -> list[str]:
    if plan.wells:
        wells = plan.wells
    elif any(g.kind == "well" for g in plan.groups):
        head = plan.production.head
        column = plan.production.well
        wells = sorted({str(v) for v in head[column.name].dropna()}) if column is not None else []
        result = work.call(
            "query_table",
            sql=f"SELECT DISTINCT CAST({column.ref} AS VARCHAR) AS well FROM "
            f"{identifier(plan.production.table.name)} ORDER BY 1",
            title="wells",
            save=False,
        )
        _drop_sql_input(result)
        wells = [r[0] for r in result.get("rows") or [] if r[0]]
    else:
        return []
    per_series = max(1, len(plan.measures))
    room = max(1, MAX_SERIES // per_series)
    if len(wells) > room:
        work.assume(
            f"The chart draws {room} of the {len(wells)} wells ({', '.join(wells[:room])}); "
            "name the wells to draw others."
        )
        wells = wells[:room]
    return wells


# --- what the answer says -----------------------------------------------------------------------


def _scope_words(plan: Plan) -> str:
    bits = []
    if plan.wells and not any(g.kind == "well" for g in plan.groups):
        bits.append("for " + _and(plan.wells))
    elif plan.wells:
        bits.append("for " + _and(plan.wells))
    for v in plan.values:
        bits.append(f"where {v.column.name} is {v.value}")
    if plan.periods and not (plan.stat == "count" and plan.started):
        bits.append("in " + _periods(plan.periods))
    if plan.recent is not None:
        bits.append(f"in the latest {plan.recent} months of the file")
    if plan.life is not None:
        bits.append(f"in each well's first {plan.life} months of production")
    for b in plan.bounds:
        bits.append(_bound_words(b))
    return " ".join(bits)


def _bound_words(b: Bound) -> str:
    what = "total" if b.scope == "group" else "month"
    words = {">": "above", ">=": "at least", "<": "below", "<=": "at most"}[b.threshold.op]
    return f"({what} {b.measure.label} {words} {fmt.num(b.value)} {b.measure.unit})".replace(
        " )", ")"
    )


def _periods(periods: list[Period]) -> str:
    out = []
    for p in periods:
        if p.start and p.end:
            last = date.fromordinal(p.end.toordinal() - 1)
            if p.start.month == 1 and p.start.day == 1 and last.month == 12 and last.day == 31:
                out.append(
                    str(p.start.year)
                    if p.start.year == last.year
                    else f"{p.start.year}-{last.year}"
                )
            else:
                out.append(f"{p.start.isoformat()} to {last.isoformat()}")
        elif p.start:
            out.append(f"from {p.start.isoformat()}")
        elif p.end:
            out.append(f"before {p.end.isoformat()}")
    return " and ".join(out)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _title(work: Work, plan: Plan) -> str:
    measures = " and ".join(m.label for m in plan.measures) or "wells"
    if plan.ratios:
        measures = " and ".join(r.label for r in plan.ratios)
    groups = " and ".join(g.label for g in plan.groups if g.kind != "well" or not plan.chart)
    if plan.stat == "dates":
        head = "first and last production"
    elif plan.stat == "count":
        head = f"number of {plan.count_of}" + (" started" if plan.started else "")
    elif plan.stat == "rows":
        head = "rows"
    elif plan.running:
        head = f"cumulative {measures}"
    elif plan.ratios and plan.stat == "sum":
        head = measures
    else:
        head = f"{_STAT_WORDS.get(plan.stat, plan.stat)} {measures}"
    if groups:
        head += f" by {groups}"
    scope = _scope_words(plan)
    return (head + (" " + scope if scope else "")).strip()


def _value(v: Any) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if not math.isfinite(v):
            return "n/a"
        if abs(v) >= 100 or v == int(v):
            return f"{v:,.0f}"
        return f"{v:,.3g}"
    return str(v)


def _with_unit(v: Any, measure: Measure | None) -> str:
    shown = _value(v)
    if measure is None or v is None:
        return shown
    return f"{shown}%" if measure.unit == "%" else f"{shown} {measure.unit}".strip()


def _header(column: str, measure: Measure | None, what: str) -> str:
    """A result column as the answer's table heads it: "oil (bbl)", "average gas (Mcf)"."""
    if measure is None:
        return column.replace("_", " ")
    if column.endswith(measure.shown):  # a chart series, already "Hawkins 1H oil (bbl)"
        return column
    unit = f" ({measure.unit})" if measure.unit else ""
    if what in {"total", "ratio"}:
        return f"{measure.label}{unit}"
    return f"{what} {measure.label}{unit}"


def _write(work: Work, plan: Plan, composed: Composed, result: dict, title: str) -> str:
    columns = result.get("columns") or []
    rows = result.get("rows") or []
    count = result.get("row_count", len(rows))
    meaning = {name: (m, what) for name, m, what in composed.values}
    source = f"`{plan.production.table.file_name}` (row {plan.production.table.rowid})"
    if plan.header is not None:
        source += f" joined to `{plan.header.table.file_name}` (row {plan.header.table.rowid})"
    if not rows:
        return f"No rows match: {title} gives nothing in {source}. " + _empty_hint(plan)
    if plan.stat == "rows":
        return f"{source} has **{_value(rows[0][0])} rows**."
    if plan.chart:
        # The chart says it; the table it was drawn from is the saved row.
        first, last = rows[0][0], (result.get("last_row") or rows[-1])[0]
        return (
            f"Drawn from {source}: {count:,} points, {str(first)[:7]} to {str(last)[:7]}.\n\n"
            + _method(plan)
        )
    headline = _headline(plan, composed, columns, rows, result, title, source)
    lines = [headline]
    if len(rows) > 1 or composed.keys:
        lines += ["", _table(columns, rows, meaning, composed.keys)]
        if count > SHOWN_ROWS:
            lines.append(f"\n(The first {SHOWN_ROWS} of {count:,} rows; all are in the saved row.)")
    if result.get("truncated"):
        lines.append(
            f"\nThe result was cut at the row limit ({count:,} rows): ask for less, by year or "
            "for fewer wells."
        )
    lines += ["", _method(plan)]
    return "\n".join(lines)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _headline(plan, composed, columns, rows, result, title, source) -> str:
    """The answer's first sentence: the figure asked for, in words."""
    if plan.stat == "count":
        return _count_words(plan, columns, rows, source)
    if plan.stat == "dates":
        return _dates_words(plan, columns, rows, source)
    scope = _scope_words(plan)
    if plan.ratios and not composed.keys and len(rows) == 1:
        return _ratio_words(plan, composed, columns, rows[0], title, source)
    if not composed.keys and len(rows) == 1:
        figures = []
        for name, value in zip(columns, rows[0], strict=False):
            m, what = dict((n, (mm, w)) for n, mm, w in composed.values).get(name, (None, name))
            if m is None:
                figures.append(f"{_value(value)} {what}")
            else:
                figures.append(f"**{_with_unit(value, m)}** of {m.label}")
        return f"{_cap(title)}, from {source}: " + ", over ".join(figures) + "."
    if plan.rank is not None and plan.n == 1:
        key = " / ".join(str(rows[0][columns.index(k)]) for k in composed.keys if k in columns)
        name, m, what = composed.values[0]
        value = rows[0][columns.index(name)]
        highest = "lowest" if plan.rank == "bottom" else "highest"
        group = plan.groups[0].label if plan.groups else "well"
        return (
            f"**{key}** is the {group} with the {highest} {what} {m.label}"
            f"{' ' + scope if scope else ''}: **{_with_unit(value, m)}** (from {source})."
        )
    if plan.running and composed.keys == ["month"] and result.get("last_row"):
        name, m, _what = composed.values[0]
        last = result["last_row"]
        return (
            f"{_cap(title)}, from {source}: **{_with_unit(last[columns.index(name)], m)}** "
            f"by {last[columns.index('month')]}."
        )
    if plan.rank is not None:
        where = f" ({scope})" if scope else ""
        group = plan.groups[0].label if plan.groups else "well"
        ranked = "bottom" if plan.rank == "bottom" else "top"
        name, m, what = composed.values[0]
        return f"The {ranked} {plan.n} by {what} {m.label}{where}, from {source}:"
    return f"{_cap(title)}, from {source}:"


def _ratio_words(plan: Plan, composed: Composed, columns, row, title: str, source: str) -> str:
    """ "Water cut for Hawkins 2H ...: **24.1 %** (water / (oil + water) x 100, of 10,000
    bbl of oil and 3,200 bbl of water)."""
    values = dict(zip(columns, row, strict=False))
    ratios, totals = [], []
    for name, m, _what in composed.values:
        if isinstance(m, Ratio):
            ratios.append((m, values.get(name)))
        elif m is not None:
            totals.append(f"{_with_unit(values.get(name), m)} of {m.label}")
    shown = []
    for r, value in ratios:
        of = f", of {_and(totals)}" if totals else " of each month"
        figure = "n/a" if value is None else _with_unit(value, r)
        shown.append(f"{r.label} **{figure}** ({r.formula}{of})")
    return f"{_cap(title)}, from {source}: " + "; ".join(shown) + "."


def _empty_hint(plan: Plan) -> str:
    dates = plan.production.date
    if plan.periods and dates is not None:
        return (
            f"Check the period: the file's `{dates.name}` column covers other dates "
            "(ask me to describe the table to see its range)."
        )
    return "Check the names and figures in the question."


def _count_words(plan: Plan, columns, rows, source) -> str:
    scope = _scope_words(plan)
    if "which" in columns and len(rows) == 1 and set(columns) <= {"wells", "which"}:
        wells = rows[0][columns.index("wells")]
        which = rows[0][columns.index("which")] or "none"
        if plan.started:
            verb = "started producing" + (f" in {_periods(plan.periods)}" if plan.periods else "")
        else:
            verb = "have production" + (f" {scope}" if scope else "")
        noun = "well" if wells == 1 else "wells"
        return f"**{_value(wells)} {noun}** {verb} in {source}: {which}."
    if columns == ["months"] and len(rows) == 1:
        months = rows[0][0]
        noun = "month" if months == 1 else "months"
        return f"**{_value(months)} {noun}** {scope or 'with production'} in {source}."
    return f"Number of {plan.count_of}{' ' + scope if scope else ''} in {source}:"


def _dates_words(plan: Plan, columns, rows, source) -> str:
    if len(rows) == 1:
        r = dict(zip(columns, rows[0], strict=False))
        return (
            f"**{r['well']}** first produced in **{str(r['first_production'])[:7]}** and last in "
            f"**{str(r['last_production'])[:7]}** ({_value(r['months_on_production'])} months, "
            f"from {source})."
        )
    return f"First and last production month of each well, from {source}:"


def _table(columns: list[str], rows: list[list[Any]], meaning, keys: list[str]) -> str:
    header = []
    for name in columns:
        m, what = meaning.get(name, (None, name))
        header.append(name if name in keys else _header(name, m, what))
    body = [
        [
            fmt.cell(str(v) if name in keys else _value(v))
            for name, v in zip(columns, row, strict=False)
        ]
        for row in rows[:SHOWN_ROWS]
    ]
    return fmt.table(header, body)


def _method(plan: Plan) -> str:
    bits = ["Method: read-only SQL (DuckDB) over the uploaded table"]
    if plan.stat in {"sum", "avg", "max", "min"} or plan.running:
        bits.append("volumes are added up by well and calendar month first")
        if not plan.well_grain and plan.stat in {"avg", "max", "min"}:
            bits.append(
                "then the wells of each month are added up, so averages, peaks and lows are of "
                "field months"
            )
        elif plan.stat in {"avg", "max", "min"} and not plan.ratios:
            bits.append("averages, peaks and lows are of well-months (zero months count)")
        if plan.per_well:
            bits.append("the average per well is of each well's total")
    for r in plan.ratios:
        bits.append(
            f"{r.label} = {r.formula} in {r.unit}"
            + (
                ", of each month (a month without its denominator has none)"
                if plan.stat in {"max", "min"} or plan.chart
                else ", of the totals over what was asked (volume-weighted, not an average of "
                "monthly ratios)"
            )
        )
    if plan.stat in {"dates"} or plan.started or plan.life is not None:
        bits.append(
            "a well's first and last production are its first and last month with oil or gas above zero"
        )
    if plan.stat == "count" and plan.count_of == "wells" and not plan.started:
        bits.append(
            "a well counts when it has production (or passes the threshold) in what was asked"
        )
    if plan.join is not None:
        how, p_col, h_col = plan.join
        by = (
            f"API number (first 10 digits of `{p_col.name}` and `{h_col.name}`)"
            if how == "api"
            else f"well name (`{p_col.name}` and `{h_col.name}`, ignoring case, spaces and punctuation)"
        )
        bits.append(
            f"header columns come from a left join by {by}; wells without a header row show as empty"
        )
    return "; ".join(bits) + "."


def _sql_block(sql: str, plan: Plan) -> str:
    return (
        "<details><summary>SQL that ran (DuckDB, read-only)</summary>\n\n"
        f"```sql\n{sql}\n```\n\n</details>"
    )


def _saved_line(result: dict) -> str:
    rowid = result.get("result_rowid")
    if not rowid:
        return ""
    return (
        f"\n\nThe result is saved as row {rowid} (`{result.get('result_table')}` in SQL): ask "
        f'"chart row {rowid}" or query it again.'
    )


def _chart(work: Work, plan: Plan, result: dict, title: str) -> str:
    rowid = result.get("result_rowid")
    if not rowid or not result.get("row_count"):
        raise AskBack(f"There is nothing to chart: {title} gives no rows.")
    drawn = work.call("chart_row", rowid=rowid, kind="line", title=title[:200])
    series = [c for c in result.get("columns") or [] if c not in {"month", "year", "quarter"}]
    return (
        f"Charted {title} (the chart is row {drawn.get('rowid')}). Series: "
        + ", ".join(f"`{s}`" for s in series)
        + "."
    )


def _drop_sql_input(result: dict) -> None:
    """The answer shows the SQL itself (formatted, collapsible): not again as an input line."""
    result["inputs"] = [i for i in result.get("inputs") or [] if i.get("name") != "sql"]


def _show_columns_read(result: dict, plan: Plan) -> None:
    """The query's result reports the tables; the columns each measure read go beside them."""
    _drop_sql_input(result)
    extra = []
    for m in plan.measures:
        for column in m.reads:
            extra.append(
                {
                    "name": f"column_{column}",
                    "label": f"{m.label.capitalize()} volumes",
                    "value": f"column '{column}'",
                    "unit": "",
                    "source": "file",
                    "detail": f"'{plan.production.table.file_name}' (running-table row "
                    f"{plan.production.table.rowid}), unit {m.unit or 'as in the file'}",
                }
            )
    result["inputs"] = (result.get("inputs") or []) + extra
