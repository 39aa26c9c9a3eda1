"""Answers to economics questions: NPV/IRR of listed cash flows, and cash-flow economics
of a forecast (decks, interests and reversion, taxes, costs, discounting, break-even,
sensitivities, one line per well, SEC pricing; a cost sheet when one is uploaded)."""

from __future__ import annotations

import re
from typing import Any

from agents.builtin import answer_production, fmt, intent_economics
from agents.builtin.answer_production import UPLOAD_PRODUCTION_HINT, file_wells, well_named
from agents.builtin.binding import bind
from agents.builtin.intent import Intent
from agents.builtin.work import (
    AskBack,
    Work,
    column_names_text,
    columns,
    file_label,
    file_name,
    is_table,
    read_frame,
    switch_agent,
    writer,
)

# Registers the recognisers that route economics questions other areas would claim.
_RECOGNISERS = intent_economics

DEFAULT_DISCOUNT = 0.10


@writer("npv_irr", tool="npv_irr", job="computes NPV and IRR")
def npv(work: Work) -> str:
    p = work.params
    flows = p.get("cash_flows")
    if not flows:
        raise AskBack(
            "To compute NPV/IRR I need the cash flows, first period first, with the investment "
            "negative: e.g. 'NPV at 10% of -1000, 300, 400, 500, 200'. To value a well instead, "
            "upload its production and ask 'run economics with $70 oil and $3 gas'."
        )
    rate = p.get("discount_rate")
    assumed_rate = rate is None
    if rate is None:
        rate = work.default(
            "rate",
            DEFAULT_DISCOUNT,
            label="Discount rate",
            unit="fraction",
            why="no discount rate was given; 10% per period is the usual PV10",
        )
        work.defaults["discount_rate"] = work.defaults["rate"]
    result = work.call(
        "npv_irr",
        cash_flows=flows,
        rate=rate,
        finance_rate=p.get("finance_rate"),
        reinvest_rate=p.get("reinvest_rate"),
    )
    return _npv_text(
        result, flows=flows, rate=rate, assumed_rate=assumed_rate, asks=p.get("asks") or []
    )


def _npv_text(result: dict[str, Any], *, flows, rate, assumed_rate, asks) -> str:
    npv = result.get("npv")
    irr = result.get("irr")
    payback = result.get("payback_fractional")
    pi = result.get("profitability_index")
    digits = 0 if abs(rate * 100 - round(rate * 100)) < 1e-9 else 2
    irrs = result.get("irrs") or []
    irr_text = (
        fmt.pct(irr, 2) if irr is not None else "not defined (the cash flows never change sign)"
    )
    if len(irrs) > 1:
        irr_text = ", ".join(fmt.pct(r, 2) for r in irrs) + " (several roots: see the note)"
    lost = result.get("payback_lost_periods") or []
    payback_text = f"{float(payback):.2f} periods" if payback is not None else "not reached"
    if lost:
        payback_text += f"; the running total turns negative again in period {lost[0]}"
    rows = [
        [f"NPV at {fmt.pct(rate, digits)}", fmt.money(npv, 2)],
        ["IRR", irr_text],
        ["MIRR", fmt.pct(result.get("mirr"), 2)],
        ["payback", payback_text],
        ["profitability index", f"{float(pi):.3f}" if pi is not None else "n/a"],
    ]
    lead = {"npv": "NPV", "irr": "IRR", "payback": "Payback", "pi": "Profitability index"}.get(
        (asks or ["npv"])[0], "NPV"
    )
    decimals = 2 if any(abs(x - round(x)) > 1e-9 for x in flows) else 0
    flows_text = ", ".join(fmt.num(f, decimals) for f in flows)
    lines = [
        f"**{lead}** of the cash flows {flows_text} ({len(flows)} periods, the first at t = 0):",
        "",
        fmt.table(["measure", "value"], rows),
        "",
        "Convention (numpy-financial's npv/irr): the first cash flow is at time 0 and not "
        f"discounted; each later one is at the end of its period, discounted by (1 + {rate:g})^t. "
        "Payback is when the running total turns non-negative, interpolated within the period; "
        "the MIRR compounds the inflows at the reinvestment rate and discounts the outflows at "
        "the finance rate (both the discount rate unless given); "
        "the profitability index is the PV of the inflows over the PV of the outflows. "
        "Rates are per period (per year if the flows are yearly).",
    ]
    if assumed_rate:
        lines.append(f"No discount rate was given, so I used {fmt.pct(rate, 0)} (PV10).")
    for warning in result.get("warnings") or []:
        lines.append(f"- Note: {warning}.")
    return "\n".join(lines)


_COST_COLUMNS = re.compile(r"\b(?:value|amount|cost)\b")
_FORECAST_NAME = re.compile(
    r"forecast|fcst|type[\s_-]?curve|projection|aries|phdwin|combocurve", re.I
)
_PRICE_COLUMNS = re.compile(r"\b(?:wti|brent|hh|henry|price|settle\w*|close)\b")
_VOLUME_COLUMNS = re.compile(r"\b(?:oil|gas|bbl|mcf|boe|bopd|water|volume|rate)\b")

# Figures read from the question and passed to the economics tool under the same name.
_ARGUMENTS = (
    "gas_price_unit",
    "oil_differential",
    "gas_differential",
    "oil_differential_pct",
    "gas_differential_pct",
    "gas_heating_value",
    "gas_shrink",
    "ngl_yield_bbl_per_mmcf",
    "ngl_price",
    "ngl_price_pct_of_oil",
    "not_sold",
    "price_escalation",
    "working_interest",
    "net_revenue_interest",
    "after_payout",
    "reversion_timing",
    "royalty",
    "overriding_royalty",
    "severance_tax",
    "severance_tax_oil",
    "severance_tax_gas",
    "severance_tax_ngl",
    "severance_oil_per_bbl",
    "severance_gas_per_mcf",
    "severance_ngl_per_bbl",
    "ad_valorem_tax",
    "income_tax_rate",
    "depreciation_years",
    "intangible_fraction",
    "depletion_rate",
    "tax_losses",
    "fixed_opex_per_month",
    "oil_opex_per_bbl",
    "gas_opex_per_mcf",
    "water_opex_per_bbl",
    "opex_per_boe",
    "opex_escalation",
    "capex_escalation",
    "abandonment_cost",
    "abandonment_delay_months",
    "abandonment_month",
    "abandonment_date",
    "effective_date",
    "horizon_years",
    "economic_limit",
    "gor_scf_per_bbl",
    "discount_rate",
    "discount_rate_per",
    "discount_rates",
    "timing",
    "period",
    "mirr_finance_rate",
    "mirr_reinvestment_rate",
    "charts",
    "sensitivity",
    "sec_period_end",
)


def cost_sheet(work: Work):
    """The newest uploaded cost sheet (item, value and unit columns), or None."""
    for row in work.rows():
        if row.type == "userinput" and is_table(row):
            words = column_names_text(columns(row))
            if re.search(r"\bitem\b", words) and _COST_COLUMNS.search(words.replace("item", "")):
                return row
    return None


def _price_strip(work: Work):
    """The newest uploaded table of dated benchmark prices (no volumes), or None."""
    for row in work.rows():
        if row.type == "userinput" and is_table(row):
            words = column_names_text(columns(row))
            if re.search(r"\bdate\b", words) and _PRICE_COLUMNS.search(words):
                if not _VOLUME_COLUMNS.search(re.sub(r"\b(?:oil|gas)\s+price\b", "", words)):
                    return row
    return None


def _price_deck_table(work: Work):
    """The newest uploaded table of prices by year or date (no volume columns), or None."""
    for row in work.rows():
        if row.type == "userinput" and is_table(row):
            words = column_names_text(columns(row))
            if not re.search(r"\b(?:year|date|month)\b", words):
                continue
            if not _PRICE_COLUMNS.search(words) and not re.search(r"\busd\b", words):
                continue
            bare = re.sub(
                r"\b(?:oil|gas|ngl)\s+price\b|\busd\s+per\s+(?:bbl|mcf|mmbtu|boe)\b", "", words
            )
            if not re.search(r"\b(?:bbl|mcf|boe|bopd|water|volume|rate|segment)\b", bare):
                return row
    return None


def _uploaded_forecast(work: Work):
    """The newest uploaded forecast table: named as one, or with a segment column."""
    for row in work.rows():
        if row.type == "userinput" and is_table(row):
            names = columns(row)
            words = column_names_text(names)
            named = _FORECAST_NAME.search(file_name(row) or "")
            if (named or re.search(r"\bsegment\b", words)) and _VOLUME_COLUMNS.search(words):
                return row
    return None


def _forecast_phase(row) -> str | None:
    phase = (row.data or {}).get("phase") if isinstance(row.data, dict) else None
    return str(phase) if phase else None


def _forecasts(work: Work, *, want_gas: bool, well: str | None = None) -> tuple[list, list[str]]:
    """The forecast rows to value (an oil and a gas forecast when both exist and gas is
    priced), and sentences about how they were chosen or made. With ``well`` named, only
    forecasts holding that well count; with none, its history is fitted first."""
    p = work.params
    explicit = work.explicit_row(p.get("row"))
    if explicit is not None:
        return [explicit], []
    fits = [
        r
        for r in work.rows()
        if r.type not in {"userinput", "chart"}
        and re.match(r"^Decline forecast", r.description or "")
    ]
    uploaded = _uploaded_forecast(work)
    if well:
        fits = [r for r in fits if well_named(well, _wells_of(r))]
        if uploaded is not None and not well_named(well, _wells_of(uploaded)):
            uploaded = None
    if fits and (uploaded is None or fits[0].rowid > uploaded.rowid):
        chosen = [fits[0]]
        phase = _forecast_phase(fits[0])
        if want_gas and phase == "oil":
            gas = next((r for r in fits if _forecast_phase(r) == "gas"), None)
            if gas is not None:
                chosen.append(gas)
        return chosen, []
    if uploaded is not None:
        return [uploaded], []
    try:
        history = work.pick_upload(kind="production", hint=UPLOAD_PRODUCTION_HINT)
    except AskBack:
        raise AskBack(
            "To run economics I need a production forecast. "
            + UPLOAD_PRODUCTION_HINT
            + " Or forecast a well inline, e.g. 'a well at 800 bbl/d declining 25% a year', "
            "and then ask for the economics."
        ) from None
    if "fit_decline" not in (work.agent.tools or []):
        raise AskBack(switch_agent("fit_decline", work.agent, "fits decline curves"))
    fit_well = None
    if well:
        named = well_named(well, file_wells(history))
        if named is None:
            raise AskBack(
                f"No forecast holds {well}, and {file_label(history)} has no well of that name: "
                "check the name, or forecast it first."
            )
        fit_well = named[2]
    words = column_names_text(columns(history))
    phases = ["oil"] if re.search(r"\boil\b|\bbopd\b|\bbbl", words) else []
    if want_gas and re.search(r"\bgas\b|\bmcf", words):
        phases.append("gas")
    phases = phases or ["gas"]
    made = []
    for phase in phases:
        fit = work.call(
            "fit_decline",
            rowid=history.rowid,
            phase=phase,
            chart=False,
            **({"well": fit_well} if fit_well else {}),
        )
        if fit.get("forecast_rowid"):
            made.append(work.explicit_row(fit["forecast_rowid"]))
    if not made:
        raise AskBack("The decline fit wrote no forecast table, so there is nothing to value.")
    listed = " and ".join(
        f"{phase} (forecast row {row.rowid})" for phase, row in zip(phases, made, strict=False)
    )
    first = (
        f"No forecast held {fit_well} yet, so I first fitted its decline: {listed} in "
        if fit_well
        else f"There was no forecast yet, so I first fitted declines to the {listed} in "
    )
    return made, [first + f"{file_label(history)}.", ""]


def stated_forecast(work: Work) -> list[str]:
    """The curve the question states ("qi 800 BOPD, 65% secant, b 1.1"), forecast first:
    its own answer (what the decline forecast would say), and its figures, defaults and
    calls folded into ``work`` so the Inputs show them and none reads as not used. Empty
    when the question states no curve."""
    found = bind("forecast_decline", work.intent.text)
    if "rate" not in found or "decline" not in found:
        return []
    # A row named is the economics' (the curve is the question's, not a row's).
    found = {n: f for n, f in found.items() if n != "row"}
    sub = Work(
        Intent(
            "forecast_decline",
            params={n: f.value for n, f in found.items()},
            found=found,
            text=work.intent.text,
            quantities=work.intent.quantities,
        ),
        agent=work.agent,
        ctx=work.ctx,
    )
    text = answer_production.forecast(sub)
    work.calls[:0] = sub.calls
    for name in sub.used():
        key = f"forecast:{name}"
        work.intent.found[key] = sub.intent.found[name]
        work.params[key] = sub.params.get(name)
        work.params.read.add(key)
    for name, reason in sub.skipped.items():
        if name in sub.intent.found:
            work.skipped[f"forecast:{name}"] = reason
            work.intent.found.setdefault(f"forecast:{name}", sub.intent.found[name])
    for item in sub.stated_inputs():
        work.stated_extra.append(item)
    for name, item in sub.defaults.items():
        work.defaults.setdefault(name, item)
    for sentence in sub.assumptions:
        work.assume(sentence)
    return [text, ""]


def _wells_of(row) -> list[str]:
    frame = read_frame(row)
    if frame is None:
        return []
    column = next(
        (
            c
            for c in frame.columns
            if str(c).strip().lower() in ("well", "well name", "wellname", "lease", "api", "uwi")
        ),
        None,
    )
    return [] if column is None else list(dict.fromkeys(frame[column].astype(str).str.strip()))


def _wells_argument(work: Work, categories: dict, forecast_rows: list) -> tuple[list, dict]:
    """The wells argument (category and risk per well) from what the question said."""
    names = [w for row in forecast_rows for w in _wells_of(row)]
    wells: list[dict] = []
    matched: set[str] = set()
    for said in categories.get("wells") or []:
        text = said["name"].lower()
        well = next((n for n in sorted(names, key=len, reverse=True) if n.lower() in text), None)
        if well is None:
            work.assume(
                f"'{said['name']}' matches no well in the forecast; its category is not used."
            )
            continue
        entry = {"well": well, "category": said["category"]}
        if said.get("risk") is not None:
            entry["risk_factor"] = said["risk"]
        wells.append(entry)
        matched.add(well)
    rest = categories.get("rest")
    if rest:
        wells += [{"well": n, "category": rest} for n in names if n not in matched]
    order = {n: k for k, n in enumerate(names)}
    wells.sort(key=lambda w: order.get(w["well"], len(order)))
    return wells, dict(categories.get("risk_factors") or {})


def _deck_and_prices(work: Work, args: dict) -> None:
    p = work.params
    deck = p.get("price_deck")
    decks = {k: v for k, v in (deck or {}).items() if k in ("oil", "gas")}
    found_deck = work.intent.found.get("price_deck")
    for phase in ("oil", "gas"):
        price = p.get(f"{phase}_price")
        found_price = work.intent.found.get(f"{phase}_price")
        if phase in decks and price is not None:
            deck_earlier = bool(found_deck and found_deck.origin)
            price_now = bool(found_price and not found_price.origin)
            if deck_earlier and price_now:
                decks.pop(phase)
                args[f"{phase}_price"] = price
            else:
                work.skip(f"{phase}_price", f"the {phase} deck gives the {phase} prices")
        elif price is not None:
            args[f"{phase}_price"] = price
    if decks:
        args["price_deck"] = decks


@writer("cash_flow_economics", tool="cash_flow_economics", job="runs cash-flow economics")
def economics(work: Work) -> str:
    p = work.params
    costs = cost_sheet(work)
    args: dict = {}
    _deck_and_prices(work, args)
    for name in _ARGUMENTS:
        value = p.get(name)
        if value is not None and value != [] and value != {}:
            args[name] = value
    capex = p.get("capex")
    if capex:
        args["capex"] = [
            {k: v for k, v in item.items() if k in ("amount", "label", "date", "month")}
            for item in capex
        ]
    sec = p.get("pricing") == "sec"
    if sec:
        args["pricing"] = "sec"
        if p.get("sec_strip"):
            args["sec_strip"] = p.get("sec_strip")
        else:
            strip = _price_strip(work)
            if strip is None:
                raise AskBack(
                    "SEC pricing needs the benchmark prices of the 12 months before the "
                    "reporting date: upload a table of daily or monthly prices (a date column "
                    "and WTI / Henry Hub columns), or type the 12 first-of-month prices."
                )
            args["sec_strip_rowid"] = strip.rowid
    deck_words = ""
    if p.get("deck_upload") and not sec and not args.get("price_deck"):
        deck_row = _price_deck_table(work)
        if deck_row is None:
            raise AskBack(
                "I found no uploaded price deck: upload a table with a Year (or Date) column "
                "and a price column per phase (e.g. 'WTI ($/bbl)', 'Henry Hub ($/MMBtu)'), "
                "or type the deck ('$75 in 2027, $70 in 2028, $65 after')."
            )
        args["price_deck_rowid"] = deck_row.rowid
        deck_words = column_names_text(columns(deck_row))
    asks = p.get("asks") or []
    breakeven = p.get("breakeven_on")
    priced = {
        ph for ph in ("oil", "gas") if f"{ph}_price" in args or ph in args.get("price_deck", {})
    }
    if breakeven is None and "breakeven" in asks and not priced and not sec:
        breakeven = "oil"
    if breakeven:
        args["breakeven_on"] = breakeven
    if "price_deck_rowid" in args:
        priced |= {"oil"} if re.search(r"\b(?:oil|wti|brent|crude|bbl)\b", deck_words) else set()
        priced |= {"gas"} if re.search(r"\b(?:gas|hh|henry|mcf|mmbtu)\b", deck_words) else set()
    if not priced and not sec and costs is None and not breakeven:
        raise AskBack(
            "To run economics I need the prices: e.g. 'run economics on the forecast with $70 "
            "oil and $3 gas' (or a deck, '$75 in 2027, $70 in 2028, $65 after'; optionally "
            "royalty, severance tax, opex, capex and a discount rate, or upload a cost sheet "
            "with item, value and unit columns)."
        )
    want_gas = "gas" in priced or sec or breakeven == "gas"
    stated = stated_forecast(work)
    said = p.get("well") if not stated else None
    # A well's name has a number ("Hawkins 2H", "A-12"); "well cost" names no well.
    named_well = str(said) if said and re.search(r"[A-Za-z].*\d|\d.*[A-Za-z]", str(said)) else None
    forecasts, lines = _forecasts(work, want_gas=want_gas, well=named_well)
    lines = stated + lines
    categories = p.get("categories")
    if categories:
        wells, risk = _wells_argument(work, categories, forecasts)
        if wells:
            args["wells"] = wells
        if risk:
            args["risk_factors"] = risk
    else:
        # "NPV10 of the Hawkins 1H forecast": that well alone, not every well of the row.
        names = [w for row in forecasts for w in _wells_of(row)]
        said = p.get("well")
        if len(set(names)) > 1:
            named = well_named(work.intent.text, names)
            if named is not None:
                work.bind_span("well", named[2], (named[0], named[1]))
                args["well"] = named[2]
            elif said:  # from an earlier question
                earlier = well_named(str(said), names)
                if earlier is not None:
                    args["well"] = earlier[2]
    if "discount_rate" not in args and not sec:
        work.default(
            "discount_rate",
            0.10,
            label="Discount rate",
            unit="fraction",
            why="no discount rate was given; the economics tool's default (PV10)",
        )
    result = work.call(
        "cash_flow_economics",
        forecast_rowid=forecasts[0].rowid,
        more_forecast_rowids=[r.rowid for r in forecasts[1:]] or None,
        costs_rowid=costs.rowid if costs is not None else None,
        **args,
    )
    for unused in result.get("not_used") or []:
        # A sheet's line the stated figure replaced: the stated figure was used.
        if unused.get("name") in work.intent.found and not unused.get("replaced"):
            work.skip(unused["name"], unused["why"])
    source = (
        f"the forecast in row {forecasts[0].rowid} (`{file_name(forecasts[0])}`)"
        if forecasts[0].type == "userinput"
        else f"the forecast in row {forecasts[0].rowid}"
    )
    if len(forecasts) > 1:
        source += " with " + ", ".join(f"row {r.rowid}" for r in forecasts[1:])
    lines.append(
        f"**Economics of {source}**"
        + (f" with the cost sheet `{file_name(costs)}` (row {costs.rowid})" if costs else "")
        + f", {result.get('tax_basis', 'before income tax')}."
    )
    lines.append("")
    if result.get("breakeven_only"):
        lines += _breakeven_only_text(result)
    else:
        lines += _results_text(result)
    return "\n".join(lines)


def _breakeven_only_text(result: dict) -> list[str]:
    product = result.get("breakeven_product", "oil")
    price = result.get("breakeven_price")
    rate = result.get("discount_rate", DEFAULT_DISCOUNT)
    unit = result.get("breakeven_unit", "/bbl")
    why = (result.get("breakeven_notes") or {}).get(product, "")
    rows = [
        [
            f"break-even {product} price (NPV at {fmt.pct(rate, 0)} = 0)",
            f"${price:,.2f}{unit} flat" if price is not None else f"none ({why})",
        ]
    ]
    out = [fmt.table(["measure", "value"], rows), ""]
    out.append(
        f"No {product} price was needed: this is the flat {product} benchmark at which the "
        f"NPV is zero, {result.get('tax_basis')}, with the other terms as listed."
    )
    out += _warnings(result)
    return out


def _payout_text(result: dict) -> str:
    month = result.get("payback_month")
    if month is None:
        return "not reached" if result.get("pv_capex") else "no investment to pay back"
    text = f"month {month} ({result.get('payout_months', month):.1f} months)"
    lost = result.get("payout_lost_months") or []
    regained = result.get("payout_regained_months") or []
    for k, m in enumerate(lost):
        text += f"; turns negative again in month {m}"
        text += (
            f", pays out again in month {regained[k]}" if k < len(regained) else ", ends negative"
        )
    return text


def _results_text(result: dict) -> list[str]:
    rate = result.get("discount_rate", DEFAULT_DISCOUNT)
    digits = 0 if abs(rate * 100 - round(rate * 100)) < 1e-9 else 2
    irr = result.get("irr_annual")
    irrs = result.get("irrs_annual") or []
    totals = result.get("totals") or {}
    net = result.get("net_eur") or {}
    pi = result.get("profitability_index")
    gas_unit = result.get("gas_price_unit_label", "/Mcf")
    irr_text = fmt.pct(irr, 1) + " a year" if irr is not None else "not defined"
    if len(irrs) > 1:
        irr_text += " (" + ", ".join(fmt.pct(r, 1) for r in irrs) + ": several roots)"
    rows = [
        [
            f"NPV at {fmt.pct(rate, digits)} ({result.get('tax_basis')})",
            fmt.money(result.get("npv")),
        ],
        ["IRR (annual effective)", irr_text],
        ["MIRR (annual)", fmt.pct(result.get("mirr_annual"), 1)],
        ["payout", _payout_text(result)],
        ["profitability index", f"{pi:.2f}" if pi is not None else "n/a (no capex)"],
    ]
    other = result.get("before_tax") if result.get("after_tax") else None
    if other:
        rows.insert(
            1, [f"NPV at {fmt.pct(rate, digits)} (before income tax)", fmt.money(other["npv"])]
        )
    for product, price in (result.get("breakeven_prices") or {}).items():
        unit = gas_unit if product == "gas" else "/bbl"
        why = (result.get("breakeven_notes") or {}).get(product, "")
        rows.append(
            [
                f"break-even {product} price",
                f"${price:,.2f}{unit} flat" if price is not None else f"none ({why})",
            ]
        )
    rows += [
        ["economic life", f"{result.get('economic_life_months', 0)} months"],
        [
            "gross oil / gas / NGL",
            f"{fmt.num(totals.get('oil_bbl'))} bbl / {fmt.num(totals.get('gas_mcf'))} Mcf / "
            f"{fmt.num(totals.get('ngl_bbl'))} bbl",
        ],
        [
            "net oil / gas / NGL",
            f"{fmt.num(net.get('oil_bbl'))} bbl / {fmt.num(net.get('gas_mcf'))} Mcf / "
            f"{fmt.num(net.get('ngl_bbl'))} bbl",
        ],
        [
            "net revenue (oil / gas revenue / NGL)",
            f"{fmt.money(totals.get('net_revenue'))} ({fmt.money(totals.get('oil_revenue'))} / "
            f"{fmt.money(totals.get('gas_revenue'))} / {fmt.money(totals.get('ngl_revenue'))})",
        ],
        [
            "severance / ad valorem / opex",
            f"{fmt.money(totals.get('severance_tax'))} / {fmt.money(totals.get('ad_valorem_tax'))} / "
            f"{fmt.money(totals.get('opex'))}",
        ],
        [
            "capex / abandonment",
            f"{fmt.money(totals.get('capex'))} / {fmt.money(totals.get('abandonment'))}",
        ],
    ]
    if result.get("after_tax"):
        rows.append(["income tax", fmt.money(totals.get("income_tax"))])
    out = [fmt.table(["measure", "value"], rows)]
    deck = result.get("price_deck") or {}
    if deck:
        out += ["", "Prices: " + "; ".join(f"{k} {v}" for k, v in deck.items()) + "."]
    profile = result.get("pv_profile") or {}
    if profile:
        header = [f"PV{float(k) * 100:g}" for k in profile]
        out += [
            "",
            "PV profile:",
            "",
            fmt.table(header, [[fmt.money(v) for v in profile.values()]]),
        ]
    sens = result.get("sensitivities") or []
    if sens:
        body = [
            [str(c["variable"]), f"{c['change'] * 100:+.0f}%", fmt.money(c["npv"])] for c in sens
        ]
        out += ["", "Sensitivities (tornado):", "", fmt.table(["variable", "change", "NPV"], body)]
    sweep = result.get("npv_vs_price") or []
    if sweep and result.get("npv_price_chart_rowid"):
        product = result.get("npv_vs_price_product", "oil")
        body = [[f"${pt['price']:,.2f}", fmt.money(pt["npv"])] for pt in sweep]
        out += [
            "",
            f"NPV against a flat {product} price:",
            "",
            fmt.table([f"{product} price", "NPV"], body),
        ]
    lines = result.get("one_line") or []
    if lines:
        key = next((k for k in lines[0] if k.startswith("npv")), "npv")
        body = [
            [
                str(line["well"]),
                str(line.get("category") or ""),
                fmt.num(line.get("net_oil_bbl")),
                fmt.num(line.get("net_gas_mcf")),
                fmt.money(line.get(key)),
                fmt.pct(line.get("irr"), 1) if line.get("irr") is not None else "n/a",
                f"month {line['payout_month']}"
                if line.get("payout_month") is not None
                else "not reached",
            ]
            for line in lines
        ]
        out += [
            "",
            f"One line per well ({result.get('wells')} wells"
            + (
                f"; the first {len(lines) - sum(1 for x in lines if str(x['well']).startswith('Total'))} "
                "shown, every well in the saved table"
                if result.get("wells", 0) > 20
                else ""
            )
            + "; totals add the wells, the risked total weights each well by its risk factor):",
            "",
            fmt.table(
                ["well", "category", "net oil bbl", "net gas Mcf", key.upper(), "IRR", "payout"],
                body,
            ),
        ]
    out += _warnings(result)
    out += fmt.saved_rows(
        result,
        [
            ("cash_flow_rowid", "the monthly cash flow is saved as row"),
            ("period_table_rowid", "the cash flow by period as row"),
            ("one_line_rowid", "the one-line summary as row"),
            ("chart_rowid", "its chart as row"),
            ("tornado_chart_rowid", "the tornado chart as row"),
            ("npv_price_chart_rowid", "the NPV-price chart as row"),
        ],
    )
    return out


def _warnings(result: dict) -> list[str]:
    out = []
    if result.get("irr_note"):
        out.append(f"- IRR: {result['irr_note']}.")
    for warning in result.get("warnings") or []:
        out.append(f"- Warning: {warning}.")
    for note in result.get("notes") or []:
        out.append(f"- Note: {note}.")
    for unused in result.get("not_used") or []:
        out.append(f"- Read but not used: {unused['name']} = {unused['value']} ({unused['why']}).")
    return ["", *out] if out else []
