"""Break-even prices, the tornado (price, opex, capex, volumes) and NPV against price.

All are on the project: the wells' cash flows added up (which is the sum of their NPVs),
each well keeping its own economic limit, on the same basis (before or after income tax)
and discounting as the base case.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from agents.tools.economics.cashflow import Case, Scale, run, with_flat_price
from agents.tools.economics.indicators import Discounting, npv, periodise
from agents.tools.economics.prices import PHASE_LABEL

TORNADO_VARIABLES = ("price", "opex", "capex", "volumes")
_MAX_PRICE = 10_000.0


def project_npv(
    cases: list[Case],
    discounting: Discounting,
    scale: Scale | None = None,
    rate: float | None = None,
) -> float:
    total = 0.0
    for case in cases:
        flows = run(case, scale or Scale())
        total += npv(periodise(flows.cash(), discounting.months), discounting, rate)
    return total


def breakeven_price(
    cases: list[Case], discounting: Discounting, phase: str
) -> tuple[float | None, str]:
    """The flat benchmark price of ``phase`` at which the project NPV is zero, and why not."""

    def f(price: float) -> float:
        return project_npv([with_flat_price(c, phase, price) for c in cases], discounting)

    label = PHASE_LABEL[phase]
    if f(0.0) >= 0:
        return None, f"the NPV is not negative even at a $0 {label} price"
    high = 10.0
    for case in cases:
        schedule = case.pricing.schedule(phase)
        if schedule is not None:
            high = max(high, max(e.price for e in schedule.entries))
    while f(high) < 0:
        high *= 2
        if high > _MAX_PRICE:
            return None, f"no {label} price up to ${_MAX_PRICE:,.0f} makes the NPV positive"
    return float(brentq(f, 0.0, high, xtol=1e-7, rtol=1e-12, maxiter=200)), ""


def tornado(
    cases: list[Case], discounting: Discounting, change: float
) -> list[dict[str, float | str]]:
    """NPV with each of price, opex, capex and volumes moved down and up by ``change``."""
    rows: list[dict[str, float | str]] = []
    for variable in TORNADO_VARIABLES:
        for sign in (-1.0, 1.0):
            factor = 1.0 + sign * change
            scale = Scale(
                price=factor if variable == "price" else 1.0,
                opex=factor if variable == "opex" else 1.0,
                capex=factor if variable == "capex" else 1.0,
                volume=factor if variable == "volumes" else 1.0,
            )
            rows.append(
                {
                    "variable": variable,
                    "change": sign * change,
                    "npv": project_npv(cases, discounting, scale),
                }
            )
    return rows


def price_points(base: float | None, breakeven: float | None) -> list[float]:
    """Eleven flat prices from half to one and a half times the base (or the break-even)."""
    centre = base if base is not None and base > 0 else breakeven
    if centre is None or centre <= 0:
        centre = 50.0
    points = centre * np.linspace(0.5, 1.5, 11)
    if breakeven is not None and not points[0] <= breakeven <= points[-1]:
        points = np.sort(np.r_[points, breakeven])
    return [float(p) for p in points]


def npv_against_price(
    cases: list[Case], discounting: Discounting, phase: str, prices: list[float]
) -> list[dict[str, float]]:
    out = []
    for price in prices:
        flat = [with_flat_price(c, phase, price) for c in cases]
        out.append({"price": price, "npv": project_npv(flat, discounting)})
    return out
