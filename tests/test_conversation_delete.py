"""DELETE /history/<id>: the conversation, its messages, rows and stored files go."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.storage import default_storage

from chat.models import Conversation, Message
from chat.services import answer_begin, conversation_get_or_create
from files.models import Row
from files.services import row_add


def with_upload(user, *, conversation_id: uuid.UUID | None = None) -> tuple[Conversation, Row]:
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    answer_begin(conversation=conversation, agent=None, question="hi")
    row = row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'x.csv', saving location is in this row.",
        content=b"date,oil\n2024-01-01,100\n",
        file_name="x.csv",
    )
    return conversation, row


@pytest.mark.django_db
@pytest.mark.parametrize("slash", ["", "/"])
def test_the_owner_deletes_a_conversation_with_everything_in_it(
    alice, alice_client, django_capture_on_commit_callbacks, slash
):
    conversation, row = with_upload(alice)
    stored = row.file.name
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(f"/history/{conversation.conversation_id}{slash}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert not Message.objects.filter(conversation_id=conversation.pk).exists()
    assert not Row.objects.filter(conversation_id=conversation.pk).exists()
    assert not default_storage.exists(stored)
    assert alice_client.get("/history/").json() == []
    assert alice_client.get(f"/db/{conversation.conversation_id}").json() == []


@pytest.mark.django_db
def test_deleting_again_is_a_404(alice, alice_client):
    conversation, _ = with_upload(alice)
    assert alice_client.delete(f"/history/{conversation.conversation_id}").status_code == 204
    response = alice_client.delete(f"/history/{conversation.conversation_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_outsider_cannot_delete_another_users_conversation(
    alice, bob_client, django_capture_on_commit_callbacks
):
    conversation, row = with_upload(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = bob_client.delete(f"/history/{conversation.conversation_id}")
    assert response.status_code == 404
    assert Conversation.objects.filter(pk=conversation.pk).exists()
    assert default_storage.exists(row.file.name)


@pytest.mark.django_db
def test_deleting_a_shared_id_leaves_the_other_users_conversation(
    alice, bob, bob_client, django_capture_on_commit_callbacks
):
    shared = uuid.uuid4()
    alices, alices_row = with_upload(alice, conversation_id=shared)
    bobs, _ = with_upload(bob, conversation_id=shared)
    with django_capture_on_commit_callbacks(execute=True):
        assert bob_client.delete(f"/history/{shared}").status_code == 204
    assert not Conversation.objects.filter(pk=bobs.pk).exists()
    assert Conversation.objects.filter(pk=alices.pk).exists()
    assert alices.messages.count() == 2
    assert default_storage.exists(alices_row.file.name)


@pytest.mark.django_db
def test_an_unknown_conversation_is_a_404(alice_client):
    assert alice_client.delete(f"/history/{uuid.uuid4()}").status_code == 404


@pytest.mark.django_db
def test_a_malformed_id_is_a_422(alice_client):
    response = alice_client.delete("/history/nope")
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "uuid_parsing"


@pytest.mark.django_db
def test_an_anonymous_request_is_refused(alice, anon_client):
    conversation, _ = with_upload(alice)
    assert anon_client.delete(f"/history/{conversation.conversation_id}").status_code == 401
    assert Conversation.objects.filter(pk=conversation.pk).exists()
