"""What an economics run leaves behind: its tables (monthly, by period, one line per well)
and the figures of its result."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import fmt, money, percent
from agents.tools.economics.cashflow import ADDITIVE
from agents.tools.economics.evaluation import Evaluation
from agents.tools.economics.indicators import Measures, discount_factors, periodise
from agents.tools.economics.project import line_values, total_lines

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


def one_line_table(evaluation: Evaluation) -> pd.DataFrame:
    """One line per well, then totals: by category, unrisked and (if any) risked."""
    return pd.DataFrame([*evaluation.lines, *total_lines(evaluation.sums, evaluation.terms)])


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
