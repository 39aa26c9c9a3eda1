"""Working and net revenue interests, royalties and overrides, reversion at payout."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics
from tests.factories import tool_context


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def table_of(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


OIL = [5000.0 * 0.95**k for k in range(48)]
PRICE = 70.0
OPEX = 6000.0
CAPEX = 1_500_000.0


def test_nri_from_royalty_and_an_override_and_costs_at_the_wi(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL[:6],
        oil_price=PRICE,
        working_interest=0.5,
        royalty=0.125,
        overriding_royalty=0.03,
        fixed_opex_per_month=OPEX,
        capex=[{"month": 0, "amount": 200_000}],
        chart=False,
    )
    nri = 0.5 * (1 - 0.125 - 0.03)
    flows = [-0.5 * 200_000] + [o * PRICE * nri - 0.5 * OPEX for o in OIL[:6]]
    npv = sum(f / 1.1 ** (m / 12) for m, f in enumerate(flows))
    assert result["npv"] == pytest.approx(npv, rel=1e-12)
    derived = next(i for i in result["inputs"] if i["name"] == "net_revenue_interest")
    assert derived["source"] == "derived" and derived["value"] == pytest.approx(nri)


def hand_reversion(bpo: tuple[float, float], apo: tuple[float, float], *, split: bool):
    """Month-by-month flows with the interests reverting after payout."""
    wi, nri = bpo
    cumulative = -CAPEX * wi
    flows = [cumulative]
    payout = None
    share = 1.0
    for month, oil in enumerate(OIL, start=1):
        before = oil * PRICE * bpo[1] - OPEX * bpo[0]
        after = oil * PRICE * apo[1] - OPEX * apo[0]
        if payout is None:
            flow = before
            if cumulative + before >= 0:
                payout = month
                if split:
                    share = -cumulative / before
                    flow = share * before + (1 - share) * after
        else:
            flow = after
        cumulative += flow
        flows.append(flow)
    del wi, nri
    return flows, payout, share


def test_nri_reverts_the_month_after_cumulative_cash_flow_turns_positive(ctx):
    # "WI 100%, NRI 80% reverting to 75% after payout"
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        oil_price=PRICE,
        working_interest=1.0,
        net_revenue_interest=0.80,
        after_payout={"net_revenue_interest": 0.75},
        fixed_opex_per_month=OPEX,
        capex=[{"month": 0, "amount": CAPEX}],
        truncate_at_economic_limit=False,
        chart=False,
    )
    flows, payout, _ = hand_reversion((1.0, 0.80), (1.0, 0.75), split=False)
    assert payout is not None and 5 < payout < 30
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["net_cash_flow"], flows, rtol=1e-9)
    changed = table.loc[table["net_revenue_interest"] < 0.8, "month"].min()
    assert changed == payout + 1
    assert result["payback_month"] == payout
    assert result["npv"] == pytest.approx(
        sum(f / 1.1 ** (m / 12) for m, f in enumerate(flows)), rel=1e-10
    )
    assert any("reversion at payout" in c for c in result["conventions"])


def test_a_working_interest_reversion_scales_the_nri_and_the_costs(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        oil_price=PRICE,
        working_interest=1.0,
        royalty=0.2,
        after_payout={"working_interest": 0.75},
        fixed_opex_per_month=OPEX,
        capex=[{"month": 0, "amount": CAPEX}],
        truncate_at_economic_limit=False,
        chart=False,
    )
    flows, payout, _ = hand_reversion((1.0, 0.8), (0.75, 0.6), split=False)
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["net_cash_flow"], flows, rtol=1e-9)
    after = next(i for i in result["inputs"] if i["name"] == "nri_after_payout")
    assert after["source"] == "derived" and after["value"] == pytest.approx(0.6)
    assert table["working_interest"].iloc[payout + 1] == pytest.approx(0.75)


def test_split_month_reversion_prorates_the_payout_month(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        oil_price=PRICE,
        net_revenue_interest=0.80,
        after_payout={"net_revenue_interest": 0.70},
        reversion_timing="split_month",
        fixed_opex_per_month=OPEX,
        capex=[{"month": 0, "amount": CAPEX}],
        truncate_at_economic_limit=False,
        chart=False,
    )
    flows, payout, share = hand_reversion((1.0, 0.80), (1.0, 0.70), split=True)
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["net_cash_flow"], flows, rtol=1e-9)
    # The payout month is part before payout (the share that reaches it), part after.
    assert 0 < share < 1
    nri = table["net_revenue_interest"].iloc[payout]
    assert nri == pytest.approx(share * 0.80 + (1 - share) * 0.70, rel=1e-9)
    assert table["net_revenue_interest"].iloc[payout + 1] == pytest.approx(0.70)
