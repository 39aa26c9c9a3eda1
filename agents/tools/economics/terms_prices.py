"""The prices of a run: stated decks and flat prices, an uploaded deck, SEC pricing,
differentials, gas price unit and heating value, shrink, NGL yield and price."""

from __future__ import annotations

from typing import Any

import pandas as pd

from agents.tools.economics.prices import (
    DEFAULT_HEATING_VALUE_MMBTU_PER_MCF,
    PHASE_LABEL,
    Differential,
    PriceSchedule,
    Pricing,
    deck_from_entries,
    sec_average,
)
from agents.tools.economics.resolver import PRICE_UNIT, Resolver
from agents.tools.economics.timeline import Timeline, to_month
from agents.tools.registry import ToolError


def resolve_pricing(
    r: Resolver,
    timeline: Timeline,
    sold: set[str],
    deck_table: dict[str, tuple[list[dict[str, Any]], str]],
    sec_strips: dict[str, tuple[pd.Series, str]],
) -> Pricing:
    log = r.log
    sec = r.args.get("pricing") == "sec"
    schedules: dict[str, PriceSchedule | None] = {"oil": None, "gas": None, "ngl": None}
    if sec:
        log.stated("pricing", "price convention", "SEC", "")
        log.convention(
            "SEC pricing: each price is the unweighted average of the first-day-of-the-month "
            "prices of the 12 months before the end of the reporting period, held flat; costs "
            "held flat (no escalation); discounted at 10% a year"
        )
        period_end = _sec_period_end(r, timeline)
        for phase in sorted(sold - set(sec_strips) - set(r.args.get("not_sold") or [])):
            if r.given(f"{phase}_price"):
                # A price stated flat for the whole period: its 12-month average is itself.
                price = float(
                    r.pick(
                        f"{phase}_price", f"{PHASE_LABEL[phase]} price (SEC)", _unit_for(r, phase)
                    )
                )
                schedules[phase] = PriceSchedule.flat(price)
                log.convention(
                    f"no {PHASE_LABEL[phase]} strip was given: the stated flat "
                    f"{PHASE_LABEL[phase]} price is taken as its 12-month SEC average"
                )
                continue
            raise ToolError(
                f"SEC pricing needs a {PHASE_LABEL[phase]} price strip too (first-of-month "
                f"{PHASE_LABEL[phase]} prices of the 12 months to {period_end}), or say the "
                f"{PHASE_LABEL[phase]} is not sold."
            )
        for phase, (strip, where) in sec_strips.items():
            series = strip if isinstance(strip, pd.Series) else _strip_series(strip, period_end)
            average, picked = sec_average(series, period_end)
            months = ", ".join(f"{d} ${p:,.2f}" for d, p in picked)
            log.derived(
                f"{phase}_price",
                f"{PHASE_LABEL[phase]} price (SEC)",
                average,
                PRICE_UNIT[phase] if phase != "gas" else _gas_unit_label(r),
                f"unweighted average of the 12 first-of-month prices {picked[0][0]} to "
                f"{picked[-1][0]} from {where}: {months}",
            )
            schedules[phase] = PriceSchedule.flat(average)
            for key in (f"{phase}_price",):
                if r.given(key):
                    log.unused(key, r.args.get(key), "SEC pricing replaces a stated price")
        for key in ("price_escalation", "price_deck", "price_deck_rowid"):
            if r.stated(key):
                log.unused(key, r.args[key], "SEC pricing holds prices flat")
        escalation = 0.0
    else:
        escalation = float(
            r.pick(
                "price_escalation",
                "price escalation",
                "fraction",
                0.0,
                why="Price escalation not stated: prices held flat after the last price given",
            )
        )
        stated_deck = r.args.get("price_deck") or {}
        for phase in ("oil", "gas", "ngl"):
            key = f"{phase}_price"
            if stated_deck.get(phase):
                schedule, notes = deck_from_entries(
                    stated_deck[phase], timeline, phase=phase, escalation=escalation
                )
                log.stated(
                    f"{phase}_price_deck",
                    f"{PHASE_LABEL[phase]} price deck",
                    schedule.describe(_unit_for(r, phase)),
                    "",
                )
                if r.given(key):
                    log.unused(key, r.pick(key, "", "", record=False), "the stated deck is used")
                for note in notes:
                    log.warn(note)
                schedules[phase] = schedule
            elif phase in deck_table:
                entries, where = deck_table[phase]
                schedule, notes = deck_from_entries(
                    entries, timeline, phase=phase, escalation=escalation
                )
                log.file(
                    f"{phase}_price_deck",
                    f"{PHASE_LABEL[phase]} price deck",
                    schedule.describe(_unit_for(r, phase)),
                    "",
                    where,
                )
                if r.stated(key):
                    log.unused(key, r.args[key], "the uploaded price deck is used")
                for note in notes:
                    log.warn(note)
                schedules[phase] = schedule
            elif r.given(key):
                price = float(
                    r.pick(key, f"{PHASE_LABEL[phase]} price", _unit_for(r, phase), record=True)
                )
                schedules[phase] = PriceSchedule.flat(price, escalation)
    ngl_pct = None
    if schedules["ngl"] is None and r.given("ngl_price_pct_of_oil"):
        ngl_pct = float(r.pick("ngl_price_pct_of_oil", "NGL price, share of oil", "fraction"))
        log.convention("the NGL price is a share of the oil benchmark price")
    for phase in ("oil", "gas", "ngl"):
        has = schedules[phase] is not None or (phase == "ngl" and ngl_pct is not None)
        if has and phase not in sold:
            what = f"{phase}_price" if schedules[phase] is not None else "ngl_price_pct_of_oil"
            entry = log.get(what) or log.get(f"{phase}_price_deck")
            log.unused(
                what,
                entry["value"] if entry else None,
                f"there are no {PHASE_LABEL[phase]} sales volumes to price",
            )
    differentials = {}
    for phase in ("oil", "gas", "ngl"):
        if phase not in sold:
            continue
        label = PHASE_LABEL[phase]
        fixed = float(
            r.pick(f"{phase}_differential", f"{label} differential", _unit_for(r, phase)) or 0
        )
        pct = float(
            r.pick(f"{phase}_differential_pct", f"{label} differential (share)", "fraction") or 0
        )
        if not r.given(f"{phase}_differential") and not r.given(f"{phase}_differential_pct"):
            log.default(
                f"{phase}_differential",
                f"{label} differential",
                0.0,
                _unit_for(r, phase),
                f"{label.capitalize()} differential not stated: the realised {label} price is the benchmark",
            )
        differentials[phase] = Differential(fixed=fixed, pct=pct)
    unit = "mcf"
    heating = 1.0
    shrink = 0.0
    ngl_yield = 0.0
    if "gas" in sold or r.given("ngl_yield_bbl_per_mmcf"):
        unit = str(r.pick("gas_price_unit", "gas price unit", "", "mcf", record=False)).lower()
        if unit not in ("mcf", "mmbtu"):
            raise ToolError("gas_price_unit must be 'mcf' or 'mmbtu'.")
        if r.given("gas_price_unit"):
            r.pick("gas_price_unit", "gas price unit", "")
        if unit == "mmbtu":
            heating = float(
                r.pick(
                    "gas_heating_value",
                    "gas heating value",
                    "MMBtu/Mcf",
                    DEFAULT_HEATING_VALUE_MMBTU_PER_MCF,
                    why=(
                        "gas heating value not stated: 1.026 MMBtu/Mcf (EPA 40 CFR 98 Subpart C "
                        "default for natural gas) turns the $/MMBtu price into $/Mcf"
                    ),
                )
            )
            log.convention(
                "the gas price is per MMBtu: $/Mcf of sales gas = $/MMBtu x heating value"
            )
            if r.given("gas_differential") and _gas_diff_unit(r) == "mcf":
                differentials["gas"] = Differential(
                    fixed=differentials["gas"].fixed / heating, pct=differentials["gas"].pct
                )
                log.convention("the gas differential in $/Mcf is divided by the heating value")
        elif r.given("gas_heating_value"):
            log.unused(
                "gas_heating_value",
                r.pick("gas_heating_value", "", "", record=False),
                "the gas price is per Mcf, so no heating value is needed",
            )
        if unit == "mcf" and r.given("gas_differential") and _gas_diff_unit(r) == "mmbtu":
            raise ToolError(
                "The gas differential is per MMBtu but the gas price per Mcf: give the gas "
                "price's unit or a heating value."
            )
        if "gas" in sold:
            shrink = float(
                r.pick(
                    "gas_shrink",
                    "gas shrink",
                    "fraction",
                    0.0,
                    why="Gas shrink not stated: all wellhead gas is sold",
                )
            )
        ngl_yield = float(r.pick("ngl_yield_bbl_per_mmcf", "NGL yield", "bbl/MMcf", 0.0) or 0.0)
    if any(s is not None and not s.is_flat for s in schedules.values()):
        log.convention(
            "a price deck's price holds from its month (a year: its January) to the next "
            "one; the last is held flat after it"
        )
    if escalation:
        log.convention(
            "price escalation is stepped once a year from the start of the last price given "
            "(a flat price: from the effective date)"
        )
    return Pricing(
        oil=schedules["oil"],
        gas=schedules["gas"],
        ngl=schedules["ngl"],
        ngl_pct_of_oil=ngl_pct,
        differentials=differentials,
        gas_price_unit=unit,
        heating_value=heating,
        gas_shrink=shrink,
        ngl_yield=ngl_yield,
        sec=sec,
    )


def _strip_series(values: list[Any], period_end: pd.Period) -> pd.Series:
    """Twelve first-of-month prices given as numbers: the 12 months ending ``period_end``."""
    if len(values) != 12:
        raise ToolError(
            f"An SEC strip given as numbers needs exactly 12 first-of-month prices (got "
            f"{len(values)}), oldest first, for the 12 months to {period_end}."
        )
    months = pd.period_range(end=period_end, periods=12, freq="M")
    return pd.Series([float(v) for v in values], index=[m.start_time for m in months])


def _gas_unit_label(r: Resolver) -> str:
    unit = str(r.pick("gas_price_unit", "", "", "mcf", record=False)).lower()
    return "$/MMBtu" if unit == "mmbtu" else "$/Mcf"


def _unit_for(r: Resolver, phase: str) -> str:
    return _gas_unit_label(r) if phase == "gas" else PRICE_UNIT[phase]


def _gas_diff_unit(r: Resolver) -> str:
    if r.stated("gas_differential"):
        return _gas_unit_label(r).split("/")[1].lower()
    found = r.sheet.values.get("gas_differential_unit") if r.sheet else None
    return str(found.value) if found else "mcf"


def _sec_period_end(r: Resolver, timeline: Timeline) -> pd.Period:
    if r.stated("sec_period_end"):
        end = to_month(r.args["sec_period_end"], what="SEC reporting period end")
        r.log.stated("sec_period_end", "SEC reporting period end", str(end), "")
        return end
    if timeline.start is None:
        raise ToolError(
            "SEC prices need the end of the reporting period (sec_period_end, e.g. 2024-12) "
            "or a dated forecast."
        )
    end = timeline.start - 1
    r.log.default(
        "sec_period_end",
        "SEC reporting period end",
        str(end),
        "",
        f"SEC reporting period end not stated: the month before the effective date ({end})",
    )
    return end
