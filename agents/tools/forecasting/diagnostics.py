"""What the diagnostic plots show: rate against time and against cumulative, and the
b-factor against time on log-log axes, for the data and for the fitted model.

The data's decline ``D = -d ln q / dt`` and ``b = d(1/D)/dt`` are Bourdet derivatives
(petbox-dca's ``bourdet``, smoothing window ``L`` in log10 cycles of time), the model's
are its closed forms. A b-factor plot shows the flow regimes: about 2 in linear flow,
falling towards the boundary-dominated b; a fitted hyperbolic is a flat line.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from petbox import dca

from agents.tools.forecasting.conventions import DAYS_PER_YEAR
from agents.tools.forecasting.well import WellResult

SMOOTHING = 0.2  # log10 cycles


def well_diagnostics(result: WellResult) -> dict[str, Any]:
    assert result.rate is not None and result.curve is not None and result.forecast is not None
    history = result.history
    volume = np.nan_to_num(history.volumes[result.phase], nan=0.0).clip(min=0.0)
    producing = np.flatnonzero(np.isfinite(result.rate) & (result.rate > 0))
    first_day = float(history.start[producing[0]])
    t_mid = history.start - first_day + history.days / 2.0
    cum_end = np.cumsum(volume)
    t = t_mid[producing].astype(float)
    q = result.rate[producing].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        decline = -dca.bourdet(q, t, L=SMOOTHING, xlog=False, ylog=True) * DAYS_PER_YEAR
        positive = decline > 0
        b = np.full_like(decline, np.nan)
        if positive.sum() >= 3:
            b[positive] = dca.bourdet(
                1.0 / (decline[positive] / DAYS_PER_YEAR), t[positive], L=SMOOTHING, xlog=False
            )
    offset = result.origin_day - first_day
    t_end = result.forecast.t_stop + offset
    model_t = np.geomspace(max(offset, 1.0) if offset > 0 else 1.0, max(t_end, 2.0), 200)
    local = model_t - offset
    model_q = result.curve.rate(local)
    model_cum = result.curve.cum(local) + float(
        volume[: result.segmentation.fit_start].sum() if result.segmentation else 0.0
    )
    return {
        "well": result.well,
        "unit": result.unit,
        "t": t,
        "rate": q,
        "cum": (cum_end[producing] - volume[producing] / 2.0).astype(float),
        "decline": decline,
        "b": b,
        "model_t": model_t,
        "model_rate": model_q,
        "model_cum": model_cum,
        "model_b": result.curve.b_factor(local),
        "model_decline": result.curve.decline(local),
    }
