"""No stated figure silently dropped: each is bound to a tool argument or named as not used."""

from __future__ import annotations

import math

import pytest

from agents.builtin import domain
from agents.builtin.intent import read_question
from agents.builtin.quantities import extract_quantities
from agents.models import Agent
from tests.factories import tool_context, upload_row


@pytest.fixture
def production_agent(db):
    return Agent.objects.get(label="Production Agent")


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def test_quantities_carry_units_read_through_pint():
    found = extract_quantities("2.5 MMcf/d, $8/bbl opex, capex of $6MM, a 12.5 % royalty, PV10")
    assert [(q.raw, q.unit) for q in found] == [
        ("2.5 MMcf/d", "MMcf/d"),
        ("$8/bbl", "$/bbl"),
        ("$6MM", "$"),
        ("12.5 %", "%"),
        ("PV10", "label"),
    ]
    assert found[0].to("Mcf/d") == pytest.approx(2500.0)
    assert found[2].value == pytest.approx(6e6)
    assert found[3].to("fraction") == pytest.approx(0.125)
    assert "royalty" in found[3].after


def test_a_date_written_with_digits_is_one_figure_and_a_fraction_is_not_a_date():
    found = extract_quantities("gas from 2022-01 to 2022-06-30, then 1/15/2023 on; a 3/16 royalty")
    assert [(q.raw, q.unit) for q in found] == [
        ("2022-01", "date"),
        ("2022-06-30", "date"),
        ("1/15/2023", "date"),
        ("3", ""),
        ("16", ""),
    ]


def test_chemical_formulas_are_not_figures():
    assert extract_quantities("CO2e from CH4 and N2O") == []


def test_a_figure_the_forecast_does_not_take_is_named_with_what_it_reads_as(production_agent, ctx):
    text = domain.answer(
        "a well at 800 BOPD declining 25% a year, 12.5% royalty",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    block, _, body = text.partition("\n\n**Exponential decline**")
    assert block.startswith("**Inputs**")
    assert '- Initial rate: 800 bbl/d (stated: you wrote "800 BOPD")' in block
    assert "**Not used**" in block
    assert '"12.5%": it reads as the royalty of a cash-flow economics run' in block
    assert body  # the forecast itself follows the block


def test_a_figure_nothing_reads_is_named_as_not_used(production_agent, ctx):
    done = domain.answer_with_record(
        "NPV at 8% of -500, 200, 200, 200 across 3 rigs",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    assert [n.quantity.raw for n in done.work.not_used()] == ["3"]
    assert '- "3": a number that matches no input of an NPV/IRR of listed cash flows' in done.text


def test_defaults_applied_are_inputs_and_assumptions_not_stated_figures(production_agent, ctx):
    text = domain.answer("NPV of -1000, 300, 400, 500", agent=production_agent, ctx=ctx, history=[])
    assert "- Discount rate: 10% (default)" in text
    assert "no discount rate was given; 10% per period is the usual PV10" in text
    assert "Not used" not in text


def test_with_a_limit_and_no_horizon_the_forecast_runs_to_the_limit(production_agent, ctx):
    done = domain.answer_with_record(
        "qi 1000 bopd, exponential, declining 40% a year, economic limit 5 bbl/d",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    (call,) = done.work.calls
    assert call.arguments["horizon_years"] == 100.0
    # 1000 -> 5 bbl/d at nominal D = -ln(0.6): t = ln(200) / D.
    t = math.log(1000 / 5) / -math.log(0.6)
    assert call.result["years"] == pytest.approx(t, abs=1 / 12)
    assert call.result["stopped_by"] == "economic limit"
    assert "Horizon: 100 yr (default)" in done.text


def test_without_a_limit_or_horizon_the_default_horizon_is_named(production_agent, ctx):
    text = domain.answer(
        "forecast 500 bopd declining 20% per year", agent=production_agent, ctx=ctx, history=[]
    )
    assert "- Horizon: 30 yr (default)" in text
    assert "no economic limit or horizon given" in text


def test_a_well_is_found_by_its_name_however_it_is_written(production_agent, ctx):
    rows = ["date,well,oil_bbl"]
    for well, qi in (("Hawkins 1H", 900.0), ("Hawkins 2H", 600.0)):
        for month in range(18):
            year, mon = divmod(month, 12)
            rows.append(f"{2023 + year}-{mon + 1:02d}-01,{well},{qi * 0.95**month * 30:.1f}")
    upload_row(ctx, "hawkins.csv", "\n".join(rows).encode())
    for question in (
        "EUR for Hawkins 2H if we stop at 10 bbl/d",
        "what's the eur of hawkins 2h, economic limit 10 bopd",
    ):
        done = domain.answer_with_record(question, agent=production_agent, ctx=ctx, history=[])
        (call,) = [c for c in done.work.calls if c.name == "fit_decline"]
        assert call.arguments["well"] == "Hawkins 2H"
        assert call.arguments["economic_limit"] == 10
        assert [w["well"] for w in call.result["wells"]] == ["Hawkins 2H"]
        assert done.work.not_used() == []
        assert "`hawkins.csv`" in done.text


def test_a_follow_up_reuses_figures_from_the_earlier_question_and_says_so():
    history = [("user", "NPV at 8% of -500, 200, 200, 200"), ("assistant", "...")]
    intent = read_question("and at 12%?", history)
    assert intent.found["cash_flows"].origin == "an earlier question"
    assert intent.params["discount_rate"] == pytest.approx(0.12)
    assert intent.not_used() == []
