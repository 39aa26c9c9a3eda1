"""Economics of a curve stated in the question: "NPV10 for a well with qi 800 BOPD, 65%
secant decline, b 1.1, capex $6MM, $70 oil" forecasts the well, then values it.

The reference is written here: the monthly volumes from the closed-form Arps cumulative
over calendar months from the first forecast month (``production_reference``), then the
month-by-month cash flow and its NPV (``economics_reference``), never the tools' code.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.corpus.economics_reference import Terms, monthly, npv
from tests.corpus.production_reference import YEAR, cum, nominal
from tests.factories import tool_context

pytestmark = pytest.mark.django_db


def ask(user, question: str):
    ctx = tool_context(user)
    agent = Agent.objects.get(label="Production Agent")
    return domain.answer_with_record(question, agent=agent, ctx=ctx, history=[])


def arps_months(qi: float, d: float, b: float, years: float) -> tuple[list[float], tuple]:
    """Each calendar month's volume from this month on, to ``years`` of 365.25 days (the
    last month is cut there), and month 1's (year, month)."""
    today = date.today()
    year, month = today.year, today.month
    start = (year, month)
    volumes, t, end = [], 0.0, years * YEAR
    while t < end:
        days = calendar.monthrange(year, month)[1]
        volumes.append(cum(qi, d, b, min(t + days, end)) - cum(qi, d, b, t))
        t += days
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return volumes, start


def money_in(text: str, label: str) -> float:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    m = re.search(r"(-?)\$([\d,]+(?:\.\d+)?)", line)
    return float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)


@pytest.mark.parametrize(
    "question",
    [
        "NPV10 for a well with qi 800 BOPD, 65%/yr secant decline b=1.1, capex $6MM, $70 oil",
        "what's the PV10 of an 800 bopd well declining 65% secant, b of 1.1, at $70 oil with "
        "$6MM of capex?",
    ],
)
def test_a_stated_oil_curve_is_forecast_then_valued(alice, question):
    done = ask(alice, question)
    names = [c.name for c in done.work.calls]
    assert names == ["forecast_decline", "cash_flow_economics"], done.text
    forecast, economics = done.work.calls
    assert economics.arguments["forecast_rowid"] == forecast.result["forecast_rowid"]
    # No limit or horizon stated: the forecast's 30 years (named in the Inputs).
    oil, start = arps_months(800, nominal(0.65, "secant", 1.1), 1.1, 30)
    assert "Horizon: 30 yr (default)" in done.text
    terms = Terms(oil=70.0, capex=[(0, 6e6)])
    expected = npv(terms, monthly(terms, oil, [0.0] * len(oil), start))
    assert economics.result["npv"] == pytest.approx(expected, rel=1e-6)
    assert money_in(done.text, "NPV at") == pytest.approx(expected, abs=1.0)
    # Every figure of the question went somewhere.
    assert [n.quantity.raw for n in done.work.not_used()] == [], done.text
    assert "Initial rate: 800 bbl/d" in done.text and "$6,000,000" in done.text


def test_a_stated_curve_to_an_economic_limit_is_forecast_to_it(alice):
    done = ask(
        alice,
        "NPV10 of a well at 800 bopd, 65% secant decline, b 1.1, to an economic limit of "
        "20 bopd, $70 oil, capex $6MM",
    )
    forecast, economics = done.work.calls
    assert forecast.arguments["economic_limit"] == 20
    d = nominal(0.65, "secant", 1.1)
    years = ((800 / 20) ** 1.1 - 1) / (1.1 * d)  # the closed-form time to 20 bbl/d
    oil, start = arps_months(800, d, 1.1, years)
    terms = Terms(oil=70.0, capex=[(0, 6e6)])
    expected = npv(terms, monthly(terms, oil, [0.0] * len(oil), start))
    assert economics.result["npv"] == pytest.approx(expected, rel=1e-6)
    assert [n.quantity.raw for n in done.work.not_used()] == [], done.text


def test_a_stated_curve_without_prices_asks_for_them_before_forecasting(alice):
    done = ask(alice, "NPV10 of a 500 bopd well declining 60% a year, b 1.0")
    assert "To run economics I need the prices" in done.text
    assert not done.work.calls
