"""A socket makes no conversation by connecting: only a question (or an upload) does.

A page or client that opens /async_chat on a new id and leaves used to leave
an empty conversation behind (unlisted, but a row all the same). Now the
socket listens on the id at once (its group is named by the id, not by a
row) and makes nothing; its question, another socket's or an upload on that
id makes the conversation, and every socket already there hears it from the
first event, as on any conversation.
"""

from __future__ import annotations

import json
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tokens import mint_access_token
from chat.models import Conversation
from tests.conftest import client_for
from tests.fake_openai import (
    events_until,
    next_output,
    open_socket,
    socket_path,
    streamed_text,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_fast")]


async def settled(communicator) -> None:
    """The handshake is over: an unknown command's error and done come back."""
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    events = await events_until(communicator, "done")
    assert events[0]["event_type"] == "error"


@pytest.mark.parametrize("with_id", [True, False])
async def test_connecting_and_leaving_makes_no_conversation(alice, agent, with_id):
    conversation_id = uuid.uuid4() if with_id else None
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=conversation_id, keep_open=1)
    )
    if not with_id:
        announced = await next_output(communicator)
        assert announced["event_type"] == "conversation"
        uuid.UUID(announced["conversation_id"])
    await settled(communicator)
    await communicator.disconnect()
    assert await Conversation.objects.acount() == 0


async def test_ten_sockets_on_new_ids_leave_nothing_behind(alice, agent):
    for _ in range(10):
        communicator = await open_socket(
            socket_path(mint_access_token(alice), conversationID=uuid.uuid4(), keep_open=1)
        )
        await settled(communicator)
        await communicator.disconnect()
    assert await Conversation.objects.acount() == 0


@pytest.mark.parametrize(
    "frame",
    ["   ", json.dumps({"type": "stop"}), json.dumps({"type": "message", "content": 42})],
)
async def test_a_refused_frame_or_a_stop_makes_no_conversation(alice, agent, frame):
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=uuid.uuid4(), keep_open=1)
    )
    await communicator.send_to(text_data=frame)
    await settled(communicator)
    await communicator.disconnect()
    assert await Conversation.objects.acount() == 0


async def test_the_first_question_makes_the_conversation_with_the_sockets_agent(alice, agent):
    conversation_id = uuid.uuid4()
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=conversation_id)
    )
    await communicator.send_to(text_data="hello")
    events = await events_until(communicator, "done")
    assert streamed_text(events)
    conversation = await Conversation.objects.aget(user=alice, conversation_id=conversation_id)
    assert conversation.is_listed
    assert conversation.agent_id == agent.pk
    assert await conversation.messages.acount() == 2
    await communicator.disconnect()


async def test_a_socket_waiting_on_an_id_follows_the_answer_another_socket_asks_there(alice, agent):
    conversation_id = uuid.uuid4()
    token = mint_access_token(alice)
    waiting = await open_socket(socket_path(token, conversationID=conversation_id, keep_open=1))
    await settled(waiting)

    asking = await open_socket(socket_path(token, conversationID=conversation_id))
    await asking.send_to(text_data="hello")
    asked = await events_until(asking, "done")
    followed = await events_until(waiting, "done")

    # Listening before the conversation existed, it heard every event, not a resume.
    assert followed == asked
    assert streamed_text(asked) != ""
    assert await Conversation.objects.acount() == 1
    await asking.disconnect()
    await waiting.disconnect()


async def test_a_socket_waiting_on_an_id_hears_the_upload_that_makes_the_conversation(alice, agent):
    conversation_id = uuid.uuid4()
    token = mint_access_token(alice)
    waiting = await open_socket(socket_path(token, conversationID=conversation_id, keep_open=1))
    await settled(waiting)

    def upload() -> int:
        csv = SimpleUploadedFile("wells.csv", b"well,oil_bbl\nA 1H,120\n", content_type="text/csv")
        answer = client_for(alice).post(
            f"/upload/{conversation_id}", {"file": csv}, format="multipart"
        )
        assert answer.status_code == 200
        return answer.json()["file_path_db_rowid"]

    rowid = await sync_to_async(upload)()
    artifact = await next_output(waiting)
    assert artifact["event_type"] == "artifact"
    assert artifact["rowid"] == rowid

    # It follows the conversation now: the answer another socket asks reaches it.
    asking = await open_socket(socket_path(token, conversationID=conversation_id))
    await asking.send_to(text_data="hello")
    asked = await events_until(asking, "done")
    assert await events_until(waiting, "done") == asked
    await asking.disconnect()
    await waiting.disconnect()
