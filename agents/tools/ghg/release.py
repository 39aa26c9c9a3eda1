"""Gas released by a source: vented whole gas, or burned in a flare, as GHG mass.

Whole-gas volumes become GHG mass with the gas's mole fractions and the densities of
40 CFR 98.233(v) (CH4 0.0192, CO2 0.0526 kg/scf at 60 F and 14.7 psia); gas burned goes
through the flare equations of 98.233(n). Shared by every Subpart W source method.
"""

from __future__ import annotations

from agents.tools.ghg.factors import Factor, factor
from agents.tools.ghg.gas import COMPONENTS, GasComposition
from agents.tools.ghg.model import Activity, Line, input_item, num
from agents.tools.ghg.settings import HOURS_IN_YEAR_DETAIL, Settings, fraction_of

DENSITY = "subpart_w/98.233(v)/density"


def density(gas: str) -> Factor:
    return factor(f"{DENSITY}/{gas}")


def composition_for(activity: Activity, settings: Settings) -> GasComposition:
    """The activity's own fractions over the inventory's stated ones; defaults for the rest."""
    own = {n: activity.get(f"{n}_fraction") for n in COMPONENTS}
    if not any(v is not None for v in own.values()) and activity.get("c2plus_fraction") is None:
        return settings.composition
    inherited = {
        n: settings.composition.fractions[n]
        for n in COMPONENTS
        if settings.composition.sources.get(n) == "stated"
    }
    merged = {**inherited, **{n: v for n, v in own.items() if v is not None}}
    return GasComposition.build(merged, c2plus=activity.get("c2plus_fraction"))


def note_composition(
    line: Line, activity: Activity, gas: GasComposition, settings: Settings
) -> None:
    own = gas is not settings.composition
    name = f"activity_{activity.index}_gas_composition" if own else "gas_composition"
    label = f"{activity.title()}: gas composition" if own else "Gas composition"
    item = gas.input(name, label)
    if own and item["source"] == "stated":
        stated = [n for n, s in gas.sources.items() if s == "stated"]
        item["source"], item["detail"] = activity.origin_of(f"{stated[0]}_fraction")
    if gas.uses_default():
        line.default(
            "Subpart W has no default composition: Derrick's default associated gas fills what "
            "the analysis does not give; use your gas analysis.",
            item,
        )
    else:
        line.inputs.append(item)


def vent(line: Line, scf: float, gas: GasComposition) -> str:
    """Add the CH4 and CO2 of ``scf`` of whole gas released unburned; the calculation text."""
    ch4, co2 = density("ch4"), density("co2")
    line.ch4_kg += scf * gas.methane * ch4.value
    line.co2_kg += scf * gas.co2 * co2.value
    line.vented_scf += scf
    cite(line, ch4, co2)
    return (
        f"{num(scf)} scf x {gas.methane:.4g} CH4 x {ch4.value:g} kg/scf; "
        f"x {gas.co2:.4g} CO2 x {co2.value:g} kg/scf"
    )


def flare(
    line: Line, scf: float, gas: GasComposition, efficiency: float, hhv: float | None = None
) -> str:
    """Add the CH4, CO2 and N2O of ``scf`` burned in a flare (Eq. W-39A, W-39B, W-40)."""
    ch4, co2 = density("ch4"), density("co2")
    carbon, atoms = gas.carbon_atoms_per_mole()
    n2o_factor = factor("subpart_w/98.233(n)/n2o/n2o")
    hhv_factor = factor("subpart_w/98.233(n)/field_gas_hhv/hhv")
    heat = hhv if hhv is not None else hhv_factor.value
    line.ch4_kg += scf * (1 - efficiency) * gas.methane * ch4.value
    line.co2_kg += (scf * efficiency * carbon + scf * gas.co2) * co2.value
    line.n2o_kg += scf * heat * n2o_factor.value
    line.flared_scf += scf
    cite(line, ch4, co2, *atoms, n2o_factor, *([] if hhv is not None else [hhv_factor]))
    return (
        f"{num(scf)} scf flared at {efficiency:.4g} combustion efficiency: CH4 = V x "
        f"{1 - efficiency:.4g} x {gas.methane:.4g} x {ch4.value:g} kg/scf; CO2 = (V x "
        f"{efficiency:.4g} x {carbon:.4g} C/mol + V x {gas.co2:.4g}) x {co2.value:g} kg/scf; "
        f"N2O = V x {heat:.6g} MMBtu/scf x {n2o_factor.value:g} kg/MMBtu"
    )


def cite(line: Line, *used: Factor) -> None:
    for f in used:
        if f not in line.factors:
            line.factors.append(f)


def hours_in_service(line: Line, activity: Activity) -> float:
    value = activity.number("hours")
    if value is None:
        line.default(
            "No hours were given, so in service the whole year.",
            activity.input("hours", "hours in service", "h", 8760.0)
            | {"source": "default", "detail": HOURS_IN_YEAR_DETAIL},
        )
        return 8760.0
    line.inputs.append(activity.input("hours", "hours in service", "h"))
    return value


def flare_efficiency_for(line: Line, activity: Activity, settings: Settings) -> tuple[float, bool]:
    """The flare efficiency for this activity and whether it was stated."""
    own = activity.number("flare_efficiency")
    if own is not None:
        value = fraction_of(own, f"{activity.title()}: the flare combustion efficiency")
        line.inputs.append(
            activity.input("flare_efficiency", "flare combustion efficiency", "fraction", value)
        )
        return value, True
    if settings.flare_efficiency_source == "stated":
        line.inputs.append(
            input_item(
                "flare_efficiency",
                "Flare combustion efficiency",
                settings.flare_efficiency,
                "fraction",
                "stated",
                "given for the inventory",
            )
        )
        return settings.flare_efficiency, True
    default = factor("subpart_w/98.233(n)/combustion_efficiency/fraction")
    line.default(
        "The default of 40 CFR 98.233(n); give a measured efficiency to change it.",
        input_item(
            "flare_efficiency",
            "Flare combustion efficiency",
            default.value,
            "fraction",
            "default",
            default.citation,
        ),
    )
    return default.value, False


def release(line: Line, activity: Activity, settings: Settings, scf: float) -> tuple[str, bool]:
    """Vent or flare ``scf`` of whole gas, as the activity says: the calculation text, and
    whether the gas (and flare) figures were site-specific rather than defaults."""
    gas = composition_for(activity, settings)
    note_composition(line, activity, gas, settings)
    flared = activity.get("flared")
    if flared is None:
        flared = False
        line.default(
            "Not said; say 'flared' if the gas went to a flare.",
            input_item(
                f"activity_{activity.index}_flared",
                f"{activity.title()}: disposition",
                "vented",
                "",
                "default",
                "not said whether flared",
            ),
        )
    if truthy(flared):
        efficiency, stated = flare_efficiency_for(line, activity, settings)
        text = flare(line, scf, gas, efficiency)
        site_specific = stated and not gas.uses_default()
    else:
        text = vent(line, scf, gas)
        site_specific = not gas.uses_default()
    return text, site_specific


def set_ogmp_level(line: Line, specific: bool) -> None:
    """The OGMP 2.0 level of the line's methane: the method's, or its site-specific level
    when every figure is site data; a level-4 method on default gas data is level 3."""
    level = line.spec["ogmp_level"]
    if specific:
        line.ogmp_level = line.spec.get("ogmp_level_site_specific", level)
    elif level == 4:
        line.ogmp_level = 3
        line.assumptions.append(
            f"{line.source}: OGMP 2.0 level 3 rather than 4, because the gas composition or the "
            "flare efficiency is a default."
        )
    else:
        line.ogmp_level = level


def truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "flared", "flare"}
    return bool(value)
