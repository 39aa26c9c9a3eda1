"""The monthly cash flow of one well (or one stream of volumes): the engine.

Order of the calculation, month by month (each step's conventions are in its module):
gross volumes -> sales volumes (shrink, NGL yield) -> benchmark and realised prices ->
8/8ths revenue -> net revenue at the NRI -> severance and ad valorem taxes -> opex at the
WI -> operating cash flow -> payout and reversion -> economic limit -> capex and
abandonment at the WI -> net cash flow before income tax -> (income tax) -> after tax.

The economic limit (by cash flow, as ARIES and PHDwin do, unless told otherwise):
- ``first_negative`` (default): the life ends with the last month before the operating
  cash flow (net revenue - taxes - opex, before capex) first turns negative;
- ``last_positive``: the life ends with the last month whose operating cash flow is
  positive (negative months before it are kept);
- ``none``: the whole forecast is valued.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from agents.tools.economics.costs import Costs
from agents.tools.economics.interests import Interests, Payout, first_payout, interest_arrays
from agents.tools.economics.prices import PHASE_LABEL, PHASES, PriceSchedule, Pricing
from agents.tools.economics.taxes import Taxes, income_tax
from agents.tools.economics.timeline import Timeline, escalation_factors
from agents.tools.registry import ToolError

ECONOMIC_LIMITS = ("first_negative", "last_positive", "none")

# Columns that add up across wells (the others are prices and interests).
ADDITIVE = (
    "oil_bbl",
    "gas_mcf",
    "sales_gas_mcf",
    "ngl_bbl",
    "water_bbl",
    "net_oil_bbl",
    "net_gas_mcf",
    "net_ngl_bbl",
    "oil_revenue",
    "gas_revenue",
    "ngl_revenue",
    "gross_revenue",
    "net_revenue",
    "severance_tax",
    "ad_valorem_tax",
    "opex",
    "operating_cash_flow",
    "capex",
    "abandonment",
    "net_cash_flow",
    "expensed_capex",
    "depreciation",
    "depletion",
    "taxable_income",
    "income_tax",
    "after_tax_cash_flow",
)


@dataclass(frozen=True)
class PhaseVolumes:
    """Gross (8/8ths) volumes by month 0..N; month 0 is the effective date (no volume)."""

    oil: np.ndarray
    gas: np.ndarray  # wellhead Mcf
    ngl: np.ndarray | None  # bbl; None: made from gas by the NGL yield
    water: np.ndarray

    @property
    def length(self) -> int:
        return len(self.oil)

    def total(self) -> float:
        ngl = 0.0 if self.ngl is None else float(self.ngl.sum())
        return float(self.oil.sum() + self.gas.sum() + ngl + self.water.sum())


@dataclass(frozen=True)
class Case:
    volumes: PhaseVolumes
    timeline: Timeline
    pricing: Pricing
    interests: Interests
    taxes: Taxes
    costs: Costs
    economic_limit: str = "first_negative"
    not_sold: frozenset[str] = frozenset()
    well: str | None = None


@dataclass(frozen=True)
class Scale:
    """Multipliers for sensitivities: prices, opex, capex and volumes."""

    price: float = 1.0
    opex: float = 1.0
    capex: float = 1.0
    volume: float = 1.0


@dataclass
class Flows:
    columns: dict[str, np.ndarray]
    life: int  # last month of the economic life; < first_production: uneconomic at once
    first_production: int
    reversion_payout: Payout | None
    abandonment_month: int
    after_tax: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.columns["month"])

    def cash(self) -> np.ndarray:
        """The cash flow the indicators use: after income tax when that was asked."""
        key = "after_tax_cash_flow" if self.after_tax else "net_cash_flow"
        return self.columns[key]


def _pad(values: np.ndarray, length: int) -> np.ndarray:
    if len(values) >= length:
        return values[:length]
    out = np.zeros(length)
    out[: len(values)] = values
    return out


def _extend(values: np.ndarray, length: int) -> np.ndarray:
    """``values`` cut or continued with its last value to ``length``."""
    if len(values) >= length:
        return values[:length].copy()
    out = np.full(length, values[-1], dtype=float)
    out[: len(values)] = values
    return out


def with_flat_price(case: Case, phase: str, price: float) -> Case:
    """The case with ``phase``'s benchmark flat at ``price`` (its escalation kept)."""
    old: PriceSchedule | None = case.pricing.schedule(phase)
    schedule = PriceSchedule.flat(price, old.escalation if old is not None else 0.0)
    pricing = replace(case.pricing, **{phase: schedule})
    if phase == "ngl":
        pricing = replace(pricing, ngl_pct_of_oil=None)
    return replace(case, pricing=pricing, not_sold=case.not_sold - {phase})


def run(case: Case, scale: Scale = Scale()) -> Flows:
    """The monthly cash flow of ``case``, cut at its economic limit."""
    if case.economic_limit not in ECONOMIC_LIMITS:
        raise ToolError(f"economic_limit must be one of {', '.join(ECONOMIC_LIMITS)}.")
    case.interests.check()
    case.taxes.check()
    case.costs.check()
    pricing = case.pricing
    vol = case.volumes
    n1 = vol.length
    oil = vol.oil * scale.volume
    gas = vol.gas * scale.volume
    water = vol.water * scale.volume
    if not 0 <= pricing.gas_shrink < 1:
        raise ToolError(f"Gas shrink must be between 0 and 100% (got {pricing.gas_shrink}).")
    sales_gas = gas * (1.0 - pricing.gas_shrink)
    ngl = vol.ngl * scale.volume if vol.ngl is not None else gas / 1000.0 * pricing.ngl_yield
    produced = (oil + gas + ngl + water) > 0
    producing_months = np.nonzero(produced)[0]
    if len(producing_months) == 0:
        raise ToolError(
            "The forecast has no oil, gas or NGL volumes (every month is zero): there is "
            "nothing to value. Check the forecast row or the volumes given."
        )
    first, last = int(producing_months[0]), int(producing_months[-1])
    months = np.arange(n1)
    producing = ((months >= first) & (months <= last)).astype(float)
    sold = {"oil": oil, "gas": sales_gas, "ngl": ngl}
    for phase in PHASES:
        if sold[phase].sum() > 0 and not pricing.has_price(phase) and phase not in case.not_sold:
            raise ToolError(
                f"There is {PHASE_LABEL[phase]} production but no {PHASE_LABEL[phase]} price: "
                f"what {PHASE_LABEL[phase]} price should I use (or is it not sold)?"
            )
    benchmark = pricing.benchmarks(n1, factor=scale.price)
    realised = pricing.realised(benchmark)
    gross = {}
    for phase in PHASES:
        unpriced = phase in case.not_sold or not pricing.has_price(phase)
        gross[phase] = np.zeros(n1) if unpriced else np.nan_to_num(sold[phase] * realised[phase])
    opex_gross = case.costs.opex(
        {"oil": oil, "gas": gas, "ngl": ngl, "water": water}, producing, factor=scale.opex
    )
    capex_gross = case.costs.capex_by_month(n1, first, factor=scale.capex)
    length = len(capex_gross)

    def net(wi: np.ndarray, nri: np.ndarray) -> dict[str, np.ndarray]:
        revenue = {p: _pad(gross[p], length) * nri for p in PHASES}
        volume = {p: _pad(sold[p], length) * nri for p in PHASES}
        severance = case.taxes.severance(revenue, volume)
        total = revenue["oil"] + revenue["gas"] + revenue["ngl"]
        ad_valorem = (total - severance) * case.taxes.ad_valorem
        opex = _pad(opex_gross, length) * wi
        return {
            "revenue": revenue,
            "volume": volume,
            "net_revenue": total,
            "severance": severance,
            "ad_valorem": ad_valorem,
            "opex": opex,
            "operating": total - severance - ad_valorem - opex,
            "capex": capex_gross * wi,
        }

    interests = case.interests
    wi = np.full(length, interests.before.wi)
    nri = np.full(length, interests.before.nri)
    parts = net(wi, nri)
    payout = None
    if interests.after_payout is not None:
        flows = parts["operating"] - parts["capex"]
        payout = first_payout(np.cumsum(flows), flows)
        wi, nri = interest_arrays(interests, length, payout)
        parts = net(wi, nri)
    operating = parts["operating"]
    life = _economic_life(operating, first, last, case.economic_limit)
    warnings: list[str] = []
    if life < first:
        warnings.append(
            "the operating cash flow is negative from the first producing month: under these "
            "terms the well is uneconomic and produces nothing before its economic limit"
        )
    abandonment_month = case.costs.abandonment_at(max(life, 0))
    end = max(life, abandonment_month, int(np.nonzero(capex_gross)[0].max(initial=0)))
    size = end + 1
    cut = np.arange(max(size, length)) > life
    columns: dict[str, np.ndarray] = {"month": np.arange(size, dtype=float)}

    def keep(values: np.ndarray) -> np.ndarray:
        values = _pad(np.asarray(values, float), max(size, length)).copy()
        values[cut] = 0.0
        return values[:size]

    def keep_price(values: np.ndarray, volume: np.ndarray) -> np.ndarray:
        padded = _pad(np.asarray(values, float), size).copy()
        padded[(_pad(volume, size) <= 0) | cut[:size]] = np.nan
        return padded

    columns["oil_bbl"] = keep(oil)
    columns["gas_mcf"] = keep(gas)
    columns["sales_gas_mcf"] = keep(sales_gas)
    columns["ngl_bbl"] = keep(ngl)
    columns["water_bbl"] = keep(water)
    columns["working_interest"] = _extend(wi, size)
    columns["net_revenue_interest"] = _extend(nri, size)
    for phase in PHASES:
        columns[f"net_{phase}_bbl" if phase != "gas" else "net_gas_mcf"] = keep(
            parts["volume"][phase]
        )
    for phase in PHASES:
        columns[f"{phase}_price"] = keep_price(benchmark[phase], sold[phase])
        columns[f"{phase}_price_realised"] = keep_price(realised[phase], sold[phase])
    for phase in PHASES:
        columns[f"{phase}_revenue"] = keep(parts["revenue"][phase])
    columns["gross_revenue"] = keep(gross["oil"] + gross["gas"] + gross["ngl"])
    columns["net_revenue"] = keep(parts["net_revenue"])
    columns["severance_tax"] = keep(parts["severance"])
    columns["ad_valorem_tax"] = keep(parts["ad_valorem"])
    columns["opex"] = keep(parts["opex"])
    columns["operating_cash_flow"] = keep(operating)
    columns["capex"] = _pad(parts["capex"], size)
    abandonment = np.zeros(size)
    if case.costs.abandonment:
        factor = escalation_factors(size, case.costs.capex_escalation)[abandonment_month]
        share = columns["working_interest"][abandonment_month]
        abandonment[abandonment_month] = case.costs.abandonment * factor * share
    columns["abandonment"] = abandonment
    columns["net_cash_flow"] = (
        columns["operating_cash_flow"] - columns["capex"] - columns["abandonment"]
    )
    late = [m for m in np.nonzero(columns["capex"])[0] if m > life]
    if late:
        warnings.append(
            f"capex in month {', '.join(str(int(m)) for m in late)} falls after the economic "
            f"limit (month {max(life, 0)}); it is still counted"
        )
    income = case.taxes.income
    if income is not None:
        taxes = income_tax(
            income,
            operating=columns["operating_cash_flow"],
            net_revenue=columns["net_revenue"],
            capex=columns["capex"],
            abandonment=columns["abandonment"],
            life_end=max(life, abandonment_month),
        )
        columns.update(taxes)
        columns["after_tax_cash_flow"] = columns["net_cash_flow"] - taxes["income_tax"]
    return Flows(
        columns=columns,
        life=int(life),
        first_production=first,
        reversion_payout=payout,
        abandonment_month=int(abandonment_month),
        after_tax=income is not None,
        warnings=warnings,
    )


def _economic_life(operating: np.ndarray, first: int, last: int, mode: str) -> int:
    """The last month of the economic life (first - 1 when not even the first month pays)."""
    if mode == "none":
        return last
    window = operating[first : last + 1]
    if mode == "last_positive":
        positive = np.nonzero(window > 0)[0]
        return first + int(positive[-1]) if len(positive) else first - 1
    negative = np.nonzero(window < 0)[0]
    return first + int(negative[0]) - 1 if len(negative) else last


def total_columns(flows: list[Flows]) -> dict[str, np.ndarray]:
    """The wells' monthly columns added up (prices from the first well that has them)."""
    size = max(f.length for f in flows)
    total: dict[str, np.ndarray] = {"month": np.arange(size, dtype=float)}
    for key in ADDITIVE:
        present = [f.columns[key] for f in flows if key in f.columns]
        if present:
            total[key] = sum((_pad(c, size) for c in present), np.zeros(size))
    for phase in PHASES:
        for key in (f"{phase}_price", f"{phase}_price_realised"):
            merged = np.full(size, np.nan)
            for f in flows:
                values = f.columns[key]
                missing = np.isnan(merged[: len(values)])
                merged[: len(values)][missing] = values[missing]
            total[key] = merged
    return total
