"""Answers to decline questions: an inline forecast ("800 bbl/d declining 25% a year") or a
fit of an uploaded history, to an economic limit or a horizon.

Horizon and limit: with an economic limit and no horizon asked, the forecast
runs to the limit, at most ``MAX_HORIZON_YEARS`` (said in the answer); with
neither, it runs for the tool's default horizon, named as a default.
"""

from __future__ import annotations

import math
import re
from typing import Any

from agents.builtin import fmt
from agents.builtin.bind_production import Rate
from agents.builtin.work import AskBack, Work, file_name, is_table, read_frame, writer
from agents.tools.production import (
    DAYS_PER_YEAR,
    DEFAULT_HORIZON_YEARS,
    DeclineModel,
    find_well_column,
)

MAX_HORIZON_YEARS = 100.0  # the production tools' longest horizon

UPLOAD_PRODUCTION_HINT = (
    "Upload a production file first (CSV or Excel with a date column and an oil or gas "
    "rate or volume column, one row per month or day; a well column if it holds several wells)."
)

TOOL_CONVENTIONS = {
    "nominal": "nominal",
    "tangent": "tangent_effective",
    "secant": "secant_effective",
}

_CONVENTION_NAMES = {
    "nominal": "nominal (instantaneous)",
    "tangent_effective": "tangent-effective (the fraction an exponential loses over the period, 1 - e^-D)",
    "secant_effective": "secant-effective (the real drop of the curve over the period, petbox-dca's Di)",
}


def horizon_for(work: Work, *, has_limit: bool) -> float:
    """The horizon to forecast over: the one asked, else to the limit (at most
    ``MAX_HORIZON_YEARS``), else the tool's default; recorded as an input."""
    asked = work.params.get("years")
    if asked:
        return float(asked)
    if has_limit:
        return work.default(
            "horizon_years",
            MAX_HORIZON_YEARS,
            label="Horizon",
            unit="yr",
            why=f"no horizon asked: the forecast runs to the economic limit, at most "
            f"{MAX_HORIZON_YEARS:g} years",
        )
    return work.default(
        "horizon_years",
        DEFAULT_HORIZON_YEARS,
        label="Horizon",
        unit="yr",
        why="no economic limit or horizon given; say e.g. 'economic limit 5 bbl/d' to forecast "
        "to a limit, or 'over 50 years'",
    )


def _forecast_tool(params: dict[str, Any]) -> str:
    # A forecast of an uploaded history starts with a fit.
    return "forecast_decline" if params.get("rate") is not None else "fit_decline"


@writer("forecast_decline", tool=_forecast_tool, job="forecasts production declines")
def forecast(work: Work) -> str:
    p = work.params
    rate: Rate | None = p.get("rate")
    if rate is None:
        inline = p.get("decline") is not None or p.get("b") is not None
        if inline and not any(r.type == "userinput" and is_table(r) for r in work.rows()):
            # Decline figures but no starting rate and nothing to fit: ask for the rate.
            given = p["decline"].stated if p.get("decline") else f"b of {p['b']:g}"
            raise AskBack(
                f"To forecast from {given!r} I also need the initial rate, e.g. 'a well at "
                "800 bbl/d' or 'qi 2.5 MMcf/d'; or upload a production history and I will fit "
                "the decline to it."
            )
        return fit(work)
    decline = p.get("decline")
    if decline is None:
        raise AskBack(
            f"To forecast a well starting at {fmt.num(rate.value)} {rate.unit} I also need its "
            "initial decline, e.g. 'declining 25% a year' (effective) or 'nominal 0.3 per "
            "year', and optionally a b-factor ('b of 0.9') and an economic limit "
            "('economic limit 10 bbl/d')."
        )
    b = p.get("b")
    model_word = p.get("model")
    if b is None:
        if model_word in {"hyperbolic", "modified_hyperbolic"}:
            raise AskBack(
                "A hyperbolic decline needs its b-factor: say e.g. 'b of 0.9' (0 is "
                "exponential, 1 harmonic)."
            )
        b = work.default(
            "b",
            1.0 if model_word == "harmonic" else 0.0,
            label="b-factor",
            why="harmonic named, so b = 1"
            if model_word == "harmonic"
            else "no b-factor given, so the decline is exponential (b = 0)",
        )
    convention = TOOL_CONVENTIONS[decline.convention]
    if convention != "nominal" and decline.value >= 1.0:
        raise AskBack(
            f'The decline "{decline.stated}" is {decline.shown()} {_CONVENTION_NAMES[convention]}, '
            "but an effective decline is the fraction of the rate lost over the period and "
            "must be below 100%. A shale well's 150%/yr is a nominal decline: say e.g. "
            "'150%/yr nominal'."
        )
    phase = rate.phase if rate.phase in {"oil", "gas", "boe"} else "oil"
    unit = {"oil": "bbl", "gas": "mcf", "boe": "BOE"}[phase]
    limit = p.get("economic_limit")
    limit_value = None
    if limit is not None:
        limit_value = limit.value
        if limit.unit and limit.unit.split("/")[0].lower() != unit.lower():
            raise AskBack(
                f"The economic limit is in {limit.unit} but the well's rate is in {unit}/d; "
                f"give the limit in {unit}/d."
            )
        if limit_value >= rate.value:
            raise AskBack(
                f"The economic limit ({fmt.num(limit_value, 1)} {unit}/d) is not below the "
                f"initial rate ({fmt.num(rate.value, 1)} {unit}/d), so there is nothing to "
                "forecast: check which figure is the starting rate and which the limit."
            )
    horizon = horizon_for(work, has_limit=limit_value is not None)
    terminal = p.get("terminal_decline")
    if terminal and b <= 0:
        work.skip(
            "terminal_decline",
            "a terminal decline applies to a hyperbolic curve (b > 0); this one is exponential",
        )
    at_years = p.get("at_years")
    if not at_years:
        at_years = work.default(
            "at_years", [1.0], label="Report at", unit="yr", why="no time asked: year 1 shown"
        )
    if not decline.named:
        work.assume(
            f'The decline "{decline.stated}" is read as {_CONVENTION_NAMES[convention]}'
            + (
                f" ({decline.why})"
                if decline.why
                else " (a percentage with no convention named is taken as secant-effective)"
                if convention == "secant_effective"
                else ""
            )
            + "."
        )
    terminal_convention = TOOL_CONVENTIONS[p.get("terminal_convention") or "tangent"]
    well = p.get("well")
    _skip_fit_only(work)
    segments = None
    refrac = p.get("refrac")
    if refrac is not None:
        part: dict[str, Any] = {"start_month": refrac.month, "b": b}
        if refrac.qi is not None:
            part["qi"] = refrac.qi
            part["decline"] = decline.value
            work.assume(
                f"The re-frac at month {refrac.month:g} restarts the decline at "
                f"{fmt.num(refrac.qi, 1)} {unit}/d with the initial decline "
                f"({decline.shown()} {_CONVENTION_NAMES[convention].split(' (')[0]}) and b = {b:g}."
            )
        segments = [part]
    secondary = {}
    for name, argument, primary in (
        ("gor", "gor_scf_per_bbl", "oil"),
        ("yield", "yield_bbl_per_mmcf", "gas"),
        ("water_ratio", "water_ratio", None),
    ):
        value = p.get(name)
        if value is None:
            continue
        if primary is not None and phase != primary:
            work.skip(name, f"it applies to an {primary} forecast and this one is {phase}")
            continue
        secondary[argument] = value
    result = work.call(
        "forecast_decline",
        qi=rate.value,
        decline=decline.value,
        decline_convention=convention,
        decline_period=decline.period,
        b=b,
        dlim=terminal if terminal and b > 0 else None,
        dlim_convention=terminal_convention if terminal and b > 0 else None,
        phase=phase,
        economic_limit=limit_value,
        horizon_years=horizon,
        at_years=at_years,
        flat_months=p.get("flat_months"),
        segments=segments,
        start_date=p.get("start_date"),
        **secondary,
    )
    return _forecast_text(
        result,
        shown_in=p.get("volume_units"),
        rate=rate,
        decline=decline,
        convention=convention,
        b=b,
        unit=unit,
        limit_value=limit_value,
        horizon=horizon,
        well=well,
    )


def _forecast_text(
    result, *, rate, decline, convention, b, unit, limit_value, horizon, well=None, shown_in=None
) -> str:
    params = result.get("parameters", {})
    di = params.get("di", {})
    model = str(params.get("model", "")).replace("_", " ")
    through = (
        " (converted to a year through the hyperbolic equation over one month, not by compounding)"
        if decline.period == "month" and convention != "nominal" and b > 0
        else ""
    )
    lines = [
        f"**{model.capitalize()} decline**"
        + (f" of {well}" if well else "")
        + f" from {fmt.num(rate.value, 1)} {unit}/d (Arps, b = {float(params.get('b', b)):g}).",
        "",
        f'- Decline "{decline.stated}" = {decline.shown()} **{_CONVENTION_NAMES[convention]}**'
        f"{through}.",
        f"- In the other conventions: {di.get('nominal', 0):.4g}/yr nominal, "
        f"{fmt.pct(di.get('tangent_effective'))}/yr tangent-effective, "
        f"{fmt.pct(di.get('secant_effective'))}/yr secant-effective.",
    ]
    if "dlim" in params:
        lines.append(
            f"- Terminal decline {fmt.pct(params['dlim'].get('tangent_effective'))}/yr "
            f"tangent-effective (= secant-effective for its exponential tail; "
            f"{params['dlim'].get('nominal', 0):.4g}/yr nominal), reached after "
            f"{params.get('switch_years', 0):.1f} years (modified hyperbolic)."
        )
    horizon_text = f"{horizon:g}-year horizon"
    if limit_value is not None:
        lines.append(
            f"- The forecast stops at the economic limit of {fmt.num(limit_value, 1)} {unit}/d "
            f"or at the end of the {horizon_text}, whichever comes first."
        )
    else:
        lines.append(
            f"- No economic limit given: the forecast runs for the {horizon_text} "
            "(say e.g. 'economic limit 5 bbl/d' to stop at a rate)."
        )
    years_out = float(result.get("years") or 0)
    stopped = str(result.get("stopped_by", ""))
    body = []
    for point in result.get("at") or []:
        when = float(point.get("years", 0))
        beyond = " (after the forecast ends)" if when > years_out + 1e-9 else ""
        body.append(
            [f"rate after {fmt.span(when)}", f"{fmt.num(point.get('rate'), 1)} {unit}/d{beyond}"]
        )
        body.append(
            [
                "cumulative in year 1"
                if abs(when - 1) < 1e-9
                else f"cumulative after {fmt.span(when)}",
                fmt.volume(point.get("cumulative"), unit, shown_in),
            ]
        )
    eur_label = (
        f"EUR (to {fmt.num(limit_value, 1)} {unit}/d)"
        if limit_value is not None and stopped == "economic limit"
        else f"EUR (over {fmt.span(years_out)})"
    )
    body += [
        [eur_label, fmt.volume(result.get("eur"), unit, shown_in)],
        ["forecast length", f"{years_out:.2f} years ({years_out * 12:.1f} months)"],
        ["stopped by", stopped],
        ["final rate", f"{fmt.num(result.get('final_rate'), 1)} {unit}/d"],
    ]
    lines += [""]
    if limit_value is not None and stopped == "economic limit":
        lines += [
            f"The rate reaches the economic limit of {fmt.num(limit_value, 1)} {unit}/d after "
            f"**{years_out:.2f} years** ({years_out * 12:.1f} months); the cumulative by then "
            f"(EUR) is **{fmt.volume(result.get('eur'), unit, shown_in)}**.",
            "",
        ]
    elif limit_value is not None:
        reach = _years_to_rate(params, limit_value)
        lines += [
            f"The rate does **not** reach the economic limit of {fmt.num(limit_value, 1)} "
            f"{unit}/d within the {horizon_text}: it is still "
            f"{fmt.num(result.get('final_rate'), 1)} {unit}/d at the end, and the EUR below is "
            "the volume to the horizon."
            + (
                f" On this curve it would reach the limit after {reach:.1f} years; ask for "
                f"'a {math.ceil(reach):g}-year horizon' to run it that far."
                if reach is not None and reach <= MAX_HORIZON_YEARS
                else f" On this curve it would take more than {MAX_HORIZON_YEARS:g} years to "
                "get there."
            ),
            "",
        ]
    for other, value in (result.get("secondary_eur") or {}).items():
        other_unit = "mcf" if other == "gas" else "bbl"
        body.append([f"{other} EUR (constant ratio)", fmt.volume(value, other_unit, shown_in)])
    lines.append(fmt.table(["result", "value"], body))
    if result.get("forecast_rowid"):
        lines += ["", f"The monthly forecast is saved as row {result['forecast_rowid']}."]
    return "\n".join(lines)


def _years_to_rate(params: dict[str, Any], rate: float) -> float | None:
    """When the forecast tool's curve (its returned parameters) reaches ``rate``, in years."""
    try:
        model = DeclineModel(
            kind=str(params["model"]),
            qi=float(params["qi"]),
            d=float(params["di"]["nominal"]),
            b=float(params.get("b") or 0.0),
            dlim=float((params.get("dlim") or {}).get("nominal") or 0.0),
        )
        days = model.time_at_rate(rate)
    except (KeyError, TypeError, ValueError):
        return None
    return days / DAYS_PER_YEAR if math.isfinite(days) else None


def file_wells(row) -> list[str]:
    """The names in an upload's well column (none when it has no such column)."""
    frame = read_frame(row)
    if frame is None:
        return []
    column = find_well_column(frame, None)
    return [] if column is None else [str(v) for v in frame[column].dropna().unique()]


def well_in_file(work: Work, row) -> str | None:
    """A well of the upload's well column named in the question, however it is written
    ("EUR for hawkins 2h"); binds the name's span. None when none is named."""
    best = well_named(work.intent.text, file_wells(row))
    if best is None:
        return None
    work.bind_span("well", best[2], (best[0], best[1]))
    return best[2]


def well_named(text: str, names) -> tuple[int, int, str] | None:
    """The longest of ``names`` that ``text`` names, however it is written ("hawkins 2h",
    "Hawkins_2H", "Smith #3H" for Smith 3H), as (start, end, name); None when it names none."""
    best: tuple[int, int, str] | None = None
    for name in {str(v).strip() for v in names}:
        if not name:
            continue
        words = r"[\s_#-]*".join(re.escape(part) for part in re.split(r"[\s_#-]+", name))
        m = re.search(rf"(?<![\w]){words}(?![\w])", text, re.IGNORECASE)
        if m and (best is None or m.end() - m.start() > best[1] - best[0]):
            best = (m.start(), m.end(), name)
    return best


FIT_ONLY = (
    ("b_bounds", "bounds on b apply to a fit of a production history; this forecast's b is given"),
    ("fit_start", "where a fit starts applies to a production history; none is fitted here"),
    ("exclude_months", "months are left out of a fit of a production history; none is fitted here"),
    (
        "uncertainty",
        "P10/P50/P90 come from fitting a production history (upload one); a forecast "
        "from stated parameters has no fit to vary",
    ),
    ("samples", "uncertainty samples apply to a fit of a production history"),
    (
        "hindcast",
        "a hindcast refits a production history without its last months; none is fitted here",
    ),
    ("lateral", "per 1,000 ft of lateral applies to type curves from a production history"),
)


def _skip_fit_only(work: Work) -> None:
    for name, why in FIT_ONLY:
        if work.intent.found.get(name) is not None and work.intent.found[name].spans:
            work.params.get(name)
            work.skip(name, why)


def _models_argument(chosen: Any) -> dict[str, Any]:
    """The fit_decline arguments for the model family asked for."""
    if chosen in ("best", "all"):
        return {"model": chosen}
    if isinstance(chosen, list) and len(chosen) == 1:
        return {"model": chosen[0]}
    if isinstance(chosen, list) and chosen:
        return {"models": chosen}
    return {}


def _column_like(frame, word: str) -> str | None:
    """The frame's column a word names ("county" -> "County", "formation" -> "target_formation")."""
    word = word.strip().lower().replace(" ", "_")
    names = [str(c) for c in frame.columns]
    for name in names:
        if name.lower() == word:
            return name
    for name in names:
        if word in name.lower().replace(" ", "_"):
            return name
    return None


def _type_curve_arguments(work: Work, row, ask) -> dict[str, Any]:
    """type_curve_* arguments: a group column named in the question, or a value of one of
    the file's text columns ("the Karnes county wells"), bound by its span."""
    out: dict[str, Any] = {"type_curve": True}
    frame = read_frame(row)
    if frame is None:
        return out
    if ask.group_by:
        if ask.group_by == "first_production_year":
            out["type_curve_group_by"] = "first_production_year"
        else:
            column = _column_like(frame, ask.group_by)
            if column is not None:
                out["type_curve_group_by"] = column
    well_column = find_well_column(frame, None)
    text = work.intent.text
    best: tuple[int, int, str, Any] | None = None
    for column in frame.columns:
        if column == well_column or column == out.get("type_curve_group_by"):
            continue
        series = frame[column]
        if series.dtype.kind in "biufcM" or series.nunique(dropna=True) > 200:
            continue
        for value in series.dropna().unique():
            name = str(value).strip()
            if len(name) < 2 or re.fullmatch(r"[\d.\-/: ]+", name):
                continue
            words = r"[\s_-]*".join(re.escape(part) for part in re.split(r"[\s_-]+", name))
            m = re.search(rf"(?<![\w]){words}(?![\w])", text, re.IGNORECASE)
            if m and (best is None or m.end() - m.start() > best[1] - best[0]):
                best = (m.start(), m.end(), str(column), value)
    if best is not None:
        start, end, column, value = best
        out["type_curve_filter_column"] = column
        out["type_curve_filter_value"] = value.item() if hasattr(value, "item") else value
        work.bind_span("type_curve_filter", f"{column} = {value}", (start, end))
    return out


@writer("fit_decline", tool="fit_decline", job="fits decline curves")
def fit(work: Work) -> str:
    p = work.params
    row = work.pick_upload(kind="production", hint=UPLOAD_PRODUCTION_HINT)
    type_curve = p.get("type_curve")
    well = None if type_curve else (well_in_file(work, row) or p.get("well"))
    limit = p.get("economic_limit")
    models = _models_argument(p.get("models"))
    terminal = p.get("terminal_decline")
    phase = p.get("phase") if p.get("phase") in {"oil", "gas", "boe", "water"} else None
    for name, why in (
        ("rate", "a fit reads the initial rate from the history"),
        ("decline", "a fit reads the decline from the history"),
        (
            "b",
            "a fit reads the b-factor from the history (bound it with e.g. 'b between 0.5 "
            "and 1.2')",
        ),
        ("at_years", "a fit reports EUR and the per-well parameters"),
        ("gor", "a fit reads the GOR from the history (say 'gas following the oil by GOR')"),
        ("yield", "a fit reads the yield from the history"),
        ("water_ratio", "a fit reads the water ratio from the history"),
        ("flat_months", "a fit finds a flat period in the history itself"),
        ("refrac", "a fit finds re-fracs in the history itself"),
    ):
        if p.get(name) is not None:
            work.skip(name, why)
    bounds = p.get("b_bounds")
    hindcast = p.get("hindcast")
    horizon = horizon_for(work, has_limit=limit is not None)
    fit_start = p.get("fit_start")
    arguments: dict[str, Any] = {
        "rowid": row.rowid,
        "phase": phase,
        "well": well,
        **models,
        "b_min": bounds.low if bounds else None,
        "b_max": bounds.high if bounds else None,
        "dlim": terminal,
        "dlim_convention": TOOL_CONVENTIONS[p.get("terminal_convention") or "tangent"]
        if terminal
        else None,
        "fit_start": fit_start,
        "exclude_months": p.get("exclude_months"),
        "segments": p.get("segments"),
        "normalise_on_time": p.get("normalise_on_time"),
        "secondary": p.get("secondary"),
        "ratio_model": p.get("ratio_model") if p.get("secondary") else None,
        "uncertainty": p.get("uncertainty"),
        "samples": p.get("samples") if p.get("uncertainty") else None,
        "hindcast": True if hindcast is not None else None,
        "hindcast_months": hindcast or None,
        "diagnostics": p.get("diagnostics"),
        "export": p.get("export"),
        "economic_limit": limit.value if limit else None,
        "horizon_years": horizon,
    }
    if type_curve:
        arguments.update(_type_curve_arguments(work, row, type_curve))
        lateral = p.get("lateral")
        if lateral is not None:
            arguments["normalise_lateral"] = lateral
    elif p.get("lateral") is not None:
        work.skip("lateral", "per 1,000 ft of lateral applies to type curves; ask for one")
    if p.get("samples") is not None and not p.get("uncertainty"):
        work.skip("samples", "samples apply to P10/P50/P90 uncertainty, which was not asked")
    result = work.call("fit_decline", **arguments)
    return _fit_text(work, row, result, well=well, limit=limit, horizon=horizon)


def _fit_text(work: Work, row, result: dict[str, Any], *, well, limit, horizon) -> str:
    unit = result.get("unit", "")
    shown_in = work.params.get("volume_units")
    phase = result.get("phase", "")
    wells = result.get("wells", [])
    models = result.get("inputs") and next(
        (i for i in result["inputs"] if i.get("name") == "models"), None
    )
    fitted = str(
        (models or {}).get("value") or "exponential, harmonic, hyperbolic, modified hyperbolic"
    ).replace("_", " ")
    lines = [
        f"**Decline fit of {phase} in row {row.rowid}** (`{file_name(row)}`)"
        + (f", well {well}" if well else "")
        + ".",
        "",
        f"Method: {fitted} fitted by bounded least squares on log rate from the fit start "
        "(the peak, or the one asked); the best model has the lowest AIC (near-ties go to a "
        "terminal decline, then the simpler model). Declines are per year and given in all "
        "three conventions (nominal, tangent-effective, secant-effective); EUR = produced + "
        "forecast volume.",
        "",
    ]
    body = []
    for w in wells:
        body.append(
            [
                str(w.get("well") or "-"),
                str(w.get("model", "")).replace("_", " "),
                f"{fmt.num(w.get(f'qi_{unit}_d'), 1)} {unit}/d",
                f"{float(w.get('di_nominal_per_yr') or 0):.3f}/yr"
                if w.get("di_nominal_per_yr") is not None
                else "-",
                fmt.pct(w.get("di_secant_effective"))
                if w.get("di_secant_effective") is not None
                else "-",
                f"{float(w.get('b') or 0):.2f}" if w.get("b") is not None else "-",
                fmt.pct(w.get("dmin_tangent_effective"))
                if w.get("dmin_tangent_effective")
                else "-",
                fmt.volume(w.get(f"eur_{unit}"), unit, shown_in),
                str(w.get("stopped_by", "")),
            ]
        )
    lines.append(
        fmt.table(
            [
                "well",
                "model",
                "qi",
                "Di nominal",
                "Di secant-eff.",
                "b",
                "Dmin tangent-eff.",
                "EUR",
                "stopped by",
            ],
            body,
        )
    )
    total_wells = int(result.get("wells_total") or len(wells))
    if total_wells > 1:
        total = sum(float(w.get(f"eur_{unit}") or 0) for w in wells)
        shown = "" if total_wells == len(wells) else f" (the first {len(wells)} listed)"
        lines += [
            "",
            f"Total EUR of the {len(wells)} wells{shown}: **{fmt.volume(total, unit, shown_in)}**.",
        ]
    lines += _secondary_lines(wells, shown_in)
    lines += _uncertainty_lines(result, unit, shown_in)
    lines += _hindcast_lines(result)
    lines += _type_curve_lines(result, unit, shown_in)
    if limit is not None:
        lines += [
            "",
            f"Each well is forecast to the economic limit of {fmt.num(limit.value, 1)} {unit}/d, "
            f"at most {horizon:g} years after its last history month.",
        ]
    else:
        lines += [
            "",
            f"No economic limit given: each well is forecast {horizon:g} years after its last "
            "history month.",
        ]
    for note in result.get("notes") or []:
        lines.append(f"- Note: {note}")
    if result.get("failures"):
        lines.append("Not fitted: " + "; ".join(result["failures"]))
    lines += fmt.saved_rows(
        result,
        [
            ("forecast_rowid", "the forecast table is saved as row"),
            ("summary_rowid", "the per-well summary as row"),
            ("chart_rowid", "the chart as row"),
            ("uncertainty_rowid", "the P10/P50/P90 forecast as row"),
            ("fan_chart_rowid", "its fan chart as row"),
            ("type_curve_rowid", "the type curves as row"),
            ("type_curve_chart_rowid", "the type-curve fan chart as row"),
            (
                "diagnostics_rowid",
                "the diagnostic charts (rate vs time, rate vs cumulative, "
                "b-factor, log-log) as row",
            ),
            ("export_rowid", "the forecast parameters (one row per well and phase, CSV) as row"),
        ],
    )
    return "\n".join(lines)


def _secondary_lines(wells: list[dict[str, Any]], shown_in: dict | None = None) -> list[str]:
    out = []
    for w in wells:
        for key, value in w.items():
            m = re.fullmatch(r"eur_(gas|oil|water)_(mcf|bbl)", key)
            if m and value is not None:
                ratio = next((v for k, v in w.items() if k.endswith("_model") and v), "")
                out.append(
                    f"- {w.get('well') or 'The well'}: {m.group(1)} follows the forecast "
                    f"through its ratio ({ratio}); {m.group(1)} EUR "
                    f"{fmt.volume(value, m.group(2), shown_in)}."
                )
    return ["", *out] if out else []


def _uncertainty_lines(
    result: dict[str, Any], unit: str, shown_in: dict | None = None
) -> list[str]:
    u = result.get("uncertainty")
    if not u:
        return []
    out = ["", f"**Uncertainty** ({u.get('method')}). {u.get('convention')}."]
    for name, eur in (u.get("eur") or {}).items():
        out.append(
            f"- {name}: EUR P10 {fmt.volume(eur.get('p10'), unit, shown_in)} / "
            f"P50 {fmt.volume(eur.get('p50'), unit, shown_in)} / "
            f"P90 {fmt.volume(eur.get('p90'), unit, shown_in)}"
        )
    return out


def _hindcast_lines(result: dict[str, Any]) -> list[str]:
    h = result.get("hindcast")
    if not h:
        return []
    out = [
        "",
        "**Hindcast** (refitted without the last months, then compared with them: cumulative "
        "error = forecast / actual - 1 over the held-out months; MAPE = mean of |monthly "
        "error|).",
    ]
    for name, item in h.items():
        if item.get("ok"):
            out.append(
                f"- {name}: held out {item.get('months')} months, cumulative error "
                f"{float(item.get('cum_error_pct') or 0):+.2f}% ({fmt.num(item.get('cum_forecast'))}"
                f" forecast vs {fmt.num(item.get('cum_actual'))} actual), monthly MAPE "
                f"{float(item.get('mape_pct') or 0):.2f}%"
            )
        else:
            out.append(f"- {name}: no hindcast ({item.get('error')})")
    return out


def _type_curve_lines(result: dict[str, Any], unit: str, shown_in: dict | None = None) -> list[str]:
    curves = result.get("type_curves")
    if not curves:
        return []
    out = [
        "",
        "**Type curves** (wells aligned at their peak; P10 is the high case, the 90th "
        "percentile of the wells' rates month by month; P90 the low case):",
    ]
    for c in curves:
        per = "/1,000 ft" if c.get("normalised_per_1000ft") else ""
        eur = c.get("eur") or {}
        out.append(
            f"- {c.get('group')} ({c.get('wells')} wells"
            + (", per 1,000 ft of lateral" if c.get("normalised_per_1000ft") else "")
            + f"): EUR P10 {fmt.volume(eur.get('p10'), unit, shown_in)}{per} / "
            f"P50 {fmt.volume(eur.get('p50'), unit, shown_in)}{per} / "
            f"P90 {fmt.volume(eur.get('p90'), unit, shown_in)}{per}"
        )
    return out
