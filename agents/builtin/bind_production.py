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

from agents.builtin.bind_rates import (
    DECLINE_KINDS,
    Rate,
    limit_span,
    rates,
    show_rate,
)
from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.numbers import N as _N
from agents.builtin.numbers import glued as _glued
from agents.builtin.numbers import hit_at, numbers

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
    """An initial decline rate as a fraction per year, and which convention it was given in."""

    value: float
    convention: str  # "nominal", "secant" (secant-effective) or "tangent" (tangent-effective)
    stated: str  # how the text put it, for the answer


_DECLINE_WORD = r"(?:declin\w*|decline\s+rate|\bdi\b|\bd_?i\b|initial\s+decline|\bd\s?(?==))"
_PER_YEAR = r"(?:\s?(?:a|per|each|every|/)\s?(?:year|yr|annum|y)\b|\s?annual(?:ly)?\b|\s?/\s?yr\b|\s?yearly\b|\s?p\.?a\.?(?![a-z]))"
_PER_MONTH = r"(?:\s?(?:a|per|each|every|/)\s?(?:month|mo)\b|\s?monthly\b)"


def find_decline(text: str) -> Found | None:
    """The initial decline: "declining 25% a year", "nominal 0.3 per year", "Di of 60%".

    A percentage with no other word is read as an effective annual decline
    (secant-effective, the convention petbox-dca and most reserve reports
    use); "nominal" or a bare fraction per year ("0.3/yr") is the nominal
    (instantaneous) rate; "tangent" selects tangent-effective. A monthly
    decline is turned into its annual equivalent in the same convention.
    """
    t = text
    patterns = (
        rf"(?P<word>{_DECLINE_WORD})(?P<gap>[^.;?!,]{{0,40}}?)(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:[\w-]+\s+){{0,3}}?(?:nominal\s+|effective\s+|secant\s+|tangent\s+)?decline",
        rf"(?:nominal|effective|secant|tangent)[^.;?!\d]{{0,25}}(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?",
        rf"\b(?:at|of)\s+(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
        # "60% Di", "0.8 Di nominal"
        rf"(?P<n>{_N}\s?(?:%|percent)?)(?P<per>{_PER_YEAR}|{_PER_MONTH})?\s*(?:nominal\s+|effective\s+)?d_?i\b",
        # "800 bopd, 25%/yr, b=0.9": a bare percentage per year or month next to a rate.
        rf"(?<![\w.$])(?P<n>{_N}\s?(?:%|percent))(?P<per>{_PER_YEAR}|{_PER_MONTH})",
    )
    m = None
    num = None
    for pattern in patterns:
        for candidate in re.finditer(pattern, t, re.IGNORECASE):
            found = numbers(candidate.group("n"))
            if _glued(t, candidate.start("n")):
                continue
            # "decline, b of 0.9": the number after another parameter's name is not the decline.
            gap = candidate.groupdict().get("gap") or ""
            if re.search(
                r"\b(?:b|b-?\s?factor|qi|ip|limit|terminal|d\s?min|dlim|economic|wi|royalty|for|to|"
                r"when|reach\w*|hit\w*|until|down|after|year|month)\b",
                gap,
                re.IGNORECASE,
            ):
                continue
            # Rates like "800 bbl/d" can sit between "declining" and the number.
            after = t[candidate.end("n") : candidate.end("n") + 12].lower()
            if not found or re.match(
                r"\s*(?:bbl|bo|mcf|mmcf|boe|barrel|stb|b/d|bpd|years?\b|yrs?\b|months?\b)",
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
            m, num = candidate, found[0]
            break
        if m is not None:
            break
    if m is None or num is None:
        return None
    window = t[max(0, m.start() - 30) : m.end() + 30].lower()
    monthly = bool(m.group("per")) and re.search(r"month|mo\b", m.group("per") or "", re.I)
    value = num.value
    if num.percent or value > 1.0:
        value = value / 100.0
        convention = "secant"
    else:
        convention = "nominal"
    if "nominal" in window:
        convention = "nominal"
    elif "tangent" in window:
        convention = "tangent"
    elif "secant" in window or "effective" in window:
        convention = "secant"
    # A trailing "b" or "m" the loose number pattern took as a multiplier is the next word.
    stated = re.sub(r"\s+[bm]$", "", m.group(0).strip(), flags=re.IGNORECASE)
    value = abs(value)
    if monthly:
        value = _monthly_to_annual(value, convention)
    if convention != "nominal" and value >= 1.0:
        return None  # an effective decline of 100% a year or more is not a decline rate
    decline = Decline(value=value, convention=convention, stated=stated)
    return finding(decline, (m.start("n"), m.end("n")), stated=stated)


def extract_decline(text: str) -> Decline | None:
    hit = find_decline(text)
    return hit.value if hit else None


def _monthly_to_annual(d: float, convention: str) -> float:

    if convention == "nominal":
        return d * 12.0
    # An effective monthly decline compounds: (1 - d)^12 is what is left after a year.
    return 1.0 - (1.0 - d) ** 12 if d < 1 else d


def find_b(text: str) -> Found | None:
    """The Arps b-factor: "b of 0.9", "b=1.2", "b-factor 0.5", "harmonic" (1), "exponential" (0)."""
    hit = hit_at(
        text,
        r"\bb(?:[- ]?(?:factor|value|exponent))?\s*(?:of|=|:|is|at)?\s*(?P<n>\d*\.?\d+)\b",
    )
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
            r"(?P<n>{N}\s?%)\s*(?:/\s?(?:yr|year)\s*|a\s+year\s+|per\s+year\s+)?(?:terminal|minimum)",
        )
    if v is None:
        return None
    return finding(v.value / 100.0 if v.value > 1 else v.value, v.span)


def extract_terminal_decline(text: str) -> float | None:
    hit = find_terminal_decline(text)
    return hit.value if hit else None


def find_phase(text: str) -> Found | None:
    """Which stream the question is about: oil, gas, BOE or water (None when it does not
    say). The first one named wins ("gas EUR of the oil well" is about gas)."""
    low = text.lower()
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
    for m in _NAMED_WELL.finditer(text):
        words = m.group("w").split()
        while words and words[0].lower() in _NAME_STOP:
            words.pop(0)
        if len(words) >= 2:
            name = " ".join(words)
            end = m.end("w")
            return finding(name, (end - len(name), end))
    return None


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


# --- registration: the parameters of decline questions --------------------------------

_CONVENTION_WORDS = {
    "nominal": "nominal",
    "secant": "secant-effective",
    "tangent": "tangent-effective",
}


def _show_decline(decline: Decline) -> tuple[str, str]:
    words = _CONVENTION_WORDS[decline.convention]
    if decline.convention == "nominal":
        return f"{decline.value:g}/yr {words}", ""
    return f"{decline.value * 100:.4g}%/yr {words}", ""


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
binds(*DECLINE_KINDS, name="phase", label="Phase", figure=False)(find_phase)
binds(*DECLINE_KINDS, name="well", label="Well", follow_up=False)(find_well)
binds(*DECLINE_KINDS, name="model", label="Model", figure=False, follow_up=True)(find_model)
