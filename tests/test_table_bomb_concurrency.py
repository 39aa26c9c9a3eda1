"""A decompression bomb's preview is answered while other requests are served.

Issue 12's bomb: a few-hundred-KB .xlsx whose shared strings expand to about
100 MB took one preview 28 s and slowed every other answer. Now a workbook
that declares more than MAX_TABLE_BYTES is refused before anything parses it,
and one under the bound is read in a process of its own, killed at
TABLE_READ_TIMEOUT_SECONDS. No timings are asserted: the test checks that
the other requests are answered while the bomb's reader is still at work
(before its deadline), and what the bomb's own answer says.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from files.services import row_add
from tests.conftest import client_for
from tests.factories import tool_context
from tests.test_table_reading import _shared_strings, _xlsx_with_shared_strings

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 60


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = _xlsx_with_shared_strings(_shared_strings(5_000_000))  # ~100 MB of XML
    assert len(data) < 1_000_000
    return data


def _bomb_row(user, data: bytes):
    ctx = tool_context(user)
    row = row_add(
        conversation=ctx.conversation,
        type="userinput",
        description="User uploads file 'costs.xlsx', saving location is in this row.",
        file_name="costs.xlsx",
        content=data,
    )
    return ctx.conversation.conversation_id, row.rowid


def _readers() -> list:
    return [p for p in multiprocessing.active_children() if p.is_alive()]


def _wait_until(predicate) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not predicate():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.01)


def test_other_requests_are_answered_while_the_bombs_reader_works_then_it_is_cut_off(
    alice, bob, bomb, settings
):
    settings.MAX_TABLE_BYTES = 512 * 1024 * 1024  # under the bound: it must be read
    settings.TABLE_READ_TIMEOUT_SECONDS = 10
    conversation_id, rowid = _bomb_row(alice, bomb)
    answers: dict[str, object] = {}

    def preview() -> None:
        answers["bomb"] = client_for(alice).get(f"/db/{conversation_id}/{rowid}")

    bomb_request = threading.Thread(target=preview)
    bomb_request.start()
    try:
        _wait_until(lambda: _readers() or "bomb" in answers)
        assert "bomb" not in answers, "the bomb was answered before its reader was seen"
        [reader] = _readers()  # the workbook is parsed in a process of its own

        # Meanwhile, as other analysts would: their own pages and previews.
        others = client_for(bob)
        served = [
            others.get("/users/me"),
            others.get("/history/"),
            client_for(alice).get("/agents/"),
            client_for(alice).get(f"/db/{conversation_id}"),
        ]
        # All answered while the bomb's reader is still at work, before its deadline.
        assert reader.is_alive() and "bomb" not in answers
        assert [response.status_code for response in served] == [200, 200, 200, 200]
        assert served[-1].json()[0]["rowid"] == rowid
    finally:
        bomb_request.join(WAIT_SECONDS)

    body = answers["bomb"].json()
    assert answers["bomb"].status_code == 200
    assert body["preview"] is None
    assert "costs.xlsx" in body["preview_error"]
    assert "TABLE_READ_TIMEOUT_SECONDS" in body["preview_error"]
    assert not reader.is_alive()  # killed at the deadline, not left to finish


def test_a_bomb_over_the_bound_is_refused_without_a_reader_being_started(
    alice, bomb, settings, monkeypatch
):
    settings.MAX_TABLE_BYTES = 16 * 1024 * 1024
    started: list[object] = []
    context = multiprocessing.get_context("forkserver")
    real_process = context.Process

    def counting_process(*args, **kwargs):
        started.append(args or kwargs)
        return real_process(*args, **kwargs)

    monkeypatch.setattr(context, "Process", counting_process)
    # A workbook of two cells is read by a reader process, as every workbook is...
    small_id, small_rowid = _bomb_row(alice, _xlsx_with_shared_strings(_shared_strings(1)))
    small = client_for(alice).get(f"/db/{small_id}/{small_rowid}").json()
    assert small["preview"]["columns"] == ["Well"]
    assert len(started) == 1

    # ...the bomb is refused from the archive's declared sizes: no reader, nothing parsed.
    conversation_id, rowid = _bomb_row(alice, bomb)
    body = client_for(alice).get(f"/db/{conversation_id}/{rowid}").json()
    assert body["preview"] is None
    assert "more than 16 MB" in body["preview_error"]
    assert len(started) == 1
