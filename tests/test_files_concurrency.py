"""Concurrent writers of one running table get distinct, gap-free rowids."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from chat.services import conversation_get_or_create
from files.models import Row
from files.services import row_add
from tests.conftest import client_for
from tests.test_files_support import upload

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8


def _run_together(work, count: int) -> list:
    """Run ``work(i)`` in ``count`` threads released at once; return results or errors."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # reported by the assertions below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _check(results: list) -> None:
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    assert sorted(results) == list(range(1, WRITERS + 1)), results


def test_concurrent_row_adds_get_distinct_rowids_from_one(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())

    def add(i: int) -> int:
        return row_add(
            conversation=conversation,
            type="result",
            description=f"writer {i}",
            file_name=f"w{i}.csv",
            content=b"x\n1\n",
        ).rowid

    _check(_run_together(add, WRITERS))
    assert Row.objects.filter(conversation=conversation).count() == WRITERS


def test_concurrent_uploads_get_distinct_rowids(alice):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Shared-cache SQLite locks whole tables and fails readers at once
        # ("table is locked") where a database file would wait: the other
        # apps' reads in the request cannot all retry. CI runs this on PostgreSQL.
        pytest.skip("needs PostgreSQL or a SQLite file, not the in-memory test database")
    conversation_id = uuid.uuid4()

    def post(i: int) -> int:
        response = upload(client_for(alice), conversation_id, "same.csv", f"n\n{i}\n".encode())
        assert response.status_code == 200, response.content
        return response.json()["file_path_db_rowid"]

    _check(_run_together(post, WRITERS))
    rows = Row.objects.filter(conversation__conversation_id=conversation_id)
    assert len({row.file.name for row in rows}) == WRITERS
