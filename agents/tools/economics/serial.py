"""Terms and cases as plain data, for the workers of a fan-out (JSON through the jobs
codec: no pickle, nothing but numbers, strings, lists, dicts and arrays)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pandas as pd

from agents.tools.economics.costs import CapexItem, Costs
from agents.tools.economics.indicators import Discounting
from agents.tools.economics.interests import Interest, Interests
from agents.tools.economics.prices import DeckEntry, Differential, PriceSchedule, Pricing
from agents.tools.economics.taxes import IncomeTax, Taxes
from agents.tools.economics.terms import Terms
from agents.tools.economics.timeline import Timeline


def plain(value: Any) -> Any:
    """A dataclass tree as dicts and lists (frozensets and tuples become lists)."""
    if hasattr(value, "__dataclass_fields__"):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [plain(v) for v in value]
    return value


def _schedule(data: dict | None) -> PriceSchedule | None:
    if data is None:
        return None
    return PriceSchedule(tuple(DeckEntry(**e) for e in data["entries"]), data["escalation"])


def pricing_from(data: dict) -> Pricing:
    return Pricing(
        oil=_schedule(data["oil"]),
        gas=_schedule(data["gas"]),
        ngl=_schedule(data["ngl"]),
        ngl_pct_of_oil=data["ngl_pct_of_oil"],
        differentials={k: Differential(**v) for k, v in data["differentials"].items()},
        gas_price_unit=data["gas_price_unit"],
        heating_value=data["heating_value"],
        gas_shrink=data["gas_shrink"],
        ngl_yield=data["ngl_yield"],
        sec=data["sec"],
    )


def interests_from(data: dict) -> Interests:
    after = data["after_payout"]
    return Interests(
        Interest(**data["before"]), Interest(**after) if after else None, data["timing"]
    )


def taxes_from(data: dict) -> Taxes:
    income = data["income"]
    return Taxes(
        severance_pct=dict(data["severance_pct"]),
        severance_per_unit=dict(data["severance_per_unit"]),
        ad_valorem=data["ad_valorem"],
        income=IncomeTax(**income) if income else None,
    )


def costs_from(data: dict) -> Costs:
    return Costs(
        **{k: v for k, v in data.items() if k not in ("capex", "variable")},
        variable=dict(data["variable"]),
        capex=tuple(CapexItem(**c) for c in data["capex"]),
    )


def terms_from(data: dict) -> Terms:
    return Terms(
        pricing=pricing_from(data["pricing"]),
        interests=interests_from(data["interests"]),
        taxes=taxes_from(data["taxes"]),
        costs=costs_from(data["costs"]),
        discounting=Discounting(**data["discounting"]),
        economic_limit=data["economic_limit"],
        not_sold=frozenset(data["not_sold"]),
        profile_rates=tuple(data["profile_rates"]),
        finance_rate=data["finance_rate"],
        reinvest_rate=data["reinvest_rate"],
    )


def timeline_plain(timeline: Timeline) -> dict:
    return {
        "months": timeline.months,
        "start": None if timeline.start is None else str(timeline.start),
    }


def timeline_from(data: dict) -> Timeline:
    start = data["start"]
    return Timeline(data["months"], None if start is None else pd.Period(start, "M"))
