"""Every decline model's rate and cumulative agree with petbox-dca at 1e-6, and with the
closed forms written out here."""

from __future__ import annotations

import math

import numpy as np
import pytest
from petbox import dca
from scipy.integrate import quad

from agents.tools.forecasting import models as M
from agents.tools.forecasting import secondary as Y
from tests.decline_wells import secant, tangent

REL = 1e-6
T = np.array([0.5, 1.0, 15.0, 30.4375, 100.0, 365.25, 1000.0, 3652.5, 10957.5, 36525.0])


def assert_like_petbox(ours: M.Curve, reference: dca.DeclineCurve, **cum_kwargs) -> None:
    np.testing.assert_allclose(ours.rate(T), reference.rate(T), rtol=REL)
    np.testing.assert_allclose(ours.cum(T), reference.cum(T, **cum_kwargs), rtol=REL)


def test_exponential_matches_its_closed_form_and_petbox():
    qi, d = 800.0, 0.3
    curve = M.arps(qi, d, 0.0)
    years = T / 365.25
    np.testing.assert_allclose(curve.rate(T), qi * np.exp(-d * years), rtol=REL)
    np.testing.assert_allclose(curve.cum(T), qi * (1 - np.exp(-d * years)) / d * 365.25, rtol=REL)
    assert_like_petbox(curve, dca.MH(qi=qi, Di=tangent(d), bi=0.0))


@pytest.mark.parametrize("b", [0.3, 0.9, 1.0, 1.3, 2.0])
def test_hyperbolic_and_harmonic_match_their_closed_forms_and_petbox(b):
    qi, d = 1200.0, 2.4
    curve = M.arps(qi, d, b)
    years = T / 365.25
    rate = qi * (1 + b * d * years) ** (-1 / b)
    if b == 1.0:
        cum = qi / d * np.log(qi / rate) * 365.25
    else:
        cum = qi**b / ((1 - b) * d) * (qi ** (1 - b) - rate ** (1 - b)) * 365.25
    np.testing.assert_allclose(curve.rate(T), rate, rtol=REL)
    np.testing.assert_allclose(curve.cum(T), cum, rtol=REL)
    assert_like_petbox(curve, dca.MH(qi=qi, Di=secant(d, b), bi=b))


@pytest.mark.parametrize("b", [0.5, 1.0, 1.6])
def test_modified_hyperbolic_turns_exponential_at_dmin_like_petbox(b):
    qi, d, dmin_tangent = 1000.0, 2.5, 0.06
    dmin = -math.log(1 - dmin_tangent)
    curve = M.arps(qi, d, b, dmin=dmin)
    t_switch = (d / dmin - 1) / (b * d) * 365.25
    assert curve.terminal.t0 == pytest.approx(t_switch, rel=1e-12)
    late = np.array([t_switch + 100.0, t_switch + 5000.0])
    np.testing.assert_allclose(curve.decline(late), dmin, rtol=1e-12)
    assert_like_petbox(curve, dca.MH(qi=qi, Di=secant(d, b), bi=b, Dterm=dmin_tangent))


def test_transient_hyperbolic_matches_petbox_thm():
    qi, d, bi, bf, telf = 900.0, 6.0, 2.0, 0.8, 45.0
    for dmin_tangent in (0.0, 0.08):
        dmin = -math.log(1 - dmin_tangent) if dmin_tangent else 0.0
        ours = M.thm(qi, d, bi, bf, telf, dmin=dmin)
        theirs = dca.THM(
            qi=qi, Di=secant(d, bi), bi=bi, bf=bf, telf=telf, bterm=dmin_tangent, tterm=0.0
        )
        assert_like_petbox(ours, theirs)
        np.testing.assert_allclose(ours.b_factor(T[T < telf]), bi)


def test_power_law_exponential_matches_petbox_and_a_quadrature():
    qi, di, dinf, n = 800.0, 0.05, 1e-4, 0.4
    curve = M.PowerLawExponential(qi, di, dinf, n)
    assert_like_petbox(curve, dca.PLE(qi=qi, Di=di, Dinf=dinf, n=n), n_grid=200_000)
    for t in (30.0, 3000.0):
        reference, _ = quad(lambda x: qi * math.exp(-di * x**n - dinf * x), 0, t, limit=200)
        assert curve.cum(np.array([t]))[0] == pytest.approx(reference, rel=1e-9)


def test_stretched_exponential_matches_petbox():
    assert_like_petbox(M.StretchedExponential(800.0, 50.0, 0.4), dca.SE(qi=800.0, tau=50.0, n=0.4))


def test_duong_matches_petbox():
    ours = M.DuongModel(800.0, 1.5, 1.2)
    theirs = dca.Duong(qi=800.0, a=1.5, m=1.2)
    assert_like_petbox(ours, theirs)
    with np.errstate(divide="ignore"):  # petbox-dca evaluates t^-m at t = 0 before masking it
        at_zero = theirs.rate(np.array([0.0]))[0]
    assert ours.rate(np.array([0.0]))[0] == at_zero == 0.0


def test_a_flat_period_then_a_decline_matches_petbox_generalized_hyperbolic():
    qi, d, b, t_flat = 800.0, 1.5, 1.1, 180.0
    dmin = -math.log(1 - 0.06)
    ours = M.segmented(
        [M.Segment(0.0, qi, 0.0, 0.0, "flat"), M.Segment(t_flat, qi, d, b)], dmin=dmin
    )
    theirs = dca.GeneralizedHyperbolic.from_segments(
        qi, 0.0, 0.0, [(t_flat, secant(d, b), b)], Dterm=0.06
    )
    assert_like_petbox(ours, theirs)
    assert ours.rate(np.array([100.0]))[0] == qi
    assert ours.cum(np.array([t_flat]))[0] == pytest.approx(qi * t_flat, rel=1e-12)


def test_a_refrac_restarts_the_rate_like_petbox_generalized_hyperbolic():
    ours = M.segmented(
        [M.Segment(0.0, 800.0, 2.0, 1.1), M.Segment(1500.0, 600.0, 1.8, 0.9, "refrac")],
        dmin=-math.log(1 - 0.06),
    )
    theirs = dca.GeneralizedHyperbolic.from_segments(
        800.0, secant(2.0, 1.1), 1.1, [(1500.0, 600.0, secant(1.8, 0.9), 0.9)], Dterm=0.06
    )
    assert_like_petbox(ours, theirs)
    assert ours.rate(np.array([1500.0]))[0] == pytest.approx(600.0)


def test_a_gor_power_law_gives_gas_like_petbox_plyield():
    oil = M.arps(800.0, 2.4, 1.3, dmin=-math.log(1 - 0.06))
    ratio = Y.RatioModel(c=1.2, m0=-0.1, m=0.4, t0=180.0)
    primary = dca.MH(qi=800.0, Di=secant(2.4, 1.3), bi=1.3, Dterm=0.06)
    gas = ratio.petbox(primary, "gas")
    np.testing.assert_allclose(ratio.ratio(T) * oil.rate(T), gas.rate(T), rtol=REL)
    np.testing.assert_allclose(Y.secondary_cum(oil, ratio, T), gas.cum(T, n_grid=200_000), rtol=REL)
    edges = np.array([1000.0, 1031.0, 1059.0, 1090.0])
    np.testing.assert_allclose(
        Y.secondary_volumes(oil, ratio, edges),
        np.diff(gas.cum(edges, n_grid=200_000)),
        rtol=REL,
    )


@pytest.mark.parametrize(
    "curve",
    [
        M.arps(500, 0.4, 0.0),
        M.arps(500, 1.2, 0.8),
        M.arps(500, 2.0, 1.5, dmin=0.07),
        M.thm(500, 5.0, 2.0, 0.9, 60.0, dmin=0.07),
        M.PowerLawExponential(500, 0.05, 1e-4, 0.4),
        M.StretchedExponential(500, 50.0, 0.4, dmin=0.07),
        M.DuongModel(500, 1.5, 1.2, dmin=0.07),
    ],
    ids=lambda c: c.kind,
)
def test_time_at_rate_inverts_the_rate(curve):
    t = curve.time_at_rate(12.5, t_from=10.0)
    assert curve.rate(np.array([t]))[0] == pytest.approx(12.5, rel=1e-6)


@pytest.mark.parametrize(
    "curve",
    [
        M.arps(900, 3.0, 1.8, dmin=0.08),
        M.thm(900, 8.0, 2.0, 1.0, 30.0, dmin=0.08),
        M.StretchedExponential(900, 20.0, 0.3, dmin=0.08),
        M.DuongModel(900, 1.2, 1.15, dmin=0.08),
        M.PowerLawExponential(900, 0.3, 1e-6, 0.25, dmin=0.08),
    ],
    ids=lambda c: c.kind,
)
def test_a_terminal_decline_is_never_undercut(curve):
    late = np.geomspace(2000.0, 40_000.0, 50)
    assert np.all(curve.decline(late) >= 0.08 * (1 - 1e-9))
    # The rate after the switch falls exactly exponentially at Dmin.
    a, b = late[-2], late[-1]
    rates = curve.rate(np.array([a, b]))
    assert math.log(rates[0] / rates[1]) / ((b - a) / 365.25) == pytest.approx(0.08, rel=1e-6)


def test_models_rebuild_from_their_specs():
    for curve in (
        M.arps(700, 1.1, 0.7, dmin=0.06),
        M.thm(700, 4.0, 2.0, 0.7, 50.0, dmin=0.06),
        M.PowerLawExponential(700, 0.05, 1e-4, 0.4, dmin=0.06),
        M.flat_then(M.arps(700, 1.0, 1.0, dmin=0.06), 120.0, 700.0),
        M.flat_then(M.StretchedExponential(700, 40.0, 0.4), 90.0, 650.0),
    ):
        again = M.from_spec(curve.spec())
        np.testing.assert_allclose(again.rate(T), curve.rate(T), rtol=1e-12)
        np.testing.assert_allclose(again.cum(T), curve.cum(T), rtol=1e-12)
