"""Reading an analyst's plain-English question: which calculation, with which numbers.

The builtin agent has no language model, so this module does the reading
with regular expressions and keyword rules. ``parse_question`` returns an
``Intent``: the kind of question (named after the tool that answers it) and
the figures found in it, normalised to the units the tools use (fractions,
not percentages; dollars, not "$1.2MM"; daily rates in bbl/d or mcf/d).

Everything here is pure and deterministic: the same text always gives the
same intent, and nothing touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# --- numbers -----------------------------------------------------------------

_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}

# A number as people type it: optional sign and "$", thousands separators,
# decimals, an optional multiplier ("$1.2MM", "500k", "2 million") and an
# optional percent sign. A multiplier must not run into a unit ("mmcf",
# "bbl"), so it may not be followed by a letter or digit.
_NUMBER = re.compile(
    r"""
    (?P<neg_paren>\()?
    (?P<sign>[-+])?\s?
    (?P<dollar>\$|usd\s?|us\$)?\s?
    (?P<sign2>[-+])?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    (?![\d])
    (?:\s?(?P<mult>mm|mn|mil|million|thousand|billion|bn|k|m|b)(?![a-z0-9]))?
    (?P<pct>\s?(?:%|percent\b|pct\b))?
    (?(neg_paren)\))
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Num:
    """One number found in the text, with where it was and how it was written."""

    value: float
    start: int
    end: int
    money: bool
    percent: bool
    raw: str


def normalise(text: str) -> str:
    """Unicode minus and dashes to ASCII, non-breaking spaces to spaces."""
    return (
        text.replace("\u2212", "-")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
    )


def _tight_commas_are_thousands(text: str) -> bool:
    """Whether "1,200" means twelve hundred here.

    When the text separates list items with ", " (comma and space), a comma
    between digits is a thousands separator. When it never does, a signed
    chain with several tight commas ("-500,200,200") is a list.
    """
    return re.search(r"\d,\s+[-+$(]?\.?\d", text) is not None


def numbers(text: str, *, money_context: bool = False) -> list[Num]:
    """Every number in ``text`` (already ``normalise``d), in order.

    A bare "M" or "B" after a number counts only after "$" (else it is metres,
    minutes or a unit), unless ``money_context`` says the text is a list of
    dollar amounts ("-2.5M then 800k"). When the text also writes "MM", it
    follows the oil-patch convention (M = thousand, MM = million).
    """
    found: list[Num] = []
    thousands = _tight_commas_are_thousands(text)
    m_is_thousand = re.search(r"\d\s?mm(?![a-z])", text, re.IGNORECASE) is not None
    for m in _NUMBER.finditer(text):
        # The pattern may begin with the space before a sign; the number starts after it.
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        # A number glued to a word ("PV10", "CO2", "H2S", "A-12") is part of a name.
        if start > 0 and (text[start - 1].isalpha() or text[start - 1] == "_"):
            continue
        if m.group("sign") and start > 0 and text[start - 1].isalnum():
            # "A-12": a hyphen after a letter is not a minus sign.
            continue
        raw_num = m.group("num")
        negative = bool(m.group("neg_paren")) or "-" in (m.group("sign") or "") + (
            m.group("sign2") or ""
        )
        mult = (m.group("mult") or "").lower()
        money = bool(m.group("dollar"))
        percent = bool(m.group("pct"))
        if "," in raw_num and not thousands and negative and raw_num.count(",") >= 2:
            # "-500,200,200,200": a list typed without spaces.
            parts = raw_num.split(",")
            pos = m.start("num")
            for i, part in enumerate(parts):
                found.append(
                    Num(
                        value=-float(part) if i == 0 else float(part),
                        start=start if i == 0 else pos,
                        end=pos + len(part),
                        money=money,
                        percent=False,
                        raw=part,
                    )
                )
                pos += len(part) + 1
            continue
        if mult in {"m", "b"} and not (money or money_context):
            # A bare "m" after a number is metres or minutes more often than millions.
            mult = ""
        value = float(raw_num.replace(",", ""))
        value *= 1e3 if mult == "m" and m_is_thousand else _MULTIPLIERS.get(mult, 1.0)
        if negative:
            value = -value
        end = m.end()
        if not m.group("mult") or mult:
            pass
        else:
            # The dropped multiplier letter is not part of this number.
            end = m.start("mult")
        found.append(
            Num(value=value, start=start, end=end, money=money, percent=percent, raw=m.group(0))
        )
    return found


def _num_at(text: str, pattern: str, group: str = "n", flags: int = re.IGNORECASE) -> float | None:
    """The number captured by ``group`` of the first match of ``pattern`` (a regex with
    ``{N}`` standing for a number), parsed with ``numbers``."""
    rx = re.compile(pattern.replace("{N}", _N), flags)
    for m in rx.finditer(text):
        if _glued(text, m.start(group)):
            continue
        nums = numbers(m.group(group))
        if nums:
            return nums[0].value
    return None


def _glued(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` is part of a name ("A-12", "PV10", "CO2")."""
    start += len(text[start:]) - len(text[start:].lstrip())
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] == "_"):
        return True
    return start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()


# A loose number for use inside bigger patterns (parsed again with ``numbers``).
_N = r"(?:\(?[-+]?\s?(?:\$|usd\s?)?\s?[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s?(?:mm|mn|million|thousand|billion|bn|k|m|b)(?![a-z0-9]))?\)?)"


# --- units and phrases ---------------------------------------------------------

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
        if unit.startswith("mmcf") or unit.startswith("million"):
            value *= 1000.0
        elif unit.startswith("bcf"):
            value *= 1_000_000.0
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


def extract_rate(text: str) -> Rate | None:
    """The well's initial rate: "qi 900 bopd", else the first daily rate that is not an
    economic limit ("... until it hits 20 bbl/d")."""
    limit_span = _limit_span(text)
    candidates = [
        f
        for f in rates(text)
        if limit_span is None or not (f[0] < limit_span[1] and f[1] > limit_span[0])
    ]
    named = re.search(
        r"\b(?:qi|q_i|ip(?:\s?\d+)?|initial\s+(?:rate|production)|starting\s+(?:rate|at)|peak\s+rate)\b\s*(?:of|=|:|is|at|@)?\s*",
        text,
        re.IGNORECASE,
    )
    if named:
        for start, end, rate in candidates:
            if start <= named.end() < end:
                return rate
        nums = numbers(text[named.end() : named.end() + 16])
        if nums and not nums[0].percent and nums[0].start == 0 and nums[0].value > 0:
            gas = extract_phase(text) == "gas"
            return Rate(
                value=nums[0].value,
                unit="mcf/d" if gas else "bbl/d",
                phase="gas" if gas else "oil",
            )
    return candidates[0][2] if candidates else None


@dataclass(frozen=True)
class Decline:
    """An initial decline rate as a fraction per year, and which convention it was given in."""

    value: float
    convention: str  # "nominal", "secant" (secant-effective) or "tangent" (tangent-effective)
    stated: str  # how the text put it, for the answer


_DECLINE_WORD = r"(?:declin\w*|decline\s+rate|\bdi\b|\bd_?i\b|initial\s+decline|\bd\s?(?==))"
_PER_YEAR = r"(?:\s?(?:a|per|each|every|/)\s?(?:year|yr|annum|y)\b|\s?annual(?:ly)?\b|\s?/\s?yr\b|\s?yearly\b|\s?p\.?a\.?(?![a-z]))"
_PER_MONTH = r"(?:\s?(?:a|per|each|every|/)\s?(?:month|mo)\b|\s?monthly\b)"


def extract_decline(text: str) -> Decline | None:
    """The initial decline: "declining 25% a year", "nominal 0.3 per year", "Di of 60%".

    A percentage with no other word is read as an effective annual decline
    (secant-effective, the convention petbox-dca and most reserve reports
    use); "nominal" or a bare fraction per year ("0.3/yr") is the nominal
    (instantaneous) rate; "tangent" selects tangent-effective. A monthly
    decline is turned into its annual equivalent in the same convention.
    """
    t = text
    patterns = (
        rf"(?P<word>{_DECLINE_WORD})(?P<gap>[^.;?!,]{{0,40}}?)(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:[\w-]+\s+){{0,3}}?(?:nominal\s+|effective\s+|secant\s+|tangent\s+)?decline",
        rf"(?:nominal|effective|secant|tangent)[^.;?!\d]{{0,25}}(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"\b(?:at|of)\s+(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
        # "60% Di", "0.8 Di nominal"
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:nominal\s+|effective\s+)?d_?i\b",
        # "800 bopd, 25%/yr, b=0.9": a bare percentage per year or month next to a rate.
        rf"(?<![\w.$])(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
    )
    m = None
    num = None
    for pattern in patterns:
        for candidate in re.finditer(pattern, t, re.IGNORECASE):
            found = numbers(candidate.group("n"))
            if _glued(t, candidate.start("n")):
                continue
            # "decline, b of 0.9": the number after another parameter's name is not the decline.
            gap = candidate.groupdict().get("gap") or ""
            if re.search(
                r"\b(?:b|b-?\s?factor|qi|ip|limit|terminal|d\s?min|dlim|economic|wi|royalty|for|to|"
                r"when|reach\w*|hit\w*|until|down|after|year|month)\b",
                gap,
                re.IGNORECASE,
            ):
                continue
            # Rates like "800 bbl/d" can sit between "declining" and the number.
            after = t[candidate.end("n") : candidate.end("n") + 12].lower()
            if not found or re.match(
                r"\s*(?:bbl|bo|mcf|mmcf|boe|barrel|stb|b/d|bpd|years?\b|yrs?\b|months?\b)",
                after,
            ):
                continue
            # A terminal decline ("terminal decline 8%", "8% terminal") is not the initial one.
            before = t[max(0, candidate.start() - 22) : candidate.start()].lower()
            if re.search(
                r"(?:terminal|min(?:imum)?|final|d\s?min|dlim|switch\w*\s+to)\W*$", before
            ):
                continue
            if re.match(
                r"\s*(?:/\s?(?:yr|year|mo|month)\w*\s*)?(?:terminal|min)",
                t[candidate.end("n") : candidate.end("n") + 20],
                re.IGNORECASE,
            ) or re.search(r"terminal|dmin|d\s?lim", candidate.group(0), re.IGNORECASE):
                continue
            m, num = candidate, found[0]
            break
        if m is not None:
            break
    if m is None or num is None:
        return None
    window = t[max(0, m.start() - 30) : m.end() + 30].lower()
    monthly = bool(m.group("per")) and re.search(r"month|mo\b", m.group("per") or "", re.I)
    value = num.value
    if num.percent or value > 1.0:
        value = value / 100.0
        convention = "secant"
    else:
        convention = "nominal"
    if "nominal" in window:
        convention = "nominal"
    elif "tangent" in window:
        convention = "tangent"
    elif "secant" in window or "effective" in window:
        convention = "secant"
    # A trailing "b" or "m" the loose number pattern took as a multiplier is the next word.
    stated = re.sub(r"\s+[bm]$", "", m.group(0).strip(), flags=re.IGNORECASE)
    value = abs(value)
    if monthly:
        value = _monthly_to_annual(value, convention)
    if convention != "nominal" and value >= 1.0:
        return None  # an effective decline of 100% a year or more is not a decline rate
    return Decline(value=value, convention=convention, stated=stated)


def _monthly_to_annual(d: float, convention: str) -> float:

    if convention == "nominal":
        return d * 12.0
    # An effective monthly decline compounds: (1 - d)^12 is what is left after a year.
    return 1.0 - (1.0 - d) ** 12 if d < 1 else d


def extract_b(text: str) -> float | None:
    """The Arps b-factor: "b of 0.9", "b=1.2", "b-factor 0.5", "harmonic" (1), "exponential" (0)."""
    v = _num_at(
        text,
        r"\bb(?:[- ]?(?:factor|value|exponent))?\s*(?:of|=|:|is|at)?\s*(?P<n>\d*\.?\d+)\b",
    )
    if v is None:
        v = _num_at(text, r"hyperbolic\s+(?:exponent|factor)\s*(?:of|=|:)?\s*(?P<n>\d*\.?\d+)")
    if v is not None and 0 <= v <= 5:
        return v
    low = text.lower()
    if "harmonic" in low:
        return 1.0
    if "exponential" in low:
        return 0.0
    return None


def extract_terminal_decline(text: str) -> float | None:
    """A terminal (minimum) decline: "terminal decline of 6%", "Dmin 8%"; as a fraction."""
    v = _num_at(
        text,
        r"(?:terminal(?:\s+decline)?|d\s?_?min|d\s?_?lim|d_?term|min(?:imum)?\s+decline|switch\w*\s+to)[^.;?!\d]{0,20}(?P<n>{N})",
    )
    if v is None:
        v = _num_at(
            text,
            r"(?P<n>{N}\s?%)\s*(?:/\s?(?:yr|year)\s*|a\s+year\s+|per\s+year\s+)?(?:terminal|minimum)",
        )
    if v is None:
        return None
    return v / 100.0 if v > 1 else v


# Words that put a rate as the end of a forecast: "economic limit 5 bbl/d", "EUR to 10 bopd",
# "until it hits 20", "when does it reach 15 bbl/d", "abandon at 2 bopd", "down to 10".
_LIMIT_WORDS = re.compile(
    r"(?:\bec(?:on(?:omic)?)?\.?\s*lim(?:it)?|q\s?_?(?:lim|ab|el)\b|abandon\w*|shut[- ]?in|plug\w*|"
    r"cut-?\s?off|(?:min(?:imum)?|floor|limit(?:ing)?)\s+rate|rate\s+limit|\blimit\b|"
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


def _limit_match(text: str) -> re.Match[str] | None:
    """The first limit phrase whose number is a rate, not a time or a percentage."""
    for m in _LIMIT_AFTER.finditer(text):
        if not re.search(r"[\d.]\s*$", text[: m.start("n")]):
            return m
    for m in _LIMIT_WORDS.finditer(text):
        if _glued(text, m.start("n")):
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
    return None


def _limit_span(text: str) -> tuple[int, int] | None:
    m = _limit_match(text)
    return (m.start("n"), m.end("n")) if m else None


def extract_economic_limit(text: str) -> Rate | None:
    """The rate where the forecast stops: "economic limit of 5 bbl/d", "EUR to 10 bopd",
    "until it hits 20 bbl/d", "when does it reach 15", "abandon at 2 bopd", "down to 10 mcfd".
    A bare number ("hits 20") takes the unit of the well's rate."""
    m = _limit_match(text)
    if m is None:
        return None
    for start, end, rate in rates(text):
        if start <= m.start("n") < end:
            return rate
    nums = numbers(text[m.start("n") :])
    if not nums or nums[0].percent or nums[0].value <= 0:
        return None
    return Rate(value=nums[0].value, unit="", phase="")


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
    rf"\s*(?:,|and|&|or|plus)\s*(?:(?:and|at|after|in|by)\s+)?(?P<n>\d+(?:\.\d+)?)\s*[- ]?{_TIME_UNIT}?",
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
            add(more.start(), more.end(), float(more.group("n")), more.group("unit") or unit)
            end = more.end()
    for m in _TIME_BEFORE_ASK.finditer(text):
        add(m.start(), m.end(), float(m.group("n1")), m.group("unit"))
    out.sort()
    return out


def extract_at_years(text: str) -> list[float]:
    """Times (years from the start) the question wants the rate or cumulative at."""
    seen: list[float] = []
    for _start, _end, years in _at_time_matches(text):
        if all(abs(years - y) > 1e-9 for y in seen):
            seen.append(years)
    return seen


def extract_years(text: str) -> float | None:
    """A horizon: "over 30 years", "for 20 yrs", "a 25-year forecast", "horizon of 15 years",
    "next 18 months". Times to report at ("after 2 years") are not horizons."""
    rest = text
    for start, end, _years in reversed(_at_time_matches(text)):
        rest = rest[:start] + " " * (end - start) + rest[end:]
    v = _num_at(
        rest,
        r"(?:over|for|within|next|horizon\s+of|horizon|life\s+of|through|thru)\s+(?:the\s+next\s+|a\s+|an\s+)?(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\b",
    )
    if v is None:
        v = _num_at(
            rest,
            r"(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\s+(?:forecast|horizon|life|projection|run|window)",
        )
    if v is None:
        v = _num_at(
            rest,
            r"(?<![\d.%$])(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\b(?!\s*(?:old|ago))",
        )
    if v is None:
        months = _num_at(
            rest,
            r"(?:over|for|within|next|horizon\s+of)\s+(?:the\s+next\s+)?(?P<n>\d+)\s*[- ]?(?:months?|mos?)\b",
        )
        if months is not None:
            return months / 12.0
    if v is not None and not 0 < v <= 100:
        return None
    return v


def extract_row(text: str) -> int | None:
    """An explicit running-table row: "row 2", "row #3", "rowid 4", "in row 5"."""
    m = re.search(r"\brow\s?(?:id)?\s*(?:#|no\.?|number)?\s*(?P<n>\d+)\b", text, re.IGNORECASE)
    return int(m.group("n")) if m else None


def extract_phase(text: str) -> str | None:
    """Which stream the question is about: oil, gas or water (None when it does not say)."""
    low = text.lower()
    hits = []
    for phase, pattern in (
        ("oil", r"\b(?:oil|crude|condensate|bopd|bbl/d|liquids?)\b"),
        ("gas", r"\b(?:gas|mcf\w*|mmcf\w*|scf)\b"),
        ("water", r"\b(?:water|bwpd)\b"),
    ):
        m = re.search(pattern, low)
        if m:
            hits.append((m.start(), phase))
    if not hits:
        return None
    hits.sort()
    return hits[0][1]


def extract_well(text: str) -> str | None:
    """A well's name: "for well A-12", "well 'Smith 1H'", "the Eagle 3H well"."""
    m = re.search(
        r"\bwell\s+(?:name[sd]?\s+)?[\"'\u201c\u2018](?P<w>[^\"'\u201d\u2019]+)[\"'\u201d\u2019]",
        text,
        re.I,
    )
    if m:
        return m.group("w").strip()
    for m in re.finditer(
        r"\bwell\s+(?:#\s?)?(?P<w>[A-Za-z0-9][\w\-#/.]*(?:\s+\d+[A-Za-z]{0,2}\b)?)", text
    ):
        w = m.group("w").rstrip(".,;:?!")
        first = w.split()[0].lower()
        if first not in _NOT_WELL_NAMES and not re.fullmatch(r"[\d.,]+", first):
            return w
    m = re.search(r"\b(?:the\s+)?(?P<w>[A-Z][\w\-]*(?:\s+[\w\-]+)?)\s+well\b", text)
    if (
        m
        and m.group("w").lower() not in _NOT_WELL_NAMES
        and not m.group("w").lower().startswith(("a ", "the ", "this ", "that ", "each ", "every "))
    ):
        return m.group("w")
    return None


_NOT_WELL_NAMES = {
    "a",
    "an",
    "the",
    "at",
    "is",
    "in",
    "on",
    "of",
    "with",
    "that",
    "this",
    "data",
    "file",
    "level",
    "by",
    "and",
    "declining",
    "producing",
    "making",
    "flowing",
    "which",
    "per",
    "from",
    "for",
    "to",
    "starting",
    "initial",
    "each",
    "every",
    "my",
    "w/",
    "w",
    "ip",
    "qi",
    "does",
    "makes",
    "made",
    "produces",
    "produced",
    "has",
    "had",
    "was",
    "will",
    "currently",
    "rate",
    "decline",
    "di",
    "b",
    "gas",
    "oil",
    "our",
    "your",
    "A",
    "A Well",
}


# --- money, prices, costs -------------------------------------------------------


def _money_before_unit(text: str, unit: str) -> float | None:
    m = re.search(rf"(?P<n>{_N})\s*(?:/|per|a|an|each)\s*{unit}", text, re.IGNORECASE)
    if m:
        nums = numbers(m.group("n"))
        if nums:
            return nums[0].value
    return None


# A "$8/bbl" that is a cost, not a price: "$8/bbl opex", "LOE of $8/bbl", "$0.5/mcf gathering".
_COST_AFTER = re.compile(
    r"\s*(?:of\s+)?(?:opex|loe|lease|operating|variable|costs?|transport\w*|gathering|"
    r"processing|g\s?&\s?t|differential|deduct\w*|fees?|tariff|lifting)",
    re.IGNORECASE,
)
_COST_BEFORE = re.compile(
    r"(?:opex|loe|costs?|operating\s+(?:costs?|expenses?)|expenses?|lifting|gathering|"
    r"transport\w*|processing|fees?|tariff|deduct\w*|differential)\s*(?:of|at|=|:|is|was)?\s*$",
    re.IGNORECASE,
)


def _price(text: str, patterns: tuple[str, ...]) -> float | None:
    """The earliest price any of ``patterns`` finds that is not a cost."""
    found: list[tuple[int, float]] = []
    for pattern in patterns:
        for m in re.finditer(pattern.replace("{N}", _N), text, re.IGNORECASE):
            if _glued(text, m.start("n")):
                continue
            if _COST_AFTER.match(text, m.end()) or _COST_BEFORE.search(text[: m.start("n")]):
                continue
            nums = numbers(m.group("n"))
            if nums and not nums[0].percent:
                found.append((m.start("n"), nums[0].value))
                break
    return min(found)[1] if found else None


def extract_oil_price(text: str) -> float | None:
    """ "$70 oil", "$70/bbl", "oil at $70", "oil price of 65", "WTI $72", "what if oil is
    $60"; never a cost per barrel ("$8/bbl opex")."""
    return _price(
        text,
        (
            r"(?P<n>\$\s?{N})\s*(?:/|per\s+)\s*(?:bbl|barrel|bo)\b",
            r"(?P<n>\$\s?{N})\s+(?:oil|crude|wti|brent)\b",
            r"(?P<n>{N})\s*(?:dollars?|usd|bucks)\s+(?:oil|crude|wti|brent)\b",
            r"(?:oil|crude|wti|brent)(?:\s+price)?(?:\s+(?:goes|went|drops?|falls?|rises?))?\s*(?:at|of|=|:|@|is|to|was|were)?\s*(?P<n>\$?\s?{N})(?!\s*%)(?!\s*(?:bopd|bbl|bpd|b/d|mcf|boe))",
        ),
    )


def extract_gas_price(text: str) -> float | None:
    """ "$3 gas", "$3/mcf", "$2.75/MMBtu", "gas at $3", "Henry Hub $3.10"; never a cost
    per mcf ("$0.50/mcf gathering")."""
    return _price(
        text,
        (
            r"(?P<n>\$\s?{N})\s*(?:/|per\s+)\s*(?:mcf|mmbtu|mscf|thousand\s+cubic)",
            r"(?P<n>\$\s?{N})\s+(?:gas|henry\s+hub|hh)\b",
            r"(?:gas|henry\s+hub|hh)(?:\s+price)?(?:\s+(?:goes|went|drops?|falls?|rises?))?\s*(?:at|of|=|:|@|is|to|was)?\s*(?P<n>\$?\s?{N})(?!\s*%)(?!\s*(?:mcf|mmcf|bbl|boe|gallon|gal|scf|tonne|t\b|m{0,2}s?cf))",
        ),
    )


def extract_carbon_price(text: str) -> float | None:
    """ "$50/t", "$50 per tonne", "carbon price of $80", "a $50 carbon tax", "$65/tCO2e"."""
    v = _num_at(
        text,
        r"(?P<n>\$?\s?{N})\s*(?:/|per\s+|a\s+)\s*(?:t\b|tco2e?|tonnes?|tons?|metric\s+tons?|mt\s?co2e?)",
    )
    if v is None:
        v = _num_at(text, r"(?P<n>\$\s?{N})\s+(?:carbon|co2|ghg)\s+(?:price|tax|cost|levy)")
    if v is None:
        v = _num_at(
            text,
            r"(?:carbon|co2|ghg)\s+(?:price|tax|cost|levy)\s*(?:at|of|=|:|@|is)?\s*(?P<n>\$?\s?{N})",
        )
    return v


def extract_percent_after(text: str, words: str) -> float | None:
    """A percentage named by ``words`` (a regex): "royalty of 12.5%", "12.5% royalty"; as a fraction."""
    v = _num_at(text, rf"(?:{words})\s*(?:rate|tax)?\s*(?:of|=|:|at|is)?\s*(?P<n>{{N}}\s?%)")
    if v is None:
        v = _num_at(text, rf"(?P<n>{{N}}\s?%)\s*(?:{words})")
    if v is None:
        return None
    return v / 100.0


def extract_discount_rate(text: str) -> float | None:
    """The discount rate as a fraction: "at 8%", "discount rate of 12%", "PV10", "NPV@12",
    "NPV-15", "10% discount", "disc 9%", "NPV at 10 percent". Dollar amounts and numbers
    over 100 are never rates ("discount rate: -$2.5M, ..." reads the rate elsewhere)."""
    m = re.search(
        r"\bn?pv\s?[-@_]?\s?(?P<n>\d{1,2}(?:\.\d+)?)(?![\d,])(?!\s?(?:bbl|bo|mcf|years?|yrs?|k\b|m\b|mm\b))",
        text,
        re.IGNORECASE,
    )
    if m:
        return float(m.group("n")) / 100.0
    pct = r"(?:%|percent|pct\b)"
    patterns = (
        rf"\bdisc(?:ount(?:ed|ing)?)?\.?(?:\s+(?:rate|factor))?\s*(?:of|=|:|at|is|@|to)?\s*(?P<n>{{N}}\s?{pct}?)",
        rf"(?P<n>{{N}}\s?{pct})\s*(?:annual\s+)?(?:discount|disc\b|hurdle|wacc|cost\s+of\s+capital)",
        rf"(?:hurdle|wacc|cost\s+of\s+capital)(?:\s+rate)?\s*(?:of|=|:|at|is)?\s*(?P<n>{{N}}\s?{pct})",
        rf"(?:npv|net\s+present\s+value|present\s+value|pv)\w*\s*(?:at|@)\s*(?:an?\s+)?(?P<n>{{N}}\s?{pct}?)(?!\s*(?:/|per|a)\s*(?:bbl|mcf|boe|t\b|tonne))",
        rf"(?:\bat|@)\s*(?:an?\s+)?(?P<n>{{N}}\s?{pct})",
    )
    for pattern in patterns:
        for found in re.finditer(pattern.replace("{N}", _N), text, re.IGNORECASE):
            if _glued(text, found.start("n")):
                continue
            nums = numbers(found.group("n"))
            if not nums or nums[0].money or nums[0].value <= 0 or nums[0].value > 100:
                continue
            v = nums[0].value
            return v / 100.0 if v >= 1 or nums[0].percent else v
    return None


def extract_opex(text: str) -> dict[str, float]:
    """Operating costs: "$8/bbl LOE", "opex of $12,000 a month", "$2/boe"; keyed by basis."""
    out: dict[str, float] = {}
    v = _num_at(
        text,
        r"(?:opex|loe|lease\s+operating\s+(?:expense|cost)s?|operating\s+(?:cost|expense)s?)[^.;?!$\d]{0,15}(?P<n>\$?\s?{N})\s*(?:/|per|a|an)\s*(?:month|mo)\b",
    ) or _num_at(
        text,
        r"(?P<n>\$\s?{N})\s*(?:/|per|a|an)\s*(?:month|mo)\s*(?:of\s+)?(?:opex|loe|lease\s+operating|operating|fixed)",
    )
    if v is not None:
        out["per_month"] = v
    v = _num_at(
        text,
        r"(?:opex|loe|lease\s+operating\s+(?:expense|cost)s?|operating\s+(?:cost|expense)s?|variable\s+cost)[^.;?!$\d]{0,15}(?P<n>\$?\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|boe)\b",
    ) or _num_at(
        text,
        r"(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|boe)\s*(?:of\s+)?(?:opex|loe|lease\s+operating|operating|variable)",
    )
    if v is not None:
        out["per_boe"] = v
    return out


def extract_capex(text: str) -> float | None:
    """Up-front capital: "capex of $8MM", "well cost $7.5 million", "$9MM D&C"."""
    v = _num_at(
        text,
        r"(?:capex|capital(?:\s+cost)?|well\s+cost|d\s?&\s?c(?:\s+cost)?|drilling\s+(?:and\s+completion\s+)?cost|investment)[^.;?!$\d]{0,15}(?P<n>\$?\s?{N})",
    )
    if v is None:
        v = _num_at(
            text,
            r"(?P<n>\$\s?{N})\s*(?:of\s+)?(?:capex|capital|d\s?&\s?c|well\s+cost|to\s+drill|investment)",
        )
    return abs(v) if v is not None else None


# --- cash flows -------------------------------------------------------------------

# What may sit between two cash flows of one list: separators, "then", "followed by",
# and the labels analysts put on them ("-2.5MM capex then 800k, 700k").
_FLOW_FILLER = (
    r"and|then|followed|by|after|that|capex|capital|investment|invest|upfront|up-?front|"
    r"initial|outlay|cost|costs|spend|spent|we|get|receive|returns?|inflows?|net|cash|flows?|"
    r"revenue|income|of|in|returning|returns|generat\w*|mak(?:es|ing)|yield\w*|produc(?:es|ing)|"
    r"earn\w*|pay(?:s|ing)|well|project|deal|asset|that|which|it|year\s?\d{1,2}:?|yr\s?\d{1,2}:?|y\d{1,2}:?|t\s?=\s?\d{1,2}:?|"
    r"per|a|an|each|every|year|yr|month|mo|annually|yearly|monthly|usd|dollars?"
)
_LIST_GAP = re.compile(
    rf"^[\s,;/|:]*(?:(?:{_FLOW_FILLER})\b\.?[\s,;/|:]*)*$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"^\s*(?:%|bbl|bo\b|bopd|mcf|mmcf|boe|barrel|years?|yrs?|months?|gal|tonne|t\b|kwh|mwh|/\s?(?:bbl|mcf|t\b|d\b))",
    re.IGNORECASE,
)
_COST_WORDS = re.compile(
    r"\b(?:capex|capital|invest\w*|upfront|up-?front|outlay|cost|costs|spend|spent|pay|paid|drill\w*)\b",
    re.IGNORECASE,
)


def extract_cash_flows(text: str) -> list[float] | None:
    """The cash-flow list in the text, first period first, or None.

    Reads "-500, 200, 200, 200", "-1000 300 400 500", "(1,000), 300 and 400",
    "-$1.2MM, $400k, $500k", "-2.5MM capex then 800k, 700k per year",
    "capex of $2.5 million then 800k, 700k", and "spend 1,000 then get 300 a year
    for 5 years". A list needs at least two numbers, none of them percentages or
    rates; a first amount labelled as a cost is an outflow even when written positive.
    """
    repeated = _repeated_flows(text)
    if repeated is not None:
        return repeated
    nums = [
        n
        for n in numbers(text, money_context=True)
        if not n.percent and not _UNIT_AFTER.match(text[n.end : n.end + 8])
    ]
    # "NPV10", "year 1:" labels are not flows: numbers glued to words are already dropped;
    # "year 1" / "t=0" labels are dropped here.
    nums = [
        n
        for n in nums
        if not re.search(
            r"(?:\b(?:year|yr|month|t\s?=|y)\s?|\bn?pv\s?[-@_]\s?)$",
            text[max(0, n.start - 6) : n.start],
            re.IGNORECASE,
        )
    ]
    best: list[Num] = []
    run: list[Num] = []
    for n in nums:
        if run and _LIST_GAP.match(text[run[-1].end : n.start]):
            run.append(n)
        else:
            run = [n]
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return None
    values = [n.value for n in best]
    labelled_cost = _COST_WORDS.search(
        text[max(0, best[0].start - 30) : best[1].start]
    ) is not None and not _COST_WORDS.search(text[best[1].start : best[-1].end])
    if values[0] > 0 and labelled_cost and all(v >= 0 for v in values[1:]):
        values[0] = -values[0]
    if any(v < 0 for v in values) or len(values) >= 3:
        return values
    return None


def _repeated_flows(text: str) -> list[float] | None:
    """ "invest $1000 (then|and) $300 a year for 5 years" -> [-1000, 300 x 5]."""
    m = re.search(
        rf"(?P<amt>{_N})\s*(?:a|per|each|every|/)\s*(?:year|yr|month|mo)\s*(?:for|over)\s+(?:the\s+next\s+)?(?P<years>\d+)\s*(?:years?|yrs?|months?|mos?)",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    amount = numbers(m.group("amt"), money_context=True)[0].value
    years = int(m.group("years"))
    if years <= 0 or years > 200:
        return None
    before = text[: m.start()]
    initial = None
    cost = re.search(
        rf"(?:invest(?:ment)?|cost(?:s)?|capex|spend|outlay|pay|upfront|initial)[^.;?!\d$]{{0,20}}(?P<n>{_N})",
        before,
        re.IGNORECASE,
    )
    if cost is not None:
        initial = numbers(cost.group("n"), money_context=True)[0].value
    if initial is None:
        leading = [n for n in numbers(before, money_context=True) if not n.percent]
        if leading and leading[-1].value < 0:
            initial = leading[-1].value
    if initial is None:
        return None
    return [-abs(initial), *([amount] * years)]


# --- emissions activity --------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One line of activity data: what was done, how much, in which unit."""

    source: str  # flaring, venting, diesel, natural_gas, gasoline, propane, electricity, production
    quantity: float
    unit: str


_VOLUME_UNITS = {
    "mmcf": ("mcf", 1000.0),
    "mmscf": ("mcf", 1000.0),
    "mcf": ("mcf", 1.0),
    "mscf": ("mcf", 1.0),
    "scf": ("mcf", 0.001),
    "cf": ("mcf", 0.001),
    "m3": ("m3", 1.0),
    "gallons": ("gal", 1.0),
    "gallon": ("gal", 1.0),
    "gal": ("gal", 1.0),
    "litres": ("l", 1.0),
    "liters": ("l", 1.0),
    "litre": ("l", 1.0),
    "liter": ("l", 1.0),
    "l": ("l", 1.0),
    "bbl": ("bbl", 1.0),
    "bbls": ("bbl", 1.0),
    "barrels": ("bbl", 1.0),
    "barrel": ("bbl", 1.0),
    "mwh": ("kwh", 1000.0),
    "gwh": ("kwh", 1_000_000.0),
    "kwh": ("kwh", 1.0),
    "mmbtu": ("mmbtu", 1.0),
    "boe": ("boe", 1.0),
    "mboe": ("boe", 1000.0),
    "mmboe": ("boe", 1_000_000.0),
}
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


def extract_activities(text: str) -> list[Activity]:
    """Activity data in the text: "flared 12,000 mcf", "30,000 gallons of diesel", "1,200 MWh".

    Each quantity with a unit is given to the nearest source word in the
    same clause (the verb before it, or the fuel after "of").
    """
    acts: list[Activity] = []
    rx = re.compile(rf"(?P<n>{_N})\s*{_UNIT_RX}", re.IGNORECASE)
    clauses = re.split(r"(?<=[.;!?])\s+|,\s+(?=and\b|we\b|plus\b)|\band\b|,\s+(?=[a-z]+ed\b)", text)
    for clause in clauses:
        for m in rx.finditer(clause):
            nums = numbers(m.group("n"))
            if not nums or nums[0].percent:
                continue
            raw_unit = m.group("unit").lower().replace("\u00b3", "3")
            unit, factor = _VOLUME_UNITS.get(raw_unit, (raw_unit, 1.0))
            qty = nums[0].value * factor
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
    return acts


# --- the intent ---------------------------------------------------------------------------


@dataclass
class Intent:
    """What the question asks (``kind``, named after the answering tool) and its figures."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


def _has(low: str, pattern: str) -> bool:
    return re.search(pattern, low) is not None


_FILE_WORDS = r"\b(?:my|our|the|this|that|uploaded)\s+(?:\w+\s+){0,2}?(?:file|upload|csv|excel|spreadsheet|sheet|data|dataset|table|history|histories)\b|\bupload(?:ed)?\b|\brow\s?\d+\b|\bin\s+(?:the\s+)?file\b"
_EMISSIONS_WORDS = r"\b(?:emission\w*|co2e?|ghg|greenhouse|scope\s?[12]|carbon\s+(?:intensity|footprint)|footprint|methane|flar\w*|vent\w*|tco2e?|tonnes\s+of\s+co2)\b"
_ECON_WORDS = r"\b(?:npv|irr|n?pv\s?[-@]?\s?\d+|net\s+present\s+value|present\s+value|internal\s+rate|rate\s+of\s+return|payback|pay-?out|profitability\s+index|discount\w*|cash\s*-?\s*flows?|economics?|break-?\s?even|roi)\b"
_DECLINE_WORDS = r"\b(?:declin\w*|decline\s+curve|dca|arps|eur|ultimate\s+recovery|reserves|forecast\w*|project\w*\s+(?:production|rates?)|predict\w*|hyperbolic|harmonic|exponential|b[- ]?factor|type\s+curve)\b"


def parse_question(question: str, history: list[tuple[str, str]] | None = None) -> Intent | None:
    """The intent of ``question``, or None when it is not a domain question.

    ``history`` (earlier (role, content) pairs, oldest first) fills gaps in a
    follow-up: "and at 12%?" after a cash-flow question reuses its flows, "what
    if oil is $60?" reruns the last economics with the new price, "and with b of
    1.2?" reruns the last inline forecast.
    """
    text = normalise(question).strip()
    if not text:
        return None
    return _resolve(text, history, _previous_intent(history or []))


def _resolve(
    text: str, history: list[tuple[str, str]] | None, previous: Intent | None
) -> Intent | None:
    """``text`` read on its own, or as a change to ``previous`` when it is a follow-up."""
    fresh = _parse_fresh(text, history)
    if previous is not None and _FOLLOW_UP.search(text):
        if fresh is None or fresh.kind == previous.kind or _incomplete(fresh):
            merged = _merge(previous, text)
            if merged is not None:
                return merged
    return fresh


# A follow-up changes one figure of the last calculation: "and at 15%?", "what if oil is
# $60?", "how about b of 1.2", "same but 1,000 bopd", "with a 10 bbl/d limit instead".
_FOLLOW_UP = re.compile(
    r"^\s*(?:and|what\s+if|what\s+about|how\s+about|with|w/|same|now|try|redo|again|ok|okay|"
    r"instead|at|if|then|but|rerun|re-run|also|change|make\s+it|use|using|suppose|assume)\b"
    r"|\binstead\b|\bsame\s+(?:well|flows|cash\s+flows|case|thing)\b",
    re.IGNORECASE,
)


def _incomplete(intent: Intent) -> bool:
    p = intent.params
    if intent.kind == "forecast_decline":
        return p.get("rate") is None or p.get("decline") is None
    if intent.kind == "npv_irr":
        return not p.get("cash_flows")
    return False


def _previous_intent(history: list[tuple[str, str]]) -> Intent | None:
    """The newest complete calculation asked earlier, each follow-up applied in turn
    (one pass from the oldest message, so a chain of changes keeps all of them)."""
    previous: Intent | None = None
    for index, (role, content) in enumerate(history):
        if role != "user":
            continue
        intent = _resolve(normalise(content).strip(), history[:index], previous)
        if intent is None:
            continue
        if intent.kind in {"forecast_decline", "npv_irr", "cash_flow_economics"} and not (
            _incomplete(intent)
        ):
            previous = intent
        elif intent.kind not in {"chart_row", "describe_table", "preview_table"}:
            previous = None  # a new subject: "and at 15%?" no longer means the old one
    return previous


def _bare_percent(text: str) -> float | None:
    """The only percentage of a fragment ("and at 15%?") as a fraction."""
    found = [n for n in numbers(text) if n.percent]
    return abs(found[0].value) / 100.0 if len(found) == 1 else None


def _merge(previous: Intent, text: str) -> Intent | None:
    """``previous`` with the figures the follow-up ``text`` changes (None if it changes none)."""
    params = dict(previous.params)
    changed = False

    def put(key: str, value: Any) -> None:
        nonlocal changed
        if value is not None and value != [] and value != {}:
            params[key] = value
            changed = True

    if previous.kind == "forecast_decline":
        put("economic_limit", extract_economic_limit(text))
        put("rate", extract_rate(text))
        decline = extract_decline(text)
        b = extract_b(text)
        terminal = extract_terminal_decline(text)
        put("b", b)
        put("terminal_decline", terminal)
        if decline is None and terminal is None and b is None:
            share = _bare_percent(text)
            if share is not None and 0 < share < 1:
                decline = Decline(value=share, convention="secant", stated=f"{share * 100:g}%")
        put("decline", decline)
        put("years", extract_years(text))
        put("at_years", extract_at_years(text))
        model = _model_word(text.lower())
        if model is not None:
            params["model"] = model
            if b is None and model in {"exponential", "harmonic"}:
                params["b"] = 1.0 if model == "harmonic" else 0.0
            changed = True
    elif previous.kind == "npv_irr":
        put("cash_flows", extract_cash_flows(text))
        put("discount_rate", extract_discount_rate(text) or _bare_percent(text))
        asks = _econ_asks(text.lower())
        if asks:
            params["asks"] = asks
    elif previous.kind == "cash_flow_economics":
        put("oil_price", extract_oil_price(text))
        put("gas_price", extract_gas_price(text))
        put("royalty", extract_percent_after(text, r"royalt\w*"))
        put("severance_tax", extract_percent_after(text, r"severance(?:\s+tax)?|production\s+tax"))
        put("working_interest", extract_percent_after(text, r"working\s+interest|\bwi\b"))
        put("opex", extract_opex(text))
        put("capex", extract_capex(text))
        if not changed:
            put("discount_rate", extract_discount_rate(text) or _bare_percent(text))
        else:
            put("discount_rate", extract_discount_rate(text))
    if not changed:
        return None
    return Intent(previous.kind, params)


def _parse_fresh(text: str, history: list[tuple[str, str]] | None) -> Intent | None:
    """The intent of one (normalised) question read on its own."""
    low = text.lower()

    row = extract_row(text)
    mentions_file = _has(low, _FILE_WORDS)
    wants_chart = _has(low, r"\b(?:chart|plot|graph|visuali[sz]e|draw|sketch)\w*\b")
    carbon_price = extract_carbon_price(text)
    activities = extract_activities(text)
    rate = extract_rate(text)
    decline = extract_decline(text)
    flows = extract_cash_flows(text)

    # Charts first: "chart the forecast" names a row to draw, not a forecast to run.
    if wants_chart and not (rate and decline):
        return Intent(
            "chart_row",
            {
                "row": row,
                "subject": _chart_subject(low),
                "production": _has(low, r"\bproduc\w*|\bhistory\b|\brates?\b"),
            },
        )

    # A carbon price's effect on value.
    if carbon_price is not None and _has(low, r"\b(?:carbon|co2|ghg|emission\w*|tax|levy|price)\b"):
        return Intent(
            "carbon_price_impact",
            {
                "carbon_price": carbon_price,
                "cash_flows": flows,
                "discount_rate": extract_discount_rate(text),
                "activities": activities,
                "row": row,
                "annual_emissions_t": _tonnes(text),
            },
        )
    if _has(low, r"\bcarbon\s+(?:price|tax|cost|levy)|\bprice\s+on\s+carbon\b"):
        return Intent(
            "carbon_price_impact",
            {
                "carbon_price": None,
                "cash_flows": flows,
                "discount_rate": extract_discount_rate(text),
                "activities": activities,
                "row": row,
                "annual_emissions_t": _tonnes(text),
            },
        )

    # Emissions: activity data inline, or the inventory of an uploaded file.
    emission_activities = [
        a for a in activities if a.source not in {"production", "production_gas"}
    ]
    if _has(low, _EMISSIONS_WORDS) or (
        emission_activities and not _has(low, _ECON_WORDS) and not _has(low, _DECLINE_WORDS)
    ):
        if not (flows and _has(low, r"\b(?:npv|irr)\b")):
            return Intent(
                "emissions_inventory",
                {
                    "activities": activities,
                    "row": row,
                    "intensity": _has(low, r"\bintensit\w*|per\s+(?:boe|barrel|bbl)\b"),
                    "mentions_file": mentions_file,
                },
            )

    # Decline and forecast questions, inline ("800 bbl/d declining 25% a year") or on a file.
    inline_decline = rate is not None and (decline is not None or _has(low, _DECLINE_WORDS))
    if inline_decline or (
        _has(low, _DECLINE_WORDS)
        and not _has(
            low,
            r"\b(?:n?pv\s?[-@]?\s?\d*|irr|economics|economic(?!\s+limit)|break-?\s?even|payback|pay-?out|cash\s*-?\s*flows?|royalt\w*|opex|loe|capex|prices?)\b",
        )
    ):
        params = {
            "rate": rate,
            "decline": decline,
            "b": extract_b(text),
            "terminal_decline": extract_terminal_decline(text),
            "economic_limit": extract_economic_limit(text),
            "years": extract_years(text),
            "at_years": extract_at_years(text),
            "phase": extract_phase(text) or (rate.phase if rate else None),
            "well": extract_well(text),
            "row": row,
            "model": _model_word(low),
        }
        if rate is not None:
            return Intent("forecast_decline", params)
        if _has(
            low, r"\bfit\w*\b|\bmatch\w*|\bregress\w*|\bdecline\s+curve\s+analysis|\bdca\b"
        ) and not _has(low, r"\bforecast\w*|\beur\b|\bpredict\w*|\bproject\w*"):
            return Intent("fit_decline", params)
        return Intent("forecast_decline", params)

    # Economics.
    oil_price = extract_oil_price(text)
    gas_price = extract_gas_price(text)
    if _has(low, _ECON_WORDS) or oil_price is not None or gas_price is not None:
        if (
            flows is None
            and _has(low, r"\b(?:npv|irr|pv\s?-?\d*|payback|present\s+value|profitability)\b")
            and not (
                oil_price
                or gas_price
                or mentions_file
                or _has(low, r"\bforecast|\bwell\b|\bproduction\b")
            )
        ):
            flows = _flows_from_history(history)
        if flows is not None:
            return Intent(
                "npv_irr",
                {
                    "cash_flows": flows,
                    "discount_rate": extract_discount_rate(text),
                    "asks": _econ_asks(low),
                    "period": "month" if _has(low, r"\bmonth\w*\b") else "year",
                },
            )
        if (
            oil_price is not None
            or gas_price is not None
            or _has(
                low,
                r"\beconomics?\b|\bforecast\b|\bbreak-?\s?even\b|\bwell\b|\bproduction\b|\bcash\s*flows?\s+(?:from|of|on)\s+(?:the|my|our)",
            )
            or mentions_file
        ):
            return Intent(
                "cash_flow_economics",
                {
                    "oil_price": oil_price,
                    "gas_price": gas_price,
                    "discount_rate": extract_discount_rate(text),
                    "royalty": extract_percent_after(text, r"royalt\w*"),
                    "severance_tax": extract_percent_after(
                        text, r"severance(?:\s+tax)?|production\s+tax"
                    ),
                    "working_interest": extract_percent_after(text, r"working\s+interest|\bwi\b"),
                    "opex": extract_opex(text),
                    "capex": extract_capex(text),
                    "row": row,
                    "asks": _econ_asks(low),
                },
            )
        return Intent(
            "npv_irr",
            {
                "cash_flows": None,
                "discount_rate": extract_discount_rate(text),
                "asks": _econ_asks(low),
                "period": "year",
            },
        )

    # Looking at a file.
    if _has(
        low,
        r"\b(?:preview|head|first\s+(?:\d+\s+|few\s+|ten\s+|five\s+)?(?:rows|lines|records)|show\s+(?:me\s+)?(?:the\s+)?(?:rows|data|top|table|first|last)|last\s+(?:\d+\s+)?rows|sample\s+rows|peek|look\s+at\s+(?:the\s+)?(?:rows|data))",
    ):
        n = _num_at(text, r"(?:first|top|last|head)\s+(?P<n>\d+)")
        return Intent(
            "preview_table",
            {
                "row": row,
                "n": int(n) if n else None,
                "tail": _has(low, r"\blast\s+(?:\d+\s+)?rows"),
            },
        )
    if _has(
        low,
        r"\b(?:describ\w*|summari[sz]\w*|what(?:'s|\s+is)\s+in|columns?|statistic\w*|stats|overview|tell\s+me\s+about|explore|inspect|profile)\b",
    ) and (mentions_file or row is not None or _has(low, r"\b(?:columns?|upload\w*|file)\b")):
        return Intent("describe_table", {"row": row})

    return None


def _tonnes(text: str) -> float | None:
    """Annual emissions stated directly: "we emit 12,000 t CO2e a year", "15 kt"."""
    m = re.search(
        rf"(?P<n>{_N})\s*(?P<u>kt|kilotonnes?|mt|t|tonnes?|tons?)\s*(?:of\s+)?(?:co2e?|ghg|carbon|emissions)",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    value = numbers(m.group("n"))[0].value
    unit = m.group("u").lower()
    if unit.startswith("k"):
        value *= 1000.0
    elif unit == "mt":
        value *= 1_000_000.0
    return value


def _model_word(low: str) -> str | None:
    for word in ("modified hyperbolic", "hyperbolic", "harmonic", "exponential"):
        if word in low:
            return word.replace(" ", "_")
    return None


def _econ_asks(low: str) -> list[str]:
    asks = []
    for key, pattern in (
        ("npv", r"\bnpv|\bpv\s?-?\d+|present\s+value|\bworth\b"),
        ("irr", r"\birr\b|internal\s+rate|rate\s+of\s+return"),
        ("payback", r"pay\s?-?back|pay-?out"),
        ("pi", r"profitability\s+index|\bpi\b"),
        ("breakeven", r"break-?\s?even"),
    ):
        if re.search(pattern, low):
            asks.append(key)
    return asks


_CHART_SUBJECT_WORDS = (
    ("cash flow", r"\b(?:cash\s*-?\s*flows?|economics?|npv|dcf|cashflows?)\b"),
    ("emissions", r"\b(?:emissions?|inventory|ghg|co2e?|scope\s?[12]|carbon)\b"),
    (
        "decline",
        r"\b(?:fit\w*|forecast\w*|declin\w*|production|producing|rates?|eur|dca|type\s+curve)\b",
    ),
)


def _chart_subject(low: str) -> str | None:
    """What a chart request is about: "decline" (a fit or forecast), "cash flow" or
    "emissions". The more specific wins: "the forecast's cash flow" is a cash flow,
    "emissions from production" an inventory."""
    for subject, pattern in _CHART_SUBJECT_WORDS:
        if re.search(pattern, low):
            return subject
    return None


def _flows_from_history(history: list[tuple[str, str]] | None) -> list[float] | None:
    """The cash flows of the latest earlier user message that had some."""
    for role, content in reversed(history or []):
        if role != "user":
            continue
        flows = extract_cash_flows(normalise(content))
        if flows is not None:
            return flows
    return None
