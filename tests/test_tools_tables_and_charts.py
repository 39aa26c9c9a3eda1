"""Tables are described and previewed; charts are PNG rows; every tool has a valid schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from agents.tools import charts, tables
from agents.tools.registry import ToolError, all_tools
from chat.services import conversation_get_or_create
from files.services import row_add
from tests.factories import tool_context, upload_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TOOL_NAMES = {
    "describe_table": "tables",
    "preview_table": "tables",
    "fit_decline": "production",
    "forecast_decline": "production",
    "cash_flow_economics": "economics",
    "npv_irr": "economics",
    "emissions_inventory": "emissions",
    "carbon_price_impact": "emissions",
    "emissions_report": "emissions",
    "chart_row": "charts",
}


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def upload(ctx, name: str, content: bytes | None = None) -> int:
    data = content if content is not None else (SAMPLES / name).read_bytes()
    return upload_row(ctx, name, data).rowid


def test_every_tool_is_registered_in_its_group_with_a_valid_schema():
    registry = all_tools()
    assert {name: registry[name].group for name in TOOL_NAMES} == TOOL_NAMES
    for name in TOOL_NAMES:
        schema = registry[name].parameters
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert set(schema["required"]) <= set(schema["properties"])
        assert registry[name].openai_schema()["function"]["name"] == name


def test_a_call_with_an_unknown_argument_is_refused_by_the_schema():
    schema = all_tools()["npv_irr"].parameters
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"cash_flows": [-1, 2], "rate": 0.1})
    assert not validator.is_valid({"cash_flows": [-1, 2], "rate": 0.1, "guess": 1})
    assert not validator.is_valid({"cash_flows": [-1, 2]})


def test_guess_unit_reads_common_oilfield_names():
    cases = {
        "Oil (bbl)": "bbl",
        "gas_mcf": "mcf",
        "Oil Price $/bbl": "$/bbl",
        "oil_rate_bopd": "bbl/d",
        "Gas MCFD": "mcf/d",
        "boe": "BOE",
        "Fuel MMBtu": "MMBtu",
        "vent_scf": "scf",
        "diesel gal": "gal",
        "Electricity kWh": "kWh",
        "co2e_t": "tCO2e",
        "capex_usd": "$",
        "well_name": None,
    }
    assert {name: tables.guess_unit(name) for name in cases} == cases


def test_describe_table_on_the_sample_production_file(ctx):
    rowid = upload(ctx, "production_monthly.csv")
    result = tables.describe_table(ctx, rowid=rowid)
    assert result["rows"] == 200
    by_name = {c["name"]: c for c in result["columns"]}
    assert by_name["oil_bbl"]["unit_guess"] == "bbl"
    assert by_name["gas_mcf"]["unit_guess"] == "mcf"
    assert by_name["oil_bbl"]["zeros"] == 4  # the shut-in months
    assert by_name["well_name"]["distinct"] == 4
    assert result["date_range"] == {"column": "date", "start": "2020-03-01", "end": "2025-02-01"}
    assert "200 rows" in result["summary"]


def test_describe_table_counts_missing_values(ctx):
    rowid = upload(ctx, "t.csv", b"date,oil\n2020-01-01,5\n2020-02-01,\n2020-03-01,7\n")
    oil = next(c for c in tables.describe_table(ctx, rowid=rowid)["columns"] if c["name"] == "oil")
    assert oil["missing"] == 1 and oil["min"] == 5 and oil["max"] == 7


def test_preview_table_caps_at_fifty_rows(ctx):
    rowid = upload(ctx, "production_monthly.csv")
    result = tables.preview_table(ctx, rowid=rowid, n=500)
    assert len(result["rows"]) == 50
    assert result["columns"][:3] == ["well_name", "api", "date"]
    assert result["rows"][0][0] == "Hawkins 1H"
    assert len(tables.preview_table(ctx, rowid=rowid, n=3)["rows"]) == 3


def test_a_row_without_a_table_is_refused(ctx):
    result_row = ctx.add_row(type="result", description="a number", data={"npv": 1})
    with pytest.raises(ToolError, match="no file"):
        tables.describe_table(ctx, rowid=result_row.rowid)
    bad = upload(ctx, "notes.csv", b"")
    with pytest.raises(ToolError, match="empty"):
        tables.preview_table(ctx, rowid=bad)


def test_another_users_rows_are_not_reachable(ctx, bob):
    other, _ = conversation_get_or_create(user=bob)
    row_add(
        conversation=other,
        type="userinput",
        description="bob's",
        content=b"a,b\n1,2\n",
        file_name="bob.csv",
    )
    with pytest.raises(ToolError, match="no row 1"):
        tables.describe_table(ctx, rowid=1)


@pytest.mark.parametrize(
    ("kind", "name"),
    [("auto", "production_monthly.csv"), ("bar", "emissions_activity.csv")],
)
def test_chart_row_stores_a_png_chart_row(ctx, kind, name):
    rowid = upload(ctx, name)
    result = charts.chart_row(ctx, rowid=rowid, kind=kind)
    row = ctx.conversation.rows.get(rowid=result["rowid"])
    assert row.type == "chart"
    assert row.data["source_rowid"] == rowid
    with row.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert row.original_name.endswith(".png")


def test_chart_row_picks_the_chart_from_the_table(ctx):
    from agents.tools.economics import cash_flow_economics
    from agents.tools.production import forecast_decline

    forecast = forecast_decline(
        ctx,
        qi=500,
        decline=0.3,
        decline_convention="nominal",
        horizon_years=5,
        start_date="2025-01",
    )
    assert charts.chart_row(ctx, rowid=forecast["forecast_rowid"])["kind"] == "production"
    economics = cash_flow_economics(
        ctx, forecast_rowid=forecast["forecast_rowid"], oil_price=60, chart=False
    )
    assert charts.chart_row(ctx, rowid=economics["cash_flow_rowid"])["kind"] == "cash_flow"
    with pytest.raises(ToolError, match="no numeric column"):
        charts.chart_row(ctx, rowid=upload(ctx, "words.csv", b"a,b\nx,y\nz,w\n"))
