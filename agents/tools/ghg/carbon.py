"""A carbon price on a project's cash flows: cost per period, escalation, NPV before and after.

Cash flows are monthly or annual, as stated; period 0 is the start (no production).
The price applies in the first producing year and steps up once a year by the
escalation (or follows a stated schedule, one price per year, the last held flat).
Discounting uses an annual effective rate, compounded per period, at the end or
middle of each period.
"""

from __future__ import annotations

import numpy as np

from agents.tools.registry import ToolError

PERIODS_PER_YEAR = {"monthly": 12, "annual": 1}


def periods_per_year(period: str) -> int:
    try:
        return PERIODS_PER_YEAR[period]
    except KeyError:
        raise ToolError(
            f"The cash-flow period must be monthly or annual, not {period!r}."
        ) from None


def year_of(periods: np.ndarray, period: str) -> np.ndarray:
    """The 0-based year of each period (period 1 starts year 0; period 0 is in year 0)."""
    per_year = periods_per_year(period)
    return np.floor(np.maximum(np.asarray(periods, float) - 1, 0) / per_year).astype(int)


def prices(
    periods: np.ndarray,
    price: float,
    *,
    period: str = "monthly",
    escalation: float = 0.0,
    schedule: list[float] | None = None,
) -> np.ndarray:
    """$/t in each period: a stated schedule by year, else ``price`` escalating yearly."""
    years = year_of(periods, period)
    if schedule:
        table = np.asarray(schedule, float)
        if np.any(table < 0):
            raise ToolError("A carbon price cannot be negative.")
        return table[np.minimum(years, len(table) - 1)]
    return price * np.power(1.0 + escalation, years)


def discount_factors(periods: np.ndarray, rate: float, *, period: str, timing: str) -> np.ndarray:
    """(1 + r)^-(t / n), or at mid-period (1 + r)^-((t - 0.5) / n) for t >= 1."""
    if rate <= -1:
        raise ToolError("The discount rate must be above -100%.")
    if timing not in ("end", "mid"):
        raise ToolError("Discounting timing must be 'end' or 'mid' (of period).")
    t = np.asarray(periods, float)
    exponent = t if timing == "end" else np.where(t > 0, t - 0.5, 0.0)
    return np.power(1.0 + rate, -exponent / periods_per_year(period))


def npv(flows: np.ndarray, periods: np.ndarray, rate: float, *, period: str, timing: str) -> float:
    return float(
        np.sum(
            np.asarray(flows, float) * discount_factors(periods, rate, period=period, timing=timing)
        )
    )
