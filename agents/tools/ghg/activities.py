"""Activities from a tool call's list or an uploaded activity table, each figure with its origin."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from agents.tools.common import find_column, normalise, numeric
from agents.tools.ghg import units
from agents.tools.ghg.combustion import fuel_key
from agents.tools.ghg.gas import COMPONENTS
from agents.tools.ghg.model import Activity
from agents.tools.registry import ToolError

EMITTING_KINDS = (
    "stationary_combustion",
    "mobile_combustion",
    "flaring",
    "venting",
    "pneumatic_controllers",
    "pneumatic_pumps",
    "equipment_leaks",
    "storage_tanks",
    "completions",
    "workovers",
    "blowdowns",
    "liquids_unloading",
    "electricity",
)
PRODUCTION_KINDS = ("oil_production", "gas_production", "boe_production")
LEGACY_FUEL_KINDS = (
    "natural_gas",
    "diesel",
    "propane",
    "butane",
    "gasoline",
    "kerosene",
    "residual_fuel_oil",
)
KINDS = (
    *EMITTING_KINDS,
    *PRODUCTION_KINDS,
    *(f"{fuel}_combustion" for fuel in LEGACY_FUEL_KINDS),
    "pneumatic_devices",
)
# Fields an activity may carry, with the JSON type the tool schema gives them.
FIELDS: dict[str, dict[str, Any]] = {
    "source": {"type": "string", "description": "A name for the line (e.g. 'North Pad flare')."},
    "facility": {"type": "string"},
    "well": {"type": "string"},
    "quantity": {"type": "number", "minimum": 0},
    "unit": {
        "type": "string",
        "description": "scf/Mcf/MMcf/m3 or MMBtu for gas, gal/bbl/L for liquids, kWh/MWh, kg/t/lb "
        "for methane given by mass, bbl/Mcf/BOE for production.",
    },
    "fuel": {
        "type": "string",
        "description": "Table C-1 fuel (natural gas, diesel, propane, ...).",
    },
    "equipment": {
        "type": "string",
        "description": "Mobile fuel: on-road trucks, construction/mining, agricultural, locomotive.",
    },
    "miles": {"type": "number", "minimum": 0},
    "hhv": {"type": "number", "exclusiveMinimum": 0, "description": "Measured heating value."},
    "hhv_unit": {"type": "string", "description": "Btu/scf, MMBtu/Mcf or MMBtu/gal."},
    "count": {
        "type": "number",
        "minimum": 0,
        "description": "Devices, pumps, components, workovers, blowdowns, unloadings, separators.",
    },
    "hours": {"type": "number", "minimum": 0, "description": "Hours in service (default 8,760)."},
    "bleed": {"type": "string", "enum": ["high", "intermittent", "low"]},
    "component": {
        "type": "string",
        "description": "valve, connector, flange, open-ended line, pressure relief valve, pump, other.",
    },
    "service": {"type": "string", "enum": ["gas", "light_crude", "heavy_crude"]},
    "region": {"type": "string", "enum": ["eastern", "western"]},
    "flared": {"type": "boolean", "description": "The gas went to a flare (else vented)."},
    "flare_efficiency": {"type": "number", "minimum": 0, "maximum": 1},
    "hydraulic_fracturing": {"type": "boolean"},
    "flowback_hours": {"type": "number", "minimum": 0},
    "flowback_rate": {"type": "number", "minimum": 0},
    "flowback_rate_unit": {"type": "string", "description": "scf/h, Mcf/d, MMcf/d."},
    "recovered_scf": {"type": "number", "minimum": 0},
    "volume_ft3": {"type": "number", "minimum": 0},
    "pressure": {"type": "number", "minimum": 0},
    "pressure_unit": {"type": "string", "enum": ["psia", "psig", "kPa", "bar"]},
    "temperature_f": {"type": "number"},
    "compressibility": {"type": "number", "exclusiveMinimum": 0},
    "plunger_lift": {"type": "boolean"},
    "diameter_in": {"type": "number", "exclusiveMinimum": 0},
    "depth_ft": {"type": "number", "exclusiveMinimum": 0},
    "shut_in_pressure": {"type": "number", "minimum": 0},
    "shut_in_pressure_unit": {"type": "string", "enum": ["psia", "psig", "kPa", "bar"]},
    "flow_rate": {"type": "number", "minimum": 0},
    "flow_rate_unit": {"type": "string"},
    "hours_per_unloading": {"type": "number", "minimum": 0},
    "wells": {"type": "number", "minimum": 1},
    "vent_factor_scf_per_bbl": {"type": "number", "minimum": 0},
    "vru_fraction": {"type": "number", "minimum": 0, "maximum": 1},
    "flare_fraction": {"type": "number", "minimum": 0, "maximum": 1},
    "liquid": {"type": "string", "enum": ["crude_oil", "gas_condensate"]},
    "subregion": {"type": "string", "description": "eGRID subregion (ERCT, CAMX, ...) or ERCOT."},
    "grid_factor_kg_per_mwh": {"type": "number", "minimum": 0},
    "supplier_factor_kg_per_mwh": {"type": "number", "minimum": 0},
    "instruments_mwh": {"type": "number", "minimum": 0},
    "uncertainty": {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "description": "Stated relative uncertainty of the activity figure (0.05 for +/-5%).",
    },
    "c2plus_fraction": {"type": "number", "minimum": 0, "maximum": 1},
    **{f"{name}_fraction": {"type": "number", "minimum": 0, "maximum": 1} for name in COMPONENTS},
}
COUNT_UNITS = {
    "device", "devices", "controller", "controllers", "pump", "pumps", "component",
    "components", "count", "each", "ea", "unit", "units", "no", "number", "valve", "valves",
    "connector", "connectors", "flange", "flanges", "workover", "workovers", "event", "events",
    "blowdown", "blowdowns", "completion", "completions", "separator", "separators", "well",
    "wells", "unloading", "unloadings", "pcs",
}  # fmt: skip


def activity_from_dict(raw: dict[str, Any], index: int) -> Activity:
    """An activity from a tool call's argument, its kind checked and legacy names mapped."""
    kind = str(raw.get("kind") or "")
    values = {k: v for k, v in raw.items() if k != "kind"}
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ToolError(f"Activity {index}: unknown fields {', '.join(unknown)}.")
    if kind.endswith("_combustion") and kind.removesuffix("_combustion") in LEGACY_FUEL_KINDS:
        values.setdefault("fuel", kind.removesuffix("_combustion"))
        kind = "stationary_combustion"
    if kind == "pneumatic_devices":
        kind = "pneumatic_controllers"
    if kind not in EMITTING_KINDS and kind not in PRODUCTION_KINDS:
        raise ToolError(f"Activity {index}: unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
    label = str(values.get("source") or "").strip() or kind.replace("_", " ")
    return Activity(kind=kind, values=values, label=label, index=index)


# --------------------------------------------------------------------------- tables


def classify(text: str, unit: str) -> tuple[str | None, dict[str, Any]]:
    """The kind of a table line from its words and unit (and fields the words imply)."""
    words = normalise(text)
    key = units.unit_key(unit)
    counted = key in COUNT_UNITS
    gas_volume = key in units.GAS_SCF
    if key in units.POWER_MWH or re.search(
        r"electric|\bgrid\b|purchased power|power purchase", words
    ):
        return "electricity", {}
    if re.search(r"produc|\bsales?\b", words) and not re.search(r"combust|flar|vent|burn", words):
        if key in units.BOE or re.search(r"\bboe\b", words):
            return "boe_production", {}
        if re.search(r"\bgas\b", words) or gas_volume:
            return "gas_production", {}
        if re.search(r"\boil\b|condensate|crude|liquid", words) or key in units.OIL_BBL:
            return "oil_production", {}
    if re.search(r"flar", words) and not counted:
        return "flaring", {}
    if re.search(r"pneumatic", words) and counted:
        if re.search(r"pump", words):
            return "pneumatic_pumps", {}
        return "pneumatic_controllers", {}
    if re.search(r"leak|fugitive|component", words) and counted:
        return "equipment_leaks", {}
    if re.search(r"workover", words) and counted:
        return "workovers", {}
    if re.search(r"tank", words) and counted:
        return "storage_tanks", {}
    if re.search(
        r"vent|pneumatic|blowdown|fugitive|leak|tank|casinghead|unloading|flowback|completion",
        words,
    ) and (gas_volume or key in units.MASS_KG):
        return "venting", {}
    mobile = re.search(r"mobile|vehicle|truck|fleet|non ?road|off ?road|on ?road", words)
    if mobile and not re.search(r"stationary", words):
        return "mobile_combustion", {"fuel": fuel_key(words) or "diesel"}
    fuel = fuel_key(words)
    if fuel is not None and not counted:
        return "stationary_combustion", {"fuel": fuel}
    return None, {}


# Columns of an activity table beyond source, quantity and unit: (field, patterns).
EXTRA_COLUMNS = (
    ("facility", [r"\bfacility\b", r"\bsite\b", r"\bpad\b", r"\blease\b"]),
    ("well", [r"\bwell\b(?! ?count)", r"\bwell name\b", r"\bapi\b", r"\buwi\b"]),
    ("hours", [r"\bhours?\b", r"operating hours", r"\bhrs\b"]),
    (
        "methane_fraction",
        [
            r"methane (?:mole )?fraction",
            r"\bch4 (?:mole )?fraction\b",
            r"\bch4\b.*\b(?:mol|pct|percent)\b",
        ],
    ),
    ("co2_fraction", [r"\bco2 (?:mole )?fraction\b"]),
    ("flare_efficiency", [r"destruction", r"combustion efficiency", r"\befficiency\b"]),
    ("bleed", [r"\bbleed\b"]),
    ("component", [r"\bcomponent\b"]),
    ("service", [r"\bservice\b"]),
    ("region", [r"\bregion\b"]),
    ("subregion", [r"subregion", r"\begrid\b", r"\bgrid region\b"]),
    ("uncertainty", [r"uncertainty"]),
)


def activities_from_table(frame: pd.DataFrame, rowid: int) -> tuple[list[Activity], list[str]]:
    """Activities from a table with source/fuel, quantity and unit columns; unclear lines."""
    quantity_col = find_column(
        frame,
        include=[
            r"\bquantity\b",
            r"\bamount\b",
            r"\bactivity data\b",
            r"\bvalue\b",
            r"\bvolume\b",
            r"\busage\b",
            r"\bconsumption\b",
            r"\bcount\b",
        ],
    )
    unit_col = find_column(frame, include=[r"\bunits?\b", r"\buom\b"])
    if quantity_col is None or unit_col is None:
        raise ToolError(
            "The activity table needs a quantity column and a unit column; its columns are: "
            f"{', '.join(map(str, frame.columns))}."
        )
    extra = {}
    taken = {quantity_col, unit_col}
    for name, patterns in EXTRA_COLUMNS:
        column = find_column(frame, include=patterns)
        if column is not None and column not in taken:
            extra[name] = column
            taken.add(column)
    text_cols = [
        c
        for c in frame.columns
        if c not in taken
        and re.search(
            r"source|activity|category|fuel|type|description|equipment|emission|gas",
            normalise(c),
        )
    ]
    name_col = find_column(
        frame, include=[r"\bsource\b", r"\bequipment\b", r"\bdescription\b", r"\bactivity\b"]
    )
    activities: list[Activity] = []
    unclear: list[str] = []
    for number, (_, line) in enumerate(frame.iterrows(), start=2):
        quantity = numeric(pd.Series([line[quantity_col]])).iloc[0]
        if pd.isna(quantity):
            continue
        unit = str(line[unit_col]).strip() if pd.notna(line[unit_col]) else ""
        text = " ".join(str(line[c]) for c in text_cols if pd.notna(line[c]))
        kind, implied = classify(text, unit)
        name = str(line[name_col]).strip() if name_col and pd.notna(line[name_col]) else text
        if kind is None:
            unclear.append(f"line {number} ('{text.strip() or name}', {quantity:g} {unit})")
            continue

        def where(column: str, number: int = number) -> tuple[str, str]:
            return ("file", f"row {rowid}, line {number}, column '{column}'")

        values: dict[str, Any] = {"source": name, **implied}
        origin = {k: where(str(text_cols[0]) if text_cols else str(name_col)) for k in implied}
        counted = units.unit_key(unit) in COUNT_UNITS
        target = "count" if counted else "quantity"
        values[target] = float(quantity)
        origin[target] = where(str(quantity_col))
        if not counted:
            values["unit"] = unit
            origin["unit"] = where(str(unit_col))
        for field, column in extra.items():
            value = line[column]
            if pd.isna(value) or str(value).strip() == "":
                continue
            if FIELDS[field]["type"] == "number":
                value = numeric(pd.Series([value])).iloc[0]
                if pd.isna(value):
                    continue
                value = float(value)
            else:
                value = str(value).strip()
            values[field] = value
            origin[field] = where(str(column))
        if kind in ("pneumatic_controllers", "equipment_leaks") and text:
            values.setdefault("bleed" if kind == "pneumatic_controllers" else "component", text)
        activity = Activity(
            kind=kind,
            values=values,
            origin=origin,
            label=(f"{values['facility']}: {name}" if values.get("facility") else name),
            index=len(activities) + 1,
        )
        activities.append(activity)
    return activities, unclear
