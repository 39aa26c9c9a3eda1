"""A figure the analyst states over a cost sheet's is used, and only the sheet's line is
reported as set aside: "$70 oil" with a sheet that says $72.50 is never listed as not
used (it was, with the sheet's reason, while the answer used it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.factories import tool_context, upload_row

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_stated_figures_over_a_cost_sheet_are_used_and_the_sheets_lines_are_set_aside(alice):
    ctx = tool_context(alice)
    upload_row(ctx, "costs.csv", (SAMPLES / "costs.csv").read_bytes())
    agent = Agent.objects.get(label="Production Agent")
    done = domain.answer_with_record(
        "PV10 of an 800 bopd well declining 65% secant, b of 1.1, at $70 oil with $6MM of capex",
        agent=agent,
        ctx=ctx,
        history=[],
    )
    (economics,) = [c for c in done.work.calls if c.name == "cash_flow_economics"]
    assert economics.arguments["oil_price"] == 70.0
    assert [c["amount"] for c in economics.arguments["capex"]] == [6e6]
    assert [n.quantity.raw for n in done.work.not_used()] == [], done.text
    set_aside = done.text.partition("**Not used**")[2].partition("\n\n")[0]
    assert "$70" not in set_aside and "$6MM" not in set_aside, done.text
    assert "Read but not used: oil_price = 72.5" in done.text
