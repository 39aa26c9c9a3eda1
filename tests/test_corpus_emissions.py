"""The emissions corpus (tests/corpus/emissions_*.py) asked of the builtin ESG Agent.

Each phrasing must bind what its case expects (the tool's activities and arguments),
report the figure computed by hand in the case, show it in the answer with the
citations the case names, and leave no figure of the question silently unused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from agents.builtin import domain
from agents.models import Agent
from tests.corpus import (
    emissions_analyst,
    emissions_carbon,
    emissions_questions,
    emissions_sources,
)
from tests.factories import tool_context, upload_row

CASES = [
    *emissions_sources.CASES,
    *emissions_questions.CASES,
    *emissions_carbon.CASES,
    *emissions_analyst.CASES,
]


def test_the_corpus_has_the_phrasings_of_every_class():
    assert len(CASES) >= 100
    assert len({c.question for c in CASES}) >= len(CASES) - 3  # a few repeat with history


def subset(expected, actual) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and subset(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(subset(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        return isinstance(actual, float | int) and actual == pytest.approx(expected, rel=1e-9)
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.lower() == actual.lower() or expected.lower() in actual.lower()
    return expected == actual


@pytest.fixture
def esg(db):
    return Agent.objects.get(label="ESG Agent")


@pytest.mark.parametrize("case", CASES, ids=[c.question[:60] for c in CASES])
def test_a_phrasing_binds_its_inputs_and_reports_the_figure_worked_by_hand(case, alice, esg):
    ctx = tool_context(alice)
    if case.upload:
        path = Path(settings.BASE_DIR) / case.upload
        upload_row(ctx, path.name, path.read_bytes())
    history: list[tuple[str, str]] = []
    for earlier in case.before:
        done = domain.answer_with_record(earlier, agent=esg, ctx=ctx, history=history)
        history += [("user", earlier), ("assistant", done.text)]
    done = domain.answer_with_record(case.question, agent=esg, ctx=ctx, history=history)
    assert done is not None and done.intent is not None, case.question
    assert done.intent.kind == case.kind, done.text
    calls = [c for c in done.work.calls if c.name == case.tool]
    assert calls, done.text
    call = calls[-1]
    arguments = {k: v for k, v in call.arguments.items() if v is not None}
    if case.activities:
        got = arguments.get("activities") or []
        assert subset(case.activities, got), (case.activities, got)
    for key, value in case.arguments.items():
        assert subset(value, arguments.get(key)), (key, value, arguments.get(key))
    result = call.result
    if case.source:
        lines = [x for x in result["lines"] if case.source.lower() in x["source"].lower()]
        assert lines, result["lines"]
        value = sum(x[case.figure] for x in lines)
    else:
        value = result[case.figure]
    expected = case.expected()
    assert value == pytest.approx(expected, rel=1e-9), (case.figure, value, expected)
    text = done.text
    assert case.shown(expected) in text, (case.shown(expected), text)
    for words in case.shows:
        assert words in text, (words, text)
    for words in case.absent:
        assert words not in text, (words, text)
    unused = [n.quantity.raw for n in done.work.not_used()]
    assert sorted(unused) == sorted(case.unused), (unused, text)


@pytest.mark.parametrize("case", CASES, ids=[c.question[:60] for c in CASES])
def test_every_figure_in_a_phrasing_is_bound_or_reported_as_not_used(case, alice, esg):
    ctx = tool_context(alice)
    if case.upload:
        path = Path(settings.BASE_DIR) / case.upload
        upload_row(ctx, path.name, path.read_bytes())
    done = domain.answer_with_record(case.question, agent=esg, ctx=ctx, history=[])
    if done is None or done.work is None:
        return
    covered = [f for f in done.intent.found.values() if f.spans]
    reported = {n.quantity.raw for n in done.work.not_used()}
    for q in done.intent.quantities:
        bound = any(f.covers(q) for f in covered)
        assert bound or q.raw in reported, (q.raw, done.text)
    if reported:
        assert "**Not used**" in done.text
        for raw in reported:
            assert re.search(re.escape(raw), done.text)
