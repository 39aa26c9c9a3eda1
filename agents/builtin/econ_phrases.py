"""What the economics finders share: phase words, percentages named by words, dates.

Pure functions over the normalised question text; each returns values with the spans it
read so the binding can say which figures it used.
"""

from __future__ import annotations

import re

from agents.builtin.binding import Found, finding
from agents.builtin.numbers import N, hit_at, numbers

OIL_WORDS = r"oil|crude|wti|brent|condensate|nymex\s+oil"
GAS_WORDS = r"gas|henry\s+hub|hh|waha|residue"
NGL_WORDS = r"ngls?|natural\s+gas\s+liquids?"
PHASE_RX = re.compile(
    rf"\b(?P<ngl>{NGL_WORDS})\b|\b(?P<gas>{GAS_WORDS})\b|\b(?P<oil>{OIL_WORDS})\b",
    re.IGNORECASE,
)
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
# A calendar month: "Oct 2026", "October 1, 2026", "2026-10", "2026-10-01", "10/2026", "1/1/2027".
DATE = (
    rf"(?:{MONTH_WORD}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-\d{1,2}(?:-\d{1,2})?"
    r"|\d{1,2}/(?:\d{1,2}/)?(?:19|20)\d{2})"
)


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after the last ; ! ? or a full stop)."""
    best = 0
    for m in re.finditer(r"[;!?]|\.(?!\d)", text[:pos]):
        best = m.end()
    return best


def phase_before(text: str, pos: int, window: int = 45) -> str | None:
    """The phase named nearest before ``pos`` in its clause ("$70 WTI less ..." -> oil)."""
    start = max(clause_start(text, pos), pos - window)
    found = None
    for m in PHASE_RX.finditer(text, start, pos):
        found = m.lastgroup
    return found


def phase_after(text: str, pos: int, window: int = 12) -> str | None:
    m = PHASE_RX.search(text, pos, min(len(text), pos + window))
    return m.lastgroup if m else None


def percent_after(text: str, words: str, *, exclude_before: str | None = None) -> Found | None:
    """A percentage named by ``words`` (a regex): "royalty of 12.5%", "12.5% royalty"."""
    patterns = (
        rf"(?:{words})\s*(?:rate|tax|interest)?\s*(?:of|=|:|at|is)?\s*(?P<n>{{N}}\s?%)",
        rf"(?P<n>{{N}}\s?%)\s*(?:{words})",
    )
    for pattern in patterns:
        for m in re.finditer(pattern.replace("{N}", N), text, re.IGNORECASE):
            if exclude_before and re.search(
                exclude_before, text[max(0, m.start() - 25) : m.start()], re.IGNORECASE
            ):
                continue
            nums = numbers(m.group("n"))
            if not nums or not nums[0].percent:
                continue
            at = m.start("n")
            return finding(nums[0].value / 100.0, (at + nums[0].start, at + nums[0].end))
    return None


def fraction_hit(text: str, pattern: str) -> Found | None:
    """A percentage (as a fraction) captured by group ``n`` of ``pattern`` ({N} a number)."""
    hit = hit_at(text, pattern)
    return finding(hit.value / 100.0, hit.span) if hit else None


def month_text(raw: str) -> str | None:
    """'Oct 2026' / '2026-10' / '10/2026' / '1/1/2027' as 'YYYY-MM'."""
    raw = raw.strip().lower()
    m = re.match(rf"(?P<m>{MONTH_WORD})\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?P<y>\d{{4}})", raw)
    if m:
        key = m.group("m").rstrip(".")[:4] if m.group("m").startswith("sept") else m.group("m")[:3]
        return f"{m.group('y')}-{MONTHS[key]:02d}"
    m = re.match(r"(?P<y>\d{4})-(?P<m>\d{1,2})", raw)
    if m and 1 <= int(m.group("m")) <= 12:
        return f"{m.group('y')}-{int(m.group('m')):02d}"
    m = re.match(r"(?P<m>\d{1,2})/(?:\d{1,2}/)?(?P<y>\d{4})", raw)
    if m and 1 <= int(m.group("m")) <= 12:
        return f"{m.group('y')}-{int(m.group('m')):02d}"
    return None


def number_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the numbers inside text[start:end] (a date's digits, a list's items)."""
    return [(start + n.start, start + n.end) for n in numbers(text[start:end])]
