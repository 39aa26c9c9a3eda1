"""Real processes for the job and fault tests: Daphne servers and Celery workers.

``Stack`` is one deployment: a database (a SQLite file for the embedded mode,
or a PostgreSQL database of its own), Redis when given, and any number of
Daphne processes and Celery workers started from ``tests/serve.py`` (so they
know the test tools). Every process writes its log to the stack's folder,
and ``close()`` stops them all. Waits end on events (a port that answers, a
log line, a socket frame); only a hang reaches their deadlines.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

ROOT = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 60

_SETUP = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import User
from accounts.tokens import mint_access_token
from agents.models import Agent
user = User.objects.create_user(email="stack@example.com", password="x-long-password-1")
Agent.objects.update(position=10)
Agent.objects.create(label="Squares Agent", description="Squares numbers on the workers.",
                     system_prompt="You square numbers.", position=0,
                     tools=["count_squares", "fit_decline"])
print(json.dumps({"token": mint_access_token(user), "user": str(user.pk)}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None


def stack_database(url: str, suffix: str) -> str:
    """A fresh PostgreSQL database beside ``url``'s, named ``<its name>_<suffix>``."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'derrick'}_{suffix}"
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


class Process:
    def __init__(self, name: str, popen: subprocess.Popen, log: Path) -> None:
        self.name = name
        self.popen = popen
        self.log = log

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def signal(self, number: int) -> None:
        if self.alive():
            self.popen.send_signal(number)

    def kill_group(self) -> None:
        """SIGKILL to the process and its children (a machine that died)."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)

    def stop(self, timeout: float = 20) -> None:
        if not self.alive():
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)


class Server(Process):
    def __init__(self, name: str, popen: subprocess.Popen, log: Path, port: int) -> None:
        super().__init__(name, popen, log)
        self.port = port

    def url(self, **query: Any) -> str:
        params = {k: v for k, v in query.items() if v is not None}
        return f"ws://127.0.0.1:{self.port}/async_chat" + (
            f"?{urlencode(params)}" if params else ""
        )


class Stack:
    def __init__(self, folder: Path, *, database_url: str, redis: str | None = None) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "MEDIA_ROOT": str(folder / "media"),
            "SECRET_KEY": "stack-test-secret-key-0123456789-abcdefghijklmnop",
            "LLM_BUILTIN_CHUNK_DELAY_MS": "0",
            "PYTHONUNBUFFERED": "1",
        }
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CELERY_BROKER_URL", "TOOL_JOBS"):
            self.env.pop(name, None)
        if redis:
            self.env["REDIS_URL"] = redis
        else:
            self.env.pop("REDIS_URL", None)
        self.processes: list[Process] = []
        setup = subprocess.run(
            [sys.executable, "-c", _SETUP],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert setup.returncode == 0, setup.stderr
        found = json.loads(setup.stdout.strip().splitlines()[-1])
        self.token, self.user_id = found["token"], found["user"]

    @classmethod
    def embedded(cls, folder: Path) -> Stack:
        """SQLite file, in-memory layer, jobs in the server's own process pool."""
        return cls(folder, database_url=f"sqlite:///{folder / 'stack.sqlite3'}")

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> tuple:
        log = self.folder / f"{name}.log"
        popen = subprocess.Popen(
            [sys.executable, "-m", "tests.serve", *args],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            start_new_session=True,  # its own group: kill_group ends its children too
        )
        return popen, log

    def daphne(self, name: str = "daphne", **env: str) -> Server:
        """A Daphne process, ready when this returns.

        Ready means its log says it listens on its port: a port that merely
        answers may be another process's, one that took the free port first
        (other test runs on the machine). Then this one failed to bind and
        stopped; it is started again on another port.
        """
        for _ in range(5):
            server = self._daphne_on(name, free_port(), env)
            if server is not None:
                return server
        raise AssertionError(f"{name} found no free port in five tries")

    def _daphne_on(self, name: str, port: int, env: dict[str, str]) -> Server | None:
        popen, log = self._spawn(
            name, ["daphne", "-b", "127.0.0.1", "-p", str(port), "project.asgi:application"], env
        )
        server = Server(name, popen, log, port)
        listening = f"Listening on TCP address 127.0.0.1:{port}"
        deadline = time.monotonic() + WAIT_SECONDS
        while listening not in server.log_text():
            if not server.alive():
                if "Address already in use" in server.log_text():
                    return None
                raise AssertionError(server.log_text())
            assert time.monotonic() < deadline, f"{name} did not start: {server.log_text()}"
            time.sleep(0.05)
        self.processes.append(server)
        while True:
            assert server.alive(), server.log_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return server
            except OSError:
                assert time.monotonic() < deadline, f"{name} did not start: {server.log_text()}"
                time.sleep(0.05)

    def worker(self, name: str, **env: str) -> Process:
        """A Celery worker with one process (``-c 1``), ready when this returns."""
        popen, log = self._spawn(
            name,
            [
                "celery",
                "-A",
                "project",
                "worker",
                "-c",
                "1",
                "-n",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            env,
        )
        worker = Process(name, popen, log)
        self.processes.append(worker)
        deadline = time.monotonic() + WAIT_SECONDS
        while "ready." not in worker.log_text():
            assert worker.alive(), worker.log_text()
            assert time.monotonic() < deadline, f"{name} did not start: {worker.log_text()}"
            time.sleep(0.1)
        return worker

    def close(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.log_text()[-4000:]}" for p in self.processes)


# --- a client -------------------------------------------------------------------------


class Client:
    """One socket, its frames kept in order."""

    def __init__(self, url: str, *, wait_seconds: float = WAIT_SECONDS, pings: bool = True) -> None:
        self.url = url
        # The longest wait for the handshake or for any one frame (only a hang reaches it).
        self.wait_seconds = wait_seconds
        # The websockets library pings the server every 20 s and drops the connection
        # if no pong comes within 20 s; browsers send no pings.
        self.pings = pings
        self.events: list[dict[str, Any]] = []
        self.closed: int | None = None
        self._ws: Any = None

    async def __aenter__(self) -> Client:
        self._ws = await connect(
            self.url,
            max_size=None,
            open_timeout=self.wait_seconds,
            ping_interval=20 if self.pings else None,
        )
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._ws.close()

    async def send(self, text: str) -> None:
        await self._ws.send(text)

    async def next(self) -> dict[str, Any] | None:
        """The next event, or None once the server closed (``closed`` has its code)."""
        try:
            frame = await asyncio.wait_for(self._ws.recv(), self.wait_seconds)
        except ConnectionClosed as closed:
            self.closed = closed.rcvd.code if closed.rcvd else 1006
            return None
        event = json.loads(frame)
        self.events.append(event)
        return event

    async def until(self, predicate: Any) -> dict[str, Any]:
        """Events up to the first one ``predicate`` accepts (fails if the socket closes)."""
        while True:
            event = await self.next()
            assert event is not None, f"closed ({self.closed}) after {self.events[-5:]}"
            if predicate(event):
                return event

    async def until_type(self, event_type: str) -> dict[str, Any]:
        return await self.until(lambda e: e["event_type"] == event_type)

    async def to_close(self) -> int:
        while await self.next() is not None:
            pass
        return self.closed

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event_type"] == event_type]

    def text(self) -> str:
        resumed = "".join(e["content"] for e in self.of_type("resume"))
        return resumed + "".join(e["content"] for e in self.of_type("on_chat_model_stream"))

    def progress(self) -> list[tuple[int, int]]:
        return [
            (e["progress"]["done"], e["progress"]["total"])
            for e in self.of_type("log")
            if "progress" in e
        ]
