"""Every figure in a question: its number, its unit (read through ``agents.units``) and
the words around it.

``extract_quantities(text)`` is the first thing the builtin agent does with a
question: each figure it returns must later be bound to a tool argument or be
named in the answer as not used (``agents.builtin.binding``). Numbers glued to
letters are figures too when they are labels an analyst means ("PV10", "AR5",
"P50", a well's "2H"); chemical formulas ("CO2", "CH4", "N2O") are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents import units
from agents.builtin.numbers import Num, numbers

# Glued letters and digits that name a chemical, not a figure.
_FORMULA = re.compile(
    r"^(?:t|kg|mt|kt)?(?:co2e?|ch4|n2o|h2s|c[1-9]\+?|c\d{1,2}h\d{1,2}|sf6|nox|so2|pm2|pm10|h2o|o2|n2)$",
    re.IGNORECASE,
)
# A calendar date written with digits: "2022-01", "2022-01-15", "1/15/2023", "03/2024".
_DATE = re.compile(
    r"(?<![\w.\-/])(?:(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?"
    r"|(?:0?[1-9]|1[0-2])/(?:(?:0?[1-9]|[12]\d|3[01])/(?:19|20)?\d{2}|(?:19|20)\d{2}))"
    r"(?![\w\-/]|\.\d)"
)
_LABEL = re.compile(r"(?<![\w.])(?P<w>[A-Za-z_][A-Za-z_]*[-#]?\d[\w.\-/#]*)")


@dataclass(frozen=True)
class Quantity:
    """One figure in the question."""

    value: float  # as written, multipliers applied: "$6MM" -> 6e6, "12.5%" -> 12.5
    unit: str  # an ``agents.units`` display name, "" for a bare number, "label" for "PV10",
    # "date" for a calendar date written with digits ("2022-01", "1/15/2023")
    start: int
    end: int
    raw: str  # as written: "$6MM", "2.5 MMcf/d", "PV10"
    before: str  # the words before it in its clause
    after: str  # the words after it in its clause

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def dimension(self) -> str:
        return units.dimension(self.unit)

    def to(self, unit: str) -> float:
        """The value in ``unit`` (raises pint's DimensionalityError when it is not one)."""
        if self.unit == "%" and unit == "fraction":
            return self.value / 100.0
        return units.convert(self.value, self.unit, unit)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, pos) for c in ".;?!\n")
    # A decimal point is not the end of a clause.
    while (
        left > 0 and left + 1 < len(text) and text[left - 1].isdigit() and text[left + 1].isdigit()
    ):
        left = max(text.rfind(c, 0, left) for c in ".;?!\n")
    rights = [i for i in (text.find(c, pos) for c in ";?!\n") if i >= 0]
    for m in re.finditer(r"\.(?!\d)", text[pos:]):
        rights.append(pos + m.start())
        break
    return left + 1, min(rights) if rights else len(text)


def _around(text: str, start: int, end: int, width: int = 40) -> tuple[str, str]:
    lo, hi = _clause_bounds(text, start)
    before = text[max(lo, start - width) : start].strip()
    after = text[end : min(hi, end + width)].strip()
    return before, after


def _unit_of(text: str, num: Num) -> tuple[str, int]:
    """The unit after ``num`` and where it ends."""
    if num.percent:
        pct = re.search(r"\s?(?:%|percent|pct)", text[num.start : num.end], re.IGNORECASE)
        at = num.start + (pct.start() if pct else len(text[num.start : num.end]))
        found = units.unit_at(text, at)
        return found if found else ("%", num.end)
    found = units.unit_at(text, num.end, money=num.money)
    if found is None:
        return "", num.end
    return found


def extract_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` (already ``normalise``d), in order of the text."""
    found: list[Quantity] = []
    for m in _DATE.finditer(text):
        year = re.search(r"(?:19|20)\d{2}$|^(?:19|20)\d{2}", m.group(0))
        value = float(year.group(0)) if year else 0.0
        before, after = _around(text, m.start(), m.end())
        found.append(Quantity(value, "date", m.start(), m.end(), m.group(0), before, after))
    for num in numbers(text, money_context=False):
        if any(q.overlaps(num.start, num.end) for q in found):
            continue
        unit, end = _unit_of(text, num)
        raw = text[num.start : end].strip()
        before, after = _around(text, num.start, end)
        found.append(Quantity(num.value, unit, num.start, end, raw, before, after))
    for m in _LABEL.finditer(text):
        word = m.group("w").rstrip(".,;:?!/-")
        start, end = m.start("w"), m.start("w") + len(word)
        head, _slash, tail = word.partition("/")
        chemical = _FORMULA.match(word) or (_FORMULA.match(head) and not re.search(r"\d", tail))
        if chemical or any(q.overlaps(start, end) for q in found):
            continue
        before, after = _around(text, start, end)
        digits = re.search(r"\d+(?:\.\d+)?", word)
        value = float(digits.group(0)) if digits else 0.0
        found.append(Quantity(value, "label", start, end, word, before, after))
    found.sort(key=lambda q: q.start)
    return found


def digit_runs(text: str) -> list[tuple[int, int]]:
    """The spans of every run of digits in ``text`` (a figure's raw material), for checks
    that no figure was missed."""
    return [m.span() for m in re.finditer(r"\d+(?:[.,]\d+)*", text)]


def is_formula(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``start:end`` belong to a chemical formula ("CO2e", "CH4")."""
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        if m.start() <= start and end <= m.end():
            return bool(_FORMULA.match(m.group(0)))
    return False
