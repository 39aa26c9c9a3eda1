"""When a question is cash-flow economics even though other recognisers would claim it.

"Tornado chart of NPV10 at $70 oil" is economics, not a chart of a row; "run economics
with $70 oil; the gas is flared" is economics, not an emissions inventory; "no economic
limit, run the whole forecast at $45 oil" is economics, not a decline forecast; "NPV10
of a well at 800 BOPD declining 65%, $70 oil" is economics of that curve; twelve
first-of-month prices of an SEC case are a price strip, not cash flows. These
recognisers run before those areas' (orders 5 and 25; see ``agents.builtin.intent``).
"""

from __future__ import annotations

import re

from agents.builtin.bind_economics import find_price_deck
from agents.builtin.bind_economics_results import find_breakeven_on, find_charts
from agents.builtin.intent import ECON_WORDS, Question, Recognised, recogniser

_VALUE_WORDS = (
    r"\b(?:run\s+the\s+numbers|worth|value|valuation|one[-\s]line\w*|per\s+well|forecast|"
    r"wells?|production|capex|royalt\w*|opex|loe|severance|reserves?)\b"
)


def _priced(q: Question) -> bool:
    return q.oil_price is not None or q.gas_price is not None or find_price_deck(q.text) is not None


@recogniser(5, "economics_charts")
def _economics_charts(q: Question) -> Recognised:
    if find_charts(q.text) is not None and (_priced(q) or q.has(r"\bn?pv\d*\b")):
        return "cash_flow_economics"
    return None


# What makes a stated curve's question one of value: "NPV10 for a well at 800 BOPD...".
_VALUE_ASKED = (
    r"\b(?:npv|irr|n?pv\s?[-@]?\s?\d+|net\s+present\s+value|present\s+value|payout|pay-?back|"
    r"rate\s+of\s+return|ror|economics|cash\s*-?\s*flows?|break-?\s?even|worth)\b"
)


@recogniser(25, "economics_stated")
def _economics_stated(q: Question) -> Recognised:
    if q.carbon_price is not None:
        return None
    if q.rate is not None and q.decline is not None:
        # A curve stated inline and its value asked: forecast it, then value it
        # (``answer_economics.stated_forecast``); else it is a decline forecast.
        return "cash_flow_economics" if q.has(_VALUE_ASKED) else None
    if re.search(r"\bsec\b", q.low) and (
        _priced(q) or q.has(ECON_WORDS) or q.has(r"\b(?:pricing|prices?|reserves|case|strip)\b")
    ):
        return "cash_flow_economics"
    breakeven = find_breakeven_on(q.text) is not None
    if (_priced(q) or breakeven) and (q.has(ECON_WORDS) or q.has(_VALUE_WORDS) or q.mentions_file):
        return "cash_flow_economics"
    return None
