"""Forecast parameters as a table other forecasting tools can import: one row per well
and phase, every decline in its three conventions, rates per day, dates ISO 8601.

Columns: well, phase, model, segment_start (t = 0 of the decline segment), qi and its
unit, di_nominal_per_yr, di_tangent_effective_pct, di_secant_effective_pct (petbox-dca's
and ARIES-style secant Di), b, dmin (terminal decline, tangent-effective % and nominal),
a flat period before the decline (flat_rate, flat_until), forecast_start/forecast_end,
history, remaining and EUR volumes; model-specific shape parameters (THM bi/bf/telf,
PLE, SE, Duong) and, for a secondary phase, its ratio model, in their own columns.
"""

from __future__ import annotations

from typing import Any

from agents.tools.forecasting import models as M
from agents.tools.forecasting.conventions import (
    B_EPSILON,
    secant_from_nominal,
    tangent_from_nominal,
)
from agents.tools.forecasting.history import PHASE_UNITS, day_to_timestamp
from agents.tools.forecasting.well import WellResult

COLUMNS = [
    "well",
    "phase",
    "model",
    "segment_start",
    "qi",
    "qi_unit",
    "di_nominal_per_yr",
    "di_tangent_effective_pct",
    "di_secant_effective_pct",
    "b",
    "dmin_tangent_effective_pct",
    "dmin_nominal_per_yr",
    "terminal_switch_date",
    "flat_rate",
    "flat_until",
    "forecast_start",
    "forecast_end",
    "stopped_by",
    "history_volume",
    "remaining_volume",
    "eur",
    "volume_unit",
    "thm_bi",
    "thm_bf",
    "thm_telf_days",
    "ple_di_per_day_n",
    "ple_dinf_per_day",
    "ple_n",
    "se_tau_days",
    "se_n",
    "duong_a",
    "duong_m",
    "ratio_model",
    "ratio_c",
    "ratio_m0",
    "ratio_m",
    "ratio_t0_days",
    "ratio_unit",
]


def _date(day: float | None) -> str | None:
    if day is None:
        return None
    return day_to_timestamp(day).strftime("%Y-%m-%d")


def _decline_columns(d: float, b: float) -> dict[str, Any]:
    return {
        "di_nominal_per_yr": d,
        "di_tangent_effective_pct": 100 * tangent_from_nominal(d),
        "di_secant_effective_pct": 100 * secant_from_nominal(d, b),
        "b": b,
    }


def primary_row(result: WellResult) -> dict[str, Any]:
    assert result.curve is not None and result.forecast is not None
    curve = result.curve
    origin = result.origin_day
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        {
            "well": result.well,
            "phase": result.phase,
            "model": result.family,
            "qi_unit": f"{result.unit}/d",
            "forecast_start": _date(origin + result.forecast.t_start),
            "forecast_end": _date(result.forecast.end_day),
            "stopped_by": result.forecast.stopped_by,
            "history_volume": result.history_volume,
            "remaining_volume": result.forecast.remaining,
            "eur": result.eur,
            "volume_unit": result.unit,
        }
    )
    inner = curve
    if isinstance(curve, M.FlatThen):
        row["flat_rate"], row["flat_until"] = curve.level, _date(origin + curve.t_flat)
        origin += curve.t_flat
        inner = curve.curve
    if isinstance(inner, M.ArpsChain):
        segments = list(inner.segments)
        if segments[0].kind == "flat" and len(segments) > 1:
            row["flat_rate"] = segments[0].q0
            row["flat_until"] = _date(origin + segments[1].t0)
            segments = segments[1:]
        decline = segments[0]
        row["segment_start"] = _date(origin + decline.t0)
        row["qi"] = decline.q0
        row.update(_decline_columns(decline.d, decline.b if decline.b > B_EPSILON else 0.0))
        terminal = inner.terminal
        dmin = inner.defining.get("dmin") or (terminal.d if terminal else 0.0)
        if dmin:
            row["dmin_nominal_per_yr"] = dmin
            row["dmin_tangent_effective_pct"] = 100 * tangent_from_nominal(dmin)
        if terminal is not None:
            row["terminal_switch_date"] = _date(origin + terminal.t0)
        if inner.kind == "thm":
            spec = inner.defining
            row.update({"thm_bi": spec["bi"], "thm_bf": spec["bf"], "thm_telf_days": spec["telf"]})
    else:
        row["segment_start"] = _date(origin)
        spec = inner.spec()
        row["qi"] = spec["qi"]
        if spec["kind"] == "ple":
            row.update(
                {
                    "ple_di_per_day_n": spec["di"],
                    "ple_dinf_per_day": spec["dinf"],
                    "ple_n": spec["n"],
                }
            )
        elif spec["kind"] == "se":
            row.update({"se_tau_days": spec["tau"], "se_n": spec["n"]})
        elif spec["kind"] == "duong":
            row.update({"duong_a": spec["a"], "duong_m": spec["m"]})
        dmin = spec.get("dmin") or 0.0
        if dmin:
            row["dmin_nominal_per_yr"] = dmin
            row["dmin_tangent_effective_pct"] = 100 * tangent_from_nominal(dmin)
            switch = inner.switch_days() if hasattr(inner, "switch_days") else None
            row["terminal_switch_date"] = _date(origin + switch) if switch else None
    return row


def secondary_rows(result: WellResult) -> list[dict[str, Any]]:
    rows = []
    for phase, item in result.secondary.items():
        row: dict[str, Any] = dict.fromkeys(COLUMNS)
        unit = PHASE_UNITS[phase]
        model = item.model
        row.update(
            {
                "well": result.well,
                "phase": phase,
                "model": f"{item.ratio_name} {model.kind.replace('_', ' ')} x {result.phase}",
                "segment_start": _date(result.origin_day),
                "forecast_start": _date(result.origin_day + result.forecast.t_start),
                "forecast_end": _date(result.forecast.end_day),
                "stopped_by": result.forecast.stopped_by,
                "history_volume": item.history_volume,
                "remaining_volume": item.remaining,
                "eur": item.eur,
                "volume_unit": unit,
                "ratio_model": model.kind,
                "ratio_c": model.c,
                "ratio_m0": model.m0,
                "ratio_m": model.m,
                "ratio_t0_days": model.t0,
                "ratio_unit": f"{unit}/{result.unit}",
            }
        )
        rows.append(row)
    return rows


def parameter_rows(results: list[WellResult]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for result in results:
        if not result.ok:
            continue
        rows.append(primary_row(result))
        rows.extend(secondary_rows(result))
    return rows
