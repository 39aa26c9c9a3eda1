"""Stored files follow their rows: deleting a row, a conversation or a user removes them."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from chat.models import Conversation
from chat.services import conversation_get_or_create
from files.models import Row
from files.services import row_add

pytestmark = pytest.mark.django_db(transaction=True)


def _conversation(user):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=uuid.uuid4())
    return conversation


def _add_file(conversation, name="a.csv", content=b"x\n1\n") -> Row:
    return row_add(
        conversation=conversation,
        type="userinput",
        description="d",
        file_name=name,
        content=content,
    )


def test_deleting_a_row_removes_its_stored_file(alice):
    row = _add_file(_conversation(alice))
    name = row.file.name
    assert default_storage.exists(name)
    row.delete()
    assert not default_storage.exists(name)


def test_deleting_a_conversation_removes_every_rows_file_and_no_other(alice):
    doomed = _conversation(alice)
    kept = _conversation(alice)
    names = [_add_file(doomed, f"{n}.csv").file.name for n in range(3)]
    row_add(conversation=doomed, type="result", description="no file", data={"a": 1})
    survivor = _add_file(kept).file.name
    Conversation.objects.get(pk=doomed.pk).delete()
    assert not Row.objects.filter(conversation_id=doomed.pk).exists()
    assert [default_storage.exists(name) for name in names] == [False, False, False]
    assert default_storage.exists(survivor)


def test_deleting_a_user_removes_their_files(alice, bob):
    mine = _add_file(_conversation(alice)).file.name
    theirs = _add_file(_conversation(bob)).file.name
    alice.delete()
    assert not default_storage.exists(mine)
    assert default_storage.exists(theirs)


def test_a_delete_that_is_rolled_back_keeps_the_file(alice):
    row = _add_file(_conversation(alice))
    name = row.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        Row.objects.filter(pk=row.pk).delete()
        assert default_storage.exists(name)  # not before commit
        raise RuntimeError("changed my mind")
    assert Row.objects.filter(pk=row.pk).exists()
    assert default_storage.exists(name)


def test_the_file_goes_only_when_the_deleting_transaction_commits(alice):
    row = _add_file(_conversation(alice))
    name = row.file.name
    with transaction.atomic():
        row.delete()
        assert default_storage.exists(name)
    assert not default_storage.exists(name)


def test_a_file_already_gone_does_not_break_the_delete(alice):
    row = _add_file(_conversation(alice))
    default_storage.delete(row.file.name)
    row.delete()
    assert not Row.objects.exists()


def test_deleting_through_the_api_removes_the_files(alice, alice_client):
    conversation = _conversation(alice)
    name = _add_file(conversation).file.name
    response = alice_client.delete(f"/history/{conversation.conversation_id}")
    if response.status_code == 404:
        pytest.skip("DELETE /history/<id> is not routed yet")
    assert response.status_code == 204
    assert not default_storage.exists(name)
