"""Many wells: one line per well, totals that are the sum of the wells, reserves categories
and risk factors."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics
from tests.factories import tool_context, upload_row


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def table_of(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


WELLS = {
    # name: (first month, initial oil bbl/month, monthly decline, gas-oil ratio Mcf/bbl)
    "Hawkins 1H": ("2026-01", 6000.0, 0.06, 1.2),
    "Hawkins 2H": ("2026-04", 5200.0, 0.05, 1.5),
    "Ward 3": ("2026-09", 1500.0, 0.03, 0.8),
}
MONTHS = 60
TERMS = dict(
    oil_price=70.0,
    gas_price=2.75,
    royalty=0.1875,
    severance_tax_oil=0.046,
    severance_tax_gas=0.075,
    fixed_opex_per_month=6500.0,
    oil_opex_per_bbl=3.0,
    capex=[{"amount": 1_200_000.0}],
    abandonment_cost=80_000.0,
    chart=False,
)


def forecast_csv() -> bytes:
    lines = ["well,date,segment,oil_bbl,gas_mcf"]
    for name, (start, qi, decline, gor) in WELLS.items():
        for k, period in enumerate(pd.period_range(start, periods=MONTHS, freq="M")):
            oil = qi * (1 - decline) ** k
            lines.append(f"{name},{period.start_time:%Y-%m-%d},forecast,{oil:.6f},{oil * gor:.6f}")
    return "\n".join(lines).encode()


def hand_well(start: str, qi: float, decline: float, gor: float) -> tuple[dict[int, float], float]:
    """The well's cash flow by month from 2026-01 (month 1), with its own economic limit."""
    offset = int((pd.Period(start, "M") - pd.Period("2026-01", "M")).n)
    nri = 1 - 0.1875
    operating = []
    for k in range(MONTHS):
        oil = qi * (1 - decline) ** k
        gas = oil * gor
        revenue = oil * 70.0 * nri + gas * 2.75 * nri
        severance = 0.046 * oil * 70.0 * nri + 0.075 * gas * 2.75 * nri
        operating.append(revenue - severance - 6500.0 - 3.0 * oil)
    life = next((k for k, op in enumerate(operating) if op < 0), MONTHS)
    flows = {offset: -1_200_000.0}  # spent the month before first production
    for k in range(life):
        flows[offset + 1 + k] = flows.get(offset + 1 + k, 0.0) + operating[k]
    flows[offset + life] = flows.get(offset + life, 0.0) - 80_000.0
    npv = sum(f / 1.1 ** (m / 12) for m, f in flows.items())
    return flows, npv


def test_one_line_per_well_and_a_total_that_is_their_sum(ctx):
    rowid = upload_row(ctx, "wells.csv", forecast_csv()).rowid
    result = cash_flow_economics(ctx, forecast_rowid=rowid, **TERMS)
    assert result["wells"] == 3
    lines = table_of(ctx, result["one_line_rowid"])
    by_well = lines.set_index("well")
    hand = {name: hand_well(*spec) for name, spec in WELLS.items()}
    for name, (_, npv) in hand.items():
        assert by_well.loc[name, "npv10"] == pytest.approx(npv, rel=1e-8)
    total = by_well.loc["Total"]
    for column in ("gross_oil_bbl", "net_gas_mcf", "net_revenue", "opex", "capex", "npv10"):
        assert total[column] == pytest.approx(by_well.loc[list(WELLS), column].sum(), rel=1e-9)
    assert result["npv"] == pytest.approx(sum(npv for _, npv in hand.values()), rel=1e-9)
    # The project's IRR and payout come from the summed monthly cash flow.
    summed: dict[int, float] = {}
    for flows, _ in hand.values():
        for m, f in flows.items():
            summed[m] = summed.get(m, 0.0) + f
    series = [summed.get(m, 0.0) for m in range(max(summed) + 1)]
    irr = result["irr_annual"]
    assert abs(sum(f / (1 + irr) ** (m / 12) for m, f in enumerate(series))) < 1e-2
    cumulative = np.cumsum(series)
    first_negative = int(np.argmax(cumulative < 0))
    assert result["payback_month"] == first_negative + int(
        np.argmax(cumulative[first_negative:] >= 0)
    )
    # The monthly row is the project's: the wells' cash flows month by month.
    monthly = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(monthly["net_cash_flow"], series, rtol=1e-8, atol=1e-3)
    # Each well alone, discounted to the same effective date, gives its own line's figures.
    alone = cash_flow_economics(
        ctx, forecast_rowid=rowid, well="hawkins 2h", effective_date="2026-01", **TERMS
    )
    assert alone["npv"] == pytest.approx(by_well.loc["Hawkins 2H", "npv10"], rel=1e-9)
    assert alone["one_line_rowid"] is None


def test_reserves_categories_and_risk_factors_apply_to_the_totals(ctx):
    rowid = upload_row(ctx, "wells.csv", forecast_csv()).rowid
    result = cash_flow_economics(
        ctx,
        forecast_rowid=rowid,
        wells=[
            {"well": "Hawkins 1H", "category": "PDP"},
            {"well": "Hawkins 2H", "category": "PUD"},
            {"well": "Ward 3", "category": "PDNP", "risk_factor": 0.9},
        ],
        risk_factors={"PUD": 0.5},
        **TERMS,
    )
    lines = table_of(ctx, result["one_line_rowid"]).set_index("well")
    npv = {name: hand_well(*spec)[1] for name, spec in WELLS.items()}
    assert lines.loc["Total PUD", "npv10"] == pytest.approx(npv["Hawkins 2H"], rel=1e-8)
    assert lines.loc["Total", "npv10"] == pytest.approx(sum(npv.values()), rel=1e-8)
    risked = npv["Hawkins 1H"] + 0.5 * npv["Hawkins 2H"] + 0.9 * npv["Ward 3"]
    assert lines.loc["Total risked", "npv10"] == pytest.approx(risked, rel=1e-8)
    assert lines.loc["Ward 3", "risk_factor"] == 0.9
    assert lines.loc["Hawkins 2H", "category"] == "PUD"


def test_per_well_interests_and_an_unknown_well_name_is_reported(ctx):
    rowid = upload_row(ctx, "wells.csv", forecast_csv()).rowid
    result = cash_flow_economics(
        ctx,
        forecast_rowid=rowid,
        wells=[
            {"well": "Ward 3", "working_interest": 0.5, "net_revenue_interest": 0.4},
            {"well": "Hawkins 9H", "category": "PUD"},
        ],
        **TERMS,
    )
    lines = table_of(ctx, result["one_line_rowid"]).set_index("well")
    assert lines.loc["Ward 3", "working_interest"] == 0.5
    assert lines.loc["Ward 3", "net_revenue_interest"] == 0.4
    assert any(u["value"] == "Hawkins 9H" for u in result["not_used"])


def test_fixed_opex_is_charged_per_well(ctx):
    csv = "well,date,oil_bbl\n" + "\n".join(
        f"{w},2026-{m:02d}-01,1000" for w in ("A", "B") for m in range(1, 4)
    )
    rowid = upload_row(ctx, "two.csv", csv.encode()).rowid
    result = cash_flow_economics(
        ctx, forecast_rowid=rowid, oil_price=50.0, fixed_opex_per_month=10_000.0, chart=False
    )
    assert result["totals"]["opex"] == pytest.approx(2 * 3 * 10_000.0)


def test_a_basin_is_spread_over_the_job_workers_and_adds_up_to_its_wells(ctx):
    from agents.tools.economics.project import FAN_OUT_WELLS
    from tests.corpus.economics_reference import Terms, monthly, npv

    count = FAN_OUT_WELLS + 23
    rng = np.random.default_rng(11)
    specs = {
        f"W-{k:03d}": (float(rng.uniform(1500, 6000)), float(rng.uniform(0.02, 0.08)))
        for k in range(count)
    }
    lines = ["well,date,oil_bbl,gas_mcf"]
    for name, (qi, decline) in specs.items():
        for k, period in enumerate(pd.period_range("2026-01", periods=48, freq="M")):
            oil = qi * (1 - decline) ** k
            lines.append(f"{name},{period.start_time:%Y-%m-%d},{oil!r},{2 * oil!r}")
    rowid = upload_row(ctx, "basin.csv", "\n".join(lines).encode()).rowid
    result = cash_flow_economics(
        ctx,
        forecast_rowid=rowid,
        oil_price=65.0,
        gas_price=2.5,
        royalty=0.2,
        fixed_opex_per_month=7000.0,
        capex=[{"amount": 900_000.0}],
        wells=[{"well": "W-000", "category": "PUD", "risk_factor": 0.5}],
        chart=False,
    )
    terms = Terms(oil=65.0, gas=2.5, royalty=0.2, fixed=7000.0, capex=[(0, 900_000.0)])
    hand = {}
    for name, (qi, decline) in specs.items():
        oil = [qi * (1 - decline) ** k for k in range(48)]
        hand[name] = npv(terms, monthly(terms, oil, [2 * o for o in oil], (2026, 1)))
    assert result["wells"] == count
    assert result["npv"] == pytest.approx(sum(hand.values()), rel=1e-9)
    table = table_of(ctx, result["one_line_rowid"]).set_index("well")
    for name in ("W-000", "W-017", f"W-{count - 1:03d}"):
        assert table.loc[name, "npv10"] == pytest.approx(hand[name], rel=1e-8)
    assert table.loc["Total", "npv10"] == pytest.approx(sum(hand.values()), rel=1e-9)
    risked = sum(hand.values()) - 0.5 * hand["W-000"]
    assert table.loc["Total risked", "npv10"] == pytest.approx(risked, rel=1e-9)
    assert table.loc["Total PUD", "npv10"] == pytest.approx(hand["W-000"], rel=1e-8)
    assert any("job workers" in w for w in result["warnings"])
    assert any(i["name"] == "royalty" and i["source"] == "stated" for i in result["inputs"])
