"""Arps declines written out in closed form for the production corpus, and the case shape.

Independent of ``agents.tools.forecasting``: every reference here is typed from the
textbook equations (SPEE monograph 4; Arps 1945) or computed with petbox-dca, so a bug
in the tool's models or conventions cannot hide in a shared helper. Rates are per day,
time in days, a year is 365.25 days (petbox-dca's year), declines nominal per year.

- hyperbolic rate ``q = qi (1 + b D t)^(-1/b)``, cumulative
  ``Np = qi / ((1 - b) D) (1 - (q / qi)^(1 - b))`` (harmonic: ``qi / D ln(qi / q)``),
  exponential ``q = qi e^(-D t)``, ``Np = (qi - q) / D``;
- secant-effective over a period T: ``d = 1 - (1 + b D T)^(-1/b)`` so
  ``D = ((1 - d)^(-b) - 1) / (b T)``; tangent-effective ``d = 1 - e^(-D T)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from petbox import dca
from scipy.optimize import brentq

YEAR = 365.25


def nominal(value: float, convention: str, b: float = 0.0, months: bool = False) -> float:
    """A stated decline (fraction) as nominal per year, through the hyperbolic equation."""
    period = 1 / 12 if months else 1.0
    if convention == "nominal":
        return value / period
    if convention == "tangent" or b == 0:
        return -math.log(1 - value) / period
    return ((1 - value) ** (-b) - 1) / (b * period)


def rate(qi: float, d: float, b: float, t_days: float) -> float:
    t = t_days / YEAR
    if b == 0:
        return qi * math.exp(-d * t)
    return qi * (1 + b * d * t) ** (-1 / b)


def cum(qi: float, d: float, b: float, t_days: float) -> float:
    """Cumulative volume to ``t_days`` (rate per day, so the year's days come in)."""
    q = rate(qi, d, b, t_days)
    dd = d / YEAR  # nominal per day
    if b == 0:
        return (qi - q) / dd
    if b == 1:
        return qi / dd * math.log(qi / q)
    return qi / ((1 - b) * dd) * (1 - (q / qi) ** (1 - b))


def days_to(qi: float, d: float, b: float, q: float) -> float:
    """Days until the rate falls to ``q``."""
    if b == 0:
        return math.log(qi / q) / d * YEAR
    return ((qi / q) ** b - 1) / (b * d) * YEAR


def eur(qi: float, d: float, b: float, *, limit: float | None, years: float) -> float:
    """Volume to the economic limit or the horizon, whichever comes first."""
    t = years * YEAR
    if limit is not None:
        t = min(t, days_to(qi, d, b, limit))
    return cum(qi, d, b, t)


def life_years(qi: float, d: float, b: float, *, limit: float | None, years: float) -> float:
    if limit is None:
        return years
    return min(years, days_to(qi, d, b, limit) / YEAR)


def secant(d: float, b: float) -> float:
    """Secant-effective annual decline of a nominal one."""
    if b == 0:
        return 1 - math.exp(-d)
    return 1 - (1 + b * d) ** (-1 / b)


def mh(qi: float, d: float, b: float, dmin_tangent: float) -> dca.MH:
    """petbox-dca's modified hyperbolic (Di secant-effective, Dterm effective)."""
    return dca.MH(qi=qi, Di=secant(d, b), bi=b, Dterm=dmin_tangent)


def mh_eur(
    qi: float, d: float, b: float, dmin_tangent: float, *, limit: float | None, years: float
) -> float:
    model = mh(qi, d, b, dmin_tangent)
    t = years * YEAR
    if limit is not None:
        at_limit = brentq(
            lambda x: float(model.rate(np.array([x]))[0]) - limit, 1e-6, 100 * YEAR, xtol=1e-10
        )
        t = min(t, at_limit)
    return float(model.cum(np.array([t]))[0])


def mh_years(
    qi: float, d: float, b: float, dmin_tangent: float, *, limit: float | None, years: float
) -> float:
    if limit is None:
        return years
    model = mh(qi, d, b, dmin_tangent)
    at_limit = brentq(
        lambda x: float(model.rate(np.array([x]))[0]) - limit, 1e-6, 100 * YEAR, xtol=1e-10
    )
    return min(years, at_limit / YEAR)


@dataclass(frozen=True)
class Case:
    """One phrasing: what the builtin must pass to the tool, and the figures it must report.

    ``arguments`` is a subset of the tool call's arguments (floats compared at 1e-9);
    ``figures`` maps a path into the tool's result ("eur", "years", "at.0.rate",
    "secondary_eur.gas", "wells.0.b") to a reference computed by hand (a number or a
    callable), compared at ``rel``; ``shows`` are strings the answer must contain
    (conventions, the Inputs block), ``absent`` strings it must not. ``unused`` are the
    figures the answer names as not used. ``upload`` names a history built by
    ``production_files`` and uploaded first; ``before`` are earlier questions.
    """

    question: str
    arguments: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    shows: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()
    upload: str | None = None
    before: tuple[str, ...] = ()
    kind: str = "forecast_decline"
    tool: str = "forecast_decline"
    rel: float = 1e-9
    check: Callable[[dict[str, Any]], None] | None = None  # more checks of the result
    asks_back: str | None = None  # the answer asks for this instead of calling the tool


def figure_at(result: Any, path: str) -> Any:
    """``result`` followed along ``path`` ("at.0.rate")."""
    value = result
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value
