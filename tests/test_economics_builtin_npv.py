"""NPV/IRR of listed cash flows in plain words: every IRR when the flows change sign more
than once, the MIRR, and a payback that is lost again."""

from __future__ import annotations

import re

import numpy_financial as npf
import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.factories import tool_context


@pytest.fixture
def production_agent(db):
    return Agent.objects.get(label="Production Agent")


def _cell(text: str, label: str) -> str:
    return next(ln for ln in text.splitlines() if ln.startswith(f"| {label}")).split("|")[2]


def test_several_sign_changes_give_every_irr_and_the_mirr(alice, production_agent):
    text = domain.answer(
        "IRR and NPV at 5% of -100, 230, -132",
        agent=production_agent,
        ctx=tool_context(alice),
        history=[],
    )
    irrs = sorted(float(x) for x in re.findall(r"([\d.]+)%", _cell(text, "IRR")))
    assert irrs == [pytest.approx(10.0), pytest.approx(20.0)]
    assert "ambiguous" in text
    mirr = float(re.search(r"([-\d.]+)%", _cell(text, "MIRR")).group(1))
    assert mirr == pytest.approx(100 * npf.mirr([-100, 230, -132], 0.05, 0.05), abs=0.005)


def test_a_stated_finance_and_reinvestment_rate_feed_the_mirr(alice, production_agent):
    flows = [-1000, 600, 600, -300, 400]
    text = domain.answer(
        "MIRR of -1000, 600, 600, -300, 400 with an 8% finance rate and 12% reinvestment rate, "
        "NPV at 10%",
        agent=production_agent,
        ctx=tool_context(alice),
        history=[],
    )
    mirr = float(re.search(r"([-\d.]+)%", _cell(text, "MIRR")).group(1))
    assert mirr == pytest.approx(100 * npf.mirr(flows, 0.08, 0.12), abs=0.005)
    assert "Not used" not in text


def test_a_payback_that_recrosses_zero_is_said(alice, production_agent):
    text = domain.answer(
        "payback and NPV at 10% of -100, 60, 60, -50, 10, 50",
        agent=production_agent,
        ctx=tool_context(alice),
        history=[],
    )
    # Running total: -100, -40, 20, -30, -20, 30.
    assert "1.67 periods" in _cell(text, "payback")
    assert "negative again in period 3" in _cell(text, "payback")
