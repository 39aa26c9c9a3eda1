"""The taxes and costs of a run: severance and ad valorem, the after-tax case, opex,
escalation, the capex schedule and abandonment."""

from __future__ import annotations

from typing import Any

import numpy as np

from agents.tools.economics.costs import CapexItem, Costs
from agents.tools.economics.prices import DEFAULT_HEATING_VALUE_MMBTU_PER_MCF, PHASE_LABEL
from agents.tools.economics.resolver import Resolver
from agents.tools.economics.taxes import IncomeTax, Taxes
from agents.tools.economics.timeline import Timeline, to_month
from agents.tools.registry import ToolError


def resolve_taxes(r: Resolver, sold: set[str]) -> Taxes:
    log = r.log
    common = r.pick("severance_tax", "severance tax, every phase", "fraction", record=False)
    pct: dict[str, float] = {}
    per_unit: dict[str, float] = {}
    unit_keys = {
        "oil": ("severance_oil_per_bbl", "$/bbl"),
        "gas": ("severance_gas_per_mcf", "$/Mcf"),
        "ngl": ("severance_ngl_per_bbl", "$/bbl"),
    }
    if common is not None:
        r.pick("severance_tax", "severance tax, every phase", "fraction")
    for phase in ("oil", "gas", "ngl"):
        label = PHASE_LABEL[phase]
        own = f"severance_tax_{phase}"
        key, unit = unit_keys[phase]
        if phase not in sold:
            for k in (own, key):
                if r.stated(k):
                    log.unused(k, r.args[k], f"there are no {label} sales")
            continue
        if r.given(own):
            pct[phase] = float(r.pick(own, f"{label} severance tax", "fraction"))
        elif common is not None:
            pct[phase] = float(common)
        if r.given(key):
            per_unit[phase] = float(r.pick(key, f"{label} severance tax per unit", unit))
        if phase not in pct and phase not in per_unit:
            log.default(
                own,
                f"{label} severance tax",
                0.0,
                "fraction",
                f"{label.capitalize()} severance tax not stated: 0",
            )
    ad_valorem = float(
        r.pick(
            "ad_valorem_tax",
            "ad valorem tax",
            "fraction",
            0.0,
            why="Ad valorem tax not stated: 0",
        )
    )
    log.convention(
        "severance tax = rate x the owner's net revenue of each phase (+ any amount per unit x "
        "net volume); ad valorem tax = rate x (net revenue - severance)"
    )
    income = None
    if r.given("income_tax_rate"):
        rate = float(r.pick("income_tax_rate", "income-tax rate", "fraction"))
        years = float(
            r.pick(
                "depreciation_years",
                "depreciation life",
                "years",
                7.0,
                why="Depreciation life not stated: 7 years straight-line",
            )
        )
        intangible = float(
            r.pick(
                "intangible_fraction",
                "intangible share of capex",
                "fraction",
                0.0,
                why="Intangible share of capex not stated: all capex is depreciated",
            )
        )
        depletion = float(
            r.pick(
                "depletion_rate",
                "depletion rate",
                "fraction",
                0.0,
                why="Depletion rate not stated: no depletion",
            )
        )
        losses = str(
            r.pick(
                "tax_losses",
                "tax losses",
                "",
                "offset",
                why="Tax losses not stated as carried forward: a loss offsets other income (a negative tax)",
            )
        )
        income = IncomeTax(rate, years, intangible, depletion, losses)
        log.convention(
            "after income tax: taxable income = operating cash flow - expensed capex - "
            "straight-line depreciation - depletion - abandonment; tax = rate x taxable income"
        )
    else:
        log.convention("results are before income tax (no income-tax rate was given)")
        log.default(
            "income_tax_rate",
            "income-tax rate",
            "none",
            "",
            "Income-tax rate not stated: the case is before income tax",
        )
        for key in ("depreciation_years", "intangible_fraction", "depletion_rate", "tax_losses"):
            if r.stated(key):
                log.unused(key, r.args[key], "no income-tax rate given: the case is before tax")
    return Taxes(
        severance_pct=pct, severance_per_unit=per_unit, ad_valorem=ad_valorem, income=income
    )


def resolve_costs(
    r: Resolver, timeline: Timeline, sold: set[str], produced_water: bool, *, sec: bool
) -> Costs:
    log = r.log
    fixed = float(
        r.pick(
            "fixed_opex_per_month",
            "fixed opex",
            "$/well-month",
            0.0,
            why="Fixed opex not stated: $0 per well-month",
        )
    )
    variable: dict[str, float] = {}
    keys = {
        "oil": ("oil_opex_per_bbl", "oil opex", "$/bbl"),
        "gas": ("gas_opex_per_mcf", "gas opex", "$/Mcf (wellhead)"),
        "ngl": ("ngl_opex_per_bbl", "NGL opex", "$/bbl"),
        "water": ("water_opex_per_bbl", "water opex", "$/bbl"),
        "boe": ("opex_per_boe", "opex per BOE", "$/BOE"),
    }
    present = {*sold, *(["water"] if produced_water else []), "boe"}
    missing = []
    for phase, (key, label, unit) in keys.items():
        if phase == "gas" and r.in_sheet("gas_opex_per_mmbtu") and not r.given(key):
            value = r.sheet.values["gas_opex_per_mmbtu"]  # type: ignore[union-attr]
            heating = DEFAULT_HEATING_VALUE_MMBTU_PER_MCF
            variable["gas"] = float(value.value) * heating
            log.file(key, label, variable["gas"], unit, f"{value.detail}; x {heating} MMBtu/Mcf")
            continue
        if r.given(key):
            amount = float(r.pick(key, label, unit))
            if phase not in present and phase != "boe":
                log.unused(key, amount, f"there is no {phase} volume to charge it on")
                continue
            variable[phase] = amount
        elif phase in present and phase != "boe":
            missing.append(PHASE_LABEL.get(phase, phase))
    if missing:
        log.default(
            "variable_opex",
            "variable opex",
            0.0,
            "$/unit",
            f"Variable opex not stated for {', '.join(missing)}: $0 per unit",
        )
    opex_escalation = 0.0
    capex_escalation = 0.0
    if sec:
        for key in ("opex_escalation", "capex_escalation"):
            if r.given(key):
                log.unused(key, r.pick(key, "", "", record=False), "SEC pricing holds costs flat")
    else:
        opex_escalation = float(
            r.pick(
                "opex_escalation",
                "opex escalation",
                "fraction",
                0.0,
                why="Opex escalation not stated: opex held flat",
            )
        )
        capex_escalation = float(
            r.pick(
                "capex_escalation",
                "capex escalation",
                "fraction",
                0.0,
                why="Capex escalation not stated: capex and abandonment held flat",
            )
        )
        if opex_escalation or capex_escalation:
            log.convention(
                "cost escalation is stepped once a year from the effective date (months 1-12 "
                "unescalated)"
            )
    items: list[CapexItem] = []
    if r.stated("capex"):
        described = []
        for k, raw in enumerate(r.args["capex"]):
            item = capex_item(raw, timeline, label=raw.get("label") or f"capex {k + 1}")
            described.append(f"{item.label} ${item.amount:,.0f}, {capex_when(item, raw)}")
            items.append(item)
        log.stated(
            "capex",
            "capex",
            sum(i.amount for i in items),
            "$ gross",
            "; ".join(described),
        )
        if r.sheet is not None:
            for raw in r.sheet.capex:
                log.unused(
                    "capex",
                    raw["amount"],
                    f"{raw['detail']}: the stated capex is used",
                    replaced=True,
                )
    elif r.sheet is not None and r.sheet.capex:
        for k, raw in enumerate(r.sheet.capex):
            item = capex_item(raw, timeline, label=raw["label"])
            log.file(
                f"capex_{k + 1}",
                f"capex: {item.label}",
                item.amount,
                "$ gross",
                f"{raw['detail']}; {capex_when(item, raw)}",
            )
            items.append(item)
    else:
        log.default("capex", "capex", 0.0, "$", "Capex not stated: none")
    abandonment = float(
        r.pick(
            "abandonment_cost",
            "abandonment cost",
            "$ gross",
            0.0,
            why="Abandonment cost not stated: $0",
        )
    )
    month = None
    if r.stated("abandonment_month"):
        month = int(r.pick("abandonment_month", "abandonment month (project month)", ""))
    elif r.stated("abandonment_date"):
        period = to_month(r.args["abandonment_date"], what="abandonment date")
        month = timeline.month_of(period, what="abandonment date")
        log.stated("abandonment_date", "abandonment date", str(period), "", f"month {month}")
    delay = int(r.pick("abandonment_delay_months", "abandonment delay", "months", 0, record=False))
    if r.stated("abandonment_delay_months"):
        r.pick("abandonment_delay_months", "abandonment delay", "months")
    if abandonment and month is None and not delay:
        log.default(
            "abandonment_timing",
            "abandonment timing",
            "end of life",
            "",
            "Abandonment timing not stated: spent in the last month of the economic life",
        )
    log.convention(
        "costs are gross and borne at the WI; fixed opex is per well-month from first "
        "production to the economic limit; capex with no month is spent at the start (month 0 "
        "for a well producing from month 1)"
    )
    return Costs(
        fixed_per_well_month=fixed,
        variable=variable,
        opex_escalation=opex_escalation,
        capex=tuple(items),
        capex_escalation=capex_escalation,
        abandonment=abandonment,
        abandonment_month=month,
        abandonment_delay=delay,
    )


def capex_item(raw: dict[str, Any], timeline: Timeline, *, label: str) -> CapexItem:
    amount = raw.get("amount")
    if amount is None or not np.isfinite(float(amount)):
        raise ToolError("Every capex item needs an amount in dollars.")
    month = raw.get("month")
    if month is None and raw.get("date"):
        period = to_month(raw["date"], what=f"date of capex '{label}'")
        month = timeline.month_of(period, what=f"capex '{label}' date")
        if month < 0:
            raise ToolError(
                f"Capex '{label}' ({period}) falls before the effective date "
                f"({timeline.start}): money already spent is sunk. Move the effective date "
                "earlier (effective_date) to include it."
            )
    return CapexItem(float(amount), None if month is None else int(month), label)


def capex_when(item: CapexItem, raw: dict[str, Any]) -> str:
    if item.month is None:
        return "no month given: spent at the start"
    if raw.get("date") and raw.get("month") is None:
        return f"on {raw['date']} (month {item.month})"
    return f"month {item.month}" + (" (the effective date)" if item.month == 0 else "")
