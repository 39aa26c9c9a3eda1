"""A carbon price on NPV as analysts ask it: escalation, annual or monthly flows, tonnes."""

from __future__ import annotations

from tests.corpus.emissions_reference import Case


def npv(flows: list[float], rate: float, per_year: int) -> float:
    return sum(f / (1 + rate) ** (t / per_year) for t, f in enumerate(flows))


ANNUAL = [-5_000_000, 2_000_000, 1_800_000, 1_600_000, 1_400_000]


def money(value: float) -> str:
    return f"${value:,.0f}" if value >= 0 else f"-${-value:,.0f}"


def escalated_annual() -> float:
    prices = [0, 50, 52.5, 55.125, 57.88125]
    after = [f - 8000 * p for f, p in zip(ANNUAL, prices, strict=True)]
    return npv(after, 0.10, 1)


CASES = [
    Case(
        "what does a $50/t carbon price escalating 5% a year do to the NPV of annual cash flows of -5,000,000, 2,000,000, 1,800,000, 1,600,000, 1,400,000 if we emit 8,000 t CO2e a year?",
        kind="carbon_price_impact",
        tool="carbon_price_impact",
        arguments={
            "carbon_price": 50,
            "escalation": 0.05,
            "period": "annual",
            "annual_emissions_tco2e": 8000,
            "cash_flows": ANNUAL,
        },
        figure="npv_after",
        expected=escalated_annual,
        shown=money,
        shows=("compounded annually", "5.0%"),
    ),
    Case(
        "Carbon tax of $65/tCO2e on monthly cash flows -1000, 500, 500, 500 with 120 t CO2e a year",
        kind="carbon_price_impact",
        tool="carbon_price_impact",
        arguments={
            "carbon_price": 65,
            "annual_emissions_tco2e": 120,
            "cash_flows": [-1000, 500, 500, 500],
        },
        figure="carbon_cost_undiscounted",
        expected=lambda: 3 * 10 * 65,
        shown=money,
        shows=("compounded monthly",),
    ),
    Case(
        "a $40 per tonne carbon price rising 10%/yr on -100, 60, 60 yearly flows and 12 t co2e per year, discounted at 8%",
        kind="carbon_price_impact",
        tool="carbon_price_impact",
        arguments={
            "carbon_price": 40,
            "escalation": 0.10,
            "period": "annual",
            "discount_rate": 0.08,
        },
        figure="npv_after",
        expected=lambda: npv([-100, 60 - 12 * 40, 60 - 12 * 44], 0.08, 1),
        shown=money,
    ),
]
