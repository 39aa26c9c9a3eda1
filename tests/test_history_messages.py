"""GET /get_history_conversation/<id> (and the seed's misspelt /get_history_conversatino/)."""

from __future__ import annotations

import uuid

import pytest

from chat.models import Message
from chat.services import (
    answer_begin,
    answer_checkpoint,
    answer_finish,
    conversation_get_or_create,
)
from tests.conftest import client_for, make_user

ROUTES = ["/get_history_conversation/{}", "/get_history_conversatino/{}"]


def exchange(conversation, question: str, answer: str | None, status: str = "complete"):
    """A question and its answer, saved as the chat saves them (None: still streaming)."""
    _, placeholder = answer_begin(conversation=conversation, agent=None, question=question)
    if answer is not None:
        answer_finish(
            message_id=placeholder.pk, conversation=conversation, content=answer, status=status
        )
    return placeholder


def chat_of(user, *, conversation_id: uuid.UUID | None = None):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    exchange(conversation, "hi", "Hello! How can I help with your wells?")
    exchange(conversation, "Fit row 1", None)  # the answer has not started yet
    return conversation


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("slash", ["", "/"])
def test_it_returns_the_messages_oldest_first(alice, alice_client, route, slash):
    conversation = chat_of(alice)
    response = alice_client.get(route.format(conversation.conversation_id) + slash)
    assert response.status_code == 200
    assert response.json() == [
        {"sender": "You", "message": "hi"},
        {"sender": "Agent", "message": "Hello! How can I help with your wells?"},
        {"sender": "You", "message": "Fit row 1"},
    ]


@pytest.mark.django_db
def test_a_partial_answer_is_shown_and_an_empty_one_is_not(alice, alice_client):
    conversation, _ = conversation_get_or_create(user=alice)
    exchange(conversation, "q1", "", status=Message.Status.ERROR)
    exchange(conversation, "q2", "Half an ans", status=Message.Status.STOPPED)
    streaming = exchange(conversation, "q3", None)
    answer_checkpoint(message_id=streaming.pk, content="So far")
    body = alice_client.get(f"/get_history_conversation/{conversation.conversation_id}").json()
    assert body == [
        {"sender": "You", "message": "q1"},
        {"sender": "You", "message": "q2"},
        {"sender": "Agent", "message": "Half an ans"},
        {"sender": "You", "message": "q3"},
        {"sender": "Agent", "message": "So far"},
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_an_unknown_conversation_gives_an_empty_list(alice_client, route):
    response = alice_client.get(route.format(uuid.uuid4()))
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_outsider_cannot_read_another_users_conversation(alice, bob_client, route):
    conversation = chat_of(alice)
    response = bob_client.get(route.format(conversation.conversation_id))
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.django_db
def test_two_users_with_the_same_conversation_id_read_their_own_messages(
    alice, bob, alice_client, bob_client
):
    shared = uuid.uuid4()
    chat_of(alice, conversation_id=shared)
    bobs, _ = conversation_get_or_create(user=bob, conversation_id=shared)
    exchange(bobs, "bob here", None)
    assert len(alice_client.get(f"/get_history_conversation/{shared}").json()) == 3
    assert bob_client.get(f"/get_history_conversation/{shared}").json() == [
        {"sender": "You", "message": "bob here"}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_a_malformed_id_is_a_422_naming_the_path_parameter(alice_client, route):
    response = alice_client.get(route.format("not-a-uuid"))
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["type"] == "uuid_parsing"
    assert problem["loc"] == ["path", "conversationID"]
    assert problem["input"] == "not-a-uuid"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_an_anonymous_request_is_refused(alice, anon_client, route):
    conversation = chat_of(alice)
    response = anon_client.get(route.format(conversation.conversation_id))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 100])
def test_reading_costs_the_same_queries_whatever_the_number_of_messages(
    django_assert_num_queries, count
):
    user = make_user("talker@example.com")
    conversation, _ = conversation_get_or_create(user=user)
    for n in range(count):
        exchange(conversation, f"q{n}", f"a{n}")
    client = client_for(user)
    # The token's user, the ownership check, the messages.
    with django_assert_num_queries(3):
        response = client.get(f"/get_history_conversation/{conversation.conversation_id}")
    assert len(response.json()) == 2 * count
