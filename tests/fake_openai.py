"""A fake OpenAI-compatible server, faked at the wire, and WebSocket helpers.

``FakeOpenAI`` is a real HTTP server on 127.0.0.1 (a thread) that the real
``openai`` client talks to. Each test scripts the replies, one per request:
streamed ``chat.completion.chunk`` events (text, tool calls, usage), error
statuses, pauses, gates the test opens, and a stream that breaks mid-way.
It records every request body and notices when the client closes a stream's
connection early (what a stop must do, so no more tokens are paid for).

The fixtures here are registered in ``tests/conftest.py``.
"""

from __future__ import annotations

import asyncio
import json
import select
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest

# --- the script: what the server replies ---------------------------------------


@dataclass
class Text:
    content: str


@dataclass
class ToolCall:
    index: int
    id: str
    name: str
    arguments: str


@dataclass
class Usage:
    prompt_tokens: int
    completion_tokens: int


@dataclass
class Gate:
    """Wait here until the test opens ``event`` (or the client goes away)."""

    event: threading.Event = field(default_factory=threading.Event)


@dataclass
class Pause:
    seconds: float


@dataclass
class Break:
    """Close the connection mid-body: the chunked stream never ends properly."""


@dataclass
class Stream:
    steps: list[Any]
    done: bool = True  # send "data: [DONE]" at the end


@dataclass
class Error:
    status: int
    message: str = "upstream failure"


def text_stream(*pieces: str, usage: tuple[int, int] | None = (10, 5)) -> Stream:
    steps: list[Any] = [Text(p) for p in pieces]
    if usage:
        steps.append(Usage(*usage))
    return Stream(steps)


def drip_stream(*pieces: str, every: float) -> Stream:
    """A server that drips: one piece, then ``every`` seconds of silence, and so on.

    Each read comes well within any per-read timeout; only a bound on the
    whole call ends it early.
    """
    steps: list[Any] = []
    for piece in pieces:
        steps += [Text(piece), Pause(every)]
    return Stream(steps)


def tool_stream(*calls: ToolCall, usage: tuple[int, int] | None = (20, 3)) -> Stream:
    """A response asking for ``calls``, their arguments split over two chunks each."""
    steps: list[Any] = []
    for call in calls:
        half = len(call.arguments) // 2
        steps.append(ToolCall(call.index, call.id, call.name, call.arguments[:half]))
        steps.append(ToolCall(call.index, "", "", call.arguments[half:]))
    if usage:
        steps.append(Usage(*usage))
    return Stream(steps)


class FakeOpenAI:
    def __init__(self) -> None:
        self.script: deque[Stream | Error] = deque()
        self.requests: list[dict[str, Any]] = []
        self.title = "Fake Title"
        self.client_closed_early = threading.Event()
        self.request_arrived = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        for step in [s for r in self.script if isinstance(r, Stream) for s in r.steps]:
            if isinstance(step, Gate):
                step.event.set()
        self._server.shutdown()
        self._server.server_close()

    def queue(self, *responses: Stream | Error) -> None:
        self.script.extend(responses)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        """The streamed chat requests (not the title's)."""
        return [r for r in self.requests if r.get("stream")]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                fake.request_arrived.set()
                if not body.get("stream"):
                    self._json(
                        200,
                        {
                            "id": "chatcmpl-title",
                            "object": "chat.completion",
                            "created": 0,
                            "model": body.get("model", "m"),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": fake.title},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {
                                "prompt_tokens": 5,
                                "completion_tokens": 3,
                                "total_tokens": 8,
                            },
                        },
                    )
                    return
                reply = fake.script.popleft() if fake.script else text_stream("OK.")
                if isinstance(reply, Error):
                    self._json(
                        reply.status,
                        {"error": {"message": reply.message, "type": "server_error", "code": None}},
                    )
                    return
                self._stream(reply, body.get("model", "m"))

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _send_chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _event(self, model: str, delta: dict[str, Any] | None, usage: Any = None) -> None:
                payload: dict[str, Any] = {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": []
                    if delta is None
                    else [{"index": 0, "delta": delta, "finish_reason": None}],
                }
                if usage is not None:
                    payload["usage"] = usage
                self._send_chunk(f"data: {json.dumps(payload)}\n\n".encode())

            def _client_gone(self) -> bool:
                conn = self.connection
                readable, _, _ = select.select([conn], [], [], 0)
                if not readable:
                    return False
                try:
                    return conn.recv(1, socket.MSG_PEEK) == b""
                except OSError:
                    return True

            def _wait(self, event: threading.Event | None, seconds: float | None) -> bool:
                """Wait; False if the client went away meanwhile."""
                deadline = None if seconds is None else time.monotonic() + seconds
                while True:
                    if event is not None and event.is_set():
                        return True
                    if deadline is not None and time.monotonic() >= deadline:
                        return True
                    if self._client_gone():
                        return False
                    step = 0.01 if deadline is None else min(0.01, deadline - time.monotonic())
                    time.sleep(max(step, 0))

            def _stream(self, reply: Stream, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    self._event(model, {"role": "assistant", "content": ""})
                    for step in reply.steps:
                        if isinstance(step, Text):
                            self._event(model, {"content": step.content})
                        elif isinstance(step, ToolCall):
                            call: dict[str, Any] = {
                                "index": step.index,
                                "function": {"arguments": step.arguments},
                            }
                            if step.id:
                                call["id"] = step.id
                                call["type"] = "function"
                                call["function"]["name"] = step.name
                            self._event(model, {"tool_calls": [call]})
                        elif isinstance(step, Usage):
                            self._event(
                                model,
                                None,
                                usage={
                                    "prompt_tokens": step.prompt_tokens,
                                    "completion_tokens": step.completion_tokens,
                                    "total_tokens": step.prompt_tokens + step.completion_tokens,
                                },
                            )
                        elif isinstance(step, Gate | Pause):
                            gate = step.event if isinstance(step, Gate) else None
                            seconds = step.seconds if isinstance(step, Pause) else None
                            if not self._wait(gate, seconds):
                                fake.client_closed_early.set()
                                return
                        elif isinstance(step, Break):
                            self.wfile.flush()
                            self.connection.shutdown(socket.SHUT_RDWR)
                            self.close_connection = True
                            return
                    if reply.done:
                        self._send_chunk(b"data: [DONE]\n\n")
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    fake.client_closed_early.set()
                    self.close_connection = True

        return Handler


@pytest.fixture
def fake_openai(settings, monkeypatch):
    """The openai backend pointed at a fresh fake server for this test."""
    server = FakeOpenAI().start()
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    settings.LLM_BACKEND = "openai"
    settings.LLM_MAX_RETRIES = 0
    settings.LLM_TIMEOUT_SECONDS = 10
    yield server
    server.stop()


# --- WebSocket helpers ----------------------------------------------------------

# Only a hang ever waits this long: every wait ends on an event.
WAIT_SECONDS = 10


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """A channel layer per test: each test has its own event loop, and a layer
    (channels-redis's locks and pools) must not outlive the loop it ran on."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def builtin_fast(settings):
    """The builtin agent without its reading pace (tests wait on events, not time)."""
    settings.LLM_BACKEND = "builtin"
    settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS = 0


def make_agent(label: str = "Test Agent", **fields: Any) -> Any:
    from agents.models import Agent

    defaults = {
        "description": "Answers questions about test wells. It runs the test tools.",
        "system_prompt": "You are a careful petroleum engineer.",
        "tools": [],
        "position": 0,
    }
    defaults.update(fields)
    return Agent.objects.create(label=label, **defaults)


@pytest.fixture
def agent(db):
    # Before any default agent, whatever the data migrations left.
    from agents.models import Agent

    Agent.objects.update(position=10)
    return make_agent(position=0)


def socket_app() -> Any:
    from chat.routing import websocket_application

    return websocket_application()


def socket_path(token: str | None = None, **query: Any) -> str:
    params = {k: v for k, v in query.items() if v is not None}
    if token is not None:
        params = {"token": token, **params}
    return "/async_chat" + (f"?{urlencode(params)}" if params else "")


async def open_socket(path: str, headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    from channels.testing import WebsocketCommunicator

    communicator = WebsocketCommunicator(socket_app(), path, headers=headers or [])
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    return communicator


async def next_output(communicator: Any) -> dict[str, Any]:
    """The next thing the server did: an event dict, or ``{"close": code, "reason": ...}``."""
    output = await communicator.receive_output(timeout=WAIT_SECONDS)
    if output["type"] == "websocket.close":
        return {"close": output.get("code", 1000), "reason": output.get("reason", "")}
    return json.loads(output["text"])


async def events_until(communicator: Any, event_type: str) -> list[dict[str, Any]]:
    """Events up to and including the first ``event_type`` (fails on a close before it)."""
    events: list[dict[str, Any]] = []
    while True:
        event = await next_output(communicator)
        assert "close" not in event, f"closed before {event_type}: {events} {event}"
        events.append(event)
        if event["event_type"] == event_type:
            return events


async def ask(
    user: Any, question: str, *, conversation_id: Any = None, agent_name: str | None = None
) -> tuple[list[dict[str, Any]], Any]:
    """Ask ``question`` as ``user`` on a new socket: the events up to ``done``, and the
    conversation id. Checks the socket then closes with 1000, as the contract says."""
    import uuid

    from accounts.tokens import mint_access_token

    conversation_id = conversation_id or uuid.uuid4()
    communicator = await open_socket(
        socket_path(mint_access_token(user), conversationID=conversation_id, agentName=agent_name)
    )
    await communicator.send_to(text_data=question)
    events = await events_until(communicator, "done")
    assert (await next_output(communicator))["close"] == 1000
    await communicator.disconnect()
    return events, conversation_id


def streamed_text(events: list[dict[str, Any]]) -> str:
    return "".join(e["content"] for e in events if e["event_type"] == "on_chat_model_stream")


async def wait_for(predicate: Any) -> None:
    """Poll a cheap in-process condition until it holds (for server-side state)."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        await asyncio.sleep(0.005)
