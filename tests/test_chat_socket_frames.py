"""/async_chat client frames: questions, commands, refusals and the close rule."""

from __future__ import annotations

import json
import uuid

import pytest
from django.conf import settings

from accounts.tokens import mint_access_token
from chat import streaming
from chat.models import Conversation, Message
from tests.fake_openai import (
    Gate,
    Stream,
    Text,
    Usage,
    events_until,
    next_output,
    open_socket,
    socket_path,
    streamed_text,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_fast")]


async def _socket(user, **query):
    query.setdefault("conversationID", uuid.uuid4())
    return await open_socket(socket_path(mint_access_token(user), **query))


async def _messages(conversation_id) -> list[tuple[str, str, str]]:
    return [
        (m.role, m.status, m.content)
        async for m in Message.objects.filter(
            conversation__conversation_id=conversation_id
        ).order_by("created_at", "id")
    ]


async def test_a_plain_text_question_streams_an_answer_then_done_then_close_1000(alice, agent):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data="hello")
    events = await events_until(communicator, "done")
    kinds = [e["event_type"] for e in events]
    assert kinds[0] == "on_chat_model_stream"
    assert kinds[-3:] == ["on_chat_model_end", "title", "done"]
    assert all(set(e) >= {"event_type", "content"} for e in events)
    assert await next_output(communicator) == {"close": 1000, "reason": ""}

    answer = streamed_text(events)
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.role, saved.status, saved.content) == ("assistant", "complete", answer)
    assert await _messages(conversation_id) == [
        ("user", "complete", "hello"),
        ("assistant", "complete", answer),
    ]
    conversation = await Conversation.objects.aget(conversation_id=conversation_id)
    assert conversation.is_listed and conversation.has_title
    assert conversation.title_summary == events[-2]["content"] == "Hello"
    await communicator.disconnect()


async def test_a_message_command_is_a_question(alice, agent):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data=json.dumps({"type": "message", "content": "hi there"}))
    events = await events_until(communicator, "done")
    assert streamed_text(events)
    assert (await _messages(conversation_id))[0] == ("user", "complete", "hi there")
    await communicator.disconnect()


@pytest.mark.parametrize("frame", ['{"content": "no type"}', "[1, 2]", '"quoted"', "{not json"])
async def test_json_that_is_not_a_command_object_is_a_question(alice, agent, frame):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data=frame)
    await events_until(communicator, "done")
    assert (await _messages(conversation_id))[0] == ("user", "complete", frame)
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        ("   \n ", "empty"),
        ("x" * (settings.CHAT_MAX_QUESTION_CHARS + 1), "32,000"),
        (json.dumps({"type": "dance"}), "dance"),
        (json.dumps({"type": "message", "content": 42}), "content"),
        (json.dumps({"type": "message", "content": ""}), "empty"),
    ],
)
async def test_a_frame_that_is_not_a_question_gets_error_done_and_the_close_rule(
    alice, agent, frame, words
):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data=frame)
    error = await next_output(communicator)
    assert error["event_type"] == "error" and words in error["content"]
    assert await next_output(communicator) == {
        "event_type": "done",
        "content": "",
        "message_id": None,
    }
    assert (await next_output(communicator))["close"] == 1000
    assert await _messages(conversation_id) == []
    await communicator.disconnect()


async def test_a_question_of_exactly_the_limit_is_accepted(alice, agent):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data="y" * settings.CHAT_MAX_QUESTION_CHARS)
    events = await events_until(communicator, "done")
    assert events[-1]["message_id"] is not None
    await communicator.disconnect()


async def test_a_binary_frame_is_refused(alice, agent):
    communicator = await _socket(alice, keep_open=1)
    await communicator.send_to(bytes_data=b"hello")
    assert (await next_output(communicator))["event_type"] == "error"
    assert (await next_output(communicator))["event_type"] == "done"
    assert await communicator.receive_nothing()  # keep_open: still open
    await communicator.disconnect()


async def test_keep_open_answers_several_questions_on_one_socket(alice, agent):
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id, keep_open=1)
    await communicator.send_to(text_data="hello")
    first = await events_until(communicator, "done")
    await communicator.send_to(text_data="what can you do?")
    second = await events_until(communicator, "done")
    assert "title" in [e["event_type"] for e in first]
    assert "title" not in [e["event_type"] for e in second]  # only after the first answer
    assert "Test Agent" in streamed_text(second)
    assert [m[0] for m in await _messages(conversation_id)] == [
        "user",
        "assistant",
        "user",
        "assistant",
    ]
    await communicator.disconnect()


async def test_stop_with_nothing_running_does_nothing(alice, agent):
    communicator = await _socket(alice, keep_open=1)
    await communicator.send_to(text_data=json.dumps({"type": "stop"}))
    assert await communicator.receive_nothing(timeout=0.2)
    await communicator.send_to(text_data="hello")
    events = await events_until(communicator, "done")
    assert events[0]["event_type"] == "on_chat_model_stream"
    await communicator.disconnect()


async def test_a_question_while_an_answer_runs_gets_an_error_and_the_answer_goes_on(
    alice, agent, fake_openai
):
    gate = Gate()
    fake_openai.queue(Stream([Text("First"), gate, Text(" answer."), Usage(3, 2)]))
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data="one")
    assert (await next_output(communicator))["content"] == "First"

    # Saved before the model was called, and the answer is still running.
    assert (await _messages(conversation_id))[0] == ("user", "complete", "one")
    await communicator.send_to(text_data="two")
    busy = await next_output(communicator)
    assert busy["event_type"] == "error" and "still being written" in busy["content"]
    await communicator.send_to(text_data="   ")  # not a question: an error, no done
    assert (await next_output(communicator))["event_type"] == "error"

    gate.event.set()
    rest = await events_until(communicator, "done")
    assert streamed_text(rest) == " answer."
    assert [e["event_type"] for e in rest].count("done") == 1
    assert (await next_output(communicator))["close"] == 1000
    assert [m[2] for m in await _messages(conversation_id)] == ["one", "First answer."]
    assert len(fake_openai.chat_requests) == 1
    await communicator.disconnect()


async def test_an_answer_being_written_is_visible_to_the_server_until_done(
    alice, agent, fake_openai
):
    gate = Gate()
    fake_openai.queue(Stream([Text("Hi"), gate, Text("!")]))
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversationID=conversation_id)
    await communicator.send_to(text_data="hello")
    await next_output(communicator)
    running = streaming.answers_running()
    assert [a.conversation.conversation_id for a in running] == [conversation_id]
    assert [m[:2] for m in await _messages(conversation_id)] == [
        ("user", "complete"),
        ("assistant", "streaming"),
    ]
    gate.event.set()
    await events_until(communicator, "done")
    await wait_for(lambda: not streaming.answers_running())
    await communicator.disconnect()
