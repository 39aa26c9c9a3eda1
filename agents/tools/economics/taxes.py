"""Production taxes (severance, ad valorem) and a simple income-tax case.

Conventions (the answers state them):
- severance tax of a phase = its rate x the owner's net revenue of that phase + its amount
  per unit x the owner's net volume of that phase.
- ad valorem tax = its rate x (net revenue - severance tax).
- results are before income tax unless an income-tax rate is given. The after-tax case:
  taxable income = net revenue - severance - ad valorem - opex - expensed (intangible)
  capex - depreciation - depletion - abandonment; the tangible share of capex is
  depreciated straight-line by month over the depreciation life from the month it is
  spent (what is left at the end of the life is written off then); percentage depletion
  is a rate of net revenue, at most the taxable income before depletion; a loss either
  offsets other income (a negative tax, the default) or is carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from agents.tools.registry import ToolError

TAX_LOSS_TREATMENTS = ("offset", "carry_forward")


@dataclass(frozen=True)
class IncomeTax:
    rate: float
    depreciation_years: float = 7.0
    intangible_fraction: float = 0.0  # share of capex expensed when spent (IDC)
    depletion_rate: float = 0.0  # percentage depletion, share of net revenue
    losses: str = "offset"

    def check(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ToolError(f"The income-tax rate must be between 0 and 100% (got {self.rate}).")
        if not 0 <= self.intangible_fraction <= 1 or not 0 <= self.depletion_rate <= 1:
            raise ToolError("The intangible share and the depletion rate are fractions (0..1).")
        if self.depreciation_years <= 0:
            raise ToolError("The depreciation life must be more than zero years.")
        if self.losses not in TAX_LOSS_TREATMENTS:
            raise ToolError(f"tax_losses must be one of {', '.join(TAX_LOSS_TREATMENTS)}.")


@dataclass(frozen=True)
class Taxes:
    severance_pct: dict[str, float] = field(default_factory=dict)  # phase -> fraction
    severance_per_unit: dict[str, float] = field(default_factory=dict)  # phase -> $/unit
    ad_valorem: float = 0.0
    income: IncomeTax | None = None

    def check(self) -> None:
        for phase, rate in self.severance_pct.items():
            if not 0 <= rate <= 1:
                raise ToolError(f"The {phase} severance rate must be 0..100% (got {rate}).")
        if not 0 <= self.ad_valorem <= 1:
            raise ToolError(f"The ad valorem rate must be 0..100% (got {self.ad_valorem}).")
        if self.income is not None:
            self.income.check()

    def severance(
        self, net_revenue: dict[str, np.ndarray], net_volume: dict[str, np.ndarray]
    ) -> np.ndarray:
        total = np.zeros_like(next(iter(net_revenue.values())))
        for phase, revenue in net_revenue.items():
            total = total + revenue * self.severance_pct.get(phase, 0.0)
            total = total + net_volume[phase] * self.severance_per_unit.get(phase, 0.0)
        return total


def income_tax(
    spec: IncomeTax,
    *,
    operating: np.ndarray,
    net_revenue: np.ndarray,
    capex: np.ndarray,
    abandonment: np.ndarray,
    life_end: int,
) -> dict[str, np.ndarray]:
    """Monthly depreciation, depletion, taxable income and income tax (arrays like capex)."""
    length = len(capex)
    intangible = capex * spec.intangible_fraction
    tangible = capex - intangible
    months = max(round(spec.depreciation_years * 12), 1)
    depreciation = np.zeros(length)
    for month in np.nonzero(tangible)[0]:
        first = max(int(month), 1)  # money spent at the effective date depreciates from month 1
        share = tangible[month] / months
        stop = min(first + months, length)
        depreciation[first:stop] += share
    end = min(max(int(life_end), 1), length - 1)
    # Whatever is not yet depreciated when the field is abandoned is written off then.
    remaining = float(tangible.sum() - depreciation[: end + 1].sum())
    depreciation[end + 1 :] = 0.0
    depreciation[end] += max(remaining, 0.0)
    before_depletion = operating - intangible - depreciation - abandonment
    depletion = np.minimum(
        spec.depletion_rate * np.maximum(net_revenue, 0.0), np.maximum(before_depletion, 0.0)
    )
    taxable = before_depletion - depletion
    if spec.losses == "carry_forward":
        tax = np.zeros(length)
        carried = 0.0
        for m in range(length):
            income = taxable[m] - carried
            if income > 0:
                tax[m] = spec.rate * income
                carried = 0.0
            else:
                carried = -income
    else:
        tax = spec.rate * taxable
    return {
        "expensed_capex": intangible,
        "depreciation": depreciation,
        "depletion": depletion,
        "taxable_income": taxable,
        "income_tax": tax,
    }
