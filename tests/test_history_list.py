"""GET /history/: this user's conversations, most recent activity first."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from chat.models import Conversation
from chat.services import answer_begin, answer_finish, conversation_get_or_create
from tests.conftest import client_for, make_user


def started(user, *, title: str | None = None, conversation_id: uuid.UUID | None = None):
    """A conversation with one question in it, as the chat leaves it."""
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    _, answer = answer_begin(conversation=conversation, agent=None, question="hi")
    answer_finish(
        message_id=answer.pk, conversation=conversation, content="Hello", status="complete"
    )
    if title is not None:
        Conversation.objects.filter(pk=conversation.pk).update(title_summary=title, has_title=True)
        conversation.refresh_from_db()
    return conversation


def set_activity(conversation, when):
    Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=when)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/history/", "/history"])
def test_it_lists_conversations_most_recent_first(alice, alice_client, path):
    now = timezone.now()
    older = started(alice, title="Decline of well A")
    newer = started(alice)
    set_activity(older, now - timedelta(hours=2))
    set_activity(newer, now - timedelta(minutes=5))
    response = alice_client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert [item["conversation_id"] for item in body] == [
        str(newer.conversation_id),
        str(older.conversation_id),
    ]
    assert body[0]["title_summary"] == "New Chat"
    assert body[1]["title_summary"] == "Decline of well A"
    assert set(body[0]) == {"conversation_id", "ts", "title_summary"}


@pytest.mark.django_db
def test_ts_is_iso_8601_with_a_numeric_offset(alice, alice_client):
    conversation = started(alice)
    moment = timezone.now().replace(microsecond=225273)
    set_activity(conversation, moment)
    ts = alice_client.get("/history/").json()[0]["ts"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.225273\+00:00", ts), ts
    assert ts == moment.astimezone(UTC).isoformat()


@pytest.mark.django_db
def test_a_conversation_without_messages_or_rows_is_not_listed(alice, alice_client):
    conversation_get_or_create(user=alice)
    assert alice_client.get("/history/").json() == []


@pytest.mark.django_db
def test_outsider_does_not_see_another_users_conversations(alice, bob_client):
    started(alice, title="Alice's field")
    assert bob_client.get("/history/").json() == []


@pytest.mark.django_db
def test_two_users_with_the_same_conversation_id_get_separate_conversations(
    alice, bob, alice_client, bob_client
):
    shared = uuid.uuid4()
    started(alice, title="Alice's", conversation_id=shared)
    started(bob, title="Bob's", conversation_id=shared)
    assert Conversation.objects.filter(conversation_id=shared).count() == 2
    assert [i["title_summary"] for i in alice_client.get("/history/").json()] == ["Alice's"]
    assert [i["title_summary"] for i in bob_client.get("/history/").json()] == ["Bob's"]


@pytest.mark.django_db
def test_an_anonymous_request_is_refused(anon_client):
    response = anon_client.get("/history")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.django_db
def test_each_item_is_what_the_history_item_serializer_describes(alice, alice_client):
    from chat.serializers import HistoryItemSerializer

    whole_second = started(alice, title="Permian, 12 wells — “type curve”")
    set_activity(whole_second, timezone.now().replace(microsecond=0) - timedelta(hours=1))
    fractional = started(alice, title="New Chat")
    set_activity(fractional, timezone.now().replace(microsecond=123456))
    listed = Conversation.objects.filter(user=alice).order_by("-last_activity_at", "-id")
    expected = HistoryItemSerializer(listed, many=True).data

    items = alice_client.get("/history/").json()
    assert items == [dict(item) for item in expected]
    assert items[0]["ts"].endswith(".123456+00:00")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", items[1]["ts"])
    assert items[1]["conversation_id"] == str(whole_second.conversation_id)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 100])
def test_the_list_costs_the_same_queries_whatever_its_length(django_assert_num_queries, count):
    user = make_user("many@example.com")
    for _ in range(count):
        started(user)
    client = client_for(user)
    # One to authenticate the token's user, one for the list.
    with django_assert_num_queries(2):
        response = client.get("/history/")
    assert len(response.json()) == count


@pytest.mark.django_db
def test_the_openapi_document_describes_the_history_and_agents_routes(anon_client):
    schema = anon_client.get("/openapi.json").json()
    operations = {
        op["operationId"]: op
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    }
    for name in [
        "agents_list",
        "history_list",
        "history_conversation_messages",
        "history_conversation_messages_misspelt",
        "history_rename",
        "history_delete",
        "history_export",
    ]:
        assert name in operations, name
    rename_body = operations["history_rename"]["requestBody"]["content"]["application/json"]
    assert rename_body["schema"]["required"] == ["title_summary"]
    history_item = schema["components"]["schemas"]["HistoryItem"]
    assert set(history_item["properties"]) == {"conversation_id", "ts", "title_summary"}
