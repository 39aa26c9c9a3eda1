"""Economics arguments for discounting and results, each found with its span: timing (end
or mid period), cash-flow period, a rate per month or quarter, a PV profile, break-even,
MIRR rates, sensitivities and charts, reserves categories and risk factors per well, and
SEC pricing (a 12-month strip given inline)."""

from __future__ import annotations

import re

from agents.builtin.binding import Found, binds, finding
from agents.builtin.econ_phrases import GAS_WORDS, OIL_WORDS, fraction_hit, phase_before
from agents.builtin.numbers import N, numbers

_ECON = "cash_flow_economics"
_PCT = rf"{N}\s?%"


def find_timing(text: str) -> Found | None:
    """ "mid-period discounting", "mid-month", "mid-year", "end of period"."""
    if re.search(
        r"\bmid[-\s]?(?:period|month|mo|year|yr|quarter|qtr|point)\b|middle\s+of\s+(?:the|each)\s+(?:period|month|year|quarter)",
        text,
        re.IGNORECASE,
    ):
        return Found("mid")
    if re.search(
        r"\bend[-\s]of[-\s](?:the\s+)?(?:period|month|year|quarter)\b|\bend[-\s]month\b", text, re.I
    ):
        return Found("end")
    return None


def find_period(text: str) -> Found | None:
    """ "quarterly cash flows", "annual cash flows", "mid-year", "monthly cash flows"."""
    if re.search(r"\bquarterly\b|\bby\s+quarter\b|\bper\s+quarter\s+cash", text, re.IGNORECASE):
        return Found("quarterly")
    if re.search(
        r"\b(?:annual|yearly)\s+(?:cash[-\s]?flows?|periods?|basis)|\bby\s+year\b|\bmid[-\s]?(?:year|yr)\b",
        text,
        re.IGNORECASE,
    ):
        return Found("annual")
    if re.search(r"\bmonthly\s+(?:cash[-\s]?flows?|periods?|basis)\b", text, re.IGNORECASE):
        return Found("monthly")
    return None


def find_rate_basis(text: str) -> Found | None:
    """A discount rate per month or quarter: "discount at 1% a month", "2.5% per quarter"."""
    m = re.search(
        rf"(?:discount\w*|disc\b|at|@)[^.;%]{{0,20}}?{_PCT}\s*(?:a|per|/|each)\s*(?P<u>month|mo|quarter|qtr)\b",
        text,
        re.IGNORECASE,
    )
    if m:
        return Found("month" if m.group("u").lower().startswith("mo") else "quarter")
    return None


def find_pv_profile(text: str) -> Found | None:
    """Several rates: "PV profile at 8%, 12% and 25%", "NPV at 8, 10 and 12%", "PV8, PV12
    and PV25"."""
    m = re.search(
        r"(?:pv\s+profile|present\s+value\s+profile|npv|pv)s?\s*(?:at|of|for|@)?\s*(?P<list>\d+(?:\.\d+)?\s?%?(?:\s*(?:,|and|&)\s*\d+(?:\.\d+)?\s?%?){1,8})(?!\s*(?:/|per)\s*(?:bbl|mcf))",
        text,
        re.IGNORECASE,
    )
    if m and "%" in m.group("list"):
        nums = numbers(m.group("list"))
        last = max((k for k, n in enumerate(nums) if n.percent), default=-1)
        nums = nums[: last + 1]
        if len(nums) >= 2 and all(0 < n.value <= 100 for n in nums):
            at = m.start("list")
            return Found(
                [n.value / 100.0 for n in nums], tuple((at + n.start, at + n.end) for n in nums)
            )
    labels = list(re.finditer(r"\bn?pv[-\s]?(?P<n>\d{1,2}(?:\.\d+)?)\b", text, re.IGNORECASE))
    if len(labels) >= 2:
        return Found([float(x.group("n")) / 100.0 for x in labels], tuple(x.span() for x in labels))
    return None


def find_breakeven_on(text: str) -> Found | None:
    """The phase of a break-even question: "break-even oil price", "what oil price breaks
    even", "breakeven WTI", "the gas price needed to break even"."""
    m = re.search(
        rf"(?:break[-\s]?even|\bb\s?/\s?e\b)\s+(?:(?:flat|benchmark)\s+)?(?P<p>{OIL_WORDS}|{GAS_WORDS})\b"
        rf"|(?P<q>{OIL_WORDS}|{GAS_WORDS})\s+(?:price\s+)?(?:that\s+|needed\s+to\s+|to\s+|"
        rf"(?:do|would|does|will)\s+(?:i|we|you|it)\s+(?:need|have)\s+to\s+|is\s+needed\s+to\s+|"
        rf"(?:gets?|takes?)\s+(?:me|us|it)\s+to\s+)?(?:breaks?\s+even|break[-\s]?even|b\s?/\s?e\b)",
        text,
        re.IGNORECASE,
    )
    if m is None:
        return None
    word = (m.group("p") or m.group("q")).lower()
    return Found("gas" if re.fullmatch(GAS_WORDS, word) else "oil")


def find_mirr_finance(text: str) -> Found | None:
    return fraction_hit(
        text, rf"(?P<n>{_PCT})\s*(?:finance|financing|borrowing)(?:\s+rate)?\b"
    ) or fraction_hit(
        text, rf"(?:finance|financing|borrowing)\s+rate\s*(?:of|=|:|at|is)?\s*(?P<n>{_PCT})"
    )


def find_mirr_reinvest(text: str) -> Found | None:
    return fraction_hit(text, rf"(?P<n>{_PCT})\s*reinvest\w*(?:\s+rate)?") or fraction_hit(
        text, rf"reinvest\w*(?:\s+rate)?\s*(?:of|=|:|at|is)?\s*(?P<n>{_PCT})"
    )


def find_charts(text: str) -> Found | None:
    """ "tornado chart", "NPV vs oil price chart", "plot NPV against price"."""
    charts = []
    if re.search(r"\btornado\b|\bspider\s+(?:plot|chart)", text, re.IGNORECASE):
        charts.append("tornado")
    if re.search(
        r"\bn?pv\s*(?:vs\.?|versus|against|by)\s*(?:the\s+)?(?:oil\s+|gas\s+)?price|price\s+sensitivity\s+(?:chart|plot|curve)",
        text,
        re.IGNORECASE,
    ):
        charts.append("npv_vs_price")
    return Found(charts) if charts else None


def find_sensitivity(text: str) -> Found | None:
    """ "+/-30%", "±25%", "sensitivities of 30%", "plus or minus 10%"."""
    m = re.search(rf"(?:\+\s?/\s?-|±|plus\s+or\s+minus|plus/minus)\s*(?P<n>{N})\s?%", text, re.I)
    if m is None:
        m = re.search(
            rf"sensitivit\w*\s*(?:of|at|=|:)?\s*(?P<n>{N})\s?%|(?P<m>{N})\s?%\s+sensitivit",
            text,
            re.I,
        )
    if m is None:
        return None
    group = "n" if m.group("n") else "m"
    nums = numbers(m.group(group))
    if not nums or not 0 < abs(nums[0].value) < 90:
        return None
    at = m.start(group)
    start = m.start() if group == "n" else at + nums[0].start
    return finding(abs(nums[0].value) / 100.0, (start, at + nums[0].end))


_CATEGORY = r"(?P<cat>pdp|pdnp|pud|prob|probable|poss|possible)s?"


def find_categories(text: str) -> Found | None:
    """Reserves categories and risk factors: "Hawkins 2H is PUD risked at 50%, the rest
    PDP", "PUDs risked at 50%", "risk PDNP at 75%". Value: {"wells": [{"name", "category",
    "risk"?}], "rest": category?, "risk_factors": {category: risk}}."""
    value: dict = {"wells": [], "rest": None, "risk_factors": {}}
    spans: list[tuple[int, int]] = []
    risk = rf"(?:,?\s*(?:risked|risk(?:ing)?|weighted|at\s+a\s+risk\s+of)\s*(?:factor\s+)?(?:at|of|to|by)?\s*(?P<r>{_PCT}|0?\.\d+))?"
    for m in re.finditer(
        rf"(?P<well>[a-z][\w'-]*(?:\s+[\w#'-]+){{0,3}}?)\s+(?:is|are|as)\s+(?:a\s+|an\s+)?{_CATEGORY}\b{risk}",
        text,
        re.IGNORECASE,
    ):
        name = m.group("well").strip()
        name = re.sub(r"^(?:and|well|the|but|with|where)\s+", "", name, flags=re.I)
        entry = {"name": name, "category": _category(m.group("cat"))}
        spans.append(m.span("well"))
        if m.group("r"):
            entry["risk"] = _risk(m.group("r"))
            spans.append(m.span("r"))
        value["wells"].append(entry)
    rest = re.search(
        rf"(?:the\s+)?(?:rest|others?|remaining(?:\s+wells)?)\s+(?:are\s+|as\s+)?{_CATEGORY}\b",
        text,
        re.I,
    )
    if rest:
        value["rest"] = _category(rest.group("cat"))
    for m in re.finditer(
        rf"(?<!is\s){_CATEGORY}\s+(?:wells?\s+)?(?:risked|risk(?:ed)?\s+(?:factor\s+)?(?:of|at)?|at|weighted)\s*(?:at|of|by)?\s*(?P<r>{_PCT}|0?\.\d+)"
        rf"|risk\s+(?:the\s+)?{_CATEGORY.replace('cat', 'cat2')}\s+(?:at|by|to)\s+(?P<r2>{_PCT}|0?\.\d+)",
        text,
        re.IGNORECASE,
    ):
        cat = m.group("cat") or m.group("cat2")
        raw = m.group("r") or m.group("r2")
        key = "r" if m.group("r") else "r2"
        if any(s <= m.start(key) < e for s, e in spans):
            continue
        if any(
            w.get("risk") is not None and m.start(key) in range(*m.span()) for w in value["wells"]
        ):
            continue
        value["risk_factors"][_category(cat)] = _risk(raw)
        spans.append(m.span(key))
    if not value["wells"] and not value["risk_factors"] and not value["rest"]:
        return None
    return Found(value, tuple(spans))


def _category(word: str) -> str:
    word = word.lower().rstrip("s")
    return {"probable": "PROB", "possible": "POSS"}.get(word, word.upper())


def _risk(raw: str) -> float:
    nums = numbers(raw)
    value = nums[0].value if nums else float(raw)
    return value / 100.0 if nums and nums[0].percent else value


def find_sec(text: str) -> Found | None:
    """SEC pricing: "SEC pricing", "SEC prices", "SEC case", "SEC reserves"."""
    if re.search(r"\bsec\b", text, re.IGNORECASE):
        return Found("sec")
    return None


def find_sec_strip(text: str) -> Found | None:
    """Twelve first-of-month prices typed out: "first-of-month WTI of 71.2, 74.5, ...".
    Value: {"oil"|"gas": [12 prices]}."""
    if not re.search(r"\bsec\b|first[-\s]of[-\s](?:the[-\s])?month|strip", text, re.IGNORECASE):
        return None
    nums = [n for n in numbers(text) if not n.percent and 0 < n.value < 500]
    best: list = []
    run: list = []
    for n in nums:
        if run and re.fullmatch(r"[\s,;]*(?:and\s+)?\$?", text[run[-1].end : n.start]):
            run.append(n)
        else:
            run = [n]
        if len(run) > len(best):
            best = list(run)
    if len(best) != 12:
        return None
    phase = phase_before(text, best[0].start, window=60) or "oil"
    return Found({phase: [n.value for n in best]}, tuple((n.start, n.end) for n in best))


def find_sec_period_end(text: str) -> Found | None:
    """The year of an SEC strip: typed ("... 70.7 for 2026") or named ("the 2026 strip",
    "SEC pricing from the strip for 2026") -> 2026-12."""
    m = re.search(
        r"(?:for|in|of|during)\s+(?:calendar\s+)?(?:year\s+)?(?P<y>(?:19|20)\d{2})\b", text, re.I
    )
    if m and find_sec_strip(text) is not None:
        return Found(f"{m.group('y')}-12", (m.span("y"),))
    if find_sec(text) is None:
        return None
    m = re.search(
        r"\b(?P<y>(?:19|20)\d{2})\s+(?:\w+\s+)?(?:strip|prices|pricing|price\s+(?:file|history))\b"
        r"|\b(?:strip|prices|pricing)\s+(?:for|of|in)\s+(?P<z>(?:19|20)\d{2})\b",
        text,
        re.I,
    )
    if m:
        key = "y" if m.group("y") else "z"
        return Found(f"{m.group(key)}-12", (m.span(key),))
    return None


binds(_ECON, name="timing", label="Discounting timing", figure=False)(find_timing)
binds(_ECON, name="period", label="Cash-flow period", figure=False)(find_period)
binds(_ECON, name="discount_rate_per", label="Discount rate basis", figure=False)(find_rate_basis)
binds(_ECON, name="discount_rates", label="PV profile rates", unit="fraction")(find_pv_profile)
binds(_ECON, name="breakeven_on", label="Break-even on", figure=False, follow_up=True)(
    find_breakeven_on
)
binds(_ECON, name="mirr_finance_rate", label="MIRR finance rate", unit="fraction")(
    find_mirr_finance
)
binds(_ECON, name="mirr_reinvestment_rate", label="MIRR reinvestment rate", unit="fraction")(
    find_mirr_reinvest
)
binds(_ECON, name="charts", label="Charts", figure=False)(find_charts)
binds(_ECON, name="sensitivity", label="Sensitivity range", unit="fraction")(find_sensitivity)
binds(
    _ECON,
    name="categories",
    label="Reserves categories",
    argument="wells",
    show=lambda v: (
        "; ".join(
            f"{w['name']} {w['category']}" + (f" at {w['risk']:.0%}" if "risk" in w else "")
            for w in v["wells"]
        )
        or ", ".join(f"{c} at {r:.0%}" for c, r in v["risk_factors"].items()),
        "",
    ),
)(find_categories)
binds(_ECON, name="pricing", label="Price convention", figure=False)(find_sec)
binds(
    _ECON, name="sec_strip", label="SEC price strip", show=lambda v: (next(iter(v.values())), "$")
)(find_sec_strip)
binds(_ECON, name="sec_period_end", label="SEC reporting period end")(find_sec_period_end)
binds("npv_irr", name="finance_rate", label="MIRR finance rate", unit="fraction")(find_mirr_finance)
binds("npv_irr", name="reinvest_rate", label="MIRR reinvestment rate", unit="fraction")(
    find_mirr_reinvest
)
