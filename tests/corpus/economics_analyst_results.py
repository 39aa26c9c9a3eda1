"""Economics phrasings written the way analysts type them, about results: rates and
timing, PV profiles, IRR, MIRR, payout, break-even, net EUR, sensitivities, many wells
and one well of many, typos, upper case and long multi-clause questions."""

from __future__ import annotations

from tests.corpus.economics_reference import Case, Terms

BASE = dict(oil=70.0, gas=3.0, capex=[(0, 6e6)])

CASES = [
    Case(
        "NPV15 & IRR at $70 oil, $3 gas, $6MM capex",
        {"discount_rate": 0.15},
        Terms(**BASE, rate=0.15),
        check="irr",
    ),
    Case(
        "give me PV0, PV10, PV15 and PV20 at $70 oil, $3 gas, $6MM capex",
        {"discount_rates": [0.0, 0.10, 0.15, 0.20]},
        Terms(**BASE),
        check="profile",
    ),
    Case(
        "IRR? $65 WTI, $2.75 HH, 18.75% royalty, $6.5MM capex",
        {"oil_price": 65.0, "gas_price": 2.75, "royalty": 0.1875, "capex": [{"amount": 6.5e6}]},
        Terms(oil=65.0, gas=2.75, royalty=0.1875, capex=[(0, 6.5e6)]),
        check="irr",
    ),
    Case(
        "PV-10 and ROR at $70 oil, $3 gas, $6MM D&C",
        {"discount_rate": 0.10},
        Terms(**BASE),
        check="irr",
    ),
    Case(
        "payout in months at $70 oil and $3 gas with a $6MM well cost",
        {"capex": [{"amount": 6e6}]},
        Terms(**BASE),
        check="payout",
    ),
    Case(
        "what gas price do I need to break even with $60 oil and $7MM capex",
        {"breakeven_on": "gas", "oil_price": 60.0},
        Terms(oil=60.0, capex=[(0, 7e6)]),
        check="breakeven_gas",
    ),
    Case(
        "B/E oil price on the forecast? $3 gas, capex $6MM",
        {"breakeven_on": "oil", "gas_price": 3.0},
        Terms(gas=3.0, capex=[(0, 6e6)]),
        check="breakeven_oil",
    ),
    Case(
        "breakeven HH price at $35 WTI with $6MM D&C",
        {"breakeven_on": "gas", "oil_price": 35.0},
        Terms(oil=35.0, capex=[(0, 6e6)]),
        check="breakeven_gas",
    ),
    Case(
        "MIRR @ 9% finance / 15% reinvestment; $70 oil, $3 gas, $6MM capex",
        {"mirr_finance_rate": 0.09, "mirr_reinvestment_rate": 0.15},
        Terms(**BASE),
        check="mirr",
    ),
    Case(
        "tornado on PV10 (±20%), $70 oil, $3 gas, $6MM capex",
        {"charts": ["tornado"], "sensitivity": 0.2},
        Terms(**BASE),
        check="tornado",
    ),
    Case(
        "spider plot +/- 25% on the NPV at $70 oil and $3 gas with $6MM capex",
        {"charts": ["tornado"], "sensitivity": 0.25},
        Terms(**BASE),
        check="tornado",
    ),
    Case(
        "NPV vs gas price chart, $70 oil, $3 gas, $6MM capex",
        {"charts": ["npv_vs_price"]},
        Terms(**BASE),
    ),
    Case(
        "NPV @ 12.5% mid-yr, annual periods, $70 oil, $3 gas, $6MM capex",
        {"discount_rate": 0.125, "timing": "mid", "period": "annual"},
        Terms(**BASE, rate=0.125, timing="mid", period_months=12),
    ),
    Case(
        "discount at 2.5% per quarter, quarterly cash flow, $70 oil, $3 gas, capex $6MM",
        {"discount_rate": 0.025, "discount_rate_per": "quarter", "period": "quarterly"},
        Terms(**BASE, rate=1.025**4 - 1, period_months=3),
    ),
    Case(
        "what's the NPV at 8 percent? $70 oil, $3 gas, $6MM capex",
        {"discount_rate": 0.08},
        Terms(**BASE, rate=0.08),
    ),
    Case(
        "What's it worth at a 20% hurdle? oil $70, gas $3, capex $6MM",
        {"discount_rate": 0.20},
        Terms(**BASE, rate=0.20),
    ),
    Case(
        "net EUR and NPV of the forecast at $70 oil and $3 gas with NRI 80%",
        {"net_revenue_interest": 0.8},
        Terms(oil=70.0, gas=3.0, nri=0.8),
        check="net_eur",
    ),
    Case(
        "calcualte the NVP at $70 oil nad $3 gas wiht $6MM capex",
        {"oil_price": 70.0, "gas_price": 3.0, "capex": [{"amount": 6e6}]},
        Terms(**BASE),
    ),
    Case(
        "PV10 for a 6.5 MM D&C at 70 oil and 3 gas",
        {"capex": [{"amount": 6.5e6}], "oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6.5e6)]),
    ),
    Case(
        "one line per well w/ totals, $68 oil, $2.90 gas, $5MM capex each",
        {"oil_price": 68.0, "gas_price": 2.9, "capex": [{"amount": 5e6}]},
        Terms(oil=68.0, gas=2.9, capex=[(0, 5e6)]),
        setup="wells",
        check="wells",
    ),
    Case(
        "Ward 3 is PDNP, Hawkins 2H is PUD risked at 60%, the rest PDP; $70 oil, $3 gas, "
        "$6MM capex per well",
        {
            "wells": [
                {"well": "Hawkins 1H", "category": "PDP"},
                {"well": "Hawkins 2H", "category": "PUD", "risk_factor": 0.6},
                {"well": "Ward 3", "category": "PDNP"},
            ]
        },
        Terms(**BASE),
        setup="wells",
        check="risked",
    ),
    Case(
        "economics for Hawkins 2H only at $70 oil and $3 gas, $6MM capex",
        {"well": "Hawkins 2H"},
        Terms(**BASE),
        setup="wells",
        check="one_well",
    ),
    Case(
        "Hawkins pad economics: WI 87.5%, royalty 20%, $72 WTI less $3.50, HH $3.10 less "
        "$0.45 basis, sev 4.6% oil / 7.5% gas, ad valorem 2%, LOE $8,000/mo plus $2/bbl, opex "
        "escalation 2%, D&C $6.8MM, P&A $175k - PV10, IRR and payout?",
        {
            "working_interest": 0.875,
            "royalty": 0.2,
            "oil_price": 72.0,
            "oil_differential": -3.5,
            "gas_price": 3.1,
            "gas_differential": -0.45,
            "severance_tax_oil": 0.046,
            "severance_tax_gas": 0.075,
            "ad_valorem_tax": 0.02,
            "fixed_opex_per_month": 8000.0,
            "oil_opex_per_bbl": 2.0,
            "opex_escalation": 0.02,
            "capex": [{"amount": 6.8e6}],
            "abandonment_cost": 175_000.0,
            "discount_rate": 0.10,
        },
        Terms(
            oil=72.0,
            oil_diff=-3.5,
            gas=3.1,
            gas_diff=-0.45,
            wi=0.875,
            royalty=0.2,
            sev_oil=0.046,
            sev_gas=0.075,
            ad_valorem=0.02,
            fixed=8000.0,
            oil_opex=2.0,
            opex_escalation=0.02,
            capex=[(0, 6.8e6)],
            abandonment=175_000.0,
        ),
        check="irr",
    ),
    Case(
        "For the forecast: $75 in 2027, $70 in 2028 and $65 after for oil, $3.25/Mcf gas, a "
        "12.5 % royalty, 4.6% severance, LOE of $9k a month and $3/bbl, $6MM D&C, P&A $150k "
        "six months after the limit, quarterly cash flows at 12% - NPV and IRR?",
        {
            "price_deck": {"oil": [(2027, 75.0), (2028, 70.0), (2029, 65.0)]},
            "gas_price": 3.25,
            "royalty": 0.125,
            "severance_tax": 0.046,
            "fixed_opex_per_month": 9000.0,
            "oil_opex_per_bbl": 3.0,
            "capex": [{"amount": 6e6}],
            "abandonment_cost": 150_000.0,
            "period": "quarterly",
            "discount_rate": 0.12,
        },
        Terms(
            oil=[(2027, 75.0), (2028, 70.0), (2029, 65.0)],
            gas=3.25,
            royalty=0.125,
            sev_oil=0.046,
            sev_gas=0.046,
            fixed=9000.0,
            oil_opex=3.0,
            capex=[(0, 6e6)],
            abandonment=150_000.0,
            abandonment_delay=6,
            period_months=3,
            rate=0.12,
        ),
    ),
    Case(
        "RUN ECON ON THE FCST: WTI $68, HH $2.75, NRI 80%, LOE $8K/MO, CAPEX $6MM, PV10 + IRR",
        {
            "oil_price": 68.0,
            "gas_price": 2.75,
            "net_revenue_interest": 0.8,
            "fixed_opex_per_month": 8000.0,
            "capex": [{"amount": 6e6}],
            "discount_rate": 0.10,
        },
        Terms(oil=68.0, gas=2.75, nri=0.8, fixed=8000.0, capex=[(0, 6e6)]),
        check="irr",
    ),
    Case(
        "Give me NPV @ 10 & 15%, IRR, payout for $68 WTI / $2.90 HH, $6.2MM capex",
        {"discount_rates": [0.10, 0.15], "oil_price": 68.0, "gas_price": 2.9},
        Terms(oil=68.0, gas=2.9, capex=[(0, 6.2e6)]),
        check="profile",
    ),
    Case(
        "NPV at 10% w/ $80 Brent, $3.50 gas, 20% royalty, opex $12k/mo, $7.5 million D&C",
        {"discount_rate": 0.10, "oil_price": 80.0, "fixed_opex_per_month": 12_000.0},
        Terms(oil=80.0, gas=3.5, royalty=0.2, fixed=12_000.0, capex=[(0, 7.5e6)]),
    ),
    Case(
        "what's the NPV10 and PI at $75 oil, $3.25 gas, 6MM D&C, 2MM facilities in month 3",
        {"capex": [{"amount": 6e6}, {"amount": 2e6, "month": 3}]},
        Terms(oil=75.0, gas=3.25, capex=[(0, 6e6), (3, 2e6)]),
    ),
    Case(
        "value with WI 75% and NRI 60%, opex $9,000 per month per well, $72 WTI, $2.80 HH, "
        "severance 4.6%/7.5%",
        {
            "working_interest": 0.75,
            "net_revenue_interest": 0.6,
            "severance_tax_oil": 0.046,
            "severance_tax_gas": 0.075,
            "fixed_opex_per_month": 9000.0,
        },
        Terms(
            oil=72.0,
            gas=2.8,
            wi=0.75,
            nri=0.6,
            sev_oil=0.046,
            sev_gas=0.075,
            fixed=9000.0,
        ),
    ),
    Case(
        "PUDs risked at 50%: Hawkins 2H is PUD, others PDP; $70/$3; capex $6MM/well",
        {
            "oil_price": 70.0,
            "gas_price": 3.0,
            "wells": [
                {"well": "Hawkins 1H", "category": "PDP"},
                {"well": "Hawkins 2H", "category": "PUD"},
                {"well": "Ward 3", "category": "PDP"},
            ],
            "risk_factors": {"PUD": 0.5},
        },
        Terms(**BASE),
        setup="wells",
        check="risked",
    ),
    Case(
        "WI 100% / NRI 80% BPO, NRI 70% APO, $70 oil, $3 gas, capex $6MM",
        {"net_revenue_interest": 0.8, "after_payout": {"net_revenue_interest": 0.7}},
        Terms(**BASE, nri=0.8, apo_nri=0.7),
    ),
    Case(
        "BTAX and ATAX NPV10 at 21% tax, $70 oil, $3 gas, $6MM capex",
        {"income_tax_rate": 0.21, "discount_rate": 0.10},
        Terms(**BASE, tax_rate=0.21),
        says=("before income tax", "after income tax"),
    ),
    Case(
        "economics at $70 oil, $3/mcf gas less $0.50/mcf gathering, LOE $9k/month",
        {"gas_opex_per_mcf": 0.5, "fixed_opex_per_month": 9000.0},
        Terms(oil=70.0, gas=3.0, gas_opex=0.5, fixed=9000.0),
    ),
    Case(
        "after-tax economics, 4.6% severance tax, 21% tax, $70 oil, $3 gas, $6MM capex",
        {"severance_tax": 0.046, "income_tax_rate": 0.21},
        Terms(**BASE, sev_oil=0.046, sev_gas=0.046, tax_rate=0.21),
    ),
]
