"""Sockets in the answer's own process get its events directly, the layer carries them elsewhere.

The owner hands each event to the sockets of its process (their queues) and
sends it on the channel layer for the sockets of other processes. These tests
run with a layer that really carries the events (channels-redis' pub/sub
layer, on REDIS_URL or else the local Redis, db 15) to check that a socket in
the owner's process relays each event once, and with the in-memory layer to
check that nothing is sent on a layer no other process can read. Two real
Daphne processes sharing Redis check a socket in the other process.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from accounts.tokens import mint_access_token
from chat import services, streaming
from chat.models import Message
from tests.fake_openai import (
    Pause,
    Stream,
    Text,
    events_until,
    next_output,
    open_socket,
    socket_path,
    streamed_text,
    text_stream,
    wait_for,
)
from tests.test_stream_daphne import DaphneServer

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def shared_layer(settings):
    """A channel layer that carries every event between processes (Redis pub/sub)."""
    if not os.environ.get("REDIS_URL") and not _redis_reachable():
        pytest.skip("needs Redis on 127.0.0.1:6379 or REDIS_URL")
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"fastpath-{uuid.uuid4().hex[:8]}"},
        }
    }


@pytest.fixture
def local_layer(settings):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "chat.layers.InMemoryChannelLayer", "CONFIG": {"expiry": 60}}
    }


async def _socket(user, conversation_id, **query):
    return await open_socket(
        socket_path(mint_access_token(user), conversationID=conversation_id, **query)
    )


async def _group_listener(user, conversation_id: uuid.UUID) -> str:
    """A channel in the conversation's group, as another process's socket would be."""
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=user, conversation_id=conversation_id
    )
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(conversation.group_name, channel)
    return channel


async def _layer_events_until_done(channel: str) -> list[dict]:
    layer = get_channel_layer()
    events: list[dict] = []
    while not events or events[-1]["event"]["event_type"] != "done":
        message = await asyncio.wait_for(layer.receive(channel), timeout=10)
        events.append(message)
    return events


async def test_a_socket_in_the_owners_process_relays_each_event_once_when_the_layer_carries_it(
    alice, agent, fake_openai, shared_layer
):
    pieces = [f"token{i} " for i in range(80)]
    fake_openai.queue(text_stream(*pieces))
    conversation_id = uuid.uuid4()
    watcher = await _socket(alice, conversation_id, keep_open=1)
    asker = await _socket(alice, conversation_id, keep_open=1)
    elsewhere = await _group_listener(alice, conversation_id)
    await asker.send_to(text_data="stream please")
    asked, watched, carried = await asyncio.gather(
        events_until(asker, "done"),
        events_until(watcher, "done"),
        _layer_events_until_done(elsewhere),
    )
    # The layer carried every event, from this process, for the other processes...
    assert streamed_text([m["event"] for m in carried]) == "".join(pieces)
    assert {m["answer"]["origin"] for m in carried} == {streaming.PROCESS_ID}
    assert [m["answer"]["seq"] for m in carried] == list(range(len(carried)))
    # ...and the sockets here relayed each one once: the same events, no copy.
    assert asked == watched == [m["event"] for m in carried]
    saved = await Message.objects.aget(pk=asked[-1]["message_id"])
    assert streamed_text(asked) == saved.content == "".join(pieces)
    # By now the layer's copies for the sockets were read too: none was relayed.
    assert await asker.receive_nothing(timeout=0.2)
    assert await watcher.receive_nothing(timeout=0.2)
    await asker.disconnect()
    await watcher.disconnect()


@pytest.mark.parametrize("join_after", [1, 60])
async def test_a_socket_joining_in_the_owners_process_resumes_exactly_when_the_layer_carries_it(
    alice, agent, fake_openai, shared_layer, join_after
):
    pieces = [f"<{i}>" for i in range(150)]
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

    joiner = await _socket(alice, conversation_id, keep_open=1)
    first = await next_output(joiner)
    assert first["event_type"] == "resume"
    assert "<0>" in first["content"] and "<149>" not in first["content"]
    rest = await events_until(joiner, "done")
    saved = await Message.objects.aget(pk=rest[-1]["message_id"])
    assert first["content"] + streamed_text(rest) == saved.content == "".join(pieces)
    assert streamed_text(await events_until(asker, "done")) == saved.content[len(seen) :]
    assert await joiner.receive_nothing(timeout=0.2)
    await asker.disconnect()
    await joiner.disconnect()


async def test_with_an_in_memory_layer_the_answer_sends_nothing_on_the_layer(
    alice, agent, fake_openai, local_layer
):
    assert isinstance(get_channel_layer(), InMemoryChannelLayer)
    fake_openai.queue(text_stream("No ", "other ", "process ", "can ", "listen."))
    conversation_id = uuid.uuid4()
    asker = await _socket(alice, conversation_id)
    elsewhere = await _group_listener(alice, conversation_id)
    await asker.send_to(text_data="hello")
    events = await events_until(asker, "done")
    assert streamed_text(events) == "No other process can listen."
    layer = get_channel_layer()
    assert layer.channels.get(elsewhere) is None or layer.channels[elsewhere].empty()
    await asker.disconnect()


async def test_a_closed_socket_is_no_longer_handed_events(alice, agent, fake_openai):
    fake_openai.queue(text_stream("one ", "two"))
    conversation_id = uuid.uuid4()
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=alice, conversation_id=conversation_id
    )
    asker = await _socket(alice, conversation_id)
    await wait_for(lambda: conversation.group_name in streaming._LISTENERS)
    assert len(streaming._LISTENERS[conversation.group_name]) == 1
    await asker.send_to(text_data="count")
    await events_until(asker, "done")
    assert (await next_output(asker))["close"] == 1000
    await asker.disconnect()
    await wait_for(lambda: conversation.group_name not in streaming._LISTENERS)


# --- two Daphne processes sharing Redis -------------------------------------------

two_processes = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: one layer for two processes"
)


@pytest.fixture(scope="module")
def two_daphnes(tmp_path_factory):
    setup = DaphneServer(tmp_path_factory.mktemp("fastpath"), dict(os.environ))
    # Two servers on one database (each ``start`` is a process of its own).
    # Both write at a steady pace, so the joiners arrive while the answer flows.
    owner = setup.start(LLM_BUILTIN_CHUNK_DELAY_MS="15")
    try:
        other = setup.start(LLM_BUILTIN_CHUNK_DELAY_MS="15")
    except BaseException:
        owner.stop()
        raise
    try:
        assert owner.port != other.port and owner.process.pid != other.process.pid
        yield owner, other
    finally:
        owner.stop()
        other.stop()


async def _until_done(ws) -> list[dict]:
    events: list[dict] = []
    while not events or events[-1]["event_type"] != "done":
        events.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=30)))
    return events


async def _settled(ws) -> None:
    """Wait until the socket's handshake work is over (a command is answered after it)."""
    await ws.send(json.dumps({"type": "ping"}))
    assert json.loads(await ws.recv())["event_type"] == "error"
    assert json.loads(await ws.recv())["event_type"] == "done"


def _text(events: list[dict]) -> str:
    return "".join(e["content"] for e in events if e["event_type"] == "on_chat_model_stream")


@pytest.mark.redis
@two_processes
async def test_sockets_in_both_processes_get_the_same_answer_once_and_joiners_resume_exactly(
    two_daphnes,
):
    owner, other = two_daphnes
    token = owner.token
    async with connect(owner.url(token=token, keep_open="1")) as asker:
        conversation_id = json.loads(await asker.recv())["conversation_id"]
        async with (
            connect(other.url(token=token, conversationID=conversation_id, keep_open="1")) as far,
            connect(owner.url(token=token, conversationID=conversation_id, keep_open="1")) as near,
        ):
            for ws in (far, near):
                await _settled(ws)
            await asker.send("what can you do?")
            first = json.loads(await asker.recv())
            assert first["event_type"] == "on_chat_model_stream"
            # Joiners on both processes, while the answer flows.
            async with (
                connect(other.url(token=token, conversationID=conversation_id)) as far_joiner,
                connect(owner.url(token=token, conversationID=conversation_id)) as near_joiner,
            ):
                asked, far_events, near_events, far_joined, near_joined = await asyncio.gather(
                    _until_done(asker),
                    _until_done(far),
                    _until_done(near),
                    _until_done(far_joiner),
                    _until_done(near_joiner),
                )
                for joiner in (far_joiner, near_joiner):
                    with pytest.raises(ConnectionClosed):
                        await asyncio.wait_for(joiner.recv(), timeout=30)
    answer = first["content"] + _text(asked)
    assert len(answer) > 40
    # The sockets there before the question: every event once, the same everywhere.
    assert far_events == near_events == [first, *asked]
    for joined in (far_joined, near_joined):
        assert joined[0]["event_type"] == "resume"
        assert joined[0]["content"] + _text(joined[1:]) == answer
        assert joined[-1] == asked[-1]
    with sqlite3.connect(owner.database) as db:
        (content,) = db.execute(
            "SELECT content FROM chat_message WHERE id = ?", (asked[-1]["message_id"],)
        ).fetchone()
    assert content == answer
