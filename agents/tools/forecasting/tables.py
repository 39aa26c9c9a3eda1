"""The running-table rows of a decline forecast, as data frames.

The forecast table keeps the column names the economics tool and the charts read:
``date``, ``segment`` (history or forecast), ``history_<phase>_rate_<unit>_d``,
``model_<phase>_rate_<unit>_d``, ``<phase>_<unit>`` (volume per period) and
``cum_<phase>_<unit>``, with a ``well`` column when the file names wells; a secondary
phase adds its own volume and rate columns (so gas follows an oil forecast into the
economics), uncertainty adds ``p10_``/``p50_``/``p90_`` rates on the forecast months.
Built column-wise for any number of wells.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from agents.tools.forecasting import export
from agents.tools.forecasting.history import PHASE_UNITS
from agents.tools.forecasting.typecurves import MONTH_DAYS, TypeCurve
from agents.tools.forecasting.well import WellResult


def _dates(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"))


def forecast_frame(results: list[WellResult], *, named_wells: bool) -> pd.DataFrame:
    fitted = [r for r in results if r.ok and r.forecast is not None]
    if not fitted:
        return pd.DataFrame()
    phase, unit = fitted[0].phase, fitted[0].unit
    secondary = sorted({p for r in fitted for p in r.secondary})
    uncertain = any(r.uncertainty for r in fitted)
    ratio_names = {}
    for p in secondary:
        item = next(r.secondary[p] for r in fitted if p in r.secondary)
        ratio_names[p] = "model_" + _ratio_column(item.ratio_name, item.ratio_unit)
    columns: dict[str, list[Any]] = {}
    if named_wells:
        columns["well"] = []
    columns["date"] = []
    columns["days"] = []
    columns["segment"] = []
    # Text columns are made once for every well (a basin has thousands): the
    # months of each well's history, then of its forecast.
    lengths: list[int] = []
    starts: list[np.ndarray] = []

    def put(name: str, values: Any) -> None:
        columns.setdefault(name, []).append(values)

    for r in fitted:
        history, forecast = r.history, r.forecast
        n_h, n_f = history.n, len(forecast.start)
        n = n_h + n_f
        lengths += [n_h, n_f]
        starts += [
            np.asarray(history.start, dtype=np.int64),
            np.asarray(forecast.start, dtype=np.int64),
        ]
        put("days", np.concatenate([history.days, forecast.days]))
        put(
            f"history_{phase}_rate_{unit}_d",
            np.concatenate([r.rate, np.full(n_f, np.nan)]),
        )
        put(f"model_{phase}_rate_{unit}_d", np.concatenate([r.fitted, forecast.rate]))
        volume = np.concatenate([history.volumes[phase], forecast.volume])
        put(f"{phase}_{unit}", volume)
        put(f"cum_{phase}_{unit}", np.cumsum(np.nan_to_num(volume, nan=0.0).clip(min=0.0)))
        with np.errstate(divide="ignore", invalid="ignore"):
            for p in secondary:
                s_unit = PHASE_UNITS[p]
                item = r.secondary.get(p)
                actual = history.volumes.get(p, np.full(n_h, np.nan))
                if item is None:
                    ahead = np.full(n_f, np.nan)
                    model_rate = np.full(n, np.nan)
                    ratio = np.full(n, np.nan)
                else:
                    ahead = item.forecast_volume
                    history_model = item.fitted_ratio * r.fitted
                    model_rate = np.concatenate([history_model, ahead / forecast.days])
                    ratio = (
                        np.concatenate([item.fitted_ratio, ahead / forecast.volume])
                        * item.display_factor
                    )
                denominator = np.where(
                    np.isfinite(r.rate) & (r.rate > 0),
                    history.volumes[phase] / r.rate,
                    history.days,
                )
                put(
                    f"history_{p}_rate_{s_unit}_d",
                    np.concatenate([actual / denominator, np.full(n_f, np.nan)]),
                )
                put(f"model_{p}_rate_{s_unit}_d", model_rate)
                s_volume = np.concatenate([actual, ahead])
                put(f"{p}_{s_unit}", s_volume)
                put(f"cum_{p}_{s_unit}", np.cumsum(np.nan_to_num(s_volume, nan=0.0).clip(min=0)))
                put(ratio_names[p], ratio)
        if uncertain:
            for level in ("p10", "p50", "p90"):
                values = np.full(n, np.nan)
                if r.uncertainty:
                    base = np.asarray(r.uncertainty["base"][level], dtype=float)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        values[n_h:] = base[:n_f] / forecast.days
                put(f"{level}_{phase}_rate_{unit}_d", values)
    counts = np.asarray(lengths)
    text: dict[str, Any] = {}
    if named_wells:
        names = np.empty(len(fitted), dtype=object)
        names[:] = [r.well for r in fitted]
        text["well"] = np.repeat(names, counts[0::2] + counts[1::2])
    text["date"] = _dates(np.concatenate(starts))
    segments = np.tile(np.array(["history", "forecast"], dtype=object), len(fitted))
    text["segment"] = np.repeat(segments, counts)
    return pd.DataFrame(
        {
            name: _text_column(text[name]) if name in text else np.concatenate(parts)
            for name, parts in columns.items()
        }
    )


_TEXT_DTYPE = pd.Series(["text"]).dtype


def _text_column(values: np.ndarray) -> Any:
    """Text cells as pandas would hold them, made through Arrow when pandas holds text
    there (pandas' own conversion of millions of strings is several times slower)."""
    if isinstance(_TEXT_DTYPE, pd.StringDtype) and _TEXT_DTYPE.storage == "pyarrow":
        return pd.array(pa.array(values, type=pa.string()), dtype=_TEXT_DTYPE)
    return values


def _ratio_column(name: str, unit: str) -> str:
    first = name.split()[0].lower()
    return f"{first}_{unit.replace('/', '_per_').lower()}"


def summary_records(results: list[WellResult]) -> list[dict[str, Any]]:
    """One record per fitted well: the model, its parameters, EURs, fit errors, hindcast."""
    records = []
    for r in results:
        if not r.ok:
            continue
        row = export.primary_row(r)
        unit = r.unit
        seg = r.segmentation
        stats = r.fits.get(r.family, {})
        record: dict[str, Any] = {
            "well": r.well,
            "phase": r.phase,
            "model": r.family,
            "model_choice": r.why,
            "peak_date": _dates(np.array([r.history.start[seg.first_peak]]))[0],
            "fit_start": _dates(np.array([r.origin_day]))[0],
            "refracs": ", ".join(_dates(r.history.start[list(seg.refracs)])) or None,
            "flat_rate": row["flat_rate"],
            "flat_until": row["flat_until"],
            f"qi_{unit}_d": row["qi"],
            "di_nominal_per_yr": row["di_nominal_per_yr"],
            "di_tangent_effective": _fraction(row["di_tangent_effective_pct"]),
            "di_secant_effective": _fraction(row["di_secant_effective_pct"]),
            "b": row["b"],
            "dmin_nominal_per_yr": row["dmin_nominal_per_yr"],
            "dmin_tangent_effective": _fraction(row["dmin_tangent_effective_pct"]),
            "thm_bf": row["thm_bf"],
            "thm_telf_days": row["thm_telf_days"],
            f"history_{unit}": r.history_volume,
            f"remaining_{unit}": r.forecast.remaining,
            f"eur_{unit}": r.eur,
            "forecast_end": row["forecast_end"],
            "stopped_by": r.forecast.stopped_by,
            "rmse_log_rate": stats.get("rmse_log_rate"),
            "aic": stats.get("aic"),
            "points_fitted": stats.get("n"),
            "points_excluded": int((~r.used & (np.arange(r.history.n) >= seg.fit_start)).sum()),
            "rates_per": r.normalised_by or "calendar day",
        }
        for p, item in r.secondary.items():
            s_unit = PHASE_UNITS[p]
            record[f"eur_{p}_{s_unit}"] = item.eur
            record[f"{_ratio_column(item.ratio_name, item.ratio_unit)}_model"] = (
                f"{item.model.kind}: c {item.model.c * item.display_factor:.4g} "
                f"{item.ratio_unit}, m0 {item.model.m0:.3g}, m {item.model.m:.3g}, "
                f"t0 {item.model.t0:.0f} d"
            )
        if r.uncertainty:
            for level in ("p10", "p50", "p90"):
                record[f"eur_{level}_{unit}"] = r.uncertainty["eur"][level]
        if r.hindcast:
            record["hindcast_months"] = r.hindcast.get("months")
            record["hindcast_cum_error_pct"] = r.hindcast.get("cum_error_pct")
            record["hindcast_mape_pct"] = r.hindcast.get("mape_pct")
        records.append(record)
    return records


def _fraction(pct: float | None) -> float | None:
    return None if pct is None else pct / 100.0


def type_curve_frame(curve: TypeCurve, unit: str) -> pd.DataFrame:
    per = f"{unit}_d_per_1000ft" if curve.normalised else f"{unit}_d"
    volume = f"{unit}_per_1000ft" if curve.normalised else unit
    frame = pd.DataFrame({"month": curve.months + 1, "wells": curve.counts})
    for name in ("p10", "p50", "p90", "mean"):
        values = getattr(curve, name)
        frame[f"{name}_rate_{per}"] = values
        frame[f"cum_{name}_{volume}"] = np.cumsum(np.nan_to_num(values) * MONTH_DAYS)
    frame.insert(0, "group", curve.group)
    return frame


def uncertainty_frame(result: WellResult) -> pd.DataFrame:
    u = result.uncertainty
    assert u is not None
    frame = pd.DataFrame(
        {"date": _dates(np.asarray(u["fan_start"], dtype=float)), "days": u["fan_days"]}
    )
    if result.well is not None:
        frame.insert(0, "well", result.well)
    days = np.asarray(u["fan_days"], dtype=float)
    unit = result.unit
    for level in ("p10", "p50", "p90"):
        volume = np.asarray(u["fan"][level], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[f"{level}_{result.phase}_rate_{unit}_d"] = volume / days
        frame[f"{level}_{result.phase}_{unit}"] = volume
        frame[f"cum_{level}_{result.phase}_{unit}"] = np.cumsum(volume)
    return frame
