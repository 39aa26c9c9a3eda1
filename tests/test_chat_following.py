"""Following a conversation's answers without a socket: join mid-answer, exact resume, an
owner that died, a server that stops, and the sweep of orphaned answers.

The follower is driven as the socket drives it: the messages of its stream go in, and
what it sends and posts back is recorded.
"""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import cache

from chat import following, services, streaming
from chat.events import RELAY_TYPE
from chat.models import Message

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_PROCESS = "another-process"


class Socket:
    """What a socket gives its follower: frames recorded, posts queued in order."""

    def __init__(self, conversation) -> None:
        self.frames: list[dict] = []
        self.posted: asyncio.Queue = asyncio.Queue()
        self.snapshots_asked = 0
        self.follower = following.Follower(
            conversation=conversation,
            send=self.send,
            post=self.posted.put_nowait,
            request_snapshot=self.request_snapshot,
        )

    async def send(self, event: dict) -> None:
        self.frames.append(event)

    async def request_snapshot(self) -> None:
        self.snapshots_asked += 1

    async def handle_next_post(self) -> dict:
        """The next message the follower posted to its own stream, handled as the socket does."""
        message = await asyncio.wait_for(self.posted.get(), 10)
        handler = {
            following.OWNER_LOST: self.follower.on_owner_lost,
            following.JOIN_TIMEOUT: self.follower.on_join_timeout,
        }[message["type"]]
        await handler(message)
        return message

    def text(self) -> str:
        return "".join(
            f["content"] for f in self.frames if f["event_type"] in ("resume", streaming.STREAM)
        )

    def kinds(self) -> list[str]:
        return [f["event_type"] for f in self.frames]


def chunk(answer_id: str, seq: int, offset: int, text: str, *, message_id=None) -> dict:
    return {
        "type": RELAY_TYPE,
        "event": {"event_type": streaming.STREAM, "content": text},
        "answer": {
            "id": answer_id,
            "seq": seq,
            "offset": offset,
            "message_id": message_id,
            "origin": OTHER_PROCESS,
        },
    }


def done(answer_id: str, seq: int, offset: int, message_id) -> dict:
    return {
        "type": RELAY_TYPE,
        "event": {"event_type": "done", "content": "", "message_id": message_id},
        "answer": {
            "id": answer_id,
            "seq": seq,
            "offset": offset,
            "message_id": message_id,
            "origin": OTHER_PROCESS,
        },
    }


@pytest.fixture(autouse=True)
def _no_watch_outlives_its_test():
    yield
    for watch in following._WATCHES.values():
        if watch.task is not None:
            watch.task.cancel()
    following._WATCHES.clear()
    following._SOCKETS.clear()


@pytest.fixture
def fast_watch(monkeypatch):
    monkeypatch.setattr(following, "WATCH_SECONDS", 0.02)


@pytest.fixture
def conversation(alice):
    conversation, _ = services.conversation_get_or_create(user=alice)
    return conversation


@sync_to_async
def streaming_answer(conversation, text: str = "") -> Message:
    """An answer being written by another process: its question, its checkpoint."""
    _question, answer = services.answer_begin(
        conversation=conversation, agent=None, question="how much oil?"
    )
    if text:
        services.answer_checkpoint(message_id=answer.pk, content=text)
    return answer


@sync_to_async
def status_of(message: Message) -> str:
    message.refresh_from_db()
    return message.status


async def test_a_join_resumes_from_the_snapshot_then_relays_only_what_follows(conversation):
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.join()
    assert socket.snapshots_asked == 1 and socket.frames == []
    # Meanwhile the stream goes on: these are buffered, not sent.
    await socket.follower.on_event(chunk("A1", 2, 8, "three "))
    await socket.follower.on_event(chunk("A1", 3, 14, "four"))
    assert socket.frames == []
    # The owner's snapshot covers the first two chunks and half of the third.
    await socket.follower.on_snapshot(
        {"answer_id": "A1", "message_id": 9, "content": "one two thr", "length": 11, "next_seq": 2}
    )
    await socket.follower.on_event(chunk("A1", 4, 18, " five"))
    assert socket.kinds() == ["resume", streaming.STREAM, streaming.STREAM, streaming.STREAM]
    assert socket.text() == "one two three four five"
    socket.follower.close()


async def test_a_reply_for_another_answer_is_ignored(conversation):
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.join()
    await socket.follower.on_snapshot(
        {"answer_id": "old", "content": "x", "length": 1, "next_seq": 1}
    )
    assert socket.frames == []
    socket.follower.close()


async def test_an_answer_that_ends_before_the_snapshot_resumes_from_its_saved_text(
    conversation,
):
    answer = await streaming_answer(conversation)
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.join()
    await sync_to_async(services.answer_finish)(
        message_id=answer.pk,
        conversation=conversation,
        content="All of it.",
        status=Message.Status.COMPLETE,
    )
    await socket.follower.on_event(chunk("A1", 5, 4, "of it."))
    await socket.follower.on_event(done("A1", 6, 10, answer.pk))
    assert socket.kinds() == ["resume", "done"]
    assert socket.text() == "All of it." and socket.frames[-1]["message_id"] == answer.pk
    socket.follower.close()


async def test_a_dead_owner_is_noticed_and_its_answer_ends_with_error_and_done(
    conversation, fast_watch
):
    answer = await streaming_answer(conversation, "Half an ans")
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.on_event(chunk("A1", 0, 0, "Half an ans", message_id=answer.pk))
    # The owner's process is killed: its live key expires.
    await cache.adelete(streaming.live_key(conversation.pk))
    await socket.handle_next_post()
    assert socket.kinds() == [streaming.STREAM, "error", "done"]
    assert socket.frames[1]["content"] == following.ERROR_OWNER_LOST
    assert socket.frames[2]["message_id"] == answer.pk
    assert await status_of(answer) == Message.Status.INTERRUPTED
    # A late copy of the dead answer's events changes nothing.
    await socket.follower.on_event(chunk("A1", 1, 11, "wer"))
    assert len(socket.frames) == 3
    socket.follower.close()


async def test_a_joiner_whose_owner_died_gets_the_saved_text_then_error_and_done(
    conversation, fast_watch, monkeypatch
):
    monkeypatch.setattr(streaming, "SNAPSHOT_WAIT_SECONDS", 60)  # the owner never answers
    answer = await streaming_answer(conversation, "What was saved")
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.join()
    await cache.adelete(streaming.live_key(conversation.pk))  # its process died
    await socket.handle_next_post()
    assert socket.kinds() == ["resume", "error", "done"]
    assert socket.text() == "What was saved"
    assert await status_of(answer) == Message.Status.INTERRUPTED
    socket.follower.close()


async def test_an_answer_that_finished_but_whose_done_was_lost_still_gets_its_done(
    conversation, fast_watch
):
    answer = await streaming_answer(conversation)
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.on_event(chunk("A1", 0, 0, "Done.", message_id=answer.pk))
    await sync_to_async(services.answer_finish)(
        message_id=answer.pk,
        conversation=conversation,
        content="Done.",
        status=Message.Status.COMPLETE,
    )
    await cache.adelete(streaming.live_key(conversation.pk))
    await socket.handle_next_post()
    assert socket.kinds() == [streaming.STREAM, "done"]
    assert await status_of(answer) == Message.Status.COMPLETE
    socket.follower.close()


async def test_every_follower_of_an_answer_shares_one_watch(conversation, fast_watch):
    answer = await streaming_answer(conversation)
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    sockets = [Socket(conversation) for _ in range(3)]
    for socket in sockets:
        await socket.follower.on_event(chunk("A1", 0, 0, "x", message_id=answer.pk))
    assert list(following._WATCHES) == [(conversation.pk, "A1")]
    await cache.adelete(streaming.live_key(conversation.pk))
    for socket in sockets:
        await socket.handle_next_post()
        assert socket.kinds()[-2:] == ["error", "done"]
    assert following._WATCHES == {}


async def test_a_socket_that_saw_done_stops_watching(conversation, fast_watch):
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.on_event(chunk("A1", 0, 0, "All.", message_id=5))
    await socket.follower.on_event(done("A1", 1, 4, 5))
    assert following._WATCHES == {}
    socket.follower.close()


async def test_a_server_that_stops_ends_the_answers_its_sockets_follow_elsewhere(conversation):
    await cache.aset(streaming.live_key(conversation.pk), "A1", 60)
    socket = Socket(conversation)
    await socket.follower.on_event(chunk("A1", 0, 0, "Going on", message_id=7))
    await socket.follower.server_stopping()
    assert socket.kinds() == [streaming.STREAM, "error", "done"]
    assert socket.frames[1]["content"] == following.ERROR_RESTARTED_FOLLOWING
    assert socket.frames[2]["message_id"] == 7
    idle = Socket(conversation)
    await idle.follower.server_stopping()
    assert idle.frames == []  # nothing to end: it only closes
    socket.follower.close()
    idle.follower.close()


async def test_the_sweep_marks_only_answers_whose_owner_is_gone(conversation, bob, monkeypatch):
    monkeypatch.setattr(streaming, "LIVE_TTL_SECONDS", 0)  # every answer is old enough
    orphan = await streaming_answer(conversation, "Orphaned text")
    other, _ = await sync_to_async(services.conversation_get_or_create)(user=bob)
    alive = await streaming_answer(other, "Still written")
    await cache.aset(streaming.live_key(other.pk), "B1", 60)
    assert await streaming.answers_sweep() == 1
    assert await status_of(orphan) == Message.Status.INTERRUPTED
    assert await status_of(alive) == Message.Status.STREAMING
    assert (await sync_to_async(Message.objects.get)(pk=orphan.pk)).content == "Orphaned text"
    assert await streaming.answers_sweep() == 0
