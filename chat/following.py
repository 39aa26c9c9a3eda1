"""A socket following its conversation's answers, without the socket.

``Follower`` holds what a socket does with answer events besides sending
frames: joining an answer mid-way (buffer, ask the owner for a snapshot,
``resume``, then only what follows: no gap, no repetition), noticing that
the process writing a followed answer died, and ending what it follows
when this server stops. The socket gives it ``send(event)`` (a frame for
its client), ``post(message)`` (a message back into the socket's own
ordered stream) and ``request_snapshot()``, and hands it the messages of
its stream; tests drive it with plain functions (tests/test_chat_following.py).

An owner's death (kill -9, a lost machine) is seen through its live key
(``chat.streaming``): one watch per answer per process, shared by every
socket following it, looks at the key every ``WATCH_SECONDS``. Once the key
is gone and a grace period has passed without the answer's ``done``, the
answer is marked ``interrupted`` and each follower sends ``error`` and
``done`` (the text so far is its last checkpoint, at most about a second
old). An answer that finished but whose ``done`` was lost on the way gets
its ``done`` all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async

from chat import services, streaming
from chat.models import Conversation, Message

logger = logging.getLogger(__name__)

JOIN_TIMEOUT = "chat.join_timeout"
OWNER_LOST = "chat.owner_lost"
SERVER_STOPPING = "chat.server_stopping"

WATCH_SECONDS = 1.0
# How long a server that stops waits for its sockets to tell their clients.
STOPPING_WAIT_SECONDS = 5.0

ERROR_OWNER_LOST = (
    "The server writing this answer stopped before it finished; what it wrote so far is saved."
)
ERROR_RESTARTED_FOLLOWING = (
    "The server restarted; the answer goes on: reconnect to follow it to its end."
)

Event = dict[str, Any]
Post = Callable[[dict[str, Any]], None]


@dataclass
class _Join:
    """Arrived mid-answer, waiting for the owner's snapshot."""

    answer_id: str
    buffer: list[dict[str, Any]] = field(default_factory=list)
    timer: asyncio.Task[None] | None = None


@dataclass(frozen=True)
class _Resumed:
    """What the ``resume`` frame covered: skip those events of that answer."""

    answer_id: str
    next_seq: int
    length: int


class Follower:
    def __init__(
        self,
        *,
        conversation: Conversation,
        send: Callable[[Event], Awaitable[None]],
        post: Post,
        request_snapshot: Callable[[], Awaitable[None]],
    ) -> None:
        self.conversation = conversation
        self._send = send
        self._post = post
        self._request_snapshot = request_snapshot
        self._join: _Join | None = None
        self._resumed: _Resumed | None = None
        # The answer of another process this socket follows, and its message.
        self._remote: str | None = None
        self._message_ids: dict[str, int | None] = {}
        self._ended: set[str] = set()
        self.closed = False
        _SOCKETS.add(self._post)

    # --- joining -------------------------------------------------------------------

    async def join(self) -> None:
        """Join the answer being written, if any (call once in the conversation's group)."""
        answer_id = await streaming.answer_running_id(self.conversation)
        if not answer_id:
            return
        self._join = _Join(answer_id=answer_id)
        self._join.timer = asyncio.create_task(self._join_deadline(answer_id))
        if not streaming.answer_is_local(self.conversation.pk):
            self._follow_remote(answer_id, None)
        await self._request_snapshot()

    async def _join_deadline(self, answer_id: str) -> None:
        await asyncio.sleep(streaming.SNAPSHOT_WAIT_SECONDS)
        self._post({"type": JOIN_TIMEOUT, "answer_id": answer_id})

    async def on_snapshot(self, message: dict[str, Any]) -> None:
        join = self._join
        if join is None or message.get("answer_id") != join.answer_id:
            return  # a late or foreign reply
        if message.get("message_id") is not None:
            self._message_ids[join.answer_id] = message["message_id"]
        await self._resume(
            _Resumed(
                answer_id=join.answer_id,
                next_seq=int(message["next_seq"]),
                length=int(message["length"]),
            ),
            text=message.get("content", ""),
        )

    async def on_join_timeout(self, message: dict[str, Any]) -> None:
        if self._join is not None and self._join.answer_id == message.get("answer_id"):
            await self._resume_from_saved_text()

    async def _resume_from_saved_text(self, message_id: int | None = None) -> None:
        """No snapshot: the owner finished or died. Resume from what it saved."""
        join = self._join
        text = await streaming.answer_saved_text(
            conversation=self.conversation, message_id=message_id
        )
        # Only text offsets can be trusted here: drop the chunks the text covers.
        await self._resume(_Resumed(answer_id=join.answer_id, next_seq=0, length=len(text)), text)

    async def _resume(self, resumed: _Resumed, text: str) -> None:
        join = self._join
        self._join = None
        if join.timer is not None:
            join.timer.cancel()
        self._resumed = resumed
        await self._send({"event_type": "resume", "content": text})
        for message in join.buffer:
            await self._relay(message)

    # --- answer events ---------------------------------------------------------------

    async def on_event(self, message: dict[str, Any]) -> None:
        join = self._join
        if join is not None:
            join.buffer.append(message)
            meta = message.get("answer") or {}
            if meta.get("id") == join.answer_id and message["event"].get("event_type") == "done":
                # It ended before answering us: its text is saved by now.
                await self._resume_from_saved_text(message["event"].get("message_id"))
            return
        await self._relay(message)

    async def _relay(self, message: dict[str, Any]) -> None:
        if self.closed:
            return
        event = message["event"]
        meta = message.get("answer")
        if meta:
            answer_id = meta.get("id")
            if answer_id in self._ended:
                return  # its done (real or for a dead owner) is sent already
            if answer_id != self._remote and meta.get("origin") != streaming.PROCESS_ID:
                self._follow_remote(answer_id, meta.get("message_id"))
            resumed = self._resumed
            if resumed is not None and answer_id == resumed.answer_id:
                if meta.get("seq", 0) < resumed.next_seq:
                    return  # in the snapshot already
                if event.get("event_type") == streaming.STREAM:
                    content = event.get("content", "")
                    skip = resumed.length - int(meta.get("offset", 0))
                    if skip >= len(content):
                        return
                    if skip > 0:
                        event = {**event, "content": content[skip:]}
            if event.get("event_type") == "done":
                self._end(answer_id)
        await self._send(event)

    def _end(self, answer_id: str) -> None:
        self._ended.add(answer_id)
        if self._remote == answer_id:
            _unwatch(self.conversation.pk, answer_id, self._post)
            self._remote = None

    # --- an owner that died, a server that stops ---------------------------------------

    def _follow_remote(self, answer_id: str, message_id: int | None) -> None:
        if self._remote is not None:
            _unwatch(self.conversation.pk, self._remote, self._post)
        self._remote = answer_id
        if message_id is not None:
            self._message_ids[answer_id] = message_id
        _watch(self.conversation.pk, answer_id, message_id, self._post)

    async def on_owner_lost(self, message: dict[str, Any]) -> None:
        answer_id = message.get("answer_id")
        if answer_id in self._ended or self.closed:
            return
        message_id = message.get("message_id") or self._message_ids.get(answer_id)
        if self._join is not None and self._join.answer_id == answer_id:
            await self._resume_from_saved_text(message_id)
        self._end(answer_id)
        if not message.get("finished"):
            await self._send({"event_type": "error", "content": ERROR_OWNER_LOST})
        await self._send({"event_type": "done", "content": "", "message_id": message_id})

    async def server_stopping(self) -> None:
        """This server stops: end the answer of another process this socket follows.

        (This process's own answers have ended by now, each with its ``error``
        and ``done``; the socket closes after this.)
        """
        answer_id = self._remote or (self._join.answer_id if self._join else None)
        if answer_id is None or answer_id in self._ended or self.closed:
            return
        self._end(answer_id)
        await self._send({"event_type": "error", "content": ERROR_RESTARTED_FOLLOWING})
        await self._send(
            {"event_type": "done", "content": "", "message_id": self._message_ids.get(answer_id)}
        )

    def close(self) -> None:
        self.closed = True
        _SOCKETS.discard(self._post)
        if self._join is not None and self._join.timer is not None:
            self._join.timer.cancel()
        if self._remote is not None:
            _unwatch(self.conversation.pk, self._remote, self._post)
            self._remote = None


# --- the watches of answers written by other processes --------------------------------


@dataclass(eq=False)
class _Watch:
    message_id: int | None
    posts: list[Post] = field(default_factory=list)
    task: asyncio.Task[None] | None = None


_WATCHES: dict[tuple[int, str], _Watch] = {}
_SOCKETS: set[Post] = set()


def socket_add(post: Post) -> None:
    """Count a socket of this process among those told when the server stops.

    A follower adds its socket itself; a socket on a conversation that does
    not exist yet has no follower, and adds itself here.
    """
    _SOCKETS.add(post)


def socket_remove(post: Post) -> None:
    _SOCKETS.discard(post)


def _watch(conversation_pk: int, answer_id: str, message_id: int | None, post: Post) -> None:
    key = (conversation_pk, answer_id)
    watch = _WATCHES.get(key)
    if watch is None or watch.task is None or watch.task.done():
        watch = _WATCHES[key] = _Watch(message_id=message_id)
        watch.task = asyncio.create_task(_watch_owner(key), name=f"watch-{answer_id}")
    if watch.message_id is None:
        watch.message_id = message_id
    watch.posts.append(post)


def _unwatch(conversation_pk: int, answer_id: str, post: Post) -> None:
    key = (conversation_pk, answer_id)
    watch = _WATCHES.get(key)
    if watch is None:
        return
    with contextlib.suppress(ValueError):
        watch.posts.remove(post)
    if not watch.posts:
        del _WATCHES[key]
        if watch.task is not None:
            watch.task.cancel()


async def _watch_owner(key: tuple[int, str]) -> None:
    conversation_pk, answer_id = key
    try:
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            if await streaming.answer_live_id(conversation_pk) == answer_id:
                continue
            # Gone: finished (its done is on its way) or dead. Give the done a moment.
            await asyncio.sleep(WATCH_SECONDS)
            watch = _WATCHES.get(key)
            if watch is None:
                return  # every follower saw its done
            message_id, finished = await _answer_outcome(conversation_pk, watch.message_id)
            for post in list(watch.posts):
                post(
                    {
                        "type": OWNER_LOST,
                        "answer_id": answer_id,
                        "message_id": message_id,
                        "finished": finished,
                    }
                )
            _WATCHES.pop(key, None)
            return
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("watching answer %s failed", answer_id)
        _WATCHES.pop(key, None)


@database_sync_to_async
def _answer_outcome(conversation_pk: int, message_id: int | None) -> tuple[int | None, bool]:
    """The answer's message id, and whether it finished; a dead owner's is marked now."""
    messages = Message.objects.filter(conversation_id=conversation_pk, role=Message.Role.ASSISTANT)
    if message_id is not None:
        messages = messages.filter(pk=message_id)
    message = messages.order_by("-created_at", "-id").only("id", "status").first()
    if message is None:
        return None, False  # it ended with nothing saved
    if message.status != Message.Status.STREAMING:
        return message.pk, True
    services.answers_interrupt(message_ids=[message.pk])
    return message.pk, False


async def sockets_stopping() -> None:
    """Tell every socket of this process that the server stops, and wait for them a moment.

    Each handles it in order with the events on its stream, after the
    events of this process's answers, which have ended (``answers_shutdown``).
    """
    loop = asyncio.get_running_loop()
    handled = []
    for post in list(_SOCKETS):
        future = loop.create_future()
        handled.append(future)
        post({"type": SERVER_STOPPING, "handled": future})
    if handled:
        await asyncio.wait(handled, timeout=STOPPING_WAIT_SECONDS)


async def server_stop() -> None:
    """This server process stops: its answers end and are saved, its sockets are told."""
    await streaming.answers_shutdown()
    await sockets_stopping()
