"""P10/P50/P90 forecasts and EURs per well, by a named method, with P10 the high case."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from agents.tools import production as P
from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import history as H
from agents.tools.forecasting.pipeline import forecast_well
from agents.tools.forecasting.well import WellOptions
from tests.decline_wells import Truth, make_well
from tests.factories import tool_context, upload_row

DMIN = -math.log(1 - 0.06)


def uncertain(well, method, samples=200):
    frame = well.frame()
    columns, _ = H.find_columns(frame)
    (history,), _, _ = H.read_histories(frame, columns)
    options = WellOptions(fit=F.FitOptions(dmin=DMIN), uncertainty=method, samples=samples)
    return forecast_well(history, options)


@pytest.mark.parametrize("method", ["bootstrap", "covariance"])
def test_the_percentiles_are_ordered_and_cover_the_truth_about_as_often_as_they_say(method):
    inside = 0
    for seed in range(10):
        well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=36, noise=0.05, seed=seed, ramp=1)
        result = uncertain(well, method)
        eur = result.uncertainty["eur"]
        assert eur["p10"] > eur["p50"] > eur["p90"] > result.history_volume
        inside += eur["p90"] <= well.true_eur() <= eur["p10"]
        fan = result.uncertainty["fan"]
        assert np.all(fan["p10"] >= fan["p50"] - 1e-9) and np.all(fan["p50"] >= fan["p90"] - 1e-9)
    # An 80 % interval (P90 to P10): 6 or more of 10 wells (7 when this was written).
    assert inside >= 6


def test_more_noise_gives_a_wider_range():
    def width(noise):
        well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=36, noise=noise, seed=3, ramp=1)
        eur = uncertain(well, "bootstrap").uncertainty["eur"]
        return (eur["p10"] - eur["p90"]) / eur["p50"]

    assert width(0.10) > 1.5 * width(0.03)


def test_the_two_methods_agree_on_the_median():
    well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=48, noise=0.05, seed=5, ramp=1)
    boot = uncertain(well, "bootstrap").uncertainty["eur"]["p50"]
    cov = uncertain(well, "covariance").uncertainty["eur"]["p50"]
    assert boot == pytest.approx(cov, rel=0.03)


def test_the_same_question_gives_the_same_percentiles():
    well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=36, noise=0.05, seed=2)
    first = uncertain(well, "bootstrap").uncertainty["eur"]
    assert uncertain(well, "bootstrap").uncertainty["eur"] == first


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def test_the_tool_names_the_method_and_the_spe_convention_and_writes_the_fan(ctx):
    well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=36, noise=0.05, seed=1, ramp=1)
    row = upload_row(ctx, "w.csv", well.frame().to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, uncertainty="bootstrap", samples=100)
    summary = result["summary"]
    assert "moving-block bootstrap" in summary and "100 resamples" in summary
    assert "P10 is the high case" in " ".join(result["conventions"])
    record = result["wells"][0]
    assert record["eur_p10_bbl"] > record["eur_p50_bbl"] > record["eur_p90_bbl"]
    table = pd.read_csv(ctx.conversation.rows.get(rowid=result["uncertainty_rowid"]).file)
    assert {"p10_oil_rate_bbl_d", "p50_oil_rate_bbl_d", "p90_oil_rate_bbl_d"} <= set(table.columns)
    # Month by month percentiles: their sums are near, not equal to, the EUR percentiles.
    sums = {level: table[f"{level}_oil_bbl"].sum() for level in ("p10", "p50", "p90")}
    assert sums["p10"] > sums["p50"] > sums["p90"]
    for level, total in sums.items():
        remaining = record[f"eur_{level}_bbl"] - record["history_bbl"]
        assert total == pytest.approx(remaining, rel=0.02)
    fan = ctx.conversation.rows.get(rowid=result["fan_chart_rowid"])
    assert fan.type == "chart" and fan.file.read(8) == b"\x89PNG\r\n\x1a\n"
    forecast = pd.read_csv(ctx.conversation.rows.get(rowid=result["forecast_rowid"]).file)
    ahead = forecast[forecast["segment"] == "forecast"]
    assert (ahead["p10_oil_rate_bbl_d"] >= ahead["p90_oil_rate_bbl_d"]).all()
    inputs = {i["name"]: i for i in result["inputs"]}
    assert inputs["uncertainty"]["source"] == "stated" and inputs["samples"]["value"] == 100
