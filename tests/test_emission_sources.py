"""Each source type worked by hand: activity x published factor, the numbers in the test.

Published values used here (written from their tables): Table C-1 natural gas 1.026e-3
MMBtu/scf and 53.06 kg CO2/MMBtu, diesel 0.138 MMBtu/gal and 73.96, bituminous coal 24.93
MMBtu/short ton and 93.28; Table C-2 natural gas 1.0e-3 kg CH4 and 1.0e-4 kg N2O per MMBtu,
petroleum 3.0e-3 and 6.0e-4, coal 1.1e-2 and 1.6e-3; Table W-1A pneumatic devices 37.3 /
13.5 / 1.39 scf/h, pumps 13.3 scf/h, leaks (Western gas valve 0.121, Eastern gas connector
0.003); 98.233(v) densities CH4 0.0192 and CO2 0.0526 kg/scf; 98.233(n) efficiency 0.98,
N2O 1.0e-4 kg/MMBtu at 1.235e-3 MMBtu/scf; Eq. W-8/W-9 0.37e-3; Eq. W-13A 3,114 scf.
"""

from __future__ import annotations

import pytest

from agents.tools.ghg.activities import activity_from_dict
from agents.tools.ghg.gas import GasComposition
from agents.tools.ghg.inventory import METHODS
from agents.tools.ghg.settings import Settings
from agents.tools.registry import ToolError

REL = 1e-9
RHO_CH4, RHO_CO2 = 0.0192, 0.0526
KG_PER_LB = 0.45359237
# A gas analysis, mole fractions (sums to 1): every part stated, no default used.
GAS = {
    "methane": 0.85,
    "ethane": 0.07,
    "propane": 0.03,
    "butane": 0.01,
    "pentanes_plus": 0.005,
    "co2": 0.015,
    "n2": 0.02,
}
CARBON_PER_MOLE = 0.85 * 1 + 0.07 * 2 + 0.03 * 3 + 0.01 * 4 + 0.005 * 5


def line_for(activity: dict, **settings):
    composition = settings.pop("composition", GAS)
    built = Settings.build(composition=GasComposition.build(composition), **settings)
    parsed = activity_from_dict(activity, 1)
    return METHODS[parsed.kind](parsed, built)


def cites(line, table: str) -> bool:
    return any(table in f.table for f in line.factors)


# --------------------------------------------------------------------------- combustion


def test_natural_gas_burned_in_engines_is_tier_1_of_subpart_c():
    line = line_for(
        {"kind": "stationary_combustion", "fuel": "natural gas", "quantity": 1000, "unit": "Mcf"}
    )
    energy = 1000 * 1000 * 1.026e-3  # 1,026 MMBtu
    assert line.energy_mmbtu == pytest.approx(energy, rel=REL)
    assert line.co2_kg == pytest.approx(energy * 53.06, rel=REL)
    assert line.ch4_kg == pytest.approx(energy * 1.0e-3, rel=REL)
    assert line.n2o_kg == pytest.approx(energy * 1.0e-4, rel=REL)
    assert cites(line, "Table C-1") and cites(line, "Table C-2")
    assert "Tier 1" in line.calculation and line.ogmp_level == 3


def test_diesel_given_in_barrels_and_coal_in_tonnes_convert_to_their_table_units():
    diesel = line_for({"kind": "diesel_combustion", "quantity": 10, "unit": "bbl"})
    assert diesel.co2_kg == pytest.approx(10 * 42 * 0.138 * 73.96, rel=REL)
    assert diesel.ch4_kg == pytest.approx(10 * 42 * 0.138 * 3.0e-3, rel=REL)
    coal = line_for(
        {"kind": "stationary_combustion", "fuel": "coal", "quantity": 907.18474 * 10, "unit": "kg"}
    )
    assert coal.co2_kg == pytest.approx(10 * 24.93 * 93.28, rel=REL)
    assert coal.n2o_kg == pytest.approx(10 * 24.93 * 1.6e-3, rel=REL)


def test_a_measured_heating_value_makes_it_tier_2():
    line = line_for(
        {
            "kind": "stationary_combustion",
            "fuel": "fuel gas",
            "quantity": 500,
            "unit": "mcf",
            "hhv": 1100,
            "hhv_unit": "Btu/scf",
        }
    )
    energy = 500_000 * 1100e-6  # 550 MMBtu
    assert line.co2_kg == pytest.approx(energy * 53.06, rel=REL)
    assert "Tier 2" in line.calculation
    assert not any(f.key.endswith("/hhv") for f in line.factors)


def test_fuel_given_as_energy_needs_no_heating_value():
    line = line_for(
        {"kind": "stationary_combustion", "fuel": "propane", "quantity": 250, "unit": "MMBtu"}
    )
    assert line.co2_kg == pytest.approx(250 * 62.87, rel=REL)


def test_non_road_diesel_uses_the_hub_factors_per_gallon():
    line = line_for(
        {
            "kind": "mobile_combustion",
            "fuel": "diesel",
            "quantity": 2000,
            "unit": "gal",
            "equipment": "drilling rig",
        }
    )
    assert line.co2_kg == pytest.approx(2000 * 10.21, rel=REL)
    assert line.ch4_kg == pytest.approx(2000 * 0.57 / 1000, rel=REL)
    assert line.n2o_kg == pytest.approx(2000 * 0.26 / 1000, rel=REL)
    assert cites(line, "Table 2") and cites(line, "Table 5")


def test_on_road_trucks_count_methane_per_mile_or_say_it_is_left_out():
    with_miles = line_for(
        {
            "kind": "mobile_combustion",
            "quantity": 5000,
            "unit": "gal",
            "equipment": "trucks",
            "miles": 40_000,
        }
    )
    assert with_miles.co2_kg == pytest.approx(5000 * 10.21, rel=REL)
    assert with_miles.ch4_kg == pytest.approx(40_000 * 0.0051 / 1000, rel=REL)
    without = line_for(
        {"kind": "mobile_combustion", "quantity": 5000, "unit": "gal", "equipment": "trucks"}
    )
    assert without.ch4_kg == 0
    assert any("per mile" in a for a in without.assumptions)


# --------------------------------------------------------------------------- pneumatics, leaks


@pytest.mark.parametrize(
    ("bleed", "factor"), [("intermittent", 13.5), ("high", 37.3), ("low", 1.39)]
)
def test_pneumatic_controllers_by_bleed_type_follow_equation_w1(bleed, factor):
    line = line_for({"kind": "pneumatic_controllers", "count": 40, "bleed": bleed})
    scf = 40 * factor * 8760
    assert line.ch4_kg == pytest.approx(scf * 0.85 * RHO_CH4, rel=REL)
    assert line.co2_kg == pytest.approx(scf * 0.015 * RHO_CO2, rel=REL)
    assert cites(line, "Table W-1A") and line.ogmp_level == 3
    assert line.section.startswith("40 CFR 98.233(a)")
    assert any("8,760 h" in a for a in line.assumptions)


def test_controllers_without_a_bleed_type_are_a_question():
    with pytest.raises(ToolError, match="which bleed type"):
        line_for({"kind": "pneumatic_controllers", "count": 40})


def test_pneumatic_pumps_in_service_part_of_the_year():
    line = line_for({"kind": "pneumatic_pumps", "count": 5, "hours": 4000})
    assert line.ch4_kg == pytest.approx(5 * 13.3 * 4000 * 0.85 * RHO_CH4, rel=REL)
    assert not any("8,760" in a for a in line.assumptions)


def test_equipment_leaks_by_component_count_region_and_service():
    west = line_for({"kind": "equipment_leaks", "count": 300, "component": "valves"})
    assert west.ch4_kg == pytest.approx(300 * 0.121 * 8760 * 0.85 * RHO_CH4, rel=REL)
    assert any("Western U.S." in a for a in west.assumptions)
    east = line_for(
        {
            "kind": "equipment_leaks",
            "count": 1200,
            "component": "connectors",
            "region": "eastern",
            "hours": 8000,
        }
    )
    assert east.ch4_kg == pytest.approx(1200 * 0.003 * 8000 * 0.85 * RHO_CH4, rel=REL)
    crude = line_for(
        {"kind": "equipment_leaks", "count": 100, "component": "valve", "service": "light_crude"}
    )
    assert crude.ch4_kg == pytest.approx(100 * 0.05 * 8760 * 0.85 * RHO_CH4, rel=REL)
    with pytest.raises(ToolError, match="no factor for flanges in gas service"):
        line_for({"kind": "equipment_leaks", "count": 10, "component": "flange"})


# --------------------------------------------------------------------------- tanks


def test_storage_tank_flash_gas_split_between_recovery_flare_and_vent():
    line = line_for(
        {
            "kind": "storage_tanks",
            "quantity": 100_000,
            "unit": "bbl",
            "vent_factor_scf_per_bbl": 30,
            "vru_fraction": 0.2,
            "flare_fraction": 0.5,
            "flare_efficiency": 0.98,
        }
    )
    vapour = 100_000 * 30
    vented, flared = vapour * 0.3, vapour * 0.5
    assert line.ch4_kg == pytest.approx((vented * 0.85 + flared * 0.02 * 0.85) * RHO_CH4, rel=REL)
    assert line.co2_kg == pytest.approx(
        (vented * 0.015 + flared * 0.98 * CARBON_PER_MOLE + flared * 0.015) * RHO_CO2, rel=REL
    )
    assert line.n2o_kg == pytest.approx(flared * 1.235e-3 * 1.0e-4, rel=REL)
    assert line.ogmp_level == 4


def test_small_wells_tanks_use_the_method_3_population_factor():
    line = line_for({"kind": "storage_tanks", "count": 12, "liquid": "crude_oil"})
    assert line.ch4_kg == pytest.approx(12 * 4.2 * 1000 * RHO_CH4, rel=REL)
    assert line.co2_kg == pytest.approx(12 * 2.8 * 1000 * RHO_CO2, rel=REL)
    assert not all(f.certain for f in line.factors)


# --------------------------------------------------------------------------- completions, workovers


def test_a_fractured_completion_flared_after_a_reduced_emission_recovery():
    line = line_for(
        {
            "kind": "completions",
            "flowback_hours": 72,
            "flowback_rate": 1500,
            "flowback_rate_unit": "Mcf/d",
            "recovered_scf": 3_000_000,
            "flared": True,
            "flare_efficiency": 0.98,
        }
    )
    flared = 72 * 1_500_000 / 24 - 3_000_000  # 1.5 MMscf
    assert line.flared_scf == pytest.approx(flared, rel=REL)
    assert line.ch4_kg == pytest.approx(flared * 0.02 * 0.85 * RHO_CH4, rel=REL)
    assert line.co2_kg == pytest.approx(
        (flared * 0.98 * CARBON_PER_MOLE + flared * 0.015) * RHO_CO2, rel=REL
    )
    assert line.section.startswith("40 CFR 98.233(g)") and line.ogmp_level == 4


def test_a_completion_vented_with_a_default_gas_is_level_3_and_says_why():
    line = line_for({"kind": "completions", "quantity": 2, "unit": "MMcf"}, composition={})
    assert line.ch4_kg == pytest.approx(2e6 * 0.80 * RHO_CH4, rel=REL)
    assert line.ogmp_level == 3
    joined = " ".join(line.assumptions)
    assert "disposition: vented" in joined and "level 3 rather than 4" in joined


def test_workovers_without_fracturing_are_3114_scf_each():
    line = line_for({"kind": "workovers", "count": 3})
    assert line.vented_scf == pytest.approx(3 * 3114, rel=REL)
    assert line.ch4_kg == pytest.approx(3 * 3114 * 0.85 * RHO_CH4, rel=REL)
    assert line.section.startswith("40 CFR 98.233(h)")


# --------------------------------------------------------------------------- blowdowns, unloading


def test_blowdowns_by_equation_w14a_with_gauge_pressure():
    line = line_for(
        {
            "kind": "blowdowns",
            "count": 4,
            "volume_ft3": 500,
            "pressure": 800,
            "pressure_unit": "psig",
            "temperature_f": 80,
        }
    )
    scf = 4 * 500 * (459.67 + 60) * (800 + 14.7) / ((459.67 + 80) * 14.7)
    assert line.vented_scf == pytest.approx(scf, rel=REL)
    assert line.ch4_kg == pytest.approx(scf * 0.85 * RHO_CH4, rel=REL)
    assert line.ogmp_level == 4


def test_liquids_unloading_without_plunger_lift_is_equation_w8():
    line = line_for(
        {
            "kind": "liquids_unloading",
            "diameter_in": 4.5,
            "depth_ft": 8000,
            "shut_in_pressure": 300,
            "count": 12,
            "flow_rate": 2000,
            "hours_per_unloading": 3,
            "plunger_lift": False,
        }
    )
    scf = 0.37e-3 * 4.5**2 * 8000 * 300 * 12 + 2000 * (3 - 1.0) * 12
    assert line.vented_scf == pytest.approx(scf, rel=REL)
    assert line.ch4_kg == pytest.approx(scf * 0.85 * RHO_CH4, rel=REL)


def test_liquids_unloading_with_plunger_lift_is_equation_w9_and_short_events_add_no_flow():
    line = line_for(
        {
            "kind": "liquids_unloading",
            "plunger_lift": True,
            "diameter_in": 2.375,
            "depth_ft": 7000,
            "shut_in_pressure": 250,
            "count": 100,
            "flow_rate": 1500,
            "hours_per_unloading": 0.4,
            "wells": 6,
        }
    )
    scf = 6 * (0.37e-3 * 2.375**2 * 7000 * 250 * 100)  # 0.4 h < 0.5 h: Z = 0
    assert line.vented_scf == pytest.approx(scf, rel=REL)
    assert "[Z = 0]" in line.calculation


# --------------------------------------------------------------------------- flares, venting


def test_a_flare_with_a_gas_analysis_and_a_stated_efficiency_is_level_4():
    line = line_for(
        {"kind": "flaring", "quantity": 12_000, "unit": "mcf", "flare_efficiency": 0.95}
    )
    v = 12_000_000
    assert line.ch4_kg == pytest.approx(v * 0.05 * 0.85 * RHO_CH4, rel=REL)
    assert line.co2_kg == pytest.approx((v * 0.95 * CARBON_PER_MOLE + v * 0.015) * RHO_CO2, rel=REL)
    assert line.n2o_kg == pytest.approx(v * 1.235e-3 * 1.0e-4, rel=REL)
    assert line.ogmp_level == 4


def test_a_flare_at_the_default_efficiency_says_so_and_is_level_3():
    line = line_for({"kind": "flaring", "quantity": 1000, "unit": "mcf"})
    assert line.ch4_kg == pytest.approx(1e6 * 0.02 * 0.85 * RHO_CH4, rel=REL)
    assert any("98%" in a and "98.233(n)" in a for a in line.assumptions)
    assert line.ogmp_level == 3


def test_vented_gas_by_volume_and_methane_given_by_mass():
    volume = line_for(
        {"kind": "venting", "source": "Tank vapours", "quantity": 2150, "unit": "mcf"}
    )
    assert volume.ch4_kg == pytest.approx(2_150_000 * 0.85 * RHO_CH4, rel=REL)
    assert volume.category == "Atmospheric storage tanks"
    mass = line_for({"kind": "venting", "quantity": 3.2, "unit": "t"})
    assert mass.ch4_kg == pytest.approx(3200.0, rel=REL)
    assert mass.co2_kg == 0 and mass.ogmp_level == 4


# --------------------------------------------------------------------------- electricity


def test_electricity_in_ercot_is_location_based_on_the_egrid_subregion():
    line = line_for({"kind": "electricity", "quantity": 1200, "unit": "MWh", "subregion": "ERCOT"})
    assert line.co2_kg == pytest.approx(1200 * 771 * KG_PER_LB, rel=REL)
    assert line.ch4_kg == pytest.approx(1200 * 0.066 * KG_PER_LB, rel=REL)
    assert line.n2o_kg == pytest.approx(1200 * 0.009 * KG_PER_LB, rel=REL)
    assert line.scope == 2 and line.ogmp_level is None
    assert any("eGRID2022" in f.citation for f in line.factors)
    assert any(i["value"] == "ERCT" and "ERCOT" in i["detail"] for i in line.inputs)


def test_market_based_scope_2_uses_the_supplier_rate_on_what_instruments_do_not_cover():
    line = line_for(
        {
            "kind": "electricity",
            "quantity": 1_200_000,
            "unit": "kWh",
            "subregion": "CAMX",
            "supplier_factor_kg_per_mwh": 400,
            "instruments_mwh": 200,
        }
    )
    assert line.co2_kg == pytest.approx(1200 * 497 * KG_PER_LB, rel=REL)
    assert line.market_gases == {"co2": pytest.approx(1000 * 400, rel=REL), "ch4": 0.0, "n2o": 0.0}


def test_an_unknown_or_ambiguous_grid_region_is_a_question():
    with pytest.raises(ToolError, match="eGRID subregion 'PJM'"):
        line_for({"kind": "electricity", "quantity": 10, "unit": "MWh", "subregion": "PJM"})
