"""Answers that run on their own, not on the socket that asked.

An answer is an asyncio task owned by the server process that started it.
It keeps the text in memory and publishes every event to the
conversation's channel-layer group, so every socket on the conversation
(other tabs, other server processes sharing Redis) relays the same stream.
The socket that asked may go away: the answer still completes and is saved.

Each published event carries ``answer``: the answer's id, a sequence number,
and for text chunks the chunk's character offset in the answer. A socket
that joins mid-answer buffers what arrives, asks the owner for a snapshot
through the owner group (``<group>.owner``), and relays ``resume`` with the
snapshot's text, then only the events at or after the snapshot: no gap, no
repetition, and no state of the owner read from the joiner's process.

Sockets in the owner's process do not wait for the channel layer: each
registers itself here (``listener_add``) when it joins a conversation, and
the owner puts every event straight on their queues, in order, with the
same ``answer`` meta. The layer still carries every event for the sockets of
other processes (unless the layer is process-local, when there can be
none); the meta's ``origin`` names the owner's process, so a socket drops
the layer's copy of an event its own process already handed it. Which
sockets listen elsewhere is never guessed: the group always gets the event.
A socket joining an answer of its own process asks for the snapshot on the
same queue, so the snapshot lands in order with the events.

Per chunk the owner only appends to a list and queues a frame; one publisher
coroutine per answer sends the queue in order, merging the chunks that
arrived while the previous send was in flight (so a fast stream sends fewer,
larger frames instead of falling behind). The partial text is checkpointed
to the database at most every ``CHECKPOINT_SECONDS``, never per chunk.

A cache key (``answer-live:<conversation pk>``) says an answer is running:
added atomically when it starts (one answer per conversation, across
processes, as Redis is shared), refreshed by the owner, and expiring by
itself if the owner's process dies. One housekeeping task per process
refreshes every running answer's key and checkpoints every partial text,
one cache call and one database trip for all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.core.cache import cache

from agents import runner
from agents.errors import AnswerFailed
from agents.jobs import JobCancelled
from agents.jobs import engine as jobs
from agents.jobs.context import JOB_MESSAGE
from agents.runner import TableRow
from chat import services
from chat.events import RELAY_TYPE
from chat.models import Conversation, Message
from chat.selectors import conversation_rows

logger = logging.getLogger(__name__)

# A process killed mid-answer loses at most this much of its text.
CHECKPOINT_SECONDS = 1.0
# The owner refreshes its live key every CHECKPOINT_SECONDS; a key this old means
# the owner's process died (sockets elsewhere then end the answer for their users).
LIVE_TTL_SECONDS = 6
# How often each server process looks for answers whose owner died (``answers_sweep``).
SWEEP_SECONDS = 20
# How long a joining socket waits for the owner's snapshot before it falls
# back to the last checkpoint (the owner's process died).
SNAPSHOT_WAIT_SECONDS = 5.0
# How long a shutting-down server waits for its answers to save.
SHUTDOWN_WAIT_SECONDS = 10.0

# Group message types (the consumer's handler names: "chat.snapshot" → chat_snapshot).
SNAPSHOT_REQUEST = "answer.snapshot"
STOP_REQUEST = "answer.stop"
SNAPSHOT_REPLY = "chat.snapshot"
# An event handed straight to a socket of the owner's process (never on the layer).
LOCAL_RELAY_TYPE = "chat.local_event"

# This process, in every event's ``answer`` meta: a socket ignores the layer's
# copy of an event whose owner is its own process (it had it directly).
PROCESS_ID = uuid.uuid4().hex

STREAM = "on_chat_model_stream"

ERROR_UNEXPECTED = "Something went wrong while writing the answer. Please try again."
ERROR_SHUTDOWN = "The server restarted before the answer was finished; what was written is saved."


class AnswerBusy(Exception):
    """An answer is already being written in this conversation."""


def owner_group(conversation: Conversation) -> str:
    """The group only an answer's owner listens on (snapshot and stop requests)."""
    return f"{conversation.group_name}.owner"


def live_key(conversation_pk: int) -> str:
    """The cache key that says an answer is being written in the conversation, and by whom."""
    return f"answer-live:{conversation_pk}"


@dataclass
class _Chunk:
    offset: int
    parts: list[str]


@dataclass
class _SnapshotRequest:
    reply_to: str
    # A socket of this process: the reply goes on its queue, in order with the events.
    deliver: Callable[[dict[str, Any]], None] | None = None


_END = object()

# This process's running answers, by conversation pk.
_RUNNING: dict[int, Answer] = {}

# This process's sockets, by conversation group (``Conversation.group_name``,
# known before the conversation exists): what each one's queue takes.
_LISTENERS: dict[str, list[Callable[[dict[str, Any]], None]]] = {}


def listener_add(*, group: str, deliver: Callable[[dict[str, Any]], None]) -> None:
    """Hand this process's answer events in the conversation ``group`` to ``deliver`` from now on.

    ``deliver`` must not block (a queue's ``put_nowait``): the owner calls it
    for every event, in order. Register before joining the layer's group, so
    that every event whose layer copy the socket will drop reaches it here.
    """
    _LISTENERS.setdefault(group, []).append(deliver)


def listener_remove(*, group: str, deliver: Callable[[dict[str, Any]], None]) -> None:
    listeners = _LISTENERS.get(group)
    if listeners is None:
        return
    with contextlib.suppress(ValueError):
        listeners.remove(deliver)
    if not listeners:
        del _LISTENERS[group]


def _layer_is_shared(layer: Any) -> bool:
    """Whether sockets of other processes can be on ``layer`` (not an in-memory one)."""
    return not isinstance(layer, InMemoryChannelLayer)


@dataclass(eq=False)
class Answer:
    """One answer being written: its text, its listeners' queue, its task.

    The runner (``agents.runner``) calls ``chunk``, ``event``,
    ``event_threadsafe`` (from tools' worker threads), ``model_end`` and
    ``add_usage``; everything else is this module's.
    """

    conversation: Conversation
    agent: Any
    user: Any
    question: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    message_id: int | None = None
    question_message_id: int | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    stop_requested: bool = False
    shutting_down: bool = False
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.group = self.conversation.group_name
        self.loop = asyncio.get_running_loop()
        self._parts: list[str] = []
        self.length = 0
        self._items: deque[Any] = deque()
        self._wake = asyncio.Event()
        self._sent_seq = 0
        self._sent_length = 0
        self._checkpointed_length = 0
        self._closed = False
        self._generation: asyncio.Task[None] | None = None
        self._control_channel: str | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self.task: asyncio.Task[None] | None = None
        # What the runner is handed, read with the question's save (``_begin``).
        self._history: list[tuple[str, str]] = []
        self._table: list[TableRow] = []

    # --- what the runner calls ----------------------------------------------

    def chunk(self, text: str) -> None:
        """Append ``text`` to the answer and queue it for the listeners."""
        if not text or self._closed:
            return
        offset = self.length
        self._parts.append(text)
        self.length += len(text)
        last = self._items[-1] if self._items else None
        if isinstance(last, _Chunk):  # not sent yet: one frame for both
            last.parts.append(text)
        else:
            self._items.append(_Chunk(offset=offset, parts=[text]))
        self._wake.set()

    def event(self, event: dict[str, Any]) -> None:
        """Queue a non-text event (log, artifact, ...) in order with the text."""
        if self._closed:
            return
        self._items.append(event)
        self._wake.set()

    def event_threadsafe(self, event: dict[str, Any]) -> None:
        """``event`` from a worker thread (a tool's ``log`` or ``add_row``)."""
        self.loop.call_soon_threadsafe(self.event, event)

    def model_end(self) -> None:
        self.event({"event_type": "on_chat_model_end", "content": ""})

    def add_usage(self, prompt_tokens: int, completion_tokens: int) -> None:
        self.prompt_tokens += prompt_tokens or 0
        self.completion_tokens += completion_tokens or 0

    def text(self) -> str:
        return "".join(self._parts)

    # --- control ------------------------------------------------------------

    @property
    def control_channel(self) -> str | None:
        """Where this answer's owner listens: stop and snapshot requests, jobs' reports."""
        return self._control_channel

    def stop(self) -> None:
        """Cancel the generation (the upstream HTTP stream closes) and its tool jobs; save
        what was written."""
        self.stop_requested = True
        jobs.cancel_jobs(self.id)
        if self._generation is not None and not self._generation.done():
            self._generation.cancel()

    def shutdown(self) -> None:
        self.shutting_down = True
        self.stop()

    # --- the task -----------------------------------------------------------

    async def _run(self) -> None:
        self._tasks = [
            asyncio.create_task(self._publish_loop()),
            asyncio.create_task(self._control_loop()),
        ]
        status = Message.Status.COMPLETE
        error: str | None = None
        self._generation = asyncio.create_task(self._generate())
        if self.stop_requested:
            self._generation.cancel()
        try:
            await self._generation
        except asyncio.CancelledError:
            if not self._generation.cancelled():
                raise  # this task itself was cancelled: not ours to swallow
            status = Message.Status.STOPPED
            if self.shutting_down:
                status, error = Message.Status.ERROR, ERROR_SHUTDOWN
        except JobCancelled:  # a tool job saw the stop before the task did
            status = Message.Status.ERROR if self.shutting_down else Message.Status.STOPPED
            error = ERROR_SHUTDOWN if self.shutting_down else None
        except AnswerFailed as exc:
            status, error = Message.Status.ERROR, str(exc)
        except Exception:
            logger.exception("answer %s failed", self.id)
            status, error = Message.Status.ERROR, ERROR_UNEXPECTED
        try:
            await self._finish(status=status, error=error)
        finally:
            await self._cleanup()

    async def _generate(self) -> None:
        """The backend's work, within ``ANSWER_TIMEOUT_SECONDS`` for the whole answer
        (every model call, every tool job): past it the answer ends with an error."""
        limit = settings.ANSWER_TIMEOUT_SECONDS
        try:
            async with asyncio.timeout(limit):
                await runner.answer_generate(self, history=self._history, table=self._table)
        except TimeoutError as exc:
            raise AnswerFailed(
                f"The answer took longer than {limit:g} s, the longest an answer may take. "
                "What was written so far is saved."
            ) from exc

    async def _finish(self, *, status: str, error: str | None) -> None:
        if error:
            self.event({"event_type": "error", "content": error})
        text = self.text()
        saved_id, title_table = await database_sync_to_async(_save)(
            message_id=self.message_id,
            conversation=self.conversation,
            content=text,
            status=status,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
        )
        if title_table is not None:
            title = await runner.title_make(self, answer_text=text, table=title_table)
            stored = await database_sync_to_async(services.conversation_title_generate_save)(
                conversation=self.conversation, title=title
            )
            if stored:
                self.event({"event_type": "title", "content": self.conversation.title_summary})
        # Free the conversation before ``done``: a client that asks again as
        # soon as it reads ``done`` must not be told an answer is running.
        await self._release()
        self.event({"event_type": "done", "content": "", "message_id": saved_id})
        self._items.append(_END)
        self._wake.set()
        with contextlib.suppress(Exception):
            await self._tasks[0]  # the publisher sends everything queued, then ends

    async def _release(self) -> None:
        if _RUNNING.get(self.conversation.pk) is self:
            del _RUNNING[self.conversation.pk]
        with contextlib.suppress(Exception):
            if await cache.aget(live_key(self.conversation.pk)) == self.id:
                await cache.adelete(live_key(self.conversation.pk))

    async def _cleanup(self) -> None:
        self._closed = True
        await self._release()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        layer = get_channel_layer()
        if self._control_channel is not None:
            with contextlib.suppress(Exception):
                await layer.group_discard(owner_group(self.conversation), self._control_channel)
        self.finished.set()

    async def _publish_loop(self) -> None:
        layer = get_channel_layer()
        shared = _layer_is_shared(layer)
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._items:
                item = self._items.popleft()
                if item is _END:
                    return
                try:
                    await self._publish(layer, item, shared=shared)
                except Exception:  # a layer hiccup must not kill the answer
                    logger.exception("answer %s: could not publish an event", self.id)

    async def _publish(self, layer: Any, item: Any, *, shared: bool) -> None:
        if isinstance(item, _SnapshotRequest):
            # Here, between two sends, everything before is out: the snapshot
            # is exactly the text sent so far, and the next sequence number.
            reply = {
                "type": SNAPSHOT_REPLY,
                "answer_id": self.id,
                "message_id": self.message_id,
                "content": self.text()[: self._sent_length],
                "length": self._sent_length,
                "next_seq": self._sent_seq,
            }
            if item.deliver is not None:
                item.deliver(reply)
            else:
                await layer.send(item.reply_to, reply)
            return
        offset = self._sent_length
        if isinstance(item, _Chunk):
            content = "".join(item.parts)
            event = {"event_type": STREAM, "content": content}
            offset = item.offset
            self._sent_length = item.offset + len(content)
        else:
            event = item
        meta = {
            "id": self.id,
            "seq": self._sent_seq,
            "offset": offset,
            "message_id": self.message_id,
            "origin": PROCESS_ID,
        }
        self._sent_seq += 1
        # This process's sockets first, without a trip through the layer; the
        # list is copied: a socket that registers now is covered by its snapshot.
        local = {"type": LOCAL_RELAY_TYPE, "event": event, "answer": meta}
        for deliver in tuple(_LISTENERS.get(self.group, ())):
            try:
                deliver(local)
            except Exception:  # one socket's queue must not cost the others
                logger.exception("answer %s: could not hand an event to a socket", self.id)
        if shared:
            await layer.group_send(self.group, {"type": RELAY_TYPE, "event": event, "answer": meta})

    async def _control_loop(self) -> None:
        layer = get_channel_layer()
        while True:
            message = await layer.receive(self._control_channel)
            kind = message.get("type")
            if kind == STOP_REQUEST:
                self.stop()
            elif kind == JOB_MESSAGE:
                jobs.layer_message(message)
            elif kind == SNAPSHOT_REQUEST and message.get("reply_to"):
                self._items.append(_SnapshotRequest(reply_to=message["reply_to"]))
                self._wake.set()


# --- the live keys and checkpoints of this process's answers -------------------------


_HOUSEKEEPER: asyncio.Task[None] | None = None


def _housekeeper_start() -> None:
    """Keep this process's answers' live keys and checkpoints while any runs (idempotent)."""
    global _HOUSEKEEPER
    loop = asyncio.get_running_loop()
    if _HOUSEKEEPER is not None and not _HOUSEKEEPER.done() and _HOUSEKEEPER.get_loop() is loop:
        return
    _HOUSEKEEPER = loop.create_task(_housekeep(), name="answers-housekeeping")


async def _housekeep() -> None:
    """Every ``CHECKPOINT_SECONDS``: every live key in one cache call, then every
    changed partial text in one trip to the database.

    One task for all the process's answers, not one per answer: each cache
    or database call is a hop into Django's one shared sync thread, and at
    300 answers two hops per answer a second were more than that thread
    could run while the event loop relayed, so questions (whose saves wait
    in the same thread) waited seconds for their first token
    (bench/compare_stacks.py). Ends when no answer runs; ``answer_start``
    starts it again.
    """
    while _RUNNING:
        await asyncio.sleep(CHECKPOINT_SECONDS)
        answers = list(_RUNNING.values())
        if not answers:
            return
        try:
            # The keys first, with no wait before the call: an answer that ends
            # now deletes its key after this call, in the same thread, so it
            # stays deleted. A slow checkpoint must not let a key lapse.
            await cache.aset_many(
                {live_key(a.conversation.pk): a.id for a in answers}, LIVE_TTL_SECONDS
            )
        except Exception:
            logger.exception("answers' live keys could not be refreshed")
        changed = [
            (a, a.length, a.text())
            for a in answers
            if a.message_id is not None and a.length != a._checkpointed_length
        ]
        if not changed:
            continue
        try:
            await database_sync_to_async(services.answers_checkpoint)(
                texts={a.message_id: text for a, _, text in changed}
            )
        except Exception:
            logger.exception("answers' checkpoints failed")
            continue
        for answer, length, _ in changed:
            answer._checkpointed_length = length


def _save(
    *, conversation: Conversation, status: str, **finish: Any
) -> tuple[int | None, list[TableRow] | None]:
    """The answer saved (``services.answer_finish``), then, for a complete answer in a
    conversation without a title, the table's rows the title is made from (else None):
    one trip to the database thread for both."""
    saved_id = services.answer_finish(conversation=conversation, status=status, **finish)
    if status != Message.Status.COMPLETE:
        return saved_id, None
    if not Conversation.objects.filter(pk=conversation.pk, has_title=False).exists():
        return saved_id, None
    return saved_id, _rows_of(conversation)


def _history_and_table(
    conversation: Conversation, skip: list[int]
) -> tuple[list[tuple[str, str]], list[TableRow]]:
    """What the runner is handed: the messages before this question, and the table's rows."""
    messages = (
        Message.objects.filter(conversation=conversation)
        .exclude(pk__in=skip)
        .exclude(content="")
        .order_by("created_at", "id")
        .values_list("role", "content")
    )
    return [(role, content) for role, content in messages], _rows_of(conversation)


def _begin(
    *, conversation: Conversation, agent: Any, question: str
) -> tuple[Message, Message, list[tuple[str, str]], list[TableRow]]:
    """The question and the placeholder saved, then what the runner is handed: one trip to
    the database thread for both (each trip waits in line there behind every other answer's)."""
    question_message, placeholder = services.answer_begin(
        conversation=conversation, agent=agent, question=question
    )
    history, table = _history_and_table(conversation, [question_message.pk, placeholder.pk])
    return question_message, placeholder, history, table


def _rows_of(conversation: Conversation) -> list[TableRow]:
    rows = conversation_rows(conversation=conversation).values_list(
        "rowid", "type", "description", "original_name"
    )
    return [TableRow(*row) for row in rows]


# --- what the consumer calls -------------------------------------------------


async def answer_start(
    *, conversation: Conversation, agent: Any, user: Any, question: str
) -> Answer:
    """Save the question and start writing its answer; raise ``AnswerBusy`` if one runs.

    Writes the question and the answer's placeholder (``answer_begin``);
    the answer then publishes its events to the conversation's group.
    """
    if conversation.pk in _RUNNING:
        raise AnswerBusy
    layer = get_channel_layer()
    answer = Answer(conversation=conversation, agent=agent, user=user, question=question)
    # Listen for snapshot requests before anyone can see the answer is live.
    answer._control_channel = await layer.new_channel()
    await layer.group_add(owner_group(conversation), answer._control_channel)
    if not await cache.aadd(live_key(conversation.pk), answer.id, LIVE_TTL_SECONDS):
        await layer.group_discard(owner_group(conversation), answer._control_channel)
        raise AnswerBusy
    _RUNNING[conversation.pk] = answer
    try:
        question_message, placeholder, history, table = await database_sync_to_async(_begin)(
            conversation=conversation, agent=agent, question=question
        )
    except BaseException:
        await answer._release()
        await layer.group_discard(owner_group(conversation), answer._control_channel)
        raise
    answer.question_message_id = question_message.pk
    answer.message_id = placeholder.pk
    answer._history, answer._table = history, table
    answer.task = asyncio.create_task(answer._run(), name=f"answer-{answer.id}")
    _housekeeper_start()
    return answer


async def answer_running_id(conversation: Conversation) -> str | None:
    """The id of the answer being written in ``conversation`` by any process, or None."""
    local = _RUNNING.get(conversation.pk)
    if local is not None:
        return local.id
    return await cache.aget(live_key(conversation.pk))


async def answer_request_snapshot(
    conversation: Conversation,
    *,
    reply_to: str,
    deliver: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Ask the answer's owner to send its text so far to the channel ``reply_to``.

    If this process owns the answer and ``deliver`` is given (the socket's
    registered queue), the reply goes there, in order with the events it
    was handed: it cannot overtake them through the layer.
    """
    local = _RUNNING.get(conversation.pk)
    if local is not None and deliver is not None:
        local._items.append(_SnapshotRequest(reply_to=reply_to, deliver=deliver))
        local._wake.set()
        return
    await get_channel_layer().group_send(
        owner_group(conversation), {"type": SNAPSHOT_REQUEST, "reply_to": reply_to}
    )


async def answer_request_stop(conversation: Conversation) -> None:
    """Ask the answer's owner, wherever it runs, to stop. Nothing running: nothing happens."""
    local = _RUNNING.get(conversation.pk)
    if local is not None:
        local.stop()
        return
    await get_channel_layer().group_send(owner_group(conversation), {"type": STOP_REQUEST})


@database_sync_to_async
def answer_saved_text(*, conversation: Conversation, message_id: int | None) -> str:
    """The answer's text as last saved (final, or its latest checkpoint)."""
    messages = conversation.messages.filter(role=Message.Role.ASSISTANT)
    if message_id is not None:
        messages = messages.filter(pk=message_id)
    else:
        messages = messages.filter(status=Message.Status.STREAMING)
    message = messages.order_by("-created_at", "-id").only("content").first()
    return message.content if message is not None else ""


async def answer_live_id(conversation_pk: int) -> str | None:
    """The id in the conversation's live key: an answer whose owner is alive, somewhere."""
    return await cache.aget(live_key(conversation_pk))


def answer_is_local(conversation_pk: int) -> bool:
    """Whether this process writes the conversation's running answer."""
    return conversation_pk in _RUNNING


async def answers_sweep() -> int:
    """Mark ``interrupted`` the answers still ``streaming`` whose owner is gone; their count.

    An answer is orphaned when its conversation's live key has expired (the
    owner's process died: kill -9, a lost machine) and it is not this
    process's. Only answers older than the key's lifetime are looked at, so
    one that is starting is never taken for dead.
    """
    candidates = await database_sync_to_async(services.answers_streaming_before)(
        seconds=LIVE_TTL_SECONDS * 2
    )
    if not candidates:
        return 0
    live = await cache.aget_many([live_key(c) for _, c in candidates])
    orphans = [m for m, c in candidates if live_key(c) not in live and not answer_is_local(c)]
    if not orphans:
        return 0
    return await database_sync_to_async(services.answers_interrupt)(message_ids=orphans)


_SWEEPER: asyncio.Task[None] | None = None


def sweeper_start() -> None:
    """Sweep this process's view of orphaned answers every ``SWEEP_SECONDS`` (idempotent)."""
    global _SWEEPER
    if _SWEEPER is not None and not _SWEEPER.done():
        return
    _SWEEPER = asyncio.create_task(_sweep_forever(), name="answers-sweep")


async def _sweep_forever() -> None:
    while True:
        try:
            swept = await answers_sweep()
            if swept:
                logger.warning("marked %s orphaned answer(s) interrupted", swept)
        except Exception:
            logger.exception("the sweep of orphaned answers failed")
        await asyncio.sleep(SWEEP_SECONDS)


def answers_running() -> list[Answer]:
    """This process's answers still being written."""
    return list(_RUNNING.values())


async def answers_shutdown() -> None:
    """Stop this process's answers and wait for their partial text to be saved."""
    answers = answers_running()
    for answer in answers:
        answer.shutdown()
    tasks = [a.task for a in answers if a.task is not None]
    if tasks:
        await asyncio.wait(tasks, timeout=SHUTDOWN_WAIT_SECONDS)
    jobs.shutdown()
