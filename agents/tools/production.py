"""Production: Arps decline curves, fits, forecasts and EUR.

Conventions (the answers name them):
- rates are per day (bbl/d, mcf/d, BOE/d); time inside the models is in days from the
  model's start (the peak, for a fit); decline rates are per year.
- a decline rate comes in three conventions: nominal ``D`` (the instantaneous
  ``-d ln q / dt``), tangent-effective ``1 - exp(-D)`` (the one-year drop of an
  exponential with that nominal decline) and secant-effective ``1 - (1 + b D)^(-1/b)``
  (the real one-year drop of the hyperbolic: petbox-dca's ``Di``). For b = 0 the two
  effective rates coincide.
- the modified hyperbolic switches to an exponential when its nominal decline falls to
  ``Dlim``; petbox-dca takes that terminal decline as tangent-effective (``Dterm``).

Model curves (rate, cumulative, time to a rate) come from petbox-dca's ``MH`` model; the
fit uses the closed-form Arps equations below (the tests prove both agree) so that scipy's
bounded least squares can evaluate them quickly and vectorised.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from petbox import dca
from scipy.optimize import least_squares

from agents.tools.common import (
    MCF_PER_BOE,
    add_table_row,
    find_column,
    find_date_column,
    fmt,
    jsonable,
    normalise,
    numeric,
    parse_dates,
    percent,
    read_row_frame,
)
from agents.tools.registry import ToolContext, ToolError, tool

DAYS_PER_YEAR = 365.25  # petbox-dca's year, used everywhere here
B_EPSILON = 1e-10
CONVENTIONS = ("nominal", "tangent_effective", "secant_effective")
MODELS = ("exponential", "harmonic", "hyperbolic", "modified_hyperbolic")
DEFAULT_DLIM_TANGENT = 0.06  # a common terminal decline for shale wells, per year
DEFAULT_HORIZON_YEARS = 30.0
AIC_TIE = 2.0  # AIC differences below this are not evidence for the more complex model
PHASE_UNITS = {"oil": "bbl", "gas": "mcf", "water": "bbl", "boe": "BOE"}

# --------------------------------------------------------------------------- conventions


def nominal_from_tangent(tangent: float) -> float:
    """Nominal annual decline from a tangent-effective one: ``-ln(1 - De)``."""
    if not 0 <= tangent < 1:
        raise ValueError("an effective decline must be a fraction in [0, 1)")
    return -math.log1p(-tangent)


def tangent_from_nominal(nominal: float) -> float:
    return -math.expm1(-nominal)


def nominal_from_secant(secant: float, b: float) -> float:
    """Nominal annual decline from a secant-effective one: ``((1 - Ds)^-b - 1) / b``."""
    if not 0 <= secant < 1:
        raise ValueError("an effective decline must be a fraction in [0, 1)")
    if abs(b) <= B_EPSILON:
        return nominal_from_tangent(secant)
    return math.expm1(-b * math.log1p(-secant)) / b


def secant_from_nominal(nominal: float, b: float) -> float:
    """Secant-effective annual decline from a nominal one: ``1 - (1 + b D)^(-1/b)``."""
    if abs(b) <= B_EPSILON:
        return tangent_from_nominal(nominal)
    return -math.expm1(-math.log1p(b * nominal) / b)


def to_nominal(value: float, convention: str, b: float = 0.0) -> float:
    """A decline given in ``convention`` as a nominal annual decline."""
    if convention == "nominal":
        if value < 0:
            raise ValueError("a nominal decline must not be negative")
        return float(value)
    if convention == "tangent_effective":
        return nominal_from_tangent(value)
    if convention == "secant_effective":
        return nominal_from_secant(value, b)
    raise ValueError(f"unknown decline convention {convention!r}; use one of {CONVENTIONS}")


def decline_in_all_conventions(nominal: float, b: float) -> dict[str, float]:
    return {
        "nominal": nominal,
        "tangent_effective": tangent_from_nominal(nominal),
        "secant_effective": secant_from_nominal(nominal, b),
    }


def describe_decline(nominal: float, b: float) -> str:
    forms = decline_in_all_conventions(nominal, b)
    return (
        f"{forms['nominal']:.4g}/yr nominal = {percent(forms['tangent_effective'])}/yr "
        f"tangent-effective = {percent(forms['secant_effective'])}/yr secant-effective"
    )


def checked_nominal(value: float, convention: str, b: float, what: str) -> float:
    """``to_nominal`` with the user's mistakes turned into ToolErrors."""
    if convention not in CONVENTIONS:
        raise ToolError(f"The {what} convention must be one of {', '.join(CONVENTIONS)}.")
    if convention != "nominal" and value >= 1:
        raise ToolError(
            f"An effective {what} is a fraction of the rate lost per year and must be below 1 "
            f"(0.25 for 25%); got {value}."
        )
    try:
        return to_nominal(float(value), convention, b)
    except ValueError as exc:
        raise ToolError(f"The {what} {value} ({convention}) is not usable: {exc}.") from None


# --------------------------------------------------------------------------- closed forms


def arps_rate(t_years: np.ndarray, qi: float, d: float, b: float) -> np.ndarray:
    """Arps rate at ``t_years``: exponential (b = 0), hyperbolic, harmonic (b = 1)."""
    t = np.asarray(t_years, dtype=float)
    if abs(b) <= B_EPSILON:
        return qi * np.exp(-d * t)
    return qi * np.power(1.0 + b * d * t, -1.0 / b)


def arps_cum(t_years: np.ndarray, qi: float, d: float, b: float) -> np.ndarray:
    """Cumulative volume to ``t_years``, in (rate unit) x days."""
    t = np.asarray(t_years, dtype=float)
    q = arps_rate(t, qi, d, b)
    if abs(b) <= B_EPSILON:
        per_year = (qi - q) / d
    elif abs(b - 1.0) <= B_EPSILON:
        per_year = qi / d * np.log(qi / q)
    else:
        per_year = qi**b / ((1.0 - b) * d) * (qi ** (1.0 - b) - q ** (1.0 - b))
    return per_year * DAYS_PER_YEAR


def modified_hyperbolic_switch_years(d: float, b: float, dlim: float) -> float:
    """When the hyperbolic's nominal decline ``d / (1 + b d t)`` falls to ``dlim``."""
    if abs(b) <= B_EPSILON or dlim <= 0 or d <= dlim:
        return 0.0 if d <= dlim else math.inf
    return (d / dlim - 1.0) / (b * d)


def modified_hyperbolic_rate(
    t_years: np.ndarray, qi: float, d: float, b: float, dlim: float
) -> np.ndarray:
    t = np.asarray(t_years, dtype=float)
    t_switch = modified_hyperbolic_switch_years(d, b, dlim)
    if not math.isfinite(t_switch):
        return arps_rate(t, qi, d, b)
    q_switch = float(arps_rate(np.array(t_switch), qi, d, b))
    return np.where(
        t <= t_switch,
        arps_rate(np.minimum(t, t_switch), qi, d, b),
        q_switch * np.exp(-dlim * np.maximum(t - t_switch, 0.0)),
    )


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class DeclineModel:
    """One Arps curve. ``d`` and ``dlim`` are nominal per year; rates per day; t in days."""

    kind: str
    qi: float
    d: float
    b: float = 0.0
    dlim: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in MODELS:
            raise ValueError(f"unknown model {self.kind!r}")

    @property
    def terminal(self) -> bool:
        return self.kind == "modified_hyperbolic" and self.b > B_EPSILON and self.dlim > 0

    def petbox(self) -> dca.MH:
        """The same curve as petbox-dca's modified hyperbolic (secant ``Di``, tangent ``Dterm``)."""
        dterm = tangent_from_nominal(self.dlim) if self.terminal else 0.0
        return dca.MH(qi=self.qi, Di=secant_from_nominal(self.d, self.b), bi=self.b, Dterm=dterm)

    def rate(self, t_days: np.ndarray) -> np.ndarray:
        return self.petbox().rate(np.asarray(t_days, dtype=float))

    def cum(self, t_days: np.ndarray) -> np.ndarray:
        return self.petbox().cum(np.asarray(t_days, dtype=float))

    def closed_form_rate(self, t_days: np.ndarray) -> np.ndarray:
        t_years = np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
        if self.terminal:
            return modified_hyperbolic_rate(t_years, self.qi, self.d, self.b, self.dlim)
        return arps_rate(t_years, self.qi, self.d, self.b)

    def time_at_rate(self, q: float) -> float:
        """Days from the start until the rate falls to ``q`` (0 if it starts below)."""
        if q <= 0:
            return math.inf
        if q >= self.qi:
            return 0.0
        return float(np.atleast_1d(self.petbox().time_at_rate(np.array([q], dtype=float)))[0])

    def switch_days(self) -> float | None:
        if not self.terminal:
            return None
        return modified_hyperbolic_switch_years(self.d, self.b, self.dlim) * DAYS_PER_YEAR

    def parameters(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.kind,
            "qi": self.qi,
            "b": self.b,
            "di": decline_in_all_conventions(self.d, self.b),
        }
        if self.terminal:
            out["dlim"] = {
                "nominal": self.dlim,
                "tangent_effective": tangent_from_nominal(self.dlim),
            }
            out["switch_years"] = modified_hyperbolic_switch_years(self.d, self.b, self.dlim)
        return out

    def sentence(self, unit: str) -> str:
        text = (
            f"{self.kind.replace('_', ' ')}: qi = {fmt(self.qi, 1)} {unit}/d, "
            f"Di = {describe_decline(self.d, self.b)}, b = {self.b:.3g}"
        )
        if self.terminal:
            text += (
                f", Dlim = {self.dlim:.4g}/yr nominal ({percent(tangent_from_nominal(self.dlim))}"
                f"/yr tangent-effective), reached after "
                f"{modified_hyperbolic_switch_years(self.d, self.b, self.dlim):.1f} years"
            )
        return text


# --------------------------------------------------------------------------- fitting


@dataclass
class FitResult:
    model: DeclineModel
    n: int
    k: int
    rmse_log: float
    rmse_rate: float
    aic: float

    def stats(self) -> dict[str, Any]:
        return {
            "model": self.model.kind,
            "n": self.n,
            "parameters_fitted": self.k,
            "rmse_log_rate": self.rmse_log,
            "rmse_rate": self.rmse_rate,
            "aic": self.aic,
        }


def _curve(kind: str, t_years: np.ndarray, qi: float, d: float, b: float, dlim: float):
    if kind == "exponential":
        return arps_rate(t_years, qi, d, 0.0)
    if kind == "harmonic":
        return arps_rate(t_years, qi, d, 1.0)
    if kind == "hyperbolic":
        return arps_rate(t_years, qi, d, b)
    return modified_hyperbolic_rate(t_years, qi, d, b, dlim)


def fit_model(
    t_days: np.ndarray,
    q: np.ndarray,
    kind: str,
    *,
    dlim: float = 0.0,
    b_max: float = 2.0,
    objective: str = "log_rate",
) -> FitResult:
    """Least-squares fit of one Arps model to rates ``q`` at ``t_days`` (all q > 0).

    Bounded (qi within 0.2-20x the largest rate, nominal D within 0.001-500/yr, b within
    0.01-b_max; the modified hyperbolic keeps D above Dlim), on log rate by default so
    late, low rates weigh as much as early ones; started from several guesses.
    """
    t = np.asarray(t_days, dtype=float) / DAYS_PER_YEAR
    q = np.asarray(q, dtype=float)
    k = {"exponential": 2, "harmonic": 2}.get(kind, 3)
    if len(q) < k + 1:
        raise ValueError(f"{kind} needs at least {k + 1} producing points, got {len(q)}")
    log_q = np.log(q)
    slope, intercept = np.polyfit(t, log_q, 1) if np.ptp(t) > 0 else (-0.5, log_q[0])
    d0 = min(max(-slope, 0.05), 100.0)
    qmax = float(q.max())
    d_low = max(1e-3, dlim * 1.0001) if kind == "modified_hyperbolic" else 1e-3
    lower = [math.log(0.2 * qmax), math.log(d_low)]
    upper = [math.log(20 * qmax), math.log(500.0)]
    if k == 3:
        lower.append(0.01)
        upper.append(max(b_max, 0.011))
    scale = float(np.median(q))

    def unpack(x: np.ndarray) -> tuple[float, float, float]:
        b = {"exponential": 0.0, "harmonic": 1.0}.get(kind, x[2] if k == 3 else 0.0)
        return math.exp(x[0]), math.exp(x[1]), b

    def residuals(x: np.ndarray) -> np.ndarray:
        qi, d, b = unpack(x)
        model = _curve(kind, t, qi, d, b, dlim)
        if objective == "rate":
            return (model - q) / scale
        return np.log(np.maximum(model, 1e-300)) - log_q

    qi0 = min(max(math.exp(intercept), 0.2 * qmax * 1.01), 20 * qmax * 0.99)
    best = None
    for d_start in (d0, 3 * d0, 10 * d0):
        for b_start in (0.5, 1.0, 1.5) if k == 3 else (None,):
            x0 = [math.log(qi0), math.log(min(max(d_start, d_low * 1.01), 499.0))]
            if b_start is not None:
                x0.append(min(b_start, upper[2] * 0.99))
            try:
                solution = least_squares(residuals, x0, bounds=(lower, upper), method="trf")
            except ValueError:
                continue
            if best is None or solution.cost < best.cost:
                best = solution
    if best is None:
        raise ValueError(f"the {kind} fit did not converge")
    qi, d, b = unpack(best.x)
    fitted = DeclineModel(
        kind=kind, qi=qi, d=d, b=b, dlim=dlim if kind == "modified_hyperbolic" else 0
    )
    model_q = _curve(kind, t, qi, d, b, dlim)
    log_resid = np.log(model_q) - log_q
    n = len(q)
    sse = max(float(np.sum(log_resid**2)), 1e-12 * n)
    return FitResult(
        model=fitted,
        n=n,
        k=k,
        rmse_log=math.sqrt(float(np.mean(log_resid**2))),
        rmse_rate=math.sqrt(float(np.mean((model_q - q) ** 2))),
        aic=n * math.log(sse / n) + 2 * k,
    )


# Simpler or more conservative first: on a near-tie the earlier one is chosen.
_PREFERENCE = ("exponential", "harmonic", "modified_hyperbolic", "hyperbolic")


def choose_best(fits: dict[str, FitResult]) -> str:
    """The model with the lowest AIC on log rate (n ln(SSE/n) + 2k).

    Within 2 AIC units of the lowest, the earlier model in exponential, harmonic, modified
    hyperbolic, hyperbolic wins: fewer parameters, and a terminal decline rather than an
    unbounded hyperbolic tail.
    """
    lowest = min(fit.aic for fit in fits.values())
    for kind in _PREFERENCE:
        if kind in fits and fits[kind].aic <= lowest + AIC_TIE:
            return kind
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- series


@dataclass
class Series:
    """One well's history, on a true time axis."""

    frame: pd.DataFrame  # period_start, days, value, rate, volume, t_mid (days from origin)
    frequency: str  # "monthly" or "daily"
    converted: bool  # monthly volumes turned into daily rates
    peak_index: int
    origin: pd.Timestamp  # start of the peak period: t = 0 of the model
    end: pd.Timestamp  # end of the last history period
    excluded: int  # zero, negative or missing rates left out of the fit
    notes: list[str] = field(default_factory=list)

    @property
    def fit_points(self) -> pd.DataFrame:
        after = self.frame.iloc[self.peak_index :]
        return after[after["rate"] > 0]

    @property
    def history_volume(self) -> float:
        return float(self.frame["volume"].fillna(0).clip(lower=0).sum())


def detect_frequency(dates: pd.Series) -> str:
    unique = pd.Series(sorted(dates.dropna().unique()))
    if len(unique) < 2:
        raise ToolError("A decline needs more than one date; the table has one.")
    step = float(unique.diff().dt.days.median())
    if step <= 1.5:
        return "daily"
    if 27 <= step <= 32:
        return "monthly"
    raise ToolError(
        f"The dates are about {step:.0f} days apart; I fit daily or monthly histories. "
        "Resample the table to months, or tell me the date column if I picked the wrong one."
    )


def build_series(
    dates: pd.Series, values: pd.Series, *, values_are: str, frequency: str | None = None
) -> Series:
    """Sort, merge duplicate periods, convert to daily rates, find the peak."""
    data = pd.DataFrame({"date": parse_dates(dates), "value": numeric(values)})
    bad_dates = int(data["date"].isna().sum())
    data = data.dropna(subset=["date"])
    if data.empty:
        raise ToolError("No row has a date I can read.")
    frequency = frequency or detect_frequency(data["date"])
    if frequency == "monthly":
        data["period_start"] = data["date"].dt.to_period("M").dt.to_timestamp()
        days_of = data["period_start"].dt.days_in_month.astype(float)
    else:
        data["period_start"] = data["date"].dt.normalize()
        days_of = pd.Series(1.0, index=data.index)
    data["days"] = days_of
    unsorted = not data["period_start"].is_monotonic_increasing
    merged = (
        data.groupby("period_start", sort=True)
        .agg(value=("value", lambda s: s.sum(min_count=1)), days=("days", "first"))
        .reset_index()
    )
    duplicates = len(data) - len(merged)
    convert = frequency == "monthly" and values_are == "volumes"
    if values_are == "volumes":
        merged["volume"] = merged["value"]
        merged["rate"] = merged["value"] / merged["days"]
    else:
        merged["rate"] = merged["value"]
        merged["volume"] = merged["value"] * merged["days"]
    producing = merged["rate"] > 0
    if producing.sum() == 0:
        raise ToolError("The column has no positive production to fit.")
    first = merged.loc[producing, "period_start"].min()
    window = merged[producing & (merged["period_start"] < first + pd.Timedelta(days=365))]
    peak_label = window["rate"].idxmax()
    peak_index = int(merged.index.get_loc(peak_label))
    origin = merged.loc[peak_label, "period_start"]
    merged["t_mid"] = (merged["period_start"] - origin).dt.days + merged["days"] / 2.0
    last = merged.iloc[-1]
    end = last["period_start"] + pd.Timedelta(days=float(last["days"]))
    after_peak = merged.iloc[peak_index:]
    excluded = int((~(after_peak["rate"] > 0)).sum())
    notes = []
    if convert:
        notes.append("monthly volumes were turned into daily rates by the days in each month")
    if unsorted:
        notes.append("the dates were out of order and have been sorted")
    if duplicates:
        notes.append(f"{duplicates} rows sharing a period were added together")
    if bad_dates:
        notes.append(f"{bad_dates} rows without a readable date were left out")
    if excluded:
        notes.append(
            f"{excluded} shut-in, zero or missing {'months' if frequency == 'monthly' else 'days'}"
            " after the peak were left out of the fit (the time axis keeps them)"
        )
    full = pd.date_range(
        merged["period_start"].iloc[0],
        merged["period_start"].iloc[-1],
        freq="MS" if frequency == "monthly" else "D",
    )
    gaps = len(full) - len(merged)
    if gaps > 0:
        notes.append(f"{gaps} periods are missing from the table (gaps kept on the time axis)")
    if peak_index > 0:
        notes.append(
            f"the fit starts at the peak ({origin:%Y-%m-%d}), after {peak_index} ramp-up periods"
        )
    return Series(
        frame=merged,
        frequency=frequency,
        converted=convert,
        peak_index=peak_index,
        origin=origin,
        end=end,
        excluded=excluded,
        notes=notes,
    )


# --------------------------------------------------------------------------- forecast


def forecast_periods(
    model: DeclineModel,
    *,
    origin: pd.Timestamp,
    start: pd.Timestamp,
    economic_limit: float | None,
    horizon_years: float,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Calendar-month volumes from ``start`` until the economic limit or the horizon.

    Each period's volume is the model's cumulative at its end minus at its start (exact,
    not rate x days); the last period is cut where the rate reaches the limit.
    """
    t_start = (start - origin).total_seconds() / 86400.0
    t_horizon = t_start + horizon_years * DAYS_PER_YEAR
    t_limit = model.time_at_rate(economic_limit) if economic_limit else math.inf
    t_stop = min(t_horizon, t_limit)
    stopped_by = "economic limit" if t_limit <= t_horizon else "horizon"
    if t_stop <= t_start:
        empty = pd.DataFrame(columns=["date", "days", "t_start", "t_end", "volume", "rate"])
        return empty, {"t_stop_days": t_start, "stopped_by": "economic limit", "remaining": 0.0}
    stop_date = origin + pd.Timedelta(days=t_stop)
    boundaries = [start]
    month = (start + pd.offsets.MonthBegin(1)).normalize()
    while month < stop_date:
        boundaries.append(month)
        month = month + pd.offsets.MonthBegin(1)
    times = np.array([(b - origin).total_seconds() / 86400.0 for b in boundaries] + [t_stop])
    cum = model.cum(times)
    volumes = np.diff(cum)
    days = np.diff(times)
    frame = pd.DataFrame(
        {
            "date": boundaries,
            "days": days,
            "t_start": times[:-1],
            "t_end": times[1:],
            "volume": volumes,
            "rate": volumes / days,
        }
    )
    return frame, {
        "t_stop_days": t_stop,
        "stopped_by": stopped_by,
        "remaining": float(cum[-1] - cum[0]),
        "final_rate": float(model.rate(np.array([t_stop]))[0]),
        "end_date": stop_date,
    }


# --------------------------------------------------------------------------- columns


_VOLUME_EXCLUDE = [
    r"price",
    r"usd",
    r"\bcum",
    r"cumulative",
    r"ratio",
    r"\bgor\b",
    r"\bwor\b",
    r"inject",
    r"lift",
    r"cost",
    r"tax",
    r"flare",
    r"vent",
]
_PHASE_PATTERNS = {
    "oil": [r"\boil\b", r"\bbopd\b", r"\bcondensate\b", r"\bbbls?\b"],
    "gas": [r"\bgas\b", r"\bmcfd?\b", r"\bmscf\b"],
    "water": [r"\bwater\b", r"\bbwpd\b"],
    "boe": [r"\bboe\b", r"\bboepd\b"],
}
_WELL_PATTERNS = [
    r"\bwell name\b",
    r"\bwell\b",
    r"\blease\b",
    r"\bname\b",
    r"\bapi\b",
    r"\buwi\b",
    r"\bid\b",
]


def _looks_like_rate(column: str) -> bool:
    words = normalise(column)
    return bool(
        re.search(
            r"\brate\b|\bper d(ay)?\b|\bbopd\b|\bbpd\b|\bmcfd\b|\bboepd\b|\bbwpd\b|\bd$", words
        )
    )


def phase_column(frame: pd.DataFrame, phase: str) -> str | None:
    column = find_column(frame, include=_PHASE_PATTERNS[phase], exclude=_VOLUME_EXCLUDE)
    if column is not None and phase == "oil" and "water" in normalise(column):
        return None
    return column


def find_well_column(frame: pd.DataFrame, wanted: str | None) -> str | None:
    if wanted:
        return find_column(frame, wanted=wanted, what="well column")
    for pattern in _WELL_PATTERNS:
        column = find_column(frame, include=[pattern], exclude=[r"date", r"oil", r"gas", r"water"])
        if column is not None and not pd.api.types.is_float_dtype(frame[column]):
            return column
    return None


def choose_values(
    frame: pd.DataFrame, *, phase: str | None, column: str | None
) -> tuple[pd.Series, str, str, list[str]]:
    """(values, phase, source column description, notes) for the requested stream."""
    if column:
        name = find_column(frame, wanted=column, what="production column")
        words = normalise(name)
        guessed = phase or next(
            (p for p in ("oil", "gas", "water", "boe") if p in words.split()), "oil"
        )
        return numeric(frame[name]), guessed, name, []
    if phase == "boe" or phase is None:
        boe = phase_column(frame, "boe")
        if phase == "boe" and boe is not None:
            return numeric(frame[boe]), "boe", boe, []
    candidates = {p: phase_column(frame, p) for p in ("oil", "gas")}
    if phase == "boe":
        oil, gas = candidates["oil"], candidates["gas"]
        if oil is None or gas is None:
            raise ToolError("For BOE I need both an oil and a gas column (or a BOE column).")
        values = numeric(frame[oil]).fillna(0) + numeric(frame[gas]).fillna(0) / MCF_PER_BOE
        both_missing = numeric(frame[oil]).isna() & numeric(frame[gas]).isna()
        values[both_missing] = np.nan
        note = f"BOE = {oil} + {gas} / {MCF_PER_BOE:g} (6 mcf of gas per barrel)"
        return values, "boe", f"{oil} + {gas}/6", [note]
    if phase in ("oil", "gas", "water"):
        name = phase_column(frame, phase)
        if name is None:
            names = ", ".join(map(str, frame.columns))
            raise ToolError(f"I found no {phase} column; the columns are: {names}. Name it.")
        return numeric(frame[name]), phase, name, []
    for candidate in ("oil", "gas"):
        name = candidates[candidate]
        if name is not None and numeric(frame[name]).fillna(0).sum() > 0:
            return numeric(frame[name]), candidate, name, [f"fitted {candidate} ({name})"]
    names = ", ".join(map(str, frame.columns))
    raise ToolError(
        f"I could not tell which column holds production; the columns are: {names}. "
        "Name the column (and say oil, gas or BOE)."
    )


# --------------------------------------------------------------------------- one well


@dataclass
class WellFit:
    well: str | None
    series: Series
    fits: dict[str, FitResult]
    best: str
    forecast: pd.DataFrame
    forecast_info: dict[str, Any]

    @property
    def model(self) -> DeclineModel:
        return self.fits[self.best].model

    @property
    def eur(self) -> float:
        return self.series.history_volume + self.forecast_info["remaining"]


def fit_well(
    series: Series,
    *,
    models: list[str],
    dlim: float,
    b_max: float,
    objective: str,
    economic_limit: float | None,
    horizon_years: float,
    well: str | None = None,
) -> WellFit:
    points = series.fit_points
    if len(points) < 4:
        where = f" for well {well}" if well else ""
        raise ToolError(
            f"There are only {len(points)} producing periods from the peak on{where}; "
            "a decline fit needs at least 4."
        )
    t = points["t_mid"].to_numpy(float)
    q = points["rate"].to_numpy(float)
    fits = {}
    for kind in models:
        try:
            fits[kind] = fit_model(t, q, kind, dlim=dlim, b_max=b_max, objective=objective)
        except ValueError:
            continue
    if not fits:
        raise ToolError("None of the decline models could be fitted to this history.")
    best = choose_best(fits)
    forecast, info = forecast_periods(
        fits[best].model,
        origin=series.origin,
        start=series.end,
        economic_limit=economic_limit,
        horizon_years=horizon_years,
    )
    return WellFit(well, series, fits, best, forecast, info)


def well_table(fit: WellFit, phase: str, unit: str) -> pd.DataFrame:
    """History (actual and fitted rates) then forecast, one row per period."""
    history = fit.series.frame
    model = fit.model
    fitted = np.where(
        np.arange(len(history)) >= fit.series.peak_index,
        model.rate(history["t_mid"].to_numpy(float).clip(min=0)),
        np.nan,
    )
    hist = pd.DataFrame(
        {
            "date": history["period_start"],
            "days": history["days"],
            "segment": "history",
            f"history_{phase}_rate_{unit}_d": history["rate"],
            f"model_{phase}_rate_{unit}_d": fitted,
            f"{phase}_{unit}": history["volume"],
        }
    )
    fc = pd.DataFrame(
        {
            "date": fit.forecast["date"],
            "days": fit.forecast["days"],
            "segment": "forecast",
            f"history_{phase}_rate_{unit}_d": np.nan,
            f"model_{phase}_rate_{unit}_d": fit.forecast["rate"],
            f"{phase}_{unit}": fit.forecast["volume"],
        }
    )
    table = pd.concat([hist, fc], ignore_index=True) if len(fc) else hist
    table[f"cum_{phase}_{unit}"] = table[f"{phase}_{unit}"].fillna(0).clip(lower=0).cumsum()
    if fit.well is not None:
        table.insert(0, "well", fit.well)
    return table


def summary_record(fit: WellFit, phase: str, unit: str) -> dict[str, Any]:
    model = fit.model
    forms = decline_in_all_conventions(model.d, model.b)
    chosen = fit.fits[fit.best]
    return {
        "well": fit.well,
        "phase": phase,
        "model": model.kind,
        "peak_date": fit.series.origin.strftime("%Y-%m-%d"),
        f"qi_{unit}_d": model.qi,
        "di_nominal_per_yr": forms["nominal"],
        "di_tangent_effective": forms["tangent_effective"],
        "di_secant_effective": forms["secant_effective"],
        "b": model.b,
        "dlim_nominal_per_yr": model.dlim if model.terminal else None,
        "dlim_tangent_effective": tangent_from_nominal(model.dlim) if model.terminal else None,
        f"history_{unit}": fit.series.history_volume,
        f"remaining_{unit}": fit.forecast_info["remaining"],
        f"eur_{unit}": fit.eur,
        "forecast_end": fit.forecast_info.get("end_date"),
        "stopped_by": fit.forecast_info["stopped_by"],
        "rmse_log_rate": chosen.rmse_log,
        "aic": chosen.aic,
        "points_fitted": chosen.n,
        "points_excluded": fit.series.excluded,
    }


# --------------------------------------------------------------------------- tools

_DECLINE_CONVENTION = {
    "type": "string",
    "enum": list(CONVENTIONS),
    "description": (
        "How the decline is expressed: 'nominal' (continuous, per year), 'tangent_effective' "
        "(1-exp(-D), fraction lost per year), 'secant_effective' (the hyperbolic's real "
        "one-year drop, petbox-dca's Di). '25% a year effective' on a hyperbolic usually "
        "means secant; for b=0 tangent and secant coincide."
    ),
}


@tool(
    name="fit_decline",
    description=(
        "Fit Arps decline curves (exponential, harmonic, hyperbolic, modified hyperbolic with "
        "a terminal decline) to a production history table row, pick the best by AIC on log "
        "rate, forecast to an economic limit or horizon and give EUR. Finds the date, well and "
        "oil/gas columns itself; copes with monthly volumes, shut-ins, gaps, unsorted dates "
        "and a ramp-up (fits from the peak). A file with many wells is fitted well by well "
        "with a per-well summary table. Writes a forecast table row (and a chart)."
    ),
    parameters={
        "type": "object",
        "properties": {
            "rowid": {"type": "integer", "minimum": 1, "description": "The history table row."},
            "phase": {
                "type": "string",
                "enum": ["oil", "gas", "boe", "water"],
                "description": "Stream to fit; default oil if present, else gas. BOE = oil + gas/6.",
            },
            "column": {"type": "string", "description": "The production column, if not obvious."},
            "date_column": {"type": "string", "description": "The date column, if not obvious."},
            "well_column": {"type": "string", "description": "The well name/API column."},
            "well": {"type": "string", "description": "Fit only this well (name or API)."},
            "values_are": {
                "type": "string",
                "enum": ["volumes", "rates"],
                "description": "Whether the column holds volumes per period or daily rates; "
                "guessed from its name (rate, /d, bopd, mcfd mean rates).",
            },
            "model": {
                "type": "string",
                "enum": ["auto", *MODELS],
                "default": "auto",
                "description": "Model to fit; 'auto' fits all four and picks the best.",
            },
            "dlim": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Terminal decline of the modified hyperbolic (default 0.06 "
                "tangent-effective per year).",
            },
            "dlim_convention": {**_DECLINE_CONVENTION, "default": "tangent_effective"},
            "b_max": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 2,
                "default": 2,
                "description": "Upper bound on b for the hyperbolic fits.",
            },
            "fit_on": {
                "type": "string",
                "enum": ["log_rate", "rate"],
                "default": "log_rate",
                "description": "Least squares on log rate (default) or on rate.",
            },
            "economic_limit": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Rate (per day, in the phase's unit) where the forecast stops.",
            },
            "horizon_years": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 100,
                "default": DEFAULT_HORIZON_YEARS,
                "description": "Years after the last history month to forecast at most.",
            },
            "chart": {
                "type": "boolean",
                "default": True,
                "description": "Also write a history-versus-forecast chart row.",
            },
        },
        "required": ["rowid"],
        "additionalProperties": False,
    },
    group="production",
)
def fit_decline(
    ctx: ToolContext,
    *,
    rowid: int,
    phase: str | None = None,
    column: str | None = None,
    date_column: str | None = None,
    well_column: str | None = None,
    well: str | None = None,
    values_are: str | None = None,
    model: str = "auto",
    dlim: float | None = None,
    dlim_convention: str = "tangent_effective",
    b_max: float = 2.0,
    fit_on: str = "log_rate",
    economic_limit: float | None = None,
    horizon_years: float = DEFAULT_HORIZON_YEARS,
    chart: bool = True,
) -> dict[str, Any]:
    ctx.log(f"Reading the production history in row {rowid}...")
    row, frame = read_row_frame(ctx, rowid)
    models = list(MODELS) if model in (None, "auto") else [model]
    if any(m not in MODELS for m in models):
        raise ToolError(f"Unknown model {model!r}; use one of auto, {', '.join(MODELS)}.")
    if not 0 < float(b_max) <= 2:
        raise ToolError("b_max must be in (0, 2].")
    if horizon_years is None or not 0 < float(horizon_years) <= 100:
        raise ToolError("horizon_years must be between 0 and 100.")
    dlim_nominal = (
        checked_nominal(float(dlim), dlim_convention, 0.0, "terminal decline")
        if dlim is not None
        else nominal_from_tangent(DEFAULT_DLIM_TANGENT)
    )
    date_col = find_date_column(frame, date_column)
    if date_col is None:
        raise ToolError(
            f"I found no date column in row {row.rowid} (columns: "
            f"{', '.join(map(str, frame.columns))}). Which column holds the dates?"
        )
    values, phase, source, notes = choose_values(frame, phase=phase, column=column)
    unit = PHASE_UNITS[phase]
    if values_are is None:
        values_are = "rates" if _looks_like_rate(source) else "volumes"
    wells_col = find_well_column(frame, well_column)
    groups: list[tuple[str | None, pd.DataFrame]]
    if wells_col is not None and frame[wells_col].nunique(dropna=True) > 1:
        keys = frame[wells_col].astype(str).str.strip()
        if well:
            mask = keys.str.lower() == str(well).strip().lower()
            if not mask.any():
                choices = ", ".join(sorted(keys.unique())[:20])
                raise ToolError(f"No well {well!r} in {wells_col}; the wells are: {choices}.")
            groups = [(keys[mask].iloc[0], frame[mask])]
        else:
            groups = [(name, part) for name, part in frame.groupby(keys, sort=True)]
    else:
        single = None
        if wells_col is not None and frame[wells_col].notna().any():
            single = str(frame[wells_col].dropna().iloc[0]).strip()
        groups = [(single, frame)]
    frequency = detect_frequency(parse_dates(frame[date_col]).dropna().drop_duplicates())
    if frequency == "monthly" and values_are == "volumes":
        ctx.log("Monthly volumes: converting to daily rates by the days in each month.")
    results: list[WellFit] = []
    failures: list[str] = []
    for name, part in groups:
        label = f" for well {name}" if name and len(groups) > 1 else ""
        ctx.log(f"Fitting {', '.join(m.replace('_', ' ') for m in models)}{label}...")
        try:
            series = build_series(
                part[date_col], values.loc[part.index], values_are=values_are, frequency=frequency
            )
            results.append(
                fit_well(
                    series,
                    models=models,
                    dlim=dlim_nominal,
                    b_max=float(b_max),
                    objective=fit_on,
                    economic_limit=economic_limit,
                    horizon_years=float(horizon_years),
                    well=name,
                )
            )
        except ToolError as exc:
            if len(groups) == 1:
                raise
            failures.append(f"{name}: {exc}")
    if not results:
        raise ToolError("No well could be fitted: " + "; ".join(failures))

    tables = [well_table(fit, phase, unit) for fit in results]
    forecast_table = pd.concat(tables, ignore_index=True)
    records = [summary_record(fit, phase, unit) for fit in results]
    limit_text = (
        f"an economic limit of {fmt(economic_limit, 1)} {unit}/d"
        if economic_limit
        else "no economic limit given"
    )
    basis = (
        f"Forecast monthly to {limit_text}, at most {float(horizon_years):g} years after the "
        "last history month; EUR = produced volume + forecast. Best model: lowest AIC on log "
        "rate (ties within 2 go to the simpler/terminal-decline model)."
    )
    if dlim is None and "modified_hyperbolic" in models:
        basis += (
            f" The modified hyperbolic's terminal decline is the default "
            f"{percent(DEFAULT_DLIM_TANGENT, 0)}/yr tangent-effective."
        )
    source_name = row.original_name or row.file.name
    data: dict[str, Any] = {
        "source_rowid": row.rowid,
        "phase": phase,
        "unit": unit,
        "wells": records,
        "conventions": "rates per day; declines per year; Dlim tangent-effective",
    }
    ctx.log("Writing the forecast table...")
    forecast_row = add_table_row(
        ctx,
        frame=forecast_table,
        description=(
            f"Decline forecast of {phase} for {len(results)} well(s) from row {row.rowid} "
            f"('{source_name}'): monthly history, fitted and forecast rates ({unit}/d) and "
            f"volumes ({unit})."
        ),
        file_name=f"decline_forecast_{phase}.csv",
        data=data,
    )
    summary_row = None
    if len(results) > 1:
        summary_frame = pd.DataFrame(records)
        summary_row = add_table_row(
            ctx,
            frame=summary_frame,
            description=(
                f"Per-well decline summary ({phase}) from row {row.rowid}: model, qi, Di "
                "(nominal, tangent- and secant-effective), b, Dlim, EUR, fit error."
            ),
            file_name=f"decline_summary_{phase}.csv",
            data={"source_rowid": row.rowid, "phase": phase, "unit": unit},
        )
    chart_rowid = None
    if chart and forecast_row is not None:
        from agents.tools.charts import production_chart_png

        ctx.log("Drawing the history and forecast chart...")
        png = production_chart_png(
            forecast_table, title=f"{phase.upper()} decline, row {row.rowid}"
        )
        chart_row = ctx.add_row(
            type="chart",
            description=f"Chart: {phase} history vs decline forecast (table row {forecast_row.rowid}).",
            data={"source_rowid": forecast_row.rowid, "kind": "production"},
            file_name=f"decline_forecast_{phase}.png",
            content=png,
        )
        chart_rowid = chart_row.rowid

    lines = []
    for fit in results:
        who = f"Well {fit.well}: " if fit.well else ""
        if len(results) > 1 and fit.series.excluded:
            who += f"({fit.series.excluded} shut-in/zero periods left out) "
        stats = fit.fits[fit.best]
        lines.append(
            f"{who}{fit.model.sentence(unit)}; RMSE on ln(rate) {stats.rmse_log:.3f}. "
            f"EUR {fmt(fit.eur)} {unit} ({fmt(fit.series.history_volume)} produced + "
            f"{fmt(fit.forecast_info['remaining'])} forecast, stopped by the "
            f"{fit.forecast_info['stopped_by']})."
        )
    notes_all = notes + (results[0].series.notes if len(results) == 1 else [])
    if len(results) > 1:
        total = sum(fit.eur for fit in results)
        lines.append(f"Total EUR of the {len(results)} wells: {fmt(total)} {unit}.")
    if failures:
        lines.append("Not fitted: " + "; ".join(failures))
    summary = " ".join(lines) + " " + basis
    if notes_all:
        summary += " Notes: " + "; ".join(notes_all) + "."
    rows_written = [r.rowid for r in (forecast_row, summary_row) if r is not None]
    if forecast_row is not None:
        summary += f" Forecast table: row {forecast_row.rowid}."
    if summary_row is not None:
        summary += f" Per-well summary: row {summary_row.rowid}."
    return jsonable(
        {
            "summary": summary,
            "phase": phase,
            "unit": unit,
            "wells": records,
            "fits": {
                (fit.well or "well"): {k: v.stats() for k, v in fit.fits.items()} for fit in results
            },
            "parameters": [fit.model.parameters() for fit in results],
            "notes": notes_all,
            "failures": failures,
            "forecast_rowid": forecast_row.rowid if forecast_row else None,
            "summary_rowid": summary_row.rowid if summary_row else None,
            "chart_rowid": chart_rowid,
            "rows_written": rows_written,
        }
    )


@tool(
    name="forecast_decline",
    description=(
        "Forecast one well from decline parameters given inline ('a well at 800 bbl/d "
        "declining 25% a year'): Arps exponential/hyperbolic/harmonic, optional terminal "
        "decline (modified hyperbolic), to an economic limit or horizon. Gives rate and "
        "cumulative at chosen times, EUR, the decline in all three conventions, and writes "
        "a monthly forecast table row."
    ),
    parameters={
        "type": "object",
        "properties": {
            "qi": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Initial rate per day (bbl/d for oil, mcf/d for gas).",
            },
            "decline": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Initial decline per year, as a fraction (0.25 = 25%).",
            },
            "decline_convention": _DECLINE_CONVENTION,
            "b": {
                "type": "number",
                "minimum": 0,
                "maximum": 2,
                "default": 0,
                "description": "Arps b: 0 exponential (default), 1 harmonic, else hyperbolic.",
            },
            "dlim": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Terminal decline per year for a modified hyperbolic (b > 0).",
            },
            "dlim_convention": {**_DECLINE_CONVENTION, "default": "tangent_effective"},
            "phase": {"type": "string", "enum": ["oil", "gas", "boe"], "default": "oil"},
            "economic_limit": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "Rate per day where the forecast stops.",
            },
            "horizon_years": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 100,
                "default": DEFAULT_HORIZON_YEARS,
            },
            "at_years": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "maxItems": 50,
                "description": "Times (years from start) to report rate and cumulative at.",
            },
            "start_date": {
                "type": "string",
                "description": "First forecast month, YYYY-MM or YYYY-MM-DD (default: this month).",
            },
        },
        "required": ["qi", "decline", "decline_convention"],
        "additionalProperties": False,
    },
    group="production",
)
def forecast_decline(
    ctx: ToolContext,
    *,
    qi: float,
    decline: float,
    decline_convention: str,
    b: float = 0.0,
    dlim: float | None = None,
    dlim_convention: str = "tangent_effective",
    phase: str = "oil",
    economic_limit: float | None = None,
    horizon_years: float = DEFAULT_HORIZON_YEARS,
    at_years: list[float] | None = None,
    start_date: str | None = None,
) -> dict[str, Any]:
    if qi is None or float(qi) <= 0:
        raise ToolError("qi (the initial rate per day) must be positive.")
    b = float(b or 0.0)
    if not 0 <= b <= 2:
        raise ToolError("b must be between 0 and 2.")
    if phase not in PHASE_UNITS:
        raise ToolError("phase must be oil, gas or boe.")
    if not 0 < float(horizon_years) <= 100:
        raise ToolError("horizon_years must be between 0 and 100.")
    unit = PHASE_UNITS[phase]
    d = checked_nominal(float(decline), decline_convention, b, "decline")
    if d <= 0:
        raise ToolError("The decline must be positive.")
    dlim_nominal = 0.0
    kind = "exponential" if b <= B_EPSILON else ("harmonic" if abs(b - 1) < 1e-12 else "hyperbolic")
    if dlim is not None:
        if b <= B_EPSILON:
            raise ToolError("A terminal decline only applies to a hyperbolic (b > 0).")
        dlim_nominal = checked_nominal(float(dlim), dlim_convention, 0.0, "terminal decline")
        if dlim_nominal >= d:
            raise ToolError(
                "The terminal decline must be lower than the initial one "
                f"(Dlim {dlim_nominal:.4g}/yr >= Di {d:.4g}/yr, both nominal)."
            )
        kind = "modified_hyperbolic"
    model = DeclineModel(kind=kind, qi=float(qi), d=d, b=b, dlim=dlim_nominal)
    if start_date:
        try:
            start = pd.Timestamp(start_date).to_period("M").to_timestamp()
        except (ValueError, TypeError):
            raise ToolError(f"start_date {start_date!r} is not a date (use YYYY-MM).") from None
    else:
        start = pd.Timestamp.now().to_period("M").to_timestamp()
    ctx.log(f"Forecasting a {kind.replace('_', ' ')} decline from {fmt(qi, 1)} {unit}/d...")
    periods, info = forecast_periods(
        model,
        origin=start,
        start=start,
        economic_limit=economic_limit,
        horizon_years=float(horizon_years),
    )
    at_points = []
    for years in at_years or []:
        t_days = float(years) * DAYS_PER_YEAR
        at_points.append(
            {
                "years": float(years),
                "rate": float(model.rate(np.array([t_days]))[0]),
                "cumulative": float(model.cum(np.array([t_days]))[0]),
            }
        )
    table = pd.DataFrame(
        {
            "date": periods["date"],
            "days": periods["days"],
            "segment": "forecast",
            f"model_{phase}_rate_{unit}_d": periods["rate"],
            f"{phase}_{unit}": periods["volume"],
        }
    )
    table[f"cum_{phase}_{unit}"] = table[f"{phase}_{unit}"].cumsum()
    eur = info["remaining"]
    parameters = model.parameters()
    row = add_table_row(
        ctx,
        frame=table,
        description=(
            f"Decline forecast ({kind.replace('_', ' ')}, qi {fmt(qi, 1)} {unit}/d, "
            f"Di {describe_decline(d, b)}, b {b:g}): monthly rates and volumes."
        ),
        file_name=f"forecast_{phase}.csv",
        data={"phase": phase, "unit": unit, "parameters": parameters, "eur": eur},
    )
    years_out = info["t_stop_days"] / DAYS_PER_YEAR
    summary = (
        f"{model.sentence(unit)} (given as {decline:g} {decline_convention.replace('_', '-')}). "
        f"EUR {fmt(eur)} {unit} over {years_out:.1f} years, stopped by the "
        f"{info['stopped_by']}"
        + (
            f" of {fmt(economic_limit, 1)} {unit}/d"
            if info["stopped_by"] == "economic limit" and economic_limit
            else ""
        )
        + f" (final rate {fmt(info.get('final_rate', 0), 1)} {unit}/d)."
    )
    for point in at_points:
        summary += (
            f" At {point['years']:g} years: rate {fmt(point['rate'], 1)} {unit}/d, "
            f"cumulative {fmt(point['cumulative'])} {unit}."
        )
    if row is not None:
        summary += f" Monthly forecast: row {row.rowid}."
    return jsonable(
        {
            "summary": summary,
            "phase": phase,
            "unit": unit,
            "parameters": parameters,
            "eur": eur,
            "years": years_out,
            "stopped_by": info["stopped_by"],
            "final_rate": info.get("final_rate"),
            "at": at_points,
            "forecast_rowid": row.rowid if row else None,
        }
    )
