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


def numbers(text: str) -> list[Num]:
    """Every number in ``text`` (already ``normalise``d), in order."""
    found: list[Num] = []
    thousands = _tight_commas_are_thousands(text)
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
        if mult == "m" and not money:
            # A bare "m" after a number is metres or minutes more often than millions.
            mult = ""
        if mult == "b" and not money:
            mult = ""
        value = float(raw_num.replace(",", ""))
        value *= _MULTIPLIERS.get(mult, 1.0)
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
    m = rx.search(text)
    if not m:
        return None
    nums = numbers(m.group(group))
    return nums[0].value if nums else None


# A loose number for use inside bigger patterns (parsed again with ``numbers``).
_N = r"(?:\(?[-+]?\s?(?:\$|usd\s?)?\s?[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s?(?:mm|mn|million|thousand|billion|bn|k|m|b)(?![a-z0-9]))?\)?)"


# --- units and phrases ---------------------------------------------------------

_PER_DAY = r"(?:/\s?d(?:ay)?\b|\s?per\s+day\b|\s?a\s+day\b|/\s?day\b|pd\b|d\b)"
_OIL_UNIT = r"(?:bbls?|barrels?|bo|stb|bbl\s?oil)"
_GAS_UNIT = r"(?P<gasunit>mmcf|mcf|mscf|mmscf|bcf|thousand\s+cubic\s+feet|million\s+cubic\s+feet)"
_BOE_UNIT = r"(?:boe|barrels?\s+of\s+oil\s+equivalent)"


@dataclass(frozen=True)
class Rate:
    """A production rate per day: ``value`` in ``unit`` (bbl/d, mcf/d or boe/d)."""

    value: float
    unit: str
    phase: str  # oil, gas or boe


def extract_rate(text: str) -> Rate | None:
    """The first daily rate in the text: "800 bbl/d", "800 bopd", "2.5 mmcf/d", "2,500 mcfd"."""
    t = text
    gas = re.search(
        rf"(?P<n>{_N})\s*{_GAS_UNIT}\s*(?:{_PER_DAY}|/\s?d)", t, re.IGNORECASE
    ) or re.search(rf"(?P<n>{_N})\s*(?P<gasunit>mmcfd|mcfd|mmscfd|mscfd)\b", t, re.IGNORECASE)
    oil = re.search(
        rf"(?P<n>{_N})\s*(?:{_OIL_UNIT}\s*{_PER_DAY}|bopd\b|bpd\b|b/d\b|stb/d\b)", t, re.IGNORECASE
    )
    boe = re.search(
        rf"(?P<n>{_N})\s*(?:{_BOE_UNIT}\s*{_PER_DAY}|boepd\b|boe/d\b)", t, re.IGNORECASE
    )
    candidates: list[tuple[int, Rate]] = []
    if gas:
        value = numbers(gas.group("n"))[0].value
        unit = gas.group("gasunit").lower().replace("s", "") if gas.group("gasunit") else "mcf"
        if unit.startswith("mmcf") or unit.startswith("million"):
            value *= 1000.0
        elif unit.startswith("bcf"):
            value *= 1_000_000.0
        candidates.append((gas.start(), Rate(value=value, unit="mcf/d", phase="gas")))
    if oil:
        candidates.append(
            (oil.start(), Rate(value=numbers(oil.group("n"))[0].value, unit="bbl/d", phase="oil"))
        )
    if boe:
        candidates.append(
            (boe.start(), Rate(value=numbers(boe.group("n"))[0].value, unit="boe/d", phase="boe"))
        )
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    return candidates[0][1]


@dataclass(frozen=True)
class Decline:
    """An initial decline rate as a fraction per year, and which convention it was given in."""

    value: float
    convention: str  # "nominal", "secant" (secant-effective) or "tangent" (tangent-effective)
    stated: str  # how the text put it, for the answer


_DECLINE_WORD = r"(?:declin\w*|decline\s+rate|di\b|d_?i\b|initial\s+decline)"
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
        rf"{_DECLINE_WORD}[^.;?!]{{0,40}}?(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:\w+\s+){{0,3}}?(?:nominal\s+|effective\s+|secant\s+|tangent\s+)?decline",
        rf"(?:nominal|effective|secant|tangent)[^.;?!\d]{{0,25}}(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"\b(?:at|of)\s+(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
    )
    m = None
    num = None
    for pattern in patterns:
        for candidate in re.finditer(pattern, t, re.IGNORECASE):
            found = numbers(candidate.group("n"))
            # Rates like "800 bbl/d" can sit between "declining" and the number.
            after = t[candidate.end("n") : candidate.end("n") + 12].lower()
            if not found or re.match(r"\s*(?:bbl|bo|mcf|mmcf|boe|barrel|stb|b/d|bpd)", after):
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
    stated = m.group(0).strip()
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
        r"(?:terminal(?:\s+decline)?|d\s?min|dlim|minimum\s+decline)[^.;?!\d]{0,20}(?P<n>{N})",
    )
    if v is None:
        return None
    return v / 100.0 if v > 1 else v


def extract_economic_limit(text: str) -> Rate | None:
    """ "economic limit of 5 bbl/d", "down to 10 mcf/d", "abandon at 2 bopd"."""
    m = re.search(
        r"(?:economic\s+limit|econ(?:omic)?\.?\s+limit|abandon\w*|q\s?lim|qab|down\s+to|until|to\s+a\s+limit\s+of)"
        r"[^.;?!\d]{0,20}(?P<rest>.{0,40})",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    rate = extract_rate(m.group("rest"))
    if rate is not None:
        return rate
    nums = numbers(m.group("rest"))
    if nums and not nums[0].percent:
        return Rate(value=nums[0].value, unit="", phase="")
    return None


def extract_years(text: str) -> float | None:
    """A horizon: "over 30 years", "for 20 yrs", "a 25-year forecast", "through 2045" is not read."""
    v = _num_at(
        text,
        r"(?:over|for|within|next|horizon\s+of|life\s+of|to)\s+(?:the\s+next\s+)?(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\b",
    )
    if v is None:
        v = _num_at(
            text, r"(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\s+(?:forecast|horizon|life)"
        )
    if v is None:
        v = _num_at(
            text, r"(?<![\d.%])(?P<n>\d+(?:\.\d+)?)\s*[- ]?(?:years?|yrs?)\b(?!\s*(?:old|ago))"
        )
    if v is None:
        months = _num_at(
            text,
            r"(?:over|for|within|next)\s+(?:the\s+next\s+)?(?P<n>\d+)\s*[- ]?(?:months?|mos?)\b",
        )
        if months is not None:
            return months / 12.0
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


def extract_oil_price(text: str) -> float | None:
    """ "$70 oil", "$70/bbl", "oil at $70", "oil price of 65", "WTI $72"."""
    v = _num_at(text, r"(?P<n>\$\s?{N})\s*(?:/|per\s+)\s*(?:bbl|barrel|bo)\b")
    if v is None:
        v = _num_at(text, r"(?P<n>\$\s?{N})\s+(?:oil|crude|wti|brent)\b")
    if v is None:
        v = _num_at(
            text,
            r"(?:oil|crude|wti|brent)(?:\s+price)?\s*(?:at|of|=|:|@|is)?\s*(?P<n>\$?\s?{N})(?!\s*%)",
        )
    return v


def extract_gas_price(text: str) -> float | None:
    """ "$3 gas", "$3/mcf", "$2.75/MMBtu", "gas at $3", "Henry Hub $3.10"."""
    v = _num_at(text, r"(?P<n>\$\s?{N})\s*(?:/|per\s+)\s*(?:mcf|mmbtu|mscf|thousand\s+cubic)")
    if v is None:
        v = _num_at(text, r"(?P<n>\$\s?{N})\s+(?:gas|henry\s+hub|hh)\b")
    if v is None:
        v = _num_at(
            text,
            r"(?:gas|henry\s+hub|hh)(?:\s+price)?\s*(?:at|of|=|:|@|is)?\s*(?P<n>\$?\s?{N})(?!\s*%)(?!\s*(?:mcf|mmcf|bbl|boe|gallon|gal|scf|tonne|t\b))",
        )
    return v


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
    """The discount rate as a fraction: "at 8%", "discount rate of 12%", "PV10", "10% discount"."""
    m = re.search(r"\bpv[\s-]?(?P<n>\d+(?:\.\d+)?)\b", text, re.IGNORECASE)
    if m:
        return float(m.group("n")) / 100.0
    v = _num_at(
        text,
        r"discount(?:ed|ing)?(?:\s+rate)?\s*(?:of|=|:|at|is|@)?\s*(?P<n>{N}\s?%?)",
    )
    if v is None:
        v = _num_at(text, r"(?P<n>{N}\s?%)\s*(?:discount|hurdle|wacc|cost\s+of\s+capital)")
    if v is None:
        v = _num_at(
            text,
            r"(?:hurdle|wacc|cost\s+of\s+capital)(?:\s+rate)?\s*(?:of|=|:|at|is)?\s*(?P<n>{N}\s?%)",
        )
    if v is None:
        v = _num_at(
            text,
            r"(?:npv|net\s+present\s+value|present\s+value|pv)\w*\s+(?:at|@)\s*(?P<n>{N}\s?%?)",
        )
    if v is None:
        v = _num_at(text, r"(?:\bat|@)\s*(?P<n>{N}\s?%)")
    if v is None:
        return None
    return v / 100.0 if v >= 1 or "%" in text else v


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

_LIST_GAP = re.compile(r"^\s*(?:[,;/|]\s*|(?:,\s*)?(?:and|then)\s+|\s+)?\s*$", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s*(?:%|bbl|bo\b|mcf|mmcf|boe|barrel|years?|yrs?|months?|gal|tonne|t\b|kwh|mwh)",
    re.IGNORECASE,
)


def extract_cash_flows(text: str) -> list[float] | None:
    """The cash-flow list in the text, first period first, or None.

    Reads "-500, 200, 200, 200", "-1000 300 400 500", "(1,000), 300 and 400",
    "-$1.2MM, $400k, $500k", and "invest 1000 then 300 a year for 5 years".
    A list needs at least two numbers and must not be percentages or rates.
    """
    nums = [
        n for n in numbers(text) if not n.percent and not _UNIT_AFTER.match(text[n.end : n.end + 8])
    ]
    best: list[Num] = []
    run: list[Num] = []
    for n in nums:
        if run and _LIST_GAP.match(text[run[-1].end : n.start]):
            run.append(n)
        else:
            run = [n]
        if len(run) > len(best) or (len(run) == len(best) and run is not best):
            if len(run) >= len(best):
                best = list(run)
    repeated = _repeated_flows(text)
    if repeated is not None:
        return repeated
    if len(best) >= 2 and (any(n.value < 0 for n in best) or len(best) >= 3):
        return [n.value for n in best]
    return None


def _repeated_flows(text: str) -> list[float] | None:
    """ "invest $1000 (then|and) $300 a year for 5 years" -> [-1000, 300 x 5]."""
    m = re.search(
        rf"(?P<amt>{_N})\s*(?:a|per|each|every|/)\s*(?:year|yr)\s*(?:for|over)\s+(?P<years>\d+)\s*(?:years?|yrs?)",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    amount = numbers(m.group("amt"))[0].value
    years = int(m.group("years"))
    if years <= 0 or years > 200:
        return None
    before = text[: m.start()]
    initial = _num_at(
        before,
        r"(?:invest(?:ment)?|cost(?:s)?|capex|spend|outlay|pay|upfront|initial)[^.;?!\d$]{0,20}(?P<n>{N})",
    )
    if initial is None:
        leading = [n for n in numbers(before) if not n.percent]
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
_ECON_WORDS = r"\b(?:npv|irr|pv\s?-?\d+|net\s+present\s+value|present\s+value|internal\s+rate|rate\s+of\s+return|payback|pay-?out|profitability\s+index|discount\w*|cash\s*-?\s*flows?|economics?|break-?\s?even|roi)\b"
_DECLINE_WORDS = r"\b(?:declin\w*|decline\s+curve|dca|arps|eur|ultimate\s+recovery|reserves|forecast\w*|project\w*\s+(?:production|rates?)|predict\w*|hyperbolic|harmonic|exponential|b[- ]?factor|type\s+curve)\b"


def parse_question(question: str, history: list[tuple[str, str]] | None = None) -> Intent | None:
    """The intent of ``question``, or None when it is not a domain question.

    ``history`` (earlier (role, content) pairs, oldest first) fills gaps in a
    follow-up: "and at 12%?" after a cash-flow question reuses its flows.
    """
    text = normalise(question).strip()
    low = text.lower()
    if not low:
        return None

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
        return Intent("chart_row", {"row": row, "subject": _chart_subject(low)})

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
        _has(low, _DECLINE_WORDS) and not _has(low, r"\b(?:npv|irr|economics)\b")
    ):
        params = {
            "rate": rate,
            "decline": decline,
            "b": extract_b(text),
            "terminal_decline": extract_terminal_decline(text),
            "economic_limit": extract_economic_limit(text),
            "years": extract_years(text),
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

    # A short follow-up to a cash-flow question: "and at 12%?", "what about 15%".
    discount = extract_discount_rate(text)
    if (
        discount is not None
        and len(low) <= 60
        and _has(low, r"^(?:and|what\s+about|how\s+about|at|now|same|try|redo|again|ok)\b")
    ):
        flows = _flows_from_history(history)
        if flows is not None:
            return Intent(
                "npv_irr",
                {"cash_flows": flows, "discount_rate": discount, "asks": ["npv"], "period": "year"},
            )
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


def _chart_subject(low: str) -> str | None:
    for subject in (
        "forecast",
        "fit",
        "decline",
        "production",
        "cash flow",
        "emission",
        "economics",
    ):
        if subject in low:
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
