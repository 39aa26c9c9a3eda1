"""The emissions_inventory tool: totals that add up, one GWP set, intensities, every input shown."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from agents.tools.emissions import emissions_inventory
from agents.tools.registry import ToolError
from tests.factories import tool_context, upload_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REL = 1e-9
RHO_CH4, RHO_CO2 = 0.0192, 0.0526  # 40 CFR 98.233(v)
KG_PER_LB = 0.45359237
GWP = {"AR4": (25.0, 298.0), "AR5": (28.0, 265.0), "AR6": (29.8, 273.0)}
# Derrick's default associated gas: the carbon atoms per mole of its hydrocarbons.
DEFAULT_CARBON = 0.80 + 0.08 * 2 + 0.04 * 3 + 0.02 * 4 + 0.01 * 5

MIXED = [
    {
        "kind": "stationary_combustion",
        "fuel": "natural gas",
        "quantity": 41_800,
        "unit": "mcf",
        "facility": "North Pad",
    },
    {
        "kind": "pneumatic_controllers",
        "count": 40,
        "bleed": "intermittent",
        "facility": "North Pad",
        "well": "Hawkins 1H",
    },
    {
        "kind": "equipment_leaks",
        "count": 300,
        "component": "valve",
        "facility": "South Pad",
        "well": "Hawkins 2H",
    },
    {"kind": "flaring", "quantity": 12_000, "unit": "mcf", "facility": "South Pad"},
    {"kind": "mobile_combustion", "quantity": 30_000, "unit": "gal"},
    {"kind": "electricity", "quantity": 1200, "unit": "MWh", "subregion": "ERCOT"},
]


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def read_csv_row(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def test_inventory_totals_equal_the_sum_of_their_sources(ctx):
    result = emissions_inventory(ctx, activities=MIXED, chart=False)
    lines = result["lines"]
    assert len(lines) == len(MIXED)
    scope1 = sum(x["co2e_t"] for x in lines if x["scope"] == 1)
    scope2 = sum(x["co2e_t"] for x in lines if x["scope"] == 2)
    assert result["scope1_tco2e"] == pytest.approx(scope1, rel=REL)
    assert result["scope2_tco2e"] == pytest.approx(scope2, rel=REL)
    assert result["total_tco2e"] == pytest.approx(scope1 + scope2, rel=REL)
    for gas in ("co2", "ch4", "n2o"):
        assert result[f"{gas}_t"] == pytest.approx(sum(x[f"{gas}_t"] for x in lines), rel=REL)
    assert sum(c["co2e_t"] for c in result["by_category"]) == pytest.approx(
        result["total_tco2e"], rel=REL
    )
    assert sum(result["by_gas_tco2e"].values()) == pytest.approx(result["total_tco2e"], rel=REL)
    facilities = {f["facility"]: f["co2e_t"] for f in result["by_facility"]}
    north = [x for x in lines if x.get("facility") == "North Pad"]
    assert facilities["North Pad"] == pytest.approx(sum(x["co2e_t"] for x in north), rel=REL)
    assert {w["well"] for w in result["by_well"]} == {"Hawkins 1H", "Hawkins 2H"}
    table = read_csv_row(ctx, result["inventory_rowid"])
    assert table["co2e_t"].sum() == pytest.approx(result["total_tco2e"], rel=1e-9)
    assert set(table["ghgrp_source"]) >= {"98.233(a)", "98.233(r)", "98.233(n)", "98.233(z)"}


def test_the_totals_are_factor_times_activity_by_hand(ctx):
    result = emissions_inventory(ctx, activities=MIXED, gwp="AR5", chart=False)
    ch4, n2o = GWP["AR5"]
    engines = 41_800_000 * 1.026e-3
    co2 = {
        "engines": engines * 53.06,
        "controllers": 40 * 13.5 * 8760 * 0.02 * RHO_CO2,
        "leaks": 300 * 0.121 * 8760 * 0.02 * RHO_CO2,
        "flare": (12e6 * 0.98 * DEFAULT_CARBON + 12e6 * 0.02) * RHO_CO2,
        "diesel": 30_000 * 10.21,
        "grid": 1200 * 771 * KG_PER_LB,
    }
    methane = {
        "engines": engines * 1.0e-3,
        "controllers": 40 * 13.5 * 8760 * 0.80 * RHO_CH4,
        "leaks": 300 * 0.121 * 8760 * 0.80 * RHO_CH4,
        "flare": 12e6 * 0.02 * 0.80 * RHO_CH4,
        "diesel": 30_000 * 0.57 / 1000,
        "grid": 1200 * 0.066 * KG_PER_LB,
    }
    nitrous = {
        "engines": engines * 1.0e-4,
        "flare": 12e6 * 1.235e-3 * 1.0e-4,
        "diesel": 30_000 * 0.26 / 1000,
        "grid": 1200 * 0.009 * KG_PER_LB,
    }
    total = (sum(co2.values()) + ch4 * sum(methane.values()) + n2o * sum(nitrous.values())) / 1000
    assert result["total_tco2e"] == pytest.approx(total, rel=1e-9)
    grid = (co2["grid"] + ch4 * methane["grid"] + n2o * nitrous["grid"]) / 1000
    assert result["scope2_tco2e"] == pytest.approx(grid, rel=1e-9)


def test_switching_the_gwp_set_changes_exactly_the_ch4_and_n2o_terms(ctx):
    results = {
        name: emissions_inventory(ctx, activities=MIXED, gwp=name, chart=False) for name in GWP
    }
    base = results["AR5"]["lines"]
    for name, result in results.items():
        assert result["gwp"] == name
        for line, ref in zip(result["lines"], base, strict=True):
            for gas in ("co2_t", "ch4_t", "n2o_t"):
                assert line[gas] == ref[gas]
            expected = line["co2_t"] + line["ch4_t"] * GWP[name][0] + line["n2o_t"] * GWP[name][1]
            assert line["co2e_t"] == pytest.approx(expected, rel=1e-12)
        delta = result["total_tco2e"] - results["AR5"]["total_tco2e"]
        by_hand = results["AR5"]["ch4_t"] * (GWP[name][0] - 28) + results["AR5"]["n2o_t"] * (
            GWP[name][1] - 265
        )
        assert delta == pytest.approx(by_hand, rel=1e-9, abs=1e-9)
        assert result["by_gas_tco2e"]["CO2"] == pytest.approx(results["AR5"]["by_gas_tco2e"]["CO2"])
    assert any("AR6 GWP-100 (CH4 29.8, N2O 273" in c for c in results["AR6"]["conventions"])


def test_the_sample_activity_file_by_hand(ctx):
    rowid = upload_row(ctx, "activity.csv", (SAMPLES / "emissions_activity.csv").read_bytes()).rowid
    result = emissions_inventory(ctx, rowid=rowid, gwp="AR6", chart=False)
    frame = pd.read_csv(SAMPLES / "emissions_activity.csv")
    q = dict(zip(frame["source"], frame["quantity"], strict=True))
    gas_burned = (q["Compressor engines"] + q["Heater treaters"]) * 1000 * 1.026e-3
    diesel = (q["Generator"] + q["Workover rig engines"]) * 0.138
    propane = q["Line heaters"] * 0.091
    flared = q["HP flare"] * 1000
    vented = (q["Tank vapours"] + q["Pneumatic controllers"]) * 1000
    co2 = (
        gas_burned * 53.06
        + diesel * 73.96
        + propane * 62.87
        + (flared * 0.98 * DEFAULT_CARBON + flared * 0.02) * RHO_CO2
        + vented * 0.02 * RHO_CO2
    )
    methane = (
        gas_burned * 1.0e-3
        + (diesel + propane) * 3.0e-3
        + flared * 0.02 * 0.80 * RHO_CH4
        + vented * 0.80 * RHO_CH4
    )
    nitrous = gas_burned * 1.0e-4 + (diesel + propane) * 6.0e-4 + flared * 1.235e-3 * 1.0e-4
    scope1 = (co2 + 29.8 * methane + 273 * nitrous) / 1000
    assert result["scope1_tco2e"] == pytest.approx(scope1, rel=1e-9)
    mwh = q["Purchased electricity"]
    scope2 = mwh * (823.1 + 29.8 * 0.066 + 273 * 0.009) * KG_PER_LB / 1000
    assert result["scope2_tco2e"] == pytest.approx(scope2, rel=1e-9)
    boe = q["Oil production"] + q["Gas production"] / 6
    assert result["production_boe"] == pytest.approx(boe)
    assert result["carbon_intensity_kg_per_boe"] == pytest.approx(
        (scope1 + scope2) * 1000 / boe, rel=1e-9
    )
    methane_scf = methane / RHO_CH4
    assert result["methane_intensity_of_gas_produced_by_volume"] == pytest.approx(
        methane_scf / (q["Gas production"] * 1000), rel=1e-9
    )
    assert result["flaring_intensity_of_gas_produced"] == pytest.approx(
        flared / (q["Gas production"] * 1000)
    )
    categories = {c["category"] for c in result["by_category"]}
    assert {
        "Atmospheric storage tanks",
        "Natural gas pneumatic device venting",
        "Flare stack emissions",
    } <= categories
    assert {f["facility"] for f in result["by_facility"]} >= {"North Pad", "South Pad", "Field"}


def test_file_figures_cite_their_row_line_and_column(ctx):
    content = (
        b"facility,well,source,quantity,unit,bleed type,hours\n"
        b"Pad A,Hawkins 1H,Pneumatic controllers,40,devices,intermittent,6000\n"
        b"Pad A,Hawkins 1H,Flare,500,mcf,,\n"
        b"Pad B,Hawkins 2H,Pneumatic controllers,12,devices,high bleed,\n"
    )
    rowid = upload_row(ctx, "pads.csv", content).rowid
    result = emissions_inventory(ctx, rowid=rowid, chart=False)
    controllers = [
        x for x in result["lines"] if x["category"] == "Natural gas pneumatic device venting"
    ]
    assert [x["ch4_t"] for x in controllers] == [
        pytest.approx(40 * 13.5 * 6000 * 0.80 * RHO_CH4 / 1000, rel=REL),
        pytest.approx(12 * 37.3 * 8760 * 0.80 * RHO_CH4 / 1000, rel=REL),
    ]
    by_name = {i["name"]: i for i in result["inputs"]}
    assert by_name["activity_1_count"]["source"] == "file"
    assert by_name["activity_1_count"]["detail"] == f"row {rowid}, line 2, column 'quantity'"
    assert by_name["activity_1_hours"]["detail"] == f"row {rowid}, line 2, column 'hours'"
    assert by_name["activity_3_hours"]["source"] == "default"
    assert {w["well"]: w["co2e_t"] for w in result["by_well"]}["Hawkins 2H"] == pytest.approx(
        controllers[1]["co2e_t"]
    )


def test_every_default_applied_is_an_input_and_an_assumption(ctx):
    result = emissions_inventory(
        ctx,
        activities=[
            {"kind": "flaring", "quantity": 1000, "unit": "mcf"},
            {"kind": "equipment_leaks", "count": 100, "component": "connector"},
        ],
        chart=False,
    )
    defaults = {i["name"]: i for i in result["inputs"] if i["source"] == "default"}
    assert {
        "gwp",
        "flare_efficiency",
        "leak_region",
        "gas_composition",
        "activity_2_hours",
    } <= set(defaults)
    assert defaults["gwp"]["value"] == "AR5"
    assert defaults["gas_composition"]["value"].startswith("CH4 0.8, C2H6 0.08")
    joined = " ".join(result["assumptions"])
    for words in ("AR5", "98%", "Western U.S.", "default associated gas", "8,760 h"):
        assert words in joined, words
    # Each default's sentence opens with its input's label, so an answer lists it once.
    for item in defaults.values():
        assert any(a.lower().startswith(item["label"].lower()) for a in result["assumptions"]), item
    assert "Defaults applied:" in result["summary"]
    stated = emissions_inventory(
        ctx,
        activities=[{"kind": "flaring", "quantity": 1000, "unit": "mcf"}],
        gwp="AR6",
        flare_efficiency=0.99,
        gas_composition={
            "methane": 0.9,
            "ethane": 0.05,
            "propane": 0.02,
            "butane": 0.01,
            "pentanes_plus": 0.0,
            "co2": 0.01,
            "n2": 0.01,
        },
        chart=False,
    )
    assert not [i for i in stated["inputs"] if i["source"] == "default"]
    assert stated["assumptions"] == []
    assert stated["lines"][0]["ogmp_level"] == 4


def test_a_partial_gas_analysis_keeps_what_was_stated_and_derives_the_rest(ctx):
    result = emissions_inventory(
        ctx,
        activities=[{"kind": "venting", "quantity": 100, "unit": "mcf"}],
        methane_fraction=0.9,
        chart=False,
    )
    assert result["ch4_t"] == pytest.approx(100_000 * 0.9 * RHO_CH4 / 1000, rel=REL)
    gas = next(i for i in result["inputs"] if i["name"] == "gas_composition")
    assert gas["source"] == "derived" and gas["value"].startswith("CH4 0.9, ")
    assert gas["detail"].startswith("CH4 given; the rest from Derrick's default")
    # CO2 and N2 keep the default (0.02, 0.03); C2+ shares the rest (0.05) 8:4:2:1.
    assert "C2H6 0.02667, C3H8 0.01333" in gas["value"] and "CO2 0.02" in gas["value"]


def test_intensities_take_production_in_any_unit_and_a_stated_boe_factor(ctx):
    result = emissions_inventory(
        ctx,
        activities=[
            {"kind": "venting", "quantity": 5, "unit": "t"},
            {"kind": "flaring", "quantity": 20, "unit": "MMcf"},
        ],
        production=[
            {"product": "oil", "quantity": 1.1, "unit": "MMbbl"},
            {"product": "gas", "quantity": 2.4, "unit": "Bcf"},
        ],
        mcf_per_boe=5.8,
        chart=False,
    )
    boe = 1.1e6 + 2.4e6 / 5.8
    assert result["production_boe"] == pytest.approx(boe)
    assert result["scope1_intensity_kg_per_boe"] == pytest.approx(
        result["scope1_tco2e"] * 1000 / boe
    )
    assert result["flaring_intensity_of_gas_produced"] == pytest.approx(20e6 / 2.4e9)
    assert result["flared_scf_per_boe"] == pytest.approx(20e6 / boe)
    methane_scf = result["ch4_t"] * 1000 / RHO_CH4
    assert result["methane_intensity_of_gas_produced_by_volume"] == pytest.approx(
        methane_scf / 2.4e9
    )
    assert result["methane_intensity_of_methane_produced"] == pytest.approx(
        methane_scf / (2.4e9 * 0.80)
    )
    assert (
        "divided by the volume of natural gas produced"
        in result["definitions"]["methane_intensity"]
    )
    assert any("5.8" in c for c in result["conventions"])
    assert {"name": "mcf_per_boe", "source": "stated"}.items() <= next(
        i for i in result["inputs"] if i["name"] == "mcf_per_boe"
    ).items()


def test_stated_production_replaces_the_files_production_lines(ctx):
    rowid = upload_row(ctx, "activity.csv", (SAMPLES / "emissions_activity.csv").read_bytes()).rowid
    result = emissions_inventory(ctx, rowid=rowid, oil_produced_bbl=500_000, chart=False)
    assert result["production"]["oil_bbl"] == 500_000 and result["production"]["gas_mcf"] == 0
    assert any("replaces the file's production lines" in a for a in result["assumptions"])


def test_a_stated_uncertainty_and_the_ar6_range_give_an_inventory_range(ctx):
    result = emissions_inventory(
        ctx,
        activities=[
            {
                "kind": "stationary_combustion",
                "fuel": "diesel",
                "quantity": 1000,
                "unit": "gal",
                "uncertainty": 0.05,
            },
            {"kind": "venting", "quantity": 1, "unit": "t"},
        ],
        gwp="AR6",
        chart=False,
    )
    diesel_co2, diesel_ch4, diesel_n2o = 138 * 73.96, 138 * 3e-3, 138 * 6e-4
    low = ((diesel_co2 + diesel_ch4 * 18.8 + diesel_n2o * 143) * 0.95 + 1000 * 18.8) / 1000
    high = ((diesel_co2 + diesel_ch4 * 40.8 + diesel_n2o * 403) * 1.05 + 1000 * 40.8) / 1000
    assert result["uncertainty"]["low_tco2e"] == pytest.approx(low, rel=1e-9)
    assert result["uncertainty"]["high_tco2e"] == pytest.approx(high, rel=1e-9)
    assert "5-95%" in result["summary"]
    plain = emissions_inventory(
        ctx,
        activities=[
            {"kind": "stationary_combustion", "fuel": "diesel", "quantity": 10, "unit": "gal"}
        ],
        chart=False,
    )
    assert plain["uncertainty"] is None


def test_factors_entered_without_the_table_at_hand_are_named_for_checking(ctx):
    result = emissions_inventory(
        ctx,
        activities=[{"kind": "electricity", "quantity": 10, "unit": "MWh", "subregion": "ERCT"}],
        chart=False,
    )
    assert (
        result["caveats"]
        and "ERCT" in result["caveats"][0]
        and "checked before" in result["caveats"][0]
    )
    certain = emissions_inventory(
        ctx, activities=[{"kind": "flaring", "quantity": 10, "unit": "mcf"}], chart=False
    )
    assert certain["caveats"] == []
    assert all(f["table"] and f["version"] for f in certain["factors"])


def test_the_methane_is_summarised_by_ogmp_level(ctx):
    result = emissions_inventory(
        ctx,
        activities=[
            {"kind": "venting", "quantity": 2, "unit": "t"},
            {"kind": "pneumatic_controllers", "count": 10, "bleed": "low"},
        ],
        chart=False,
    )
    levels = {x["level"]: x["ch4_t"] for x in result["ogmp"]}
    assert levels[4] == pytest.approx(2.0)
    assert levels[3] == pytest.approx(10 * 1.39 * 8760 * 0.80 * RHO_CH4 / 1000)
    assert all(
        "OGMP 2.0 level" in c["ogmp"]
        for c in result["calculations"]
        if "not a methane" not in c["ogmp"]
    )


def test_asking_again_reuses_the_row_instead_of_adding_a_duplicate(ctx):
    first = emissions_inventory(ctx, activities=MIXED)
    count = ctx.conversation.rows.count()
    again = emissions_inventory(ctx, activities=MIXED)
    assert ctx.conversation.rows.count() == count
    assert (again["inventory_rowid"], again["chart_rowid"]) == (
        first["inventory_rowid"],
        first["chart_rowid"],
    )
    assert again["reused"] and "not written again" in again["summary"]
    other = emissions_inventory(ctx, activities=MIXED, gwp="AR6", chart=False)
    assert other["inventory_rowid"] not in (first["inventory_rowid"], first["chart_rowid"])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "What activity data"),
        ({"activities": [{"kind": "volcano", "quantity": 1}]}, "unknown kind 'volcano'"),
        (
            {"activities": [{"kind": "flaring", "quantity": 1, "unit": "furlongs"}]},
            "cannot be in 'furlongs'",
        ),
        ({"activities": [{"kind": "flaring", "quantity": -5, "unit": "mcf"}]}, "cannot be below 0"),
        (
            {"activities": [{"kind": "flaring", "quantity": 1, "colour": "red"}]},
            "unknown fields colour",
        ),
        ({"activities": [{"kind": "flaring", "quantity": 1}], "gwp": "SAR"}, "Unknown gwp set"),
        (
            {
                "activities": [{"kind": "flaring", "quantity": 1}],
                "gas_composition": {"methane": 0.9, "co2": 0.3},
            },
            "adds up to",
        ),
        (
            {"activities": [{"kind": "flaring", "quantity": 1}], "flare_efficiency": 170},
            "fraction between 0 and 1",
        ),
        (
            {"activities": [{"kind": "oil_production", "quantity": 100, "unit": "bbl"}]},
            "no emitting activity",
        ),
        (
            {
                "activities": [
                    {"kind": "electricity", "quantity": 10, "unit": "MWh", "instruments_mwh": 20}
                ]
            },
            "more than the",
        ),
    ],
)
def test_bad_arguments_get_a_clear_error(ctx, arguments, message):
    with pytest.raises(ToolError, match=message):
        emissions_inventory(ctx, **arguments)


def test_unclear_file_lines_are_listed_back(ctx):
    rowid = upload_row(
        ctx, "activity.csv", b"source,quantity,unit\nMystery thing,100,widgets\n"
    ).rowid
    with pytest.raises(ToolError, match="line 2 \\('Mystery thing', 100 widgets\\)"):
        emissions_inventory(ctx, rowid=rowid)


def test_only_keeps_the_sources_asked_about_and_says_so(ctx):
    rowid = upload_row(ctx, "activity.csv", (SAMPLES / "emissions_activity.csv").read_bytes()).rowid
    result = emissions_inventory(ctx, rowid=rowid, only="pneumatic|controller", chart=False)
    assert [x["source"] for x in result["lines"]] == ["Field: Pneumatic controllers"]
    assert result["ch4_t"] == pytest.approx(1380 * 1000 * 0.80 * RHO_CH4 / 1000, rel=REL)
    assert not any("Compressor" in str(i["label"]) for i in result["inputs"])
    assert any("Only the sources matching" in a for a in result["assumptions"])
    with pytest.raises(ToolError, match="No source matches 'volcano'"):
        emissions_inventory(ctx, rowid=rowid, only="volcano", chart=False)
