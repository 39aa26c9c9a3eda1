"""Onshore production sources by the methods of 40 CFR 98.233 (Subpart W).

Each method turns whole-gas volumes into GHG mass with the gas's mole fractions and
the densities of 98.233(v) (CH4 0.0192, CO2 0.0526 kg/scf at 60 F and 14.7 psia), and
sends gas that was burned through the flare equations of 98.233(n).
"""

from __future__ import annotations

import re

from agents.tools.ghg import units
from agents.tools.ghg.factors import entries, factor
from agents.tools.ghg.model import Activity, Line, input_item, num
from agents.tools.ghg.release import (
    composition_for,
    density,
    flare,
    flare_efficiency_for,
    hours_in_service,
    note_composition,
    release,
    set_ogmp_level,
    truthy,
    vent,
)
from agents.tools.ghg.settings import Settings, fraction_of, normalise_region
from agents.tools.registry import ToolError

W1A = "subpart_w/W-1A"


# --------------------------------------------------------------------------- pneumatics


BLEED = {
    "high": "pneumatic_high_bleed",
    "intermittent": "pneumatic_intermittent_bleed",
    "low": "pneumatic_low_bleed",
}


def bleed_type(text: str | None) -> str | None:
    words = str(text or "").lower()
    if re.search(r"intermittent|\bint\b|snap", words):
        return "intermittent"
    if re.search(r"high", words):
        return "high"
    if re.search(r"\blow\b|low.?bleed", words):
        return "low"
    return None


def pneumatic_devices(activity: Activity, settings: Settings) -> Line:
    count = activity.require("count", "how many pneumatic controllers?")
    bleed = bleed_type(activity.get("bleed")) or bleed_type(activity.label)
    if bleed is None:
        raise ToolError(
            f"{activity.title()}: which bleed type are the controllers: continuous high bleed, "
            "intermittent bleed or continuous low bleed (Table W-1A has one factor for each)?"
        )
    ef = factor(f"{W1A}/{BLEED[bleed]}/whole_gas")
    line = Line(activity.title(), "pneumatic_devices", "pneumatic_devices", 1, count, "devices")
    line.inputs.append(activity.input("count", f"{bleed}-bleed controllers", "devices"))
    line.inputs.append(
        input_item(
            f"activity_{activity.index}_bleed",
            f"{activity.title()}: bleed type",
            bleed,
            "",
            *activity.origin_of("bleed"),
        )
    )
    hours = hours_in_service(line, activity)
    scf = count * ef.value * hours
    line.factors.append(ef)
    line.calculation = (
        f"{count:g} devices x {ef.value:g} scf/h x {num(hours)} h = {num(scf)} scf; "
        + _vented(line, activity, settings, scf)
    )
    line.ogmp_level = line.spec["ogmp_level"]
    return line


def pneumatic_pumps(activity: Activity, settings: Settings) -> Line:
    count = activity.require("count", "how many pneumatic pumps?")
    ef = factor(f"{W1A}/pneumatic_pump/whole_gas")
    line = Line(activity.title(), "pneumatic_pumps", "pneumatic_pumps", 1, count, "pumps")
    line.inputs.append(activity.input("count", "natural gas driven pneumatic pumps", "pumps"))
    hours = hours_in_service(line, activity)
    scf = count * ef.value * hours
    line.factors.append(ef)
    line.calculation = (
        f"{count:g} pumps x {ef.value:g} scf/h x {num(hours)} h = {num(scf)} scf; "
        + _vented(line, activity, settings, scf)
    )
    line.ogmp_level = line.spec["ogmp_level"]
    return line


def _vented(line: Line, activity: Activity, settings: Settings, scf: float) -> str:
    gas = composition_for(activity, settings)
    note_composition(line, activity, gas, settings)
    return vent(line, scf, gas)


# --------------------------------------------------------------------------- equipment leaks


COMPONENT_WORDS = (
    ("pressure_relief_valve", r"relief|\bprv\b|\bpsv\b|safety valve"),
    ("open_ended_line", r"open.?ended|\boel\b"),
    ("valve", r"valve"),
    ("connector", r"connector|fitting|coupling"),
    ("flange", r"flange"),
    ("pump", r"pump"),
    ("other", r"other|compressor seal|hatch|instrument|meter|polished rod|dump|diaphragm"),
)
SERVICE_WORDS = (
    ("light_crude", r"light (?:crude|oil)"),
    ("heavy_crude", r"heavy (?:crude|oil)"),
    ("gas", r"\bgas\b"),
)


def component_type(text: str | None) -> str | None:
    words = str(text or "").lower()
    for key, pattern in COMPONENT_WORDS:
        if re.search(pattern, words):
            return key
    return None


def service_type(text: str | None) -> str | None:
    words = str(text or "").lower().replace("_", " ")
    for key, pattern in SERVICE_WORDS:
        if re.search(pattern, words):
            return key
    if re.search(r"crude|\boil\b", words):
        return "light_crude"
    return None


def equipment_leaks(activity: Activity, settings: Settings) -> Line:
    count = activity.require("count", "how many components?")
    component = component_type(activity.get("component")) or component_type(activity.label)
    if component is None:
        raise ToolError(
            f"{activity.title()}: which components (valves, connectors, flanges, open-ended "
            "lines, pressure relief valves, pumps, other)?"
        )
    line = Line(activity.title(), "equipment_leaks", "equipment_leaks", 1, count, "components")
    service = service_type(activity.get("service")) or service_type(activity.label)
    if service is None:
        service = "gas"
        line.default(
            "No service was named (say light or heavy crude service if so).",
            input_item(
                f"activity_{activity.index}_service",
                f"{activity.title()}: service",
                "gas",
                "",
                "default",
                "no service named",
            ),
        )
    else:
        line.inputs.append(
            input_item(
                f"activity_{activity.index}_service",
                f"{activity.title()}: service",
                service,
                "",
                *activity.origin_of("service"),
            )
        )
    if service == "gas":
        region = activity.get("region")
        if region:
            region = normalise_region(region)
            line.inputs.append(
                input_item(
                    f"activity_{activity.index}_region",
                    f"{activity.title()}: region",
                    region,
                    "",
                    *activity.origin_of("region"),
                )
            )
        elif settings.leak_region:
            region = settings.leak_region
            line.inputs.append(
                input_item(
                    "leak_region",
                    "equipment-leak region (Table W-1A)",
                    region,
                    "",
                    "stated",
                    "given for the inventory",
                )
            )
        else:
            region = "western"
            line.default(
                "No region was named, so Table W-1A's Western U.S. factors apply (say 'Eastern "
                "U.S.' for the Appalachian and eastern states).",
                input_item(
                    "leak_region",
                    "Equipment-leak region (Table W-1A)",
                    region,
                    "",
                    "default",
                    "no region named",
                ),
            )
        key = f"leak_gas_{region}_{component}"
    else:
        key = f"leak_{service}_{component}"
    known = entries("subpart_w", "W-1A")
    if key not in known:
        prefix = key.removesuffix(component)
        names = ", ".join(
            k.removeprefix(prefix).replace("_", " ") for k in known if k.startswith(prefix)
        )
        raise ToolError(
            f"{activity.title()}: Table W-1A has no factor for {component.replace('_', ' ')}s in "
            f"{service.replace('_', ' ')} service; it has: {names}."
        )
    ef = factor(f"{W1A}/{key}/whole_gas")
    line.inputs.append(activity.input("count", f"{component.replace('_', ' ')}s", "components"))
    hours = hours_in_service(line, activity)
    scf = count * ef.value * hours
    line.factors.append(ef)
    line.calculation = (
        f"{count:g} x {ef.value:g} scf/h ({ef.label}) x {num(hours)} h = {num(scf)} scf; "
        + _vented(line, activity, settings, scf)
    )
    line.ogmp_level = line.spec["ogmp_level"]
    return line


# --------------------------------------------------------------------------- tanks


def storage_tanks(activity: Activity, settings: Settings) -> Line:
    factor_scf = activity.number("vent_factor_scf_per_bbl")
    if factor_scf is not None:
        return _tanks_flash(activity, settings, factor_scf)
    if activity.number("count") is not None:
        return _tanks_population(activity, settings)
    raise ToolError(
        f"{activity.title()}: give the oil throughput and the vent (flash) gas per barrel from a "
        "simulation or flash analysis (scf/bbl), or, for wells under 10 bbl/day, the number of "
        "separators or wells."
    )


def _control(line: Line, activity: Activity) -> tuple[float, float]:
    vru = fraction_of(
        activity.number("vru_fraction") or 0.0, "The share captured by a vapour recovery unit"
    )
    flared = fraction_of(activity.number("flare_fraction") or 0.0, "The share routed to a flare")
    if vru + flared > 1 + 1e-9:
        raise ToolError(f"{activity.title()}: captured and flared shares add up to more than 100%.")
    for name, label, value in (
        ("vru_fraction", "share captured by a vapour recovery unit", vru),
        ("flare_fraction", "share routed to a flare", flared),
    ):
        if activity.get(name) is not None:
            line.inputs.append(activity.input(name, label, "fraction", value))
    if activity.get("vru_fraction") is None and activity.get("flare_fraction") is None:
        line.default(
            "No vapour recovery or flare was given, so all tank vapour is vented.",
            input_item(
                f"activity_{activity.index}_control",
                f"{activity.title()}: vapour control",
                "none (vented)",
                "",
                "default",
                "no vapour recovery or flare given",
            ),
        )
    return vru, flared


def _tanks_flash(activity: Activity, settings: Settings, per_bbl: float) -> Line:
    throughput = activity.require("quantity", "how much oil went through the tanks (bbl)?")
    unit = activity.get("unit") or "bbl"
    bbl = units.oil_bbl(throughput, unit)
    line = Line(activity.title(), "storage_tanks", "storage_tanks_flash", 1, throughput, unit)
    line.inputs.append(activity.input("quantity", "oil throughput", unit))
    line.inputs.append(
        activity.input("vent_factor_scf_per_bbl", "vent (flash) gas per barrel", "scf/bbl")
    )
    vru, flared = _control(line, activity)
    total = bbl * per_bbl
    gas = composition_for(activity, settings)
    note_composition(line, activity, gas, settings)
    parts = [f"{num(bbl)} bbl x {per_bbl:g} scf/bbl = {num(total)} scf of vapour"]
    if vru:
        parts.append(f"{vru:.4g} captured by vapour recovery")
    vented = total * (1 - vru - flared)
    if vented > 0:
        parts.append("vented: " + vent(line, vented, gas))
    if flared:
        efficiency, _ = flare_efficiency_for(line, activity, settings)
        parts.append("flared: " + flare(line, total * flared, gas, efficiency))
    line.calculation = "; ".join(parts)
    set_ogmp_level(line, not gas.uses_default())
    return line


def _tanks_population(activity: Activity, settings: Settings) -> Line:
    count = activity.require("count", "how many separators or wells?")
    liquid = str(activity.get("liquid") or activity.label or "").lower()
    entry = "gas_condensate" if "condensate" in liquid else "crude_oil"
    ch4_ef = factor(f"subpart_w/98.233(j)/{entry}/ch4")
    co2_ef = factor(f"subpart_w/98.233(j)/{entry}/co2")
    line = Line(
        activity.title(), "storage_tanks", "storage_tanks_population", 1, count, "separators"
    )
    line.inputs.append(
        activity.input("count", "separators or wells under 10 bbl/day", "separators")
    )
    if "condensate" not in liquid and "crude" not in liquid and "oil" not in liquid:
        line.default(
            "No liquid was named (say gas condensate if so).",
            input_item(
                f"activity_{activity.index}_liquid",
                f"{activity.title()}: liquid",
                "crude oil",
                "",
                "default",
                "no liquid named",
            ),
        )
    ch4_scf = count * ch4_ef.value * 1000.0
    co2_scf = count * co2_ef.value * 1000.0
    vru, flared = _control(line, activity)
    released = 1 - vru - flared
    rho_ch4, rho_co2 = density("ch4"), density("co2")
    line.factors += [ch4_ef, co2_ef, rho_ch4, rho_co2]
    line.ch4_kg = ch4_scf * released * rho_ch4.value
    line.co2_kg = co2_scf * released * rho_co2.value
    line.vented_scf = (ch4_scf + co2_scf) * released
    text = f"{count:g} x ({ch4_ef.value:g} Mscf CH4, {co2_ef.value:g} Mscf CO2 a year) x {rho_ch4.value:g}/{rho_co2.value:g} kg/scf"
    if flared:
        efficiency, _ = flare_efficiency_for(line, activity, settings)
        line.ch4_kg += ch4_scf * flared * (1 - efficiency) * rho_ch4.value
        line.co2_kg += (ch4_scf * flared * efficiency + co2_scf * flared) * rho_co2.value
        line.flared_scf += (ch4_scf + co2_scf) * flared
        text += f"; {flared:.4g} flared at {efficiency:.4g}"
    line.calculation = text
    line.ogmp_level = line.spec["ogmp_level"]
    return line


# --------------------------------------------------------------------------- completions, workovers


def _flowback_scf(line: Line, activity: Activity) -> tuple[float, str]:
    volume = activity.number("quantity")
    unit = activity.get("unit")
    if volume is not None and unit and units.is_in(unit, units.GAS_SCF):
        scf = units.gas_scf(volume, unit)
        line.quantity, line.unit = volume, unit
        line.inputs.append(activity.input("quantity", "flowback gas", unit))
        how = f"{num(scf)} scf of flowback gas"
    else:
        hours = activity.require(
            "flowback_hours",
            "how long was the flowback (hours), and at what gas rate? Or give the flowback volume.",
        )
        rate = activity.require(
            "flowback_rate", "at what average gas rate did the well flow back (e.g. 1,500 Mcf/d)?"
        )
        rate_unit = activity.get("flowback_rate_unit") or "scf/h"
        per_hour = units.gas_rate_scf_per_hour(rate, rate_unit)
        scf = hours * per_hour
        line.quantity, line.unit = scf, "scf"
        line.inputs.append(activity.input("flowback_hours", "flowback duration", "h"))
        line.inputs.append(activity.input("flowback_rate", "average flowback gas rate", rate_unit))
        how = f"{num(hours)} h x {num(per_hour)} scf/h = {num(scf)} scf of flowback gas"
    recovered = activity.number("recovered_scf") or 0.0
    if recovered:
        line.inputs.append(
            activity.input(
                "recovered_scf", "gas recovered for sales (reduced-emission completion)", "scf"
            )
        )
        if recovered > scf:
            raise ToolError(
                f"{activity.title()}: more gas recovered ({recovered:g} scf) than flowed back ({scf:g} scf)."
            )
        how += f", less {num(recovered)} scf recovered = {num(scf - recovered)} scf"
    return scf - recovered, how


def completions(activity: Activity, settings: Settings) -> Line:
    fractured = activity.get("hydraulic_fracturing")
    fractured = True if fractured is None else truthy(fractured)
    name = "completions_fractured" if fractured else "completions_unfractured"
    count = activity.number("count") or 1.0
    line = Line(activity.title(), "completions", name, 1, None, "")
    if activity.get("hydraulic_fracturing") is None:
        line.default(
            "Not said; a completion without fracturing uses Eq. W-13B, the same flow x time.",
            input_item(
                f"activity_{activity.index}_hydraulic_fracturing",
                f"{activity.title()}: hydraulic fracturing",
                True,
                "",
                "default",
                "not said",
            ),
        )
    scf, how = _flowback_scf(line, activity)
    if count != 1:
        line.inputs.append(activity.input("count", "completions with these figures", "completions"))
        how += f", x {count:g} completions"
    text, specific = release(line, activity, settings, scf * count)
    line.calculation = f"{how}; {text}"
    set_ogmp_level(line, specific)
    return line


def workovers(activity: Activity, settings: Settings) -> Line:
    if truthy(activity.get("hydraulic_fracturing") or False):
        return completions(activity, settings)
    count = activity.require("count", "how many workovers?")
    ef = factor("subpart_w/98.233(h)/workover_without_fracturing/whole_gas")
    line = Line(activity.title(), "workovers", "workovers_unfractured", 1, count, "workovers")
    line.inputs.append(
        activity.input("count", "workovers without hydraulic fracturing", "workovers")
    )
    scf = count * ef.value
    line.factors.append(ef)
    text, _ = release(line, activity, settings, scf)
    line.calculation = f"{count:g} workovers x {ef.value:g} scf = {num(scf)} scf; {text}"
    line.ogmp_level = line.spec["ogmp_level"]
    return line


# --------------------------------------------------------------------------- blowdowns, unloading


def _psia(activity: Activity, name: str, question: str) -> float:
    value = activity.require(name, question)
    unit = units.unit_key(activity.get(f"{name}_unit") or "psia")
    if unit == "psig":
        return value + units.ATMOSPHERE_PSIA
    if unit == "psia" or unit == "psi":
        return value
    if unit == "kpa":
        return value / 6.894757
    if unit == "bar" or unit == "bara":
        return value * 14.503774
    raise ToolError(f"{activity.title()}: a pressure must be in psia, psig, kPa or bar.")


def blowdowns(activity: Activity, settings: Settings) -> Line:
    count = activity.require("count", "how many blowdowns?")
    volume = activity.require(
        "volume_ft3", "what is the physical volume blown down (cubic feet of pipe and vessels)?"
    )
    pressure = _psia(
        activity, "pressure", "at what pressure was the equipment blown down (psig or psia)?"
    )
    standard_t = factor("subpart_w/98.233(v)/standard_conditions/temperature")
    standard_p = factor("subpart_w/98.233(v)/standard_conditions/pressure")
    line = Line(activity.title(), "blowdowns", "blowdowns", 1, count, "blowdowns")
    line.inputs.append(activity.input("count", "blowdowns", "events"))
    line.inputs.append(activity.input("volume_ft3", "physical volume blown down", "ft3"))
    line.inputs.append(activity.input("pressure", "pressure before the blowdown", "psia", pressure))
    temperature = activity.number("temperature_f", minimum=-100)
    if temperature is None:
        temperature = standard_t.value
        line.default(
            "No temperature was given: the standard 60 F.",
            input_item(
                f"activity_{activity.index}_temperature_f",
                f"{activity.title()}: gas temperature",
                temperature,
                "degF",
                "default",
                "not given: standard temperature",
            ),
        )
    else:
        line.inputs.append(activity.input("temperature_f", "gas temperature", "degF"))
    z = activity.number("compressibility")
    if z is None:
        z = 1.0
        line.default(
            "No Z factor was given: ideal gas.",
            input_item(
                f"activity_{activity.index}_compressibility",
                f"{activity.title()}: compressibility factor Z",
                1.0,
                "",
                "default",
                "ideal gas",
            ),
        )
    else:
        line.inputs.append(activity.input("compressibility", "compressibility factor Z", ""))
    per_event = (
        volume
        * (459.67 + standard_t.value)
        * pressure
        / ((459.67 + temperature) * standard_p.value * z)
    )
    scf = count * per_event
    line.factors += [standard_t, standard_p]
    text, specific = release(line, activity, settings, scf)
    line.calculation = (
        f"{count:g} x {num(volume)} ft3 x (459.67 + {standard_t.value:g}) x {num(pressure)} psia / "
        f"((459.67 + {temperature:g}) x {standard_p.value:g} psia x {z:g}) = {num(scf)} scf; {text}"
    )
    set_ogmp_level(line, specific)
    return line


def liquids_unloading(activity: Activity, settings: Settings) -> Line:
    plunger = truthy(activity.get("plunger_lift") or False)
    diameter = activity.require(
        "diameter_in", f"what is the {'tubing' if plunger else 'casing'} inside diameter (inches)?"
    )
    depth = activity.require("depth_ft", "how deep is the well (feet)?")
    pressure = _psia(activity, "shut_in_pressure", "what is the shut-in pressure (psia)?")
    events = activity.require("count", "how many unloadings?")
    rate = activity.number("flow_rate") or 0.0
    rate_unit = activity.get("flow_rate_unit") or "scf/h"
    per_hour = units.gas_rate_scf_per_hour(rate, rate_unit) if rate else 0.0
    hours_each = activity.number("hours_per_unloading") or 0.0
    wells = activity.number("wells") or 1.0
    coefficient = factor("subpart_w/98.233(f)/blowdown_volume_coefficient/coefficient")
    offset = factor(
        f"subpart_w/98.233(f)/{'plunger_lift' if plunger else 'no_plunger_lift'}/hours_offset"
    )
    line = Line(activity.title(), "liquids_unloading", "liquids_unloading", 1, events, "unloadings")
    if activity.get("plunger_lift") is None:
        line.default(
            "Not said; say 'plunger lift' for Eq. W-9.",
            input_item(
                f"activity_{activity.index}_plunger_lift",
                f"{activity.title()}: plunger lift",
                False,
                "",
                "default",
                "not said: Eq. W-8",
            ),
        )
    for name, label, unit in (
        ("diameter_in", f"{'tubing' if plunger else 'casing'} inside diameter", "in"),
        ("depth_ft", "well depth", "ft"),
        ("count", "unloadings", "events"),
    ):
        line.inputs.append(activity.input(name, label, unit))
    line.inputs.append(activity.input("shut_in_pressure", "shut-in pressure", "psia", pressure))
    if rate:
        line.inputs.append(
            activity.input("flow_rate", "average flow-line rate while venting", rate_unit)
        )
        line.inputs.append(activity.input("hours_per_unloading", "hours vented per unloading", "h"))
    if wells != 1:
        line.inputs.append(activity.input("wells", "wells with these figures", "wells"))
    blown = coefficient.value * diameter**2 * depth * pressure * events
    extra_hours = hours_each - offset.value
    flowed = per_hour * extra_hours * events if extra_hours > 0 else 0.0
    scf = wells * (blown + flowed)
    line.factors += [coefficient, offset]
    line.calculation = (
        f"Eq. W-{'9' if plunger else '8'}: "
        f"{wells:g} x ({coefficient.value:g} x {diameter:g}^2 in x {num(depth)} ft x {num(pressure)} psia x "
        f"{events:g} + {num(per_hour)} scf/h x ({hours_each:g} - {offset.value:g}) h x {events:g}"
        f"{'' if extra_hours > 0 else ' [Z = 0]'}) = {num(scf)} scf; "
        + _vented(line, activity, settings, scf)
    )
    set_ogmp_level(line, not composition_for(activity, settings).uses_default())
    return line


# --------------------------------------------------------------------------- flaring, venting


def flaring(activity: Activity, settings: Settings) -> Line:
    quantity = activity.require("quantity", "how much gas was flared?")
    unit = activity.get("unit") or "mcf"
    scf = units.gas_scf(quantity, unit)
    line = Line(activity.title(), "flaring", "flares", 1, quantity, unit)
    line.inputs.append(activity.input("quantity", "gas flared", unit))
    gas = composition_for(activity, settings)
    note_composition(line, activity, gas, settings)
    efficiency, stated = flare_efficiency_for(line, activity, settings)
    hhv = activity.number("hhv")
    if hhv is not None:
        hhv = hhv * (1e-6 if hhv > 1 else 1.0)  # Btu/scf or MMBtu/scf
        line.inputs.append(
            activity.input("hhv", "higher heating value of the flared gas", "MMBtu/scf", hhv)
        )
    line.calculation = flare(line, scf, gas, efficiency, hhv)
    set_ogmp_level(line, stated and not gas.uses_default())
    return line


VENT_SOURCE_WORDS = (
    ("pneumatic_pumps", r"pneumatic pump"),
    ("pneumatic_devices", r"pneumatic|controller"),
    ("storage_tanks_flash", r"\btanks?\b"),
    ("blowdowns", r"blowdown"),
    ("liquids_unloading", r"unloading"),
    ("completions_fractured", r"completion|flowback"),
    ("equipment_leaks", r"leak|fugitive"),
)


def venting(activity: Activity, settings: Settings) -> Line:
    """A measured or engineered vented volume (or methane mass), reported under the source
    type its name says (pneumatic, tank, blowdown, ...) when it says one."""
    quantity = activity.require("quantity", "how much gas was vented?")
    unit = activity.get("unit") or "mcf"
    line = Line(activity.title(), "venting", "venting_measured", 1, quantity, unit)
    words = activity.title().lower()
    line.reported_as = next((m for m, p in VENT_SOURCE_WORDS if re.search(p, words)), None)
    if units.is_in(unit, units.MASS_KG):
        # Methane given by mass ("3.2 t of methane"): no composition needed.
        line.ch4_kg = units.mass_kg(quantity, unit)
        line.vented_scf = line.ch4_kg / density("ch4").value
        line.inputs.append(activity.input("quantity", "methane vented (mass)", unit))
        line.factors.append(density("ch4"))
        line.calculation = f"{num(quantity)} {unit} of CH4 = {num(line.ch4_kg)} kg CH4"
        line.ogmp_level = line.spec["ogmp_level_site_specific"]
        return line
    scf = units.gas_scf(quantity, unit)
    line.inputs.append(activity.input("quantity", "gas vented", unit))
    gas = composition_for(activity, settings)
    note_composition(line, activity, gas, settings)
    line.calculation = vent(line, scf, gas)
    set_ogmp_level(line, not gas.uses_default())
    return line
