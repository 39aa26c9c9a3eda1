"""Type curves from a group of fitted wells.

Each well's monthly rates (history, then its forecast, then zero once the forecast stops)
are aligned at its first peak (month 0) and, when the group has a lateral-length column,
divided by the lateral in thousands of feet (a rate per 1,000 ft). Month by month the
wells' rates give the P10 (high: the 90th percentile across wells), P50 and P90 (low: the
10th percentile) curves; each curve's EUR is its volume over the type curve's months, and
each is fitted with the decline models so it can be used as a forecast. The wells' own
EURs (normalised the same way) give the EUR distribution beside the curves.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from agents.tools.forecasting import fitting as F
from agents.tools.forecasting.history import day_to_timestamp
from agents.tools.forecasting.well import WellResult

MONTH_DAYS = 365.25 / 12.0
MAX_MONTHS = 1200
GROUP_DERIVED = ("first_production_year",)


@dataclass
class TypeCurve:
    group: str
    wells: list[str]
    normalised: bool
    months: np.ndarray
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray
    mean: np.ndarray
    counts: np.ndarray
    well_rates: np.ndarray = field(repr=False)  # wells x months
    eur: dict[str, float] = field(default_factory=dict)
    well_eur: dict[str, float] = field(default_factory=dict)
    fits: dict[str, dict[str, Any]] = field(default_factory=dict)
    excluded: list[str] = field(default_factory=list)


def attribute(result: WellResult, name: str) -> Any:
    """A well's value of a grouping column (or a derived one such as first-production year)."""
    if name == "first_production_year":
        volume = result.history.volumes.get(result.phase)
        if volume is None:
            return None
        producing = np.flatnonzero(np.nan_to_num(volume) > 0)
        if not len(producing):
            return None
        return int(day_to_timestamp(result.history.start[producing[0]]).year)
    for key, value in result.history.attributes.items():
        if key.strip().lower() == name.strip().lower():
            return value
    return None


def matches(value: Any, wanted: Any) -> bool:
    if value is None:
        return False
    try:
        return math.isclose(float(value), float(wanted))
    except (TypeError, ValueError):
        return str(value).strip().lower() == str(wanted).strip().lower()


def aligned_rates(result: WellResult, months: int) -> np.ndarray:
    """Monthly average rates from the first peak on: history, then the forecast, then 0."""
    assert result.segmentation is not None and result.forecast is not None
    history = result.history
    peak = result.segmentation.first_peak
    out = np.zeros(months)
    if history.frequency == "monthly":
        month_index = history.start.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        k = month_index[peak:] - month_index[peak]
        rate = np.where(np.isfinite(result.rate[peak:]), result.rate[peak:], np.nan)
        keep = k < months
        out[k[keep]] = rate[keep]
        gaps = np.setdiff1d(np.arange(min(int(k[-1]) + 1, months)), k)
        out[gaps] = np.nan
        history_months = int(k[-1]) + 1
        end_month = month_index[-1] + 1
    else:
        days = (history.start[peak:] - history.start[peak]).astype(float)
        k = np.floor(days / MONTH_DAYS).astype(int)
        rate = np.nan_to_num(result.rate[peak:], nan=0.0)
        for month in np.unique(k[k < months]):
            out[month] = float(rate[k == month].mean())
        history_months = int(k[-1]) + 1
        end_month = None
    forecast = result.forecast
    if len(forecast.start) and history_months < months:
        if end_month is not None:
            f_month = (
                forecast.start.astype(np.int64)
                .astype("datetime64[D]")
                .astype("datetime64[M]")
                .astype(np.int64)
            )
            k_f = f_month - end_month + history_months
        else:
            k_f = history_months + np.arange(len(forecast.start))
        rate_f = forecast.rate
        keep = (k_f >= history_months) & (k_f < months)
        # A partial first or last month: the average over the days forecast.
        for month in np.unique(k_f[keep]):
            chosen = k_f == month
            out[month] = float(
                (rate_f[chosen] * forecast.days[chosen]).sum() / forecast.days[chosen].sum()
            )
    return out


def build(
    results: list[WellResult],
    *,
    group: str,
    normalise_lateral: bool | None,
    months: int | None,
    fit_options: F.FitOptions,
    models: tuple[str, ...] = F.DEFAULT_SET,
) -> TypeCurve:
    usable = [r for r in results if r.ok and r.forecast is not None]
    if len(usable) < 3:
        raise ValueError(
            f"a type curve needs at least 3 fitted wells; group {group} has {len(usable)}"
        )
    excluded: list[str] = []
    laterals = {id(r): r.history.attributes.get("lateral_ft") for r in usable}
    has_lateral = any(v for v in laterals.values())
    normalised = bool(has_lateral if normalise_lateral is None else normalise_lateral)
    if normalised:
        if not has_lateral:
            raise ValueError("no lateral-length column to normalise by")
        excluded = [str(r.well) for r in usable if not laterals[id(r)]]
        usable = [r for r in usable if laterals[id(r)]]
        if len(usable) < 3:
            raise ValueError("fewer than 3 wells have a lateral length")
    lengths = [_length(r) for r in usable]
    span = months or min(max(lengths), MAX_MONTHS)
    rates = np.array([aligned_rates(r, span) for r in usable])
    eurs = np.array([r.eur for r in usable])
    if normalised:
        scale = np.array([laterals[id(r)] / 1000.0 for r in usable])
        rates = rates / scale[:, None]
        eurs = eurs / scale
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # months where no well has a value
        p10 = np.nanpercentile(rates, 90, axis=0)
        p50 = np.nanpercentile(rates, 50, axis=0)
        p90 = np.nanpercentile(rates, 10, axis=0)
        mean = np.nanmean(rates, axis=0)
    counts = np.isfinite(rates).sum(axis=0)
    curve = TypeCurve(
        group=group,
        wells=[str(r.well) for r in usable],
        normalised=normalised,
        months=np.arange(span),
        p10=p10,
        p50=p50,
        p90=p90,
        mean=mean,
        counts=counts,
        well_rates=rates,
        excluded=excluded,
    )
    for name, values in (("p10", p10), ("p50", p50), ("p90", p90), ("mean", mean)):
        curve.eur[name] = float(np.nansum(values) * MONTH_DAYS)
    curve.well_eur = {
        "p10": float(np.percentile(eurs, 90)),
        "p50": float(np.percentile(eurs, 50)),
        "p90": float(np.percentile(eurs, 10)),
        "mean": float(eurs.mean()),
    }
    for name, values in (("p10", p10), ("p50", p50), ("p90", p90)):
        positive = np.flatnonzero(np.isfinite(values) & (values > 0))
        if len(positive) < 5:
            continue
        ts = positive * MONTH_DAYS
        data = F.FitData(ts.astype(float), (ts + MONTH_DAYS).astype(float), values[positive])
        fits = F.fit_all(data, list(models), fit_options)
        if fits:
            best, why = F.choose_best(fits)
            curve.fits[name] = {"family": best, "why": why, "curve": fits[best].curve}
    return curve


def _length(result: WellResult) -> int:
    history = result.history
    peak = result.segmentation.first_peak if result.segmentation else 0
    history_months = math.ceil((history.end_day() - history.start[peak]) / MONTH_DAYS)
    forecast_months = len(result.forecast.start) if result.forecast else 0
    return max(history_months + forecast_months, 1)


def groups(
    results: list[WellResult],
    *,
    group_by: str | None,
    filter_column: str | None,
    filter_value: Any,
) -> tuple[dict[str, list[WellResult]], list[str]]:
    """The wells of each type-curve group (all wells when no column is given), and notes."""
    notes = []
    chosen = results
    if filter_column:
        chosen = [r for r in results if matches(attribute(r, filter_column), filter_value)]
        notes.append(f"{len(chosen)} of {len(results)} wells have {filter_column} = {filter_value}")
    if not group_by:
        label = f"{filter_column} = {filter_value}" if filter_column else "all wells"
        return {label: chosen}, notes
    out: dict[str, list[WellResult]] = {}
    missing = 0
    for result in chosen:
        value = attribute(result, group_by)
        if value is None:
            missing += 1
            continue
        out.setdefault(f"{group_by} = {value}", []).append(result)
    if missing:
        notes.append(f"{missing} wells have no {group_by} and are in no group")
    return dict(sorted(out.items())), notes
