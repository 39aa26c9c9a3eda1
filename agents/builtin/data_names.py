"""Names in a question matched to the values of a table: wells, counties, operators.

An analyst writes "Hawkins 1H and 2H", "HAWKINS #1H", "the Hawkins wells", "in Reeves
county", "operated by Lone Star": ``match_values`` finds which values of the table's text
columns the question names (ignoring case, spaces and punctuation), with the span of the
question each match came from, so the figures inside a name ("1H") count as bound.

``worth_looking_up(text)`` says whether a question has any word a table value could be
(so a question made only of grammar, phases and dates needs no look-up). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.builtin.bind_data import MONTHS, WORD_NUMBERS

# Words of the data-question grammar: never a well, county or operator.
GRAMMAR = (
    set(
        """
    a an the of for in on at by per to from and or vs versus with without what which who how
    many much is are was were be been do did does has have had show me give list tell plot
    chart graph draw compare comparison total totals sum cumulative cum average avg mean
    median peak max maximum min minimum highest lowest most least best worst top bottom
    largest smallest biggest greatest first last latest earliest recent newest oldest
    month months monthly year years yearly annual annually quarter quarters quarterly day days
    daily well wells field fields oil gas water boe condensate crude production produced
    produce producing produces volume volumes rate rates bbl bbls barrel barrels mcf mmcf
    more than less fewer over above under below least exceed exceeded exceeding exceeds
    greater lower higher at since after before between during until through thru till
    each every all any there their our my your this that these those it its they we us
    number count counts counted started start starts began begin came online come brought
    turned sales date dates when where while time over running curve curves history
    growth by table file data upload uploaded csv row rows record records column columns
    county counties operator operators formation formations lease leases pad pads api
    number name names so far far to-date ranked rank ranking sorted sort order grouped
    group broken down split versus made make makes making did got get
    single one ever overall lifetime life initial final combined together both each
    q1 q2 q3 q4 equivalent new old active producer producers please can could would should
    """.split()
    )
    | set(MONTHS)
    | set(WORD_NUMBERS)
)

_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Candidate:
    """A value of a column the question may name."""

    table: str  # "p" (production) or "h" (well headers)
    column: str  # the column's name in the file
    value: str


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    span: tuple[int, int]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Lower-case words and numbers with their spans ("#1H" -> "1h")."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text.lower())]


def worth_looking_up(text: str) -> bool:
    """Whether any word of ``text`` could be a name in a table (not grammar or a date)."""
    for word, _s, _e in tokens(text):
        if word in GRAMMAR or re.fullmatch(r"\d+(?:st|nd|rd|th)?", word):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", word):
            continue
        return True
    return False


def _value_tokens(value: str) -> list[str]:
    return [t for t, _s, _e in tokens(value)]


def match_values(text: str, candidates: list[Candidate]) -> list[Match]:
    """The candidates ``text`` names, longest names first, each span used once."""
    words = tokens(text)
    seq = [w for w, _s, _e in words]
    found: list[Match] = []
    used: set[int] = set()
    ordered = sorted(
        {c for c in candidates if c.value and _value_tokens(c.value)},
        # Longest names first; a well of the production table before a header's spelling.
        key=lambda c: (-len(_value_tokens(c.value)), c.table != "p", c.table, c.column, c.value),
    )
    for cand in ordered:
        want = _value_tokens(cand.value)
        if len(want) == 1 and (want[0] in GRAMMAR or len(want[0]) < 3):
            continue
        for i in range(len(seq) - len(want) + 1):
            if seq[i : i + len(want)] != want or any(k in used for k in range(i, i + len(want))):
                continue
            used.update(range(i, i + len(want)))
            found.append(Match(cand, (words[i][1], words[i + len(want) - 1][2])))
    found += _shorthand(text, words, used, found, candidates)
    found += _families(text, words, used, candidates)
    return sorted(found, key=lambda m: m.span)


def _shorthand(text, words, used, found, candidates) -> list[Match]:
    """ "Hawkins 1H and 2H": a bare well number after a named well of the same lease."""
    out: list[Match] = []
    named = [m for m in found if m.candidate.table == "p"]
    for matched in named:
        lease = _value_tokens(matched.candidate.value)[:-1]
        if not lease:
            continue
        same_lease = {
            tuple(_value_tokens(c.value)): c
            for c in candidates
            if c.column == matched.candidate.column and _value_tokens(c.value)[:-1] == lease
        }
        last = max(i for i, (_w, s, _e) in enumerate(words) if s < matched.span[1])
        i = last + 1
        while i + 1 < len(words) and words[i][0] in {"and", "or", "vs", "versus", "plus"}:
            token = words[i + 1][0]
            cand = same_lease.get((*lease, token))
            if cand is None or (i + 1) in used:
                break
            used.add(i + 1)
            out.append(Match(cand, (words[i + 1][1], words[i + 1][2])))
            i += 2
    return out


def _families(text, words, used, candidates) -> list[Match]:
    """ "the Hawkins wells": every well whose name starts with the word before "wells"."""
    out: list[Match] = []
    for i, (word, start, end) in enumerate(words[:-1]):
        if i in used or words[i + 1][0] not in {"wells", "well"} or word in GRAMMAR:
            continue
        family = [c for c in candidates if c.table == "p" and _value_tokens(c.value)[:1] == [word]]
        if len(family) >= 1:
            used.add(i)
            out += [Match(c, (start, end)) for c in family]
    return out


__all__ = ["GRAMMAR", "Candidate", "Match", "match_values", "tokens", "worth_looking_up"]
