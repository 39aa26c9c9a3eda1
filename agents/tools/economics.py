"""Economics: monthly cash flow, NPV (PV10), IRR, payback, profitability index, break-even.

Conventions (the answers state them):
- volumes are gross (8/8ths); revenue is taken at the net revenue interest (NRI), costs at
  the working interest (WI). NRI = WI x (1 - royalty) unless given.
- realised price = benchmark price + differential (a discount is a negative differential).
- severance tax is a fraction of net revenue; ad valorem tax a fraction of net revenue
  after severance.
- month 0 is "now" (capex by default, undiscounted); production months are 1, 2, ...
- the discount rate is an annual effective rate compounded monthly: a cash flow in month
  m is discounted by (1 + r)^(-m/12) (end of month) or (1 + r)^(-(m - 0.5)/12) (mid-month).
- IRR is the annual effective rate at which that NPV is zero.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy_financial as npf
import pandas as pd
from scipy.optimize import bisect, brentq

from agents.tools.common import (
    add_table_row,
    find_column,
    fmt,
    jsonable,
    money,
    normalise,
    numeric,
    parse_dates,
    percent,
    read_row_frame,
)
from agents.tools.registry import ToolContext, ToolError, tool

GAS_HEAT_CONTENT_MMBTU_PER_MCF = 1.026  # EPA Subpart C default HHV of natural gas
SENSITIVITY = 0.20


@dataclass
class Terms:
    """Prices, interests, taxes and costs for a cash flow; every field has a stated meaning."""

    oil_price: float | None = None  # $/bbl benchmark
    gas_price: float | None = None  # $/mcf benchmark
    ngl_price: float | None = None  # $/bbl
    oil_differential: float = 0.0  # $/bbl added to the benchmark
    gas_differential: float = 0.0  # $/mcf
    ngl_differential: float = 0.0
    working_interest: float = 1.0
    net_revenue_interest: float | None = None
    royalty: float | None = None
    severance_tax: float = 0.0  # fraction of net revenue
    severance_tax_gas: float | None = None  # overrides severance_tax for gas
    ad_valorem_tax: float = 0.0  # fraction of net revenue after severance
    fixed_opex_per_month: float = 0.0  # $ gross per month
    oil_opex_per_bbl: float = 0.0
    gas_opex_per_mcf: float = 0.0
    water_opex_per_bbl: float = 0.0
    capex: list[tuple[int, float]] = field(default_factory=list)  # (month, $ gross)
    abandonment_cost: float = 0.0  # $ gross, in the last month of the economic life
    discount_rate: float = 0.10
    timing: str = "end"  # "end" or "mid" of month
    truncate_at_economic_limit: bool = True

    @property
    def nri(self) -> float:
        if self.net_revenue_interest is not None:
            return self.net_revenue_interest
        return self.working_interest * (1.0 - (self.royalty or 0.0))

    def check(self) -> None:
        for name in ("working_interest", "severance_tax", "ad_valorem_tax"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ToolError(f"{name} must be a fraction between 0 and 1 (got {value}).")
        for name in ("net_revenue_interest", "royalty", "severance_tax_gas"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ToolError(f"{name} must be a fraction between 0 and 1 (got {value}).")
        if self.discount_rate <= -1:
            raise ToolError("The discount rate must be above -100%.")
        if self.timing not in ("end", "mid"):
            raise ToolError("timing must be 'end' or 'mid' (of month).")


def discount_factors(months: np.ndarray, rate: float, timing: str = "end") -> np.ndarray:
    """(1 + r)^(-m/12), or mid-month (1 + r)^(-(m - 0.5)/12) for m >= 1; month 0 is 1."""
    months = np.asarray(months, dtype=float)
    exponent = months if timing == "end" else np.where(months > 0, months - 0.5, 0.0)
    return np.power(1.0 + rate, -exponent / 12.0)


def npv_monthly(flows: np.ndarray, months: np.ndarray, rate: float, timing: str = "end") -> float:
    return float(np.sum(np.asarray(flows, float) * discount_factors(months, rate, timing)))


def irr_annual(flows: np.ndarray, months: np.ndarray, timing: str = "end") -> float | None:
    """The annual effective rate with zero NPV, or None when there is no sign change.

    Solved for the continuous rate x = ln(1 + r) by Brent's method; below zero the NPV is
    rescaled by a positive factor so that nothing overflows, which keeps its sign and root.
    """
    flows = np.asarray(flows, float)
    if not (np.any(flows < 0) and np.any(flows > 0)):
        return None
    months = np.asarray(months, float)
    exponent = (months if timing == "end" else np.where(months > 0, months - 0.5, 0.0)) / 12.0
    latest = float(exponent.max())

    def h(x: float) -> float:
        if x < 0:
            return float(np.sum(flows * np.exp(x * (latest - exponent))))
        return float(np.sum(flows * np.exp(-x * exponent)))

    # Scan from high rates down (r from e^6 - 1 to -99.8%) and take the first sign change:
    # with an abandonment cost at the end there can be a second, meaningless low root.
    grid = np.linspace(6.0, -6.0, 1201)
    x = grid[:, None]
    values = np.where(
        grid < 0,
        (flows * np.exp(np.minimum(x, 0) * (latest - exponent))).sum(axis=1),
        (flows * np.exp(-np.maximum(x, 0) * exponent)).sum(axis=1),
    )
    changes = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) <= 0)[0]
    if len(changes) == 0:
        return None
    k = int(changes[0])
    if values[k] == 0:
        return float(math.expm1(grid[k]))
    root = brentq(h, grid[k + 1], grid[k], xtol=1e-14, rtol=1e-13, maxiter=500)
    return float(math.expm1(root))


def payback_period(flows: np.ndarray, periods: np.ndarray) -> float | None:
    """The first period at which the cumulative cash flow turns from negative to >= 0."""
    cumulative = np.cumsum(np.asarray(flows, float))
    if not np.any(cumulative < 0):
        return None
    went_negative = False
    for period, value in zip(periods, cumulative, strict=True):
        if value < 0:
            went_negative = True
        elif went_negative:
            return float(period)
    return None


@dataclass
class Volumes:
    """Gross monthly volumes for months 1..N (and their calendar dates when known)."""

    oil: np.ndarray
    gas: np.ndarray
    ngl: np.ndarray
    water: np.ndarray
    dates: list[pd.Timestamp | None]

    @property
    def months(self) -> int:
        return len(self.oil)


def cash_flow(volumes: Volumes, terms: Terms) -> pd.DataFrame:
    """The monthly cash flow table (month 0 + production months), truncated at the limit."""
    terms.check()
    n = volumes.months
    months = np.arange(0, n + 1)
    oil = np.r_[0.0, volumes.oil]
    gas = np.r_[0.0, volumes.gas]
    ngl = np.r_[0.0, volumes.ngl]
    water = np.r_[0.0, volumes.water]
    needs = [
        ("oil", oil, terms.oil_price),
        ("gas", gas, terms.gas_price),
        ("NGL", ngl, terms.ngl_price),
    ]
    for label, volume, price in needs:
        if volume.sum() > 0 and price is None:
            raise ToolError(f"There is {label} production but no {label} price: what price?")
    oil_real = (terms.oil_price or 0.0) + terms.oil_differential
    gas_real = (terms.gas_price or 0.0) + terms.gas_differential
    ngl_real = (terms.ngl_price or 0.0) + terms.ngl_differential
    gross_oil = oil * oil_real
    gross_gas = gas * gas_real
    gross_ngl = ngl * ngl_real
    nri = terms.nri
    net_oil, net_gas, net_ngl = gross_oil * nri, gross_gas * nri, gross_ngl * nri
    net_revenue = net_oil + net_gas + net_ngl
    gas_sev = terms.severance_tax if terms.severance_tax_gas is None else terms.severance_tax_gas
    severance = (net_oil + net_ngl) * terms.severance_tax + net_gas * gas_sev
    ad_valorem = (net_revenue - severance) * terms.ad_valorem_tax
    wi = terms.working_interest
    producing = months >= 1
    opex = wi * (
        producing * terms.fixed_opex_per_month
        + oil * terms.oil_opex_per_bbl
        + gas * terms.gas_opex_per_mcf
        + water * terms.water_opex_per_bbl
    )
    operating = net_revenue - severance - ad_valorem - opex
    life = n
    if terms.truncate_at_economic_limit:
        positive = np.nonzero((operating > 0) & producing)[0]
        life = int(positive[-1]) if len(positive) else 0
    capex = np.zeros(n + 1)
    for month, amount in terms.capex:
        if month < 0:
            raise ToolError("Capex months count from 0 (now); a negative month is not usable.")
        if month > n:
            raise ToolError(f"Capex in month {month} falls after the last forecast month ({n}).")
        capex[int(month)] += wi * amount
    abandonment = np.zeros(n + 1)
    abandonment[life] += wi * terms.abandonment_cost
    keep = months <= max(life, int(max((m for m, _ in terms.capex), default=0)))
    table = pd.DataFrame(
        {
            "month": months,
            "date": [None, *volumes.dates],
            "oil_bbl": oil,
            "gas_mcf": gas,
            "ngl_bbl": ngl,
            "water_bbl": water,
            "oil_price_realised": np.where(oil > 0, oil_real, np.nan),
            "gas_price_realised": np.where(gas > 0, gas_real, np.nan),
            "gross_revenue": gross_oil + gross_gas + gross_ngl,
            "net_revenue": net_revenue,
            "severance_tax": severance,
            "ad_valorem_tax": ad_valorem,
            "opex": opex,
            "operating_cash_flow": operating,
            "capex": capex,
            "abandonment": abandonment,
        }
    )
    after_life = months > life
    for column in (
        "oil_bbl",
        "gas_mcf",
        "ngl_bbl",
        "water_bbl",
        "gross_revenue",
        "net_revenue",
        "severance_tax",
        "ad_valorem_tax",
        "opex",
        "operating_cash_flow",
    ):
        table.loc[after_life, column] = 0.0
    table = table[keep].copy()
    table["net_cash_flow"] = table["operating_cash_flow"] - table["capex"] - table["abandonment"]
    table["cumulative_cash_flow"] = table["net_cash_flow"].cumsum()
    table["discount_factor"] = discount_factors(
        table["month"].to_numpy(), terms.discount_rate, terms.timing
    )
    table["discounted_cash_flow"] = table["net_cash_flow"] * table["discount_factor"]
    table.attrs["economic_life_months"] = life
    return table


def indicators(table: pd.DataFrame, terms: Terms) -> dict[str, Any]:
    flows = table["net_cash_flow"].to_numpy(float)
    months = table["month"].to_numpy(float)
    npv = npv_monthly(flows, months, terms.discount_rate, terms.timing)
    pv_capex = float(
        np.sum(
            table["capex"].to_numpy(float)
            * discount_factors(months, terms.discount_rate, terms.timing)
        )
    )
    nonzero = flows[np.abs(flows) > 1e-9]
    # An IRR only means something for an investment: money out first, then money back.
    conventional = len(nonzero) > 0 and nonzero[0] < 0
    return {
        "npv": npv,
        "irr_annual": irr_annual(flows, months, terms.timing) if conventional else None,
        "payback_month": payback_period(flows, months),
        "profitability_index": (1.0 + npv / pv_capex) if pv_capex > 0 else None,
        "pv_capex": pv_capex,
        "undiscounted_net_cash_flow": float(flows.sum()),
        "economic_life_months": int(table.attrs.get("economic_life_months", 0)),
    }


def npv_for(volumes: Volumes, terms: Terms) -> float:
    table = cash_flow(volumes, terms)
    return npv_monthly(
        table["net_cash_flow"].to_numpy(float),
        table["month"].to_numpy(float),
        terms.discount_rate,
        terms.timing,
    )


def breakeven_price(volumes: Volumes, terms: Terms, product: str) -> float | None:
    """The benchmark price of ``product`` ("oil" or "gas") giving NPV = 0, by bisection.

    None when even a zero price pays out (NPV > 0) or no price up to $10,000 does.
    """
    key = f"{product}_price"

    def f(price: float) -> float:
        return npv_for(volumes, replace(terms, **{key: price}))

    low = 0.0
    if f(low) >= 0:
        return None
    high = max(getattr(terms, key) or 0.0, 10.0)
    while f(high) < 0:
        high *= 2
        if high > 10_000:
            return None
    return float(bisect(f, low, high, xtol=1e-9, maxiter=200))


def sensitivities(volumes: Volumes, terms: Terms) -> list[dict[str, Any]]:
    """NPV with prices, opex and capex each moved by -20% and +20%."""
    cases = []
    for factor in (1 - SENSITIVITY, 1 + SENSITIVITY):
        price_terms = replace(
            terms,
            oil_price=None if terms.oil_price is None else terms.oil_price * factor,
            gas_price=None if terms.gas_price is None else terms.gas_price * factor,
            ngl_price=None if terms.ngl_price is None else terms.ngl_price * factor,
        )
        opex_terms = replace(
            terms,
            fixed_opex_per_month=terms.fixed_opex_per_month * factor,
            oil_opex_per_bbl=terms.oil_opex_per_bbl * factor,
            gas_opex_per_mcf=terms.gas_opex_per_mcf * factor,
            water_opex_per_bbl=terms.water_opex_per_bbl * factor,
        )
        capex_terms = replace(terms, capex=[(m, a * factor) for m, a in terms.capex])
        for name, case in (("prices", price_terms), ("opex", opex_terms), ("capex", capex_terms)):
            cases.append({"variable": name, "change": factor - 1, "npv": npv_for(volumes, case)})
    return cases


# --------------------------------------------------------------------------- inputs


def volumes_from_table(frame: pd.DataFrame, *, well: str | None) -> tuple[Volumes, list[str]]:
    """Forecast months from a decline table (or any monthly volume table)."""
    notes = []
    data = frame.copy()
    if "segment" in data.columns:
        data = data[data["segment"].astype(str).str.lower() == "forecast"]
        if data.empty:
            raise ToolError("That table has no forecast months (segment = forecast).")
    if "well" in data.columns:
        if well:
            data = data[data["well"].astype(str).str.lower() == str(well).lower()]
            if data.empty:
                raise ToolError(f"No well {well!r} in that table.")
        elif data["well"].nunique() > 1:
            notes.append(f"the {data['well'].nunique()} wells' volumes were added month by month")
    columns = {
        "oil": find_column(
            data,
            include=[r"^oil bbl$", r"^oil\b(?!.*rate)"],
            exclude=[r"cum", r"price", r"rate", r"usd"],
        ),
        "gas": find_column(
            data,
            include=[r"^gas mcf$", r"^gas\b(?!.*rate)"],
            exclude=[r"cum", r"price", r"rate", r"usd"],
        ),
        "ngl": find_column(data, include=[r"^ngl"], exclude=[r"cum", r"price", r"rate"]),
        "water": find_column(data, include=[r"^water"], exclude=[r"cum", r"price", r"rate"]),
    }
    if columns["oil"] is None and columns["gas"] is None:
        if find_column(data, include=[r"\bboe\b"]) is not None:
            raise ToolError(
                "That forecast is in BOE; prices need oil and gas apart. Forecast oil (and gas) "
                "or give the volumes inline."
            )
        raise ToolError(
            "I found no monthly oil or gas volume column (oil_bbl, gas_mcf) in that table."
        )
    if "date" in data.columns:
        data = data.assign(_date=parse_dates(data["date"]))
        grouped = data.groupby("_date", sort=True)
        summed = {
            k: grouped[c].apply(lambda s: numeric(s).fillna(0).sum()) if c else None
            for k, c in columns.items()
        }
        index = next(v.index for v in summed.values() if v is not None)
        dates = list(index)
    else:
        summed = {k: numeric(data[c]).fillna(0) if c else None for k, c in columns.items()}
        index = data.index
        dates = [None] * len(data)
    n = len(index)

    def arr(key: str) -> np.ndarray:
        values = summed[key]
        return np.zeros(n) if values is None else np.asarray(values, float)

    return Volumes(arr("oil"), arr("gas"), arr("ngl"), arr("water"), dates), notes


def _fraction(value: float, unit: str, item: str, notes: list[str]) -> float:
    if "%" in unit or "percent" in unit or "pct" in unit:
        return value / 100.0
    if value > 1:
        notes.append(f"{item} {value:g} read as {value:g}%")
        return value / 100.0
    return value


def terms_from_sheet(frame: pd.DataFrame) -> tuple[dict[str, Any], list[str], list[str]]:
    """Terms from a cost sheet with item, value, unit (and month for capex) columns.

    Returns (terms as keyword arguments, notes, ignored items). Several opex lines of the
    same kind (gathering + processing $/mcf) add up.
    """
    item_col = find_column(
        frame,
        include=[r"\bitem\b", r"\bparameter\b", r"\bname\b", r"\bdescription\b", r"\bcategory\b"],
    )
    value_col = find_column(frame, include=[r"\bvalue\b", r"\bamount\b", r"\bcost\b", r"\bprice\b"])
    if item_col is None or value_col is None:
        raise ToolError(
            "The cost sheet needs an item (or parameter) column and a value column; "
            f"its columns are: {', '.join(map(str, frame.columns))}."
        )
    unit_col = find_column(frame, include=[r"\bunits?\b", r"\buom\b"])
    month_col = find_column(frame, include=[r"\bmonth\b", r"\btiming\b", r"\bperiod\b"])
    terms: dict[str, Any] = {}
    notes: list[str] = []
    ignored: list[str] = []
    capex: list[tuple[int, float]] = []

    def add(key: str, value: float) -> None:
        terms[key] = terms.get(key, 0.0) + value

    for _, line in frame.iterrows():
        item = str(line[item_col])
        value = numeric(pd.Series([line[value_col]])).iloc[0]
        if pd.isna(value):
            continue
        value = float(value)
        unit = str(line[unit_col]).lower() if unit_col and pd.notna(line[unit_col]) else ""
        words = normalise(item)
        unit_words = normalise(unit)
        product = (
            "gas"
            if re.search(r"\bgas\b|\bmcf\b|\bmmbtu\b", words + " " + unit_words)
            else "ngl"
            if "ngl" in words
            else "oil"
        )
        per_mmbtu = "mmbtu" in unit_words
        if per_mmbtu and product == "gas":
            notes.append(
                f"{item} converted from $/MMBtu to $/mcf at "
                f"{GAS_HEAT_CONTENT_MMBTU_PER_MCF} MMBtu/mcf"
            )
            value *= GAS_HEAT_CONTENT_MMBTU_PER_MCF
        if re.search(r"abandon|\bplug|\bp a\b|decommission", words):
            add("abandonment_cost", value)
        elif re.search(r"capex|capital|drill|complet|facilit|hook ?up|tie ?in", words):
            month = 0
            if month_col and pd.notna(line[month_col]):
                month = int(float(numeric(pd.Series([line[month_col]])).iloc[0] or 0))
            capex.append((month, value))
        elif re.search(r"differential|\bdiff\b|basis|deduct", words):
            add(f"{product}_differential", value)
        elif re.search(r"price|\bwti\b|henry hub|\bbrent\b|realis|realiz", words):
            terms[f"{product}_price"] = value
        elif re.search(r"working interest|\bwi\b", words):
            terms["working_interest"] = _fraction(value, unit, item, notes)
        elif re.search(r"net revenue|\bnri\b", words):
            terms["net_revenue_interest"] = _fraction(value, unit, item, notes)
        elif re.search(r"royalt", words):
            terms["royalty"] = _fraction(value, unit, item, notes)
        elif re.search(r"severance|production tax", words):
            key = "severance_tax_gas" if product == "gas" else "severance_tax"
            terms[key] = _fraction(value, unit, item, notes)
        elif re.search(r"ad valorem|property tax", words):
            terms["ad_valorem_tax"] = _fraction(value, unit, item, notes)
        elif re.search(r"discount", words):
            terms["discount_rate"] = _fraction(value, unit, item, notes)
        elif re.search(
            r"opex|\bloe\b|operating|lifting|disposal|gathering|transport|"
            r"processing|compression|\bswd\b",
            words,
        ):
            if re.search(r"per (year|yr|annum)", unit_words):
                add("fixed_opex_per_month", value / 12.0)
            elif re.search(r"per (month|mo|well month)|month", unit_words):
                add("fixed_opex_per_month", value)
            elif re.search(r"water|disposal|\bswd\b", words) and "bbl" in unit_words:
                add("water_opex_per_bbl", value)
            elif re.search(r"mcf|mmbtu", unit_words):
                add("gas_opex_per_mcf", value)
            elif re.search(r"\bbbl\b|\bboe\b", unit_words):
                add("oil_opex_per_bbl", value)
            else:
                ignored.append(f"{item} (unit {unit or 'missing'}: per month, per bbl or per mcf?)")
        else:
            ignored.append(item)
    if capex:
        terms["capex"] = capex
    return terms, notes, ignored


_TERM_FIELDS = set(Terms.__dataclass_fields__)


@tool(
    name="cash_flow_economics",
    description=(
        "Monthly cash flow and economics of a production forecast (a decline forecast table "
        "row, or monthly volumes given inline) with prices, differentials, working interest, "
        "NRI/royalty, severance and ad valorem taxes, fixed and variable opex, capex timing "
        "and abandonment (from a cost-sheet row and/or arguments): NPV at any rate (PV10 "
        "default), IRR, payback month, profitability index, break-even price and +/-20% "
        "sensitivities. Writes the monthly cash-flow table (and a chart)."
    ),
    parameters={
        "type": "object",
        "properties": {
            "forecast_rowid": {
                "type": "integer",
                "minimum": 1,
                "description": "Row of a forecast table (oil_bbl/gas_mcf).",
            },
            "costs_rowid": {
                "type": "integer",
                "minimum": 1,
                "description": "Row of a cost sheet (item, value, unit, month).",
            },
            "well": {"type": "string", "description": "Only this well of a multi-well forecast."},
            "oil_volumes": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "description": "Monthly gross oil, bbl, months 1..N.",
            },
            "gas_volumes": {
                "type": "array",
                "items": {"type": "number", "minimum": 0},
                "description": "Monthly gross gas, mcf, months 1..N.",
            },
            "gor_scf_per_bbl": {
                "type": "number",
                "minimum": 0,
                "description": "Gas-oil ratio to derive gas from oil.",
            },
            "ngl_yield_bbl_per_mmcf": {"type": "number", "minimum": 0},
            "oil_price": {"type": "number", "description": "$/bbl benchmark."},
            "gas_price": {"type": "number", "description": "$/mcf benchmark."},
            "ngl_price": {"type": "number", "description": "$/bbl."},
            "oil_differential": {
                "type": "number",
                "description": "$/bbl added to the price (discount < 0).",
            },
            "gas_differential": {"type": "number", "description": "$/mcf added to the price."},
            "ngl_differential": {"type": "number"},
            "working_interest": {"type": "number", "minimum": 0, "maximum": 1},
            "net_revenue_interest": {"type": "number", "minimum": 0, "maximum": 1},
            "royalty": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "Royalty fraction; NRI = WI x (1 - royalty).",
            },
            "severance_tax": {"type": "number", "minimum": 0, "maximum": 1},
            "severance_tax_gas": {"type": "number", "minimum": 0, "maximum": 1},
            "ad_valorem_tax": {"type": "number", "minimum": 0, "maximum": 1},
            "fixed_opex_per_month": {"type": "number", "minimum": 0},
            "oil_opex_per_bbl": {"type": "number", "minimum": 0},
            "gas_opex_per_mcf": {"type": "number", "minimum": 0},
            "water_opex_per_bbl": {"type": "number", "minimum": 0},
            "capex": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "month": {"type": "integer", "minimum": 0},
                        "amount": {"type": "number"},
                    },
                    "required": ["month", "amount"],
                    "additionalProperties": False,
                },
                "description": "Capital spend (gross $) by month; month 0 = now.",
            },
            "abandonment_cost": {"type": "number", "minimum": 0},
            "discount_rate": {
                "type": "number",
                "exclusiveMinimum": -1,
                "description": "Annual effective, default 0.10 (PV10).",
            },
            "discount_rates": {
                "type": "array",
                "items": {"type": "number"},
                "maxItems": 12,
                "description": "Extra rates for a PV profile.",
            },
            "timing": {
                "type": "string",
                "enum": ["end", "mid"],
                "default": "end",
                "description": "Discount at end or middle of each month.",
            },
            "truncate_at_economic_limit": {"type": "boolean", "default": True},
            "breakeven_on": {"type": "string", "enum": ["oil", "gas"]},
            "chart": {"type": "boolean", "default": True},
        },
        "required": [],
        "additionalProperties": False,
    },
    group="economics",
)
def cash_flow_economics(ctx: ToolContext, **arguments: Any) -> dict[str, Any]:
    notes: list[str] = []
    ignored: list[str] = []
    sheet_terms: dict[str, Any] = {}
    if arguments.get("costs_rowid") is not None:
        ctx.log(f"Reading the cost sheet in row {arguments['costs_rowid']}...")
        _, sheet = read_row_frame(ctx, arguments["costs_rowid"])
        sheet_terms, sheet_notes, ignored = terms_from_sheet(sheet)
        notes += sheet_notes
    volumes, volume_notes, source = _volumes(ctx, arguments)
    notes += volume_notes
    given = {k: v for k, v in arguments.items() if k in _TERM_FIELDS and v is not None}
    if "capex" in given:
        given["capex"] = [(int(c["month"]), float(c["amount"])) for c in given["capex"]]
    merged = {**sheet_terms, **given}
    if arguments.get("timing"):
        merged["timing"] = arguments["timing"]
    terms = Terms(**merged)
    terms.check()
    ctx.log(f"Building the monthly cash flow over {volumes.months} months...")
    table = cash_flow(volumes, terms)
    result = indicators(table, terms)
    product = arguments.get("breakeven_on") or ("oil" if volumes.oil.sum() > 0 else "gas")
    ctx.log(f"Solving for the break-even {product} price (NPV = 0)...")
    breakeven = breakeven_price(volumes, terms, product)
    profile = {
        f"{rate:g}": npv_for(volumes, replace(terms, discount_rate=float(rate)))
        for rate in sorted(
            {
                0.0,
                0.05,
                terms.discount_rate,
                0.15,
                0.20,
                *map(float, arguments.get("discount_rates") or []),
            }
        )
    }
    sens = sensitivities(volumes, terms)
    convention = (
        f"annual effective {percent(terms.discount_rate)} compounded monthly, "
        f"{'end' if terms.timing == 'end' else 'middle'} of month; month 0 undiscounted"
    )
    totals = {
        "oil_bbl": float(table["oil_bbl"].sum()),
        "gas_mcf": float(table["gas_mcf"].sum()),
        "net_revenue": float(table["net_revenue"].sum()),
        "taxes": float(table["severance_tax"].sum() + table["ad_valorem_tax"].sum()),
        "opex": float(table["opex"].sum()),
        "capex": float(table["capex"].sum()),
        "abandonment": float(table["abandonment"].sum()),
    }
    assumptions = (
        f"WI {percent(terms.working_interest)}, NRI {percent(terms.nri)}"
        + (f" (royalty {percent(terms.royalty)})" if terms.net_revenue_interest is None else "")
        + f", severance {percent(terms.severance_tax)}"
        + (
            f" (gas {percent(terms.severance_tax_gas)})"
            if terms.severance_tax_gas is not None
            else ""
        )
        + f", ad valorem {percent(terms.ad_valorem_tax)}"
    )
    prices = ", ".join(
        f"{name} ${price:,.2f}{unit} {'+' if diff >= 0 else '-'} ${abs(diff):,.2f}"
        for name, price, diff, unit in (
            ("oil", terms.oil_price, terms.oil_differential, "/bbl"),
            ("gas", terms.gas_price, terms.gas_differential, "/mcf"),
            ("NGL", terms.ngl_price, terms.ngl_differential, "/bbl"),
        )
        if price is not None
    )
    date_values = [
        d.strftime("%Y-%m-%d") if d is not None and pd.notna(d) else None for d in table["date"]
    ]
    table = table.assign(date=date_values)
    data = {
        "source": source,
        "discount_rate": terms.discount_rate,
        "timing": terms.timing,
        "npv": result["npv"],
        "irr_annual": result["irr_annual"],
    }
    ctx.log("Writing the cash-flow table...")
    row = add_table_row(
        ctx,
        frame=table,
        description=(
            f"Monthly cash flow ({source}): revenue, taxes, opex, capex, net and discounted "
            f"cash flow; NPV{terms.discount_rate * 100:g} {money(result['npv'])}."
        ),
        file_name="cash_flow.csv",
        data=data,
    )
    chart_rowid = None
    if arguments.get("chart", True) and row is not None:
        from agents.tools.charts import cash_flow_chart_png

        ctx.log("Drawing the cash-flow chart...")
        png = cash_flow_chart_png(table, title=f"Monthly and cumulative cash flow ({source})")
        chart = ctx.add_row(
            type="chart",
            description=f"Chart: monthly cash flow and cumulative (table row {row.rowid}).",
            data={"source_rowid": row.rowid, "kind": "cash_flow"},
            file_name="cash_flow.png",
            content=png,
        )
        chart_rowid = chart.rowid
    irr = result["irr_annual"]
    payback = result["payback_month"]
    pi = result["profitability_index"]
    summary = (
        f"NPV at {percent(terms.discount_rate)}: {money(result['npv'])} "
        f"({convention}). IRR: {percent(irr) if irr is not None else 'not defined (no up-front investment, or no sign change in the cash flows)'}"
        f" a year. Payback: {f'month {payback:g}' if payback is not None else 'not reached' if result['pv_capex'] else 'no investment to pay back'}."
        f" Profitability index: {f'{pi:.2f}' if pi is not None else 'n/a (no capex)'}."
        f" Break-even {product} price: "
        f"{f'${breakeven:,.2f}' if breakeven is not None else 'none (NPV stays positive at $0 or negative at any price)'}"
        f"{'/bbl' if product == 'oil' and breakeven is not None else '/mcf' if breakeven is not None else ''}"
        f" benchmark. Economic life {result['economic_life_months']} months. "
        f"Prices: {prices or 'none'}; {assumptions}. Totals: {fmt(totals['oil_bbl'])} bbl oil, "
        f"{fmt(totals['gas_mcf'])} mcf gas gross; net revenue {money(totals['net_revenue'])}, "
        f"taxes {money(totals['taxes'])}, opex {money(totals['opex'])}, capex "
        f"{money(totals['capex'])}, abandonment {money(totals['abandonment'])}."
    )
    if notes:
        summary += " Notes: " + "; ".join(notes) + "."
    if ignored:
        summary += " Cost-sheet items not used: " + "; ".join(ignored) + "."
    if row is not None:
        summary += f" Cash-flow table: row {row.rowid}."
    return jsonable(
        {
            "summary": summary,
            **result,
            "breakeven_price": breakeven,
            "breakeven_product": product,
            "pv_profile": profile,
            "sensitivities": sens,
            "totals": totals,
            "discounting": convention,
            "terms": {**{k: getattr(terms, k) for k in _TERM_FIELDS}, "nri": terms.nri},
            "notes": notes,
            "ignored_cost_items": ignored,
            "cash_flow_rowid": row.rowid if row else None,
            "chart_rowid": chart_rowid,
        }
    )


def _volumes(ctx: ToolContext, arguments: dict[str, Any]) -> tuple[Volumes, list[str], str]:
    notes: list[str] = []
    if arguments.get("forecast_rowid") is not None:
        rowid = arguments["forecast_rowid"]
        ctx.log(f"Reading the forecast in row {rowid}...")
        _, frame = read_row_frame(ctx, rowid)
        volumes, notes = volumes_from_table(frame, well=arguments.get("well"))
        source = f"forecast row {rowid}"
    elif arguments.get("oil_volumes") or arguments.get("gas_volumes"):
        oil = np.asarray(arguments.get("oil_volumes") or [], float)
        gas = np.asarray(arguments.get("gas_volumes") or [], float)
        n = max(len(oil), len(gas))
        if len(oil) and len(gas) and len(oil) != len(gas):
            raise ToolError("oil_volumes and gas_volumes must have the same number of months.")
        oil = oil if len(oil) else np.zeros(n)
        gas = gas if len(gas) else np.zeros(n)
        volumes = Volumes(oil, gas, np.zeros(n), np.zeros(n), [None] * n)
        source = "volumes given inline"
    else:
        raise ToolError(
            "Which production should I value? Give a forecast row (forecast_rowid) or monthly "
            "oil_volumes / gas_volumes."
        )
    if volumes.months == 0:
        raise ToolError("The forecast has no months to value.")
    gor = arguments.get("gor_scf_per_bbl")
    if gor is not None and volumes.gas.sum() == 0:
        volumes.gas = volumes.oil * float(gor) / 1000.0
        notes.append(f"gas = oil x GOR {gor:g} scf/bbl")
    ngl_yield = arguments.get("ngl_yield_bbl_per_mmcf")
    if ngl_yield is not None and volumes.ngl.sum() == 0:
        volumes.ngl = volumes.gas / 1000.0 * float(ngl_yield)
        notes.append(f"NGL = gas x {ngl_yield:g} bbl/MMcf")
    return volumes, notes, source


# --------------------------------------------------------------------------- npv_irr


@tool(
    name="npv_irr",
    description=(
        "NPV, IRR, payback and profitability index of cash flows given inline, one per "
        "period: the first is at t=0 (undiscounted), the rest at the ends of periods 1, 2, ... "
        "(numpy-financial's convention; 'NPV at 8% of -500, 200, 200, 200')."
    ),
    parameters={
        "type": "object",
        "properties": {
            "cash_flows": {
                "type": "array",
                "items": {"type": "number"},
                "minItems": 1,
                "maxItems": 1200,
            },
            "rate": {
                "type": "number",
                "exclusiveMinimum": -1,
                "description": "Discount rate per period (0.08 = 8%).",
            },
            "periods_per_year": {
                "type": "integer",
                "minimum": 1,
                "maximum": 365,
                "description": "To also state the IRR as an annual rate.",
            },
        },
        "required": ["cash_flows", "rate"],
        "additionalProperties": False,
    },
    group="economics",
)
def npv_irr(
    ctx: ToolContext, *, cash_flows: list[float], rate: float, periods_per_year: int | None = None
) -> dict[str, Any]:
    flows = np.asarray(cash_flows, dtype=float)
    if flows.size == 0 or not np.all(np.isfinite(flows)):
        raise ToolError("cash_flows must be a list of numbers, the first at t = 0.")
    if rate is None or rate <= -1:
        raise ToolError("rate must be above -100% per period.")
    ctx.log(f"Discounting {flows.size} cash flows at {percent(rate, 2)} per period...")
    npv = float(npf.npv(rate, flows))
    irr: float | None = None
    if np.any(flows < 0) and np.any(flows > 0):
        value = float(npf.irr(flows))
        irr = value if math.isfinite(value) else None
    periods = np.arange(flows.size)
    payback = payback_period(flows, periods)
    # Fractional payback: interpolate inside the period where the cumulative crosses zero.
    payback_fraction = None
    if payback is not None:
        cumulative = np.cumsum(flows)
        k = int(payback)
        before = cumulative[k - 1]
        payback_fraction = (k - 1) + (-before / flows[k]) if flows[k] else float(k)
    pv = flows / np.power(1.0 + rate, periods)
    investment = -float(pv[pv < 0].sum())
    pi = float(pv[pv > 0].sum()) / investment if investment > 0 else None
    irr_annual = (1 + irr) ** periods_per_year - 1 if irr is not None and periods_per_year else None
    summary = (
        f"NPV at {percent(rate, 2)} per period: {npv:,.2f} (first cash flow at t=0, undiscounted; "
        f"the others at the end of periods 1..{flows.size - 1}). IRR: "
        f"{percent(irr, 2) + ' per period' if irr is not None else 'not defined (no sign change)'}"
        + (f" = {percent(irr_annual, 2)} a year" if irr_annual is not None else "")
        + f". Payback: {f'period {payback:g} (about {payback_fraction:.2f} periods)' if payback is not None else 'not reached' if investment else 'no investment'}"
        + f". Profitability index (PV of inflows / PV of outflows): "
        f"{f'{pi:.3f}' if pi is not None else 'n/a'}."
    )
    return jsonable(
        {
            "summary": summary,
            "npv": npv,
            "irr": irr,
            "irr_annual": irr_annual,
            "payback_period": payback,
            "payback_fractional": payback_fraction,
            "profitability_index": pi,
            "convention": "numpy-financial: first cash flow at t=0, then end of each period",
        }
    )
