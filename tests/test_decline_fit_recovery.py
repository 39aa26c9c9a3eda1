"""Synthetic wells with known parameters (made with petbox-dca): the fits recover the truth
within tolerances stated per noise level, through ramp-ups, shut-ins, flat periods and
re-fracs; bounds and Dmin always hold; 'best' prefers a terminal decline on a near-tie."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from petbox import dca

from agents.tools import production as P
from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import history as H
from agents.tools.forecasting.pipeline import forecast_well
from agents.tools.forecasting.well import WellOptions
from tests.decline_wells import Truth, make_well, month_edges, secant
from tests.factories import tool_context, upload_row

DMIN = -math.log(1 - 0.06)  # 6 %/yr tangent-effective, nominal

# Largest relative error of qi and nominal Di, absolute error of b, relative error of EUR,
# for 10 years of monthly history with lognormal noise of this standard deviation.
TOLERANCES = {
    0.00: (1e-6, 1e-6, 1e-6, 1e-6),
    0.02: (0.03, 0.08, 0.03, 0.01),
    0.05: (0.06, 0.20, 0.06, 0.02),
    0.10: (0.12, 0.35, 0.12, 0.03),
}


def fit(well, **options):
    frame = well.frame()
    columns, phase = H.find_columns(frame)
    (history,), _, _ = H.read_histories(frame, columns)
    options.setdefault("fit", F.FitOptions(dmin=DMIN))
    result = forecast_well(history, WellOptions(phase=phase, **options))
    assert result.ok, result.error
    return result


@pytest.mark.parametrize("noise", sorted(TOLERANCES))
@pytest.mark.parametrize("b", [0.5, 0.9, 1.3])
def test_a_modified_hyperbolic_well_is_recovered_within_the_noise_tolerance(noise, b):
    qi_tol, d_tol, b_tol, eur_tol = TOLERANCES[noise]
    for seed in range(4):
        well = make_well(Truth(800.0, 1.8, b, 0.06), noise=noise, seed=seed, ramp=2)
        result = fit(well)
        assert result.family == "modified_hyperbolic"
        spec = result.curve.spec()
        assert spec["qi"] == pytest.approx(800.0, rel=qi_tol)
        assert spec["d"] == pytest.approx(1.8, rel=d_tol)
        assert spec["b"] == pytest.approx(b, abs=b_tol)
        assert spec["dmin"] == pytest.approx(DMIN)
        assert result.eur == pytest.approx(well.true_eur(), rel=eur_tol)


@pytest.mark.parametrize(("noise", "eur_tol"), [(0.0, 1e-6), (0.05, 0.08), (0.10, 0.15)])
def test_three_years_of_history_recover_the_eur_within_a_wider_tolerance(noise, eur_tol):
    for seed in range(4):
        well = make_well(Truth(800.0, 1.8, 0.9, 0.06), months=36, noise=noise, seed=seed, ramp=1)
        assert fit(well).eur == pytest.approx(well.true_eur(), rel=eur_tol)


def test_an_exponential_well_is_fitted_as_exponential():
    for seed in range(3):
        well = make_well(Truth(300.0, 0.35, 0.0), noise=0.03, seed=seed)
        result = fit(well)
        assert result.family == "exponential"
        assert result.curve.spec()["d"] == pytest.approx(0.35, rel=0.05)
        assert result.eur == pytest.approx(well.true_eur(), rel=0.01)


@pytest.mark.parametrize(("noise", "eur_tol"), [(0.0, 1e-6), (0.05, 0.02), (0.10, 0.03)])
def test_shut_in_months_are_left_out_and_the_time_axis_keeps_them(noise, eur_tol):
    for seed in range(3):
        well = make_well(
            Truth(800.0, 1.8, 0.9, 0.06), noise=noise, seed=seed, ramp=2, shut_ins=(20, 21, 22, 50)
        )
        result = fit(well)
        assert not result.used[[20, 21, 22, 50]].any()
        assert result.eur == pytest.approx(well.true_eur(), rel=eur_tol)
        assert any("4 shut-in" in note for note in result.notes)


@pytest.mark.parametrize(("noise", "eur_tol"), [(0.0, 1e-6), (0.05, 0.02), (0.10, 0.04)])
def test_a_refrac_starts_a_new_segment_that_the_forecast_follows(noise, eur_tol):
    after = Truth(600.0, 1.5, 1.0, 0.06)
    for seed in range(3):
        well = make_well(
            Truth(800.0, 1.8, 0.9, 0.06), noise=noise, seed=seed, ramp=2, refrac=(60, after)
        )
        result = fit(well)
        assert len(result.segmentation.refracs) == 1
        assert abs(result.segmentation.refracs[0] - 60) <= 2
        assert result.origin_day == float(result.history.start[result.segmentation.fit_start])
        assert result.eur == pytest.approx(well.true_eur(), rel=eur_tol)
        # The earlier segment is fitted on its own, for the record.
        assert result.earlier and result.earlier[0].first == 2
    exact = fit(make_well(Truth(800.0, 1.8, 0.9, 0.06), ramp=2, refrac=(60, after)))
    assert exact.curve.spec()["qi"] == pytest.approx(600.0, rel=1e-6)
    assert exact.curve.spec()["b"] == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(("noise", "eur_tol"), [(0.0, 1e-6), (0.05, 0.01)])
def test_a_flat_period_before_the_decline_is_found_and_kept(noise, eur_tol):
    for seed in range(3):
        well = make_well(
            Truth(800.0, 1.8, 0.9, 0.06), noise=noise, seed=seed, ramp=2, flat_months=8
        )
        result = fit(well)
        seg = result.segmentation
        assert seg.plateau_end is not None
        assert abs(seg.plateau_end - 10) <= 1
        assert seg.plateau_rate == pytest.approx(800.0, rel=max(noise, 1e-6) * 2)
        assert result.eur == pytest.approx(well.true_eur(), rel=eur_tol)


def test_a_steady_slow_decline_is_not_taken_for_a_flat_period():
    for seed in range(3):
        result = fit(make_well(Truth(250.0, 0.5, 0.0), noise=0.03, seed=seed))
        assert result.segmentation.plateau_end is None


@pytest.mark.parametrize(
    ("kind", "truth"),
    [
        ("thm", dca.THM(qi=900.0, Di=secant(6.0, 2.0), bi=2.0, bf=0.8, telf=60.0)),
        ("se", dca.SE(qi=900.0, tau=40.0, n=0.35)),
        ("duong", dca.Duong(qi=900.0, a=1.4, m=1.2)),
        ("ple", dca.PLE(qi=900.0, Di=0.1, Dinf=2e-4, n=0.35)),
    ],
)
def test_thm_se_duong_and_ple_wells_are_recovered_exactly_without_noise(kind, truth):
    starts = pd.date_range("2015-01-01", periods=120, freq="MS")
    edges = month_edges(starts)
    with np.errstate(divide="ignore", invalid="ignore"):
        cum = truth.cum(edges, n_grid=200_000) if kind == "ple" else truth.cum(edges)
    frame = pd.DataFrame({"date": starts, "oil": np.diff(cum)})
    columns, _ = H.find_columns(frame)
    (history,), _, _ = H.read_histories(frame, columns)
    options = WellOptions(models=(kind,), fit=F.FitOptions(dmin=0.0), detect_plateau=False)
    result = forecast_well(history, options)
    t = np.array([edges[-1], edges[-1] + 30 * 365.25])
    with np.errstate(divide="ignore", invalid="ignore"):
        true_remaining = float(
            np.diff(truth.cum(t, **({"n_grid": 200_000} if kind == "ple" else {})))[0]
        )
    assert result.family == kind
    assert result.forecast.remaining == pytest.approx(true_remaining, rel=1e-6)


def test_b_bounds_are_always_respected():
    well = make_well(Truth(800.0, 1.8, 1.3, 0.06), noise=0.05, seed=1, ramp=2)
    low = fit(well, fit=F.FitOptions(dmin=DMIN, b_max=0.6))
    for name in ("hyperbolic", "modified_hyperbolic"):
        assert low.fits[name]["model"] == name
    assert low.curve.spec()["b"] <= 0.6 + 1e-12
    high = fit(well, fit=F.FitOptions(dmin=DMIN, b_min=1.5, b_max=2.0))
    assert 1.5 - 1e-12 <= high.curve.spec()["b"] <= 2.0


@pytest.mark.parametrize(
    "models", [F.DEFAULT_SET, ("harmonic",), ("hyperbolic",), ("thm",), ("se",)]
)
def test_a_stated_dmin_holds_for_every_model_and_every_forecast_month(models):
    well = make_well(Truth(800.0, 2.5, 1.5, 0.0), noise=0.03, seed=2, ramp=1)
    dmin = -math.log(1 - 0.10)
    result = fit(well, models=models, fit=F.FitOptions(dmin=dmin, dmin_everywhere=True))
    forecast = result.forecast
    t = np.linspace(forecast.t_start, forecast.t_stop, 400)
    assert np.all(result.curve.decline(t) >= dmin * (1 - 1e-9))
    # Month to month, the rate at each forecast month's start falls at least at Dmin.
    starts = forecast.start - result.origin_day
    rates = result.curve.rate(starts)
    monthly = np.log(rates[:-1] / rates[1:]) / (np.diff(starts) / 365.25)
    assert np.all(monthly >= dmin * (1 - 1e-9))


def test_best_prefers_the_terminal_decline_over_a_harmonic_tail_on_a_near_tie():
    well = make_well(Truth(700.0, 1.2, 1.0, 0.06), months=48, noise=0.05, seed=4)
    result = fit(well)
    fits = result.fits
    assert fits["harmonic"]["aic"] <= fits["modified_hyperbolic"]["aic"]  # fewer parameters
    assert fits["modified_hyperbolic"]["aic"] - fits["harmonic"]["aic"] < F.AIC_TIE
    assert result.family == "modified_hyperbolic"
    assert "terminal decline" in result.why


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def test_the_tool_recovers_a_well_and_states_the_model_and_why(ctx):
    well = make_well(Truth(800.0, 1.8, 0.9, 0.06), noise=0.05, seed=3, ramp=2)
    row = upload_row(ctx, "w.csv", well.frame().to_csv(index=False).encode())
    result = P.fit_decline(ctx, rowid=row.rowid, economic_limit=5.0)
    record = result["wells"][0]
    assert record["model"] == "modified_hyperbolic"
    assert record["eur_bbl"] == pytest.approx(well.true_eur(limit=5.0), rel=0.02)
    assert record["model_choice"] in result["summary"]
    assert "modified hyperbolic" in result["summary"]
