"""Every figure an economics run used comes back with its value, unit and source; every
default applied is listed; a figure read but not applied is said."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics
from agents.tools.registry import all_tools
from tests.factories import tool_context, upload_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SOURCES = {"stated", "file", "default", "derived"}


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def sheet_rowid(ctx) -> int:
    return upload_row(ctx, "costs.csv", (SAMPLES / "costs.csv").read_bytes()).rowid


OIL = [3000.0 * 0.95**k for k in range(24)]
WATER = [1500.0] * 24


def test_every_line_of_the_cost_sheet_is_an_input_read_from_the_file(ctx):
    costs = sheet_rowid(ctx)
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gor_scf_per_bbl=1200,
        water_volumes=WATER,
        costs_rowid=costs,
        chart=False,
    )
    inputs = {i["name"]: i for i in result["inputs"]}
    from_file = {
        "oil_price": 72.5,
        "gas_price": 2.85,
        "oil_differential": -3.25,
        "gas_differential": -0.45,
        "working_interest": 1.0,
        "royalty": 0.1875,
        "severance_tax_oil": 0.046,
        "severance_tax_gas": 0.075,
        "ad_valorem_tax": 0.02,
        "fixed_opex_per_month": 9500.0,
        "oil_opex_per_bbl": 4.25,
        "gas_opex_per_mcf": 0.55,
        "water_opex_per_bbl": 0.85,
        "abandonment_cost": 150_000.0,
        "discount_rate": 0.10,
        "capex_1": 3_400_000.0,
        "capex_2": 4_600_000.0,
        "capex_3": 650_000.0,
        "gas_price_unit": "mmbtu",
    }
    for name, value in from_file.items():
        item = inputs[name]
        assert item["source"] == "file", name
        if isinstance(value, str):
            assert item["value"] == value, name
        else:
            assert item["value"] == pytest.approx(value), name
        assert f"'costs.csv' (running-table row {costs}), row " in item["detail"], name
    # The oil differential, ad valorem tax and abandonment cost were the ones once applied
    # silently: each names its line.
    assert (
        "row 3, column 'value'; oil differential: -3.25 $/bbl"
        in (inputs["oil_differential"]["detail"])
    )
    assert "row 9, column 'value'; ad valorem tax: 2 %" in inputs["ad_valorem_tax"]["detail"]
    assert "abandonment cost: 150000 $" in inputs["abandonment_cost"]["detail"]
    # Only what the sheet does not say is a default, and each default is an assumption.
    defaults = {i["name"] for i in result["inputs"] if i["source"] == "default"}
    assert not defaults & set(from_file)
    assert "gas_heating_value" in defaults
    assert any("1.026" in a for a in result["assumptions"])
    assert result["not_used"] == []
    # And the figures are the sheet's: month 1 by hand.
    gas = OIL[0] * 1.2
    oil_net = OIL[0] * (72.5 - 3.25) * 0.8125
    gas_net = gas * (2.85 - 0.45) * 1.026 * 0.8125
    severance = 0.046 * oil_net + 0.075 * gas_net
    ad_valorem = 0.02 * (oil_net + gas_net - severance)
    opex = 9500 + 4.25 * OIL[0] + 0.55 * gas + 0.85 * WATER[0]
    month_1 = oil_net + gas_net - severance - ad_valorem - opex - 650_000.0
    row = ctx.conversation.rows.get(rowid=result["cash_flow_rowid"])
    with row.file.open("rb") as handle:
        table = pd.read_csv(handle)
    assert table.loc[1, "net_cash_flow"] == pytest.approx(month_1, rel=1e-9)
    assert table.loc[0, "capex"] == pytest.approx(8_000_000.0)


def test_a_stated_figure_replaces_the_sheets_and_the_sheets_is_reported_not_used(ctx):
    costs = sheet_rowid(ctx)
    result = cash_flow_economics(
        ctx, oil_volumes=OIL, costs_rowid=costs, oil_price=60.0, royalty=0.125, chart=False
    )
    inputs = {i["name"]: i for i in result["inputs"]}
    assert inputs["oil_price"]["source"] == "stated" and inputs["oil_price"]["value"] == 60.0
    replaced = {u["name"]: u for u in result["not_used"]}
    assert replaced["oil_price"]["value"] == 72.5
    assert "replaced by the stated" in replaced["oil_price"]["why"]
    assert replaced["royalty"]["value"] == pytest.approx(0.1875)
    # An oil-only forecast: the sheet's gas price has nothing to price, and says so.
    assert "no gas sales volumes" in replaced["gas_price"]["why"]


def test_every_input_has_a_known_source_and_every_default_is_an_assumption(ctx):
    result = cash_flow_economics(ctx, oil_volumes=OIL, oil_price=70, chart=False)
    assert result["inputs"]
    for item in result["inputs"]:
        assert set(item) == {"name", "label", "value", "unit", "source", "detail"}
        assert item["source"] in SOURCES
        if item["source"] == "default":
            assert any(item["detail"] in a and item["label"] in a for a in result["assumptions"])
    for sentence in (
        "Working interest not stated: 100%",
        "Lessor royalty not stated (nor an override): NRI = WI",
        "Ad valorem tax not stated: 0",
        "Discount rate not stated: 10% a year (PV10)",
        "Capex not stated: none",
    ):
        assert sentence in result["assumptions"]
    assert result["conventions"] and "Defaults applied" in result["summary"]


def test_cost_sheet_lines_that_cannot_be_placed_are_reported(ctx):
    sheet = (
        b"item,value,unit\n"
        b"oil price,70,$/bbl\n"
        b"compressor rental,1200,\n"
        b"marketing fee,2,%\n"
        b"lease operating expense,abc,$/month\n"
    )
    rowid = upload_row(ctx, "odd.csv", sheet).rowid
    result = cash_flow_economics(ctx, oil_volumes=OIL, costs_rowid=rowid, chart=False)
    reasons = " | ".join(f"{u['value']}: {u['why']}" for u in result["not_used"])
    assert "compressor rental" in reasons and "marketing fee" in reasons
    assert "lease operating expense" in reasons and "no number" in reasons


def test_the_tool_schema_is_valid_json_schema_and_accepts_what_an_analyst_asks(ctx):
    schema = all_tools()["cash_flow_economics"].parameters
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    call = {
        "forecast_rowid": 2,
        "price_deck": {
            "oil": [
                {"year": 2027, "price": 75},
                {"year": 2028, "price": 70},
                {"year": 2029, "price": 65},
            ]
        },
        "working_interest": 1.0,
        "net_revenue_interest": 0.8,
        "after_payout": {"net_revenue_interest": 0.75},
        "severance_tax_oil": 0.046,
        "severance_tax_gas": 0.075,
        "capex": [{"date": "2026-03", "amount": 6e6, "label": "D&C"}],
        "timing": "mid",
        "period": "quarterly",
        "opex_escalation": 0.02,
        "pricing": "deck",
        "wells": [{"well": "Hawkins 1H", "category": "PUD", "risk_factor": 0.5}],
        "charts": ["tornado", "npv_vs_price"],
    }
    assert validator.is_valid(call)
    assert not validator.is_valid({**call, "royalty": 12.5})  # a percent, not a fraction
    assert not validator.is_valid({**call, "guess": 1})
    assert not validator.is_valid({**call, "period": "weekly"})
