"""The per-well job: fit, forecast, secondary phases, uncertainty and hindcast.

``forecast_well`` is a pure function of a ``WellHistory`` and ``WellOptions`` returning a
``WellResult``; ``forecast_well_item`` is the same over job payloads (JSON and numpy
arrays, ``payload``), the step the multi-well tool fans out over worker processes
(``agents.jobs.fan_out``) before reducing the results.
"""

from __future__ import annotations

from typing import Any

from agents.tools.forecasting.backtest import hindcast
from agents.tools.forecasting.history import WellHistory
from agents.tools.forecasting.payload import history_from, options_from, result_payload
from agents.tools.forecasting.uncertainty import well_uncertainty
from agents.tools.forecasting.well import WellOptions, WellResult, fit_and_forecast


def forecast_well(history: WellHistory, options: WellOptions) -> WellResult:
    result = fit_and_forecast(history, options)
    if not result.ok:
        return result
    if options.uncertainty:
        try:
            result.uncertainty = well_uncertainty(result, options)
        except ValueError as exc:
            result.notes.append(f"no uncertainty range: {exc}")
    if options.hindcast_months:
        result.hindcast = hindcast(history, options)
    return result


def forecast_wells(histories: list[WellHistory], options: WellOptions) -> list[WellResult]:
    """Every well, one after the other (the plain loop a job runner can replace)."""
    return [forecast_well(history, options) for history in histories]


def forecast_well_item(item: dict[str, Any], *, options: dict[str, Any]) -> dict[str, Any]:
    """The job engine's per-well step: a history payload in, a result payload out."""
    return result_payload(forecast_well(history_from(item), options_from(options)))
