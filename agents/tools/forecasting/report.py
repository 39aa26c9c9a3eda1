"""The sentences of a decline answer: what was fitted, why the model won, the conventions."""

from __future__ import annotations

import numpy as np

from agents.tools.forecasting.conventions import describe, percent_text
from agents.tools.forecasting.export import primary_row
from agents.tools.forecasting.models import MODEL_NAMES
from agents.tools.forecasting.typecurves import TypeCurve
from agents.tools.forecasting.well import WellResult

DETAILED_WELLS = 10


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def model_sentence(result: WellResult) -> str:
    """'modified hyperbolic: qi = 812.3 bbl/d, Di = ..., b = 1.1, Dmin = ...'."""
    row = primary_row(result)
    unit = result.unit
    name = MODEL_NAMES.get(result.family, result.family)
    parts = [f"{name}: qi = {fmt(row['qi'], 1)} {unit}/d"]
    if row["di_nominal_per_yr"] is not None:
        parts.append(f"Di = {describe(row['di_nominal_per_yr'], row['b'] or 0.0)}")
        parts.append(f"b = {row['b']:.3g}")
    spec = result.curve.spec() if result.curve is not None else {}
    if result.family == "thm":
        parts.append(f"bf = {row['thm_bf']:.3g}, end of linear flow {row['thm_telf_days']:.0f} d")
    elif spec.get("kind") == "ple":
        parts.append(
            f"PLE Di = {spec['di']:.4g}/d^n, Dinf = {spec['dinf']:.3g}/d, n = {spec['n']:.3g}"
        )
    elif spec.get("kind") == "se":
        parts.append(f"tau = {spec['tau']:.4g} d, n = {spec['n']:.3g}")
    elif spec.get("kind") == "duong":
        parts.append(f"a = {spec['a']:.4g}, m = {spec['m']:.4g}")
    if row["dmin_nominal_per_yr"]:
        switch = f", reached {row['terminal_switch_date']}" if row["terminal_switch_date"] else ""
        parts.append(
            f"Dmin = {percent_text(row['dmin_tangent_effective_pct'] / 100)}/yr "
            f"tangent-effective ({row['dmin_nominal_per_yr']:.4g}/yr nominal){switch}"
        )
    if row["flat_rate"] is not None:
        parts.append(f"flat at {fmt(row['flat_rate'], 1)} {unit}/d until {row['flat_until']}")
    return ", ".join(parts)


def well_sentence(result: WellResult, *, with_name: bool) -> str:
    who = f"Well {result.well}: " if with_name and result.well else ""
    stats = result.fits.get(result.family, {})
    forecast = result.forecast
    text = (
        f"{who}{model_sentence(result)}; chosen as {result.why}; RMSE on ln(rate) "
        f"{stats.get('rmse_log_rate', float('nan')):.3f}. EUR {fmt(result.eur)} {result.unit} "
        f"({fmt(result.history_volume)} produced + {fmt(forecast.remaining)} forecast, stopped "
        f"by the {forecast.stopped_by})."
    )
    for item in result.secondary.values():
        model = item.model
        if model.kind == "constant":
            how = f"a constant {item.ratio_name} of {model.c * item.display_factor:,.4g} {item.ratio_unit}"
        else:
            how = (
                f"a {item.ratio_name} power law (c {model.c * item.display_factor:,.4g} "
                f"{item.ratio_unit} at {model.t0:.0f} d, slopes {model.m0:.3g} then {model.m:.3g})"
            )
        text += (
            f" {item.phase.capitalize()} follows the {result.phase} forecast through {how}: "
            f"EUR {fmt(item.eur)} {'mcf' if item.phase == 'gas' else 'bbl'}."
        )
        if item.note:
            text += f" ({item.note})"
    if result.uncertainty:
        u = result.uncertainty
        text += (
            f" EUR P10 / P50 / P90: {fmt(u['eur']['p10'])} / {fmt(u['eur']['p50'])} / "
            f"{fmt(u['eur']['p90'])} {result.unit} ({u['method_text']})."
        )
    if result.hindcast:
        h = result.hindcast
        if h.get("ok"):
            text += (
                f" Hindcast without the last {h['months']} months: cumulative error "
                f"{h['cum_error_pct']:+.1f}%, monthly MAPE {fmt(h['mape_pct'], 1)}%."
            )
        else:
            text += f" No hindcast: {h.get('error')}."
    return text


def many_wells(results: list[WellResult]) -> str:
    fitted = [r for r in results if r.ok]
    unit = fitted[0].unit
    counts: dict[str, int] = {}
    for r in fitted:
        counts[r.family] = counts.get(r.family, 0) + 1
    mix = ", ".join(
        f"{n} {MODEL_NAMES.get(k, k)}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    eurs = np.array([r.eur for r in fitted])
    text = (
        f"Fitted {len(fitted)} wells ({mix}). Total EUR {fmt(eurs.sum())} {unit}; per well "
        f"median {fmt(np.median(eurs))} {unit}, P10 {fmt(np.percentile(eurs, 90))}, P90 "
        f"{fmt(np.percentile(eurs, 10))} (across wells; P10 the high case)."
    )
    hindcasts = [r.hindcast for r in fitted if r.hindcast and r.hindcast.get("ok")]
    if hindcasts:
        errors = [h["cum_error_pct"] for h in hindcasts if h["cum_error_pct"] is not None]
        mapes = [h["mape_pct"] for h in hindcasts if h["mape_pct"] is not None]
        text += (
            f" Hindcast of {len(hindcasts)} wells without their last {hindcasts[0]['months']} "
            f"months: median cumulative error {np.median(errors):+.1f}%, median monthly MAPE "
            f"{np.median(mapes):.1f}% (per well in the summary table)."
        )
    return text


def type_curve_sentence(curve: TypeCurve, unit: str) -> str:
    per = " per 1,000 ft of lateral" if curve.normalised else ""
    volume = f"{unit}{'/1,000 ft' if curve.normalised else ''}"
    text = (
        f"Type curve ({curve.group}, {len(curve.wells)} wells aligned at peak{per}): EUR "
        f"P10 {fmt(curve.eur['p10'])}, P50 {fmt(curve.eur['p50'])}, P90 {fmt(curve.eur['p90'])} "
        f"{volume} over {len(curve.months)} months; the wells' own EURs: P10 "
        f"{fmt(curve.well_eur['p10'])}, P50 {fmt(curve.well_eur['p50'])}, P90 "
        f"{fmt(curve.well_eur['p90'])}."
    )
    fit = curve.fits.get("p50")
    if fit:
        text += f" The P50 curve is fitted by a {MODEL_NAMES.get(fit['family'], fit['family'])}."
    if curve.excluded:
        text += f" Left out (no lateral length): {', '.join(curve.excluded[:10])}."
    return text
