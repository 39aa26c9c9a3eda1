"""Secondary phases tied to the primary: gas follows an oil forecast through a GOR power
law (petbox-dca's PLYield), water through a WOR; the economics then sees the gas."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from petbox import dca

from agents.tools import economics as E
from agents.tools import production as P
from tests.decline_wells import month_edges, secant
from tests.factories import tool_context, upload_row


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def oil_and_gas(c, m0, m, t0, *, months=72, noise=0.0, seed=0):
    """Monthly oil (petbox MH) and gas (its PLYield GOR, integrated by petbox) from the peak."""
    starts = pd.date_range("2018-01-01", periods=months, freq="MS")
    edges = month_edges(starts)
    oil_curve = dca.MH(qi=900.0, Di=secant(2.0, 1.0), bi=1.0, Dterm=0.06)
    gas_curve = dca.PLYield(c=c, m0=m0, m=m, t0=t0)
    oil_curve.add_secondary(gas_curve)
    oil = np.diff(oil_curve.cum(edges))
    gas = np.diff(gas_curve.cum(edges, n_grid=200_000))
    rng = np.random.default_rng(seed)
    if noise:
        oil = oil * np.exp(rng.normal(0, noise, months))
        gas = gas * np.exp(rng.normal(0, noise, months))
    frame = pd.DataFrame({"date": starts, "oil_bbl": oil, "gas_mcf": gas, "water_bbl": oil * 1.2})
    horizon_end = edges[-1] + 30 * 365.25
    true_gas = gas.sum() + float(
        np.diff(gas_curve.cum(np.array([edges[-1], horizon_end]), n_grid=200_000))[0]
    )
    return frame, oil_curve, true_gas


def read(ctx, rowid):
    with ctx.conversation.rows.get(rowid=rowid).file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def test_gas_follows_the_oil_forecast_through_the_gor_power_law(ctx):
    frame, _, true_gas = oil_and_gas(1.5, 0.3, 0.3, 365.0)
    row = upload_row(ctx, "w.csv", frame.to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, secondary=["gas", "water"], chart=False)
    record = result["wells"][0]
    assert record["eur_gas_mcf"] == pytest.approx(true_gas, rel=2e-3)
    table = read(ctx, result["forecast_rowid"])
    ahead = table[table["segment"] == "forecast"]
    # The gas forecast is the GOR times the oil forecast, month by month.
    gor = ahead["gas_mcf"] / ahead["oil_bbl"] * 1000
    assert gor.is_monotonic_increasing
    np.testing.assert_allclose(gor, ahead["model_gor_scf_per_bbl"], rtol=1e-9)
    assert ahead["water_bbl"].sum() == pytest.approx(1.2 * ahead["oil_bbl"].sum(), rel=1e-6)
    assert "GOR power law" in result["summary"] and "follows the oil forecast" in result["summary"]
    inputs = {i["name"]: i for i in result["inputs"]}
    assert inputs["secondary"]["value"] == "gas, water"
    assert inputs["gas_column"]["value"] == "'gas_mcf'"


def test_a_kinked_gor_and_noise_are_followed_within_tolerance(ctx):
    for noise, tolerance in ((0.0, 0.01), (0.05, 0.04)):
        frame, _, true_gas = oil_and_gas(1.2, -0.1, 0.45, 240.0, noise=noise, seed=3)
        row = upload_row(ctx, "w.csv", frame.to_csv(index=False).encode())
        result = P.fit_decline(ctx, rowid=row.rowid, secondary=["gas"], chart=False)
        assert result["wells"][0]["eur_gas_mcf"] == pytest.approx(true_gas, rel=tolerance)


def test_a_constant_ratio_is_the_recent_volume_ratio(ctx):
    frame, _, _ = oil_and_gas(1.5, 0.3, 0.3, 365.0)
    row = upload_row(ctx, "w.csv", frame.to_csv(index=False).encode())
    result = P.fit_decline(
        ctx, rowid=row.rowid, secondary=["gas"], ratio_model="constant", chart=False
    )
    last = frame.tail(6)
    ratio = last["gas_mcf"].sum() / last["oil_bbl"].sum()
    table = read(ctx, result["forecast_rowid"])
    ahead = table[table["segment"] == "forecast"]
    assert ahead["gas_mcf"].sum() == pytest.approx(ratio * ahead["oil_bbl"].sum(), rel=1e-9)


def test_the_economics_of_an_oil_forecast_counts_the_gas_that_follows_it(ctx):
    frame, _, _ = oil_and_gas(1.5, 0.3, 0.3, 365.0)
    row = upload_row(ctx, "w.csv", frame.to_csv(index=False).encode())
    forecast = P.fit_decline(ctx, rowid=row.rowid, secondary=["gas"], chart=False)
    table = read(ctx, forecast["forecast_rowid"])
    gas = table.loc[table["segment"] == "forecast", "gas_mcf"].sum()
    economics = E.cash_flow_economics(
        ctx, forecast_rowid=forecast["forecast_rowid"], oil_price=70.0, gas_price=3.0, chart=False
    )
    assert economics["totals"]["gas_mcf"] == pytest.approx(gas, rel=1e-9)
    assert gas > 0
