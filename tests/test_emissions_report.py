"""The reporting export: a GHGRP-style summary by source category and gas, CSV and XLSX."""

from __future__ import annotations

import io

import jsonschema
import pandas as pd
import pytest
from openpyxl import load_workbook

from agents.tools.emissions import emissions_inventory
from agents.tools.emissions_report import emissions_report
from agents.tools.registry import ToolError, all_tools
from tests.factories import tool_context, upload_row

ACTIVITIES = [
    {"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent", "facility": "Pad A"},
    {"kind": "pneumatic_controllers", "count": 10, "bleed": "high", "facility": "Pad A"},
    {"kind": "flaring", "quantity": 5000, "unit": "mcf", "facility": "Pad B"},
    {
        "kind": "stationary_combustion",
        "fuel": "diesel",
        "quantity": 20_000,
        "unit": "gal",
        "facility": "Pad B",
    },
    {
        "kind": "electricity",
        "quantity": 900,
        "unit": "MWh",
        "subregion": "ERCOT",
        "supplier_factor_kg_per_mwh": 300,
    },
]


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def file_of(ctx, rowid: int) -> bytes:
    with ctx.conversation.rows.get(rowid=rowid).file.open("rb") as handle:
        return handle.read()


def test_the_csv_summary_adds_up_by_facility_category_and_gas(ctx):
    inventory = emissions_inventory(ctx, activities=ACTIVITIES, gwp="AR6", chart=False)
    result = emissions_report(ctx, inventory_rowid=inventory["inventory_rowid"], formats=["csv"])
    summary = pd.read_csv(io.BytesIO(file_of(ctx, result["rows"]["csv"])))
    assert list(summary.columns) == [
        "Facility", "Scope", "Source category", "Reported under", "Calculation method",
        "CO2 (mt)", "CH4 (mt)", "N2O (mt)", "CO2e (mt, AR6)",
    ]  # fmt: skip
    body = summary[summary["Scope"].isin(["Scope 1", "Scope 2"])]
    pads = body[body["Facility"] == "Pad A"]
    assert len(pads) == 1 and pads.iloc[0]["Reported under"] == "98.233(a)"
    controllers = sum(line["ch4_t"] for line in inventory["lines"][:2])
    assert pads.iloc[0]["CH4 (mt)"] == pytest.approx(controllers, rel=1e-6)
    totals = summary.set_index("Scope")
    assert totals.loc["Scope 1 total", "CO2e (mt, AR6)"] == pytest.approx(
        inventory["scope1_tco2e"], rel=1e-6
    )
    assert totals.loc["Scope 2 total (location-based)", "CO2e (mt, AR6)"] == pytest.approx(
        inventory["scope2_tco2e"], rel=1e-6
    )
    assert totals.loc["Scope 2 total (market-based)", "CO2e (mt, AR6)"] == pytest.approx(
        900 * 300 / 1000, rel=1e-6
    )
    total = totals.loc["Total (Scope 1 + Scope 2 location-based)"]
    assert total["CO2e (mt, AR6)"] == pytest.approx(inventory["total_tco2e"], rel=1e-6)
    assert total["CO2e (mt, AR6)"] == pytest.approx(body["CO2e (mt, AR6)"].sum(), rel=1e-6)
    for gas in ("CO2", "CH4", "N2O"):
        assert total[f"{gas} (mt)"] == pytest.approx(body[f"{gas} (mt)"].sum(), rel=1e-6)


def test_the_xlsx_carries_sources_factors_inputs_and_conventions(ctx):
    inventory = emissions_inventory(ctx, activities=ACTIVITIES, chart=False)
    result = emissions_report(ctx, inventory_rowid=inventory["inventory_rowid"], formats=["xlsx"])
    book = load_workbook(io.BytesIO(file_of(ctx, result["rows"]["xlsx"])))
    assert book.sheetnames == ["Summary", "Sources", "Factors", "Inputs", "About"]
    factors = pd.DataFrame(book["Factors"].values)
    header, rows = list(factors.iloc[0]), factors.iloc[1:]
    table = rows[header.index("table")].tolist()
    assert "40 CFR 98 Subpart W, Table W-1A" in table and "40 CFR 98 Subpart C, Table C-1" in table
    values = dict(zip(rows[header.index("key")], rows[header.index("value")], strict=True))
    assert values["subpart_w/W-1A/pneumatic_intermittent_bleed/whole_gas"] == 13.5
    about = [row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)]
    assert any("AR5" in text for text in about)
    assert any("OGMP 2.0 Reporting Framework" in text for text in about)
    sources = list(book["Sources"].iter_rows(min_row=2, values_only=True))
    assert len(sources) == len(ACTIVITIES)


def test_text_that_looks_like_a_formula_is_never_a_formula(ctx):
    inventory = emissions_inventory(
        ctx,
        activities=[
            {
                "kind": "flaring",
                "source": "=cmd|' /C calc'!A0",
                "quantity": 10,
                "unit": "mcf",
                "facility": "@SUM(1)",
            }
        ],
        chart=False,
    )
    result = emissions_report(ctx, inventory_rowid=inventory["inventory_rowid"])
    text = file_of(ctx, result["rows"]["csv"]).decode()
    assert "'@SUM(1)" in text and "\n@" not in text
    book = load_workbook(io.BytesIO(file_of(ctx, result["rows"]["xlsx"])))
    cell = book["Sources"]["A2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"


def test_the_report_is_written_once(ctx):
    inventory = emissions_inventory(ctx, activities=ACTIVITIES, chart=False)
    first = emissions_report(ctx, inventory_rowid=inventory["inventory_rowid"])
    count = ctx.conversation.rows.count()
    again = emissions_report(ctx, inventory_rowid=inventory["inventory_rowid"])
    assert again["rows"] == first["rows"] and ctx.conversation.rows.count() == count
    assert "not written again" in again["summary"]


def test_a_row_that_is_not_an_inventory_is_refused(ctx):
    rowid = upload_row(ctx, "data.csv", b"a,b\n1,2\n").rowid
    with pytest.raises(ToolError, match="not an emissions inventory"):
        emissions_report(ctx, inventory_rowid=rowid)
    with pytest.raises(ToolError, match="no row 99"):
        emissions_report(ctx, inventory_rowid=99)
    inventory = emissions_inventory(ctx, activities=ACTIVITIES[:1], chart=False)
    with pytest.raises(ToolError, match="csv and xlsx, not pdf"):
        emissions_report(ctx, inventory_rowid=inventory["inventory_rowid"], formats=["pdf"])


def test_the_emissions_tools_schemas_accept_what_an_analyst_would_ask():
    registry = all_tools()
    cases = {
        "emissions_inventory": {
            "activities": ACTIVITIES,
            "gwp": "AR6",
            "flare_efficiency": 0.95,
            "mcf_per_boe": 5.8,
        },
        "emissions_report": {"inventory_rowid": 3, "formats": ["csv", "xlsx"]},
        "carbon_price_impact": {
            "carbon_price": 50,
            "escalation": 0.05,
            "cash_flows": [-100, 50, 60],
            "period": "annual",
            "annual_emissions_tco2e": 12,
        },
    }
    for name, arguments in cases.items():
        jsonschema.validate(arguments, registry[name].parameters)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"activities": [{"kind": "flaring", "gwp": "AR6"}]},
            registry["emissions_inventory"].parameters,
        )
