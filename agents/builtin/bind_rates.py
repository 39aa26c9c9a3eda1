"""Rates, economic limits and times: "800 BOPD", "2.5 MMcf/d", "EUR to 10 bbl/d", "until it
hits 20", "rate after 2 years", "over 30 years", each found with its span.

Registered for ``forecast_decline`` and ``fit_decline``. Rates are converted
with ``agents.units`` to the tools' bbl/d, Mcf/d or BOE/d.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents import units
from agents.builtin.binding import Found, binds, finding
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import glued as _glued
from agents.builtin.numbers import hit_at, numbers

DECLINE_KINDS = ("forecast_decline", "fit_decline")
_RATE_UNITS = {"bbl/d": "bbl/d", "mcf/d": "Mcf/d", "boe/d": "BOE/d", "": ""}

_PER_DAY = r"(?:\s?/\s?d(?:ay)?\b|\s?per\s+day\b|\s?a\s+day\b|\s?pd\b|d\b)"
_OIL_UNIT = r"(?:bbls?|barrels?|bo|stb|bbl\s?oil)"
_GAS_UNIT = r"(?P<gasunit>mmscf|mmcf|mscf|mcf|bcf|thousand\s+cubic\s+feet|million\s+cubic\s+feet)"
_BOE_UNIT = r"(?:boe|barrels?\s+of\s+oil\s+equivalent)"


@dataclass(frozen=True)
class Rate:
    """A production rate per day: ``value`` in ``unit`` (bbl/d, mcf/d or boe/d)."""

    value: float
    unit: str
    phase: str  # oil, gas or boe


def rates(text: str) -> list[tuple[int, int, Rate]]:
    """Every daily rate in the text with its span, in order: "800 bbl/d", "800bopd",
    "2.5 MMcf/d", "2,500 mcfd", "1,200 boe/d", "900 barrels per day"."""
    found: list[tuple[int, int, Rate]] = []
    for m in re.finditer(
        rf"(?P<n>{_N})\s*(?:{_GAS_UNIT}\s*(?:{_PER_DAY}|/\s?d)|(?P<gasunit2>mmcfd|mcfd|mmscfd|mscfd|mcfpd|mmcfpd|bcfd)\b)",
        text,
        re.IGNORECASE,
    ):
        unit = (m.group("gasunit") or m.group("gasunit2")).lower().replace("s", "")
        value = numbers(m.group("n"))[0].value
        spelled = "MMcf" if unit.startswith(("mmcf", "million")) else "Mcf"
        if unit.startswith("bcf"):
            spelled = "Bcf"
        value = units.convert(value, spelled + "/d", "Mcf/d")
        found.append((m.start(), m.end(), Rate(value=value, unit="mcf/d", phase="gas")))
    for m in re.finditer(
        rf"(?P<n>{_N})\s*(?:{_BOE_UNIT}\s*{_PER_DAY}|boepd\b|boed\b|boe/d\b)",
        text,
        re.IGNORECASE,
    ):
        value = numbers(m.group("n"))[0].value
        found.append((m.start(), m.end(), Rate(value=value, unit="boe/d", phase="boe")))
    for m in re.finditer(
        rf"(?P<n>{_N})\s*(?:{_OIL_UNIT}\s*{_PER_DAY}|bopd\b|bpd\b|b/d\b|stb/d\b|bod\b)",
        text,
        re.IGNORECASE,
    ):
        nums = numbers(m.group("n"))
        if nums and not nums[0].percent:
            found.append((m.start(), m.end(), Rate(value=nums[0].value, unit="bbl/d", phase="oil")))
    found = [f for f in found if f[2].value > 0]
    found.sort(key=lambda f: f[0])
    return found


# Words that put a rate as the end of a forecast: "economic limit 5 bbl/d", "EUR to 10 bopd",
# "until it hits 20", "when does it reach 15 bbl/d", "abandon at 2 bopd", "down to 10".
_LIMIT_WORDS = re.compile(
    r"(?:\bec(?:on(?:omic)?)?\.?\s*lim(?:it)?|q\s?_?(?:lim|ab|el)\b|\bEL\b|abandon\w*|shut[- ]?in|plug\w*|"
    r"cut-?\s?off|\bstop(?:s|ped|ping)?\b|(?:min(?:imum)?|floor|limit(?:ing)?)\s+rate|rate\s+limit|\blimit\b|"
    r"down\s+to|\buntil\b|\btill\b|\bhit(?:s|ting)?\b|\breach(?:es|ed|ing)?\b|"
    r"\bgets?\s+(?:down\s+)?to|\b(?:falls?|drops?|declines?|goes|gets)\s+(?:down\s+)?(?:to|below|under)|"
    r"\beur\s+(?:down\s+)?(?:to|at)\b)"
    # Between the phrase and its number only small words ("until it hits 20", "a limit of
    # 5"): a looser gap would take the next figure ("limit and qi of 600 bopd").
    r"(?P<gap>(?:\s*[:=~@]|\s+(?:it|the|its|rate|production|well|oil|gas|of|at|is|to|about|"
    r"around|approx\w*|roughly|a|an|limit|below|under|down|gets?|falls?|drops?|hits?|"
    r"reach(?:es)?|be|will|does|do|when|of\s+about))*\s*)"
    r"(?P<n>\d[\d,]*(?:\.\d+)?|\.\d+)",
    re.IGNORECASE,
)


# The same said the other way round: "a 10 bbl/d economic limit", "5 bopd cutoff".
_LIMIT_AFTER = re.compile(
    rf"(?P<n>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?:{_OIL_UNIT}\s*{_PER_DAY}|bopd|bpd|b/d|"
    rf"m{{0,2}}s?cf\s?(?:/\s?d(?:ay)?|pd|d)|boe\s?(?:/\s?d(?:ay)?|pd|d))\s+"
    rf"(?:ec(?:on(?:omic)?)?\.?\s+)?(?:limit|cut-?\s?off)\b",
    re.IGNORECASE,
)


# "... TO 15 BOPD", "from 400 bopd at 40% a year to 5 bopd": a rate with its unit after a
# bare "to" is where the forecast stops (a bare number after "to" is not: "up to 3 wells").
_TO_RATE = re.compile(
    rf"\bto\s+(?:an?\s+|the\s+)?(?P<n>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?={_OIL_UNIT}\s*{_PER_DAY}|bopd|bpd|"
    rf"b/d|m{{0,2}}s?cf\s?(?:/\s?d(?:ay)?|pd|d\b)|boe\s?(?:/\s?d(?:ay)?|pd|d\b))",
    re.IGNORECASE,
)


def _describes_the_well(text: str, m: re.Match[str]) -> bool:
    """ "until a 650 bopd well hits 10": the rate before "well" is the well's, not a limit."""
    for start, end, _rate in rates(text):
        if start <= m.start("n") < end:
            return re.match(r"\s*(?:oil\s+|gas\s+)?wells?\b", text[end:], re.IGNORECASE) is not None
    return False


def _limit_match(text: str) -> re.Match[str] | None:
    """The first limit phrase whose number is a rate, not a time or a percentage."""
    for m in _LIMIT_AFTER.finditer(text):
        if not re.search(r"[\d.]\s*$", text[: m.start("n")]):
            return m
    for m in _LIMIT_WORDS.finditer(text):
        if _glued(text, m.start("n")) or _describes_the_well(text, m):
            continue
        after = text[m.end("n") : m.end("n") + 14].lower()
        if re.match(
            r"\s*(?:%|percent|years?|yrs?|months?|mos?|days?|\$|/\s?(?:yr|year|mo))", after
        ):
            continue
        if re.match(r"\s*\d{3}", after) or re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
            continue  # "until 2040" is a date
        if re.search(r"\b(?:year|month|age|day)\s*$", m.group("gap"), re.IGNORECASE):
            continue  # "until year 5"
        return m
    for m in _TO_RATE.finditer(text):
        if _describes_the_well(text, m) or re.search(
            r"(?:\bback|\brestor\w*|\bre-?\s?fr?ac\w*\s+(?:at|in|after)\s+(?:month\s+|year\s+)?\d+\s*(?:months?|years?)?|"
            r"\bfrom\s+\d[\d,.]*\s*\w*)\s*$",
            text[: m.start()],
            re.IGNORECASE,
        ):
            continue  # "back to 600 bopd" is a re-frac's rate; "from 800 to 600" a change
        return m
    return None


def limit_span(text: str) -> tuple[int, int] | None:
    m = _limit_match(text)
    return (m.start("n"), m.end("n")) if m else None


def find_economic_limit(text: str) -> Found | None:
    """The rate where the forecast stops: "economic limit of 5 bbl/d", "EUR to 10 bopd",
    "until it hits 20 bbl/d", "when does it reach 15", "abandon at 2 bopd", "down to 10 mcfd".
    A bare number ("hits 20") takes the unit of the well's rate."""
    m = _limit_match(text)
    if m is None:
        return None
    for start, end, rate in rates(text):
        if start <= m.start("n") < end:
            return finding(rate, (start, end))
    nums = numbers(text[m.start("n") :])
    if not nums or nums[0].percent or nums[0].value <= 0:
        return None
    at = m.start("n")
    return finding(
        Rate(value=nums[0].value, unit="", phase=""), (at + nums[0].start, at + nums[0].end)
    )


def extract_economic_limit(text: str) -> Rate | None:
    hit = find_economic_limit(text)
    return hit.value if hit else None


_TIME_UNIT = r"(?P<unit>years?|yrs?|y\b|months?|mos?\b|mths?)"

# A point in time to report at: "rate after 2 years", "cumulative at 5 yrs", "in year 3",
# "by month 18", "after 6 months". Not "over/for/next N years" (a horizon).
_AT_TIME = re.compile(
    rf"\b(?:after|at|by|in|at\s+the\s+end\s+of|end\s+of)\s+(?:the\s+)?(?:first\s+)?"
    rf"(?:(?P<n1>\d+(?:\.\d+)?)\s*[- ]?{_TIME_UNIT}"
    rf"|(?P<unit2>year|yr|month)\s*(?P<n2>\d+(?:\.\d+)?))",
    re.IGNORECASE,
)


# More times after the first: "at 5 years and 10 years", "after 1, 2 and 5 years".
_AT_MORE = re.compile(
    rf"\s*(?:,|and|&|or|plus)\s*(?:(?:and|at|after|in|by)\s+)?(?:(?P<pre>year|yr|month)\s*)?(?P<n>\d+(?:\.\d+)?)\s*[- ]?{_TIME_UNIT}?",
    re.IGNORECASE,
)
# "the 5-yr cum", "2-year rate", "18 month cumulative": a time before what is asked.
_TIME_BEFORE_ASK = re.compile(
    rf"(?P<n1>\d+(?:\.\d+)?)\s*[- ]?{_TIME_UNIT}\s+(?:cum\w*|rate|production|volume|recovery)\b",
    re.IGNORECASE,
)
# "after 1, 2 and 5 years": a list of bare numbers ending in the unit.
_AT_LIST = re.compile(
    rf"\b(?:after|at|by|in)\s+(?P<list>\d+(?:\.\d+)?(?:\s*(?:,|and|&)\s*\d+(?:\.\d+)?)+)\s*[- ]?{_TIME_UNIT}",
    re.IGNORECASE,
)


def _at_time_matches(text: str) -> list[tuple[int, int, float]]:
    """(start, end, years) of each time to report at, in order of the text."""
    out: list[tuple[int, int, float]] = []

    def add(start: int, end: int, value: float, unit: str, listed: bool = False) -> None:
        years = value / 12.0 if unit.lower().startswith("m") else value
        if 0 < years <= 100 and (listed or not any(s <= start < e for s, e, _y in out)):
            out.append((start, end, years))

    for m in _AT_LIST.finditer(text):
        for n in re.findall(r"\d+(?:\.\d+)?", m.group("list")):
            add(m.start(), m.end(), float(n), m.group("unit"), listed=True)
    for m in _AT_TIME.finditer(text):
        if m.group("n1") is not None:
            unit = m.group("unit")
            add(m.start(), m.end(), float(m.group("n1")), unit)
        else:
            unit = m.group("unit2")
            add(m.start(), m.end(), float(m.group("n2")), unit)
        end = m.end()
        while True:
            more = _AT_MORE.match(text, end)
            if not more or not (more.group("unit") or m.group("n2") is not None):
                break
            add(
                more.start(),
                more.end(),
                float(more.group("n")),
                more.group("unit") or more.group("pre") or unit,
            )
            end = more.end()
    for m in _TIME_BEFORE_ASK.finditer(text):
        add(m.start(), m.end(), float(m.group("n1")), m.group("unit"))
    out.sort()
    return out


def find_at_years(text: str) -> Found | None:
    """Times (years from the start) the question wants the rate or cumulative at."""
    from agents.builtin.bind_fit import find_refrac

    refrac = find_refrac(text)
    taken = list(refrac.spans) if refrac is not None else []
    seen: list[float] = []
    spans = []
    for start, end, years in _at_time_matches(text):
        if any(s < end and start < e for s, e in taken):
            continue  # "re-frac at month 36" is when the new segment starts
        spans.append((start, end))
        if all(abs(years - y) > 1e-9 for y in seen):
            seen.append(years)
    return Found(seen, tuple(spans))


def extract_at_years(text: str) -> list[float]:
    hit = find_at_years(text)
    return hit.value if hit else []


def find_years(text: str) -> Found | None:
    """A horizon: "over 30 years", "for 20 yrs", "a 25-year forecast", "horizon of 15 years",
    "next 18 months". Times to report at ("after 2 years") are not horizons."""
    from agents.builtin.bind_fit import find_flat_months, find_hindcast

    rest = text
    masked = [(s, e) for s, e, _y in _at_time_matches(text)]
    for other in (find_flat_months(text), find_hindcast(text)):
        masked += list(other.spans) if other is not None else []
    for start, end in sorted(masked, reverse=True):
        # "flat for 6 months", "hindcast the last 12 months": not horizons; the unit too.
        unit = re.match(r"\s*[- ]?(?:months?|mos?|mths?|years?|yrs?)\b", rest[end:], re.I)
        end = end + unit.end() if unit else end
        rest = rest[:start] + " " * (end - start) + rest[end:]
    v = hit_at(
        rest,
        r"(?:over|for|within|next|horizon\s+of|horizon|life\s+of|through|thru)\s+(?:the\s+next\s+|a\s+|an\s+)?(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\b",
    )
    if v is None:
        v = hit_at(
            rest,
            r"(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\s+(?:forecast|horizon|life|projection|run|window)",
        )
    if v is None:
        v = hit_at(
            rest,
            r"(?<![\d.%$])(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\b(?!\s*(?:old|ago))",
        )
    if v is None:
        months = hit_at(
            rest,
            r"(?:over|for|within|next|horizon\s+of)\s+(?:the\s+next\s+)?(?P<n>\d+)\s*[- ]?(?:months?|mos?)\b",
        )
        if months is not None:
            return finding(units.convert(months.value, "mo", "yr"), months.span)
    if v is None or not 0 < v.value <= 100:
        return None
    return finding(v.value, v.span)


def extract_years(text: str) -> float | None:
    hit = find_years(text)
    return hit.value if hit else None


def show_rate(rate: Rate) -> tuple[float, str]:
    return rate.value, _RATE_UNITS.get(rate.unit, rate.unit)


binds(*DECLINE_KINDS, name="economic_limit", label="Economic limit", show=show_rate)(
    find_economic_limit
)
binds(*DECLINE_KINDS, name="years", label="Horizon", argument="horizon_years", unit="yr")(
    find_years
)
binds(*DECLINE_KINDS, name="at_years", label="Report at", unit="yr")(find_at_years)
