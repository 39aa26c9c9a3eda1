"""The builtin agent's domain brain: question -> tools -> a written answer.

``answer`` reads the question with ``agents.builtin.parse``, picks the
running-table row it is about, calls the agent's registered tools (never
re-implementing their calculations) and writes a Markdown answer that names
the method, the assumptions, the results with units and the rows it saved.
When figures are missing it asks for exactly those; when the question needs
a tool this agent lacks, it names the agent that has it.

Synchronous: the runner calls it in a worker thread. Deterministic: the same
question on the same data gives the same text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from agents.builtin.parse import Intent, Rate, normalise, parse_question
from agents.tools.production import DEFAULT_HORIZON_YEARS
from agents.tools.registry import Tool, ToolContext, ToolError, get_tool

# Which tool answers each kind of question (the first one is the one checked
# against the agent's tool list).
_TOOLS_FOR_KIND = {
    "describe_table": "describe_table",
    "preview_table": "preview_table",
    "fit_decline": "fit_decline",
    "forecast_decline": "forecast_decline",
    "cash_flow_economics": "cash_flow_economics",
    "npv_irr": "npv_irr",
    "emissions_inventory": "emissions_inventory",
    "carbon_price_impact": "carbon_price_impact",
    "chart_row": "chart_row",
}

# What each tool does, for "switch to the X Agent" answers.
_TOOL_JOBS = {
    "describe_table": "describes uploaded tables",
    "preview_table": "previews uploaded tables",
    "fit_decline": "fits decline curves",
    "forecast_decline": "forecasts production declines",
    "cash_flow_economics": "runs cash-flow economics",
    "npv_irr": "computes NPV and IRR",
    "emissions_inventory": "computes emissions inventories",
    "carbon_price_impact": "computes the effect of a carbon price",
    "chart_row": "draws charts",
}

_DEFAULT_DISCOUNT = 0.10
_UPLOAD_PRODUCTION_HINT = (
    "Upload a production file first (CSV or Excel with a date column and an oil or gas "
    "rate or volume column, one row per month or day; a well column if it holds several wells)."
)
_UPLOAD_EMISSIONS_HINT = (
    "Upload an activity file first (CSV or Excel with a source or fuel column, a quantity "
    "and its unit: e.g. flared gas in mcf, diesel in gallons, purchased power in MWh), or "
    "give the figures inline: 'we flared 12,000 mcf and burned 30,000 gallons of diesel'."
)


class _Answer(Exception):
    """Raised inside a handler to answer early (a question, a refusal)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def answer(question: str, *, agent, ctx: ToolContext, history) -> str | None:
    """The Markdown answer to ``question``, or None when it is not a domain question."""
    intent = parse_question(question, list(history or []))
    if intent is None:
        return None
    tool_name = _TOOLS_FOR_KIND[intent.kind]
    if intent.kind == "forecast_decline" and intent.params.get("rate") is None:
        tool_name = "fit_decline"  # a forecast of an uploaded history starts with a fit
    allowed = list(getattr(agent, "tools", None) or [])
    if tool_name not in allowed:
        return _switch_agent(tool_name, agent)
    handler = _HANDLERS[intent.kind]
    try:
        return handler(intent, agent=agent, ctx=ctx)
    except _Answer as early:
        return early.text
    except ToolError as exc:
        return f"I could not finish that: {exc}"


# --- plumbing -------------------------------------------------------------------------


def _switch_agent(tool_name: str, agent) -> str:
    from agents.models import Agent

    job = _TOOL_JOBS.get(tool_name, f"has the {tool_name} tool")
    others = [
        a.label
        for a in Agent.objects.filter(is_active=True).order_by("position", "id")
        if tool_name in (a.tools or []) and a.pk != getattr(agent, "pk", None)
    ]
    if others:
        names = " or the ".join(others)
        return (
            f"The {names} {job}; I ({agent.label}) do not have that tool. "
            f"Switch to the {others[0]} in the agent picker and ask again."
        )
    return (
        f"None of the active agents {job}; ask an administrator to give one the `{tool_name}` tool."
    )


def _tool(name: str) -> Tool:
    found = get_tool(name)
    if found is None:
        raise _Answer(f"The `{name}` tool is not installed on this server.")
    return found


def _call(ctx: ToolContext, name: str, **arguments: Any) -> dict[str, Any]:
    """Call tool ``name`` with the arguments its schema knows (None values left out)."""
    found = _tool(name)
    known = set((found.parameters or {}).get("properties", {}))
    args = {k: v for k, v in arguments.items() if v is not None and (not known or k in known)}
    return found(ctx, **args)


def _rows(ctx: ToolContext) -> list:
    """The conversation's rows, newest first."""
    return list(ctx.conversation.rows.order_by("-rowid"))


def _is_table(row) -> bool:
    from files.tables import is_table_name

    return bool(row.file) and is_table_name(row.original_name or row.file.name)


def _columns(row) -> list[str]:
    """The column names of a table row (empty when it cannot be read)."""
    from files.tables import TableReadError, read_stored_table

    try:
        name = row.original_name or row.file.name
        return [str(c) for c in read_stored_table(row.file.name, name, nrows=5).columns]
    except (OSError, TableReadError, ValueError):
        return []


def _words(columns: list[str]) -> str:
    from agents.tools.common import normalise as column_words

    return " | ".join(column_words(c) for c in columns)


_PRODUCTION_COLUMNS = re.compile(
    r"\b(?:oil|gas|boe|bopd|bpd|mcf\w*|bbls?|rate|prod\w*|volume|condensate)\b"
)
_DATE_COLUMNS = re.compile(r"\b(?:date|month|period|day|time|year)\b")
_EMISSIONS_COLUMNS = re.compile(
    r"\b(?:source|activity|fuel|emission\w*|flar\w*|vent\w*|diesel|kwh|mwh|electric\w*|co2\w*|scope|category)\b"
)


def _explicit_row(ctx: ToolContext, rowid: int | None):
    if rowid is None:
        return None
    for row in _rows(ctx):
        if row.rowid == rowid:
            return row
    existing = ", ".join(str(r.rowid) for r in reversed(_rows(ctx))) or "none yet"
    raise _Answer(f"This conversation has no row {rowid} (rows: {existing}).")


def _pick_upload(ctx: ToolContext, intent: Intent, *, kind: str, hint: str):
    """The row a file question is about: the explicit "row N", else the newest fitting table.

    ``kind`` is "any", "production" or "emissions": the newest uploaded table
    whose columns look like that kind wins; failing that, the newest table.
    """
    explicit = _explicit_row(ctx, intent.params.get("row"))
    if explicit is not None:
        return explicit
    tables = [r for r in _rows(ctx) if _is_table(r)]
    uploads = [r for r in tables if r.type == "userinput"]
    if kind == "any":
        if uploads or tables:
            return (uploads or tables)[0]
        raise _Answer(
            "There is no uploaded table in this conversation yet. Upload a CSV or Excel file "
            "first, then ask again."
        )
    for row in uploads:
        words = _words(_columns(row))
        if (
            kind == "production"
            and _PRODUCTION_COLUMNS.search(words)
            and _DATE_COLUMNS.search(words)
        ):
            return row
        if kind == "emissions" and _EMISSIONS_COLUMNS.search(words):
            return row
    raise _Answer(hint)


def _newest_output(ctx: ToolContext, pattern: str):
    """The newest table row (a tool's output, not a chart) whose description matches ``pattern``."""
    rx = re.compile(pattern, re.IGNORECASE)
    for row in _rows(ctx):
        if row.type not in {"userinput", "chart"} and rx.search(row.description or ""):
            return row
    return None


def _num(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{float(value):,.{digits}f}"


def _money(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    v = float(value)
    return f"{'-' if v < 0 else ''}${abs(v):,.{digits}f}"


def _pct(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{100 * float(value):.{digits}f}%"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _saved(*rowids: Any, what: str = "") -> str:
    ids = [str(r) for r in rowids if r]
    if not ids:
        return ""
    label = f"{what} " if what else ""
    if len(ids) == 1:
        return f"{label}saved as row {ids[0]}".strip()
    return f"{label}saved as rows {', '.join(ids[:-1])} and {ids[-1]}".strip()


def _saved_rows(result: dict, parts: list[tuple[str, str]]) -> list[str]:
    """The answer's closing "Saved: ..." lines for the rows a tool wrote.

    ``parts`` pairs a result key holding a rowid with the words before it.
    """
    saved = [f"{words} {result[key]}" for key, words in parts if result.get(key)]
    return ["", "Saved: " + ", ".join(saved) + "."] if saved else []


def _pick(result: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in result and result[key] is not None:
            return result[key]
    return None


# --- tables ----------------------------------------------------------------------------


def _describe(intent: Intent, *, agent, ctx: ToolContext) -> str:
    row = _pick_upload(ctx, intent, kind="any", hint="")
    result = _call(ctx, "describe_table", rowid=row.rowid)
    name = row.original_name or row.description
    lines = [
        f"**Row {row.rowid}** (`{name}`) holds **{result.get('rows', 0):,} rows** and "
        f"{len(result.get('columns', []))} columns."
    ]
    span = result.get("date_range")
    if span:
        lines.append(f"Dates (`{span['column']}`) run from {span['start']} to {span['end']}.")
    body = []
    for info in result.get("columns", []):
        if "min" in info and "max" in info:
            low, high = info["min"], info["max"]
            rng = (
                f"{low:,.4g} to {high:,.4g}"
                if isinstance(low, int | float) and isinstance(high, int | float)
                else f"{low} to {high}"
            )
        else:
            rng = ", ".join(map(str, info.get("examples", [])[:3]))
        body.append(
            [
                f"`{info['name']}`",
                info.get("kind") or info.get("dtype", ""),
                info.get("unit_guess") or "",
                rng,
                str(info.get("missing", 0)),
            ]
        )
    lines.append("")
    lines.append(_table(["column", "type", "unit (guessed)", "range / examples", "missing"], body))
    lines.append("")
    lines.append(
        "Method: the file is read as a table (separator and encoding detected); units are "
        "guessed from the column names, so tell me if one is wrong."
    )
    return "\n".join(lines)


def _preview(intent: Intent, *, agent, ctx: ToolContext) -> str:
    row = _pick_upload(ctx, intent, kind="any", hint="")
    n = intent.params.get("n") or 10
    result = _call(ctx, "preview_table", rowid=row.rowid, n=min(int(n), 50))
    columns = result.get("columns", [])
    records = result.get("rows", [])
    body = [["" if v is None else _cell(v) for v in record] for record in records]
    total = result.get("total_rows", len(records))
    head = f"The first {len(records)} of {total:,} rows of **row {row.rowid}** (`{row.original_name or row.description}`):"
    return head + "\n\n" + _table([f"`{c}`" for c in columns], body)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value).replace("|", "\\|")


# --- production --------------------------------------------------------------------------

_CONVENTION_NAMES = {
    "nominal": "nominal (instantaneous, per year)",
    "tangent_effective": "tangent-effective (fraction lost in a year, 1 - e^-D)",
    "secant_effective": "secant-effective (the real one-year drop of the curve, petbox-dca's Di)",
}


def _forecast(intent: Intent, *, agent, ctx: ToolContext) -> str:
    p = intent.params
    rate: Rate | None = p.get("rate")
    if rate is None:
        inline = p.get("decline") is not None or p.get("b") is not None
        if inline and not any(r.type == "userinput" and _is_table(r) for r in _rows(ctx)):
            # Decline figures but no starting rate and nothing to fit: ask for the rate.
            given = p["decline"].stated if p.get("decline") else f"b of {p['b']:g}"
            raise _Answer(
                f"To forecast from {given!r} I also need the initial rate, e.g. 'a well at "
                "800 bbl/d' or 'qi 2.5 MMcf/d'; or upload a production history and I will fit "
                "the decline to it."
            )
        return _fit(intent, agent=agent, ctx=ctx)
    decline = p.get("decline")
    if decline is None:
        raise _Answer(
            f"To forecast a well starting at {_num(rate.value)} {rate.unit} I also need its "
            "initial decline, e.g. 'declining 25% a year' (effective) or 'nominal 0.3 per "
            "year', and optionally a b-factor ('b of 0.9') and an economic limit "
            "('economic limit 10 bbl/d')."
        )
    b = p.get("b")
    model_word = p.get("model")
    if b is None:
        b = 1.0 if model_word == "harmonic" else 0.0
        if model_word in {"hyperbolic", "modified_hyperbolic"}:
            raise _Answer(
                "A hyperbolic decline needs its b-factor: say e.g. 'b of 0.9' (0 is "
                "exponential, 1 harmonic)."
            )
    convention = {
        "nominal": "nominal",
        "tangent": "tangent_effective",
        "secant": "secant_effective",
    }[decline.convention]
    phase = rate.phase if rate.phase in {"oil", "gas", "boe"} else "oil"
    unit = {"oil": "bbl", "gas": "mcf", "boe": "BOE"}[phase]
    limit = p.get("economic_limit")
    limit_value = None
    if limit is not None:
        limit_value = limit.value
        if limit.unit and limit.unit.split("/")[0].lower() != unit.lower():
            raise _Answer(
                f"The economic limit is in {limit.unit} but the well's rate is in {unit}/d; "
                f"give the limit in {unit}/d."
            )
        if limit_value >= rate.value:
            raise _Answer(
                f"The economic limit ({_num(limit_value, 1)} {unit}/d) is not below the initial "
                f"rate ({_num(rate.value, 1)} {unit}/d), so there is nothing to forecast: check "
                "which figure is the starting rate and which the limit."
            )
    horizon = p.get("years")
    terminal = p.get("terminal_decline")
    result = _call(
        ctx,
        "forecast_decline",
        qi=rate.value,
        decline=decline.value,
        decline_convention=convention,
        b=b,
        dlim=terminal if terminal and b > 0 else None,
        dlim_convention="tangent_effective" if terminal else None,
        phase=phase,
        economic_limit=limit_value,
        horizon_years=horizon,
        at_years=p.get("at_years") or [1.0],
    )
    params = result.get("parameters", {})
    di = params.get("di", {})
    model = str(params.get("model", "")).replace("_", " ")
    lines = [
        f"**{model.capitalize()} decline** from {_num(rate.value, 1)} {unit}/d "
        f"(Arps, b = {float(params.get('b', b)):g}).",
        "",
        "Assumptions:",
        f'- I read the decline "{decline.stated}" as {_pct(decline.value, 1) if convention != "nominal" else f"{decline.value:g}/yr"} '
        f"**{_CONVENTION_NAMES[convention]}**.",
        f"- In the other conventions: {di.get('nominal', 0):.4g}/yr nominal, "
        f"{_pct(di.get('tangent_effective'))}/yr tangent-effective, "
        f"{_pct(di.get('secant_effective'))}/yr secant-effective.",
    ]
    if "dlim" in params:
        lines.append(
            f"- Terminal decline {_pct(params['dlim'].get('tangent_effective'))}/yr "
            f"tangent-effective, reached after {params.get('switch_years', 0):.1f} years "
            "(modified hyperbolic)."
        )
    horizon_text = (
        f"{horizon:g}-year horizon"
        if horizon
        else f"{DEFAULT_HORIZON_YEARS:g}-year horizon (the default)"
    )
    if limit_value is not None:
        lines.append(
            f"- The forecast stops at the economic limit of {_num(limit_value, 1)} {unit}/d "
            f"or at the end of the {horizon_text}, whichever comes first."
        )
    else:
        lines.append(
            f"- No economic limit given: the forecast runs for the {horizon_text} "
            "(say e.g. 'economic limit 5 bbl/d' to stop earlier)."
        )
    years_out = float(result.get("years") or 0)
    stopped = str(result.get("stopped_by", ""))
    body = []
    for point in result.get("at") or []:
        when = float(point.get("years", 0))
        beyond = " (after the forecast ends)" if when > years_out + 1e-9 else ""
        body.append([f"rate after {_span(when)}", f"{_num(point.get('rate'), 1)} {unit}/d{beyond}"])
        body.append(
            [
                "cumulative in year 1"
                if abs(when - 1) < 1e-9
                else f"cumulative after {_span(when)}",
                f"{_num(point.get('cumulative'))} {unit}",
            ]
        )
    eur_label = (
        f"EUR (to {_num(limit_value, 1)} {unit}/d)"
        if limit_value is not None and stopped == "economic limit"
        else f"EUR (over {_span(years_out)})"
    )
    body += [
        [eur_label, f"{_num(result.get('eur'))} {unit}"],
        ["forecast length", f"{years_out:.2f} years ({years_out * 12:.1f} months)"],
        ["stopped by", stopped],
        ["final rate", f"{_num(result.get('final_rate'), 1)} {unit}/d"],
    ]
    lines += [""]
    if limit_value is not None and stopped == "economic limit":
        lines += [
            f"The rate reaches the economic limit of {_num(limit_value, 1)} {unit}/d after "
            f"**{years_out:.2f} years** ({years_out * 12:.1f} months); the cumulative by then "
            f"(EUR) is **{_num(result.get('eur'))} {unit}**.",
            "",
        ]
    elif limit_value is not None:
        reach = _years_to_rate(params, limit_value)
        lines += [
            f"The rate does **not** reach the economic limit of {_num(limit_value, 1)} {unit}/d "
            f"within the {horizon_text}: it is still {_num(result.get('final_rate'), 1)} {unit}/d "
            "at the end, and the EUR below is the volume to the horizon."
            + (
                f" On this curve it would reach the limit after {reach:.1f} years; ask for "
                f"'a {math.ceil(reach):g}-year horizon' to run it that far."
                if reach is not None and reach <= 100
                else " On this curve it would take more than 100 years to get there."
            ),
            "",
        ]
    lines.append(_table(["result", "value"], body))
    saved = _saved(result.get("forecast_rowid"), what="The monthly forecast is")
    if saved:
        lines += ["", saved + "."]
    return "\n".join(lines)


def _span(years: float) -> str:
    """1 -> "1 year", 2.5 -> "2.5 years", 0.5 -> "6 months"."""
    if years < 1 and abs(years * 12 - round(years * 12)) < 1e-9:
        months = round(years * 12)
        return f"{months} month" + ("" if months == 1 else "s")
    return f"{years:g} year" + ("" if abs(years - 1) < 1e-9 else "s")


def _years_to_rate(params: dict[str, Any], rate: float) -> float | None:
    """When the forecast tool's curve (its returned parameters) reaches ``rate``, in years."""
    from agents.tools.production import DAYS_PER_YEAR, DeclineModel

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


def _fit(intent: Intent, *, agent, ctx: ToolContext) -> str:
    p = intent.params
    row = _pick_upload(ctx, intent, kind="production", hint=_UPLOAD_PRODUCTION_HINT)
    limit = p.get("economic_limit")
    model = (
        p.get("model")
        if p.get("model") in {"exponential", "harmonic", "hyperbolic", "modified_hyperbolic"}
        else None
    )
    terminal = p.get("terminal_decline")
    phase = p.get("phase") if p.get("phase") in {"oil", "gas", "boe", "water"} else None
    result = _call(
        ctx,
        "fit_decline",
        rowid=row.rowid,
        phase=phase,
        well=p.get("well"),
        model=model,
        dlim=terminal,
        dlim_convention="tangent_effective" if terminal else None,
        economic_limit=limit.value if limit else None,
        horizon_years=p.get("years"),
    )
    unit = result.get("unit", "")
    phase = result.get("phase", phase or "")
    wells = result.get("wells", [])
    lines = [
        f"**Decline fit of {phase} in row {row.rowid}** (`{row.original_name or row.description}`).",
        "",
        "Method: Arps exponential, harmonic, hyperbolic and modified hyperbolic curves fitted "
        "by bounded least squares on log rate from the peak month; the best model has the "
        "lowest AIC (near-ties go to the simpler model). Declines are per year and given in "
        "all three conventions; EUR = produced + forecast volume.",
        "",
    ]
    body = []
    for w in wells:
        body.append(
            [
                str(w.get("well") or "-"),
                str(w.get("model", "")).replace("_", " "),
                f"{_num(w.get(f'qi_{unit}_d'), 1)} {unit}/d",
                f"{float(w.get('di_nominal_per_yr') or 0):.3f}/yr",
                _pct(w.get("di_secant_effective")),
                f"{float(w.get('b') or 0):.2f}",
                f"{_num(w.get(f'eur_{unit}'))} {unit}",
                str(w.get("stopped_by", "")),
            ]
        )
    lines.append(
        _table(
            ["well", "model", "qi", "Di nominal", "Di secant-eff.", "b", "EUR", "stopped by"],
            body,
        )
    )
    if len(wells) > 1:
        total = sum(float(w.get(f"eur_{unit}") or 0) for w in wells)
        lines += ["", f"Total EUR of the {len(wells)} wells: **{_num(total)} {unit}**."]
    assumptions = []
    if limit is not None:
        assumptions.append(f"economic limit {_num(limit.value, 1)} {unit}/d")
    else:
        assumptions.append("no economic limit given, so the forecast runs to the horizon")
    assumptions.append(f"horizon {p.get('years') or 30:g} years after the last history month")
    lines += ["", "Assumptions: " + "; ".join(assumptions) + "."]
    for note in result.get("notes") or []:
        lines.append(f"- Note: {note}")
    if result.get("failures"):
        lines.append("Not fitted: " + "; ".join(result["failures"]))
    lines += _saved_rows(
        result,
        [
            ("forecast_rowid", "the forecast table is saved as row"),
            ("summary_rowid", "the per-well summary as row"),
            ("chart_rowid", "the chart as row"),
        ],
    )
    return "\n".join(lines)


# --- charts --------------------------------------------------------------------------------


# What a chart request names -> which tool output it means (description prefix) and what
# to ask for first when there is none.
_CHART_SUBJECTS = {
    "decline": (
        r"^Decline forecast",
        "Ask for one first, e.g. 'fit a decline to the oil in my file' or 'a well at 800 "
        "bbl/d declining 25% a year'.",
    ),
    "cash flow": (
        r"^Monthly cash flow",
        "Run economics first, e.g. 'run economics on the forecast with $70 oil'.",
    ),
    "emissions": (
        r"^Emissions inventory",
        "Compute an inventory first, e.g. 'what are the emissions in my file?'.",
    ),
}


def _chart(intent: Intent, *, agent, ctx: ToolContext) -> str:
    rowid = intent.params.get("row")
    subject = intent.params.get("subject")
    row = _explicit_row(ctx, rowid)  # "row N" wins over any subject
    if row is None and subject in _CHART_SUBJECTS:
        pattern, hint = _CHART_SUBJECTS[subject]
        row = _newest_output(ctx, pattern)
        if row is None and subject == "decline" and intent.params.get("production"):
            # "chart the production" before any forecast: the uploaded history itself.
            row = next((r for r in _rows(ctx) if r.type == "userinput" and _is_table(r)), None)
        if row is None:
            what = {
                "decline": "decline forecast",
                "cash flow": "cash-flow",
                "emissions": "emissions inventory",
            }[subject]
            raise _Answer(f"There is no {what} table in this conversation to chart yet. {hint}")
    if row is None:
        tables = [r for r in _rows(ctx) if _is_table(r)]
        if not tables:
            raise _Answer(
                "There is no table in this conversation to chart yet: upload a file or "
                "run a forecast first, or name a row ('chart row 2')."
            )
        row = tables[0]
    result = _call(ctx, "chart_row", rowid=row.rowid)
    chart_rowid = _pick(result, "chart_rowid", "rowid")
    kind = result.get("kind") or result.get("chart_kind")
    what = row.description.split(":")[0].split(" (")[0].rstrip(".")[:80]
    text = f"Charted **row {row.rowid}** ({what})"
    if kind:
        text += f" as a {str(kind).replace('_', ' ')} chart"
    text += "."
    if chart_rowid:
        text += f" The PNG is saved as row {chart_rowid}."
    series = result.get("series") or result.get("columns")
    if series:
        text += " Series: " + ", ".join(f"`{s}`" for s in series) + "."
    return text


# --- economics -----------------------------------------------------------------------------


def _npv(intent: Intent, *, agent, ctx: ToolContext) -> str:
    p = intent.params
    flows = p.get("cash_flows")
    if not flows:
        raise _Answer(
            "To compute NPV/IRR I need the cash flows, first period first, with the investment "
            "negative: e.g. 'NPV at 10% of -1000, 300, 400, 500, 200'. To value a well instead, "
            "upload its production and ask 'run economics with $70 oil and $3 gas'."
        )
    rate = p.get("discount_rate")
    assumed_rate = rate is None
    if rate is None:
        rate = _DEFAULT_DISCOUNT
    result = _call(ctx, "npv_irr", cash_flows=flows, rate=rate, discount_rate=rate)
    return _npv_text(
        result, flows=flows, rate=rate, assumed_rate=assumed_rate, asks=p.get("asks") or []
    )


def _npv_text(result: dict[str, Any], *, flows, rate, assumed_rate, asks) -> str:
    npv = result.get("npv")
    irr = result.get("irr")
    payback = result.get("payback_fractional")
    pi = result.get("profitability_index")
    digits = 0 if abs(rate * 100 - round(rate * 100)) < 1e-9 else 2
    rows = [
        [f"NPV at {_pct(rate, digits)}", _money(npv, 2)],
        [
            "IRR",
            _pct(irr, 2) if irr is not None else "not defined (the cash flows never change sign)",
        ],
        ["payback", f"{float(payback):.2f} periods" if payback is not None else "not reached"],
        ["profitability index", f"{float(pi):.3f}" if pi is not None else "n/a"],
    ]
    lead = {"npv": "NPV", "irr": "IRR", "payback": "Payback", "pi": "Profitability index"}.get(
        (asks or ["npv"])[0], "NPV"
    )
    decimals = 2 if any(abs(x - round(x)) > 1e-9 for x in flows) else 0
    flows_text = ", ".join(_num(f, decimals) for f in flows)
    lines = [
        f"**{lead}** of the cash flows {flows_text} ({len(flows)} periods, the first at t = 0):",
        "",
        _table(["measure", "value"], rows),
        "",
        "Convention (numpy-financial's npv/irr): the first cash flow is at time 0 and not "
        f"discounted; each later one is at the end of its period, discounted by (1 + {rate:g})^t. "
        "Payback is when the running total turns non-negative, interpolated within the period; "
        "the profitability index is the PV of the inflows over the PV of the outflows. "
        "Rates are per period (per year if the flows are yearly).",
    ]
    if assumed_rate:
        lines.append(f"No discount rate was given, so I used {_pct(rate, 0)} (PV10).")
    return "\n".join(lines)


_COST_COLUMNS = re.compile(r"\b(?:value|amount|cost)\b")


def _economics(intent: Intent, *, agent, ctx: ToolContext) -> str:
    p = intent.params
    explicit = _explicit_row(ctx, p.get("row"))
    costs = None
    for row in _rows(ctx):
        if row.type == "userinput" and _is_table(row):
            words = _words(_columns(row))
            if re.search(r"\bitem\b", words) and _COST_COLUMNS.search(words.replace("item", "")):
                costs = row
                break
    oil_price, gas_price = p.get("oil_price"), p.get("gas_price")
    if oil_price is None and gas_price is None and costs is None:
        raise _Answer(
            "To run economics I need the prices: e.g. 'run economics on the forecast with $70 "
            "oil and $3 gas' (optionally royalty, severance tax, opex, capex and a discount "
            "rate, or upload a cost sheet with item, value and unit columns)."
        )
    lines: list[str] = []
    forecast = explicit or _newest_output(ctx, r"^Decline forecast")
    if forecast is None:
        history = None
        try:
            history = _pick_upload(ctx, intent, kind="production", hint=_UPLOAD_PRODUCTION_HINT)
        except _Answer:
            raise _Answer(
                "To run economics I need a production forecast. "
                + _UPLOAD_PRODUCTION_HINT
                + " Or forecast a well inline, e.g. 'a well at 800 bbl/d declining 25% a year', "
                "and then ask for the economics."
            ) from None
        if "fit_decline" not in (agent.tools or []):
            return _switch_agent("fit_decline", agent)
        phase = p.get("phase") if p.get("phase") in {"oil", "gas"} else None
        if phase is None:
            phase = "oil" if oil_price is not None or gas_price is None else "gas"
        fit = _call(ctx, "fit_decline", rowid=history.rowid, phase=phase, chart=False)
        if not fit.get("forecast_rowid"):
            raise _Answer("The decline fit wrote no forecast table, so there is nothing to value.")
        forecast = _explicit_row(ctx, fit["forecast_rowid"])
        lines.append(
            f"There was no forecast yet, so I first fitted a decline to the {fit.get('phase')} "
            f"in row {history.rowid} (forecast saved as row {forecast.rowid})."
        )
        lines.append("")
    opex = p.get("opex") or {}
    capex = p.get("capex")
    discount = p.get("discount_rate")
    result = _call(
        ctx,
        "cash_flow_economics",
        forecast_rowid=forecast.rowid,
        costs_rowid=costs.rowid if costs is not None else None,
        oil_price=oil_price,
        gas_price=gas_price,
        royalty=p.get("royalty"),
        severance_tax=p.get("severance_tax"),
        working_interest=p.get("working_interest"),
        fixed_opex_per_month=opex.get("per_month"),
        oil_opex_per_bbl=opex.get("per_boe"),
        capex=[{"month": 0, "amount": capex}] if capex else None,
        discount_rate=discount,
    )
    rate = result.get("discount_rate") or discount or _DEFAULT_DISCOUNT
    terms = result.get("terms", {})
    totals = result.get("totals", {})
    breakeven = result.get("breakeven_price")
    product = result.get("breakeven_product", "oil")
    unit = "/bbl" if product == "oil" else "/mcf"
    irr = result.get("irr_annual")
    payback = result.get("payback_month")
    pi = result.get("profitability_index")
    lines += [
        f"**Economics of the forecast in row {forecast.rowid}**"
        + (f" with the cost sheet in row {costs.rowid}" if costs is not None else "")
        + ".",
        "",
        _table(
            ["measure", "value"],
            [
                [f"NPV at {_pct(terms.get('discount_rate', rate), 0)}", _money(result.get("npv"))],
                ["IRR (annual)", _pct(irr, 1) if irr is not None else "not defined"],
                ["payback", f"month {payback:g}" if payback is not None else "not reached"],
                ["profitability index", f"{pi:.2f}" if pi is not None else "n/a (no capex)"],
                [
                    f"break-even {product} price",
                    f"${breakeven:,.2f}{unit}" if breakeven is not None else "none",
                ],
                ["economic life", f"{result.get('economic_life_months', 0)} months"],
                [
                    "oil / gas sold (gross)",
                    f"{_num(totals.get('oil_bbl'))} bbl / {_num(totals.get('gas_mcf'))} mcf",
                ],
                ["net revenue", _money(totals.get("net_revenue"))],
                [
                    "taxes / opex / capex",
                    f"{_money(totals.get('taxes'))} / {_money(totals.get('opex'))} / {_money(totals.get('capex'))}",
                ],
            ],
        ),
        "",
        "Assumptions: "
        + ", ".join(
            part
            for part in (
                f"oil ${terms['oil_price']:,.2f}/bbl" if terms.get("oil_price") is not None else "",
                f"gas ${terms['gas_price']:,.2f}/mcf" if terms.get("gas_price") is not None else "",
                f"WI {_pct(terms.get('working_interest', 1))}",
                f"NRI {_pct(terms.get('nri', 1))}",
                f"severance {_pct(terms.get('severance_tax', 0))}",
                f"fixed opex {_money(terms.get('fixed_opex_per_month', 0))}/month",
                f"variable opex {_money(terms.get('oil_opex_per_bbl', 0), 2)}/bbl",
            )
            if part
        )
        + f". Discounting: {result.get('discounting', '')}. Anything not stated is zero; "
        "say e.g. '12.5% royalty, $8/bbl opex, capex of $6MM' to add it.",
    ]
    sens = result.get("sensitivities") or []
    if sens:
        body = [[str(c["variable"]), f"{c['change'] * 100:+.0f}%", _money(c["npv"])] for c in sens]
        lines += ["", "Sensitivities:", "", _table(["variable", "change", "NPV"], body)]
    for note in result.get("notes") or []:
        lines.append(f"- Note: {note}")
    lines += _saved_rows(
        result,
        [
            ("cash_flow_rowid", "the monthly cash flow is saved as row"),
            ("chart_rowid", "its chart as row"),
        ],
    )
    return "\n".join(lines)


# --- emissions ------------------------------------------------------------------------------

_ACTIVITY_KINDS = {
    "flaring": "flaring",
    "venting": "venting",
    "diesel": "diesel_combustion",
    "gasoline": "gasoline_combustion",
    "propane": "propane_combustion",
    "natural_gas": "natural_gas_combustion",
    "electricity": "electricity",
    "production": "oil_production",
    "production_gas": "gas_production",
}
_TOOL_UNITS = {"kwh": "kWh", "l": "L", "mmbtu": "MMBtu", "boe": "bbl"}


def _activity_args(activities) -> list[dict[str, Any]]:
    return [
        {
            "source": a.source.replace("_", " "),
            "kind": _ACTIVITY_KINDS[a.source],
            "quantity": a.quantity,
            "unit": _TOOL_UNITS.get(a.unit, a.unit),
        }
        for a in activities
        if a.source in _ACTIVITY_KINDS
    ]


def _emissions(intent: Intent, *, agent, ctx: ToolContext) -> str:
    p = intent.params
    activities = _activity_args(p.get("activities") or [])
    emitting = [a for a in activities if not a["kind"].endswith("_production")]
    row = None
    if emitting:
        result = _call(ctx, "emissions_inventory", activities=activities)
        source = "the activity data in your question"
    else:
        row = _pick_upload(ctx, intent, kind="emissions", hint=_UPLOAD_EMISSIONS_HINT)
        production = [a for a in activities if a["kind"].endswith("_production")]
        result = _call(
            ctx,
            "emissions_inventory",
            rowid=row.rowid,
            oil_produced_bbl=sum(a["quantity"] for a in production if a["kind"] == "oil_production")
            or None,
            gas_produced_mcf=sum(a["quantity"] for a in production if a["kind"] == "gas_production")
            or None,
        )
        source = f"row {row.rowid} (`{row.original_name or row.description}`)"
    lines = [f"**Scope 1 and 2 emissions** from {source}:", ""]
    body = [
        [
            str(line.get("source") or line.get("category", "")),
            str(line.get("category", "")),
            str(line.get("scope", "")),
            _num(line.get("co2e_t"), 1),
        ]
        for line in result.get("lines", [])
    ]
    if body and all(k in (result.get("lines") or [{}])[0] for k in ("category", "co2e_t")):
        lines += [_table(["source", "category", "scope", "tCO2e"], body), ""]
    lines.append(
        _table(
            ["total", "tCO2e"],
            [
                ["Scope 1", _num(result.get("scope1_tco2e"), 1)],
                ["Scope 2", _num(result.get("scope2_tco2e"), 1)],
                ["Scope 1 + 2", _num(result.get("total_tco2e"), 1)],
                ["of which methane (t CH4)", _num(result.get("ch4_t"), 2)],
            ],
        )
    )
    intensity = result.get("carbon_intensity_kg_per_boe")
    if intensity is not None:
        lines += [
            "",
            f"Carbon intensity: **{intensity:.2f} kg CO2e/BOE** (Scope 1 + 2; Scope 1 only "
            f"{result.get('scope1_intensity_kg_per_boe', 0):.2f}) on "
            f"{_num(result.get('production_boe'))} BOE.",
        ]
    elif p.get("intensity"):
        lines += [
            "",
            "For a carbon intensity I also need the production over the same period: add "
            "production lines to the file or say e.g. 'we produced 400,000 bbl of oil and "
            "900,000 mcf of gas'.",
        ]
    lines += ["", "Method and assumptions: " + "; ".join(result.get("assumptions") or []) + "."]
    lines += _saved_rows(
        result,
        [("inventory_rowid", "the inventory is saved as row"), ("chart_rowid", "its chart as row")],
    )
    return "\n".join(lines)


def _carbon(intent: Intent, *, agent, ctx: ToolContext) -> str:
    p = intent.params
    price = p.get("carbon_price")
    if price is None:
        raise _Answer(
            "Which carbon price should I apply? Say e.g. 'what does a $50/t carbon price do to "
            "NPV?'."
        )
    cash_row = _newest_output(ctx, r"^Monthly cash flow")
    flows = p.get("cash_flows")
    inventory = _newest_output(ctx, r"^Emissions inventory")
    tonnes = p.get("annual_emissions_t")
    activities = _activity_args(p.get("activities") or [])
    missing = []
    if cash_row is None and not flows:
        missing.append(
            "the cash flows: run economics on a forecast first with the Production Agent "
            "('run economics on the forecast with $70 oil'), or list monthly cash flows"
        )
    if inventory is None and tonnes is None and not activities:
        missing.append(
            "the emissions: ask 'what are the emissions in my file?' first, or give them "
            "('we emit 12,000 t CO2e a year')"
        )
    if missing:
        raise _Answer(
            f"To price carbon at ${price:,.2f}/t I still need " + "; and ".join(missing) + "."
        )
    lines: list[str] = []
    if inventory is None and tonnes is None:
        inv = _call(ctx, "emissions_inventory", activities=activities, chart=False)
        inventory = _explicit_row(ctx, inv.get("inventory_rowid"))
        lines += [
            f"I first computed the inventory of the activities you gave (row {inventory.rowid}).",
            "",
        ]
    result = _call(
        ctx,
        "carbon_price_impact",
        carbon_price=price,
        cash_flow_rowid=cash_row.rowid if cash_row is not None and not flows else None,
        cash_flows=flows if flows else None,
        emissions_rowid=inventory.rowid if inventory is not None and tonnes is None else None,
        annual_emissions_tco2e=tonnes,
        discount_rate=p.get("discount_rate"),
    )
    lines += [
        f"**A carbon price of ${price:,.2f}/t CO2e**"
        + (
            f" on the cash flow in row {cash_row.rowid}"
            if cash_row is not None and not flows
            else ""
        )
        + ":",
        "",
        _table(
            ["measure", "value"],
            [
                ["NPV before", _money(result.get("npv_before"))],
                ["NPV after", _money(result.get("npv_after"))],
                ["change", _money(result.get("npv_change"))],
                ["carbon cost (undiscounted)", _money(result.get("carbon_cost_undiscounted"))],
                ["carbon cost (PV)", _money(result.get("carbon_cost_pv"))],
                ["tonnes priced", f"{_num(result.get('tonnes_priced'), 1)} t CO2e"],
                [
                    "cost per BOE",
                    f"${result['cost_per_boe']:,.2f}" if result.get("cost_per_boe") else "n/a",
                ],
            ],
        ),
        "",
        f"Basis: {result.get('basis', '')}. Scopes priced: "
        f"{', '.join(str(s) for s in result.get('scopes', [1]))}.",
    ]
    if result.get("table_rowid"):
        lines += ["", f"The monthly carbon cost is saved as row {result['table_rowid']}."]
    return "\n".join(lines)


_HANDLERS: dict[str, Callable[..., str]] = {
    "describe_table": _describe,
    "preview_table": _preview,
    "fit_decline": _fit,
    "forecast_decline": _forecast,
    "cash_flow_economics": _economics,
    "npv_irr": _npv,
    "emissions_inventory": _emissions,
    "carbon_price_impact": _carbon,
    "chart_row": _chart,
}

__all__ = ["answer", "normalise"]
