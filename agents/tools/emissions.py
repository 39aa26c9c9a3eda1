"""Emissions tools: the Scope 1 and 2 inventory, its GHGRP-style report, a carbon price on NPV.

The calculations live in ``agents.tools.ghg`` (cited factor data, the Subpart C and W
methods, the inventory); this module reads the arguments and rows, runs them, writes
the running-table rows (once per distinct calculation) and states for every result
its inputs, the defaults applied and the conventions (GWP set, factor tables and
versions).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from agents.tools.common import (
    fmt,
    jsonable,
    percent,
    read_row_frame,
)
from agents.tools.ghg.activities import FIELDS, KINDS, activities_from_table, activity_from_dict
from agents.tools.ghg.factors import ogmp_level_text
from agents.tools.ghg.gas import COMPONENTS, GasComposition
from agents.tools.ghg.inventory import Production, build, ogmp_summary
from agents.tools.ghg.model import input_item
from agents.tools.ghg.rows import add_once, fingerprint
from agents.tools.ghg.settings import Settings
from agents.tools.registry import ToolContext, ToolError, tool

ACTIVITY_SCHEMA = {
    "type": "object",
    "properties": {"kind": {"type": "string", "enum": list(KINDS)}, **FIELDS},
    "required": ["kind"],
    "additionalProperties": False,
}
PRODUCTION_SCHEMA = {
    "type": "object",
    "properties": {
        "product": {"type": "string", "enum": ["oil", "gas", "boe"]},
        "quantity": {"type": "number", "minimum": 0},
        "unit": {
            "type": "string",
            "description": "bbl, Mbbl, MMbbl, m3; scf, Mcf, MMcf, Bcf, m3; BOE.",
        },
    },
    "required": ["product", "quantity"],
    "additionalProperties": False,
}
COMPOSITION_SCHEMA = {
    "type": "object",
    "description": "Mole fractions of the produced gas (flared, vented): methane, ethane, ... ",
    "properties": {
        **{n: {"type": "number", "minimum": 0, "maximum": 1} for n in COMPONENTS},
        "c2plus": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "additionalProperties": False,
}


@tool(
    name="emissions_inventory",
    description=(
        "Scope 1 and 2 greenhouse-gas inventory from activity data (an uploaded table with "
        "source/fuel, quantity, unit lines, or activities listed): fuel combustion (40 CFR 98 "
        "Subpart C Tables C-1/C-2), mobile and non-road diesel, Subpart W onshore production "
        "sources (pneumatic controllers by bleed type, pneumatic pumps, equipment leaks by "
        "component count, storage tanks, completions and workovers, blowdowns, liquids "
        "unloading, flares with gas composition and combustion efficiency, measured venting or "
        "methane by mass), purchased electricity (eGRID subregion location-based; market-based "
        "from a supplier rate). One GWP set (AR4, AR5 or AR6). By scope, source category, gas, "
        "facility and well; methane, carbon (per BOE) and flaring intensity when production is "
        "given. Every line cites its factors, method and OGMP 2.0 level. Writes a table row."
    ),
    parameters={
        "type": "object",
        "properties": {
            "rowid": {"type": "integer", "minimum": 1, "description": "Activity table row."},
            "activities": {"type": "array", "items": ACTIVITY_SCHEMA, "maxItems": 500},
            "production": {"type": "array", "items": PRODUCTION_SCHEMA, "maxItems": 20},
            "oil_produced_bbl": {"type": "number", "minimum": 0},
            "gas_produced_mcf": {"type": "number", "minimum": 0},
            "mcf_per_boe": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Gas to BOE factor (default 6 Mcf/BOE).",
            },
            "gwp": {"type": "string", "enum": ["AR4", "AR5", "AR6"], "description": "Default AR5."},
            "flare_efficiency": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "Flare combustion efficiency (default 0.98, 98.233(n)).",
            },
            "gas_composition": COMPOSITION_SCHEMA,
            "methane_fraction": {"type": "number", "minimum": 0, "maximum": 1},
            "co2_fraction": {"type": "number", "minimum": 0, "maximum": 1},
            "c2plus_fraction": {"type": "number", "minimum": 0, "maximum": 1},
            "leak_region": {"type": "string", "enum": ["eastern", "western"]},
            "grid_subregion": {
                "type": "string",
                "description": "eGRID subregion, e.g. ERCT or ERCOT.",
            },
            "grid_factor_kg_per_mwh": {"type": "number", "minimum": 0},
            "supplier_factor_kg_per_mwh": {"type": "number", "minimum": 0},
            "only": {
                "type": "string",
                "maxLength": 200,
                "description": "Keep only the sources whose name or category matches these "
                "words (a regular expression), e.g. 'pneumatic|controller'.",
            },
            "chart": {"type": "boolean", "default": True},
        },
        "required": [],
        "additionalProperties": False,
    },
    group="emissions",
)
def emissions_inventory(ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
    arguments = {k: v for k, v in arguments.items() if v is not None}
    chart = bool(arguments.pop("chart", True))
    rowid = arguments.get("rowid")
    activities = []
    origin = "activities given in the question"
    stored_file = None
    if rowid is not None:
        ctx.log(f"Reading the activity data in row {rowid}...")
        row, frame = read_row_frame(ctx, rowid)
        stored_file = row.file.name
        from_table, unclear = activities_from_table(frame, int(rowid))
        if unclear:
            raise ToolError(
                "I could not tell what these lines are (fuel burned, flared, vented, equipment "
                "counts, electricity or production?): "
                + "; ".join(unclear[:10])
                + ". Say which, or fix the file."
            )
        activities += from_table
        origin = f"row {rowid}"
    for raw in arguments.get("activities") or []:
        activities.append(activity_from_dict(raw, len(activities) + 1))
    if not activities:
        raise ToolError(
            "What activity data should I use? Upload a table (source, quantity, unit) and give "
            "its row, or list the fuel burned, gas flared or vented, equipment counts and "
            "electricity bought."
        )
    settings = _settings(arguments)
    production = _production(arguments)
    replaced = []
    if production.inputs:
        replaced = [
            a
            for a in activities
            if a.kind.endswith("_production") and a.origin_of("quantity")[0] == "file"
        ]
        activities = [a for a in activities if a not in replaced]
    ctx.log(
        f"Applying the cited factors and {settings.gwp.name} GWPs to {len(activities)} activities..."
    )
    inventory = build(activities, settings, production)
    if replaced:
        inventory.assumptions.append(
            "Production stated in the question replaces the file's production lines ("
            + ", ".join(a.title() for a in replaced)
            + ")."
        )
    if not inventory.lines:
        raise ToolError("There is production but no emitting activity in the data.")
    if arguments.get("only"):
        _keep_only(inventory, arguments["only"])
    table = inventory.frame()
    totals = inventory.totals()
    ratios = inventory.intensities()
    ranged = inventory.total_range()
    inputs = inventory.inputs()
    assumptions = inventory.all_assumptions()
    conventions = inventory.conventions()
    caveats = inventory.caveats()
    factors = [f.as_dict() for f in inventory.factors_used()]
    ogmp = ogmp_summary(inventory)
    print_ = fingerprint("emissions_inventory", {**arguments, "file": stored_file})
    description = (
        f"Emissions inventory ({origin}, {settings.gwp.name}): Scope 1 {fmt(totals['scope1_tco2e'], 1)} "
        f"tCO2e, Scope 2 {fmt(totals['scope2_tco2e'], 1)} tCO2e, by source with CO2, CH4, N2O and "
        "CO2e (t), factors and OGMP level."
    )
    data = {
        "kind": "emissions_inventory",
        "gwp": settings.gwp.name,
        "gwp_label": settings.gwp.label,
        **{k: v for k, v in totals.items() if k not in ("by_facility", "by_well")},
        **{k: v for k, v in ratios.items() if k != "definitions"},
        "production": {
            "oil_bbl": inventory.production.oil_bbl,
            "gas_mcf": inventory.production.gas_mcf,
            "boe": inventory.production.boe,
        },
        "factors": factors,
        "inputs": inputs,
        "assumptions": assumptions,
        "conventions": conventions,
        "caveats": caveats,
    }
    row, reused = add_once(
        ctx,
        print_=print_,
        type="table",
        description=description,
        file_name="emissions_inventory.csv",
        frame=table,
        data=data,
    )
    chart_rowid = _chart(ctx, row, table, settings.gwp.name) if chart and row is not None else None
    summary = _inventory_summary(
        inventory, totals, ratios, ranged, assumptions, conventions, caveats
    )
    if row is not None:
        summary += f" Inventory table: row {row.rowid}" + (
            " (already in the running table; not written again)." if reused else "."
        )
    return jsonable(
        {
            "summary": summary,
            "inputs": inputs,
            "assumptions": assumptions,
            "conventions": conventions,
            "caveats": caveats,
            "gwp": settings.gwp.name,
            "gwp_values": {
                "CO2": settings.gwp.co2.value,
                "CH4": settings.gwp.ch4.value,
                "N2O": settings.gwp.n2o.value,
            },
            **{k: v for k, v in totals.items()},
            **ratios,
            "uncertainty": ranged,
            "ogmp": ogmp,
            "production": {
                "oil_bbl": inventory.production.oil_bbl,
                "gas_mcf": inventory.production.gas_mcf,
                "boe": inventory.production.boe,
            },
            "inventory_rowid": row.rowid if row is not None else None,
            "chart_rowid": chart_rowid,
            "reused": reused,
            "factors": factors,
            "lines": [
                {k: v for k, v in line.items() if v is not None}
                for line in table.drop(columns=["calculation"]).to_dict(orient="records")
            ],
            "calculations": [
                {
                    "source": line.source,
                    "calculation": line.calculation,
                    "ogmp": ogmp_level_text(line.ogmp_level),
                }
                for line in inventory.lines
            ],
        }
    )


def _keep_only(inventory, words: str) -> None:
    """Drop the lines whose source and category do not match ``words``."""
    try:
        pattern = re.compile(words, re.IGNORECASE)
    except re.error:
        pattern = re.compile(re.escape(words), re.IGNORECASE)
    kept = [x for x in inventory.lines if pattern.search(f"{x.source} {x.category}")]
    if not kept:
        names = ", ".join(dict.fromkeys(x.source for x in inventory.lines))
        raise ToolError(f"No source matches {words!r}; the sources are: {names}.")
    inventory.lines = kept
    inventory.assumptions.append(
        f"Only the sources matching '{words}' are counted: "
        + ", ".join(dict.fromkeys(x.source for x in kept))
        + "."
    )


def _settings(arguments: dict[str, Any]) -> Settings:
    stated = dict(arguments.get("gas_composition") or {})
    c2plus = stated.pop("c2plus", None)
    for name in ("methane", "co2"):
        if arguments.get(f"{name}_fraction") is not None:
            stated.setdefault(name, arguments[f"{name}_fraction"])
    if c2plus is None:
        c2plus = arguments.get("c2plus_fraction")
    composition = GasComposition.build(stated, c2plus=c2plus)
    settings = Settings.build(
        gwp=arguments.get("gwp"),
        composition=composition,
        flare_efficiency=arguments.get("flare_efficiency"),
        leak_region=arguments.get("leak_region"),
        grid_subregion=arguments.get("grid_subregion"),
        grid_factor_kg_per_mwh=arguments.get("grid_factor_kg_per_mwh"),
        supplier_factor_kg_per_mwh=arguments.get("supplier_factor_kg_per_mwh"),
    )
    if arguments.get("flare_efficiency") is not None:
        settings.inputs.append(
            input_item(
                "flare_efficiency",
                "Flare combustion efficiency",
                settings.flare_efficiency,
                "fraction",
                "stated",
                "given for the inventory",
            )
        )
    return settings


def _production(arguments: dict[str, Any]) -> Production:
    production = Production()
    if arguments.get("mcf_per_boe") is not None:
        production.mcf_per_boe = float(arguments["mcf_per_boe"])
        production.mcf_per_boe_stated = True
    listed = list(arguments.get("production") or [])
    if arguments.get("oil_produced_bbl") is not None:
        listed.append({"product": "oil", "quantity": arguments["oil_produced_bbl"], "unit": "bbl"})
    if arguments.get("gas_produced_mcf") is not None:
        listed.append({"product": "gas", "quantity": arguments["gas_produced_mcf"], "unit": "mcf"})
    for number, item in enumerate(listed, start=1):
        product = item.get("product")
        if product not in ("oil", "gas", "boe"):
            raise ToolError(
                f"Production {number}: the product must be oil, gas or boe, not {product!r}."
            )
        unit = item.get("unit") or {"oil": "bbl", "gas": "mcf", "boe": "boe"}[product]
        production.add(
            f"{product}_production",
            float(item["quantity"]),
            unit,
            input_item(
                f"production_{number}_{product}",
                f"{product} produced",
                item["quantity"],
                unit,
                "stated",
                "given",
            ),
        )
    return production


def _chart(ctx: ToolContext, row, table: pd.DataFrame, gwp: str) -> int | None:
    from agents.tools.charts import emissions_chart_png

    ctx.log("Drawing emissions by source...")
    chart_row, _ = add_once(
        ctx,
        print_=fingerprint(
            "emissions_chart", {"rowid": row.rowid, "data": row.data.get("fingerprint")}
        ),
        type="chart",
        description=f"Chart: emissions by source (table row {row.rowid}).",
        file_name="emissions_by_source.png",
        content=emissions_chart_png(table, title=f"Emissions by source ({gwp}, tCO2e)"),
        data={"source_rowid": row.rowid, "kind": "emissions"},
    )
    return chart_row.rowid if chart_row is not None else None


def _inventory_summary(inventory, totals, ratios, ranged, assumptions, conventions, caveats) -> str:
    scope1, scope2 = totals["scope1_tco2e"], totals["scope2_tco2e"]
    text = (
        f"Scope 1: {fmt(scope1, 1)} tCO2e; Scope 2 (location-based): {fmt(scope2, 1)} tCO2e"
        + (f" (market-based {fmt(totals['scope2_market_tco2e'], 1)})" if scope2 else "")
        + f"; total {fmt(totals['total_tco2e'], 1)} tCO2e. By source category: "
        + ", ".join(f"{c['category']} {fmt(c['co2e_t'], 1)}" for c in totals["by_category"])
        + f". By gas: CO2 {fmt(totals['co2_t'], 1)} t, CH4 {fmt(totals['ch4_t'], 3)} t, N2O "
        f"{fmt(totals['n2o_t'], 4)} t."
    )
    if ranged:
        text += f" Range {fmt(ranged['low_tco2e'], 1)}-{fmt(ranged['high_tco2e'], 1)} tCO2e ({ranged['basis']})."
    if ratios["carbon_intensity_kg_per_boe"] is not None:
        text += (
            f" Carbon intensity: {ratios['carbon_intensity_kg_per_boe']:.2f} kgCO2e/BOE (Scope 1+2; "
            f"Scope 1 only {ratios['scope1_intensity_kg_per_boe']:.2f}) on {fmt(ratios['production_boe'])} BOE."
        )
    if ratios["methane_intensity_of_gas_produced_by_volume"] is not None:
        text += (
            f" Methane intensity: {percent(ratios['methane_intensity_of_gas_produced_by_volume'], 3)} "
            f"({ratios['definitions']['methane_intensity']}); "
            f"{percent(ratios['methane_intensity_of_methane_produced'], 3)} of the methane produced."
            f" Flaring intensity: {percent(ratios['flaring_intensity_of_gas_produced'], 2)} of gas produced."
        )
    text += " Conventions: " + " ".join(conventions)
    if assumptions:
        text += " Defaults applied: " + " ".join(assumptions)
    if caveats:
        text += " " + " ".join(caveats)
    return text
