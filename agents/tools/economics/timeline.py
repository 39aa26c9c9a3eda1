"""The monthly time base of a cash flow.

Month 0 is the effective date itself (money spent "now", not discounted); month m >= 1 is
the m-th calendar month from the effective date. When the forecast has dates, month 1 is a
calendar month (``start``); without dates the months are counted only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from agents.tools.registry import ToolError

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def to_month(value: Any, *, what: str = "date") -> pd.Period:
    """A calendar month from '2027-04', '2027-04-15', a date, or a year (its January)."""
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    if isinstance(value, pd.Timestamp):
        return value.to_period("M")
    if isinstance(value, int | np.integer) and 1800 <= int(value) <= 2300:
        return pd.Period(year=int(value), month=1, freq="M")
    text = str(value)
    year = _YEAR.match(text)
    if year:
        return pd.Period(year=int(year.group(1)), month=1, freq="M")
    match = _MONTH.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return pd.Period(year=int(match.group(1)), month=int(match.group(2)), freq="M")
    parsed = pd.to_datetime(text, errors="coerce")
    if pd.isna(parsed):
        raise ToolError(f"The {what} {value!r} is not a date I can read (use YYYY-MM).")
    return pd.Timestamp(parsed).to_period("M")


@dataclass(frozen=True)
class Timeline:
    """``months`` months after the effective date; ``start`` is month 1's calendar month."""

    months: int
    start: pd.Period | None = None

    def month_of(self, period: pd.Period, *, what: str = "date") -> int:
        """The month index (1 = the effective month) of a calendar month."""
        if self.start is None:
            raise ToolError(
                f"The {what} is a calendar date but the production has no dates: give the "
                "first production month (start_date, e.g. 2025-01) or use project months."
            )
        return int((period - self.start).n) + 1

    def period_of(self, month: int) -> pd.Period | None:
        if self.start is None or month < 1:
            return None
        return self.start + (month - 1)

    def labels(self, length: int) -> list[str | None]:
        """Calendar labels (YYYY-MM-01) for months 0..length-1; month 0 has none."""
        if self.start is None:
            return [None] * length
        return [None] + [
            (self.start + (m - 1)).to_timestamp().strftime("%Y-%m-%d") for m in range(1, length)
        ]

    def describe(self) -> str:
        if self.start is None:
            return f"{self.months} months from the effective date (no calendar dates)"
        end = self.start + (self.months - 1)
        return f"{self.months} months, {self.start} to {end}"


def escalation_factors(length: int, rate: float, *, from_month: int = 1) -> np.ndarray:
    """(1 + rate)^k stepped once a year: months from_month..from_month+11 are k = 0.

    Months before ``from_month`` (and month 0) are not escalated.
    """
    months = np.arange(length)
    first = max(int(from_month), 1)
    years = np.floor((months - first) / 12.0)
    return np.where(months >= first, np.power(1.0 + rate, np.maximum(years, 0)), 1.0)
