"""Economics: cash flows worked by hand, NPV and IRR against numpy-financial."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from agents.tools import economics as E
from agents.tools.production import forecast_decline
from agents.tools.registry import ToolError
from tests.factories import tool_context, upload_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def upload_bytes(ctx, content: bytes, name: str) -> int:
    return upload_row(ctx, name, content).rowid


def read_csv_row(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def volumes(oil, gas=None) -> E.Volumes:
    oil = np.asarray(oil, float)
    gas = np.zeros_like(oil) if gas is None else np.asarray(gas, float)
    return E.Volumes(oil, gas, np.zeros_like(oil), np.zeros_like(oil), [None] * len(oil))


HAND_TERMS = dict(
    oil_price=70.0,
    oil_differential=-5.0,
    royalty=0.2,
    severance_tax=0.05,
    ad_valorem_tax=0.02,
    fixed_opex_per_month=5000.0,
    oil_opex_per_bbl=10.0,
    capex=[(0, 100_000.0)],
    abandonment_cost=20_000.0,
)


def test_cash_flow_matches_a_hand_calculation():
    table = E.cash_flow(volumes([1000, 800, 600]), E.Terms(**HAND_TERMS))
    # Month 1: 1000 bbl x $65 = 65,000 gross; x NRI 0.8 = 52,000; severance 5% = 2,600;
    # ad valorem 2% of 49,400 = 988; opex 5,000 + 10,000 = 15,000 -> 33,412.
    expected = [-100_000.0, 33_412.0, 25_729.6, 18_047.2 - 20_000.0]
    np.testing.assert_allclose(table["net_cash_flow"], expected, rtol=1e-12)
    np.testing.assert_allclose(table["severance_tax"], [0, 2600, 2080, 1560], rtol=1e-12)
    assert table.attrs["economic_life_months"] == 3
    terms = E.Terms(**HAND_TERMS)
    result = E.indicators(table, terms)
    monthly = 1.10 ** (1 / 12) - 1
    assert result["npv"] == pytest.approx(npf.npv(monthly, expected), rel=1e-9)
    assert result["irr_annual"] == pytest.approx((1 + npf.irr(expected)) ** 12 - 1, rel=1e-6)
    assert result["payback_month"] is None  # cumulative never gets back to zero
    pv_capex = 100_000.0
    assert result["profitability_index"] == pytest.approx(1 + result["npv"] / pv_capex, rel=1e-12)


def test_npv_irr_and_payback_agree_with_numpy_financial_on_a_longer_stream():
    rng = np.random.default_rng(2)
    oil = 3000 * np.exp(-0.05 * np.arange(120)) * np.exp(rng.normal(0, 0.02, 120))
    terms = E.Terms(
        oil_price=65.0, fixed_opex_per_month=8000, capex=[(0, 2_000_000.0)], discount_rate=0.10
    )
    table = E.cash_flow(volumes(oil), terms)
    flows = table["net_cash_flow"].to_numpy()
    result = E.indicators(table, terms)
    assert result["npv"] == pytest.approx(npf.npv(1.1 ** (1 / 12) - 1, flows), rel=1e-9)
    assert result["irr_annual"] == pytest.approx((1 + npf.irr(flows)) ** 12 - 1, rel=1e-6)
    cumulative = np.cumsum(flows)
    assert result["payback_month"] == int(np.argmax(cumulative >= 0))
    # Mid-month discounting moves every producing month half a month earlier.
    mid = E.Terms(**{**terms.__dict__, "timing": "mid"})
    mid_npv = E.indicators(E.cash_flow(volumes(oil), mid), mid)["npv"]
    months = table["month"].to_numpy(float)
    factors = np.where(months > 0, 1.1 ** (-(months - 0.5) / 12), 1.0)
    assert mid_npv == pytest.approx(float(np.sum(flows * factors)), rel=1e-12)


def test_the_cash_flow_stops_at_the_economic_limit():
    terms = E.Terms(
        oil_price=65.0,
        royalty=0.2,
        fixed_opex_per_month=5000.0,
        oil_opex_per_bbl=10.0,
        abandonment_cost=10_000.0,
    )
    table = E.cash_flow(volumes([1000, 100, 50, 20]), terms)
    assert list(table["month"]) == [0, 1]
    assert table["abandonment"].iloc[-1] == 10_000.0
    kept = E.Terms(**{**terms.__dict__, "truncate_at_economic_limit": False})
    assert list(E.cash_flow(volumes([1000, 100, 50, 20]), kept)["month"]) == [0, 1, 2, 3, 4]


def test_working_interest_and_nri_split_costs_and_revenue():
    terms = E.Terms(
        oil_price=50.0,
        working_interest=0.5,
        net_revenue_interest=0.4,
        fixed_opex_per_month=1000.0,
        capex=[(0, 10_000.0)],
    )
    table = E.cash_flow(volumes([100]), terms)
    # 100 x 50 x 0.4 = 2,000 revenue; 1,000 x 0.5 = 500 opex; capex 5,000.
    np.testing.assert_allclose(table["net_cash_flow"], [-5000.0, 1500.0])


def test_breakeven_price_makes_npv_zero():
    terms = E.Terms(**HAND_TERMS)
    vols = volumes([4000, 3000, 2500, 2000, 1800])
    price = E.breakeven_price(vols, terms, "oil")
    assert price is not None
    at_price = E.Terms(**{**terms.__dict__, "oil_price": price})
    assert abs(E.npv_for(vols, at_price)) < 0.01  # within a cent
    assert E.npv_for(vols, E.Terms(**{**terms.__dict__, "oil_price": price + 1})) > 0


def test_the_sample_cost_sheet_is_read_into_terms():
    sheet = pd.read_csv(SAMPLES / "costs.csv")
    terms, notes, ignored = E.terms_from_sheet(sheet)
    assert ignored == []
    assert terms["oil_price"] == 72.5
    assert terms["gas_price"] == pytest.approx(2.85 * 1.026)
    assert terms["oil_differential"] == -3.25
    assert terms["royalty"] == pytest.approx(0.1875)
    assert terms["working_interest"] == pytest.approx(1.0)
    assert terms["severance_tax"] == pytest.approx(0.046)
    assert terms["severance_tax_gas"] == pytest.approx(0.075)
    assert terms["ad_valorem_tax"] == pytest.approx(0.02)
    assert terms["fixed_opex_per_month"] == 9500
    assert terms["oil_opex_per_bbl"] == 4.25
    assert terms["gas_opex_per_mcf"] == 0.55
    assert terms["water_opex_per_bbl"] == 0.85
    assert sorted(terms["capex"]) == [(0, 3_400_000.0), (0, 4_600_000.0), (1, 650_000.0)]
    assert terms["abandonment_cost"] == 150_000
    assert terms["discount_rate"] == pytest.approx(0.10)
    assert any("MMBtu" in note for note in notes)


def test_cash_flow_economics_values_a_forecast_row_with_a_cost_sheet(ctx):
    forecast = forecast_decline(
        ctx,
        qi=900,
        decline=0.6,
        decline_convention="secant_effective",
        b=1.1,
        dlim=0.08,
        economic_limit=8,
        start_date="2025-01",
    )
    costs = upload_bytes(ctx, (SAMPLES / "costs.csv").read_bytes(), "costs.csv")
    result = E.cash_flow_economics(
        ctx, forecast_rowid=forecast["forecast_rowid"], costs_rowid=costs, gor_scf_per_bbl=1500
    )
    table = read_csv_row(ctx, result["cash_flow_rowid"])
    flows = table["net_cash_flow"].to_numpy(float)
    months = table["month"].to_numpy(float)
    assert result["npv"] == pytest.approx(float(np.sum(flows * 1.1 ** (-months / 12))), rel=1e-6)
    assert result["totals"]["capex"] == pytest.approx(8_650_000)
    assert result["totals"]["gas_mcf"] == pytest.approx(result["totals"]["oil_bbl"] * 1.5, rel=1e-9)
    # The abandonment cost at the end gives the stream a second, meaningless low root
    # (numpy-financial may return that one); the IRR is the high one, where NPV is zero.
    irr = result["irr_annual"]
    assert irr > 0.10
    scale = float(np.abs(flows).sum())
    assert abs(E.npv_monthly(flows, months, irr)) < 1e-8 * scale  # the CSV keeps 10 digits
    assert E.npv_monthly(flows, months, irr * 1.01) < 0 < E.npv_monthly(flows, months, irr * 0.99)
    assert result["payback_month"] == int(np.argmax(np.cumsum(flows) >= 0))
    assert "end of month" in result["summary"] and "PV" not in result["discounting"]
    assert result["pv_profile"]["0.1"] == pytest.approx(result["npv"], rel=1e-9)
    assert len(result["sensitivities"]) == 6
    chart = ctx.conversation.rows.get(rowid=result["chart_rowid"])
    assert chart.type == "chart"


def test_cash_flow_economics_asks_for_prices_and_volumes(ctx):
    with pytest.raises(ToolError, match="Which production"):
        E.cash_flow_economics(ctx, oil_price=70)
    with pytest.raises(ToolError, match="no oil price"):
        E.cash_flow_economics(ctx, oil_volumes=[1000, 900])
    with pytest.raises(ToolError, match="no row 42"):
        E.cash_flow_economics(ctx, forecast_rowid=42, oil_price=70)


def test_npv_irr_uses_numpy_financials_convention(ctx):
    flows = [-500, 200, 200, 200]
    result = E.npv_irr(ctx, cash_flows=flows, rate=0.08)
    assert result["npv"] == pytest.approx(npf.npv(0.08, flows), rel=1e-12)
    assert result["npv"] == pytest.approx(-500 + 200 / 1.08 + 200 / 1.08**2 + 200 / 1.08**3)
    assert result["irr"] == pytest.approx(npf.irr(flows), rel=1e-9)
    assert npf.npv(result["irr"], flows) == pytest.approx(0, abs=1e-9)
    assert result["payback_period"] == 3
    assert result["payback_fractional"] == pytest.approx(2.5)
    pv_in = 200 / 1.08 + 200 / 1.08**2 + 200 / 1.08**3
    assert result["profitability_index"] == pytest.approx(pv_in / 500)
    monthly = E.npv_irr(ctx, cash_flows=[-1000] + [100] * 12, rate=0.01, periods_per_year=12)
    assert monthly["irr_annual"] == pytest.approx((1 + npf.irr([-1000] + [100] * 12)) ** 12 - 1)


def test_npv_irr_says_when_there_is_no_irr(ctx):
    result = E.npv_irr(ctx, cash_flows=[100, 100], rate=0.1)
    assert result["irr"] is None
    assert "not defined" in result["summary"]
