"""P10/P50/P90 forecasts and EURs of one well, by a method the answer names.

- ``bootstrap``: a moving-block bootstrap of the winning fit's residuals (blocks keep the
  month-to-month correlation of real production noise); each resample is refitted with
  the same model and bounds, from the fitted parameters, and forecast the same way.
- ``covariance``: the fitted parameters' covariance from the Jacobian at the optimum
  (Gauss-Newton, ``s^2 (J^T J)^-1``); parameter sets drawn from that normal
  distribution, kept inside the bounds, and forecast.

SPE/PRMS convention: P10 is the high case (a 10 % chance of being exceeded, the 90th
percentile of the samples), P90 the low case (the 10th percentile). The draws are seeded,
so the same question gives the same percentiles.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import models as M
from agents.tools.forecasting.conventions import DAYS_PER_YEAR
from agents.tools.forecasting.forecast import MAX_HORIZON_YEARS, month_boundaries
from agents.tools.forecasting.well import WellOptions, WellResult

METHODS = ("bootstrap", "covariance")
SPE_CONVENTION = (
    "SPE/PRMS convention: P10 is the high case (10% chance of being exceeded), P50 the "
    "median, P90 the low case (90% chance of being exceeded)"
)


def describe_method(method: str, samples: int, block: int | None = None) -> str:
    if method == "bootstrap":
        return (
            f"moving-block bootstrap of the fit's log-rate residuals ({samples} resamples, "
            f"blocks of {block} periods), refitting the winning model each time"
        )
    return (
        f"parameter covariance from the fit's Jacobian (s^2 (J'J)^-1), {samples} Monte Carlo "
        "draws of the parameters within their bounds"
    )


def block_length(n: int) -> int:
    return max(2, round(n ** (1.0 / 3.0)))


def _block_resample(residuals: np.ndarray, block: int, rng: np.random.Generator) -> np.ndarray:
    n = len(residuals)
    count = math.ceil(n / block)
    starts = rng.integers(0, max(n - block, 0) + 1, size=count)
    picked = np.concatenate([residuals[s : s + block] for s in starts])
    return picked[:n]


def bootstrap_curves(
    data: F.FitData, family: F.Family, fit: F.Fit, samples: int, seed: int
) -> tuple[list[M.Curve], int]:
    rng = np.random.default_rng(seed)
    model = (fit.curve.cum(data.te) - fit.curve.cum(data.ts)) / data.length
    objective = family.options.objective
    if objective == "rate":
        residuals = data.y - model
    else:
        residuals = data.log_y - np.log(model)
    block = block_length(data.n)
    curves: list[M.Curve] = []
    for _ in range(samples):
        drawn = _block_resample(residuals, block, rng)
        if objective == "rate":
            y = np.maximum(model + drawn, model * 1e-3)
        else:
            y = model * np.exp(drawn)
        resampled = F.FitData(data.ts, data.te, y)
        try:
            refit = F.fit_family(resampled, family, start=fit.theta)
        except (ValueError, FloatingPointError):
            continue
        curves.append(refit.curve)
    return curves, block


def covariance_curves(
    data: F.FitData, family: F.Family, fit: F.Fit, samples: int, seed: int
) -> list[M.Curve]:
    rng = np.random.default_rng(seed)
    theta = np.asarray(fit.theta, dtype=float)
    qi, base = F.shape_residual(data, family, theta)
    columns = [np.ones(data.n) if family.options.objective != "rate" else None]
    lower, upper = (np.array(b, dtype=float) for b in family.bounds())
    for j in range(len(theta)):
        step = 1e-6 * max(1.0, abs(theta[j]))
        shifted = theta.copy()
        shifted[j] = shifted[j] + step if shifted[j] + step <= upper[j] else shifted[j] - step
        delta = shifted[j] - theta[j]
        shape = family.avg_shape(data, shifted)
        base_shape = family.avg_shape(data, theta)
        if family.options.objective == "rate":
            columns.append(qi * (shape - base_shape) / delta / float(np.median(data.y)))
        else:
            columns.append((np.log(shape) - np.log(base_shape)) / delta)
    if family.options.objective == "rate":
        base_shape = family.avg_shape(data, theta)
        columns[0] = base_shape / float(np.median(data.y))
    jacobian = np.column_stack(columns)
    dof = max(data.n - jacobian.shape[1], 1)
    s2 = float(base @ base) / dof
    covariance = s2 * np.linalg.pinv(jacobian.T @ jacobian)
    centre = np.concatenate([[math.log(qi) if family.options.objective != "rate" else qi], theta])
    draws = rng.multivariate_normal(centre, covariance, size=samples, method="svd")
    curves: list[M.Curve] = []
    for draw in draws:
        shape = np.clip(draw[1:], lower, upper)
        q = math.exp(draw[0]) if family.options.objective != "rate" else draw[0]
        if not math.isfinite(q) or q <= 0:
            continue
        try:
            curves.append(family.curve(q, shape))
        except ValueError:
            continue
    return curves


def _wrap(result: WellResult, curve: M.Curve) -> M.Curve:
    seg = result.segmentation
    if seg is not None and seg.plateau_end is not None:
        t_flat = float(result.history.start[seg.plateau_end]) - result.origin_day
        return M.flat_then(curve, t_flat, float(seg.plateau_rate))
    return curve


def _volumes(curve: M.Curve, edges: np.ndarray, t_stop: float) -> np.ndarray:
    return np.diff(curve.cum(np.minimum(edges, t_stop)))


def well_uncertainty(result: WellResult, options: WellOptions) -> dict[str, Any]:
    """Percentiles of EUR and of the monthly forecast for a fitted well."""
    assert result.best_fit is not None and result.fit_data is not None
    assert result.forecast is not None
    method = options.uncertainty or "bootstrap"
    if method not in METHODS:
        raise ValueError(f"unknown uncertainty method {method!r}; use one of {METHODS}")
    family = F.FAMILIES[result.family](options.fit)
    block = None
    if method == "bootstrap":
        raw, block = bootstrap_curves(
            result.fit_data, family, result.best_fit, options.samples, options.seed
        )
    else:
        raw = covariance_curves(
            result.fit_data, family, result.best_fit, options.samples, options.seed
        )
    if len(raw) < 10:
        raise ValueError("too few uncertainty samples could be fitted")
    curves = [_wrap(result, curve) for curve in raw]
    forecast = result.forecast
    t_start = forecast.t_start
    t_horizon = t_start + min(options.horizon_years, MAX_HORIZON_YEARS) * DAYS_PER_YEAR
    limit = options.economic_limit
    stops = np.array(
        [
            min(t_horizon, c.time_at_rate(limit, t_from=t_start)) if limit else t_horizon
            for c in curves
        ]
    )
    start_day = result.origin_day + t_start
    grid = month_boundaries(start_day, result.origin_day + float(stops.max())) - result.origin_day
    if len(forecast.start):
        base_edges = (
            np.concatenate([forecast.start, [forecast.start[-1] + forecast.days[-1]]])
            - result.origin_day
        )
    else:
        base_edges = np.array([t_start])
    fan = np.array([_volumes(c, grid, s) for c, s in zip(curves, stops, strict=True)])
    on_base = np.array([_volumes(c, base_edges, s) for c, s in zip(curves, stops, strict=True)])
    remaining = fan.sum(axis=1)
    eur = result.history_volume + remaining

    def spe(values: np.ndarray, axis: int | None = None) -> dict[str, Any]:
        return {
            "p10": np.percentile(values, 90, axis=axis),
            "p50": np.percentile(values, 50, axis=axis),
            "p90": np.percentile(values, 10, axis=axis),
        }

    qi = np.array([c.qi if hasattr(c, "qi") else float(c.rate(0.0)[0]) for c in curves])
    return {
        "method": method,
        "method_text": describe_method(method, len(curves), block),
        "samples": len(curves),
        "block": block,
        "convention": SPE_CONVENTION,
        "eur": {k: float(v) for k, v in spe(eur).items()} | {"mean": float(eur.mean())},
        "remaining": {k: float(v) for k, v in spe(remaining).items()},
        "qi": {k: float(v) for k, v in spe(qi).items()},
        "fan_start": grid[:-1] + result.origin_day,
        "fan_days": np.diff(grid),
        "fan": spe(fan, axis=0),
        "base": spe(on_base, axis=0),
    }
