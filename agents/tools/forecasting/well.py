"""One well, start to finish: where its decline starts, the fits, the winner, its forecast,
its secondary phases, uncertainty and hindcast.

``fit_and_forecast`` is a pure function of a ``WellHistory`` and ``WellOptions`` (plain
arrays and frozen dataclasses); ``pipeline.forecast_well`` adds uncertainty and the
hindcast and is what a multi-well tool maps over the wells, in any process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import models as M
from agents.tools.forecasting import secondary as Y
from agents.tools.forecasting import segments as S
from agents.tools.forecasting.forecast import Forecast, monthly_forecast
from agents.tools.forecasting.history import PHASE_UNITS, WellHistory

MIN_FIT_POINTS = 4


@dataclass(frozen=True)
class WellOptions:
    """How to forecast each well. Declines nominal per year; rates per day."""

    phase: str = "oil"
    models: tuple[str, ...] = F.DEFAULT_SET
    fit: F.FitOptions = field(default_factory=F.FitOptions)
    fit_start: str = "last_peak"  # "first_peak", or a day number since 1970-01-01
    exclude: tuple[tuple[float, float], ...] = ()  # [first day, end day) ranges
    normalise_on_time: bool = True
    economic_limit: float | None = None
    horizon_years: float = 30.0
    secondary: tuple[str, ...] = ()
    ratio_model: str = "power_law"
    uncertainty: str | None = None  # "bootstrap" or "covariance"
    samples: int = 200
    seed: int = 20240601
    hindcast_months: int = 0
    detect_refracs: bool = True
    detect_plateau: bool = True


@dataclass
class SecondaryResult:
    phase: str
    ratio_name: str
    ratio_unit: str
    display_factor: float
    model: Y.RatioModel
    note: str = ""
    fitted_ratio: np.ndarray | None = None  # per history period (NaN before the fit start)
    history_volume: float = 0.0
    forecast_volume: np.ndarray = field(default_factory=lambda: np.array([], dtype=float))

    @property
    def remaining(self) -> float:
        return float(self.forecast_volume.sum())

    @property
    def eur(self) -> float:
        return self.history_volume + self.remaining


@dataclass
class EarlierSegment:
    """A production segment before the last re-frac: fitted for the record, not forecast."""

    first: int
    last: int  # exclusive
    origin_day: float
    family: str
    curve: M.Curve


@dataclass
class WellResult:
    well: str | None
    phase: str
    unit: str
    history: WellHistory
    ok: bool = True
    error: str = ""
    rate: np.ndarray | None = None
    used: np.ndarray | None = None
    usable: np.ndarray | None = None
    fitted: np.ndarray | None = None
    origin_day: float = 0.0
    segmentation: S.Segmentation | None = None
    family: str = ""
    why: str = ""
    curve: M.Curve | None = None
    fits: dict[str, dict[str, Any]] = field(default_factory=dict)
    best_fit: F.Fit | None = None
    fit_data: F.FitData | None = None
    earlier: list[EarlierSegment] = field(default_factory=list)
    forecast: Forecast | None = None
    history_volume: float = 0.0
    normalised_by: str | None = None
    secondary: dict[str, SecondaryResult] = field(default_factory=dict)
    uncertainty: dict[str, Any] | None = None
    hindcast: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def eur(self) -> float:
        return self.history_volume + (self.forecast.remaining if self.forecast else 0.0)


def _rates(history: WellHistory, phase: str, normalise: bool) -> tuple[np.ndarray, str | None]:
    volume = history.volumes[phase]
    on = history.on_days if normalise else None
    if on is not None and np.isfinite(on).any():
        producing = np.where(np.isfinite(on) & (on > 0), on, history.days)
        with np.errstate(divide="ignore", invalid="ignore"):
            return volume / producing, "producing days"
    with np.errstate(divide="ignore", invalid="ignore"):
        return volume / history.days, None


def _excluded(history: WellHistory, ranges: tuple[tuple[float, float], ...]) -> np.ndarray:
    out = np.zeros(history.n, dtype=bool)
    for first, end in ranges:
        out |= (history.start >= first) & (history.start < end)
    return out


def _fit_data(history: WellHistory, rate: np.ndarray, index: np.ndarray, origin: float):
    ts = history.start[index] - origin
    return F.FitData(ts.astype(float), (ts + history.days[index]).astype(float), rate[index])


def _fitted_rates(history: WellHistory, curve: M.Curve, origin: float, mask: np.ndarray):
    ts = history.start - origin
    te = ts + history.days
    with np.errstate(invalid="ignore", divide="ignore"):
        average = (curve.cum(te.astype(float)) - curve.cum(ts.astype(float))) / history.days
    return np.where(mask, average, np.nan)


def fit_segment(
    history: WellHistory,
    rate: np.ndarray,
    points: np.ndarray,
    origin: float,
    options: WellOptions,
) -> tuple[dict[str, F.Fit], str, str, F.FitData]:
    data = _fit_data(history, rate, points, origin)
    fits = F.fit_all(data, list(options.models), options.fit)
    if not fits:
        raise ValueError("none of the decline models could be fitted to this history")
    best, why = F.choose_best(fits)
    return fits, best, why, data


def fit_and_forecast(history: WellHistory, options: WellOptions) -> WellResult:
    """Fit and forecast one well (and its secondary phases). Never raises for the well's
    data: a well that cannot be fitted comes back with ``ok = False`` and the reason."""
    phase = options.phase
    result = WellResult(well=history.well, phase=phase, unit=PHASE_UNITS[phase], history=history)
    try:
        _forecast(history, options, result)
    except (ValueError, FloatingPointError, ZeroDivisionError) as exc:
        result.ok = False
        result.error = str(exc)
    return result


def _forecast(history: WellHistory, options: WellOptions, result: WellResult) -> None:
    """The decisions: where the decline starts, the fits, the winner, the ratio models."""
    phase = options.phase
    if phase not in history.volumes:
        raise ValueError(f"no {phase} volumes")
    rate, _ = _rates(history, phase, options.normalise_on_time)
    producing = np.isfinite(rate) & (rate > 0)
    if not producing.any():
        raise ValueError(f"no positive {phase} production to fit")
    excluded = _excluded(history, options.exclude)
    usable = producing & ~excluded
    seg = S.segment(
        history.start.astype(float),
        np.where(producing, rate, 0.0),
        usable,
        fit_start=options.fit_start,
        detect_refracs=options.detect_refracs,
        detect_plateau=options.detect_plateau,
    )
    if seg.plateau_end is not None:
        seg = _confirm_plateau(history, rate, usable, seg, options)
    result.segmentation = seg
    begin = seg.fit_start
    origin = float(history.start[begin])
    result.origin_day = origin
    index = np.arange(history.n)
    decline_from = seg.plateau_end if seg.plateau_end is not None else begin
    points = np.flatnonzero(usable & (index >= decline_from))
    if len(points) < MIN_FIT_POINTS:
        raise ValueError(
            f"only {len(points)} producing periods from the fit start on; a decline fit "
            f"needs at least {MIN_FIT_POINTS}"
        )
    decline_origin = float(history.start[decline_from])
    fits, best, why, data = fit_segment(history, rate, points, decline_origin, options)
    chosen = fits[best]
    curve = chosen.curve
    if seg.plateau_end is not None:
        curve = M.flat_then(curve, decline_origin - origin, float(seg.plateau_rate))
    result.family, result.why, result.curve, result.best_fit = best, why, curve, chosen
    result.fit_data = data
    result.fits = {name: fit.stats() for name, fit in fits.items()}
    if excluded.any():
        result.notes.append(f"{int((excluded & producing).sum())} periods excluded as asked")
    skipped = int((~producing & (index >= begin)).sum())
    if skipped:
        unit = "months" if history.frequency == "monthly" else "days"
        result.notes.append(
            f"{skipped} shut-in, zero or missing {unit} after the fit start were left out of "
            "the fit (the time axis keeps them)"
        )
    if begin > 0 and not seg.refracs:
        result.notes.append(
            f"the fit starts at {seg.reason} ({_date(origin)}), after {begin} ramp-up periods"
        )
    if seg.refracs:
        dates = ", ".join(_date(history.start[r]) for r in seg.refracs)
        result.notes.append(
            f"re-frac (sustained step-up) detected at {dates}: the forecast follows the last "
            "segment; earlier segments are fitted on their own"
        )
        for first, last in zip(seg.starts[:-1], seg.starts[1:], strict=True):
            part = np.flatnonzero(usable & (index >= first) & (index < last))
            if len(part) < MIN_FIT_POINTS:
                continue
            part_origin = float(history.start[first])
            try:
                part_fits, part_best, _, _ = fit_segment(history, rate, part, part_origin, options)
            except ValueError:
                continue
            part_curve = part_fits[part_best].curve
            result.earlier.append(EarlierSegment(first, last, part_origin, part_best, part_curve))
    if seg.plateau_end is not None:
        months = seg.plateau_end - begin
        result.notes.append(
            f"a flat period of {months} periods at {seg.plateau_rate:,.1f} {result.unit}/d "
            f"before the decline (from {_date(history.start[seg.plateau_end])})"
        )
    for secondary in options.secondary:
        if secondary == phase:
            continue
        outcome = _secondary(history, options, result, secondary, begin)
        if outcome is not None:
            result.secondary[secondary] = outcome
    complete(result, options)


PLATEAU_EVIDENCE = 10.0  # AIC units a flat period must gain over a plain decline
PLATEAU_TRIES = (3, 4, 6, 8, 10, 12, 15, 18, 24, 30, 36)  # flat lengths tried (periods)


def _confirm_plateau(
    history: WellHistory,
    rate: np.ndarray,
    usable: np.ndarray,
    seg: S.Segmentation,
    options: WellOptions,
) -> S.Segmentation:
    """Keep a flat period only when flat-then-decline fits clearly better (by
    ``PLATEAU_EVIDENCE`` AIC) than one decline from the fit start: a slow decline also
    looks flat for a few months."""
    index = np.arange(history.n)
    family = F.Hyperbolic(options.fit)
    peak_points = np.flatnonzero(usable & (index >= seg.fit_start))
    base = F.fit_family(
        _fit_data(history, rate, peak_points, float(history.start[seg.fit_start])), family
    )
    begin = seg.plateau_start if seg.plateau_start is not None else seg.fit_start
    points = np.flatnonzero(usable & (index >= begin))
    # On the flat candidate's points: the plain decline's error there, for a fair AIC.
    best_aic = _aic_on(history, rate, points, float(history.start[seg.fit_start]), base, family)
    best = None

    def score(end: int) -> float | None:
        flat = points[points < end]
        after = points[points >= end]
        if len(flat) < S.PLATEAU_MIN or len(after) < MIN_FIT_POINTS + 2:
            return None
        level = float(np.exp(np.mean(np.log(rate[flat]))))
        flat_sse = float(np.sum((np.log(rate[flat]) - math.log(level)) ** 2))
        try:
            decline = F.fit_family(
                _fit_data(history, rate, after, float(history.start[end])), family
            )
        except ValueError:
            return None
        n = len(points)
        sse = max(flat_sse + decline.sse_log, 1e-12 * n)
        return n * math.log(sse / n) + 2 * (family.k + 2)

    guess = int(np.searchsorted(points, seg.plateau_end))
    coarse = {guess - 1, guess, guess + 1, *PLATEAU_TRIES}
    scores: dict[int, float] = {}
    for position in sorted(p for p in coarse if 0 < p < len(points)):
        value = score(int(points[position]))
        if value is not None:
            scores[position] = value
    if scores:
        top = min(scores, key=scores.get)
        for position in (top - 2, top - 1, top + 1, top + 2):
            if 0 < position < len(points) and position not in scores:
                value = score(int(points[position]))
                if value is not None:
                    scores[position] = value
        top = min(scores, key=scores.get)
        if scores[top] < best_aic - PLATEAU_EVIDENCE:
            end = int(points[top])
            flat = points[points < end]
            best = (end, float(np.exp(np.mean(np.log(rate[flat])))))
    if best is None:
        return replace(seg, plateau_end=None, plateau_rate=None, plateau_start=None)
    reason = "the start of the flat period" if begin != seg.fit_start else seg.reason
    return replace(
        seg, fit_start=begin, plateau_end=int(best[0]), plateau_rate=best[1], reason=reason
    )


def _aic_on(
    history: WellHistory,
    rate: np.ndarray,
    points: np.ndarray,
    origin: float,
    fit: F.Fit,
    family: F.Family,
) -> float:
    """AIC of a fitted decline on ``points`` (those before its origin count at its qi)."""
    ts = (history.start[points] - origin).astype(float)
    te = ts + history.days[points]
    curve = fit.curve
    model = np.where(
        ts < 0,
        curve.rate(np.array([0.0]))[0],
        (curve.cum(np.maximum(te, 0.0)) - curve.cum(np.maximum(ts, 0.0))) / (te - ts),
    )
    sse = max(float(np.sum((np.log(model) - np.log(rate[points])) ** 2)), 1e-12 * len(points))
    n = len(points)
    return n * math.log(sse / n) + 2 * family.k


def complete(result: WellResult, options: WellOptions) -> None:
    """What follows from the decisions: rates, the fitted line over the history, the
    forecast and the secondary phases' volumes (also run to rebuild a result a worker sent)."""
    history = result.history
    assert result.curve is not None and result.segmentation is not None
    seg = result.segmentation
    rate, normalised = _rates(history, result.phase, options.normalise_on_time)
    result.rate, result.normalised_by = rate, normalised
    volume = history.volumes[result.phase]
    result.history_volume = float(np.nansum(np.clip(volume, 0.0, None)))
    producing = np.isfinite(rate) & (rate > 0)
    usable = producing & ~_excluded(history, options.exclude)
    index = np.arange(history.n)
    decline_from = seg.plateau_end if seg.plateau_end is not None else seg.fit_start
    result.usable = usable
    result.used = usable & (index >= decline_from)
    result.fitted = _fitted_rates(history, result.curve, result.origin_day, index >= seg.fit_start)
    for part in result.earlier:
        mask = (index >= part.first) & (index < part.last)
        result.fitted = np.where(
            mask, _fitted_rates(history, part.curve, part.origin_day, mask), result.fitted
        )
    result.forecast = monthly_forecast(
        result.curve,
        origin_day=result.origin_day,
        start_day=float(history.end_day()),
        economic_limit=options.economic_limit,
        horizon_years=options.horizon_years,
    )
    forecast = result.forecast
    edges = (
        np.concatenate([forecast.start, [forecast.start[-1] + forecast.days[-1]]])
        - result.origin_day
        if len(forecast.start)
        else np.array([], dtype=float)
    )
    t_mid = (history.start - result.origin_day + history.days / 2.0).astype(float)
    for phase, item in result.secondary.items():
        item.forecast_volume = Y.secondary_volumes(result.curve, item.model, edges.astype(float))
        item.fitted_ratio = np.where(index >= seg.fit_start, item.model.ratio(t_mid), np.nan)
        item.history_volume = float(np.nansum(np.clip(history.volumes[phase], 0.0, None)))


def _secondary(
    history: WellHistory, options: WellOptions, result: WellResult, phase: str, begin: int
) -> SecondaryResult | None:
    if phase not in history.volumes:
        result.notes.append(f"no {phase} column, so no {phase} forecast")
        return None
    name, unit, factor = Y.RATIO_NAMES.get(
        (options.phase, phase), (f"{phase}/{options.phase} ratio", "ratio", 1.0)
    )
    primary_volume = history.volumes[options.phase]
    secondary_volume = history.volumes[phase]
    index = np.arange(history.n)
    both = (
        (index >= begin)
        & np.isfinite(primary_volume)
        & np.isfinite(secondary_volume)
        & (primary_volume > 0)
        & (secondary_volume > 0)
    )
    t_mid = history.start - result.origin_day + history.days / 2.0
    note = ""
    try:
        if options.ratio_model == "constant":
            model = Y.constant_ratio(primary_volume[both], secondary_volume[both])
        else:
            model = Y.fit_ratio(
                t_mid[both].astype(float), secondary_volume[both] / primary_volume[both]
            )
    except ValueError:
        try:
            model = Y.constant_ratio(
                np.where(np.isfinite(primary_volume), primary_volume, 0.0),
                np.where(np.isfinite(secondary_volume), secondary_volume, 0.0),
            )
        except ValueError:
            result.notes.append(f"no period with both {options.phase} and {phase}: no forecast")
            return None
        note = f"too few periods for a {name} trend: held at its recent value"
    return SecondaryResult(
        phase=phase,
        ratio_name=name,
        ratio_unit=unit,
        display_factor=factor,
        model=model,
        note=note,
    )


def _date(day: float) -> str:
    return str(np.datetime64(math.floor(day), "D"))


def without_extras(options: WellOptions) -> WellOptions:
    """The same fit with no secondary phases, uncertainty or hindcast (for a hindcast)."""
    return replace(options, secondary=(), uncertainty=None, hindcast_months=0)
