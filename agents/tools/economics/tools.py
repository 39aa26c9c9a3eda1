"""The economics tools: ``cash_flow_economics`` (one well, or every well of a forecast with
one-line summaries and totals) and ``npv_irr`` (cash flows given inline)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy_financial as npf

from agents.jobs import ItemFailed, fan_out
from agents.tools.charts import cash_flow_chart_png, npv_price_chart_png, tornado_chart_png
from agents.tools.common import add_table_row, jsonable, money, percent
from agents.tools.economics.evaluation import Evaluation, Well, finish, prepare, run_all
from agents.tools.economics.indicators import irr_roots, mirr, npv, payout, periodise
from agents.tools.economics.prices import PHASE_LABEL
from agents.tools.economics.project import (
    FAN_OUT_WELLS,
    empty_sums,
    merge,
    run_well_group,
    well_items,
)
from agents.tools.economics.record import InputLog
from agents.tools.economics.report import (
    measures_dict,
    monthly_table,
    one_line_table,
    period_table,
    summary_text,
    totals,
)
from agents.tools.economics.schema import PARAMETERS
from agents.tools.economics.sensitivity import (
    breakeven_price,
    npv_against_price,
    price_points,
    tornado,
)
from agents.tools.economics.serial import plain, terms_from, timeline_from, timeline_plain
from agents.tools.registry import ToolContext, ToolError, tool

DEFAULT_SENSITIVITY = 0.20
# Above this many wells the break-even, tornado and price sweep (each a re-run of every
# well) are computed only when asked for.
ANALYSIS_WELLS = 25


def _price_unit(evaluation: Evaluation, phase: str) -> str:
    if phase == "gas":
        return "/MMBtu" if evaluation.terms.pricing.gas_price_unit == "mmbtu" else "/Mcf"
    return "/bbl"


def _breakeven_phases(evaluation: Evaluation, arguments: dict[str, Any]) -> list[str]:
    target = arguments.get("breakeven_on")
    if target == "none":
        return []
    if target:
        return [target]
    columns = evaluation.total
    return [
        p
        for p, key in (("oil", "oil_revenue"), ("gas", "gas_revenue"))
        if p not in evaluation.terms.not_sold and np.any(columns.get(key, np.zeros(1)) != 0)
    ]


def _tax_basis(evaluation: Evaluation) -> str:
    return "after income tax" if evaluation.after_tax_case else "before income tax"


def _source_text(evaluation: Evaluation) -> str:
    sources = evaluation.sources
    if len(sources) == 1:
        return sources[0].split(" (")[0]
    return f"{len(sources)} wells"


@tool(
    name="cash_flow_economics",
    description=(
        "Monthly cash-flow economics, as ARIES and PHDwin compute them, of a forecast row "
        "(one well, or every well with one-line summaries and totals) or volumes given "
        "inline: flat prices or decks by year/month (or an uploaded deck, or SEC pricing), "
        "escalation, differentials ($ and %), gas shrink and heating value, NGL yield and "
        "price; WI/NRI or royalties, reversion at payout; severance (% and per unit) and ad "
        "valorem, before or after income tax; fixed and variable opex, capex on months or "
        "dates, abandonment, economic limit by cash flow; NPV at any rate, PV profile, IRR "
        "(every root), MIRR, payout, profitability index, break-even prices, net volumes, "
        "tornado and NPV-vs-price; monthly, quarterly or annual periods, end- or mid-period "
        "discounting. Every figure used comes back with its source."
    ),
    parameters=PARAMETERS,
    group="economics",
)
def cash_flow_economics(ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
    arguments = {k: v for k, v in arguments.items() if v is not None}
    evaluation = prepare(ctx, arguments)
    if evaluation.unpriced:
        return _breakeven_only(ctx, evaluation)
    count = len(evaluation.cases)
    ctx.log(
        f"Building the monthly cash flow of {count} well(s) over {evaluation.timeline.months} months..."
    )
    if count > FAN_OUT_WELLS:
        # A basin: the wells go to the job workers in groups; economics_finish writes the
        # result from their lines and sums.
        wells = [(w.name, w.category, w.risk) for w in evaluation.wells]
        return fan_out(
            each=run_well_group,
            items=well_items(evaluation.cases, wells),
            shared={
                "terms": plain(evaluation.terms),
                "timeline": timeline_plain(evaluation.timeline),
            },
            then=economics_finish,
            state={
                "arguments": arguments,
                "log": evaluation.log.as_result(),
                "terms": plain(evaluation.terms),
                "timeline": timeline_plain(evaluation.timeline),
                "wells": [list(w) for w in wells],
                "sources": evaluation.sources,
                "notes": evaluation.notes,
            },
            progress="Ran {done:,} of {total:,} groups of wells.",
            chunk_size=1,
        )
    run_all(evaluation)
    return _write(ctx, evaluation, arguments)


def economics_finish(ctx: ToolContext, results: list[Any], **state: Any) -> dict[str, Any]:
    """The result of a fan-out run: the groups' lines and sums into the project, then rows."""
    failed = [r for r in results if isinstance(r, ItemFailed)]
    if failed:
        raise ToolError(f"{len(failed)} group(s) of wells could not be run: {failed[0].message}")
    done = {"lines": [], "sums": empty_sums(), "lives": [], "warnings": [], "single": None}
    for part in results:
        done["lines"] += part["lines"]
        done["lives"] += part["lives"]
        done["warnings"] += part["warnings"]
        merge(done["sums"], part["sums"])
    wells = [Well(name, category, float(risk)) for name, category, risk in state["wells"]]
    evaluation = Evaluation(
        log=InputLog.from_result(state["log"]),
        timeline=timeline_from(state["timeline"]),
        terms=terms_from(state["terms"]),
        cases=[],
        wells=wells,
        sources=list(state["sources"]),
        notes=list(state["notes"]),
        well_count=len(wells),
    )
    finish(evaluation, done)
    return _write(ctx, evaluation, state["arguments"])


def _write(ctx: ToolContext, evaluation: Evaluation, arguments: dict[str, Any]) -> dict[str, Any]:
    """The analyses, the rows and the result of a run whose wells have been run."""
    log = evaluation.log
    disc = evaluation.terms.discounting
    basis = evaluation.basis
    assert basis is not None
    if basis.mirr is not None and not (
        arguments.get("mirr_finance_rate") is not None
        and arguments.get("mirr_reinvestment_rate") is not None
    ):
        log.default(
            "mirr_rates",
            "MIRR finance and reinvestment rates",
            disc.rate,
            "fraction",
            "MIRR finance and reinvestment rates not stated: both at the discount rate",
        )
    cash = evaluation.total["after_tax_cash_flow" if evaluation.after_tax_case else "net_cash_flow"]
    values = periodise(cash, disc.months)
    profile = {f"{rate:g}": npv(values, disc, rate) for rate in evaluation.terms.profile_rates}
    analyses = bool(evaluation.cases) and evaluation.well_count <= ANALYSIS_WELLS
    asked_sens = arguments.get("sensitivity") is not None or any(
        c in (arguments.get("charts") or []) for c in ("tornado", "npv_vs_price")
    )
    breakevens: dict[str, float | None] = {}
    breakeven_notes: dict[str, str] = {}
    phases = _breakeven_phases(evaluation, arguments)
    if evaluation.cases and (analyses or arguments.get("breakeven_on")):
        for phase in phases:
            ctx.log(f"Solving for the break-even {PHASE_LABEL[phase]} price (NPV = 0)...")
            price, why = breakeven_price(evaluation.cases, disc, phase)
            breakevens[phase] = price
            if why:
                breakeven_notes[phase] = why
        if phases:
            log.convention(
                "a break-even price is the flat benchmark price of that phase (escalation, "
                "differentials and the other phases as given) at which the NPV is zero"
            )
    elif phases:
        log.warn(
            f"break-even prices are not computed for {evaluation.well_count} wells"
            + (
                " spread over the job workers"
                if not evaluation.cases
                else " unless asked (breakeven_on)"
            )
        )
    change = float(arguments.get("sensitivity") or DEFAULT_SENSITIVITY)
    sens: list[dict[str, Any]] = []
    sweep: list[dict[str, float]] = []
    sweep_phase = next(
        (p for p in ("oil", "gas") if p in phases or p in breakevens),
        None,
    )
    if evaluation.cases and (analyses or asked_sens):
        ctx.log(f"Running the sensitivities (+/-{change * 100:g}%)...")
        sens = tornado(evaluation.cases, disc, change)
        if arguments.get("sensitivity") is None:
            log.default(
                "sensitivity",
                "sensitivity range",
                change,
                "fraction",
                f"Sensitivity range not stated: +/-{change * 100:g}% on price, opex, capex and volumes",
            )
        else:
            log.stated("sensitivity", "sensitivity range", change, "fraction")
        if sweep_phase is not None:
            schedule = evaluation.terms.pricing.schedule(sweep_phase)
            base = schedule.entries[0].price if schedule is not None and schedule.is_flat else None
            if base is None and schedule is not None:
                base = float(np.mean([e.price for e in schedule.entries]))
            points = price_points(base, breakevens.get(sweep_phase))
            sweep = npv_against_price(evaluation.cases, disc, sweep_phase, points)
    elif evaluation.well_count > ANALYSIS_WELLS:
        log.warn(
            f"the tornado and NPV-vs-price sweep are not run for {evaluation.well_count} wells "
            + (
                "spread over the job workers"
                if not evaluation.cases
                else "unless asked (sensitivity or charts)"
            )
        )
    table = monthly_table(evaluation)
    source = _source_text(evaluation)
    rate_label = f"NPV{disc.rate * 100:g}"
    ctx.log("Writing the cash-flow table...")
    data = {
        "source": source,
        "discount_rate": disc.rate,
        "timing": disc.timing,
        "period": disc.period,
        "tax_basis": _tax_basis(evaluation),
        "npv": basis.npv,
        "irr_annual": basis.irr,
        "wells": evaluation.well_count,
    }
    row = add_table_row(
        ctx,
        frame=table,
        description=(
            f"Monthly cash flow ({source}): revenue by phase, taxes, opex, capex, net and "
            f"discounted cash flow; {rate_label} {money(basis.npv)} ({_tax_basis(evaluation)})."
        ),
        file_name="cash_flow.csv",
        data=data,
    )
    period_rowid = None
    by_period = period_table(evaluation)
    if by_period is not None:
        period_row = add_table_row(
            ctx,
            frame=by_period,
            description=(
                f"Cash flow by {disc.period.replace('ly', '').replace('annual', 'year')} "
                f"({source}), as discounted: {rate_label} {money(basis.npv)}."
            ),
            file_name=f"cash_flow_{disc.period}.csv",
            data=data,
        )
        period_rowid = period_row.rowid if period_row else None
    one_line_rowid = None
    lines = None
    if evaluation.well_count > 1:
        lines = one_line_table(evaluation)
        line_row = add_table_row(
            ctx,
            frame=lines,
            description=(
                f"One-line economics of {evaluation.well_count} wells ({source}) with totals: "
                f"volumes, net revenue, taxes, opex, capex, {rate_label}, IRR, payout."
            ),
            file_name="one_line_economics.csv",
            data=data,
        )
        one_line_rowid = line_row.rowid if line_row else None
    charts = (
        [] if arguments.get("chart") is False else list(arguments.get("charts") or ["cash_flow"])
    )
    chart_ids: dict[str, int | None] = {}
    if row is not None and ctx.add_row is not None:
        if "cash_flow" in charts:
            png = cash_flow_chart_png(table, title=f"Monthly and cumulative cash flow ({source})")
            chart_ids["cash_flow"] = ctx.add_row(
                type="chart",
                description=f"Chart: monthly cash flow and cumulative (table row {row.rowid}).",
                data={"source_rowid": row.rowid, "kind": "cash_flow"},
                file_name="cash_flow.png",
                content=png,
            ).rowid
        if "tornado" in charts and sens:
            png = tornado_chart_png(
                sens, base_npv=basis.npv, title=f"{rate_label} sensitivity ({source})"
            )
            chart_ids["tornado"] = ctx.add_row(
                type="chart",
                description=f"Chart: tornado of {rate_label} (price, opex, capex, volumes +/-"
                f"{change * 100:g}%), table row {row.rowid}.",
                data={"source_rowid": row.rowid, "kind": "tornado"},
                file_name="tornado.png",
                content=png,
            ).rowid
        if "npv_vs_price" in charts and sweep and sweep_phase is not None:
            png = npv_price_chart_png(
                sweep,
                breakeven=breakevens.get(sweep_phase),
                title=f"{rate_label} against a flat {PHASE_LABEL[sweep_phase]} price ({source})",
                unit=_price_unit(evaluation, sweep_phase),
                product=PHASE_LABEL[sweep_phase],
            )
            chart_ids["npv_vs_price"] = ctx.add_row(
                type="chart",
                description=f"Chart: {rate_label} against the {PHASE_LABEL[sweep_phase]} price "
                f"(table row {row.rowid}).",
                data={"source_rowid": row.rowid, "kind": "npv_vs_price"},
                file_name="npv_vs_price.png",
                content=png,
            ).rowid
    primary = phases[0] if phases else None
    result = {
        **measures_dict(basis),
        "tax_basis": _tax_basis(evaluation),
        "before_tax": measures_dict(evaluation.before_tax) if evaluation.before_tax else None,
        "after_tax": measures_dict(evaluation.after_tax) if evaluation.after_tax else None,
        "discount_rate": disc.rate,
        "timing": disc.timing,
        "period": disc.period,
        "discounting": disc.sentence(),
        "effective_date": str(evaluation.timeline.start) if evaluation.timeline.start else None,
        "economic_life_months": max(evaluation.lives, default=0),
        "breakeven_prices": breakevens,
        "breakeven_notes": breakeven_notes,
        "breakeven_price": breakevens.get(primary) if primary else None,
        "breakeven_product": primary or "oil",
        "breakeven_unit": _price_unit(evaluation, primary or "oil"),
        "gas_price_unit_label": _price_unit(evaluation, "gas"),
        "pv_profile": profile,
        "sensitivities": sens,
        "npv_vs_price": sweep,
        "npv_vs_price_product": sweep_phase,
        "totals": totals(evaluation.total),
        "net_eur": {
            "oil_bbl": float(evaluation.total.get("net_oil_bbl", np.zeros(1)).sum()),
            "gas_mcf": float(evaluation.total.get("net_gas_mcf", np.zeros(1)).sum()),
            "ngl_bbl": float(evaluation.total.get("net_ngl_bbl", np.zeros(1)).sum()),
        },
        "wells": evaluation.well_count,
        # The first wells and every total (the table row has them all).
        "one_line": (
            [
                *lines.iloc[: min(20, evaluation.well_count)].to_dict(orient="records"),
                *lines.iloc[evaluation.well_count :].to_dict(orient="records"),
            ]
            if lines is not None
            else None
        ),
        "terms": _terms_summary(evaluation),
        "price_deck": _price_deck_summary(evaluation),
        "notes": evaluation.notes,
        "cash_flow_rowid": row.rowid if row else None,
        "period_table_rowid": period_rowid,
        "one_line_rowid": one_line_rowid,
        "chart_rowid": chart_ids.get("cash_flow"),
        "tornado_chart_rowid": chart_ids.get("tornado"),
        "npv_price_chart_rowid": chart_ids.get("npv_vs_price"),
        **log.as_result(),
    }
    # The summary first: a long result is cut at its end when it goes back to a model.
    return jsonable({"summary": summary_text(result), **result})


def _breakeven_only(ctx: ToolContext, evaluation: Evaluation) -> dict[str, Any]:
    phase = evaluation.unpriced
    assert phase is not None
    disc = evaluation.terms.discounting
    ctx.log(f"Solving for the break-even {PHASE_LABEL[phase]} price (NPV = 0)...")
    price, why = breakeven_price(evaluation.cases, disc, phase)
    evaluation.log.convention(
        "a break-even price is the flat benchmark price of that phase (escalation, "
        "differentials and the other phases as given) at which the NPV is zero"
    )
    result = {
        "breakeven_only": True,
        "breakeven_price": price,
        "breakeven_product": phase,
        "breakeven_prices": {phase: price},
        "breakeven_notes": {phase: why} if why else {},
        "breakeven_unit": _price_unit(evaluation, phase),
        "tax_basis": _tax_basis(evaluation),
        "discount_rate": disc.rate,
        "timing": disc.timing,
        "period": disc.period,
        "discounting": disc.sentence(),
        "npv": None,
        "wells": evaluation.well_count,
        "terms": _terms_summary(evaluation),
        "notes": evaluation.notes,
        "cash_flow_rowid": None,
        **evaluation.log.as_result(),
    }
    # The summary first: a long result is cut at its end when it goes back to a model.
    return jsonable({"summary": summary_text(result), **result})


def _terms_summary(evaluation: Evaluation) -> dict[str, Any]:
    """The main terms as plain numbers (a deck shows its first price)."""
    terms = evaluation.terms
    pricing = terms.pricing

    def first(phase: str) -> float | None:
        schedule = pricing.schedule(phase)
        return schedule.entries[0].price if schedule is not None else None

    interests = terms.interests
    costs = terms.costs
    return {
        "oil_price": first("oil"),
        "gas_price": first("gas"),
        "ngl_price": first("ngl"),
        "gas_price_unit": pricing.gas_price_unit,
        "working_interest": interests.before.wi,
        "nri": interests.before.nri,
        "net_revenue_interest": interests.before.nri,
        "wi_after_payout": interests.after_payout.wi if interests.after_payout else None,
        "nri_after_payout": interests.after_payout.nri if interests.after_payout else None,
        "severance_tax": terms.taxes.severance_pct.get("oil", 0.0),
        "severance_tax_gas": terms.taxes.severance_pct.get("gas", 0.0),
        "ad_valorem_tax": terms.taxes.ad_valorem,
        "income_tax_rate": terms.taxes.income.rate if terms.taxes.income else None,
        "fixed_opex_per_month": costs.fixed_per_well_month,
        "oil_opex_per_bbl": costs.variable.get("oil", 0.0),
        "gas_opex_per_mcf": costs.variable.get("gas", 0.0),
        "water_opex_per_bbl": costs.variable.get("water", 0.0),
        "opex_escalation": costs.opex_escalation,
        "capex_escalation": costs.capex_escalation,
        "capex": [{"month": i.month, "amount": i.amount, "label": i.label} for i in costs.capex],
        "abandonment_cost": costs.abandonment,
        "discount_rate": terms.discounting.rate,
        "timing": terms.discounting.timing,
        "period": terms.discounting.period,
        "economic_limit": terms.economic_limit,
    }


def _price_deck_summary(evaluation: Evaluation) -> dict[str, str]:
    pricing = evaluation.terms.pricing
    out = {}
    for phase in ("oil", "gas", "ngl"):
        schedule = pricing.schedule(phase)
        if schedule is not None:
            out[phase] = schedule.describe(_price_unit(evaluation, phase))
    if pricing.ngl is None and pricing.ngl_pct_of_oil is not None:
        out["ngl"] = f"{pricing.ngl_pct_of_oil * 100:g}% of the oil benchmark"
    return out


# --------------------------------------------------------------------------- npv_irr


@tool(
    name="npv_irr",
    description=(
        "NPV, IRR (every root, with a warning when the cash flow changes sign more than once), "
        "MIRR, payback and profitability index of cash flows given inline, one per period: "
        "the first is at t=0 (undiscounted), the rest at the ends of periods 1, 2, ... "
        "(numpy-financial's convention; 'NPV at 8% of -500, 200, 200, 200')."
    ),
    parameters={
        "type": "object",
        "properties": {
            "cash_flows": {
                "type": "array",
                "items": {"type": "number"},
                "minItems": 1,
                "maxItems": 1200,
            },
            "rate": {
                "type": "number",
                "exclusiveMinimum": -1,
                "description": "Discount rate per period (0.08 = 8%).",
            },
            "periods_per_year": {
                "type": "integer",
                "minimum": 1,
                "maximum": 365,
                "description": "To also state the IRR and MIRR as annual rates.",
            },
            "finance_rate": {
                "type": "number",
                "exclusiveMinimum": -1,
                "description": "MIRR finance rate per period (default: rate).",
            },
            "reinvest_rate": {
                "type": "number",
                "exclusiveMinimum": -1,
                "description": "MIRR reinvestment rate per period (default: rate).",
            },
        },
        "required": ["cash_flows", "rate"],
        "additionalProperties": False,
    },
    group="economics",
)
def npv_irr(
    ctx: ToolContext,
    *,
    cash_flows: list[float],
    rate: float,
    periods_per_year: int | None = None,
    finance_rate: float | None = None,
    reinvest_rate: float | None = None,
) -> dict[str, Any]:
    flows = np.asarray(cash_flows, dtype=float)
    if flows.size == 0 or not np.all(np.isfinite(flows)):
        raise ToolError("cash_flows must be a list of numbers, the first at t = 0.")
    if rate is None or rate <= -1:
        raise ToolError("rate must be above -100% per period.")
    log = InputLog()
    log.stated("cash_flows", "cash flows", list(map(float, flows)), "$ per period")
    log.stated("rate", "discount rate", rate, "fraction")
    ctx.log(f"Discounting {flows.size} cash flows at {percent(rate, 2)} per period...")
    value = float(npf.npv(rate, flows))
    periods = np.arange(flows.size, dtype=float)
    roots = irr_roots(flows, periods)
    changes = int(np.sum(np.diff(np.sign(flows[flows != 0])) != 0))
    irr: float | None = None
    if roots:
        irr = roots[0]
        if len(roots) == 1:
            numpy_irr = float(npf.irr(flows))
            irr = numpy_irr if math.isfinite(numpy_irr) else roots[0]
    if len(roots) > 1:
        log.warn(
            f"the cash flows change sign {changes} times and NPV is zero at {len(roots)} rates ("
            + ", ".join(f"{percent(r, 2)}" for r in roots)
            + " per period): the IRR is ambiguous; judge by NPV and the MIRR"
        )
    elif changes > 1:
        log.warn(f"the cash flows change sign {changes} times; NPV is zero at one rate only")
    finance = rate if finance_rate is None else finance_rate
    reinvest = rate if reinvest_rate is None else reinvest_rate
    if finance_rate is None or reinvest_rate is None:
        log.default(
            "mirr_rates",
            "MIRR finance and reinvestment rates",
            rate,
            "fraction",
            "MIRR finance and reinvestment rates not stated: both at the discount rate",
        )
    else:
        log.stated("finance_rate", "MIRR finance rate", finance_rate, "fraction")
        log.stated("reinvest_rate", "MIRR reinvestment rate", reinvest_rate, "fraction")
    mirr_period = mirr(flows, 12, finance, reinvest)  # 12 months = one period: rates per period
    back = payout(flows)
    payback_fraction = back.months
    pv = flows / np.power(1.0 + rate, periods)
    investment = -float(pv[pv < 0].sum())
    pi = float(pv[pv > 0].sum()) / investment if investment > 0 else None
    per_year = periods_per_year
    if per_year:
        log.stated("periods_per_year", "periods per year", per_year, "")
    irr_annual = (1 + irr) ** per_year - 1 if irr is not None and per_year else None
    mirr_annual = (
        (1 + mirr_period) ** per_year - 1 if mirr_period is not None and per_year else None
    )
    log.convention(
        "numpy-financial: the first cash flow is at t=0 (undiscounted), the others at the end "
        "of periods 1, 2, ...; rates are per period"
        + (f", annualised by compounding {per_year} periods" if per_year else "")
    )
    if back.lost:
        log.warn("payback " + back.sentence().replace("month", "period"))
    summary = (
        f"NPV at {percent(rate, 2)} per period: {value:,.2f} (first cash flow at t=0, undiscounted; "
        f"the others at the end of periods 1..{flows.size - 1}). IRR: "
        f"{percent(irr, 2) + ' per period' if irr is not None else 'not defined (no sign change)'}"
        + (f" = {percent(irr_annual, 2)} a year" if irr_annual is not None else "")
        + (f" (all roots: {', '.join(percent(r, 2) for r in roots)})" if len(roots) > 1 else "")
        + f". MIRR: {percent(mirr_period, 2)} per period"
        + (f" = {percent(mirr_annual, 2)} a year" if mirr_annual is not None else "")
        + ". Payback: "
        + (
            back.sentence().replace("month", "period").replace("from the effective date", "")
            if not back.never_invested
            else "no investment"
        )
        + f". Profitability index (PV of inflows / PV of outflows): "
        f"{f'{pi:.3f}' if pi is not None else 'n/a'}."
    )
    return jsonable(
        {
            "summary": summary,
            "npv": value,
            "irr": irr,
            "irrs": roots,
            "irr_annual": irr_annual,
            "mirr": mirr_period,
            "mirr_annual": mirr_annual,
            "payback_period": back.month,
            "payback_fractional": payback_fraction,
            "payback_lost_periods": back.lost,
            "profitability_index": pi,
            "sign_changes": changes,
            "convention": "numpy-financial: first cash flow at t=0, then end of each period",
            **log.as_result(),
        }
    )
