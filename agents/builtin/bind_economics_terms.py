"""Economics arguments for interests, taxes and costs, each found with its span:
WI, NRI and reversion at payout, royalties and overrides; severance by phase (% and per
unit), ad valorem, income tax; opex (fixed and per unit), escalation, capex items on
dates, abandonment; the effective date, horizon, economic limit and GOR."""

from __future__ import annotations

import itertools
import re

from agents.builtin.binding import Found, binds, finding
from agents.builtin.econ_phrases import (
    DATE,
    clause_start,
    fraction_hit,
    month_text,
    number_spans,
    percent_after,
)
from agents.builtin.numbers import N, hit_at, numbers
from agents.builtin.numbers import glued as _glued

_ECON = "cash_flow_economics"
_PCT = rf"{N}\s?%"


# --- interests ----------------------------------------------------------------------------


def find_working_interest(text: str) -> Found | None:
    """ "WI 100%", "75% working interest", "working interest of 50%"."""
    return percent_after(text, r"working\s+interest|\bwi\b")


def find_nri(text: str) -> Found | None:
    """ "NRI 80%", "80% NRI", "net revenue interest of 78.5%"."""
    return percent_after(text, r"net\s+revenue\s+interest|\bnri\b")


_REVERT = re.compile(
    rf"(?P<a>{_PCT})\s*(?:bpo\b)?\s*,?\s*(?:and\s+)?(?:revert\w*|back\w*\s+in|going|drop\w*|"
    rf"fall\w*|ris\w*|increas\w*|decreas\w*|chang\w*|then)\s+(?:to\s+)?(?P<b>{_PCT})\s*"
    r"(?:after|at|on|upon|post|once)[\s-]*(?:the\s+)?pay\s?-?out",
    re.IGNORECASE,
)
_BPO_APO = re.compile(
    rf"(?P<a>{_PCT})\s*bpo\s*(?:,|and|/|then)?\s*"
    r"(?:(?:nri|wi|net\s+revenue\s+interest|working\s+interest)\s*(?:of|=|:|is)?\s*)?"
    rf"(?P<b>{_PCT})\s*apo\b",
    re.IGNORECASE,
)


def find_after_payout(text: str) -> Found | None:
    """Reversion: "NRI 80% reverting to 75% after payout", "WI 50% backing in to 62.5% after
    payout", "NRI 80% BPO and 75% APO". Value: {"working_interest"|"net_revenue_interest": x}."""
    for rx in (_REVERT, _BPO_APO):
        m = rx.search(text)
        if m is None:
            continue
        before = text[max(clause_start(text, m.start()), m.start() - 30) : m.start()].lower()
        words = re.findall(r"\bnri\b|net\s+revenue|\bwi\b|working\s+interest", before)
        key = (
            "working_interest"
            if words and ("wi" == words[-1] or "working" in words[-1])
            else "net_revenue_interest"
        )
        b = numbers(m.group("b"))[0]
        at = m.start("b")
        return Found({key: b.value / 100.0}, ((at + b.start, at + b.end),))
    return None


def find_reversion_timing(text: str) -> Found | None:
    if re.search(
        r"split\s+(?:the\s+)?payout\s+month|prorat\w*\s+the\s+payout|split[-\s]month", text, re.I
    ):
        return Found("split_month")
    return None


def find_royalty(text: str) -> Found | None:
    """ "12.5% royalty", "royalty of 18.75%", "a 3/16 royalty", "1/8th royalty"; never an
    overriding royalty."""
    m = re.search(
        r"(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})(?:th|ths)?\s+(?:lease\s+|lessor\s+)?royalt",
        text,
        re.IGNORECASE,
    ) or re.search(
        r"(?<!overriding\s)royalt\w*\s*(?:of|=|:|is)?\s*(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})(?:th|ths)?\b",
        text,
        re.IGNORECASE,
    )
    if m and 0 < int(m.group("a")) < int(m.group("b")):
        return finding(int(m.group("a")) / int(m.group("b")), m.span("a"), m.span("b"))
    return percent_after(
        text,
        r"(?<!overriding\s)(?:lessor\s+|lease\s+|landowner\s+)?royalt\w*(?!\s+interest\s+override)",
    )


def find_overriding_royalty(text: str) -> Found | None:
    """ "2% ORRI", "an override of 3%", "overriding royalty 2.5%"."""
    return percent_after(text, r"\borri\b|\boverride\b|overriding\s+royalt\w*(?:\s+interest)?")


# --- taxes --------------------------------------------------------------------------------

_PHASE = r"(?P<ph>oil|gas|ngls?|condensate)"


def _severance(text: str) -> dict[str, Found]:
    """Severance by phase (% of net revenue), for every phase, and per unit."""
    out: dict[str, Found] = {}
    spans_taken: list[tuple[int, int]] = []

    def put(key: str, value: float, span: tuple[int, int]) -> None:
        if key not in out:
            out[key] = Found(value, (span,))
            spans_taken.append(span)

    def phase_key(word: str) -> str:
        word = word.lower()
        return (
            "ngl" if word.startswith("ngl") else "oil" if word in ("oil", "condensate") else "gas"
        )

    sev = r"(?:severance|production|\bsev\b\.?)(?:\s+tax(?:es)?)?"
    per_unit = (
        rf"{_PHASE}\s+{sev}\s*(?:of|at|=|:|is)?\s*(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:mcf|bbl|barrel)",
        rf"(?P<n>\$\s?{N})\s*(?:/|per)\s*(?P<u>mcf|bbl|barrel)\s*(?:of\s+)?(?:{_PHASE}\s+)?{sev}",
        rf"{sev}\s*(?:of|at|=|:|is)?\s*(?P<n>\$\s?{N})\s*(?:/|per)\s*(?P<u>mcf|bbl|barrel)",
    )
    for pattern in per_unit:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            nums = numbers(m.group("n"))
            if not nums:
                continue
            phase = (
                phase_key(m.group("ph"))
                if m.groupdict().get("ph")
                else "gas"
                if (m.groupdict().get("u") or "").lower() == "mcf"
                else "oil"
            )
            key = {"oil": "severance_oil_per_bbl", "gas": "severance_gas_per_mcf"}.get(
                phase, "severance_ngl_per_bbl"
            )
            at = m.start("n")
            put(key, nums[0].value, (at + nums[0].start, at + nums[0].end))
    by_phase = (
        rf"{sev}\s*(?:of|at|=|:|is)?\s*(?P<n>{_PCT})\s*(?:on\s+|for\s+)?{_PHASE}\b",
        rf"(?P<n>{_PCT})\s*(?:on\s+|for\s+)?{_PHASE}\s+{sev}",
        rf"{_PHASE}\s+{sev}\s*(?:of|at|=|:|is)?\s*(?P<n>{_PCT})",
        rf"(?:and|,|plus|/|&)\s*(?P<n>{_PCT})\s*(?:on\s+|for\s+)?{_PHASE}\b(?!\s+(?:price|differential))",
    )
    for k, pattern in enumerate(by_phase):
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if (
                k == 3
                and not re.search(
                    sev, text[clause_start(text, m.start()) : m.start()], re.IGNORECASE
                )
                and not re.search(sev, text[max(0, m.start() - 60) : m.start()], re.IGNORECASE)
            ):
                continue
            nums = numbers(m.group("n"))
            if not nums:
                continue
            at = m.start("n")
            put(
                f"severance_tax_{phase_key(m.group('ph'))}",
                nums[0].value / 100.0,
                (at + nums[0].start, at + nums[0].end),
            )
    # "severance 4.6%/7.5%": oil then gas, as analysts write them.
    pair = re.search(rf"{sev}\s*(?:of|at|=|:|is)?\s*(?P<a>{_PCT})\s*/\s*(?P<b>{_PCT})", text, re.I)
    if pair:
        for key, group in (("severance_tax_oil", "a"), ("severance_tax_gas", "b")):
            nums = numbers(pair.group(group))
            at = pair.start(group)
            put(key, nums[0].value / 100.0, (at + nums[0].start, at + nums[0].end))
    common = None
    for pattern in (
        rf"{sev}\s*(?:rate)?\s*(?:of|at|=|:|is)?\s*(?P<n>{_PCT})(?!\s*(?:on\s+|for\s+)?(?:oil|gas|ngl|condensate)\b)",
        rf"(?P<n>{_PCT})\s*{sev}",
    ):
        for m in re.finditer(pattern, text, re.IGNORECASE):
            nums = numbers(m.group("n"))
            at = m.start("n")
            span = (at + nums[0].start, at + nums[0].end)
            if nums and span not in spans_taken:
                common = Found(nums[0].value / 100.0, (span,))
                break
        if common:
            break
    if common is not None:
        out["severance_tax"] = common
    return out


def _severance_finder(key: str):
    def find(text: str) -> Found | None:
        return _severance(text).get(key)

    find.__name__ = f"find_{key}"
    return find


def find_ad_valorem(text: str) -> Found | None:
    """ "ad valorem 2%", "2.5% ad valorem", "property tax of 2%"."""
    return percent_after(
        text, r"ad\s+val(?:orem)?\b\.?(?:\s+tax(?:es)?)?|property\s+tax(?:es)?|\badv\b"
    )


def find_income_tax(text: str) -> Found | None:
    """ "21% tax rate", "income tax 25%", "a corporate tax of 21%"; not severance or ad
    valorem."""
    not_these = r"(?:severance|valorem|production|property)\s*$"
    for pattern in (
        rf"(?:income|corporate|federal|state|combined)\s+tax(?:\s+rate)?\s*(?:of|=|:|at|is)?\s*(?P<n>{_PCT})",
        rf"(?P<n>{_PCT})\s*(?:(?:income|corporate|federal|state|combined)\s+){{1,3}}tax",
        rf"(?P<n>{_PCT})\s*tax\s+rate",
        rf"(?<![a-z])tax\s+rate\s*(?:of|=|:|at|is)?\s*(?P<n>{_PCT})",
    ):
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if re.search(not_these, text[max(0, m.start() - 20) : m.start()], re.IGNORECASE):
                continue
            nums = numbers(m.group("n"))
            if nums:
                at = m.start("n")
                return finding(nums[0].value / 100.0, (at + nums[0].start, at + nums[0].end))
    if re.search(r"after[-\s]?(?:income[-\s]?)?tax|\batax\b", text, re.IGNORECASE):
        # An after-tax question: "ATAX NPV10 at 21% tax", "after-tax, tax at 25%".
        for pattern in (
            rf"(?P<n>{_PCT})\s*tax(?:es)?\b",
            rf"(?<![a-z])tax(?:es)?\s*(?:of|=|:|at|is)\s*(?P<n>{_PCT})",
        ):
            for m in re.finditer(pattern, text, re.IGNORECASE):
                if re.search(not_these, text[max(0, m.start() - 20) : m.start()], re.IGNORECASE):
                    continue
                if re.search(r"^\s*tax(?:es)?\s+(?:severance|ad\s+val)", text[m.end("n") :], re.I):
                    continue
                nums = numbers(m.group("n"))
                if nums:
                    at = m.start("n")
                    return finding(nums[0].value / 100.0, (at + nums[0].start, at + nums[0].end))
    return None


def find_depreciation_years(text: str) -> Found | None:
    """ "7-year depreciation", "depreciate over 5 years", "7 yr straight line"."""
    hit = hit_at(
        text,
        r"(?P<n>\d{1,2})[-\s]?(?:years?|yrs?)\s+(?:straight[-\s]line\s+)?(?:depreciation|depreciated|sl\b|straight[-\s]line|macrs)",
    ) or hit_at(text, r"depreciat\w*\s+(?:over|across|for)\s+(?P<n>\d{1,2})\s*(?:years?|yrs?)")
    return finding(hit.value, hit.span) if hit else None


def find_intangible(text: str) -> Found | None:
    """ "70% intangible", "IDC of 75%", "80% of capex expensed"."""
    return fraction_hit(
        text,
        rf"(?P<n>{_PCT})\s*(?:of\s+(?:the\s+)?(?:capex|capital|well\s+cost)\s+)?(?:intangible|idc\b|expensed)",
    ) or fraction_hit(text, rf"(?:intangibles?|idcs?)\s*(?:of|=|:|at|is)?\s*(?P<n>{_PCT})")


def find_depletion(text: str) -> Found | None:
    """ "15% depletion", "percentage depletion of 15%"."""
    return fraction_hit(text, rf"(?P<n>{_PCT})\s*(?:percentage\s+)?depletion") or fraction_hit(
        text, rf"depletion\s*(?:rate)?\s*(?:of|=|:|at|is)?\s*(?P<n>{_PCT})"
    )


def find_tax_losses(text: str) -> Found | None:
    if re.search(
        r"carr(?:y|ied|ying)\s+(?:the\s+)?(?:tax\s+)?loss(?:es)?\s+forward|loss(?:es)?\s+carried\s+forward|\bnol\b",
        text,
        re.I,
    ):
        return Found("carry_forward")
    return None


# --- costs --------------------------------------------------------------------------------

_OPEX_WORDS = (
    r"opex|loe|lease\s+operating(?:\s+(?:expense|cost)s?)?|operating\s+(?:cost|expense)s?|"
    r"lifting(?:\s+costs?)?|variable(?:\s+costs?)?|fixed\s+costs?|g\s?&\s?a|overhead"
)
_GAS_COST_WORDS = r"gathering|g\s?&\s?t|g\s?&\s?p|transport\w*|processing|compression|gas\s+opex"
_WATER_WORDS = r"water\s+disposal|disposal|swd|water\s+handling|water\s+opex"
_PER = r"\s*(?:/|per|a|an)\s*"
_MONEY = rf"\$?\s?{N}"


def _unit_costs(text: str) -> dict[str, Found]:
    """Operating costs: per month, per bbl, per Mcf, per BOE and per bbl of water."""
    out: dict[str, Found] = {}
    clauses = (
        (
            "fixed_opex_per_month",
            rf"(?:{_OPEX_WORDS})[^.;?!$\d]{{0,15}}(?P<n>{_MONEY})(?:{_PER}(?:well\s*)?(?:/|per)?\s*)?{_PER}(?:month|mo)\b",
            rf"(?P<n>\$\s?{N}){_PER}(?:well{_PER})?(?:month|mo)\b\s*(?:of\s+)?(?:{_OPEX_WORDS}|fixed)?",
        ),
        (
            "opex_per_boe",
            rf"(?:{_OPEX_WORDS})[^.;?!$\d]{{0,15}}(?P<n>{_MONEY})\s*(?:/|per)\s*boe\b",
            rf"(?P<n>\$\s?{N})\s*(?:/|per)\s*boe\b",
        ),
        (
            "water_opex_per_bbl",
            rf"(?:{_WATER_WORDS})[^.;?!$\d]{{0,15}}(?P<n>{_MONEY})\s*(?:/|per)\s*(?:bbl|barrel|bw)\b",
            rf"(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|bw)\s*(?:of\s+)?(?:{_WATER_WORDS})",
        ),
        (
            "gas_opex_per_mcf",
            rf"(?:{_GAS_COST_WORDS}|{_OPEX_WORDS})[^.;?!$\d]{{0,15}}(?P<n>{_MONEY})\s*(?:/|per)\s*(?:mcf|mscf)\b",
            rf"(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:mcf|mscf)\s*(?:of\s+)?(?:{_GAS_COST_WORDS}|{_OPEX_WORDS})",
            rf"(?:{_OPEX_WORDS})(?:[^.;?!]|\.(?=\d)){{0,40}}?(?:plus|\+|and)\s+(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:mcf|mscf)\b",
        ),
        (
            "oil_opex_per_bbl",
            rf"(?:{_OPEX_WORDS})[^.;?!$\d]{{0,15}}(?P<n>{_MONEY})\s*(?:/|per)\s*(?:bbl|barrel|bo)\b",
            rf"(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|bo)\s*(?:of\s+)?(?:{_OPEX_WORDS})",
            rf"(?:{_OPEX_WORDS})(?:[^.;?!]|\.(?=\d)){{0,30}}?(?:plus|\+|and)\s+(?P<n>\$\s?{N})\s*(?:/|per)\s*(?:bbl|barrel|bo)\b",
        ),
    )
    taken: list[tuple[int, int]] = []
    for key, *patterns in clauses:
        for pattern in patterns:
            hit = None
            for m in re.finditer(pattern, text, re.IGNORECASE):
                if _glued(text, m.start("n")):
                    continue
                nums = numbers(m.group("n"))
                if not nums or nums[0].percent:
                    continue
                at = m.start("n")
                span = (at + nums[0].start, at + nums[0].end)
                if any(s <= span[0] < e for s, e in taken):
                    continue
                if key == "oil_opex_per_bbl" and re.match(
                    rf"\s*(?:/|per)\s*(?:bbl|barrel)\s*(?:of\s+)?(?:{_WATER_WORDS})",
                    text[span[1] :],
                    re.I,
                ):
                    continue
                hit = Found(nums[0].value, (span,))
                break
            if hit is not None:
                out[key] = hit
                taken += list(hit.spans)
                break
    return out


def _cost_finder(key: str):
    def find(text: str) -> Found | None:
        return _unit_costs(text).get(key)

    find.__name__ = f"find_{key}"
    return find


def _escalation(text: str, what: str) -> Found | None:
    subjects = {
        "opex": rf"(?:{_OPEX_WORDS}|(?<!capital\s)costs?|expenses?)",
        "capex": r"(?:capex|capital(?:\s+costs?)?|well\s+costs?|d\s?&\s?c)",
        "price": r"(?:prices?|oil|gas|wti|hh|henry\s+hub|the\s+deck|strip)",
    }[what]
    others = {
        "opex": r"capex|capital|prices?\b",
        "capex": r"opex|loe|prices?\b",
        "price": rf"{_OPEX_WORDS}|capex|capital|costs?",
    }[what]
    verbs = r"(?:escalat\w*|inflat\w*|ris(?:e|es|ing)|grow\w*|increas\w*)"
    reach = 50 if what == "capex" else 30  # "capex $6MM now and $2MM in month 24 escalating"
    tail = re.compile(
        rf"(?P<mid>(?:[^.;]|\.(?=\d)){{0,{reach}}}?){verbs}\s*(?:at|by|of|=|:)?\s*(?P<n>{_PCT})",
        re.IGNORECASE,
    )
    # Each subject in turn: "$65 oil and $3 gas, both escalated at 2.5%" is the gas's.
    for subject in re.finditer(subjects, text, re.IGNORECASE):
        m = tail.match(text, subject.end())
        if m is None:
            continue
        mid = m.group("mid")
        money = r"\$" if what == "price" else r"(?!)"
        if re.search(rf"\b(?:{others})\b|{money}", mid, re.IGNORECASE) and what != "opex":
            continue
        if what == "opex" and re.search(r"\b(?:capex|capital|prices?|oil|gas)\b", mid, re.I):
            continue
        nums = numbers(m.group("n"))
        if nums:
            at = m.start("n")
            return finding(nums[0].value / 100.0, (at + nums[0].start, at + nums[0].end))
    for pattern in (
        rf"{verbs}\s+(?:the\s+|all\s+)?{subjects}\s*(?:at|by|of)?\s*(?P<n>{_PCT})",
        rf"(?P<n>{_PCT})\s*(?:/\s?(?:yr|year)|a\s+year|per\s+year|annual(?:ly)?|p\.?a\.?)?\s*{subjects}\s+(?:escalation|inflation)",
        rf"{subjects}\s+(?:escalation|inflation)\s*(?:of|=|:|at)?\s*(?P<n>{_PCT})",
    ):
        for m in re.finditer(pattern, text, re.IGNORECASE):
            mid = m.groupdict().get("mid") or ""
            if re.search(rf"\b(?:{others})\b|\$", mid, re.IGNORECASE) and what != "opex":
                continue
            if what == "opex" and re.search(r"\b(?:capex|capital|prices?|oil|gas)\b", mid, re.I):
                continue
            nums = numbers(m.group("n"))
            if nums:
                at = m.start("n")
                return finding(nums[0].value / 100.0, (at + nums[0].start, at + nums[0].end))
    return None


def find_opex_escalation(text: str) -> Found | None:
    """ "escalate opex 2%/yr", "LOE ... escalating 2.5% a year", "2% cost escalation"."""
    return _escalation(text, "opex")


def find_capex_escalation(text: str) -> Found | None:
    return _escalation(text, "capex")


def find_price_escalation(text: str) -> Found | None:
    """ "$70 oil escalated 2%/yr", "prices escalating at 3% per year"."""
    return _escalation(text, "price")


# --- capex and abandonment ----------------------------------------------------------------

_CAPEX_LABEL = (
    r"d\s?&\s?c(?:\s+cost)?|drill(?:ing)?(?:\s+and\s+complet\w*)?(?:\s+cost)?|complet\w*|"
    r"frac\w*|facilit\w*|hook[-\s]?up|tie[-\s]?in|workover|recomplet\w*|capex|capital(?:\s+cost)?|"
    r"well\s+cost|investment|artificial\s+lift"
)
_ABANDON = (
    r"p\s?&\s?a|plug(?:ging)?\s+(?:and|&)\s+abandon\w*|abandonment(?:\s+cost)?|\baro\b|"
    r"decommission\w*"
)
_WHEN = (
    rf"(?:\s*(?:in|on|during|by)?\s*(?P<date>{DATE})|\s*(?:in|at)\s+month\s+(?P<month>\d{{1,3}}))?"
)


# Counts analysts write in words ("six months after the limit").
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
}


def _abandonment(text: str) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for pattern in (
        rf"(?:{_ABANDON})\s*(?:cost|costs|of|for|=|:|at|is)?\s*(?:of\s+)?(?P<n>\$?\s?{N})",
        rf"(?P<n>\$\s?{N})\s*(?:to\s+|for\s+)?(?:{_ABANDON}|plug)",
    ):
        m = re.search(pattern, text, re.IGNORECASE)
        if m is None:
            continue
        nums = numbers(m.group("n"), money_context=True)
        if not nums or nums[0].percent or nums[0].value < 1000:
            continue
        at = m.start("n")
        out["abandonment_cost"] = Found(
            abs(nums[0].value), ((at + nums[0].start, at + nums[0].end),)
        )
        break
    delay = re.search(
        rf"(?P<n>\d{{1,3}}|{'|'.join(_WORD_NUMBERS)})\s*(?P<u>months?|mos?|years?|yrs?)\s+after\s+(?:the\s+)?(?:economic\s+|econ\s+)?(?:limit|end\s+of\s+(?:the\s+)?life|last\s+production)",
        text,
        re.IGNORECASE,
    )
    if delay and "abandonment_cost" in out:
        count = _WORD_NUMBERS.get(delay.group("n").lower()) or int(delay.group("n"))
        months = count * (12 if delay.group("u").lower().startswith("y") else 1)
        out["abandonment_delay_months"] = Found(months, (delay.span("n"),))
    month = re.search(
        rf"(?:{_ABANDON})[^.;]{{0,40}}?\b(?:in|at|during)\s+month\s+(?P<m>\d{{1,3}})\b", text, re.I
    )
    if month and "abandonment_cost" in out:
        out["abandonment_month"] = Found(int(month.group("m")), (month.span("m"),))
    when = re.search(rf"(?:{_ABANDON})[^.;]{{0,40}}?\b(?:in|on|by)\s+(?P<d>{DATE})", text, re.I)
    if when and "abandonment_cost" in out and month_text(when.group("d")):
        out["abandonment_date"] = Found(
            month_text(when.group("d")), tuple(number_spans(text, *when.span("d")))
        )
    return out


def _abandonment_finder(key: str):
    def find(text: str) -> Found | None:
        return _abandonment(text).get(key)

    find.__name__ = f"find_{key}"
    return find


def find_capex(text: str) -> Found | None:
    """Capital items, each with its month or date when given: "capex of $6MM", "D&C $7.5
    million in Jan 2027", "drill $3MM in Oct 2026, complete $4MM in Dec 2026", "after a
    $5.5 million completion", "6 million D&C". Value: [{"amount", "label", "date"?}]."""
    abandon = [s for f in _abandonment(text).values() for s in f.spans]
    items: list[tuple[int, dict, list[tuple[int, int]]]] = []
    patterns = (
        rf"(?P<label>{_CAPEX_LABEL})\s*(?:cost|costs|of|=|:|at|for|is|budget)?\s*(?:of\s+)?(?P<n>\$?\s?{N}){_WHEN}",
        rf"(?P<n>\$\s?{N}|{N}\s?(?:mm|million|k|thousand)\b)\s*(?:of\s+|for\s+(?:the\s+)?)?(?P<label>{_CAPEX_LABEL}|to\s+drill|re-?frac\w*|well\b(?!\s+(?:count|name|head|site|pad|test|spacing|s\b))){_WHEN}",
    )
    for pattern in patterns:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if _glued(text, m.start("n")):
                continue
            nums = numbers(m.group("n"), money_context=True)
            if not nums or nums[0].percent or abs(nums[0].value) < 1000:
                continue
            at = m.start("n")
            span = (at + nums[0].start, at + nums[0].end)
            if any(s <= span[0] < e for s, e in abandon):
                continue
            if any(span[0] < e and s < span[1] for _, _, spans in items for s, e in spans):
                continue
            if re.match(
                r"\s*(?:/|per|a|an)\s*(?:month|mo|bbl|mcf|boe|year|yr)\b", text[span[1] :], re.I
            ):
                continue  # a cost per unit is opex
            label = re.sub(r"\s+", " ", m.group("label").strip().lower())
            item: dict = {"amount": abs(nums[0].value), "label": label}
            spans = [span]
            if m.group("date") and month_text(m.group("date")):
                item["date"] = month_text(m.group("date"))
                spans += number_spans(text, *m.span("date"))
            elif m.group("month"):
                item["month"] = int(m.group("month"))
                spans.append(m.span("month"))
            items.append((span[0], item, spans))
    _continued(text, items)
    if not items:
        return _lone_capex(text, abandon)
    items.sort(key=lambda i: i[0])
    return Found([i for _, i, _ in items], tuple(s for _, _, spans in items for s in spans))


# A dollar amount with nothing to say what it pays for, in a well's economics: "NPV10 for a
# well at 800 BOPD ..., $6MM, $70 oil". Large (a well's cost), and not a price, an opex,
# an abandonment or a cash flow of a list.
_LONE_AMOUNT = re.compile(rf"(?<![\w$])-?\$\s?{N}", re.IGNORECASE)
_NOT_CAPEX_AFTER = re.compile(
    r"\s*(?:/|per\b|a\s+(?:month|year|bbl|mcf)|an?\s+hour|(?:of\s+)?(?:oil|gas|ngl|wti|brent|hh|henry|"
    r"opex|loe|lease|op(?:erating)?\s+cost|p\s?&\s?a|abandon\w*|plug\w*|revenue|income|tax|"
    r"royalt\w*|bonus|npv|pv|irr|profit|cash))",
    re.IGNORECASE,
)
_NOT_CAPEX_BEFORE = re.compile(
    r"(?:opex|loe|lease|price[ds]?|oil|gas|wti|brent|hh|henry|at|abandon\w*|p\s?&\s?a|plug\w*|"
    r"of|then|npv|irr|pv\d*|flows?|returning|makes?|[-/])\s*$",
    re.IGNORECASE,
)


def _lone_capex(text: str, abandon: list[tuple[int, int]]) -> Found | None:
    """The one large unlabelled dollar amount of the question, read as the well's capex
    (spent at the start), or None when there is none or more than one."""
    amounts = list(_LONE_AMOUNT.finditer(text))
    joined = [
        re.fullmatch(r"\s*(?:,|;|/|then|and)?\s*", text[a.end() : b.start()]) is not None
        for a, b in itertools.pairwise(amounts)
    ]
    if any(first and second for first, second in itertools.pairwise(joined)):
        return None  # three amounts in a row are a list of cash flows
    lone = []
    for m in amounts:
        nums = numbers(m.group(0).lstrip("-"), money_context=True)
        if not nums or nums[0].percent or abs(nums[0].value) < 100_000:
            continue
        if any(s <= m.start() < e for s, e in abandon):
            continue
        if _NOT_CAPEX_AFTER.match(text, m.end()) or _NOT_CAPEX_BEFORE.search(text[: m.start()]):
            continue
        lone.append((m, nums[0]))
    if len(lone) != 1:
        return None
    m, num = lone[0]
    span = (m.start() + (1 if m.group(0).startswith("-") else 0), m.end())
    item = {"amount": abs(num.value), "label": "unlabelled amount read as capex"}
    return Found([item], (span,))


_MORE_CAPEX = re.compile(
    rf"(?:\s*(?:now|today|up\s?front|at\s+the\s+start|at\s+t\s?=\s?0))?\s*(?:,|and|then|plus|\+)\s*"
    rf"(?:another\s+|a\s+further\s+|a\s+second\s+)?(?P<n>\$\s?{N}){_WHEN}",
    re.IGNORECASE,
)


def _continued(text: str, items: list) -> None:
    """Amounts that continue a capex item, each on its own month or date: "capex $6MM now
    and $2MM in month 24", "D&C $5MM in Jan 2027, $1.5MM in Jun 2027"."""
    for _start, item, spans in list(items):
        end = max(e for _, e in spans)
        while True:
            m = _MORE_CAPEX.match(text, end)
            if m is None or not (m.group("date") or m.group("month")):
                break
            nums = numbers(m.group("n"), money_context=True)
            if not nums or nums[0].percent or abs(nums[0].value) < 1000:
                break
            at = m.start("n")
            span = (at + nums[0].start, at + nums[0].end)
            if any(s <= span[0] < e for _, _, taken in items for s, e in taken):
                break
            more: dict = {"amount": abs(nums[0].value), "label": item["label"]}
            found = [span]
            if m.group("date") and month_text(m.group("date")):
                more["date"] = month_text(m.group("date"))
                found += number_spans(text, *m.span("date"))
            elif m.group("month"):
                more["month"] = int(m.group("month"))
                found.append(m.span("month"))
            items.append((span[0], more, found))
            end = m.end()


def show_capex(value: list[dict]) -> tuple[str, str]:
    parts = []
    for item in value:
        when = (
            f" in {item['date']}"
            if item.get("date")
            else (f" in month {item['month']}" if item.get("month") is not None else "")
        )
        parts.append(f"{item.get('label', 'capex')} ${item['amount']:,.0f}{when}")
    return "; ".join(parts), ""


# --- time and limit -----------------------------------------------------------------------


def find_effective_date(text: str) -> Found | None:
    """ "effective date Oct 2026", "effective 1/1/2027", "as of 2026-10-01"."""
    m = re.search(
        rf"(?:effective(?:\s+date)?|as\s+of|valuation\s+date|as-of\s+date)\s*(?:is|of|=|:)?\s*(?P<d>{DATE})",
        text,
        re.IGNORECASE,
    )
    if m and month_text(m.group("d")):
        return Found(month_text(m.group("d")), tuple(number_spans(text, *m.span("d"))))
    return None


def find_horizon(text: str) -> Found | None:
    """ "over 5 years", "a 20-year horizon", "cut at 15 years", "for the next 10 years"."""
    for pattern in (
        r"(?<!depreciate\s)(?<!depreciated\s)\b(?:over|across|for|within)\s+(?:a\s+|the\s+(?:next|first)\s+)?(?P<n>\d{1,3})\s*(?:-\s*)?(?:years?|yrs?)\b(?!\s+(?:straight|depreciation|sl\b))",
        r"(?P<n>\d{1,3})[-\s]?(?:year|yr)\s+(?:horizon|life|limit|cut[-\s]?off|project)",
        r"(?:cut|stop|truncate)\w*\s+(?:it\s+|the\s+forecast\s+)?(?:at|after)\s+(?P<n>\d{1,3})\s*(?:years?|yrs?)",
    ):
        hit = hit_at(text, pattern)
        if hit is not None and 0 < hit.value <= 100:
            before = text[max(0, hit.start - 25) : hit.start].lower()
            if re.search(r"depreciat|flows?\s+|a\s+year|per\s+year", before):
                continue
            return finding(float(hit.value), hit.span)
    return None


def find_economic_limit(text: str) -> Found | None:
    """ "no economic limit", "run the whole forecast", "don't truncate", "last positive
    month"."""
    if re.search(
        r"\bno\s+econ(?:omic|\.)?\s+limit|ignor\w*\s+the\s+econ(?:omic|\.)?\s+limit|without\s+(?:an?\s+)?econ(?:omic|\.)?\s+limit|"
        r"(?:whole|entire|full)\s+forecast|don'?t\s+truncate|do\s+not\s+truncate|no\s+truncation",
        text,
        re.IGNORECASE,
    ):
        return Found("none")
    if re.search(r"last\s+positive\s+(?:month|cash\s+flow)", text, re.IGNORECASE):
        return Found("last_positive")
    return None


def find_gor(text: str) -> Found | None:
    """ "GOR 1,500 scf/bbl", "gas-oil ratio of 2000 scf/bbl", "1.5 mcf/bbl GOR"."""
    hit = hit_at(
        text,
        r"(?:\bgor\b|gas[-\s]oil\s+ratio)\s*(?:of|=|:|is)?\s*(?P<n>{N})\s*mcf\s*(?:/|per)\s*(?:bbl|stb|bo)\b",
    )
    if hit is not None:
        return finding(hit.value * 1000.0, hit.span)
    hit = hit_at(
        text,
        r"(?:\bgor\b|gas[-\s]oil\s+ratio)\s*(?:of|=|:|is)?\s*(?P<n>{N})\s*(?:scf\s*(?:/|per)\s*(?:bbl|stb|bo)\b)?",
    )
    if hit is not None:
        return finding(hit.value, hit.span)
    hit = hit_at(text, r"(?P<n>{N})\s*mcf\s*(?:/|per)\s*(?:bbl|stb|bo)\b")
    return finding(hit.value * 1000.0, hit.span) if hit else None


# --- registration -------------------------------------------------------------------------

binds(_ECON, name="working_interest", label="Working interest", unit="fraction")(
    find_working_interest
)
binds(_ECON, name="net_revenue_interest", label="Net revenue interest", unit="fraction")(find_nri)
binds(
    _ECON,
    name="after_payout",
    label="Interest after payout",
    show=lambda v: (next(iter(v.values())), "fraction"),
)(find_after_payout)
binds(_ECON, name="reversion_timing", label="Reversion timing", figure=False)(find_reversion_timing)
binds(_ECON, name="royalty", label="Royalty", unit="fraction")(find_royalty)
binds(_ECON, name="overriding_royalty", label="Overriding royalty", unit="fraction")(
    find_overriding_royalty
)
for _key, _label, _unit in (
    ("severance_tax", "Severance tax, every phase", "fraction"),
    ("severance_tax_oil", "Oil severance tax", "fraction"),
    ("severance_tax_gas", "Gas severance tax", "fraction"),
    ("severance_tax_ngl", "NGL severance tax", "fraction"),
    ("severance_oil_per_bbl", "Oil severance tax per bbl", "$/bbl"),
    ("severance_gas_per_mcf", "Gas severance tax per Mcf", "$/Mcf"),
    ("severance_ngl_per_bbl", "NGL severance tax per bbl", "$/bbl"),
):
    binds(_ECON, name=_key, label=_label, unit=_unit)(_severance_finder(_key))
binds(_ECON, name="ad_valorem_tax", label="Ad valorem tax", unit="fraction")(find_ad_valorem)
binds(_ECON, name="income_tax_rate", label="Income-tax rate", unit="fraction")(find_income_tax)
binds(_ECON, name="depreciation_years", label="Depreciation life", unit="yr")(
    find_depreciation_years
)
binds(_ECON, name="intangible_fraction", label="Intangible share of capex", unit="fraction")(
    find_intangible
)
binds(_ECON, name="depletion_rate", label="Percentage depletion", unit="fraction")(find_depletion)
binds(_ECON, name="tax_losses", label="Tax losses", figure=False)(find_tax_losses)
for _key, _label, _unit in (
    ("fixed_opex_per_month", "Fixed opex", "$/month"),
    ("oil_opex_per_bbl", "Oil opex", "$/bbl"),
    ("gas_opex_per_mcf", "Gas opex", "$/Mcf"),
    ("water_opex_per_bbl", "Water opex", "$/bbl"),
    ("opex_per_boe", "Opex per BOE", "$/BOE"),
):
    binds(_ECON, name=_key, label=_label, unit=_unit)(_cost_finder(_key))
binds(_ECON, name="opex_escalation", label="Opex escalation", unit="fraction")(find_opex_escalation)
binds(_ECON, name="capex_escalation", label="Capex escalation", unit="fraction")(
    find_capex_escalation
)
binds(_ECON, name="price_escalation", label="Price escalation", unit="fraction")(
    find_price_escalation
)
binds(_ECON, name="capex", label="Capex", show=show_capex)(find_capex)
binds(_ECON, name="abandonment_cost", label="Abandonment cost", unit="$")(
    _abandonment_finder("abandonment_cost")
)
binds(_ECON, name="abandonment_delay_months", label="Abandonment delay", unit="mo")(
    _abandonment_finder("abandonment_delay_months")
)
binds(_ECON, name="abandonment_month", label="Abandonment month", unit="month")(
    _abandonment_finder("abandonment_month")
)
binds(_ECON, name="abandonment_date", label="Abandonment date")(
    _abandonment_finder("abandonment_date")
)
binds(_ECON, name="effective_date", label="Effective date")(find_effective_date)
binds(_ECON, name="horizon_years", label="Horizon", unit="yr")(find_horizon)
binds(_ECON, name="economic_limit", label="Economic limit", figure=False)(find_economic_limit)
binds(_ECON, name="gor_scf_per_bbl", label="Gas-oil ratio", unit="scf/bbl")(find_gor)
