"""The ``/async_chat`` WebSocket (CONTRACT.md, "WebSocket /async_chat").

The consumer keeps only the socket: it authenticates, finds the conversation
and the agent, hands the conversation's answer events to its
``chat.following.Follower`` (joining mid-answer, exact resume, an owner that
died, a server that stops), sends the frames that gives back, and turns
client frames into calls on ``chat.streaming``. Answers do not belong to a
socket: they run on their own and every socket on the conversation relays them.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.sessions import InstanceSessionWrapper
from django.conf import settings

from accounts import budgets
from accounts.tokens import TokenRejected, user_from_token
from agents.models import Agent
from agents.selectors import agent_list_active
from chat import following, services, streaming
from chat.events import RELAY_TYPE
from chat.models import Conversation, conversation_group_name
from chat.selectors import conversation_for_user
from chat.serializers import QuestionSerializer
from project.middleware import is_outage

logger = logging.getLogger(__name__)

CLOSE_NORMAL = 1000
CLOSE_GOING_AWAY = 1001
CLOSE_POLICY = 1008
CLOSE_BAD_CONVERSATION = 4400
CLOSE_UNKNOWN_AGENT = 4404
# Redis (cache or channel layer) cannot be reached: try again shortly (HTTP's 503).
CLOSE_UNAVAILABLE = 4503
ERROR_UNAVAILABLE = "The service is briefly unavailable. Please try again in a few seconds."

_TRUE = {"1", "true", "yes", "on"}


def _frame(event_type: str, content: Any = "", **extra: Any) -> str:
    return json.dumps({"event_type": event_type, "content": content, **extra})


class ChatConsumer(AsyncWebsocketConsumer):
    user: Any = None
    conversation: Conversation | None = None
    agent: Agent | None = None
    keep_open = False
    _questions_per_minute = 0
    _closing = False
    follower: following.Follower | None = None
    _listening_on: str | None = None
    # The conversation's id once the handshake is through (the conversation
    # itself may not exist yet: only a question or an upload makes one).
    _key: uuid.UUID | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Channels' ``AsyncConsumer.__call__``, with a third source of messages.

        Besides the client and the channel layer, the socket reads its own
        queue, where answers of this process put their events directly
        (``streaming.listener_add``): no trip through the layer (Redis) for
        the usual case of every socket in the owner's process. One task
        handles all three, in the order they arrive, so the join and resume
        logic never interleaves.

        Channels' ``await_many_dispatch`` waits on a task per source with
        ``asyncio.wait`` and makes a new task for every message: for a
        relayed chunk that was most of the consumer's own time. Here the
        client and the layer each have one reading task that puts what it
        reads on the queue and waits for it to be handled before reading on
        (a client flooding frames is read no faster than they are handled,
        as before); answer events go on the queue with no task at all.
        """
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        try:
            self.channel_name = await self.channel_layer.new_channel()
        except Exception as exc:
            if not is_outage(exc):
                raise
            await _refuse_unavailable(receive, send)
            return
        self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
        self.base_send = send
        self._frame_send = _server_send(send)
        self._inbox: asyncio.Queue[tuple[asyncio.Event | None, Any]] = asyncio.Queue()
        readers = [
            asyncio.create_task(self._read(receive)),
            asyncio.create_task(self._read(self._receive_from_layer)),
        ]
        try:
            while True:
                handled, message = await self._inbox.get()
                if handled is _FAILED:
                    raise message
                try:
                    await self.dispatch(message)
                finally:
                    if handled is not None:
                        handled.set()
        except StopConsumer:
            pass
        finally:
            for reader in readers:
                reader.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
            self._stop_listening()
            following.socket_remove(self._post)
            if self.follower is not None:
                self.follower.close()

    def _post(self, message: dict[str, Any]) -> None:
        """Put ``message`` on this socket's queue (answer events, the follower's own)."""
        self._inbox.put_nowait((None, message))

    async def _read(self, source: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        """Move ``source``'s messages to the queue, one at a time: the next is read once
        the last is handled. A source that fails fails the consumer, as Channels' does."""
        handled = asyncio.Event()
        while True:
            try:
                message = await source()
            except asyncio.CancelledError:
                raise
            except BaseException as exc:
                self._inbox.put_nowait((_FAILED, exc))
                return
            handled.clear()
            self._inbox.put_nowait((handled, message))
            await handled.wait()

    async def _receive_from_layer(self) -> dict[str, Any]:
        """The next layer message, without the copies of this process's answers' events.

        This socket had those on its queue already. Dropping them here, not
        in ``dispatch``, spares a dispatch round (tasks, wake-ups) per copy.
        """
        while True:
            message = await self.channel_receive()
            if message.get("type") != RELAY_TYPE:
                return message
            meta = message.get("answer")
            if meta is None or meta.get("origin") != streaming.PROCESS_ID:
                return message

    def _stop_listening(self) -> None:
        if self._listening_on is not None:
            streaming.listener_remove(group=self._listening_on, deliver=self._post)
            self._listening_on = None

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Hand ``message`` to its handler, without Channels' per-message database hop.

        Channels runs ``close_old_connections`` in the one shared database
        thread before every handler. For ``chat.event`` (every chunk, for every
        socket) that thread hop queued behind the answers' checkpoints and cost
        seconds of delay under load (bench/stream_relay.py); for the handshake,
        each question and the disconnect it was one more hop in the queue that
        makes the first token wait (bench/compare_stacks.py). Relaying touches
        no database, and every handler that does goes through
        ``database_sync_to_async``, which closes old connections itself.
        """
        kind = message.get("type")
        if kind in (RELAY_TYPE, streaming.LOCAL_RELAY_TYPE):
            if self.follower is not None or await self._conversation_came():
                await self.follower.on_event(message)
            return
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {kind}")
        await handler(message)

    # --- handshake ------------------------------------------------------------

    async def connect(self) -> None:
        # Accept first so that a refusal is a close code a client can read.
        await self.accept()
        try:
            await self._handshake()
        except Exception as exc:
            if not is_outage(exc):
                raise
            logger.warning("socket handshake: a backing service is down: %s", exc)
            await self._refuse_handshake(ERROR_UNAVAILABLE, CLOSE_UNAVAILABLE)

    async def _handshake(self) -> None:
        query = {
            k: v[-1] for k, v in parse_qs(self.scope.get("query_string", b"").decode()).items()
        }
        self.keep_open = query.get("keep_open", "").strip().lower() in _TRUE

        self.user = await self._authenticate(query.get("token", ""))
        if self.user is None:
            return

        conversation_id: uuid.UUID | None = None
        raw_id = query.get("conversationID", "").strip()
        if raw_id:
            try:
                conversation_id = uuid.UUID(raw_id)
            except ValueError:
                await self._refuse_handshake(
                    f"conversationID must be a UUID, not {raw_id[:80]!r}.", CLOSE_BAD_CONVERSATION
                )
                return

        self._questions_per_minute = (
            await database_sync_to_async(budgets.limits_for)(self.user)
        ).questions_per_minute
        self.agent = await _agent_named(query.get("agentName", "").strip())
        if self.agent is None:
            name = query.get("agentName", "").strip()
            detail = f"There is no agent named {name!r}." if name else "No agent is available."
            await self._refuse_handshake(detail, CLOSE_UNKNOWN_AGENT)
            return

        # Connecting makes no conversation: only a question (or an upload)
        # does. The group is known by id, so the socket listens at once, before
        # the conversation is looked up (or exists): it hears every answer
        # started there from then on, its own question's or another's.
        self._key = conversation_id or uuid.uuid4()
        following.socket_add(self._post)  # told if the server stops
        group = conversation_group_name(user_pk=self.user.pk, conversation_id=self._key)
        self._listening_on = group
        # Before the group: every event whose layer copy this socket drops
        # (its own process's answers) reaches it on its queue instead.
        streaming.listener_add(group=group, deliver=self._post)
        await self.channel_layer.group_add(group, self.channel_name)
        if conversation_id is None:
            await self.send(_frame("conversation", str(self._key), conversation_id=str(self._key)))
            return
        conversation = await _conversation_of(self.user, self._key)
        if conversation is not None:
            self._follow(conversation)
            await self.follower.join()

    def _follow(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.follower = following.Follower(
            conversation=conversation,
            send=self._send_event,
            post=self._post,
            request_snapshot=self._request_snapshot,
        )
        streaming.sweeper_start()

    async def _conversation_came(self) -> bool:
        """Whether the conversation this socket waits for exists now (then it is followed).

        Its first event is the first this socket hears of it; the socket was
        listening before it existed, so no answer there began unheard: no join.
        """
        if self.conversation is None and self._key is not None:
            conversation = await _conversation_of(self.user, self._key)
            if conversation is not None:
                self._follow(conversation)
        return self.follower is not None

    async def _request_snapshot(self) -> None:
        await streaming.answer_request_snapshot(
            self.conversation, reply_to=self.channel_name, deliver=self._post
        )

    async def _authenticate(self, token: str) -> Any:
        """The query token's user (it wins), else the session's; None after closing 1008."""
        if token:
            try:
                return await database_sync_to_async(user_from_token)(token)
            except TokenRejected:
                await self._close(CLOSE_POLICY, "jwt error")
                return None
        session_user = self.scope.get("user")
        if session_user is not None and session_user.is_authenticated and session_user.is_active:
            return session_user
        await self._close(CLOSE_POLICY, "unauthorized")
        return None

    async def _refuse_handshake(self, message: str, code: int) -> None:
        await self.send(_frame("error", message))
        await self._close(code)

    async def disconnect(self, code: int) -> None:
        self._closing = True
        following.socket_remove(self._post)
        if self.follower is not None:
            self.follower.close()
        group = self._listening_on
        self._stop_listening()
        if group is not None:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def _close(self, code: int, reason: str | None = None) -> None:
        if self._closing:
            return
        self._closing = True
        await self.close(code=code, reason=reason)

    # --- client frames --------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self._key is None or self._closing:
            return  # the handshake was refused (or is not over)
        if text_data is None:
            await self._refuse_frame("Send the question as a text frame.")
            return
        command = _parse_command(text_data)
        if command is _UNREADABLE:
            await self._refuse_frame("The command nests too deeply to be read.")
            return
        if command is None:
            await self._ask(text_data)
            return
        kind = command.get("type")
        if kind == "message":
            content = command.get("content")
            if not isinstance(content, str):
                await self._refuse_frame('A "message" command needs a text "content".')
                return
            await self._ask(content)
        elif kind == "stop":
            if self.conversation is not None:  # else nothing was ever asked: nothing to stop
                await streaming.answer_request_stop(self.conversation)
        else:
            await self._refuse_frame(f"Unknown command {str(kind)[:40]!r}: use message or stop.")

    async def _ask(self, question: str) -> None:
        if not question.strip():
            await self._refuse_frame("The question is empty.")
            return
        limit = settings.CHAT_MAX_QUESTION_CHARS
        if len(question) > limit:
            await self._refuse_frame(f"The question is longer than {limit:,} characters.")
            return
        problem = _question_problem(question)
        if problem is not None:
            await self._refuse_frame(problem)
            return
        refusal = await _budget_refusal(self.user)
        if refusal is None:
            refusal = await budgets.question_rate_refusal(
                self.user, limit=self._questions_per_minute
            )
        if refusal is not None:
            await self._refuse_frame(refusal)
            return
        if self.conversation is None:
            conversation, _created = await database_sync_to_async(
                services.conversation_get_or_create
            )(user=self.user, conversation_id=self._key, agent=self.agent)
            self._follow(conversation)
        try:
            await streaming.answer_start(
                conversation=self.conversation, agent=self.agent, user=self.user, question=question
            )
        except streaming.AnswerBusy:
            # The running answer goes on; this socket still relays it to its end.
            await self.send(
                _frame("error", "An answer is still being written: wait for it, or stop it.")
            )

    async def _refuse_frame(self, message: str) -> None:
        """An ``error`` for a frame that is not a question.

        With no answer running, the frame ends like a question: ``done``
        (nothing saved) and the close rule. While one runs, only the error:
        this socket's ``done`` is the running answer's.
        """
        await self.send(_frame("error", message))
        if self.conversation is not None and await streaming.answer_running_id(self.conversation):
            return
        await self.send(_frame("done", "", message_id=None))
        if not self.keep_open:
            await self._close(CLOSE_NORMAL)

    # --- what the follower hands the socket (chat.following) -------------------

    async def _send_event(self, event: dict[str, Any]) -> None:
        if self._closing:
            return
        await self._frame_send({"type": "websocket.send", "text": json.dumps(event)})
        if event.get("event_type") == "done" and not self.keep_open:
            await self._close(CLOSE_NORMAL)

    async def chat_snapshot(self, message: dict[str, Any]) -> None:
        await self.follower.on_snapshot(message)

    async def chat_join_timeout(self, message: dict[str, Any]) -> None:
        await self.follower.on_join_timeout(message)

    async def chat_owner_lost(self, message: dict[str, Any]) -> None:
        await self.follower.on_owner_lost(message)

    async def chat_server_stopping(self, message: dict[str, Any]) -> None:
        """The server stops: end what this socket follows, then close it (going away)."""
        try:
            if self.follower is not None:
                await self.follower.server_stopping()
            await self._close(CLOSE_GOING_AWAY)
        finally:
            handled = message.get("handled")
            if handled is not None and not handled.done():
                handled.set_result(None)


# A frame that is a JSON object nested too deeply to parse: neither command nor question.
_UNREADABLE: Any = object()
# On the socket's queue in place of a message: the source it came from failed.
_FAILED: Any = object()


def _server_send(send: Any) -> Any:
    """The server's own ``send`` under Channels' session wrapper, for text frames.

    ``InstanceSessionWrapper.send`` looks at the session on every message to
    save it before an ``http.response.start``, which a socket never sends:
    for ``websocket.send`` it only passes the message on. Relayed frames go
    to the server directly; the handshake and the close still go through it.
    """
    wrapper = getattr(send, "__self__", None)
    if isinstance(wrapper, InstanceSessionWrapper):
        return wrapper.real_send
    return send


async def _refuse_unavailable(receive: Any, send: Any) -> None:
    """The handshake, answered without a channel layer: ``error``, then close 4503."""
    message = await receive()
    if message.get("type") != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": _frame("error", ERROR_UNAVAILABLE)})
    await send({"type": "websocket.close", "code": CLOSE_UNAVAILABLE})


def _parse_command(text: str) -> dict[str, Any] | None:
    """The frame as a command if it is a JSON object with ``type``; else None (a question).

    ``_UNREADABLE`` for an object nested past Python's recursion limit.
    """
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except RecursionError:
        return _UNREADABLE
    except ValueError:
        return None
    if isinstance(data, dict) and "type" in data:
        return data
    return None


def _question_problem(question: str) -> str | None:
    """Why ``question`` cannot be stored, as the REST serialisers would refuse it; else None."""
    checked = QuestionSerializer(data={"content": question})
    if checked.is_valid():
        return None
    reason = " ".join(str(e) for e in checked.errors.get("content", [])) or "It is not valid text."
    return f"The question cannot be saved: {reason}"


@database_sync_to_async
def _conversation_of(user: Any, key: uuid.UUID) -> Conversation | None:
    return conversation_for_user(user=user, conversation_id=key)


@database_sync_to_async
def _budget_refusal(user: Any) -> str | None:
    return budgets.budget_refusal(user)


@database_sync_to_async
def _agent_named(name: str) -> Agent | None:
    """The active agent labelled ``name``, or the first active one when no name is given."""
    agents = agent_list_active()
    if "\x00" in name:
        return None  # no label holds NUL (and PostgreSQL cannot even compare it)
    if name:
        return agents.filter(label=name).first()
    return agents.first()
