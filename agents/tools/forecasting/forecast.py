"""Calendar-month forecast volumes of a model, to an economic limit or a horizon.

Each period's volume is the model's cumulative at its end minus at its start (exact, not
rate x days); the last period is cut where the rate reaches the economic limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from agents.tools.forecasting.conventions import DAYS_PER_YEAR
from agents.tools.forecasting.models import Curve

MAX_HORIZON_YEARS = 100.0


@dataclass
class Forecast:
    """Forecast periods (start day since 1970-01-01, length in days, volume, average rate)."""

    start: np.ndarray
    days: np.ndarray
    volume: np.ndarray
    stopped_by: str  # "economic limit" or "horizon"
    end_day: float
    remaining: float
    final_rate: float
    t_start: float  # model days at the forecast's start
    t_stop: float

    @property
    def rate(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.days > 0, self.volume / self.days, 0.0)

    @property
    def years(self) -> float:
        return (self.t_stop - self.t_start) / DAYS_PER_YEAR


def month_boundaries(first_day: float, stop_day: float) -> np.ndarray:
    """``first_day``, each first of a month after it and before ``stop_day``, ``stop_day``."""
    first_month = np.datetime64(math.floor(first_day), "D").astype("datetime64[M]")
    last_month = np.datetime64(math.floor(stop_day), "D").astype("datetime64[M]")
    months = np.arange(first_month + 1, last_month + 1).astype("datetime64[D]").astype(float)
    months = months[(months > first_day) & (months < stop_day)]
    return np.concatenate([[first_day], months, [stop_day]])


def monthly_forecast(
    curve: Curve,
    *,
    origin_day: float,
    start_day: float,
    economic_limit: float | None,
    horizon_years: float,
) -> Forecast:
    """Calendar months from ``start_day`` (days since 1970-01-01) until the rate reaches
    ``economic_limit`` or ``horizon_years`` have passed; ``origin_day`` is the model's t = 0."""
    t_start = start_day - origin_day
    t_horizon = t_start + min(horizon_years, MAX_HORIZON_YEARS) * DAYS_PER_YEAR
    t_limit = curve.time_at_rate(economic_limit, t_from=t_start) if economic_limit else math.inf
    t_stop = min(t_horizon, t_limit)
    stopped_by = "economic limit" if t_limit <= t_horizon else "horizon"
    if t_stop <= t_start:
        empty = np.array([], dtype=float)
        return Forecast(
            start=empty,
            days=empty,
            volume=empty,
            stopped_by="economic limit",
            end_day=start_day,
            remaining=0.0,
            final_rate=float(curve.rate(np.array([t_start]))[0]),
            t_start=t_start,
            t_stop=t_start,
        )
    edges = month_boundaries(start_day, origin_day + t_stop)
    cum = curve.cum(edges - origin_day)
    return Forecast(
        start=edges[:-1],
        days=np.diff(edges),
        volume=np.diff(cum),
        stopped_by=stopped_by,
        end_day=origin_day + t_stop,
        remaining=float(cum[-1] - cum[0]),
        final_rate=float(curve.rate(np.array([t_stop]))[0]),
        t_start=t_start,
        t_stop=t_stop,
    )
