"""Economics at the level of ARIES and PHDwin: monthly cash flows from forecasts.

One module per piece, each with its conventions in its docstring:
``timeline`` (months and the effective date), ``prices`` (decks, escalation,
differentials, gas and NGL, SEC pricing), ``interests`` (WI, NRI, reversion at payout),
``taxes`` (severance, ad valorem, income tax), ``costs`` (opex, capex, abandonment),
``cashflow`` (the monthly engine and the economic limit), ``indicators`` (discounting,
NPV, IRR, MIRR, payout), ``sensitivity`` (break-even, tornado, NPV against price),
``volumes`` and ``sheet`` (reading forecasts and cost sheets by their columns), ``terms``
(arguments, sheet and defaults to terms, every input logged), ``evaluation`` (a run of
every well), ``report`` (tables and figures) and ``tools`` (the registered tools).
"""

from __future__ import annotations

import numpy as np

from agents.tools.economics.indicators import Discounting, npv, periodise
from agents.tools.economics.tools import cash_flow_economics, npv_irr

__all__ = ["cash_flow_economics", "npv_irr", "npv_monthly"]


def npv_monthly(flows, months, rate: float, timing: str = "end") -> float:
    """NPV of monthly cash flows at month indices ``months`` (0 = now, undiscounted)."""
    months = np.asarray(months, dtype=int)
    monthly = np.zeros(int(months.max(initial=0)) + 1)
    np.add.at(monthly, months, np.asarray(flows, dtype=float))
    return npv(periodise(monthly, 1), Discounting(rate=rate, timing=timing))
