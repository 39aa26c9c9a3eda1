"""From the call's arguments, a cost sheet and the defaults to the terms of a cash flow.

Each figure is taken from the arguments (stated), else from the cost sheet (file), else a
named default; every one goes into the input log with its source, every default applied
into the assumptions, and a sheet figure that a stated one replaced into ``not_used``.
Prices are resolved in ``terms_prices``, taxes and costs in ``terms_costs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from agents.tools.economics.costs import Costs
from agents.tools.economics.indicators import Discounting, annual_rate
from agents.tools.economics.interests import Interest, Interests, net_revenue_interest
from agents.tools.economics.prices import PHASE_LABEL, Pricing
from agents.tools.economics.record import InputLog
from agents.tools.economics.resolver import Resolver, pct
from agents.tools.economics.sheet import Sheet
from agents.tools.economics.taxes import Taxes
from agents.tools.economics.terms_costs import resolve_costs, resolve_taxes
from agents.tools.economics.terms_prices import resolve_pricing
from agents.tools.economics.timeline import Timeline

SEC_RATE = 0.10


@dataclass(frozen=True)
class Terms:
    pricing: Pricing
    interests: Interests
    taxes: Taxes
    costs: Costs
    discounting: Discounting
    economic_limit: str
    not_sold: frozenset[str]
    profile_rates: tuple[float, ...]
    finance_rate: float
    reinvest_rate: float


def resolve_terms(
    arguments: dict[str, Any],
    sheet: Sheet | None,
    log: InputLog,
    *,
    timeline: Timeline,
    sold: set[str],
    produced_water: bool,
    deck_table: dict[str, tuple[list[dict[str, Any]], str]] | None = None,
    sec_strips: dict[str, tuple[pd.Series, str]] | None = None,
) -> Terms:
    """The terms of the cash flow; ``sold`` are the phases with sales volumes."""
    r = Resolver(arguments, sheet, log)
    pricing = resolve_pricing(r, timeline, sold, deck_table or {}, sec_strips or {})
    interests = _interests(r)
    taxes = resolve_taxes(r, sold)
    costs = resolve_costs(r, timeline, sold, produced_water, sec=pricing.sec)
    discounting, profile, finance, reinvest = _discounting(r, sec=pricing.sec)
    limit = _economic_limit(r)
    not_sold = frozenset(arguments.get("not_sold") or [])
    for phase in not_sold:
        if phase in sold:
            log.stated(f"{phase}_not_sold", f"{PHASE_LABEL[phase]} not sold", True, "")
            log.warn(
                f"the {PHASE_LABEL[phase]} volumes are not sold (as asked): no revenue from it"
            )
    return Terms(
        pricing=pricing,
        interests=interests,
        taxes=taxes,
        costs=costs,
        discounting=discounting,
        economic_limit=limit,
        not_sold=not_sold,
        profile_rates=profile,
        finance_rate=finance,
        reinvest_rate=reinvest,
    )


# --------------------------------------------------------------------------- interests


def _interests(r: Resolver) -> Interests:
    log = r.log
    wi = float(
        r.pick(
            "working_interest",
            "working interest",
            "fraction",
            1.0,
            why="Working interest not stated: 100%",
        )
    )
    royalty = float(r.pick("royalty", "lessor royalty", "fraction", record=False) or 0.0)
    override = float(
        r.pick("overriding_royalty", "overriding royalty", "fraction", record=False) or 0.0
    )
    if r.given("net_revenue_interest"):
        nri = float(r.pick("net_revenue_interest", "net revenue interest", "fraction"))
        for key in ("royalty", "overriding_royalty"):
            if r.given(key):
                log.unused(
                    key, r.pick(key, "", "", record=False), "the stated NRI is used as given"
                )
    else:
        if r.given("royalty"):
            r.pick("royalty", "lessor royalty", "fraction")
        if r.given("overriding_royalty"):
            r.pick("overriding_royalty", "overriding royalty", "fraction")
        if not r.given("royalty") and not r.given("overriding_royalty"):
            log.default(
                "royalty",
                "lessor royalty",
                0.0,
                "fraction",
                "Lessor royalty not stated (nor an override): NRI = WI",
            )
        nri = net_revenue_interest(wi, royalty, override)
        log.derived(
            "net_revenue_interest",
            "net revenue interest",
            nri,
            "fraction",
            f"WI {pct(wi)} x (1 - royalty {pct(royalty)} - override {pct(override)})",
        )
    before = Interest(wi, nri)
    after_spec = r.args.get("after_payout")
    if not after_spec:
        if r.stated("reversion_timing"):
            log.unused(
                "reversion_timing", r.args["reversion_timing"], "no reversion at payout given"
            )
        return Interests(before)
    wi_after = float(after_spec.get("working_interest", wi))
    if "working_interest" in after_spec:
        log.stated("wi_after_payout", "working interest after payout", wi_after, "fraction")
    else:
        log.default(
            "wi_after_payout",
            "working interest after payout",
            wi_after,
            "fraction",
            "Working interest after payout not stated: unchanged",
        )
    if after_spec.get("net_revenue_interest") is not None:
        nri_after = float(after_spec["net_revenue_interest"])
        log.stated("nri_after_payout", "net revenue interest after payout", nri_after, "fraction")
    elif after_spec.get("royalty") is not None or after_spec.get("overriding_royalty") is not None:
        royalty_after = float(after_spec.get("royalty", royalty))
        override_after = float(after_spec.get("overriding_royalty", override))
        nri_after = net_revenue_interest(wi_after, royalty_after, override_after)
        log.derived(
            "nri_after_payout",
            "net revenue interest after payout",
            nri_after,
            "fraction",
            f"WI {pct(wi_after)} x (1 - royalty {pct(royalty_after)} - override "
            f"{pct(override_after)}) after payout",
        )
    else:
        nri_after = nri * (wi_after / wi) if wi > 0 else 0.0
        log.derived(
            "nri_after_payout",
            "net revenue interest after payout",
            nri_after,
            "fraction",
            f"NRI {pct(nri)} scaled with the WI ({pct(wi)} -> {pct(wi_after)}): the lease "
            "burdens are unchanged",
        )
    timing = r.pick(
        "reversion_timing",
        "reversion timing",
        "",
        "next_month",
        why="Reversion timing not stated: the after-payout interests start the month after payout",
    )
    log.convention(
        "reversion at payout: payout is the first month at whose end the cumulative net cash "
        "flow (before income tax, capex included, at the before-payout interests) is no longer "
        "negative; "
        + (
            "the after-payout interests apply from the next month"
            if timing == "next_month"
            else "the payout month is split between the before- and after-payout interests"
        )
    )
    return Interests(before, Interest(wi_after, nri_after), timing)


# --------------------------------------------------------------------------- discounting


def _discounting(r: Resolver, *, sec: bool) -> tuple[Discounting, tuple[float, ...], float, float]:
    log = r.log
    per = r.args.get("discount_rate_per", "year")
    if sec:
        if r.given("discount_rate"):
            given = r.pick("discount_rate", "", "", record=False)
            if abs(annual_rate(float(given), per) - SEC_RATE) > 1e-12:
                log.unused("discount_rate", given, "the SEC convention discounts at 10% a year")
        rate = SEC_RATE
        log.derived("discount_rate", "discount rate", rate, "fraction", "SEC convention: 10%")
    elif r.given("discount_rate"):
        given = float(r.pick("discount_rate", f"discount rate (per {per}, as given)", "fraction"))
        rate = annual_rate(given, per)
        if per != "year":
            log.derived(
                "discount_rate_annual",
                "discount rate (annual effective)",
                rate,
                "fraction",
                f"(1 + {given:g})^{12 if per == 'month' else 4} - 1",
            )
    else:
        rate = log.default(
            "discount_rate",
            "discount rate",
            0.10,
            "fraction",
            "Discount rate not stated: 10% a year (PV10)",
        )
    timing = r.pick(
        "timing",
        "discounting timing",
        "",
        "end",
        why="Discounting timing not stated: end of each period",
    )
    period = r.pick(
        "period",
        "cash-flow period",
        "",
        "monthly",
        why="Cash-flow period not stated: monthly",
    )
    log.show_as("timing", {"end": "end of period", "mid": "mid-period"}.get(str(timing), timing))
    discounting = Discounting(rate=float(rate), timing=str(timing), period=str(period))
    discounting.check()
    extra = [annual_rate(float(x), per) for x in r.args.get("discount_rates") or []]
    profile = tuple(sorted({0.0, 0.05, 0.10, 0.15, 0.20, discounting.rate, *extra}))
    finance = r.args.get("mirr_finance_rate")
    reinvest = r.args.get("mirr_reinvestment_rate")
    if finance is not None:
        log.stated("mirr_finance_rate", "MIRR finance rate", finance, "fraction")
    if reinvest is not None:
        log.stated("mirr_reinvestment_rate", "MIRR reinvestment rate", reinvest, "fraction")
    log.convention(discounting.sentence())
    return (
        discounting,
        profile,
        discounting.rate if finance is None else float(finance),
        discounting.rate if reinvest is None else float(reinvest),
    )


def _economic_limit(r: Resolver) -> str:
    if r.args.get("truncate_at_economic_limit") is False and not r.stated("economic_limit"):
        r.log.stated("economic_limit", "economic limit", "none", "", "the whole forecast is valued")
        return "none"
    limit = r.pick(
        "economic_limit",
        "economic limit",
        "",
        "first_negative",
        why=(
            "Economic limit not stated: by cash flow, the life ends when the operating cash "
            "flow first turns negative"
        ),
    )
    r.log.show_as(
        "economic_limit",
        {
            "first_negative": "by cash flow: ends before the first negative operating month",
            "last_positive": "by cash flow: ends after the last positive operating month",
            "none": "none (the whole forecast)",
        }.get(str(limit), limit),
    )
    return str(limit)
