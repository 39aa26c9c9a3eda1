"""Fit controls and forecast options in plain words: bounds on b, where the fit starts,
months left out, the model family, segments, secondary phases, uncertainty, hindcasts,
type curves, diagnostics and the parameter export; for an inline forecast a flat period,
a re-frac, a start date and constant secondary ratios. Each found with its span.

Registered for ``forecast_decline`` and ``fit_decline`` (the writer decides which tool
argument each feeds: "from March 2022" starts a fit of a history, or dates an inline
forecast). Months are "YYYY-MM" strings as the tools take them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.builtin.bind_rates import DECLINE_KINDS
from agents.builtin.binding import Found, binds, finding
from agents.builtin.econ_phrases import MONTHS as _MONTHS
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import hit_at, numbers

_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# One month: "March 2022", "Mar-22", "Mar '22", "2022-03", "03/2022", "3/22".
_MONTH = (
    rf"(?:(?P<name>{_MONTH_NAME})\.?[\s\-']*(?P<year>(?:19|20)\d\d|'?\d\d)\b"
    r"|(?P<iy>(?:19|20)\d\d)[-/.](?P<im>0?[1-9]|1[0-2])\b(?![-/.]\d)"
    r"|(?P<mm>0?[1-9]|1[0-2])/(?P<my>(?:19|20)\d\d|\d\d)\b)"
)
_MONTH_RX = re.compile(_MONTH, re.IGNORECASE)


def _month_text(m: re.Match[str]) -> str:
    if m.group("name"):
        month = _MONTHS[m.group("name")[:3].lower()]
        year = m.group("year").lstrip("'")
    elif m.group("iy"):
        month, year = int(m.group("im")), m.group("iy")
    else:
        month, year = int(m.group("mm")), m.group("my")
    if len(year) == 2:
        year = f"20{year}"
    return f"{int(year):04d}-{month:02d}"


def months_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "YYYY-MM") of each month written in ``text``; a month name followed by
    a range ("Jun-Aug 2022") takes the range's year."""
    out = []
    for m in _MONTH_RX.finditer(text):
        out.append((m.start(), m.end(), _month_text(m)))
    # "Jun-Aug 2022", "June to August 2022": the first month borrows the year.
    for m in re.finditer(
        rf"\b(?P<a>{_MONTH_NAME})\s*(?:-|to|through|thru|until)\s*(?P<b>{_MONTH_NAME})\.?\s*"
        r"(?P<y>(?:19|20)\d\d)\b",
        text,
        re.IGNORECASE,
    ):
        year = int(m.group("y"))
        first = _MONTHS[m.group("a")[:3].lower()]
        out = [o for o in out if not (m.start() <= o[0] < m.end())]
        out.append((m.start("a"), m.start("a") + len(m.group("a")), f"{year:04d}-{first:02d}"))
        out.append(
            (m.start("b"), m.end("y"), f"{year:04d}-{_MONTHS[m.group('b')[:3].lower()]:02d}")
        )
    out.sort()
    return out


# --- b bounds -----------------------------------------------------------------------------

_B = r"\bb(?:[- ]?(?:factor|value|exponent))?"


@dataclass(frozen=True)
class Bounds:
    """Bounds on the Arps b-factor (either may be None)."""

    low: float | None
    high: float | None

    def text(self) -> str:
        if self.low is not None and self.low == self.high:
            return f"fixed at {self.low:g}"
        low = "0" if self.low is None else f"{self.low:g}"
        high = "2" if self.high is None else f"{self.high:g}"
        return f"{low} to {high}"


def find_b_bounds(text: str) -> Found | None:
    """ "b between 0.5 and 1.2", "b from 0.3 to 1.0", "0.5 < b < 1.2", "b in [0.5, 1.2]",
    "b bounded 0.5-1.2", "cap b at 1.2", "b no higher than 1.5", "max b 1.5", "b <= 1.3",
    "b at least 0.3", "min b of 0.3"; fixed: "b fixed at 0.9", "hold b at 0.7", "fix b = 0.8",
    "b-factor locked to 1.1"."""
    fixed = hit_at(
        text,
        rf"(?:\b(?:fix|fixed|hold|held|lock|locked|pin|pinned|force|forced|freeze|frozen)\s+"
        rf"(?:the\s+)?{_B}|{_B}\s*(?:fixed|held|locked|pinned|forced|frozen|constant))"
        rf"\s*(?:at|to|=|of|:)?\s*(?P<n>{{N}})",
    )
    if fixed is not None and 0 < fixed.value <= 2:
        return finding(Bounds(fixed.value, fixed.value), fixed.span, None)
    both = (
        rf"{_B}\s*(?:between|from|in|within|bounded\s+(?:by|to|between)?|range\s+of|of)?\s*"
        rf"\[?\(?(?P<lo>{_N})\s*(?:and|to|-|,|\.\.)\s*(?P<hi>{_N})\]?\)?",
        rf"(?P<lo>{_N})\s*(?:<=?|≤)\s*b\s*(?:<=?|≤)\s*(?P<hi>{_N})",
    )
    for pattern in both:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if not re.search(r"between|from|in|within|bound|range|\[|<|≤|-", m.group(0), re.I):
                continue
            lo, hi = numbers(m.group("lo")), numbers(m.group("hi"))
            if not lo or not hi or not 0 <= lo[0].value < hi[0].value <= 2.5:
                continue
            return finding(
                Bounds(lo[0].value, hi[0].value), m.span("lo"), m.span("hi"), stated=m.group(0)
            )
    high = hit_at(
        text,
        rf"(?:(?:cap|limit|bound|constrain|restrict)\w*\s+(?:the\s+)?{_B}\s*(?:at|to|of|below|under)?"
        rf"|(?:max(?:imum)?|upper\s+(?:limit|bound)\s+(?:on|of|for))\s+{_B}\s*(?:of|=|:|at|is)?"
        rf"|{_B}\s*(?:max(?:imum)?|cap(?:ped)?(?:\s+at)?|no\s+(?:more|higher|greater)\s+than|"
        rf"(?:at|of)\s+most|not\s+above|below|under|<=?|≤|up\s+to)\s*(?:of|=|:)?)\s*(?P<n>{{N}})",
    )
    low = hit_at(
        text,
        rf"(?:(?:min(?:imum)?|lower\s+(?:limit|bound)\s+(?:on|of|for))\s+{_B}\s*(?:of|=|:|at|is)?"
        rf"|{_B}\s*(?:min(?:imum)?|(?:at|of)\s+least|no\s+(?:less|lower)\s+than|not\s+below|"
        rf"above|over|>=?|≥)\s*(?:of|=|:)?)\s*(?P<n>{{N}})",
    )
    if high is None and low is None:
        return None
    if high is not None and not 0 < high.value <= 2.5:
        high = None
    if low is not None and not 0 <= low.value <= 2:
        low = None
    if high is None and low is None:
        return None
    return finding(
        Bounds(low.value if low else None, high.value if high else None),
        low.span if low else None,
        high.span if high else None,
    )


# --- where the fit starts, months excluded -------------------------------------------------


def find_fit_start(text: str) -> Found | None:
    """ "from the first peak", "from the last peak", "after the re-frac", "fit from March
    2022", "starting 2022-03", "since 06/2021": "first_peak", "last_peak" or "YYYY-MM"."""
    low = text.lower()
    if re.search(r"\bfirst\s+peak\b|\bpeak\s+month\b|\binitial\s+peak\b", low):
        return finding("first_peak", stated="first peak")
    if re.search(
        r"\blast\s+peak\b|\blatest\s+peak\b|\b(?:after|since|from)\s+the\s+(?:last\s+)?re-?\s?fr?ac\b",
        low,
    ):
        return finding("last_peak", stated="last peak")
    for m in re.finditer(
        r"\b(?:from|starting(?:\s+(?:in|at|from))?|start(?:ing)?\s+(?:the\s+fit\s+)?(?:in|at|from)|"
        r"beginning|since|on\s+or\s+after|after)\s+(?:the\s+)?",
        text,
        re.IGNORECASE,
    ):
        month = _MONTH_RX.match(text, m.end())
        if month:
            return finding(_month_text(month), month.span(), stated=month.group(0))
    return None


_EXCLUDE = re.compile(
    r"(?:\bw/o(?!\w)|\b(?:exclud\w*|leav\w*\s+out|left\s+out|ignor\w*|drop(?:ping|ped)?|skip(?:ping|ped)?|"
    r"omit\w*|without|remov\w*|throw\w*\s+out|except)\b)",
    re.IGNORECASE,
)


def find_exclude_months(text: str) -> Found | None:
    """Months left out of the fit: "exclude March 2023", "excluding Jun-Aug 2022", "leave out
    2021-05 and 2021-06", "ignore 2022-01 to 2022-03"; ranges as "YYYY-MM..YYYY-MM"."""
    listed: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _EXCLUDE.finditer(text):
        rest_end = len(text)
        stop = re.search(
            r"[;?!\n]|\.(?!\d)|\b(?:and\s+)?(?:then|with|fit|forecast|to\s+an?)\b", text[m.end() :]
        )
        if stop:
            rest_end = m.end() + stop.start()
        found = [o for o in months_in(text) if m.end() <= o[0] < rest_end]
        # Only months right after the word (small words and separators between them).
        chosen: list[tuple[int, int, str]] = []
        at = m.end()
        for start, end, month in found:
            if not chosen and re.fullmatch(r"(?:\s*[\w-]+){0,3}?\s*", text[at:start]):
                chosen.append((start, end, month))
                at = end
            elif re.fullmatch(
                r"[\s,&]*(?:and|to|through|thru|until|-|\.\.|the|months?|of|in|from|shut-?ins?)?[\s,&]*"
                r"(?:the\s+)?(?:months?\s+(?:of\s+)?)?(?:shut-?ins?\s+(?:in|of)\s+)?",
                text[at:start],
                re.IGNORECASE,
            ):
                chosen.append((start, end, month))
                at = end
            else:
                break
        index = 0
        while index < len(chosen):
            start, end, month = chosen[index]
            if index + 1 < len(chosen) and re.fullmatch(
                r"\s*(?:-|to|through|thru|until|\.\.)\s*", text[end : chosen[index + 1][0]], re.I
            ):
                listed.append(f"{month}..{chosen[index + 1][2]}")
                spans.append((start, chosen[index + 1][1]))
                index += 2
                continue
            listed.append(month)
            spans.append((start, end))
            index += 1
    if not listed:
        return None
    return finding(listed, *spans)


# --- models and segments -------------------------------------------------------------------

_MODEL_WORDS = (
    ("thm", r"\bthm\b|\btransient\s+hyperbolic\b"),
    ("ple", r"\bple\b|\bpower[\s-]+law\s+exponential\b"),
    ("se", r"\bSE\b|\bstretched[\s-]+exponential\b"),
    ("duong", r"\bduong\b"),
    ("modified_hyperbolic", r"\bmod(?:ified)?\.?[\s-]+hyperbolic\b|\bmh\b"),
    ("hyperbolic", r"(?<!modified\s)(?<!transient\s)(?<!mod\.\s)(?<!mod\s)\bhyperbolic\b"),
    ("harmonic", r"\bharmonic\b"),
    ("exponential", r"(?<!stretched\s)(?<!stretched-)(?<!law\s)(?<!law-)\bexponential\b"),
)


def find_models(text: str) -> Found | None:
    """The model family asked for: "best" ("the best model", "whichever fits best"), "all"
    ("try every model", "compare all models"), or the models named (THM, PLE, SE, Duong,
    modified hyperbolic, hyperbolic, harmonic, exponential) in the order written."""
    if re.search(
        r"\b(?:all|every|each)\s+(?:the\s+)?(?:decline\s+)?models?\b|\ball\s+(?:eight|8)\b",
        text,
        re.I,
    ):
        return finding("all", stated="all models")
    named = []
    for kind, pattern in _MODEL_WORDS:
        flags = 0 if kind == "se" else re.IGNORECASE
        m = re.search(pattern, text, flags)
        if m:
            named.append((m.start(), kind))
    if named:
        return finding([k for _s, k in sorted(named)])
    if re.search(
        r"\bbest(?:[\s-]+fit(?:ting)?)?\s+(?:model|curve|fit)\b|\bfits?\s+best\b|\bbest\s+of\b",
        text,
        re.I,
    ):
        return finding("best", stated="best")
    return None


def find_segments(text: str) -> Found | None:
    """ "one segment", "single segment", "ignore the re-frac" -> "single"; "detect re-fracs",
    "multi-segment" -> "auto"."""
    if re.search(
        r"\b(?:single|one)[\s-]+segment|\bignor\w*\s+(?:the\s+)?re-?\s?fr?ac|\bno\s+re-?\s?fr?ac\s+detection"
        r"|\bno\s+segments\b|\bwithout\s+segments\b",
        text,
        re.IGNORECASE,
    ):
        return finding("single")
    if re.search(
        r"\bmulti[\s-]?segment|\bdetect\w*\s+(?:the\s+)?re-?\s?fr?acs?|\bsegments?\b", text, re.I
    ):
        return finding("auto")
    return None


def find_normalise_on_time(text: str) -> Found | None:
    """ "don't normalise by producing days", "calendar-day rates" -> False; "per producing
    day", "normalise by days on" -> True."""
    if re.search(
        r"\b(?:don'?t|do\s+not|no|without|not)\s+(?:normali[sz]\w*|divid\w*)\b|\bcalendar[\s-]+days?\s+rates?"
        r"|\bignor\w*\s+(?:the\s+)?(?:producing|days?\s+on|hours)",
        text,
        re.IGNORECASE,
    ):
        return finding(False)
    if re.search(
        r"\bper\s+producing\s+day|\bnormali[sz]\w*\s+(?:by|to|on)\s+(?:the\s+)?(?:producing|days?\s+on|hours|time)",
        text,
        re.IGNORECASE,
    ):
        return finding(True)
    return None


# --- secondary phases ----------------------------------------------------------------------


def find_secondary(text: str) -> Found | None:
    """Phases forecast as ratios to the primary: "gas following the oil by GOR", "with gas
    via GOR", "and water by WOR", "condensate by yield", "secondary phases"."""
    low = text.lower()
    out = []
    if re.search(
        r"\bgas\b[^.;?!]{0,40}\b(?:follow\w*|by|via|through|from|using|tied\s+to)\b[^.;?!]{0,20}\bgor\b"
        r"|\bgor\s+(?:forecast|model|ratio|trend)|\bgas\s+(?:follow\w*|tied\s+to)\s+(?:the\s+)?oil\b",
        low,
    ):
        out.append("gas")
    if re.search(
        r"\b(?:oil|condensate)\b[^.;?!]{0,40}\b(?:follow\w*|by|via|through|from|using)\b[^.;?!]{0,20}"
        r"\b(?:yield|cgr)\b|\b(?:yield|cgr)\s+(?:forecast|model|trend)|\bcondensate\s+follow\w*",
        low,
    ):
        out.append("oil")
    if re.search(
        r"\bwater\b[^.;?!]{0,40}\b(?:follow\w*|by|via|through|from|using)\b[^.;?!]{0,20}\b(?:wor|wgr|water\s+cut)\b"
        r"|\b(?:wor|wgr)\s+(?:forecast|model|trend)|\bwater\s+follow\w*",
        low,
    ):
        out.append("water")
    if not out and re.search(r"\bsecondary\s+phases?\b|\ball\s+(?:three\s+)?phases\b", low):
        out = ["gas", "oil", "water"]
    return finding(out) if out else None


def find_ratio_model(text: str) -> Found | None:
    """ "constant GOR", "flat yield", "held constant" -> "constant"; "power law" -> "power_law"."""
    if re.search(
        r"\b(?:constant|flat|fixed)\s+(?:gor|wor|wgr|yield|cgr|ratios?)\b|\b(?:gor|wor|yield|ratios?)\s+"
        r"(?:held\s+)?(?:constant|flat)\b",
        text,
        re.IGNORECASE,
    ):
        return finding("constant")
    if re.search(r"\bpower[\s-]+law\s+(?:gor|wor|yield|ratio)", text, re.IGNORECASE):
        return finding("power_law")
    return None


def find_gor(text: str) -> Found | None:
    """A stated GOR in scf/bbl: "GOR 1,500 scf/bbl", "GOR of 1.5 Mcf/bbl", "a 2,000 GOR"."""
    m = re.search(
        rf"\bgor\s*(?:of|=|:|is|at|around|about)?\s*(?P<n>{_N})\s*(?P<u>m?scf/(?:bbl|b|stb)|mcf/(?:bbl|b|stb)|scf\s+per\s+(?:bbl|barrel)|mcf\s+per\s+(?:bbl|barrel))?"
        rf"|(?P<n2>{_N})\s*(?P<u2>m?scf/(?:bbl|b|stb)|mcf/(?:bbl|b|stb))?\s*gor\b",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    group = "n" if m.group("n") else "n2"
    nums = numbers(m.group(group))
    if not nums or nums[0].percent:
        return None
    unit = (m.group("u") or m.group("u2") or "").lower()
    value = nums[0].value * (1000.0 if unit.startswith("mcf") else 1.0)
    end = m.end("u") if m.group("u") else m.end("u2") if m.group("u2") else m.end(group)
    return finding(value, (m.start(group), end))


def find_yield(text: str) -> Found | None:
    """A condensate yield in bbl/MMcf: "yield 25 bbl/MMcf", "CGR of 40 bbl/mmscf"."""
    m = re.search(
        rf"\b(?:condensate\s+)?(?:yield|cgr)\s*(?:of|=|:|is|at)?\s*(?P<n>{_N})\s*(?P<u>(?:bbls?|b|stb)\s*(?:/|per)\s*mm(?:s)?cf)?"
        rf"|(?P<n2>{_N})\s*(?P<u2>(?:bbls?|b|stb)\s*(?:/|per)\s*mm(?:s)?cf)\s*(?:of\s+)?(?:condensate|yield|cgr)",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    group = "n" if m.group("n") else "n2"
    nums = numbers(m.group(group))
    if not nums or nums[0].percent:
        return None
    end = m.end("u") if m.group("u") else m.end("u2") if m.group("u2") else m.end(group)
    return finding(nums[0].value, (m.start(group), end))


def find_water_ratio(text: str) -> Found | None:
    """Water per unit of the primary: "WOR 3", "WOR of 2.5 bbl/bbl", "WGR 10 bbl/MMcf"
    (per mcf: 0.01), "water cut 60%" (WOR 0.6 / 0.4 = 1.5)."""
    m = re.search(
        rf"\bwor\s*(?:of|=|:|is|at)?\s*(?P<n>{_N})(?:\s*(?:bbls?/bbls?|bbl\s+per\s+bbl))?",
        text,
        re.I,
    )
    if m:
        nums = numbers(m.group("n"))
        if nums and not nums[0].percent:
            return finding(nums[0].value, m.span("n"))
    m = re.search(
        rf"\bwgr\s*(?:of|=|:|is|at)?\s*(?P<n>{_N})\s*(?P<u>(?:bbls?|b)\s*(?:/|per)\s*mm(?:s)?cf)?",
        text,
        re.I,
    )
    if m:
        nums = numbers(m.group("n"))
        if nums:
            return finding(
                nums[0].value / 1000.0, (m.start("n"), m.end("u") if m.group("u") else m.end("n"))
            )
    cut = hit_at(text, r"\bwater[\s-]+cut\s*(?:of|=|:|is|at)?\s*(?P<n>{N}\s?%)")
    if cut is not None and 0 < cut.value < 100:
        share = cut.value / 100.0
        return finding(share / (1.0 - share), cut.span, stated=f"water cut {cut.value:g}%")
    return None


# --- uncertainty, hindcast, type curves, diagnostics, export --------------------------------


def find_uncertainty(text: str) -> Found | None:
    """ "P10/P50/P90", "P90 EUR", "uncertainty", "probabilistic", "range of EURs": the method
    named ("bootstrap", "covariance"), else "bootstrap"."""
    low = text.lower()
    wants = re.search(
        r"\bp\s?(?:10|50|90)\b|\buncertain\w*|\bprobabilistic|\brange\s+of\s+(?:eurs?|outcomes|forecasts)"
        r"|\bconfidence\s+(?:interval|band)|\bbootstrap\w*|\bcovariance|\blow[\s/,-]+(?:mid|best)[\s/,-]+high",
        low,
    )
    if not wants:
        return None
    spans = [
        m.span()
        for m in re.finditer(r"\bp\s?(?:10|50|90)\b", text, re.IGNORECASE)
        if not re.match(r"\s*(?:type\s+curve)", text[m.end() :], re.I)
    ]
    method = (
        "covariance" if re.search(r"\bcovariance|\bjacobian|\bdelta\s+method", low) else "bootstrap"
    )
    if re.search(r"\btype\s+curves?\b|\btype\s+wells?\b", low) and not re.search(
        r"\bper\s+well\b|\beach\s+well\b|\bbootstrap|\bcovariance|\buncertain", low
    ):
        return None  # a type curve's P10/P50/P90 are across wells, not per-well uncertainty
    return finding(method, *spans)


def find_samples(text: str) -> Found | None:
    """ "500 samples", "1,000 realizations", "2000 bootstrap runs"."""
    hit = hit_at(
        text,
        r"(?P<n>{N})\s*(?:bootstrap\s+)?(?:samples?|realizations?|realisations?|runs|iterations|draws|trials)\b",
    )
    if hit is None or not 20 <= hit.value <= 2000:
        return None
    return finding(int(hit.value), hit.span)


def find_hindcast(text: str) -> Found | None:
    """ "hindcast the last 12 months", "backtest", "hold out the last 6 months", "blind test
    on the final 9 months": the months held out (default when none given: None)."""
    low = text.lower()
    if not re.search(
        r"\bhind-?\s?cast\w*|\bback-?\s?test\w*|\bhold(?:ing)?[\s-]?out|\bheld[\s-]out|\bblind[\s-]test|\bout[\s-]of[\s-]sample",
        low,
    ):
        return None
    hit = hit_at(
        text,
        r"(?:last|final|latest|recent|past|trailing)\s+(?P<n>\d{1,3})\s*(?:months?|mos?|mths?)\b",
    )
    if hit is None:
        hit = hit_at(
            text,
            r"(?P<n>\d{1,3})[\s-]*(?:months?|mos?|mths?)\s+(?:hind-?\s?cast|back-?\s?test|hold-?\s?out|held[\s-]out)",
        )
    if hit is None:
        hit = hit_at(
            text,
            r"(?:hind-?\s?cast\w*|back-?\s?test\w*|hold(?:ing)?[\s-]?out|held[\s-]out)\s+(?:of\s+|on\s+|over\s+|for\s+)?"
            r"(?:the\s+)?(?P<n>\d{1,3})\s*(?:months?|mos?|mths?)\b",
        )
    if hit is None:
        years = hit_at(text, r"(?:last|final|latest|past)\s+(?P<n>\d{1,2})\s*(?:years?|yrs?)\b")
        if years is not None:
            return finding(int(years.value * 12), years.span)
        return finding(0)  # asked, months not given: the tool's default
    if not 1 <= hit.value <= 120:
        return None
    return finding(int(hit.value), hit.span)


@dataclass(frozen=True)
class TypeCurveAsk:
    """A type curve asked for: grouped by a column word, and the words that may name a
    group of wells ("the Karnes county wells")."""

    group_by: str | None  # the column word: "county", "formation", "first_production_year"
    words: str  # the text to match against the file's values


def find_type_curve(text: str) -> Found | None:
    """ "type curve", "type well", "TC of the Karnes county wells", "type curves by
    formation", "per vintage": what to group by, and the text naming a group of wells."""
    if not re.search(
        r"\btype[\s-]+(?:curves?|wells?)\b|\bTCs?\b", text if "TC" in text else text.lower()
    ):
        return None
    group_by = None
    m = re.search(
        r"\b(?:by|per|for\s+each|each|grouped\s+by|split\s+by|broken\s+out\s+by)\s+(?P<c>first[\s-]+production[\s-]+years?|"
        r"vintages?|(?:first[\s-]+)?prod(?:uction)?[\s-]+years?|[a-z_]+)\b",
        text,
        re.IGNORECASE,
    )
    if m and m.group("c").lower() not in {
        "the",
        "a",
        "all",
        "well",
        "wells",
        "1",
        "month",
        "months",
    }:
        word = m.group("c").lower()
        if re.match(r"vintage|first|prod", word):
            word = "first_production_year"
        if not re.match(r"1[,.]?000|thousand|lateral|foot|ft|kft", word):
            group_by = word
    return finding(TypeCurveAsk(group_by=group_by, words=text), stated="type curve")


def find_lateral(text: str) -> Found | None:
    """ "per 1,000 ft of lateral", "per 1000'", "normalised to lateral length", "per kft" ->
    True (with the 1,000's span); "not normalised", "raw" -> False."""
    m = re.search(
        r"\bper\s+(?P<n>1[,.]?000|one\s+thousand|1\s?k|a\s+thousand)\s*(?:ft|feet|foot|')?\b(?:\s+of\s+(?:the\s+)?lateral)?",
        text,
        re.IGNORECASE,
    )
    if m:
        return finding(True, m.span("n"))
    if re.search(
        r"\b(?:not|un|non|no)[\s-]?(?:\w+[\s-]+)?normali[sz]\w*|\bwithout\s+(?:\w+\s+)?normali[sz]\w*"
        r"|\braw\s+rates?\b",
        text,
        re.I,
    ):
        return finding(False)
    if re.search(
        r"\bper\s+kft\b|\bnormali[sz]\w*\s+(?:to|by|for|on)\s+(?:the\s+)?lateral|\blateral[\s-]+normali[sz]",
        text,
        re.I,
    ):
        return finding(True)
    if re.search(
        r"\b(?:not|un|non)[\s-]?normali[sz]\w*|\bwithout\s+normali[sz]\w*|\braw\s+rates?\b",
        text,
        re.I,
    ):
        return finding(False)
    return None


def find_diagnostics(text: str) -> Found | None:
    """ "diagnostic plots", "b-factor plot", "rate vs cum", "rate-cum", "log-log"."""
    if re.search(
        r"\bdiagnostic\w*|\bb[\s-]?(?:factor)?\s+(?:plot|chart)|\brate[\s-]+(?:vs\.?|versus|v\.?)?\s*-?\s*cum\w*"
        r"|\blog[\s-]log\b|\bq\s+vs\.?\s+np\b",
        text,
        re.IGNORECASE,
    ):
        return finding(True)
    return None


def find_export(text: str) -> Found | None:
    """ "export the parameters", "CSV of the forecast parameters", "for ARIES", "PHDwin",
    "ComboCurve", "Mosaic"."""
    if re.search(
        r"\bexport\w*|\bcsv\b|\baries\b|\bphd\s?win\b|\bcombo\s?curve\b|\bmosaic\b|\bvalnav\b"
        r"|\bparameters?\s+(?:table|file|sheet)",
        text,
        re.IGNORECASE,
    ):
        return finding(True)
    return None


# --- inline forecasts: a flat period, a re-frac, the start ---------------------------------


def find_flat_months(text: str) -> Found | None:
    """ "flat for 6 months", "6 months flat", "a 3-month plateau", "choked back for 4 months"."""
    hit = hit_at(
        text,
        r"(?:flat|plateau\w*|choked(?:\s+back)?|held(?:\s+flat)?|constant)\s+(?:rate\s+)?(?:for\s+)?(?:the\s+first\s+)?(?P<n>\d{1,3})\s*[- ]?(?:months?|mos?)\b",
    )
    if hit is None:
        hit = hit_at(
            text,
            r"(?P<n>\d{1,3})\s*[- ]?(?:months?|mos?)\s+(?:of\s+)?(?:flat|plateau|choked|constant)",
        )
    if hit is None or not 0 < hit.value <= 600:
        return None
    return finding(int(hit.value), hit.span)


@dataclass(frozen=True)
class Refrac:
    """A later segment of an inline forecast: from ``month``, a restart at ``qi`` (None: the
    curve goes on) with a new decline or b when stated."""

    month: float
    qi: float | None


def find_refrac(text: str) -> Found | None:
    """ "re-frac at month 36 back to 600 bopd", "refrac in year 3 restoring 500 bbl/d"."""
    m = re.search(
        rf"\bre-?\s?fr?ac\w*\s+(?:it\s+)?(?:at|in|after)\s+(?:month\s+(?P<m>\d{{1,3}})|year\s+(?P<y>\d{{1,2}})|"
        rf"(?P<m2>\d{{1,3}})\s*months?|(?P<y2>\d{{1,2}})\s*years?)"
        rf"(?:[^.;?!\d]{{0,40}}?(?P<q>{_N})\s*(?P<u>bopd|bbls?/d(?:ay)?|b/d|bpd|mcf/d|mcfd|mmcf/d|mmcfd|boe/d))?",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    if m.group("m") or m.group("m2"):
        month = float(m.group("m") or m.group("m2"))
        span = m.span("m") if m.group("m") else m.span("m2")
    else:
        month = 12.0 * float(m.group("y") or m.group("y2"))
        span = m.span("y") if m.group("y") else m.span("y2")
    qi = None
    spans = [span]
    if m.group("q"):
        nums = numbers(m.group("q"))
        unit = m.group("u").lower()
        qi = nums[0].value * (1000.0 if unit.startswith("mmcf") else 1.0)
        spans.append((m.start("q"), m.end("u")))
    return finding(Refrac(month, qi), *spans)


def find_start_date(text: str) -> Found | None:
    """The first month of an inline forecast: "starting Jan 2027", "from 2027-03", "first
    production March 2027", "online in 04/2027"."""
    for m in re.finditer(
        r"\b(?:from|starting(?:\s+(?:in|on|from))?|start(?:s|ing)?(?:\s+(?:in|on))?|beginning|"
        r"first\s+production(?:\s+(?:in|on))?|online\s+(?:in|on)?|on\s+line\s+(?:in|on)?|"
        r"comes?\s+on(?:\s+(?:in|on))?|came\s+on(?:\s+(?:in|on))?|til\s+(?:in)?|turned\s+to\s+sales(?:\s+(?:in|on))?)\s*",
        text,
        re.IGNORECASE,
    ):
        month = _MONTH_RX.match(text, m.end())
        if month:
            return finding(_month_text(month), month.span(), stated=month.group(0))
    return None


# --- registration -------------------------------------------------------------------------

binds(*DECLINE_KINDS, name="b_bounds", label="b bounds", show=lambda v: (v.text(), ""))(
    find_b_bounds
)
binds(*DECLINE_KINDS, name="fit_start", label="Fit starts")(find_fit_start)
binds(*DECLINE_KINDS, name="exclude_months", label="Months excluded")(find_exclude_months)
binds(*DECLINE_KINDS, name="models", label="Models", figure=False, follow_up=True)(find_models)
binds(*DECLINE_KINDS, name="segments", label="Segments", figure=False)(find_segments)
binds(*DECLINE_KINDS, name="normalise_on_time", label="Per producing day", figure=False)(
    find_normalise_on_time
)
binds(*DECLINE_KINDS, name="secondary", label="Secondary phases", figure=False)(find_secondary)
binds(*DECLINE_KINDS, name="ratio_model", label="Ratio model", figure=False)(find_ratio_model)
# The arguments are the names the forecast tool reports its inputs under ("gor", "yield"),
# so the Inputs block shows each once; the writer passes gor_scf_per_bbl and
# yield_bbl_per_mmcf.
binds(*DECLINE_KINDS, name="gor", label="GOR", argument="gor", unit="scf/bbl")(find_gor)
binds(
    *DECLINE_KINDS,
    name="yield",
    label="Condensate yield",
    argument="yield",
    unit="bbl/MMcf",
)(find_yield)
binds(*DECLINE_KINDS, name="water_ratio", label="Water ratio", argument="water_ratio")(
    find_water_ratio
)
binds(*DECLINE_KINDS, name="uncertainty", label="Uncertainty method")(find_uncertainty)
binds(*DECLINE_KINDS, name="samples", label="Samples")(find_samples)
binds(*DECLINE_KINDS, name="hindcast", label="Hindcast months", argument="hindcast_months")(
    find_hindcast
)
binds(*DECLINE_KINDS, name="type_curve", label="Type curve", figure=False)(find_type_curve)
binds(
    *DECLINE_KINDS, name="lateral", label="Per 1,000 ft of lateral", argument="normalise_lateral"
)(find_lateral)
binds(*DECLINE_KINDS, name="diagnostics", label="Diagnostics", figure=False)(find_diagnostics)
binds(*DECLINE_KINDS, name="export", label="Export", figure=False)(find_export)
binds(*DECLINE_KINDS, name="flat_months", label="Flat period", unit="mo")(find_flat_months)
binds(
    *DECLINE_KINDS,
    name="refrac",
    label="Re-frac",
    argument="segments",
    show=lambda r: (f"month {r.month:g}" + (f" at {r.qi:g}/d" if r.qi else ""), ""),
)(find_refrac)
binds(*DECLINE_KINDS, name="start_date", label="First forecast month")(find_start_date)
