"""Decline curves: closed-form Arps and petbox-dca agree, conventions round-trip, fits
recover known parameters, and the tools cope with real-world histories."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
from petbox import dca

from agents.tools import production as P
from agents.tools.registry import ToolError
from tests.factories import tool_context, upload_row

REL = 1e-6


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def upload(ctx, frame: pd.DataFrame, name: str = "prod.csv") -> int:
    return upload_row(ctx, name, frame.to_csv(index=False).encode()).rowid


def read_csv_row(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def monthly_history(model: P.DeclineModel, start: str, months: int, rng, noise=0.04):
    """Monthly volumes that integrate ``model`` exactly over each calendar month, with noise."""
    starts = pd.date_range(start, periods=months, freq="MS")
    edges = np.r_[0.0, np.cumsum(starts.days_in_month.to_numpy(float))]
    volumes = np.diff(model.cum(edges)) * np.exp(rng.normal(0, noise, months))
    return starts, volumes


# --------------------------------------------------------------------------- closed forms


def test_exponential_rate_and_cumulative_match_closed_form_and_petbox():
    qi, d = 800.0, 0.3
    t_years = np.array([0.0, 0.5, 1.0, 3.0, 10.0])
    model = P.DeclineModel("exponential", qi, d)
    expected_rate = qi * np.exp(-d * t_years)
    expected_cum = (qi - expected_rate) / d * 365.25
    np.testing.assert_allclose(P.arps_rate(t_years, qi, d, 0), expected_rate, rtol=REL)
    np.testing.assert_allclose(P.arps_cum(t_years, qi, d, 0), expected_cum, rtol=REL)
    np.testing.assert_allclose(model.rate(t_years * 365.25), expected_rate, rtol=REL)
    np.testing.assert_allclose(model.cum(t_years * 365.25), expected_cum, rtol=REL, atol=1e-9)


def test_hyperbolic_and_harmonic_formulas_match_petbox():
    qi, d, b = 1200.0, 1.8, 1.3
    t_years = np.array([0.1, 1.0, 2.5, 7.0, 20.0])
    rate = qi * (1 + b * d * t_years) ** (-1 / b)
    cum = qi**b / ((1 - b) * d) * (qi ** (1 - b) - rate ** (1 - b)) * 365.25
    petbox = dca.MH(qi=qi, Di=P.secant_from_nominal(d, b), bi=b)
    np.testing.assert_allclose(P.arps_rate(t_years, qi, d, b), rate, rtol=REL)
    np.testing.assert_allclose(P.arps_cum(t_years, qi, d, b), cum, rtol=REL)
    np.testing.assert_allclose(petbox.rate(t_years * 365.25), rate, rtol=REL)
    np.testing.assert_allclose(petbox.cum(t_years * 365.25), cum, rtol=REL)

    harmonic_rate = qi / (1 + d * t_years)
    harmonic_cum = qi / d * np.log(qi / harmonic_rate) * 365.25
    model = P.DeclineModel("harmonic", qi, d, 1.0)
    np.testing.assert_allclose(model.rate(t_years * 365.25), harmonic_rate, rtol=REL)
    np.testing.assert_allclose(model.cum(t_years * 365.25), harmonic_cum, rtol=REL)
    np.testing.assert_allclose(P.arps_cum(t_years, qi, d, 1.0), harmonic_cum, rtol=REL)


def test_modified_hyperbolic_switches_to_the_terminal_exponential_like_petbox():
    qi, d, b, dlim = 1000.0, 2.5, 1.4, P.nominal_from_tangent(0.06)
    model = P.DeclineModel("modified_hyperbolic", qi, d, b, dlim)
    t_switch = (d / dlim - 1) / (b * d)
    q_switch = qi * (1 + b * d * t_switch) ** (-1 / b)
    t_years = np.array([0.5, t_switch * 0.9, t_switch, t_switch + 3.0, t_switch + 15.0])
    expected = np.where(
        t_years <= t_switch,
        qi * (1 + b * d * np.minimum(t_years, t_switch)) ** (-1 / b),
        q_switch * np.exp(-dlim * (t_years - t_switch)),
    )
    np.testing.assert_allclose(model.closed_form_rate(t_years * 365.25), expected, rtol=REL)
    np.testing.assert_allclose(model.rate(t_years * 365.25), expected, rtol=REL)
    assert model.switch_days() == pytest.approx(t_switch * 365.25, rel=REL)
    # Past the switch the cumulative grows by the exponential's closed form.
    late = model.cum(np.array([t_switch, t_switch + 3.0]) * 365.25)
    grown = q_switch * (1 - math.exp(-dlim * 3.0)) / dlim * 365.25
    assert late[1] - late[0] == pytest.approx(grown, rel=REL)


def test_time_at_rate_inverts_the_rate():
    for model in (
        P.DeclineModel("exponential", 500, 0.4),
        P.DeclineModel("hyperbolic", 500, 1.2, 0.8),
        P.DeclineModel("modified_hyperbolic", 500, 2.0, 1.5, 0.07),
    ):
        t = model.time_at_rate(12.5)
        assert model.rate(np.array([t]))[0] == pytest.approx(12.5, rel=REL)


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("b", [0.0, 0.5, 1.0, 1.7])
def test_decline_conventions_round_trip(b):
    for nominal in (0.05, 0.3, 1.0, 4.0):
        secant = P.secant_from_nominal(nominal, b)
        tangent = P.tangent_from_nominal(nominal)
        assert P.nominal_from_secant(secant, b) == pytest.approx(nominal, rel=1e-9)
        assert P.nominal_from_tangent(tangent) == pytest.approx(nominal, rel=1e-9)
        assert P.to_nominal(secant, "secant_effective", b) == pytest.approx(nominal, rel=1e-9)
        # petbox-dca's own conversions agree with ours.
        assert dca.MH.nominal_from_secant(secant, b) == pytest.approx(nominal, rel=1e-9)


def test_secant_effective_is_the_real_one_year_drop():
    # 25% a year secant-effective: the rate a year on is 75% of qi, whatever b is.
    for b in (0.0, 0.6, 1.0, 1.5):
        nominal = P.to_nominal(0.25, "secant_effective", b)
        model = P.DeclineModel("hyperbolic" if b else "exponential", 800, nominal, b)
        assert model.rate(np.array([365.25]))[0] == pytest.approx(600.0, rel=REL)
    assert P.tangent_from_nominal(0.3) == pytest.approx(1 - math.exp(-0.3), rel=REL)


# --------------------------------------------------------------------------- fitting


def test_hyperbolic_fit_recovers_known_parameters_from_noisy_data():
    rng = np.random.default_rng(7)
    truth = P.DeclineModel("hyperbolic", 950.0, 1.6, 0.9)
    t = np.arange(48) * 30.44 + 15
    q = truth.rate(t) * np.exp(rng.normal(0, 0.03, t.size))
    fit = P.fit_model(t, q, "hyperbolic")
    assert fit.model.qi == pytest.approx(950.0, rel=0.05)
    assert fit.model.d == pytest.approx(1.6, rel=0.12)
    assert fit.model.b == pytest.approx(0.9, abs=0.12)
    assert fit.rmse_log == pytest.approx(0.03, abs=0.01)


def test_exponential_data_is_best_fitted_by_an_exponential():
    rng = np.random.default_rng(11)
    truth = P.DeclineModel("exponential", 400.0, 0.35)
    t = np.arange(60) * 30.44 + 15
    q = truth.rate(t) * np.exp(rng.normal(0, 0.03, t.size))
    fits = {k: P.fit_model(t, q, k, dlim=P.nominal_from_tangent(0.06)) for k in P.MODELS}
    assert P.choose_best(fits) == "exponential"
    assert fits["exponential"].model.d == pytest.approx(0.35, rel=0.05)


def test_modified_hyperbolic_fit_sees_the_terminal_decline():
    rng = np.random.default_rng(3)
    dlim = P.nominal_from_tangent(0.10)
    truth = P.DeclineModel("modified_hyperbolic", 700.0, 3.0, 1.5, dlim)
    t = np.arange(120) * 30.44 + 15  # ten years: well past the switch
    q = truth.rate(t) * np.exp(rng.normal(0, 0.02, t.size))
    fits = {k: P.fit_model(t, q, k, dlim=dlim) for k in P.MODELS}
    assert P.choose_best(fits) == "modified_hyperbolic"
    assert fits["modified_hyperbolic"].model.b == pytest.approx(1.5, abs=0.15)
    assert fits["modified_hyperbolic"].aic < fits["hyperbolic"].aic


# --------------------------------------------------------------------------- series


def test_series_handles_shut_ins_unsorted_dates_gaps_and_a_ramp_up():
    rng = np.random.default_rng(5)
    truth = P.DeclineModel("hyperbolic", 600.0, 1.2, 1.0)
    starts, volumes = monthly_history(truth, "2021-01-01", 36, rng, noise=0.0)
    volumes = np.r_[volumes[0] * 0.3, volumes[:-1]]  # a ramp-up month, then the decline
    volumes[9] = 0.0  # shut in
    volumes[14] = np.nan  # not reported
    frame = pd.DataFrame({"date": starts.strftime("%m/%d/%Y"), "oil": volumes})
    frame = frame.drop(index=[20, 21])  # two months missing from the file
    frame = frame.sample(frac=1.0, random_state=1)  # shuffled
    series = P.build_series(frame["date"], frame["oil"], values_are="volumes")
    assert series.frequency == "monthly"
    assert series.origin == pd.Timestamp("2021-02-01")
    assert series.peak_index == 1
    assert series.excluded == 2
    points = series.fit_points
    assert len(points) == 36 - 1 - 2 - 2
    # Time stays true across the gap: Feb 2021 -> Dec 2022 is 668 days, plus half of December.
    dec_2022 = points[points["period_start"] == pd.Timestamp("2022-12-01")]
    assert dec_2022["t_mid"].iloc[0] == pytest.approx(668 + 15.5)
    # Rates are volumes divided by the month's own days (February 2021: 28).
    feb = series.frame[series.frame["period_start"] == pd.Timestamp("2021-02-01")]
    assert feb["rate"].iloc[0] == pytest.approx(feb["volume"].iloc[0] / 28)
    text = " ".join(series.notes)
    assert "sorted" in text and "shut-in" in text and "missing" in text and "peak" in text


# --------------------------------------------------------------------------- tools


def test_fit_decline_on_one_well_writes_forecast_and_chart_rows(ctx):
    rng = np.random.default_rng(21)
    truth = P.DeclineModel("hyperbolic", 800.0, 1.5, 0.8)
    starts, volumes = monthly_history(truth, "2022-01-01", 36, rng, noise=0.02)
    rowid = upload(ctx, pd.DataFrame({"Date": starts.strftime("%Y-%m-%d"), "Oil (bbl)": volumes}))
    result = ctx_tool = P.fit_decline(ctx, rowid=rowid, model="hyperbolic", economic_limit=10)
    assert ctx_tool["phase"] == "oil"
    well = result["wells"][0]
    assert well["model"] == "hyperbolic"
    assert well["b"] == pytest.approx(0.8, abs=0.15)
    assert well["qi_bbl_d"] == pytest.approx(800, rel=0.08)
    assert well["stopped_by"] == "economic limit"
    history = float(np.sum(volumes))
    assert well["history_bbl"] == pytest.approx(history, rel=1e-9)
    assert well["eur_bbl"] == pytest.approx(history + well["remaining_bbl"], rel=1e-9)
    # The forecast stops at 10 bbl/d: its remaining volume is the model's cum difference.
    model = P.DeclineModel("hyperbolic", well["qi_bbl_d"], well["di_nominal_per_yr"], well["b"])
    t_end = (pd.Timestamp("2025-01-01") - pd.Timestamp("2022-01-01")).days
    expected = model.cum(np.array([model.time_at_rate(10.0)]))[0] - model.cum(np.array([t_end]))[0]
    assert well["remaining_bbl"] == pytest.approx(expected, rel=1e-6)
    table = read_csv_row(ctx, result["forecast_rowid"])
    assert set(table["segment"]) == {"history", "forecast"}
    assert table.loc[table["segment"] == "forecast", "oil_bbl"].sum() == pytest.approx(
        well["remaining_bbl"], rel=1e-5
    )
    chart = ctx.conversation.rows.get(rowid=result["chart_rowid"])
    assert chart.type == "chart"
    with chart.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert "monthly volumes were turned into daily rates" in result["summary"]
    assert "nominal" in result["summary"] and "secant-effective" in result["summary"]
    assert any("Fitting" in line for line in ctx.logs)


def test_fit_decline_on_a_multi_well_file_fits_each_well_and_writes_a_summary(ctx):
    rng = np.random.default_rng(99)
    frames = []
    truths = {
        "Alpha 1H": (900.0, 2.0, 1.2),
        "Bravo 2H": (500.0, 0.8, 0.5),
        "Charlie 3": (300.0, 0.4, 0.0),
    }
    for index, (name, (qi, d, b)) in enumerate(truths.items()):
        kind = "exponential" if b == 0 else "hyperbolic"
        starts, volumes = monthly_history(P.DeclineModel(kind, qi, d, b), "2021-06-01", 40, rng)
        volumes[12 + index] = 0.0
        frames.append(
            pd.DataFrame(
                {
                    "Well Name": name,
                    "API": f"42-000-{index:05d}",
                    "Prod Date": starts.strftime("%Y-%m-%d"),
                    "Oil BBL": volumes,
                    "Gas MCF": volumes * 1.5,
                }
            )
        )
    file = pd.concat(frames).sample(frac=1.0, random_state=4)
    rowid = upload(ctx, file)
    result = P.fit_decline(ctx, rowid=rowid, chart=False, horizon_years=20)
    assert [w["well"] for w in result["wells"]] == sorted(truths)
    summary = read_csv_row(ctx, result["summary_rowid"])
    assert list(summary["well"]) == sorted(truths)
    for column in (
        "model",
        "qi_bbl_d",
        "di_nominal_per_yr",
        "di_tangent_effective",
        "di_secant_effective",
        "b",
        "eur_bbl",
        "rmse_log_rate",
    ):
        assert column in summary.columns
    by_well = summary.set_index("well")
    assert by_well.loc["Alpha 1H", "qi_bbl_d"] == pytest.approx(900, rel=0.1)
    assert by_well.loc["Charlie 3", "di_nominal_per_yr"] == pytest.approx(0.4, rel=0.15)
    assert (by_well["points_excluded"] == 1).all()
    forecast = read_csv_row(ctx, result["forecast_rowid"])
    assert set(forecast["well"]) == set(truths)


def test_fit_decline_fits_gas_or_boe_when_asked(ctx):
    rng = np.random.default_rng(8)
    starts, oil = monthly_history(P.DeclineModel("exponential", 100.0, 0.5), "2020-01-01", 30, rng)
    gas = oil * 6.0
    rowid = upload(
        ctx, pd.DataFrame({"month": starts.strftime("%Y-%m"), "oil_bbl": oil, "gas_mcf": gas})
    )
    gas_fit = P.fit_decline(ctx, rowid=rowid, phase="gas", model="exponential", chart=False)
    assert gas_fit["unit"] == "mcf"
    assert gas_fit["wells"][0]["history_mcf"] == pytest.approx(gas.sum(), rel=1e-9)
    boe_fit = P.fit_decline(ctx, rowid=rowid, phase="boe", model="exponential", chart=False)
    assert boe_fit["wells"][0]["history_BOE"] == pytest.approx(2 * oil.sum(), rel=1e-9)
    assert "6 mcf" in boe_fit["summary"]


def test_fit_decline_reads_daily_rates(ctx):
    days = pd.date_range("2023-01-01", periods=400, freq="D")
    t = np.arange(400) + 0.5
    rates = 250 * np.exp(-0.6 * t / 365.25)
    rowid = upload(ctx, pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "oil_rate_bopd": rates}))
    result = P.fit_decline(ctx, rowid=rowid, model="exponential", chart=False)
    well = result["wells"][0]
    assert well["qi_bbl_d"] == pytest.approx(250, rel=1e-4)
    assert well["di_nominal_per_yr"] == pytest.approx(0.6, rel=1e-4)
    assert well["history_bbl"] == pytest.approx(rates.sum(), rel=1e-9)


def test_fit_decline_asks_for_what_is_missing(ctx):
    no_dates = upload(ctx, pd.DataFrame({"oil": [100, 90, 80, 70, 60]}))
    with pytest.raises(ToolError, match="date column"):
        P.fit_decline(ctx, rowid=no_dates)
    short = upload(
        ctx,
        pd.DataFrame({"date": ["2020-01-01", "2020-02-01", "2020-03-01"], "oil": [100, 90, 80]}),
    )
    with pytest.raises(ToolError, match="at least 4"):
        P.fit_decline(ctx, rowid=short)
    with pytest.raises(ToolError, match="no row 99"):
        P.fit_decline(ctx, rowid=99)


def test_forecast_decline_for_a_well_at_800_declining_25_percent_a_year(ctx):
    result = P.forecast_decline(
        ctx,
        qi=800,
        decline=0.25,
        decline_convention="tangent_effective",
        horizon_years=10,
        at_years=[1, 5],
        start_date="2025-01",
    )
    d = -math.log(0.75)
    assert result["parameters"]["di"]["nominal"] == pytest.approx(d, rel=REL)
    one_year = result["at"][0]
    assert one_year["rate"] == pytest.approx(600.0, rel=REL)
    assert one_year["cumulative"] == pytest.approx((800 - 600) / d * 365.25, rel=REL)
    assert result["eur"] == pytest.approx(800 * (1 - math.exp(-d * 10)) / d * 365.25, rel=REL)
    assert "25.0%/yr tangent-effective" in result["summary"]
    table = read_csv_row(ctx, result["forecast_rowid"])
    assert table["oil_bbl"].sum() == pytest.approx(result["eur"], rel=1e-6)
    assert table["date"].iloc[0] == "2025-01-01"


def test_forecast_decline_with_terminal_decline_and_economic_limit(ctx):
    result = P.forecast_decline(
        ctx,
        qi=1500,
        decline=0.7,
        decline_convention="secant_effective",
        b=1.2,
        dlim=0.08,
        economic_limit=15,
        horizon_years=60,
        start_date="2024-06-01",
    )
    d = P.nominal_from_secant(0.7, 1.2)
    dlim = P.nominal_from_tangent(0.08)
    model = P.DeclineModel("modified_hyperbolic", 1500, d, 1.2, dlim)
    t_limit = model.time_at_rate(15)
    assert result["stopped_by"] == "economic limit"
    assert result["final_rate"] == pytest.approx(15, rel=1e-6)
    assert result["eur"] == pytest.approx(model.cum(np.array([t_limit]))[0], rel=1e-6)
    assert result["parameters"]["dlim"]["tangent_effective"] == pytest.approx(0.08, rel=REL)


def test_forecast_decline_refuses_an_effective_decline_above_one(ctx):
    with pytest.raises(ToolError, match="below 1"):
        P.forecast_decline(ctx, qi=800, decline=25, decline_convention="secant_effective")
    with pytest.raises(ToolError, match="terminal decline must be lower"):
        P.forecast_decline(
            ctx,
            qi=800,
            decline=0.1,
            decline_convention="nominal",
            b=1,
            dlim=0.5,
            dlim_convention="nominal",
        )
