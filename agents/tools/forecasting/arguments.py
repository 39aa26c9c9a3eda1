"""A fit_decline call's arguments, checked and turned into the engine's options, with every
input recorded (value, unit, source) and each default applied named as an assumption."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from agents.tools.common import read_row_frame
from agents.tools.errors import ToolError
from agents.tools.forecasting import conventions as C
from agents.tools.forecasting import fitting as F
from agents.tools.forecasting.conventions import CONVENTIONS
from agents.tools.forecasting.forecast import MAX_HORIZON_YEARS
from agents.tools.forecasting.history import (
    PHASE_UNITS,
    Columns,
    HistoryError,
    WellHistory,
    find_columns,
    month_start_days,
    read_histories,
)
from agents.tools.forecasting.models import MODEL_KINDS as ALL_MODELS
from agents.tools.forecasting.record import Record
from agents.tools.forecasting.schemas import (
    DEFAULT_DMIN_TANGENT,
    DEFAULT_HINDCAST_MONTHS,
    DEFAULT_HORIZON_YEARS,
    DEFAULT_SAMPLES,
)
from agents.tools.forecasting.uncertainty import METHODS, SPE_CONVENTION
from agents.tools.forecasting.well import WellOptions
from agents.tools.registry import ToolContext


def _number(arguments: dict[str, Any], name: str) -> float | None:
    value = arguments.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ToolError(f"{name} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ToolError(f"{name} must be a finite number.")
    return number


def checked_nominal(
    value: float, convention: str | None, b: float, what: str, period: str = "year"
) -> float:
    """A decline in ``convention`` over ``period`` as nominal per year, or a ToolError."""
    convention = convention or "tangent_effective"
    if convention not in CONVENTIONS:
        raise ToolError(f"The {what} convention must be one of {', '.join(CONVENTIONS)}.")
    if period not in C.PERIODS:
        raise ToolError(f"The {what} period must be 'year' or 'month'.")
    if convention != "nominal" and value >= 1:
        raise ToolError(
            f"An effective {what} is a fraction of the rate lost per {period} and must be below "
            f"1 (0.25 for 25%); got {value}. A rate above 100%/yr is a nominal decline: say "
            "'nominal'."
        )
    try:
        return C.to_nominal(float(value), convention, b, period=period)
    except C.ConventionError as exc:
        raise ToolError(f"The {what} {value} ({convention}) is not usable: {exc}.") from None


def parse_day(text: str, what: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(str(text).strip())
    except (TypeError, ValueError):
        raise ToolError(f"{what} {text!r} is not a date (use YYYY-MM or YYYY-MM-DD).") from None
    if pd.isna(stamp):
        raise ToolError(f"{what} {text!r} is not a date (use YYYY-MM or YYYY-MM-DD).")
    return stamp


def _month_range(text: str) -> tuple[float, float]:
    """'2021-03' or '2021-03..2021-05' as [first day, day after) in days since 1970."""
    first, _, last = str(text).partition("..")
    start = parse_day(first, "exclude_months")
    end = parse_day(last, "exclude_months") if last else start
    if end < start:
        start, end = end, start
    month_a = np.datetime64(start.strftime("%Y-%m"), "M").astype(np.int64)
    month_b = np.datetime64(end.strftime("%Y-%m"), "M").astype(np.int64)
    days = month_start_days(np.array([month_a, month_b + 1]))
    return float(days[0]), float(days[1])


@dataclass
class Plan:
    """What a fit_decline call asks for, checked."""

    options: WellOptions
    record: Record
    type_curve: bool
    group_by: str | None
    filter_column: str | None
    filter_value: Any
    normalise_lateral: bool | None
    type_curve_months: int | None
    diagnostics: bool
    export: bool
    chart: bool


def _models(arguments: dict[str, Any], record: Record) -> tuple[str, ...]:
    listed = arguments.get("models")
    model = arguments.get("model") or "best"
    if listed:
        unknown = [m for m in listed if m not in ALL_MODELS]
        if unknown:
            raise ToolError(f"Unknown model(s) {unknown}; use {', '.join(ALL_MODELS)}.")
        chosen = tuple(listed)
        record.put(
            "models",
            "models fitted",
            ", ".join(chosen),
            source="stated",
            detail="the best of these by AIC on log rate",
        )
        return chosen
    if model in ("best", "auto"):
        record.put(
            "models",
            "models fitted",
            ", ".join(F.DEFAULT_SET),
            source="default",
            detail="the default set; the best by AIC on log rate",
            assumption="Models: the best of exponential, harmonic, hyperbolic and modified "
            "hyperbolic by AIC on log rate (near-ties go to a terminal decline, then fewer "
            "parameters).",
        )
        return F.DEFAULT_SET
    if model == "all":
        record.put("models", "models fitted", ", ".join(ALL_MODELS), source="stated")
        return ALL_MODELS
    if model not in ALL_MODELS:
        raise ToolError(f"Unknown model {model!r}; use best, all, {', '.join(ALL_MODELS)}.")
    record.put("models", "model fitted", model, source="stated")
    return (model,)


def plan(arguments: dict[str, Any], record: Record, phase: str) -> Plan:
    models = _models(arguments, record)
    b_min = _number(arguments, "b_min")
    b_max = _number(arguments, "b_max")
    if b_min is not None and not 0 <= b_min <= 2:
        raise ToolError("b_min must be between 0 and 2.")
    if b_max is not None and not 0 < b_max <= 2.5:
        raise ToolError("b_max must be in (0, 2.5].")
    low = b_min if b_min is not None else 0.0
    high = b_max if b_max is not None else 2.0
    if low > high:
        raise ToolError(f"b_min ({low:g}) must not be above b_max ({high:g}).")
    if low == high:
        # b fixed: only the models whose b can be it are fitted (an exponential or a
        # harmonic has its own b; the hyperbolics are held there).
        record.put("b_bounds", "b bounds", f"fixed at {low:g}", source="stated")
    elif b_min is not None or b_max is not None:
        record.put("b_bounds", "b bounds", f"{low:g} to {high:g}", source="stated")
    else:
        record.put(
            "b_bounds",
            "b bounds",
            "0 to 2",
            source="default",
            assumption="b bounded to [0, 2] (above 2 is not physical for Arps decline).",
        )
    dmin_value = _number(arguments, "dmin")
    convention = arguments.get("dmin_convention")
    if dmin_value is None and _number(arguments, "dlim") is not None:
        dmin_value = _number(arguments, "dlim")
        convention = arguments.get("dlim_convention") or convention
    period = arguments.get("dmin_period") or "year"
    if dmin_value is not None:
        dmin = checked_nominal(dmin_value, convention, 0.0, "terminal decline", period)
        stated_convention = convention or "tangent_effective"
        record.put(
            "dmin",
            "terminal decline Dmin",
            dmin_value,
            unit=f"per {period} ({C.CONVENTION_NAMES[stated_convention]})",
            source="stated",
            detail=f"= {dmin:.4g}/yr nominal = "
            f"{C.percent_text(C.tangent_from_nominal(dmin))}/yr tangent-effective; every model "
            "turns exponential at it",
        )
        everywhere = True
    else:
        dmin = C.nominal_from_tangent(DEFAULT_DMIN_TANGENT)
        everywhere = False
        if {"modified_hyperbolic", "thm"} & set(models):
            record.put(
                "dmin",
                "terminal decline Dmin",
                DEFAULT_DMIN_TANGENT,
                unit="per year (tangent-effective)",
                source="default",
                detail="for the modified hyperbolic and THM",
                assumption="Terminal decline Dmin 6%/yr tangent-effective (a common shale "
                "value) for the modified hyperbolic and THM; the other models have none.",
            )
    fit_on = arguments.get("fit_on") or "log_rate"
    if fit_on not in ("log_rate", "rate"):
        raise ToolError("fit_on must be log_rate or rate.")
    record.put(
        "fit_on",
        "least squares on",
        fit_on.replace("_", " "),
        source="stated" if arguments.get("fit_on") else "default",
        assumption="Fitted by least squares on log rate (late, low rates weigh as much as "
        "early ones).",
    )
    fit_start = arguments.get("fit_start") or "last_peak"
    if fit_start not in ("last_peak", "first_peak"):
        fit_start_value = str(float(parse_day(fit_start, "fit_start").value // 86_400_000_000_000))
        record.put("fit_start", "fit starts", str(arguments["fit_start"]), source="stated")
    else:
        fit_start_value = fit_start
        record.put(
            "fit_start",
            "fit starts at",
            fit_start.replace("_", " "),
            source="stated" if arguments.get("fit_start") else "default",
            assumption="The fit starts at the peak (after a ramp-up), or at the peak after "
            "the last re-frac.",
        )
    exclude = tuple(_month_range(text) for text in arguments.get("exclude_months") or [])
    if exclude:
        record.put(
            "exclude_months",
            "months excluded",
            ", ".join(arguments["exclude_months"]),
            source="stated",
        )
    segments = arguments.get("segments") or "auto"
    if segments not in ("auto", "single"):
        raise ToolError("segments must be auto or single.")
    limit = _number(arguments, "economic_limit")
    unit = PHASE_UNITS[phase]
    if limit is not None:
        if limit <= 0:
            raise ToolError("economic_limit must be positive.")
        record.put("economic_limit", "economic limit", limit, unit=f"{unit}/d", source="stated")
    horizon = _number(arguments, "horizon_years")
    if horizon is not None:
        if not 0 < horizon <= MAX_HORIZON_YEARS:
            raise ToolError(f"horizon_years must be between 0 and {MAX_HORIZON_YEARS:g}.")
        record.put("horizon_years", "horizon", horizon, unit="years", source="stated")
    else:
        horizon = DEFAULT_HORIZON_YEARS
        record.put(
            "horizon_years",
            "horizon",
            horizon,
            unit="years",
            source="default",
            detail="after the last history month",
            assumption=(
                f"Forecast for at most {horizon:g} years after the last history month (the "
                "default horizon)"
                + (
                    " or to the economic limit, whichever comes first."
                    if limit
                    else "; no economic limit was given."
                )
            ),
        )
    secondary = tuple(p for p in arguments.get("secondary") or [] if p != phase)
    ratio_model = arguments.get("ratio_model") or "power_law"
    if secondary:
        record.put("secondary", "secondary phases", ", ".join(secondary), source="stated")
        record.put(
            "ratio_model",
            "ratio model",
            ratio_model.replace("_", " "),
            source="stated" if arguments.get("ratio_model") else "default",
            assumption="Secondary phases follow the primary through a power-law ratio "
            "(petbox-dca's PLYield) fitted to the history.",
        )
    method = arguments.get("uncertainty") or "none"
    if method not in ("none", *METHODS):
        raise ToolError(f"uncertainty must be none, {', '.join(METHODS)}.")
    samples = int(arguments.get("samples") or DEFAULT_SAMPLES)
    if not 20 <= samples <= 2000:
        raise ToolError("samples must be between 20 and 2000.")
    if method != "none":
        record.put("uncertainty", "uncertainty method", method, source="stated")
        record.put(
            "samples",
            "samples",
            samples,
            source="stated" if arguments.get("samples") else "default",
            assumption=f"{samples} uncertainty samples, seeded so the percentiles repeat.",
        )
    hindcast = 0
    if arguments.get("hindcast") or arguments.get("hindcast_months"):
        hindcast = int(arguments.get("hindcast_months") or DEFAULT_HINDCAST_MONTHS)
        if not 1 <= hindcast <= 120:
            raise ToolError("hindcast_months must be between 1 and 120.")
        record.put(
            "hindcast_months",
            "hindcast holds out",
            hindcast,
            unit="months",
            source="stated" if arguments.get("hindcast_months") else "default",
            assumption="The hindcast holds out the last 12 months (the default).",
        )
    options = WellOptions(
        phase=phase,
        models=tuple(models),
        fit=F.FitOptions(
            b_min=low, b_max=high, dmin=dmin, dmin_everywhere=everywhere, objective=fit_on
        ),
        fit_start=fit_start_value,
        exclude=exclude,
        normalise_on_time=bool(arguments.get("normalise_on_time", True)),
        economic_limit=limit,
        horizon_years=horizon,
        secondary=secondary,
        ratio_model=ratio_model,
        uncertainty=None if method == "none" else method,
        samples=samples,
        hindcast_months=hindcast,
        detect_refracs=segments == "auto",
        detect_plateau=segments == "auto",
    )
    type_curve = bool(
        arguments.get("type_curve")
        or arguments.get("type_curve_group_by")
        or arguments.get("type_curve_filter_column")
    )
    return Plan(
        options=options,
        record=record,
        type_curve=type_curve,
        group_by=arguments.get("type_curve_group_by"),
        filter_column=arguments.get("type_curve_filter_column"),
        filter_value=arguments.get("type_curve_filter_value"),
        normalise_lateral=arguments.get("normalise_lateral"),
        type_curve_months=arguments.get("type_curve_months"),
        diagnostics=bool(arguments.get("diagnostics")),
        export=bool(arguments.get("export")),
        chart=bool(arguments.get("chart", True)),
    )


@dataclass
class Loaded:
    row: Any
    columns: Columns
    phase: str
    histories: list[WellHistory]
    frequency: str
    notes: list[str]


def load(ctx: ToolContext, arguments: dict[str, Any]) -> Loaded:
    """The history table of the call, read and split by well (the same every time)."""
    row, frame = read_row_frame(ctx, arguments["rowid"])
    try:
        columns, phase = find_columns(
            frame,
            date_column=arguments.get("date_column"),
            well_column=arguments.get("well_column"),
            column=arguments.get("column"),
            phase=arguments.get("phase"),
            values_are=arguments.get("values_are"),
        )
        histories, frequency, notes = read_histories(frame, columns, well=arguments.get("well"))
    except HistoryError as exc:
        raise ToolError(f"Row {row.rowid}: {exc}") from None
    if columns.boe_from:
        notes.append(
            f"BOE = {columns.boe_from[0]} + {columns.boe_from[1]} / 6 (6 mcf of gas per barrel)"
        )
    if frequency == "monthly" and columns.values_are.get(phase) == "volumes":
        notes.insert(0, "monthly volumes were turned into daily rates by the days in each month")
    return Loaded(row, columns, phase, histories, frequency, notes)


def record_file_inputs(loaded: Loaded, arguments: dict[str, Any], record: Record) -> None:
    columns = loaded.columns
    name = loaded.row.original_name or loaded.row.file.name
    record.put("rowid", "history table", loaded.row.rowid, source="stated", detail=f"'{name}'")
    record.put(
        "date_column",
        "dates",
        columns.date_label(),
        source="stated" if arguments.get("date_column") else "file",
        detail=f"read as {columns.date_format}, {loaded.frequency}",
    )
    if columns.well:
        record.put(
            "well_column",
            "wells",
            f"'{columns.well}'",
            source="stated" if arguments.get("well_column") else "file",
            detail=f"{len(loaded.histories)} well(s)",
        )
    if arguments.get("well"):
        record.put("well", "well", arguments["well"], source="stated")
    phase = loaded.phase
    if columns.boe_from:
        record.put(
            "column",
            "production",
            f"'{columns.boe_from[0]}' + '{columns.boe_from[1]}' / 6",
            unit="BOE",
            source="derived",
            detail="BOE = oil + gas / 6 (6 mcf of gas per barrel, energy basis)",
        )
    else:
        column = columns.phases[phase]
        record.put(
            "column",
            "production",
            f"'{column}'",
            unit=PHASE_UNITS[phase],
            source="stated" if arguments.get("column") else "file",
            detail=f"{columns.values_are.get(phase, 'volumes')} of {phase}",
        )
    record.put(
        "phase",
        "phase",
        phase,
        source="stated" if arguments.get("phase") else "derived",
        detail="" if arguments.get("phase") else "the file's oil column, else its gas column",
    )
    record.put(
        "values_are",
        "values are",
        columns.values_are.get(phase, "volumes"),
        source="stated" if arguments.get("values_are") else "derived",
        detail="" if arguments.get("values_are") else "from the column's name",
    )
    if columns.on_time:
        used = arguments.get("normalise_on_time", True)
        record.put(
            "on_time",
            "producing time",
            f"'{columns.on_time}'",
            unit=columns.on_time_unit,
            source="file",
            detail="rates normalised by producing time" if used else "not used (asked)",
        )
        if used:
            record.assume(
                "Rates are per producing day (volume / producing days); the forecast assumes "
                "every calendar day produces."
            )
    for phase_name in arguments.get("secondary") or []:
        if phase_name in columns.phases and phase_name != phase:
            record.put(
                f"{phase_name}_column",
                f"{phase_name} history",
                f"'{columns.phases[phase_name]}'",
                unit=PHASE_UNITS[phase_name],
                source="file",
            )
    if columns.lateral:
        record.put(
            "lateral_column",
            "lateral length",
            f"'{columns.lateral}'",
            unit=columns.lateral_unit,
            source="file",
        )


def record_conventions(record: Record, options: WellOptions) -> None:
    record.convention(
        "Rates per day (per producing day in the fit when the file has producing days); time "
        "in days from the fit start; declines per year."
    )
    record.convention(
        "Decline conventions: Di nominal (-d ln q/dt), tangent-effective (1 - exp(-D)) and "
        "secant-effective (1 - (1 + b D)^(-1/b), petbox-dca's and SPEE's Di), per year; Dmin "
        "tangent-effective (its exponential tail has the same secant rate)."
    )
    record.convention(
        "Best model: lowest AIC on log rate (n ln(SSE/n) + 2k); within 2 AIC a terminal "
        "decline, then fewer parameters, is preferred."
    )
    record.convention(
        "EUR = produced volume + the forecast from the end of the history to the economic "
        "limit or the horizon; forecast volumes are the model's exact cumulative per "
        "calendar month."
    )
    if options.uncertainty:
        record.convention(SPE_CONVENTION + ".")
