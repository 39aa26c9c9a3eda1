"""Type curves from a group of generated wells: aligned at peak, per 1,000 ft of lateral
when the file has one, grouped or filtered by a column; P10 > P50 > P90 and the P50 EUR
near the median true EUR."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from agents.tools import production as P
from tests.decline_wells import Truth, make_well
from tests.factories import tool_context, upload_row


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def basin(count: int = 30, seed: int = 0, county_scale: dict | None = None):
    """Wells starting in different years, lognormal initial rates per 1,000 ft of lateral,
    b and Di spread around a play's typical shape."""
    rng = np.random.default_rng(seed)
    county_scale = county_scale or {"Reeves": 1.0}
    wells = []
    for index in range(count):
        county = list(county_scale)[index % len(county_scale)]
        lateral = float(rng.uniform(5_000, 12_000))
        per_1000 = float(rng.lognormal(np.log(80.0), 0.35)) * county_scale[county]
        truth = Truth(
            per_1000 * lateral / 1000,
            float(rng.uniform(1.5, 2.2)),
            float(rng.uniform(0.8, 1.1)),
            0.06,
        )
        start = f"{2015 + index % 5}-{1 + index % 12:02d}-01"
        well = make_well(
            truth,
            name=f"W{index:02d}",
            months=48,
            start=start,
            noise=0.04,
            seed=seed * 100 + index,
            ramp=int(rng.integers(0, 3)),
            attributes={"County": county, "Lateral Length (ft)": round(lateral)},
        )
        wells.append((well, lateral))
    return wells


def upload(ctx, wells):
    frame = pd.concat([w.frame() for w, _ in wells], ignore_index=True)
    return upload_row(ctx, "basin.csv", frame.to_csv(index=False).encode()).rowid


def read(ctx, rowid):
    with ctx.conversation.rows.get(rowid=rowid).file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def test_a_type_curve_has_p10_above_p50_above_p90_and_the_p50_eur_near_the_median(ctx):
    wells = basin()
    result = P.fit_decline(
        ctx, rowid=upload(ctx, wells), type_curve=True, normalise_lateral=False, chart=True
    )
    (curve,) = result["type_curves"]
    assert curve["wells"] == len(wells) and not curve["normalised_per_1000ft"]
    eur = curve["eur"]
    assert eur["p10"] > eur["p50"] > eur["p90"]
    true_median = float(np.median([w.true_eur() for w, _ in wells]))
    assert eur["p50"] == pytest.approx(true_median, rel=0.10)
    assert curve["well_eur"]["p50"] == pytest.approx(true_median, rel=0.05)
    table = read(ctx, result["type_curve_rowid"])
    ordered = table.dropna(subset=["p10_rate_bbl_d", "p90_rate_bbl_d"])
    assert (ordered["p10_rate_bbl_d"] >= ordered["p50_rate_bbl_d"]).all()
    assert (ordered["p50_rate_bbl_d"] >= ordered["p90_rate_bbl_d"]).all()
    # Month 1 is every well's peak month (aligned), whatever its first production date.
    assert table.loc[0, "p50_rate_bbl_d"] == table["p50_rate_bbl_d"].max()
    assert table["cum_p50_bbl"].iloc[-1] == pytest.approx(eur["p50"], rel=1e-9)
    chart = ctx.conversation.rows.get(rowid=result["type_curve_chart_rowid"])
    assert chart.type == "chart" and chart.file.read(8) == b"\x89PNG\r\n\x1a\n"
    assert "Type curve (all wells, 30 wells" in result["summary"]
    assert curve["models"]["p50"]["model"] in {"modified_hyperbolic", "hyperbolic", "harmonic"}


def test_a_lateral_length_column_makes_the_type_curve_per_1000_ft(ctx):
    wells = basin(seed=1)
    result = P.fit_decline(ctx, rowid=upload(ctx, wells), type_curve=True, chart=False)
    (curve,) = result["type_curves"]
    assert curve["normalised_per_1000ft"]
    per_1000 = [w.true_eur() / (lateral / 1000) for w, lateral in wells]
    assert curve["well_eur"]["p50"] == pytest.approx(float(np.median(per_1000)), rel=0.05)
    assert curve["eur"]["p10"] > curve["eur"]["p50"] > curve["eur"]["p90"]
    table = read(ctx, result["type_curve_rowid"])
    assert "p50_rate_bbl_d_per_1000ft" in table.columns
    assert "per 1,000 ft" in result["summary"]
    inputs = {i["name"]: i for i in result["inputs"]}
    assert inputs["lateral_column"]["value"] == "'Lateral Length (ft)'"


def test_type_curves_by_county_and_for_one_county(ctx):
    wells = basin(count=30, seed=2, county_scale={"Reeves": 1.6, "Loving": 0.8})
    rowid = upload(ctx, wells)
    grouped = P.fit_decline(ctx, rowid=rowid, type_curve_group_by="County", chart=False)
    curves = {c["group"]: c for c in grouped["type_curves"]}
    assert set(curves) == {"County = Loving", "County = Reeves"}
    assert curves["County = Reeves"]["eur"]["p50"] > curves["County = Loving"]["eur"]["p50"]
    assert curves["County = Reeves"]["wells"] == curves["County = Loving"]["wells"] == 15
    one = P.fit_decline(
        ctx,
        rowid=rowid,
        type_curve_filter_column="county",
        type_curve_filter_value="reeves",
        chart=False,
    )
    (reeves,) = one["type_curves"]
    assert reeves["wells"] == 15
    assert reeves["eur"] == pytest.approx(curves["County = Reeves"]["eur"])
    by_year = P.fit_decline(
        ctx, rowid=rowid, type_curve_group_by="first_production_year", chart=False
    )
    assert {c["group"] for c in by_year["type_curves"]} == {
        f"first_production_year = {y}" for y in range(2015, 2020)
    }


def test_a_group_too_small_for_a_type_curve_is_said(ctx):
    wells = basin(count=4, seed=3)
    result = P.fit_decline(
        ctx,
        rowid=upload(ctx, wells),
        type_curve_filter_column="County",
        type_curve_filter_value="Nowhere",
        chart=False,
    )
    assert "No type curve for County = Nowhere" in result["summary"]
    assert result["type_curves"] is None
