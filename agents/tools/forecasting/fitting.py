"""Fitting decline models to a history: bounded least squares on average rates.

Each history period is an interval ``[ts, te)`` (days from the fit's start) with an
average rate ``y`` (its volume over its producing days). A model is fitted to those
averages (its volume over the interval divided by the interval's length), not to a rate
sampled at mid-period: on a steep first year the two differ by percent, and the fit on
averages recovers a curve that made the data exactly.

The initial rate enters linearly (on rates) or additively (on log rates), so it is solved
for in closed form inside the objective ("variable projection") and the optimiser only
searches the shape parameters: one or two for the Arps family. A coarse grid over the
shape, evaluated vectorised, gives the start; scipy's bounded trust-region least squares
finishes. Bounds hold exactly (b within [b_min, b_max], the modified hyperbolic's initial
decline above its terminal Dmin, an exponential above a stated Dmin).

The model with the lowest AIC on log rate wins; within ``AIC_TIE`` of it, the one earlier
in ``PREFERENCE`` wins: a terminal decline first, then fewer parameters (a harmonic or
hyperbolic tail with no terminal decline overstates EUR when the data cannot tell).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import least_squares, minimize_scalar

from agents.tools.forecasting import models as M
from agents.tools.forecasting.conventions import B_EPSILON, DAYS_PER_YEAR

AIC_TIE = 2.0
DEFAULT_SET = ("exponential", "harmonic", "hyperbolic", "modified_hyperbolic")
PREFERENCE = (
    "exponential",
    "modified_hyperbolic",
    "thm",
    "harmonic",
    "hyperbolic",
    "se",
    "duong",
    "ple",
)
D_BOUNDS = (1e-3, 200.0)  # nominal per year
THM_BI = 2.0  # linear flow (Fulford and Blasingame)


@dataclass(frozen=True)
class FitOptions:
    """What constrains a fit. Declines nominal per year."""

    b_min: float = 0.0
    b_max: float = 2.0
    dmin: float = 0.0  # terminal decline for the modified hyperbolic and THM
    dmin_everywhere: bool = False  # a stated Dmin: every model respects it
    objective: str = "log_rate"  # or "rate"


@dataclass(frozen=True)
class FitData:
    """Intervals (days from the fit's start) and their average rates (all > 0)."""

    ts: np.ndarray
    te: np.ndarray
    y: np.ndarray
    edges: np.ndarray = field(init=False, repr=False)
    start_index: np.ndarray = field(init=False, repr=False)
    end_index: np.ndarray = field(init=False, repr=False)
    length: np.ndarray = field(init=False, repr=False)
    log_y: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Contiguous periods share their edges: evaluate each edge once.
        edges, inverse = np.unique(np.concatenate([self.ts, self.te]), return_inverse=True)
        n = len(self.ts)
        object.__setattr__(self, "edges", edges)
        object.__setattr__(self, "start_index", inverse[:n])
        object.__setattr__(self, "end_index", inverse[n:])
        object.__setattr__(self, "length", self.te - self.ts)
        object.__setattr__(self, "log_y", np.log(self.y))

    @property
    def n(self) -> int:
        return len(self.y)


@dataclass
class Fit:
    """One fitted model and how well it fits."""

    family: str
    curve: M.Curve
    n: int
    k: int
    sse_log: float
    rmse_log: float
    rmse_rate: float
    aic: float
    theta: np.ndarray = field(repr=False)
    covariance: np.ndarray | None = field(default=None, repr=False)

    def stats(self) -> dict[str, Any]:
        return {
            "model": self.family,
            "n": self.n,
            "parameters_fitted": self.k,
            "rmse_log_rate": self.rmse_log,
            "rmse_rate": self.rmse_rate,
            "aic": self.aic,
        }


# --------------------------------------------------------------------------- shapes


def _unit_cum(tau: np.ndarray, d_day: Any, b: float) -> np.ndarray:
    """Volume of a unit-rate Arps segment to ``tau`` days; one ``b``, any shape of ``d``."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if b <= B_EPSILON:
            return -np.expm1(-d_day * tau) / d_day
        if abs(b - 1.0) <= B_EPSILON:
            return np.log1p(d_day * tau) / d_day
        return -np.expm1((1.0 - 1.0 / b) * np.log1p(b * d_day * tau)) / ((1.0 - b) * d_day)


def _arps_unit_cum(tau: np.ndarray, d_day: Any, b: float, dmin_day: float) -> np.ndarray:
    """Volume of a unit-rate Arps (optionally modified at ``dmin_day``) to ``tau`` days."""
    base = _unit_cum(tau, d_day, b)
    if dmin_day <= 0 or b <= B_EPSILON:
        return base
    d_day = np.asarray(d_day, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        switch = np.where(d_day > dmin_day, (d_day / dmin_day - 1.0) / (b * d_day), 0.0)
        n_switch = _unit_cum(switch, d_day, b)
        q_switch = np.exp(-np.log1p(b * d_day * switch) / b)
        late = n_switch + q_switch * -np.expm1(-dmin_day * (tau - switch)) / dmin_day
    return np.where(tau > switch, late, base)


class Family:
    """A model family: its shape parameters, bounds, starts and unit-rate curve."""

    name = ""
    k = 0  # parameters fitted, the initial rate included

    def __init__(self, options: FitOptions) -> None:
        self.options = options

    def bounds(self) -> tuple[list[float], list[float]]:
        raise NotImplementedError

    def shape_grid(self) -> np.ndarray:
        """Candidate shape vectors (rows) for the start."""
        raise NotImplementedError

    def avg_shape(self, data: FitData, theta: np.ndarray) -> np.ndarray:
        """Average rate over each interval of the unit-rate model."""
        cum = self.curve(1.0, theta).cum(data.edges)
        return (cum[data.end_index] - cum[data.start_index]) / data.length

    def avg_shape_grid(self, data: FitData, grid: np.ndarray) -> np.ndarray:
        return np.array([self.avg_shape(data, theta) for theta in grid])

    def curve(self, qi: float, theta: np.ndarray) -> M.Curve:
        raise NotImplementedError

    @property
    def dmin(self) -> float:
        return self.options.dmin if self.options.dmin_everywhere else 0.0


class _Arps(Family):
    """Shape (ln d, b) with d nominal per year; fixed b for the exponential and harmonic."""

    fixed_b: float | None = None

    def __init__(self, options: FitOptions) -> None:
        super().__init__(options)
        if type(self).fixed_b is None and options.b_min == options.b_max:
            # b fixed by the analyst: one parameter fewer to fit (and to count in the AIC).
            self.fixed_b = options.b_min
            self.k = type(self).k - 1

    def _dmin_fit(self) -> float:
        return self.dmin

    def _d_low(self) -> float:
        floor = self._dmin_fit()
        return max(D_BOUNDS[0], floor * 1.000001) if floor > 0 else D_BOUNDS[0]

    def _b_range(self) -> tuple[float, float]:
        low = max(self.options.b_min, 0.01)
        return low, max(self.options.b_max, low + 1e-6)

    def bounds(self):
        lower = [math.log(self._d_low())]
        upper = [math.log(D_BOUNDS[1])]
        if self.fixed_b is None:
            low, high = self._b_range()
            lower.append(low)
            upper.append(high)
        return lower, upper

    def shape_grid(self):
        lower, upper = self.bounds()
        log_d = np.linspace(lower[0], upper[0], 28)[1:-1]
        if self.fixed_b is not None:
            return log_d[:, None]
        b = np.linspace(lower[1], upper[1], 9)
        grid = np.array(np.meshgrid(log_d, b, indexing="ij")).reshape(2, -1).T
        return grid

    def _split(self, theta: np.ndarray) -> tuple[Any, Any]:
        theta = np.asarray(theta, dtype=float)
        d = np.exp(theta[..., 0])
        b = np.full_like(d, self.fixed_b) if self.fixed_b is not None else theta[..., 1]
        return d, b

    def avg_shape(self, data, theta):
        d, b = self._split(theta)
        cum = _arps_unit_cum(
            data.edges, float(d) / DAYS_PER_YEAR, float(b), self._dmin_fit() / DAYS_PER_YEAR
        )
        return (cum[data.end_index] - cum[data.start_index]) / data.length

    def avg_shape_grid(self, data, grid):
        d, b = self._split(grid)
        dmin_day = self._dmin_fit() / DAYS_PER_YEAR
        out = np.empty((len(grid), data.n))
        for value in np.unique(b):
            rows = b == value
            cum = _arps_unit_cum(
                data.edges[None, :], d[rows][:, None] / DAYS_PER_YEAR, float(value), dmin_day
            )
            out[rows] = (cum[:, data.end_index] - cum[:, data.start_index]) / data.length
        return out

    def curve(self, qi, theta):
        d, b = self._split(theta)
        return M.arps(qi, float(d), float(b), dmin=self._dmin_fit())


class Exponential(_Arps):
    name = "exponential"
    k = 2
    fixed_b = 0.0

    def curve(self, qi, theta):
        d, _ = self._split(theta)
        return M.arps(qi, float(d), 0.0)


class Harmonic(_Arps):
    name = "harmonic"
    k = 2
    fixed_b = 1.0


class Hyperbolic(_Arps):
    name = "hyperbolic"
    k = 3


class ModifiedHyperbolic(_Arps):
    name = "modified_hyperbolic"
    k = 3

    def _dmin_fit(self) -> float:
        return self.options.dmin


class THM(Family):
    """Shape (ln d, bf, ln telf); bi = 2 (transient linear flow)."""

    name = "thm"
    k = 4

    def bounds(self):
        b_low = max(self.options.b_min, 0.0)
        b_high = min(max(self.options.b_max, b_low + 1e-6), THM_BI)
        return (
            [math.log(D_BOUNDS[0] * 10), b_low, math.log(15.0)],
            [math.log(D_BOUNDS[1]), b_high, math.log(3650.0)],
        )

    def shape_grid(self):
        lower, upper = self.bounds()
        log_d = np.linspace(lower[0], upper[0], 10)[1:-1]
        bf = np.linspace(lower[1], upper[1], 5)
        log_telf = np.linspace(lower[2], upper[2], 7)[1:-1]
        return np.array(np.meshgrid(log_d, bf, log_telf, indexing="ij")).reshape(3, -1).T

    def curve(self, qi, theta):
        return M.thm(
            qi,
            math.exp(theta[0]),
            THM_BI,
            float(theta[1]),
            math.exp(theta[2]),
            dmin=self.options.dmin,
        )


class PLE(Family):
    """Shape (ln Di, ln Dinf, n) in petbox-dca's units (per day)."""

    name = "ple"
    k = 4

    def bounds(self):
        return ([math.log(1e-5), math.log(1e-8), 0.02], [math.log(5.0), math.log(0.05), 0.98])

    def shape_grid(self):
        log_di = np.log([1e-3, 1e-2, 0.05, 0.2, 1.0])
        log_dinf = np.log([1e-7, 1e-5, 1e-4, 1e-3])
        n = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
        return np.array(np.meshgrid(log_di, log_dinf, n, indexing="ij")).reshape(3, -1).T

    def curve(self, qi, theta):
        return M.PowerLawExponential(
            qi, math.exp(theta[0]), math.exp(theta[1]), float(theta[2]), dmin=self.dmin
        )


class SE(Family):
    """Shape (ln tau, n), tau in days."""

    name = "se"
    k = 3

    def bounds(self):
        return ([math.log(1e-3), 0.02], [math.log(1e5), 0.98])

    def shape_grid(self):
        log_tau = np.log([1.0, 10.0, 50.0, 200.0, 1000.0, 5000.0])
        n = np.array([0.1, 0.2, 0.35, 0.5, 0.7, 0.9])
        return np.array(np.meshgrid(log_tau, n, indexing="ij")).reshape(2, -1).T

    def curve(self, qi, theta):
        return M.StretchedExponential(qi, math.exp(theta[0]), float(theta[1]), dmin=self.dmin)


class Duong(Family):
    """Shape (a, m)."""

    name = "duong"
    k = 3

    def bounds(self):
        return ([0.01, 1.0001], [10.0, 3.0])

    def shape_grid(self):
        a = np.array([0.3, 0.7, 1.0, 1.5, 2.0, 3.0])
        m = np.array([1.05, 1.1, 1.2, 1.35, 1.5, 1.8])
        return np.array(np.meshgrid(a, m, indexing="ij")).reshape(2, -1).T

    def curve(self, qi, theta):
        return M.DuongModel(qi, float(theta[0]), float(theta[1]), dmin=self.dmin)


FAMILIES: dict[str, type[Family]] = {
    "exponential": Exponential,
    "harmonic": Harmonic,
    "hyperbolic": Hyperbolic,
    "modified_hyperbolic": ModifiedHyperbolic,
    "thm": THM,
    "ple": PLE,
    "se": SE,
    "duong": Duong,
}


# --------------------------------------------------------------------------- the fit


def _projected(shape: np.ndarray, data: FitData, objective: str) -> tuple[np.ndarray, np.ndarray]:
    """(initial rates, residuals) for rows of average shapes: qi solved in closed form."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if objective == "rate":
            qi = (shape * data.y).sum(axis=-1) / (shape * shape).sum(axis=-1)
            scale = float(np.median(data.y))
            residual = (qi[..., None] * shape - data.y) / scale
        else:
            log_shape = np.log(np.maximum(shape, 1e-300))
            log_qi = (data.log_y - log_shape).mean(axis=-1)
            qi = np.exp(log_qi)
            residual = log_shape + log_qi[..., None] - data.log_y
    residual = np.where(np.isfinite(residual), residual, 1e6)
    return qi, residual


def fit_family(data: FitData, family: Family, *, start: np.ndarray | None = None) -> Fit:
    """Fit one family: grid start (or ``start``), then bounded least squares on the shape."""
    k = family.k
    if data.n < k + 1:
        raise ValueError(f"{family.name} needs at least {k + 1} producing periods, got {data.n}")
    objective = family.options.objective
    lower, upper = family.bounds()
    if start is None:
        grid = family.shape_grid()
        shapes = family.avg_shape_grid(data, grid)
        _, residuals = _projected(shapes, data, objective)
        costs = (residuals**2).sum(axis=1)
        start = grid[int(np.argmin(costs))]

    def residual(theta: np.ndarray) -> np.ndarray:
        return _projected(family.avg_shape(data, theta)[None, :], data, objective)[1][0]

    lower_a, upper_a = np.array(lower), np.array(upper)
    if len(start) == 1:
        result = minimize_scalar(
            lambda x: float(np.sum(residual(np.array([x])) ** 2)),
            bounds=(lower_a[0], upper_a[0]),
            method="bounded",
            options={"xatol": 1e-9},
        )
        theta = np.array([result.x])
    else:
        span = upper_a - lower_a
        x0 = np.clip(start, lower_a + 1e-9 * span, upper_a - 1e-9 * span)
        solution = least_squares(
            residual,
            x0,
            bounds=(lower_a, upper_a),
            method="trf",
            x_scale="jac",
        )
        theta = solution.x
    shape = family.avg_shape(data, theta)[None, :]
    qi_all, _ = _projected(shape, data, objective)
    qi = float(qi_all[0])
    curve = family.curve(qi, theta)
    return evaluate(family.name, curve, data, k, theta)


def shape_residual(data: FitData, family: Family, theta: np.ndarray) -> tuple[float, np.ndarray]:
    """(initial rate, residuals) of ``family`` with shape ``theta`` on ``data``."""
    qi, residual = _projected(
        family.avg_shape(data, theta)[None, :], data, family.options.objective
    )
    return float(qi[0]), residual[0]


def evaluate(
    family: str, curve: M.Curve, data: FitData, k: int, theta: np.ndarray | None = None
) -> Fit:
    """How well ``curve`` fits ``data``: errors on log rate and rate, AIC."""
    model = (curve.cum(data.te) - curve.cum(data.ts)) / (data.te - data.ts)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_resid = np.log(np.maximum(model, 1e-300)) - data.log_y
    n = data.n
    sse = max(float(np.sum(log_resid**2)), 1e-12 * n)
    return Fit(
        family=family,
        curve=curve,
        n=n,
        k=k,
        sse_log=sse,
        rmse_log=math.sqrt(sse / n),
        rmse_rate=math.sqrt(float(np.mean((model - data.y) ** 2))),
        aic=n * math.log(sse / n) + 2 * k,
        theta=np.asarray(theta if theta is not None else [], dtype=float),
    )


def families_for(models: list[str], options: FitOptions) -> list[Family]:
    """The families to fit: those whose fixed b (0, 1) lies within the b bounds; with a
    stated Dmin the plain hyperbolic is the modified one. (THM's bounds are on bf: its
    initial b is linear flow's 2.)"""
    chosen = []
    for name in models:
        if name not in FAMILIES:
            raise ValueError(f"unknown model {name!r}; use one of {', '.join(FAMILIES)}")
        fixed = {"exponential": 0.0, "harmonic": 1.0}.get(name)
        if fixed is not None and not options.b_min <= fixed <= options.b_max:
            continue  # its b is outside the bounds asked for
        if (
            name == "hyperbolic"
            and options.dmin_everywhere
            and options.dmin > 0
            and "modified_hyperbolic" in models
        ):
            continue
        chosen.append(FAMILIES[name](options))
    return chosen


def fit_all(data: FitData, models: list[str], options: FitOptions) -> dict[str, Fit]:
    fits: dict[str, Fit] = {}
    for family in families_for(models, options):
        try:
            fits[family.name] = fit_family(data, family)
        except (ValueError, FloatingPointError, ZeroDivisionError):
            continue
    return fits


def choose_best(fits: dict[str, Fit]) -> tuple[str, str]:
    """(the winning family, why it won, in a sentence)."""
    lowest_name = min(fits, key=lambda name: fits[name].aic)
    lowest = fits[lowest_name].aic
    for name in PREFERENCE:
        if name in fits and fits[name].aic <= lowest + AIC_TIE:
            if name == lowest_name:
                others = [n for n in fits if n != name]
                if not others:
                    return name, "the only model fitted"
                runner = min(others, key=lambda n: fits[n].aic)
                return name, (
                    f"lowest AIC on log rate ({fits[name].aic:.1f}; next "
                    f"{M.MODEL_NAMES[runner]} {fits[runner].aic:.1f})"
                )
            reason = (
                "it has a terminal decline"
                if name in ("exponential", "modified_hyperbolic", "thm")
                and lowest_name not in ("exponential", "modified_hyperbolic", "thm")
                else "it is simpler"
                if fits[name].k < fits[lowest_name].k
                else "it comes first in the preference order (terminal decline, then fewer "
                "parameters)"
            )
            return name, (
                f"within {AIC_TIE:g} AIC of the lowest ({M.MODEL_NAMES[lowest_name]} "
                f"{lowest:.1f} vs {fits[name].aic:.1f}), so preferred because {reason}"
            )
    return lowest_name, "lowest AIC on log rate"
