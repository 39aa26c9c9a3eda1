"""NPV by period and timing, every IRR, MIRR, payout (and when it is lost), PV profile,
break-even prices: against numpy-financial and sums written in the test."""

from __future__ import annotations

import io

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics, npv_irr
from tests.factories import tool_context


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def table_of(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


OIL = [4000.0 * 0.96**k for k in range(40)]
TERMS = dict(
    oil_volumes=OIL,
    oil_price=68.0,
    fixed_opex_per_month=9000.0,
    capex=[{"month": 0, "amount": 2_500_000.0}],
    chart=False,
)


def hand_monthly() -> list[float]:
    return [-2_500_000.0] + [o * 68.0 - 9000.0 for o in OIL]


def test_monthly_npv_and_irr_agree_with_numpy_financial(ctx):
    result = cash_flow_economics(ctx, **TERMS)
    flows = hand_monthly()
    assert result["npv"] == pytest.approx(npf.npv(1.1 ** (1 / 12) - 1, flows), rel=1e-10)
    assert result["irr_annual"] == pytest.approx((1 + npf.irr(flows)) ** 12 - 1, rel=1e-8)
    assert result["irrs_annual"] == [pytest.approx(result["irr_annual"])]
    assert result["irr_note"] == ""
    # PV profile: the same flows at 0, 5, 10, 15 and 20 %.
    for rate in (0.0, 0.05, 0.10, 0.15, 0.20):
        expected = sum(f / (1 + rate) ** (m / 12) for m, f in enumerate(flows))
        assert result["pv_profile"][f"{rate:g}"] == pytest.approx(expected, rel=1e-10)


def test_mid_period_discounting_moves_each_month_half_a_month_earlier(ctx):
    result = cash_flow_economics(ctx, timing="mid", **TERMS)
    flows = hand_monthly()
    expected = flows[0] + sum(f / 1.1 ** ((m - 0.5) / 12) for m, f in enumerate(flows) if m)
    assert result["npv"] == pytest.approx(expected, rel=1e-10)
    assert any("middle of each month" in c for c in result["conventions"])


@pytest.mark.parametrize(("period", "months"), [("quarterly", 3), ("annual", 12)])
@pytest.mark.parametrize("timing", ["end", "mid"])
def test_quarterly_and_annual_cash_flows_are_discounted_per_period(ctx, period, months, timing):
    result = cash_flow_economics(ctx, period=period, timing=timing, discount_rate=0.12, **TERMS)
    flows = hand_monthly()
    periods = [flows[0]]
    for start in range(1, len(flows), months):
        periods.append(sum(flows[start : start + months]))
    npv = periods[0]
    for k, value in enumerate(periods[1:], start=1):
        years = (k - 0.5 if timing == "mid" else k) * months / 12
        npv += value / 1.12**years
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    table = table_of(ctx, result["period_table_rowid"])
    np.testing.assert_allclose(table["net_cash_flow"], periods, rtol=1e-9)
    # The IRR is annualised: for end-of-period flows it is numpy-financial's per-period IRR
    # compounded over the periods in a year.
    if timing == "end":
        assert result["irr_annual"] == pytest.approx(
            (1 + npf.irr(periods)) ** (12 / months) - 1, rel=1e-8
        )


def test_a_monthly_discount_rate_is_turned_into_its_annual_equivalent(ctx):
    result = cash_flow_economics(ctx, discount_rate=0.01, discount_rate_per="month", **TERMS)
    assert result["discount_rate"] == pytest.approx(1.01**12 - 1)
    assert result["npv"] == pytest.approx(npf.npv(0.01, hand_monthly()), rel=1e-10)


def test_several_sign_changes_give_every_irr_a_warning_and_the_mirr(ctx):
    # -100, +230, -132: NPV is zero at 10% and at 20% per period.
    result = npv_irr(ctx, cash_flows=[-100, 230, -132], rate=0.05)
    assert sorted(result["irrs"]) == [pytest.approx(0.10), pytest.approx(0.20)]
    assert any("ambiguous" in w for w in result["warnings"])
    assert result["mirr"] == pytest.approx(npf.mirr([-100, 230, -132], 0.05, 0.05), rel=1e-10)
    assert "all roots" in result["summary"]
    mixed = npv_irr(
        ctx,
        cash_flows=[-1000, 600, 600, -300, 400],
        rate=0.1,
        finance_rate=0.08,
        reinvest_rate=0.12,
    )
    assert mixed["mirr"] == pytest.approx(
        npf.mirr([-1000, 600, 600, -300, 400], 0.08, 0.12), rel=1e-10
    )


def test_an_abandonment_cost_gives_a_second_sign_change_and_the_mirr(ctx):
    result = cash_flow_economics(ctx, abandonment_cost=900_000.0, **TERMS)
    flows = hand_monthly()
    flows[-1] -= 900_000.0
    assert result["sign_changes"] == 2
    monthly = 1.1 ** (1 / 12) - 1
    assert result["mirr_annual"] == pytest.approx(
        (1 + npf.mirr(flows, monthly, monthly)) ** 12 - 1, rel=1e-10
    )
    for irr in result["irrs_annual"]:
        assert abs(sum(f / (1 + irr) ** (m / 12) for m, f in enumerate(flows))) < 1e-3
    assert result["irr_note"]  # the sign changes are said


def test_a_payback_that_recrosses_zero_is_said(ctx):
    result = npv_irr(ctx, cash_flows=[-100, 60, 60, -50, 10, 50], rate=0.1)
    # Cumulative: -100, -40, 20, -30, -20, 30: paid out in period 2, lost in 3, again in 5.
    assert result["payback_period"] == 2
    assert result["payback_lost_periods"] == [3]
    assert "negative again in period 3" in result["summary"]
    assert "pays out again in period 5" in result["summary"]
    economics = cash_flow_economics(
        ctx,
        oil_volumes=[10_000.0] * 6,
        oil_price=50.0,
        capex=[{"month": 0, "amount": 1_000_000}, {"month": 4, "amount": 800_000}],
        chart=False,
    )
    # Cumulative: -1.0MM, -0.5, 0.0, +0.5, +1.0 - 0.8 + 0.5 = +0.2 ... paid out in month 2.
    assert economics["payback_month"] == 2
    assert economics["payout_lost_months"] == []
    lost = cash_flow_economics(
        ctx,
        oil_volumes=[10_000.0] * 6,
        oil_price=50.0,
        capex=[{"month": 0, "amount": 1_000_000}, {"month": 4, "amount": 1_600_000}],
        chart=False,
    )
    # Cumulative: -1.0, -0.5, 0.0, 0.5, -0.6, -0.1, 0.4 (MM): lost in month 4, back in 6.
    assert lost["payback_month"] == 2
    assert lost["payout_lost_months"] == [4]
    assert lost["payout_regained_months"] == [6]
    assert "negative again in month 4" in lost["payout"]


def test_npv_irr_uses_numpy_financials_convention(ctx):
    flows = [-500, 200, 200, 200]
    result = npv_irr(ctx, cash_flows=flows, rate=0.08)
    assert result["npv"] == pytest.approx(npf.npv(0.08, flows), rel=1e-12)
    assert result["irr"] == pytest.approx(npf.irr(flows), rel=1e-9)
    assert result["payback_period"] == 3
    assert result["payback_fractional"] == pytest.approx(2.5)
    pv_in = 200 / 1.08 + 200 / 1.08**2 + 200 / 1.08**3
    assert result["profitability_index"] == pytest.approx(pv_in / 500)
    monthly = npv_irr(ctx, cash_flows=[-1000] + [100] * 12, rate=0.01, periods_per_year=12)
    assert monthly["irr_annual"] == pytest.approx((1 + npf.irr([-1000] + [100] * 12)) ** 12 - 1)
    none = npv_irr(ctx, cash_flows=[100, 100], rate=0.1)
    assert none["irr"] is None and "not defined" in none["summary"]


def test_a_break_even_question_needs_no_price(ctx):
    result = cash_flow_economics(ctx, breakeven_on="oil", **{**TERMS, "oil_price": None})
    assert result["breakeven_only"] is True
    price = result["breakeven_price"]
    flows = [-2_500_000.0] + [o * price - 9000.0 for o in OIL]
    assert abs(sum(f / 1.1 ** (m / 12) for m, f in enumerate(flows))) < 0.01
    # Each priced run gives both break-evens where both phases are sold.
    both = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gas_volumes=[3 * o for o in OIL],
        oil_price=35.0,
        gas_price=3.0,
        fixed_opex_per_month=9000.0,
        capex=[{"month": 0, "amount": 2_500_000.0}],
        chart=False,
    )
    oil_be = both["breakeven_prices"]["oil"]
    gas_be = both["breakeven_prices"]["gas"]
    at_oil = [-2_500_000.0] + [o * oil_be + 3 * o * 3.0 - 9000.0 for o in OIL]
    at_gas = [-2_500_000.0] + [o * 35.0 + 3 * o * gas_be - 9000.0 for o in OIL]
    assert abs(sum(f / 1.1 ** (m / 12) for m, f in enumerate(at_oil))) < 0.01
    assert abs(sum(f / 1.1 ** (m / 12) for m, f in enumerate(at_gas))) < 0.01
    # At $68 oil the well pays even with free gas: no gas break-even, and the answer says why.
    rich = cash_flow_economics(
        ctx, **{**TERMS, "gas_volumes": [3 * o for o in OIL], "gas_price": 3.0}
    )
    assert rich["breakeven_prices"]["gas"] is None
    assert "even at a $0 gas price" in rich["breakeven_notes"]["gas"]


def test_profitability_index_is_one_plus_npv_over_pv_of_capex(ctx):
    result = cash_flow_economics(
        ctx, **{**TERMS, "capex": [{"month": 0, "amount": 2e6}, {"month": 12, "amount": 5e5}]}
    )
    pv_capex = 2e6 + 5e5 / 1.1
    flows = [-2e6] + [o * 68.0 - 9000.0 for o in OIL]
    flows[12] -= 5e5
    npv = sum(f / 1.1 ** (m / 12) for m, f in enumerate(flows))
    assert result["pv_capex"] == pytest.approx(pv_capex)
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    assert result["profitability_index"] == pytest.approx(1 + npv / pv_capex, rel=1e-10)
