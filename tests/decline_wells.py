"""Synthetic production histories with known parameters, made with petbox-dca alone.

Monthly volumes are petbox-dca's cumulative differences over each calendar month (the
exact volume of the true curve), times lognormal noise; a ramp-up, shut-ins, a flat
period and a re-frac can be added. Nothing here uses Derrick's own models, so a test
that compares a fit with these wells compares it with petbox-dca.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from petbox import dca

DAYS_PER_YEAR = 365.25


def secant(nominal: float, b: float) -> float:
    """Secant-effective annual decline of a nominal one (written out here, not imported)."""
    if b == 0:
        return 1 - math.exp(-nominal)
    return 1 - (1 + b * nominal) ** (-1 / b)


def tangent(nominal: float) -> float:
    return 1 - math.exp(-nominal)


@dataclass
class Truth:
    """A well's true curve: petbox-dca's MH from the peak month (t = 0 there)."""

    qi: float
    d: float  # nominal per year
    b: float
    dmin_tangent: float = 0.0  # terminal decline, tangent-effective per year

    def petbox(self) -> dca.MH:
        return dca.MH(qi=self.qi, Di=secant(self.d, self.b), bi=self.b, Dterm=self.dmin_tangent)


@dataclass
class Well:
    name: str
    starts: pd.DatetimeIndex
    volumes: np.ndarray
    truth: Truth
    peak_index: int
    refrac: tuple[int, Truth] | None = None
    flat_months: int = 0
    attributes: dict = field(default_factory=dict)

    def frame(self, *, oil: str = "oil_bbl", date: str = "date", well: str | None = "well"):
        data = {date: self.starts.strftime("%Y-%m-%d"), oil: self.volumes}
        frame = pd.DataFrame(data)
        if well:
            frame.insert(0, well, self.name)
        for key, value in self.attributes.items():
            frame[key] = value
        return frame

    @property
    def end_day(self) -> float:
        """Days from the true curve's t = 0 to the end of the history."""
        last = self.starts[-1] + pd.offsets.MonthBegin(1)
        origin = self.starts[self.segment_start]
        return float((last - origin).days)

    @property
    def segment_start(self) -> int:
        return self.refrac[0] if self.refrac else self.peak_index

    @property
    def curve(self) -> dca.MH:
        return (self.refrac[1] if self.refrac else self.truth).petbox()

    flat_days: float = 0.0  # days at qi after the peak before the decline

    def true_eur(self, *, horizon_years: float = 30.0, limit: float | None = None) -> float:
        """The produced volume plus the true curve's volume from the end of the history to
        the economic limit or the horizon (the tool's rule)."""
        curve = self.curve
        shift = 0.0 if self.refrac else self.flat_days
        t_end = self.end_day
        t_stop = t_end + horizon_years * DAYS_PER_YEAR
        if limit is not None:
            t_limit = shift + float(np.atleast_1d(curve.time_at_rate(np.array([limit])))[0])
            t_stop = min(t_stop, max(t_limit, t_end))
        cum = curve.cum(np.array([t_end - shift, t_stop - shift]))
        return float(np.nansum(self.volumes.clip(min=0))) + float(cum[1] - cum[0])


def month_edges(starts: pd.DatetimeIndex) -> np.ndarray:
    return np.r_[0.0, np.cumsum(starts.days_in_month.to_numpy(float))]


def make_well(
    truth: Truth,
    *,
    name: str = "W1",
    months: int = 120,
    start: str = "2015-01-01",
    noise: float = 0.0,
    seed: int = 0,
    ramp: int = 0,
    shut_ins: tuple[int, ...] = (),
    flat_months: int = 0,
    refrac: tuple[int, Truth] | None = None,
    attributes: dict | None = None,
) -> Well:
    """``months`` monthly volumes: ``ramp`` rising months, then ``flat_months`` at qi, then
    the decline; ``refrac`` = (month index, new curve) restarts the decline there."""
    rng = np.random.default_rng(seed)
    starts = pd.date_range(start, periods=months, freq="MS")
    edges = month_edges(starts)
    volumes = np.zeros(months)
    peak = ramp
    local = edges[peak:] - edges[peak]
    flat_days = local[flat_months] if flat_months else 0.0
    curve = truth.petbox()
    cum = np.where(
        local <= flat_days,
        truth.qi * local,
        truth.qi * flat_days + curve.cum(np.maximum(local - flat_days, 0.0)),
    )
    volumes[peak:] = np.diff(cum)
    if refrac is not None:
        index, after = refrac
        local = edges[index:] - edges[index]
        volumes[index:] = np.diff(after.petbox().cum(local))
    volumes *= np.exp(rng.normal(0.0, noise, months)) if noise else 1.0
    for month in range(ramp):
        volumes[month] = volumes[peak] * (month + 1) / (ramp + 2)
    for month in shut_ins:
        volumes[month] = 0.0
    well = Well(
        name=name,
        starts=starts,
        volumes=volumes,
        truth=truth,
        peak_index=peak,
        refrac=refrac,
        flat_months=flat_months,
        attributes=attributes or {},
        flat_days=float(flat_days),
    )
    return well
