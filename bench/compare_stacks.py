"""Derrick against the stack it replaces, one after the other, on the same fake upstream.

    .venv/bin/python bench/compare_stacks.py            # everything (about 4 minutes)
    .venv/bin/python bench/compare_stacks.py --quick    # one small load point of each kind

Prints figures and asserts nothing. Everything runs on 127.0.0.1; the run
stops by itself (every phase is bounded) and removes what it made.

- The old stack: ``bench/old_stack/app.py`` (FastAPI Users 14 on uvicorn with
  uvloop and httptools, the old backend's WebSocket relay loop), in its own
  virtual environment ``bench/.venv`` made from ``bench/requirements.txt``
  (made or refreshed by this command; py-spy comes with it).
- Derrick: ``project.asgi:application`` under Daphne and/or uvicorn
  (``--stacks``), on a temporary SQLite database and the in-memory layer
  (``--redis``, ``--postgres`` for the production components).
- One fake OpenAI-compatible upstream (``bench/fake_upstream.py``) for all,
  stamping every token with its send time (CLOCK_MONOTONIC, µs).

Each server is pinned to one CPU (``taskset -c <--server-cpu>``); the
upstream and this load client share the other (``--client-cpu``). Every
load point runs each stack in turn, so the stacks are measured minutes
apart at most, under the same background load.

Load points:

- ``unpaced``: ``--unpaced-clients`` answers of ``--unpaced-tokens`` tokens,
  streamed as fast as the server reads them: tokens per second delivered.
- ``paced-N``: N answers of ``--paced-tokens`` tokens at ``--rate`` tokens a
  second (questions spread over ``--spread`` seconds): per-token latency
  (receive time at the client - send time at the upstream) p50/p99, and
  first-token time (question sent → first token) p50.
- ``rest``: ``GET /authenticated-route`` from ``--rest-concurrency``
  keep-alive connections for ``--rest-seconds``: requests/s and p99.

Every answer is checked complete and in order (its text identical to what
the upstream sent); server CPU seconds per phase are reported, and with
``--profile-dir`` py-spy records each server (``--gil``: the thread holding
the GIL) during the ``--profile-phase`` and prints the top frames.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from stream_relay import (  # noqa: E402
    _SAVED,
    _SETUP,
    cpu_seconds,
    free_port,
    percentile,
    terminate,
    wait_for_port,
)

HOST = "127.0.0.1"
TOKEN_RE = re.compile(rb"w(\d+)@(\d+) ")
BENCH_VENV = BENCH / ".venv"
BENCH_REQUIREMENTS = BENCH / "requirements.txt"
OLD_STACK_PASSWORD = "bench-long-password-1"


def now_us() -> int:
    return time.monotonic_ns() // 1000


# --- the bench's own environment (the old stack, py-spy) ----------------------------


def bench_python() -> Path:
    """``bench/.venv``'s Python, made or refreshed from ``bench/requirements.txt``."""
    python = BENCH_VENV / "bin" / "python"
    stamp = BENCH_VENV / "requirements.sha256"
    wanted = hashlib.sha256(BENCH_REQUIREMENTS.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"making {BENCH_VENV} from {BENCH_REQUIREMENTS.name} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(BENCH_VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", str(BENCH_REQUIREMENTS)], check=True
    )
    stamp.write_text(wanted)
    return python


# --- servers ------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[Any]
    token: str = ""
    # Query parameters the socket needs besides the token and conversation id.
    extra_query: dict[str, str] = field(default_factory=dict)
    # Derrick says ``done``; the old stack only closes the socket.
    ends_with_done: bool = True

    @property
    def pid(self) -> int:
        return self.process.pid


class Stacks:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="derrick-compare-"))
        self.upstream: subprocess.Popen[Any] | None = None
        self.upstream_port = 0
        self.servers: list[Server] = []
        self.derrick_env: dict[str, str] = {}
        self.pg_database: str | None = None

    def pinned(self, cpu: int, command: list[str]) -> list[str]:
        return ["taskset", "-c", str(cpu), *command]

    def start(self) -> None:
        args = self.args
        python = bench_python()
        self.upstream = subprocess.Popen(
            self.pinned(args.client_cpu, [str(python), str(BENCH / "fake_upstream.py")]),
            stdout=subprocess.PIPE,
            text=True,
        )
        self.upstream_port = int(self.upstream.stdout.readline())
        base_url = f"http://{HOST}:{self.upstream_port}/v1"
        for name in args.stacks:
            if name == "old":
                self.servers.append(self._start_old(python, base_url))
            else:
                self.servers.append(self._start_derrick(name, base_url))

    def _log(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def _spawn(self, name: str, command: list[str], cwd: Path, env: dict[str, str]) -> Server:
        port = free_port()
        command = [part.replace("{port}", str(port)) for part in command]
        process = subprocess.Popen(
            self.pinned(self.args.server_cpu, command),
            cwd=cwd,
            env=env,
            stdout=self._log(name).open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(process, port, self._log(name), 90)
        return Server(name=name, port=port, process=process)

    def _start_old(self, python: Path, base_url: str) -> Server:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "OLD_STACK_DB": str(self.tmp / "old-users.sqlite3"),
            "OLD_STACK_SECRET": "bench-old-stack-secret-0123456789abcdef",
            "OLD_STACK_DB_POOL": str(
                max([*self.args.paced_clients, self.args.unpaced_clients]) * 2
            ),
            "OPENAI_BASE_URL": base_url,
            "OPENAI_API_KEY": "x",
            "PYTHONUNBUFFERED": "1",  # its errors are print()ed: keep them in the log
        }
        command = [str(python), "-m", "uvicorn", "app:app", "--host", HOST, "--port", "{port}"]
        command += ["--log-level", "warning", "--backlog", "4096"]
        server = self._spawn("old", command, BENCH / "old_stack", env)
        origin = f"http://{HOST}:{server.port}"
        body = json.dumps({"email": "bench@example.com", "password": OLD_STACK_PASSWORD})
        _http(f"{origin}/auth/register", body.encode(), {"Content-Type": "application/json"})
        form = urllib.parse.urlencode(
            {"username": "bench@example.com", "password": OLD_STACK_PASSWORD}
        ).encode()
        login = _http(
            f"{origin}/auth/jwt/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        server.token = json.loads(login)["access_token"]
        server.extra_query = {"agentName": "Bench Agent"}
        server.ends_with_done = False
        return server

    def _derrick_environment(self, base_url: str) -> dict[str, str]:
        if self.derrick_env:
            return self.derrick_env
        args = self.args
        base = {
            k: v
            for k, v in os.environ.items()
            if k not in {"REDIS_URL", "DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"}
        }
        if args.postgres:
            database_url = self._postgres_create()
        else:
            database_url = f"sqlite:///{self.tmp / 'derrick.sqlite3'}"
        env = {
            **base,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "LLM_BACKEND": "openai",
            "OPENAI_BASE_URL": base_url,
            "OPENAI_API_KEY": "x",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "0",
            # The bench's one user stands for hundreds of people asking at once:
            # no questions-a-minute limit, no token budget.
            "CHAT_QUESTIONS_PER_MINUTE": "0",
            "TOKEN_BUDGET_DAILY": "0",
            "TOKEN_BUDGET_MONTHLY": "0",
        }
        if args.redis:
            env["REDIS_URL"] = args.redis_url
            _redis_flush(args.redis_url)
        setup = subprocess.run(
            [sys.executable, "-c", _SETUP],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if setup.returncode:
            raise SystemExit(f"Derrick's setup failed:\n{setup.stderr[-3000:]}")
        env["BENCH_TOKEN"] = json.loads(setup.stdout.strip().splitlines()[-1])["token"]
        self.derrick_env = env
        return env

    def _start_derrick(self, name: str, base_url: str) -> Server:
        env = self._derrick_environment(base_url)
        server_env = {k: v for k, v in env.items() if k != "BENCH_TOKEN"}
        python = sys.executable
        if name == "daphne":
            command = [python, "-m", "daphne", "-b", HOST, "-p", "{port}"]
            command += ["project.asgi:application"]
        elif name == "uvicorn":
            command = [python, "-m", "project.serve", "--host", HOST, "--port", "{port}"]
        else:
            raise SystemExit(f"unknown stack {name!r}: old, daphne or uvicorn")
        server = self._spawn(f"derrick-{name}", command, ROOT, server_env)
        server.token = env["BENCH_TOKEN"]
        server.extra_query = {"agentName": "Bench Agent"}
        return server

    def stop(self) -> None:
        for server in self.servers:
            terminate(server.process)
        terminate(self.upstream, 5)
        if self.args.redis:
            with contextlib.suppress(Exception):
                _redis_flush(self.args.redis_url)
        if self.pg_database:
            with contextlib.suppress(Exception):
                self._postgres_drop()
        if self.args.keep:
            print(f"kept {self.tmp} (server logs, databases)")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self, server: Server) -> str:
        return self._log(server.name).read_text()[-3000:]

    def _postgres_create(self) -> str:
        import psycopg

        self.pg_database = f"derrick_compare_{os.getpid()}"
        with psycopg.connect(self.args.postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}"')
            conn.execute(f'CREATE DATABASE "{self.pg_database}"')
        return self.args.postgres_url.rsplit("/", 1)[0] + "/" + self.pg_database

    def _postgres_drop(self) -> None:
        import psycopg

        with psycopg.connect(self.args.postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')

    def saved_answers(self) -> dict[str, list[str]]:
        result = subprocess.run(
            [sys.executable, "-c", _SAVED],
            cwd=ROOT,
            env=self.derrick_env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode:
            return {}
        return json.loads(result.stdout.strip().splitlines()[-1])

    async def upstream_sent(self) -> tuple[dict[str, str], list[int]]:
        reader, writer = await asyncio.open_connection(HOST, self.upstream_port)
        writer.write(b"GET /_sent HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = await asyncio.wait_for(reader.read(), 60)
        writer.close()
        payload = json.loads(raw.split(b"\r\n\r\n", 1)[1])
        return payload["sent"], payload["lag_us"]


def _http(url: str, body: bytes, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 400:  # already registered
            return exc.read()
        raise


def _redis_flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


# --- a lean WebSocket client (the load client must cost little per frame) ------------


class SocketClient(asyncio.Protocol):
    """One ``/async_chat`` socket: handshake, one question, every frame with its arrival time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.handshake = b""
        self.buffer = bytearray()
        self.frames: list[tuple[int, bytes]] = []
        self.partial = b""
        self.close_code: int | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        at = now_us()
        if not self.opened.done():
            self.handshake += data
            head, sep, rest = self.handshake.partition(b"\r\n\r\n")
            if not sep:
                return
            if not head.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(ConnectionError(head[:200].decode("latin-1")))
                return
            self.opened.set_result(None)
            data = rest
        self.buffer += data
        self._frames(at)

    def _frames(self, at: int) -> None:
        buffer = self.buffer
        while len(buffer) >= 2:
            length = buffer[1] & 0x7F
            head = 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length, head = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, head = int.from_bytes(buffer[2:10], "big"), 10
            if len(buffer) < head + length:
                return
            opcode, fin = buffer[0] & 0x0F, buffer[0] & 0x80
            payload = bytes(buffer[head : head + length])
            del buffer[: head + length]
            if opcode == 0x8:
                self.close_code = int.from_bytes(payload[:2], "big") if payload else 1005
                self._send_frame(0x8, payload[:2])
                self.transport.close()
                return
            if opcode == 0x9:  # a ping: answer it, as a browser does (or the server closes 1011)
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x1, 0x0):
                payload = self.partial + payload
                if fin:
                    self.partial = b""
                    self.frames.append((at, payload))
                else:
                    self.partial = payload

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            head = bytes([0x80 | opcode, 0x80 | length])
        elif length < 65536:
            head = bytes([0x80 | opcode, 0x80 | 126]) + length.to_bytes(2, "big")
        else:
            head = bytes([0x80 | opcode, 0x80 | 127]) + length.to_bytes(8, "big")
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.transport.write(head + mask + masked)

    def send_text(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"closed during the handshake: {exc}"))
        if not self.closed.done():
            self.closed.set_result(None)


async def socket_open(server: Server, conversation_id: str) -> SocketClient:
    query = {"token": server.token, "conversationID": conversation_id, **server.extra_query}
    path = "/async_chat?" + urllib.parse.urlencode(query)
    key = base64.b64encode(os.urandom(16)).decode()
    loop = asyncio.get_running_loop()
    _, client = await loop.create_connection(SocketClient, HOST, server.port)
    client.transport.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{server.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    await client.opened
    return client


@dataclass
class Streamed:
    key: str
    sent_us: int = 0
    end_us: int = 0
    text: bytes = b""
    # (arrival, end offset in ``text``) of each frame that carried text
    arrivals: list[tuple[int, int]] = field(default_factory=list)
    error: str = ""
    close_code: int | None = None

    def tokens(self) -> list[tuple[int, int, int]]:
        """(k, emitted, received) of every whole token, in order."""
        found = []
        frame = 0
        for match in TOKEN_RE.finditer(self.text):
            while self.arrivals[frame][1] < match.end():
                frame += 1
            found.append((int(match[1]), int(match[2]), self.arrivals[frame][0]))
        return found


def read_frames(client: SocketClient, streamed: Streamed, ends_with_done: bool) -> None:
    parts: list[bytes] = []
    total = 0
    for at, raw in client.frames:
        event = json.loads(raw)
        kind = event.get("event_type")
        if kind == "on_chat_model_stream":
            chunk = event["content"].encode()
            parts.append(chunk)
            total += len(chunk)
            streamed.arrivals.append((at, total))
        elif kind == "error":
            streamed.error = str(event.get("content"))[:200]
        elif kind == "done":
            streamed.end_us = at
    streamed.text = b"".join(parts)
    streamed.close_code = client.close_code
    if ends_with_done and not streamed.end_us:
        streamed.error = streamed.error or "no done event"
    if not streamed.end_us:
        streamed.end_us = client.frames[-1][0] if client.frames else now_us()


# --- phases -------------------------------------------------------------------------


@dataclass
class StreamFigures:
    stack: str
    answers: int
    complete: int
    tokens: int
    delays_ms: list[float]
    first_ms: list[float]
    wall_s: float
    tokens_per_s: float
    cpu_s: float
    problems: list[str]
    saved: int | None = None


async def stream_phase(
    stacks: Stacks, server: Server, label: str, clients: int, tokens: int, rate: float
) -> StreamFigures:
    args = stacks.args
    run = uuid.uuid4().hex[:8]
    rng = random.Random(args.seed)
    offsets = sorted(rng.uniform(0, args.spread) for _ in range(clients))
    keys = [f"{run}-{label}-{i}" for i in range(clients)]
    conversations = [str(uuid.uuid4()) for _ in range(clients)]
    # Open every socket first: the phase measures answers, not handshakes.
    opened = await asyncio.gather(
        *(socket_open(server, c) for c in conversations), return_exceptions=True
    )
    sockets = [s for s in opened if isinstance(s, SocketClient)]
    problems = [f"handshake: {s!r}" for s in opened if not isinstance(s, SocketClient)][:3]
    streamed = [Streamed(key=k) for k in keys[: len(sockets)]]
    cpu_before = cpu_seconds(server.pid)
    profiler = start_profiler(stacks, server, label)
    start = time.monotonic() + 0.2

    async def ask(client: SocketClient, one: Streamed, offset: float) -> None:
        await asyncio.sleep(max(0.0, start + offset - time.monotonic()))
        one.sent_us = now_us()
        client.send_text(f"bench:{one.key} n={tokens} rate={rate:g}")
        await client.closed

    bound = (tokens / rate if rate else tokens / 200) * 4 + args.spread + 60
    tasks = [
        asyncio.ensure_future(ask(c, s, o))
        for c, s, o in zip(sockets, streamed, offsets, strict=False)
    ]
    _, pending = await asyncio.wait(tasks, timeout=bound)
    for task in pending:
        task.cancel()
    wall = time.monotonic() - start
    stop_profiler(profiler, stacks, server, label)
    cpu = cpu_seconds(server.pid) - cpu_before
    for client in sockets:
        if client.transport is not None and not client.transport.is_closing():
            client.transport.abort()
    sent, _lag = await stacks.upstream_sent()
    delays: list[float] = []
    first: list[float] = []
    complete = 0
    count = 0
    first_sent = min((s.sent_us for s in streamed if s.sent_us), default=0)
    last_received = 0
    for client, one in zip(sockets, streamed, strict=False):
        read_frames(client, one, server.ends_with_done)
        found = one.tokens()
        count += len(found)
        delays.extend((received - emitted) / 1000 for _, emitted, received in found)
        if found:
            first.append((found[0][2] - one.sent_us) / 1000)
            last_received = max(last_received, found[-1][2])
        expected = sent.get(one.key)
        if expected is not None and one.text.decode() == expected and not one.error:
            complete += 1
        elif len(problems) < 5:
            problems.append(
                f"{one.key}: got {len(one.text)} chars of {len(expected or '')}, "
                f"error={one.error!r}, close={one.close_code}"
            )
    span = (last_received - first_sent) / 1e6 if last_received > first_sent else float("nan")
    return StreamFigures(
        stack=server.name,
        answers=clients,
        complete=complete,
        tokens=count,
        delays_ms=delays,
        first_ms=first,
        wall_s=wall,
        tokens_per_s=count / span if span == span else float("nan"),
        cpu_s=cpu,
        problems=problems,
    )


class RestClient(asyncio.Protocol):
    """One keep-alive connection asking ``GET /authenticated-route`` again and again."""

    def __init__(self, request: bytes, until: float, measure_from: float) -> None:
        self.request = request
        self.until = until
        self.measure_from = measure_from
        self.buffer = b""
        self.sent_at = 0.0
        self.latencies: list[float] = []
        self.bad = 0
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self._ask()

    def _ask(self) -> None:
        self.sent_at = time.monotonic()
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if not sep:
                return
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(rest) < length:
                return
            body, self.buffer = rest[:length], rest[length:]
            now = time.monotonic()
            if not head.startswith(b"HTTP/1.1 200") or b"Hello" not in body:
                self.bad += 1
            if self.sent_at >= self.measure_from:
                self.latencies.append((now - self.sent_at) * 1000)
            if now >= self.until:
                self.transport.close()
                return
            self._ask()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


@dataclass
class RestFigures:
    stack: str
    requests: int
    per_s: float
    p50_ms: float
    p99_ms: float
    bad: int
    cpu_s: float


async def rest_phase(stacks: Stacks, server: Server) -> RestFigures:
    args = stacks.args
    request = (
        f"GET /authenticated-route HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n"
        f"Authorization: Bearer {server.token}\r\n\r\n"
    ).encode()
    loop = asyncio.get_running_loop()
    measure_from = time.monotonic() + args.rest_warmup
    until = measure_from + args.rest_seconds
    cpu_before = 0.0
    clients: list[RestClient] = []
    for _ in range(args.rest_concurrency):
        _, client = await loop.create_connection(
            lambda: RestClient(request, until, measure_from), HOST, server.port
        )
        clients.append(client)
    await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
    cpu_before = cpu_seconds(server.pid)
    profiler = start_profiler(stacks, server, "rest")
    await asyncio.wait([c.done for c in clients], timeout=args.rest_seconds + 60)
    stop_profiler(profiler, stacks, server, "rest")
    cpu = cpu_seconds(server.pid) - cpu_before
    latencies = [x for c in clients for x in c.latencies]
    return RestFigures(
        stack=server.name,
        requests=len(latencies),
        per_s=len(latencies) / args.rest_seconds,
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        bad=sum(c.bad for c in clients),
        cpu_s=cpu,
    )


# --- profiling ----------------------------------------------------------------------


def start_profiler(stacks: Stacks, server: Server, label: str) -> subprocess.Popen[Any] | None:
    args = stacks.args
    if not args.profile_dir or label != args.profile_phase:
        return None
    out = Path(args.profile_dir) / f"{server.name}-{label}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [str(BENCH_VENV / "bin" / "py-spy"), "record", "--pid", str(server.pid)]
    command += ["--rate", "250", "--format", "raw", "--output", str(out), "--nonblocking"]
    if args.profile_gil:
        command.append("--gil")
    return subprocess.Popen(
        stacks.pinned(args.client_cpu, command),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_profiler(
    profiler: subprocess.Popen[Any] | None, stacks: Stacks, server: Server, label: str
) -> None:
    if profiler is None:
        return
    profiler.send_signal(signal.SIGINT)  # py-spy writes what it sampled so far
    try:
        profiler.wait(timeout=60)
    except subprocess.TimeoutExpired:
        profiler.kill()
        profiler.wait(timeout=5)
    out = Path(stacks.args.profile_dir) / f"{server.name}-{label}.txt"
    if out.exists():
        print(profile_summary(out, stacks.args.profile_top), flush=True)


def profile_summary(path: Path, top: int) -> str:
    """The frames that cost most: by own samples (leaf) and including callees."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [_short(f) for f in stack.split(";")]
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    lines = [f"profile {path.name}: {total} samples"]
    lines.append("  own time:")
    lines += [f"    {n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    lines.append("  including callees:")
    lines += [f"    {n / total:6.1%}  {frame}" for frame, n in inclusive.most_common(top)]
    return "\n".join(lines)


def _short(frame: str) -> str:
    # "function (path/to/module.py:123)" → "function (module.py)"
    name, _, where = frame.partition(" (")
    file = where.rsplit(":", 1)[0].rstrip(")")
    parts = Path(file).parts
    return f"{name} ({'/'.join(parts[-2:])})" if parts else name


# --- the run ------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    return percentile(values, q) if values else float("nan")


def stream_line(fig: StreamFigures) -> str:
    return (
        f"  {fig.stack:<16} complete {fig.complete:>3}/{fig.answers:<3}  tokens/s {fig.tokens_per_s:>8.0f}"
        f"  per-token p50 {pct(fig.delays_ms, 50):>7.1f} ms  p99 {pct(fig.delays_ms, 99):>7.1f} ms"
        f"  first token p50 {pct(fig.first_ms, 50):>7.1f} ms  server CPU {fig.cpu_s:5.1f} s"
        f" ({fig.cpu_s * 1e6 / max(fig.tokens, 1):.0f} µs/token)"
    )


async def run(stacks: Stacks) -> dict[str, list[Any]]:
    args = stacks.args
    os.sched_setaffinity(0, {args.client_cpu})
    results: dict[str, list[Any]] = {}
    # Warm up each server: imports, the upstream connection pool, the token's user.
    for server in stacks.servers:
        await stream_phase(stacks, server, "warm", 5, 5, 50)
    points: list[tuple[str, int, int, float]] = []
    if "unpaced" in args.phases:
        points.append(("unpaced", args.unpaced_clients, args.unpaced_tokens, 0.0))
    if "paced" in args.phases:
        points += [(f"paced-{n}", n, args.paced_tokens, args.rate) for n in args.paced_clients]
    for repeat in range(args.repeat):
        for label, clients, tokens, rate in points:
            print(f"{label} (run {repeat + 1}):", flush=True)
            for server in stacks.servers:
                figures = await stream_phase(stacks, server, label, clients, tokens, rate)
                results.setdefault(label, []).append(figures)
                print(stream_line(figures), flush=True)
                for problem in figures.problems:
                    print(f"    ! {problem}", flush=True)
                await asyncio.sleep(1)
        if "rest" in args.phases:
            print(f"rest (run {repeat + 1}):", flush=True)
            for server in stacks.servers:
                figures = await rest_phase(stacks, server)
                results.setdefault("rest", []).append(figures)
                print(
                    f"  {figures.stack:<16} {figures.per_s:>7.0f} requests/s  p50 {figures.p50_ms:6.1f} ms"
                    f"  p99 {figures.p99_ms:6.1f} ms  non-200 {figures.bad}  server CPU {figures.cpu_s:.1f} s",
                    flush=True,
                )
                await asyncio.sleep(1)
    return results


def summary(args: argparse.Namespace, results: dict[str, list[Any]]) -> str:
    """A Markdown table: the median run of each stack, and the ratio to the old stack."""
    stacks = args.stacks
    lines = [
        f"{os.cpu_count()} CPUs; servers on CPU {args.server_cpu}, upstream and client on CPU "
        f"{args.client_cpu}; Derrick: {'PostgreSQL' if args.postgres else 'SQLite'}, "
        f"{'Redis' if args.redis else 'in-memory'} layer; {args.repeat} run(s), medians",
        "",
        "| load | " + " | ".join(stacks) + " |",
        "|---|" + "---|" * len(stacks),
    ]

    def median_of(label: str, stack: str, value: Any) -> float:
        runs = [value(f) for f in results.get(label, []) if f.stack.endswith(stack)]
        return percentile(runs, 50) if runs else float("nan")

    def row(title: str, label: str, value: Any, fmt: str, better: str) -> None:
        values = [median_of(label, s, value) for s in stacks]
        base = values[stacks.index("old")] if "old" in stacks else float("nan")
        cells = []
        for stack, v in zip(stacks, values, strict=True):
            cell = format(v, fmt)
            if stack != "old" and base == base and base and v == v:
                ratio = v / base
                cell += f" ({ratio:.2f}x)"
            cells.append(cell)
        lines.append(f"| {title} ({better}) | " + " | ".join(cells) + " |")

    if "unpaced" in results:
        row(
            f"unpaced, {args.unpaced_clients} answers: tokens/s",
            "unpaced",
            lambda f: f.tokens_per_s,
            ".0f",
            "higher is better",
        )
    for n in args.paced_clients:
        label = f"paced-{n}"
        if label not in results:
            continue
        row(f"{n} paced: per-token p50 ms", label, lambda f: pct(f.delays_ms, 50), ".1f", "lower")
        row(f"{n} paced: per-token p99 ms", label, lambda f: pct(f.delays_ms, 99), ".1f", "lower")
        row(f"{n} paced: first token p50 ms", label, lambda f: pct(f.first_ms, 50), ".0f", "lower")
        row(f"{n} paced: complete answers", label, lambda f: f.complete, ".0f", "all")
    if "rest" in results:
        row(
            f"GET /authenticated-route, {args.rest_concurrency} concurrent: requests/s",
            "rest",
            lambda f: f.per_s,
            ".0f",
            "higher",
        )
        row("GET /authenticated-route: p99 ms", "rest", lambda f: f.p99_ms, ".1f", "lower")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--stacks",
        default="old,daphne,uvicorn",
        help="comma-separated: old, daphne (Derrick on Daphne), uvicorn (Derrick on uvicorn)",
    )
    parser.add_argument("--phases", default="unpaced,paced,rest")
    parser.add_argument("--unpaced-clients", type=int, default=100)
    parser.add_argument("--unpaced-tokens", type=int, default=1000)
    parser.add_argument("--paced-clients", default="100,300,500")
    parser.add_argument("--paced-tokens", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0, help="paced tokens per second")
    parser.add_argument(
        "--spread", type=float, default=1.0, help="seconds over which the questions start"
    )
    parser.add_argument("--rest-concurrency", type=int, default=32)
    parser.add_argument("--rest-seconds", type=float, default=10.0)
    parser.add_argument("--rest-warmup", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=1, help="runs of every load point")
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="Derrick on Redis (layer and cache)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--postgres", action="store_true", help="Derrick on PostgreSQL")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--profile-dir", help="py-spy each server during --profile-phase")
    parser.add_argument("--profile-phase", default="paced-300")
    parser.add_argument("--profile-gil", action="store_true", help="sample the GIL holder only")
    parser.add_argument("--profile-top", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--quick", action="store_true", help="50 unpaced, 100 paced, 5 s of REST: a smoke run"
    )
    args = parser.parse_args(argv)
    args.stacks = [s.strip() for s in args.stacks.split(",") if s.strip()]
    args.phases = {p.strip() for p in args.phases.split(",") if p.strip()}
    args.paced_clients = [int(n) for n in str(args.paced_clients).split(",") if n.strip()]
    if args.quick:
        args.unpaced_clients, args.unpaced_tokens = 50, 300
        args.paced_clients, args.paced_tokens = [100], 100
        args.rest_seconds, args.rest_warmup = 5.0, 1.0
    for url in (args.redis_url, args.postgres_url):
        if "127.0.0.1" not in url and "localhost" not in url:
            parser.error(f"only 127.0.0.1 is used: {url}")
    available = os.sched_getaffinity(0)
    if {args.server_cpu, args.client_cpu} - available or args.server_cpu == args.client_cpu:
        parser.error(f"--server-cpu and --client-cpu must be two of the CPUs {sorted(available)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if shutil.which("taskset") is None:
        raise SystemExit("taskset is needed (util-linux)")
    stacks = Stacks(args)
    try:
        stacks.start()
        try:
            import uvloop

            results = uvloop.run(run(stacks))
        except ImportError:
            results = asyncio.run(run(stacks))
    finally:
        stacks.stop()
    print()
    print(summary(args, results))


if __name__ == "__main__":
    main()
