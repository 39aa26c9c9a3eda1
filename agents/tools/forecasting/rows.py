"""The rows a fit_decline call writes, and its result: forecast and summary tables, the
chart, the uncertainty fan, type curves, diagnostics and the parameter export."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from agents.tools.charts import decline_diagnostics_png, fan_chart_png, production_chart_png
from agents.tools.common import add_table_row, jsonable
from agents.tools.forecasting import diagnostics, export, report, tables, typecurves
from agents.tools.forecasting.history import PHASE_UNITS
from agents.tools.forecasting.uncertainty import SPE_CONVENTION

RESULT_WELLS = 50  # wells listed in a tool result (every well is in the rows)
DIAGNOSTIC_WELLS = 8


def write(ctx, loaded, plan, record, wells, fitted, failures) -> dict[str, Any]:
    phase, unit = loaded.phase, PHASE_UNITS[loaded.phase]
    row = loaded.row
    source_name = row.original_name or row.file.name
    named = loaded.columns.well is not None
    ctx.log("Writing the forecast table...")
    frame = tables.forecast_frame(wells, named_wells=named)
    records = tables.summary_records(wells)
    forecast_row = add_table_row(
        ctx,
        frame=frame,
        description=(
            f"Decline forecast of {phase} for {len(fitted)} well(s) from row {row.rowid} "
            f"('{source_name}'): monthly history, fitted and forecast rates ({unit}/d) and "
            f"volumes ({unit})"
            + (f", with {' and '.join(plan.options.secondary)}" if plan.options.secondary else "")
            + (", P10/P50/P90 rates" if plan.options.uncertainty else "")
            + "."
        ),
        file_name=f"decline_forecast_{phase}.csv",
        data={"source_rowid": row.rowid, "phase": phase, "unit": unit, "wells": len(fitted)},
    )
    rows_written = [forecast_row]
    summary_row = None
    if len(fitted) > 1 or plan.options.hindcast_months or plan.options.uncertainty:
        summary_row = add_table_row(
            ctx,
            frame=pd.DataFrame(records),
            description=(
                f"Per-well decline summary ({phase}) from row {row.rowid}: model and why, qi, "
                "Di (nominal, tangent- and secant-effective), b, Dmin, EUR"
                + (", P10/P50/P90 EUR" if plan.options.uncertainty else "")
                + (", hindcast error" if plan.options.hindcast_months else "")
                + ", fit error."
            ),
            file_name=f"decline_summary_{phase}.csv",
            data={"source_rowid": row.rowid, "phase": phase, "unit": unit},
        )
        rows_written.append(summary_row)
    chart_rowid = None
    if plan.chart and forecast_row is not None:
        ctx.log("Drawing the history and forecast chart...")
        png = production_chart_png(frame, title=f"{phase.upper()} decline, row {row.rowid}")
        chart = ctx.add_row(
            type="chart",
            description=f"Chart: {phase} history vs decline forecast (table row {forecast_row.rowid}).",
            data={"source_rowid": forecast_row.rowid, "kind": "production"},
            file_name=f"decline_forecast_{phase}.png",
            content=png,
        )
        chart_rowid = chart.rowid
    extra = _extras(ctx, loaded, plan, fitted, unit)
    lines = []
    if len(fitted) <= report.DETAILED_WELLS:
        lines += [report.well_sentence(w, with_name=len(fitted) > 1) for w in fitted]
    else:
        lines.append(report.many_wells(fitted))
    if len(fitted) > 1 and len(fitted) <= report.DETAILED_WELLS:
        total = sum(w.eur for w in fitted)
        lines.append(f"Total EUR of the {len(fitted)} wells: {report.fmt(total)} {unit}.")
    lines += extra["sentences"]
    if failures:
        shown = "; ".join(failures[:10])
        more = f" (and {len(failures) - 10} more)" if len(failures) > 10 else ""
        lines.append(f"Not fitted: {shown}{more}.")
    notes = list(loaded.notes)
    if len(fitted) == 1:
        notes += fitted[0].history.notes + fitted[0].notes
    summary = " ".join(lines)
    summary += " Assumptions: " + " ".join(record.assumptions) if record.assumptions else ""
    if notes:
        summary += " Notes: " + "; ".join(notes) + "."
    written = {
        "forecast_rowid": forecast_row.rowid if forecast_row else None,
        "summary_rowid": summary_row.rowid if summary_row else None,
        "chart_rowid": chart_rowid,
        **extra["rows"],
    }
    saved = [
        f"{k.removesuffix('_rowid').replace('_', ' ')} row {v}" for k, v in written.items() if v
    ]
    if saved:
        summary += " Saved: " + ", ".join(saved) + "."
    best = fitted[0]
    return jsonable(
        {
            "summary": summary,
            "phase": phase,
            "unit": unit,
            "wells": records[:RESULT_WELLS],
            "wells_total": len(records),
            "model_choice": {w.well or "well": w.why for w in fitted[:RESULT_WELLS]},
            "fits": {(w.well or "well"): w.fits for w in fitted[:RESULT_WELLS]},
            "parameters": [w.curve.spec() for w in fitted[:RESULT_WELLS]],
            "uncertainty": (
                {
                    "method": best.uncertainty["method_text"],
                    "convention": SPE_CONVENTION,
                    "eur": {
                        (w.well or "well"): w.uncertainty["eur"]
                        for w in fitted[:RESULT_WELLS]
                        if w.uncertainty
                    },
                }
                if any(w.uncertainty for w in fitted)
                else None
            ),
            "hindcast": {
                (w.well or "well"): {
                    k: w.hindcast.get(k)
                    for k in (
                        "ok",
                        "months",
                        "cum_error_pct",
                        "mape_pct",
                        "cum_forecast",
                        "cum_actual",
                        "error",
                    )
                }
                for w in fitted[:RESULT_WELLS]
                if w.hindcast
            }
            or None,
            "type_curves": extra["type_curves"] or None,
            "notes": notes,
            "failures": failures[:RESULT_WELLS],
            **written,
            "rows_written": [r.rowid for r in rows_written if r is not None]
            + [v for k, v in extra["rows"].items() if v],
            **record.as_dict(),
        }
    )


def _extras(ctx, loaded, plan, fitted, unit) -> dict[str, Any]:
    """Uncertainty fan, type curves, diagnostics and export rows."""
    phase = loaded.phase
    row = loaded.row
    sentences: list[str] = []
    rows: dict[str, int | None] = {}
    curves_out: list[dict[str, Any]] = []
    if plan.options.uncertainty and len(fitted) == 1 and fitted[0].uncertainty:
        well = fitted[0]
        u = well.uncertainty
        frame = tables.uncertainty_frame(well)
        table = add_table_row(
            ctx,
            frame=frame,
            description=(
                f"P10/P50/P90 {phase} forecast of {well.well or 'the well'} (row {row.rowid}) by "
                f"{u['method']} ({u['samples']} samples; P10 the high case): monthly rates and "
                "volumes, each month's own percentile (their sums are near, not equal to, the "
                "EUR percentiles)."
            ),
            file_name=f"decline_uncertainty_{phase}.csv",
            data={"source_rowid": row.rowid, "method": u["method"]},
        )
        rows["uncertainty_rowid"] = table.rowid if table else None
        if plan.chart and ctx.add_row is not None:
            fan_x = pd.to_datetime(np.asarray(u["fan_start"], dtype="int64"), unit="D")
            days = np.asarray(u["fan_days"], dtype=float)
            history = well.history
            png = fan_chart_png(
                x=fan_x,
                p10=np.asarray(u["fan"]["p10"]) / days,
                p50=np.asarray(u["fan"]["p50"]) / days,
                p90=np.asarray(u["fan"]["p90"]) / days,
                title=f"{phase.upper()} forecast range, {well.well or 'well'} ({u['method']})",
                ylabel=f"{phase} rate ({unit}/d)",
                history_x=pd.to_datetime(history.start, unit="D"),
                history_y=well.rate,
            )
            fan = ctx.add_row(
                type="chart",
                description=f"Chart: P10/P50/P90 {phase} forecast fan (table row {rows['uncertainty_rowid']}).",
                data={"source_rowid": rows["uncertainty_rowid"], "kind": "fan"},
                file_name=f"decline_fan_{phase}.png",
                content=png,
            )
            rows["fan_chart_rowid"] = fan.rowid
    if plan.type_curve:
        ctx.log("Building the type curves...")
        grouped, notes = typecurves.groups(
            fitted,
            group_by=plan.group_by,
            filter_column=plan.filter_column,
            filter_value=plan.filter_value,
        )
        frames = []
        for label, members in grouped.items():
            try:
                curve = typecurves.build(
                    members,
                    group=label,
                    normalise_lateral=plan.normalise_lateral,
                    months=plan.type_curve_months,
                    fit_options=plan.options.fit,
                )
            except ValueError as exc:
                sentences.append(f"No type curve for {label}: {exc}.")
                continue
            sentences.append(report.type_curve_sentence(curve, unit))
            frames.append(tables.type_curve_frame(curve, unit))
            curves_out.append(
                {
                    "group": label,
                    "wells": len(curve.wells),
                    "normalised_per_1000ft": curve.normalised,
                    "eur": curve.eur,
                    "well_eur": curve.well_eur,
                    "models": {
                        k: {"model": v["family"], "parameters": v["curve"].spec()}
                        for k, v in curve.fits.items()
                    },
                }
            )
            if plan.chart and ctx.add_row is not None and len(curves_out) <= 8:
                per = " per 1,000 ft" if curve.normalised else ""
                png = fan_chart_png(
                    x=curve.months + 1,
                    p10=curve.p10,
                    p50=curve.p50,
                    p90=curve.p90,
                    members=curve.well_rates,
                    title=f"Type curve {label} ({len(curve.wells)} wells, aligned at peak)",
                    ylabel=f"{phase} rate ({unit}/d{per})",
                    xlabel="months from peak",
                    dates=False,
                )
                fan = ctx.add_row(
                    type="chart",
                    description=f"Chart: type curve fan, {label} (P10/P50/P90, {len(curve.wells)} wells).",
                    data={"kind": "type_curve", "group": label},
                    file_name="type_curve.png",
                    content=png,
                )
                rows.setdefault("type_curve_chart_rowid", fan.rowid)
        if notes:
            sentences.append(" ".join(n[0].upper() + n[1:] + "." for n in notes))
        if frames:
            table = add_table_row(
                ctx,
                frame=pd.concat(frames, ignore_index=True),
                description=(
                    f"Type curves of {phase} from row {row.rowid}: P10/P50/P90 and mean monthly "
                    "rates and cumulatives by month from peak"
                    + (
                        ", per 1,000 ft of lateral"
                        if any(c["normalised_per_1000ft"] for c in curves_out)
                        else ""
                    )
                    + "."
                ),
                file_name=f"type_curves_{phase}.csv",
                data={"source_rowid": row.rowid, "groups": [c["group"] for c in curves_out]},
            )
            rows["type_curve_rowid"] = table.rowid if table else None
    if plan.diagnostics and ctx.add_row is not None:
        ctx.log("Drawing the diagnostic plots...")
        chosen = fitted[:DIAGNOSTIC_WELLS]
        png = decline_diagnostics_png(
            [diagnostics.well_diagnostics(w) for w in chosen],
            title=f"{phase.upper()} diagnostics, row {row.rowid}"
            + (f" (first {DIAGNOSTIC_WELLS} wells)" if len(fitted) > DIAGNOSTIC_WELLS else ""),
        )
        chart = ctx.add_row(
            type="chart",
            description=(
                f"Chart: decline diagnostics of {phase} (row {row.rowid}): rate vs time, rate vs "
                "cumulative, b-factor vs time (log-log)."
            ),
            data={"source_rowid": row.rowid, "kind": "diagnostics"},
            file_name=f"decline_diagnostics_{phase}.png",
            content=png,
        )
        rows["diagnostics_rowid"] = chart.rowid
    if plan.export:
        frame = pd.DataFrame(export.parameter_rows(fitted), columns=export.COLUMNS)
        frame = frame.dropna(axis=1, how="all")
        table = add_table_row(
            ctx,
            frame=frame,
            description=(
                f"Forecast parameters of {phase} from row {row.rowid}, one row per well and "
                "phase: model, qi, Di (nominal, tangent- and secant-effective), b, Dmin, segment "
                "start, EUR (CSV for other forecasting tools)."
            ),
            file_name=f"forecast_parameters_{phase}.csv",
            data={"source_rowid": row.rowid, "format": "derrick-decline-parameters-1"},
        )
        rows["export_rowid"] = table.rowid if table else None
    return {"sentences": sentences, "rows": rows, "type_curves": curves_out}
