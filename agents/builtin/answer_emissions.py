"""Answers to emissions questions: a Scope 1 and 2 inventory (activity data stated inline or
an uploaded activity file), carbon intensity, and a carbon price's effect on NPV."""

from __future__ import annotations

from typing import Any

from agents.builtin import fmt
from agents.builtin.work import AskBack, Work, file_name, writer

UPLOAD_EMISSIONS_HINT = (
    "Upload an activity file first (CSV or Excel with a source or fuel column, a quantity "
    "and its unit: e.g. flared gas in mcf, diesel in gallons, purchased power in MWh), or "
    "give the figures inline: 'we flared 12,000 mcf and burned 30,000 gallons of diesel'."
)

_ACTIVITY_KINDS = {
    "flaring": "flaring",
    "venting": "venting",
    "diesel": "diesel_combustion",
    "gasoline": "gasoline_combustion",
    "propane": "propane_combustion",
    "natural_gas": "natural_gas_combustion",
    "electricity": "electricity",
    "production": "oil_production",
    "production_gas": "gas_production",
}
_TOOL_UNITS = {"kwh": "kWh", "l": "L", "mmbtu": "MMBtu", "boe": "bbl"}


def activity_args(activities) -> list[dict[str, Any]]:
    """Activities read from the question as the emissions tool's ``activities`` argument."""
    return [
        {
            "source": a.source.replace("_", " "),
            "kind": _ACTIVITY_KINDS[a.source],
            "quantity": a.quantity,
            "unit": _TOOL_UNITS.get(a.unit, a.unit),
        }
        for a in activities
        if a.source in _ACTIVITY_KINDS
    ]


@writer("emissions_inventory", tool="emissions_inventory", job="computes emissions inventories")
def emissions(work: Work) -> str:
    p = work.params
    activities = activity_args(p.get("activities") or [])
    p.get("scopes")  # every inventory reports Scope 1 and Scope 2
    emitting = [a for a in activities if not a["kind"].endswith("_production")]
    if emitting:
        result = work.call("emissions_inventory", activities=activities)
        source = "the activity data in your question"
    else:
        row = work.pick_upload(kind="emissions", hint=UPLOAD_EMISSIONS_HINT)
        production = [a for a in activities if a["kind"].endswith("_production")]
        result = work.call(
            "emissions_inventory",
            rowid=row.rowid,
            oil_produced_bbl=sum(a["quantity"] for a in production if a["kind"] == "oil_production")
            or None,
            gas_produced_mcf=sum(a["quantity"] for a in production if a["kind"] == "gas_production")
            or None,
        )
        source = f"row {row.rowid} (`{file_name(row)}`)"
    lines = [f"**Scope 1 and 2 emissions** from {source}:", ""]
    body = [
        [
            str(line.get("source") or line.get("category", "")),
            str(line.get("category", "")),
            str(line.get("scope", "")),
            fmt.num(line.get("co2e_t"), 1),
        ]
        for line in result.get("lines", [])
    ]
    if body and all(k in (result.get("lines") or [{}])[0] for k in ("category", "co2e_t")):
        lines += [fmt.table(["source", "category", "scope", "tCO2e"], body), ""]
    lines.append(
        fmt.table(
            ["total", "tCO2e"],
            [
                ["Scope 1", fmt.num(result.get("scope1_tco2e"), 1)],
                ["Scope 2", fmt.num(result.get("scope2_tco2e"), 1)],
                ["Scope 1 + 2", fmt.num(result.get("total_tco2e"), 1)],
                ["of which methane (t CH4)", fmt.num(result.get("ch4_t"), 2)],
            ],
        )
    )
    intensity = result.get("carbon_intensity_kg_per_boe")
    if intensity is not None:
        lines += [
            "",
            f"Carbon intensity: **{intensity:.2f} kg CO2e/BOE** (Scope 1 + 2; Scope 1 only "
            f"{result.get('scope1_intensity_kg_per_boe', 0):.2f}) on "
            f"{fmt.num(result.get('production_boe'))} BOE.",
        ]
    elif p.get("intensity"):
        lines += [
            "",
            "For a carbon intensity I also need the production over the same period: add "
            "production lines to the file or say e.g. 'we produced 400,000 bbl of oil and "
            "900,000 mcf of gas'.",
        ]
    if not result.get("inputs"):
        # Until the tool reports its own inputs, its assumptions are its method.
        lines += [
            "",
            "Method and assumptions: " + "; ".join(result.get("assumptions") or []) + ".",
        ]
    lines += fmt.saved_rows(
        result,
        [("inventory_rowid", "the inventory is saved as row"), ("chart_rowid", "its chart as row")],
    )
    return "\n".join(lines)


@writer(
    "carbon_price_impact",
    tool="carbon_price_impact",
    job="computes the effect of a carbon price",
)
def carbon(work: Work) -> str:
    p = work.params
    price = p.get("carbon_price")
    if price is None:
        raise AskBack(
            "Which carbon price should I apply? Say e.g. 'what does a $50/t carbon price do to "
            "NPV?'."
        )
    cash_row = work.newest_output(r"^Monthly cash flow")
    flows = p.get("cash_flows")
    inventory = work.newest_output(r"^Emissions inventory")
    tonnes = p.get("annual_emissions_t")
    activities = activity_args(p.get("activities") or [])
    p.get("scopes")
    missing = []
    if cash_row is None and not flows:
        missing.append(
            "the cash flows: run economics on a forecast first with the Production Agent "
            "('run economics on the forecast with $70 oil'), or list monthly cash flows"
        )
    if inventory is None and tonnes is None and not activities:
        missing.append(
            "the emissions: ask 'what are the emissions in my file?' first, or give them "
            "('we emit 12,000 t CO2e a year')"
        )
    if missing:
        raise AskBack(
            f"To price carbon at ${price:,.2f}/t I still need " + "; and ".join(missing) + "."
        )
    lines: list[str] = []
    if inventory is None and tonnes is None:
        inv = work.call("emissions_inventory", activities=activities, chart=False)
        inventory = work.explicit_row(inv.get("inventory_rowid"))
        lines += [
            f"I first computed the inventory of the activities you gave (row {inventory.rowid}).",
            "",
        ]
    elif activities:
        work.skip(
            "activities",
            f"the emissions come from the inventory in row {inventory.rowid}"
            if tonnes is None
            else "the annual emissions you stated are used instead",
        )
    result = work.call(
        "carbon_price_impact",
        carbon_price=price,
        cash_flow_rowid=cash_row.rowid if cash_row is not None and not flows else None,
        cash_flows=flows if flows else None,
        emissions_rowid=inventory.rowid if inventory is not None and tonnes is None else None,
        annual_emissions_tco2e=tonnes,
        discount_rate=p.get("discount_rate"),
    )
    lines += [
        f"**A carbon price of ${price:,.2f}/t CO2e**"
        + (
            f" on the cash flow in row {cash_row.rowid}"
            if cash_row is not None and not flows
            else ""
        )
        + ":",
        "",
        fmt.table(
            ["measure", "value"],
            [
                ["NPV before", fmt.money(result.get("npv_before"))],
                ["NPV after", fmt.money(result.get("npv_after"))],
                ["change", fmt.money(result.get("npv_change"))],
                ["carbon cost (undiscounted)", fmt.money(result.get("carbon_cost_undiscounted"))],
                ["carbon cost (PV)", fmt.money(result.get("carbon_cost_pv"))],
                ["tonnes priced", f"{fmt.num(result.get('tonnes_priced'), 1)} t CO2e"],
                [
                    "cost per BOE",
                    f"${result['cost_per_boe']:,.2f}" if result.get("cost_per_boe") else "n/a",
                ],
            ],
        ),
        "",
        f"Basis: {result.get('basis', '')}. Scopes priced: "
        f"{', '.join(str(s) for s in result.get('scopes', [1]))}.",
    ]
    if result.get("table_rowid"):
        lines += ["", f"The monthly carbon cost is saved as row {result['table_rowid']}."]
    return "\n".join(lines)
