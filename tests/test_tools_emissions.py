"""Emissions: factor x activity worked by hand, the sample activity table, carbon price."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from agents.tools import emissions as M
from agents.tools.registry import ToolError
from tests.factories import tool_context, upload_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REL = 1e-6
CO2_KG_PER_SCF = 0.0192 * 44.01 / 16.04


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def upload_bytes(ctx, content: bytes, name: str) -> int:
    return upload_row(ctx, name, content).rowid


def test_natural_gas_combustion_by_hand():
    # 1,000 mcf x 1.026 MMBtu/mcf = 1,026 MMBtu; x 53.06 kg CO2, 1.0 g CH4, 0.10 g N2O per MMBtu.
    result = M.combustion("natural_gas", 1000, "mcf")
    assert result["energy_mmbtu"] == pytest.approx(1026.0, rel=REL)
    assert result["co2_kg"] == pytest.approx(54_439.56, rel=REL)
    assert result["ch4_kg"] == pytest.approx(1.026, rel=REL)
    assert result["n2o_kg"] == pytest.approx(0.1026, rel=REL)
    assert M.co2e_kg(result, "AR5") == pytest.approx(54_439.56 + 1.026 * 28 + 0.1026 * 265, rel=REL)
    assert M.co2e_kg(result, "AR6") == pytest.approx(
        54_439.56 + 1.026 * 29.8 + 0.1026 * 273, rel=REL
    )
    # The same gas given in scf or MMBtu.
    assert M.combustion("natural_gas", 1_000_000, "scf")["co2_kg"] == pytest.approx(54_439.56)
    assert M.combustion("natural_gas", 1026, "MMBtu")["co2_kg"] == pytest.approx(54_439.56)


def test_diesel_and_propane_combustion_by_hand():
    diesel = M.combustion("diesel", 1000, "gal")  # 138 MMBtu
    assert diesel["co2_kg"] == pytest.approx(138 * 73.96, rel=REL)
    assert diesel["ch4_kg"] == pytest.approx(138 * 3.0 / 1000, rel=REL)
    assert diesel["n2o_kg"] == pytest.approx(138 * 0.6 / 1000, rel=REL)
    assert M.combustion("diesel", 1, "bbl")["co2_kg"] == pytest.approx(42 * 0.138 * 73.96)
    propane = M.combustion("propane", 500, "gal")  # 45.5 MMBtu
    assert propane["co2_kg"] == pytest.approx(45.5 * 62.87, rel=REL)
    with pytest.raises(ToolError, match="cannot convert"):
        M.combustion("diesel", 10, "mcf")


def test_flaring_and_venting_by_hand():
    composition = M.GasComposition(methane=0.8, co2=0.02, c2plus=0.15)
    flared = M.flaring(1_000_000, composition, 0.98)  # 1,000 mcf
    assert flared["ch4_kg"] == pytest.approx(1e6 * 0.8 * 0.02 * 0.0192, rel=REL)  # 307.2
    assert flared["ch4_kg"] == pytest.approx(307.2, rel=REL)
    expected_co2 = 1e6 * 0.98 * (0.8 + 0.15 * 2.5) * CO2_KG_PER_SCF + 1e6 * 0.02 * CO2_KG_PER_SCF
    assert flared["co2_kg"] == pytest.approx(expected_co2, rel=REL)
    vented = M.venting(100_000, composition)
    assert vented["ch4_kg"] == pytest.approx(1e5 * 0.8 * 0.0192, rel=REL)  # 1,536 kg
    assert vented["co2_kg"] == pytest.approx(1e5 * 0.02 * CO2_KG_PER_SCF, rel=REL)


def test_inventory_totals_scopes_and_intensities():
    table, production = M.inventory(
        [
            {
                "source": "engines",
                "kind": "natural_gas_combustion",
                "quantity": 1000,
                "unit": "mcf",
            },
            {"source": "flare", "kind": "flaring", "quantity": 1000, "unit": "mcf"},
            {"source": "power", "kind": "electricity", "quantity": 2_000_000, "unit": "kWh"},
            {"source": "oil", "kind": "oil_production", "quantity": 100_000, "unit": "bbl"},
            {"source": "gas", "kind": "gas_production", "quantity": 300_000, "unit": "mcf"},
        ],
        composition=M.GasComposition(methane=0.8, co2=0.02, c2plus=0.15),
    )
    assert list(table["scope"]) == [1, 1, 2]
    assert table.loc[2, "co2e_t"] == pytest.approx(2000 * 373 / 1000, rel=REL)
    assert production == {"oil_bbl": 100_000, "gas_mcf": 300_000}
    ratios = M.intensities(table, production, 0.8)
    boe = 100_000 + 300_000 / 6
    assert ratios["production_boe"] == pytest.approx(boe)
    assert ratios["carbon_intensity_kg_per_boe"] == pytest.approx(
        table["co2e_t"].sum() * 1000 / boe, rel=REL
    )
    methane_produced_t = 300_000 * 1000 * 0.8 * 0.0192 / 1000
    assert ratios["methane_intensity_of_methane_produced"] == pytest.approx(
        table["ch4_t"].sum() / methane_produced_t, rel=REL
    )


def test_the_sample_activity_table_is_classified_line_by_line():
    frame = pd.read_csv(SAMPLES / "emissions_activity.csv")
    activities, unclear = M.activities_from_table(frame)
    assert unclear == []
    kinds = [a["kind"] for a in activities]
    assert kinds.count("natural_gas_combustion") == 2
    assert kinds.count("diesel_combustion") == 2
    assert kinds.count("propane_combustion") == 1
    assert kinds.count("flaring") == 1
    assert kinds.count("venting") == 2
    assert kinds.count("electricity") == 1
    assert {"oil_production", "gas_production"} <= set(kinds)


def test_emissions_inventory_tool_on_the_sample_file(ctx):
    rowid = upload_bytes(ctx, (SAMPLES / "emissions_activity.csv").read_bytes(), "activity.csv")
    result = M.emissions_inventory(ctx, rowid=rowid, gwp="AR6")
    frame = pd.read_csv(SAMPLES / "emissions_activity.csv")
    electricity = frame.loc[frame["unit"] == "MWh", "quantity"].sum()
    assert result["scope2_tco2e"] == pytest.approx(electricity * 373 / 1000, rel=REL)
    diesel_gal = frame.loc[frame["fuel"] == "diesel", "quantity"].sum()
    diesel_lines = [line for line in result["lines"] if "diesel" in line["basis"]]
    assert sum(line["co2_t"] for line in diesel_lines) == pytest.approx(
        diesel_gal * 0.138 * 73.96 / 1000, rel=REL
    )
    assert result["total_tco2e"] == pytest.approx(
        sum(line["co2e_t"] for line in result["lines"]), rel=REL
    )
    assert "AR6" in result["summary"] and "29.8" in result["summary"]
    assert "98.0%" in result["summary"] and "0.0192 kg/scf" in result["summary"]
    assert "kgCO2e/BOE" in result["summary"]
    row = ctx.conversation.rows.get(rowid=result["inventory_rowid"])
    with row.file.open("rb") as handle:
        table = pd.read_csv(io.BytesIO(handle.read()))
    assert table["co2e_t"].sum() == pytest.approx(result["total_tco2e"], rel=1e-6)
    assert ctx.conversation.rows.get(rowid=result["chart_rowid"]).type == "chart"


def test_emissions_inventory_asks_when_lines_are_unclear(ctx):
    content = b"source,quantity,unit\nMystery thing,100,widgets\n"
    rowid = upload_bytes(ctx, content, "activity.csv")
    with pytest.raises(ToolError, match="could not tell"):
        M.emissions_inventory(ctx, rowid=rowid)
    with pytest.raises(ToolError, match="What activity data"):
        M.emissions_inventory(ctx)


def test_carbon_price_on_inline_cash_flows_by_hand(ctx):
    result = M.carbon_price_impact(
        ctx,
        carbon_price=50,
        cash_flows=[-1000, 500, 500, 500],
        annual_emissions_tco2e=120,
    )
    # 10 t a month x $50 = $500 in each producing month.
    factors = 1.1 ** (-np.arange(4) / 12)
    assert result["npv_before"] == pytest.approx(float(np.dot([-1000, 500, 500, 500], factors)))
    assert result["npv_after"] == pytest.approx(-1000.0)
    assert result["carbon_cost_undiscounted"] == pytest.approx(1500.0)


def test_carbon_price_escalates_each_year(ctx):
    flows = [-10_000] + [1000] * 24
    boe = [0] + [100] * 24
    result = M.carbon_price_impact(
        ctx,
        carbon_price=40,
        escalation=0.10,
        cash_flows=flows,
        boe_volumes=boe,
        intensity_kg_per_boe=20,
    )
    # 2 t a month; $40 for months 1-12, $44 for months 13-24.
    assert result["carbon_cost_undiscounted"] == pytest.approx(12 * 2 * 40 + 12 * 2 * 44)
    assert result["cost_per_boe"] == pytest.approx(result["carbon_cost_undiscounted"] / 2400)


def test_carbon_price_on_an_economics_row_uses_the_inventory_intensity(ctx):
    from agents.tools.economics import cash_flow_economics

    economics = cash_flow_economics(
        ctx,
        oil_volumes=[3000, 2500, 2000],
        gas_volumes=[6000, 5000, 4000],
        oil_price=70,
        gas_price=3,
        capex=[{"month": 0, "amount": 200_000}],
        chart=False,
    )
    inventory = M.emissions_inventory(
        ctx,
        activities=[{"kind": "flaring", "quantity": 500, "unit": "mcf"}],
        oil_produced_bbl=10_000,
        gas_produced_mcf=30_000,
        chart=False,
    )
    result = M.carbon_price_impact(
        ctx,
        carbon_price=60,
        cash_flow_rowid=economics["cash_flow_rowid"],
        emissions_rowid=inventory["inventory_rowid"],
    )
    intensity_t_per_boe = inventory["scope1_tco2e"] / (10_000 + 30_000 / 6)
    boe = np.array([3000 + 1000, 2500 + 5000 / 6, 2000 + 4000 / 6])
    costs = boe * intensity_t_per_boe * 60
    assert result["carbon_cost_undiscounted"] == pytest.approx(costs.sum(), rel=1e-6)
    pv = float(np.sum(costs * 1.1 ** (-np.arange(1, 4) / 12)))
    assert result["npv_before"] - result["npv_after"] == pytest.approx(pv, rel=1e-6)
    with pytest.raises(ToolError, match="How much is emitted"):
        M.carbon_price_impact(ctx, carbon_price=60, cash_flow_rowid=economics["cash_flow_rowid"])
