"""The parameter export (one row per well and phase, importable: petbox-dca rebuilds the
forecast from its columns) and the diagnostic plots (rate-time, rate-cumulative, b-factor)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from petbox import dca

from agents.tools import production as P
from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import history as H
from agents.tools.forecasting.diagnostics import well_diagnostics
from agents.tools.forecasting.pipeline import forecast_well
from agents.tools.forecasting.well import WellOptions
from tests.decline_wells import Truth, make_well
from tests.factories import tool_context, upload_row


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def read(ctx, rowid):
    with ctx.conversation.rows.get(rowid=rowid).file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def test_the_export_has_one_row_per_well_and_phase_and_rebuilds_the_forecast(ctx):
    frames = []
    for index, truth in enumerate((Truth(900.0, 2.0, 1.1, 0.06), Truth(400.0, 0.9, 0.6, 0.06))):
        well = make_well(
            truth, name=f"Hawkins {index + 1}H", months=60, noise=0.04, seed=index, ramp=1
        )
        frame = well.frame(oil="Oil (bbl)", well="Well Name")
        frame["Gas (mcf)"] = frame["Oil (bbl)"] * 2.0
        frames.append(frame)
    row = upload_row(ctx, "wells.csv", pd.concat(frames).to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, export=True, secondary=["gas"], economic_limit=3)
    export = read(ctx, result["export_rowid"])
    assert list(zip(export["well"], export["phase"], strict=True)) == [
        ("Hawkins 1H", "oil"),
        ("Hawkins 1H", "gas"),
        ("Hawkins 2H", "oil"),
        ("Hawkins 2H", "gas"),
    ]
    for column in (
        "model",
        "segment_start",
        "qi",
        "qi_unit",
        "di_nominal_per_yr",
        "di_tangent_effective_pct",
        "di_secant_effective_pct",
        "b",
        "dmin_tangent_effective_pct",
        "eur",
        "volume_unit",
    ):
        assert column in export.columns
    forecast = read(ctx, result["forecast_rowid"])
    for _, line in export[export["phase"] == "oil"].iterrows():
        # What another tool would do with the row: petbox-dca's MH from its columns.
        curve = dca.MH(
            qi=line["qi"],
            Di=line["di_secant_effective_pct"] / 100,
            bi=line["b"],
            Dterm=line["dmin_tangent_effective_pct"] / 100,
        )
        origin = pd.Timestamp(line["segment_start"])
        ahead = forecast[(forecast["well"] == line["well"]) & (forecast["segment"] == "forecast")]
        start = (pd.to_datetime(ahead["date"]) - origin).dt.days.to_numpy(float)
        end = start + ahead["days"].to_numpy(float)
        np.testing.assert_allclose(curve.cum(end) - curve.cum(start), ahead["oil_bbl"], rtol=1e-6)
        assert line["eur"] == pytest.approx(
            next(w["eur_bbl"] for w in result["wells"] if w["well"] == line["well"]), rel=1e-9
        )
        # The three conventions are one decline.
        assert line["di_secant_effective_pct"] / 100 == pytest.approx(
            1 - (1 + line["b"] * line["di_nominal_per_yr"]) ** (-1 / line["b"]), rel=1e-8
        )
        assert line["di_tangent_effective_pct"] / 100 == pytest.approx(
            1 - np.exp(-line["di_nominal_per_yr"]), rel=1e-8
        )
    gas = export[export["phase"] == "gas"]
    assert (gas["ratio_unit"] == "mcf/bbl").all() and gas["ratio_c"].notna().all()


def test_a_flat_period_is_exported_before_its_decline(ctx):
    well = make_well(Truth(700.0, 1.5, 0.9, 0.06), months=48, ramp=1, flat_months=6)
    row = upload_row(ctx, "w.csv", well.frame().to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, export=True, chart=False)
    line = read(ctx, result["export_rowid"]).iloc[0]
    assert line["flat_rate"] == pytest.approx(700.0, rel=1e-6)
    assert line["segment_start"] == line["flat_until"] == "2015-08-01"
    assert line["qi"] == pytest.approx(700.0, rel=1e-6)


def test_the_diagnostic_b_factor_of_a_hyperbolic_well_is_its_b():
    well = make_well(Truth(800.0, 1.5, 0.9, 0.0), months=96)
    frame = well.frame()
    columns, _ = H.find_columns(frame)
    (history,), _, _ = H.read_histories(frame, columns)
    result = forecast_well(history, WellOptions(fit=F.FitOptions(dmin=0.0), models=("hyperbolic",)))
    data = well_diagnostics(result)
    interior = data["b"][5:-5]
    assert np.nanmedian(interior) == pytest.approx(0.9, abs=0.05)
    assert np.allclose(data["model_b"], 0.9, atol=1e-6)
    # The data's decline is the hyperbolic's D = d / (1 + b d t), per year.
    t = data["t"][10] / 365.25
    assert data["decline"][10] == pytest.approx(1.5 / (1 + 0.9 * 1.5 * t), rel=0.03)
    assert np.all(np.diff(data["cum"]) > 0)


def test_the_diagnostics_chart_is_written(ctx):
    frames = [
        make_well(Truth(q, 1.6, 1.0, 0.06), name=f"W{i}", months=48, noise=0.03, seed=i).frame()
        for i, q in enumerate((500.0, 900.0))
    ]
    row = upload_row(ctx, "wells.csv", pd.concat(frames).to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, diagnostics=True, chart=False)
    chart = ctx.conversation.rows.get(rowid=result["diagnostics_rowid"])
    assert chart.type == "chart" and "b-factor" in chart.description
    assert chart.file.read(8) == b"\x89PNG\r\n\x1a\n"
