"""A forecast from decline parameters given inline (the forecast_decline tool's work): any
convention and period, a flat period first, later segments, constant secondary ratios."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import add_table_row, jsonable
from agents.tools.errors import ToolError
from agents.tools.forecasting import conventions as C
from agents.tools.forecasting import models as M
from agents.tools.forecasting.arguments import checked_nominal, parse_day
from agents.tools.forecasting.conventions import B_EPSILON, DAYS_PER_YEAR
from agents.tools.forecasting.forecast import MAX_HORIZON_YEARS, monthly_forecast
from agents.tools.forecasting.history import PHASE_UNITS, month_start_days
from agents.tools.forecasting.record import Record
from agents.tools.forecasting.schemas import DEFAULT_HORIZON_YEARS
from agents.tools.registry import ToolContext


def _kind(b: float, terminal: bool) -> str:
    if b <= B_EPSILON:
        return "exponential"
    if terminal:
        return "modified_hyperbolic"
    return "harmonic" if abs(b - 1) < 1e-12 else "hyperbolic"


def forecast(
    ctx: ToolContext,
    *,
    qi: float,
    decline: float,
    decline_convention: str,
    decline_period: str = "year",
    b: float | None = None,
    dlim: float | None = None,
    dlim_convention: str | None = None,
    dmin: float | None = None,
    dmin_convention: str | None = None,
    dmin_period: str = "year",
    flat_months: int | None = None,
    segments: list[dict[str, Any]] | None = None,
    phase: str = "oil",
    gor_scf_per_bbl: float | None = None,
    yield_bbl_per_mmcf: float | None = None,
    water_ratio: float | None = None,
    economic_limit: float | None = None,
    horizon_years: float | None = None,
    at_years: list[float] | None = None,
    start_date: str | None = None,
) -> dict[str, Any]:
    """The forecast_decline tool: see ``FORECAST_PARAMETERS`` for the arguments."""
    record = Record()
    if qi is None or not float(qi) > 0:
        raise ToolError("qi (the initial rate per day) must be positive.")
    b_given = b is not None
    b = float(b or 0.0)
    if not 0 <= b <= 2.5:
        raise ToolError("b must be between 0 and 2.5.")
    if phase not in PHASE_UNITS or phase == "water":
        raise ToolError("phase must be oil, gas or boe.")
    horizon = DEFAULT_HORIZON_YEARS if horizon_years is None else float(horizon_years)
    if not 0 < horizon <= MAX_HORIZON_YEARS:
        raise ToolError(f"horizon_years must be between 0 and {MAX_HORIZON_YEARS:g}.")
    unit = PHASE_UNITS[phase]
    period = decline_period or "year"
    d = checked_nominal(float(decline), decline_convention, b, "decline", period)
    if d <= 0:
        raise ToolError("The decline must be positive.")
    record.put("qi", "Initial rate", float(qi), unit=f"{unit}/d", source="stated")
    record.put(
        "decline",
        f"Initial decline ({C.CONVENTION_NAMES[decline_convention]})",
        *_decline_value(float(decline), decline_convention, period),
        source="stated",
        detail=f"= {C.describe(d, b)}"
        + (
            " (through the hyperbolic equation over one month)"
            if period == "month" and b > 0 and decline_convention != "nominal"
            else ""
        ),
    )
    record.put(
        "b",
        "b-factor",
        b,
        source="stated" if b_given else "default",
        detail="" if b_given else "no b given: exponential",
        assumption=None if b_given else "b = 0 (exponential) as no b was given.",
    )
    terminal_value = dmin if dmin is not None else dlim
    terminal_convention = dmin_convention or dlim_convention or "tangent_effective"
    dmin_nominal = 0.0
    if terminal_value is not None:
        if b <= B_EPSILON:
            raise ToolError("A terminal decline only applies to a hyperbolic (b > 0).")
        dmin_nominal = checked_nominal(
            float(terminal_value), terminal_convention, 0.0, "terminal decline", dmin_period
        )
        if dmin_nominal >= d:
            raise ToolError(
                "The terminal decline must be lower than the initial one "
                f"(Dmin {dmin_nominal:.4g}/yr >= Di {d:.4g}/yr, both nominal)."
            )
        record.put(
            "dmin" if dmin is not None else "dlim",
            f"Terminal decline ({C.CONVENTION_NAMES[terminal_convention]})",
            *_decline_value(float(terminal_value), terminal_convention, dmin_period),
            source="stated",
            detail=f"= {dmin_nominal:.4g}/yr nominal",
        )
    if start_date:
        start = parse_day(start_date, "start_date").to_period("M").to_timestamp()
        record.put("start_date", "first forecast month", start.strftime("%Y-%m"), source="stated")
    else:
        start = pd.Timestamp.now().to_period("M").to_timestamp()
        record.put(
            "start_date",
            "first forecast month",
            start.strftime("%Y-%m"),
            source="default",
            assumption="The forecast starts this month.",
        )
    origin_day = float(start.value // 86_400_000_000_000)
    kind = _kind(b, dmin_nominal > 0)
    chain_segments: list[M.Segment] = []
    flat_days = 0.0
    if flat_months:
        month = np.datetime64(start.strftime("%Y-%m"), "M").astype(np.int64)
        flat_days = float(month_start_days(np.array([month + int(flat_months)]))[0] - origin_day)
        chain_segments.append(M.Segment(0.0, float(qi), 0.0, 0.0, "flat"))
        record.put("flat_months", "flat period", int(flat_months), unit="months", source="stated")
    chain_segments.append(M.Segment(flat_days, float(qi), d, b, "decline"))
    for index, part in enumerate(sorted(segments or [], key=lambda s: float(s["start_month"]))):
        t0 = flat_days + float(part["start_month"]) * (DAYS_PER_YEAR / 12.0)
        previous = chain_segments[-1]
        part_b = float(part.get("b", previous.b))
        if part.get("decline") is not None:
            part_d = checked_nominal(
                float(part["decline"]), decline_convention, part_b, "decline", period
            )
        else:
            part_d = previous.decline_at(t0 - previous.t0)
        if part.get("qi") is not None:
            chain_segments.append(M.Segment(t0, float(part["qi"]), part_d, part_b, "refrac"))
        else:
            q0 = previous.rate_at(t0 - previous.t0)
            chain_segments.append(M.Segment(t0, q0, part_d, part_b, "decline"))
        record.put(f"segment_{index + 1}", f"segment {index + 1}", part, source="stated")
    if len(chain_segments) == 1:
        curve = M.arps(float(qi), d, b, dmin=dmin_nominal)
    else:
        try:
            curve = M.segmented(chain_segments, dmin=dmin_nominal)
        except ValueError as exc:
            raise ToolError(f"The segments do not make a forecast: {exc}.") from None
        kind = "segmented"
    limit = float(economic_limit) if economic_limit else None
    if limit:
        record.put("economic_limit", "economic limit", limit, unit=f"{unit}/d", source="stated")
    record.put(
        "horizon_years",
        "Horizon",
        horizon,
        unit="yr",
        source="stated" if horizon_years is not None else "default",
        assumption=None
        if horizon_years is not None
        else f"Forecast for at most {horizon:g} years (the default horizon)"
        + (
            " or to the economic limit, whichever comes first."
            if limit
            else "; no economic limit was given."
        ),
    )
    ctx.log(f"Forecasting a {kind.replace('_', ' ')} decline from {qi:,.1f} {unit}/d...")
    forecast = monthly_forecast(
        curve,
        origin_day=origin_day,
        start_day=origin_day,
        economic_limit=limit,
        horizon_years=horizon,
    )
    at_points = []
    for years in at_years or []:
        t_days = float(years) * DAYS_PER_YEAR
        at_points.append(
            {
                "years": float(years),
                "rate": float(curve.rate(np.array([t_days]))[0]),
                "cumulative": float(curve.cum(np.array([t_days]))[0]),
            }
        )
    table = pd.DataFrame(
        {
            "date": np.datetime_as_string(forecast.start.astype(np.int64).astype("datetime64[D]")),
            "days": forecast.days,
            "segment": "forecast",
            f"model_{phase}_rate_{unit}_d": forecast.rate,
            f"{phase}_{unit}": forecast.volume,
        }
    )
    table[f"cum_{phase}_{unit}"] = table[f"{phase}_{unit}"].cumsum()
    ratios = _constant_ratios(phase, gor_scf_per_bbl, yield_bbl_per_mmcf, water_ratio, record)
    secondary_eur = {}
    for other, (factor, other_unit) in ratios.items():
        table[f"{other}_{other_unit}"] = forecast.volume * factor
        table[f"model_{other}_rate_{other_unit}_d"] = forecast.rate * factor
        secondary_eur[other] = float(forecast.volume.sum() * factor)
    eur = forecast.remaining
    parameters: dict[str, Any] = {
        "model": kind,
        "qi": float(qi),
        "b": b,
        "di": C.all_conventions(d, b),
    }
    if dmin_nominal:
        parameters["dlim"] = {
            "nominal": dmin_nominal,
            "tangent_effective": C.tangent_from_nominal(dmin_nominal),
        }
        if isinstance(curve, M.ArpsChain) and curve.terminal is not None:
            parameters["switch_years"] = curve.terminal.t0 / DAYS_PER_YEAR
    if len(chain_segments) > 1:
        parameters["segments"] = curve.spec()["segments"]
    _forecast_conventions(record, decline_convention, period)
    name = M.MODEL_NAMES.get(kind, kind)
    row = add_table_row(
        ctx,
        frame=table,
        description=(
            f"Decline forecast ({name}, qi {qi:,.1f} {unit}/d, Di {C.describe(d, b)}, b {b:g}): "
            "monthly rates and volumes."
        ),
        file_name=f"forecast_{phase}.csv",
        data={"phase": phase, "unit": unit, "parameters": parameters, "eur": eur},
    )
    years_out = forecast.years
    summary = (
        f"{name}: qi = {qi:,.1f} {unit}/d, Di = {C.describe(d, b)}, b = {b:.3g} (given as "
        f"{C.stated(float(decline), decline_convention, period)})"
        + (
            f", Dmin = {C.percent_text(C.tangent_from_nominal(dmin_nominal))}/yr tangent-effective"
            if dmin_nominal
            else ""
        )
        + (f", flat for {flat_months} months first" if flat_months else "")
        + f". EUR {eur:,.0f} {unit} over {years_out:.1f} years, stopped by the "
        f"{forecast.stopped_by}"
        + (
            f" of {limit:,.1f} {unit}/d"
            if forecast.stopped_by == "economic limit" and limit
            else ""
        )
        + f" (final rate {forecast.final_rate:,.1f} {unit}/d)."
    )
    for point in at_points:
        summary += (
            f" At {point['years']:g} years: rate {point['rate']:,.1f} {unit}/d, "
            f"cumulative {point['cumulative']:,.0f} {unit}."
        )
    for other, value in secondary_eur.items():
        summary += (
            f" {other.capitalize()} at a constant ratio: EUR {value:,.0f} {ratios[other][1]}."
        )
    if record.assumptions:
        summary += " Assumptions: " + " ".join(record.assumptions)
    if row is not None:
        summary += f" Monthly forecast: row {row.rowid}."
    return jsonable(
        {
            "summary": summary,
            "phase": phase,
            "unit": unit,
            "parameters": parameters,
            "eur": eur,
            "secondary_eur": secondary_eur,
            "years": years_out,
            "stopped_by": forecast.stopped_by,
            "final_rate": forecast.final_rate,
            "at": at_points,
            "forecast_rowid": row.rowid if row else None,
            **record.as_dict(),
        }
    )


def _constant_ratios(phase, gor, yield_, water, record: Record) -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    if gor is not None:
        if phase != "oil":
            raise ToolError("A GOR applies to an oil forecast.")
        out["gas"] = (float(gor) / 1000.0, "mcf")
        record.put("gor", "GOR", float(gor), unit="scf/bbl", source="stated")
    if yield_ is not None:
        if phase != "gas":
            raise ToolError("A condensate yield applies to a gas forecast.")
        out["oil"] = (float(yield_) / 1000.0, "bbl")
        record.put("yield", "condensate yield", float(yield_), unit="bbl/MMcf", source="stated")
    if water is not None:
        out["water"] = (float(water), "bbl")
        record.put(
            "water_ratio",
            "water ratio",
            float(water),
            unit="bbl/bbl" if phase == "oil" else "bbl/mcf",
            source="stated",
        )
    return out


def _forecast_conventions(record: Record, convention: str, period: str) -> None:
    record.convention(
        f"The decline was given {C.CONVENTION_NAMES[convention]} per {period}"
        + (
            "; a monthly effective decline is converted through the hyperbolic equation over "
            "one month, not by compounding"
            if period == "month" and convention != "nominal"
            else ""
        )
        + "; Di is shown nominal, tangent-effective and secant-effective per year."
    )
    record.convention("Rates per day; volumes are the model's exact cumulative per calendar month.")


def _decline_value(value: float, convention: str, period: str) -> tuple[float, str]:
    """(value, unit) as an Inputs line shows a decline: 25 %/yr, 8 %/mo, 1.5 1/yr."""
    if convention == "nominal":
        return value, "1/yr" if period == "year" else "1/mo"
    return value * 100, "%/yr" if period == "year" else "%/mo"
