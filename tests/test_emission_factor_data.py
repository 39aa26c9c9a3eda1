"""The emission factor data: cited and versioned, checked against the published tables.

Each expected value below is written from the cited table itself (not read from the
data files), with the citation next to it.
"""

from __future__ import annotations

import json

import pytest

from agents.tools.ghg import factors as F

SUBPART_C = "40 CFR 98 Subpart C, Table C-1"
SUBPART_C2 = "40 CFR 98 Subpart C, Table C-2"
W1A = "40 CFR 98 Subpart W, Table W-1A"

# (factor key, published value, unit, the table it is published in)
PUBLISHED = [
    # 40 CFR 98 Subpart C, Table C-1 (default HHV and kg CO2/MMBtu), as amended 2013.
    ("subpart_c/C-1/natural_gas/hhv", 1.026e-3, "MMBtu/scf", SUBPART_C),
    ("subpart_c/C-1/natural_gas/co2", 53.06, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/diesel/hhv", 0.138, "MMBtu/gal", SUBPART_C),
    ("subpart_c/C-1/diesel/co2", 73.96, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/distillate_no1/co2", 73.25, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/distillate_no4/co2", 75.04, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/residual_no5/co2", 72.93, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/residual_fuel_oil/hhv", 0.150, "MMBtu/gal", SUBPART_C),
    ("subpart_c/C-1/residual_fuel_oil/co2", 75.10, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/used_oil/co2", 74.00, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/kerosene/co2", 75.20, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/lpg/hhv", 0.092, "MMBtu/gal", SUBPART_C),
    ("subpart_c/C-1/lpg/co2", 61.71, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/propane/hhv", 0.091, "MMBtu/gal", SUBPART_C),
    ("subpart_c/C-1/propane/co2", 62.87, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/butane/hhv", 0.103, "MMBtu/gal", SUBPART_C),
    ("subpart_c/C-1/butane/co2", 64.77, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/gasoline/hhv", 0.125, "MMBtu/gal", SUBPART_C),
    ("subpart_c/C-1/gasoline/co2", 70.22, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/crude_oil/co2", 74.54, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/jet_fuel/co2", 72.22, "kg CO2/MMBtu", SUBPART_C),
    ("subpart_c/C-1/bituminous/hhv", 24.93, "MMBtu/short ton", SUBPART_C),
    ("subpart_c/C-1/bituminous/co2", 93.28, "kg CO2/MMBtu", SUBPART_C),
    # 40 CFR 98 Subpart C, Table C-2 (kg CH4 and kg N2O per MMBtu).
    ("subpart_c/C-2/natural_gas/ch4", 1.0e-3, "kg CH4/MMBtu", SUBPART_C2),
    ("subpart_c/C-2/natural_gas/n2o", 1.0e-4, "kg N2O/MMBtu", SUBPART_C2),
    ("subpart_c/C-2/petroleum/ch4", 3.0e-3, "kg CH4/MMBtu", SUBPART_C2),
    ("subpart_c/C-2/petroleum/n2o", 6.0e-4, "kg N2O/MMBtu", SUBPART_C2),
    ("subpart_c/C-2/coal/ch4", 1.1e-2, "kg CH4/MMBtu", SUBPART_C2),
    ("subpart_c/C-2/coal/n2o", 1.6e-3, "kg N2O/MMBtu", SUBPART_C2),
    # 40 CFR 98 Subpart W, Table W-1A (scf whole gas per hour per device or component).
    ("subpart_w/W-1A/pneumatic_high_bleed/whole_gas", 37.3, "scf/hour/device", W1A),
    ("subpart_w/W-1A/pneumatic_intermittent_bleed/whole_gas", 13.5, "scf/hour/device", W1A),
    ("subpart_w/W-1A/pneumatic_low_bleed/whole_gas", 1.39, "scf/hour/device", W1A),
    ("subpart_w/W-1A/pneumatic_pump/whole_gas", 13.3, "scf/hour/pump", W1A),
    ("subpart_w/W-1A/leak_gas_eastern_valve/whole_gas", 0.027, "scf/hour/component", W1A),
    ("subpart_w/W-1A/leak_gas_eastern_connector/whole_gas", 0.003, "scf/hour/component", W1A),
    ("subpart_w/W-1A/leak_gas_eastern_open_ended_line/whole_gas", 0.061, "scf/hour/component", W1A),
    (
        "subpart_w/W-1A/leak_gas_eastern_pressure_relief_valve/whole_gas",
        0.040,
        "scf/hour/component",
        W1A,
    ),
    ("subpart_w/W-1A/leak_gas_western_valve/whole_gas", 0.121, "scf/hour/component", W1A),
    ("subpart_w/W-1A/leak_gas_western_connector/whole_gas", 0.017, "scf/hour/component", W1A),
    ("subpart_w/W-1A/leak_gas_western_open_ended_line/whole_gas", 0.031, "scf/hour/component", W1A),
    (
        "subpart_w/W-1A/leak_gas_western_pressure_relief_valve/whole_gas",
        0.193,
        "scf/hour/component",
        W1A,
    ),
    # 40 CFR 98.233(v): densities at 60 F and 14.7 psia.
    ("subpart_w/98.233(v)/density/ch4", 0.0192, "kg/scf", "40 CFR 98.233(v)"),
    ("subpart_w/98.233(v)/density/co2", 0.0526, "kg/scf", "40 CFR 98.233(v)"),
    # 40 CFR 98.233(n): flares; (f) liquids unloading; (h) workovers.
    ("subpart_w/98.233(n)/combustion_efficiency/fraction", 0.98, "fraction", "98.233(n)"),
    ("subpart_w/98.233(n)/n2o/n2o", 1.0e-4, "kg N2O/MMBtu", "98.233(n)"),
    ("subpart_w/98.233(n)/field_gas_hhv/hhv", 1.235e-3, "MMBtu/scf", "98.233(n)"),
    (
        "subpart_w/98.233(f)/blowdown_volume_coefficient/coefficient",
        0.37e-3,
        "scf/(in^2 ft psia)",
        "Equations W-8 and W-9",
    ),
    ("subpart_w/98.233(f)/no_plunger_lift/hours_offset", 1.0, "hour", "Equations W-8 and W-9"),
    ("subpart_w/98.233(f)/plunger_lift/hours_offset", 0.5, "hour", "Equations W-8 and W-9"),
    (
        "subpart_w/98.233(h)/workover_without_fracturing/whole_gas",
        3114.0,
        "scf/workover",
        "Equation W-13A",
    ),
    # IPCC GWP-100: AR4 WG1 Table 2.14; AR5 WG1 Table 8.7; AR6 WG1 Table 7.15 (fossil CH4).
    ("gwp/AR4/gwp/ch4", 25.0, "kg CO2e/kg", "Table 2.14"),
    ("gwp/AR4/gwp/n2o", 298.0, "kg CO2e/kg", "Table 2.14"),
    ("gwp/AR5/gwp/ch4", 28.0, "kg CO2e/kg", "Table 8.7"),
    ("gwp/AR5/gwp/n2o", 265.0, "kg CO2e/kg", "Table 8.7"),
    ("gwp/AR6/gwp/ch4", 29.8, "kg CO2e/kg", "Table 7.15"),
    ("gwp/AR6/gwp/n2o", 273.0, "kg CO2e/kg", "Table 7.15"),
    # EPA GHG Emission Factors Hub, Table 2 (mobile combustion CO2).
    ("mobile/mobile_co2/diesel/co2", 10.21, "kg CO2/gal", "Table 2"),
    ("mobile/mobile_co2/gasoline/co2", 8.78, "kg CO2/gal", "Table 2"),
]


def test_at_least_thirty_factors_are_spot_checked():
    assert len(PUBLISHED) >= 30


@pytest.mark.parametrize(
    ("key", "value", "unit", "table"), PUBLISHED, ids=[p[0] for p in PUBLISHED]
)
def test_a_factor_equals_its_published_value_and_cites_its_table(key, value, unit, table):
    factor = F.factor(key)
    assert factor.value == pytest.approx(value, rel=1e-12)
    assert factor.unit == unit
    assert table in factor.table
    assert factor.version and factor.source
    assert factor.citation == f"{factor.table} ({factor.version})"


def test_every_factor_has_a_table_a_version_a_source_and_a_unit():
    factors = F.all_factors()
    assert len(factors) > 100
    for factor in factors.values():
        assert factor.table and factor.version and factor.source and factor.unit, factor.key


def test_the_versions_cited_are_the_amendments_the_values_come_from():
    assert "78 FR 71904" in F.factor("subpart_c/C-1/diesel/co2").version
    assert "81 FR 86490" in F.factor("subpart_w/W-1A/pneumatic_pump/whole_gas").version
    assert "eGRID2022" in F.factor("egrid/subregion_output_rates/ERCT/co2").version
    # The 2024 Subpart W revision is named as not reflected, not silently ignored.
    assert any("89 FR 42062" in note for note in F.document("subpart_w")["notes"])


def test_mobile_co2_per_gallon_agrees_with_table_c1_heat_content_times_factor():
    # Hub Table 2 derives from Table C-1: HHV (MMBtu/gal) x kg CO2/MMBtu, to 2 decimals.
    for fuel in ("diesel", "gasoline", "residual_fuel_oil", "jet_fuel", "lpg", "propane"):
        c1 = (
            F.factor(f"subpart_c/C-1/{fuel}/hhv").value
            * F.factor(f"subpart_c/C-1/{fuel}/co2").value
        )
        assert F.factor(f"mobile/mobile_co2/{fuel}/co2").value == pytest.approx(c1, abs=0.006), fuel


def test_values_entered_without_the_table_at_hand_are_marked_uncertain():
    # eGRID subregion rates and the non-road CH4/N2O are recollections: flagged, not passed off.
    assert not F.factor("egrid/subregion_output_rates/ERCT/co2").certain
    assert not F.factor("mobile/non_road/diesel_construction/ch4").certain
    assert not F.factor("subpart_w/98.233(j)/crude_oil/ch4").certain
    assert F.factor("subpart_c/C-1/natural_gas/co2").certain
    assert F.factor("subpart_w/W-1A/pneumatic_intermittent_bleed/whole_gas").certain


def test_there_are_three_gwp_sets_and_the_default_is_stated_with_its_reason():
    assert F.gwp_sets() == ("AR4", "AR5", "AR6")
    assert F.default_gwp() == "AR5"
    assert F.document("gwp")["default_reason"]
    ar6 = F.gwp_set("ar6")
    assert (ar6.co2.value, ar6.ch4.value, ar6.n2o.value) == (1.0, 29.8, 273.0)
    assert "Table 7.15" in ar6.label
    assert ar6.ch4.uncertainty == {"low": 18.8, "high": 40.8, "basis": ar6.ch4.uncertainty["basis"]}
    with pytest.raises(F.FactorDataError, match="unknown GWP set"):
        F.gwp_set("SAR")


def test_every_method_names_its_rule_section_category_and_ogmp_level():
    methods = F.documents()["methods"]["methods"]
    assert len(methods) >= 15
    for name, spec in methods.items():
        assert spec["section"] and spec["category"] and spec["ghgrp_source"], name
        assert spec["ogmp_level"] in (None, 1, 2, 3, 4, 5), name
    assert F.method("pneumatic_devices")["section"].startswith("40 CFR 98.233(a)")
    assert "level 4" in F.ogmp_level_text(4)


def test_an_unknown_factor_is_refused_by_name():
    with pytest.raises(F.FactorDataError, match="no factor 'subpart_c/C-1/unobtainium/co2'"):
        F.factor("subpart_c/C-1/unobtainium/co2")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("version"), "missing 'version'"),
        (lambda d: d["tables"]["C-1"].pop("name"), "missing 'name'"),
        (
            lambda d: d["tables"]["C-1"]["entries"]["diesel"]["values"]["co2"].update(
                value="73.96"
            ),
            "must be a number",
        ),
        (
            lambda d: d["tables"]["C-1"]["entries"]["diesel"]["values"]["co2"].pop("unit"),
            "missing 'unit'",
        ),
    ],
)
def test_a_malformed_factor_document_is_refused_with_where_it_is_wrong(mutate, message):
    with open(F.DATA_DIR / "epa_subpart_c.json", encoding="utf-8") as handle:
        document = json.load(handle)
    mutate(document)
    with pytest.raises(F.FactorDataError, match=message):
        F._factors_of(document, "epa_subpart_c.json")
