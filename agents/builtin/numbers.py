"""Numbers as analysts type them: signs, "$", thousands separators, "1.2MM", "500k", "12.5%".

``numbers(text)`` finds every number with its span; ``hit_at(text, pattern)``
finds the number a bigger pattern names (``{N}`` in the pattern stands for a
number) and returns it with its span, so a binding can say which part of the
question it used. Units are read by ``agents.units``; this module only reads
the numbers themselves. Pure and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

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


_MM_WRITTEN = re.compile(r"\d\s?mm(?![a-z])", re.IGNORECASE)
_QUESTION: ContextVar[str] = ContextVar("question", default="")


@contextmanager
def question_text(text: str) -> Iterator[None]:
    """While a question is read and answered: its whole text, so that every finder reads a
    lone "M" the same way (a thousand when the question also writes "MM")."""
    token = _QUESTION.set(text)
    try:
        yield
    finally:
        _QUESTION.reset(token)


def numbers(text: str, *, money_context: bool = False) -> list[Num]:
    """Every number in ``text`` (already ``normalise``d), in order.

    A bare "M" or "B" after a number counts only after "$" (else it is metres,
    minutes or a unit), unless ``money_context`` says the text is a list of
    dollar amounts ("-2.5M then 800k"). When the text also writes "MM", it
    follows the oil-patch convention (M = thousand, MM = million).
    """
    found: list[Num] = []
    thousands = _tight_commas_are_thousands(text)
    # Decided by the whole question (``question_text``), not the piece a finder reads.
    m_is_thousand = any(_MM_WRITTEN.search(t) for t in (text, _QUESTION.get()))
    for m in _NUMBER.finditer(text):
        # The pattern may begin with the space before a sign; the number starts after it.
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        # A number glued to a word ("PV10", "CO2", "H2S", "A-12") is part of a name.
        if start > 0 and (text[start - 1].isalpha() or text[start - 1] == "_"):
            continue
        if m.group("sign") and start > 0 and text[start - 1].isalnum():
            # "b 0.5-1.0": a hyphen between decimals is a range; its second end is a figure.
            ranged = re.search(r"\d\.\d+$", text[:start]) or "." in m.group("num")
            if not (text[start - 1].isdigit() and ranged and m.group("sign") == "-"):
                # "A-12": a hyphen after a letter is not a minus sign.
                continue
            found.append(
                Num(
                    value=float(m.group("num").replace(",", "")),
                    start=m.start("num"),
                    end=m.end("pct") if m.group("pct") else m.end("num"),
                    money=False,
                    percent=bool(m.group("pct")),
                    raw=text[m.start("num") : m.end("pct") if m.group("pct") else m.end("num")],
                )
            )
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


@dataclass(frozen=True)
class Hit:
    """A number found by a pattern: its value and where it is in the text."""

    value: float
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def hit_at(text: str, pattern: str, group: str = "n", flags: int = re.IGNORECASE) -> Hit | None:
    """The number captured by ``group`` of the first match of ``pattern`` (a regex with
    ``{N}`` standing for a number), parsed with ``numbers``, with its span."""
    rx = re.compile(pattern.replace("{N}", N), flags)
    for m in rx.finditer(text):
        if glued(text, m.start(group)):
            continue
        nums = numbers(m.group(group))
        if nums:
            offset = m.start(group)
            return Hit(nums[0].value, offset + nums[0].start, offset + nums[0].end)
    return None


def num_at(text: str, pattern: str, group: str = "n", flags: int = re.IGNORECASE) -> float | None:
    """The value of ``hit_at``."""
    hit = hit_at(text, pattern, group, flags)
    return hit.value if hit else None


def glued(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` is part of a name ("A-12", "PV10", "CO2")."""
    start += len(text[start:]) - len(text[start:].lstrip())
    if start > 0 and (text[start - 1].isalpha() or text[start - 1] == "_"):
        return True
    return start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()


# A loose number for use inside bigger patterns (parsed again with ``numbers``).
N = r"(?:\(?[-+]?\s?(?:\$|usd\s?)?\s?[-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s?(?:mm|mn|million|thousand|billion|bn|k|m|b)(?![a-z0-9]))?\)?)"
