"""No stated figure silently dropped, over the whole corpus (every ``tests/corpus`` module).

Every module of ``tests/corpus`` that defines ``CASES`` (or ``PHRASINGS``) joins this
test when it lands, whatever its area: each phrasing is asked of the builtin agent in
the setting its own corpus test gives it (the uploads, the earlier questions), and:

- every number written in the question (each run of digits outside a chemical formula
  such as "CO2e") is read as a figure: none escapes quantity extraction;
- every figure is either bound to an argument the answer used (passed to a tool call,
  or shown in the answer's Inputs block) or listed under **Not used** in the answer,
  with its reason.

How a case is set up, in order: the module's ``prepare(ctx, case)`` when it defines
one; else by its area (the prefix of the module name: ``data_`` uploads its
``tables``, ``economics_`` its ``setup``, ``production_`` the history its ``upload``
names in ``production_files``); else a case's ``upload`` (a path under the project) or
``uploads`` ((name, bytes) pairs). Earlier questions are a case's
``before`` (or ``history``). The agent is a case's ``agent``, else the module's
``AGENT``, else the ESG Agent for ``emissions_`` modules and the Production Agent for
the rest.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings

import tests.corpus
from agents.builtin import domain
from agents.builtin.binding import binding
from agents.builtin.quantities import digit_runs, is_formula
from agents.models import Agent
from tests.factories import tool_context, upload_row


def _modules() -> list[ModuleType]:
    found = []
    for info in sorted(pkgutil.iter_modules(tests.corpus.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"tests.corpus.{info.name}")
        if _cases_of(module):
            found.append(module)
    return found


def _cases_of(module: ModuleType) -> list:
    cases = getattr(module, "CASES", None)
    if cases is None:
        cases = getattr(module, "PHRASINGS", None)
    return list(cases or [])


MODULES = _modules()
CASES = [
    (module.__name__.rsplit(".", 1)[-1], index, case)
    for module in MODULES
    for index, case in enumerate(_cases_of(module))
]


def _area(name: str) -> str:
    return name.split("_", 1)[0]


def _prepare(module_name: str, case, ctx) -> None:
    module = importlib.import_module(f"tests.corpus.{module_name}")
    prepare = getattr(module, "prepare", None)
    if callable(prepare):
        prepare(ctx, case)
        return
    area = _area(module_name)
    if area == "data" and getattr(case, "tables", None):
        from tests.test_corpus_data import UPLOADS

        for name in case.tables:
            upload_row(ctx, *UPLOADS[name]())
        return
    if area == "economics" and getattr(case, "setup", None):
        from tests.test_economics_corpus import _setup

        _setup(ctx, case.setup)
        return
    upload = getattr(case, "upload", None)
    if area == "production" and isinstance(upload, str) and upload:
        from tests.corpus import production_files

        upload_row(ctx, *production_files.upload(upload))
        return
    if isinstance(upload, str) and upload:
        path = Path(settings.BASE_DIR) / upload
        upload_row(ctx, path.name, path.read_bytes())
    for name, content in getattr(case, "uploads", None) or ():
        upload_row(ctx, name, content)


def _agent_label(module_name: str, case) -> str:
    module = importlib.import_module(f"tests.corpus.{module_name}")
    label = getattr(case, "agent", None) or getattr(module, "AGENT", None)
    if label:
        return label
    return "ESG Agent" if _area(module_name) == "emissions" else "Production Agent"


def _earlier(case) -> list[str]:
    return list(getattr(case, "before", None) or getattr(case, "history", None) or ())


def test_the_whole_corpus_is_gathered_from_every_area():
    areas = {_area(name) for name, _i, _c in CASES}
    assert {"data", "economics", "emissions", "production"} <= areas
    assert len(CASES) >= 280


@pytest.mark.parametrize(
    "module_name,index,case",
    CASES,
    ids=[f"{name}[{index}] {case.question[:50]}" for name, index, case in CASES],
)
def test_every_number_in_a_phrasing_is_bound_or_reported_as_not_used(
    module_name, index, case, alice, db
):
    ctx = tool_context(alice)
    _prepare(module_name, case, ctx)
    agent = Agent.objects.get(label=_agent_label(module_name, case))
    history: list[tuple[str, str]] = []
    for earlier in _earlier(case):
        done = domain.answer_with_record(earlier, agent=agent, ctx=ctx, history=history)
        history += [("user", earlier), ("assistant", done.text if done else "")]
    done = domain.answer_with_record(case.question, agent=agent, ctx=ctx, history=history)
    assert done is not None and done.intent is not None and done.work is not None, (
        done and done.text
    )
    intent, work, text = done.intent, done.work, done.text

    # No number escapes extraction: each run of digits is inside a figure.
    for start, end in digit_runs(intent.text):
        if is_formula(intent.text, start, end):
            continue
        assert any(q.overlaps(start, end) for q in intent.quantities), (
            intent.text[start:end],
            [q.raw for q in intent.quantities],
        )

    # Each figure is bound to an argument the answer used, or named as not used.
    used = work.used()
    not_used = {id(n.quantity): n for n in work.not_used()}
    block = text.split("**Not used**\n", 1)
    for q in intent.quantities:
        covering = [
            name for name, f in intent.found.items() if name in used and f.spans and f.covers(q)
        ]
        if covering:
            assert id(q) not in not_used, (q.raw, text)
            # Bound to an argument: the tool call took it, or the Inputs block shows it.
            shown = {i.name for i in work.shown_inputs()}
            passed = {k for c in work.calls for k, v in c.arguments.items() if v is not None}
            for name in covering:
                b = binding(intent.kind, name)
                if b is None or not b.figure:
                    continue
                assert b.argument in shown | passed, (q.raw, b.argument, sorted(shown | passed))
            continue
        assert id(q) in not_used, (q.raw, text)
        reason = not_used[id(q)].reason
        assert reason.strip(), q.raw
        assert len(block) == 2, ("no Not used block", q.raw, text)
        assert re.search(re.escape(f'"{q.raw}": {reason}'), block[1]), (q.raw, text)
