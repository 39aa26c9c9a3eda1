"""Answers belong to the conversation, not the socket: stop, disconnect, resume, fan-out."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import cache

from accounts.tokens import mint_access_token
from chat import services, streaming
from chat.models import Message
from tests.fake_openai import (
    Gate,
    Pause,
    Stream,
    Text,
    Usage,
    events_until,
    next_output,
    open_socket,
    socket_path,
    streamed_text,
    text_stream,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


async def _socket(user, conversation_id, **query):
    return await open_socket(
        socket_path(mint_access_token(user), conversationID=conversation_id, **query)
    )


async def _text_until(communicator, expected: str) -> list[dict]:
    """Stream events until their text is ``expected`` (chunks may arrive merged)."""
    events: list[dict] = []
    while streamed_text(events) != expected:
        event = await next_output(communicator)
        assert expected.startswith(streamed_text([*events, event])), (events, event)
        events.append(event)
    return events


async def _running_answer() -> streaming.Answer:
    await wait_for(lambda: streaming.answers_running())
    (answer,) = streaming.answers_running()
    return answer


async def test_stop_closes_the_upstream_stream_and_saves_the_partial_answer(
    alice, agent, fake_openai
):
    gate = Gate()
    fake_openai.queue(Stream([Text("Hello"), Text(" wor"), gate, Text("ld"), Usage(1, 1)]))
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversation_id)
    await communicator.send_to(text_data="greet me")
    await _text_until(communicator, "Hello wor")

    await communicator.send_to(text_data=json.dumps({"type": "stop"}))
    # The fake server sees its client go: no more tokens are generated or paid for.
    assert await asyncio.to_thread(fake_openai.client_closed_early.wait, 10)
    rest = await events_until(communicator, "done")
    assert streamed_text(rest) == ""
    assert "error" not in [e["event_type"] for e in rest]
    assert (await next_output(communicator))["close"] == 1000

    saved = await Message.objects.aget(pk=rest[-1]["message_id"])
    assert (saved.status, saved.content) == ("stopped", "Hello wor")
    question = await Message.objects.filter(role="user").values_list("content", flat=True).aget()
    assert question == "greet me"
    await communicator.disconnect()


async def test_stop_from_another_socket_on_the_conversation_stops_the_answer(
    alice, agent, fake_openai
):
    gate = Gate()
    fake_openai.queue(Stream([Text("Partial"), gate, Text(" more")]))
    conversation_id = uuid.uuid4()
    asker = await _socket(alice, conversation_id)
    await asker.send_to(text_data="go")
    await _text_until(asker, "Partial")

    other = await _socket(alice, conversation_id, keep_open=1)
    assert await next_output(other) == {"event_type": "resume", "content": "Partial"}
    await other.send_to(text_data=json.dumps({"type": "stop"}))
    asker_rest = await events_until(asker, "done")
    other_rest = await events_until(other, "done")
    assert asker_rest[-1] == other_rest[-1]
    saved = await Message.objects.aget(pk=asker_rest[-1]["message_id"])
    assert (saved.status, saved.content) == ("stopped", "Partial")
    assert await asyncio.to_thread(fake_openai.client_closed_early.wait, 10)
    await asker.disconnect()
    await other.disconnect()


async def test_a_disconnecting_client_does_not_stop_the_answer(alice, agent, fake_openai):
    gate = Gate()
    fake_openai.queue(Stream([Text("The whole"), gate, Text(" answer"), Text(" arrives.")]))
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversation_id)
    await communicator.send_to(text_data="tell me")
    await _text_until(communicator, "The whole")
    answer = await _running_answer()
    await communicator.disconnect()

    gate.event.set()
    await asyncio.wait_for(answer.finished.wait(), 10)
    saved = await Message.objects.aget(pk=answer.message_id)
    assert (saved.status, saved.content) == ("complete", "The whole answer arrives.")
    assert not fake_openai.client_closed_early.is_set()


async def test_every_socket_on_the_conversation_receives_the_same_stream(alice, agent, fake_openai):
    fake_openai.queue(text_stream(*[f"token{i} " for i in range(60)]))
    conversation_id = uuid.uuid4()
    watcher = await _socket(alice, conversation_id, keep_open=1)
    asker = await _socket(alice, conversation_id)
    await asker.send_to(text_data="stream please")
    asked, watched = await asyncio.gather(
        events_until(asker, "done"), events_until(watcher, "done")
    )
    assert asked == watched
    saved = await Message.objects.aget(pk=asked[-1]["message_id"])
    assert streamed_text(asked) == saved.content == "".join(f"token{i} " for i in range(60))
    await asker.disconnect()
    await watcher.disconnect()


async def test_a_socket_joining_mid_answer_gets_resume_then_the_rest(alice, agent, fake_openai):
    gate = Gate()
    fake_openai.queue(
        Stream([Text("First part, "), Text("still first. "), gate, Text("Second "), Text("part.")])
    )
    conversation_id = uuid.uuid4()
    asker = await _socket(alice, conversation_id)
    await asker.send_to(text_data="long answer")
    await _text_until(asker, "First part, still first. ")

    joiner = await _socket(alice, conversation_id)
    resume = await next_output(joiner)
    assert resume == {"event_type": "resume", "content": "First part, still first. "}
    gate.event.set()
    rest = await events_until(joiner, "done")
    saved = await Message.objects.aget(pk=rest[-1]["message_id"])
    assert resume["content"] + streamed_text(rest) == saved.content
    assert saved.content == "First part, still first. Second part."
    assert (await next_output(joiner))["close"] == 1000
    await asker.disconnect()
    await joiner.disconnect()


@pytest.mark.parametrize("join_after", [1, 40, 150])
async def test_joining_a_flowing_stream_at_any_point_has_no_gap_and_no_repetition(
    alice, agent, fake_openai, join_after
):
    pieces = [f"<{i}>" for i in range(200)]
    steps: list = []
    for piece in pieces:  # a model's pace: the join lands while chunks flow
        steps += [Text(piece), Pause(0.002)]
    fake_openai.queue(Stream(steps))
    conversation_id = uuid.uuid4()
    asker = await _socket(alice, conversation_id, keep_open=1)
    await asker.send_to(text_data="fast")
    seen = ""
    while seen.count("<") < join_after:
        seen += (await next_output(asker))["content"]

    joiner = await _socket(alice, conversation_id)
    first = await next_output(joiner)
    assert first["event_type"] == "resume"
    assert "<0>" in first["content"] and "<199>" not in first["content"]
    rest = await events_until(joiner, "done")
    saved = await Message.objects.aget(pk=rest[-1]["message_id"])
    assert saved.content == "".join(pieces)
    assert first["content"] + streamed_text(rest) == saved.content
    assert streamed_text(await events_until(asker, "done")) == saved.content[len(seen) :]
    await asker.disconnect()
    await joiner.disconnect()


async def test_a_joiner_falls_back_to_the_checkpoint_when_the_owner_is_gone(
    alice, agent, monkeypatch
):
    monkeypatch.setattr(streaming, "SNAPSHOT_WAIT_SECONDS", 0.05)
    conversation_id = uuid.uuid4()
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=alice, conversation_id=conversation_id
    )
    # An answer whose process died after a checkpoint; its live key not yet expired.
    _, placeholder = await sync_to_async(services.answer_begin)(
        conversation=conversation, agent=agent, question="lost?"
    )
    await sync_to_async(services.answer_checkpoint)(
        message_id=placeholder.pk, content="What was saved"
    )
    await cache.aset(f"answer-live:{conversation.pk}", "dead-answer", 30)

    joiner = await _socket(alice, conversation_id, keep_open=1)
    assert await next_output(joiner) == {"event_type": "resume", "content": "What was saved"}
    await joiner.disconnect()


async def test_a_server_shutdown_saves_the_partial_answer(alice, agent, fake_openai):
    gate = Gate()
    fake_openai.queue(Stream([Text("Before the restart"), gate, Text(" never sent")]))
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversation_id)
    await communicator.send_to(text_data="go")
    await _text_until(communicator, "Before the restart")

    await streaming.answers_shutdown()
    rest = await events_until(communicator, "done")
    assert [e["event_type"] for e in rest] == ["error", "done"]
    assert rest[0]["content"] == streaming.ERROR_SHUTDOWN
    saved = await Message.objects.aget(pk=rest[-1]["message_id"])
    assert (saved.status, saved.content) == ("error", "Before the restart")
    await communicator.disconnect()


async def test_the_partial_answer_is_checkpointed_while_it_streams(
    alice, agent, fake_openai, monkeypatch
):
    monkeypatch.setattr(streaming, "CHECKPOINT_SECONDS", 0.01)
    gate = Gate()
    fake_openai.queue(Stream([Text("Checkpointed "), Text("text"), gate, Text(".")]))
    conversation_id = uuid.uuid4()
    communicator = await _socket(alice, conversation_id)
    await communicator.send_to(text_data="go")
    await _text_until(communicator, "Checkpointed text")
    answer = await _running_answer()

    async def stored() -> str:
        return await Message.objects.values_list("content", flat=True).aget(pk=answer.message_id)

    for _ in range(1000):  # the housekeeping loop writes it within a few ticks
        if await stored() == "Checkpointed text":
            break
        await asyncio.sleep(0.01)
    assert await stored() == "Checkpointed text"
    gate.event.set()
    done = (await events_until(communicator, "done"))[-1]
    saved = await Message.objects.aget(pk=done["message_id"])
    assert (saved.status, saved.content) == ("complete", "Checkpointed text.")
    await communicator.disconnect()


async def test_an_outsider_with_the_same_conversation_id_never_sees_the_answer(
    alice, bob, agent, fake_openai
):
    gate = Gate()
    fake_openai.queue(Stream([Text("Alice's secret"), gate, Text(" numbers")]))
    conversation_id = uuid.uuid4()
    asker = await _socket(alice, conversation_id)
    await asker.send_to(text_data="private")
    await _text_until(asker, "Alice's secret")

    outsider = await _socket(bob, conversation_id, keep_open=1)
    await outsider.send_to(text_data=json.dumps({"type": "stop"}))  # not his answer to stop
    # Frames are handled in order: once this is refused, the stop has been handled.
    await outsider.send_to(text_data=" ")
    assert [(await next_output(outsider))["event_type"] for _ in range(2)] == ["error", "done"]
    gate.event.set()
    done = (await events_until(asker, "done"))[-1]
    saved = await Message.objects.aget(pk=done["message_id"])
    assert (saved.status, saved.content) == ("complete", "Alice's secret numbers")
    assert await outsider.receive_nothing()  # no resume, no chunks, no done
    await asker.disconnect()
    await outsider.disconnect()
