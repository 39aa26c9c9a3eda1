"""Prices: flat prices and decks (by year or month), escalation, differentials, gas and NGL.

Conventions (the answers state them):
- a deck is a list of prices, each from a calendar month (a year means its January) or a
  project month; each price holds until the next one, and the last is held flat after it
  ("$75 in 2027, $70 in 2028, $65 after"). Before the deck's first entry its first price is
  used (and said).
- escalation of a price is stepped once a year from the start of the deck's last entry (for
  a flat price: from the effective date): that entry's first 12 months are unescalated.
- realised price = benchmark x (1 + percentage differential) + fixed differential
  (a discount is negative).
- gas: sales gas = wellhead gas x (1 - shrink); a $/MMBtu price is turned into $/Mcf of
  sales gas by the heating value (MMBtu/Mcf); NGL volume = wellhead gas (MMcf) x yield
  (bbl/MMcf); an NGL price given as a share of oil is a share of the oil benchmark.
- SEC pricing: the unweighted average of the first-day-of-the-month prices of the 12
  months before the end of the reporting period, held flat (no escalation).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from agents.tools.economics.timeline import Timeline, escalation_factors, to_month
from agents.tools.registry import ToolError

PHASES = ("oil", "gas", "ngl")
PHASE_LABEL = {"oil": "oil", "gas": "gas", "ngl": "NGL"}
# The default heating value of natural gas (EPA 40 CFR 98 Subpart C, Table C-1: 1.026
# MMBtu/Mcf); used only to turn a $/MMBtu gas price into $/Mcf when no value is stated.
DEFAULT_HEATING_VALUE_MMBTU_PER_MCF = 1.026


@dataclass(frozen=True)
class DeckEntry:
    start: int  # project month where this price begins (1 = the effective month; may be < 1)
    price: float
    label: str  # how it was given: "2027", "2027-04", "project year 2", "flat"


@dataclass(frozen=True)
class PriceSchedule:
    """A benchmark price by month: a deck of entries (sorted), the last held, escalated."""

    entries: tuple[DeckEntry, ...]
    escalation: float = 0.0

    @classmethod
    def flat(cls, price: float, escalation: float = 0.0) -> PriceSchedule:
        return cls((DeckEntry(1, float(price), "flat"),), escalation)

    @property
    def is_flat(self) -> bool:
        return len(self.entries) == 1

    def monthly(self, length: int) -> np.ndarray:
        """Benchmark prices for months 0..length-1 (month 0 carries month 1's price)."""
        months = np.maximum(np.arange(length), 1)
        starts = np.array([e.start for e in self.entries])
        prices = np.array([e.price for e in self.entries], float)
        index = np.clip(np.searchsorted(starts, months, side="right") - 1, 0, None)
        values = prices[index]
        if self.escalation:
            last = self.entries[-1]
            values = values * escalation_factors(length, self.escalation, from_month=last.start)
            values[0] = values[1] if length > 1 else values[0]
        return values

    def scaled(self, factor: float) -> PriceSchedule:
        entries = tuple(DeckEntry(e.start, e.price * factor, e.label) for e in self.entries)
        return PriceSchedule(entries, self.escalation)

    def describe(self, unit: str) -> str:
        """'$75.00/bbl flat' or '2027 $75.00/bbl, 2028 $70.00/bbl, ..., the last held flat'."""
        unit = unit.removeprefix("$")
        if self.is_flat and self.entries[0].label == "flat":
            text = f"${self.entries[0].price:,.2f}{unit} flat"
        else:
            shown = self.entries if len(self.entries) <= 8 else self.entries[:3] + self.entries[-2:]
            parts = [f"{e.label} ${e.price:,.2f}{unit}" for e in shown]
            if len(self.entries) > 8:
                parts.insert(3, f"... ({len(self.entries)} entries)")
            text = ", ".join(parts) + ", the last held flat"
        if self.escalation:
            text += f", escalated {self.escalation * 100:g}%/yr (stepped yearly)"
        return text


def deck_from_entries(
    raw: list[dict], timeline: Timeline, *, phase: str, escalation: float = 0.0
) -> tuple[PriceSchedule, list[str]]:
    """A deck from entries with one of year, date (YYYY-MM), project_year or project_month."""
    notes: list[str] = []
    entries: list[DeckEntry] = []
    for item in raw:
        if "price" not in item or item["price"] is None:
            raise ToolError(f"Every {phase} deck entry needs a price.")
        price = float(item["price"])
        keys = [k for k in ("year", "date", "project_year", "project_month") if item.get(k)]
        if len(keys) != 1:
            raise ToolError(
                f"Each {phase} deck entry needs exactly one of year, date (YYYY-MM), "
                f"project_year or project_month (got {item})."
            )
        key = keys[0]
        if key in ("year", "date"):
            period = to_month(item[key], what=f"{phase} deck date")
            start = timeline.month_of(period, what=f"{phase} deck's {item[key]}")
            label = str(period.year) if key == "year" else str(period)
        elif key == "project_year":
            year = int(item[key])
            if year < 1:
                raise ToolError("project_year counts from 1.")
            start, label = 12 * (year - 1) + 1, f"project year {year}"
        else:
            start, label = int(item[key]), f"project month {int(item[key])}"
        entries.append(DeckEntry(start, price, label))
    if not entries:
        raise ToolError(f"The {phase} deck is empty.")
    entries.sort(key=lambda e: e.start)
    for a, b in itertools.pairwise(entries):
        if a.start == b.start:
            raise ToolError(f"The {phase} deck gives two prices for {a.label}.")
    if entries[0].start > 1:
        notes.append(
            f"the {PHASE_LABEL[phase]} deck starts at {entries[0].label}, after the first "
            f"month: its first price (${entries[0].price:,.2f}) is used before it"
        )
    return PriceSchedule(tuple(entries), escalation), notes


def deck_from_table(
    frame: pd.DataFrame, *, date_column: str, price_column: str
) -> list[dict[str, object]]:
    """Deck entries from a table's date (or year) column and one price column."""
    entries = []
    for _, line in frame[[date_column, price_column]].dropna().iterrows():
        value = line[date_column]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        entries.append(
            {"date": str(to_month(value, what="deck date")), "price": line[price_column]}
        )
    return entries


@dataclass(frozen=True)
class Differential:
    fixed: float = 0.0  # $ per unit of the price
    pct: float = 0.0  # fraction of the benchmark (-0.05 = 95% of it)

    def apply(self, benchmark: np.ndarray) -> np.ndarray:
        return benchmark * (1.0 + self.pct) + self.fixed


@dataclass(frozen=True)
class Pricing:
    """Everything that turns volumes into revenue, phase by phase."""

    oil: PriceSchedule | None = None
    gas: PriceSchedule | None = None
    ngl: PriceSchedule | None = None
    ngl_pct_of_oil: float | None = None  # NGL benchmark as a share of the oil benchmark
    differentials: dict[str, Differential] = field(default_factory=dict)
    gas_price_unit: str = "mcf"  # "mcf" or "mmbtu"
    heating_value: float = 1.0  # MMBtu per Mcf of sales gas (used for $/MMBtu prices)
    gas_shrink: float = 0.0  # fraction of wellhead gas not sold (fuel, flare, NGL shrink)
    ngl_yield: float = 0.0  # bbl NGL per MMcf of wellhead gas
    sec: bool = False

    def schedule(self, phase: str) -> PriceSchedule | None:
        return getattr(self, phase)

    def has_price(self, phase: str) -> bool:
        if phase == "ngl":
            return self.ngl is not None or (
                self.ngl_pct_of_oil is not None and self.oil is not None
            )
        return self.schedule(phase) is not None

    def benchmarks(self, length: int, *, factor: float = 1.0) -> dict[str, np.ndarray]:
        """Benchmark prices by month for each phase (NaN where no price is known)."""
        out: dict[str, np.ndarray] = {}
        for phase in PHASES:
            schedule = self.schedule(phase)
            out[phase] = (
                schedule.monthly(length) * factor
                if schedule is not None
                else np.full(length, np.nan)
            )
        if self.ngl is None and self.ngl_pct_of_oil is not None:
            out["ngl"] = out["oil"] * self.ngl_pct_of_oil
        return out

    def realised(self, benchmarks: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Realised $/bbl (oil, NGL) and $/Mcf of sales gas, by month."""
        out = {}
        for phase in PHASES:
            diff = self.differentials.get(phase, Differential())
            out[phase] = diff.apply(benchmarks[phase])
        if self.gas_price_unit == "mmbtu":
            out["gas"] = out["gas"] * self.heating_value
        return out


def sec_average(prices: pd.Series, period_end: pd.Period) -> tuple[float, list[tuple[str, float]]]:
    """The SEC price: the mean of the first-day-of-the-month prices of the 12 months ending
    with ``period_end`` (its month included); ``prices`` is indexed by date.

    A month whose 1st has no price (a weekend) takes its first trading day's price. A
    missing month is an error: the average must have all twelve.
    """
    series = prices.dropna()
    if series.empty:
        raise ToolError("The price strip has no prices.")
    dates = pd.to_datetime(pd.Series(series.index))
    values = pd.Series(series.to_numpy(float), index=dates).sort_index()
    picked: list[tuple[str, float]] = []
    for k in range(11, -1, -1):
        month = period_end - k
        in_month = values[(values.index >= month.start_time) & (values.index <= month.end_time)]
        if in_month.empty:
            raise ToolError(
                f"The price strip has no price in {month}: the SEC average needs the "
                f"first-of-month price of each of the 12 months {period_end - 11} to {period_end}."
            )
        picked.append((in_month.index[0].strftime("%Y-%m-%d"), float(in_month.iloc[0])))
    return float(np.mean([p for _, p in picked])), picked
