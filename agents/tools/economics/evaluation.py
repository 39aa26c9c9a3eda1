"""An economics run from a tool call: read the rows, resolve the terms, run every well.

The economics read forecasts through the tables other tools write (their columns), never
through those tools' code, so any forecast table (or an upload shaped like one) can be
valued.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import find_column, find_date_column, normalise, numeric, read_row_frame
from agents.tools.economics.cashflow import Case, PhaseVolumes
from agents.tools.economics.costs import CapexItem
from agents.tools.economics.indicators import Measures
from agents.tools.economics.interests import Interest
from agents.tools.economics.prices import PHASE_LABEL
from agents.tools.economics.project import measure, run_wells
from agents.tools.economics.record import InputLog
from agents.tools.economics.sheet import Sheet, SheetValue, read_cost_sheet
from agents.tools.economics.terms import Terms, resolve_terms
from agents.tools.economics.terms_costs import capex_item
from agents.tools.economics.timeline import Timeline, to_month
from agents.tools.economics.volumes import (
    WellStream,
    align,
    inline_stream,
    merge_streams,
    streams_from_frame,
    with_start,
)
from agents.tools.registry import ToolContext, ToolError

CATEGORIES = ("PDP", "PDNP", "PUD", "PROB", "POSS")
DEFAULT_CATEGORY = "unclassified"
MAX_HORIZON_YEARS = 100


@dataclass
class Well:
    name: str | None
    category: str
    risk: float


@dataclass
class Evaluation:
    log: InputLog
    timeline: Timeline
    terms: Terms
    cases: list[Case]
    wells: list[Well]
    sources: list[str]
    notes: list[str] = field(default_factory=list)
    unpriced: str | None = None  # a phase with no price: the run is a break-even only
    total: dict[str, np.ndarray] = field(default_factory=dict)
    basis: Measures | None = None
    before_tax: Measures | None = None
    after_tax: Measures | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)  # one per well
    sums: dict[str, Any] = field(default_factory=dict)  # see project.empty_sums
    lives: list[int] = field(default_factory=list)
    well_count: int = 0

    def __post_init__(self) -> None:
        self.well_count = self.well_count or len(self.cases)

    @property
    def after_tax_case(self) -> bool:
        return self.terms.taxes.income is not None


def _streams(ctx: ToolContext, arguments: dict[str, Any], log: InputLog) -> list[WellStream]:
    rowid = arguments.get("forecast_rowid")
    more = arguments.get("more_forecast_rowids") or []
    inline = {p: arguments.get(f"{p}_volumes") for p in ("oil", "gas", "ngl", "water")}
    if rowid is None and more:
        rowid, more = more[0], more[1:]
    if rowid is not None:
        ctx.log(f"Reading the forecast in row {rowid}...")
        _, frame = read_row_frame(ctx, rowid)
        streams = streams_from_frame(frame, rowid=int(rowid), well=arguments.get("well"))
        for other in more:
            ctx.log(f"Reading the forecast in row {other}...")
            _, extra = read_row_frame(ctx, other)
            streams = merge_streams(
                streams, streams_from_frame(extra, rowid=int(other), well=arguments.get("well"))
            )
        if any(inline.values()):
            for phase, values in inline.items():
                if values:
                    log.unused(
                        f"{phase}_volumes", len(values), "the forecast row is valued instead"
                    )
    elif any(inline.values()):
        streams = [inline_stream(**inline)]
    else:
        raise ToolError(
            "Which production should I value? Give a forecast row (forecast_rowid) or monthly "
            "oil_volumes / gas_volumes."
        )
    for stream in streams:
        log.add(
            f"volumes{'_' + stream.well if stream.well else ''}",
            f"gross monthly volumes{' of ' + stream.well if stream.well else ''}",
            f"{stream.months} months",
            "",
            "stated" if stream.source == "volumes given inline" else "file",
            stream.source,
        )
    start = arguments.get("start_date")
    if start:
        period = to_month(start, what="start_date")
        dated = [s.start is not None for s in streams]
        if all(dated):
            log.unused("start_date", start, "the forecast has its own dates")
        else:
            streams = [with_start(s, period) for s in streams]
            log.stated("start_date", "first production month", str(period), "")
    gor = arguments.get("gor_scf_per_bbl")
    if gor is not None:
        used = False
        out = []
        for s in streams:
            if s.gas.sum() == 0 and s.oil.sum() > 0:
                s = replace(s, gas=s.oil * float(gor) / 1000.0)
                used = True
            out.append(s)
        streams = out
        if used:
            log.stated("gor_scf_per_bbl", "gas-oil ratio", gor, "scf/bbl", "gas = oil x GOR")
        else:
            log.unused("gor_scf_per_bbl", gor, "the forecast already has gas volumes")
    return streams


def _deck_table(
    ctx: ToolContext, rowid: int, sheet: Sheet, arguments: dict[str, Any]
) -> dict[str, tuple[list[dict[str, Any]], str]]:
    ctx.log(f"Reading the price deck in row {rowid}...")
    row, frame = read_row_frame(ctx, rowid)
    where_file = f"'{row.original_name}' (running-table row {rowid})"
    date_col = find_date_column(frame) or find_column(frame, include=[r"\byear\b", r"\bperiod\b"])
    if date_col is None:
        raise ToolError(f"The price deck in row {rowid} needs a date or year column.")
    found: dict[str, tuple[list[dict[str, Any]], str]] = {}
    patterns = {
        "oil": r"\boil\b|\bwti\b|\bbrent\b|\bcrude\b",
        "gas": r"\bgas\b|\bhenry\b|\bhh\b|\bmmbtu\b",
        "ngl": r"\bngls?\b",
    }
    for phase, pattern in patterns.items():
        column = next(
            (
                c
                for c in frame.columns
                if c != date_col
                and re.search(pattern, normalise(c))
                and numeric(frame[c]).notna().any()
            ),
            None,
        )
        if column is None:
            continue
        entries = []
        for _, line in frame[[date_col, column]].iterrows():
            price = numeric(pd.Series([line[column]])).iloc[0]
            if pd.isna(line[date_col]) or pd.isna(price):
                continue
            when = line[date_col]
            if isinstance(when, float) and when.is_integer():
                when = int(when)
            entries.append({"date": str(to_month(when, what="price deck date")), "price": price})
        if entries:
            found[phase] = (
                entries,
                f"{where_file}, column '{column}' by '{date_col}'",
            )
            if (
                phase == "gas"
                and "mmbtu" in normalise(column)
                and "gas_price_unit" not in arguments
            ):
                sheet.values["gas_price_unit"] = SheetValue(
                    "mmbtu", "", f"row {rowid}, column '{column}' is per MMBtu"
                )
    if not found:
        raise ToolError(
            f"The price deck in row {rowid} has no oil, gas or NGL price column (columns: "
            f"{', '.join(map(str, frame.columns))})."
        )
    return found


def _sec_strips(ctx: ToolContext, arguments: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    strips: dict[str, tuple[Any, str]] = {}
    for phase, values in (arguments.get("sec_strip") or {}).items():
        if not values:
            continue
        if all(isinstance(v, int | float) for v in values):
            strips[phase] = (list(values), "the 12 prices given")
        else:
            series = pd.Series(
                [float(v["price"]) for v in values], index=[_strip_date(v["date"]) for v in values]
            )
            strips[phase] = (series, "the dated prices given")
    rowid = arguments.get("sec_strip_rowid")
    if rowid is not None:
        ctx.log(f"Reading the price strip in row {rowid}...")
        _, frame = read_row_frame(ctx, rowid)
        date_col = find_date_column(frame)
        if date_col is None:
            raise ToolError(f"The price strip in row {rowid} needs a date column.")
        dates = pd.to_datetime(frame[date_col], errors="coerce")
        for phase, pattern in (
            ("oil", r"\boil\b|\bwti\b|\bbrent\b|\bcrude\b"),
            ("gas", r"\bgas\b|\bhenry\b|\bhh\b"),
        ):
            column = next(
                (c for c in frame.columns if c != date_col and re.search(pattern, normalise(c))),
                None,
            )
            if column is None or phase in strips:
                continue
            series = pd.Series(numeric(frame[column]).to_numpy(float), index=dates)
            series = series[series.index.notna()]
            strips[phase] = (series, f"row {rowid}, column '{column}'")
    return strips


def _strip_date(value: Any) -> pd.Timestamp:
    """A strip's date: a day as given, a month ('2024-03') as its first day."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        return to_month(text).start_time
    stamp = pd.to_datetime(text, errors="coerce")
    if pd.isna(stamp):
        raise ToolError(f"The strip date {value!r} is not a date I can read.")
    return pd.Timestamp(stamp)


def _sold_phases(volumes: list[PhaseVolumes], ngl_yield: float) -> set[str]:
    sold = set()
    for v in volumes:
        if v.oil.sum() > 0:
            sold.add("oil")
        if v.gas.sum() > 0:
            sold.add("gas")
            if ngl_yield > 0:
                sold.add("ngl")
        if v.ngl is not None and v.ngl.sum() > 0:
            sold.add("ngl")
    return sold


def prepare(ctx: ToolContext, arguments: dict[str, Any]) -> Evaluation:
    """Read everything the call names and build one case per well (nothing run yet)."""
    log = InputLog()
    sheet = None
    if arguments.get("costs_rowid") is not None:
        ctx.log(f"Reading the cost sheet in row {arguments['costs_rowid']}...")
        row, frame = read_row_frame(ctx, arguments["costs_rowid"])
        sheet = read_cost_sheet(
            frame, rowid=int(arguments["costs_rowid"]), file_name=row.original_name or ""
        )
        for item in sheet.not_used:
            log.unused("cost sheet", item["item"], item["why"])
    streams = _streams(ctx, arguments, log)
    effective = arguments.get("effective_date")
    effective_period = to_month(effective, what="effective date") if effective else None
    horizon = arguments.get("horizon_years")
    if horizon is not None:
        if not 0 < float(horizon) <= MAX_HORIZON_YEARS:
            raise ToolError(
                f"The horizon must be more than 0 and at most {MAX_HORIZON_YEARS} years."
            )
        log.stated("horizon_years", "horizon", horizon, "years")
    horizon_months = round(float(horizon) * 12) if horizon is not None else None
    timeline, volumes, notes = align(
        streams, effective=effective_period, horizon_months=horizon_months
    )
    if effective_period is not None:
        log.stated("effective_date", "effective date", str(effective_period), "")
    elif timeline.start is not None:
        log.default(
            "effective_date",
            "effective date",
            str(timeline.start),
            "",
            f"Effective date not stated: the first forecast month ({timeline.start}); cash "
            "flows are discounted to it",
        )
    else:
        log.convention("the volumes have no dates: months are counted from the effective date")
    deck = {}
    if arguments.get("price_deck_rowid") is not None and arguments.get("pricing") != "sec":
        sheet = sheet or Sheet(rowid=0)
        deck = _deck_table(ctx, int(arguments["price_deck_rowid"]), sheet, arguments)
    strips = _sec_strips(ctx, arguments) if arguments.get("pricing") == "sec" else {}
    if arguments.get("pricing") == "sec" and not strips:
        raise ToolError(
            "SEC pricing needs the price strip: 12 first-of-month prices (sec_strip) or a row "
            "with daily or monthly prices (sec_strip_rowid)."
        )
    sheet_yield = sheet.get("ngl_yield_bbl_per_mmcf") if sheet is not None else None
    ngl_yield = float(
        arguments.get("ngl_yield_bbl_per_mmcf") or (sheet_yield.value if sheet_yield else 0.0)
    )
    sold = _sold_phases(volumes, ngl_yield)
    water = any(v.water.sum() > 0 for v in volumes)
    if not sold:
        raise ToolError(
            "The forecast has no oil, gas or NGL volumes (every month is zero): there is "
            "nothing to value. Check the forecast row or the volumes given."
        )
    terms = resolve_terms(
        arguments,
        sheet,
        log,
        timeline=timeline,
        sold=sold,
        produced_water=water,
        deck_table=deck,
        sec_strips=strips,
    )
    log.convention(
        f"the forecast is valued over {timeline.describe()}"
        + (", cut at the economic limit" if terms.economic_limit != "none" else "")
    )
    wells, cases = _cases(arguments, streams, volumes, timeline, terms, log)
    unpriced = sorted(p for p in sold if not terms.pricing.has_price(p) and p not in terms.not_sold)
    if unpriced:
        target = arguments.get("breakeven_on")
        if len(unpriced) == 1 and target == unpriced[0]:
            log.convention(
                f"no {PHASE_LABEL[target]} price is given: the run solves the break-even "
                f"{PHASE_LABEL[target]} price only"
            )
            return Evaluation(
                log, timeline, terms, cases, wells, [s.source for s in streams], notes, target
            )
        label = " and ".join(PHASE_LABEL[p] for p in unpriced)
        raise ToolError(
            f"There is {label} production but no {label} price: what {label} price should I "
            f"use (or is it not sold)?"
        )
    return Evaluation(log, timeline, terms, cases, wells, [s.source for s in streams], notes)


def _cases(
    arguments: dict[str, Any],
    streams: list[WellStream],
    volumes: list[PhaseVolumes],
    timeline: Timeline,
    terms: Terms,
    log: InputLog,
) -> tuple[list[Well], list[Case]]:
    specs = {str(w.get("well", "")).strip().lower(): w for w in arguments.get("wells") or []}
    risk_by_category = {
        str(k).upper(): float(v) for k, v in (arguments.get("risk_factors") or {}).items()
    }
    for category, factor in risk_by_category.items():
        log.stated(f"risk_{category}", f"risk factor {category}", factor, "fraction")
    names = [s.well for s in streams]
    known = {str(n).strip().lower() for n in names if n is not None}
    for key in specs:
        if key not in known:
            log.unused("wells", specs[key].get("well"), "no well of that name in the forecast")
    wells: list[Well] = []
    cases: list[Case] = []
    defaults_noted = False
    for stream, vol in zip(streams, volumes, strict=True):
        spec = specs.get(str(stream.well or "").strip().lower(), {})
        label = stream.well or "the well"
        category = str(spec.get("category") or DEFAULT_CATEGORY).upper()
        if category == DEFAULT_CATEGORY.upper():
            category = DEFAULT_CATEGORY
        if spec.get("risk_factor") is not None:
            risk = float(spec["risk_factor"])
            log.stated(f"risk_{label}", f"risk factor of {label}", risk, "fraction")
        elif category.upper() in risk_by_category:
            risk = risk_by_category[category.upper()]
        else:
            risk = 1.0
            if len(streams) > 1 and not defaults_noted and not risk_by_category:
                defaults_noted = True
        if not 0 <= risk <= 1:
            raise ToolError(
                f"A risk factor is a fraction between 0 and 1 (got {risk} for {label})."
            )
        if spec.get("category"):
            log.stated(f"category_{label}", f"reserves category of {label}", category, "")
        case_terms = terms
        interests = terms.interests
        if spec.get("working_interest") is not None or spec.get("net_revenue_interest") is not None:
            wi = float(spec.get("working_interest", interests.before.wi))
            nri = (
                float(spec["net_revenue_interest"])
                if spec.get("net_revenue_interest") is not None
                else interests.before.nri * (wi / interests.before.wi if interests.before.wi else 0)
            )
            log.stated(f"interests_{label}", f"WI / NRI of {label}", [wi, nri], "fraction")
            interests = replace(interests, before=Interest(wi, nri))
        costs = terms.costs
        if spec.get("capex") is not None:
            items: list[CapexItem] = [
                capex_item(raw, timeline, label=raw.get("label") or f"{label} capex")
                for raw in spec["capex"]
            ]
            log.stated(
                f"capex_{label}", f"capex of {label}", sum(i.amount for i in items), "$ gross"
            )
            costs = replace(costs, capex=tuple(items))
        cases.append(
            Case(
                volumes=vol,
                timeline=timeline,
                pricing=case_terms.pricing,
                interests=interests,
                taxes=case_terms.taxes,
                costs=costs,
                economic_limit=case_terms.economic_limit,
                not_sold=case_terms.not_sold,
                well=stream.well,
            )
        )
        wells.append(Well(stream.well, category, risk))
    if defaults_noted:
        log.default(
            "risk_factors",
            "risk factors",
            1.0,
            "fraction",
            "Risk factors not stated: every well counts in full (1.0)",
        )
    if len(cases) > 1:
        log.convention(
            "each well is run on its own (its own economic limit, fixed opex per well, capex per "
            "well); the project is the sum of the wells' monthly cash flows, so its NPV is the "
            "sum of theirs"
        )
    return wells, cases


def run_all(evaluation: Evaluation) -> Evaluation:
    """Run every well here, add them up and measure the project."""
    wells = [(w.name, w.category, w.risk) for w in evaluation.wells]
    return finish(evaluation, run_wells(evaluation.cases, wells, evaluation.terms))


def finish(evaluation: Evaluation, done: dict[str, Any]) -> Evaluation:
    """The project from the wells' results (computed here or by the job workers)."""
    terms = evaluation.terms
    evaluation.lines = done["lines"]
    evaluation.sums = done["sums"]
    evaluation.lives = done["lives"]
    if done.get("single") is not None:
        evaluation.total = dict(done["single"])
    else:
        summed = done["sums"]["all"]
        size = max(len(v) for v in summed.values())
        total: dict[str, np.ndarray] = {"month": np.arange(size, dtype=float)}
        for key, values in summed.items():
            total[key] = np.pad(values, (0, size - len(values)))
        for key, values in done["sums"]["prices"].items():
            padded = np.full(size, np.nan)
            padded[: min(size, len(values))] = values[:size]
            total[key] = padded
        evaluation.total = total
    total = evaluation.total
    evaluation.before_tax = measure(terms, total["net_cash_flow"], total["capex"])
    if evaluation.after_tax_case:
        evaluation.after_tax = measure(terms, total["after_tax_cash_flow"], total["capex"])
    evaluation.basis = evaluation.after_tax or evaluation.before_tax
    for warning in done["warnings"]:
        evaluation.log.warn(warning)
    return evaluation
