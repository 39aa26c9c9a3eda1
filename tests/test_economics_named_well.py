"""Economics of the well the analyst names: "NPV10 of the Hawkins 1H forecast" values that
well alone out of a multi-well forecast, and follow-ups ("break-even oil price for that
forecast", "and for Hawkins 2H?") keep the terms and the well, or change just the well.
Figures against the month-by-month cash flow of tests/corpus/economics_reference.py."""

from __future__ import annotations

import pandas as pd
import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.corpus.economics_reference import GAS, MONTHS, OIL, START, Terms, breakeven, monthly, npv
from tests.factories import tool_context, upload_row

SCALES = {"Hawkins 1H": 1.0, "Hawkins 2H": 0.8, "Ward 3": 0.5}
FIRST = (
    "npv10 of the Hawkins 1H forecast at $70 oil and $3.25/Mcf gas, 12.5 % royalty, "
    "LOE $8/bbl, capex $6MM"
)
TERMS = Terms(oil=70.0, gas=3.25, royalty=0.125, oil_opex=8.0, capex=[(0, 6e6)])


def _wells_csv() -> bytes:
    dates = [
        p.start_time.strftime("%Y-%m-%d")
        for p in pd.period_range("2027-01", periods=MONTHS, freq="M")
    ]
    lines = ["well,date,segment,oil_bbl,gas_mcf"]
    for well, scale in SCALES.items():
        for date, o, g in zip(dates, OIL, GAS, strict=True):
            lines.append(f"{well},{date},forecast,{o * scale!r},{g * scale!r}")
    return "\n".join(lines).encode()


def _volumes(well: str) -> tuple[list[float], list[float]]:
    scale = SCALES[well]
    return [o * scale for o in OIL], [g * scale for g in GAS]


@pytest.fixture
def ask(alice, db):
    agent = Agent.objects.get(label="Production Agent")
    ctx = tool_context(alice)
    upload_row(ctx, "wells_forecast.csv", _wells_csv())
    history: list[tuple[str, str]] = []

    def ask(question: str):
        done = domain.answer_with_record(question, agent=agent, ctx=ctx, history=history)
        assert done is not None, question
        history.extend([("user", question), ("assistant", done.text)])
        calls = [c for c in done.work.calls if c.name == "cash_flow_economics"]
        assert calls, done.text
        return done, calls[-1]

    return ask


def test_the_well_named_is_the_only_one_valued(ask):
    done, call = ask(FIRST)
    assert call.arguments["well"] == "Hawkins 1H"
    oil, gas = _volumes("Hawkins 1H")
    assert call.result["npv"] == pytest.approx(
        npv(TERMS, monthly(TERMS, oil, gas, START)), rel=1e-6
    )
    assert "Hawkins 2H" not in done.text and "Ward 3" not in done.text
    assert [n.quantity.raw for n in done.work.not_used()] == []


def test_a_follow_up_keeps_the_well_and_the_terms(ask):
    ask(FIRST)
    _, call = ask("break-even oil price for that forecast")
    assert call.arguments["well"] == "Hawkins 1H"
    assert call.arguments["royalty"] == pytest.approx(0.125)
    assert call.arguments["oil_opex_per_bbl"] == pytest.approx(8.0)
    oil, gas = _volumes("Hawkins 1H")
    by_hand = breakeven(TERMS, "oil", oil, gas, START)
    assert call.result["breakeven_prices"]["oil"] == pytest.approx(by_hand, abs=0.005)


def test_a_follow_up_naming_another_well_values_that_well_on_the_same_terms(ask):
    ask(FIRST)
    _, call = ask("and for Hawkins 2H?")
    assert call.arguments["well"] == "Hawkins 2H"
    oil, gas = _volumes("Hawkins 2H")
    assert call.result["npv"] == pytest.approx(
        npv(TERMS, monthly(TERMS, oil, gas, START)), rel=1e-6
    )


def test_without_a_well_named_every_well_is_valued(ask):
    _, call = ask("npv10 of the forecast at $70 oil and $3.25/Mcf gas, 12.5 % royalty")
    assert "well" not in call.arguments
    terms = Terms(oil=70.0, gas=3.25, royalty=0.125)
    total = sum(npv(terms, monthly(terms, *_volumes(w), START)) for w in SCALES)
    assert call.result["npv"] == pytest.approx(total, rel=1e-6)
