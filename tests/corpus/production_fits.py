"""Fits of uploaded histories in plain words: the well by name, b bounds, terminal declines
with their convention, where the fit starts, months left out, model families, secondary
phases, P10/P50/P90, hindcasts, type curves, diagnostics and the parameter export.

The histories (``production_files``) are petbox-dca curves with known parameters, so the
figures are the true ones: EURs from petbox-dca's cumulative, ratios times the oil EUR,
held-out volumes summed from the file, type-curve EUR percentiles with numpy.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.corpus import production_files as files
from tests.corpus.production_reference import Case

FIT = {"kind": "fit_decline", "tool": "fit_decline"}
EUR = {"kind": "forecast_decline", "tool": "fit_decline"}


def _hk(name: str):
    return next(w for w in files.hawkins() if w.name == name)


def eur_of(well, *, limit: float | None = None, years: float | None = None) -> float:
    horizon = years if years is not None else (100.0 if limit is not None else 30.0)
    return files.true_eur(well, limit=limit, years=horizon)


def b_within(low: float | None, high: float | None, *, at: float | None = None):
    def check(result):
        for w in result["wells"]:
            assert w["b"] is not None
            if low is not None:
                assert w["b"] >= low - 1e-9, w
            if high is not None:
                assert w["b"] <= high + 1e-9, w
            if at is not None:
                assert w["b"] == pytest.approx(at, abs=1e-3), w

    return check


def model_is(*kinds: str):
    def check(result):
        assert result["wells"][0]["model"] in kinds, result["wells"][0]["model"]

    return check


def hindcast_by_hand(name: str, well, months: int):
    """The held-out volume summed from the file, and the error from the tool's forecast."""

    def check(result):
        h = result["hindcast"][name]
        assert h["ok"] and h["months"] == months
        actual = float(np.sum(well.volumes[-months:]))
        assert h["cum_actual"] == pytest.approx(actual, rel=1e-9)
        assert h["cum_error_pct"] == pytest.approx(
            (h["cum_forecast"] / actual - 1) * 100, rel=1e-9, abs=1e-9
        )
        assert abs(h["cum_error_pct"]) < 1e-3  # a noise-free well predicts its own tail

    return check


def uncertainty_ordered(name: str, method_words: str):
    def check(result):
        u = result["uncertainty"]
        assert method_words in u["method"].lower()
        assert "P10 is the high case" in u["convention"]
        e = u["eur"][name]
        assert e["p10"] >= e["p50"] >= e["p90"] > 0

    return check


def wells_eur(expected: dict[str, float]):
    def check(result):
        got = {
            w["well"]: w[next(k for k in w if k.startswith("eur_") and k.count("_") == 1)]
            for w in result["wells"]
        }
        assert set(got) == set(expected)
        for name, value in expected.items():
            assert got[name] == pytest.approx(value, rel=1e-6), name

    return check


def type_curves(expected: dict[str, tuple[int, float, bool]]):
    """group label -> (wells, P50 of the wells' own EURs, normalised per 1,000 ft)."""

    def check(result):
        curves = {c["group"]: c for c in result["type_curves"]}
        assert set(curves) == set(expected), list(curves)
        for label, (count, p50, normalised) in expected.items():
            c = curves[label]
            assert c["wells"] == count
            assert c["normalised_per_1000ft"] is normalised
            assert c["well_eur"]["p50"] == pytest.approx(p50, rel=1e-6)
            assert c["eur"]["p10"] > c["eur"]["p50"] > c["eur"]["p90"] > 0

    return check


def _basin(county: str | None = None, year: int | None = None):
    return [
        w
        for w in files.basin()
        if (county is None or w.attributes["county"] == county)
        and (year is None or w.starts[0].year == year)
    ]


def p50(values) -> float:
    return float(np.percentile(values, 50))


def raw_eurs(wells, *, limit=None):
    return np.array([eur_of(w, limit=limit) for w in wells])


CASES = [
    # --- the well by its name, however it is written ------------------------------------------
    Case(
        "EUR for Hawkins 2H if we stop at 10 bbl/d",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "economic_limit": 10, "horizon_years": 100},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 2H"), limit=10)},
        shows=("Hawkins 2H", "secant-effective"),
        rel=1e-6,
        **EUR,
    ),
    Case(
        "what's the eur of hawkins 2h, economic limit 10 bopd",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "economic_limit": 10},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 2H"), limit=10)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "HAWKINS 1H EUR TO 5 BOPD",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "economic_limit": 5},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"), limit=5)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "Smith 3H remaining reserves and EUR, abandon at 12 bopd",
        upload="hawkins",
        arguments={"well": "Smith 3H", "economic_limit": 12},
        figures={"wells.0.eur_bbl": eur_of(_hk("Smith 3H"), limit=12)},
        rel=1e-6,
        **EUR,
    ),
    # --- b bounds and terminal declines -------------------------------------------------------
    Case(
        "fit smith 3h, b between 0.5 and 1.2",
        upload="hawkins",
        arguments={"well": "Smith 3H", "b_min": 0.5, "b_max": 1.2},
        figures={"wells.0.b": 0.7, "wells.0.eur_bbl": eur_of(_hk("Smith 3H"))},
        shows=("B bounds: 0.5 to 1.2",),
        rel=1e-6,
        **FIT,
    ),
    Case(
        "Fit Hawkins 1H with b bounded 0.5-1.0 and Dmin 6% secant effective",
        upload="hawkins",
        arguments={
            "well": "Hawkins 1H",
            "b_min": 0.5,
            "b_max": 1.0,
            "dlim": 0.06,
            "dlim_convention": "secant_effective",
        },
        figures={"wells.0.b": 0.9, "wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"))},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "Decline Hawkins 1H with a terminal decline of 6%/yr tangent, to 8 bopd",
        upload="hawkins",
        arguments={
            "well": "Hawkins 1H",
            "dlim": 0.06,
            "dlim_convention": "tangent_effective",
            "economic_limit": 8,
        },
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"), limit=8)},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "EUR for Smith #3H to 10 bopd",
        upload="hawkins",
        arguments={"well": "Smith 3H", "economic_limit": 10},
        figures={"wells.0.eur_bbl": eur_of(_hk("Smith 3H"), limit=10)},
        rel=1e-6,
        **EUR,
    ),
    # b fixed: at the well's true b the fit finds its true curve (petbox-dca's EUR).
    Case(
        "fit Hawkins 2H with b fixed at 1.1",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "b_min": 1.1, "b_max": 1.1},
        check=b_within(1.1, 1.1, at=1.1),
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 2H"))},
        shows=("B bounds: fixed at 1.1",),
        rel=1e-5,
        **FIT,
    ),
    Case(
        "Smith 3H decline, hold b at 0.7, EUR to 12 bopd",
        upload="hawkins",
        arguments={"well": "Smith 3H", "b_min": 0.7, "b_max": 0.7, "economic_limit": 12},
        check=b_within(0.7, 0.7, at=0.7),
        figures={"wells.0.eur_bbl": eur_of(_hk("Smith 3H"), limit=12)},
        rel=1e-5,
        **EUR,
    ),
    Case(
        "hawkins 1h fit w/ the b-factor locked to 0.9",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "b_min": 0.9, "b_max": 0.9},
        check=b_within(0.9, 0.9, at=0.9),
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"))},
        rel=1e-5,
        **FIT,
    ),
    Case(
        "Fit Mustang 1H, fix b = 0.8 (we don't trust the early transient)",
        upload="steep",
        arguments={"b_min": 0.8, "b_max": 0.8},
        check=b_within(0.8, 0.8, at=0.8),
        **FIT,
    ),
    Case(
        "fit Mustang 1H with b between 0.5 and 1.2",
        upload="steep",
        arguments={"b_min": 0.5, "b_max": 1.2},
        check=b_within(0.5, 1.2, at=1.2),
        **FIT,
    ),
    Case(
        "Mustang 1H, cap b at 1.0, EUR to 10 bopd",
        upload="steep",
        arguments={"b_max": 1.0, "economic_limit": 10},
        check=b_within(None, 1.0, at=1.0),
        **EUR,
    ),
    Case(
        "fit Mustang 1H, max b 1.3, min b 0.8",
        upload="steep",
        arguments={"b_min": 0.8, "b_max": 1.3},
        check=b_within(0.8, 1.3, at=1.3),
        **FIT,
    ),
    Case(
        "Mustang 1H decline fit with 0.5 < b < 1.5",
        upload="steep",
        arguments={"b_min": 0.5, "b_max": 1.5},
        check=b_within(0.5, 1.5, at=1.5),
        **FIT,
    ),
    Case(
        "fit every well in the file, b no higher than 1.0",
        upload="hawkins",
        arguments={"b_max": 1.0},
        check=b_within(None, 1.0),
        **FIT,
    ),
    Case(
        "Mustang 1H: b-factor no more than 1.1 and Dmin 8% nominal, economic limit 5 bbl/d",
        upload="steep",
        arguments={
            "b_max": 1.1,
            "dlim": 0.08,
            "dlim_convention": "nominal",
            "economic_limit": 5,
        },
        check=b_within(None, 1.1, at=1.1),
        **FIT,
    ),
    # --- model families -----------------------------------------------------------------------
    Case(
        "fit Hawkins 2H using the modified hyperbolic only",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "model": "modified_hyperbolic"},
        figures={"wells.0.b": 1.1, "wells.0.eur_bbl": eur_of(_hk("Hawkins 2H"))},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "fit Hawkins 2H, compare all models",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "model": "all"},
        check=lambda r: (
            (
                set(r["fits"]["Hawkins 2H"])
                >= {"exponential", "harmonic", "hyperbolic", "modified_hyperbolic", "thm", "ple"}
            )
            or pytest.fail(str(r["fits"]))
        ),
        **FIT,
    ),
    Case(
        "Fit a THM to Hawkins 1H",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "model": "thm"},
        check=model_is("thm"),
        **FIT,
    ),
    Case(
        "try PLE and Duong on smith 3h",
        upload="hawkins",
        arguments={"well": "Smith 3H", "models": ["ple", "duong"]},
        check=model_is("ple", "duong"),
        **FIT,
    ),
    Case(
        "stretched exponential fit for Hawkins 2H",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "model": "se"},
        check=model_is("se"),
        **FIT,
    ),
    Case(
        "decline Smith 3H with the best model, economic limit 10 bopd",
        upload="hawkins",
        arguments={"well": "Smith 3H", "model": "best", "economic_limit": 10},
        figures={"wells.0.eur_bbl": eur_of(_hk("Smith 3H"), limit=10)},
        rel=1e-6,
        **FIT,
    ),
    # --- secondary phases ---------------------------------------------------------------------
    Case(
        "forecast the Hawkins 1H oil with gas following the oil by GOR, economic limit 10 bopd",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "secondary": ["gas"], "economic_limit": 10},
        figures={
            "wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"), limit=10),
            "wells.0.eur_gas_mcf": eur_of(_hk("Hawkins 1H"), limit=10) * files.GOR / 1000,
        },
        rel=1e-4,
        **EUR,
    ),
    Case(
        "Hawkins 2H EUR to 10 bopd and water by WOR",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "secondary": ["water"]},
        figures={"wells.0.eur_water_bbl": eur_of(_hk("Hawkins 2H"), limit=10) * files.WOR},
        rel=1e-4,
        **EUR,
    ),
    Case(
        "Smith 3H: oil, with gas and water following the oil by GOR and WOR held constant, "
        "to 10 bbl/d",
        upload="hawkins",
        arguments={
            "well": "Smith 3H",
            "secondary": ["gas", "water"],
            "ratio_model": "constant",
        },
        figures={
            "wells.0.eur_gas_mcf": eur_of(_hk("Smith 3H"), limit=10) * files.GOR / 1000,
            "wells.0.eur_water_bbl": eur_of(_hk("Smith 3H"), limit=10) * files.WOR,
        },
        rel=1e-6,
        **FIT,
    ),
    Case(
        "gas EUR for Pecos 12H to 100 mcf/d",
        upload="gas",
        arguments={"phase": "gas", "economic_limit": 100},
        figures={"wells.0.eur_mcf": eur_of(files.gas(), limit=100)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "forecast Pecos 12H gas with condensate following by yield, economic limit 50 Mcf/d",
        upload="gas",
        arguments={"phase": "gas", "secondary": ["oil"], "economic_limit": 50},
        figures={"wells.0.eur_oil_bbl": eur_of(files.gas(), limit=50) * files.YIELD / 1000},
        rel=1e-4,
        **EUR,
    ),
    # --- uncertainty ---------------------------------------------------------------------------
    Case(
        "P10/P50/P90 EUR for Hawkins 1H by residual bootstrap, 200 samples",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "uncertainty": "bootstrap", "samples": 200},
        check=uncertainty_ordered("Hawkins 1H", "bootstrap"),
        shows=("P10 is the high case",),
        **EUR,
    ),
    Case(
        "uncertainty on smith 3h's EUR using parameter covariance",
        upload="hawkins",
        arguments={"well": "Smith 3H", "uncertainty": "covariance"},
        check=uncertainty_ordered("Smith 3H", "covariance"),
        shows=("P10 is the high case",),
        **EUR,
    ),
    Case(
        "PECOS 12H GAS DECLINE, P10/P50/P90 BY BOOTSTRAP",
        upload="gas",
        arguments={"phase": "gas", "uncertainty": "bootstrap"},
        check=uncertainty_ordered("Pecos 12H", "bootstrap"),
        **FIT,
    ),
    # --- hindcasts -----------------------------------------------------------------------------
    Case(
        "hindcast the last 12 months of Hawkins 2H",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "hindcast": True, "hindcast_months": 12},
        check=hindcast_by_hand("Hawkins 2H", _hk("Hawkins 2H"), 12),
        shows=("**Hindcast**",),
        **FIT,
    ),
    Case(
        "backtest smith 3h holding out the last 6 months",
        upload="hawkins",
        arguments={"well": "Smith 3H", "hindcast": True, "hindcast_months": 6},
        check=hindcast_by_hand("Smith 3H", _hk("Smith 3H"), 6),
        **FIT,
    ),
    Case(
        "Longhorn 7H decline with a hindcast",
        upload="curtailed",
        arguments={"hindcast": True},
        check=hindcast_by_hand("Longhorn 7H", files.curtailed(), 12),
        **FIT,
    ),
    # --- diagnostics and export ---------------------------------------------------------------
    Case(
        "Hawkins 1H: diagnostics please (rate vs cum, b-factor plot)",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "diagnostics": True},
        check=lambda r: r["diagnostics_rowid"] or pytest.fail("no diagnostics row"),
        shows=("diagnostic charts",),
        **FIT,
    ),
    Case(
        "fit all three wells and export the parameters as CSV for ARIES",
        upload="hawkins",
        arguments={"export": True},
        check=lambda r: (
            wells_eur({w.name: eur_of(w) for w in files.hawkins()})(r)
            or r["export_rowid"]
            or pytest.fail("no export row")
        ),
        shows=("one row per well and phase",),
        **FIT,
    ),
    # --- where the fit starts, months left out -------------------------------------------------
    Case(
        "EUR of Bluebonnet 4H after the re-frac, to 10 bopd",
        upload="refrac",
        arguments={"fit_start": "last_peak", "economic_limit": 10},
        figures={"wells.0.eur_bbl": eur_of(files.refrac(), limit=10)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "fit bluebonnet 4h from May 2021",
        upload="refrac",
        arguments={"fit_start": "2021-05"},
        figures={"wells.0.eur_bbl": eur_of(files.refrac())},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "Bluebonnet 4H: start the fit in 2021-05, Dmin 6%, to 5 bbl/d",
        upload="refrac",
        arguments={"fit_start": "2021-05", "dlim": 0.06, "economic_limit": 5},
        figures={"wells.0.eur_bbl": eur_of(files.refrac(), limit=5)},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "fit the Bluebonnet well from the first peak as a single segment",
        upload="refrac",
        arguments={"fit_start": "first_peak", "segments": "single"},
        check=lambda r: (
            r["wells"][0]["fit_start"].startswith("2018-02")
            or pytest.fail(r["wells"][0]["fit_start"])
        ),
        **FIT,
    ),
    Case(
        "fit Longhorn 7H excluding March 2022 and Jul-Aug 2022",
        upload="curtailed",
        arguments={"exclude_months": ["2022-03", "2022-07..2022-08"]},
        figures={"wells.0.eur_bbl": eur_of(files.curtailed())},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "Longhorn 7H EUR to 8 bopd, leave out 2022-03, 2022-07 and 2022-08",
        upload="curtailed",
        arguments={"exclude_months": ["2022-03", "2022-07", "2022-08"], "economic_limit": 8},
        figures={"wells.0.eur_bbl": eur_of(files.curtailed(), limit=8)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "ignore the curtailed months 03/2022 and 07/2022 to 08/2022 when you fit Longhorn 7H",
        upload="curtailed",
        arguments={"exclude_months": ["2022-03", "2022-07..2022-08"]},
        figures={"wells.0.eur_bbl": eur_of(files.curtailed())},
        rel=1e-6,
        **FIT,
    ),
    # --- type curves ---------------------------------------------------------------------------
    Case(
        "type curve of the Karnes county wells",
        upload="basin",
        arguments={
            "type_curve": True,
            "type_curve_filter_column": "county",
            "type_curve_filter_value": "Karnes",
        },
        check=type_curves(
            {"county = Karnes": (4, p50(files.normalised_eurs(_basin("Karnes"))), True)}
        ),
        **FIT,
    ),
    Case(
        "type curves by county, per 1,000 ft of lateral",
        upload="basin",
        arguments={"type_curve": True, "type_curve_group_by": "county", "normalise_lateral": True},
        check=type_curves(
            {
                "county = DeWitt": (4, p50(files.normalised_eurs(_basin("DeWitt"))), True),
                "county = Karnes": (4, p50(files.normalised_eurs(_basin("Karnes"))), True),
            }
        ),
        shows=("**Type curves**", "P10 is the high case"),
        **FIT,
    ),
    Case(
        "build a type well from all the wells, not normalised",
        upload="basin",
        arguments={"type_curve": True, "normalise_lateral": False},
        check=type_curves({"all wells": (8, p50(raw_eurs(files.basin())), False)}),
        **FIT,
    ),
    Case(
        "type curve by first production year",
        upload="basin",
        arguments={"type_curve": True, "type_curve_group_by": "first_production_year"},
        check=type_curves(
            {
                "first_production_year = 2019": (
                    4,
                    p50(files.normalised_eurs(_basin(year=2019))),
                    True,
                ),
                "first_production_year = 2020": (
                    4,
                    p50(files.normalised_eurs(_basin(year=2020))),
                    True,
                ),
            }
        ),
        **FIT,
    ),
    Case(
        "Type curve for DeWitt wells per 1000 ft, economic limit 5 bopd",
        upload="basin",
        arguments={
            "type_curve": True,
            "type_curve_filter_value": "DeWitt",
            "normalise_lateral": True,
            "economic_limit": 5,
        },
        check=type_curves(
            {"county = DeWitt": (4, p50(files.normalised_eurs(_basin("DeWitt"), limit=5)), True)}
        ),
        **FIT,
    ),
    # --- more phrasings, written fresh ----------------------------------------------------------
    Case(
        "fit hawkins 1h with b capped at 1.2 and the last 12 months held out",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "b_max": 1.2, "hindcast": True, "hindcast_months": 12},
        check=hindcast_by_hand("Hawkins 1H", _hk("Hawkins 1H"), 12),
        **FIT,
    ),
    Case(
        "Hawkins 1H P90 EUR",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "uncertainty": "bootstrap"},
        check=uncertainty_ordered("Hawkins 1H", "bootstrap"),
        **EUR,
    ),
    Case(
        "fit the gas for Pecos 12H excluding Jan 2022",
        upload="gas",
        arguments={"phase": "gas", "exclude_months": ["2022-01"]},
        **FIT,
    ),
    Case(
        "EUR for hawkins-2h, limit 10 bopd",
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "economic_limit": 10},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 2H"), limit=10)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "fit the Longhorn well, skip 2022-03 and 2022-07 through 2022-08, to 8 bbl/d",
        upload="curtailed",
        arguments={"exclude_months": ["2022-03", "2022-07..2022-08"], "economic_limit": 8},
        figures={"wells.0.eur_bbl": eur_of(files.curtailed(), limit=8)},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "DeWitt type curve per 1,000'",
        upload="basin",
        arguments={
            "type_curve": True,
            "type_curve_filter_value": "DeWitt",
            "normalise_lateral": True,
        },
        check=type_curves(
            {"county = DeWitt": (4, p50(files.normalised_eurs(_basin("DeWitt"))), True)}
        ),
        **FIT,
    ),
    Case(
        "type curves per county for oil, not lateral normalised",
        upload="basin",
        arguments={
            "type_curve": True,
            "type_curve_group_by": "county",
            "normalise_lateral": False,
            "phase": "oil",
        },
        check=type_curves(
            {
                "county = DeWitt": (4, p50(raw_eurs(_basin("DeWitt"))), False),
                "county = Karnes": (4, p50(raw_eurs(_basin("Karnes"))), False),
            }
        ),
        **FIT,
    ),
    Case(
        "Bluebonnet 4H: fit since the refrac with Dmin 0.06 nominal and export for ComboCurve",
        upload="refrac",
        arguments={
            "fit_start": "last_peak",
            "dlim": 0.06,
            "dlim_convention": "nominal",
            "export": True,
        },
        check=lambda r: r["export_rowid"] or pytest.fail("no export row"),
        **FIT,
    ),
    Case(
        "fit Hawkins 1H, no normalising by producing days",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "normalise_on_time": False},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"))},
        rel=1e-6,
        **FIT,
    ),
    Case(
        "decline curve for Mustang 1H, b between 0.8 and 1.4, hindcast 12 months",
        upload="steep",
        arguments={"b_min": 0.8, "b_max": 1.4, "hindcast": True, "hindcast_months": 12},
        check=b_within(0.8, 1.4),
        **FIT,
    ),
    Case(
        "SMITH 3H DCA W/ DUONG",
        upload="hawkins",
        arguments={"well": "Smith 3H", "model": "duong"},
        check=model_is("duong"),
        **FIT,
    ),
    Case(
        "Whats the EUR of Hawkins 1H w/ the modified hyperbolic, terminal decline 6% and an "
        "economic limit of 10 bopd? show the diagnostics too",
        upload="hawkins",
        arguments={
            "well": "Hawkins 1H",
            "model": "modified_hyperbolic",
            "dlim": 0.06,
            "economic_limit": 10,
            "diagnostics": True,
        },
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"), limit=10)},
        rel=1e-6,
        **EUR,
    ),
    # --- follow-ups change one control of the last fit ----------------------------------------
    Case(
        "and with a 15 bopd limit instead",
        before=("EUR for Hawkins 2H if we stop at 10 bbl/d",),
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "economic_limit": 15},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 2H"), limit=15)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "what about b between 0.5 and 1.0?",
        before=("EUR for Hawkins 2H if we stop at 10 bbl/d",),
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "b_min": 0.5, "b_max": 1.0, "economic_limit": 10},
        check=b_within(0.5, 1.0, at=1.0),
        **EUR,
    ),
    Case(
        "and with Dmin 8%?",
        before=("fit smith 3h, b between 0.5 and 1.2",),
        upload="hawkins",
        arguments={"well": "smith 3h", "b_min": 0.5, "b_max": 1.2, "dlim": 0.08},
        check=lambda r: r["wells"][0]["well"] == "Smith 3H" or pytest.fail(r["wells"]),
        **FIT,
    ),
    Case(
        "now hindcast the last 6 months",
        before=("EUR for Hawkins 2H if we stop at 10 bbl/d",),
        upload="hawkins",
        arguments={"well": "Hawkins 2H", "hindcast_months": 6, "economic_limit": 10},
        check=hindcast_by_hand("Hawkins 2H", _hk("Hawkins 2H"), 6),
        **EUR,
    ),
    # --- upper case, typos, shorthand ---------------------------------------------------------
    Case(
        "EUR FOR SMITH 3H W/ GAS FOLLOWING THE OIL BY GOR, EL 10 BOPD",
        upload="hawkins",
        arguments={"well": "Smith 3H", "secondary": ["gas"], "economic_limit": 10},
        figures={"wells.0.eur_gas_mcf": eur_of(_hk("Smith 3H"), limit=10) * files.GOR / 1000},
        rel=1e-4,
        **EUR,
    ),
    Case(
        "hawkins 1h eur, dmin 6% tangnet, econ limit 8",
        upload="hawkins",
        arguments={"well": "Hawkins 1H", "dlim": 0.06, "economic_limit": 8},
        figures={"wells.0.eur_bbl": eur_of(_hk("Hawkins 1H"), limit=8)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "Longhorn 7H: forcast w/o Mar-22, Jul-22 and Aug-22, EUR to 8 bbl/d",
        upload="curtailed",
        arguments={"exclude_months": ["2022-03", "2022-07", "2022-08"], "economic_limit": 8},
        figures={"wells.0.eur_bbl": eur_of(files.curtailed(), limit=8)},
        rel=1e-6,
        **EUR,
    ),
    Case(
        "Pecos 12H gas decline to 75 Mcfd, P10 P50 P90 via covariance",
        upload="gas",
        arguments={"phase": "gas", "uncertainty": "covariance", "economic_limit": 75},
        check=uncertainty_ordered("Pecos 12H", "covariance"),
        **EUR,
    ),
]
