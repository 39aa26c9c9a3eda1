"""Subpart W sources stated in a question: equipment counts and engineering figures.

"we have 40 intermittent-bleed controllers", "300 valves and 1,200 connectors in gas
service", "3 workovers, flared", "frac flowback of 72 hours at 1.5 MMcf/d", "4 blowdowns
of a 500 cubic foot vessel at 800 psig", "12 unloadings on an 8,000 ft well with 4.5 in
casing", "100,000 bbl through the tanks at 30 scf/bbl". Each source is the emissions
tool's activity (its ``kind`` and fields) with the spans of the text it read, so every
figure is bound or named as not used. Pure and deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agents.builtin.numbers import N, glued, numbers

Span = tuple[int, int]


@dataclass
class Source:
    """One source read from the question: the tool's activity fields and the spans read."""

    kind: str
    fields: dict[str, Any]
    spans: list[Span] = field(default_factory=list)
    start: int = 0


def _num(text: str, pattern: str, start: int = 0, end: int | None = None):
    """(value, span, match) of the ``n`` group of the first match of ``pattern`` in
    text[start:end]; the span runs from the number to the end of the match (its unit)."""
    rx = re.compile(pattern.replace("{N}", N), re.IGNORECASE)
    window = text[start:end]
    for m in rx.finditer(window):
        if glued(window, m.start("n")):
            continue
        nums = numbers(m.group("n"))
        if nums:
            at = start + m.start("n")
            return nums[0].value, (at + nums[0].start, max(at + nums[0].end, start + m.end())), m
    return None


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (questions in one line are one sentence)."""
    left = max(text.rfind(c, 0, pos) for c in ";?!\n")
    for m in re.finditer(r"\.(?!\d)", text[:pos]):
        left = max(left, m.start())
    right = len(text)
    for c in ";?!\n":
        i = text.find(c, pos)
        if i >= 0:
            right = min(right, i)
    dot = re.search(r"\.(?!\d)", text[pos:])
    if dot:
        right = min(right, pos + dot.start())
    return left + 1, right


def _disposition(text: str) -> bool | None:
    """Whether the gas was flared (True), vented (False) or not said (None)."""
    low = text.lower()
    if re.search(r"\b(?:not\s+flared|vented|venting|to\s+(?:the\s+)?atmosphere)\b", low):
        return False
    if re.search(r"\bflar(?:ed|ing|e)\b", low):
        return True
    return None


def _fractured(text: str) -> bool | None:
    low = text.lower()
    if re.search(r"(?:\b(?:without|no|non[-\s]?)|\bw/o)\s*(?:hydraulic\s+)?(?:frac\w*)", low):
        return False
    if re.search(r"\b(?:frac\w*|hydraulic(?:ally)?\s+fractur\w*|refrac\w*)\b", low):
        return True
    return None


# --------------------------------------------------------------------------- pneumatics

_BLEED = r"(?P<bleed>intermit+e?nt|int|snap[-\s]?acting|(?:continuous\s+)?(?:high|hi|low))"
_BLEED_ANY = _BLEED.replace("?P<bleed>", "?:")
_PNEUMATIC = r"pn[eu]{1,2}matics?"
_CONTROLLERS = rf"(?:(?:{_PNEUMATIC}\s+)?(?:level\s+|pressure\s+|valve\s+)?(?:controllers?|devices?)|{_PNEUMATIC}(?!\s+pumps?))"


def _bleed_word(word: str | None) -> str | None:
    low = (word or "").lower()
    if low.startswith(("intermit", "int", "snap")):
        return "intermittent"
    if "hi" in low:
        return "high"
    if "low" in low:
        return "low"
    return None


def find_controllers(text: str) -> list[Source]:
    out: list[Source] = []
    patterns = (
        # "40 intermittent-bleed controllers", "12 high-bleed ones", "25 low bleed pneumatics"
        rf"(?P<n>{{N}})\s+(?:{_BLEED}[\s-]*bleed\s+)(?:{_CONTROLLERS}|ones)",
        # "40 pneumatic controllers (intermittent)", "18 hi-bleed pnuematic controllers"
        rf"(?P<n>{{N}})\s+(?:{_BLEED}(?:[\s-]*bleed)?[\s-]+)?{_CONTROLLERS}(?:\s*\(\s*{_BLEED.replace('bleed>', 'bleed2>')}(?:[\s-]*bleed)?\s*\))?",
        # "10 high bleed and 20 low bleed controllers": the first count shares the noun
        rf"(?P<n>{{N}})\s+{_BLEED}[\s-]*bleed\s*(?:,|and|&|\+)\s*"
        rf"(?=(?:{{N}})\s+{_BLEED_ANY}[\s-]*bleed\s+(?:{_CONTROLLERS}|ones))",
        # "intermittent bleed pneumatic controllers: 40"
        rf"{_BLEED}[\s-]*bleed\s+{_CONTROLLERS}\s*[:=]\s*(?P<n>{{N}})",
    )
    taken: list[Span] = []
    for pattern in patterns:
        rx = re.compile(pattern.replace("{N}", N), re.IGNORECASE)
        for m in rx.finditer(text):
            if any(s <= m.start("n") < e for s, e in taken) or glued(text, m.start("n")):
                continue
            nums = numbers(m.group("n"))
            if not nums or nums[0].percent:
                continue
            bleed = _bleed_word(m.groupdict().get("bleed") or m.groupdict().get("bleed2"))
            n_span = (m.start("n") + nums[0].start, m.start("n") + nums[0].end)
            fields: dict[str, Any] = {"count": nums[0].value}
            if bleed:
                fields["bleed"] = bleed
            source = Source("pneumatic_controllers", fields, [n_span], m.start())
            taken.append(m.span())
            out.append(source)
    for source in out:
        _hours_in(text, source)
    return sorted(out, key=lambda s: s.start)


def _hours_in(text: str, source: Source) -> None:
    lo, hi = _sentence(text, source.start)
    got = _num(
        text, r"(?P<n>{N})\s*(?:hours|hrs|hr|h)\b(?!\s*(?:each\s+)?(?:per\s+unloading))", lo, hi
    )
    if got is not None and not _is_flow_hours(text, got[1]):
        source.fields["hours"] = got[0]
        source.spans.append(got[1])


def _is_flow_hours(text: str, span: Span) -> bool:
    before = text[max(0, span[0] - 20) : span[0]].lower()
    return bool(re.search(r"flowback|flow\s+back|for\s*$", before))


def find_pumps(text: str) -> list[Source]:
    out = []
    rx = re.compile(
        rf"(?P<n>{N})\s+(?:gas[\s-]*driven\s+|natural[\s-]gas[\s-]driven\s+|{_PNEUMATIC}\s+)"
        r"(?:chemical[\s-]injection\s+|chem(?:ical)?\s+|methanol\s+|injection\s+)?pumps?\b",
        re.IGNORECASE,
    )
    for m in rx.finditer(text):
        nums = numbers(m.group("n"))
        if not nums or glued(text, m.start("n")):
            continue
        span = (m.start("n") + nums[0].start, m.start("n") + nums[0].end)
        source = Source("pneumatic_pumps", {"count": nums[0].value}, [span], m.start())
        _hours_in(text, source)
        out.append(source)
    return out


# --------------------------------------------------------------------------- leaks

_COMPONENTS = (
    ("pressure relief valve", r"pressure[\s-]relief\s+valves?|prvs?|psvs?|relief\s+valves?"),
    ("open-ended line", r"open[\s-]ended\s+lines?|oels?"),
    ("valve", r"valves?"),
    ("connector", r"connectors?|fittings?"),
    ("flange", r"flanges?"),
)


def find_leaks(text: str) -> list[Source]:
    low = text.lower()
    words = re.search(
        r"\b(?:leak\w*|fugitive\w*|components?|in\s+(?:gas|light\s+crude|heavy\s+crude|oil)\s+service)\b",
        low,
    )
    out: list[Source] = []
    for name, pattern in _COMPONENTS:
        rx = re.compile(rf"(?P<n>{N})\s+(?:{pattern})\b", re.IGNORECASE)
        for m in rx.finditer(text):
            nums = numbers(m.group("n"))
            if not nums or glued(text, m.start("n")) or nums[0].percent:
                continue
            if any(s.start <= m.start() < s.start + 1 for s in out):
                continue
            span = (m.start("n") + nums[0].start, m.start("n") + nums[0].end)
            out.append(
                Source(
                    "equipment_leaks",
                    {"count": nums[0].value, "component": name},
                    [span],
                    m.start(),
                )
            )
    if not out or not (words or len({s.fields["component"] for s in out}) >= 2):
        return []
    service = re.search(
        r"\b(gas|light\s+crude|heavy\s+crude|light\s+oil|heavy\s+oil)\s+service\b", low
    )
    if service:
        value = re.sub(r"\s+", "_", service.group(1).replace("oil", "crude"))
        for source in out:
            source.fields["service"] = value
    for source in out:
        _hours_in(text, source)
    # "relief valves" is matched before "valves": drop a valve read inside it.
    kept = []
    for source in sorted(out, key=lambda s: s.start):
        if kept and kept[-1].spans[0] == source.spans[0]:
            continue
        kept.append(source)
    return kept


# --------------------------------------------------------------------------- workovers, completions


def find_workovers(text: str) -> list[Source]:
    got = _num(text, r"(?P<n>{N})\s+(?:gas[\s-]well\s+)?(?:re-?)?workovers?\b")
    if got is None:
        return []
    value, span, _match = got
    lo, hi = _sentence(text, span[0])
    sentence = text[lo:hi]
    fields: dict[str, Any] = {"count": value}
    if (flared := _disposition(sentence)) is not None:
        fields["flared"] = flared
    fractured = _fractured(sentence)
    if fractured:
        return []  # a workover with fracturing is a completion: its flowback figures say
    if fractured is False:
        fields["hydraulic_fracturing"] = False
    return [Source("workovers", fields, [span], span[0])]


_RATE_UNITS = (
    (r"mmcf\s*/\s*d(?:ay)?|mmscfd|mmcfd|mmcf\s+per\s+day", "MMcf/d"),
    (r"mcf\s*/\s*d(?:ay)?|mscfd|mcfd|mcf\s+per\s+day", "Mcf/d"),
    (r"scf\s*/\s*h(?:r|our)?|scfh|scf\s+per\s+hour", "scf/h"),
    (r"mcf\s*/\s*h(?:r|our)?", "Mcf/h"),
)


def _rate(text: str, lo: int, hi: int):
    """(value, unit, span) of the first gas rate in text[lo:hi]."""
    best = None
    for pattern, unit in _RATE_UNITS:
        got = _num(text, rf"(?P<n>{{N}})\s*(?:{pattern})", lo, hi)
        if got and (best is None or got[1][0] < best[2][0]):
            best = (got[0], unit, got[1])
    return best


def find_completions(text: str) -> list[Source]:
    low = text.lower()
    trigger = re.search(r"\b(?:flow\s?-?back|completions?)\b", low)
    if trigger is None:
        return []
    lo, hi = _sentence(text, trigger.start())
    fields: dict[str, Any] = {}
    spans: list[Span] = []
    hours = _num(text, r"(?P<n>{N})\s*(?:hours|hrs|hr|h)\b", lo, hi)
    days = _num(text, r"(?P<n>{N})\s*days?\b", lo, hi)
    if hours:
        fields["flowback_hours"] = hours[0]
        spans.append(hours[1])
    elif days:
        fields["flowback_hours"] = days[0] * 24
        spans.append(days[1])
    rate = _rate(text, lo, hi)
    if rate:
        fields["flowback_rate"], fields["flowback_rate_unit"] = rate[0], rate[1]
        spans.append(rate[2])
    recovered = _num(
        text,
        r"(?P<n>{N})\s*(?P<u>mmcf|mmscf|mcf|mscf|scf)\s+(?:(?:went|sent|was\s+sent|go(?:es)?)\s+)?(?:to\s+sales|recovered|captured|sold)",
        lo,
        hi,
    )
    if recovered:
        scale = {"mmcf": 1e6, "mmscf": 1e6, "mcf": 1e3, "mscf": 1e3, "scf": 1.0}[
            recovered[2].group("u").lower()
        ]
        fields["recovered_scf"] = recovered[0] * scale
        spans.append(recovered[1])
    if "flowback_hours" not in fields:
        volume = _num(
            text,
            r"(?:flow\s?-?back|completion)\s+(?:of\s+)?(?P<n>{N})\s*(?P<u>mmcf|mcf|scf)\b",
            lo,
            hi,
        )
        if volume is None:
            return []
        fields["quantity"], fields["unit"] = volume[0], volume[2].group("u")
        spans.append(volume[1])
    sentence = text[lo:hi]
    if (flared := _disposition(sentence)) is not None:
        fields["flared"] = flared
    if (fractured := _fractured(sentence)) is not None:
        fields["hydraulic_fracturing"] = fractured
    return [Source("completions", fields, spans, lo)]


# --------------------------------------------------------------------------- blowdowns, unloading

_PRESSURE = r"(?P<n>{N})\s*(?P<u>psig|psia|psi|kpa|bar)\b"


def _pressure(text: str, lo: int, hi: int, pattern: str = _PRESSURE):
    got = _num(text, pattern, lo, hi)
    if got is None:
        return None
    unit = got[2].group("u").lower()
    return got[0], {"psi": "psig", "kpa": "kPa"}.get(unit, unit), got[1]


def find_blowdowns(text: str) -> list[Source]:
    trigger = re.search(
        r"\b(?:blow\s?-?downs?|blew\s+down|blowing\s+down|blow\s+down)\b", text, re.IGNORECASE
    )
    if trigger is None:
        return []
    lo, hi = _sentence(text, trigger.start())
    fields: dict[str, Any] = {}
    spans: list[Span] = []
    count = _num(text, r"(?P<n>{N})\s+(?:blow\s?-?downs?|times)\b", lo, hi)
    if count:
        fields["count"] = count[0]
        spans.append(count[1])
    volume = _num(
        text, r"(?P<n>{N})\s*(?:-\s*)?(?:cubic\s+f(?:oo|ee)t|cu\.?\s?ft|ft3|ft\u00b3|cf)\b", lo, hi
    )
    if volume:
        fields["volume_ft3"] = volume[0]
        spans.append(volume[1])
    pressure = _pressure(text, lo, hi)
    if pressure:
        fields["pressure"], fields["pressure_unit"] = pressure[0], pressure[1]
        spans.append(pressure[2])
    temperature = _num(text, r"(?P<n>{N})\s*(?:\u00b0\s?f|deg(?:rees)?\s*f|f)\b", lo, hi)
    if temperature:
        fields["temperature_f"] = temperature[0]
        spans.append(temperature[1])
    if not spans:
        return []
    if (flared := _disposition(text[lo:hi])) is not None:
        fields["flared"] = flared
    return [Source("blowdowns", fields, spans, lo)]


def find_unloading(text: str) -> list[Source]:
    trigger = re.search(r"\bunload\w*", text, re.IGNORECASE)
    if trigger is None:
        return []
    lo, hi = _sentence(text, trigger.start())
    fields: dict[str, Any] = {}
    spans: list[Span] = []

    def take(name: str, pattern: str) -> None:
        got = _num(text, pattern, lo, hi)
        if got and not any(s[0] <= got[1][0] < s[1] for s in spans):
            fields[name] = got[0]
            spans.append(got[1])

    take("count", r"(?P<n>{N})\s+(?:unloadings?|unloading\s+events|times)\b")
    take("depth_ft", r"(?P<n>{N})\s*(?:-\s*)?(?:ft|feet|foot)\b")
    take("diameter_in", r"(?P<n>{N})\s*(?:-\s*)?(?:in\b|inch(?:es)?\b|\")")
    shut_in = _pressure(text, lo, hi, r"(?P<n>{N})\s*(?P<u>psig|psia|psi)\b")
    if shut_in:
        fields["shut_in_pressure"], fields["shut_in_pressure_unit"] = shut_in[0], shut_in[1]
        spans.append(shut_in[2])
    rate = _rate(text, lo, hi)
    if rate:
        fields["flow_rate"], fields["flow_rate_unit"] = rate[0], rate[1]
        spans.append(rate[2])
        take("hours_per_unloading", r"(?P<n>{N})\s*(?:hours|hrs|hr|h)\b")
    take("wells", r"(?P<n>{N})\s+(?:such\s+)?wells\b")
    if re.search(r"plunger", text[lo:hi], re.IGNORECASE):
        fields["plunger_lift"] = not re.search(
            r"\b(?:no|without)\s+plunger", text[lo:hi], re.IGNORECASE
        )
    if not spans:
        return []
    return [Source("liquids_unloading", fields, spans, lo)]


# --------------------------------------------------------------------------- tanks


def find_tanks(text: str) -> list[Source]:
    trigger = re.search(r"\btanks?\b", text, re.IGNORECASE)
    if trigger is None:
        return []
    lo, hi = _sentence(text, trigger.start())
    fields: dict[str, Any] = {}
    spans: list[Span] = []
    per_bbl = _num(text, r"(?P<n>{N})\s*scf\s*(?:/|per|a)\s*(?:bbl|barrel)", lo, hi)
    if per_bbl:
        fields["vent_factor_scf_per_bbl"] = per_bbl[0]
        spans.append(per_bbl[1])
        throughput = _num(text, r"(?P<n>{N})\s*(?:bbls?|barrels?)\b(?!\s*(?:/|per)\s*d)", lo, hi)
        if throughput and throughput[1] != per_bbl[1]:
            fields["quantity"], fields["unit"] = throughput[0], "bbl"
            spans.append(throughput[1])
        flare = _num(
            text,
            r"(?P<n>{N}\s?%)[^.;]{0,20}?(?:to|routed\s+to|sent\s+to)\s+(?:a|the)\s+flare",
            lo,
            hi,
        )
        if flare:
            fields["flare_fraction"] = flare[0] / 100
            spans.append(flare[1])
        vru = _num(
            text, r"(?:vru|vapou?r\s+recovery(?:\s+unit)?)\D{0,25}?(?P<n>{N}\s?%)", lo, hi
        ) or _num(text, r"(?P<n>{N}\s?%)\s+(?:captured|recovered)", lo, hi)
        if vru:
            fields["vru_fraction"] = vru[0] / 100
            spans.append(vru[1])
        return [Source("storage_tanks", fields, spans, lo)]
    small = _num(
        text,
        r"(?P<n>{N})\s+(?:separators|wells)\s+(?:under|below|of\s+less\s+than|<)\s*10\s*(?:bbl|barrels?|bopd)",
        lo,
        hi,
    )
    if small:
        ten = re.search(r"10(?=\s*(?:bbl|barrels?|bopd))", text[small[1][1] : hi], re.IGNORECASE)
        fields["count"] = small[0]
        spans.append(small[1])
        if ten:
            at = small[1][1] + ten.start()
            spans.append((at, at + 2))
        fields["liquid"] = (
            "gas_condensate" if re.search(r"condensate", text[lo:hi], re.I) else "crude_oil"
        )
        return [Source("storage_tanks", fields, spans, lo)]
    return []


FINDERS = (
    find_controllers,
    find_pumps,
    find_leaks,
    find_workovers,
    find_completions,
    find_blowdowns,
    find_unloading,
    find_tanks,
)


def find_sources(text: str) -> list[Source]:
    """Every Subpart W source the question states, in the order of the text."""
    found: list[Source] = []
    for finder in FINDERS:
        for source in finder(text):
            if any(_overlap(source, other) for other in found):
                continue
            found.append(source)
    return sorted(found, key=lambda s: s.start)


def _overlap(a: Source, b: Source) -> bool:
    """Whether two readings are one source: the first span (the count or quantity) of
    either lies in the other's. A shared modifier ("15 controllers and 4 pumps, both
    running 8,760 hrs") does not make them one."""

    def hits(first: Source, other: Source) -> bool:
        if not first.spans:
            return False
        s1, e1 = first.spans[0]
        return any(s1 < e2 and s2 < e1 for s2, e2 in other.spans)

    return hits(a, b) or hits(b, a)
