"""Economics end to end: a decline forecast valued with the sample cost sheet."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics, npv_monthly
from agents.tools.production import forecast_decline
from tests.factories import tool_context, upload_row

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def read_csv_row(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def test_a_decline_forecast_valued_with_the_sample_cost_sheet(ctx):
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
    produced = read_csv_row(ctx, forecast["forecast_rowid"])
    volume_column = next(c for c in produced.columns if c.startswith("oil") and "cum" not in c)
    oil = produced[volume_column].to_numpy(float)
    costs = upload_row(ctx, "costs.csv", (SAMPLES / "costs.csv").read_bytes()).rowid
    result = cash_flow_economics(
        ctx, forecast_rowid=forecast["forecast_rowid"], costs_rowid=costs, gor_scf_per_bbl=1500
    )
    # Month by month with the sheet's figures (gas at $/MMBtu x 1.026 MMBtu/Mcf).
    nri = 1 - 0.1875
    operating = []
    for volume in oil:
        gas = volume * 1.5
        oil_net = volume * (72.5 - 3.25) * nri
        gas_net = gas * (2.85 - 0.45) * 1.026 * nri
        severance = 0.046 * oil_net + 0.075 * gas_net
        ad_valorem = 0.02 * (oil_net + gas_net - severance)
        opex = 9500 + 4.25 * volume + 0.55 * gas
        operating.append(oil_net + gas_net - severance - ad_valorem - opex)
    life = next((k for k, op in enumerate(operating) if op < 0), len(operating))
    flows = [-8_000_000.0, *operating[:life]]
    flows[1] -= 650_000.0
    flows[-1] -= 150_000.0
    npv = sum(f / 1.1 ** (m / 12) for m, f in enumerate(flows))
    assert result["npv"] == pytest.approx(npv, rel=1e-8)
    assert result["economic_life_months"] == life
    assert result["totals"]["capex"] == pytest.approx(8_650_000)
    assert result["totals"]["gas_mcf"] == pytest.approx(result["totals"]["oil_bbl"] * 1.5)
    table = read_csv_row(ctx, result["cash_flow_rowid"])
    assert npv_monthly(table["net_cash_flow"], table["month"], 0.10) == pytest.approx(
        result["npv"], rel=1e-8
    )
    irr = result["irr_annual"]
    assert irr > 0.10
    assert abs(sum(f / (1 + irr) ** (m / 12) for m, f in enumerate(flows))) < 1e-6 * sum(
        abs(f) for f in flows
    )
    cumulative = np.cumsum(flows)
    assert result["payback_month"] == int(np.argmax(cumulative >= 0))
    assert result["pv_profile"]["0.1"] == pytest.approx(result["npv"], rel=1e-12)
    assert len(result["sensitivities"]) == 8
    assert ctx.conversation.rows.get(rowid=result["chart_rowid"]).type == "chart"
    assert (
        "Monthly cash flow"
        in ctx.conversation.rows.get(rowid=result["cash_flow_rowid"]).description
    )
