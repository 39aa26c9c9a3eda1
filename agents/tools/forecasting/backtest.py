"""Hindcasts: fit a well without its last N months, forecast them, and measure the error.

The held-out months are the last ``months`` calendar months of the history (12 by
default). The errors, on monthly volumes:

- cumulative: ``(sum forecast - sum actual) / sum actual``, in percent (positive: the fit
  overstates);
- MAPE: the mean of ``|forecast - actual| / actual`` over the held-out months that
  produced, in percent.

When the file gives producing days the forecast volume of each held-out month is taken on
the days the well actually produced (forecast rate x producing days), so downtime the
model could not know about is not counted as its error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from agents.tools.forecasting.history import WellHistory
from agents.tools.forecasting.well import WellOptions, fit_and_forecast, without_extras

DEFAULT_MONTHS = 12


def held_out_periods(history: WellHistory, months: int) -> int:
    """How many of the last periods fall in the last ``months`` calendar months."""
    last_month = np.datetime64(int(history.start[-1]), "D").astype("datetime64[M]")
    cutoff = (last_month - (months - 1)).astype("datetime64[D]").astype(np.int64)
    return int((history.start >= cutoff).sum())


def hindcast(history: WellHistory, options: WellOptions) -> dict[str, Any]:
    months = int(options.hindcast_months or DEFAULT_MONTHS)
    held = held_out_periods(history, months)
    if held >= history.n - 4:
        return {"months": months, "ok": False, "error": "too little history to hold out"}
    fitted = fit_and_forecast(history.truncated(held), without_extras(options))
    if not fitted.ok or fitted.curve is None or fitted.forecast is None:
        return {"months": months, "ok": False, "error": fitted.error}
    first = history.n - held
    start = history.start[first:].astype(float) - fitted.origin_day
    days = history.days[first:].astype(float)
    t_stop = fitted.forecast.t_stop
    curve = fitted.curve
    # Gaps in the held-out months: the forecast of each period is over that period only.
    forecast = curve.cum(np.minimum(start + days, t_stop)) - curve.cum(np.minimum(start, t_stop))
    on_time = "calendar days"
    if fitted.normalised_by and history.on_days is not None:
        on = history.on_days[first:]
        factor = np.where(np.isfinite(on) & (on >= 0), on / days, 1.0)
        forecast = forecast * factor
        on_time = "the producing days recorded"
    actual = np.nan_to_num(history.volumes[options.phase][first:], nan=0.0).clip(min=0.0)
    total_actual = float(actual.sum())
    produced = actual > 0
    cum_error = (
        (float(forecast.sum()) - total_actual) / total_actual * 100.0 if total_actual > 0 else None
    )
    mape = (
        float(np.mean(np.abs(forecast[produced] - actual[produced]) / actual[produced]) * 100.0)
        if produced.any()
        else None
    )
    return {
        "ok": True,
        "months": months,
        "periods": held,
        "start": history.start[first:],
        "forecast": forecast,
        "actual": actual,
        "cum_forecast": float(forecast.sum()),
        "cum_actual": total_actual,
        "cum_error_pct": cum_error,
        "mape_pct": mape,
        "family": fitted.family,
        "curve": curve.spec(),
        "on_time": on_time,
    }
