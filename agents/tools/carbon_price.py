"""The carbon-price tool: a price per tonne (escalating, or by year) on a project's NPV."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import (
    MCF_PER_BOE,
    fmt,
    get_row,
    jsonable,
    money,
    numeric,
    percent,
    read_row_frame,
)
from agents.tools.ghg import carbon
from agents.tools.ghg.model import input_item
from agents.tools.ghg.rows import add_once, fingerprint
from agents.tools.registry import ToolContext, ToolError, tool

# --------------------------------------------------------------------------- carbon price


@tool(
    name="carbon_price_impact",
    description=(
        "Effect of a carbon price ($/tCO2e, escalating yearly or a price schedule by year) on "
        "the NPV of a cash-flow row (from cash_flow_economics) or cash flows given inline "
        "(monthly or annual), with emissions from an inventory row (scaled to the production "
        "in the cash flow), an intensity per BOE, or a fixed annual tonnage. Writes a table row."
    ),
    parameters={
        "type": "object",
        "properties": {
            "carbon_price": {"type": "number", "minimum": 0, "description": "$/tCO2e in year 1."},
            "escalation": {
                "type": "number",
                "minimum": -0.5,
                "maximum": 1,
                "description": "Annual price escalation (0.05 = 5%/yr; default 0).",
            },
            "price_schedule": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "maxItems": 100,
                "description": "$/t for year 1, 2, ...; the last held flat.",
            },
            "cash_flow_rowid": {"type": "integer", "minimum": 1},
            "cash_flows": {
                "type": "array",
                "items": {"type": "number"},
                "maxItems": 1200,
                "description": "Net cash flows, period 0 first.",
            },
            "period": {
                "type": "string",
                "enum": ["monthly", "annual"],
                "description": "Of inline cash flows (default monthly).",
            },
            "boe_volumes": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "maxItems": 1200,
                "description": "BOE per period aligned with cash_flows (period 0 first).",
            },
            "emissions_rowid": {"type": "integer", "minimum": 1},
            "annual_emissions_tco2e": {"type": "number", "minimum": 0},
            "intensity_kg_per_boe": {"type": "number", "minimum": 0},
            "scopes": {
                "type": "array",
                "items": {"type": "integer", "enum": [1, 2]},
                "minItems": 1,
                "uniqueItems": True,
                "description": "Default [1].",
            },
            "discount_rate": {
                "type": "number",
                "exclusiveMinimum": -1,
                "description": "Annual, default 0.10.",
            },
            "timing": {
                "type": "string",
                "enum": ["end", "mid"],
                "description": "Default end of period.",
            },
            "working_interest": {"type": "number", "minimum": 0, "maximum": 1},
            "mcf_per_boe": {"type": "number", "exclusiveMinimum": 0},
        },
        "required": ["carbon_price"],
        "additionalProperties": False,
    },
    group="emissions",
)
def carbon_price_impact(ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
    a = {k: v for k, v in arguments.items() if v is not None}
    price = a.get("carbon_price")
    if price is None or price < 0:
        raise ToolError("carbon_price ($/tCO2e) must be given and not negative.")
    inputs = [
        input_item("carbon_price", "carbon price (year 1)", price, "$/tCO2e", "stated", "given")
    ]
    assumptions: list[str] = []

    def choose(name: str, label: str, default: Any, unit: str, why: str) -> Any:
        if name in a:
            inputs.append(input_item(name, label, a[name], unit, "stated", "given"))
            return a[name]
        inputs.append(input_item(name, label, default, unit, "default", why))
        assumptions.append(f"{label[0].upper() + label[1:]}: {why}.")
        return default

    schedule = a.get("price_schedule")
    if schedule:
        inputs.append(
            input_item(
                "price_schedule",
                "carbon price by year",
                schedule,
                "$/tCO2e",
                "stated",
                "given; the last year's price held flat",
            )
        )
        escalation = 0.0
    else:
        escalation = choose(
            "escalation",
            "carbon price escalation (a year)",
            0.0,
            "fraction",
            "no escalation stated, the price stays flat",
        )
    rate = choose(
        "discount_rate",
        "discount rate (a year)",
        0.10,
        "fraction",
        "10% a year (PV10), annual effective",
    )
    timing = choose(
        "timing", "discounting timing", "end", "", "cash flows at the end of each period"
    )
    scopes = sorted(
        set(
            choose(
                "scopes",
                "scopes priced",
                [1],
                "",
                "Scope 1 only, the emissions a carbon tax usually covers",
            )
        )
    )
    share = choose(
        "working_interest",
        "working interest bearing the cost",
        1.0,
        "fraction",
        "the whole cost (100% working interest)",
    )
    if "cash_flow_rowid" in a:
        mcf_per_boe = choose(
            "mcf_per_boe", "gas to BOE", MCF_PER_BOE, "Mcf/BOE", "6 Mcf per BOE (energy basis)"
        )
    else:
        mcf_per_boe = a.get("mcf_per_boe", MCF_PER_BOE)

    periods, flows, boe, period, origin = _cash_flows(ctx, a, mcf_per_boe, inputs, assumptions)
    tonnes, basis = _tonnes(ctx, a, periods, boe, period, scopes, inputs)
    ctx.log(f"Pricing {fmt(tonnes.sum(), 1)} tCO2e at ${price:g}/t...")
    unit_prices = carbon.prices(
        periods, price, period=period, escalation=escalation, schedule=schedule
    )
    costs = tonnes * unit_prices * share
    after = flows - costs
    npv_before = carbon.npv(flows, periods, rate, period=period, timing=timing)
    npv_after = carbon.npv(after, periods, rate, period=period, timing=timing)
    pv_cost = npv_before - npv_after
    label = "month" if period == "monthly" else "year"
    table = pd.DataFrame(
        {
            label: periods.astype(int),
            "boe": boe,
            "emissions_tco2e": tonnes,
            "carbon_price_usd_per_t": unit_prices,
            "carbon_cost": costs,
            "net_cash_flow": flows,
            "net_cash_flow_after_carbon": after,
        }
    )
    conventions = [
        f"NPV at {percent(rate)} a year (annual effective), compounded {'monthly' if period == 'monthly' else 'annually'}, "
        f"cash flows at the {'end' if timing == 'end' else 'middle'} of each {label}; {label} 0 undiscounted.",
        "Carbon price applies from the first producing year and steps once a year"
        + (" along the stated schedule." if schedule else f" by {percent(escalation)}."),
    ]
    print_ = fingerprint("carbon_price_impact", {**a, "cash_flow_file": origin})
    out_row, reused = add_once(
        ctx,
        print_=print_,
        type="table",
        description=(
            f"Carbon price ${price:g}/tCO2e"
            + (" (schedule by year)" if schedule else f" (escalating {percent(escalation)}/yr)")
            + f" on {origin}: NPV{rate * 100:g} {money(npv_before)} -> {money(npv_after)}."
        ),
        file_name="carbon_price_impact.csv",
        frame=table,
        data={
            "npv_before": npv_before,
            "npv_after": npv_after,
            "carbon_price": price,
            "escalation": escalation,
        },
    )
    total_boe = float(boe.sum())
    per_boe = float(costs.sum()) / total_boe if total_boe > 0 else None
    summary = (
        f"A carbon price of ${price:g}/tCO2e"
        + (f" escalating {percent(escalation)} a year" if escalation else "")
        + (" following the stated schedule" if schedule else "")
        + f" on Scope {' and '.join(map(str, scopes))} emissions ({basis}; {fmt(tonnes.sum(), 1)} tCO2e in all) "
        f"costs {money(float(costs.sum()))} undiscounted"
        + (f" (${per_boe:,.2f}/BOE)" if per_boe is not None else "")
        + f", {money(pv_cost)} discounted. NPV: {money(npv_before)} before, {money(npv_after)} after"
        + (f" ({percent(-pv_cost / abs(npv_before))})." if npv_before else ".")
        + " "
        + " ".join(conventions)
    )
    if share != 1:
        summary += f" The cost is borne at the {percent(share)} working interest."
    if assumptions:
        summary += " Defaults applied: " + " ".join(assumptions)
    if out_row is not None:
        summary += f" Table: row {out_row.rowid}" + (
            " (already in the running table)." if reused else "."
        )
    return jsonable(
        {
            "summary": summary,
            "inputs": [_as_shown(i) for i in inputs],
            "assumptions": assumptions,
            "conventions": conventions,
            "npv_before": npv_before,
            "npv_after": npv_after,
            "npv_change": npv_after - npv_before,
            "carbon_cost_undiscounted": float(costs.sum()),
            "carbon_cost_pv": pv_cost,
            "tonnes_priced": float(tonnes.sum()),
            "cost_per_boe": per_boe,
            "basis": basis,
            "scopes": scopes,
            "period": period,
            "table_rowid": out_row.rowid if out_row is not None else None,
            "reused": reused,
        }
    )


def _as_shown(item: dict[str, Any]) -> dict[str, Any]:
    """An input as the Inputs block prints it: the label capitalised, and no "given" after
    a stated value (stated already says it)."""
    label = str(item["label"])
    detail = "" if item["source"] == "stated" and item["detail"] == "given" else item["detail"]
    return {**item, "label": label[:1].upper() + label[1:], "detail": detail}


def _cash_flows(ctx, a, mcf_per_boe, inputs, assumptions):
    """(periods, flows, BOE per period, 'monthly'/'annual', where they came from)."""
    if "cash_flow_rowid" in a:
        rowid = a["cash_flow_rowid"]
        ctx.log(f"Reading the cash flow in row {rowid}...")
        row, frame = read_row_frame(ctx, rowid)
        if "net_cash_flow" not in frame.columns:
            raise ToolError(f"Row {rowid} is not a cash-flow table (no net_cash_flow column).")
        if "month" in frame.columns:
            period, column = "monthly", "month"
        elif "year" in frame.columns:
            period, column = "annual", "year"
        else:
            period, column = "monthly", None
        periods = (
            numeric(frame[column]).to_numpy(float) if column else np.arange(len(frame), dtype=float)
        )
        flows = numeric(frame["net_cash_flow"]).fillna(0).to_numpy(float)
        oil = numeric(frame["oil_bbl"]).fillna(0).to_numpy(float) if "oil_bbl" in frame else 0.0
        gas = numeric(frame["gas_mcf"]).fillna(0).to_numpy(float) if "gas_mcf" in frame else 0.0
        boe = np.zeros(len(flows)) + oil + np.asarray(gas) / mcf_per_boe
        inputs.append(
            input_item(
                "cash_flow_rowid",
                "cash flow",
                rowid,
                "row",
                "file",
                f"row {rowid}, columns '{column or 'index'}', 'net_cash_flow', production",
            )
        )
        inputs.append(
            input_item(
                "period",
                "cash-flow period",
                period,
                "",
                "file",
                f"row {rowid}'s '{column or 'index'}' column",
            )
        )
        return periods, flows, boe, period, f"cash flow row {rowid} ({row.file.name})"
    if a.get("cash_flows"):
        flows = np.asarray(a["cash_flows"], float)
        periods = np.arange(len(flows), dtype=float)
        if "period" in a:
            carbon.periods_per_year(a["period"])  # refuses anything but monthly or annual
            period = a["period"]
            inputs.append(input_item("period", "cash-flow period", period, "", "stated", "given"))
        else:
            period = "monthly"
            inputs.append(
                input_item(
                    "period",
                    "cash-flow period",
                    period,
                    "",
                    "default",
                    "cash flows given without a period are monthly",
                )
            )
            assumptions.append(
                "Cash flows given without a period are monthly (say 'annual' for yearly)."
            )
        inputs.append(
            input_item(
                "cash_flows",
                "net cash flows",
                a["cash_flows"],
                "$",
                "stated",
                "given, period 0 first",
            )
        )
        boe = np.zeros(len(flows))
        if a.get("boe_volumes") is not None:
            if len(a["boe_volumes"]) != len(flows):
                raise ToolError("boe_volumes must line up with cash_flows (period 0 first).")
            boe = np.asarray(a["boe_volumes"], float)
            inputs.append(
                input_item(
                    "boe_volumes",
                    "production per period",
                    a["boe_volumes"],
                    "BOE",
                    "stated",
                    "given",
                )
            )
        return periods, flows, boe, period, "cash flows given inline"
    raise ToolError(
        "Which cash flow should the carbon price apply to? Give a cash-flow row (from "
        "cash_flow_economics) or the cash flows."
    )


def _tonnes(ctx, a, periods, boe, period, scopes, inputs) -> tuple[np.ndarray, str]:
    """tCO2e in each period and a sentence on how they were set."""
    per_year = carbon.periods_per_year(period)
    producing = periods >= 1
    if "emissions_rowid" in a:
        rowid = a["emissions_rowid"]
        data = get_row(ctx, rowid).data or {}
        if "scope1_tco2e" not in data:
            raise ToolError(f"Row {rowid} is not an emissions inventory.")
        year = sum(float(data.get(f"scope{s}_tco2e") or 0) for s in scopes)
        inputs.append(
            input_item(
                "emissions_rowid",
                "emissions inventory",
                rowid,
                "row",
                "file",
                f"row {rowid}: {fmt(year, 1)} tCO2e a year (Scope {', '.join(map(str, scopes))})",
            )
        )
        inventory_boe = data.get("production_boe")
        if inventory_boe and boe.sum() > 0:
            intensity = year / float(inventory_boe)
            return boe * intensity, (
                f"inventory row {rowid}: {fmt(intensity * 1000, 2)} kgCO2e/BOE applied to each {('month' if per_year == 12 else 'year')}'s production"
            )
        return np.where(producing, year / per_year, 0.0), (
            f"inventory row {rowid}: {fmt(year, 1)} tCO2e a year, spread evenly over the producing periods"
        )
    if "intensity_kg_per_boe" in a:
        if boe.sum() <= 0:
            raise ToolError("An intensity per BOE needs production volumes with the cash flows.")
        inputs.append(
            input_item(
                "intensity_kg_per_boe",
                "carbon intensity",
                a["intensity_kg_per_boe"],
                "kgCO2e/BOE",
                "stated",
                "given",
            )
        )
        return boe * a[
            "intensity_kg_per_boe"
        ] / 1000.0, f"{a['intensity_kg_per_boe']:g} kgCO2e/BOE applied to each period's production"
    if "annual_emissions_tco2e" in a:
        year = float(a["annual_emissions_tco2e"])
        inputs.append(
            input_item(
                "annual_emissions_tco2e", "emissions a year", year, "tCO2e/yr", "stated", "given"
            )
        )
        return np.where(
            producing, year / per_year, 0.0
        ), f"{fmt(year, 1)} tCO2e a year over the producing periods"
    raise ToolError(
        "How much is emitted? Give an emissions inventory row, an intensity (kgCO2e/BOE) or "
        "annual tCO2e."
    )
