"""Discounting and the measures of a cash flow: NPV, PV profile, IRR(s), MIRR, payout, PI.

Conventions (the answers state them):
- rates are annual effective unless said; a monthly or quarterly rate is compounded to its
  annual effective equivalent, (1 + r)^12 - 1 or (1 + r)^4 - 1.
- the monthly cash flow is gathered into periods of 1, 3 or 12 months counted from the
  effective date; month 0 (money spent at the effective date) stays at time 0, undiscounted.
- period k of L months is discounted by (1 + r)^(-t) with t = k L / 12 years at the end of
  the period, or (k - 1/2) L / 12 at its middle.
- the IRR is the annual effective rate at which that NPV is zero (so it is annualised
  whatever the period); every root between -99.7% and 40,000% a year is reported, and more
  than one sign change in the cash flow is said, with the MIRR.
- the MIRR compounds the positive period cash flows to the last period at the reinvestment
  rate and discounts the negative ones to time 0 at the finance rate (numpy-financial's
  mirr, end of period), then annualises.
- payout is the month in which the cumulative cash flow (undiscounted) gets back to zero,
  interpolated within the month; if it turns negative again later that is said.
- profitability index = 1 + NPV / PV of capex (capex discounted like the cash flow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from agents.tools.registry import ToolError

PERIODS = {"monthly": 1, "quarterly": 3, "annual": 12}
TIMINGS = ("end", "mid")
RATE_BASES = {"year": 1, "quarter": 4, "month": 12}
# The search range of an IRR, in x = ln(1 + r): r from e^-6 - 1 (-99.75%) to e^6 - 1.
_IRR_GRID = np.linspace(-6.0, 6.0, 481)


def annual_rate(rate: float, per: str = "year") -> float:
    """The annual effective equivalent of a rate per year, quarter or month."""
    if per not in RATE_BASES:
        raise ToolError(f"A rate is per year, quarter or month (got {per!r}).")
    if rate <= -1:
        raise ToolError("A discount rate must be above -100%.")
    return (1.0 + rate) ** RATE_BASES[per] - 1.0


@dataclass(frozen=True)
class Discounting:
    rate: float = 0.10  # annual effective
    timing: str = "end"
    period: str = "monthly"

    def check(self) -> None:
        if self.rate <= -1:
            raise ToolError("The discount rate must be above -100%.")
        if self.timing not in TIMINGS:
            raise ToolError("Discounting timing must be 'end' or 'mid' (of period).")
        if self.period not in PERIODS:
            raise ToolError("The cash-flow period must be monthly, quarterly or annual.")

    @property
    def months(self) -> int:
        return PERIODS[self.period]

    def sentence(self) -> str:
        name = {"monthly": "month", "quarterly": "quarter", "annual": "year"}[self.period]
        timing = "end" if self.timing == "end" else "middle"
        return (
            f"{self.period} cash flows discounted at {self.rate * 100:g}% a year (annual "
            f"effective), {timing} of each {name}, from the effective date; money at month 0 "
            "is not discounted"
        )


def periodise(monthly: np.ndarray, months_per_period: int) -> np.ndarray:
    """Month 0 as period 0, then months 1..N summed into periods of ``months_per_period``."""
    monthly = np.asarray(monthly, float)
    if months_per_period == 1:
        return monthly.copy()
    body = monthly[1:]
    count = math.ceil(len(body) / months_per_period)
    padded = np.zeros(count * months_per_period)
    padded[: len(body)] = body
    return np.concatenate((monthly[:1], padded.reshape(count, months_per_period).sum(axis=1)))


def period_times(count: int, months_per_period: int, timing: str) -> np.ndarray:
    """Years from the effective date of periods 0..count-1 (period 0 is at time 0)."""
    k = np.arange(count, dtype=float)
    shifted = k - 0.5 if timing == "mid" else k
    return np.where(k > 0, shifted * months_per_period / 12.0, 0.0)


def discount_factors(count: int, discounting: Discounting, rate: float | None = None):
    times = period_times(count, discounting.months, discounting.timing)
    r = discounting.rate if rate is None else rate
    return np.power(1.0 + r, -times)


def npv(values: np.ndarray, discounting: Discounting, rate: float | None = None) -> float:
    values = np.asarray(values, float)
    return float(np.sum(values * discount_factors(len(values), discounting, rate)))


def sign_changes(values: np.ndarray) -> int:
    signs = np.sign(np.asarray(values, float)[np.abs(values) > 1e-9])
    return int(np.sum(signs[1:] != signs[:-1]))


def irr_roots(values: np.ndarray, times: np.ndarray) -> list[float]:
    """Every annual effective rate with zero NPV in the search range, highest first.

    Solved in x = ln(1 + r) by Brent's method between sign changes on a grid; for x < 0 the
    NPV is scaled by a positive factor (same roots) so that nothing overflows.
    """
    values = np.asarray(values, float)
    if not (np.any(values < 0) and np.any(values > 0)):
        return []
    latest = float(times.max())

    def h(x: float) -> float:
        if x < 0:
            return float(np.sum(values * np.exp(x * (latest - times))))
        return float(np.sum(values * np.exp(-x * times)))

    grid = _IRR_GRID
    low = grid < 0
    samples = np.empty(len(grid))
    # Each half of the grid with its own scaling (one matrix product each, no overflow).
    samples[low] = np.exp(np.outer(grid[low], latest - times)) @ values
    samples[~low] = np.exp(-np.outer(grid[~low], times)) @ values
    roots: list[float] = []
    for k in range(len(grid) - 1):
        a, b = samples[k], samples[k + 1]
        if a == 0:
            roots.append(float(grid[k]))
        elif a * b < 0:
            roots.append(float(brentq(h, grid[k], grid[k + 1], xtol=1e-14, rtol=1e-13)))
    unique: list[float] = []
    for root in roots:
        if not unique or abs(root - unique[-1]) > 1e-9:
            unique.append(root)
    return sorted((math.expm1(r) for r in unique), reverse=True)


def mirr(
    values: np.ndarray, months_per_period: int, finance_rate: float, reinvest_rate: float
) -> float | None:
    """numpy-financial's MIRR on the period cash flows, with annual rates in and out."""
    values = np.asarray(values, float)
    if not (np.any(values < 0) and np.any(values > 0)) or len(values) < 2:
        return None
    per = months_per_period / 12.0
    finance = (1.0 + finance_rate) ** per - 1.0
    reinvest = (1.0 + reinvest_rate) ** per - 1.0
    n = len(values) - 1
    k = np.arange(len(values))
    positive = np.where(values > 0, values, 0.0)
    negative = np.where(values < 0, values, 0.0)
    future = float(np.sum(positive * (1.0 + reinvest) ** (n - k)))
    present = float(-np.sum(negative / (1.0 + finance) ** k))
    periodic = (future / present) ** (1.0 / n) - 1.0
    return (1.0 + periodic) ** (1.0 / per) - 1.0


@dataclass(frozen=True)
class PayoutResult:
    month: int | None  # the month in which the cumulative first gets back to zero
    months: float | None  # interpolated within that month
    lost: list[int]  # months where it turns negative again afterwards
    regained: list[int]  # months where it gets back to zero again after being lost
    never_invested: bool

    @property
    def final_month(self) -> int | None:
        """The month of the last payout, or None when the cumulative ends negative."""
        if self.month is None:
            return None
        if len(self.lost) > len(self.regained):
            return None
        return self.regained[-1] if self.regained else self.month

    def sentence(self) -> str:
        if self.never_invested:
            return "no investment to pay back (the cumulative cash flow is never negative)"
        if self.month is None:
            return "not reached: the cumulative cash flow never gets back to zero"
        text = f"month {self.month} ({self.months:.1f} months from the effective date)"
        for k, lost in enumerate(self.lost):
            text += f"; the cumulative turns negative again in month {lost}"
            if k < len(self.regained):
                text += f" and pays out again in month {self.regained[k]}"
            else:
                text += " and ends negative: payout is lost"
        return text


def payout(monthly: np.ndarray) -> PayoutResult:
    flows = np.asarray(monthly, float)
    cumulative = np.cumsum(flows)
    tolerance = 1e-9 * max(float(np.abs(flows).max(initial=0.0)), 1.0)
    negative = cumulative < -tolerance
    if not negative.any():
        return PayoutResult(None, None, [], [], True)
    first_negative = int(np.argmax(negative))
    back = np.nonzero(~negative[first_negative:])[0]
    if len(back) == 0:
        return PayoutResult(None, None, [], [], False)
    month = first_negative + int(back[0])
    before = cumulative[month - 1]
    months = (month - 1) + (-before / flows[month] if flows[month] > 0 else 1.0)
    lost: list[int] = []
    regained: list[int] = []
    state = False  # False: paid out
    for m in range(month + 1, len(flows)):
        if not state and negative[m]:
            lost.append(m)
            state = True
        elif state and not negative[m]:
            regained.append(m)
            state = False
    return PayoutResult(month, float(months), lost, regained, False)


def profitability_index(npv_value: float, capex_pv: float) -> float | None:
    return 1.0 + npv_value / capex_pv if capex_pv > 0 else None


@dataclass(frozen=True)
class Measures:
    npv: float
    irr: float | None
    irrs: list[float]
    irr_note: str
    mirr: float | None
    payout: PayoutResult
    profitability_index: float | None
    pv_capex: float
    undiscounted: float
    sign_changes: int


def measures(
    monthly_cash: np.ndarray,
    monthly_capex: np.ndarray,
    discounting: Discounting,
    *,
    finance_rate: float | None = None,
    reinvest_rate: float | None = None,
) -> Measures:
    """Every measure of a monthly cash flow (month 0 first) under ``discounting``."""
    values = periodise(monthly_cash, discounting.months)
    capex = periodise(monthly_capex, discounting.months)
    times = period_times(len(values), discounting.months, discounting.timing)
    value = npv(values, discounting)
    pv_capex = npv(capex, discounting)
    changes = sign_changes(values)
    nonzero = values[np.abs(values) > 1e-9]
    roots = irr_roots(values, times)
    if len(nonzero) == 0 or nonzero[0] >= 0:
        irr, note = (
            None,
            ("not defined: the cash flow does not start with an investment (money out first)"),
        )
    elif not roots and npv(values, discounting, math.expm1(_IRR_GRID[-1])) > 0:
        irr, note = (
            None,
            (
                "above 40,000% a year (the investment is paid back within weeks): not a useful "
                "measure here"
            ),
        )
    elif not roots:
        irr, note = None, "not defined: no rate between -99.7% and 40,000% a year gives NPV = 0"
    elif len(roots) == 1:
        irr, note = roots[0], ""
        if changes > 1:
            note = (
                f"the cash flow changes sign {changes} times but NPV is zero at one rate only "
                "in the search range"
            )
    else:
        irr = roots[0]
        listed = ", ".join(f"{r * 100:.2f}%" for r in roots)
        note = (
            f"the cash flow changes sign {changes} times and NPV is zero at {len(roots)} "
            f"rates ({listed} a year): the IRR is ambiguous (the highest is shown); judge by "
            "NPV and the MIRR"
        )
    finance = discounting.rate if finance_rate is None else finance_rate
    reinvest = discounting.rate if reinvest_rate is None else reinvest_rate
    return Measures(
        npv=value,
        irr=irr,
        irrs=roots,
        irr_note=note,
        mirr=mirr(values, discounting.months, finance, reinvest),
        payout=payout(monthly_cash),
        profitability_index=profitability_index(value, pv_capex),
        pv_capex=pv_capex,
        undiscounted=float(np.sum(monthly_cash)),
        sign_changes=changes,
    )
