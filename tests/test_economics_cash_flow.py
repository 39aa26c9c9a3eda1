"""The monthly cash flow against one written month by month in the test, with plain loops."""

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


OIL = [3000.0, 2600.0, 2250.0, 1950.0, 1700.0, 1480.0, 1290.0, 1120.0, 980.0, 850.0]
GAS = [4500.0, 4000.0, 3500.0, 3100.0, 2700.0, 2400.0, 2100.0, 1850.0, 1600.0, 1400.0]
WATER = [900.0, 950.0, 1000.0, 1050.0, 1100.0, 1150.0, 1200.0, 1250.0, 1300.0, 1350.0]


def hand_operating(month_volumes, *, oil_price, gas_price, nri, wi, sev_oil, sev_gas, adval,
                   fixed, oil_opex, gas_opex, water_opex):  # fmt: skip
    """Operating cash flow of each month, written out term by term."""
    out = []
    for oil, gas, water in month_volumes:
        oil_revenue = oil * oil_price * nri
        gas_revenue = gas * gas_price * nri
        severance = oil_revenue * sev_oil + gas_revenue * sev_gas
        ad_valorem = (oil_revenue + gas_revenue - severance) * adval
        opex = wi * (fixed + oil * oil_opex + gas * gas_opex + water * water_opex)
        out.append(oil_revenue + gas_revenue - severance - ad_valorem - opex)
    return out


def test_oil_and_gas_with_taxes_opex_capex_and_abandonment_month_by_month(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gas_volumes=GAS,
        water_volumes=WATER,
        oil_price=72.0,
        oil_differential=-4.0,
        gas_price=2.8,
        working_interest=0.75,
        royalty=0.1875,
        severance_tax_oil=0.046,
        severance_tax_gas=0.075,
        ad_valorem_tax=0.02,
        fixed_opex_per_month=9500.0,
        oil_opex_per_bbl=4.25,
        gas_opex_per_mcf=0.55,
        water_opex_per_bbl=0.85,
        capex=[{"month": 0, "amount": 900_000.0}],
        abandonment_cost=60_000.0,
        chart=False,
    )
    nri = 0.75 * (1 - 0.1875)
    operating = hand_operating(
        zip(OIL, GAS, WATER, strict=True),
        oil_price=68.0,
        gas_price=2.8,
        nri=nri,
        wi=0.75,
        sev_oil=0.046,
        sev_gas=0.075,
        adval=0.02,
        fixed=9500.0,
        oil_opex=4.25,
        gas_opex=0.55,
        water_opex=0.85,
    )
    assert all(op > 0 for op in operating)  # no economic limit inside the forecast
    expected = [-900_000.0 * 0.75, *operating]
    expected[-1] -= 60_000.0 * 0.75
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["net_cash_flow"], expected, rtol=1e-9)  # CSV: 10 digits
    npv = sum(flow / 1.10 ** (month / 12) for month, flow in enumerate(expected))
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    gas_revenue = sum(g * 2.8 * nri for g in GAS)
    assert result["totals"]["gas_revenue"] == pytest.approx(gas_revenue, rel=1e-12)
    np.testing.assert_allclose(table["gas_revenue"][1:], [g * 2.8 * nri for g in GAS])
    assert result["totals"]["net_gas_mcf"] == pytest.approx(sum(GAS) * nri)
    assert result["net_eur"]["oil_bbl"] == pytest.approx(sum(OIL) * nri)
    assert result["economic_life_months"] == 10
    assert result["tax_basis"] == "before income tax"
    assert any("end of each month" in c for c in result["conventions"])


def test_gas_revenue_is_counted_from_a_forecast_table_with_gas_and_a_gas_price(ctx):
    csv = "date,oil_bbl,gas_mcf\n" + "\n".join(
        f"2026-{m:02d}-01,{o},{g}" for m, (o, g) in enumerate(zip(OIL, GAS, strict=True), start=1)
    )
    rowid = upload_row(ctx, "forecast.csv", csv.encode()).rowid
    result = cash_flow_economics(
        ctx, forecast_rowid=rowid, oil_price=70.0, gas_price=3.1, chart=False
    )
    assert result["totals"]["gas_revenue"] == pytest.approx(sum(GAS) * 3.1)
    assert result["totals"]["oil_revenue"] == pytest.approx(sum(OIL) * 70.0)
    assert result["effective_date"] == "2026-01"
    # The same forecast without a gas price is not valued as if the gas were free.
    with pytest.raises(ToolError, match="gas production but no gas price"):
        cash_flow_economics(ctx, forecast_rowid=rowid, oil_price=70.0, chart=False)
    # Unless the analyst says it is not sold.
    flared = cash_flow_economics(
        ctx, forecast_rowid=rowid, oil_price=70.0, not_sold=["gas"], chart=False
    )
    assert flared["totals"]["gas_revenue"] == 0
    assert any("not sold" in w for w in flared["warnings"])


def test_gas_is_made_from_oil_by_a_stated_gor_and_then_valued(ctx):
    result = cash_flow_economics(
        ctx, oil_volumes=OIL, gor_scf_per_bbl=1500, oil_price=70, gas_price=3, chart=False
    )
    assert result["totals"]["gas_mcf"] == pytest.approx(sum(OIL) * 1.5)
    assert result["totals"]["gas_revenue"] == pytest.approx(sum(OIL) * 1.5 * 3)
    gor = next(i for i in result["inputs"] if i["name"] == "gor_scf_per_bbl")
    assert gor["source"] == "stated" and gor["value"] == 1500


def test_the_life_ends_before_the_first_month_whose_operating_cash_flow_is_negative(ctx):
    oil = [900.0, 600.0, 400.0, 120.0, 260.0, 80.0, 40.0]
    terms = dict(oil_price=60.0, fixed_opex_per_month=8000.0, oil_opex_per_bbl=5.0)
    operating = [o * 60.0 - 8000.0 - 5.0 * o for o in oil]
    # Month 4 is the first negative one (120 bbl: 6,600 - 8,000 - 600 < 0).
    assert [op < 0 for op in operating] == [False, False, False, True, False, True, True]
    result = cash_flow_economics(
        ctx, oil_volumes=oil, abandonment_cost=25_000.0, chart=False, **terms
    )
    table = table_of(ctx, result["cash_flow_rowid"])
    assert list(table["month"]) == [0, 1, 2, 3]
    assert result["economic_life_months"] == 3
    np.testing.assert_allclose(
        table["net_cash_flow"], [0.0, operating[0], operating[1], operating[2] - 25_000.0]
    )
    assert any("first turns negative" in a for a in result["assumptions"])
    # ARIES' other reading: stop after the last positive month (month 5), keeping month 4.
    last = cash_flow_economics(
        ctx, oil_volumes=oil, economic_limit="last_positive", chart=False, **terms
    )
    assert last["economic_life_months"] == 5
    assert last["npv"] == pytest.approx(
        sum(op / 1.1 ** ((m + 1) / 12) for m, op in enumerate(operating[:5])), rel=1e-10
    )
    whole = cash_flow_economics(
        ctx, oil_volumes=oil, truncate_at_economic_limit=False, chart=False, **terms
    )
    assert whole["economic_life_months"] == 7


def test_an_escalating_opex_brings_the_economic_limit_forward(ctx):
    oil = [1000.0] * 60
    result = cash_flow_economics(
        ctx,
        oil_volumes=oil,
        oil_price=30.0,
        fixed_opex_per_month=20_000.0,
        opex_escalation=0.25,
        chart=False,
    )
    # Month m (1-based) costs 20,000 x 1.25^floor((m-1)/12); revenue is 30,000 a month:
    # years 1 and 2 pay (20,000 and 25,000), year 3 does not (31,250 > 30,000).
    life = None
    for m in range(1, 61):
        opex = 20_000.0 * 1.25 ** ((m - 1) // 12)
        if 30_000.0 - opex < 0:
            life = m - 1
            break
    assert life == 24
    assert result["economic_life_months"] == life
    expected = sum(
        (30_000.0 - 20_000.0 * 1.25 ** ((m - 1) // 12)) / 1.1 ** (m / 12) for m in range(1, 25)
    )
    assert result["npv"] == pytest.approx(expected, rel=1e-10)


def test_capex_on_dates_with_an_effective_date_before_first_production(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        start_date="2026-04",
        effective_date="2026-01",
        oil_price=70.0,
        capex=[
            {"date": "2026-01", "amount": 3_000_000, "label": "drill"},
            {"date": "2026-03", "amount": 4_000_000, "label": "complete"},
            {"month": 0, "amount": 500_000, "label": "lease"},
        ],
        chart=False,
    )
    table = table_of(ctx, result["cash_flow_rowid"])
    # Month 1 is January 2026; production starts in month 4 (April).
    assert table.loc[table["month"] == 1, "capex"].item() == 3_000_000
    assert table.loc[table["month"] == 3, "capex"].item() == 4_000_000
    assert table.loc[table["month"] == 0, "capex"].item() == 500_000
    assert table.loc[table["month"] == 4, "oil_bbl"].item() == OIL[0]
    assert table.loc[table["month"] == 4, "date"].item() == "2026-04-01"
    flows = {0: -500_000.0, 1: -3_000_000.0, 3: -4_000_000.0}
    for k, oil in enumerate(OIL):
        flows[4 + k] = flows.get(4 + k, 0.0) + oil * 70.0
    npv = sum(flow / 1.1 ** (m / 12) for m, flow in flows.items())
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
    with pytest.raises(ToolError, match="sunk"):
        cash_flow_economics(
            ctx,
            oil_volumes=OIL,
            start_date="2026-04",
            oil_price=70.0,
            capex=[{"date": "2025-12", "amount": 1}],
            chart=False,
        )


def test_capex_with_no_month_is_spent_the_month_before_first_production(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        start_date="2026-07",
        effective_date="2026-01",
        oil_price=70.0,
        capex=[{"amount": 1_000_000}],
        chart=False,
    )
    table = table_of(ctx, result["cash_flow_rowid"])
    # Production starts in month 7; the capex falls in month 6.
    assert table.loc[table["capex"] != 0, "month"].tolist() == [6]


def test_a_run_with_no_volumes_says_so_instead_of_printing_zero(ctx):
    with pytest.raises(ToolError, match="no oil, gas or NGL volumes"):
        cash_flow_economics(ctx, oil_volumes=[0, 0, 0], oil_price=70, chart=False)
    rowid = upload_row(
        ctx, "empty.csv", b"date,oil_bbl,gas_mcf\n2026-01-01,0,0\n2026-02-01,0,0\n"
    ).rowid
    with pytest.raises(ToolError, match="nothing to value"):
        cash_flow_economics(ctx, forecast_rowid=rowid, oil_price=70, chart=False)


def test_a_well_uneconomic_from_its_first_month_is_said(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=[50.0, 40.0],
        oil_price=60.0,
        fixed_opex_per_month=10_000.0,
        capex=[{"month": 0, "amount": 100_000}],
        chart=False,
    )
    assert result["economic_life_months"] == 0
    assert result["npv"] == pytest.approx(-100_000.0)
    assert any("uneconomic" in w for w in result["warnings"])


def test_a_forecast_row_from_the_decline_tool_is_read_by_its_columns(ctx):
    from agents.tools.production import forecast_decline

    forecast = forecast_decline(
        ctx,
        qi=500,
        decline=0.4,
        decline_convention="nominal",
        horizon_years=3,
        start_date="2026-01",
    )
    produced = table_of(ctx, forecast["forecast_rowid"])
    oil_column = next(c for c in produced.columns if c.startswith("oil") and "cum" not in c)
    volumes = produced[oil_column].to_numpy(float)
    result = cash_flow_economics(
        ctx, forecast_rowid=forecast["forecast_rowid"], oil_price=65.0, chart=False
    )
    npv = sum(v * 65.0 / 1.1 ** ((m + 1) / 12) for m, v in enumerate(volumes))
    assert result["npv"] == pytest.approx(npv, rel=1e-9)
    assert result["effective_date"] == "2026-01"


def test_hostile_inputs_get_clear_errors(ctx):
    with pytest.raises(ToolError, match="Which production"):
        cash_flow_economics(ctx, oil_price=70)
    with pytest.raises(ToolError, match="same number of months"):
        cash_flow_economics(ctx, oil_volumes=[1, 2], gas_volumes=[1], oil_price=1, gas_price=1)
    with pytest.raises(ToolError, match="no row 42"):
        cash_flow_economics(ctx, forecast_rowid=42, oil_price=70)
    with pytest.raises(ToolError, match="between 0 and 100%"):
        cash_flow_economics(
            ctx, oil_volumes=[10], oil_price=70, royalty=0.7, overriding_royalty=0.5
        )
    with pytest.raises(ToolError, match="horizon"):
        cash_flow_economics(ctx, oil_volumes=[10], oil_price=70, horizon_years=500)
    with pytest.raises(ToolError, match="not a date"):
        cash_flow_economics(ctx, oil_volumes=[10], oil_price=70, start_date="soon")


def test_abandonment_on_a_date_in_a_month_or_after_a_delay_is_spent_then_at_the_wi(ctx):
    oil = [2000.0] * 10
    terms = dict(
        oil_volumes=oil,
        start_date="2026-01",
        oil_price=60.0,
        working_interest=0.6,
        royalty=0.2,
        abandonment_cost=100_000.0,
        chart=False,
    )
    operating = 2000.0 * 60.0 * 0.6 * 0.8  # the same every month; life is the 10 months

    def hand_npv(abandon_month: int, factor: float = 1.0) -> float:
        flows = {m: operating for m in range(1, 11)}
        flows[abandon_month] = flows.get(abandon_month, 0.0) - 100_000.0 * 0.6 * factor
        return sum(f / 1.1 ** (m / 12) for m, f in flows.items())

    # A date after the last month: December 2026 is month 12, two empty months later.
    dated = cash_flow_economics(ctx, abandonment_date="2026-12", **terms)
    table = table_of(ctx, dated["cash_flow_rowid"])
    assert table.loc[table["abandonment"] != 0, "month"].tolist() == [12]
    assert table.loc[table["month"] == 12, "abandonment"].item() == pytest.approx(60_000.0)
    assert dated["npv"] == pytest.approx(hand_npv(12), rel=1e-10)
    # A project month inside the life.
    month = cash_flow_economics(ctx, abandonment_month=5, **terms)
    assert month["npv"] == pytest.approx(hand_npv(5), rel=1e-10)
    # Three months after the economic limit, escalated by the capex escalation (month 13 is
    # in the second year: one step of 10%).
    delayed = cash_flow_economics(ctx, abandonment_delay_months=3, capex_escalation=0.10, **terms)
    assert delayed["npv"] == pytest.approx(hand_npv(13, 1.10), rel=1e-10)
    # Without a month, at the end of the life (month 10), and the answer says so.
    default = cash_flow_economics(ctx, **terms)
    assert default["npv"] == pytest.approx(hand_npv(10), rel=1e-10)
    assert any(i["name"] == "abandonment_timing" for i in default["inputs"])


def test_variable_opex_escalates_with_the_fixed_and_capex_with_its_own_rate(ctx):
    oil = [1000.0] * 30
    gas = [2000.0] * 30
    result = cash_flow_economics(
        ctx,
        oil_volumes=oil,
        gas_volumes=gas,
        oil_price=60.0,
        gas_price=2.5,
        fixed_opex_per_month=5000.0,
        oil_opex_per_bbl=4.0,
        gas_opex_per_mcf=0.5,
        opex_escalation=0.05,
        capex=[{"month": 0, "amount": 800_000.0}, {"month": 14, "amount": 500_000.0}],
        capex_escalation=0.03,
        chart=False,
    )
    flows = {0: -800_000.0}
    for m in range(1, 31):
        opex = (5000.0 + 4.0 * 1000.0 + 0.5 * 2000.0) * 1.05 ** ((m - 1) // 12)
        flows[m] = 1000.0 * 60.0 + 2000.0 * 2.5 - opex
    flows[14] -= 500_000.0 * 1.03  # month 14 is in the second year
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["net_cash_flow"], [flows[m] for m in range(31)], rtol=1e-9)
    npv = sum(f / 1.1 ** (m / 12) for m, f in flows.items())
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
