"""Production arguments: the initial rate, decline, b-factor, terminal decline, economic
limit, horizon and report times, the phase and the well, each found with its span.

Registered for ``forecast_decline`` and ``fit_decline``. Rates go through
``agents.units`` ("2.5 MMcf/d" is 2,500 Mcf/d). A decline given as a bare
percentage is read as secant-effective per year (petbox-dca's and most reserve
reports' convention), "nominal" or a bare fraction ("0.3/yr") as nominal,
"tangent" as tangent-effective; the answer states which it used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agents.builtin.bind_rates import (
    DECLINE_KINDS,
    Rate,
    limit_span,
    rates,
    show_rate,
)
from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.numbers import Hit, hit_at, numbers
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import glued as _glued

describe_kind("forecast_decline", "a decline forecast")
describe_kind("fit_decline", "a decline fit")


def find_rate(text: str) -> Found | None:
    """The well's initial rate: "qi 900 bopd", else the first daily rate that is not an
    economic limit ("... until it hits 20 bbl/d")."""
    limit = limit_span(text)
    candidates = [
        f for f in rates(text) if limit is None or not (f[0] < limit[1] and f[1] > limit[0])
    ]
    named = re.search(
        r"\b(?:qi|q_i|ip(?:\s?\d+)?|initial\s+(?:rate|production)|starting\s+(?:rate|at)|peak\s+rate)\b\s*(?:of|=|:|is|at|@)?\s*",
        text,
        re.IGNORECASE,
    )
    if named:
        for start, end, rate in candidates:
            if start <= named.end() < end:
                return finding(rate, (start, end))
        nums = numbers(text[named.end() : named.end() + 16])
        if nums and not nums[0].percent and nums[0].start == 0 and nums[0].value > 0:
            gas = extract_phase(text) == "gas"
            rate = Rate(
                value=nums[0].value,
                unit="mcf/d" if gas else "bbl/d",
                phase="gas" if gas else "oil",
            )
            return finding(rate, (named.end() + nums[0].start, named.end() + nums[0].end))
    if not candidates:
        return None
    start, end, rate = candidates[0]
    return finding(rate, (start, end))


def extract_rate(text: str) -> Rate | None:
    hit = find_rate(text)
    return hit.value if hit else None


@dataclass(frozen=True)
class Decline:
    """An initial decline rate as a fraction per ``period`` ("year" or "month"), and which
    convention it was given in."""

    value: float
    convention: str  # "nominal", "secant" (secant-effective) or "tangent" (tangent-effective)
    stated: str  # how the text put it, for the answer
    period: str = "year"
    named: bool = False  # the convention was named in the question
    why: str = ""  # how an unnamed convention was chosen, when it is not the usual reading

    def shown(self) -> str:
        """'25%/yr', '8%/mo', '1.5/yr'."""
        per = "/mo" if self.period == "month" else "/yr"
        if self.convention == "nominal":
            return f"{self.value:g}{per}"
        return f"{self.value * 100:.4g}%{per}"


_DECLINE_WORD = r"(?:declin\w*|decline\s+rate|\bdi\b|\bd_?i\b|initial\s+decline|\bd\s?(?==))"
_PER_YEAR = r"(?:\s?1?\s?(?:a|per|each|every|/)\s?(?:year|yr|annum|y)\b|\s?annual(?:ly)?\b|\s?/\s?yr\b|\s?yearly\b|\s?p\.?a\.?(?![a-z]))"
_PER_MONTH = r"(?:\s?(?:a|per|each|every|/)\s?(?:month|mo|mth)\b|\s?monthly\b)"
_OTHER_PARAMETER = re.compile(
    r"\b(?:b|b-?\s?factor|qi|ip|limit|terminal|d\s?min|dlim|economic|wi|royalty|for|to|"
    r"when|reach\w*|hit\w*|until|down|after|year|month|gor|yield|wor|flat|horizon)\b",
    re.IGNORECASE,
)
# A convention named anywhere in the sentence: each word goes to the nearest decline figure.
_CONVENTION_RX = re.compile(
    r"\b(?P<c>nominal|(?:secant|tangent)(?:[\s-]*effective)?|effective)\b", re.IGNORECASE
)
# The largest bare number read as a fraction ("Di 0.9", "D = 1.8 nominal"); above it a bare
# number is a percentage ("Di 70").
_BARE_FRACTION_MAX = 5.0


def _decline_match(text: str) -> tuple[re.Match[str], Any] | None:
    t = text
    patterns = (
        rf"(?P<word>{_DECLINE_WORD})(?P<gap>[^.;?!,]{{0,40}}?)(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:[\w-]+\s+){{0,3}}?(?:nominal\s+|effective\s+|secant\s+|tangent\s+)?decline",
        rf"(?:nominal|effective|secant|tangent)(?P<gap>[^.;?!\d]{{0,25}})(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"\b(?:at|of)\s+(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
        # "60% Di", "0.8 Di nominal"
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:nominal\s+|effective\s+|secant\s+|tangent\s+|sec\.?\s+)?(?:eff\w*\.?\s+)?d_?i\b",
        # "300% nominal", "62%/yr secant-effective": a percentage with its convention.
        rf"(?<![\w.$])(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*\(?(?:nominal|secant|tangent)\b",
        # "800 bopd, 25%/yr, b=0.9": a bare percentage per year or month next to a rate.
        rf"(?<![\w.$])(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
    )
    for pattern in patterns:
        for candidate in re.finditer(pattern, t, re.IGNORECASE):
            found = numbers(candidate.group("n"))
            if _glued(t, candidate.start("n")):
                continue
            # "decline, b of 0.9": the number after another parameter's name is not the decline.
            gap = candidate.groupdict().get("gap") or ""
            if _OTHER_PARAMETER.search(gap):
                continue
            # Rates like "800 bbl/d" can sit between "declining" and the number.
            after = t[candidate.end("n") : candidate.end("n") + 12].lower()
            if not found or re.match(
                r"\s*(?:bbl|bo|mcf|mmcf|boe|barrel|stb|b/d|bpd|years?\b|yrs?\b|months?\b|scf)",
                after,
            ):
                continue
            # A terminal decline ("terminal decline 8%", "8% terminal") is not the initial one.
            before = t[max(0, candidate.start() - 22) : candidate.start()].lower()
            if re.search(
                r"(?:terminal|min(?:imum)?|final|d\s?min|dlim|switch\w*\s+to)\W*$", before
            ):
                continue
            if re.match(
                r"\s*(?:/\s?(?:yr|year|mo|month)\w*\s*)?(?:terminal|min)",
                t[candidate.end("n") : candidate.end("n") + 20],
                re.IGNORECASE,
            ) or re.search(r"terminal|dmin|d\s?lim", candidate.group(0), re.IGNORECASE):
                continue
            return candidate, found[0]
    return None


def _convention_near(text: str, span: tuple[int, int], others: list[tuple[int, int]]) -> str | None:
    """The convention named nearest to the decline at ``span`` (a word nearer another decline
    figure, such as the terminal one, is that one's)."""

    def distance(word: re.Match[str], at: tuple[int, int]) -> int:
        if word.start() >= at[1]:
            return word.start() - at[1]
        return max(0, at[0] - word.end())

    best: tuple[int, str] | None = None
    for word in _CONVENTION_RX.finditer(text):
        mine = distance(word, span)
        if any(distance(word, o) < mine for o in others):
            continue
        name = word.group("c").lower()
        convention = (
            "nominal"
            if name == "nominal"
            else "tangent"
            if name.startswith("tangent")
            else "secant"
        )
        if best is None or mine < best[0]:
            best = (mine, convention)
    return best[1] if best else None


def find_decline(text: str) -> Found | None:
    """The initial decline: "declining 25% a year", "nominal 0.3 per year", "Di of 60%".

    A percentage with no other word is read as an effective annual decline
    (secant-effective, the convention petbox-dca and most reserve reports
    use); "nominal" or a bare fraction ("0.3/yr", "Di 1.8") is the nominal
    (instantaneous) rate; "tangent" selects tangent-effective. The convention
    may be named anywhere in the sentence. A monthly decline stays monthly (the
    tool converts it through the hyperbolic equation over one month). A
    percentage of 100%/yr or more with no convention named can only be nominal
    (an effective decline is below 100%), and is read so.
    """
    hit = _decline_match(text)
    if hit is None:
        return None
    m, num = hit
    monthly = bool(m.group("per")) and re.search(r"month|mo\b|mth", m.group("per") or "", re.I)
    monthly = monthly or bool(
        re.search(r"\bmonthly\s+(?:\w+\s+)?$", text[max(0, m.start() - 20) : m.start()], re.I)
    )
    value = abs(num.value)
    percent = num.percent or value > _BARE_FRACTION_MAX
    if percent:
        value = value / 100.0
    span = (m.start("n"), m.end("n"))
    if m.group("per") and re.search(r"\d", m.group("per")):
        span = (m.start("n"), m.end("per"))  # "0.45 1/yr": the 1 is the period's
    named = _convention_near(text, _decline_phrase(text, m), _terminal_phrases(text))
    why = ""
    if named is not None:
        convention = named
    elif not percent:
        convention = "nominal"
        why = "a bare fraction is read as a nominal decline"
    elif value >= 1.0:
        convention = "nominal"
        why = (
            f"{num.value:g}% a {'month' if monthly else 'year'} is above 100%, which only a "
            "nominal decline can be (an effective decline is the fraction lost, below 100%)"
        )
    else:
        convention = "secant"
    # A trailing "b" or "m" the loose number pattern took as a multiplier is the next word.
    stated = re.sub(r"\s+[bm]$", "", m.group(0).strip(), flags=re.IGNORECASE)
    decline = Decline(
        value=value,
        convention=convention,
        stated=stated,
        period="month" if monthly else "year",
        named=named is not None,
        why=why,
    )
    return finding(decline, span, stated=stated)


def extract_decline(text: str) -> Decline | None:
    hit = find_decline(text)
    return hit.value if hit else None


def find_b(text: str) -> Found | None:
    """The Arps b-factor: "b of 0.9", "b=1.2", "b-factor 0.5", "harmonic" (1), "exponential" (0)."""
    from agents.builtin.bind_fit import find_b_bounds

    bounds = find_b_bounds(text)
    hit = None
    for m in re.finditer(
        r"\bb(?:[- ]?(?:factor|value|exponent))?\s*(?:of|=|:|is|at)?\s*(?P<n>\d*\.?\d+)\b",
        text,
        re.IGNORECASE,
    ):
        if _glued(text, m.start("n")):
            continue
        if bounds is not None and any(s < m.end("n") and m.start("n") < e for s, e in bounds.spans):
            continue
        if re.search(
            r"\b(?:cap|limit|bound|constrain|restrict|max|min)\w*\s+(?:the\s+)?$",
            text[: m.start()],
            re.I,
        ):
            continue
        nums = numbers(m.group("n"))
        hit = Hit(nums[0].value, m.start("n") + nums[0].start, m.start("n") + nums[0].end)
        break
    if hit is None:
        hit = hit_at(text, r"hyperbolic\s+(?:exponent|factor)\s*(?:of|=|:)?\s*(?P<n>\d*\.?\d+)")
    if hit is not None and 0 <= hit.value <= 5:
        return finding(hit.value, hit.span)
    low = text.lower()
    if "harmonic" in low:
        return finding(1.0, stated="harmonic")
    if "exponential" in low:
        return finding(0.0, stated="exponential")
    return None


def extract_b(text: str) -> float | None:
    hit = find_b(text)
    return hit.value if hit else None


def find_terminal_decline(text: str) -> Found | None:
    """A terminal (minimum) decline: "terminal decline of 6%", "Dmin 8%"; as a fraction."""
    v = hit_at(
        text,
        r"(?:terminal(?:\s+decline)?|d\s?_?min|d\s?_?lim|d_?term|min(?:imum)?\s+decline|switch\w*\s+to)[^.;?!\d]{0,20}(?P<n>{N})",
    )
    if v is None:
        v = hit_at(
            text,
            r"(?P<n>{N}\s?%)\s*(?:/\s?(?:yr|year)\s*|a\s+year\s+|per\s+year\s+)?(?:terminal|minimum|term\b)",
        )
    if v is None:
        return None
    return finding(v.value / 100.0 if v.value > 1 else v.value, v.span)


def extract_terminal_decline(text: str) -> float | None:
    hit = find_terminal_decline(text)
    return hit.value if hit else None


def find_terminal_convention(text: str) -> Found | None:
    """The convention of the terminal decline when one is named next to it ("Dmin 6% secant
    effective", "terminal 0.08 nominal"): "nominal", "secant" or "tangent"."""
    phrases = _terminal_phrases(text)
    if not phrases:
        return None
    initial = _decline_match(text)
    others = [_decline_phrase(text, initial[0])] if initial else []
    named = _convention_near(text, phrases[0], others)
    return finding(named) if named else None


def _decline_phrase(text: str, m: re.Match[str]) -> tuple[int, int]:
    """The words of the initial decline ("78% first-year decline", "Di of 60%/yr")."""
    end = m.end()
    tail = re.match(r"(?:\s+[\w-]+){0,2}?\s+decline\b", text[end:], re.IGNORECASE)
    return (m.start(), end + tail.end() if tail else end)


def _terminal_phrases(text: str) -> list[tuple[int, int]]:
    """The words of the terminal decline ("Dmin 6%", "a 7% terminal decline")."""
    terminal = find_terminal_decline(text)
    if terminal is None:
        return []
    start, end = terminal.spans[0]
    before = re.search(
        r"(?:terminal(?:\s+decline)?|d\s?_?min|d\s?_?lim|d_?term|min(?:imum)?\s+decline)[^.;?!\d]{0,20}$",
        text[max(0, start - 40) : start],
        re.IGNORECASE,
    )
    if before:
        start = max(0, start - 40) + before.start()
    after = re.match(
        r"\s*(?:/\s?(?:yr|year)\s*|a\s+year\s+|per\s+year\s+)?(?:terminal(?:\s+decline)?|minimum)",
        text[end:],
        re.IGNORECASE,
    )
    if after:
        end += after.end()
    return [(start, end)]


def find_phase(text: str) -> Found | None:
    """Which stream the question is about: oil, gas, BOE or water (None when it does not
    say). The first one named wins ("gas EUR of the oil well" is about gas)."""
    low = text.lower()
    # "gas following the oil by GOR": the phase followed is the primary one.
    followed = re.search(
        r"\b(?:gas|water|condensate|oil)\b[^.;?!]{0,15}?\bfollow\w*\s+(?:the\s+)?(?P<p>oil|gas)\b",
        low,
    )
    if followed:
        return finding(followed.group("p"))
    hits = []
    for phase, pattern in (
        ("oil", r"\b(?:oil|crude|condensate|bopd|bbl/d|liquids?)\b"),
        ("gas", r"\b(?:gas|mcf\w*|mmcf\w*|scf)\b"),
        ("boe", r"\b(?:boe|boepd|barrels?\s+of\s+oil\s+equivalent|oil\s+equivalent)\b"),
        ("water", r"\b(?:water|bwpd)\b"),
    ):
        m = re.search(pattern, low)
        if m:
            hits.append((m.start(), phase))
    if not hits:
        return None
    hits.sort()
    return finding(hits[0][1])


def extract_phase(text: str) -> str | None:
    hit = find_phase(text)
    return hit.value if hit else None


# A well name as analysts write it without the word "well": a capitalised name and a
# number with a lateral suffix ("Hawkins 2H", "Smith Unit 14-3HW", "Eagle Ford #4").
_NAMED_WELL = re.compile(
    r"(?<![\w$])(?P<w>(?:[A-Z][A-Za-z'\-]+\s+){1,3}(?:#\s?)?\d{1,4}(?:-\d{1,3})?[A-Z]{1,3}\b"
    r"|(?:[A-Z][A-Za-z'\-]+\s+){1,3}#\s?\d{1,4}\b)"
)
_NAME_STOP = {
    "eur",
    "npv",
    "irr",
    "pv",
    "forecast",
    "fit",
    "for",
    "of",
    "the",
    "what",
    "what's",
    "whats",
    "and",
    "at",
    "with",
    "if",
    "to",
    "is",
    "decline",
    "gas",
    "oil",
    "show",
    "run",
    "give",
    "me",
    "tell",
    "plot",
    "chart",
    "how",
    "much",
    "get",
    "compute",
    "calculate",
}


def find_well(text: str) -> Found | None:
    """A well's name: "for well A-12", "well 'Smith 1H'", "the Eagle 3H well", or a name
    with a lateral number ("EUR for Hawkins 2H if we stop at 10 bbl/d")."""
    m = re.search(
        r"\bwell\s+(?:name[sd]?\s+)?[\"'\u201c\u2018](?P<w>[^\"'\u201d\u2019]+)[\"'\u201d\u2019]",
        text,
        re.I,
    )
    if m:
        return finding(m.group("w").strip(), m.span("w"))
    for m in re.finditer(
        r"\bwell\s+(?:#\s?)?(?P<w>[A-Za-z0-9][\w\-#/.]*(?:\s+\d+[A-Za-z]{0,2}\b)?)", text
    ):
        w = m.group("w").rstrip(".,;:?!")
        first = w.split()[0].lower()
        if first not in _NOT_WELL_NAMES and not re.fullmatch(r"[\d.,]+", first):
            return finding(w, (m.start("w"), m.start("w") + len(w)))
    m = re.search(r"\b(?:the\s+)?(?P<w>[A-Z][\w\-]*(?:\s+[\w\-]+)?)\s+well\b", text)
    if (
        m
        and m.group("w").lower() not in _NOT_WELL_NAMES
        and not m.group("w").lower().startswith(("a ", "the ", "this ", "that ", "each ", "every "))
        and not re.search(r"\d\s*(?:bbl|bopd|mcf|boe|%)", m.group("w"), re.I)
    ):
        return finding(m.group("w"), m.span("w"))
    for rx in (_NAMED_WELL, _LOWER_WELL):
        for m in rx.finditer(text):
            words = m.group("w").split()
            while words and words[0].lower() in _NAME_STOP | _NOT_WELL_NAMES | _TIME_WORDS:
                words.pop(0)
            if len(words) >= 2:
                name = " ".join(words)
                end = m.end("w")
                return finding(name, (end - len(name), end))
    return None


_TIME_WORDS = {"over", "within", "after", "last", "first", "next", "every", "about", "around"}

# Typed in lower case ("fit smith 3h", "eur of hawkins-2h"): a word and a number with a
# horizontal-well suffix (H, HW, HZ, ...), so "at 5 yrs" is not a well.
_LOWER_WELL = re.compile(
    r"(?<![\w$])(?P<w>[a-z][a-z'\-]+[\s-]#?\d{1,4}(?:-\d{1,3})?(?:h|hw|hz|hd|xh|hc|hr|hs)\b)",
    re.IGNORECASE,
)


def extract_well(text: str) -> str | None:
    hit = find_well(text)
    return hit.value if hit else None


def find_model(text: str) -> Found | None:
    """The Arps model named: "modified hyperbolic", "hyperbolic", "harmonic", "exponential"."""
    low = text.lower()
    for word in ("modified hyperbolic", "hyperbolic", "harmonic", "exponential"):
        if word in low:
            return finding(word.replace(" ", "_"))
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
    "w/",
    "w",
    "ip",
    "qi",
    "does",
    "makes",
    "made",
    "produces",
    "produced",
    "has",
    "had",
    "was",
    "will",
    "currently",
    "rate",
    "decline",
    "di",
    "b",
    "gas",
    "oil",
    "our",
    "your",
    "A",
    "A Well",
}


# --- the units volumes are shown in -----------------------------------------------------

_SHOWN_UNITS = {
    "mbbl": "Mbbl",
    "mbo": "Mbbl",
    "mstb": "Mbbl",
    "thousand barrels": "Mbbl",
    "mmbbl": "MMbbl",
    "mmbo": "MMbbl",
    "mmstb": "MMbbl",
    "million barrels": "MMbbl",
    "mboe": "MBOE",
    "mmboe": "MMBOE",
    "mmcf": "MMcf",
    "mmscf": "MMcf",
    "bcf": "Bcf",
    "bscf": "Bcf",
    "billion cubic feet": "Bcf",
    "tcf": "Tcf",
}
_SHOWN_BASE = {"Mbbl": "bbl", "MMbbl": "bbl", "MBOE": "BOE", "MMBOE": "BOE"}
_SHOWN = "|".join(
    sorted(
        (re.escape(k).replace(r"\ ", r"\s+") + r"s?" for k in _SHOWN_UNITS), key=len, reverse=True
    )
)


def find_volume_units(text: str) -> Found | None:
    """The units volumes are to be shown in: "EUR in Mbbl", "cum as MMBOE", "EURs
    (MMbbl)", "in Bcf" (never a rate: "in MMcf/d" is not a volume unit)."""
    shown: dict[str, str] = {}
    spans = []
    pattern = rf"(?:\b(?:in|as|into)\s+|\(\s*)(?P<u>{_SHOWN})(?:\s*\)|\b)(?!\s*(?:/|per\b|a\s+day))"
    for m in re.finditer(pattern, text, re.IGNORECASE):
        word = re.sub(r"\s+", " ", m.group("u").lower())
        unit = _SHOWN_UNITS.get(word) or _SHOWN_UNITS.get(word[:-1])
        if unit is None:
            continue
        shown.setdefault(_SHOWN_BASE.get(unit, "Mcf"), unit)
        spans.append(m.span("u"))
    return Found(shown, tuple(spans)) if shown else None


def _show_volume_units(units: dict[str, str]) -> tuple[str, str]:
    return ", ".join(units.values()), ""


# --- registration: the parameters of decline questions --------------------------------

_CONVENTION_WORDS = {
    "nominal": "nominal",
    "secant": "secant-effective",
    "tangent": "tangent-effective",
}


def _show_decline(decline: Decline) -> tuple[str, str]:
    words = _CONVENTION_WORDS[decline.convention]
    return f"{decline.shown()} {words}", ""


binds(*DECLINE_KINDS, name="rate", label="Initial rate", argument="qi", show=show_rate)(find_rate)
binds(*DECLINE_KINDS, name="decline", label="Initial decline", show=_show_decline)(find_decline)
binds(*DECLINE_KINDS, name="b", label="b-factor")(find_b)
binds(
    *DECLINE_KINDS,
    name="terminal_decline",
    label="Terminal decline",
    argument="dlim",
    unit="fraction",
)(find_terminal_decline)
binds(
    *DECLINE_KINDS, name="terminal_convention", label="Terminal decline convention", figure=False
)(find_terminal_convention)
binds(*DECLINE_KINDS, name="phase", label="Phase", figure=False)(find_phase)
binds(*DECLINE_KINDS, name="well", label="Well", follow_up=False)(find_well)
binds(*DECLINE_KINDS, name="model", label="Model", figure=False, follow_up=True)(find_model)
binds(
    *DECLINE_KINDS,
    name="volume_units",
    label="Volumes shown in",
    show=_show_volume_units,
)(find_volume_units)

# The fit controls and forecast options register after the parameters above.
from agents.builtin import bind_fit  # noqa: E402, F401
