"""Economics read the way an analyst means it (issue 7, point 5), asked of the builtin
agent in plain words: gas revenue whenever there is gas and a gas price, a break-even with
no price, a run with no volumes said (no $0 results), every IRR and the MIRR when the cash
flow changes sign more than once, and a payout lost again. Figures against the
month-by-month reference of the economics corpus."""

from __future__ import annotations

import itertools
import re

import numpy_financial as npf
import pandas as pd
import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.corpus.economics_reference import GAS, MONTHS, OIL, START, Terms, monthly, npv
from tests.corpus.economics_reference import breakeven as hand_breakeven
from tests.factories import tool_context, upload_row


@pytest.fixture
def production_agent(db):
    return Agent.objects.get(label="Production Agent")


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def _forecast(ctx, *, gas: bool = True, oil: list[float] = OIL) -> None:
    dates = pd.period_range("2027-01", periods=len(oil), freq="M")
    lines = ["date,segment,oil_bbl" + (",gas_mcf" if gas else "")]
    for period, o, g in zip(dates, oil, GAS, strict=False):
        lines.append(f"{period.start_time:%Y-%m-%d},forecast,{o!r}" + (f",{g!r}" if gas else ""))
    upload_row(ctx, "forecast.csv", "\n".join(lines).encode())


def _ask(question: str, agent, ctx):
    done = domain.answer_with_record(question, agent=agent, ctx=ctx, history=[])
    assert done is not None, question
    calls = [c for c in (done.work.calls if done.work else []) if c.name == "cash_flow_economics"]
    return done, (calls[-1].result if calls else None)


def _cell(text: str, label: str) -> str:
    return next(ln for ln in text.splitlines() if ln.startswith(f"| {label}")).split("|")[2]


def _money(cell: str) -> list[float]:
    return [
        float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)
        for m in re.finditer(r"(-?)\$([\d,]+(?:\.\d+)?)", cell)
    ]


def test_a_stated_gas_price_values_the_gas_of_the_forecast(production_agent, ctx):
    _forecast(ctx)
    done, result = _ask("economics on the forecast at $70 oil and $3 gas", production_agent, ctx)
    total, oil, gas, ngl = _money(_cell(done.text, "net revenue"))
    assert gas == pytest.approx(sum(GAS) * 3.0, abs=1.0)
    assert oil == pytest.approx(sum(OIL) * 70.0, abs=1.0)
    assert total == pytest.approx(oil + gas + ngl, abs=1.0)
    terms = Terms(oil=70.0, gas=3.0)
    assert result["npv"] == pytest.approx(npv(terms, monthly(terms, OIL, GAS, START)), rel=1e-9)


def test_a_gas_price_for_an_oil_only_forecast_is_named_as_not_used(production_agent, ctx):
    _forecast(ctx, gas=False)
    done, result = _ask(
        "run economics on the forecast at $70 oil and $3.25 gas", production_agent, ctx
    )
    assert [n.quantity.raw for n in done.work.not_used()] == ["$3.25"]
    assert '"$3.25": there are no gas sales volumes to price' in done.text
    assert result["totals"]["gas_revenue"] == 0
    # Given a GOR, the same question values the gas made from the oil.
    done, result = _ask(
        "run economics on the forecast at $70 oil and $3.25 gas, GOR 1,500 scf/bbl",
        production_agent,
        ctx,
    )
    assert done.work.not_used() == []
    gas = [o * 1.5 for o in OIL]
    assert result["totals"]["gas_revenue"] == pytest.approx(sum(gas) * 3.25, rel=1e-9)
    terms = Terms(oil=70.0, gas=3.25)
    assert result["npv"] == pytest.approx(npv(terms, monthly(terms, OIL, gas, START)), rel=1e-9)


def test_gas_with_no_gas_price_is_asked_for_never_valued_at_zero(production_agent, ctx):
    _forecast(ctx)
    done, result = _ask("economics on the forecast at $70 oil, PV10", production_agent, ctx)
    assert result is None
    assert "gas production but no gas price" in done.text
    assert "NPV at" not in done.text
    # Said not sold, it is left out and the answer says so.
    done, result = _ask(
        "economics on the forecast at $70 oil, PV10; the gas is flared, not sold",
        production_agent,
        ctx,
    )
    terms = Terms(oil=70.0, gas_sold=False)
    assert result["npv"] == pytest.approx(npv(terms, monthly(terms, OIL, GAS, START)), rel=1e-9)
    assert "not sold" in done.text


def test_a_forecast_with_no_volumes_says_so_and_prints_no_zero_results(production_agent, ctx):
    _forecast(ctx, oil=[0.0] * 12, gas=False)
    done, result = _ask("economics on the forecast at $70 oil and $3 gas", production_agent, ctx)
    assert result is None
    assert "no oil, gas or NGL volumes" in done.text
    assert "NPV at" not in done.text and "| $0 |" not in done.text


def test_a_break_even_question_needs_no_price(production_agent, ctx):
    _forecast(ctx)
    done, result = _ask(
        "B/E oil price on the forecast? $3 gas, LOE $8k/month, capex $6MM", production_agent, ctx
    )
    terms = Terms(gas=3.0, fixed=8000.0, capex=[(0, 6e6)])
    expected = hand_breakeven(terms, "oil", OIL, GAS, START)
    assert result["breakeven_price"] == pytest.approx(expected, abs=0.005)
    assert f"${expected:,.2f}/bbl" in done.text
    assert "No oil price was needed" in done.text


def test_several_sign_changes_give_every_irr_a_warning_and_the_mirr(production_agent, ctx):
    _forecast(ctx)
    done, result = _ask(
        "NPV10 at $70 oil and $3 gas, capex $6MM, P&A $2.5MM 6 months after the economic limit",
        production_agent,
        ctx,
    )
    terms = Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], abandonment=2.5e6, abandonment_delay=6)
    flows = monthly(terms, OIL, GAS, START)
    signed = [f for f in flows if f != 0]  # the months between the limit and the P&A are 0
    changes = sum(1 for a, b in itertools.pairwise(signed) if a * b < 0)
    assert changes == 2
    roots = result["irrs_annual"]
    assert len(roots) == 2
    for root in roots:  # each is a rate at which the reference cash flow's NPV is zero
        assert abs(npv(terms, flows, root)) < 1.0
        assert f"{root * 100:.1f}%" in _cell(done.text, "IRR")
    assert "several roots" in _cell(done.text, "IRR")
    assert "the IRR is ambiguous" in done.text
    monthly_rate = 1.1 ** (1 / 12) - 1
    mirr = (1 + npf.mirr(flows, monthly_rate, monthly_rate)) ** 12 - 1
    assert result["mirr_annual"] == pytest.approx(mirr, rel=1e-9)
    assert f"{mirr * 100:.1f}%" in _cell(done.text, "MIRR")


def test_a_payout_lost_and_regained_is_said(production_agent, ctx):
    _forecast(ctx)
    done, result = _ask(
        "economics at $70 oil and $3 gas with $6MM capex and a $2MM refrac in month 40",
        production_agent,
        ctx,
    )
    terms = Terms(oil=70.0, gas=3.0, capex=[(0, 6e6), (40, 2e6)])
    cumulative, signs = 0.0, []
    for flow in monthly(terms, OIL, GAS, START):
        cumulative += flow
        signs.append(cumulative >= 0)
    paid = signs.index(True)
    lost = signs.index(False, paid)
    regained = signs.index(True, lost)
    assert (paid, lost, regained) == (34, 40, 74)
    assert result["npv"] == pytest.approx(npv(terms, monthly(terms, OIL, GAS, START)), rel=1e-9)
    payout = _cell(done.text, "payout")
    assert f"month {paid} " in payout
    assert f"turns negative again in month {lost}, pays out again in month {regained}" in payout
    assert len(OIL) == MONTHS
