"""Answers to economics questions: NPV/IRR of listed cash flows, and cash-flow economics
of a forecast (prices, royalty, taxes, opex, capex; a cost sheet when one is uploaded)."""

from __future__ import annotations

import re
from typing import Any

from agents.builtin import fmt
from agents.builtin.answer_production import UPLOAD_PRODUCTION_HINT
from agents.builtin.work import (
    AskBack,
    Work,
    column_names_text,
    columns,
    file_name,
    is_table,
    switch_agent,
    writer,
)

DEFAULT_DISCOUNT = 0.10


@writer("npv_irr", tool="npv_irr", job="computes NPV and IRR")
def npv(work: Work) -> str:
    p = work.params
    flows = p.get("cash_flows")
    if not flows:
        raise AskBack(
            "To compute NPV/IRR I need the cash flows, first period first, with the investment "
            "negative: e.g. 'NPV at 10% of -1000, 300, 400, 500, 200'. To value a well instead, "
            "upload its production and ask 'run economics with $70 oil and $3 gas'."
        )
    rate = p.get("discount_rate")
    assumed_rate = rate is None
    if rate is None:
        rate = work.default(
            "rate",
            DEFAULT_DISCOUNT,
            label="Discount rate",
            unit="fraction",
            why="no discount rate was given; 10% per period is the usual PV10",
        )
        work.defaults["discount_rate"] = work.defaults["rate"]
    result = work.call("npv_irr", cash_flows=flows, rate=rate, discount_rate=rate)
    return _npv_text(
        result, flows=flows, rate=rate, assumed_rate=assumed_rate, asks=p.get("asks") or []
    )


def _npv_text(result: dict[str, Any], *, flows, rate, assumed_rate, asks) -> str:
    npv = result.get("npv")
    irr = result.get("irr")
    payback = result.get("payback_fractional")
    pi = result.get("profitability_index")
    digits = 0 if abs(rate * 100 - round(rate * 100)) < 1e-9 else 2
    rows = [
        [f"NPV at {fmt.pct(rate, digits)}", fmt.money(npv, 2)],
        [
            "IRR",
            fmt.pct(irr, 2)
            if irr is not None
            else "not defined (the cash flows never change sign)",
        ],
        ["payback", f"{float(payback):.2f} periods" if payback is not None else "not reached"],
        ["profitability index", f"{float(pi):.3f}" if pi is not None else "n/a"],
    ]
    lead = {"npv": "NPV", "irr": "IRR", "payback": "Payback", "pi": "Profitability index"}.get(
        (asks or ["npv"])[0], "NPV"
    )
    decimals = 2 if any(abs(x - round(x)) > 1e-9 for x in flows) else 0
    flows_text = ", ".join(fmt.num(f, decimals) for f in flows)
    lines = [
        f"**{lead}** of the cash flows {flows_text} ({len(flows)} periods, the first at t = 0):",
        "",
        fmt.table(["measure", "value"], rows),
        "",
        "Convention (numpy-financial's npv/irr): the first cash flow is at time 0 and not "
        f"discounted; each later one is at the end of its period, discounted by (1 + {rate:g})^t. "
        "Payback is when the running total turns non-negative, interpolated within the period; "
        "the profitability index is the PV of the inflows over the PV of the outflows. "
        "Rates are per period (per year if the flows are yearly).",
    ]
    if assumed_rate:
        lines.append(f"No discount rate was given, so I used {fmt.pct(rate, 0)} (PV10).")
    return "\n".join(lines)


_COST_COLUMNS = re.compile(r"\b(?:value|amount|cost)\b")


def cost_sheet(work: Work):
    """The newest uploaded cost sheet (item, value and unit columns), or None."""
    for row in work.rows():
        if row.type == "userinput" and is_table(row):
            words = column_names_text(columns(row))
            if re.search(r"\bitem\b", words) and _COST_COLUMNS.search(words.replace("item", "")):
                return row
    return None


@writer("cash_flow_economics", tool="cash_flow_economics", job="runs cash-flow economics")
def economics(work: Work) -> str:
    p = work.params
    explicit = work.explicit_row(p.get("row"))
    costs = cost_sheet(work)
    oil_price, gas_price = p.get("oil_price"), p.get("gas_price")
    if oil_price is None and gas_price is None and costs is None:
        raise AskBack(
            "To run economics I need the prices: e.g. 'run economics on the forecast with $70 "
            "oil and $3 gas' (optionally royalty, severance tax, opex, capex and a discount "
            "rate, or upload a cost sheet with item, value and unit columns)."
        )
    lines: list[str] = []
    forecast = explicit or work.newest_output(r"^Decline forecast")
    if forecast is None:
        try:
            history = work.pick_upload(kind="production", hint=UPLOAD_PRODUCTION_HINT)
        except AskBack:
            raise AskBack(
                "To run economics I need a production forecast. "
                + UPLOAD_PRODUCTION_HINT
                + " Or forecast a well inline, e.g. 'a well at 800 bbl/d declining 25% a year', "
                "and then ask for the economics."
            ) from None
        if "fit_decline" not in (work.agent.tools or []):
            return switch_agent("fit_decline", work.agent, "fits decline curves")
        phase = "oil" if oil_price is not None or gas_price is None else "gas"
        fit = work.call("fit_decline", rowid=history.rowid, phase=phase, chart=False)
        if not fit.get("forecast_rowid"):
            raise AskBack("The decline fit wrote no forecast table, so there is nothing to value.")
        forecast = work.explicit_row(fit["forecast_rowid"])
        lines.append(
            f"There was no forecast yet, so I first fitted a decline to the {fit.get('phase')} "
            f"in row {history.rowid} (`{file_name(history)}`; forecast saved as row "
            f"{forecast.rowid})."
        )
        lines.append("")
    opex = p.get("opex") or {}
    capex = p.get("capex")
    discount = p.get("discount_rate")
    result = work.call(
        "cash_flow_economics",
        forecast_rowid=forecast.rowid,
        costs_rowid=costs.rowid if costs is not None else None,
        oil_price=oil_price,
        gas_price=gas_price,
        royalty=p.get("royalty"),
        severance_tax=p.get("severance_tax"),
        working_interest=p.get("working_interest"),
        fixed_opex_per_month=opex.get("per_month"),
        oil_opex_per_bbl=opex.get("per_boe"),
        capex=[{"month": 0, "amount": capex}] if capex else None,
        discount_rate=discount,
    )
    rate = result.get("discount_rate") or discount or DEFAULT_DISCOUNT
    terms = result.get("terms", {})
    if discount is None:
        work.default(
            "discount_rate",
            terms.get("discount_rate", rate),
            label="Discount rate",
            unit="fraction",
            why="no discount rate was given; the economics tool's default (PV10)",
        )
    totals = result.get("totals", {})
    breakeven = result.get("breakeven_price")
    product = result.get("breakeven_product", "oil")
    unit = "/bbl" if product == "oil" else "/mcf"
    irr = result.get("irr_annual")
    payback = result.get("payback_month")
    pi = result.get("profitability_index")
    lines += [
        f"**Economics of the forecast in row {forecast.rowid}**"
        + (f" with the cost sheet `{file_name(costs)}` (row {costs.rowid})" if costs else "")
        + ".",
        "",
        fmt.table(
            ["measure", "value"],
            [
                [
                    f"NPV at {fmt.pct(terms.get('discount_rate', rate), 0)}",
                    fmt.money(result.get("npv")),
                ],
                ["IRR (annual)", fmt.pct(irr, 1) if irr is not None else "not defined"],
                ["payback", f"month {payback:g}" if payback is not None else "not reached"],
                ["profitability index", f"{pi:.2f}" if pi is not None else "n/a (no capex)"],
                [
                    f"break-even {product} price",
                    f"${breakeven:,.2f}{unit}" if breakeven is not None else "none",
                ],
                ["economic life", f"{result.get('economic_life_months', 0)} months"],
                [
                    "oil / gas sold (gross)",
                    f"{fmt.num(totals.get('oil_bbl'))} bbl / {fmt.num(totals.get('gas_mcf'))} mcf",
                ],
                ["net revenue", fmt.money(totals.get("net_revenue"))],
                [
                    "taxes / opex / capex",
                    f"{fmt.money(totals.get('taxes'))} / {fmt.money(totals.get('opex'))} / "
                    f"{fmt.money(totals.get('capex'))}",
                ],
            ],
        ),
        "",
        "Terms used: "
        + ", ".join(
            part
            for part in (
                f"oil ${terms['oil_price']:,.2f}/bbl" if terms.get("oil_price") is not None else "",
                f"gas ${terms['gas_price']:,.2f}/mcf" if terms.get("gas_price") is not None else "",
                f"WI {fmt.pct(terms.get('working_interest', 1))}",
                f"NRI {fmt.pct(terms.get('nri', 1))}",
                f"severance {fmt.pct(terms.get('severance_tax', 0))}",
                f"fixed opex {fmt.money(terms.get('fixed_opex_per_month', 0))}/month",
                f"variable opex {fmt.money(terms.get('oil_opex_per_bbl', 0), 2)}/bbl",
            )
            if part
        )
        + f". Discounting: {result.get('discounting', '')}. Anything not stated is zero; "
        "say e.g. '12.5% royalty, $8/bbl opex, capex of $6MM' to add it.",
    ]
    sens = result.get("sensitivities") or []
    if sens:
        body = [
            [str(c["variable"]), f"{c['change'] * 100:+.0f}%", fmt.money(c["npv"])] for c in sens
        ]
        lines += ["", "Sensitivities:", "", fmt.table(["variable", "change", "NPV"], body)]
    for note in result.get("notes") or []:
        lines.append(f"- Note: {note}")
    lines += fmt.saved_rows(
        result,
        [
            ("cash_flow_rowid", "the monthly cash flow is saved as row"),
            ("chart_rowid", "its chart as row"),
        ],
    )
    return "\n".join(lines)
