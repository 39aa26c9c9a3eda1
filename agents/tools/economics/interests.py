"""Interests: working interest (costs) and net revenue interest (revenue), with reversion.

Conventions (the answers state them):
- revenue is taken at the NRI, costs at the WI. Without a stated NRI,
  NRI = WI x (1 - lessor royalty - overriding royalties), the royalties being shares of
  the 8/8ths lease revenue.
- reversion at payout: payout is the first month at whose end the cumulative net cash flow
  (before income tax, at the before-payout interests, capex included) is no longer
  negative. By default (as PHDwin does) the after-payout interests apply from the month
  after; ``split_month`` (as ARIES can) splits the payout month: the share of it needed to
  reach payout at the before-payout interests, the rest at the after-payout ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from agents.tools.registry import ToolError

REVERSION_TIMINGS = ("next_month", "split_month")


@dataclass(frozen=True)
class Interest:
    wi: float
    nri: float

    def check(self, when: str) -> None:
        for name, value in (("working interest", self.wi), ("net revenue interest", self.nri)):
            if not 0 <= value <= 1:
                raise ToolError(f"The {when} {name} must be between 0 and 100% (got {value}).")


def net_revenue_interest(wi: float, royalty: float = 0.0, overriding: float = 0.0) -> float:
    burden = royalty + overriding
    if not 0 <= burden <= 1:
        raise ToolError(f"Royalty plus overrides must be between 0 and 100% (got {burden:.4g}).")
    return wi * (1.0 - burden)


@dataclass(frozen=True)
class Interests:
    before: Interest
    after_payout: Interest | None = None
    timing: str = "next_month"

    def check(self) -> None:
        self.before.check("before-payout" if self.after_payout else "")
        if self.after_payout is not None:
            self.after_payout.check("after-payout")
        if self.timing not in REVERSION_TIMINGS:
            raise ToolError(f"reversion_timing must be one of {', '.join(REVERSION_TIMINGS)}.")


@dataclass(frozen=True)
class Payout:
    """Where the cumulative cash flow first stops being negative (month index, 0 = now)."""

    month: int | None  # None: never
    fraction: float  # share of that month's cash flow needed to reach payout (0..1]


def first_payout(cumulative: np.ndarray, flows: np.ndarray) -> Payout:
    """The first month where the cumulative goes from negative to >= 0.

    A cash flow that is never negative pays out at once (month 0, nothing to recover).
    """
    negative = np.nonzero(cumulative < 0)[0]
    if len(negative) == 0:
        return Payout(0, 1.0)
    start = int(negative[0])
    after = np.nonzero(cumulative[start:] >= 0)[0]
    if len(after) == 0:
        return Payout(None, 0.0)
    month = start + int(after[0])
    before = cumulative[month - 1]
    fraction = float(-before / flows[month]) if flows[month] > 0 else 1.0
    return Payout(month, min(max(fraction, 0.0), 1.0))


def interest_arrays(
    interests: Interests, length: int, payout: Payout | None
) -> tuple[np.ndarray, np.ndarray]:
    """WI and NRI for months 0..length-1, reverted after payout."""
    wi = np.full(length, interests.before.wi)
    nri = np.full(length, interests.before.nri)
    after = interests.after_payout
    if after is None or payout is None or payout.month is None:
        return wi, nri
    month = payout.month
    if interests.timing == "split_month" and month >= 1:
        share = payout.fraction
        wi[month] = share * interests.before.wi + (1 - share) * after.wi
        nri[month] = share * interests.before.nri + (1 - share) * after.nri
    wi[month + 1 :] = after.wi
    nri[month + 1 :] = after.nri
    return wi, nri
