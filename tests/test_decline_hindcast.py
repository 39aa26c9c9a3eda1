"""Any fit can be hindcast: fitted without its last N months, its error on them equals one
computed by hand from the truncated fit's exported parameters with petbox-dca."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from petbox import dca

from agents.tools import production as P
from tests.decline_wells import Truth, make_well
from tests.factories import tool_context, upload_row


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def read(ctx, rowid) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def by_hand(ctx, well, months: int) -> tuple[float, float]:
    """(cumulative error %, monthly MAPE %) of the fit without the last ``months``."""
    frame = well.frame()
    kept, held = frame.iloc[:-months], frame.iloc[-months:]
    row = upload_row(ctx, "kept.csv", kept.to_csv(index=False).encode())
    fitted = P.fit_decline(ctx, rowid=row.rowid, export=True, chart=False)
    parameters = read(ctx, fitted["export_rowid"]).iloc[0]
    curve = dca.MH(
        qi=parameters["qi"],
        Di=parameters["di_secant_effective_pct"] / 100,
        bi=parameters["b"],
        Dterm=parameters["dmin_tangent_effective_pct"] / 100,
    )
    origin = pd.Timestamp(parameters["segment_start"])
    starts = pd.to_datetime(held["date"])
    t0 = (starts - origin).dt.days.to_numpy(float)
    t1 = (starts + pd.offsets.MonthBegin(1) - origin).dt.days.to_numpy(float)
    forecast = curve.cum(t1) - curve.cum(t0)
    actual = held["oil_bbl"].to_numpy(float)
    cum_error = (forecast.sum() - actual.sum()) / actual.sum() * 100
    mape = np.mean(np.abs(forecast - actual) / actual) * 100
    return cum_error, mape


@pytest.mark.parametrize("months", [12, 6])
def test_the_hindcast_error_equals_the_one_computed_by_hand(ctx, months):
    well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=60, noise=0.06, seed=11, ramp=1)
    row = upload_row(ctx, "well.csv", well.frame().to_csv(index=False).encode())
    arguments = {"hindcast": True} if months == 12 else {"hindcast_months": months}
    result = P.fit_decline(ctx, rowid=row.rowid, chart=False, **arguments)
    hindcast = result["hindcast"]["W1"]
    assert hindcast["ok"] and hindcast["months"] == months
    cum_error, mape = by_hand(ctx, well, months)
    assert hindcast["cum_error_pct"] == pytest.approx(cum_error, abs=1e-6)
    assert hindcast["mape_pct"] == pytest.approx(mape, abs=1e-6)
    summary = read(ctx, result["summary_rowid"])
    assert summary.loc[0, "hindcast_cum_error_pct"] == pytest.approx(cum_error, abs=1e-6)
    assert summary.loc[0, "hindcast_mape_pct"] == pytest.approx(mape, abs=1e-6)
    assert f"without the last {months} months" in result["summary"]
    inputs = {i["name"]: i for i in result["inputs"]}
    assert inputs["hindcast_months"]["value"] == months
    assert inputs["hindcast_months"]["source"] == ("default" if months == 12 else "stated")


def test_a_noiseless_well_hindcasts_with_no_error(ctx):
    well = make_well(Truth(600.0, 1.2, 0.8, 0.06), months=48)
    row = upload_row(ctx, "well.csv", well.frame().to_csv(index=False).encode())
    hindcast = P.fit_decline(ctx, rowid=row.rowid, hindcast=True, chart=False)["hindcast"]["W1"]
    assert abs(hindcast["cum_error_pct"]) < 1e-5 and hindcast["mape_pct"] < 1e-5


def test_every_well_of_a_file_is_hindcast_in_the_summary(ctx):
    frames = [
        make_well(Truth(q, 1.5, 0.8, 0.06), name=f"W{i}", months=48, noise=0.05, seed=i).frame()
        for i, q in enumerate((400.0, 700.0, 1000.0))
    ]
    row = upload_row(ctx, "wells.csv", pd.concat(frames).to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, hindcast=True, chart=False)
    summary = read(ctx, result["summary_rowid"])
    assert summary["hindcast_mape_pct"].notna().all() and len(summary) == 3
    assert set(result["hindcast"]) == {"W0", "W1", "W2"}
