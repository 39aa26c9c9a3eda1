"""Table and chart arguments: the running-table row named, how many rows to preview, what a
chart is of; shared by every kind that reads an upload.

"row 3" is a running-table row (``rowid``) for every kind that takes one.
"""

from __future__ import annotations

import re

from agents.builtin.binding import Found, binds, describe_kind, finding
from agents.builtin.numbers import hit_at

describe_kind("describe_table", "a table description")
describe_kind("preview_table", "a table preview")
describe_kind("chart_row", "a chart")

FILE_WORDS = (
    r"\b(?:my|our|the|this|that|uploaded)\s+(?:\w+\s+){0,2}?(?:file|upload|csv|excel|"
    r"spreadsheet|sheet|data|dataset|table|history|histories)\b|\bupload(?:ed)?\b|"
    r"\brow\s?\d+\b|\bin\s+(?:the\s+)?file\b"
)


def mentions_file(text: str) -> bool:
    """Whether the question is about an uploaded file ("my file", "the upload", "row 3")."""
    return re.search(FILE_WORDS, text.lower()) is not None


def find_row(text: str) -> Found | None:
    """An explicit running-table row: "row 2", "row #3", "rowid 4", "in row 5"."""
    m = re.search(r"\brow\s?(?:id)?\s*(?:#|no\.?|number)?\s*(?P<n>\d+)\b", text, re.IGNORECASE)
    return finding(int(m.group("n")), m.span("n")) if m else None


def extract_row(text: str) -> int | None:
    hit = find_row(text)
    return hit.value if hit else None


def find_preview_count(text: str) -> Found | None:
    """How many rows to show: "first 5 rows", "top 20", "last 3 rows"."""
    hit = hit_at(text, r"(?:first|top|last|head)\s+(?P<n>\d+)")
    return finding(int(hit.value), hit.span) if hit and hit.value >= 1 else None


def find_tail(text: str) -> Found | None:
    return Found(re.search(r"\blast\s+(?:\d+\s+)?rows", text, re.IGNORECASE) is not None)


_CHART_SUBJECT_WORDS = (
    ("cash flow", r"\b(?:cash\s*-?\s*flows?|economics?|npv|dcf|cashflows?)\b"),
    ("emissions", r"\b(?:emissions?|inventory|ghg|co2e?|scope\s?[12]|carbon)\b"),
    (
        "decline",
        r"\b(?:fit\w*|forecast\w*|declin\w*|production|producing|rates?|eur|dca|type\s+curve)\b",
    ),
)


def chart_subject(low: str) -> str | None:
    """What a chart request is about: "decline" (a fit or forecast), "cash flow" or
    "emissions". The more specific wins: "the forecast's cash flow" is a cash flow,
    "emissions from production" an inventory."""
    for subject, pattern in _CHART_SUBJECT_WORDS:
        if re.search(pattern, low):
            return subject
    return None


def find_chart_subject(text: str) -> Found | None:
    subject = chart_subject(text.lower())
    return Found(subject) if subject else None


def find_chart_production(text: str) -> Found | None:
    return Found(re.search(r"\bproduc\w*|\bhistory\b|\brates?\b", text.lower()) is not None)


# --- registration -----------------------------------------------------------------------

_ROW_KINDS = (
    "describe_table",
    "preview_table",
    "chart_row",
    "fit_decline",
    "forecast_decline",
    "cash_flow_economics",
    "emissions_inventory",
    "carbon_price_impact",
)
binds(*_ROW_KINDS, name="row", label="Running-table row", argument="rowid", follow_up=False)(
    find_row
)
binds("preview_table", name="n", label="Rows to show")(find_preview_count)
binds("preview_table", name="tail", label="From the end", figure=False)(find_tail)
binds("chart_row", name="subject", label="Chart of", figure=False)(find_chart_subject)
binds("chart_row", name="production", label="Production asked", figure=False)(find_chart_production)
