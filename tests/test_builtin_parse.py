"""Reading plain-English questions: the right kind of question and the right figures."""

from __future__ import annotations

import pytest

from agents.builtin.parse import (
    extract_cash_flows,
    extract_decline,
    extract_discount_rate,
    extract_rate,
    numbers,
    parse_question,
)


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


def test_a_monthly_effective_decline_compounds_to_a_year():
    found = extract_decline("declining 10% per month")
    assert found.convention == "secant"
    assert found.value == pytest.approx(1 - 0.9**12)


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
            {"oil_price": 65.0, "royalty": 0.125, "opex": {"per_boe": 8.0}, "capex": 6e6},
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
