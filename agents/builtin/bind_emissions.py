"""Emissions arguments: activity data stated inline, a carbon price, annual emissions,
the scopes asked about, each found with its span.

Registered for ``emissions_inventory`` and ``carbon_price_impact``. Quantities
are converted with ``agents.units`` into the units the emissions tool takes
(Mcf of gas, gallons or litres of fuel, kWh of power, BOE of production).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents import units
from agents.builtin.bind_tables import mentions_file
from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import hit_at, numbers

describe_kind("emissions_inventory", "an emissions inventory")
describe_kind("carbon_price_impact", "a carbon-price effect on NPV")


@dataclass(frozen=True)
class Activity:
    """One line of activity data: what was done, how much, in which unit."""

    source: str  # flaring, venting, diesel, natural_gas, gasoline, propane, electricity, production
    quantity: float
    unit: str


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
    "MWh": "kwh",
    "GWh": "kwh",
    "kWh": "kwh",
    "MMBtu": "mmbtu",
    "BOE": "boe",
    "MBOE": "boe",
    "MMBOE": "boe",
}
_TOOL_DISPLAY = {"mcf": "Mcf", "kwh": "kWh", "l": "L", "mmbtu": "MMBtu", "boe": "BOE"}
_UNIT_RX = r"(?P<unit>mmscf|mmcf|mscf|mcf|scf|m3|m\u00b3|gallons?|gal|litres?|liters?|l|bbls?|barrels?|mwh|gwh|kwh|mmbtu|mmboe|mboe|boe|cf)\b"

_SOURCES: tuple[tuple[str, str], ...] = (
    ("flaring", r"flar\w*"),
    ("venting", r"vent\w*"),
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


def find_activities(text: str) -> Found | None:
    """Activity data in the text: "flared 12,000 mcf", "30,000 gallons of diesel", "1,200 MWh".

    Each quantity with a unit is given to the nearest source word in the
    same clause (the verb before it, or the fuel after "of").
    """
    acts: list[Activity] = []
    spans: list[tuple[int, int]] = []
    rx = re.compile(rf"(?P<n>{_N})\s*{_UNIT_RX}", re.IGNORECASE)
    for offset, clause in _clauses(text):
        for m in rx.finditer(clause):
            nums = numbers(m.group("n"))
            if not nums or nums[0].percent:
                continue
            spelled = units.unit_at(m.group("unit"), 0)
            display = spelled[0] if spelled else m.group("unit")
            unit = _TOOL_UNIT.get(display)
            if unit is None:
                continue
            qty = units.convert(nums[0].value, display, _TOOL_DISPLAY.get(unit, unit))
            after = clause[m.end() : m.end() + 40].lower()
            before = clause[max(0, m.start() - 50) : m.start()].lower()
            source = None
            # "of diesel" / "of grid power" after the quantity names the fuel.
            of = re.match(r"\s*(?:of|in)\s+(?P<what>[a-z ]{2,30})", after)
            probe = [of.group("what")] if of else []
            probe += [before, after]
            for chunk in probe:
                for name, pattern in _SOURCES:
                    if re.search(rf"\b(?:{pattern})", chunk):
                        source = name
                        break
                if source:
                    break
            if source is None:
                if unit == "kwh":
                    source = "electricity"
                elif unit == "boe":
                    source = "production"
                else:
                    continue
            if source == "production" and unit in {"mcf"}:
                source = "production_gas"
            acts.append(Activity(source=source, quantity=qty, unit=unit))
            spans.append((offset + m.start(), offset + m.end()))
    return Found(acts, tuple(spans)) if acts else None


def extract_activities(text: str) -> list[Activity]:
    hit = find_activities(text)
    return hit.value if hit else []


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
    asked = re.search(r"\bintensit\w*|per\s+(?:boe|barrel|bbl)\b", text, re.IGNORECASE)
    return Found(True) if asked else Found(False)


def find_mentions_file(text: str) -> Found | None:
    return Found(mentions_file(text))


# --- registration -----------------------------------------------------------------------

_INV = "emissions_inventory"
_CARBON = "carbon_price_impact"
binds(_INV, _CARBON, name="activities", label="Activity data")(find_activities)
binds(_INV, _CARBON, name="scopes", label="Scopes")(find_scopes)
binds(_INV, name="intensity", label="Carbon intensity asked", figure=False)(find_intensity)
binds(_INV, name="mentions_file", label="About the file", figure=False)(find_mentions_file)
binds(_CARBON, name="carbon_price", label="Carbon price", unit="$/t")(find_carbon_price)
binds(
    _CARBON,
    name="annual_emissions_t",
    label="Annual emissions",
    argument="annual_emissions_tco2e",
    unit="t",
)(find_annual_tonnes)
