"""The tornado (price, opex, capex, volumes) and NPV against price, with their charts."""

from __future__ import annotations

import pytest

from agents.tools.economics import cash_flow_economics
from tests.factories import tool_context


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


OIL = [3500.0 * 0.95**k for k in range(36)]
GAS = [2.0 * o for o in OIL]


def hand_npv(*, price=1.0, opex=1.0, capex=1.0, volume=1.0, oil_price=65.0) -> float:
    npv = -1_800_000.0 * capex
    for month, (oil, gas) in enumerate(zip(OIL, GAS, strict=True), start=1):
        oil, gas = oil * volume, gas * volume
        revenue = 0.8 * (oil * oil_price * price + gas * 2.5 * price)
        costs = (7000.0 + 2.0 * oil) * opex
        npv += (revenue - costs) / 1.1 ** (month / 12)
    return npv


def run(ctx, **extra):
    return cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gas_volumes=GAS,
        oil_price=65.0,
        gas_price=2.5,
        royalty=0.2,
        fixed_opex_per_month=7000.0,
        oil_opex_per_bbl=2.0,
        capex=[{"month": 0, "amount": 1_800_000.0}],
        truncate_at_economic_limit=False,
        **extra,
    )


def test_the_tornado_moves_price_opex_capex_and_volumes_twenty_percent(ctx):
    result = run(ctx, chart=False)
    cases = {(c["variable"], round(c["change"], 6)): c["npv"] for c in result["sensitivities"]}
    assert set(cases) == {
        (v, s) for v in ("price", "opex", "capex", "volumes") for s in (-0.2, 0.2)
    }
    for sign in (-0.2, 0.2):
        assert cases[("price", sign)] == pytest.approx(hand_npv(price=1 + sign), rel=1e-10)
        assert cases[("opex", sign)] == pytest.approx(hand_npv(opex=1 + sign), rel=1e-10)
        assert cases[("capex", sign)] == pytest.approx(hand_npv(capex=1 + sign), rel=1e-10)
        assert cases[("volumes", sign)] == pytest.approx(hand_npv(volume=1 + sign), rel=1e-10)
    assert result["npv"] == pytest.approx(hand_npv(), rel=1e-10)
    wider = run(ctx, chart=False, sensitivity=0.3)
    assert {round(c["change"], 6) for c in wider["sensitivities"]} == {-0.3, 0.3}


def test_npv_against_a_flat_oil_price_crosses_zero_at_the_break_even(ctx):
    result = run(ctx, chart=False)
    points = result["npv_vs_price"]
    assert result["npv_vs_price_product"] == "oil"
    assert len(points) >= 11
    for point in points:
        assert point["npv"] == pytest.approx(hand_npv(oil_price=point["price"]), rel=1e-9)
    breakeven = result["breakeven_prices"]["oil"]
    assert hand_npv(oil_price=breakeven) == pytest.approx(0.0, abs=0.01)
    assert points[0]["price"] <= breakeven <= points[-1]["price"]


def test_the_tornado_and_npv_price_charts_are_saved_as_rows(ctx):
    result = run(ctx, charts=["cash_flow", "tornado", "npv_vs_price"])
    for key in ("chart_rowid", "tornado_chart_rowid", "npv_price_chart_rowid"):
        row = ctx.conversation.rows.get(rowid=result[key])
        assert row.type == "chart"
        with row.file.open("rb") as handle:
            assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    tornado = ctx.conversation.rows.get(rowid=result["tornado_chart_rowid"])
    assert tornado.data["kind"] == "tornado"
    assert "tornado" in tornado.description
