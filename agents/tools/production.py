"""Production tools: decline fits and forecasts, EUR, uncertainty, hindcasts, type curves.

The engine is ``agents.tools.forecasting`` (models, fitting, segments, secondary phases,
uncertainty, backtests, type curves, diagnostics, export). This module registers the two
tools. ``fit_decline`` reads the history, checks its arguments into the engine's options
(recording every input with its source), and fans the wells out to the job engine
(``agents.jobs.fan_out``): ``forecast_well_item`` runs once per well on any worker, then
``fit_decline_finish`` reduces the results into the running-table rows and the answer.

Conventions the answers name: rates per day (bbl/d, mcf/d); time in days; declines per
year, in three conventions (``forecasting.conventions``): nominal, tangent-effective and
secant-effective (petbox-dca's ``Di``); a terminal decline Dmin tangent-effective (its
exponential tail has the same secant rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from agents.jobs import ItemFailed, fan_out
from agents.tools.forecasting import models as M
from agents.tools.forecasting import parametric, rows
from agents.tools.forecasting.arguments import (
    checked_nominal,
    load,
    plan,
    record_conventions,
    record_file_inputs,
)
from agents.tools.forecasting.conventions import (
    CONVENTIONS,
    DAYS_PER_YEAR,
    nominal_from_secant,
    nominal_from_tangent,
    secant_from_nominal,
    tangent_from_nominal,
    to_nominal,
)
from agents.tools.forecasting.history import PHASE_UNITS, HistoryError, detect_well_column
from agents.tools.forecasting.payload import history_item, options_payload, rebuild
from agents.tools.forecasting.pipeline import forecast_well_item
from agents.tools.forecasting.record import Record
from agents.tools.forecasting.schemas import (
    DEFAULT_DMIN_TANGENT,
    DEFAULT_HORIZON_YEARS,
    FIT_PARAMETERS,
    FORECAST_PARAMETERS,
)
from agents.tools.registry import ToolContext, ToolError, tool

__all__ = [
    "CONVENTIONS",
    "DAYS_PER_YEAR",
    "DEFAULT_DMIN_TANGENT",
    "DEFAULT_HORIZON_YEARS",
    "MODELS",
    "PHASE_UNITS",
    "DeclineModel",
    "checked_nominal",
    "find_well_column",
    "fit_decline",
    "fit_decline_finish",
    "forecast_decline",
    "nominal_from_secant",
    "nominal_from_tangent",
    "secant_from_nominal",
    "tangent_from_nominal",
    "to_nominal",
]

MODELS = M.ARPS_KINDS  # the Arps family, fitted by default


def find_well_column(frame: pd.DataFrame, wanted: str | None) -> str | None:
    """The column naming wells (well name, API, UWI, lease), or None."""
    try:
        return detect_well_column(frame, wanted, set())
    except HistoryError as exc:
        raise ToolError(str(exc)) from None


@dataclass(frozen=True)
class DeclineModel:
    """An Arps curve by its parameters (declines nominal per year, rates per day, t in
    days): the model ``forecast_decline`` reports, rebuilt from its parameters."""

    kind: str
    qi: float
    d: float
    b: float = 0.0
    dlim: float = 0.0

    def curve(self) -> M.Curve:
        b = {"exponential": 0.0, "harmonic": 1.0}.get(self.kind, self.b)
        dmin = self.dlim if self.kind == "modified_hyperbolic" else 0.0
        return M.arps(self.qi, self.d, b, dmin=dmin)

    def rate(self, t_days: Any) -> np.ndarray:
        return self.curve().rate(t_days)

    def cum(self, t_days: Any) -> np.ndarray:
        return self.curve().cum(t_days)

    def time_at_rate(self, q: float) -> float:
        return self.curve().time_at_rate(q)


@tool(
    name="fit_decline",
    description=(
        "Fit decline curves to a production history table row and forecast: Arps "
        "exponential, harmonic, hyperbolic and modified hyperbolic (a terminal decline Dmin) "
        "by default, THM, PLE, SE and Duong on request; the best by AIC. Controls: b bounds, "
        "Dmin and its convention, fit start (first/last peak, a date), months to exclude, "
        "producing-day normalisation, re-fracs and flat periods as segments. Options: "
        "secondary phases (GOR, yield, WOR) following the primary, P10/P50/P90 uncertainty "
        "(bootstrap or covariance), a hindcast on the last N months, type curves "
        "(grouped, per 1,000 ft), diagnostic charts, a parameter export CSV. Many wells are "
        "fitted well by well with a per-well summary."
    ),
    parameters=FIT_PARAMETERS,
    group="production",
)
def fit_decline(ctx: ToolContext, **arguments: Any) -> Any:
    """Split the history by well and fan the fits out (see the module's docstring)."""
    if arguments.get("rowid") is None:
        raise ToolError("Which row holds the production history? Give its rowid.")
    arguments = {k: v for k, v in arguments.items() if v is not None}
    ctx.log(f"Reading the production history in row {arguments['rowid']}...")
    loaded = load(ctx, arguments)
    record = Record()
    record_file_inputs(loaded, arguments, record)
    chosen = plan(arguments, record, loaded.phase)
    record_conventions(record, chosen.options)
    if loaded.frequency == "monthly" and loaded.columns.values_are.get(loaded.phase) == "volumes":
        ctx.log("Monthly volumes: converting to daily rates by the days in each month.")
    names = ", ".join(M.MODEL_NAMES[m] for m in chosen.options.models)
    ctx.log(f"Fitting {names} to {len(loaded.histories):,} well(s)...")
    return fan_out(
        each=forecast_well_item,
        items=[history_item(h) for h in loaded.histories],
        shared={"options": options_payload(chosen.options)},
        then=fit_decline_finish,
        state={"arguments": arguments, "record": record.as_dict()},
        progress="Fitted {done:,} of {total:,} wells.",
    )


def fit_decline_finish(
    ctx: ToolContext, results: list[Any], *, arguments: dict[str, Any], record: dict[str, Any]
) -> dict[str, Any]:
    """Reduce the wells' results: the forecast, summary, type curve, diagnostics and
    export rows, the answer's sentences and its inputs. Reads the history again (the
    same split, in the same order) rather than carrying it back from the workers."""
    loaded = load(ctx, arguments)
    chosen = plan(arguments, Record(), loaded.phase)
    wells = []
    for history, payload in zip(loaded.histories, results, strict=True):
        if isinstance(payload, ItemFailed):
            payload = {"ok": False, "error": payload.message}
        wells.append(rebuild(history, payload, chosen.options))
    fitted = [w for w in wells if w.ok]
    failures = [f"{w.well or 'the well'}: {w.error}" for w in wells if not w.ok]
    if not fitted:
        if len(wells) == 1:
            raise ToolError(f"The decline could not be fitted: {wells[0].error}.")
        raise ToolError("No well could be fitted: " + "; ".join(failures[:20]))
    return rows.write(ctx, loaded, chosen, Record.from_result(record), wells, fitted, failures)


@tool(
    name="forecast_decline",
    description=(
        "Forecast one well from decline parameters given inline ('a well at 800 bbl/d "
        "declining 25% a year'): Arps exponential/hyperbolic/harmonic with any decline "
        "convention (nominal above 100%/yr, tangent- or secant-effective, per year or per "
        "month), an optional terminal decline, a flat period first, later segments "
        "(re-fracs), secondary phases at a constant ratio, to an economic limit or horizon. "
        "Gives rate and cumulative at chosen times, EUR, the decline in all three "
        "conventions, and writes a monthly forecast table row."
    ),
    parameters=FORECAST_PARAMETERS,
    group="production",
)
def forecast_decline(ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
    for name in ("qi", "decline", "decline_convention"):
        if arguments.get(name) is None:
            raise ToolError(f"forecast_decline needs {name}.")
    return parametric.forecast(ctx, **{k: v for k, v in arguments.items() if v is not None})
