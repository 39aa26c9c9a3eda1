"""Ratio questions the data writer answers in words, or says plainly it does not answer.

The figures themselves are checked against pandas in the corpus (tests/corpus/data_ratios.py);
here: a ratio is never answered as one of its volumes, a count or threshold on a ratio
asks back without running a query, and an average ratio names how it is averaged.
"""

from __future__ import annotations

import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.data_exports import PRODUCTION
from tests.factories import tool_context, upload_row

pytestmark = pytest.mark.django_db


def ask(user, question: str):
    ctx = tool_context(user)
    upload_row(ctx, "production_monthly.csv", PRODUCTION.read_bytes())
    agent = Agent.objects.get(label="Production Agent")
    return domain.answer_with_record(question, agent=agent, ctx=ctx, history=[])


@pytest.mark.parametrize(
    "question",
    [
        "what's the water cut for Hawkins 2H over the last 6 months?",
        "Hawkins 2H watercut",
        "wtr cut for the field in 2023",
    ],
)
def test_a_water_cut_is_a_share_of_the_liquids_not_the_total_water(alice, question):
    done = ask(alice, question)
    headline = next(line for line in done.text.splitlines() if "from `production" in line)
    assert "water cut **" in headline and "%" in headline, done.text
    assert not headline.lower().startswith("total water"), done.text
    (query,) = [c for c in done.work.calls if c.name == "query_table" and c.arguments["save"]]
    assert "NULLIF(SUM(oil_bbl) + SUM(water_bbl), 0)" in query.arguments["sql"]


def test_counting_wells_by_a_ratio_asks_back_and_runs_no_query(alice):
    done = ask(alice, "how many wells have a water cut above 60%?")
    assert "I do not count, accumulate or filter by it" in done.text
    assert '"water cut by well"' in done.text
    assert not [c for c in done.work.calls if c.name == "query_table" and c.arguments["save"]]
    assert [n.quantity.raw for n in done.work.not_used()] == ["60%"]


def test_an_average_ratio_says_it_is_the_ratio_of_the_totals(alice):
    done = ask(alice, "average GOR in 2022")
    assert "ratio of its totals (volume-weighted)" in done.text
    (query,) = [c for c in done.work.calls if c.name == "query_table" and c.arguments["save"]]
    assert "AVG(" not in query.arguments["sql"]
    assert "scf/bbl" in done.text
