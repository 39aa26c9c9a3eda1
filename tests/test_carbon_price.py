"""A carbon price on NPV: monthly or annual cash flows, escalation or a schedule, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from agents.tools.carbon_price import carbon_price_impact
from agents.tools.economics import cash_flow_economics
from agents.tools.emissions import emissions_inventory
from agents.tools.registry import ToolError
from tests.factories import tool_context


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def test_monthly_cash_flows_at_a_flat_price(ctx):
    result = carbon_price_impact(
        ctx, carbon_price=50, cash_flows=[-1000, 500, 500, 500], annual_emissions_tco2e=120
    )
    # 10 t a month x $50 = $500 in each producing month; 10%/yr effective, monthly compounding.
    factors = 1.1 ** (-np.arange(4) / 12)
    assert result["npv_before"] == pytest.approx(float(np.dot([-1000, 500, 500, 500], factors)))
    assert result["npv_after"] == pytest.approx(-1000.0)
    assert result["carbon_cost_undiscounted"] == pytest.approx(1500.0)
    defaults = {i["name"] for i in result["inputs"] if i["source"] == "default"}
    assert {
        "escalation",
        "discount_rate",
        "timing",
        "scopes",
        "working_interest",
        "period",
    } <= defaults
    assert any("monthly" in a for a in result["assumptions"])


def test_the_price_escalates_once_a_year(ctx):
    flows, boe = [-10_000] + [1000] * 24, [0] + [100] * 24
    result = carbon_price_impact(
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


def test_annual_cash_flows_discount_by_year_and_escalate_each_year(ctx):
    flows = [-5_000_000, 2_000_000, 1_800_000, 1_600_000, 1_400_000]
    result = carbon_price_impact(
        ctx,
        carbon_price=50,
        escalation=0.05,
        cash_flows=flows,
        period="annual",
        annual_emissions_tco2e=8000,
        discount_rate=0.08,
    )
    costs = np.array([0, 8000 * 50, 8000 * 52.5, 8000 * 55.125, 8000 * 57.88125])
    factors = 1.08 ** -np.arange(5.0)
    assert result["carbon_cost_undiscounted"] == pytest.approx(costs.sum())
    assert result["npv_before"] == pytest.approx(float(np.dot(flows, factors)))
    assert result["npv_after"] == pytest.approx(float(np.dot(np.array(flows) - costs, factors)))
    assert result["period"] == "annual"
    assert any("compounded annually" in c for c in result["conventions"])


def test_a_price_schedule_by_year_holds_its_last_price(ctx):
    result = carbon_price_impact(
        ctx,
        carbon_price=65,
        price_schedule=[65, 80, 95],
        cash_flows=[-1, 1, 1, 1, 1, 1],
        period="annual",
        annual_emissions_tco2e=100,
        discount_rate=0.0,
    )
    assert result["carbon_cost_undiscounted"] == pytest.approx(100 * (65 + 80 + 95 + 95 + 95))


def test_mid_period_discounting_and_a_working_interest(ctx):
    result = carbon_price_impact(
        ctx,
        carbon_price=30,
        cash_flows=[-100, 60, 60],
        annual_emissions_tco2e=12,
        timing="mid",
        working_interest=0.5,
    )
    costs = np.array([0, 1 * 30 * 0.5, 1 * 30 * 0.5])
    factors = np.array([1, 1.1 ** (-0.5 / 12), 1.1 ** (-1.5 / 12)])
    assert result["carbon_cost_pv"] == pytest.approx(float(np.dot(costs, factors)))
    assert "50.0% working interest" in result["summary"]


def test_an_economics_row_priced_at_the_inventorys_intensity(ctx):
    economics = cash_flow_economics(
        ctx,
        oil_volumes=[3000, 2500, 2000],
        gas_volumes=[6000, 5000, 4000],
        oil_price=70,
        gas_price=3,
        capex=[{"month": 0, "amount": 200_000}],
        chart=False,
    )
    inventory = emissions_inventory(
        ctx,
        activities=[{"kind": "flaring", "quantity": 500, "unit": "mcf"}],
        oil_produced_bbl=10_000,
        gas_produced_mcf=30_000,
        chart=False,
    )
    result = carbon_price_impact(
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
    sources = {i["name"]: i["source"] for i in result["inputs"]}
    assert sources["cash_flow_rowid"] == "file" and sources["emissions_rowid"] == "file"
    again = carbon_price_impact(
        ctx,
        carbon_price=60,
        cash_flow_rowid=economics["cash_flow_rowid"],
        emissions_rowid=inventory["inventory_rowid"],
    )
    assert again["table_rowid"] == result["table_rowid"] and again["reused"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"carbon_price": 50, "annual_emissions_tco2e": 10}, "Which cash flow"),
        ({"carbon_price": 50, "cash_flows": [-1, 2]}, "How much is emitted"),
        ({"carbon_price": -5, "cash_flows": [-1, 2], "annual_emissions_tco2e": 1}, "not negative"),
        (
            {
                "carbon_price": 5,
                "cash_flows": [-1, 2],
                "annual_emissions_tco2e": 1,
                "period": "weekly",
            },
            "monthly or annual",
        ),
        (
            {
                "carbon_price": 5,
                "cash_flows": [-1, 2],
                "boe_volumes": [1],
                "intensity_kg_per_boe": 3,
            },
            "line up",
        ),
        ({"carbon_price": 5, "cash_flows": [-1, 2], "intensity_kg_per_boe": 3}, "needs production"),
        (
            {
                "carbon_price": 5,
                "cash_flows": [-1, 2],
                "annual_emissions_tco2e": 1,
                "discount_rate": -1.5,
            },
            "above -100%",
        ),
    ],
)
def test_bad_carbon_price_arguments_get_a_clear_error(ctx, arguments, message):
    with pytest.raises(ToolError, match=message):
        carbon_price_impact(ctx, **arguments)
