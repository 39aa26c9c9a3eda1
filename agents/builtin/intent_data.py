"""Which questions are questions about the data itself (kind ``query_table``).

Two recognisers: charts of chosen wells, phases or cumulatives ("plot oil for Hawkins 1H
and 2H") before the generic chart of a row (order 6, before the chart of a row at 10), and data questions ("which well
has the highest cumulative oil?", "monthly gas in 2023", "how many wells started in
2022?") (order 26) before emissions (30), declines (40), economics (50) and previews (60). Neither
claims a question with forecasting, economics or emissions words: those have their own
calculations.
"""

from __future__ import annotations

import re

from agents.builtin.bind_data import CHART_WORDS
from agents.builtin.intent import (
    DECLINE_WORDS,
    ECON_WORDS,
    EMISSIONS_WORDS,
    Question,
    Recognised,
    recogniser,
)

KIND = "query_table"

ASKS = (
    r"\b(?:top|bottom|highest|lowest|most|least|best|worst|largest|smallest|biggest|peak|"
    r"max(?:imum)?|min(?:imum)?|total|totals|sum|cumulative|cum|average|avg|mean|count|"
    r"how\s+many|number\s+of|how\s+much|rank\w*|which|what\s+(?:wells?|months?|years?)|"
    r"first\s+prod\w*|last\s+prod\w*|start\w*|began|came\s+on\w*|online|"
    r"(?:by|per|each|every|for\s+each)\s+\w+|monthly|yearly|annual\w*|quarterly|"
    r"(?:more|less|fewer|greater)\s+than|over|above|under|below|at\s+least|at\s+most|exceed\w*|"
    r"(?:last|past)\s+\d+\s+(?:months?|years?)|first\s+\d+\s+(?:months?|years?)|"
    r"in\s+(?:19|20)\d\d|during|since|between)\b"
)
SUBJECTS = (
    r"\b(?:oil|gas|water|boe|condensate|crude|production|produc\w*|volumes?|wells?|months?|"
    r"years?|bbls?|mcf|barrels?|rows?|records?|columns?|county|counties|operators?|"
    r"formations?|fields?|leases?|pads?|gors?|wors?|cgr|yields?|cuts?|watercuts?|ratios?)\b"
)
# A named well: "Hawkins 1H", "Smith #2", "Unit 4-31H", "A-12H" (a bare "Smith 3" is too
# like "top 3" to tell from words alone).
WELL_NAME = (
    r"\b[a-z][a-z'.-]*\s+(?:#\s?\d+[a-z0-9-]*|\d+(?:-\d+)?[a-z]{1,3})\b|"
    r"\b[a-z]{1,4}-\d+[a-z]*\b"
)
CHART_GROUPS = (
    r"\b(?:by|per|each|every|all|for\s+each)\s+(?:the\s+)?wells?\b|\bwells\b|\bmonthly\b|"
    r"\byearly\b|\bannual\w*\b|\bby\s+(?:month|year|quarter)\b|\bcumulative\b|\bcum\b|"
    r"\b(?:oil|gas|water|boe)\s+(?:and|&|vs\.?|versus)\s+(?:oil|gas|water|boe)\b"
)
# Words that make a question another calculation's.
OTHER_WORK = (
    rf"{DECLINE_WORDS}|{ECON_WORDS}|{EMISSIONS_WORDS}|"
    r"\b(?:fit\w*|type\s+curves?|forecast\w*|decline\w*|npv|irr|intensity|preview|"
    r"first\s+\d+\s+rows|last\s+\d+\s+rows|describe|columns?\s+(?:are|does|do)\b)\b"
)


def _others(q: Question) -> bool:
    if q.has(OTHER_WORK) or (q.rate is not None and q.decline is not None):
        return True
    if q.oil_price is not None or q.gas_price is not None or q.carbon_price is not None:
        return True
    # Fuel burned, gas flared or vented, power bought: an emissions inventory's activities.
    return any(a.source not in {"production", "production_gas"} for a in q.activities)


@recogniser(6, "data_chart")
def _data_chart(q: Question) -> Recognised:
    if not q.has(CHART_WORDS) or _others(q) or q.row is not None:
        return None
    phase = q.has(
        r"\b(?:oil|gas|water|boe|condensate|production|volumes?|gors?|wors?|cgr|yields?|"
        r"watercuts?)\b"
    )
    if phase and (q.has(WELL_NAME) or q.has(CHART_GROUPS)):
        return KIND
    return None


@recogniser(26, "data_question")
def _data_question(q: Question) -> Recognised:
    if _others(q) or q.has(CHART_WORDS):
        return None
    if q.has(ASKS) and q.has(SUBJECTS):
        return KIND
    # "oil for Hawkins 1H in 2023", "Hawkins 2H gas": a named well and a phase.
    if q.has(WELL_NAME) and re.search(
        r"\b(?:oil|gas|water|boe|gors?|wors?|cgr|yields?|watercuts?)\b", q.low
    ):
        return KIND
    return None
