"""Decline curves: closed-form Arps and petbox-dca agree, conventions round-trip, fits
recover known parameters, and the tools cope with real-world histories."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

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


def test_fit_decline_copes_with_shut_ins_unsorted_dates_gaps_and_a_ramp_up(ctx):
    rng = np.random.default_rng(5)
    truth = P.DeclineModel("hyperbolic", 600.0, 1.2, 1.0)
    starts, decline = monthly_history(truth, "2021-02-01", 35, rng, noise=0.0)
    starts = starts.insert(0, pd.Timestamp("2021-01-01"))
    volumes = np.r_[decline[0] * 0.3, decline]  # a ramp-up month, then the decline
    volumes[9] = 0.0  # shut in
    volumes[14] = np.nan  # not reported
    frame = pd.DataFrame({"date": starts.strftime("%m/%d/%Y"), "oil": volumes})
    frame = frame.drop(index=[20, 21])  # two months missing from the file
    frame = frame.sample(frac=1.0, random_state=1)  # shuffled
    result = P.fit_decline(ctx, rowid=upload(ctx, frame), model="harmonic", chart=False)
    well = result["wells"][0]
    # Exact data: the harmonic from the peak (Feb 2021) comes back exactly, because time
    # stays true across the gap and the shut-ins, and each month's rate is its volume over
    # its own days.
    assert well["peak_date"] == "2021-02-01" == well["fit_start"]
    assert well["qi_bbl_d"] == pytest.approx(600.0, rel=1e-6)
    assert well["di_nominal_per_yr"] == pytest.approx(1.2, rel=1e-6)
    assert well["points_excluded"] == 2
    assert well["points_fitted"] == 36 - 1 - 2 - 2
    text = result["summary"]
    assert "sorted" in text and "shut-in" in text and "missing" in text and "peak" in text


def test_every_input_has_a_value_a_unit_and_a_source_and_every_default_is_named(ctx):
    rng = np.random.default_rng(3)
    starts, volumes = monthly_history(
        P.DeclineModel("hyperbolic", 500.0, 1.4, 0.9), "2021-01-01", 30, rng
    )
    frame = pd.DataFrame(
        {"Prod Month": starts.strftime("%Y-%m"), "Oil (bbl)": volumes, "Days On": 30}
    )
    result = P.fit_decline(ctx, rowid=upload(ctx, frame), economic_limit=8, chart=False)
    inputs = {i["name"]: i for i in result["inputs"]}
    for item in result["inputs"]:
        assert set(item) == {"name", "label", "value", "unit", "source", "detail"}
        assert item["source"] in {"stated", "file", "default", "derived"}
    assert inputs["economic_limit"]["value"] == 8 and inputs["economic_limit"]["source"] == "stated"
    assert inputs["economic_limit"]["unit"] == "bbl/d"
    assert inputs["column"]["value"] == "'Oil (bbl)'" and inputs["column"]["source"] == "file"
    assert inputs["date_column"]["value"] == "'Prod Month'"
    assert inputs["on_time"]["value"] == "'Days On'" and inputs["on_time"]["source"] == "file"
    for name in ("models", "dmin", "horizon_years", "b_bounds", "fit_start", "fit_on"):
        assert inputs[name]["source"] == "default"
    assumptions = " ".join(result["assumptions"])
    assert "6%/yr tangent-effective" in assumptions
    assert "30 years" in assumptions
    assert "producing day" in assumptions
    conventions = " ".join(result["conventions"])
    assert "secant-effective" in conventions and "AIC" in conventions
    # Stated figures are never listed as defaults.
    stated = P.fit_decline(
        ctx, rowid=upload(ctx, frame), dmin=0.08, horizon_years=25, b_max=1.5, chart=False
    )
    inputs = {i["name"]: i for i in stated["inputs"]}
    assert inputs["dmin"]["source"] == "stated" and inputs["dmin"]["value"] == 0.08
    assert inputs["horizon_years"]["source"] == "stated"
    assert inputs["b_bounds"]["source"] == "stated"
    assert not any("6%/yr" in a for a in stated["assumptions"])


def test_producing_days_normalise_the_rates(ctx):
    starts = pd.date_range("2020-01-01", periods=36, freq="MS")
    edges = np.r_[0.0, np.cumsum(starts.days_in_month.to_numpy(float))]
    model = P.DeclineModel("exponential", 400.0, 0.5)
    full = np.diff(model.cum(edges))
    on_days = np.where(np.arange(36) % 5 == 0, 15.0, starts.days_in_month.to_numpy(float))
    # A month produced on 15 days makes 15 days' worth of the month's average rate.
    volumes = full / starts.days_in_month.to_numpy(float) * on_days
    frame = pd.DataFrame({"date": starts, "oil": volumes, "producing_days": on_days})
    result = P.fit_decline(ctx, rowid=upload(ctx, frame), model="exponential", chart=False)
    well = result["wells"][0]
    assert well["qi_bbl_d"] == pytest.approx(400.0, rel=1e-6)
    assert well["di_nominal_per_yr"] == pytest.approx(0.5, rel=1e-6)
    assert well["rates_per"] == "producing days"
    raw = P.fit_decline(
        ctx, rowid=upload(ctx, frame), model="exponential", normalise_on_time=False, chart=False
    )
    assert raw["wells"][0]["qi_bbl_d"] < 400.0 * 0.95


def test_the_fit_is_fanned_out_one_well_per_item(ctx):
    from agents.jobs import FanOut
    from agents.tools.registry import get_tool

    rng = np.random.default_rng(1)
    frames = []
    for name in ("A", "B", "C"):
        starts, volumes = monthly_history(
            P.DeclineModel("exponential", 200.0, 0.4), "2020-01-01", 24, rng
        )
        frames.append(pd.DataFrame({"well": name, "date": starts, "oil": volumes}))
    rowid = upload(ctx, pd.concat(frames))
    plan = get_tool("fit_decline").func(ctx, rowid=rowid, chart=False)
    assert isinstance(plan, FanOut)
    assert plan.total == 3
    assert plan.each == "agents.tools.forecasting.pipeline:forecast_well_item"
    assert [item["well"] for item in plan.items] == ["A", "B", "C"]
    assert P.fit_decline(ctx, rowid=rowid, chart=False)["wells_total"] == 3


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


def test_a_well_that_cannot_be_fitted_is_named_and_the_others_are_fitted(ctx):
    rng = np.random.default_rng(2)
    starts, volumes = monthly_history(
        P.DeclineModel("exponential", 200.0, 0.4), "2020-01-01", 24, rng
    )
    good = pd.DataFrame({"well": "Good 1", "date": starts, "oil": volumes})
    short = pd.DataFrame({"well": "Short 2", "date": starts[:3], "oil": volumes[:3]})
    result = P.fit_decline(ctx, rowid=upload(ctx, pd.concat([good, short])), chart=False)
    assert [w["well"] for w in result["wells"]] == ["Good 1"]
    assert result["failures"] and result["failures"][0].startswith("Short 2")
    assert "Not fitted: Short 2" in result["summary"]


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
