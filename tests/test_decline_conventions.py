"""Decline conventions right in every case: nominal above 100 %/yr, tangent and secant
for any b, monthly effective declines through the hyperbolic equation (not compounded),
and the tool says which convention it used."""

from __future__ import annotations

import math

import numpy as np
import pytest
from petbox import dca

from agents.tools import production as P
from agents.tools.forecasting import conventions as C
from agents.tools.registry import ToolError
from tests.factories import tool_context


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


@pytest.mark.parametrize("b", [0.0, 0.3, 0.5, 1.0, 1.4, 2.0])
@pytest.mark.parametrize("nominal", [0.05, 0.3, 1.0, 2.5, 6.0])
def test_conventions_round_trip_for_any_b(b, nominal):
    secant = C.secant_from_nominal(nominal, b)
    tangent = C.tangent_from_nominal(nominal)
    assert tangent == pytest.approx(1 - math.exp(-nominal), rel=1e-12)
    if b:
        assert secant == pytest.approx(1 - (1 + b * nominal) ** (-1 / b), rel=1e-12)
    else:
        assert secant == pytest.approx(tangent, rel=1e-12)
    assert C.nominal_from_secant(secant, b) == pytest.approx(nominal, rel=1e-9)
    assert C.nominal_from_tangent(tangent) == pytest.approx(nominal, rel=1e-9)
    # Tangent to secant and back, through the nominal rate, for this b.
    converted = C.convert(tangent, source="tangent_effective", target="secant_effective", b=b)
    assert converted == pytest.approx(secant, rel=1e-9)
    assert dca.MH.nominal_from_secant(secant, b) == pytest.approx(nominal, rel=1e-9)


def test_the_secant_rate_is_the_real_one_year_drop_of_the_hyperbolic():
    for b in (0.4, 1.0, 1.8):
        secant = C.secant_from_nominal(2.0, b)
        curve = dca.MH(qi=1000.0, Di=secant, bi=b)
        assert 1 - curve.rate(np.array([365.25]))[0] / 1000.0 == pytest.approx(secant, rel=1e-9)


def test_a_monthly_effective_decline_goes_through_the_hyperbolic_equation():
    b, monthly = 1.2, 0.08
    nominal = C.to_nominal(monthly, "secant_effective", b, period="month")
    # One month on the hyperbolic loses exactly 8 %:
    assert (1 + b * nominal / 12) ** (-1 / b) == pytest.approx(1 - monthly, rel=1e-12)
    # ... which is not what compounding twelve 8 % months into a year would give.
    compounded = C.to_nominal(1 - (1 - monthly) ** 12, "secant_effective", b)
    assert abs(nominal / compounded - 1) > 0.2
    # For b = 0 the month and the year agree: exponential decline compounds.
    exp_nominal = C.to_nominal(monthly, "secant_effective", 0.0, period="month")
    assert exp_nominal == pytest.approx(-12 * math.log(1 - monthly), rel=1e-12)
    assert C.to_nominal(0.1, "nominal", period="month") == pytest.approx(1.2)


def test_an_effective_decline_of_100_percent_or_more_is_refused_with_the_nominal_hint():
    with pytest.raises(ToolError, match="nominal"):
        P.checked_nominal(1.5, "secant_effective", 1.0, "decline")
    assert P.checked_nominal(1.5, "nominal", 1.0, "decline") == 1.5


def test_forecast_with_a_nominal_decline_above_100_percent(ctx):
    qi, d, b = 1500.0, 3.5, 1.3
    result = P.forecast_decline(
        ctx, qi=qi, decline=d, decline_convention="nominal", b=b, at_years=[1.0]
    )
    point = result["at"][0]
    assert point["rate"] == pytest.approx(qi * (1 + b * d) ** (-1 / b), rel=1e-9)
    assert result["parameters"]["di"]["nominal"] == pytest.approx(d)
    assert result["parameters"]["di"]["secant_effective"] == pytest.approx(
        1 - (1 + b * d) ** (-1 / b), rel=1e-12
    )
    assert any("nominal per year" in c for c in result["conventions"])


def test_forecast_with_a_monthly_secant_decline_and_b_above_zero(ctx):
    qi, b, monthly = 900.0, 0.9, 0.1
    result = P.forecast_decline(
        ctx,
        qi=qi,
        decline=monthly,
        decline_convention="secant_effective",
        decline_period="month",
        b=b,
        at_years=[1 / 12, 1.0],
        start_date="2024-01",
    )
    one_month, one_year = result["at"]
    assert one_month["rate"] == pytest.approx(qi * (1 - monthly), rel=1e-9)
    d = 12 * ((1 - monthly) ** (-b) - 1) / b
    assert one_year["rate"] == pytest.approx(qi * (1 + b * d) ** (-1 / b), rel=1e-9)
    decline = next(i for i in result["inputs"] if i["name"] == "decline")
    assert decline["source"] == "stated" and decline["unit"] == "%/mo"
    assert decline["value"] == pytest.approx(10.0) and "secant-effective" in decline["label"]
    assert "hyperbolic equation over one month" in decline["detail"]
    assert any("not by compounding" in c for c in result["conventions"])


def test_a_tangent_terminal_decline_gives_the_same_tail_as_petbox(ctx):
    result = P.forecast_decline(
        ctx,
        qi=1000,
        decline=0.7,
        decline_convention="secant_effective",
        b=1.2,
        dmin=0.07,
        dmin_convention="tangent_effective",
        horizon_years=50,
        at_years=[40.0],
    )
    reference = dca.MH(qi=1000.0, Di=0.7, bi=1.2, Dterm=0.07)
    t = np.array([40 * 365.25])
    assert result["at"][0]["rate"] == pytest.approx(reference.rate(t)[0], rel=1e-9)
    assert result["at"][0]["cumulative"] == pytest.approx(reference.cum(t)[0], rel=1e-9)
    assert result["parameters"]["dlim"]["tangent_effective"] == pytest.approx(0.07)
