"""Editing a question or regenerating an answer: the conversation goes back to before it."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from agents.selectors import agent_list_active
from chat import streaming
from chat.models import Message
from chat.services import answer_begin, answer_finish, conversation_get_or_create
from files.models import Row
from files.services import row_add

pytestmark = pytest.mark.django_db


def browser_for(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/chat/")  # the page sets the CSRF cookie its script sends back
    return client


def post(client: Client, path: str):
    return client.post(path, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)


def two_turns(user):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=uuid.uuid4())
    upload = row_add(
        conversation=conversation,
        type="userinput",
        description="u",
        content=b"a\n1\n",
        file_name="p.csv",
    )
    agent = agent_list_active().first()
    turns = []
    for question in ("fit the oil", "now the gas"):
        asked, answer = answer_begin(conversation=conversation, agent=agent, question=question)
        row = row_add(
            conversation=conversation,
            type="table",
            description=f"{question} table",
            content=b"x\n1\n",
            file_name="t.csv",
        )
        answer_finish(
            message_id=answer.pk,
            conversation=conversation,
            content=f"{question}: done",
            status=Message.Status.COMPLETE,
        )
        turns.append((asked, answer, row))
    return conversation, upload, turns


def test_rewinding_to_the_last_question_removes_it_its_answer_and_their_rows(
    alice, django_capture_on_commit_callbacks
):
    conversation, upload, [(q1, a1, r1), (q2, _, r2)] = two_turns(alice)
    stored = r2.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = post(browser_for(alice), f"/chat/api/messages/{q2.pk}/rewind")
    assert response.status_code == 200
    assert response.json() == {"deleted": 2}
    assert list(conversation.messages.values_list("pk", flat=True)) == [q1.pk, a1.pk]
    assert sorted(
        Row.objects.filter(conversation=conversation).values_list("rowid", flat=True)
    ) == [
        upload.rowid,
        r1.rowid,
    ]
    assert not r2.file.storage.exists(stored)


def test_rewinding_to_an_earlier_question_keeps_the_uploads(alice):
    conversation, upload, [(q1, _, _), _] = two_turns(alice)
    response = post(browser_for(alice), f"/chat/api/messages/{q1.pk}/rewind")
    assert response.json() == {"deleted": 4}
    assert conversation.messages.count() == 0
    assert list(Row.objects.filter(conversation=conversation)) == [upload]


def test_nobody_rewinds_another_users_conversation(alice, bob):
    conversation, _, [(q1, _, _), _] = two_turns(alice)
    response = post(browser_for(bob), f"/chat/api/messages/{q1.pk}/rewind")
    assert response.status_code == 404
    assert conversation.messages.count() == 4


def test_no_rewind_while_an_answer_is_being_written(alice):
    conversation, _, [_, (q2, _, _)] = two_turns(alice)
    # What a running answer, in any process, leaves in the shared cache.
    key = streaming.live_key(conversation.pk)
    cache.set(key, "an-answer-id", 60)
    try:
        response = post(browser_for(alice), f"/chat/api/messages/{q2.pk}/rewind")
    finally:
        cache.delete(key)
    assert response.status_code == 409
    assert conversation.messages.count() == 4


def test_a_rewind_needs_the_csrf_token_and_a_post(alice):
    _, _, [(q1, _, _), _] = two_turns(alice)
    client = browser_for(alice)
    assert client.post(f"/chat/api/messages/{q1.pk}/rewind").status_code == 403
    assert client.get(f"/chat/api/messages/{q1.pk}/rewind").status_code == 405
    assert Client().post(f"/chat/api/messages/{q1.pk}/rewind").status_code == 401
