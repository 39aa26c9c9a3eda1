"""What an economics run leaves behind: its tables (monthly, by period, one line per well)
and the figures of its result."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import fmt, money, percent
from agents.tools.economics.cashflow import ADDITIVE, Flows
from agents.tools.economics.evaluation import Evaluation, Well
from agents.tools.economics.indicators import (
    Discounting,
    Measures,
    discount_factors,
    measures,
    periodise,
)

_PHASE_COLUMNS = {
    "oil": ("oil_bbl", "net_oil_bbl", "oil_price", "oil_price_realised", "oil_revenue"),
    "gas": (
        "gas_mcf",
        "sales_gas_mcf",
        "net_gas_mcf",
        "gas_price",
        "gas_price_realised",
        "gas_revenue",
    ),
    "ngl": ("ngl_bbl", "net_ngl_bbl", "ngl_price", "ngl_price_realised", "ngl_revenue"),
}


def _unused_columns(columns: dict[str, np.ndarray]) -> set[str]:
    drop = set()
    for _phase, names in _PHASE_COLUMNS.items():
        volume = columns.get(names[0])
        if volume is None or not np.any(volume > 0):
            drop.update(names)
    if "water_bbl" in columns and not np.any(columns["water_bbl"] > 0):
        drop.add("water_bbl")
    if "sales_gas_mcf" in columns and np.allclose(
        columns["sales_gas_mcf"], columns.get("gas_mcf", 0)
    ):
        drop.add("sales_gas_mcf")
    return drop


def monthly_table(evaluation: Evaluation) -> pd.DataFrame:
    """The monthly cash flow (the project's when several wells), with cumulative and PV."""
    columns = evaluation.total
    drop = _unused_columns(columns)
    frame = pd.DataFrame({k: v for k, v in columns.items() if k not in drop})
    frame["month"] = frame["month"].astype(int)
    frame.insert(1, "date", evaluation.timeline.labels(len(frame)))
    cash_key = "after_tax_cash_flow" if evaluation.after_tax_case else "net_cash_flow"
    frame["cumulative_cash_flow"] = frame[cash_key].cumsum()
    disc = evaluation.terms.discounting
    if disc.period == "monthly":
        frame["discount_factor"] = discount_factors(len(frame), disc)
        frame["discounted_cash_flow"] = frame[cash_key] * frame["discount_factor"]
    return frame


def period_table(evaluation: Evaluation) -> pd.DataFrame | None:
    """The cash flow by quarter or year (from the effective date), as it is discounted."""
    disc = evaluation.terms.discounting
    if disc.period == "monthly":
        return None
    columns = evaluation.total
    drop = _unused_columns(columns)
    size = len(periodise(columns["month"], disc.months))
    data: dict[str, Any] = {"period": np.arange(size)}
    labels = evaluation.timeline.labels(disc.months * (size - 1) + 1)
    starts = [None] + [labels[1 + disc.months * (k - 1)] for k in range(1, size)]
    data["first_month"] = [0] + [1 + disc.months * (k - 1) for k in range(1, size)]
    if evaluation.timeline.start is not None:
        data["start_date"] = starts
    for key in ADDITIVE:
        if key in columns and key not in drop:
            data[key] = periodise(columns[key], disc.months)
    frame = pd.DataFrame(data)
    cash_key = "after_tax_cash_flow" if evaluation.after_tax_case else "net_cash_flow"
    frame["cumulative_cash_flow"] = frame[cash_key].cumsum()
    frame["discount_factor"] = discount_factors(size, disc)
    frame["discounted_cash_flow"] = frame[cash_key] * frame["discount_factor"]
    return frame


def line_values(flows: Flows | dict[str, np.ndarray]) -> dict[str, float]:
    columns = flows.columns if isinstance(flows, Flows) else flows
    total = {k: float(np.sum(v)) for k, v in columns.items() if k in ADDITIVE}
    total["taxes"] = total.get("severance_tax", 0.0) + total.get("ad_valorem_tax", 0.0)
    return total


def _line(
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
    line: dict[str, Any] = {
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
        line["income_tax"] = values.get("income_tax", 0.0)
        line["after_tax_cash_flow"] = values.get("after_tax_cash_flow", 0.0)
    line[rate_key] = m.npv
    line["irr"] = m.irr
    line["mirr"] = m.mirr
    line["payout_month"] = m.payout.month
    return line


def npv_key(discounting: Discounting) -> str:
    return f"npv{discounting.rate * 100:g}".replace(".", "_")


def one_line_table(evaluation: Evaluation) -> pd.DataFrame:
    """One line per well, then totals: by category, unrisked and (if any) risked."""
    terms = evaluation.terms
    disc = terms.discounting
    key = npv_key(disc)
    after = evaluation.after_tax_case
    lines = []
    for well, case, flows, m in zip(
        evaluation.wells, evaluation.cases, evaluation.flows, evaluation.well_measures, strict=True
    ):
        lines.append(
            _line(
                well.name or "well",
                well.category,
                well.risk,
                line_values(flows),
                m,
                key,
                wi=case.interests.before.wi,
                nri=case.interests.before.nri,
                life=max(flows.life, 0) if flows.life >= flows.first_production else 0,
                after_tax=after,
            )
        )

    def total_line(name: str, chosen: list[tuple[Well, Flows]], risked: bool) -> dict[str, Any]:
        size = max(f.length for _, f in chosen)
        summed: dict[str, np.ndarray] = {}
        for k in ADDITIVE:
            total = None
            for w, f in chosen:
                values = f.columns.get(k)
                if values is None:
                    continue
                if total is None:
                    total = np.zeros(size)
                total[: len(values)] += values * (w.risk if risked else 1.0)
            if total is not None:
                summed[k] = total
        cash = summed["after_tax_cash_flow" if after else "net_cash_flow"]
        m = measures(
            cash,
            summed["capex"],
            disc,
            finance_rate=terms.finance_rate,
            reinvest_rate=terms.reinvest_rate,
        )
        categories = sorted({w.category for w, _ in chosen})
        return _line(
            name,
            categories[0] if len(categories) == 1 else "all",
            None,
            line_values(summed),
            m,
            key,
            wi=None,
            nri=None,
            life=None,
            after_tax=after,
        )

    pairs = list(zip(evaluation.wells, evaluation.flows, strict=True))
    categories = sorted({w.category for w in evaluation.wells})
    if len(categories) > 1:
        for category in categories:
            chosen = [(w, f) for w, f in pairs if w.category == category]
            lines.append(total_line(f"Total {category}", chosen, False))
    lines.append(total_line("Total", pairs, False))
    if any(w.risk != 1.0 for w in evaluation.wells):
        lines.append(total_line("Total risked", pairs, True))
    return pd.DataFrame(lines)


def measures_dict(m: Measures) -> dict[str, Any]:
    return {
        "npv": m.npv,
        "irr_annual": m.irr,
        "irrs_annual": m.irrs,
        "irr_note": m.irr_note,
        "mirr_annual": m.mirr,
        "payback_month": m.payout.month,
        "payout_months": m.payout.months,
        "payout_lost_months": m.payout.lost,
        "payout_regained_months": m.payout.regained,
        "payout": m.payout.sentence(),
        "profitability_index": m.profitability_index,
        "pv_capex": m.pv_capex,
        "undiscounted_cash_flow": m.undiscounted,
        "sign_changes": m.sign_changes,
    }


def totals(columns: dict[str, np.ndarray]) -> dict[str, float]:
    values = line_values(columns)
    return {
        "oil_bbl": values.get("oil_bbl", 0.0),
        "gas_mcf": values.get("gas_mcf", 0.0),
        "sales_gas_mcf": values.get("sales_gas_mcf", 0.0),
        "ngl_bbl": values.get("ngl_bbl", 0.0),
        "water_bbl": values.get("water_bbl", 0.0),
        "net_oil_bbl": values.get("net_oil_bbl", 0.0),
        "net_gas_mcf": values.get("net_gas_mcf", 0.0),
        "net_ngl_bbl": values.get("net_ngl_bbl", 0.0),
        "oil_revenue": values.get("oil_revenue", 0.0),
        "gas_revenue": values.get("gas_revenue", 0.0),
        "ngl_revenue": values.get("ngl_revenue", 0.0),
        "gross_revenue": values.get("gross_revenue", 0.0),
        "net_revenue": values.get("net_revenue", 0.0),
        "severance_tax": values.get("severance_tax", 0.0),
        "ad_valorem_tax": values.get("ad_valorem_tax", 0.0),
        "taxes": values["taxes"],
        "opex": values.get("opex", 0.0),
        "capex": values.get("capex", 0.0),
        "abandonment": values.get("abandonment", 0.0),
        "net_cash_flow": values.get("net_cash_flow", 0.0),
        "income_tax": values.get("income_tax", 0.0),
        "after_tax_cash_flow": values.get("after_tax_cash_flow", 0.0),
    }


def summary_text(result: dict[str, Any]) -> str:
    """A compact paragraph with the headline figures and how they were made."""
    rate = result["discount_rate"]
    basis = result["tax_basis"]
    parts: list[str] = []
    if result.get("breakeven_only"):
        product = result["breakeven_product"]
        price = result["breakeven_price"]
        parts.append(
            f"Break-even {product} price (NPV at {percent(rate)} = 0, {basis}): "
            + (
                f"${price:,.2f}{result['breakeven_unit']} flat benchmark."
                if price is not None
                else f"none ({result['breakeven_notes'].get(product, '')})."
            )
        )
    else:
        irr = result["irr_annual"]
        parts.append(
            f"NPV at {percent(rate)} ({basis}): {money(result['npv'])}. IRR: "
            + (f"{percent(irr)} a year (annual effective)" if irr is not None else "not defined")
            + (f" [{result['irr_note']}]" if result.get("irr_note") else "")
            + f". MIRR: {percent(result['mirr_annual'])}."
            + f" Payout: {result['payout']}."
            + (
                f" Profitability index {result['profitability_index']:.2f}."
                if result.get("profitability_index") is not None
                else ""
            )
        )
        for product, price in (result.get("breakeven_prices") or {}).items():
            unit = "/bbl" if product != "gas" else result["gas_price_unit_label"]
            parts.append(
                f"Break-even {product}: "
                + (f"${price:,.2f}{unit}." if price is not None else "none.")
            )
        t = result["totals"]
        parts.append(
            f"Economic life {result['economic_life_months']} months. Gross {fmt(t['oil_bbl'])} "
            f"bbl oil, {fmt(t['gas_mcf'])} Mcf gas, {fmt(t['ngl_bbl'])} bbl NGL; net revenue "
            f"{money(t['net_revenue'])} (oil {money(t['oil_revenue'])}, gas "
            f"{money(t['gas_revenue'])}, NGL {money(t['ngl_revenue'])}), taxes "
            f"{money(t['taxes'])}, opex {money(t['opex'])}, capex {money(t['capex'])}, "
            f"abandonment {money(t['abandonment'])}."
        )
    parts.append("Conventions: " + "; ".join(result["conventions"]) + ".")
    if result["assumptions"]:
        parts.append("Defaults applied: " + "; ".join(result["assumptions"]) + ".")
    if result["warnings"]:
        parts.append("Warnings: " + "; ".join(result["warnings"]) + ".")
    if result["not_used"]:
        parts.append(
            "Not used: " + "; ".join(f"{u['name']} ({u['why']})" for u in result["not_used"]) + "."
        )
    rows = [
        f"{label} row {result[key]}"
        for key, label in (
            ("cash_flow_rowid", "monthly cash flow"),
            ("period_table_rowid", "cash flow by period"),
            ("one_line_rowid", "one-line summary"),
            ("chart_rowid", "cash-flow chart"),
            ("tornado_chart_rowid", "tornado chart"),
            ("npv_price_chart_rowid", "NPV-price chart"),
        )
        if result.get(key)
    ]
    if rows:
        parts.append("Saved: " + ", ".join(rows) + ".")
    return " ".join(parts)
