"""PATCH /history/<id>: a person renames a conversation."""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from chat.models import Conversation
from chat.services import answer_begin, conversation_get_or_create


def started(user, *, conversation_id: uuid.UUID | None = None) -> Conversation:
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    answer_begin(conversation=conversation, agent=None, question="hi")
    return conversation


@pytest.mark.django_db
@pytest.mark.parametrize("slash", ["", "/"])
def test_the_owner_renames_and_gets_the_history_item(alice, alice_client, slash):
    conversation = started(alice)
    response = alice_client.patch(
        f"/history/{conversation.conversation_id}{slash}",
        {"title_summary": "  Well 7 decline  "},
        format="json",
    )
    assert response.status_code == 200
    conversation.refresh_from_db()
    assert response.json() == {
        "conversation_id": str(conversation.conversation_id),
        "ts": conversation.last_activity_at.isoformat(),
        "title_summary": "Well 7 decline",
    }
    assert conversation.title_summary == "Well 7 decline"
    assert conversation.has_title
    assert alice_client.get("/history/").json()[0]["title_summary"] == "Well 7 decline"


@pytest.mark.django_db
def test_renaming_tells_the_conversations_sockets(
    alice, alice_client, django_capture_on_commit_callbacks
):
    conversation = started(alice)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(conversation.group_name, channel)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.patch(
            f"/history/{conversation.conversation_id}", {"title_summary": "Flaring"}, format="json"
        )
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == {"event_type": "title", "content": "Flaring"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, kind",
    [
        ({"title_summary": ""}, "missing"),
        ({"title_summary": "   "}, "missing"),
        ({"title_summary": "x" * 201}, "max_length"),
        ({"title_summary": 7}, "string_type"),
        ({"title_summary": ["Well 7"]}, "string_type"),
        ({}, "missing"),
    ],
)
def test_a_bad_title_is_a_422_naming_the_field(alice, alice_client, body, kind):
    conversation = started(alice)
    response = alice_client.patch(f"/history/{conversation.conversation_id}", body, format="json")
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "title_summary"]
    assert problem["type"] == kind
    conversation.refresh_from_db()
    assert conversation.title_summary == "New Chat"
    assert not conversation.has_title


@pytest.mark.django_db
def test_a_title_of_exactly_200_characters_is_accepted(alice, alice_client):
    conversation = started(alice)
    response = alice_client.patch(
        f"/history/{conversation.conversation_id}", {"title_summary": "t" * 200}, format="json"
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_outsider_cannot_rename_another_users_conversation(alice, bob_client):
    conversation = started(alice)
    response = bob_client.patch(
        f"/history/{conversation.conversation_id}", {"title_summary": "mine now"}, format="json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    conversation.refresh_from_db()
    assert conversation.title_summary == "New Chat"


@pytest.mark.django_db
def test_renaming_touches_only_the_callers_conversation_when_ids_are_shared(alice, bob, bob_client):
    shared = uuid.uuid4()
    alices = started(alice, conversation_id=shared)
    bobs = started(bob, conversation_id=shared)
    response = bob_client.patch(f"/history/{shared}", {"title_summary": "Bob's"}, format="json")
    assert response.status_code == 200
    alices.refresh_from_db()
    bobs.refresh_from_db()
    assert (alices.title_summary, bobs.title_summary) == ("New Chat", "Bob's")


@pytest.mark.django_db
def test_an_unknown_conversation_is_a_404(alice_client):
    response = alice_client.patch(f"/history/{uuid.uuid4()}", {"title_summary": "x"}, format="json")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_malformed_id_is_a_422(alice_client):
    response = alice_client.patch("/history/123", {"title_summary": "x"}, format="json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "conversationID"]


@pytest.mark.django_db
def test_an_anonymous_request_is_refused(alice, anon_client):
    conversation = started(alice)
    response = anon_client.patch(
        f"/history/{conversation.conversation_id}", {"title_summary": "x"}, format="json"
    )
    assert response.status_code == 401
