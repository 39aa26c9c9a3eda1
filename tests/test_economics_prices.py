"""Price decks, escalation, differentials, gas shrink and heating value, NGL, SEC pricing:
each against revenue written month by month in the test."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics
from agents.tools.registry import ToolError
from tests.factories import tool_context, upload_row


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def table_of(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def months_from(year: int, month: int, count: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(count):
        out.append((year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def test_a_deck_by_year_holds_each_price_and_the_last_one_after(ctx):
    oil = [1000.0] * 48
    result = cash_flow_economics(
        ctx,
        oil_volumes=oil,
        start_date="2026-07",
        price_deck={
            "oil": [
                {"year": 2027, "price": 75},
                {"year": 2028, "price": 70},
                {"year": 2029, "price": 65},
            ]
        },
        chart=False,
    )
    expected_prices = []
    for year, _month in months_from(2026, 7, 48):
        # 2026 comes before the deck: its first price is used (and said).
        expected_prices.append({2026: 75.0, 2027: 75.0, 2028: 70.0}.get(year, 65.0))
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["oil_price"][1:], expected_prices)
    npv = sum(1000.0 * p / 1.1 ** ((m + 1) / 12) for m, p in enumerate(expected_prices))
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    assert any("first price" in w for w in result["warnings"])
    deck = next(i for i in result["inputs"] if i["name"] == "oil_price_deck")
    assert deck["source"] == "stated"
    assert deck["value"] == "2027 $75.00/bbl, 2028 $70.00/bbl, 2029 $65.00/bbl, the last held flat"
    assert "the last held flat" in result["price_deck"]["oil"]


def test_escalation_applies_to_the_held_price_stepped_yearly(ctx):
    oil = [500.0] * 60
    result = cash_flow_economics(
        ctx,
        oil_volumes=oil,
        start_date="2027-01",
        price_deck={"oil": [{"year": 2027, "price": 80}, {"year": 2028, "price": 70}]},
        price_escalation=0.03,
        chart=False,
    )
    expected = []
    for year, _month in months_from(2027, 1, 60):
        expected.append(80.0 if year == 2027 else 70.0 * 1.03 ** (year - 2028))
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["oil_price"][1:], expected, rtol=1e-9)
    # A flat price escalates from the effective date: months 1-12 unescalated.
    flat = cash_flow_economics(
        ctx, oil_volumes=oil, oil_price=60.0, price_escalation=0.02, chart=False
    )
    npv = sum(500.0 * 60.0 * 1.02 ** (m // 12) / 1.1 ** ((m + 1) / 12) for m in range(60))
    assert flat["npv"] == pytest.approx(npv, rel=1e-10)


def test_a_monthly_deck_and_a_deck_in_project_years(ctx):
    gas = [10_000.0] * 30
    monthly = cash_flow_economics(
        ctx,
        gas_volumes=gas,
        start_date="2026-01",
        price_deck={
            "gas": [
                {"date": "2026-01", "price": 3.5},
                {"date": "2026-04", "price": 2.9},
                {"date": "2026-11", "price": 4.2},
            ]
        },
        chart=False,
    )
    prices = [3.5] * 3 + [2.9] * 7 + [4.2] * 20
    npv = sum(10_000.0 * p / 1.1 ** ((m + 1) / 12) for m, p in enumerate(prices))
    assert monthly["npv"] == pytest.approx(npv, rel=1e-10)
    years = cash_flow_economics(
        ctx,
        gas_volumes=gas,
        price_deck={"gas": [{"project_year": 1, "price": 3.0}, {"project_year": 2, "price": 3.4}]},
        chart=False,
    )
    prices = [3.0] * 12 + [3.4] * 18
    npv = sum(10_000.0 * p / 1.1 ** ((m + 1) / 12) for m, p in enumerate(prices))
    assert years["npv"] == pytest.approx(npv, rel=1e-10)
    with pytest.raises(ToolError, match="no dates"):
        cash_flow_economics(
            ctx, gas_volumes=gas, price_deck={"gas": [{"year": 2027, "price": 3}]}, chart=False
        )


def test_an_uploaded_price_deck_is_read_by_its_columns(ctx):
    deck = b"Year,WTI ($/bbl),Henry Hub ($/MMBtu)\n2026,72,3.40\n2027,70,3.60\n2028,68,3.75\n"
    deck_row = upload_row(ctx, "deck.csv", deck).rowid
    result = cash_flow_economics(
        ctx,
        oil_volumes=[800.0] * 36,
        gas_volumes=[2400.0] * 36,
        start_date="2026-01",
        price_deck_rowid=deck_row,
        gas_heating_value=1.1,
        chart=False,
    )
    oil_prices = [72.0] * 12 + [70.0] * 12 + [68.0] * 12
    gas_prices = [3.40] * 12 + [3.60] * 12 + [3.75] * 12
    npv = sum(
        (800.0 * o + 2400.0 * g * 1.1) / 1.1 ** ((m + 1) / 12)
        for m, (o, g) in enumerate(zip(oil_prices, gas_prices, strict=True))
    )
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    sources = {i["name"]: i for i in result["inputs"]}
    assert sources["oil_price_deck"]["source"] == "file"
    assert f"'deck.csv' (running-table row {deck_row})" in sources["oil_price_deck"]["detail"]
    assert "WTI" in sources["oil_price_deck"]["detail"]
    assert sources["gas_heating_value"]["source"] == "stated"


def test_differentials_fixed_and_percent_of_the_benchmark(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=[1000.0, 900.0],
        gas_volumes=[3000.0, 2800.0],
        oil_price=75.0,
        oil_differential=-2.5,
        oil_differential_pct=-0.04,
        gas_price=3.0,
        gas_differential=-0.45,
        chart=False,
    )
    oil_realised = 75.0 * (1 - 0.04) - 2.5
    gas_realised = 3.0 - 0.45
    table = table_of(ctx, result["cash_flow_rowid"])
    assert table["oil_price_realised"][1] == pytest.approx(oil_realised)
    assert table["gas_price_realised"][1] == pytest.approx(gas_realised)
    revenue = (1000 + 900) * oil_realised + (3000 + 2800) * gas_realised
    assert result["totals"]["net_revenue"] == pytest.approx(revenue)


def test_gas_shrink_and_a_price_per_mmbtu_with_its_heating_value(ctx):
    gas = [20_000.0, 18_000.0, 16_500.0]
    result = cash_flow_economics(
        ctx,
        gas_volumes=gas,
        gas_price=3.2,
        gas_price_unit="mmbtu",
        gas_heating_value=1.08,
        gas_differential=-0.30,
        gas_shrink=0.06,
        gas_opex_per_mcf=0.40,
        chart=False,
    )
    flows = [g * (1 - 0.06) * 1.08 * (3.2 - 0.30) - 0.40 * g for g in gas]
    npv = sum(f / 1.1 ** ((m + 1) / 12) for m, f in enumerate(flows))
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    assert result["totals"]["sales_gas_mcf"] == pytest.approx(sum(gas) * 0.94)
    default = cash_flow_economics(
        ctx, gas_volumes=gas, gas_price=3.2, gas_price_unit="mmbtu", chart=False
    )
    assert default["totals"]["gas_revenue"] == pytest.approx(sum(gas) * 1.026 * 3.2)
    assert any("1.026 MMBtu/Mcf" in a for a in default["assumptions"])


def test_ngl_from_a_yield_priced_as_a_share_of_oil(ctx):
    oil = [1500.0, 1300.0, 1100.0]
    gas = [6000.0, 5400.0, 4800.0]
    result = cash_flow_economics(
        ctx,
        oil_volumes=oil,
        gas_volumes=gas,
        oil_price=70.0,
        gas_price=2.5,
        gas_shrink=0.15,
        ngl_yield_bbl_per_mmcf=90.0,
        ngl_price_pct_of_oil=0.32,
        royalty=0.2,
        chart=False,
    )
    ngl = [g / 1000 * 90.0 for g in gas]
    revenue = 0.8 * sum(
        o * 70.0 + g * 0.85 * 2.5 + n * 70.0 * 0.32 for o, g, n in zip(oil, gas, ngl, strict=True)
    )
    assert result["totals"]["net_revenue"] == pytest.approx(revenue)
    assert result["totals"]["ngl_bbl"] == pytest.approx(sum(ngl))
    assert result["totals"]["ngl_revenue"] == pytest.approx(0.8 * sum(ngl) * 70.0 * 0.32)
    assert result["net_eur"]["ngl_bbl"] == pytest.approx(0.8 * sum(ngl))


def daily_strip(year: int) -> pd.DataFrame:
    """A year of weekday prices: the price of a day is 60 + month + day / 100."""
    days = pd.bdate_range(f"{year}-01-01", f"{year}-12-31")
    return pd.DataFrame(
        {
            "Date": days.strftime("%Y-%m-%d"),
            "WTI": [60 + d.month + d.day / 100 for d in days],
            "Henry Hub": [2 + d.month / 10 + d.day / 1000 for d in days],
        }
    )


def test_sec_prices_are_the_average_of_the_first_trading_day_of_twelve_months(ctx):
    strip = daily_strip(2024)
    rowid = upload_row(ctx, "strip.csv", strip.to_csv(index=False).encode()).rowid
    # The first weekday of each month of 2024 (1 Jan is a Monday, 1 Jun a Saturday, ...).
    firsts = [pd.bdate_range(f"2024-{m:02d}-01", periods=1)[0] for m in range(1, 13)]
    oil_sec = sum(60 + d.month + d.day / 100 for d in firsts) / 12
    gas_sec = sum(2 + d.month / 10 + d.day / 1000 for d in firsts) / 12
    oil = [1200.0 * 0.97**k for k in range(36)]
    gas = [2000.0 * 0.97**k for k in range(36)]
    result = cash_flow_economics(
        ctx,
        oil_volumes=oil,
        gas_volumes=gas,
        start_date="2025-01",
        pricing="sec",
        sec_strip_rowid=rowid,
        fixed_opex_per_month=3000.0,
        opex_escalation=0.03,
        price_escalation=0.02,
        discount_rate=0.12,
        chart=False,
    )
    inputs = {i["name"]: i for i in result["inputs"]}
    assert inputs["oil_price"]["value"] == pytest.approx(oil_sec, rel=1e-9)
    assert inputs["gas_price"]["value"] == pytest.approx(gas_sec, rel=1e-9)
    assert inputs["oil_price"]["source"] == "derived"
    assert "2024-06-03" in inputs["oil_price"]["detail"]  # June 1st 2024 was a Saturday
    flows = [o * oil_sec + g * gas_sec - 3000.0 for o, g in zip(oil, gas, strict=True)]
    npv = sum(f / 1.10 ** ((m + 1) / 12) for m, f in enumerate(flows))
    assert result["discount_rate"] == 0.10
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    unused = {u["name"] for u in result["not_used"]}
    assert {"opex_escalation", "price_escalation", "discount_rate"} <= unused


def test_sec_prices_from_twelve_prices_given_inline(ctx):
    prices = [71.2, 74.5, 78.1, 82.6, 79.0, 77.3, 81.9, 76.4, 69.8, 71.0, 68.2, 70.7]
    result = cash_flow_economics(
        ctx,
        oil_volumes=[1000.0] * 12,
        start_date="2025-01",
        pricing="sec",
        sec_strip={"oil": prices},
        chart=False,
    )
    average = sum(prices) / 12
    assert result["terms"]["oil_price"] == pytest.approx(average)
    npv = sum(1000.0 * average / 1.1 ** ((m + 1) / 12) for m in range(12))
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    with pytest.raises(ToolError, match="exactly 12"):
        cash_flow_economics(
            ctx,
            oil_volumes=[1000.0] * 12,
            start_date="2025-01",
            pricing="sec",
            sec_strip={"oil": prices[:11]},
            chart=False,
        )
    with pytest.raises(ToolError, match="no price in 2024-03"):
        gap = daily_strip(2024)
        gap = gap[~gap["Date"].str.startswith("2024-03")]
        rowid = upload_row(ctx, "gap.csv", gap.to_csv(index=False).encode()).rowid
        cash_flow_economics(
            ctx,
            oil_volumes=[1000.0] * 12,
            start_date="2025-01",
            pricing="sec",
            sec_strip_rowid=rowid,
            chart=False,
        )
