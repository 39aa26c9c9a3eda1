"""/async_chat against hostile frames: deep JSON, NUL, lone surrogates, NUL in the agent name.

Each gets an ``error`` event and ``done`` (nothing saved), never a close
1011; run on PostgreSQL too (``.ci/run``), which cannot store NUL at all.
"""

from __future__ import annotations

import json
import uuid

import pytest

from accounts.tokens import mint_access_token
from chat.models import Message
from tests.fake_openai import events_until, next_output, open_socket, socket_path

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_fast")]


async def _socket(user, **query):
    query.setdefault("conversationID", uuid.uuid4())
    query.setdefault("keep_open", 1)
    return await open_socket(socket_path(mint_access_token(user), **query))


async def _refused(communicator, frame: str) -> str:
    await communicator.send_to(text_data=frame)
    error = await next_output(communicator)
    assert error["event_type"] == "error", error
    assert await next_output(communicator) == {
        "event_type": "done",
        "content": "",
        "message_id": None,
    }
    return error["content"]


async def _still_answers(communicator) -> None:
    await communicator.send_to(text_data="hello")
    events = await events_until(communicator, "done")
    assert events[-1]["message_id"] is not None


DEEP_COMMAND = '{"type": "message", "content": ' + '{"a":' * 100_000 + "1" + "}" * 100_001
SHORT_DEEP_COMMAND = '{"a":' * 3_000 + "1" + "}" * 3_000


async def test_a_command_nested_100000_levels_gets_error_and_done(alice, agent):
    communicator = await _socket(alice)
    assert await _refused(communicator, DEEP_COMMAND) == "The command nests too deeply to be read."
    await _still_answers(communicator)
    await communicator.disconnect()


async def test_a_short_but_deeply_nested_command_gets_error_and_done(alice, agent):
    communicator = await _socket(alice)
    assert await _refused(communicator, SHORT_DEEP_COMMAND) == (
        "The command nests too deeply to be read."
    )
    await _still_answers(communicator)
    await communicator.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        "what is the NPV\x00 of my wells?",
        json.dumps({"type": "message", "content": "oil\u0000gas"}),
    ],
)
async def test_a_question_with_nul_is_refused_and_nothing_is_saved(alice, agent, frame):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    reason = await _refused(communicator, frame)
    assert reason == "The question cannot be saved: Null characters are not allowed."
    filtered = Message.objects.filter(conversation__conversation_id=conversation_id)
    assert await filtered.acount() == 0
    await _still_answers(communicator)
    await communicator.disconnect()


async def test_a_lone_surrogate_in_a_command_is_refused(alice, agent):
    communicator = await _socket(alice)
    reason = await _refused(communicator, '{"type": "message", "content": "gas \\ud800 rate"}')
    assert reason == "The question cannot be saved: Surrogate characters are not allowed: U+D800."
    await communicator.disconnect()


async def test_an_agent_name_with_nul_is_an_unknown_agent(alice, agent):
    communicator = await open_socket(
        socket_path(mint_access_token(alice), agentName="Test\x00Agent")
    )
    assert (await next_output(communicator))["event_type"] == "error"
    assert (await next_output(communicator))["close"] == 4404
    await communicator.disconnect()
