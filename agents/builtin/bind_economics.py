"""Economics arguments: prices, royalty, taxes, working interest, opex, capex, the
discount rate and cash-flow lists, each found with its span.

Registered for ``cash_flow_economics``, ``npv_irr`` and (discount rate, cash
flows) ``carbon_price_impact``. Money goes through ``agents.builtin.numbers``
("$6MM" is 6,000,000; "PV10" is a 10% discount rate).
"""

from __future__ import annotations

import re

from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import Num, hit_at, numbers
from agents.builtin.numbers import glued as _glued

describe_kind("cash_flow_economics", "a cash-flow economics run")
describe_kind("npv_irr", "an NPV/IRR of listed cash flows")

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


def _price(text: str, patterns: tuple[str, ...]) -> Found | None:
    """The earliest price any of ``patterns`` finds that is not a cost."""
    hits: list[tuple[int, int, float]] = []
    for pattern in patterns:
        for m in re.finditer(pattern.replace("{N}", _N), text, re.IGNORECASE):
            if _glued(text, m.start("n")):
                continue
            if _COST_AFTER.match(text, m.end()) or _COST_BEFORE.search(text[: m.start("n")]):
                continue
            nums = numbers(m.group("n"))
            if nums and not nums[0].percent:
                at = m.start("n")
                hits.append((at + nums[0].start, at + nums[0].end, nums[0].value))
                break
    if not hits:
        return None
    start, end, value = min(hits)
    return finding(value, (start, end))


def find_oil_price(text: str) -> Found | None:
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


def find_gas_price(text: str) -> Found | None:
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


def find_percent_after(text: str, words: str) -> Found | None:
    """A percentage named by ``words`` (a regex): "royalty of 12.5%", "12.5% royalty"; as a fraction."""
    v = hit_at(text, rf"(?:{words})\s*(?:rate|tax)?\s*(?:of|=|:|at|is)?\s*(?P<n>{{N}}\s?%)")
    if v is None:
        v = hit_at(text, rf"(?P<n>{{N}}\s?%)\s*(?:{words})")
    if v is None:
        return None
    return finding(v.value / 100.0, v.span)


def extract_percent_after(text: str, words: str) -> float | None:
    hit = find_percent_after(text, words)
    return hit.value if hit else None


def find_discount_rate(text: str) -> Found | None:
    """The discount rate as a fraction: "at 8%", "discount rate of 12%", "PV10", "NPV@12",
    "NPV-15", "10% discount", "disc 9%", "NPV at 10 percent". Dollar amounts and numbers
    over 100 are never rates ("discount rate: -$2.5M, ..." reads the rate elsewhere)."""
    m = re.search(
        r"\bn?pv\s?[-@_]?\s?(?P<n>\d{1,2}(?:\.\d+)?)(?![\d,])(?!\s?(?:bbl|bo|mcf|years?|yrs?|k\b|m\b|mm\b))",
        text,
        re.IGNORECASE,
    )
    if m:
        return finding(float(m.group("n")) / 100.0, m.span("n"))
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
            at = found.start("n")
            span = (at + nums[0].start, at + nums[0].end)
            return finding(v / 100.0 if v >= 1 or nums[0].percent else v, span)
    return None


def extract_discount_rate(text: str) -> float | None:
    hit = find_discount_rate(text)
    return hit.value if hit else None


def find_opex(text: str) -> Found | None:
    """Operating costs: "$8/bbl LOE", "opex of $12,000 a month", "$2/boe"; keyed by basis."""
    out: dict[str, float] = {}
    spans: list[tuple[int, int]] = []
    v = hit_at(
        text,
        r"(?:opex|loe|lease\s+operating\s+(?:expense|cost)s?|operating\s+(?:cost|expense)s?)[^.;?!$\d]{0,15}(?P<n>\$?\s?{N})\s*(?:/|per|a|an)\s*(?:month|mo)\b",
    ) or hit_at(
        text,
        r"(?P<n>\$\s?{N})\s*(?:/|per|a|an)\s*(?:month|mo)\s*(?:of\s+)?(?:opex|loe|lease\s+operating|operating|fixed)",
    )
    if v is not None:
        out["per_month"] = v.value
        spans.append(v.span)
    v = hit_at(
        text,
        r"(?:opex|loe|lease\s+operating\s+(?:expense|cost)s?|operating\s+(?:cost|expense)s?|variable\s+cost)[^.;?!$\d]{0,15}(?P<n>\$?\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|boe)\b",
    ) or hit_at(
        text,
        r"(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|boe)\s*(?:of\s+)?(?:opex|loe|lease\s+operating|operating|variable)",
    )
    if v is not None:
        out["per_boe"] = v.value
        spans.append(v.span)
    return Found(out, tuple(spans)) if out else None


def extract_opex(text: str) -> dict[str, float]:
    hit = find_opex(text)
    return hit.value if hit else {}


def find_capex(text: str) -> Found | None:
    """Up-front capital: "capex of $8MM", "well cost $7.5 million", "$9MM D&C"."""
    v = hit_at(
        text,
        r"(?:capex|capital(?:\s+cost)?|well\s+cost|d\s?&\s?c(?:\s+cost)?|drilling\s+(?:and\s+completion\s+)?cost|investment)[^.;?!$\d]{0,15}(?P<n>\$?\s?{N})",
    )
    if v is None:
        v = hit_at(
            text,
            r"(?P<n>\$\s?{N})\s*(?:of\s+)?(?:capex|capital|d\s?&\s?c|well\s+cost|to\s+drill|investment)",
        )
    return finding(abs(v.value), v.span) if v is not None else None


def extract_capex(text: str) -> float | None:
    hit = find_capex(text)
    return hit.value if hit else None


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
    r"^\s*(?:%|bbl|bo\b|bopd|mcf|mmcf|boe|barrel|years?\b|yrs?\b|months?\b|gal|tonne|t\b|kwh|mwh|/\s?(?:bbl|mcf|t\b|d\b))",
    re.IGNORECASE,
)
_COST_WORDS = re.compile(
    r"\b(?:capex|capital|invest\w*|upfront|up-?front|outlay|cost|costs|spend|spent|pay|paid|drill\w*)\b",
    re.IGNORECASE,
)


def find_cash_flows(text: str) -> Found | None:
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
        return Found(values, tuple((n.start, n.end) for n in best))
    return None


def extract_cash_flows(text: str) -> list[float] | None:
    hit = find_cash_flows(text)
    return hit.value if hit else None


def _repeated_flows(text: str) -> Found | None:
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
    initial_span = None
    cost = re.search(
        rf"(?:invest(?:ment)?|cost(?:s)?|capex|spend|outlay|pay|upfront|initial)[^.;?!\d$]{{0,20}}(?P<n>{_N})",
        before,
        re.IGNORECASE,
    )
    if cost is not None:
        initial = numbers(cost.group("n"), money_context=True)[0].value
        initial_span = cost.span("n")
    if initial is None:
        leading = [n for n in numbers(before, money_context=True) if not n.percent]
        if leading and leading[-1].value < 0:
            initial = leading[-1].value
            initial_span = (leading[-1].start, leading[-1].end)
    if initial is None:
        return None
    return finding([-abs(initial), *([amount] * years)], initial_span, m.span())


def extract_oil_price(text: str) -> float | None:
    hit = find_oil_price(text)
    return hit.value if hit else None


def extract_gas_price(text: str) -> float | None:
    hit = find_gas_price(text)
    return hit.value if hit else None


_ASKS = (
    ("npv", r"\bnpv|\bpv\s?-?\d+|present\s+value|\bworth\b"),
    ("irr", r"\birr\b|internal\s+rate|rate\s+of\s+return"),
    ("payback", r"pay\s?-?back|pay-?out"),
    ("pi", r"profitability\s+index|\bpi\b"),
    ("breakeven", r"break-?\s?even"),
)


def econ_asks(low: str) -> list[str]:
    """What an economics question asks for, in order: npv, irr, payback, pi, breakeven."""
    return [key for key, pattern in _ASKS if re.search(pattern, low)]


def find_asks(text: str) -> Found | None:
    asks = econ_asks(text.lower())
    return Found(asks) if asks else None


def find_period(text: str) -> Found | None:
    """The cash-flow period of a listed series: monthly when it says so, else yearly."""
    return Found("month" if re.search(r"\bmonth\w*\b", text, re.IGNORECASE) else "year")


def find_royalty(text: str) -> Found | None:
    return find_percent_after(text, r"royalt\w*")


def find_severance_tax(text: str) -> Found | None:
    return find_percent_after(text, r"severance(?:\s+tax)?|production\s+tax")


def find_working_interest(text: str) -> Found | None:
    return find_percent_after(text, r"working\s+interest|\bwi\b")


# --- registration -----------------------------------------------------------------------

_ECON = "cash_flow_economics"
binds(_ECON, name="oil_price", label="Oil price", unit="$/bbl")(find_oil_price)
binds(_ECON, name="gas_price", label="Gas price", unit="$/Mcf")(find_gas_price)
binds(
    _ECON,
    "npv_irr",
    "carbon_price_impact",
    name="discount_rate",
    label="Discount rate",
    unit="fraction",
)(find_discount_rate)
binds(_ECON, name="royalty", label="Royalty", unit="fraction")(find_royalty)
binds(_ECON, name="severance_tax", label="Severance tax", unit="fraction")(find_severance_tax)
binds(_ECON, name="working_interest", label="Working interest", unit="fraction")(
    find_working_interest
)
binds(_ECON, name="opex", label="Operating cost", argument="opex")(find_opex)
binds(_ECON, name="capex", label="Capex", unit="$")(find_capex)
binds(_ECON, "npv_irr", name="asks", label="Asked for", figure=False, follow_up=True)(find_asks)
binds("npv_irr", "carbon_price_impact", name="cash_flows", label="Cash flows", unit="$")(
    find_cash_flows
)
binds("npv_irr", name="period", label="Cash-flow period", figure=False)(find_period)
