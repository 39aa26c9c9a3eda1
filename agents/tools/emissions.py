"""Emissions: Scope 1 and 2 inventory, methane and carbon intensity, carbon-price effect on NPV.

Published factors (every answer names them):
- combustion CO2: EPA 40 CFR 98 Subpart C, Table C-1 (kg CO2/MMBtu) with its default
  higher heating values; CH4 and N2O: Table C-2 (g/MMBtu).
- flaring: CH4 = V x x_CH4 x (1 - DE) x 0.0192 kg/scf; CO2 = V x DE x (carbon atoms per
  mole of gas) x CO2 density + the CO2 already in the gas. Venting: CH4 = V x x_CH4 x 0.0192.
  Methane at standard conditions (60 F, 14.696 psia) weighs 0.0192 kg/scf (19.2 g/scf);
  CO2 0.0192 x 44.01/16.04 kg/scf.
- purchased electricity (Scope 2, location-based): MWh x a grid factor, by default about
  the U.S. average (EPA eGRID2022, ~823 lb CO2/MWh = 373 kg CO2e/MWh) - a stated
  assumption, to be replaced by the subregion's factor.
- GWP-100: IPCC AR5 (CH4 28, N2O 265) by default; AR6 (CH4 fossil 29.8, non-fossil 27.9,
  N2O 273) on request; oil and gas methane is fossil, so AR6 uses 29.8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import (
    MCF_PER_BOE,
    add_table_row,
    find_column,
    fmt,
    get_row,
    jsonable,
    money,
    normalise,
    numeric,
    percent,
    read_row_frame,
)
from agents.tools.registry import ToolContext, ToolError, tool

METHANE_KG_PER_SCF = 0.0192
CO2_KG_PER_SCF = METHANE_KG_PER_SCF * 44.01 / 16.04
SCF_PER_MCF = 1000.0
DEFAULT_FLARE_EFFICIENCY = 0.98
DEFAULT_METHANE_FRACTION = 0.80
DEFAULT_CO2_FRACTION = 0.02
DEFAULT_INERT_FRACTION = 0.03  # nitrogen and the like; the rest of the gas is C2+
DEFAULT_C2PLUS_CARBON_NUMBER = 2.5
DEFAULT_GRID_KG_PER_MWH = 373.0

GWP = {
    "AR5": {"CH4": 28.0, "N2O": 265.0, "label": "IPCC AR5 GWP-100 (CH4 28, N2O 265)"},
    "AR6": {
        "CH4": 29.8,
        "N2O": 273.0,
        "label": "IPCC AR6 GWP-100 (fossil CH4 29.8 [non-fossil 27.9], N2O 273)",
    },
}


@dataclass(frozen=True)
class Fuel:
    label: str
    co2_kg_per_mmbtu: float  # Table C-1
    ch4_g_per_mmbtu: float  # Table C-2
    n2o_g_per_mmbtu: float  # Table C-2
    hhv: float  # MMBtu per base unit (Table C-1 default HHV)
    base_unit: str  # "mcf" for gas, "gal" for liquids


FUELS = {
    "natural_gas": Fuel("natural gas", 53.06, 1.0, 0.10, 1.026, "mcf"),
    "diesel": Fuel("distillate fuel oil No. 2 (diesel)", 73.96, 3.0, 0.60, 0.138, "gal"),
    "propane": Fuel("propane", 62.87, 3.0, 0.60, 0.091, "gal"),
    "butane": Fuel("butane", 64.77, 3.0, 0.60, 0.103, "gal"),
    "gasoline": Fuel("motor gasoline", 70.22, 3.0, 0.60, 0.125, "gal"),
    "kerosene": Fuel("kerosene", 75.20, 3.0, 0.60, 0.135, "gal"),
    "residual_fuel_oil": Fuel("residual fuel oil No. 6", 75.10, 3.0, 0.60, 0.150, "gal"),
}

KINDS = (
    *(f"{name}_combustion" for name in FUELS),
    "flaring",
    "venting",
    "electricity",
    "oil_production",
    "gas_production",
)

# Units, as multipliers to the base unit of their family.
GAS_UNITS = {
    "scf": 1e-3,
    "mcf": 1.0,
    "mscf": 1.0,
    "mmscf": 1e3,
    "mmcf": 1e3,
    "bcf": 1e6,
    "m3": 35.3147e-3,
    "sm3": 35.3147e-3,
}
LIQUID_UNITS = {
    "gal": 1.0,
    "gallon": 1.0,
    "gallons": 1.0,
    "bbl": 42.0,
    "barrel": 42.0,
    "barrels": 42.0,
    "l": 0.264172,
    "litre": 0.264172,
    "liter": 0.264172,
    "litres": 0.264172,
    "liters": 0.264172,
}
ENERGY_UNITS = {"mmbtu": 1.0, "therm": 0.1, "therms": 0.1, "dth": 1.0, "gj": 0.947817}
POWER_UNITS = {"kwh": 1e-3, "mwh": 1.0, "gwh": 1e3}


def unit_key(unit: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(unit).lower().replace("³", "3"))


@dataclass
class GasComposition:
    methane: float = DEFAULT_METHANE_FRACTION
    co2: float = DEFAULT_CO2_FRACTION
    c2plus: float | None = None
    c2plus_carbon_number: float = DEFAULT_C2PLUS_CARBON_NUMBER

    def resolved_c2plus(self) -> float:
        if self.c2plus is not None:
            return self.c2plus
        return max(0.0, 1.0 - DEFAULT_INERT_FRACTION - self.methane - self.co2)

    def check(self) -> None:
        total = self.methane + self.co2 + self.resolved_c2plus()
        if not 0 < self.methane <= 1 or self.co2 < 0 or total > 1 + 1e-9:
            raise ToolError(
                f"The gas composition does not add up: methane {self.methane}, CO2 {self.co2}, "
                f"C2+ {self.resolved_c2plus()} (mole fractions, total at most 1)."
            )

    def carbon_per_mole(self) -> float:
        return self.methane + self.resolved_c2plus() * self.c2plus_carbon_number


# --------------------------------------------------------------------------- calculations


def combustion(fuel: str, quantity: float, unit: str) -> dict[str, float]:
    """Energy (MMBtu) and CO2/CH4/N2O (kg) from burning ``quantity`` ``unit`` of ``fuel``."""
    spec = FUELS[fuel]
    key = unit_key(unit)
    if key in ENERGY_UNITS:
        energy = quantity * ENERGY_UNITS[key]
    elif spec.base_unit == "mcf" and key in GAS_UNITS:
        energy = quantity * GAS_UNITS[key] * spec.hhv
    elif spec.base_unit == "gal" and key in LIQUID_UNITS:
        energy = quantity * LIQUID_UNITS[key] * spec.hhv
    else:
        raise ToolError(
            f"I cannot convert {unit!r} of {spec.label} to energy; use "
            f"{'scf, mcf or MMBtu' if spec.base_unit == 'mcf' else 'gal, bbl, litres or MMBtu'}."
        )
    return {
        "energy_mmbtu": energy,
        "co2_kg": energy * spec.co2_kg_per_mmbtu,
        "ch4_kg": energy * spec.ch4_g_per_mmbtu / 1000.0,
        "n2o_kg": energy * spec.n2o_g_per_mmbtu / 1000.0,
    }


def gas_volume_scf(quantity: float, unit: str) -> float:
    key = unit_key(unit)
    if key not in GAS_UNITS:
        raise ToolError(f"A gas volume must be in scf, mcf, MMscf or m3, not {unit!r}.")
    return quantity * GAS_UNITS[key] * SCF_PER_MCF


def flaring(scf: float, composition: GasComposition, efficiency: float) -> dict[str, float]:
    return {
        "ch4_kg": scf * composition.methane * (1.0 - efficiency) * METHANE_KG_PER_SCF,
        "co2_kg": scf * efficiency * composition.carbon_per_mole() * CO2_KG_PER_SCF
        + scf * composition.co2 * CO2_KG_PER_SCF,
        "n2o_kg": 0.0,
    }


def venting(scf: float, composition: GasComposition) -> dict[str, float]:
    return {
        "ch4_kg": scf * composition.methane * METHANE_KG_PER_SCF,
        "co2_kg": scf * composition.co2 * CO2_KG_PER_SCF,
        "n2o_kg": 0.0,
    }


def electricity_mwh(quantity: float, unit: str) -> float:
    key = unit_key(unit)
    if key not in POWER_UNITS:
        raise ToolError(f"Electricity must be in kWh, MWh or GWh, not {unit!r}.")
    return quantity * POWER_UNITS[key]


def co2e_kg(gases: dict[str, float], gwp: str) -> float:
    factors = GWP[gwp]
    return gases["co2_kg"] + gases["ch4_kg"] * factors["CH4"] + gases["n2o_kg"] * factors["N2O"]


# --------------------------------------------------------------------------- classifying rows


def classify(text: str, unit: str) -> str | None:
    """The activity kind of a table line from its words and unit, or None if unclear."""
    words = normalise(text)
    key = unit_key(unit)
    if key in POWER_UNITS or re.search(
        r"electric|\bgrid\b|purchased power|\bpower purchase", words
    ):
        return "electricity"
    if re.search(r"produc|\bsales?\b", words) and not re.search(r"combust|flar|vent", words):
        if re.search(r"\bgas\b", words) or key in GAS_UNITS:
            return "gas_production"
        if re.search(r"\boil\b|condensate|crude", words) or key in LIQUID_UNITS:
            return "oil_production"
    if re.search(r"flar", words):
        return "flaring"
    if re.search(r"vent|pneumatic|blowdown|fugitive|leak|tank vapou?r|casinghead", words):
        return "venting"
    fuels = [
        ("diesel", r"diesel|distillate|\bgas ?oil\b|no 2"),
        ("propane", r"propane|\blpg\b"),
        ("butane", r"butane"),
        ("gasoline", r"gasoline|petrol"),
        ("kerosene", r"kerosene|\bjet\b"),
        ("residual_fuel_oil", r"residual|bunker|no 6|heavy fuel"),
        ("natural_gas", r"natural gas|fuel gas|\bgas\b|\bng\b"),
    ]
    for fuel, pattern in fuels:
        if re.search(pattern, words):
            return f"{fuel}_combustion"
    return None


def activities_from_table(frame: pd.DataFrame) -> tuple[list[dict[str, Any]], list[str]]:
    """Activities from a table with source/activity/fuel, quantity and unit columns."""
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
        ],
    )
    unit_col = find_column(frame, include=[r"\bunits?\b", r"\buom\b"])
    if quantity_col is None or unit_col is None:
        raise ToolError(
            "The activity table needs a quantity column and a unit column; its columns are: "
            f"{', '.join(map(str, frame.columns))}."
        )
    text_cols = [
        c
        for c in frame.columns
        if c not in (quantity_col, unit_col)
        and re.search(
            r"source|activity|category|fuel|type|description|equipment|emission", normalise(c)
        )
    ]
    name_col = find_column(
        frame, include=[r"\bsource\b", r"\bequipment\b", r"\bdescription\b", r"\bactivity\b"]
    )
    fraction_col = find_column(frame, include=[r"methane (mole )?fraction", r"\bch4 fraction\b"])
    efficiency_col = find_column(frame, include=[r"destruction", r"\befficiency\b"])
    facility_col = find_column(frame, include=[r"\bfacility\b", r"\bsite\b", r"\bpad\b"])
    activities, unclear = [], []
    for number, (_, line) in enumerate(frame.iterrows(), start=2):
        quantity = numeric(pd.Series([line[quantity_col]])).iloc[0]
        if pd.isna(quantity):
            continue
        unit = str(line[unit_col]) if pd.notna(line[unit_col]) else ""
        text = " ".join(str(line[c]) for c in text_cols if pd.notna(line[c]))
        kind = classify(text, unit)
        name = str(line[name_col]) if name_col and pd.notna(line[name_col]) else text
        if facility_col and pd.notna(line[facility_col]):
            name = f"{line[facility_col]}: {name}"
        if kind is None:
            unclear.append(f"line {number} ('{text.strip() or name}', {quantity:g} {unit})")
            continue
        activity: dict[str, Any] = {
            "source": name.strip(),
            "kind": kind,
            "quantity": float(quantity),
            "unit": unit,
        }
        if fraction_col and pd.notna(line[fraction_col]):
            activity["methane_fraction"] = float(numeric(pd.Series([line[fraction_col]])).iloc[0])
        if efficiency_col and pd.notna(line[efficiency_col]):
            activity["flare_efficiency"] = float(numeric(pd.Series([line[efficiency_col]])).iloc[0])
        activities.append(activity)
    return activities, unclear


# --------------------------------------------------------------------------- inventory


def inventory(
    activities: list[dict[str, Any]],
    *,
    gwp: str = "AR5",
    composition: GasComposition | None = None,
    flare_efficiency: float = DEFAULT_FLARE_EFFICIENCY,
    grid_kg_per_mwh: float = DEFAULT_GRID_KG_PER_MWH,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """One line per emitting activity (tonnes) and the production totals (bbl, mcf)."""
    composition = composition or GasComposition()
    composition.check()
    lines = []
    production = {"oil_bbl": 0.0, "gas_mcf": 0.0}
    for activity in activities:
        kind = activity["kind"]
        quantity = float(activity["quantity"])
        unit = activity.get("unit") or ""
        if quantity < 0:
            raise ToolError(f"{activity.get('source', kind)}: a negative quantity is not usable.")
        local = composition
        if activity.get("methane_fraction") is not None:
            local = GasComposition(
                methane=float(activity["methane_fraction"]),
                co2=composition.co2,
                c2plus=None if composition.c2plus is None else composition.c2plus,
                c2plus_carbon_number=composition.c2plus_carbon_number,
            )
            local.check()
        energy = None
        if kind == "oil_production":
            key = unit_key(unit)
            if key not in LIQUID_UNITS and key not in {"bbl", "boe"}:
                raise ToolError(f"Oil production must be in bbl, not {unit!r}.")
            production["oil_bbl"] += quantity * LIQUID_UNITS.get(key, 42.0) / 42.0
            continue
        if kind == "gas_production":
            production["gas_mcf"] += gas_volume_scf(quantity, unit) / SCF_PER_MCF
            continue
        if kind.endswith("_combustion"):
            fuel = kind.removesuffix("_combustion")
            result = combustion(fuel, quantity, unit)
            energy = result.pop("energy_mmbtu")
            gases = result
            scope, category = 1, "stationary combustion"
            spec = FUELS[fuel]
            basis = (
                f"{spec.label}: {spec.hhv} MMBtu/{spec.base_unit}, {spec.co2_kg_per_mmbtu} kg "
                f"CO2, {spec.ch4_g_per_mmbtu} g CH4, {spec.n2o_g_per_mmbtu} g N2O per MMBtu"
            )
        elif kind == "flaring":
            efficiency = float(activity.get("flare_efficiency") or flare_efficiency)
            if efficiency > 1:
                efficiency /= 100.0
            if not 0 <= efficiency <= 1:
                raise ToolError("A flare destruction efficiency is a fraction (0.98 for 98%).")
            gases = flaring(gas_volume_scf(quantity, unit), local, efficiency)
            scope, category = 1, "flaring"
            basis = (
                f"DE {percent(efficiency, 1)}, CH4 {local.methane:g}, C2+ "
                f"{local.resolved_c2plus():.3g} (x{local.c2plus_carbon_number:g} C), CO2 "
                f"{local.co2:g} mole fractions"
            )
        elif kind == "venting":
            gases = venting(gas_volume_scf(quantity, unit), local)
            scope, category = 1, "venting"
            basis = f"CH4 {local.methane:g}, CO2 {local.co2:g} mole fractions, 0.0192 kg CH4/scf"
        elif kind == "electricity":
            mwh = electricity_mwh(quantity, unit)
            gases = {"co2_kg": mwh * grid_kg_per_mwh, "ch4_kg": 0.0, "n2o_kg": 0.0}
            scope, category = 2, "purchased electricity"
            basis = f"grid factor {grid_kg_per_mwh:g} kg CO2e/MWh (location-based)"
        else:
            raise ToolError(f"Unknown activity kind {kind!r}; use one of {', '.join(KINDS)}.")
        total = co2e_kg(gases, gwp)
        lines.append(
            {
                "source": activity.get("source") or kind.replace("_", " "),
                "category": category,
                "scope": scope,
                "quantity": quantity,
                "unit": unit,
                "energy_mmbtu": energy,
                "co2_t": gases["co2_kg"] / 1000.0,
                "ch4_t": gases["ch4_kg"] / 1000.0,
                "n2o_t": gases["n2o_kg"] / 1000.0,
                "co2e_t": total / 1000.0,
                "basis": basis,
            }
        )
    columns = [
        "source",
        "category",
        "scope",
        "quantity",
        "unit",
        "energy_mmbtu",
        "co2_t",
        "ch4_t",
        "n2o_t",
        "co2e_t",
        "basis",
    ]
    return pd.DataFrame(lines, columns=columns), production


def intensities(
    table: pd.DataFrame, production: dict[str, float], methane_fraction: float
) -> dict[str, float | None]:
    boe = production["oil_bbl"] + production["gas_mcf"] / MCF_PER_BOE
    ch4_t = float(table["ch4_t"].sum())
    total_t = float(table["co2e_t"].sum())
    scope1_t = float(table.loc[table["scope"] == 1, "co2e_t"].sum())
    methane_produced_t = (
        production["gas_mcf"] * SCF_PER_MCF * methane_fraction * METHANE_KG_PER_SCF / 1000
    )
    gas_scf = production["gas_mcf"] * SCF_PER_MCF
    return {
        "production_boe": boe if boe > 0 else None,
        "carbon_intensity_kg_per_boe": total_t * 1000 / boe if boe > 0 else None,
        "scope1_intensity_kg_per_boe": scope1_t * 1000 / boe if boe > 0 else None,
        "methane_intensity_of_methane_produced": ch4_t / methane_produced_t
        if methane_produced_t > 0
        else None,
        "methane_intensity_of_gas_produced_by_volume": (ch4_t * 1000 / METHANE_KG_PER_SCF) / gas_scf
        if gas_scf > 0
        else None,
    }


_ACTIVITY_SCHEMA = {
    "type": "object",
    "properties": {
        "source": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "quantity": {"type": "number", "minimum": 0},
        "unit": {
            "type": "string",
            "description": "scf/mcf/MMscf/MMBtu for gas, gal/bbl/L for liquids, kWh/MWh.",
        },
        "methane_fraction": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "flare_efficiency": {"type": "number", "minimum": 0, "maximum": 1},
    },
    "required": ["kind", "quantity", "unit"],
    "additionalProperties": False,
}


@tool(
    name="emissions_inventory",
    description=(
        "Scope 1 and 2 greenhouse-gas inventory from activity data (an uploaded table with "
        "source/fuel, quantity, unit lines, or activities given inline): fuel combustion (EPA "
        "40 CFR 98 Subpart C factors), flaring (destruction efficiency, default 98%), venting, "
        "purchased electricity (grid factor). CO2e with AR5 or AR6 GWPs; methane intensity and "
        "carbon intensity per BOE when production is given. Writes an inventory table row."
    ),
    parameters={
        "type": "object",
        "properties": {
            "rowid": {"type": "integer", "minimum": 1, "description": "Activity table row."},
            "activities": {"type": "array", "items": _ACTIVITY_SCHEMA, "maxItems": 500},
            "oil_produced_bbl": {"type": "number", "minimum": 0},
            "gas_produced_mcf": {"type": "number", "minimum": 0},
            "gwp": {"type": "string", "enum": list(GWP), "default": "AR5"},
            "flare_efficiency": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": DEFAULT_FLARE_EFFICIENCY,
            },
            "methane_fraction": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 1,
                "default": DEFAULT_METHANE_FRACTION,
                "description": "Methane mole fraction of flared/vented gas.",
            },
            "co2_fraction": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "default": DEFAULT_CO2_FRACTION,
            },
            "c2plus_fraction": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "Ethane and heavier; default: the rest less 3% inerts.",
            },
            "grid_factor_kg_per_mwh": {
                "type": "number",
                "minimum": 0,
                "default": DEFAULT_GRID_KG_PER_MWH,
            },
            "chart": {"type": "boolean", "default": True},
        },
        "required": [],
        "additionalProperties": False,
    },
    group="emissions",
)
def emissions_inventory(
    ctx: ToolContext,
    *,
    rowid: int | None = None,
    activities: list[dict[str, Any]] | None = None,
    oil_produced_bbl: float | None = None,
    gas_produced_mcf: float | None = None,
    gwp: str = "AR5",
    flare_efficiency: float = DEFAULT_FLARE_EFFICIENCY,
    methane_fraction: float = DEFAULT_METHANE_FRACTION,
    co2_fraction: float = DEFAULT_CO2_FRACTION,
    c2plus_fraction: float | None = None,
    grid_factor_kg_per_mwh: float = DEFAULT_GRID_KG_PER_MWH,
    chart: bool = True,
) -> dict[str, Any]:
    if gwp not in GWP:
        raise ToolError(f"gwp must be one of {', '.join(GWP)}.")
    if not 0 <= flare_efficiency <= 1:
        raise ToolError("flare_efficiency is a fraction (0.98 for 98%).")
    listed: list[dict[str, Any]] = []
    source = "activities given inline"
    if rowid is not None:
        ctx.log(f"Reading the activity data in row {rowid}...")
        _, frame = read_row_frame(ctx, rowid)
        from_table, unclear = activities_from_table(frame)
        if unclear:
            raise ToolError(
                "I could not tell what these lines are (fuel burned, flared, vented, electricity "
                "or production?): " + "; ".join(unclear[:10]) + ". Say which, or fix the file."
            )
        listed += from_table
        source = f"row {rowid}"
    for activity in activities or []:
        if activity.get("kind") not in KINDS:
            raise ToolError(
                f"Unknown activity kind {activity.get('kind')!r}; use one of {', '.join(KINDS)}."
            )
        listed.append(activity)
    if not listed:
        raise ToolError(
            "What activity data should I use? Upload a table (source, quantity, unit) and give "
            "its row, or list the fuel burned, gas flared/vented and electricity bought."
        )
    composition = GasComposition(methane=methane_fraction, co2=co2_fraction, c2plus=c2plus_fraction)
    ctx.log(f"Applying EPA Subpart C factors and {gwp} GWPs to {len(listed)} activities...")
    table, production = inventory(
        listed,
        gwp=gwp,
        composition=composition,
        flare_efficiency=flare_efficiency,
        grid_kg_per_mwh=grid_factor_kg_per_mwh,
    )
    if oil_produced_bbl is not None:
        production["oil_bbl"] = float(oil_produced_bbl)
    if gas_produced_mcf is not None:
        production["gas_mcf"] = float(gas_produced_mcf)
    if table.empty:
        raise ToolError("There is production but no emitting activity in the data.")
    ratios = intensities(table, production, methane_fraction)
    scope1 = float(table.loc[table["scope"] == 1, "co2e_t"].sum())
    scope2 = float(table.loc[table["scope"] == 2, "co2e_t"].sum())
    by_category = table.groupby("category")["co2e_t"].sum().sort_values(ascending=False)
    totals = {
        "scope1_tco2e": scope1,
        "scope2_tco2e": scope2,
        "total_tco2e": scope1 + scope2,
        "co2_t": float(table["co2_t"].sum()),
        "ch4_t": float(table["ch4_t"].sum()),
        "n2o_t": float(table["n2o_t"].sum()),
        "by_category_tco2e": {k: float(v) for k, v in by_category.items()},
    }
    assumptions = [
        GWP[gwp]["label"],
        "combustion factors from EPA 40 CFR 98 Subpart C Tables C-1/C-2 with their default HHVs "
        "(natural gas 1.026 MMBtu/mcf, diesel 0.138 MMBtu/gal, propane 0.091 MMBtu/gal)",
        f"flare destruction efficiency {percent(flare_efficiency, 1)} unless a line says otherwise",
        f"flared/vented gas: methane {methane_fraction:g}, CO2 {co2_fraction:g}, C2+ "
        f"{composition.resolved_c2plus():.3g} mole fraction (C2+ at {DEFAULT_C2PLUS_CARBON_NUMBER:g} "
        "carbons per molecule)",
        "methane 0.0192 kg/scf at 60 F and 14.696 psia",
        f"purchased electricity at {grid_factor_kg_per_mwh:g} kg CO2e/MWh"
        + (
            " (about the U.S. eGRID2022 average, a stated assumption: use your subregion's factor)"
            if grid_factor_kg_per_mwh == DEFAULT_GRID_KG_PER_MWH
            else ""
        ),
        f"BOE = bbl + mcf/{MCF_PER_BOE:g}",
    ]
    row = add_table_row(
        ctx,
        frame=table,
        description=(
            f"Emissions inventory ({source}, {gwp}): Scope 1 {fmt(scope1, 1)} tCO2e, Scope 2 "
            f"{fmt(scope2, 1)} tCO2e, by source with CO2, CH4, N2O and CO2e (t)."
        ),
        file_name="emissions_inventory.csv",
        data=jsonable({**totals, **ratios, "gwp": gwp, "production": production}),
    )
    chart_rowid = None
    if chart and row is not None:
        from agents.tools.charts import emissions_chart_png

        ctx.log("Drawing emissions by source...")
        png = emissions_chart_png(table, title=f"Emissions by source ({gwp}, tCO2e)")
        chart_rowid = ctx.add_row(
            type="chart",
            description=f"Chart: emissions by source (table row {row.rowid}).",
            data={"source_rowid": row.rowid, "kind": "emissions"},
            file_name="emissions_by_source.png",
            content=png,
        ).rowid
    summary = (
        f"Scope 1: {fmt(scope1, 1)} tCO2e; Scope 2: {fmt(scope2, 1)} tCO2e; total "
        f"{fmt(scope1 + scope2, 1)} tCO2e ("
        + ", ".join(f"{k} {fmt(v, 1)}" for k, v in by_category.items())
        + f"). Methane emitted: {fmt(totals['ch4_t'], 2)} t."
    )
    if ratios["carbon_intensity_kg_per_boe"] is not None:
        summary += (
            f" Carbon intensity: {ratios['carbon_intensity_kg_per_boe']:.2f} kgCO2e/BOE "
            f"(Scope 1+2; Scope 1 only {ratios['scope1_intensity_kg_per_boe']:.2f}) on "
            f"{fmt(ratios['production_boe'])} BOE."
        )
    else:
        summary += " No production given, so no intensity per BOE."
    if ratios["methane_intensity_of_methane_produced"] is not None:
        summary += (
            f" Methane intensity: {percent(ratios['methane_intensity_of_methane_produced'], 3)} of "
            f"methane produced ({percent(ratios['methane_intensity_of_gas_produced_by_volume'], 3)} "
            "of gas produced by volume)."
        )
    summary += " Assumptions: " + "; ".join(assumptions) + "."
    if row is not None:
        summary += f" Inventory table: row {row.rowid}."
    return jsonable(
        {
            "summary": summary,
            **totals,
            **ratios,
            "production": production,
            "gwp": gwp,
            "lines": table.to_dict(orient="records"),
            "assumptions": assumptions,
            "inventory_rowid": row.rowid if row else None,
            "chart_rowid": chart_rowid,
        }
    )


# --------------------------------------------------------------------------- carbon price


def carbon_costs(
    months: np.ndarray,
    tonnes: np.ndarray,
    price: float,
    escalation: float = 0.0,
    share: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(price per tonne, cost) by month; the price steps up by ``escalation`` each year."""
    years = np.floor(np.maximum(np.asarray(months, float) - 1, 0) / 12.0)
    prices = price * np.power(1.0 + escalation, years)
    return prices, np.asarray(tonnes, float) * prices * share


@tool(
    name="carbon_price_impact",
    description=(
        "Effect of a carbon price ($/tCO2e, optional annual escalation) on the NPV of a "
        "cash-flow row (from cash_flow_economics) or monthly cash flows given inline, with "
        "emissions from an inventory row (scaled to the production in the cash flow), an "
        "intensity per BOE, or a fixed annual tonnage. Writes a table row."
    ),
    parameters={
        "type": "object",
        "properties": {
            "carbon_price": {"type": "number", "minimum": 0, "description": "$/tCO2e."},
            "escalation": {
                "type": "number",
                "minimum": -0.5,
                "maximum": 1,
                "default": 0,
                "description": "Annual price escalation (0.05 = 5%/yr).",
            },
            "cash_flow_rowid": {"type": "integer", "minimum": 1},
            "cash_flows": {
                "type": "array",
                "items": {"type": "number"},
                "maxItems": 1200,
                "description": "Monthly net cash flows, month 0 first.",
            },
            "boe_volumes": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "maxItems": 1200,
                "description": "Monthly BOE aligned with cash_flows (month 0 first).",
            },
            "emissions_rowid": {
                "type": "integer",
                "minimum": 1,
                "description": "An emissions_inventory table row.",
            },
            "annual_emissions_tco2e": {"type": "number", "minimum": 0},
            "intensity_kg_per_boe": {"type": "number", "minimum": 0},
            "scopes": {
                "type": "array",
                "items": {"type": "integer", "enum": [1, 2]},
                "minItems": 1,
                "uniqueItems": True,
                "default": [1],
            },
            "discount_rate": {"type": "number", "exclusiveMinimum": -1, "default": 0.10},
            "timing": {"type": "string", "enum": ["end", "mid"], "default": "end"},
            "working_interest": {"type": "number", "minimum": 0, "maximum": 1, "default": 1},
        },
        "required": ["carbon_price"],
        "additionalProperties": False,
    },
    group="emissions",
)
def carbon_price_impact(
    ctx: ToolContext,
    *,
    carbon_price: float,
    escalation: float = 0.0,
    cash_flow_rowid: int | None = None,
    cash_flows: list[float] | None = None,
    boe_volumes: list[float] | None = None,
    emissions_rowid: int | None = None,
    annual_emissions_tco2e: float | None = None,
    intensity_kg_per_boe: float | None = None,
    scopes: list[int] | None = None,
    discount_rate: float = 0.10,
    timing: str = "end",
    working_interest: float = 1.0,
) -> dict[str, Any]:
    from agents.tools.economics import npv_monthly

    scopes = sorted(set(scopes or [1]))
    if carbon_price is None or carbon_price < 0:
        raise ToolError("carbon_price ($/tCO2e) must be given and not negative.")
    # Cash flows and production by month.
    if cash_flow_rowid is not None:
        ctx.log(f"Reading the cash flow in row {cash_flow_rowid}...")
        _, frame = read_row_frame(ctx, cash_flow_rowid)
        if "net_cash_flow" not in frame.columns:
            raise ToolError(f"Row {cash_flow_rowid} is not a cash-flow table (no net_cash_flow).")
        months = (
            numeric(frame["month"]).to_numpy(float) if "month" in frame else np.arange(len(frame))
        )
        flows = numeric(frame["net_cash_flow"]).fillna(0).to_numpy(float)
        oil = numeric(frame["oil_bbl"]).fillna(0).to_numpy(float) if "oil_bbl" in frame else 0
        gas = numeric(frame["gas_mcf"]).fillna(0).to_numpy(float) if "gas_mcf" in frame else 0
        boe = np.zeros(len(flows)) + oil + np.asarray(gas) / MCF_PER_BOE
        source = f"cash flow row {cash_flow_rowid}"
    elif cash_flows:
        flows = np.asarray(cash_flows, float)
        months = np.arange(len(flows), dtype=float)
        if boe_volumes is not None:
            if len(boe_volumes) != len(flows):
                raise ToolError("boe_volumes must line up with cash_flows (month 0 first).")
            boe = np.asarray(boe_volumes, float)
        else:
            boe = np.zeros(len(flows))
        source = "cash flows given inline"
    else:
        raise ToolError(
            "Which cash flow should the carbon price apply to? Give a cash-flow row "
            "(from cash_flow_economics) or monthly cash_flows."
        )
    producing = months >= 1
    # Emissions by month.
    basis: str
    if emissions_rowid is not None:
        row = get_row(ctx, emissions_rowid)
        data = row.data or {}
        if "scope1_tco2e" not in data:
            _, table = read_row_frame(ctx, emissions_rowid)
            if "co2e_t" not in table.columns or "scope" not in table.columns:
                raise ToolError(f"Row {emissions_rowid} is not an emissions inventory.")
            data = {
                f"scope{s}_tco2e": float(
                    numeric(table.loc[numeric(table["scope"]) == s, "co2e_t"]).sum()
                )
                for s in (1, 2)
            }
        tonnes_year = sum(float(data.get(f"scope{s}_tco2e") or 0) for s in scopes)
        inventory_boe = data.get("production_boe")
        if inventory_boe and boe.sum() > 0:
            intensity = tonnes_year / float(inventory_boe)
            monthly = boe * intensity
            basis = (
                f"inventory row {emissions_rowid}: {fmt(tonnes_year * 1000 / inventory_boe, 2)} "
                "kgCO2e/BOE applied to each month's production"
            )
        else:
            monthly = np.where(producing, tonnes_year / 12.0, 0.0)
            basis = (
                f"inventory row {emissions_rowid}: {fmt(tonnes_year, 1)} tCO2e a year, spread "
                "evenly over the producing months"
            )
    elif intensity_kg_per_boe is not None:
        if boe.sum() <= 0:
            raise ToolError("An intensity per BOE needs production volumes in the cash flow.")
        monthly = boe * intensity_kg_per_boe / 1000.0
        basis = f"{intensity_kg_per_boe:g} kgCO2e/BOE applied to each month's production"
    elif annual_emissions_tco2e is not None:
        monthly = np.where(producing, annual_emissions_tco2e / 12.0, 0.0)
        basis = f"{fmt(annual_emissions_tco2e, 1)} tCO2e a year over the producing months"
    else:
        raise ToolError(
            "How much is emitted? Give an emissions inventory row, an intensity (kgCO2e/BOE) "
            "or annual tCO2e."
        )
    ctx.log(f"Pricing {fmt(monthly.sum(), 1)} tCO2e at ${carbon_price:g}/t...")
    prices, costs = carbon_costs(months, monthly, carbon_price, escalation, working_interest)
    after = flows - costs
    npv_before = npv_monthly(flows, months, discount_rate, timing)
    npv_after = npv_monthly(after, months, discount_rate, timing)
    pv_cost = npv_before - npv_after
    total_boe = float(boe.sum())
    table = pd.DataFrame(
        {
            "month": months.astype(int),
            "boe": boe,
            "emissions_tco2e": monthly,
            "carbon_price_usd_per_t": prices,
            "carbon_cost": costs,
            "net_cash_flow": flows,
            "net_cash_flow_after_carbon": after,
        }
    )
    out_row = add_table_row(
        ctx,
        frame=table,
        description=(
            f"Carbon price ${carbon_price:g}/tCO2e (escalating {percent(escalation)}/yr) on {source}: "
            f"NPV{discount_rate * 100:g} {money(npv_before)} -> {money(npv_after)}."
        ),
        file_name="carbon_price_impact.csv",
        data=jsonable(
            {
                "npv_before": npv_before,
                "npv_after": npv_after,
                "carbon_price": carbon_price,
                "escalation": escalation,
            }
        ),
    )
    per_boe = float(costs.sum()) / total_boe if total_boe > 0 else None
    summary = (
        f"A carbon price of ${carbon_price:g}/tCO2e"
        + (f" escalating {percent(escalation)} a year" if escalation else "")
        + f" on Scope {' and '.join(map(str, scopes))} emissions ({basis}; "
        f"{fmt(monthly.sum(), 1)} tCO2e in all) costs {money(float(costs.sum()))} undiscounted"
        + (f" (${per_boe:,.2f}/BOE)" if per_boe is not None else "")
        + f", {money(pv_cost)} discounted. NPV at {percent(discount_rate)} (annual effective, "
        f"monthly compounding, {timing} of month): {money(npv_before)} before, "
        f"{money(npv_after)} after ({percent(-pv_cost / abs(npv_before)) if npv_before else 'n/a'})."
    )
    if working_interest != 1:
        summary += f" The cost is borne at the {percent(working_interest)} working interest."
    if out_row is not None:
        summary += f" Table: row {out_row.rowid}."
    return jsonable(
        {
            "summary": summary,
            "npv_before": npv_before,
            "npv_after": npv_after,
            "npv_change": npv_after - npv_before,
            "carbon_cost_undiscounted": float(costs.sum()),
            "carbon_cost_pv": pv_cost,
            "tonnes_priced": float(monthly.sum()),
            "cost_per_boe": per_boe,
            "basis": basis,
            "scopes": scopes,
            "table_rowid": out_row.rowid if out_row else None,
        }
    )
