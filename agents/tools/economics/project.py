"""Many wells as one project: each well's one-line summary, the sums its totals need, and
the fan-out that spreads the wells over the job workers.

Each well is run on its own (its own economic limit); the project's monthly columns are
the wells' added up, so its NPV is the sum of theirs. Totals per reserves category,
unrisked and risked (each well weighted by its risk factor), are measured on their
own summed monthly cash flows (IRR, payout), never averaged from the wells'.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from agents.tools.economics.cashflow import ADDITIVE, Case, Flows, PhaseVolumes, run
from agents.tools.economics.indicators import Discounting, Measures, measures
from agents.tools.economics.prices import PHASES
from agents.tools.economics.serial import (
    costs_from,
    interests_from,
    plain,
    terms_from,
    timeline_from,
)
from agents.tools.economics.terms import Terms

# More wells than this are spread over the job workers (fan-out), a group of wells per item.
FAN_OUT_WELLS = 40
GROUP_WELLS = 25
_PRICE_COLUMNS = tuple(f"{p}_price{s}" for p in PHASES for s in ("", "_realised"))


def line_values(flows: Flows | dict[str, np.ndarray]) -> dict[str, float]:
    columns = flows.columns if isinstance(flows, Flows) else flows
    total = {k: float(np.sum(v)) for k, v in columns.items() if k in ADDITIVE}
    total["taxes"] = total.get("severance_tax", 0.0) + total.get("ad_valorem_tax", 0.0)
    return total


def npv_key(discounting: Discounting) -> str:
    return f"npv{discounting.rate * 100:g}".replace(".", "_")


def line(
    name: str,
    category: str,
    risk: float | None,
    values: dict[str, float],
    m: Measures,
    rate_key: str,
    *,
    wi: float | None,
    nri: float | None,
    life: int | None,
    after_tax: bool,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "well": name,
        "category": category,
        "risk_factor": risk,
        "working_interest": wi,
        "net_revenue_interest": nri,
        "economic_life_months": life,
        "gross_oil_bbl": values.get("oil_bbl", 0.0),
        "gross_gas_mcf": values.get("gas_mcf", 0.0),
        "gross_ngl_bbl": values.get("ngl_bbl", 0.0),
        "net_oil_bbl": values.get("net_oil_bbl", 0.0),
        "net_gas_mcf": values.get("net_gas_mcf", 0.0),
        "net_ngl_bbl": values.get("net_ngl_bbl", 0.0),
        "net_revenue": values.get("net_revenue", 0.0),
        "severance_tax": values.get("severance_tax", 0.0),
        "ad_valorem_tax": values.get("ad_valorem_tax", 0.0),
        "opex": values.get("opex", 0.0),
        "capex": values.get("capex", 0.0),
        "abandonment": values.get("abandonment", 0.0),
        "net_cash_flow": values.get("net_cash_flow", 0.0),
    }
    if after_tax:
        out["income_tax"] = values.get("income_tax", 0.0)
        out["after_tax_cash_flow"] = values.get("after_tax_cash_flow", 0.0)
    out[rate_key] = m.npv
    out["irr"] = m.irr
    out["mirr"] = m.mirr
    out["payout_month"] = m.payout.month
    return out


def measure(terms: Terms, cash: np.ndarray, capex: np.ndarray) -> Measures:
    return measures(
        cash,
        capex,
        terms.discounting,
        finance_rate=terms.finance_rate,
        reinvest_rate=terms.reinvest_rate,
    )


def empty_sums() -> dict[str, Any]:
    return {"all": {}, "risked": {}, "categories": {}, "prices": {}, "risk_used": False}


def _add(into: dict[str, np.ndarray], columns: dict[str, np.ndarray], factor: float) -> None:
    for key in ADDITIVE:
        values = columns.get(key)
        if values is None:
            continue
        values = np.asarray(values, float)
        have = into.get(key)
        if have is None or len(have) < len(values):
            grown = np.zeros(len(values))
            if have is not None:
                grown[: len(have)] = have
            have = grown
        have[: len(values)] += values * factor
        into[key] = have


def _prices(into: dict[str, np.ndarray], columns: dict[str, np.ndarray]) -> None:
    for key in _PRICE_COLUMNS:
        values = columns.get(key)
        if values is None:
            continue
        values = np.asarray(values, float)
        have = into.get(key)
        if have is None or len(have) < len(values):
            grown = np.full(len(values), np.nan)
            if have is not None:
                grown[: len(have)] = have
            have = grown
        missing = np.isnan(have[: len(values)])
        have[: len(values)][missing] = values[missing]
        into[key] = have


def accumulate(sums: dict[str, Any], columns: dict[str, np.ndarray], category: str, risk: float):
    _add(sums["all"], columns, 1.0)
    _add(sums["risked"], columns, risk)
    _add(sums["categories"].setdefault(category, {}), columns, 1.0)
    _prices(sums["prices"], columns)
    sums["risk_used"] = bool(sums["risk_used"] or risk != 1.0)


def merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    _add(into["all"], other["all"], 1.0)
    _add(into["risked"], other["risked"], 1.0)
    for category, columns in other["categories"].items():
        _add(into["categories"].setdefault(category, {}), columns, 1.0)
    _prices(into["prices"], other["prices"])
    into["risk_used"] = bool(into["risk_used"] or other["risk_used"])


def run_wells(
    cases: list[Case], wells: list[tuple[str | None, str, float]], terms: Terms
) -> dict[str, Any]:
    """Every well's line and the sums of their monthly columns (the project's)."""
    key = npv_key(terms.discounting)
    after = terms.taxes.income is not None
    sums = empty_sums()
    lines: list[dict[str, Any]] = []
    lives: list[int] = []
    warnings: list[str] = []
    for case, (name, category, risk) in zip(cases, wells, strict=True):
        flows = run(case)
        m = measure(terms, flows.cash(), flows.columns["capex"])
        life = max(flows.life, 0) if flows.life >= flows.first_production else 0
        lines.append(
            line(
                name or "well",
                category,
                risk,
                line_values(flows),
                m,
                key,
                wi=case.interests.before.wi,
                nri=case.interests.before.nri,
                life=life,
                after_tax=after,
            )
        )
        lives.append(life)
        warnings += [f"{name}: {w}" if name else w for w in flows.warnings]
        accumulate(sums, flows.columns, category, risk)
    single = flows.columns if len(cases) == 1 else None  # its WI/NRI columns too
    return {"lines": lines, "sums": sums, "lives": lives, "warnings": warnings, "single": single}


def total_lines(sums: dict[str, Any], terms: Terms) -> list[dict[str, Any]]:
    """The total lines: per category (when there are several), unrisked, risked."""
    key = npv_key(terms.discounting)
    after = terms.taxes.income is not None

    def total(name: str, columns: dict[str, np.ndarray], category: str) -> dict[str, Any]:
        cash = columns["after_tax_cash_flow" if after else "net_cash_flow"]
        m = measure(terms, cash, columns["capex"])
        return line(
            name,
            category,
            None,
            line_values(columns),
            m,
            key,
            wi=None,
            nri=None,
            life=None,
            after_tax=after,
        )

    out = []
    categories = sorted(sums["categories"])
    if len(categories) > 1:
        for category in categories:
            out.append(total(f"Total {category}", sums["categories"][category], category))
    out.append(total("Total", sums["all"], categories[0] if len(categories) == 1 else "all"))
    if sums["risk_used"]:
        out.append(total("Total risked", sums["risked"], "all"))
    return out


# --------------------------------------------------------------------------- fan-out


def well_items(cases: list[Case], wells: list[tuple[str | None, str, float]]) -> list[dict]:
    """The wells as plain items for the workers, GROUP_WELLS wells an item."""
    items = []
    for start in range(0, len(cases), GROUP_WELLS):
        group = []
        for case, (name, category, risk) in zip(
            cases[start : start + GROUP_WELLS], wells[start : start + GROUP_WELLS], strict=True
        ):
            v = case.volumes
            group.append(
                {
                    "name": name,
                    "category": category,
                    "risk": risk,
                    "oil": v.oil,
                    "gas": v.gas,
                    "ngl": v.ngl,
                    "water": v.water,
                    "interests": plain(case.interests),
                    "costs": plain(case.costs),
                }
            )
        items.append({"wells": group})
    return items


def run_well_group(item: dict[str, Any], *, terms: dict, timeline: dict) -> dict[str, Any]:
    """A fan-out item: a group of wells run on a worker (pure: no database, no context)."""
    resolved = terms_from(terms)
    line_up = timeline_from(timeline)
    cases = []
    wells = []
    for well in item["wells"]:
        cases.append(
            Case(
                volumes=PhaseVolumes(
                    oil=np.asarray(well["oil"], float),
                    gas=np.asarray(well["gas"], float),
                    ngl=None if well["ngl"] is None else np.asarray(well["ngl"], float),
                    water=np.asarray(well["water"], float),
                ),
                timeline=line_up,
                pricing=resolved.pricing,
                interests=interests_from(well["interests"]),
                taxes=resolved.taxes,
                costs=costs_from(well["costs"]),
                economic_limit=resolved.economic_limit,
                not_sold=resolved.not_sold,
                well=well["name"],
            )
        )
        wells.append((well["name"], well["category"], float(well["risk"])))
    return run_wells(cases, wells, resolved)
