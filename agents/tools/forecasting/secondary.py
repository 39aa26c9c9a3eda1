"""Secondary phases tied to the primary forecast: GOR, yield (CGR) and WOR/WGR.

A secondary phase is forecast as a ratio to the primary phase, so it follows the primary
forecast: ``q_gas(t) = GOR(t) q_oil(t)``. The ratio is petbox-dca's power-law yield
(``PLYield``, Fulford 2018): ``c (t / t0)^m0`` before the pivot ``t0`` and
``c (t / t0)^m`` after it (continuous at t0), fitted by linear least squares on
ln ratio against ln t for each candidate pivot; or a constant (the last six producing
periods' volume ratio) when asked or when the history is too short for slopes.

Ratios are volume per volume in the file's units: GOR in mcf/bbl (petbox-dca's Mscf/Bbl;
shown as scf/bbl), yield in bbl/mcf (shown as bbl/MMcf), WOR bbl/bbl, WGR bbl/mcf.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from petbox import dca
from scipy.optimize import minimize_scalar

from agents.tools.forecasting.models import Curve, integrate

RATIO_NAMES = {
    ("oil", "gas"): ("GOR", "scf/bbl", 1000.0),
    ("oil", "water"): ("WOR", "bbl/bbl", 1.0),
    ("gas", "oil"): ("yield (CGR)", "bbl/MMcf", 1000.0),
    ("gas", "water"): ("WGR", "bbl/MMcf", 1000.0),
    ("boe", "water"): ("water cut ratio", "bbl/BOE", 1.0),
}
SLOPE_EARLY = 10.0  # petbox-dca's bounds on the slopes
SLOPE_LATE = 1.0
MIN_POINTS = 6


@dataclass(frozen=True)
class RatioModel:
    """``c (t / t0)^m0`` for t < t0, ``c (t / t0)^m`` after, clipped to [lower, upper]."""

    c: float
    m0: float
    m: float
    t0: float
    lower: float | None = None
    upper: float | None = None
    kind: str = "power_law"  # or "constant"

    def ratio(self, t: Any) -> np.ndarray:
        t = np.atleast_1d(np.asarray(t, dtype=float))
        safe = np.where(t > 0, t, self.t0)
        log_ratio = np.log(safe / self.t0)
        slope = np.where(safe < self.t0, self.m0, self.m)
        out = self.c * np.exp(slope * log_ratio)
        if self.lower is not None or self.upper is not None:
            out = np.clip(out, self.lower, self.upper)
        return np.where(t > 0, out, 0.0)

    def petbox(self, primary: dca.PrimaryPhase, phase: str) -> dca.PLYield:
        """This ratio as petbox-dca's yield model, attached to ``primary``."""
        model = dca.PLYield(
            c=self.c, m0=self.m0, m=self.m, t0=self.t0, min=self.lower, max=self.upper
        )
        if phase == "water":
            primary.add_water(model)
        else:
            primary.add_secondary(model)
        return model

    def spec(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "c": self.c,
            "m0": self.m0,
            "m": self.m,
            "t0": self.t0,
            "min": self.lower,
            "max": self.upper,
        }


def constant_ratio(primary_volume: np.ndarray, secondary_volume: np.ndarray) -> RatioModel:
    """The last ``MIN_POINTS`` producing periods' volume ratio, held flat."""
    both = np.flatnonzero((primary_volume > 0) & (secondary_volume >= 0))
    if not len(both):
        raise ValueError("no period has both phases")
    last = both[-MIN_POINTS:]
    value = float(secondary_volume[last].sum() / primary_volume[last].sum())
    return RatioModel(c=value, m0=0.0, m=0.0, t0=1.0, kind="constant")


def _solve(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ coefficients
    return coefficients, float(residual @ residual)


def fit_ratio(
    t: np.ndarray,
    ratio: np.ndarray,
    *,
    lower: float | None = None,
    upper: float | None = None,
) -> RatioModel:
    """The power law with the pivot that fits ln ratio best (slopes within petbox-dca's
    bounds); ``t`` in days since the primary model's start, all ratios > 0."""
    keep = (t > 0) & (ratio > 0) & np.isfinite(ratio)
    t, ratio = t[keep], ratio[keep]
    if len(t) < MIN_POINTS:
        raise ValueError(f"a ratio trend needs {MIN_POINTS} periods with both phases")
    log_t, log_r = np.log(t), np.log(ratio)

    def solve(t0: float) -> tuple[float, RatioModel]:
        shifted = log_t - math.log(t0)
        early = np.minimum(shifted, 0.0)
        late = np.maximum(shifted, 0.0)
        x = np.column_stack([np.ones_like(shifted), early, late])
        coefficients, sse = _solve(x, log_r)
        log_c, m0, m = coefficients
        if not (-SLOPE_LATE <= m <= SLOPE_LATE) or not (-SLOPE_EARLY <= m0 <= SLOPE_EARLY):
            m = float(np.clip(m, -SLOPE_LATE, SLOPE_LATE))
            if -SLOPE_EARLY <= m0 <= SLOPE_EARLY:
                (log_c, m0), sse = _solve(x[:, :2], log_r - m * late)
            else:
                m0 = float(np.clip(m0, -SLOPE_EARLY, SLOPE_EARLY))
                log_c = float(np.mean(log_r - m0 * early - m * late))
                residual = log_r - log_c - m0 * early - m * late
                sse = float(residual @ residual)
        model = RatioModel(
            c=math.exp(log_c), m0=float(m0), m=float(m), t0=float(t0), lower=lower, upper=upper
        )
        return sse, model

    # The pivot: the best of a grid of quantiles, then refined between its neighbours.
    grid = np.unique(np.quantile(t, np.linspace(0.1, 0.9, 9)))
    scores = [solve(float(t0))[0] for t0 in grid]
    best = int(np.argmin(scores))
    low = math.log(grid[max(best - 1, 0)])
    high = math.log(grid[min(best + 1, len(grid) - 1)])
    if high > low:
        refined = minimize_scalar(
            lambda x: solve(math.exp(x))[0], bounds=(low, high), method="bounded"
        )
        if refined.fun < scores[best]:
            return solve(math.exp(float(refined.x)))[1]
    return solve(float(grid[best]))[1]


def secondary_volumes(primary: Curve, ratio: RatioModel, edges: np.ndarray) -> np.ndarray:
    """Volumes of the secondary phase between consecutive ``edges`` (model days)."""
    if not len(edges):
        return np.array([], dtype=float)
    if ratio.kind == "constant":
        return ratio.c * np.diff(primary.cum(edges))

    def rate(t: np.ndarray) -> np.ndarray:
        return ratio.ratio(t) * primary.rate(t)

    cum = integrate(
        rate, edges, breakpoints=(ratio.t0, *primary.breakpoints()), t_from=float(edges[0])
    )
    return np.diff(cum)


def secondary_cum(primary: Curve, ratio: RatioModel, t: np.ndarray) -> np.ndarray:
    """Cumulative secondary volume from the primary model's start to ``t`` days."""
    if ratio.kind == "constant":
        return ratio.c * primary.cum(t)
    return integrate(
        lambda x: ratio.ratio(x) * primary.rate(x),
        t,
        breakpoints=(ratio.t0, *primary.breakpoints()),
    )
