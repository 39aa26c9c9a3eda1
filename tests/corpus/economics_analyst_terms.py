"""Economics phrasings written the way analysts type them, about interests, reversion,
taxes, costs, capex on dates, abandonment and the economic limit."""

from __future__ import annotations

from tests.corpus.economics_reference import Case, Terms

# The deck the corpus uploads for setup "deck" (tests/test_economics_corpus.py, DECK_CSV).
UPLOADED_OIL = [(2027, 72.0), (2028, 70.0), (2029, 68.0)]
UPLOADED_GAS = [(2027, 3.4), (2028, 3.6), (2029, 3.75)]

CASES = [
    Case(
        "NRI 75%, WI 100%, $70 oil, $3 gas, $6MM well - what's it worth?",
        {
            "net_revenue_interest": 0.75,
            "working_interest": 1.0,
            "capex": [{"amount": 6e6}],
        },
        Terms(oil=70.0, gas=3.0, wi=1.0, nri=0.75, capex=[(0, 6e6)]),
    ),
    Case(
        "25% royalty, 3% ORRI, WI 87.5%, $68 oil, $2.90 gas - run econ",
        {"royalty": 0.25, "overriding_royalty": 0.03, "working_interest": 0.875},
        Terms(oil=68.0, gas=2.9, wi=0.875, royalty=0.25, orri=0.03),
    ),
    Case(
        "economics with a 1/5 royalty; $70 oil; $3 gas",
        {"royalty": 0.2},
        Terms(oil=70.0, gas=3.0, royalty=0.2),
    ),
    Case(
        "NRI of 78.5% BPO, 72.5% APO, D&C $7.2MM, $70 oil and $3 gas",
        {
            "net_revenue_interest": 0.785,
            "after_payout": {"net_revenue_interest": 0.725},
            "capex": [{"amount": 7.2e6}],
        },
        Terms(oil=70.0, gas=3.0, nri=0.785, apo_nri=0.725, capex=[(0, 7.2e6)]),
        says=("after payout",),
    ),
    Case(
        "WI 40% BPO / 55% APO, NRI 32%, $70 oil, $3 gas, $6MM capex",
        {
            "working_interest": 0.4,
            "net_revenue_interest": 0.32,
            "after_payout": {"working_interest": 0.55},
        },
        Terms(oil=70.0, gas=3.0, wi=0.4, nri=0.32, apo_wi=0.55, capex=[(0, 6e6)]),
    ),
    Case(
        "sev tax 4.6% on oil and 7.5% on gas, ad val 2.5%, $70 oil, $3 gas",
        {"severance_tax_oil": 0.046, "severance_tax_gas": 0.075, "ad_valorem_tax": 0.025},
        Terms(oil=70.0, gas=3.0, sev_oil=0.046, sev_gas=0.075, ad_valorem=0.025),
    ),
    Case(
        "production taxes of 5% on oil and 8% on gas, property tax 1.5%; $70 oil; $3 gas",
        {"severance_tax_oil": 0.05, "severance_tax_gas": 0.08, "ad_valorem_tax": 0.015},
        Terms(oil=70.0, gas=3.0, sev_oil=0.05, sev_gas=0.08, ad_valorem=0.015),
    ),
    Case(
        "economics with 3.75% oil severance + $0.15/mcf gas severance; WTI 70, HH 3",
        {
            "severance_tax_oil": 0.0375,
            "severance_gas_per_mcf": 0.15,
            "oil_price": 70.0,
            "gas_price": 3.0,
        },
        Terms(oil=70.0, gas=3.0, sev_oil=0.0375, sev_gas_per_mcf=0.15),
    ),
    Case(
        "after-tax NPV? 21% federal income tax, 5-yr depreciation, IDC 75%, $70 oil, $3 gas, "
        "$6MM capex",
        {"income_tax_rate": 0.21, "depreciation_years": 5.0, "intangible_fraction": 0.75},
        Terms(
            oil=70.0,
            gas=3.0,
            capex=[(0, 6e6)],
            tax_rate=0.21,
            depreciation_years=5.0,
            intangible=0.75,
        ),
        says=("after income tax",),
    ),
    Case(
        "ATAX PV10 w/ a 25% tax rate and 15% depletion; $70 oil, $3 gas, $6MM capex",
        {"income_tax_rate": 0.25, "depletion_rate": 0.15, "discount_rate": 0.10},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], tax_rate=0.25, depletion=0.15),
    ),
    Case(
        "After tax please: 21% tax rate, 100% IDC expensed, $70 oil, $3 gas, $6MM capex",
        {"income_tax_rate": 0.21, "intangible_fraction": 1.0},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], tax_rate=0.21, intangible=1.0),
    ),
    Case(
        "economics w/ LOE $7,500/mo + $2.50/bbl + $0.35/mcf; $70 oil, $3 gas",
        {"fixed_opex_per_month": 7500.0, "oil_opex_per_bbl": 2.5, "gas_opex_per_mcf": 0.35},
        Terms(oil=70.0, gas=3.0, fixed=7500.0, oil_opex=2.5, gas_opex=0.35),
    ),
    Case(
        "fixed LOE of $10k per well per month, variable $4/bo, $70 oil, $3 gas",
        {"fixed_opex_per_month": 10_000.0, "oil_opex_per_bbl": 4.0, "oil_price": 70.0},
        Terms(oil=70.0, gas=3.0, fixed=10_000.0, oil_opex=4.0),
    ),
    Case(
        "$70 oil, $3 gas, 12.5% royalty, LOE of $8/bbl, $6MM capex, what's the PV10?",
        {"royalty": 0.125, "oil_opex_per_bbl": 8.0, "capex": [{"amount": 6e6}]},
        Terms(oil=70.0, gas=3.0, royalty=0.125, oil_opex=8.0, capex=[(0, 6e6)]),
    ),
    Case(
        "economics with opex $6/BOE escalating at 3%/yr; $70 oil, $3 gas",
        {"opex_per_boe": 6.0, "opex_escalation": 0.03},
        Terms(oil=70.0, gas=3.0, boe_opex=6.0, opex_escalation=0.03),
    ),
    Case(
        "D&C $4.2MM in Jan 2027 plus facilities $650k in Mar 2027, $70 oil, $3 gas",
        {
            "capex": [
                {"amount": 4.2e6, "date": "2027-01"},
                {"amount": 650_000.0, "date": "2027-03"},
            ]
        },
        Terms(oil=70.0, gas=3.0, capex=[(1, 4.2e6), (3, 650_000.0)]),
    ),
    Case(
        "$7.5MM D&C, $1.2MM facilities, $70 oil, $3 gas, P&A $250k",
        {
            "capex": [{"amount": 7.5e6}, {"amount": 1.2e6}],
            "abandonment_cost": 250_000.0,
        },
        Terms(oil=70.0, gas=3.0, capex=[(0, 7.5e6), (0, 1.2e6)], abandonment=250_000.0),
    ),
    Case(
        "abandonment cost 300k 12 months after the limit, $65 oil, $2.75 gas, opex $15,000/month",
        {
            "abandonment_cost": 300_000.0,
            "abandonment_delay_months": 12,
            "fixed_opex_per_month": 15_000.0,
        },
        Terms(oil=65.0, gas=2.75, fixed=15_000.0, abandonment=300_000.0, abandonment_delay=12),
    ),
    Case(
        "no econ limit, run the full forecast at $50 oil, $2 gas, LOE $20k/mo",
        {"economic_limit": "none", "fixed_opex_per_month": 20_000.0},
        Terms(oil=50.0, gas=2.0, fixed=20_000.0, limit=False),
    ),
    Case(
        "truncate at 7 years, $70 oil and $3 gas - PV10?",
        {"horizon_years": 7.0},
        Terms(oil=70.0, gas=3.0, horizon_months=84),
    ),
    Case(
        "Effective 1/1/2027, $70 oil, $3 gas, capex $6MM - NPV10?",
        {"effective_date": "2027-01", "capex": [{"amount": 6e6}]},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)]),
    ),
    Case(
        "GOR of 2.2 mcf/bbl on the oil forecast, economics at $70 oil, $3 gas",
        {"gor_scf_per_bbl": 2200.0},
        Terms(oil=70.0, gas=3.0),
        setup="oil_forecast",
        check="gor",
    ),
    Case(
        "run economics on the forecast with the price deck I uploaded, 12.5% royalty",
        {"price_deck_rowid": 2, "royalty": 0.125},
        Terms(
            oil=UPLOADED_OIL,
            gas=UPLOADED_GAS,
            gas_per_mmbtu=True,
            royalty=0.125,
        ),
        setup="deck",
    ),
    Case(
        "NPV10 of the forecast using my uploaded deck with $8k/month LOE and a $6MM well",
        {"price_deck_rowid": 2, "fixed_opex_per_month": 8000.0, "capex": [{"amount": 6e6}]},
        Terms(
            oil=UPLOADED_OIL,
            gas=UPLOADED_GAS,
            gas_per_mmbtu=True,
            fixed=8000.0,
            capex=[(0, 6e6)],
        ),
        setup="deck",
    ),
    Case(
        "P&A $150k in month 60, $70 oil, $3 gas, $6MM capex",
        {"abandonment_cost": 150_000.0, "abandonment_month": 60},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], abandonment=150_000.0, abandonment_month=60),
    ),
    Case(
        "capex $6MM now and $2MM in month 24 escalating 5%/yr; $70 oil, $3 gas",
        {
            "capex": [{"amount": 6e6}, {"amount": 2e6, "month": 24}],
            "capex_escalation": 0.05,
        },
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6), (24, 2e6)], capex_escalation=0.05),
    ),
    Case(
        "D&C $5MM in Jan 2027, $1.5MM in Jun 2027, $70 oil, $3 gas",
        {
            "capex": [
                {"amount": 5e6, "date": "2027-01"},
                {"amount": 1.5e6, "date": "2027-06"},
            ]
        },
        Terms(oil=70.0, gas=3.0, capex=[(1, 5e6), (6, 1.5e6)]),
    ),
    Case(
        "$45 oil, $2 gas, LOE $25k/month, economic limit at the last positive month",
        {"economic_limit": "last_positive", "fixed_opex_per_month": 25_000.0},
        Terms(oil=45.0, gas=2.0, fixed=25_000.0, last_positive=True),
    ),
    # A lone amount with no label, in a well's economics, is its capex (said so in the answer).
    Case(
        "NPV10 of the forecast: $70 oil, $3 gas, $6MM",
        {"capex": [{"amount": 6e6}]},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)]),
        says=("unlabelled amount read as capex",),
    ),
    Case(
        "what's it worth at $65 oil and $2.75 gas with a $7.5 million well",
        {"capex": [{"amount": 7.5e6}]},
        Terms(oil=65.0, gas=2.75, capex=[(0, 7.5e6)]),
    ),
    # "M" alone is a million, said in the answer; beside "MM" it is the oil patch's thousand.
    Case(
        "capex $8M, $70 oil, $3 gas",
        {"capex": [{"amount": 8e6}]},
        Terms(oil=70.0, gas=3.0, capex=[(0, 8e6)]),
        says=('"$8M" is read as $8,000,000 (M taken as a million',),
    ),
    Case(
        "D&C $6.5MM, P&A $250M, $70 oil, $3 gas",
        {"capex": [{"amount": 6.5e6}], "abandonment_cost": 250_000.0},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6.5e6)], abandonment=250_000.0),
        says=('"$250M" is read as $250,000 (M beside MM',),
    ),
]
