"""Costs: fixed and variable opex with escalation, a capex schedule, abandonment.

Conventions (the answers state them):
- costs are gross (8/8ths) and borne at the working interest.
- fixed opex is per well per month, charged in every month from the first producing month
  to the end of the economic life; variable opex is per unit of each phase (oil, wellhead
  gas, NGL, water, or BOE at 6 Mcf/bbl).
- escalation is stepped once a year from the effective date (months 1-12 unescalated);
  capex and abandonment use the capex escalation.
- a capex item on a date falls in that month; one given without a month is spent at the
  start: the month before first production (month 0, the effective date, for a well that
  produces from month 1).
- abandonment is spent in the last month of the economic life unless a month or a delay
  after it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from agents.tools.common import MCF_PER_BOE
from agents.tools.economics.timeline import escalation_factors
from agents.tools.registry import ToolError

OPEX_UNITS = {
    "oil": "$/bbl",
    "gas": "$/Mcf",
    "ngl": "$/bbl",
    "water": "$/bbl",
    "boe": "$/BOE",
}


@dataclass(frozen=True)
class CapexItem:
    amount: float  # gross $
    month: int | None = None  # project month (0 = the effective date); None = at the start
    label: str = "capex"


@dataclass(frozen=True)
class Costs:
    fixed_per_well_month: float = 0.0
    variable: dict[str, float] = field(default_factory=dict)  # phase -> $/unit
    opex_escalation: float = 0.0
    capex: tuple[CapexItem, ...] = ()
    capex_escalation: float = 0.0
    abandonment: float = 0.0
    abandonment_month: int | None = None
    abandonment_delay: int = 0

    def check(self) -> None:
        if self.fixed_per_well_month < 0 or any(v < 0 for v in self.variable.values()):
            raise ToolError("Operating costs cannot be negative.")
        if self.abandonment < 0:
            raise ToolError("The abandonment cost cannot be negative (give a salvage as capex).")
        for item in self.capex:
            if item.month is not None and item.month < 0:
                raise ToolError(
                    f"Capex '{item.label}' falls before the effective date: money already "
                    "spent is sunk and not part of a forward cash flow."
                )
        if self.abandonment_month is not None and self.abandonment_month < 0:
            raise ToolError("The abandonment month cannot be before the effective date.")
        if self.abandonment_delay < 0:
            raise ToolError("The abandonment delay cannot be negative.")

    def opex(
        self, volumes: dict[str, np.ndarray], producing: np.ndarray, *, factor: float = 1.0
    ) -> np.ndarray:
        """Gross opex by month (8/8ths), escalated, before the WI is applied."""
        length = len(producing)
        boe = volumes["oil"] + volumes["gas"] / MCF_PER_BOE + volumes["ngl"]
        per_unit = {**volumes, "boe": boe}
        total = producing * self.fixed_per_well_month
        for phase, rate in self.variable.items():
            total = total + per_unit[phase] * rate
        return total * escalation_factors(length, self.opex_escalation) * factor

    def capex_by_month(self, length: int, first_production: int, *, factor: float = 1.0):
        """Gross capex by month, escalated; items that fall after ``length`` extend it."""
        last = max((self._month(i, first_production) for i in self.capex), default=0)
        size = max(length, last + 1)
        capex = np.zeros(size)
        for item in self.capex:
            capex[self._month(item, first_production)] += item.amount
        return capex * escalation_factors(size, self.capex_escalation) * factor

    @staticmethod
    def _month(item: CapexItem, first_production: int) -> int:
        return int(item.month) if item.month is not None else max(first_production - 1, 0)

    def abandonment_at(self, life_end: int) -> int:
        if self.abandonment_month is not None:
            return int(self.abandonment_month)
        return int(life_end) + int(self.abandonment_delay)
