"""Answers to emissions questions: the inventory (activity data stated inline or an uploaded
activity file), or just the figure asked for (methane, flaring or carbon intensity, the
methane, one source, Scope 2), the GHGRP-style report, and a carbon price's effect on NPV.
Every answer names the method and the factors (table and version) of the lines it shows.
"""

from __future__ import annotations

import re
from typing import Any

from agents.builtin import fmt
from agents.builtin import intent_emissions as _intent_rules  # noqa: F401  (registers rules)
from agents.builtin.work import AskBack, Work, file_name, writer
from agents.tools.ghg.factors import default_gwp, gwp_set

UPLOAD_EMISSIONS_HINT = (
    "Upload an activity file first (CSV or Excel with a source or fuel column, a quantity "
    "and its unit: e.g. flared gas in mcf, diesel in gallons, purchased power in MWh), or "
    "give the figures inline: 'we flared 12,000 mcf and burned 30,000 gallons of diesel', "
    "'we have 40 intermittent-bleed controllers', '1,200 MWh in ERCOT'."
)

_LEGACY_KINDS = {
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
_TOOL_UNITS = {"kwh": "kWh", "l": "L", "mmbtu": "MMBtu", "boe": "BOE"}
PRODUCTION = ("oil_production", "gas_production", "boe_production")


def activity_args(activities) -> list[dict[str, Any]]:
    """Activities read from the question as the emissions tool's ``activities`` argument."""
    out: list[dict[str, Any]] = []
    for a in activities:
        fields = dict(a.fields)
        label = fields.pop("label", None)
        if a.source == "mobile_diesel":
            item = {
                "source": "diesel vehicles and equipment",
                "kind": "mobile_combustion",
                "fuel": "diesel",
            }
            item.update(quantity=a.quantity, unit=_TOOL_UNITS.get(a.unit, a.unit), **fields)
        elif a.source in _LEGACY_KINDS:
            kind = _LEGACY_KINDS[a.source]
            if kind == "oil_production" and a.unit == "boe":
                kind = "boe_production"
            item = {
                "source": label or a.source.replace("_", " "),
                "kind": kind,
                "quantity": a.quantity,
                "unit": _TOOL_UNITS.get(a.unit, a.unit),
                **fields,
            }
        else:  # a Subpart W source read with its own fields
            item = {"kind": a.source, **fields}
        out.append(item)
    return out


def _settings(p) -> dict[str, Any]:
    return {
        "gwp": p.get("gwp"),
        "flare_efficiency": p.get("flare_efficiency"),
        "gas_composition": p.get("gas_composition"),
        "leak_region": p.get("leak_region"),
        "grid_subregion": p.get("grid_subregion"),
        "supplier_factor_kg_per_mwh": p.get("supplier_factor"),
        "grid_factor_kg_per_mwh": p.get("grid_factor"),
        "mcf_per_boe": p.get("mcf_per_boe"),
    }


def run_inventory(
    work: Work, *, chart: bool = True, only: str | None = None
) -> tuple[dict[str, Any], str]:
    """The inventory the question is about (inline activities, else the activity file) and
    how the answer names where it came from."""
    p = work.params
    activities = activity_args(p.get("activities") or [])
    settings = _settings(p)
    emitting = [a for a in activities if a["kind"] not in PRODUCTION]
    if emitting:
        return work.call("emissions_inventory", activities=activities, chart=chart, **settings), (
            "the activity data in your question"
        )
    row = work.pick_upload(kind="emissions", hint=UPLOAD_EMISSIONS_HINT)
    production = [
        {"product": a["kind"].split("_")[0], "quantity": a["quantity"], "unit": a["unit"]}
        for a in activities
        if a["kind"] in PRODUCTION
    ]
    result = work.call(
        "emissions_inventory",
        rowid=row.rowid,
        production=production or None,
        only=_FILTERS.get(only) if only else None,
        chart=chart,
        **settings,
    )
    return result, f"`{file_name(row)}` (row {row.rowid})"


def _method_lines(result: dict[str, Any], lines: list[dict[str, Any]]) -> list[str]:
    """How each line shown was computed: method, factors cited, OGMP level, and (for a
    few lines) the calculation with its numbers."""
    out = ["", "**Method and factors**"]
    every = result.get("lines") or []
    calcs = result.get("calculations") or []
    seen: set[str] = set()
    for line in lines:
        index = next((i for i, x in enumerate(every) if x is line), None)
        calc = calcs[index] if index is not None and index < len(calcs) else {}
        key = f"{line.get('category')}|{line.get('factors')}"
        if len(lines) > 6 and key in seen:
            continue
        seen.add(key)
        text = (
            f"- {line.get('source')} ({line.get('category')}): {line.get('method')}; factors: "
            f"{line.get('factors') or 'given'}; {calc.get('ogmp', '')}."
        )
        if len(lines) <= 6 and calc.get("calculation"):
            text += f" Calculation: {calc['calculation']}."
        out.append(text)
    for caveat in result.get("caveats") or []:
        out.append(f"- {caveat}")
    return out


def _by_source_table(lines: list[dict[str, Any]]) -> str:
    return fmt.table(
        ["source", "category", "scope", "t CO2", "t CH4", "t N2O", "tCO2e", "OGMP"],
        [
            [
                fmt.cell(line.get("source", "")),
                fmt.cell(line.get("category", "")),
                str(line.get("scope", "")),
                fmt.num(line.get("co2_t"), 1),
                fmt.num(line.get("ch4_t"), 3),
                fmt.num(line.get("n2o_t"), 4),
                fmt.num(line.get("co2e_t"), 1),
                _level(line.get("ogmp_level")),
            ]
            for line in lines
        ],
    )


def _level(value: Any) -> str:
    if value is None or value != value:  # None or NaN: not a methane source
        return "-"
    return str(int(value))


def _saved(result: dict[str, Any]) -> list[str]:
    if result.get("reused"):
        return [
            "",
            f"This inventory is already in the running table as row {result.get('inventory_rowid')}: "
            "nothing new was written.",
        ]
    return fmt.saved_rows(
        result,
        [("inventory_rowid", "the inventory is saved as row"), ("chart_rowid", "its chart as row")],
    )


_FILTERS = {
    "pneumatic": r"pneumatic|controller",
    "flare": r"flare",
    "tank": r"tank",
    "compressor": r"compressor",
    "heater": r"heater|treater",
    "generator": r"generator",
    "rig": r"\brig\b",
    "electricity": r"electric|power",
}


@writer("emissions_inventory", tool="emissions_inventory", job="computes emissions inventories")
def emissions(work: Work) -> str:
    p = work.params
    p.get("scopes")  # every inventory reports Scope 1 and Scope 2
    p.get("mentions_file")
    focus = p.get("focus")
    wants_intensity = p.get("intensity")
    source_filter = p.get("source_filter")
    result, origin = run_inventory(
        work, chart=focus is None and source_filter is None, only=source_filter
    )
    lines = result.get("lines") or []
    if source_filter and len(lines) > 1:
        pattern = re.compile(_FILTERS[source_filter], re.IGNORECASE)
        chosen = [x for x in lines if pattern.search(f"{x.get('source')} {x.get('category')}")]
        if chosen:
            return "\n".join(_one_source(result, chosen, origin, focus))
    if focus == "methane_intensity":
        body = _methane_intensity(result, origin)
    elif focus == "flaring_intensity":
        body = _flaring_intensity(result, origin)
    elif focus == "carbon_intensity" or (wants_intensity and focus is None):
        body = _carbon_intensity(result, origin)
    elif focus == "scope2":
        body = _scope2(result, origin)
    elif focus == "methane":
        body = _methane(result, origin)
    else:
        body = _inventory(result, origin)
    if "gwp" in work.intent.before:
        body += ["", _gwp_change(result, work.intent.before["gwp"])]
    shown = _lines_for(focus, lines)
    return "\n".join(body + _method_lines(result, shown) + _saved(result))


def _gwp_change(result: dict[str, Any], before: str | None) -> str:
    """What a follow-up's new GWP set changed against the earlier answer's: the CH4 and N2O
    terms only (the tonnes of each gas are the same)."""
    old = gwp_set(before or default_gwp())
    new = gwp_set(str(result.get("gwp") or default_gwp()))
    parts = []
    for gas, label in (("ch4", "CH4"), ("n2o", "N2O")):
        tonnes = result.get(f"{gas}_t") or 0.0
        was, now = tonnes * getattr(old, gas).value, tonnes * getattr(new, gas).value
        digits = 1 if max(abs(was), abs(now)) >= 10 else 3  # a diesel's few kg still show
        parts.append(
            f"the {label} term {fmt.num(tonnes, 3)} t x {getattr(old, gas).value:g} = "
            f"{fmt.num(was, digits)} becomes x {getattr(new, gas).value:g} = "
            f"{fmt.num(now, digits)} tCO2e ({now - was:+,.{digits}f})"
        )
    return (
        f"**Against {old.name}** (the set of the earlier answer"
        f"{'' if before else ', the default'}): "
        + "; ".join(parts)
        + f". The CO2 term ({fmt.num(result.get('co2_t'), 1)} t) does not change: "
        "the tonnes of each gas are the same, only their weights differ."
    )


def _lines_for(focus: str | None, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if focus == "scope2":
        return [x for x in lines if x.get("scope") == 2]
    if focus in {"methane", "methane_intensity"}:
        return [x for x in lines if (x.get("ch4_t") or 0) > 0 and x.get("scope") == 1]
    if focus == "flaring_intensity":
        return [x for x in lines if "Flare" in str(x.get("category"))]
    return lines


def _totals(result: dict[str, Any]) -> list[str]:
    rows = [
        ["Scope 1", f"**{fmt.num(result.get('scope1_tco2e'), 1)} tCO2e**"],
        ["Scope 2 (location-based)", f"{fmt.num(result.get('scope2_tco2e'), 1)} tCO2e"],
    ]
    if result.get("scope2_tco2e"):
        rows.append(
            ["Scope 2 (market-based)", f"{fmt.num(result.get('scope2_market_tco2e'), 1)} tCO2e"]
        )
    rows += [
        ["Scope 1 + 2", f"**{fmt.num(result.get('total_tco2e'), 1)} tCO2e** ({result.get('gwp')})"],
        ["of which methane", f"{fmt.num(result.get('ch4_t'), 3)} t CH4"],
        [
            "by gas",
            f"{fmt.num(result.get('co2_t'), 1)} t CO2, {fmt.num(result.get('ch4_t'), 3)} t CH4, "
            f"{fmt.num(result.get('n2o_t'), 4)} t N2O",
        ],
    ]
    ranged = result.get("uncertainty")
    if ranged:
        rows.append(
            [
                "range",
                f"{fmt.num(ranged['low_tco2e'], 1)} to {fmt.num(ranged['high_tco2e'], 1)} tCO2e "
                f"({fmt.cell(ranged['basis'])})",
            ]
        )
    return [fmt.table(["total", "value"], rows)]


def _inventory(result: dict[str, Any], origin: str) -> list[str]:
    lines = result.get("lines") or []
    body = [f"**Scope 1 and 2 emissions** from {origin}:", ""]
    if len(lines) > 1:
        body += [_by_source_table(lines), ""]
    elif lines:
        only = lines[0]
        body += [
            f"{only['source']} ({only['category']}): {fmt.num(only.get('co2e_t'), 1)} tCO2e.",
            "",
        ]
    body += _totals(result)
    if result.get("carbon_intensity_kg_per_boe") is not None:
        body += ["", _intensity_sentence(result)]
    if result.get("methane_intensity_of_gas_produced_by_volume") is not None:
        body += ["", _methane_sentence(result)]
    if len(result.get("by_facility") or []) > 1:
        body += [
            "",
            "By facility: "
            + ", ".join(
                f"{f['facility']} {fmt.num(f['co2e_t'], 1)} tCO2e" for f in result["by_facility"]
            )
            + ".",
        ]
    if result.get("by_well"):
        body += [
            "",
            "By well: "
            + ", ".join(f"{w['well']} {fmt.num(w['co2e_t'], 1)} tCO2e" for w in result["by_well"])
            + ".",
        ]
    return body


def _intensity_sentence(result: dict[str, Any]) -> str:
    return (
        f"Carbon intensity: **{result['carbon_intensity_kg_per_boe']:.2f} kg CO2e/BOE** (Scope 1 + "
        f"2; Scope 1 only {result['scope1_intensity_kg_per_boe']:.2f} kg CO2e/BOE) on "
        f"{fmt.num(result.get('production_boe'))} BOE ({result['definitions']['carbon_intensity']})."
    )


def _methane_sentence(result: dict[str, Any]) -> str:
    return (
        f"Methane intensity: **{fmt.pct(result['methane_intensity_of_gas_produced_by_volume'], 3)}** "
        f"({result['definitions']['methane_intensity']}); "
        f"{fmt.pct(result['methane_intensity_of_methane_produced'], 3)} of the methane produced."
    )


def _needs_production(what: str) -> list[str]:
    return [
        f"For {what} I need the production over the same period: add production lines to the "
        "file or say e.g. 'we produced 400,000 bbl of oil and 900,000 mcf of gas'."
    ]


def _methane_intensity(result: dict[str, Any], origin: str) -> list[str]:
    if result.get("methane_intensity_of_gas_produced_by_volume") is None:
        return _needs_production("a methane intensity (methane over gas produced)")
    gas = result["production"]["gas_mcf"]
    return [
        _methane_sentence(result),
        "",
        f"Scope 1 methane {fmt.num(result.get('scope1_ch4_t'), 3)} t CH4 from {origin}, over "
        f"{fmt.num(gas)} Mcf of gas produced.",
    ]


def _flaring_intensity(result: dict[str, Any], origin: str) -> list[str]:
    if result.get("flaring_intensity_of_gas_produced") is None:
        return _needs_production("a flaring intensity (gas flared over gas produced)")
    return [
        f"Flaring intensity: **{fmt.pct(result['flaring_intensity_of_gas_produced'], 2)}** "
        f"({result['definitions']['flaring_intensity']}): {fmt.num(result['flared_scf'] / 1000)} "
        f"Mcf flared over {fmt.num(result['production']['gas_mcf'])} Mcf produced"
        + (
            f"; {fmt.num(result['flared_scf_per_boe'], 1)} scf flared per BOE."
            if result.get("flared_scf_per_boe") is not None
            else "."
        ),
        "",
        f"From {origin}.",
    ]


def _carbon_intensity(result: dict[str, Any], origin: str) -> list[str]:
    if result.get("carbon_intensity_kg_per_boe") is None:
        return _needs_production("a carbon intensity")
    return [
        _intensity_sentence(result),
        "",
        f"Emissions from {origin}: Scope 1 {fmt.num(result.get('scope1_tco2e'), 1)} tCO2e, "
        f"Scope 2 {fmt.num(result.get('scope2_tco2e'), 1)} tCO2e ({result.get('gwp')}).",
    ]


def _scope2(result: dict[str, Any], origin: str) -> list[str]:
    lines = [x for x in result.get("lines") or [] if x.get("scope") == 2]
    if not lines:
        return [f"There is no purchased electricity in {origin}, so Scope 2 is zero."]
    return [
        f"**Scope 2** from {origin}: location-based **{fmt.num(result.get('scope2_tco2e'), 1)} tCO2e**, "
        f"market-based {fmt.num(result.get('scope2_market_tco2e'), 1)} tCO2e ({result.get('gwp')}).",
        "",
        _by_source_table(lines),
    ]


def _methane(result: dict[str, Any], origin: str) -> list[str]:
    lines = _lines_for("methane", result.get("lines") or [])
    body = [
        f"**Methane** from {origin}: **{fmt.num(result.get('scope1_ch4_t'), 3)} t CH4** "
        f"(Scope 1), {fmt.num(result.get('scope1_ch4_t', 0) * result['gwp_values']['CH4'], 1)} "
        f"tCO2e at {result.get('gwp')} (CH4 x {result['gwp_values']['CH4']:g}).",
    ]
    if len(lines) > 1:
        body += ["", _by_source_table(lines)]
    if result.get("methane_intensity_of_gas_produced_by_volume") is not None:
        body += ["", _methane_sentence(result)]
    return body


def _one_source(
    result: dict[str, Any], chosen: list[dict[str, Any]], origin: str, focus: str | None
) -> list[str]:
    ch4 = sum(x.get("ch4_t") or 0 for x in chosen)
    co2e = sum(x.get("co2e_t") or 0 for x in chosen)
    names = ", ".join(dict.fromkeys(str(x["source"]) for x in chosen))
    body = [
        f"**{names}** in {origin}: **{fmt.num(ch4, 3)} t CH4**, {fmt.num(co2e, 1)} tCO2e "
        f"({result.get('gwp')}).",
        "",
        _by_source_table(chosen),
    ]
    return body + _method_lines(result, chosen) + _saved(result)


# --------------------------------------------------------------------------- report


@writer("emissions_report", tool="emissions_report", job="writes GHGRP-style emissions reports")
def report(work: Work) -> str:
    p = work.params
    p.get("mentions_file")
    inventory = work.newest_output(r"^Emissions inventory")
    lines: list[str] = []
    if inventory is None or p.get("activities") or p.get("gwp"):
        result, origin = run_inventory(work, chart=False)
        rowid = result.get("inventory_rowid")
        if rowid is None:
            raise AskBack("I could not save the inventory to report it.")
        lines.append(f"I computed the inventory of {origin} first (row {rowid}).")
    else:
        rowid = inventory.rowid
    formats = p.get("formats") or ["csv", "xlsx"]
    done = work.call("emissions_report", inventory_rowid=rowid, formats=formats)
    gwp = done.get("gwp", "")
    names = " and ".join(f"{k.upper()} (row {v})" for k, v in (done.get("rows") or {}).items())
    lines += [
        "",
        f"**GHGRP-style summary** of inventory row {rowid}: by facility, scope and source "
        f"category with the 40 CFR 98 section and method, CO2, CH4 and N2O in metric tons and "
        f"CO2e ({gwp}). Total: **{fmt.num(done.get('total_tco2e'), 1)} mt CO2e**.",
        "",
        f"Files: {names}."
        + (
            " The XLSX adds the source lines, every factor with its table "
            "and version, the inputs, and the conventions."
            if "xlsx" in formats
            else ""
        ),
    ]
    return "\n".join(lines).lstrip()


# --------------------------------------------------------------------------- carbon price


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
            "('run economics on the forecast with $70 oil'), or list the cash flows"
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
        escalation=p.get("escalation"),
        period=p.get("period") if flows else None,
        cash_flow_rowid=cash_row.rowid if cash_row is not None and not flows else None,
        cash_flows=flows if flows else None,
        emissions_rowid=inventory.rowid if inventory is not None and tonnes is None else None,
        annual_emissions_tco2e=tonnes,
        discount_rate=p.get("discount_rate"),
    )
    per = "year" if result.get("period") == "annual" else "month"
    lines += [
        f"**A carbon price of ${price:,.2f}/t CO2e**"
        + (f" escalating {fmt.pct(p.get('escalation'))} a year" if p.get("escalation") else "")
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
        lines += ["", f"The carbon cost by {per} is saved as row {result['table_rowid']}."]
    return "\n".join(lines)
