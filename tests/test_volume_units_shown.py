"""Volumes shown in the unit the analyst asks for: "EUR in Mbbl", "(MMbbl)", "in Bcf".

The figure printed is read back from the answer's text and compared with the reference
in that unit: closed-form Arps for stated curves (``production_reference``), the
generator's true curve for fitted histories. Rates ("in MMcf/d") are not volume units.
"""

from __future__ import annotations

import re

import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.corpus import production_files
from tests.corpus.production_reference import eur, nominal
from tests.factories import tool_context, upload_row

pytestmark = pytest.mark.django_db


def ask(user, question: str, upload: str | None = None):
    ctx = tool_context(user)
    if upload:
        upload_row(ctx, *production_files.upload(upload))
    agent = Agent.objects.get(label="Production Agent")
    return domain.answer_with_record(question, agent=agent, ctx=ctx, history=[])


def shown(text: str, unit: str, *, every: bool = False) -> list[float]:
    """The EUR figures printed in ``unit``: on lines that name an EUR (a stated curve's
    answer also prints its first year's cumulative), or ``every`` one (a fit's table)."""
    lines = [line for line in text.splitlines() if every or "EUR" in line]
    return [
        float(v.replace(",", ""))
        for line in lines
        for v in re.findall(rf"([\d,]+\.\d+)\*{{0,2}} {unit}\b", line)
    ]


def close(value: float, expected: float, digits: int) -> bool:
    return abs(value - expected) <= 0.5 * 10**-digits + 1e-4 * abs(expected)


def test_a_stated_oil_curve_gives_its_eur_in_mmbbl(alice):
    done = ask(alice, "qi 800 bopd, 65% secant decline b 1.1, EUR to 5 bopd in MMbbl")
    expected = eur(800, nominal(0.65, "secant", 1.1), 1.1, limit=5, years=100) / 1e6
    values = shown(done.text, "MMbbl")
    assert values and all(close(v, expected, 2) for v in values), (values, expected, done.text)
    assert "Volumes shown in: MMbbl (stated" in done.text


def test_a_stated_gas_curve_gives_its_eur_in_bcf_and_a_rate_unit_is_not_taken(alice):
    done = ask(alice, "gas well at 5,000 Mcfd, Di 70%/yr nominal, b 0.9, 30 years, EUR in Bcf")
    expected = eur(5000, 0.70, 0.9, limit=None, years=30) / 1e6
    values = shown(done.text, "Bcf")
    assert values and all(close(v, expected, 2) for v in values), (values, expected, done.text)
    plain = ask(alice, "gas well at 5 MMcf/d, Di 70%/yr nominal, b 0.9, 30 years")
    assert "Volumes shown in" not in plain.text and " Bcf" not in plain.text


@pytest.mark.parametrize(
    "question", ["forecast Hawkins 2H and give the EUR in Mbbl", "Hawkins 2H decline, EUR (Mbbl)"]
)
def test_a_fitted_well_gives_its_eur_in_mbbl(alice, question):
    done = ask(alice, question, upload="hawkins")
    well = next(w for w in production_files.hawkins() if w.name == "Hawkins 2H")
    expected = production_files.true_eur(well, years=30) / 1e3
    values = shown(done.text, "Mbbl", every=True)
    assert values and all(close(v, expected, 1) for v in values), (values, expected, done.text)
    assert not re.search(r"EUR[^\n]*\d bbl\b", done.text.partition("**Decline fit")[2])
