"""Reading plain-English questions: the right kind of question and the right figures."""

from __future__ import annotations

import pytest

from agents.builtin.bind_economics import extract_cash_flows, extract_discount_rate
from agents.builtin.bind_production import extract_decline, extract_rate
from agents.builtin.intent import parse_question
from agents.builtin.numbers import numbers


@pytest.mark.parametrize(
    ("question", "flows", "rate"),
    [
        ("NPV at 8% of -500, 200, 200, 200", [-500, 200, 200, 200], 0.08),
        ("what's the IRR of -1000, 300, 400, 500, 200", [-1000, 300, 400, 500, 200], None),
        ("PV10 of -1,200,000, 300,000, 400,000", [-1.2e6, 3e5, 4e5], 0.10),
        ("PV10 of -$1.2MM, $400k, $500k, $600k", [-1.2e6, 4e5, 5e5, 6e5], 0.10),
        ("NPV of -500,200,200,200 at 12%", [-500, 200, 200, 200], 0.12),
        ("(1,000), 300 and 400 and 500: IRR?", [-1000, 300, 400, 500], None),
        ("discount rate of 7.5%, cash flows -100 30 40 50", [-100, 30, 40, 50], 0.075),
        (
            "invest $1000 then 300 a year for 5 years, what's the NPV at 10%?",
            [-1000, 300, 300, 300, 300, 300],
            0.10,
        ),
        ("npv at 9% of \u22122000, 800, 900, 1000", [-2000, 800, 900, 1000], 0.09),
    ],
)
def test_inline_cash_flow_questions_go_to_npv_irr(question, flows, rate):
    intent = parse_question(question)
    assert intent.kind == "npv_irr"
    assert intent.params["cash_flows"] == pytest.approx(flows)
    if rate is None:
        assert intent.params["discount_rate"] is None
    else:
        assert intent.params["discount_rate"] == pytest.approx(rate)


def test_a_follow_up_rate_reuses_the_last_cash_flows():
    history = [("user", "NPV at 8% of -500, 200, 200, 200"), ("assistant", "NPV 15.42")]
    intent = parse_question("and at 12%?", history)
    assert intent.kind == "npv_irr"
    assert intent.params["cash_flows"] == [-500, 200, 200, 200]
    assert intent.params["discount_rate"] == pytest.approx(0.12)
    assert parse_question("and at 12%?", []) is None


@pytest.mark.parametrize(
    ("question", "qi", "unit", "decline", "convention", "b"),
    [
        ("a well at 800 bbl/d declining 25% a year", 800, "bbl/d", 0.25, "secant", None),
        ("800 bopd, 25%/yr decline", 800, "bbl/d", 0.25, "secant", None),
        (
            "gas well at 2.5 mmcf/d, nominal decline 0.3 per year, b of 0.9",
            2500,
            "mcf/d",
            0.3,
            "nominal",
            0.9,
        ),
        ("qi 1,000 bopd, Di 70% per year, b=1.2", 1000, "bbl/d", 0.70, "secant", 1.2),
        (
            "2,500 mcfd declining at a tangent effective 40% a year",
            2500,
            "mcf/d",
            0.4,
            "tangent",
            None,
        ),
        ("a harmonic decline from 300 bbl/d at 50% a year", 300, "bbl/d", 0.5, "secant", 1.0),
    ],
)
def test_inline_decline_questions_go_to_forecast_decline(
    question, qi, unit, decline, convention, b
):
    intent = parse_question(question)
    assert intent.kind == "forecast_decline"
    rate = intent.params["rate"]
    assert (rate.value, rate.unit) == (pytest.approx(qi), unit)
    assert intent.params["decline"].value == pytest.approx(decline)
    assert intent.params["decline"].convention == convention
    assert intent.params["b"] == (pytest.approx(b) if b is not None else None)


def test_a_monthly_effective_decline_stays_monthly_for_the_hyperbolic_equation():
    # Compounding twelve months (1 - 0.9**12) is right only for an exponential; the tool
    # converts a monthly decline through the hyperbolic equation over one month.
    found = extract_decline("declining 10% per month")
    assert (found.convention, found.period) == ("secant", "month")
    assert found.value == pytest.approx(0.10)


def test_economic_limit_terminal_decline_and_horizon_are_read():
    intent = parse_question(
        "forecast 1,000 bopd, Di 70% per year, b of 1.1, terminal decline 6%, "
        "economic limit 5 bbl/d, over 25 years"
    )
    assert intent.params["terminal_decline"] == pytest.approx(0.06)
    assert intent.params["economic_limit"].value == pytest.approx(5)
    assert intent.params["years"] == pytest.approx(25)


@pytest.mark.parametrize(
    ("question", "kind", "expected"),
    [
        ("fit a decline to the oil in my file", "fit_decline", {"phase": "oil"}),
        ("forecast gas for well X", "forecast_decline", {"phase": "gas", "well": "X"}),
        ("Fit a decline to the oil in row 3", "fit_decline", {"row": 3}),
        ("what's the EUR of well 'Hawkins 1H'?", "forecast_decline", {"well": "Hawkins 1H"}),
        ("describe my upload", "describe_table", {"row": None}),
        ("what columns does my file have?", "describe_table", {}),
        ("show me the first rows", "preview_table", {"n": None}),
        ("preview the first 5 rows of row 2", "preview_table", {"row": 2, "n": 5}),
        ("chart the forecast", "chart_row", {"subject": "decline"}),
        ("plot row 3", "chart_row", {"row": 3}),
        ("what's our carbon intensity?", "emissions_inventory", {"intensity": True}),
        (
            "run economics on the forecast with $70 oil and $3 gas",
            "cash_flow_economics",
            {"oil_price": 70.0, "gas_price": 3.0},
        ),
        (
            "NPV10 of my well at $65/bbl, 12.5% royalty, $8/bbl opex, capex of $6MM",
            "cash_flow_economics",
            {
                "oil_price": 65.0,
                "royalty": 0.125,
                "oil_opex_per_bbl": 8.0,
                "capex": [{"amount": 6e6, "label": "capex"}],
            },
        ),
        (
            "what does a $50/t carbon price do to NPV?",
            "carbon_price_impact",
            {"carbon_price": 50.0},
        ),
    ],
)
def test_file_and_other_questions_pick_the_right_tool(question, kind, expected):
    intent = parse_question(question)
    assert intent is not None and intent.kind == kind
    for key, value in expected.items():
        assert intent.params[key] == value


def test_inline_activity_data_becomes_an_inventory():
    intent = parse_question(
        "we flared 12,000 mcf and burned 30,000 gallons of diesel last year, what are our "
        "emissions?"
    )
    assert intent.kind == "emissions_inventory"
    got = {(a.source, a.quantity, a.unit) for a in intent.params["activities"]}
    assert got == {("flaring", 12000, "mcf"), ("diesel", 30000, "gal")}


def test_power_and_venting_units_are_normalised():
    intent = parse_question("used 1,200 MWh of grid power and vented 300 mcf")
    got = {(a.source, a.quantity, a.unit) for a in intent.params["activities"]}
    assert got == {("electricity", 1_200_000, "kwh"), ("venting", 300, "mcf")}


@pytest.mark.parametrize("question", ["hello", "hi there!", "what can you do?", "thanks", ""])
def test_small_talk_is_not_a_domain_question(question):
    assert parse_question(question) is None


def test_numbers_keep_names_and_units_apart():
    values = [n.value for n in numbers("PV10 of well A-12 at 12,000 mcf and $1.5 million")]
    assert values == [12000, 1.5e6]
    assert extract_rate("2.5 MMcf/d").value == 2500
    assert extract_discount_rate("discounted at 12 percent") == pytest.approx(0.12)
    assert extract_cash_flows("we flared 12,000 mcf") is None


# --- times, limits and horizons (the first three were misread before) -----------------------


def test_rate_after_n_years_is_a_report_time_and_eur_to_x_is_the_limit():
    intent = parse_question(
        "a well at 800 bbl/d declining 25% a year, b of 0.9; what's the rate after 2 years "
        "and the EUR to 10 bbl/d?"
    )
    p = intent.params
    assert intent.kind == "forecast_decline"
    assert p["rate"].value == 800 and p["rate"].unit == "bbl/d"
    assert p["at_years"] == [2.0]
    assert p["years"] is None  # no horizon given: the tool's default, stated in the answer
    assert (p["economic_limit"].value, p["economic_limit"].unit) == (10, "bbl/d")
    assert p["b"] == pytest.approx(0.9)


def test_when_does_it_hit_x_is_the_economic_limit_not_the_initial_rate():
    intent = parse_question(
        "exponential decline from 1200 bbl/d at 30% per year, when does it hit 20 bbl/d and "
        "what's the cumulative by then?"
    )
    p = intent.params
    assert p["rate"].value == 1200
    assert p["economic_limit"].value == 20
    assert p["decline"].value == pytest.approx(0.30) and p["b"] == 0.0
    assert p["years"] is None and p["at_years"] == []


@pytest.mark.parametrize(
    ("question", "at_years", "horizon"),
    [
        ("800 bopd declining 25%/yr, rate after 2 years", [2.0], None),
        ("800 bopd declining 25%/yr, rate after 18 months", [1.5], None),
        ("800 bopd declining 25%/yr: the rate in year 5?", [5.0], None),
        ("800 bopd declining 25%/yr, cumulative after 3 years over 20 years", [3.0], 20.0),
        ("800 bopd declining 25%/yr, at 5 years and 10 years", [5.0, 10.0], None),
        ("800 bopd declining 25%/yr, rate after 1, 2 and 5 years", [1.0, 2.0, 5.0], None),
        ("800 bopd declining 25%/yr, what's the 5-yr cum?", [5.0], None),
        ("800 bopd declining 25%/yr, horizon of 15 years", [], 15.0),
        ("a 10-year forecast of 800 bopd declining 25%/yr", [], 10.0),
        ("800 bopd declining 25%/yr for the next 18 months", [], 1.5),
        ("800 bopd declining 25%/yr over 25 yrs, rate at month 6", [0.5], 25.0),
    ],
)
def test_report_times_and_horizons_are_told_apart(question, at_years, horizon):
    p = parse_question(question).params
    assert p["at_years"] == pytest.approx(at_years)
    assert p["years"] == (pytest.approx(horizon) if horizon is not None else None)


@pytest.mark.parametrize(
    ("question", "limit", "unit", "qi"),
    [
        ("800 bopd declining 25%/yr, EUR to 10 bbl/d", 10, "bbl/d", 800),
        ("800 bopd declining 25%/yr, economic limit of 5 bopd", 5, "bbl/d", 800),
        ("economic limit 10 bbl/d, well at 800 bopd declining 30%/yr", 10, "bbl/d", 800),
        ("a 20 bopd economic limit and qi of 600 bopd declining 28%/yr", 20, "bbl/d", 600),
        ("800 bopd declining 25%/yr down to 8 bopd", 8, "bbl/d", 800),
        ("800 bopd declining 25%/yr until it reaches 12 bbl/d", 12, "bbl/d", 800),
        ("800 bopd declining 25%/yr, when does it reach 15?", 15, "", 800),
        ("hyperbolic 700 BOPD, Di 70%, b 1.3, Dmin 6%, abandon at 5 bopd", 5, "bbl/d", 700),
        ("gas: 5.2 MMscf/d, 45% decline, b-factor 0.6, 5 mcf/d ec limit", 5, "mcf/d", 5200),
        ("500BOPD 30%/yr decline econ limit of 8", 8, "", 500),
        ("qi=1200 bopd di=0.9 b=1.1 dmin=0.07 econ limit 15 bopd", 15, "bbl/d", 1200),
    ],
)
def test_economic_limit_phrasings(question, limit, unit, qi):
    p = parse_question(question).params
    assert (p["economic_limit"].value, p["economic_limit"].unit) == (pytest.approx(limit), unit)
    assert p["rate"].value == pytest.approx(qi)


@pytest.mark.parametrize(
    "question",
    [
        "800 bopd declining 25%/yr until 2040",
        "800 bopd declining 25%/yr until year 5",
        "800 bopd declining 25%/yr, when does it reach 5 years of production",
    ],
)
def test_dates_and_times_after_limit_words_are_not_limits(question):
    assert parse_question(question).params["economic_limit"] is None


# --- decline phrasings: units, typos, conventions, several numbers ---------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Well makes 450 bopd, declining 6.5%/month, b-factor 1.2 - EUR?",
            {"qi": (450, "bbl/d"), "decline": (0.065, "secant"), "b": 1.2},
        ),
        (
            "gas well IP 4.5 MMcf/d, Di 65% , b 0.8, terminal decline 8%, 30 yr forecast",
            {"qi": (4500, "mcf/d"), "decline": (0.65, "secant"), "b": 0.8, "dlim": 0.08},
        ),
        (
            "qi=1200 bopd di=0.9 b=1.1 dmin=0.07 econ limit 15 bopd",
            {"qi": (1200, "bbl/d"), "decline": (0.9, "nominal"), "b": 1.1, "dlim": 0.07},
        ),
        (
            "forcast 600 bbls/day declinng 35% per yr for 20 years",
            {"qi": (600, "bbl/d"), "decline": (0.35, "secant"), "years": 20},
        ),
        (
            "1,500 boe/d with a 55% initial decline, b of 1.0; cumulative after 18 months?",
            {"qi": (1500, "boe/d"), "decline": (0.55, "secant"), "b": 1.0, "at": [1.5]},
        ),
        (
            "harmonic decline 2 mmcfd at nominal 0.5/yr, when does it reach 100 mcf/d?",
            {"qi": (2000, "mcf/d"), "decline": (0.5, "nominal"), "b": 1.0, "limit": 100},
        ),
        (
            "800 bbl/d, 25% decline, b 0.9, rate at 5 years and 10 years",
            {"qi": (800, "bbl/d"), "decline": (0.25, "secant"), "b": 0.9, "at": [5, 10]},
        ),
        (
            "EUR of a 3,000 mcf/d gas well, nominal decline 0.6 per year, b=0.5, down to 50 mcfd",
            {"qi": (3000, "mcf/d"), "decline": (0.6, "nominal"), "b": 0.5, "limit": 50},
        ),
        (
            "exponential, qi 250 bopd, D = 0.25 nominal, until it hits 10 bopd",
            {"qi": (250, "bbl/d"), "decline": (0.25, "nominal"), "b": 0.0, "limit": 10},
        ),
        (
            "1200 bopd Di 80% b 1.1 terminal 7% what is the rate after 6 months",
            {"qi": (1200, "bbl/d"), "decline": (0.8, "secant"), "dlim": 0.07, "at": [0.5]},
        ),
        (
            "terminal decline 8%, Di 60%/yr, b 1.0, IP 900 BOPD",
            {"qi": (900, "bbl/d"), "decline": (0.6, "secant"), "dlim": 0.08, "b": 1.0},
        ),
        (
            "Decline of 6.5%/month from 900 bopd, tangent effective",
            {"qi": (900, "bbl/d"), "decline": (0.065, "tangent")},
        ),
        (
            "nominal 6.5%/month decline from 900 bopd",
            {"qi": (900, "bbl/d"), "decline": (0.065, "nominal")},
        ),
        (
            "my well does 350 b/d and declines 20%/yr, b 0.7, what's the 5-yr cum?",
            {"qi": (350, "bbl/d"), "decline": (0.2, "secant"), "b": 0.7, "at": [5]},
        ),
        (
            "IP30 of 900 BOPD with a 70% first-year decline and a B-Factor of 1.4",
            {"qi": (900, "bbl/d"), "decline": (0.7, "secant"), "b": 1.4},
        ),
        (
            "2.5MMCFD gas well, 40 % decline per annum",
            {"qi": (2500, "mcf/d"), "decline": (0.4, "secant")},
        ),
        (
            "1,000 Mcf/d declining 30% a year, 10 mcfd limit",
            {"qi": (1000, "mcf/d"), "decline": (0.3, "secant"), "limit": 10},
        ),
        (
            "A 1200 BOE/D well, 50% decline, b-factor .8, 25 year horizon",
            {"qi": (1200, "boe/d"), "decline": (0.5, "secant"), "b": 0.8, "years": 25},
        ),
    ],
)
def test_analyst_decline_phrasings(question, expected):
    intent = parse_question(question)
    assert intent.kind == "forecast_decline"
    p = intent.params
    assert (p["rate"].value, p["rate"].unit) == (
        pytest.approx(expected["qi"][0]),
        expected["qi"][1],
    )
    value, convention = expected["decline"]
    assert p["decline"].value == pytest.approx(value)
    assert p["decline"].convention == convention
    if "b" in expected:
        assert p["b"] == pytest.approx(expected["b"])
    if "dlim" in expected:
        assert p["terminal_decline"] == pytest.approx(expected["dlim"])
    if "limit" in expected:
        assert p["economic_limit"].value == pytest.approx(expected["limit"])
    if "years" in expected:
        assert p["years"] == pytest.approx(expected["years"])
    if "at" in expected:
        assert p["at_years"] == pytest.approx(expected["at"])


def test_a_well_named_like_a_number_is_not_a_decline_or_a_limit():
    intent = parse_question("Fit decline to oil for well A-12 with an economic limit of 5 bopd")
    assert intent.kind == "fit_decline"
    assert intent.params["well"] == "A-12"
    assert intent.params["economic_limit"].value == 5
    assert intent.params["rate"] is None and intent.params["decline"] is None


# --- cash flows ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "flows", "rate", "period"),
    [
        (
            "NPV10 of -2.5MM capex then 800k, 700k, 600k, 500k per year",
            [-2.5e6, 8e5, 7e5, 6e5, 5e5],
            0.10,
            "year",
        ),
        (
            "PV-10 of capex $2.5 million then $800k, $700k, $600k",
            [-2.5e6, 8e5, 7e5, 6e5],
            0.10,
            "year",
        ),
        ("NPV@12 of (500), 200, 200, 200", [-500, 200, 200, 200], 0.12, "year"),
        ("npv at 10 percent of -1000, 400, 400, 400", [-1000, 400, 400, 400], 0.10, "year"),
        (
            "what's the IRR if I spend 1,000 then get 300 a year for 5 years",
            [-1000, 300, 300, 300, 300, 300],
            None,
            "year",
        ),
        (
            "IRR on -$3M investment returning $1M, $1.2M, $1.1M, $0.9M",
            [-3e6, 1e6, 1.2e6, 1.1e6, 0.9e6],
            None,
            "year",
        ),
        (
            "discount rate of 12%, cashflows: -500 / 150 / 200 / 250 / 100",
            [-500, 150, 200, 250, 100],
            0.12,
            "year",
        ),
        (
            "NPV of capex 2,000,000 then 600,000 700,000 800,000 at 8%",
            [-2e6, 6e5, 7e5, 8e5],
            0.08,
            "year",
        ),
        ("npv -1200 300 400 500 600 disc 9%", [-1200, 300, 400, 500, 600], 0.09, "year"),
        ("NPV-15 of -750k, 250k, 250k, 250k, 250k", [-7.5e5] + [2.5e5] * 4, 0.15, "year"),
        (
            "what's the NPV at 10% of a -$4.2mm well that makes $1.5mm, $1.1mm, $0.8mm, $0.6mm",
            [-4.2e6, 1.5e6, 1.1e6, 0.8e6, 0.6e6],
            0.10,
            "year",
        ),
        (
            "Monthly cash flows -50000, 8000, 8000, 8000, 8000, 8000, 8000, 8000 - NPV at 1% per month",
            [-50000] + [8000] * 7,
            0.01,
            "month",
        ),
        (
            "NPV of -2.5MM then 800M, 700M per year at 10%",  # oil-patch M = thousand next to MM
            [-2.5e6, 8e5, 7e5],
            0.10,
            "year",
        ),
        (
            "NPV at a 12% discount rate: -$2.5M, $1M, $1M, $1M",
            [-2.5e6, 1e6, 1e6, 1e6],
            0.12,
            "year",
        ),
        (
            "invest 500 thousand, then 150 thousand a month for 4 months, NPV at 1%",
            [-5e5, 1.5e5, 1.5e5, 1.5e5, 1.5e5],
            0.01,
            "month",
        ),
    ],
)
def test_cash_flow_phrasings(question, flows, rate, period):
    intent = parse_question(question)
    assert intent.kind == "npv_irr"
    assert intent.params["cash_flows"] == pytest.approx(flows)
    assert intent.params["discount_rate"] == (pytest.approx(rate) if rate is not None else None)
    assert intent.params["period"] == period


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("payback on -400, 100, 150, 200, 250?", ["payback"]),
        ("PI and NPV at 11% for -10,000, 3,000, 4,000, 5,000, 2,000", ["npv", "pi"]),
        ("IRR of -100, 60, 60", ["irr"]),
    ],
)
def test_what_is_asked_of_the_cash_flows(question, asks):
    assert parse_question(question).params["asks"] == asks


# --- economics on a forecast ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "run economics on the forecast with $72.50 WTI and $2.80 Henry Hub",
            {"oil_price": 72.5, "gas_price": 2.8},
        ),
        (
            "economics at $65/bbl oil, 12.5% royalty, 4.6% severance, $9/bbl LOE, $6.5MM capex",
            {
                "oil_price": 65.0,
                "royalty": 0.125,
                "severance_tax": 0.046,
                "oil_opex_per_bbl": 9.0,
                "capex": [{"amount": 6.5e6, "label": "capex"}],
            },
        ),
        (
            "run economics on the forecast with $70 oil, 12.5% royalty and $8/bbl opex",
            {"oil_price": 70.0, "royalty": 0.125, "oil_opex_per_bbl": 8.0},
        ),
        (
            "NPV10 of my well at $70 oil and $3.25/mcf gas, 80% WI",
            {"oil_price": 70.0, "gas_price": 3.25, "discount_rate": 0.10, "working_interest": 0.8},
        ),
        ("what's the breakeven oil price for the forecast?", {"asks": ["breakeven"]}),
        ("economics with 60 dollar oil", {"oil_price": 60.0}),
    ],
)
def test_economics_phrasings(question, expected):
    intent = parse_question(question)
    assert intent.kind == "cash_flow_economics"
    for key, value in expected.items():
        assert intent.params[key] == (pytest.approx(value) if isinstance(value, float) else value)


# --- charts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "subject", "row"),
    [
        ("chart the fit", "decline", None),
        ("plot the forecast", "decline", None),
        ("graph the decline", "decline", None),
        ("plot the production", "decline", None),
        ("plot the cash flow", "cash flow", None),
        ("chart the economics of the forecast", "cash flow", None),
        ("graph emissions", "emissions", None),
        ("chart the inventory", "emissions", None),
        ("chart row 4", None, 4),
        ("plot the forecast in row 2", "decline", 2),
    ],
)
def test_chart_requests_name_their_subject(question, subject, row):
    intent = parse_question(question)
    assert intent.kind == "chart_row"
    assert intent.params["subject"] == subject
    assert intent.params["row"] == row


# --- follow-ups ----------------------------------------------------------------------------------


def _conversation(*questions: str):
    history: list[tuple[str, str]] = []
    intents = []
    for question in questions:
        intents.append(parse_question(question, history))
        history += [("user", question), ("assistant", "(answer)")]
    return intents


def test_forecast_follow_ups_change_one_figure_and_keep_the_rest():
    _first, b, limit, rate, decline, at = _conversation(
        "a well at 800 bopd declining 25% a year",
        "and with b of 1.2?",
        "what about a 10 bopd limit instead",
        "same but 1,000 bopd",
        "and at 40%?",
        "and the rate after 3 years?",
    )
    assert b.params["b"] == 1.2 and b.params["rate"].value == 800
    assert limit.params["economic_limit"].value == 10 and limit.params["b"] == 1.2
    assert rate.params["rate"].value == 1000 and rate.params["economic_limit"].value == 10
    assert decline.params["decline"].value == pytest.approx(0.4) and decline.params["b"] == 1.2
    assert at.params["at_years"] == [3.0] and at.params["decline"].value == pytest.approx(0.4)
    assert at.params["rate"].value == 1000


def test_cash_flow_follow_ups():
    _first, fifteen, twelve, irr = _conversation(
        "NPV at 8% of -500, 200, 200, 200", "and at 15%?", "what about 12 percent", "and the IRR?"
    )
    for intent in (fifteen, twelve, irr):
        assert intent.kind == "npv_irr" and intent.params["cash_flows"] == [-500, 200, 200, 200]
    assert fifteen.params["discount_rate"] == pytest.approx(0.15)
    assert twelve.params["discount_rate"] == pytest.approx(0.12)
    assert irr.params["asks"] == ["irr"]


def test_economics_follow_ups_keep_the_earlier_terms():
    _first, sixty, fifteen, gas = _conversation(
        "run economics on the forecast with $70 oil, 12.5% royalty and $8/bbl opex",
        "what if oil is $60?",
        "and at 15%?",
        "with $3 gas too",
    )
    assert sixty.kind == "cash_flow_economics"
    assert sixty.params["oil_price"] == 60 and sixty.params["royalty"] == pytest.approx(0.125)
    assert sixty.params["oil_opex_per_bbl"] == 8.0
    assert fifteen.params["discount_rate"] == pytest.approx(0.15)
    assert fifteen.params["oil_price"] == 60
    assert gas.params["gas_price"] == 3 and gas.params["discount_rate"] == pytest.approx(0.15)


def test_a_new_subject_is_not_taken_as_a_follow_up():
    _npv, emissions = _conversation(
        "NPV at 8% of -500, 200, 200, 200", "and what are our emissions if we flared 1,000 mcf?"
    )
    assert emissions.kind == "emissions_inventory"


def test_a_follow_up_without_anything_to_follow_invents_no_figures():
    assert parse_question("and with b of 1.2?", []) is None
    assert parse_question("and at 15%?", []) is None


@pytest.mark.parametrize(
    ("question", "qi", "decline", "b", "limit", "at_years", "years"),
    [
        (
            "WELL AT 800 BOPD DECLINING 25% PER YEAR, RATE AFTER 2 YRS, EUR TO 10 BOPD",
            800,
            0.25,
            None,
            10,
            [2.0],
            None,
        ),
        ("800 bopd, 25%/yr, b=0.9, q_lim = 10", 800, 0.25, 0.9, 10, [], None),
        (
            "What's the EUR for a 650 bbl/day well w/ 60% Di and b=1.1, econ limit 10 bbl/d, "
            "30-yr life?",
            650,
            0.60,
            1.1,
            10,
            [],
            30.0,
        ),
        ("800 bopd declining 25% yearly; cum at 5 yrs?", 800, 0.25, None, None, [5.0], None),
        ("well at 800 bopd with a 25 percent annual decline", 800, 0.25, None, None, [], None),
    ],
)
def test_more_forecast_phrasings(question, qi, decline, b, limit, at_years, years):
    intent = parse_question(question)
    assert intent.kind == "forecast_decline"
    p = intent.params
    assert p["rate"].value == qi and p["decline"].value == pytest.approx(decline)
    assert p["b"] == (pytest.approx(b) if b is not None else None)
    if limit is None:
        assert p["economic_limit"] is None
    else:
        assert p["economic_limit"].value == limit
    assert p["at_years"] == at_years and p["years"] == years
    assert p["well"] is None


@pytest.mark.parametrize(
    ("question", "flows", "rate"),
    [
        ("NPV AT 8% OF -500, 200, 200, 200", [-500, 200, 200, 200], 0.08),
        (
            "IRR of -1,000,000, 250,000, 350,000, 450,000, 550,000",
            [-1e6, 2.5e5, 3.5e5, 4.5e5, 5.5e5],
            None,
        ),
        ("npv of -100 , 50 , 60 , 70 @ 10%", [-100, 50, 60, 70], 0.10),
        (
            "PV10 for capex of 3 million, cash flows 1 million, 1.5 million, 1 million",
            [-3e6, 1e6, 1.5e6, 1e6],
            0.10,
        ),
        (
            "npv at 10%: year 0: -1000, year 1: 400, year 2: 400, year 3: 400",
            [-1000, 400, 400, 400],
            0.10,
        ),
    ],
)
def test_more_cash_flow_phrasings(question, flows, rate):
    intent = parse_question(question)
    assert intent.kind == "npv_irr"
    assert intent.params["cash_flows"] == pytest.approx(flows)
    assert intent.params["discount_rate"] == (pytest.approx(rate) if rate is not None else None)
