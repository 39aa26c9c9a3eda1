"""Economics arguments: prices (flat, decks by year, differentials, gas units, NGL, SEC),
the discount rate and cash-flow lists, each found with its span.

Registered for ``cash_flow_economics``, ``npv_irr`` and (discount rate, cash
flows) ``carbon_price_impact``. Money goes through ``agents.builtin.numbers``
("$6MM" is 6,000,000; "PV10" is a 10% discount rate). Interests, taxes and costs
are in ``bind_economics_terms``; discounting, results and wells in
``bind_economics_results`` (imported here so that every economics binding is
registered when this module is).
"""

from __future__ import annotations

import re

from agents.builtin import bind_economics_results, bind_economics_terms
from agents.builtin.bind_production import find_well
from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.econ_phrases import (
    NGL_WORDS,
    PHASE_RX,
    fraction_hit,
    number_spans,
    phase_after,
    phase_before,
)
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import Num, hit_at, numbers
from agents.builtin.numbers import glued as _glued

# Imported for their registrations (interests, taxes, costs; discounting, results, wells).
_AREAS = (bind_economics_terms, bind_economics_results)

describe_kind("cash_flow_economics", "a cash-flow economics run")
describe_kind("npv_irr", "an NPV/IRR of listed cash flows")

# A "$8/bbl" that is a cost, not a price: "$8/bbl opex", "LOE of $8/bbl", "$0.5/mcf gathering".
_COST_AFTER = re.compile(
    r"\s*(?:of\s+)?(?:opex|loe|lease|operating|variable|costs?|transport\w*|gathering|"
    r"processing|g\s?&\s?t|differential|diff\b|deduct\w*|fees?|tariff|lifting|discount|"
    r"premium|basis|severance|tax|disposal|swd)",
    re.IGNORECASE,
)
_COST_BEFORE = re.compile(
    r"(?:opex|loe|costs?|operating\s+(?:costs?|expenses?)|expenses?|lifting|gathering|"
    r"transport\w*|processing|fees?|tariff|deduct\w*|differential|severance(?:\s+tax)?|"
    r"disposal|swd|variable|plus|\+)\s*(?:of|at|=|:|is|was)?\s*$",
    re.IGNORECASE,
)
_NGL_BEFORE = re.compile(rf"\b(?:{NGL_WORDS})\b[^.;]{{0,40}}$", re.IGNORECASE)


# A bare number before a phase word is a price only when the phrase ends there ("at 70
# oil and 3 gas", "72 dollars oil, 2.80 gas?"), never a count ("3 gas wells", "12 oil tanks").
_BARE_NOT_PRICE = (
    r"(?=\s*(?:$|[,;.?!)]|and\b|&|/|prices?\b|flat\b|with\b|w/|at\b|for\b|escalat\w*|"
    r"less\b|minus\b|plus\b|then\b))"
)


# "at $70/$3", "@ 70/3": oil then gas, the second a number too (not "$70/bbl").
_PAIR_END = r"(?![\d.%])(?!\s*(?:oil|gas|bbl|mcf|boe|mmbtu|month|mo|year|yr|day|d)\b)"
_PAIR = rf"\s*/\s*\$?\s?\d+(?:\.\d+)?{_PAIR_END}"


def _price(
    text: str,
    patterns: tuple[str | tuple[str, tuple[float, float]], ...],
    *,
    phase: str,
    skip: list[tuple[int, int]],
) -> Found | None:
    """The earliest price any of ``patterns`` finds that is not a cost, an NGL price or
    part of a price deck (``skip``). A pattern given with a range (a bare number, "at 70
    oil and 3 gas") counts only inside it."""
    hits: list[tuple[int, int, float]] = []
    for item in patterns:
        pattern, bounds = item if isinstance(item, tuple) else (item, (0.0, 2000.0))
        for m in re.finditer(pattern.replace("{N}", _N), text, re.IGNORECASE):
            if _glued(text, m.start("n")):
                continue
            if any(s <= m.start("n") < e for s, e in skip):
                continue
            named = PHASE_RX.search(text, m.end("n"), m.end()) is not None
            if _COST_AFTER.match(text, m.end()):
                continue
            if not named and _COST_BEFORE.search(text[: m.start("n")]):
                continue  # "LOE of $8/bbl"; but "well cost at $70 oil" names the oil price
            if phase == "oil" and _NGL_BEFORE.search(text[: m.start("n")]):
                continue
            nums = numbers(m.group("n"))
            if nums and not nums[0].percent and bounds[0] <= abs(nums[0].value) < bounds[1]:
                at = m.start("n")
                hits.append((at + nums[0].start, at + nums[0].end, nums[0].value))
                break
    if not hits:
        return None
    start, end, value = min(hits)
    return finding(value, (start, end))


def _deck_spans(text: str, phase: str) -> list[tuple[int, int]]:
    deck = find_price_deck(text)
    if deck is None:
        return []
    return list(deck.value.get("_spans", {}).get(phase, []))


def find_oil_price(text: str) -> Found | None:
    """ "$70 oil", "$70/bbl", "oil at $70", "oil price of 65", "WTI $72", "what if oil is
    $60"; never a cost per barrel ("$8/bbl opex"), an NGL price or a price of a deck."""
    return _price(
        text,
        (
            r"(?P<n>\$\s?{N})\s*(?:/|per\s+)\s*(?:bbl|barrel|bo)\b",
            r"(?P<n>\$\s?{N})\s+(?:oil|crude|wti|brent)\b",
            r"(?P<n>{N})\s*(?:dollars?|usd|bucks)\s+(?:oil|crude|wti|brent)\b",
            (
                rf"(?<![\d.,$])(?P<n>{{N}})\s+(?:oil|crude|wti|brent)\b{_BARE_NOT_PRICE}",
                (10.0, 300.0),
            ),
            (rf"(?:\bat|@)\s*(?P<n>\$?\s?{{N}}){_PAIR}", (10.0, 300.0)),
            (rf"(?P<n>\$\s?{{N}})\s*/\s*\$\s?\d+(?:\.\d+)?{_PAIR_END}", (10.0, 300.0)),
            r"(?:oil|crude|wti|brent)(?:\s+price)?(?:\s+(?:goes|went|drops?|falls?|rises?|flat))?\s*(?:at|of|=|:|@|is|to|was|were)?\s*(?P<n>\$?\s?{N})(?!\s*%)(?!\s*(?:bopd|bbl|bpd|b/d|mcf|boe|in\s+(?:19|20)\d\d|\(?(?:19|20)\d\d))",
        ),
        phase="oil",
        skip=_deck_spans(text, "oil"),
    )


def find_gas_price(text: str) -> Found | None:
    """ "$3 gas", "$3/mcf", "$2.75/MMBtu", "gas at $3", "Henry Hub $3.10"; never a cost
    per Mcf ("$0.50/mcf gathering") or a price of a deck."""
    return _price(
        text,
        (
            r"(?P<n>\$\s?{N})\s*(?:/|per\s+)\s*(?:mcf|mmbtu|mscf|thousand\s+cubic)",
            r"(?P<n>\$\s?{N})\s+(?:gas|henry\s+hub|hh)\b",
            r"(?P<n>{N})\s*(?:dollars?|usd|bucks)\s+(?:gas|henry\s+hub|hh)\b",
            (rf"(?<![\d.,$])(?P<n>{{N}})\s+(?:gas|henry\s+hub|hh)\b{_BARE_NOT_PRICE}", (0.5, 30.0)),
            (rf"(?:\bat|@)\s*\$?\s?\d+(?:\.\d+)?\s*/\s*(?P<n>\$?\s?{{N}}){_PAIR_END}", (0.5, 30.0)),
            (rf"\$\s?\d+(?:\.\d+)?\s*/\s*(?P<n>\$\s?{{N}}){_PAIR_END}", (0.5, 30.0)),
            r"(?:gas|henry\s+hub|hh)(?:\s+price)?(?:\s+(?:goes|went|drops?|falls?|rises?|flat))?\s*(?:at|of|=|:|@|is|to|was)?\s*(?P<n>\$?\s?{N})(?!\s*%)(?!\s*(?:mcf|mmcf|bbl|boe|gallon|gal|scf|tonne|t\b|m{0,2}s?cf|in\s+(?:19|20)\d\d|\(?(?:19|20)\d\d))",
        ),
        phase="gas",
        skip=_deck_spans(text, "gas"),
    )


# --- price decks ------------------------------------------------------------------------

_P = r"\$?\s?\d+(?:\.\d+)?"
_UNIT = r"(?:\s*(?:/|per\s+)\s*(?:bbl|barrel|bo|mcf|mmbtu))?"
_YEAR = r"(?:19|20)\d{2}"
_PAIR_AFTER = re.compile(
    rf"(?P<p>{_P}){_UNIT}\s*(?:in|for|during|through|thru)?\s*\(?(?P<y>{_YEAR})\)?(?![\d/-])",
    re.IGNORECASE,
)
_PAIR_BEFORE = re.compile(
    rf"(?:\bin\s+)?(?P<y>{_YEAR})\s*(?::|=|-(?!\d)|\s)\s*(?:at\s+)?(?P<p>\$\s?\d+(?:\.\d+)?|\d+(?:\.\d+)?(?=\s*(?:/|,|;|and\b|$))){_UNIT}",
    re.IGNORECASE,
)
_TAIL = re.compile(
    rf"(?P<p>{_P}){_UNIT}\s*(?:flat\s+|held\s+flat\s+)?(?:after(?:wards)?|thereafter|beyond|onwards?|after\s+that|and\s+later|later)\b",
    re.IGNORECASE,
)
_CAPEX_NEAR = re.compile(
    r"(?:capex|capital|drill\w*|complet\w*|cost|facilit\w*|p\s?&\s?a|abandon\w*|spend|spent|"
    r"invest\w*|opex|loe|d\s?&\s?c|effective|as\s+of|strip|first-of-month|sec)\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_DECK_GAP = re.compile(
    r"^[\s,;/]*(?:(?:and|then|to|falling|dropping|rising|flat|held)\b[\s,;/]*)*$"
)


def _deck_hits(text: str) -> list[tuple[int, int, float, int | None, tuple[int, int]]]:
    """(start, end, price, year or None for "after", price span) of every deck-like pair."""
    hits = []
    for rx, tail in ((_PAIR_AFTER, False), (_PAIR_BEFORE, False), (_TAIL, True)):
        for m in rx.finditer(text):
            if _glued(text, m.start("p")):
                continue
            nums = numbers(m.group("p"))
            if not nums or nums[0].percent or not 0 < nums[0].value < 2000:
                continue
            if _CAPEX_NEAR.search(text[max(0, m.start() - 30) : m.start()]):
                continue
            start_p = m.start("p") + nums[0].start
            span = (start_p, m.start("p") + nums[0].end)
            year = None if tail else int(m.group("y"))
            hits.append((m.start(), m.end(), nums[0].value, year, span))
    hits.sort()
    out: list[tuple[int, int, float, int | None, tuple[int, int]]] = []
    for hit in hits:
        if out and hit[0] < out[-1][1]:
            continue  # overlapping readings: keep the first
        out.append(hit)
    return out


def find_price_deck(text: str) -> Found | None:
    """Prices by year: "$75 in 2027, $70 in 2028, $65 after", "oil 2027: $76, 2028: $72",
    "WTI 80 in 2027 then 72 in 2028 and 68 flat after", "$78 (2027), $74 (2028)". Each
    price holds until the next, the last one after. Value: {"oil"|"gas": [{"year",
    "price"}], "_spans": {phase: spans}}."""
    hits = _deck_hits(text)
    groups: list[list] = []
    for hit in hits:
        if groups:
            gap = text[groups[-1][-1][1] : hit[0]]
            if _DECK_GAP.match(gap):
                groups[-1].append(hit)
                continue
        groups.append([hit])
    decks: dict[str, list[dict[str, float]]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    all_spans: list[tuple[int, int]] = []
    for group in groups:
        years = [h for h in group if h[3] is not None]
        if len(group) < 2 or not years:
            continue
        if any(h[3] is None for h in group[:-1]):
            continue  # "after" ends a deck
        phase = phase_before(text, group[0][0]) or phase_after(text, group[0][1])
        if phase not in ("oil", "gas"):
            unit = re.search(r"/\s?(bbl|mcf|mmbtu)", text[group[0][0] : group[0][1]], re.I)
            if unit:
                phase = "oil" if unit.group(1).lower() == "bbl" else "gas"
            else:
                phase = "oil" if group[0][2] > 20 else "gas"
        entries = []
        last_year = None
        for _start, _end, price, year, span in group:
            if year is None:
                year = (last_year or 0) + 1
            entries.append({"year": year, "price": price})
            last_year = year
            spans.setdefault(phase, []).append(span)
            all_spans.append(span)
            all_spans += [
                s for s in number_spans(text, _start, _end) if s[0] >= span[1] or s[1] <= span[0]
            ]
        if phase in decks:
            continue
        decks[phase] = entries
    if not decks:
        return None
    return Found({**decks, "_spans": spans}, tuple(sorted(set(all_spans))))


def show_deck(value: dict) -> tuple[str, str]:
    parts = []
    for phase in ("oil", "gas"):
        if value.get(phase):
            unit = "/bbl" if phase == "oil" else "/Mcf"
            entries = ", ".join(f"{e['year']} ${e['price']:g}{unit}" for e in value[phase])
            parts.append(f"{phase}: {entries} (the last held flat)")
    return "; ".join(parts), ""


def find_deck_upload(text: str) -> Found | None:
    """An uploaded price deck named: "with the price deck I uploaded", "using my deck",
    "prices from the deck file", "the strip I uploaded" (not for SEC pricing)."""
    if re.search(
        r"\b(?:price\s+)?deck\b(?!\s*:)|\bprice\s+(?:file|table|sheet)\b|"
        r"\bprices?\s+(?:i|we)\s+(?:uploaded|sent|attached)|\bprices?\s+(?:in|from)\s+(?:my|the)\s+"
        r"(?:file|upload|table)",
        text,
        re.IGNORECASE,
    ) and not re.search(r"\bsec\b", text, re.IGNORECASE):
        return Found("upload")
    return None


# --- differentials, gas units, NGL ------------------------------------------------------

_DIFF_WORDS = r"differential|diff|discount|basis|deduct\w*|premium"
# A benchmark price just written: "$72 WTI", "HH $3.10", "oil at $70".
PRICE_WORDS = (
    r"\$\s?\d+(?:\.\d+)?\s*(?:/\s?(?:bbl|bo|mcf|mmbtu)\s*)?(?:oil|crude|wti|brent|gas|henry\s+hub|hh)"
    r"|(?:oil|crude|wti|brent|gas|henry\s+hub|hh)\s+(?:at\s+|@\s*)?\$\s?\d+(?:\.\d+)?(?:\s*/\s?(?:bbl|bo|mcf|mmbtu))?"
)


def _differentials(text: str) -> dict[str, Found]:
    """Fixed and percentage differentials per phase: "less a $4.50 differential",
    "-$0.40 basis", "a $3/bbl discount", "95% of WTI", "5% discount to WTI"."""
    out: dict[str, Found] = {}
    fixed = (
        rf"(?:{PRICE_WORDS})\s+(?P<sign>less|minus)\s+(?:an?\s+)?(?P<n>\$\s?\d+(?:\.\d+)?)(?![\d.])\s*(?P<u>/\s?(?:bbl|mcf|mmbtu))?(?P<w>)(?!\s*(?:/|per|a)\s*(?:month|mo|well|boe)\b)(?!\s*(?:/\s?(?:bbl|mcf|mmbtu)\s*)?(?:{_DIFF_WORDS}|opex|loe|costs?|fees?|gathering|g\s?&\s?t|transport\w*|processing|compression|tariff)\b)",
        rf"(?P<sign>less|minus|at|with|a)?\s*(?:an?\s+)?(?P<n>[-+]?\s?\$\s?\d+(?:\.\d+)?|[-+]\d+(?:\.\d+)?)\s*(?P<u>/\s?(?:bbl|mcf|mmbtu))?\s*(?P<w>{_DIFF_WORDS})\b(?!\s+(?:to|of)\s+(?:wti|brent|hh|henry))",
        rf"\b(?P<w>{_DIFF_WORDS})\s*(?:of|=|:|at|is)?\s*(?P<n>[-+]?\s?\$?\s?\d+(?:\.\d+)?)\s*(?P<u>/\s?(?:bbl|mcf|mmbtu))?(?!\s*%)",
    )
    for pattern in fixed:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            nums = numbers(m.group("n"))
            if not nums or nums[0].percent:
                continue
            value = nums[0].value
            word = m.group("w").lower()
            written_sign = re.search(r"[-+]", m.group("n"))
            if not written_sign:
                if word.startswith(("discount", "deduct")) or (
                    m.groupdict().get("sign") or ""
                ).lower() in ("less", "minus"):
                    value = -abs(value)
                elif word == "premium":
                    value = abs(value)
            unit = (m.group("u") or "").lower()
            phase = (
                "oil"
                if "bbl" in unit
                else "gas"
                if unit
                else phase_before(text, m.start("n"), window=40)
            )
            if phase not in ("oil", "gas") or f"{phase}_differential" in out:
                continue
            at = m.start("n")
            out[f"{phase}_differential"] = Found(value, ((at + nums[0].start, at + nums[0].end),))
    for m in re.finditer(
        rf"(?:{PRICE_WORDS})\s+(?:less|minus)\s+(?:an?\s+)?(?P<n>{_N}\s?%)\s*"
        rf"(?:{_DIFF_WORDS})?(?!\s*(?:royalt|tax|severance|shrink|nri|wi\b|orri|override|of\b))",
        text,
        re.IGNORECASE,
    ):
        nums = numbers(m.group("n"))
        phase = phase_before(text, m.start("n"), window=40)
        if nums and phase in ("oil", "gas"):
            at = m.start("n")
            out.setdefault(
                f"{phase}_differential_pct",
                Found(-nums[0].value / 100.0, ((at + nums[0].start, at + nums[0].end),)),
            )
    for m in re.finditer(
        rf"(?P<n>{_N}\s?%)\s*(?P<w>of|discount\s+to|below|under|premium\s+to|above)\s+(?P<b>wti|brent|nymex|henry\s+hub|hh|the\s+(?:oil\s+|gas\s+)?benchmark)",
        text,
        re.IGNORECASE,
    ):
        if _NGL_BEFORE.search(text[: m.start()]):
            continue  # "NGLs at 30% of WTI" is an NGL price
        nums = numbers(m.group("n"))
        if not nums:
            continue
        share = nums[0].value / 100.0
        word = m.group("w").lower()
        pct = (
            share - 1.0
            if word == "of"
            else -share
            if word in ("discount to", "below", "under")
            else share
        )
        base = m.group("b").lower()
        phase = "gas" if base in ("henry hub", "hh") or "gas" in base else "oil"
        at = m.start("n")
        out.setdefault(
            f"{phase}_differential_pct", Found(pct, ((at + nums[0].start, at + nums[0].end),))
        )
    return out


def _differential_finder(key: str):
    def find(text: str) -> Found | None:
        return _differentials(text).get(key)

    find.__name__ = f"find_{key}"
    return find


def find_gas_price_unit(text: str) -> Found | None:
    """A gas price per MMBtu: "$3/MMBtu", "Henry Hub $2.80 per MMBtu"."""
    if re.search(r"\$\s?\d+(?:\.\d+)?\s*(?:/|per)\s*mmbtu", text, re.IGNORECASE):
        return Found("mmbtu")
    return None


def find_heating_value(text: str) -> Found | None:
    """ "1.1 MMBtu/mcf", "heating value of 1.08", "BTU 1.05", "1,050 Btu/scf"."""
    hit = hit_at(text, r"(?P<n>{N})\s*mmbtu\s*(?:/|per)\s*mcf")
    if hit is None:
        hit = hit_at(
            text,
            r"(?:heating\s+value|btu(?:\s+(?:factor|content))?|hhv)\s*(?:of|=|:|is)?\s*(?P<n>{N})(?!\s*(?:/|per)\s*scf)",
        )
    if hit is not None and 0.5 < hit.value < 2.0:
        return finding(hit.value, hit.span)
    hit = hit_at(text, r"(?P<n>{N})\s*btu\s*(?:/|per)\s*(?:scf|cf|cubic\s+foot)")
    if hit is not None and 500 < hit.value < 2000:
        return finding(hit.value / 1000.0, hit.span)
    return None


def find_gas_shrink(text: str) -> Found | None:
    """ "12% shrink", "shrinkage of 15%", "gas shrink 8%"."""
    return fraction_hit(text, r"(?P<n>{N}\s?%)\s*(?:gas\s+)?shrink\w*") or fraction_hit(
        text, r"shrink\w*\s*(?:of|=|:|is|at)?\s*(?P<n>{N}\s?%)"
    )


def find_ngl_yield(text: str) -> Found | None:
    """ "90 bbl/MMcf", "NGL yield of 85 bbl per mmcf", "yield 100 b/mmcf"."""
    hit = hit_at(text, r"(?P<n>{N})\s*(?:bbls?|barrels?|b)\s*(?:/|per)\s*mmcf")
    if hit is None:
        hit = hit_at(text, rf"(?:{NGL_WORDS})?\s*yield\s*(?:of|=|:|is)?\s*(?P<n>{{N}})(?!\s*%)")
    return finding(hit.value, hit.span) if hit else None


def find_ngl_price(text: str) -> Found | None:
    """ "NGLs ... at $24/bbl", "NGL price $25"."""
    hit = hit_at(
        text,
        rf"\b(?:{NGL_WORDS})\b[^.;$%]{{0,40}}?(?P<n>\$\s?{{N}})(?:\s*(?:/|per)\s*(?:bbl|barrel))?(?!\s*%)",
    )
    return finding(hit.value, hit.span) if hit else None


def find_ngl_price_pct(text: str) -> Found | None:
    """ "NGLs priced at 30% of WTI", "NGL at 32% of oil"."""
    hit = hit_at(
        text,
        rf"\b(?:{NGL_WORDS})\b[^.;]{{0,60}}?(?P<n>{{N}}\s?%)\s*of\s+(?:wti|oil|crude|brent|the\s+oil\s+price)",
    )
    return finding(hit.value / 100.0, hit.span) if hit else None


def find_not_sold(text: str) -> Found | None:
    """ "the gas is flared, not sold", "no gas sales", "flare the gas"."""
    if re.search(
        r"\bgas\s+(?:is\s+|will\s+be\s+)?(?:flared|vented|not\s+sold|reinjected|re-injected)"
        r"|\bflar(?:e|ing)\s+(?:the|all)\s+(?:the\s+)?gas|\bno\s+gas\s+sales"
        r"|\b(?:don't|do\s+not|won't)\s+sell\s+(?:the\s+)?gas",
        text,
        re.IGNORECASE,
    ):
        return Found(["gas"])
    return None


# --- discount rate ----------------------------------------------------------------------

# A percentage after "at" that names something else: "at a 21% tax rate", "at 30% of WTI".
_NOT_A_RATE = re.compile(
    r"\s*(?:/\s?\w+\s+|a\s+(?:year|month)\s+)?(?:income\s+|corporate\s+|federal\s+|state\s+)?"
    r"(?:tax|severance|royalt|nri\b|wi\b|working|net\s+revenue|interest|escalat|shrink|"
    r"depletion|intangible|idc\b|of\s+(?:wti|oil|brent|hh|henry|the)|finance|reinvest|risk|"
    r"override|orri|ad\s+valorem|sensitiv|discount\s+to|ngl|yield|expensed|"
    r"to\s+(?:wti|brent|hh|henry|nymex|the\s+(?:oil\s+|gas\s+)?benchmark))",
    re.IGNORECASE,
)
_NOT_A_RATE_BEFORE = re.compile(
    r"(?:risk(?:ed)?|escalat\w*|inflat\w*|finance\s+rate|reinvest\w*(?:\s+rate)?|royalt\w*|"
    r"severance|ad\s+valorem|tax\s+rate|shrink\w*|depletion|nri|wi|override|orri|"
    r"intangible\w*|priced|differential)\s*(?:of|at|=|:|is|by)?\s*(?:an?\s+)?$",
    re.IGNORECASE,
)


def find_discount_rate(text: str) -> Found | None:
    """The discount rate as a fraction: "at 8%", "discount rate of 12%", "PV10", "NPV@12",
    "NPV-15", "10% discount", "disc 9%", "NPV at 10 percent". Dollar amounts and numbers
    over 100 are never rates ("discount rate: -$2.5M, ..." reads the rate elsewhere)."""
    m = re.search(
        r"\bn?pv\s?[-@_]?\s?(?P<n>\d{1,2}(?:\.\d+)?)(?!\d|,\d|\.\d)(?!\s?(?:bbl|bo|mcf|years?|yrs?|k\b|m\b|mm\b))",
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
    profile = bind_economics_results.find_pv_profile(text)
    taken = list(profile.spans) if profile is not None else []
    for pattern in patterns:
        for found in re.finditer(pattern.replace("{N}", _N), text, re.IGNORECASE):
            if _glued(text, found.start("n")):
                continue
            if _NOT_A_RATE.match(text, found.end()):
                continue  # "at a 21% tax rate", "at 30% of WTI", "risked at 50%"
            if _NOT_A_RATE_BEFORE.search(text[max(0, found.start() - 30) : found.start()]):
                continue
            if any(s <= found.start("n") < e for s, e in taken):
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
    ("npv", r"\bnpv|\bnvp\b|\bpv\s?-?\d+|present\s+value|\bworth\b"),
    ("irr", r"\birr\b|\bror\b|internal\s+rate|rate\s+of\s+return"),
    ("payback", r"pay\s?-?back|pay-?out"),
    ("pi", r"profitability\s+index|\bpi\b"),
    ("breakeven", r"break-?\s?even|\bb\s?/\s?e\b"),
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


# --- registration -----------------------------------------------------------------------

_ECON = "cash_flow_economics"
binds(_ECON, name="price_deck", label="Price deck", show=show_deck)(find_price_deck)
binds(_ECON, name="deck_upload", label="Uploaded price deck", figure=False)(find_deck_upload)
binds(_ECON, name="oil_price", label="Oil price", unit="$/bbl")(find_oil_price)
binds(_ECON, name="gas_price", label="Gas price", unit="$/Mcf")(find_gas_price)
binds(_ECON, name="gas_price_unit", label="Gas price unit", figure=False)(find_gas_price_unit)
for _key, _label, _unit in (
    ("oil_differential", "Oil differential", "$/bbl"),
    ("gas_differential", "Gas differential", "$/Mcf"),
    ("oil_differential_pct", "Oil differential (share of the benchmark)", "fraction"),
    ("gas_differential_pct", "Gas differential (share of the benchmark)", "fraction"),
):
    binds(_ECON, name=_key, label=_label, unit=_unit)(_differential_finder(_key))
binds(_ECON, name="gas_heating_value", label="Gas heating value", unit="MMBtu/Mcf")(
    find_heating_value
)
binds(_ECON, name="gas_shrink", label="Gas shrink", unit="fraction")(find_gas_shrink)
binds(_ECON, name="ngl_yield_bbl_per_mmcf", label="NGL yield", unit="bbl/MMcf")(find_ngl_yield)
binds(_ECON, name="ngl_price_pct_of_oil", label="NGL price, share of oil", unit="fraction")(
    find_ngl_price_pct
)
binds(_ECON, name="ngl_price", label="NGL price", unit="$/bbl")(find_ngl_price)
binds(_ECON, name="not_sold", label="Not sold", figure=False)(find_not_sold)
binds(
    _ECON,
    "npv_irr",
    "carbon_price_impact",
    name="discount_rate",
    label="Discount rate",
    unit="fraction",
)(find_discount_rate)
binds(_ECON, "npv_irr", name="asks", label="Asked for", figure=False, follow_up=True)(find_asks)
binds("npv_irr", "carbon_price_impact", name="cash_flows", label="Cash flows", unit="$")(
    find_cash_flows
)
binds("npv_irr", name="period", label="Cash-flow period", figure=False)(find_period)
# "NPV10 of the Hawkins 1H forecast": the well valued (the writer matches it to the
# forecast's wells); a follow-up keeps it, or names another ("and for Hawkins 2H?").
binds(_ECON, name="well", label="Well", figure=False, follow_up=True)(find_well)
