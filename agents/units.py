"""Units, once: one pint registry with the oilfield units, and how analysts spell them.

Everything that turns "2.5 MMcf/d", "800 BOPD", "$6MM", "30,000 gallons" or
"12.5 %" into a number in a tool's unit goes through here, instead of factor
tables scattered through the parser. Oilfield "M" means thousand and "MM"
million (Mcf, MMcf, MMBtu, MBOE), not SI mega; ``bbl`` is the 42-gallon oil
barrel (pint's own ``barrel`` is the 31.5-gallon one, so it is redefined).

BOE has a dimension of its own: turning gas into BOE needs a stated factor
(6 Mcf/BOE by default elsewhere), never a silent unit conversion.

- ``ureg`` / ``Q_``: the registry and its Quantity.
- ``SPELLINGS``: how a unit is typed (lower case) -> its display name.
- ``UNITS``: display name -> pint expression.
- ``unit_at(text, pos)``: the unit spelled at ``pos`` (after a number), if any.
- ``convert(value, unit, to)``: between display names or pint expressions.
"""

from __future__ import annotations

import re

import pint

ureg = pint.UnitRegistry(on_redefinition="ignore")
Q_ = ureg.Quantity

for definition in (
    "barrel = 42 * gallon = bbl",
    "cf = cubic_foot = scf",
    "Mcf = 1e3 * cubic_foot = Mscf",
    "MMcf = 1e6 * cubic_foot = MMscf",
    "Bcf = 1e9 * cubic_foot",
    "MMBtu = 1e6 * Btu",
    "BOE = [oil_equivalent] = boe",
    "MBOE = 1e3 * BOE",
    "MMBOE = 1e6 * BOE",
    "USD = [currency] = usd",
    "kt = 1e3 * metric_ton",
    "Mt = 1e6 * metric_ton",
    "tCO2e = metric_ton",
):
    ureg.define(definition)

# Display name -> pint expression. Display names are what answers print.
UNITS: dict[str, str] = {
    "bbl": "bbl",
    "Mbbl": "1e3 * bbl",
    "MMbbl": "1e6 * bbl",
    "Mcf": "Mcf",
    "MMcf": "MMcf",
    "Bcf": "Bcf",
    "scf": "cf",
    "BOE": "BOE",
    "MBOE": "MBOE",
    "MMBOE": "MMBOE",
    "bbl/d": "bbl / day",
    "Mbbl/d": "1e3 * bbl / day",
    "Mcf/d": "Mcf / day",
    "MMcf/d": "MMcf / day",
    "Bcf/d": "Bcf / day",
    "BOE/d": "BOE / day",
    "m3": "meter ** 3",
    "gal": "gallon",
    "L": "liter",
    "kWh": "kilowatt_hour",
    "MWh": "megawatt_hour",
    "GWh": "gigawatt_hour",
    "MMBtu": "MMBtu",
    "Btu": "Btu",
    "t": "metric_ton",
    "kt": "kt",
    "Mt": "Mt",
    "kg": "kilogram",
    "lb": "pound",
    "$": "USD",
    "$/bbl": "USD / bbl",
    "$/Mcf": "USD / Mcf",
    "$/MMBtu": "USD / MMBtu",
    "$/BOE": "USD / BOE",
    "$/t": "USD / metric_ton",
    "$/gal": "USD / gallon",
    "$/MWh": "USD / megawatt_hour",
    "$/month": "USD / month",
    "$/yr": "USD / year",
    "$/well": "USD",
    "%": "percent",
    "%/yr": "percent / year",
    "%/mo": "percent / month",
    "yr": "year",
    "mo": "month",
    "d": "day",
    "hr": "hour",
    "1/yr": "1 / year",
}

_PER_DAY = ("/d", "/day", " per day", " a day", "pd", "d", " /d", " / d", " /day", "/ d")
_PER_YEAR = (
    "/yr",
    "/year",
    " per year",
    " a year",
    " per annum",
    " pa",
    " p.a.",
    "/y",
    " annually",
    " yearly",
    " per yr",
    " a yr",
    " / yr",
    " / year",
)
_PER_MONTH = ("/mo", "/month", " per month", " a month", " monthly", " / month", " / mo")


def _spellings() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(display: str, *names: str) -> None:
        for name in names:
            table[name.lower()] = display

    # Rates first in meaning (the longest spelling wins anyway).
    oil = ("bbl", "bbls", "barrel", "barrels", "bo", "stb", "bbl oil", "barrels of oil")
    for per in _PER_DAY:
        if per in {"pd", "d"}:
            continue
        add("bbl/d", *(o + per for o in oil))
        add("Mcf/d", *(g + per for g in ("mcf", "mscf", "thousand cubic feet")))
        add("MMcf/d", *(g + per for g in ("mmcf", "mmscf", "million cubic feet")))
        add("Bcf/d", "bcf" + per)
        add("BOE/d", *(b + per for b in ("boe", "barrels of oil equivalent")))
        add("Mbbl/d", "mbbl" + per, "mbo" + per)
    add("bbl/d", "bopd", "bpd", "b/d", "bod", "bbld", "bbl/day", "stb/d", "bblpd", "bbls/d")
    add("Mcf/d", "mcfd", "mcfpd", "mscfd", "mcf/day")
    add("MMcf/d", "mmcfd", "mmcfpd", "mmscfd", "mmscf/d")
    add("Bcf/d", "bcfd")
    add("BOE/d", "boepd", "boed", "boe/day")
    add("Mbbl/d", "mbopd", "mbpd", "mbbld")
    # Volumes and energy.
    add("bbl", *oil, "bbls oil", "stbo")
    add("Mbbl", "mbbl", "mbbls", "mbo", "thousand barrels")
    add("MMbbl", "mmbbl", "mmbbls", "mmbo", "million barrels")
    add("Mcf", "mcf", "mscf", "thousand cubic feet")
    add("MMcf", "mmcf", "mmscf", "million cubic feet")
    add("Bcf", "bcf", "billion cubic feet")
    add("scf", "scf", "cf", "cubic feet", "standard cubic feet")
    add("BOE", "boe", "barrels of oil equivalent")
    add("MBOE", "mboe")
    add("MMBOE", "mmboe")
    add("m3", "m3", "m\u00b3", "cubic metres", "cubic meters")
    add("gal", "gal", "gals", "gallon", "gallons", "us gallons")
    add("L", "l", "litre", "litres", "liter", "liters")
    add("kWh", "kwh")
    add("MWh", "mwh")
    add("GWh", "gwh")
    add("MMBtu", "mmbtu", "mmbtus")
    add("Btu", "btu")
    # Masses (tonnes are metric; "tons" of CO2 in these reports are metric too).
    add(
        "t",
        "t",
        "tonne",
        "tonnes",
        "ton",
        "tons",
        "metric tons",
        "metric tonnes",
        "tco2e",
        "tco2",
        "t co2e",
        "t co2",
        "tch4",
        "t ch4",
    )
    add("t", "mt", "mt co2e", "mtco2e", "mt co2")
    add("kt", "kt", "kilotonnes", "kilotons", "ktco2e", "kt co2e")
    add("Mt", "mmt", "megatonnes", "million tonnes", "mmtco2e", "mmt co2e")
    add("kg", "kg", "kgs", "kilograms", "kg ch4", "kg co2e")
    add("lb", "lb", "lbs", "pounds")
    # Times.
    add("yr", "year", "years", "yr", "yrs", "y")
    add("mo", "month", "months", "mo", "mos", "mth", "mths")
    add("d", "day", "days")
    add("hr", "hour", "hours", "hr", "hrs")
    return table


SPELLINGS: dict[str, str] = _spellings()

# After a "$" amount: what it is per.
MONEY_PER: dict[str, str] = {
    "bbl": "$/bbl",
    "bbls": "$/bbl",
    "barrel": "$/bbl",
    "bo": "$/bbl",
    "stb": "$/bbl",
    "mcf": "$/Mcf",
    "mscf": "$/Mcf",
    "thousand cubic feet": "$/Mcf",
    "mmbtu": "$/MMBtu",
    "boe": "$/BOE",
    "t": "$/t",
    "tonne": "$/t",
    "ton": "$/t",
    "tco2e": "$/t",
    "tco2": "$/t",
    "t co2e": "$/t",
    "metric ton": "$/t",
    "gal": "$/gal",
    "gallon": "$/gal",
    "mwh": "$/MWh",
    "month": "$/month",
    "mo": "$/month",
    "year": "$/yr",
    "yr": "$/yr",
    "well": "$/well",
}

# "$" amount then "/bbl", "per barrel", "a tonne", "per metric ton of CO2e"
_MONEY_PER_RX = re.compile(
    r"\s*(?:/|per\s+|an?\s+|each\s+)\s*(?P<u>"
    + "|".join(sorted((re.escape(k) for k in MONEY_PER), key=len, reverse=True))
    + r")(?:e?s)?(?![a-z0-9])",
    re.IGNORECASE,
)

_UNIT_RX = re.compile(
    r"\s?(?P<u>"
    + "|".join(sorted((re.escape(k) for k in SPELLINGS), key=len, reverse=True))
    + r")(?![a-z0-9\u00b3])",
    re.IGNORECASE,
)
_RATE_SUFFIX = re.compile(
    r"(?P<per>"
    + "|".join(re.escape(s) for s in sorted(_PER_YEAR + _PER_MONTH, key=len, reverse=True))
    + r")(?![a-z])",
    re.IGNORECASE,
)
_PERCENT_RX = re.compile(r"\s?(?:%|percent\b|pct\b)", re.IGNORECASE)


def unit_at(text: str, pos: int, *, money: bool = False) -> tuple[str, int] | None:
    """The unit written at ``pos`` (right after a number), as (display name, end), or None.

    ``money`` says the number had a "$": then only "/bbl", "per tonne", ... follow.
    A percentage may carry a period ("25%/yr", "10% a month").
    """
    if money:
        m = _MONEY_PER_RX.match(text, pos)
        if m:
            return MONEY_PER[m.group("u").lower()], m.end()
        m = re.compile(r"\s?(?:usd|dollars?|bucks)\b", re.IGNORECASE).match(text, pos)
        return ("$", m.end()) if m else ("$", pos)
    m = _PERCENT_RX.match(text, pos)
    if m:
        per = _RATE_SUFFIX.match(text, m.end())
        if per:
            unit = "%/mo" if per.group("per").lower() in _PER_MONTH else "%/yr"
            return unit, per.end()
        return "%", m.end()
    m = re.compile(r"\s?(?:dollars?|usd|bucks)\b", re.IGNORECASE).match(text, pos)
    if m:
        per = _MONEY_PER_RX.match(text, m.end())
        if per:
            return MONEY_PER[per.group("u").lower()], per.end()
        return "$", m.end()
    m = _UNIT_RX.match(text, pos)
    if not m:
        return None
    display = SPELLINGS[m.group("u").lower()]
    if m.group("u").startswith("Mt"):
        display = "Mt"  # megatonnes; "MT" and "mt" are metric tons
    end = m.end()
    # A volume followed by "per day" is a rate.
    if display in {"bbl", "Mcf", "MMcf", "Bcf", "BOE", "Mbbl"}:
        day = re.compile(r"\s?(?:/\s?d(?:ay)?\b|per\s+day\b|a\s+day\b|pd\b)", re.IGNORECASE)
        per = day.match(text, end)
        if per:
            return display + "/d", per.end()
    if display == "yr" and m.group("u") == "y" and text[end : end + 1] == ".":
        return None
    return display, end


def quantity(value: float, unit: str) -> pint.Quantity:
    """``value`` in ``unit`` (a display name or a pint expression) as a pint Quantity."""
    return value * ureg.parse_expression(UNITS.get(unit, unit))


def convert(value: float, unit: str, to: str) -> float:
    """``value`` from ``unit`` to ``to`` (display names or pint expressions).

    Raises ``pint.DimensionalityError`` when they do not measure the same thing.
    """
    target = ureg.parse_expression(UNITS.get(to, to))
    if isinstance(target, pint.Quantity):
        # A unit defined with a factor ("Mbbl" is "1e3 * bbl"): ``to`` takes only its
        # units, so the factor divides here.
        return float(quantity(value, unit).to(target.units).magnitude / target.magnitude)
    return float(quantity(value, unit).to(target).magnitude)


def dimension(unit: str) -> str:
    """What a unit measures: "oil rate", "gas rate", "boe rate", "oil volume", "gas volume",
    "boe", "money", "money per oil", "money per gas", "percent", "percent per time",
    "time", "mass", "energy", "volume", or "" (unknown)."""
    if not unit:
        return ""
    return _DIMENSIONS.get(unit, "")


_DIMENSIONS = {
    "bbl/d": "oil rate",
    "Mbbl/d": "oil rate",
    "Mcf/d": "gas rate",
    "MMcf/d": "gas rate",
    "Bcf/d": "gas rate",
    "BOE/d": "boe rate",
    "bbl": "oil volume",
    "Mbbl": "oil volume",
    "MMbbl": "oil volume",
    "Mcf": "gas volume",
    "MMcf": "gas volume",
    "Bcf": "gas volume",
    "scf": "gas volume",
    "BOE": "boe",
    "MBOE": "boe",
    "MMBOE": "boe",
    "m3": "volume",
    "gal": "volume",
    "L": "volume",
    "kWh": "energy",
    "MWh": "energy",
    "GWh": "energy",
    "MMBtu": "energy",
    "Btu": "energy",
    "t": "mass",
    "kt": "mass",
    "Mt": "mass",
    "kg": "mass",
    "lb": "mass",
    "$": "money",
    "$/bbl": "money per oil",
    "$/BOE": "money per oil",
    "$/Mcf": "money per gas",
    "$/MMBtu": "money per gas",
    "$/t": "money per mass",
    "$/gal": "money per volume",
    "$/MWh": "money per energy",
    "$/month": "money per time",
    "$/yr": "money per time",
    "$/well": "money",
    "%": "percent",
    "%/yr": "percent per time",
    "%/mo": "percent per time",
    "yr": "time",
    "mo": "time",
    "d": "time",
    "hr": "time",
}
