"""Data questions' arguments, read from the words alone: what is measured, how it is
aggregated, grouped, ranked and filtered (periods, thresholds), and whether it is drawn.

Kind ``query_table`` (answered by ``answer_data`` with the ``query_table`` tool). Figures
(a top N, a year, a date, a threshold with its unit, "last 12 months") are bound with
their spans; what a question is about (oil, by well, the average) are flags. Well names
and column values cannot be read from words alone: the writer matches them against the
table and binds them with ``Work.bind_span`` (``wells``, ``values``).

Pure and deterministic, like every finder.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from agents import units
from agents.builtin.bind_tables import find_row
from agents.builtin.binding import Found, binds, describe_kind
from agents.builtin.numbers import N, numbers

KIND = "query_table"
describe_kind(KIND, "a question about your data")

WORD_NUMBERS = {
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
    "twelve": 12,
    "twenty": 20,
}

MONTHS = {
    name: index
    for index in range(1, 13)
    for name in (calendar.month_name[index].lower(), calendar.month_abbr[index].lower())
} | {"sept": 9}

# --- what is measured -------------------------------------------------------------------

PHASE_WORDS: tuple[tuple[str, str], ...] = (
    ("boe", r"\bboe\b|\bbarrels?\s+of\s+oil\s+equivalent\b|\boil\s+equivalent\b|\bboepd\b"),
    ("oil", r"\boil\b|\bcrude\b|\bcondensate\b|\bbopd\b"),
    ("gas", r"\bgas\b|\bgass\b|\bmcfd?\b|\bmmcf\w*\b"),
    # "watter", "watr", "wtr": typed in a hurry.
    ("water", r"\bwat+e?r\b|\bwtr\b|\bswd\b|\bbwpd\b"),
)


# Ratios of the phases, each with the words analysts write for it. The phases inside a
# ratio's name ("water" in "water cut") are not measures of their own.
RATIO_WORDS: tuple[tuple[str, str], ...] = (
    ("water_cut", r"\bwat+e?r[- ]?cuts?\b|\bwtr[- ]?cuts?\b"),
    ("oil_cut", r"\boil[- ]?cuts?\b"),
    ("gor", r"\bgors?\b|\bgas[- /]+(?:to[- ]+)?oil[- ]+ratios?\b"),
    ("wor", r"\bwors?\b|\bwat+e?r[- /]+(?:to[- ]+)?oil[- ]+ratios?\b"),
    (
        "yield",
        r"\bcgr\b|\b(?:condensate|liquids?|ngl)[- /]+(?:to[- ]+)?gas[- ]+ratios?\b|"
        r"\b(?:(?:condensate|liquids?|ngl|oil)\s+)?yields?\b",
    ),
)


def find_ratios(text: str) -> Found | None:
    """The ratios asked about, in the order written ("GOR and water cut" -> ["gor",
    "water_cut"])."""
    low = text.lower()
    hits = sorted(
        (m.start(), key) for key, pattern in RATIO_WORDS for m in re.finditer(pattern, low)
    )
    ordered: list[str] = []
    for _pos, key in hits:
        if key not in ordered:
            ordered.append(key)
    return Found(ordered) if ordered else None


# A ratio's unit ("in bbl/MMcf", "scf/bbl") names no measure either.
_RATIO_UNITS = r"\b(?:m{0,2}scf|m{0,2}cf|m{0,2}bbls?|stb|bo|bw)\s*(?:/|per)\s*(?:m{0,2}bbls?|stb|bo|m{0,2}cf)\b"


def _without_ratios(low: str) -> str:
    for pattern in [*(p for _key, p in RATIO_WORDS), _RATIO_UNITS]:
        low = re.sub(pattern, lambda m: " " * len(m.group(0)), low)
    return low


def find_measures(text: str) -> Found | None:
    """The phases asked about, in the order written ("oil and gas" -> ["oil", "gas"])."""
    low = _without_ratios(text.lower())
    low = re.sub(PHASE_WORDS[0][1], " boe ", low)  # "oil equivalent" is BOE, not oil
    hits: list[tuple[int, str]] = []
    for phase, pattern in PHASE_WORDS:
        if phase == "boe":
            pattern = r"\bboe\b"
        for m in re.finditer(pattern, low):
            hits.append((m.start(), phase))
    ordered: list[str] = []
    for _pos, phase in sorted(hits):
        if phase not in ordered:
            ordered.append(phase)
    return Found(ordered) if ordered else None


# --- how it is aggregated ---------------------------------------------------------------

_STATS: tuple[tuple[str, str], ...] = (
    (
        "dates",
        r"\b(?:first|last|latest|earliest|initial|final|most\s+recent)\s+"
        r"(?:production|prod|producing|produced|sales|month)(?:\s+dates?)?\b|"
        r"\bstart(?:ed|s)?\s+(?:producing|production|date)\b|\bstart\s+dates?\b|"
        r"\bonline\s+dates?\b|\bwhen\s+did\b|\bdate\s+of\s+first\b",
    ),
    ("count", r"\bhow\s+many\b|\bnumber\s+of\b|\bcount\b|\bcounts\b"),
    ("avg", r"\baverage\b|\bavg\b|\bmean\b|\btypical\b"),
    ("max", r"\bpeak\b|\bmax(?:imum)?\b|\bbest\s+month\b|\bhighest\s+month(?:ly)?\b"),
    ("min", r"\bmin(?:imum)?\b|\bworst\s+month\b|\blowest\s+month(?:ly)?\b"),
    ("sum", r"\btotal\b|\bsum\b|\bcumulative\b|\bcum\b|\bhow\s+much\b|\bvolumes?\b|\bproduc\w*"),
)


def find_stat(text: str) -> Found | None:
    """How values are combined: dates, count, avg, max, min or sum (the first named wins,
    "peak" before "cumulative", "how many" before anything)."""
    low = text.lower()
    for stat, pattern in _STATS:
        if re.search(pattern, low):
            return Found(stat)
    return None


def find_running(text: str) -> Found | None:
    """A cumulative over time (a running total), not one total."""
    low = text.lower()
    cumulative = re.search(r"\bcumulative\b|\bcum\b|\brunning\s+total\b", low)
    over_time = re.search(
        r"\bover\s+time\b|\brunning\b|\bcurves?\b|\bby\s+month\b|\bmonth\s+by\s+month\b|"
        r"\beach\s+month\b|\bmonthly\b|\bgrowth\b|\bhistory\b|\bbuild\w*\b",
        low,
    )
    charted = re.search(r"\b(?:plot|chart|graph|draw|visuali[sz]e)\w*\b", low)
    return Found(True) if cumulative and (over_time or charted) else None


# --- ranking ----------------------------------------------------------------------------

# Peak, max and min say how a group's months combine (``find_stat``), not a ranking.
_TOP = r"top|highest|most|best|largest|biggest|greatest|leading|strongest"
_BOTTOM = r"bottom|lowest|least|worst|smallest|weakest|poorest"


def find_rank(text: str) -> Found | None:
    """Top or bottom: "the top 5", "which well has the most", "lowest 3"."""
    low = text.lower()
    if re.search(rf"\b(?:{_BOTTOM})\b", low):
        return Found("bottom")
    if re.search(rf"\b(?:{_TOP})\b", low) or re.search(
        r"\b(?:ranked|rank|ranking|leaderboard|best\s+performing|outperform\w*)\b", low
    ):
        return Found("top")
    return None


def find_n(text: str) -> Found | None:
    """How many to list: "top 5", "5 best wells", "bottom three", "highest 10"."""
    words = "|".join(WORD_NUMBERS)
    rank = f"{_TOP}|{_BOTTOM}"
    for pattern in (
        rf"\b(?:{rank})\s+(?P<n>\d+|{words})\b(?!\s*(?:months?|years?|days?|%|percent))",
        rf"\b(?P<n>\d+|{words})\s+(?:{rank})\b",
        rf"\b(?P<n>\d+|{words})\s+(?:wells|months|years)\s+(?:with|by|had|have|has|having|"
        rf"that\s+had|that\s+have|made|produced)\s+the\s+(?:{rank})\b",
        rf"\b(?:which|what|the)\s+(?P<n>\d+|{words})\s+(?:wells|months|years|quarters)\b",
    ):
        m = re.search(pattern, text, re.IGNORECASE)
        if m is None:
            continue
        raw = m.group("n").lower()
        value = WORD_NUMBERS.get(raw) or int(raw)
        if value < 1:
            continue
        return Found(value, (m.span("n"),)) if raw.isdigit() else Found(value, ())
    # "top well by oil", "the best gas well": one.
    one = rf"\b(?:{rank})\s+(?:(?:oil|gas|water|boe|producing|producer)\s+)?well\b(?!s)"
    if re.search(one, text, re.IGNORECASE):
        return Found(1, ())
    return None


# --- grouping ---------------------------------------------------------------------------

_GROUPS: tuple[tuple[str, str], ...] = (
    (
        "well",
        r"\b(?:by|per|each|every|for\s+each|for\s+every|across)\s+wells?\b|\bwell\s+by\s+well\b|"
        r"\b(?:which|what)\s+wells?\b|\bwells?\s+(?:ranked|sorted)\b|"
        r"\b(?:rank|sort|order)\w*\s+(?:the\s+|all\s+|my\s+|our\s+)?wells\b|"
        r"\b(?:top|bottom|best|worst|highest|lowest)\s+(?:\d+\s+|\w+\s+)?wells\b|"
        r"\b\d+\s+(?:best|worst|top|highest|lowest)\s+wells\b|"
        r"\bwells?\s+(?:with|that|had|has|have|made|produced)\b",
    ),
    (
        "month",
        r"\b(?:by|per|each|every|for\s+each)\s+months?\b|\bmonthly\b|\bmonth\s+by\s+month\b|"
        r"\b(?:which|what)\s+months?\b|\bmonths?\s+(?:with|where|when|that|had)\b",
    ),
    (
        "quarter",
        r"\b(?:by|per|each|every|for\s+each)\s+quarters?\b|\bquarterly\b|"
        r"\b(?:which|what)\s+quarters?\b",
    ),
    (
        "year",
        r"\b(?:by|per|each|every|for\s+each)\s+(?:calendar\s+)?years?\b|\byearly\b|"
        r"\bannual(?:ly)?\b|\byear\s+by\s+year\b|\b(?:which|what)\s+years?\b",
    ),
)
_COLUMN_GROUP = re.compile(
    r"\b(?:grouped\s+by|broken\s+down\s+by|split\s+by|by|per|for\s+each|for\s+every|each)\s+"
    r"(?:the\s+)?(?P<words>[a-z][a-z0-9_]*(?:\s+(?!and\b|in\b|for\b|from\b|since\b|during\b|"
    r"with\b|where\b|between\b|over\b|of\b|on\b|at\b|before\b|after\b|by\b|per\b|each\b|"
    r"to\b|than\b|that\b|which\b|as\b|is\b|are\b|was\b|were\b)[a-z][a-z0-9_]*)?)",
    re.IGNORECASE,
)
_NOT_COLUMNS = {
    "well",
    "wells",
    "month",
    "months",
    "year",
    "years",
    "quarter",
    "quarters",
    "calendar",
    "oil",
    "gas",
    "water",
    "boe",
    "the",
    "a",
    "day",
    "me",
    "value",
    "volume",
    "name",
    "cum",
    "cumulative",
    "total",
    "totals",
    "average",
    "avg",
    "mean",
    "peak",
    "max",
    "maximum",
    "min",
    "minimum",
    "production",
    "producing",
    "volumes",
    "monthly",
    "yearly",
    "annual",
    "condensate",
    "crude",
    "bbl",
    "mcf",
    "most",
    "highest",
    "lowest",
    "top",
    "bottom",
}


# "which formation has the most gas", "what county produced the most water".
_WHICH_COLUMN = re.compile(
    r"\b(?:which|what)\s+(?P<words>[a-z][a-z0-9_]*)\s+"
    r"(?:has|had|have|made|makes|produced|produces|gave|gives|shows?)\b"
)


@dataclass(frozen=True)
class ColumnWords:
    """A group or filter named by words the writer matches to a column ("by county").

    ``soft`` when the words only may name a column ("which formation has the most gas"):
    the writer drops it when no column matches instead of asking back.
    """

    words: str
    soft: bool = False


_STAT_ADJECTIVE = (
    r"(?:average|avg|mean|typical|peak|max(?:imum)?|min(?:imum)?|highest|lowest|best|worst)"
)


def _describes_a_stat(low: str, m: re.Match) -> bool:
    if m.group(0) != "monthly":
        return False
    before = low[: m.start()].rstrip()
    after = low[m.end() :].lstrip()
    return bool(
        re.search(rf"\b{_STAT_ADJECTIVE}$", before) or re.match(rf"{_STAT_ADJECTIVE}\b", after)
    )


def find_groups(text: str) -> Found | None:
    """What to group by, in the order written: "well", "month", "quarter", "year", or
    ``ColumnWords`` for any other column ("by county", "per operator")."""
    low = text.lower()
    hits: list[tuple[int, object]] = []
    for group, pattern in _GROUPS:
        for m in re.finditer(pattern, low):
            if group == "month" and _describes_a_stat(low, m):
                continue  # "average monthly oil", "peak monthly gas": how, not a grouping
            hits.append((m.start(), group))
            break
    for m in _COLUMN_GROUP.finditer(low):
        words = m.group("words").strip()
        first = words.split()[0]
        if first in _NOT_COLUMNS or first in MONTHS or re.fullmatch(r"\d+", first):
            continue
        hits.append((m.start(), ColumnWords(words)))
    for m in _WHICH_COLUMN.finditer(low):
        words = m.group("words")
        if words in _NOT_COLUMNS or words in MONTHS or any(w == "well" for _p, w in hits):
            continue
        hits.append((m.start(), ColumnWords(words, soft=True)))
    ordered: list[object] = []
    for _pos, group in sorted(hits, key=lambda h: h[0]):
        if group not in ordered:
            ordered.append(group)
    return Found(ordered) if ordered else None


# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Dates from ``start`` (inclusive) to ``end`` (exclusive); None is open."""

    start: date | None
    end: date | None
    text: str

    def __str__(self) -> str:
        return self.text


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1)


@dataclass(frozen=True)
class _When:
    start: date
    end: date
    span: tuple[int, int]


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_POINT = re.compile(
    rf"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>0?[1-9]|1[0-2])(?:-(?P<id>\d{{1,2}}))?\b)"
    rf"|(?P<us>\b(?P<um>0?[1-9]|1[0-2])/(?:(?P<ud>\d{{1,2}})/)?(?P<uy>(?:19|20)\d\d)\b)"
    rf"|(?P<q>\bq(?P<qn>[1-4])\s*(?:of\s+)?(?P<qy>(?:19|20)\d\d)\b|"
    rf"\b(?P<qy2>(?:19|20)\d\d)\s*-?\s*q(?P<qn2>[1-4])\b)"
    rf"|(?P<named>\b(?P<mn>{_MONTH_NAMES})\.?,?\s+(?:of\s+)?(?P<my>(?:19|20)\d\d)\b)"
    rf"|(?P<year>\b(?P<yy>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)


def _points(text: str) -> list[_When]:
    out: list[_When] = []
    for m in _POINT.finditer(text):
        if m.group("iso"):
            y, mo = int(m.group("iy")), int(m.group("im"))
            if m.group("id"):
                day = date(y, mo, min(int(m.group("id")), calendar.monthrange(y, mo)[1]))
                out.append(_When(day, date.fromordinal(day.toordinal() + 1), m.span()))
            else:
                out.append(_When(date(y, mo, 1), _month_end(y, mo), m.span()))
        elif m.group("us"):
            y, mo = int(m.group("uy")), int(m.group("um"))
            if m.group("ud"):
                day = date(y, mo, min(int(m.group("ud")), calendar.monthrange(y, mo)[1]))
                out.append(_When(day, date.fromordinal(day.toordinal() + 1), m.span()))
            else:
                out.append(_When(date(y, mo, 1), _month_end(y, mo), m.span()))
        elif m.group("q"):
            y = int(m.group("qy") or m.group("qy2"))
            q = int(m.group("qn") or m.group("qn2"))
            first = 3 * (q - 1) + 1
            out.append(_When(date(y, first, 1), _month_end(y, first + 2), m.span()))
        elif m.group("named"):
            y, mo = int(m.group("my")), MONTHS[m.group("mn").lower()]
            out.append(_When(date(y, mo, 1), _month_end(y, mo), m.span()))
        else:
            y = int(m.group("yy"))
            out.append(_When(date(y, 1, 1), date(y + 1, 1, 1), m.span()))
    return out


def _between(text: str, a: _When, b: _When) -> bool:
    gap = text[a.span[1] : b.span[0]].lower()
    return re.fullmatch(r"\s*(?:-|to|through|thru|until|till|and|&)\s*", gap) is not None


def find_period(text: str) -> Found | None:
    """The dates asked about: "in 2023", "March 2022", "Q3 2022", "2021-2023", "between
    2021-01 and 2021-06", "since 2022", "before June 2021", "2022 and 2023"."""
    points = _points(text)
    if not points:
        return None
    low = text.lower()
    spans: list[tuple[int, int]] = []
    ranges: list[tuple[date | None, date | None]] = []
    i = 0
    while i < len(points):
        p = points[i]
        before = low[max(0, p.span[0] - 24) : p.span[0]]
        if i + 1 < len(points) and _between(low, p, points[i + 1]):
            q = points[i + 1]
            joined_by_and = re.search(r"\band\b|&", low[p.span[1] : q.span[0]]) is not None
            if joined_by_and and not re.search(r"\bbetween\s*$", before):
                ranges += [(p.start, p.end), (q.start, q.end)]  # "2022 and 2023": both
            else:
                ranges.append((p.start, q.end))
            spans += [p.span, q.span]
            i += 2
            continue
        if re.search(r"\b(?:since|after|from|starting(?:\s+in)?|beginning|post)\s*$", before):
            ranges.append((p.end if re.search(r"\bafter\s*$", before) else p.start, None))
        elif re.search(r"\b(?:before|prior\s+to|pre)\s*$", before):
            ranges.append((None, p.start))
        elif re.search(r"\b(?:until|till|through|thru|up\s+to|to|by\s+end\s+of)\s*$", before):
            ranges.append((None, p.end))
        else:
            ranges.append((p.start, p.end))
        spans.append(p.span)
        i += 1
    merged = _merge(ranges)
    shown = text[min(s for s, _ in spans) : max(e for _, e in spans)].strip()
    periods = [Period(s, e, shown) for s, e in merged]
    return Found(periods, tuple(spans))


def _merge(ranges: list[tuple[date | None, date | None]]) -> list[tuple[date | None, date | None]]:
    """Open ends combine into one range ("since 2021 until 2023"); touching ranges join."""
    if len(ranges) == 2 and ranges[0][1] is None and ranges[1][0] is None:
        return [(ranges[0][0], ranges[1][1])]
    ordered = sorted(ranges, key=lambda r: r[0] or date.min)
    out: list[tuple[date | None, date | None]] = []
    for start, end in ordered:
        if out and out[-1][1] is not None and start is not None and start <= out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], None if end is None else max(end, last[1]))
        else:
            out.append((start, end))
    return out


def find_recent(text: str) -> Found | None:
    """The latest months of the data: "last 12 months", "past 2 years", "last six months"."""
    words = "|".join(WORD_NUMBERS)
    m = re.search(
        rf"\b(?:last|past|latest|most\s+recent|trailing)\s+(?P<n>\d+|{words})\s+"
        r"(?P<unit>months?|years?)\b",
        text,
        re.IGNORECASE,
    )
    if m is None:
        return None
    raw = m.group("n").lower()
    count = WORD_NUMBERS.get(raw) or int(raw)
    months = count * (12 if m.group("unit").lower().startswith(("year", "yr")) else 1)
    return Found(months, (m.span(),)) if months >= 1 else None


def find_life(text: str) -> Found | None:
    """The first months of each well's production: "first 12 months", "first year",
    "first six months on production" (not "the first 6 months of 2023")."""
    words = "|".join(WORD_NUMBERS)
    m = re.search(
        rf"\b(?:first|initial)\s+(?:(?P<n>\d+|{words})\s+)?(?P<unit>months?|years?)\b"
        r"(?!\s+of\s+(?:19|20)\d\d)",
        text,
        re.IGNORECASE,
    )
    if m is None:
        # "12-month cum", "6 mo cumulative", "24-month cum oil": the first months' total.
        m = re.search(
            rf"\b(?P<n>\d+|{words})[-\s]?(?P<unit>months?|mo|yrs?|years?)\s+"
            r"(?:cum(?:ulative)?|cume)\b",
            text,
            re.IGNORECASE,
        )
    if m is None:
        return None
    raw = (m.group("n") or "1").lower()
    if m.group("n") is None and m.group("unit").lower().startswith("month"):
        return None  # "the first month" is a date question, not a span
    count = WORD_NUMBERS.get(raw) or int(raw)
    months = count * (12 if m.group("unit").lower().startswith(("year", "yr")) else 1)
    return Found(months, (m.span(),)) if months >= 1 else None


def find_started(text: str) -> Found | None:
    """Whether the period is about when wells started ("wells that came online in 2022")."""
    pattern = (
        r"\b(?:start\w*|began|begun|came\s+on(?:line|\s+line|stream)?|brought\s+on\w*|"
        r"turned\s+(?:to\s+sales|on\w*)|first\s+produc\w*|first\s+prod|online|tils?|new\s+wells?)\b"
    )
    return Found(True) if re.search(pattern, text.lower()) else None


# --- thresholds -------------------------------------------------------------------------

_ABOVE = (
    r"more\s+than|greater\s+than|over|above|exceed(?:s|ed|ing)?|higher\s+than|at\s+least|"
    r"bigger\s+than|larger\s+than|>=|>|north\s+of|upwards\s+of|no\s+less\s+than"
)
_BELOW = r"less\s+than|fewer\s+than|under|below|lower\s+than|at\s+most|<=|<|no\s+more\s+than"


@dataclass(frozen=True)
class Threshold:
    """A comparison: ``op`` (">", ">=", "<", "<="), the value in ``unit`` as written."""

    op: str
    value: float
    unit: str
    text: str

    def __str__(self) -> str:
        return self.text


def find_thresholds(text: str) -> Found | None:
    """Comparisons with a number: "more than 20,000 bbl", "under 5 MMcf", "at least 1,000"."""
    out: list[Threshold] = []
    spans: list[tuple[int, int]] = []
    rx = re.compile(rf"(?<![a-z])(?P<op>{_ABOVE}|{_BELOW})\s*(?P<n>{N})", re.IGNORECASE)
    for m in rx.finditer(text):
        nums = numbers(m.group("n"))
        if not nums:
            continue
        num = nums[0]
        end = m.start("n") + num.end
        found = units.unit_at(text, end)
        unit, end = found if found else ("", end)
        if re.fullmatch(r"(?:19|20)\d\d", m.group("n").strip()) and not unit:
            continue  # "after 2021" is a date, not a value
        word = re.sub(r"\s+", " ", m.group("op").lower())
        if re.fullmatch(_ABOVE, word):
            op = ">=" if word in {"at least", ">=", "no less than"} else ">"
        else:
            op = "<=" if word in {"at most", "<=", "no more than"} else "<"
        out.append(Threshold(op, num.value, unit, text[m.start() : end].strip()))
        spans.append((m.start(), end))
    return Found(out, tuple(spans)) if out else None


# --- drawing ----------------------------------------------------------------------------

CHART_WORDS = r"\b(?:plot|chart|graph|draw|visuali[sz]e|sketch)\w*\b"


def find_chart(text: str) -> Found | None:
    return Found(True) if re.search(CHART_WORDS, text.lower()) else None


def find_nothing(text: str) -> Found | None:
    """Bound by the writer from the table (``Work.bind_span``), never from words alone."""
    return None


# --- registration -----------------------------------------------------------------------

binds(KIND, name="row", label="Running-table row", argument="rowid", follow_up=False)(find_row)
binds(KIND, name="measures", label="Measured", figure=False)(find_measures)
binds(KIND, name="ratios", label="Ratio", figure=False)(find_ratios)
binds(KIND, name="stat", label="Combined as", figure=False)(find_stat)
binds(KIND, name="running", label="Running total", figure=False)(find_running)
binds(KIND, name="rank", label="Ranked", figure=False)(find_rank)
binds(KIND, name="n", label="How many")(find_n)
binds(KIND, name="groups", label="Grouped by", figure=False)(find_groups)
binds(KIND, name="period", label="Period", show=lambda v: ("; ".join(map(str, v)), ""))(find_period)
binds(KIND, name="recent", label="Latest months", unit="months")(find_recent)
binds(KIND, name="life", label="First months of each well", unit="months")(find_life)
binds(KIND, name="started", label="By start date", figure=False)(find_started)
binds(KIND, name="thresholds", label="Threshold", show=lambda v: ("; ".join(map(str, v)), ""))(
    find_thresholds
)
binds(KIND, name="chart", label="Chart", figure=False)(find_chart)
binds(KIND, name="wells", label="Wells", show=lambda v: (", ".join(v), ""), follow_up=False)(
    find_nothing
)
binds(KIND, name="values", label="Where", show=lambda v: ("; ".join(v), ""), follow_up=False)(
    find_nothing
)
