"""Decline-rate conventions, and conversions between them for any b and any period.

A decline rate comes in three conventions (SPEE monograph 4, petbox-dca):

- nominal ``D``: the instantaneous ``-d ln q / dt``, per year here. It has no upper
  bound: shale wells start at 2-10 /yr nominal (200-1,000 %/yr).
- tangent-effective ``1 - exp(-D T)``: the drop over a period ``T`` of an exponential
  with that nominal decline.
- secant-effective ``1 - (1 + b D T)^(-1/b)``: the real drop over ``T`` of the hyperbolic
  with exponent ``b`` (petbox-dca's ``Di`` for ``T`` = one year). For b = 0 it equals
  the tangent-effective rate.

A monthly effective decline is a drop over one month (T = 1/12 year). For b > 0 it is
converted through the hyperbolic equation over that month, never by compounding twelve
months (which would treat the month-by-month drop as constant, i.e. exponential).
"""

from __future__ import annotations

import math

DAYS_PER_YEAR = 365.25  # petbox-dca's year, used everywhere in the forecasts
B_EPSILON = 1e-10  # below this b counts as exponential (petbox-dca's threshold)
CONVENTIONS = ("nominal", "tangent_effective", "secant_effective")
PERIODS = {"year": 1.0, "month": 1.0 / 12.0}
CONVENTION_NAMES = {
    "nominal": "nominal",
    "tangent_effective": "tangent-effective",
    "secant_effective": "secant-effective",
}


class ConventionError(ValueError):
    """A decline that cannot be expressed in the convention asked for."""


def _period_years(period: str) -> float:
    try:
        return PERIODS[period]
    except KeyError:
        raise ConventionError(
            f"unknown period {period!r}; use one of {', '.join(PERIODS)}"
        ) from None


def _check_fraction(effective: float) -> None:
    if not 0 <= effective < 1:
        raise ConventionError(
            f"an effective decline is the fraction of the rate lost over the period and must "
            f"be in [0, 1); got {effective:g}"
        )


def nominal_from_tangent(tangent: float, *, period: str = "year") -> float:
    """Nominal decline per year from a tangent-effective one over ``period``."""
    _check_fraction(tangent)
    return -math.log1p(-tangent) / _period_years(period)


def tangent_from_nominal(nominal: float, *, period: str = "year") -> float:
    """Tangent-effective decline over ``period`` from a nominal one per year."""
    return -math.expm1(-nominal * _period_years(period))


def nominal_from_secant(secant: float, b: float, *, period: str = "year") -> float:
    """Nominal decline per year from a secant-effective one over ``period``:
    ``((1 - Ds)^-b - 1) / (b T)``."""
    _check_fraction(secant)
    if abs(b) <= B_EPSILON:
        return nominal_from_tangent(secant, period=period)
    return math.expm1(-b * math.log1p(-secant)) / (b * _period_years(period))


def secant_from_nominal(nominal: float, b: float, *, period: str = "year") -> float:
    """Secant-effective decline over ``period`` from a nominal one per year:
    ``1 - (1 + b D T)^(-1/b)``."""
    if abs(b) <= B_EPSILON:
        return tangent_from_nominal(nominal, period=period)
    return -math.expm1(-math.log1p(b * nominal * _period_years(period)) / b)


def to_nominal(value: float, convention: str, b: float = 0.0, *, period: str = "year") -> float:
    """A decline given in ``convention`` over ``period`` as a nominal decline per year."""
    if convention == "nominal":
        if value < 0 or not math.isfinite(value):
            raise ConventionError("a nominal decline must be a finite number, not negative")
        return float(value) / _period_years(period)
    if convention == "tangent_effective":
        return nominal_from_tangent(value, period=period)
    if convention == "secant_effective":
        return nominal_from_secant(value, b, period=period)
    raise ConventionError(f"unknown decline convention {convention!r}; use one of {CONVENTIONS}")


def from_nominal(nominal: float, convention: str, b: float = 0.0, *, period: str = "year") -> float:
    """A nominal decline per year in ``convention`` over ``period``."""
    if convention == "nominal":
        return nominal * _period_years(period)
    if convention == "tangent_effective":
        return tangent_from_nominal(nominal, period=period)
    if convention == "secant_effective":
        return secant_from_nominal(nominal, b, period=period)
    raise ConventionError(f"unknown decline convention {convention!r}; use one of {CONVENTIONS}")


def convert(
    value: float,
    *,
    source: str,
    target: str,
    b: float = 0.0,
    source_period: str = "year",
    target_period: str = "year",
) -> float:
    """A decline from one convention and period to another (through the nominal rate)."""
    nominal = to_nominal(value, source, b, period=source_period)
    return from_nominal(nominal, target, b, period=target_period)


def all_conventions(nominal: float, b: float) -> dict[str, float]:
    """A nominal decline per year in the three conventions, per year."""
    return {
        "nominal": nominal,
        "tangent_effective": tangent_from_nominal(nominal),
        "secant_effective": secant_from_nominal(nominal, b),
    }


def percent_text(fraction: float, digits: int = 1) -> str:
    return f"{100 * fraction:.{digits}f}%"


def describe(nominal: float, b: float) -> str:
    """'2.1/yr nominal = 87.8%/yr tangent-effective = 64.4%/yr secant-effective'."""
    forms = all_conventions(nominal, b)
    return (
        f"{forms['nominal']:.4g}/yr nominal = {percent_text(forms['tangent_effective'])}/yr "
        f"tangent-effective = {percent_text(forms['secant_effective'])}/yr secant-effective"
    )


def stated(value: float, convention: str, period: str = "year") -> str:
    """How the analyst gave a decline: '25% per month secant-effective', '1.5/yr nominal'."""
    per = "per month" if period == "month" else "per year"
    if convention == "nominal":
        unit = "/month" if period == "month" else "/yr"
        return f"{value:g}{unit} nominal ({percent_text(value, 0)} {per})"
    return f"{100 * value:.4g}% {per} {CONVENTION_NAMES[convention]}"
