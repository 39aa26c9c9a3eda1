"""Units an emissions analyst writes, turned into the ones the methods use.

Each family converts to one base unit (gas in scf at 60 F and 14.7 psia, liquid fuel
in US gallons, oil in barrels, energy in MMBtu, electricity in MWh, mass in kg, time in
hours). A unit outside its family is a ``ToolError`` that names the units accepted.
"""

from __future__ import annotations

import re

from agents.tools.registry import ToolError

# Cubic metres are taken at the same standard conditions as the cubic feet (the
# difference between 15 C and 60 F is 0.05%, below any factor's precision).
SCF_PER_M3 = 35.3147
LITRES_PER_GAL = 3.785411784
GAL_PER_BBL = 42.0
BBL_PER_M3 = 6.28981
KG_PER_LB = 0.45359237
KG_PER_SHORT_TON = 907.18474
MMBTU_PER_GJ = 0.947817
HOURS_PER_YEAR = 8760.0
ATMOSPHERE_PSIA = 14.7

GAS_SCF = {
    "scf": 1.0,
    "cf": 1.0,
    "ft3": 1.0,
    "cuft": 1.0,
    "mcf": 1e3,
    "mscf": 1e3,
    "kscf": 1e3,
    "mmcf": 1e6,
    "mmscf": 1e6,
    "bcf": 1e9,
    "m3": SCF_PER_M3,
    "sm3": SCF_PER_M3,
    "e3m3": 1e3 * SCF_PER_M3,
    "km3": 1e3 * SCF_PER_M3,
}
GAS_RATE_SCF_PER_HOUR = {
    "scfh": 1.0,
    "scfhr": 1.0,
    "scfhour": 1.0,
    "scfd": 1 / 24,
    "scfday": 1 / 24,
    "mcfd": 1e3 / 24,
    "mcfday": 1e3 / 24,
    "mscfd": 1e3 / 24,
    "mmcfd": 1e6 / 24,
    "mmcfday": 1e6 / 24,
    "mmscfd": 1e6 / 24,
    "mcfh": 1e3,
    "mcfhr": 1e3,
    "m3d": SCF_PER_M3 / 24,
    "m3h": SCF_PER_M3,
}
LIQUID_GAL = {
    "gal": 1.0,
    "gals": 1.0,
    "gallon": 1.0,
    "gallons": 1.0,
    "usgal": 1.0,
    "bbl": GAL_PER_BBL,
    "bbls": GAL_PER_BBL,
    "barrel": GAL_PER_BBL,
    "barrels": GAL_PER_BBL,
    "l": 1 / LITRES_PER_GAL,
    "litre": 1 / LITRES_PER_GAL,
    "liter": 1 / LITRES_PER_GAL,
    "litres": 1 / LITRES_PER_GAL,
    "liters": 1 / LITRES_PER_GAL,
    "m3": 1000 / LITRES_PER_GAL,
    "kl": 1000 / LITRES_PER_GAL,
}
OIL_BBL = {
    "bbl": 1.0,
    "bbls": 1.0,
    "bo": 1.0,
    "stb": 1.0,
    "barrel": 1.0,
    "barrels": 1.0,
    "mbbl": 1e3,
    "kbbl": 1e3,
    "mstb": 1e3,
    "mmbbl": 1e6,
    "mmstb": 1e6,
    "m3": BBL_PER_M3,
    "gal": 1 / GAL_PER_BBL,
}
BOE = {"boe": 1.0, "mboe": 1e3, "kboe": 1e3, "mmboe": 1e6}
ENERGY_MMBTU = {
    "mmbtu": 1.0,
    "dth": 1.0,
    "decatherm": 1.0,
    "therm": 0.1,
    "therms": 0.1,
    "btu": 1e-6,
    "gj": MMBTU_PER_GJ,
    "tj": 1e3 * MMBTU_PER_GJ,
}
POWER_MWH = {"kwh": 1e-3, "mwh": 1.0, "gwh": 1e3}
MASS_KG = {
    "kg": 1.0,
    "kgs": 1.0,
    "t": 1e3,
    "tonne": 1e3,
    "tonnes": 1e3,
    "metricton": 1e3,
    "metrictons": 1e3,
    "mt": 1e3,
    "kt": 1e6,
    "lb": KG_PER_LB,
    "lbs": KG_PER_LB,
    "shortton": KG_PER_SHORT_TON,
    "shorttons": KG_PER_SHORT_TON,
    "g": 1e-3,
}
RATE_KG_PER_MWH = {
    "kgmwh": 1.0,
    "lbmwh": KG_PER_LB,
    "tmwh": 1e3,
    "tonnemwh": 1e3,
    "gkwh": 1.0,
    "kgkwh": 1e3,
    "lbkwh": 1e3 * KG_PER_LB,
}
HOURS = {"h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0, "day": 24.0, "days": 24.0}


def unit_key(unit: str | None) -> str:
    """A unit reduced to lower-case letters and digits ("MMcf/d" -> "mmcfd", "m³" -> "m3")."""
    text = str(unit or "").lower().replace("³", "3").replace("per", "/")
    return re.sub(r"[^a-z0-9]", "", text)


def _convert(quantity: float, unit: str | None, table: dict[str, float], what: str) -> float:
    key = unit_key(unit)
    if key not in table:
        accepted = ", ".join(sorted({k for k in table if len(k) <= 6})[:12])
        raise ToolError(f"{what} cannot be in {unit!r}; use one of: {accepted}.")
    return float(quantity) * table[key]


def gas_scf(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, GAS_SCF, "A gas volume")


def gas_rate_scf_per_hour(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, GAS_RATE_SCF_PER_HOUR, "A gas flow rate")


def liquid_gal(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, LIQUID_GAL, "A liquid fuel quantity")


def oil_bbl(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, OIL_BBL, "An oil volume")


def boe(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, BOE, "A BOE quantity")


def energy_mmbtu(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, ENERGY_MMBTU, "An energy quantity")


def power_mwh(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, POWER_MWH, "Electricity")


def mass_kg(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, MASS_KG, "A mass")


def rate_kg_per_mwh(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, RATE_KG_PER_MWH, "An electricity emission rate")


def hours(quantity: float, unit: str | None) -> float:
    return _convert(quantity, unit, HOURS, "A duration")


def is_in(unit: str | None, table: dict[str, float]) -> bool:
    return unit_key(unit) in table
