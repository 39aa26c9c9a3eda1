"""Emissions arguments, each found with its span: the activity data stated inline (fuel,
flared and vented gas, methane by mass, power, production, and the Subpart W sources of
``bind_emissions_sources``), the inventory's choices (GWP set, flare efficiency, gas
composition, leak region, eGRID subregion, supplier and grid rates, gas to BOE), what is
asked (an intensity, the methane, one source, Scope 2, a report), and the carbon price
with its escalation and cash-flow period.

Registered for ``emissions_inventory``, ``emissions_report`` and ``carbon_price_impact``.
Quantities are converted with ``agents.units`` into the units the emissions tool takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agents import units
from agents.builtin.bind_emissions_sources import find_sources
from agents.builtin.bind_tables import mentions_file
from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import hit_at, numbers
from agents.tools.ghg.factors import document

describe_kind("emissions_inventory", "an emissions inventory")
describe_kind("emissions_report", "an emissions report")
describe_kind("carbon_price_impact", "a carbon-price effect on NPV")


@dataclass(frozen=True)
class Activity:
    """One line of activity data: what was done, how much, in which unit, and the other
    fields the emissions tool takes for it (a count, a bleed type, a subregion)."""

    source: str  # flaring, venting, diesel, ..., electricity, production, or a tool kind
    quantity: float
    unit: str
    fields: tuple[tuple[str, Any], ...] = ()

    def field(self, name: str, default: Any = None) -> Any:
        return dict(self.fields).get(name, default)


# The spelling read -> (the unit the emissions tool takes, the display unit to convert from).
_TOOL_UNIT = {
    "MMcf": "mcf",
    "Mcf": "mcf",
    "Bcf": "mcf",
    "scf": "mcf",
    "m3": "m3",
    "gal": "gal",
    "L": "l",
    "bbl": "bbl",
    "Mbbl": "bbl",
    "MMbbl": "bbl",
    "MWh": "kwh",
    "GWh": "kwh",
    "kWh": "kwh",
    "MMBtu": "mmbtu",
    "BOE": "boe",
    "MBOE": "boe",
    "MMBOE": "boe",
    "t": "t",
    "kg": "kg",
    "lb": "lb",
}
_TOOL_DISPLAY = {"mcf": "Mcf", "kwh": "kWh", "l": "L", "mmbtu": "MMBtu", "boe": "BOE"}
_UNIT_RX = r"(?P<unit>mmscf|mmcf|mscf|mcf|bcf|scf|m3|m\u00b3|gallons?|gal|litres?|liters?|l|mmbbls?|mbbls?|bbls?|barrels?|mwh|gwh|kwh|mmbtu|mmboe|mboe|boe|cf|tonnes?|t|kg|lbs?)\b"
# A unit followed by "/d", "per boe", "/MWh" is a rate or a factor, not an amount.
_PER_AFTER = re.compile(r"\s*(?:/|per\s+(?!year|annum|yr)|a\s+day\b|pd\b)", re.IGNORECASE)

_SOURCES: tuple[tuple[str, str], ...] = (
    ("flaring", r"flar\w*"),
    ("venting", r"vent\w*|pn[eu]{1,2}matic\w*|tank\s+vapou?rs?|casinghead"),
    ("diesel", r"diesel"),
    ("gasoline", r"gasoline|petrol"),
    ("propane", r"propane|lpg"),
    ("electricity", r"electric\w*|grid|purchased\s+power|power"),
    (
        "natural_gas",
        r"natural\s+gas|fuel\s+gas|(?:burn\w*|combust\w*|us\w*|consum\w*)\s+(?:\S+\s+){0,2}?gas|gas\s+(?:burn\w*|fired|combust\w*)|compressors?|heaters?",
    ),
    ("production", r"produc\w*|output|sold"),
)
_MOBILE = re.compile(
    r"\b(?:trucks?|fleet|vehicles?|pickups?|haul\w*|mobile|on[-\s]?road|off[-\s]?road|non[-\s]?road|rigs?|loaders?)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(
    r"(?<=[.;!?])\s+|,\s+(?=and\b|we\b|plus\b)|\band\b|,\s+(?=[a-z]+ed\b)", re.IGNORECASE
)


def _clauses(text: str) -> list[tuple[int, str]]:
    """The clauses of ``text`` with their offsets."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _CLAUSE_BREAK.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def _covered(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)


def _instrument_mwh(text: str) -> tuple[float, tuple[int, int]] | None:
    """MWh covered by RECs or other contractual instruments: "200 MWh covered by RECs"."""
    hit = hit_at(
        text,
        r"(?P<n>{N})\s*(?:mwh)\s+(?:(?:is|are|was|were)\s+)?(?:covered\s+by|of|matched\s+by|from)\s+(?:recs?|renewable\s+(?:energy\s+)?certificates?|green\s+(?:power|tariff)|ppas?|contractual)",
    )
    return (hit.value, hit.span) if hit else None


def find_activities(text: str) -> Found | None:
    """Activity data in the text: "flared 12,000 mcf", "30,000 gallons of diesel",
    "1,200 MWh in ERCOT", "3.2 t of methane", "40 intermittent-bleed controllers".

    Subpart W sources (``bind_emissions_sources``) are read first; every other quantity
    with a unit is given to the nearest source word in the same clause (the verb before
    it, the fuel after "of"), or to the previous clause's when it has none ("vented 2,150
    mcf of tank vapours and 1,380 mcf from pneumatics").
    """
    acts: list[Activity] = []
    spans: list[tuple[int, int]] = []
    for source in find_sources(text):
        fields = dict(source.fields)
        qty = float(fields.get("count", fields.get("quantity", 1.0)))
        acts.append(Activity(source.kind, qty, str(fields.get("unit", "")), tuple(fields.items())))
        spans += source.spans
    claimed = list(spans)
    instruments = _instrument_mwh(text)
    if instruments:
        claimed.append(instruments[1])
    rx = re.compile(rf"(?P<n>{_N})\s*{_UNIT_RX}", re.IGNORECASE)
    last: str | None = None
    for offset, clause in _clauses(text):
        for m in rx.finditer(clause):
            nums = numbers(m.group("n"))
            if not nums or nums[0].percent:
                continue
            # The number itself, not the space the pattern may take before it.
            if _covered(offset + m.start("n") + nums[0].start, claimed):
                continue
            days_of = None
            if _PER_AFTER.match(clause, m.end()):
                # A daily rate over a stated period is a volume: "2.5 MMcf/d for the year".
                days_of = _rate_over_period(clause, m.end())
                if days_of is None:
                    continue
            spelled = units.unit_at(m.group("unit"), 0)
            display = spelled[0] if spelled else m.group("unit")
            unit = _TOOL_UNIT.get(display)
            if unit is None:
                continue
            qty = units.convert(nums[0].value, display, _TOOL_DISPLAY.get(unit, unit))
            after = clause[m.end() : m.end() + 40].lower()
            if days_of is not None:
                if unit not in {"mcf", "bbl", "boe"}:
                    continue
                days, period_span = days_of
                qty *= days
                after = clause[period_span[1] : period_span[1] + 40].lower()
            before = clause[max(0, m.start() - 50) : m.start()].lower()
            fields: dict[str, Any] = {}
            if unit in {"t", "kg", "lb"}:
                # Only methane given by mass is activity data ("3.2 t of methane").
                if not re.match(r"\s*(?:of\s+)?(?:methane|ch4)\b", after):
                    continue
                source = "venting"
            else:
                source = _source_of(before, after, unit)
            if source is None and last in {"flaring", "venting", "production", "production_gas"}:
                # "we produced 1.1 MMbbl of oil and 2.4 Bcf of gas": the verb carries over.
                source = "production" if last.startswith("production") else last
                if source != "production" and unit not in {"mcf", "m3"}:
                    source = None
            if source is None:
                continue
            if source == "production" and unit in {"mcf", "m3"}:
                source = "production_gas"
            of = re.match(r"\s*(?:of|from|in)\s+(?P<what>[a-z][a-z ]{2,30})", after)
            if source in {"venting", "flaring"} and of:
                fields["label"] = of.group("what").strip()
            if source == "diesel" and _MOBILE.search(clause):
                source = "mobile_diesel"
                fields["equipment"] = clause.strip()
            if source == "electricity":
                region = find_grid_subregion(clause)
                if region is not None:
                    fields["subregion"] = region.value
                if instruments:
                    fields["instruments_mwh"] = instruments[0]
            if days_of is not None and not source.startswith(("production", "flaring", "venting")):
                continue
            if days_of is not None:
                # Say how the volume was made: "gas production at 2.5 MMcf/d for 365 days".
                what = {"production_gas": "gas production", "production": "production"}
                rate = f"{m.group('n').strip()} {m.group('unit')}/d"
                fields["label"] = f"{what.get(source, source)} at {rate} for {days_of[0]:g} days"
            acts.append(Activity(source, qty, unit, tuple(fields.items())))
            spans.append((offset + m.start(), offset + m.end()))
            if days_of is not None:
                spans.append((offset + days_of[1][0], offset + days_of[1][1]))
            last = source
    if instruments and any(a.source == "electricity" for a in acts):
        spans.append(instruments[1])
    return Found(acts, tuple(spans)) if acts else None


_PERIOD = re.compile(
    r"\s*(?:/\s*d(?:ay)?|per\s+day|a\s+day|pd)\b(?:\s+of\s+(?:oil|gas|condensate|boe))?"
    r"\s+(?:for|over|across|during)\s+(?:(?P<year>(?:the|a|one|the\s+full|the\s+whole)\s+year)"
    r"|(?P<n>\d+(?:\.\d+)?)\s*(?P<u>days?|weeks?|months?|years?))\b",
    re.IGNORECASE,
)


def _rate_over_period(clause: str, end: int) -> tuple[float, tuple[int, int]] | None:
    """Days of a daily rate's stated period ("/d for the year": 365; "/d for 90 days"),
    and the span of the period's words, or None when no period follows the rate."""
    m = _PERIOD.match(clause, end)
    if m is None:
        return None
    if m.group("year"):
        return 365.0, m.span("year")
    n = float(m.group("n"))
    unit = m.group("u").lower()
    per = {"day": 1.0, "week": 7.0, "month": 365 / 12, "year": 365.0}
    days = n * next(v for k, v in per.items() if unit.startswith(k))
    return days, (m.start("n"), m.end("u"))


def _source_of(before: str, after: str, unit: str) -> str | None:
    """The source word nearest the quantity: the fuel after "of", else the closest word
    before it ("vented 2,000 mcf, producing 2.4 Bcf": production), else one after it."""
    of = re.match(r"\s*(?:of|in)\s+(?P<what>[a-z ]{2,30})", after)
    if of:
        for name, pattern in _SOURCES:
            if re.search(rf"\b(?:{pattern})", of.group("what")):
                return name
    nearest: tuple[int, str] | None = None
    for name, pattern in _SOURCES:
        for m in re.finditer(rf"\b(?:{pattern})", before):
            if nearest is None or m.start() > nearest[0]:
                nearest = (m.start(), name)
    if nearest is not None:
        return nearest[1]
    for name, pattern in _SOURCES:
        if re.search(rf"\b(?:{pattern})", after):
            return name
    if unit == "kwh":
        return "electricity"
    if unit == "boe":
        return "production"
    return None


def extract_activities(text: str) -> list[Activity]:
    hit = find_activities(text)
    return hit.value if hit else []


# --------------------------------------------------------------------------- inventory choices


def find_gwp(text: str) -> Found | None:
    """ "using AR6", "AR4 GWPs", "IPCC AR-5", "the sixth assessment report"."""
    m = re.search(r"\bar\s?-?(?P<n>[456])\b", text, re.IGNORECASE)
    if m:
        return Found(f"AR{m.group('n')}", (m.span(),))
    words = {"fourth": "AR4", "fifth": "AR5", "sixth": "AR6"}
    m = re.search(r"\b(?P<w>fourth|fifth|sixth)\s+assessment", text, re.IGNORECASE)
    return Found(words[m.group("w").lower()], (m.span(),)) if m else None


def find_flare_efficiency(text: str) -> Found | None:
    """ "95% combustion efficiency", "flare efficiency is 95%", "flared at 98%", "99% DRE"."""
    patterns = (
        r"(?:flare|combustion|destruction|burn)\s+(?:\w+\s+)?efficiency\s*(?:of|at|is|=|:|to)?\s*(?P<n>{N}\s?%)",
        r"(?P<n>{N}\s?%)\s*(?:flare\s+|combustion\s+|destruction\s+|burn\s+)(?:removal\s+)?efficiency",
        r"(?P<n>{N}\s?%)\s*(?:dre|de)\b",
        r"\b(?:dre|de)\s*(?:of|at|is|=|:|to|was)?\s*(?P<n>{N}\s?%)",
        r"flared\s+(?:[\w,.]+\s+){0,3}?(?:at|with)\s+(?P<n>{N}\s?%)(?!\s*(?:methane|ch4|c1|co2|n2))",
        # "the HP flare ... at 95% efficiency": a bare efficiency when a flare is named.
        r"\bflar\w*\b.*?\b(?:at|with|of)\s+(?P<n>{N}\s?%)\s+efficien\w*",
    )
    for pattern in patterns:
        hit = hit_at(text, pattern)
        if hit is not None:
            return finding(hit.value / 100, hit.span)
    return None


_GASES = (
    ("methane", r"methane|ch4|c1"),
    ("ethane", r"ethane|c2"),
    ("propane", r"propane|c3"),
    ("co2", r"co2|carbon\s+dioxide"),
    ("n2", r"n2|nitrogen"),
)


def find_gas_composition(text: str) -> Found | None:
    """Mole fractions stated: "85% methane", "80 mol% CH4", "1.5% CO2", "methane content of 82%"."""
    found: dict[str, float] = {}
    spans: list[tuple[int, int]] = []
    for name, words in _GASES:
        hit = hit_at(
            text,
            rf"(?P<n>{{N}}\s?(?:mol(?:e|ar)?\s?)?%)\s*(?:mol\w*\s+|by\s+(?:mole?|volume)\s+|v/v\s+)?(?:{words})\b(?!\s+intensit)",
        )
        if hit is None:
            hit = hit_at(
                text,
                rf"\b(?:{words})\s+(?:content|fraction|concentration)?\s*(?:of|is|=|:|at)\s*(?P<n>{{N}}\s?%)",
            )
        if hit is None:
            # "gas composition: methane 90%, ethane 5%, CO2 1%"
            hit = hit_at(text, rf"\b(?:{words})\s*(?P<n>{{N}}\s?(?:mol(?:e|ar)?\s?)?%)")
        if hit is not None:
            found[name] = hit.value / 100
            spans.append(hit.span)
    return Found(found, tuple(spans)) if found else None


def find_leak_region(text: str) -> Found | None:
    m = re.search(
        r"\b(?P<r>eastern|western|east|west)(?:ern)?\s+(?:u\.?\s?s\.?|us|united\s+states)\b|\b(?P<a>appalachia\w*|marcellus|utica)\b",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    region = "eastern" if m.group("a") or m.group("r").lower().startswith("east") else "western"
    return Found(region)


def find_grid_subregion(text: str) -> Found | None:
    """An eGRID subregion or a name for one: "ERCOT", "in CAMX", "SRSO", "California"."""
    low = text.lower()
    aliases = document("egrid")["aliases"]
    for alias in sorted(aliases, key=len, reverse=True):
        if aliases[alias] == "US":
            continue  # "us" is a pronoun far more often than a grid
        m = re.search(rf"\b{re.escape(alias)}\b", low)
        if m:
            return Found(text[m.start() : m.end()])
    codes = document("egrid")["tables"]["subregion_output_rates"]["entries"]
    for m in re.finditer(r"\b[A-Za-z]{4}\b", text):
        if m.group(0).upper() in codes:
            return Found(m.group(0).upper())
    return None


def _rate_kg_per_mwh(value: float, unit: str, per: str) -> float:
    mass = {
        "t": 1000.0,
        "tonne": 1000.0,
        "tonnes": 1000.0,
        "kg": 1.0,
        "lb": 0.45359237,
        "lbs": 0.45359237,
        "g": 0.001,
    }[unit.lower()]
    return value * mass * (1000.0 if per.lower() == "kwh" else 1.0)


_RATE = r"(?P<n>{N})\s*(?P<u>t|tonnes?|kg|lbs?|g)\s*(?:co2e?\s*)?(?:/|per)\s*(?P<per>mwh|kwh)"


def _rate_after(text: str, lead: str) -> Found | None:
    rx = re.compile((lead + r"\s*(?:is|of|=|:|at)?\s*" + _RATE).replace("{N}", _N), re.IGNORECASE)
    m = rx.search(text)
    if not m:
        return None
    nums = numbers(m.group("n"))
    if not nums:
        return None
    span = (m.start("n"), m.end("per"))
    return finding(_rate_kg_per_mwh(nums[0].value, m.group("u"), m.group("per")), span)


def find_supplier_factor(text: str) -> Found | None:
    """ "our supplier's rate is 0.3 t/MWh", "market-based at 700 lb/MWh"."""
    return _rate_after(
        text,
        r"(?:supplier'?s?|utility'?s?|market[-\s]based)\s+(?:emission\s+|emissions\s+)?(?:factor|rate)?",
    )


def find_grid_factor(text: str) -> Found | None:
    """ "a grid factor of 400 kg/MWh", "grid intensity 0.42 t/MWh"."""
    return _rate_after(text, r"grid\s+(?:emission\s+|emissions\s+)?(?:factor|rate|intensity)")


def find_mcf_per_boe(text: str) -> Found | None:
    """ "at 5.8 Mcf per BOE", "6:1 gas to oil", "a BOE factor of 5.8"."""
    hit = hit_at(text, r"(?P<n>{N})\s*(?:mcf|mscf)\s*(?:per|/|to\s+(?:a|the|one))\s*boe")
    if hit is None:
        hit = hit_at(text, r"boe\s+(?:factor|conversion)\s+(?:of\s+)?(?P<n>{N})")
    if hit is None:
        # "6:1 gas to BOE": the ratio is one figure, both its numbers are read.
        ratio = re.search(r"(?<![\d.,])(?P<n>\d+(?:\.\d+)?)\s?:\s?1\b", text)
        if ratio is not None:
            return finding(float(ratio.group("n")), ratio.span())
    return finding(hit.value, hit.span) if hit else None


def find_focus(text: str) -> Found | None:
    """What the question asks for, when it is one figure rather than the inventory."""
    low = text.lower()
    asks = (
        ("report", r"(?<!assessment\s)\b(?:report|export|ghgrp|xlsx|excel|spreadsheet|download)\b"),
        ("methane_intensity", r"\bmethane\s+intensit\w*"),
        ("flaring_intensity", r"\bflar\w*\s+intensit\w*"),
        (
            "carbon_intensity",
            r"\b(?:carbon|ghg|emissions?|co2e?)\s+intensit\w*|\bintensit\w*\s+per\s+boe|\bper\s+(?:boe|barrel)\b|\bintensity\b|\b(?:co2e?|ghg|kg)\s*/\s*boe\b",
        ),
        (
            "scope2",
            r"\b(?:just|only)\s+(?:the\s+)?scope\s?2|\bscope\s?2\s+(?:only|alone)\b|(?<!1\s)(?<!1\sand\s)(?<!1\s\+\s)\bscope\s?2\s+(?:of|for|from)\s+(?:the|my|our|this)\b|\bpurchased\s+(?:power|electricity)\s+emissions\b",
        ),
        (
            "methane",
            r"\b(?:just|only)\s+(?:the\s+)?(?:methane|ch4)\b|\b(?:methane|ch4)\s+only\b|\b(?:methane|ch4)\s+total\b|\btotal\s+(?:methane|ch4)\b|\bhow\s+much\s+methane|\bmethane\s+(?:emission\w*|emitted|vented)\b|\bch4\s+emission\w*|\bleak\s+methane\b",
        ),
    )
    for name, pattern in asks:
        if re.search(pattern, low):
            return Found(name)
    return None


_SOURCE_WORDS = (
    ("pneumatic", r"pn[eu]{1,2}matic\w*|controllers?"),
    ("flare", r"\bflares?\b"),
    ("tank", r"\btanks?\b|tank\s+vapou?rs?"),
    ("compressor", r"\bcompressors?\b"),
    ("heater", r"\bheaters?\b|\btreaters?\b"),
    ("generator", r"\bgenerators?\b"),
    ("rig", r"\brigs?\b"),
    ("electricity", r"\belectricity\b|\bpurchased\s+power\b"),
)


def find_source_filter(text: str) -> Found | None:
    """One source asked about in a file: "how much do the pneumatic controllers emit"."""
    if not re.search(
        r"\b(?:how\s+much|what\s+(?:do|does|are|is)|emissions?\s+(?:of|from))\b", text, re.I
    ):
        return None
    for name, pattern in _SOURCE_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return Found(name)
    return None


def find_report_formats(text: str) -> Found | None:
    low = text.lower()
    formats = [
        f
        for f, p in (("csv", r"\bcsv\b"), ("xlsx", r"\bxlsx\b|\bexcel\b|\bspreadsheet\b"))
        if re.search(p, low)
    ]
    return Found(formats) if formats else None


# --------------------------------------------------------------------------- carbon price


def find_carbon_price(text: str) -> Found | None:
    """ "$50/t", "$50 per tonne", "carbon price of $80", "a $50 carbon tax", "$65/tCO2e"."""
    v = hit_at(
        text,
        r"(?P<n>\$?\s?{N})\s*(?:/|per\s+|a\s+)\s*(?:t\b|tco2e?|tonnes?|tons?|metric\s+tons?|mt\s?co2e?)",
    )
    if v is None:
        v = hit_at(text, r"(?P<n>\$\s?{N})\s+(?:carbon|co2|ghg)\s+(?:price|tax|cost|levy)")
    if v is None:
        v = hit_at(
            text,
            r"(?:carbon|co2|ghg)\s+(?:price|tax|cost|levy)\s*(?:at|of|=|:|@|is)?\s*(?P<n>\$?\s?{N})",
        )
    return finding(v.value, v.span) if v else None


def extract_carbon_price(text: str) -> float | None:
    hit = find_carbon_price(text)
    return hit.value if hit else None


def find_escalation(text: str) -> Found | None:
    """ "escalating 5% a year", "rising 10%/yr", "with 3% annual escalation"."""
    hit = hit_at(
        text,
        r"(?:escalat\w*|ris(?:e|es|ing)|increas\w*|grow\w*|inflat\w*)\s+(?:at\s+|by\s+)?(?P<n>{N}\s?%)",
    )
    if hit is None:
        hit = hit_at(
            text,
            r"(?P<n>{N}\s?%)\s*(?:/\s*yr\s+|a\s+year\s+|per\s+year\s+|annual\s+|yearly\s+)?escalat\w*",
        )
    return finding(hit.value / 100, hit.span) if hit else None


def find_carbon_period(text: str) -> Found | None:
    low = text.lower()
    if re.search(
        r"\b(?:annual|yearly)\s+(?:net\s+)?(?:cash\s+)?flows?\b|\bflows?\s+(?:by|per|a)\s+year\b|\byearly\b",
        low,
    ):
        return Found("annual")
    if re.search(r"\bmonthly\s+(?:net\s+)?(?:cash\s+)?flows?\b", low):
        return Found("monthly")
    return None


def find_annual_tonnes(text: str) -> Found | None:
    """Annual emissions stated directly: "we emit 12,000 t CO2e a year", "15 kt"."""
    m = re.search(
        rf"(?P<n>{_N})\s*(?P<u>kt|kilotonnes?|mt|t|tonnes?|tons?)\s*(?:of\s+)?(?:co2e?|ghg|carbon|emissions)",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    value = numbers(m.group("n"))[0].value
    unit = m.group("u")
    display = "kt" if unit.lower().startswith("k") else "Mt" if unit == "Mt" else "t"
    return finding(units.convert(value, display, "t"), m.span())


def find_scopes(text: str) -> Found | None:
    """The scopes named: "Scope 1", "scope 1 and 2", "Scope 1+2"."""
    found: list[int] = []
    spans: list[tuple[int, int]] = []
    for m in re.finditer(
        r"\bscopes?\s*(?P<list>[123](?:\s*(?:,|and|&|\+|/|or)\s*[123])*)", text, re.I
    ):
        for d in re.finditer(r"[123]", m.group("list")):
            if int(d.group(0)) not in found:
                found.append(int(d.group(0)))
        spans.append(m.span("list"))
    return Found(found, tuple(spans)) if found else None


def find_intensity(text: str) -> Found | None:
    """Whether a carbon intensity is asked for."""
    asked = re.search(
        r"\bintensit\w*|per\s+(?:boe|barrel|bbl)\b|\b(?:co2e?|ghg|kg)\s*/\s*boe\b",
        text,
        re.IGNORECASE,
    )
    return Found(True) if asked else Found(False)


def find_mentions_file(text: str) -> Found | None:
    return Found(mentions_file(text))


# --- registration -----------------------------------------------------------------------

_INV = "emissions_inventory"
_REPORT = "emissions_report"
_CARBON = "carbon_price_impact"


def _show_activities(value: list[Activity]) -> tuple[str, str]:
    shown = []
    for a in value:
        what = a.source.replace("_", " ")
        amount = f"{a.quantity:,.6g}" + (f" {a.unit}" if a.unit else "")
        shown.append(f"{what} {amount}")
    return "; ".join(shown), ""


binds(_INV, _REPORT, _CARBON, name="activities", label="Activity data", show=_show_activities)(
    find_activities
)
binds(_INV, _CARBON, name="scopes", label="Scopes")(find_scopes)
binds(_INV, _REPORT, name="gwp", label="GWP set")(find_gwp)
binds(_INV, _REPORT, name="flare_efficiency", label="Flare combustion efficiency", unit="fraction")(
    find_flare_efficiency
)
binds(
    _INV,
    _REPORT,
    name="gas_composition",
    label="Gas composition",
    show=lambda v: (", ".join(f"{k} {100 * x:g}%" for k, x in v.items()), "mole fractions"),
)(find_gas_composition)
binds(_INV, _REPORT, name="leak_region", label="Equipment-leak region", figure=False)(
    find_leak_region
)
binds(_INV, _REPORT, name="grid_subregion", label="eGRID subregion", figure=False)(
    find_grid_subregion
)
binds(
    _INV,
    _REPORT,
    name="supplier_factor",
    label="Supplier emission rate",
    argument="supplier_factor_kg_per_mwh",
    unit="kg/MWh",
)(find_supplier_factor)
binds(
    _INV,
    _REPORT,
    name="grid_factor",
    label="Grid emission rate",
    argument="grid_factor_kg_per_mwh",
    unit="kg/MWh",
)(find_grid_factor)
binds(_INV, _REPORT, name="mcf_per_boe", label="Gas to BOE", unit="Mcf/BOE")(find_mcf_per_boe)
binds(_INV, name="intensity", label="Carbon intensity asked", figure=False)(find_intensity)
binds(_INV, name="focus", label="Asked for", figure=False)(find_focus)
binds(_INV, name="source_filter", label="Source asked about", figure=False)(find_source_filter)
binds(_INV, _REPORT, name="mentions_file", label="About the file", figure=False)(find_mentions_file)
binds(_REPORT, name="formats", label="Report formats", figure=False)(find_report_formats)
binds(_CARBON, name="carbon_price", label="Carbon price", unit="$/t")(find_carbon_price)
binds(_CARBON, name="escalation", label="Carbon price escalation", unit="fraction")(find_escalation)
binds(_CARBON, name="period", label="Cash-flow period", figure=False)(find_carbon_period)
binds(
    _CARBON,
    name="annual_emissions_t",
    label="Annual emissions",
    argument="annual_emissions_tco2e",
    unit="t",
)(find_annual_tonnes)
