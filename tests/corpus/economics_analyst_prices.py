"""Economics phrasings written the way analysts type them, about prices: flat prices in
every spelling, decks by year, escalation, differentials fixed and %, gas units, shrink,
NGL, gas not sold, SEC pricing. New for issue 9 and issue 7 point 5, not the phrasings
the binders were first built around."""

from __future__ import annotations

from tests.corpus.economics_reference import Case, Terms

CASES = [
    Case(
        "PV10 @ $68/bbl WTI and $3.25/Mcf HH",
        {"oil_price": 68.0, "gas_price": 3.25, "discount_rate": 0.10},
        Terms(oil=68.0, gas=3.25),
    ),
    Case(
        "what's the forecast worth at 72 dollars oil and 2.80 gas?",
        {"oil_price": 72.0, "gas_price": 2.8},
        Terms(oil=72.0, gas=2.8),
    ),
    Case(
        "Economics @ $70/BO & $3/MCF",
        {"oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0),
    ),
    Case(
        "run the economics at $70 oil/$3 gas on my forecast",
        {"oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0),
    ),
    Case(
        "what's the npv10 if oil goes to $55 and gas drops to $2.25?",
        {"oil_price": 55.0, "gas_price": 2.25, "discount_rate": 0.10},
        Terms(oil=55.0, gas=2.25),
    ),
    Case(
        "Oil deck: 2027 $80, 2028 $75, 2029 $72, flat thereafter. Gas $3.25/Mcf. NPV?",
        {"price_deck": {"oil": [(2027, 80.0), (2028, 75.0), (2029, 72.0)]}, "gas_price": 3.25},
        Terms(oil=[(2027, 80.0), (2028, 75.0), (2029, 72.0)], gas=3.25),
    ),
    Case(
        "OIL $75 IN 2027, $70 IN 2028, $65 THEREAFTER; GAS $3.00; PV10 OF THE FORECAST?",
        {"price_deck": {"oil": [(2027, 75.0), (2028, 70.0), (2029, 65.0)]}, "gas_price": 3.0},
        Terms(oil=[(2027, 75.0), (2028, 70.0), (2029, 65.0)], gas=3.0),
    ),
    Case(
        "economics with WTI at $74.50 for 2027, $71.25 for 2028, $69 after, and HH $3.40 for "
        "2027 and $3.60 after",
        {
            "price_deck": {
                "oil": [(2027, 74.5), (2028, 71.25), (2029, 69.0)],
                "gas": [(2027, 3.4), (2028, 3.6)],
            }
        },
        Terms(oil=[(2027, 74.5), (2028, 71.25), (2029, 69.0)], gas=[(2027, 3.4), (2028, 3.6)]),
    ),
    Case(
        "NPV of the forecast at $65 oil and $3 gas, both escalated at 2.5% p.a.",
        {"oil_price": 65.0, "gas_price": 3.0, "price_escalation": 0.025},
        Terms(oil=65.0, gas=3.0, price_escalation=0.025),
    ),
    Case(
        "value the forecast: WTI $70 w/ a -$5.25 diff, HH $2.90 w/ a -$0.55 diff",
        {"oil_price": 70.0, "oil_differential": -5.25, "gas_price": 2.9, "gas_differential": -0.55},
        Terms(oil=70.0, oil_diff=-5.25, gas=2.9, gas_diff=-0.55),
    ),
    Case(
        "economics at $75 WTI, oil realizing 92% of WTI, gas $3",
        {"oil_price": 75.0, "oil_differential_pct": -0.08, "gas_price": 3.0},
        Terms(oil=75.0, oil_diff_pct=-0.08, gas=3.0),
    ),
    Case(
        "value it at $70 oil with a 4% discount to WTI and $3 gas with a $0.25 premium",
        {
            "oil_price": 70.0,
            "oil_differential_pct": -0.04,
            "gas_price": 3.0,
            "gas_differential": 0.25,
        },
        Terms(oil=70.0, oil_diff_pct=-0.04, gas=3.0, gas_diff=0.25),
    ),
    Case(
        "$3.10/MMBtu Henry Hub, 1,080 Btu/scf gas, 8% shrink, $71 WTI - run economics",
        {
            "gas_price": 3.1,
            "gas_price_unit": "mmbtu",
            "gas_heating_value": 1.08,
            "gas_shrink": 0.08,
            "oil_price": 71.0,
        },
        Terms(oil=71.0, gas=3.1, gas_per_mmbtu=True, heating_value=1.08, shrink=0.08),
    ),
    Case(
        "NGL yield 110 bbl/MMcf at 35% of WTI; economics at $70 oil, $2.50 gas",
        {
            "ngl_yield_bbl_per_mmcf": 110.0,
            "ngl_price_pct_of_oil": 0.35,
            "oil_price": 70.0,
            "gas_price": 2.5,
        },
        Terms(oil=70.0, gas=2.5, ngl_yield=110.0, ngl_pct_of_oil=0.35),
    ),
    Case(
        "economics w/ NGLs at $22/bbl and a yield of 95 bbls/mmcf, oil $68, gas $2.75",
        {"ngl_yield_bbl_per_mmcf": 95.0, "ngl_price": 22.0, "oil_price": 68.0, "gas_price": 2.75},
        Terms(oil=68.0, gas=2.75, ngl_yield=95.0, ngl_price=22.0),
    ),
    Case(
        "economics at $72 oil; gas is reinjected so no gas sales",
        {"oil_price": 72.0, "not_sold": ["gas"]},
        Terms(oil=72.0, gas_sold=False),
        says=("not sold",),
    ),
    Case(
        "economics at $62.50 WTI and $2.35 HH with mid-month discounting",
        {"oil_price": 62.5, "gas_price": 2.35, "timing": "mid"},
        Terms(oil=62.5, gas=2.35, timing="mid"),
    ),
    Case(
        "SEC case on the forecast using the 2026 strip I uploaded",
        {"pricing": "sec"},
        None,
        setup="strip",
        check="sec",
        says=("SEC",),
    ),
    Case(
        "at $3.25/Mcf gas and $71 oil with a 12.5 % royalty, what is the forecast worth?",
        {"gas_price": 3.25, "oil_price": 71.0, "royalty": 0.125},
        Terms(oil=71.0, gas=3.25, royalty=0.125),
    ),
    Case(
        "econ at 70/3 with 6MM capex",
        {"oil_price": 70.0, "gas_price": 3.0, "capex": [{"amount": 6e6}]},
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)]),
    ),
    Case(
        "Run economics: oil $70 less 5% differential, gas $3 less 10%",
        {"oil_differential_pct": -0.05, "gas_differential_pct": -0.10},
        Terms(oil=70.0, oil_diff_pct=-0.05, gas=3.0, gas_diff_pct=-0.10),
    ),
    Case(
        "economics using Henry Hub $3.00 minus $0.50 and WTI $70 minus $4, 25% royalty",
        {"gas_differential": -0.5, "oil_differential": -4.0, "royalty": 0.25},
        Terms(oil=70.0, oil_diff=-4.0, gas=3.0, gas_diff=-0.5, royalty=0.25),
    ),
    Case(
        "What is the PV10 if WTI is $60 and Henry Hub $2.50, with a 1/8 royalty and 5% ORRI?",
        {"oil_price": 60.0, "gas_price": 2.5, "royalty": 0.125, "overriding_royalty": 0.05},
        Terms(oil=60.0, gas=2.5, royalty=0.125, orri=0.05),
    ),
]
