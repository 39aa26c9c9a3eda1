"""``python manage.py demo`` builds a demo conversation once, through the real answer path."""

from __future__ import annotations

import math
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from chat.models import Conversation, Message


def _history_csv(months: int = 18) -> bytes:
    lines = ["date,oil_bbl_d"]
    for m in range(months):
        lines.append(f"{2023 + m // 12}-{m % 12 + 1:02d}-01,{900 * math.exp(-0.5 * m / 12):.3f}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(autouse=True)
def _agents(transactional_db, default_agents):
    """The demo asks both shipped agents; a transactional test flushes them between tests."""


@pytest.fixture
def samples(tmp_path):
    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / "well_production.csv").write_bytes(_history_csv())
    return folder


def _run(samples, *extra: str) -> str:
    out = StringIO()
    call_command("demo", "--samples", str(samples), *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_demo_runs_twice_without_duplicating(samples):
    first = _run(samples, "--password", "demo-pass-1")
    conversation = Conversation.objects.get(user__email="demo@derrick.local")
    rows = list(conversation.rows.values_list("rowid", "type"))
    messages = conversation.messages.count()
    assert str(conversation.conversation_id) in first

    second = _run(samples, "--password", "demo-pass-2")
    assert "already there" in second
    assert Conversation.objects.filter(user__email="demo@derrick.local").count() == 1
    assert list(conversation.rows.values_list("rowid", "type")) == rows
    assert conversation.messages.count() == messages
    assert authenticate(username="demo@derrick.local", password="demo-pass-2") is not None


@pytest.mark.django_db(transaction=True)
def test_the_demo_conversation_has_uploads_answers_tables_and_a_chart(samples):
    output = _run(samples)
    password = re.search(r"password: (\S+)", output).group(1)
    assert authenticate(username="demo@derrick.local", password=password) is not None
    conversation = Conversation.objects.get(user__email="demo@derrick.local")
    upload = conversation.rows.get(rowid=1)
    assert upload.type == "userinput"
    assert upload.description == (
        "User uploads file 'well_production.csv', saving location is in this row."
    )
    types = set(conversation.rows.values_list("type", flat=True))
    assert {"userinput", "table", "chart"} <= types
    answers = conversation.messages.filter(role=Message.Role.ASSISTANT)
    assert answers.count() >= 4
    assert all(a.status == Message.Status.COMPLETE and a.content for a in answers)
    fit = answers.filter(content__contains="Decline fit of oil in row 1").get()
    # The history declines at 0.5/yr nominal; the fit must find it.
    nominal = float(re.search(r"\| ([\d.]+)/yr \|", fit.content).group(1))
    assert nominal == pytest.approx(0.5, abs=0.02)
