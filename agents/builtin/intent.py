"""What a question asks: which calculation (the intent's ``kind``, named after the tool
that answers it), with the figures bound to its arguments.

``read_question`` is the builtin agent's reading of a question: it extracts
every quantity (``agents.builtin.quantities``), decides the kind with the
registered recognisers (``@recogniser``, tried in ``order``), binds the
kind's arguments (``agents.builtin.binding``) and, for a follow-up ("and at
12%?", "what if oil is $60?"), applies the change to the last calculation.

Pure and deterministic: the same text and history always give the same
intent, and nothing touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from agents.builtin import bind_economics as econ
from agents.builtin import bind_emissions as esg
from agents.builtin import bind_production as prod
from agents.builtin import bind_tables as tables
from agents.builtin.binding import Claims, Found, NotUsed, bind, bindings, not_used_reason
from agents.builtin.numbers import normalise, numbers
from agents.builtin.quantities import Quantity, extract_quantities


@dataclass
class Intent:
    """What the question asks (``kind``) and its parameters.

    ``params`` are the values the answer writers read; ``found`` says where each
    came from (spans of ``text``, or an earlier question); ``quantities`` are
    every figure of ``text``.
    """

    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    found: dict[str, Found] = field(default_factory=dict)
    text: str = ""
    quantities: list[Quantity] = field(default_factory=list)
    # For a follow-up: the earlier value of each parameter it changed (None = the default).
    before: dict[str, Any] = field(default_factory=dict)

    def not_used(self, *, used: set[str] | None = None, skipped: dict[str, str] | None = None):
        """Every figure of the question no used parameter covers, with a reason.

        ``used`` names the parameters the answer really used (default: all found);
        ``skipped`` gives the reason for parameters read but set aside.
        """
        skipped = skipped or {}
        names = set(self.found) if used is None else used
        covering = [(n, f) for n, f in self.found.items() if f.spans]
        claims: Claims | None = None
        out: list[NotUsed] = []
        for q in self.quantities:
            if any(f.covers(q) for n, f in covering if n in names and n not in skipped):
                continue
            reason = next((skipped[n] for n, f in covering if n in skipped and f.covers(q)), None)
            if reason is None:
                claims = claims or Claims(self.text)
                reason = not_used_reason(q, kind=self.kind, claims=claims)
            out.append(NotUsed(q, reason))
        return out


@dataclass
class Question:
    """A question being read: its text and, computed once, what the finders see in it."""

    text: str
    history: list[tuple[str, str]]

    @cached_property
    def low(self) -> str:
        return self.text.lower()

    def has(self, pattern: str) -> bool:
        return re.search(pattern, self.low) is not None

    @cached_property
    def rate(self) -> Any:
        return prod.extract_rate(self.text)

    @cached_property
    def decline(self) -> Any:
        return prod.extract_decline(self.text)

    @cached_property
    def flows(self) -> list[float] | None:
        return econ.extract_cash_flows(self.text)

    @cached_property
    def carbon_price(self) -> float | None:
        return esg.extract_carbon_price(self.text)

    @cached_property
    def activities(self) -> list[Any]:
        return esg.extract_activities(self.text)

    @cached_property
    def row(self) -> int | None:
        return tables.extract_row(self.text)

    @cached_property
    def mentions_file(self) -> bool:
        return tables.mentions_file(self.text)

    @cached_property
    def oil_price(self) -> float | None:
        return econ.extract_oil_price(self.text)

    @cached_property
    def gas_price(self) -> float | None:
        return econ.extract_gas_price(self.text)


# A recogniser returns the kind, or (kind, parameters found elsewhere), or None.
Recognised = str | tuple[str, dict[str, Found]] | None
_RECOGNISERS: list[tuple[int, str, Callable[[Question], Recognised]]] = []


def recogniser(order: int, name: str) -> Callable[[Callable[[Question], Recognised]], Any]:
    """Register a recogniser; lower ``order`` is tried first; the first that answers wins.
    Registering ``name`` again replaces it."""

    def register(func: Callable[[Question], Recognised]) -> Callable[[Question], Recognised]:
        _RECOGNISERS[:] = [r for r in _RECOGNISERS if r[1] != name]
        _RECOGNISERS.append((order, name, func))
        _RECOGNISERS.sort(key=lambda r: r[0])
        return func

    return register


EMISSIONS_WORDS = r"\b(?:emission\w*|co2e?|ghg|greenhouse|scope\s?[12]|carbon\s+(?:intensity|footprint)|footprint|methane|flar\w*|vent\w*|tco2e?|tonnes\s+of\s+co2)\b"
ECON_WORDS = r"\b(?:npv|irr|n?pv\s?[-@]?\s?\d+|net\s+present\s+value|present\s+value|internal\s+rate|rate\s+of\s+return|payback|pay-?out|profitability\s+index|discount\w*|cash\s*-?\s*flows?|economics?(?!\s+lim)|econ(?!\s+lim)|nvp|ror|mirr|break-?\s?even|b\s?/\s?e|roi)\b"
DECLINE_WORDS = r"\b(?:declin\w*|decline\s+curve|dca|arps|eur|ultimate\s+recovery|reserves|forecast\w*|project\w*\s+(?:production|rates?)|predict\w*|hyperbolic|harmonic|exponential|b[- ]?factor|type\s+curves?|type\s+wells?|hind-?\s?cast\w*|back-?\s?test\w*|thm|duong|decline\s+model\w*|follow\w*\s+(?:the\s+)?(?:oil|gas|primary)(?:\s+forecast)?)\b"


@recogniser(10, "chart")
def _chart(q: Question) -> Recognised:
    # Charts first: "chart the forecast" names a row to draw, not a forecast to run.
    wants = q.has(r"\b(?:chart|plot|graph|visuali[sz]e|draw|sketch)\w*\b")
    # Diagnostic plots and type-curve fans are drawn by the decline fit that asks for them.
    drawn_by_fit = q.has(
        r"\bdiagnostic|\bb[\s-]?(?:factor\s+)?(?:plot|chart)|\brate[\s-]+(?:vs\.?|versus|v\.?)\s*cum"
        r"|\btype[\s-]+curves?|\bfan\s+chart|\blog[\s-]log"
    )
    if wants and not (q.rate and q.decline) and not drawn_by_fit:
        return "chart_row"
    return None


@recogniser(20, "carbon_price")
def _carbon(q: Question) -> Recognised:
    if q.carbon_price is not None and q.has(r"\b(?:carbon|co2|ghg|emission\w*|tax|levy|price)\b"):
        return "carbon_price_impact"
    if q.has(r"\bcarbon\s+(?:price|tax|cost|levy)|\bprice\s+on\s+carbon\b"):
        return "carbon_price_impact"
    return None


@recogniser(30, "emissions")
def _emissions(q: Question) -> Recognised:
    emitting = [a for a in q.activities if a.source not in {"production", "production_gas"}]
    if q.has(EMISSIONS_WORDS) or (emitting and not q.has(ECON_WORDS) and not q.has(DECLINE_WORDS)):
        if not (q.flows and q.has(r"\b(?:npv|irr)\b")):
            return ("emissions_inventory", _conversation_gwp(q))
    return None


def _conversation_gwp(q: Question) -> dict[str, Found]:
    """One GWP set for a conversation: the set an earlier question named, unless this one
    names its own (an inventory at AR6, then "what's our methane intensity?" stays AR6)."""
    if esg.find_gwp(q.text) is not None:
        return {}
    for role, content in reversed(q.history):
        if role != "user":
            continue
        earlier = esg.find_gwp(normalise(content))
        if earlier is not None:
            return {"gwp": Found(earlier.value, origin="an earlier question")}
    return {}


_NOT_DECLINE = r"\b(?:n?pv\s?[-@]?\s?\d*|irr|economics|economic(?!\s+limit)|break-?\s?even|payback|pay-?out|cash\s*-?\s*flows?|royalt\w*|opex|loe|capex|prices?)\b"


@recogniser(40, "decline")
def _decline(q: Question) -> Recognised:
    # Inline ("800 bbl/d declining 25% a year") or on a file.
    inline = q.rate is not None and (q.decline is not None or q.has(DECLINE_WORDS))
    # "fit smith 3h, b between 0.5 and 1.2": a fit of a well or file is a decline question.
    fitting = q.has(r"\bfit(?:s|ted|ting)?\b") and (
        q.mentions_file or q.has(r"\bwells?\b|\b[a-z]+\s+#?\d{1,4}[a-z]{1,3}\b|\bb\b")
    )
    if not (inline or ((q.has(DECLINE_WORDS) or fitting) and not q.has(_NOT_DECLINE))):
        return None
    if q.rate is not None:
        return "forecast_decline"
    fit = q.has(r"\bfit\w*\b|\bmatch\w*|\bregress\w*|\bdecline\s+curve\s+analysis|\bdca\b")
    if fit and not q.has(r"\bforecast\w*|\beur\b|\bpredict\w*|\bproject\w*"):
        return "fit_decline"
    return "forecast_decline"


@recogniser(50, "economics")
def _economics(q: Question) -> Recognised:
    if not (q.has(ECON_WORDS) or q.oil_price is not None or q.gas_price is not None):
        return None
    priced = q.oil_price is not None or q.gas_price is not None
    flows: Found | None = None
    if (
        q.flows is None
        and q.has(r"\b(?:npv|irr|pv\s?-?\d*|payback|present\s+value|profitability)\b")
        and not (priced or q.mentions_file or q.has(r"\bforecast|\bwell\b|\bproduction\b"))
    ):
        earlier = flows_from_history(q.history)
        if earlier is not None:
            flows = Found(earlier, origin="an earlier question")
    if q.flows is not None:
        return "npv_irr"
    if flows is not None:
        return ("npv_irr", {"cash_flows": flows})
    if (
        priced
        or q.has(
            r"\beconomics?\b|\bforecast\b|\bbreak-?\s?even\b|\bwell\b|\bproduction\b|\bcash\s*flows?\s+(?:from|of|on)\s+(?:the|my|our)"
        )
        or q.mentions_file
    ):
        return "cash_flow_economics"
    return "npv_irr"


@recogniser(60, "preview")
def _preview(q: Question) -> Recognised:
    if q.has(
        r"\b(?:preview|head|first\s+(?:\d+\s+|few\s+|ten\s+|five\s+)?(?:rows|lines|records)|show\s+(?:me\s+)?(?:the\s+)?(?:rows|data|top|table|first|last)|last\s+(?:\d+\s+)?rows|sample\s+rows|peek|look\s+at\s+(?:the\s+)?(?:rows|data))"
    ):
        return "preview_table"
    return None


@recogniser(70, "describe")
def _describe(q: Question) -> Recognised:
    if q.has(
        r"\b(?:describ\w*|summari[sz]\w*|what(?:'s|\s+is)\s+in|columns?|statistic\w*|stats|overview|tell\s+me\s+about|explore|inspect|profile)\b"
    ) and (q.mentions_file or q.row is not None or q.has(r"\b(?:columns?|upload\w*|file)\b")):
        return "describe_table"
    return None


# --- reading ----------------------------------------------------------------------------


def _intent(kind: str, text: str, extra: dict[str, Found] | None = None) -> Intent:
    found = bind(kind, text)
    found.update(extra or {})
    params: dict[str, Any] = {b.name: None for b in bindings(kind)}
    params.update({k: f.value for k, f in found.items()})
    return Intent(
        kind=kind,
        params=params,
        found=found,
        text=text,
        quantities=extract_quantities(text),
    )


def parse_fresh(text: str, history: list[tuple[str, str]] | None) -> Intent | None:
    """The intent of one (normalised) question read on its own."""
    q = Question(text=text, history=list(history or []))
    for _order, _name, func in _RECOGNISERS:
        got = func(q)
        if got is None:
            continue
        kind, extra = (got, {}) if isinstance(got, str) else got
        return _intent(kind, text, extra)
    return None


def parse_question(question: str, history: list[tuple[str, str]] | None = None) -> Intent | None:
    """The intent of ``question``, or None when it is not a domain question.

    ``history`` (earlier (role, content) pairs, oldest first) fills gaps in a
    follow-up: "and at 12%?" after a cash-flow question reuses its flows, "what
    if oil is $60?" reruns the last economics with the new price, "and with b of
    1.2?" reruns the last inline forecast.
    """
    text = normalise(question).strip()
    if not text:
        return None
    return _resolve(text, history, _previous_intent(history or []))


read_question = parse_question


def _resolve(
    text: str, history: list[tuple[str, str]] | None, previous: Intent | None
) -> Intent | None:
    """``text`` read on its own, or as a change to ``previous`` when it is a follow-up."""
    fresh = parse_fresh(text, history)
    if previous is not None and FOLLOW_UP.search(text):
        if fresh is None or fresh.kind == previous.kind or _incomplete(fresh):
            merged = _merge(previous, text)
            if merged is not None:
                return merged
    return fresh


# A follow-up changes one figure of the last calculation: "and at 15%?", "what if oil is
# $60?", "how about b of 1.2", "same but 1,000 bopd", "with a 10 bbl/d limit instead".
FOLLOW_UP = re.compile(
    r"^\s*(?:and|what\s+if|what\s+about|how\s+about|with|w/|same|now|try|redo|again|ok|okay|"
    r"instead|at|if|then|but|rerun|re-run|also|change|make\s+it|use|using|suppose|assume|"
    r"switch(?:\s+(?:to|over\s+to))?|swap|go\s+with)\b"
    r"|\binstead\b|\bsame\s+(?:well|flows|cash\s+flows|case|thing)\b"
    r"|\b(?:that|this)\s+(?:same\s+)?(?:forecast|case|run|deal|economics)\b",
    re.IGNORECASE,
)

# Kinds a follow-up can change, and when an intent of that kind lacks what it needs.
_FOLLOWED: dict[str, Callable[[dict[str, Any]], bool]] = {
    # Inline, a forecast needs its rate and decline; on a history (neither given) it fits.
    "forecast_decline": lambda p: (p.get("rate") is None) != (p.get("decline") is None),
    "fit_decline": lambda p: False,
    "npv_irr": lambda p: not p.get("cash_flows"),
    "cash_flow_economics": lambda p: False,
}


def _incomplete(intent: Intent) -> bool:
    check = _FOLLOWED.get(intent.kind)
    return bool(check and check(intent.params))


def _previous_intent(history: list[tuple[str, str]]) -> Intent | None:
    """The newest complete calculation asked earlier, each follow-up applied in turn
    (one pass from the oldest message, so a chain of changes keeps all of them)."""
    previous: Intent | None = None
    for index, (role, content) in enumerate(history):
        if role != "user":
            continue
        intent = _resolve(normalise(content).strip(), history[:index], previous)
        if intent is None:
            continue
        if intent.kind in _FOLLOWED and not _incomplete(intent):
            previous = intent
        elif intent.kind not in {"chart_row", "describe_table", "preview_table"}:
            previous = None  # a new subject: "and at 15%?" no longer means the old one
    return previous


def _bare_percent(text: str) -> Found | None:
    """The only percentage of a fragment ("and at 15%?") as a fraction."""
    found = [n for n in numbers(text) if n.percent]
    if len(found) != 1:
        return None
    return Found(abs(found[0].value) / 100.0, ((found[0].start, found[0].end),))


# Kind-specific follow-up rules beyond "a figure the follow-up names replaces the old one":
# each gets (text, the new figures, the merged parameters) and returns whether it changed one.
FollowUpRule = Callable[[str, dict[str, Found], dict[str, Found]], bool]


def _forecast_follow_up(text: str, new: dict[str, Found], merged: dict[str, Found]) -> bool:
    changed = False
    if not {"decline", "terminal_decline", "b"} & set(new):
        share = _bare_percent(text)
        if share is not None and 0 < share.value < 1:
            stated = f"{share.value * 100:g}%"
            decline = prod.Decline(value=share.value, convention="secant", stated=stated)
            merged["decline"] = Found(decline, share.spans, stated=stated)
            changed = True
    model = new.get("model")
    if model is not None:
        changed = True
        if "b" not in new and model.value in {"exponential", "harmonic"}:
            merged["b"] = Found(1.0 if model.value == "harmonic" else 0.0, stated=model.value)
    return changed


def _discount_follow_up(text: str, new: dict[str, Found], merged: dict[str, Found]) -> bool:
    if "discount_rate" in new:
        return False
    share = _bare_percent(text)
    if share is not None:
        merged["discount_rate"] = share
        return True
    return False


def _economics_follow_up(text: str, new: dict[str, Found], merged: dict[str, Found]) -> bool:
    figures = [b.name for b in bindings("cash_flow_economics") if b.figure and b.name in new]
    if figures:
        return False
    if _discount_follow_up(text, new, merged):
        return True
    # "break-even oil price for that forecast": a new result of the same case and terms;
    # "and for Hawkins 2H?": the same terms on another well.
    return any(new.get(name) is not None for name in ("asks", "breakeven_on", "well"))


FOLLOW_UP_RULES: dict[str, FollowUpRule] = {
    "forecast_decline": _forecast_follow_up,
    "fit_decline": _forecast_follow_up,
    "npv_irr": _discount_follow_up,
    "cash_flow_economics": _economics_follow_up,
}


def _merge(previous: Intent, text: str) -> Intent | None:
    """``previous`` with the figures the follow-up ``text`` changes (None if it changes none)."""
    merged = {
        k: Found(f.value, (), origin=f.origin or "an earlier question", stated=f.stated)
        for k, f in previous.found.items()
    }
    new = bind(previous.kind, text)
    changed = False
    before: dict[str, Any] = {}
    for b in bindings(previous.kind):
        hit = new.get(b.name)
        if not b.follow_up or hit is None or hit.value in (None, [], {}):
            continue
        if previous.params.get(b.name) != hit.value:
            before[b.name] = previous.params.get(b.name)
        merged[b.name] = hit
        changed = changed or b.figure
    rule = FOLLOW_UP_RULES.get(previous.kind)
    if rule is not None and rule(text, new, merged):
        changed = True
    if not changed:
        return None
    params: dict[str, Any] = {b.name: None for b in bindings(previous.kind)}
    params.update({k: f.value for k, f in merged.items()})
    return Intent(
        kind=previous.kind,
        params=params,
        found=merged,
        text=text,
        quantities=extract_quantities(text),
        before=before,
    )


def flows_from_history(history: list[tuple[str, str]] | None) -> list[float] | None:
    """The cash flows of the latest earlier user message that had some."""
    for role, content in reversed(history or []):
        if role != "user":
            continue
        flows = econ.extract_cash_flows(normalise(content))
        if flows is not None:
            return flows
    return None
