"""Economics phrasings about discounting and results: rates, timing, periods, PV profile,
break-even, IRR and MIRR, payout, sensitivities, many wells, long questions."""

from __future__ import annotations

from tests.corpus.economics_reference import Case, Terms

BASE = dict(oil=70.0, gas=3.0, capex=[(0, 6e6)])

CASES = [
    Case(
        "PV10 at $70 oil and $3 gas, capex $6MM",
        {"discount_rate": 0.10},
        Terms(**BASE),
    ),
    Case(
        "NPV at 12% with mid-period discounting, $70 oil, $3 gas, capex $6MM",
        {"discount_rate": 0.12, "timing": "mid"},
        Terms(**BASE, rate=0.12, timing="mid"),
        says=("middle of each month",),
    ),
    Case(
        "quarterly cash flows at 9%, $70 oil, $3 gas, capex $6MM",
        {"discount_rate": 0.09, "period": "quarterly"},
        Terms(**BASE, rate=0.09, period_months=3),
        says=("quarterly",),
    ),
    Case(
        "annual cash flows discounted mid-year at 10%, $70 oil $3 gas, capex $6MM",
        {"period": "annual", "timing": "mid"},
        Terms(**BASE, period_months=12, timing="mid"),
    ),
    Case(
        "discount at 1% a month, $70 oil, $3 gas, capex $6MM",
        {"discount_rate": 0.01, "discount_rate_per": "month"},
        Terms(**BASE, rate=1.01**12 - 1),
    ),
    Case(
        "PV profile at 8%, 12% and 25%, $70 oil and $3 gas, capex $6MM",
        {"discount_rates": [0.08, 0.12, 0.25]},
        Terms(**BASE),
        check="profile",
    ),
    Case(
        "what's the IRR at $70 oil and $3 gas with $6MM capex?",
        {"oil_price": 70.0, "gas_price": 3.0},
        Terms(**BASE),
        check="irr",
    ),
    Case(
        "what oil price breaks even on the forecast with $3 gas and $6MM capex?",
        {"breakeven_on": "oil", "gas_price": 3.0},
        Terms(gas=3.0, capex=[(0, 6e6)]),
        check="breakeven_oil",
    ),
    Case(
        "break-even gas price at $40 oil, capex $6MM",
        {"breakeven_on": "gas", "oil_price": 40.0},
        Terms(oil=40.0, capex=[(0, 6e6)]),
        check="breakeven_gas",
    ),
    Case(
        "breakeven WTI for my forecast, capex $6MM, LOE $8k/month",
        {"breakeven_on": "oil", "fixed_opex_per_month": 8000.0},
        Terms(capex=[(0, 6e6)], fixed=8000.0),
        setup="oil_forecast",
        check="breakeven_oil",
    ),
    Case(
        "MIRR with an 8% finance rate and 12% reinvestment rate, $70 oil, $3 gas, capex $6MM",
        {"mirr_finance_rate": 0.08, "mirr_reinvestment_rate": 0.12},
        Terms(**BASE),
        check="mirr",
    ),
    Case(
        "tornado chart of NPV10 at $70 oil and $3 gas, capex $6MM",
        {"charts": ["tornado"]},
        Terms(**BASE),
        check="tornado",
    ),
    Case(
        "NPV vs oil price chart at $70 oil, $3 gas and $6MM capex",
        {"charts": ["npv_vs_price"]},
        Terms(**BASE),
    ),
    Case(
        "sensitivities of +/-30% at $70 oil and $3 gas, capex $6MM",
        {"sensitivity": 0.3},
        Terms(**BASE),
        check="tornado",
    ),
    Case(
        "one-line economics per well at $70 oil and $3 gas, capex $6MM per well",
        {"oil_price": 70.0, "gas_price": 3.0},
        Terms(**BASE),
        setup="wells",
        check="wells",
    ),
    Case(
        "Hawkins 2H is PUD risked at 50%, the rest PDP; $70 oil, $3 gas, capex $6MM per well",
        {
            "wells": [
                {"well": "Hawkins 1H", "category": "PDP"},
                {"well": "Hawkins 2H", "category": "PUD", "risk_factor": 0.5},
                {"well": "Ward 3", "category": "PDP"},
            ]
        },
        Terms(**BASE),
        setup="wells",
        check="risked",
    ),
    Case(
        "RUN ECONOMICS W/ $70 OIL, $3 GAS, 12.5% ROYALTY, $8/BBL OPEX, CAPEX $6MM, PV10",
        {"royalty": 0.125, "oil_opex_per_bbl": 8.0, "discount_rate": 0.10},
        Terms(**BASE, royalty=0.125, oil_opex=8.0),
    ),
    Case(
        "For the forecast, assume WTI of $75 in 2027, $70 in 2028 and $65 after, Henry Hub "
        "$3.25 less $0.40 basis, WI 100% and NRI 80% reverting to 75% after payout, severance "
        "4.6% oil and 7.5% gas, ad valorem 2%, LOE $9,500/month escalating 2%/yr, D&C $6MM, "
        "P&A $150k, mid-period discounting - what is the PV10 and IRR?",
        {
            "price_deck": {"oil": [(2027, 75.0), (2028, 70.0), (2029, 65.0)]},
            "gas_price": 3.25,
            "gas_differential": -0.4,
            "working_interest": 1.0,
            "net_revenue_interest": 0.8,
            "after_payout": {"net_revenue_interest": 0.75},
            "severance_tax_oil": 0.046,
            "severance_tax_gas": 0.075,
            "ad_valorem_tax": 0.02,
            "fixed_opex_per_month": 9500.0,
            "opex_escalation": 0.02,
            "abandonment_cost": 150_000.0,
            "timing": "mid",
            "discount_rate": 0.10,
        },
        Terms(
            oil=[(2027, 75.0), (2028, 70.0), (2029, 65.0)],
            gas=3.25,
            gas_diff=-0.4,
            wi=1.0,
            nri=0.8,
            apo_nri=0.75,
            sev_oil=0.046,
            sev_gas=0.075,
            ad_valorem=0.02,
            fixed=9500.0,
            opex_escalation=0.02,
            capex=[(0, 6e6)],
            abandonment=150_000.0,
            timing="mid",
        ),
    ),
    Case(
        "what is this well worth at $60 oil and $2.50 gas after a $5.5 million completion, "
        "with 20% royalty and $12,000 a month LOE, at a 15% discount rate?",
        {"discount_rate": 0.15, "royalty": 0.2, "fixed_opex_per_month": 12_000.0},
        Terms(oil=60.0, gas=2.5, capex=[(0, 5.5e6)], royalty=0.2, fixed=12_000.0, rate=0.15),
    ),
]
