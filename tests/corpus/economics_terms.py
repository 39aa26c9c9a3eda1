"""Economics phrasings about interests, reversion, taxes, costs, capex and abandonment."""

from __future__ import annotations

from tests.corpus.economics_reference import Case, Terms

CASES = [
    Case(
        "WI 100%, NRI 80% reverting to 75% after payout, $70 oil, $3 gas, capex $6MM",
        {
            "working_interest": 1.0,
            "net_revenue_interest": 0.8,
            "after_payout": {"net_revenue_interest": 0.75},
            "capex": [{"amount": 6e6}],
        },
        Terms(oil=70.0, gas=3.0, wi=1.0, nri=0.8, apo_nri=0.75, capex=[(0, 6e6)]),
        says=("after payout",),
    ),
    Case(
        "$70 oil, $3 gas, $6MM D&C; NRI 80% BPO and 75% APO",
        {"net_revenue_interest": 0.8, "after_payout": {"net_revenue_interest": 0.75}},
        Terms(oil=70.0, gas=3.0, nri=0.8, apo_nri=0.75, capex=[(0, 6e6)]),
    ),
    Case(
        "WI 50% backing in to 62.5% after payout, NRI 40%, $70 oil and $3 gas, capex of $6MM",
        {
            "working_interest": 0.5,
            "net_revenue_interest": 0.4,
            "after_payout": {"working_interest": 0.625},
        },
        Terms(oil=70.0, gas=3.0, wi=0.5, nri=0.4, apo_wi=0.625, capex=[(0, 6e6)]),
    ),
    Case(
        "NRI 80% reverting to 70% at payout (split the payout month), $70 oil, $3 gas, $6MM capex",
        {
            "net_revenue_interest": 0.8,
            "after_payout": {"net_revenue_interest": 0.7},
            "reversion_timing": "split_month",
        },
        Terms(oil=70.0, gas=3.0, nri=0.8, apo_nri=0.7, split_payout_month=True, capex=[(0, 6e6)]),
    ),
    Case(
        "75% working interest, 18.75% royalty, $70 oil and $3 gas",
        {"working_interest": 0.75, "royalty": 0.1875},
        Terms(oil=70.0, gas=3.0, wi=0.75, royalty=0.1875),
    ),
    Case(
        "a 3/16 royalty and a 2% ORRI at $70 oil, $3 gas",
        {"royalty": 0.1875, "overriding_royalty": 0.02},
        Terms(oil=70.0, gas=3.0, royalty=0.1875, orri=0.02),
    ),
    Case(
        "1/8th royalty plus an override of 3%, WTI $72, gas $2.90, run the numbers on the forecast",
        {"royalty": 0.125, "overriding_royalty": 0.03, "oil_price": 72.0, "gas_price": 2.9},
        Terms(oil=72.0, gas=2.9, royalty=0.125, orri=0.03),
    ),
    Case(
        "severance 4.6% oil and 7.5% gas, ad valorem 2%, $70 oil, $3 gas",
        {"severance_tax_oil": 0.046, "severance_tax_gas": 0.075, "ad_valorem_tax": 0.02},
        Terms(oil=70.0, gas=3.0, sev_oil=0.046, sev_gas=0.075, ad_valorem=0.02),
    ),
    Case(
        "Texas taxes: 4.6% oil severance, 7.5% gas severance, 2.5% ad valorem; $68 oil $2.80 gas",
        {"severance_tax_oil": 0.046, "severance_tax_gas": 0.075, "ad_valorem_tax": 0.025},
        Terms(oil=68.0, gas=2.8, sev_oil=0.046, sev_gas=0.075, ad_valorem=0.025),
    ),
    Case(
        "5% severance on everything, $70 oil and $3 gas",
        {"severance_tax": 0.05},
        Terms(oil=70.0, gas=3.0, sev_oil=0.05, sev_gas=0.05),
    ),
    Case(
        "gas severance of $0.10/mcf plus 4.6% on oil, $70 oil, $3 gas",
        {"severance_gas_per_mcf": 0.10, "severance_tax_oil": 0.046},
        Terms(oil=70.0, gas=3.0, sev_oil=0.046, sev_gas_per_mcf=0.10),
    ),
    Case(
        "12.5% royalty, 4.6% severance, $70 oil, $3 gas, $8/bbl opex, capex of $6MM",
        {"royalty": 0.125, "severance_tax": 0.046, "oil_opex_per_bbl": 8.0},
        Terms(
            oil=70.0,
            gas=3.0,
            royalty=0.125,
            sev_oil=0.046,
            sev_gas=0.046,
            oil_opex=8.0,
            capex=[(0, 6e6)],
        ),
    ),
    Case(
        "after-tax economics at a 21% tax rate, 7-year depreciation, 70% intangible, $70 oil "
        "and $3 gas, capex $6MM",
        {
            "income_tax_rate": 0.21,
            "depreciation_years": 7.0,
            "intangible_fraction": 0.7,
        },
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], tax_rate=0.21, intangible=0.7),
        says=("after income tax",),
    ),
    Case(
        "after tax NPV10 with 25% income tax and 15% depletion, $70 oil, $3 gas, $6MM capex",
        {"income_tax_rate": 0.25, "depletion_rate": 0.15},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], tax_rate=0.25, depletion=0.15),
    ),
    Case(
        "$70 oil, $3 gas, LOE $8,000/month plus $3/bbl, gathering $0.50/mcf, capex $6MM",
        {
            "fixed_opex_per_month": 8000.0,
            "oil_opex_per_bbl": 3.0,
            "gas_opex_per_mcf": 0.5,
            "capex": [{"amount": 6e6}],
        },
        Terms(oil=70.0, gas=3.0, fixed=8000.0, oil_opex=3.0, gas_opex=0.5, capex=[(0, 6e6)]),
    ),
    Case(
        "escalate opex 2%/yr; $70 oil, $3 gas, LOE $8,500 per month",
        {"opex_escalation": 0.02, "fixed_opex_per_month": 8500.0},
        Terms(oil=70.0, gas=3.0, fixed=8500.0, opex_escalation=0.02),
    ),
    Case(
        "opex of $9k a month escalating 2.5% a year, $72 oil, $3 gas",
        {"opex_escalation": 0.025, "fixed_opex_per_month": 9000.0},
        Terms(oil=72.0, gas=3.0, fixed=9000.0, opex_escalation=0.025),
    ),
    Case(
        "$5/boe opex, $70 oil, $3 gas",
        {"opex_per_boe": 5.0},
        Terms(oil=70.0, gas=3.0, boe_opex=5.0),
    ),
    Case(
        "capex of $6MM, $70 oil, $3 gas",
        {"capex": [{"amount": 6e6}]},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)]),
    ),
    Case(
        "$6,000,000 well cost at $70 oil and $3 gas",
        {"capex": [{"amount": 6e6}]},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)]),
    ),
    Case(
        "6 million D&C, WTI 70, HH 3",
        {"capex": [{"amount": 6e6}], "oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)]),
    ),
    Case(
        "effective date Oct 2026: drill $3MM in Oct 2026, complete $4MM in Dec 2026, then the "
        "forecast; $70 oil, $3 gas",
        {
            "effective_date": "2026-10",
            "capex": [
                {"amount": 3e6, "date": "2026-10"},
                {"amount": 4e6, "date": "2026-12"},
            ],
        },
        None,
        check="dated_capex",
    ),
    Case(
        "P&A $150k at the end of life, $70 oil, $3 gas, capex $6MM",
        {"abandonment_cost": 150_000.0},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], abandonment=150_000.0),
    ),
    Case(
        "plug and abandon for $200k, 6 months after the economic limit; $70 oil, $3 gas",
        {"abandonment_cost": 200_000.0, "abandonment_delay_months": 6},
        Terms(oil=70.0, gas=3.0, abandonment=200_000.0, abandonment_delay=6),
    ),
    Case(
        "no economic limit, run the whole forecast at $45 oil and $2 gas with $25,000/month opex",
        {"economic_limit": "none", "fixed_opex_per_month": 25_000.0},
        Terms(oil=45.0, gas=2.0, fixed=25_000.0, limit=False),
    ),
    Case(
        "economics over 5 years at $70 oil and $3 gas",
        {"horizon_years": 5.0},
        Terms(oil=70.0, gas=3.0, horizon_months=60),
    ),
    Case(
        "GOR 1,500 scf/bbl, $70 oil and $3 gas",
        {"gor_scf_per_bbl": 1500.0},
        Terms(oil=70.0, gas=3.0),
        setup="oil_forecast",
        check="gor",
    ),
]
