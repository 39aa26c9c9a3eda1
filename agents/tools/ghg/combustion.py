"""Fuel burned (stationary, mobile, non-road) and electricity bought (Scope 2).

Stationary combustion follows 40 CFR 98 Subpart C Tier 1 (Eq. C-1 and C-8): fuel x
default HHV (Table C-1) x default factors (Tables C-1 and C-2); a measured HHV makes it
Tier 2 (Eq. C-2a). Mobile and non-road fuel follow the EPA GHG Emission Factors Hub.
Electricity follows the GHG Protocol Scope 2 Guidance: location-based with eGRID
subregion output rates, market-based with a supplier's rate.
"""

from __future__ import annotations

import re

from agents.tools.ghg import units
from agents.tools.ghg.factors import FactorDataError, document, entries, factor
from agents.tools.ghg.model import Activity, Line, input_item, num
from agents.tools.ghg.settings import Settings
from agents.tools.registry import ToolError

# Words for each fuel of Table C-1, the first match wins (order matters: "fuel gas" of a
# refinery before field gas, "jet" before kerosene).
FUEL_WORDS = (
    ("fuel_gas", r"refinery (?:fuel )?gas|still gas"),
    ("natural_gasoline", r"natural gasoline"),
    (
        "diesel",
        r"diesel|distillate(?: fuel oil)?(?: no\.? ?2)?\b|\bno\.? ?2 fuel|\bgas ?oil\b|\bulsd\b",
    ),
    ("lpg", r"\blpg\b|liquefied petroleum"),
    ("isobutane", r"isobutane"),
    ("butane", r"butane"),
    ("propane", r"propane"),
    ("ethane", r"ethane"),
    ("aviation_gasoline", r"aviation gasoline|avgas"),
    ("jet_fuel", r"\bjet\b"),
    ("kerosene", r"kerosene"),
    ("gasoline", r"gasoline|petrol"),
    ("residual_fuel_oil", r"residual|bunker|no\.? ?6|heavy fuel oil|\bhfo\b"),
    ("used_oil", r"used oil|waste oil"),
    ("crude_oil", r"crude"),
    ("pentanes_plus", r"pentanes? plus"),
    ("bituminous", r"bituminous coal|\bcoal\b"),
    ("natural_gas", r"natural gas|fuel gas|field gas|lease gas|residue gas|\bng\b|\bgas\b"),
)


def fuel_key(text: str | None) -> str | None:
    """The Table C-1 entry a fuel's name means, or None."""
    raw = str(text or "").strip()
    if raw in entries("subpart_c", "C-1"):  # a table key, as a tool call gives it
        return raw
    # Words as an analyst writes them: in an oilfield "fuel gas" is lease natural gas.
    words = " ".join(re.findall(r"[a-z0-9.]+", raw.lower().replace("_", " ")))
    if not words:
        return None
    for key, pattern in FUEL_WORDS:
        if re.search(pattern, words):
            return key
    return None


def _fuel(activity: Activity) -> tuple[str, dict]:
    key = fuel_key(activity.get("fuel")) or fuel_key(activity.label)
    if key is None:
        known = ", ".join(e["label"] for e in entries("subpart_c", "C-1").values())
        raise ToolError(f"{activity.title()}: which fuel was burned? Table C-1 has: {known}.")
    return key, entries("subpart_c", "C-1")[key]


def _hhv_override(activity: Activity, state: str) -> float | None:
    """A measured HHV in MMBtu per scf or gallon, from e.g. 1,050 'Btu/scf'."""
    value = activity.number("hhv")
    if value is None:
        return None
    key = units.unit_key(activity.get("hhv_unit") or ("btuscf" if state == "gas" else "mmbtugal"))
    per = {
        "btuscf": 1e-6,
        "btucf": 1e-6,
        "mmbtuscf": 1.0,
        "mmbtumcf": 1e-3,
        "btugal": 1e-6,
        "mmbtugal": 1.0,
        "mmbtubbl": 1 / units.GAL_PER_BBL,
        "mmbtushortton": 1.0,
    }
    if key not in per:
        raise ToolError(f"{activity.title()}: an HHV must be in Btu/scf, MMBtu/Mcf or MMBtu/gal.")
    return value * per[key]


def stationary_combustion(activity: Activity, settings: Settings) -> Line:
    key, spec = _fuel(activity)
    state = spec["state"]
    quantity = activity.require("quantity", "how much fuel was burned?")
    unit = activity.get("unit") or ""
    hhv = factor(f"subpart_c/C-1/{key}/hhv")
    co2 = factor(f"subpart_c/C-1/{key}/co2")
    ch4 = factor(f"subpart_c/C-2/{spec['c2']}/ch4")
    n2o = factor(f"subpart_c/C-2/{spec['c2']}/n2o")
    measured = _hhv_override(activity, state)
    per_unit = measured if measured is not None else hhv.value
    used = [co2, ch4, n2o] if measured is not None else [hhv, co2, ch4, n2o]
    line = Line(
        source=activity.title(),
        kind="stationary_combustion",
        method="combustion",
        scope=1,
        quantity=quantity,
        unit=unit,
    )
    line.inputs.append(activity.input("quantity", f"{spec['label']} burned", unit))
    if units.is_in(unit, units.ENERGY_MMBTU):
        energy = units.energy_mmbtu(quantity, unit)
        how = f"{num(quantity)} {unit} = {num(energy)} MMBtu"
        used = [co2, ch4, n2o]
    else:
        if state == "gas":
            base = units.gas_scf(quantity, unit)
            base_unit = "scf"
        elif state == "liquid":
            base = units.liquid_gal(quantity, unit)
            base_unit = "gal"
        else:
            base = units.mass_kg(quantity, unit) / units.KG_PER_SHORT_TON
            base_unit = "short ton"
        energy = base * per_unit
        how = f"{num(base)} {base_unit} x {per_unit:.6g} MMBtu/{base_unit} = {num(energy)} MMBtu"
        if measured is not None:
            line.inputs.append(
                activity.input(
                    "hhv", "measured higher heating value", f"MMBtu/{base_unit}", per_unit
                )
            )
    line.energy_mmbtu = energy
    line.co2_kg = energy * co2.value
    line.ch4_kg = energy * ch4.value
    line.n2o_kg = energy * n2o.value
    line.factors = used
    tier = "Tier 2 (Eq. C-2a, measured HHV)" if measured is not None else "Tier 1 (Eq. C-1, C-8)"
    line.calculation = (
        f"{how}; x {co2.value:g} kg CO2, {ch4.value:g} kg CH4, {n2o.value:g} kg N2O per MMBtu "
        f"({tier})"
    )
    line.ogmp_level = line.spec["ogmp_level"]
    return line


MOBILE_EQUIPMENT = {
    "construction": "diesel_construction",
    "agricultural": "diesel_agricultural",
    "locomotive": "diesel_locomotive",
    "on_road": "diesel_heavy_duty",
}


def _equipment(text: str | None, *, strict: bool) -> str | None:
    """The equipment class words name; an unknown stated class is a question back."""
    words = str(text or "").lower()
    if not words:
        return None
    if re.search(r"on.?road|truck|highway|vehicle|pickup|haul", words):
        return "on_road"
    if re.search(r"locomotive|rail", words):
        return "locomotive"
    if re.search(r"agricultur|tractor|farm", words):
        return "agricultural"
    if re.search(
        r"construct|mining|non.?road|off.?road|rig|loader|dozer|excavat|generator|pump|frac|equipment",
        words,
    ):
        return "construction"
    if not strict:
        return None
    raise ToolError(
        f"What kind of equipment burned the fuel ({text!r})? Say on-road trucks, non-road "
        "construction or mining equipment (rigs, loaders), agricultural equipment or locomotives."
    )


def mobile_combustion(activity: Activity, settings: Settings) -> Line:
    key = fuel_key(activity.get("fuel")) or fuel_key(activity.label) or "diesel"
    co2_entries = entries("mobile", "mobile_co2")
    if key not in co2_entries:
        raise ToolError(
            f"{activity.title()}: mobile fuels in the factor data are "
            + ", ".join(e["label"] for e in co2_entries.values())
            + "."
        )
    quantity = activity.require("quantity", "how much fuel did the vehicles or equipment burn?")
    unit = activity.get("unit") or "gal"
    gallons = units.liquid_gal(quantity, unit)
    co2 = factor(f"mobile/mobile_co2/{key}/co2")
    line = Line(
        source=activity.title(),
        kind="mobile_combustion",
        method="mobile_combustion",
        scope=1,
        quantity=quantity,
        unit=unit,
    )
    line.inputs.append(activity.input("quantity", f"{co2.label} burned", unit))
    line.co2_kg = gallons * co2.value
    line.factors = [co2]
    parts = [f"{num(gallons)} gal x {co2.value:g} kg CO2/gal"]
    equipment = _equipment(activity.get("equipment"), strict=True) or _equipment(
        activity.label, strict=False
    )
    if equipment is None:
        equipment = "construction"
        line.default(
            "No equipment was named: non-road construction and mining equipment (rigs, "
            "loaders, site generators); say on-road trucks if so.",
            input_item(
                f"activity_{activity.index}_equipment",
                f"{activity.title()}: equipment type",
                "non-road construction/mining",
                "",
                "default",
                "no equipment named",
            ),
        )
    if key != "diesel":
        line.assumptions.append(
            f"CH4 and N2O of {co2.label} vehicles are not in the factor data (per-mile factors by "
            "model year); only CO2 is counted for this line."
        )
    elif equipment == "on_road":
        miles = activity.number("miles")
        if miles is None:
            line.assumptions.append(
                "CH4 and N2O of on-road trucks are per mile driven: give the miles to add them "
                "(under 1% of the CO2e); only CO2 is counted for this line."
            )
        else:
            ch4 = factor(f"mobile/on_road/{MOBILE_EQUIPMENT['on_road']}/ch4")
            n2o = factor(f"mobile/on_road/{MOBILE_EQUIPMENT['on_road']}/n2o")
            line.inputs.append(activity.input("miles", "miles driven", "mile"))
            line.ch4_kg = miles * ch4.value / 1000.0
            line.n2o_kg = miles * n2o.value / 1000.0
            line.factors += [ch4, n2o]
            parts.append(f"{num(miles)} mi x {ch4.value:g} g CH4, {n2o.value:g} g N2O per mile")
    else:
        entry = MOBILE_EQUIPMENT[equipment]
        ch4 = factor(f"mobile/non_road/{entry}/ch4")
        n2o = factor(f"mobile/non_road/{entry}/n2o")
        line.ch4_kg = gallons * ch4.value / 1000.0
        line.n2o_kg = gallons * n2o.value / 1000.0
        line.factors += [ch4, n2o]
        parts.append(f"{ch4.value:g} g CH4, {n2o.value:g} g N2O per gal ({ch4.label})")
    line.calculation = "; ".join(parts)
    line.ogmp_level = line.spec["ogmp_level"]
    return line


def subregion_code(text: str | None) -> str | None:
    """The eGRID subregion an analyst's words name ("ERCOT" -> "ERCT"), or None."""
    if not text:
        return None
    doc = document("egrid")
    known = doc["tables"]["subregion_output_rates"]["entries"]
    words = " ".join(re.findall(r"[a-z0-9]+", str(text).lower()))
    code = words.replace(" ", "").upper()
    if code in known:
        return code
    return doc["aliases"].get(words)


def electricity(activity: Activity, settings: Settings) -> Line:
    quantity = activity.require("quantity", "how many kWh or MWh were bought?")
    unit = activity.get("unit") or "MWh"
    mwh = units.power_mwh(quantity, unit)
    line = Line(
        source=activity.title(),
        kind="electricity",
        method="electricity_location",
        scope=2,
        quantity=quantity,
        unit=unit,
    )
    line.inputs.append(activity.input("quantity", "electricity bought", unit))
    stated_rate = activity.number("grid_factor_kg_per_mwh")
    if stated_rate is None:
        stated_rate = settings.grid_factor_kg_per_mwh
    region_text = activity.get("subregion") or settings.grid_subregion
    if stated_rate is not None:
        line.co2_kg = mwh * stated_rate
        line.calculation = (
            f"{num(mwh)} MWh x {stated_rate:g} kg CO2e/MWh (the stated grid rate, booked as CO2)"
        )
        line.inputs.append(
            input_item(
                f"activity_{activity.index}_grid_factor",
                f"{activity.title()}: grid emission rate",
                stated_rate,
                "kg CO2e/MWh",
                "stated",
                "given; its gases are not split, so the GWP set does not change it",
            )
        )
    else:
        code = subregion_code(region_text)
        if region_text and code is None:
            raise ToolError(
                f"{activity.title()}: I do not know the eGRID subregion {region_text!r}. Name one "
                "(e.g. ERCT for ERCOT, CAMX for California, RFCW, SRSO) or give the grid rate "
                "in kg/MWh; ISOs that span subregions (PJM, MISO, SPP) need the subregion."
            )
        if code is None:
            code = "US"
            line.default(
                "No subregion was named, so the eGRID2022 U.S. average rate applies: name the "
                "eGRID subregion (e.g. ERCOT) for a location-based figure.",
                input_item(
                    f"activity_{activity.index}_subregion",
                    f"{activity.title()}: eGRID subregion",
                    "US",
                    "",
                    "default",
                    "no subregion named",
                ),
            )
        else:
            source, detail = (
                activity.origin_of("subregion")
                if activity.get("subregion")
                else ("stated", "given for the inventory")
            )
            line.inputs.append(
                input_item(
                    f"activity_{activity.index}_subregion",
                    f"{activity.title()}: eGRID subregion",
                    code,
                    "",
                    source,
                    detail if region_text == code else f"{detail}; '{region_text}' is {code}",
                )
            )
        gases, used, note = grid_rates(code)
        line.co2_kg = mwh * gases["co2"]
        line.ch4_kg = mwh * gases["ch4"]
        line.n2o_kg = mwh * gases["n2o"]
        line.factors = used
        if note:
            line.assumptions.append(note)
        line.calculation = (
            f"{num(mwh)} MWh x eGRID {code} {used[0].value:g} lb CO2, {used[1].value:g} lb CH4, "
            f"{used[2].value:g} lb N2O per MWh x {units.KG_PER_LB} kg/lb"
        )
    _market_based(line, activity, settings, mwh)
    return line


def grid_rates(code: str) -> tuple[dict[str, float], list, str]:
    """kg per MWh of CO2, CH4 and N2O for an eGRID subregion, the factors, and a note."""
    base = "egrid/subregion_output_rates"
    co2 = factor(f"{base}/{code}/co2")
    note = ""
    try:
        ch4 = factor(f"{base}/{code}/ch4")
        n2o = factor(f"{base}/{code}/n2o")
    except FactorDataError:
        ch4 = factor(f"{base}/US/ch4")
        n2o = factor(f"{base}/US/n2o")
        note = (
            f"eGRID {code}'s CH4 and N2O rates are taken as the U.S. averages "
            f"({ch4.value:g} and {n2o.value:g} lb/MWh; the factor data carry subregions' CO2 only)."
        )
    rates = {
        "co2": co2.value * units.KG_PER_LB,
        "ch4": ch4.value * units.KG_PER_LB,
        "n2o": n2o.value * units.KG_PER_LB,
    }
    return rates, [co2, ch4, n2o], note


def _market_based(line: Line, activity: Activity, settings: Settings, mwh: float) -> None:
    supplier = activity.number("supplier_factor_kg_per_mwh")
    if supplier is None:
        supplier = settings.supplier_factor_kg_per_mwh
    covered = activity.number("instruments_mwh") or 0.0
    if covered > mwh:
        raise ToolError(
            f"{activity.title()}: contractual instruments cover {covered:g} MWh, more than the "
            f"{mwh:g} MWh bought."
        )
    uncovered = mwh - covered
    parts = []
    if covered:
        line.inputs.append(
            activity.input(
                "instruments_mwh", "MWh covered by contractual instruments (RECs, PPAs)", "MWh"
            )
        )
        parts.append(f"{num(covered)} MWh covered by contractual instruments at zero")
    if supplier is not None:
        line.market_gases = {"co2": uncovered * supplier, "ch4": 0.0, "n2o": 0.0}
        line.inputs.append(
            input_item(
                f"activity_{activity.index}_supplier_factor",
                f"{activity.title()}: supplier emission rate (market-based)",
                supplier,
                "kg CO2/MWh",
                activity.origin_of("supplier_factor_kg_per_mwh")[0]
                if activity.get("supplier_factor_kg_per_mwh") is not None
                else "stated",
                "given",
            )
        )
        parts.append(f"{num(uncovered)} MWh x supplier rate {supplier:g} kg CO2/MWh")
    else:
        share = uncovered / mwh if mwh else 0.0
        line.market_gases = {
            "co2": line.co2_kg * share,
            "ch4": line.ch4_kg * share,
            "n2o": line.n2o_kg * share,
        }
        parts.append(
            f"{num(uncovered)} MWh at the location-based rate (no supplier rate given: the GHG "
            "Protocol's last resort; a residual-mix rate would be more exact)"
        )
    line.market_basis = "; ".join(parts)
