"""A month-by-month cash flow written out with plain loops, for the economics corpus.

Independent of ``agents.tools.economics``: the corpus checks the agent's figures against
this, so a bug in the tool cannot hide in a shared helper. Terms use this module's own
names (see ``Terms``); volumes are gross monthly barrels and Mcf from month 1, and
``start`` is month 1's (year, month).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Terms:
    oil: float | list[tuple[int, float]] | None = None  # flat $/bbl, or [(year, price)]
    gas: float | list[tuple[int, float]] | None = None  # flat $/Mcf (or $/MMBtu), or a deck
    price_escalation: float = 0.0
    oil_diff: float = 0.0
    oil_diff_pct: float = 0.0
    gas_diff: float = 0.0
    gas_diff_pct: float = 0.0
    gas_per_mmbtu: bool = False
    heating_value: float = 1.026
    shrink: float = 0.0
    ngl_yield: float = 0.0  # bbl per MMcf of wellhead gas
    ngl_price: float | None = None
    ngl_pct_of_oil: float | None = None
    gas_sold: bool = True
    wi: float = 1.0
    nri: float | None = None
    royalty: float = 0.0
    orri: float = 0.0
    apo_wi: float | None = None
    apo_nri: float | None = None
    split_payout_month: bool = False
    sev_oil: float = 0.0
    sev_gas: float = 0.0
    sev_ngl: float = 0.0
    sev_gas_per_mcf: float = 0.0
    ad_valorem: float = 0.0
    fixed: float = 0.0
    oil_opex: float = 0.0
    gas_opex: float = 0.0
    boe_opex: float = 0.0
    opex_escalation: float = 0.0
    capex: list[tuple[int, float]] = field(default_factory=list)  # (month, $)
    abandonment: float = 0.0
    abandonment_delay: int = 0
    abandonment_month: int | None = None
    capex_escalation: float = 0.0  # capex and abandonment, stepped yearly from month 1
    limit: bool = True
    last_positive: bool = False  # the life ends with the last positive month
    horizon_months: int | None = None
    rate: float = 0.10
    timing: str = "end"
    period_months: int = 1
    tax_rate: float | None = None
    depreciation_years: float = 7.0
    intangible: float = 0.0
    depletion: float = 0.0


def _price_at(price, year: int, month_index: int, escalation: float) -> float:
    """A flat price escalated by project year, or a deck's price for a calendar year."""
    if isinstance(price, int | float):
        return float(price) * (1 + escalation) ** ((month_index - 1) // 12)
    years = sorted(price)
    chosen = years[0][1]
    for deck_year, deck_price in years:
        if year >= deck_year:
            chosen = deck_price
    last_year = years[-1][0]
    if escalation and year > last_year:
        chosen *= (1 + escalation) ** (year - last_year)
    return float(chosen)


def monthly(
    terms: Terms, oil: list[float], gas: list[float], start: tuple[int, int]
) -> list[float]:
    """The net cash flow of months 0..L (before income tax unless a tax rate is given)."""
    t = terms
    n = len(oil) if t.horizon_months is None else min(len(oil), t.horizon_months)
    nri = t.nri if t.nri is not None else t.wi * (1 - t.royalty - t.orri)
    apo = None
    if t.apo_wi is not None or t.apo_nri is not None:
        apo_wi = t.apo_wi if t.apo_wi is not None else t.wi
        apo_nri = t.apo_nri if t.apo_nri is not None else nri * apo_wi / t.wi
        apo = (apo_wi, apo_nri)

    def operating(m: int, wi: float, share: float) -> float:
        year = start[0] + (start[1] - 1 + m - 1) // 12
        o, g = oil[m - 1], gas[m - 1]
        oil_price = _price_at(t.oil, year, m, t.price_escalation) if o else 0.0
        oil_real = oil_price * (1 + t.oil_diff_pct) + t.oil_diff
        revenue_oil = o * oil_real * share
        revenue_gas = 0.0
        sales = g * (1 - t.shrink)
        if g and t.gas_sold and t.gas is not None:
            gas_price = _price_at(t.gas, year, m, t.price_escalation)
            gas_real = gas_price * (1 + t.gas_diff_pct) + t.gas_diff
            if t.gas_per_mmbtu:
                gas_real *= t.heating_value
            revenue_gas = sales * gas_real * share
        ngl = g / 1000 * t.ngl_yield
        revenue_ngl = 0.0
        if ngl:
            ngl_price = t.ngl_price if t.ngl_price is not None else t.ngl_pct_of_oil * oil_price
            revenue_ngl = ngl * ngl_price * share
        severance = (
            revenue_oil * t.sev_oil
            + revenue_gas * t.sev_gas
            + revenue_ngl * t.sev_ngl
            + sales * share * t.sev_gas_per_mcf
        )
        ad_valorem = (revenue_oil + revenue_gas + revenue_ngl - severance) * t.ad_valorem
        boe = o + g / 6 + ngl
        opex = (t.fixed + t.oil_opex * o + t.gas_opex * g + t.boe_opex * boe) * (
            1 + t.opex_escalation
        ) ** ((m - 1) // 12)
        return revenue_oil + revenue_gas + revenue_ngl - severance - ad_valorem - opex * wi

    def capex_growth(month: int) -> float:
        return (1 + t.capex_escalation) ** ((month - 1) // 12) if month >= 1 else 1.0

    capex = {}
    for month, amount in t.capex:
        capex[month] = capex.get(month, 0.0) + amount * capex_growth(month)
    # Months 1..n: operating cash flow and capex at the interests of the month.
    op = [0.0] * (n + 1)
    spent = [capex.get(0, 0.0) * t.wi] + [0.0] * n
    wi_of = [t.wi] * (n + 1)
    cumulative = -spent[0]
    paid_out = apo is None
    wi_now, nri_now = t.wi, nri
    for m in range(1, n + 1):
        before = operating(m, wi_now, nri_now)
        cost = capex.get(m, 0.0) * wi_now
        op[m], spent[m], wi_of[m] = before, cost, wi_now
        if not paid_out and cumulative < 0 and cumulative + before - cost >= 0:
            paid_out = True
            if t.split_payout_month:
                share = -cumulative / (before - cost)
                op[m] = share * before + (1 - share) * operating(m, apo[0], apo[1])
                spent[m] = share * cost + (1 - share) * capex.get(m, 0.0) * apo[0]
            cumulative += op[m] - spent[m]
            wi_now, nri_now = apo
            continue
        cumulative += before - cost
    life = n
    if t.limit and t.last_positive:
        life = max((m for m in range(1, n + 1) if op[m] > 0), default=0)
    elif t.limit:
        life = next((m - 1 for m in range(1, n + 1) if op[m] < 0), n)
    last_capex = max([m for m in capex if capex[m]], default=0)
    if t.abandonment_month is not None:
        at, wi_at = t.abandonment_month, wi_of[min(t.abandonment_month, n)]
    else:
        at, wi_at = life + t.abandonment_delay, wi_of[min(life, n)]
    size = max(life, last_capex, at) + 1
    ops = [op[m] if m <= life else 0.0 for m in range(size)]
    costs = [spent[m] if m < len(spent) else 0.0 for m in range(size)]
    aband = [0.0] * size
    aband[at] = t.abandonment * wi_at * capex_growth(at)
    flows = [ops[m] - costs[m] - aband[m] for m in range(size)]
    if t.tax_rate is not None:
        flows = _after_tax(t, ops, costs, aband, life, oil, gas, nri, start)
    return flows


def _after_tax(t, ops, costs, aband, life, oil, gas, nri, start):
    """Taxable income = operating - expensed capex - depreciation - depletion - abandonment."""
    size = len(ops)
    months = round(t.depreciation_years * 12)
    dep = [0.0] * size
    for m, spent in enumerate(costs):
        tangible = spent * (1 - t.intangible)
        first = max(m, 1)
        for k in range(first, min(first + months, size)):
            dep[k] += tangible / months
    end = min(max(life, 1), size - 1)
    written_off = sum(c * (1 - t.intangible) for c in costs) - sum(dep[: end + 1])
    dep = [d if k <= end else 0.0 for k, d in enumerate(dep)]
    dep[end] += max(written_off, 0.0)
    out = []
    for m in range(size):
        revenue = _net_revenue(t, m, oil, gas, nri, start) if 1 <= m <= life else 0.0
        before = ops[m] - costs[m] * t.intangible - dep[m] - aband[m]
        depletion = min(t.depletion * max(revenue, 0.0), max(before, 0.0))
        tax = t.tax_rate * (before - depletion)
        out.append(ops[m] - costs[m] - aband[m] - tax)
    return out


def _net_revenue(t, m, oil, gas, nri, start):
    year = start[0] + (start[1] - 1 + m - 1) // 12
    o, g = oil[m - 1], gas[m - 1]
    revenue = o * (_price_at(t.oil, year, m, t.price_escalation) + t.oil_diff) * nri
    if g and t.gas is not None and t.gas_sold:
        revenue += g * (_price_at(t.gas, year, m, t.price_escalation) + t.gas_diff) * nri
    return revenue


def npv(terms: Terms, flows: list[float], rate: float | None = None) -> float:
    """NPV of the monthly flows in periods of ``terms.period_months``, end or mid period."""
    r = terms.rate if rate is None else rate
    length = terms.period_months
    total = flows[0]
    period = 0
    for start in range(1, len(flows), length):
        period += 1
        value = sum(flows[start : start + length])
        years = (period - 0.5 if terms.timing == "mid" else period) * length / 12
        total += value / (1 + r) ** years
    return total


def irr(terms: Terms, flows: list[float]) -> float:
    """The annual rate with NPV = 0, by bisection between -90% and 1000%."""
    low, high = -0.9, 10.0
    for _ in range(200):
        mid = (low + high) / 2
        if npv(terms, flows, mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def breakeven(terms: Terms, phase: str, oil, gas, start) -> float:
    """The flat price of ``phase`` with NPV = 0, by bisection."""
    low, high = 0.0, 1000.0
    for _ in range(200):
        mid = (low + high) / 2
        trial = Terms(**{**terms.__dict__, phase: mid, "price_escalation": terms.price_escalation})
        if npv(trial, monthly(trial, oil, gas, start)) > 0:
            high = mid
        else:
            low = mid
    return (low + high) / 2


# --------------------------------------------------------------------------- the corpus


@dataclass
class Case:
    """One phrasing: the arguments it must bind (a subset of the economics call's), the
    terms of the reference cash flow, and what else the answer must say."""

    question: str
    args: dict
    terms: Terms | None = None
    setup: str = "forecast"  # forecast (oil and gas), oil_forecast, wells, strip
    check: str = "npv"  # npv, irr, breakeven_oil, breakeven_gas, none
    says: tuple[str, ...] = ()
    not_used: tuple[str, ...] = ()  # figures the answer must name as not used


START = (2027, 1)
MONTHS = 120
OIL = [4000.0 * 0.965**k for k in range(MONTHS)]
GAS = [1.8 * o for o in OIL]
