"""A decline conversion asked on its own, the way analysts write it, answered in the three
conventions with the b it used: closed forms written here (SPEE monograph 4)."""

from __future__ import annotations

import math
import re

import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.factories import tool_context


def nominal_from_secant(ds: float, b: float, years: float = 1.0) -> float:
    return ((1 - ds) ** (-b) - 1) / (b * years)


def secant_from_nominal(d: float, b: float, years: float = 1.0) -> float:
    return 1 - (1 + b * d * years) ** (-1 / b)


@pytest.fixture
def ask(alice, db):
    agent = Agent.objects.get(label="Production Agent")

    def ask(question: str):
        done = domain.answer_with_record(question, agent=agent, ctx=tool_context(alice), history=[])
        assert done is not None and done.intent is not None, question
        assert done.intent.kind == "decline_conversion", done.text
        assert [n.quantity.raw for n in done.work.not_used()] == [], done.text
        return done.text

    return ask


def _row(text: str, label: str) -> list[str]:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    return [c.strip() for c in line.strip("|").split("|")]


@pytest.mark.parametrize(
    "question, ds, b",
    [
        ("convert a 70% secant effective decline to nominal for b = 1.1", 0.70, 1.1),
        ("What's 65%/yr secant-effective Di as nominal, b-factor 0.9?", 0.65, 0.9),
        ("CONVERT 80% SECANT EFFECTIVE DECLINE TO NOMINAL, B=1.3", 0.80, 1.3),
    ],
)
def test_a_secant_effective_decline_is_given_nominal_for_its_b(ask, question, ds, b):
    text = ask(question)
    d = nominal_from_secant(ds, b)
    assert f"**{d:.4f}/yr nominal**" in text
    assert _row(text, "nominal")[1] == f"{d:.4f} /yr"
    assert _row(text, "tangent-effective")[1] == f"{100 * (1 - math.exp(-d)):.2f}% /yr"
    assert _row(text, "secant-effective")[1] == f"{100 * ds:.2f}% /yr"
    assert f"b-factor: {b:g} (stated" in text


def test_a_tangent_effective_decline_is_given_in_secant_terms(ask):
    text = ask("what is 85%/yr tangent effective in secant terms, b 0.8?")
    d = -math.log(1 - 0.85)
    assert _row(text, "secant-effective")[1] == f"{100 * secant_from_nominal(d, 0.8):.2f}% /yr"


def test_a_monthly_effective_decline_goes_through_the_hyperbolic_not_compounding(ask):
    text = ask("a 6%/month effective decline with b 0.9 as an annual nominal rate")
    d = nominal_from_secant(0.06, 0.9, years=1 / 12)
    assert _row(text, "nominal")[1] == f"{d:.4f} /yr"
    compounded = -math.log((1 - 0.06) ** 12)  # the exponential reading, which is wrong here
    assert not math.isclose(d, compounded, rel_tol=1e-3)
    monthly = re.search(r"\| secant-effective[^|]*\|[^|]*\| ([\d.]+)% /mo", text).group(1)
    assert float(monthly) == pytest.approx(6.0)


def test_without_a_b_the_default_is_named(ask):
    text = ask("convert a 40% effective decline to nominal")
    d = -math.log(1 - 0.40)
    assert _row(text, "nominal")[1] == f"{d:.4f} /yr"
    assert "b-factor: 0 (default" in text
