"""The socket through a real server process: close codes 1008/1009, origin, shutdown.

``WebsocketCommunicator`` bypasses the server (autobahn under Daphne refuses
close codes like 1008; each server enforces the frame limit), so these
tests start ``python -m daphne project.asgi:application`` and then
``python -m project.serve`` (uvicorn) on a free port, each with its own
SQLite database, and talk to them with the ``websockets`` client. The
fixtures keep Daphne's name; each test runs under both servers.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from project.daphne_adapter import close_code_allowed, encode_reason

ROOT = Path(__file__).resolve().parent.parent

_SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import User
from accounts.tokens import mint_access_token
from agents.models import Agent
user = User.objects.create_user(email="daphne@example.com", password="x-long-password-1")
Agent.objects.update(position=10)
Agent.objects.create(label="Daphne Agent", description="Talks over a real server.",
                     system_prompt="You help.", position=0)
print(mint_access_token(user))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _command(kind: str, port: int) -> list[str]:
    if kind == "uvicorn":
        return [sys.executable, "-m", "project.serve", "--port", str(port)]
    address = ["-b", "127.0.0.1", "-p", str(port)]
    return [sys.executable, "-m", "daphne", *address, "project.asgi:application"]


class DaphneServer:
    def __init__(self, tmp: Path, env: dict[str, str], kind: str = "daphne") -> None:
        self.kind = kind
        self.database = tmp / "daphne.sqlite3"
        self.env = {
            **env,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "LLM_BACKEND": "builtin",
            "MEDIA_ROOT": str(tmp / "media"),
            "SECRET_KEY": "daphne-test-secret-key-0123456789-abcdefghijklmnop",
        }
        self.env.pop("OPENAI_API_KEY", None)
        self.token = subprocess.run(
            [sys.executable, "-c", _SETUP],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self, **extra_env: str) -> DaphneServer:
        """A new Daphne process on this database: a handle of its own, so that
        two servers started from one setup are two processes, each stopped."""
        server = copy.copy(self)
        server.port = _free_port()
        server.process = subprocess.Popen(
            _command(self.kind, server.port),
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            assert server.process.poll() is None, server.process.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", server.port), timeout=0.2).close()
                return server
            except OSError:
                assert time.monotonic() < deadline, f"{self.kind} did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, **query: str) -> str:
        params = "&".join(f"{k}={v}" for k, v in query.items())
        return f"ws://127.0.0.1:{self.port}/async_chat" + (f"?{params}" if params else "")


@pytest.fixture(scope="module", params=["daphne", "uvicorn"])
def daphne_setup(request, tmp_path_factory):
    return DaphneServer(tmp_path_factory.mktemp(request.param), dict(os.environ), request.param)


@pytest.fixture(scope="module")
def daphne(daphne_setup):
    server = daphne_setup.start(LLM_BUILTIN_CHUNK_DELAY_MS="0")
    yield server
    server.stop()


@pytest.fixture
def slow_daphne(daphne_setup):
    """Another server on the same database, whose builtin agent writes slowly."""
    server = daphne_setup.start(LLM_BUILTIN_CHUNK_DELAY_MS="300")
    yield server
    server.stop()


async def _close_of(url: str, *frames: str, **options) -> tuple[int, str, list[dict]]:
    received: list[dict] = []
    async with connect(url, **options) as ws:
        for frame in frames:
            await ws.send(frame)
        try:
            while True:
                received.append(json.loads(await ws.recv()))
        except ConnectionClosed as closed:
            return closed.rcvd.code, closed.rcvd.reason, received
    raise AssertionError("the server did not close")


async def test_daphne_sends_1008_unauthorized_without_a_token(daphne):
    code, reason, _ = await _close_of(daphne.url())
    assert (code, reason) == (1008, "unauthorized")


async def test_daphne_sends_1008_jwt_error_for_a_bad_token(daphne):
    code, reason, _ = await _close_of(daphne.url(token="forged"))
    assert (code, reason) == (1008, "jwt error")


async def test_daphne_answers_a_question_then_closes_1000(daphne):
    code, _, events = await _close_of(daphne.url(token=daphne.token), "hello")
    kinds = [e["event_type"] for e in events]
    assert kinds[0] == "conversation" and kinds[-1] == "done"
    assert "Daphne Agent" in "".join(e["content"] for e in events if e["event_type"] != "done")
    assert code == 1000


async def test_daphne_sends_the_handshake_error_codes(daphne):
    code, _, events = await _close_of(daphne.url(token=daphne.token, conversationID="bad"))
    assert code == 4400 and events[0]["event_type"] == "error"


async def test_a_frame_over_one_mebibyte_is_refused_by_the_server_with_1009(daphne):
    big = "x" * (1024 * 1024 + 1)
    code, _, events = await _close_of(daphne.url(token=daphne.token, keep_open="1"), big)
    assert code == 1009
    assert "done" not in [e["event_type"] for e in events]  # never reached the consumer


async def test_daphne_refuses_a_foreign_origin_with_403(daphne):
    with pytest.raises(InvalidStatus) as refused:
        async with connect(daphne.url(token=daphne.token), origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_stopping_daphne_saves_the_answer_being_written(slow_daphne):
    # Paced slowly, so the answer is still being written when the server stops.
    server = slow_daphne
    try:
        async with connect(server.url(token=server.token)) as ws:
            await ws.send("what can you do?")
            announced = json.loads(await ws.recv())
            first = json.loads(await ws.recv())
            assert first["event_type"] == "on_chat_model_stream"
            server.process.send_signal(signal.SIGTERM)
            assert server.process.wait(timeout=20) is not None
    finally:
        server.stop()
    with sqlite3.connect(server.database) as db:
        rows = db.execute(
            "SELECT m.role, m.status, m.content FROM chat_message m "
            "JOIN chat_conversation c ON c.id = m.conversation_id "
            "WHERE c.conversation_id = ? ORDER BY m.id",
            (announced["conversation_id"].replace("-", ""),),
        ).fetchall()
    assert rows[0] == ("user", "complete", "what can you do?")
    role, status, content = rows[1]
    assert (role, status) == ("assistant", "error")
    assert content.startswith(first["content"])


def test_the_adapter_allows_every_code_rfc_6455_lets_an_endpoint_send():
    assert all(close_code_allowed(c) for c in (1000, 1001, 1008, 1009, 1011, 3000, 4400, 4999))
    assert not any(close_code_allowed(c) for c in (999, 1004, 1005, 1006, 1015, 2000, 5000))


def test_the_adapter_cuts_a_long_reason_without_splitting_a_character():
    reason = encode_reason("é" * 100)
    assert len(reason) <= 123
    assert reason.decode("utf-8") == "é" * 61
    assert encode_reason("") is None


@pytest.mark.redis
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: one layer for two processes"
)
async def test_a_socket_on_another_process_resumes_and_stops_the_answer(daphne, slow_daphne):
    # The answer runs on the slow server; the second socket is on the other process.
    async with connect(slow_daphne.url(token=daphne.token)) as asker:
        await asker.send("what can you do?")
        conversation_id = json.loads(await asker.recv())["conversation_id"]
        first = json.loads(await asker.recv())
        assert first["event_type"] == "on_chat_model_stream"
        async with connect(daphne.url(token=daphne.token, conversationID=conversation_id)) as other:
            resume = json.loads(await other.recv())
            assert resume["event_type"] == "resume"
            assert resume["content"].startswith(first["content"])
            await other.send(json.dumps({"type": "stop"}))
            events = []
            with pytest.raises(ConnectionClosed):
                while True:
                    events.append(json.loads(await other.recv()))
    assert events[-1]["event_type"] == "done"
    with sqlite3.connect(daphne.database) as db:
        status, content = db.execute(
            "SELECT status, content FROM chat_message WHERE id = ?", (events[-1]["message_id"],)
        ).fetchone()
    assert status == "stopped"
    assert content == resume["content"] + "".join(
        e["content"] for e in events if e["event_type"] == "on_chat_model_stream"
    )
