"""The production corpus (tests/corpus/production_*.py) asked of the builtin Production Agent.

Each phrasing must pass the tool what its case expects (the decline as stated, with its
convention and period; the fit controls), report the figures computed by hand in the
case (closed-form Arps, petbox-dca), name the conventions in the answer, and leave no
figure of the question silently unused.
"""

from __future__ import annotations

import re

import pytest

from agents.builtin import domain
from agents.builtin.bind_rates import DECLINE_KINDS
from agents.models import Agent
from tests.corpus import production_fits, production_inline, production_options
from tests.corpus.production_reference import figure_at
from tests.factories import tool_context, upload_row

CASES = [*production_inline.CASES, *production_options.CASES, *production_fits.CASES]


def test_the_corpus_has_the_phrasings_of_every_class():
    assert len(CASES) >= 150
    assert len({c.question for c in CASES}) == len(CASES)


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
        return (
            isinstance(actual, float | int)
            and not isinstance(actual, bool)
            and actual == pytest.approx(expected, rel=1e-9)
        )
    return expected == actual


@pytest.fixture
def production_agent(db):
    return Agent.objects.get(label="Production Agent")


def ask(case, user, agent):
    ctx = tool_context(user)
    if case.upload:
        from tests.corpus import production_files

        name, content = production_files.upload(case.upload)
        upload_row(ctx, name, content)
    history: list[tuple[str, str]] = []
    for earlier in case.before:
        done = domain.answer_with_record(earlier, agent=agent, ctx=ctx, history=history)
        history += [("user", earlier), ("assistant", done.text)]
    return domain.answer_with_record(case.question, agent=agent, ctx=ctx, history=history)


@pytest.mark.parametrize("case", CASES, ids=[c.question[:60] for c in CASES])
def test_a_phrasing_binds_its_inputs_and_reports_the_figures_worked_by_hand(
    case, alice, production_agent
):
    done = ask(case, alice, production_agent)
    assert done is not None and done.intent is not None, case.question
    # A question about a history may read as a forecast or a fit: both fit the history.
    fits_either_way = case.tool == "fit_decline" and done.intent.kind in DECLINE_KINDS
    assert done.intent.kind == case.kind or fits_either_way, done.text
    text = done.text
    calls = [c for c in done.work.calls if c.name == case.tool]
    if case.asks_back:
        assert case.asks_back in text, text
        assert not calls, text
        return
    assert calls, text
    call = calls[-1]
    arguments = {k: v for k, v in call.arguments.items() if v is not None}
    for key, value in case.arguments.items():
        assert subset(value, arguments.get(key)), (key, value, arguments.get(key))
    for path, reference in case.figures.items():
        expected = reference() if callable(reference) else reference
        value = figure_at(call.result, path)
        assert value == pytest.approx(expected, rel=case.rel), (path, value, expected)
    if case.check is not None:
        case.check(call.result)
    block = text.partition("**Inputs**\n")[2].partition("\n\n")[0].splitlines()
    labels = [line.split(":")[0] for line in block]
    assert len(labels) == len(set(labels)), block  # each input shown once
    for words in case.shows:
        assert words in text, (words, text)
    for words in case.absent:
        assert words not in text, (words, text)
    unused = [n.quantity.raw for n in done.work.not_used()]
    assert sorted(unused) == sorted(case.unused), (unused, text)
    # No figure silently dropped: each is bound or named under "Not used" with its reason.
    covered = [f for f in done.intent.found.values() if f.spans]
    for q in done.intent.quantities:
        assert any(f.covers(q) for f in covered) or q.raw in unused, (q.raw, text)
    for raw in unused:
        assert "**Not used**" in text and re.search(re.escape(raw), text)
