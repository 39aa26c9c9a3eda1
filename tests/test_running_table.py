"""GET /db/<conversationID>: the running table, ordered by rowid."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.services import conversation_get_or_create
from files.selectors import rows_for_user_conversation
from files.services import row_add

pytestmark = pytest.mark.django_db


def _conversation_with_rows(user, count: int):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=uuid.uuid4())
    for n in range(count):
        row_add(conversation=conversation, type="result", description=f"result {n + 1}")
    return conversation


def test_the_table_lists_rows_in_rowid_order_in_the_old_shape(alice, alice_client):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    row_add(conversation=conversation, type="userinput", description="upload", content=b"a")
    row_add(conversation=conversation, type="table", description="a table", data={"x": 1})
    row_add(conversation=conversation, type="chart", description="a chart")
    response = alice_client.get(f"/db/{conversation.conversation_id}")
    assert response.status_code == 200
    assert response.json() == [
        {"rowid": 1, "type": "userinput", "description": "upload"},
        {"rowid": 2, "type": "table", "description": "a table"},
        {"rowid": 3, "type": "chart", "description": "a chart"},
    ]


def test_the_path_with_a_trailing_slash_answers_the_same(alice, alice_client):
    conversation = _conversation_with_rows(alice, 2)
    plain = alice_client.get(f"/db/{conversation.conversation_id}")
    slashed = alice_client.get(f"/db/{conversation.conversation_id}/")
    assert slashed.status_code == 200
    assert slashed.json() == plain.json()
    assert [r["rowid"] for r in slashed.json()] == [1, 2]


def test_an_unknown_conversation_is_an_empty_table(alice_client):
    response = alice_client.get(f"/db/{uuid.uuid4()}")
    assert response.status_code == 200
    assert response.json() == []


def test_an_outsider_sees_an_empty_table_never_the_owners_rows(alice, bob_client):
    conversation = _conversation_with_rows(alice, 3)
    response = bob_client.get(f"/db/{conversation.conversation_id}")
    assert response.status_code == 200
    assert response.json() == []


def test_each_user_sees_only_their_own_table_under_a_shared_conversation_id(
    alice, bob, alice_client
):
    shared = uuid.uuid4()
    mine, _ = conversation_get_or_create(user=alice, conversation_id=shared)
    theirs, _ = conversation_get_or_create(user=bob, conversation_id=shared)
    row_add(conversation=mine, type="result", description="alice's")
    row_add(conversation=theirs, type="result", description="bob's")
    assert alice_client.get(f"/db/{shared}").json() == [
        {"rowid": 1, "type": "result", "description": "alice's"}
    ]


def test_an_anonymous_request_is_refused_with_401(alice, anon_client):
    conversation = _conversation_with_rows(alice, 1)
    response = anon_client.get(f"/db/{conversation.conversation_id}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_malformed_conversation_id_gets_422(alice_client):
    response = alice_client.get("/db/12345")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "conversationID"]


def test_the_selector_reads_the_table_in_a_constant_number_of_queries(
    alice, django_assert_num_queries
):
    small = _conversation_with_rows(alice, 1)
    large = _conversation_with_rows(alice, 100)
    for conversation, expected in ((small, 1), (large, 100)):
        # One for the ownership check, one for the rows.
        with django_assert_num_queries(2):
            rows = list(
                rows_for_user_conversation(user=alice, conversation_id=conversation.conversation_id)
            )
        assert len(rows) == expected


def test_the_endpoint_costs_as_many_queries_for_100_rows_as_for_1(alice, alice_client):
    # The token's user is cached after its first request: count both with it cached.
    assert alice_client.get("/users/me").status_code == 200
    counts = []
    for size in (1, 100):
        conversation = _conversation_with_rows(alice, size)
        with CaptureQueriesContext(connection) as queries:
            response = alice_client.get(f"/db/{conversation.conversation_id}")
        assert len(response.json()) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
