"""Economics phrasings about prices: flat prices, decks by year, escalation, differentials,
gas units and shrink, NGL, gas not sold, SEC pricing."""

from __future__ import annotations

from tests.corpus.economics_reference import Case, Terms

DECK_75 = [(2027, 75.0), (2028, 70.0), (2029, 65.0)]

CASES = [
    Case(
        "run economics on the forecast with $75 in 2027, $70 in 2028, $65 after and $3 gas",
        {"price_deck": {"oil": DECK_75}, "gas_price": 3.0},
        Terms(oil=DECK_75, gas=3.0),
    ),
    Case(
        "Economics: oil $75/bbl for 2027, $70/bbl 2028 and $65 thereafter; gas $3.25",
        {"price_deck": {"oil": DECK_75}, "gas_price": 3.25},
        Terms(oil=DECK_75, gas=3.25),
    ),
    Case(
        "value the forecast at WTI 80 in 2027 then 72 in 2028 and 68 flat after, HH $3",
        {"price_deck": {"oil": [(2027, 80.0), (2028, 72.0), (2029, 68.0)]}, "gas_price": 3.0},
        Terms(oil=[(2027, 80.0), (2028, 72.0), (2029, 68.0)], gas=3.0),
    ),
    Case(
        "NPV10 of my forecast with oil at $78 (2027), $74 (2028), $71 (2029) held flat, gas at "
        "$3.10/mcf",
        {"price_deck": {"oil": [(2027, 78.0), (2028, 74.0), (2029, 71.0)]}, "gas_price": 3.1},
        Terms(oil=[(2027, 78.0), (2028, 74.0), (2029, 71.0)], gas=3.1),
    ),
    Case(
        "PV10 with gas $3.50 in 2027, $3.25 in 2028 and $3.00 after, oil flat at $70",
        {"price_deck": {"gas": [(2027, 3.5), (2028, 3.25), (2029, 3.0)]}, "oil_price": 70.0},
        Terms(oil=70.0, gas=[(2027, 3.5), (2028, 3.25), (2029, 3.0)]),
    ),
    Case(
        "oil 2027: $76, 2028: $72, 2029: $69; gas 2027: $3.40, 2028: $3.20 - run the economics",
        {
            "price_deck": {
                "oil": [(2027, 76.0), (2028, 72.0), (2029, 69.0)],
                "gas": [(2027, 3.4), (2028, 3.2)],
            }
        },
        Terms(oil=[(2027, 76.0), (2028, 72.0), (2029, 69.0)], gas=[(2027, 3.4), (2028, 3.2)]),
    ),
    Case(
        "run economics with $70 oil escalated 2%/yr and $3 gas",
        {"oil_price": 70.0, "gas_price": 3.0, "price_escalation": 0.02},
        Terms(oil=70.0, gas=3.0, price_escalation=0.02),
    ),
    Case(
        "economics at $72 oil, $2.90 gas, prices escalating at 3% per year",
        {"oil_price": 72.0, "gas_price": 2.9, "price_escalation": 0.03},
        Terms(oil=72.0, gas=2.9, price_escalation=0.03),
    ),
    Case(
        "run the economics with $70 WTI less a $4.50 differential and $3 HH with a -$0.40 basis",
        {"oil_price": 70.0, "oil_differential": -4.5, "gas_price": 3.0, "gas_differential": -0.4},
        Terms(oil=70.0, oil_diff=-4.5, gas=3.0, gas_diff=-0.4),
    ),
    Case(
        "economics at $72 oil with a $3/bbl discount and $3 gas",
        {"oil_price": 72.0, "oil_differential": -3.0, "gas_price": 3.0},
        Terms(oil=72.0, oil_diff=-3.0, gas=3.0),
    ),
    Case(
        "oil realizes 95% of WTI at $75, gas $3 at a $0.35 discount; what is the NPV?",
        {
            "oil_price": 75.0,
            "oil_differential_pct": -0.05,
            "gas_price": 3.0,
            "gas_differential": -0.35,
        },
        Terms(oil=75.0, oil_diff_pct=-0.05, gas=3.0, gas_diff=-0.35),
    ),
    Case(
        "$70 oil, gas $3/MMBtu with a 1.1 MMBtu/mcf heating value and 12% shrink",
        {
            "oil_price": 70.0,
            "gas_price": 3.0,
            "gas_price_unit": "mmbtu",
            "gas_heating_value": 1.1,
            "gas_shrink": 0.12,
        },
        Terms(oil=70.0, gas=3.0, gas_per_mmbtu=True, heating_value=1.1, shrink=0.12),
    ),
    Case(
        "Henry Hub $2.80/MMBtu, BTU 1.05, WTI $68, run economics",
        {"gas_price": 2.8, "gas_price_unit": "mmbtu", "gas_heating_value": 1.05, "oil_price": 68.0},
        Terms(oil=68.0, gas=2.8, gas_per_mmbtu=True, heating_value=1.05),
    ),
    Case(
        "NGL yield of 90 bbl/MMcf priced at 30% of WTI, $72 oil and $2.75 gas",
        {
            "ngl_yield_bbl_per_mmcf": 90.0,
            "ngl_price_pct_of_oil": 0.30,
            "oil_price": 72.0,
            "gas_price": 2.75,
        },
        Terms(oil=72.0, gas=2.75, ngl_yield=90.0, ngl_pct_of_oil=0.30),
    ),
    Case(
        "$70 oil, $3 gas, NGLs 85 bbl/mmcf at $24/bbl",
        {"ngl_yield_bbl_per_mmcf": 85.0, "ngl_price": 24.0, "oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0, ngl_yield=85.0, ngl_price=24.0),
    ),
    Case(
        "run economics with $70 oil; the gas is flared, not sold",
        {"oil_price": 70.0, "not_sold": ["gas"]},
        Terms(oil=70.0, gas_sold=False),
        says=("not sold",),
    ),
    Case(
        "economics on the forecast at $70 oil and $3 gas",
        {"oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0),
        says=("gas revenue",),
    ),
    Case(
        "ECONOMICS @ $65 OIL AND $2.50 GAS",
        {"oil_price": 65.0, "gas_price": 2.5},
        Terms(oil=65.0, gas=2.5),
    ),
    Case(
        "econmics on teh forecast w/ $70 oil and $3 gas pls",
        {"oil_price": 70.0, "gas_price": 3.0},
        Terms(oil=70.0, gas=3.0),
    ),
    Case(
        "SEC pricing from the strip in my file",
        {"pricing": "sec"},
        None,
        setup="strip",
        check="sec",
        says=("SEC",),
    ),
    Case(
        "SEC reserves case with first-of-month WTI of 71.2, 74.5, 78.1, 82.6, 79.0, 77.3, "
        "81.9, 76.4, 69.8, 71.0, 68.2 and 70.7 for 2026 and Henry Hub flat at $3",
        {"pricing": "sec"},
        None,
        setup="forecast",
        check="sec_inline",
        says=("SEC",),
    ),
]
