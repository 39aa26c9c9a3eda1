"""The data-question corpus (tests/corpus/data_questions.py) asked of the builtin agent.

Each phrasing must be read as a data question, bind what its case expects, run one
read-only query whose result is the table pandas computes in the case, say so in words,
show the SQL it ran in a collapsible block, and leave no figure of the question silently
unused. A chart phrasing also draws the result.
"""

from __future__ import annotations

import pytest

from agents.builtin import domain
from agents.builtin.intent import read_question
from agents.models import Agent
from files.models import Row
from tests.corpus import data_analyst, data_questions, data_ratios
from tests.data_exports import PRODUCTION, as_file, awkward_production, well_headers
from tests.factories import tool_context, upload_row

pytestmark = pytest.mark.django_db

PHRASINGS = [*data_questions.PHRASINGS, *data_analyst.PHRASINGS, *data_ratios.PHRASINGS]

UPLOADS = {
    "sample": lambda: ("production_monthly.csv", PRODUCTION.read_bytes()),
    "awkward": lambda: ("Well Export (2024).csv", as_file(awkward_production(), "x.csv")),
    "headers": lambda: ("well_headers.csv", as_file(well_headers(), "well_headers.csv")),
}


def test_the_corpus_covers_every_kind_of_data_question():
    assert len(PHRASINGS) >= 88
    questions = [c.question for c in PHRASINGS]
    assert len(set(questions)) == len(questions)
    assert sum(c.chart for c in PHRASINGS) >= 4
    assert sum("headers" in c.tables for c in PHRASINGS) >= 5
    assert sum("awkward" in c.tables for c in PHRASINGS) >= 4


def same(actual, expected) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if actual is None or expected is None:
            return actual is expected
        return actual == pytest.approx(expected, rel=1e-9)
    if isinstance(expected, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(expected)
            and all(same(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return actual == expected


@pytest.mark.parametrize("case", PHRASINGS, ids=[c.question[:70] for c in PHRASINGS])
def test_a_data_question_answers_like_pandas_and_shows_its_sql(case, alice):
    ctx = tool_context(alice)
    for name in case.tables:
        upload_row(ctx, *UPLOADS[name]())
    intent = read_question(case.question)
    assert intent is not None and intent.kind == "query_table", intent and intent.kind
    agent = Agent.objects.get(label=case.agent)
    done = domain.answer_with_record(case.question, agent=agent, ctx=ctx, history=[])
    assert done is not None and done.work is not None, done and done.text
    queries = [c for c in done.work.calls if c.name == "query_table" and c.arguments["save"]]
    assert len(queries) == 1, done.text
    result = queries[0].result
    expected = case.expected()
    assert result["row_count"] == len(expected), (result["summary"], expected)
    got = [list(r) for r in result["rows"]]
    assert same(got, expected[: len(got)]), (got, expected)
    for name, value in case.bound.items():
        read = done.work.params.get(name)
        assert read == value or [str(v) for v in read or []] == value, (name, read)
    for text in case.shows:
        assert text in done.text
    # The SQL that ran is in the answer, collapsible.
    assert "<details><summary>SQL that ran" in done.text
    assert f"```sql\n{result['sql']}\n```" in done.text
    # Every figure is used or named as not used, with a reason.
    assert sorted(n.quantity.raw for n in done.work.not_used()) == sorted(case.unused)
    charts = [c for c in done.work.calls if c.name == "chart_row"]
    assert bool(charts) == case.chart
    if charts:
        png = Row.objects.get(conversation=ctx.conversation, rowid=charts[0].result["rowid"])
        assert png.type == "chart" and png.data["source_rowid"] == result["result_rowid"]
