"""How much latency Derrick adds to a streamed answer (prints figures; asserts nothing).

Run from the project root with the project's environment:

    .venv/bin/python bench/stream_relay.py                 # 100 answers, 200 tokens, 50 tokens/s
    .venv/bin/python bench/stream_relay.py --redis         # channels-redis (REDIS_URL db 14)
    .venv/bin/python bench/stream_relay.py --redis --processes 2

What it does, all on 127.0.0.1:

1. A lean fake OpenAI-compatible server (this file, run as a subprocess with
   ``--fake-server``) streams ``chat.completion.chunk`` events paced at
   ``--rate`` tokens a second. Every token's text is ``w<k>@<t> `` where
   ``<t>`` is ``time.monotonic_ns() // 1000`` taken just before the chunk is
   written: CLOCK_MONOTONIC is one clock for every process on the machine, so
   a reader knows when each token left the server. It keeps the text it sent
   for each question, which the bench fetches at the end.
2. Real Daphne (``python -m daphne ... project.asgi:application``), one or more
   processes, on a temporary SQLite database (migrated first) or a temporary
   PostgreSQL database (``--postgres``), with ``LLM_BACKEND=openai`` pointed at
   the fake server.
3. Baseline: ``--clients`` concurrent raw HTTP readers of the fake server's
   stream (what the tokens' delay is without Derrick: the fake server, the
   loopback, and this client's own event loop, on the same busy machine).
4. Through Derrick: the same number of concurrent ``websockets`` clients, each
   asking one question on a new conversation and reading until ``done``.

Per-token delay = receive time at the client - emit time at the fake server.
A token's receive time is the time of the read (baseline) or frame (Derrick)
that completed it. Reported: p50/p95/p99 per-token delay, the added latency
(Derrick - baseline, percentile by percentile) and the ratio; time to first
token and total answer time (from sending the question to ``done``); whether
every answer arrived complete and in order (text identical to what the server
sent) and was saved (the database's assistant message, status ``complete``);
and CPU seconds used by each process during the phase.

The run stops by itself: every wait is bounded, subprocesses are terminated
and the temporary files (and database, and Redis db) removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TOKEN_RE = re.compile(rb"w(\d+)@(\d+) ")
QUESTION_RE = re.compile(r"bench:(\S+) n=(\d+) rate=([\d.]+)")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def now_us() -> int:
    return time.monotonic_ns() // 1000


# --- the fake OpenAI-compatible server (a subprocess) ------------------------------

_CHUNK_HEAD = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[{"index":0,"delta":{"content":"'
)
_CHUNK_TAIL = b'"},"finish_reason":null}]}\n\n'
_ROLE = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[{"index":0,"delta":{"role":"assistant","content":""},'
    b'"finish_reason":null}]}\n\n'
)
_USAGE = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":%d,'
    b'"total_tokens":%d}}\n\n'
)
_DONE = b"data: [DONE]\n\n"


def _http_chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


class FakeServer:
    """An OpenAI-compatible chat-completions server, streaming paced tokens."""

    def __init__(self) -> None:
        self.sent: dict[str, str] = {}
        self.lag_us: list[int] = []  # actual emission - scheduled emission, per token

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                if method == "GET" and path == "/_sent":
                    self._json(writer, 200, {"sent": self.sent, "lag_us": self.lag_us})
                    self.lag_us = []
                elif method == "POST" and path.endswith("/chat/completions"):
                    request = json.loads(body or b"{}")
                    if request.get("stream"):
                        await self._stream(writer, request)
                    else:  # the conversation's title
                        self._json(writer, 200, _title_reply())
                else:
                    self._json(writer, 404, {"error": {"message": "not found"}})
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    def _json(self, writer: asyncio.StreamWriter, status: int, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        writer.write(
            b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (status, len(raw), raw)
        )

    async def _stream(self, writer: asyncio.StreamWriter, request: dict[str, Any]) -> None:
        question = ""
        for message in request.get("messages", []):
            if message.get("role") == "user" and isinstance(message.get("content"), str):
                question = message["content"]
        match = QUESTION_RE.search(question)
        key, count, rate = (match[1], int(match[2]), float(match[3])) if match else ("?", 5, 50)
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + _http_chunk(_ROLE)
        )
        parts: list[str] = []
        interval_us = 1_000_000 / rate
        start = now_us()
        try:
            for k in range(count):
                due = start + k * interval_us
                wait = due - now_us()
                if wait > 0:
                    await asyncio.sleep(wait / 1_000_000)
                stamp = now_us()
                text = f"w{k}@{stamp} "
                writer.write(_http_chunk(_CHUNK_HEAD + text.encode() + _CHUNK_TAIL))
                self.lag_us.append(int(stamp - due))
                parts.append(text)
                if writer.transport.get_write_buffer_size() > 65536:
                    await writer.drain()
                if writer.transport.is_closing():
                    break
            writer.write(
                _http_chunk(_USAGE % (count, count + 10)) + _http_chunk(_DONE) + b"0\r\n\r\n"
            )
        finally:
            self.sent[key] = "".join(parts)


def _title_reply() -> dict[str, Any]:
    return {
        "id": "chatcmpl-title",
        "object": "chat.completion",
        "created": 0,
        "model": "bench",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Bench Title"},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
    }


async def fake_server_main(lifetime: float) -> None:
    fake = FakeServer()
    server = await asyncio.start_server(fake.handle, HOST, 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    # Bounded: the bench terminates it, and it ends by itself if forgotten.
    await asyncio.sleep(lifetime)
    server.close()


# --- the bench's processes ---------------------------------------------------------

_SETUP = """
import django, json, sys
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.models import User
from accounts.tokens import mint_access_token
from agents.models import Agent
user = User.objects.create_user(email="bench@example.com", password="bench-long-password-1")
# The first active agent answers; the model name is what the fake server sees.
Agent.objects.update(position=10)
Agent.objects.create(label="Bench Agent", description="Relays the fake model.",
                     system_prompt="You help.", position=0)
print(json.dumps({"token": mint_access_token(user)}))
"""

_SAVED = """
import django, json
django.setup()
from chat.models import Message
rows = Message.objects.filter(role="assistant").values_list(
    "conversation__conversation_id", "status", "content")
print(json.dumps({str(c): [s, t] for c, s, t in rows}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def terminate(process: subprocess.Popen[Any] | None, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def wait_for_port(process: subprocess.Popen[Any], port: int, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise SystemExit(f"the server exited early:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not listen within {seconds:.0f}s") from None
            time.sleep(0.05)


@dataclass
class Bench:
    args: argparse.Namespace
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="derrick-bench-")))
    env: dict[str, str] = field(default_factory=dict)
    fake: subprocess.Popen[Any] | None = None
    fake_port: int = 0
    daphnes: list[tuple[subprocess.Popen[Any], int]] = field(default_factory=list)
    token: str = ""
    pg_database: str | None = None

    # -- setup and teardown --

    def start(self) -> None:
        base = {
            k: v
            for k, v in os.environ.items()
            if k not in {"REDIS_URL", "DATABASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"}
        }
        self.fake = subprocess.Popen(
            [sys.executable, __file__, "--fake-server", "--lifetime", "900"],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.fake_port = int(self.fake.stdout.readline())
        if self.args.postgres:
            database_url = self._postgres_create()
        else:
            database_url = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        self.env = {
            **base,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "LLM_BACKEND": "openai",
            "OPENAI_BASE_URL": f"http://{HOST}:{self.fake_port}/v1",
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
        if self.args.redis:
            self.env["REDIS_URL"] = self.args.redis_url
            self._redis_flush()
        setup = subprocess.run(
            [sys.executable, "-c", _SETUP],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if setup.returncode:
            raise SystemExit(f"setup failed:\n{setup.stderr[-3000:]}")
        self.token = json.loads(setup.stdout.strip().splitlines()[-1])["token"]
        for number in range(self.args.processes):
            port = free_port()
            log = self.tmp / f"daphne-{number}.log"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    HOST,
                    "-p",
                    str(port),
                    "project.asgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            self.daphnes.append((process, port))
            wait_for_port(process, port, log, 60)

    def stop(self) -> None:
        for process, _ in self.daphnes:
            terminate(process)
        terminate(self.fake, 5)
        if self.args.redis:
            with contextlib.suppress(Exception):
                self._redis_flush()
        if self.pg_database:
            with contextlib.suppress(Exception):
                self._postgres_drop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def daphne_log_tail(self) -> str:
        return "\n".join(
            (self.tmp / f"daphne-{n}.log").read_text()[-2000:] for n in range(len(self.daphnes))
        )

    def _redis_flush(self) -> None:
        import redis

        client = redis.Redis.from_url(self.args.redis_url)
        client.flushdb()
        client.close()

    def _postgres_create(self) -> str:
        import psycopg

        self.pg_database = f"derrick_bench_{os.getpid()}"
        with psycopg.connect(self.args.postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}"')
            conn.execute(f'CREATE DATABASE "{self.pg_database}"')
        return self.args.postgres_url.rsplit("/", 1)[0] + "/" + self.pg_database

    def _postgres_drop(self) -> None:
        import psycopg

        with psycopg.connect(self.args.postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')

    # -- what the fake server sent, what the database saved --

    async def fake_sent(self) -> tuple[dict[str, str], list[int]]:
        reader, writer = await asyncio.open_connection(HOST, self.fake_port)
        writer.write(b"GET /_sent HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = await asyncio.wait_for(reader.read(), 30)
        writer.close()
        payload = json.loads(raw.split(b"\r\n\r\n", 1)[1])
        return payload["sent"], payload["lag_us"]

    def saved_answers(self) -> dict[str, list[str]]:
        result = subprocess.run(
            [sys.executable, "-c", _SAVED],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode:
            raise SystemExit(f"reading the saved answers failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])


# --- the clients -------------------------------------------------------------------


@dataclass
class Answer:
    key: str
    start_us: int = 0
    end_us: int = 0
    received: bytes = b""
    # Cumulative end offsets of the received pieces, and when each arrived.
    ends: list[int] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    conversation_id: str = ""
    error: str = ""

    def tokens(self) -> list[tuple[int, int, int]]:
        """(k, emitted, received) for every whole token received, in order."""
        found = []
        for match in TOKEN_RE.finditer(self.received):
            piece = bisect.bisect_left(self.ends, match.end())
            found.append((int(match[1]), int(match[2]), self.times[piece]))
        return found


async def baseline_client(port: int, answer: Answer, question: str, jitter: float) -> None:
    """Read the fake server's stream directly (raw HTTP, as little work as possible)."""
    await asyncio.sleep(jitter)
    body = json.dumps(
        {"model": "bench", "stream": True, "messages": [{"role": "user", "content": question}]}
    ).encode()
    reader, writer = await asyncio.open_connection(HOST, port)
    answer.start_us = now_us()
    writer.write(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    pieces: list[tuple[int, bytes]] = []
    try:
        while data := await reader.read(65536):
            pieces.append((now_us(), data))
    finally:
        writer.close()
    answer.end_us = pieces[-1][0] if pieces else now_us()
    # The SSE bodies carry the tokens verbatim (nothing in them needs JSON escaping).
    answer.received = b"".join(m[0] for m in TOKEN_RE.finditer(b"".join(d for _, d in pieces)))
    answer.ends, answer.times = _token_ends(pieces)


def _token_ends(pieces: list[tuple[int, bytes]]) -> tuple[list[int], list[int]]:
    """Offsets (in the concatenated token text) at which each read's tokens end."""
    raw = b"".join(d for _, d in pieces)
    bounds = []
    total = 0
    for _, data in pieces:
        total += len(data)
        bounds.append(total)
    ends: list[int] = []
    times: list[int] = []
    offset = 0
    for match in TOKEN_RE.finditer(raw):
        offset += len(match[0])
        piece = bisect.bisect_left(bounds, match.end())
        ends.append(offset)
        times.append(pieces[piece][0])
    return ends, times


async def derrick_client(url: str, answer: Answer, question: str, jitter: float) -> None:
    """One WebSocket: a new conversation, one question, every frame until ``done``."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    async with connect(url, max_size=None, open_timeout=60, close_timeout=10) as ws:
        first = json.loads(await ws.recv())
        answer.conversation_id = first.get("conversation_id", "")
        await asyncio.sleep(jitter)
        answer.start_us = now_us()
        await ws.send(question)
        frames: list[tuple[int, str]] = []
        with contextlib.suppress(ConnectionClosed):
            async for message in ws:
                frames.append((now_us(), message))
    total = 0
    text: list[bytes] = []
    for at, raw in frames:
        event = json.loads(raw)
        kind = event.get("event_type")
        if kind == "on_chat_model_stream":
            chunk = event["content"].encode()
            text.append(chunk)
            total += len(chunk)
            answer.ends.append(total)
            answer.times.append(at)
        elif kind == "error":
            answer.error = event.get("content", "error")
        elif kind == "done":
            answer.end_us = at
    answer.received = b"".join(text)
    if not answer.end_us:
        answer.error = answer.error or "no done event"
        answer.end_us = frames[-1][0] if frames else now_us()


async def run_phase(clients: list[Any], bound: float) -> tuple[list[BaseException | None], float]:
    started = time.monotonic()
    tasks = [asyncio.ensure_future(c) for c in clients]
    _, pending = await asyncio.wait(tasks, timeout=bound)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    outcomes: list[BaseException | None] = []
    for task in tasks:
        if task.cancelled():
            outcomes.append(TimeoutError("did not finish within the phase's bound"))
        else:
            outcomes.append(task.exception())
    return outcomes, time.monotonic() - started


# --- figures -----------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Figures:
    name: str
    delays_ms: list[float]
    ttft_ms: list[float]
    total_ms: list[float]
    complete: int
    answers: int
    saved: int | None
    problems: list[str]
    cpu: dict[str, float]
    wall: float
    by_part: dict[str, list[float]]

    def pct(self, values: list[float]) -> tuple[float, float, float]:
        return percentile(values, 50), percentile(values, 95), percentile(values, 99)


def figures_of(
    name: str,
    answers: list[Answer],
    outcomes: list[BaseException | None],
    sent: dict[str, str],
    saved: dict[str, list[str]] | None,
    cpu: dict[str, float],
    wall: float,
) -> Figures:
    delays: list[float] = []
    ttft: list[float] = []
    totals: list[float] = []
    complete = 0
    saved_ok = 0
    problems: list[str] = []
    by_part: dict[str, list[float]] = {}
    for answer, outcome in zip(answers, outcomes, strict=True):
        if outcome is not None:
            problems.append(f"{answer.key}: {type(outcome).__name__}: {outcome}")
            continue
        tokens = answer.tokens()
        delays.extend((received - emitted) / 1000 for _, emitted, received in tokens)
        for k, emitted, received in tokens:
            part = "first 10" if k < 10 else ("last 10" if k >= len(tokens) - 10 else "middle")
            by_part.setdefault(part, []).append((received - emitted) / 1000)
        if tokens:
            ttft.append((tokens[0][2] - answer.start_us) / 1000)
        totals.append((answer.end_us - answer.start_us) / 1000)
        expected = sent.get(answer.key)
        if expected is not None and answer.received.decode() == expected and not answer.error:
            complete += 1
        else:
            problems.append(
                f"{answer.key}: received {len(answer.received)} chars, server sent "
                f"{len(expected or '')}; error={answer.error!r}"
            )
        if saved is not None:
            row = saved.get(answer.conversation_id)
            if row is not None and row[0] == "complete" and row[1] == expected:
                saved_ok += 1
            else:
                problems.append(f"{answer.key}: saved {row[0] if row else None!r} differs")
    return Figures(
        name,
        delays,
        ttft,
        totals,
        complete,
        len(answers),
        saved_ok if saved is not None else None,
        problems,
        cpu,
        wall,
        by_part,
    )


def report(args: argparse.Namespace, base: Figures, derrick: Figures, lag_us: list[int]) -> str:
    lines = []
    setup = (
        f"{args.clients} concurrent answers x {args.tokens} tokens at {args.rate:g} tokens/s; "
        f"{args.processes} Daphne process(es); channel layer: "
        f"{'redis' if args.redis else 'in-memory'}; database: "
        f"{'postgresql' if args.postgres else 'sqlite'}; {os.cpu_count()} CPUs"
    )
    lines.append(setup)
    lines.append("")
    lines.append(
        f"{'per-token delay (ms)':<24}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'tokens':>9}"
    )
    for fig in (base, derrick):
        p50, p95, p99 = fig.pct(fig.delays_ms)
        top = max(fig.delays_ms) if fig.delays_ms else float("nan")
        lines.append(
            f"{fig.name:<24}{p50:>9.2f}{p95:>9.2f}{p99:>9.2f}{top:>9.1f}{len(fig.delays_ms):>9}"
        )
    b = base.pct(base.delays_ms)
    d = derrick.pct(derrick.delays_ms)
    lines.append(
        f"{'added by Derrick':<24}"
        + "".join(f"{dv - bv:>9.2f}" for bv, dv in zip(b, d, strict=True))
    )
    lines.append(
        f"{'ratio Derrick/baseline':<24}"
        + "".join(
            f"{dv / bv if bv > 0 else float('inf'):>9.1f}" for bv, dv in zip(b, d, strict=True)
        )
    )
    for part in ("first 10", "middle", "last 10"):
        row = f"{'  tokens ' + part:<24}"
        for fig in (base, derrick):
            values = fig.by_part.get(part, [])
            row += f"{fig.name[:4]} p50 {percentile(values, 50):.2f} p95 {percentile(values, 95):.2f}   "
        lines.append(row.rstrip())
    lines.append("")
    lines.append(f"{'time (ms)':<24}{'p50':>9}{'p95':>9}{'max':>9}")
    for fig in (base, derrick):
        for label, values in (("first token", fig.ttft_ms), ("whole answer", fig.total_ms)):
            p50, p95, _ = fig.pct(values)
            top = max(values) if values else float("nan")
            lines.append(f"{fig.name + ' ' + label:<24}{p50:>9.1f}{p95:>9.1f}{top:>9.1f}")
    lines.append("")
    for fig in (base, derrick):
        saved = "" if fig.saved is None else f", saved {fig.saved}/{fig.answers}"
        cpu = ", ".join(f"{k} {v:.2f}s" for k, v in fig.cpu.items())
        lines.append(
            f"{fig.name}: complete and in order {fig.complete}/{fig.answers}{saved}; "
            f"wall {fig.wall:.1f}s; CPU {cpu}"
        )
        for problem in fig.problems[:5]:
            lines.append(f"  ! {problem}")
        if len(fig.problems) > 5:
            lines.append(f"  ! ... and {len(fig.problems) - 5} more")
    if lag_us:
        lines.append(
            f"fake server pacing lag (ms): p50 {percentile(lag_us, 50) / 1000:.2f}, "
            f"p99 {percentile(lag_us, 99) / 1000:.2f}, max {max(lag_us) / 1000:.1f}"
        )
    return "\n".join(lines)


# --- the run -----------------------------------------------------------------------


def cpu_snapshot(bench: Bench) -> dict[str, float]:
    snapshot = {"bench client": sum(os.times()[:2]), "fake server": cpu_seconds(bench.fake.pid)}
    for number, (process, _) in enumerate(bench.daphnes):
        snapshot[f"daphne{number}"] = cpu_seconds(process.pid)
    return snapshot


def start_profiler(args: argparse.Namespace, pid: int, bound: float) -> Any:
    """py-spy on the first Daphne during the Derrick phase (``--profile``)."""
    if not args.profile:
        return None
    exe = shutil.which("py-spy") or os.environ.get("PY_SPY")
    if not exe:
        raise SystemExit("--profile needs py-spy (pip install py-spy) on PATH or in $PY_SPY")
    return subprocess.Popen(
        [exe, "record", "--pid", str(pid), "--rate", "200", "--nonblocking"]
        + ["--format", args.profile_format, "--output", args.profile]
        + ["--duration", str(int(bound))]
        + (["--gil"] if args.profile_gil else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_profiler(profiler: Any) -> None:
    if profiler is not None:
        # SIGINT makes py-spy write what it sampled so far.
        profiler.send_signal(signal.SIGINT)
        try:
            profiler.wait(timeout=30)
        except subprocess.TimeoutExpired:
            profiler.kill()
            profiler.wait(timeout=5)


def cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {k: after[k] - before[k] for k in before}


async def measure(bench: Bench) -> tuple[Figures, Figures, list[int]]:
    args = bench.args
    run = uuid.uuid4().hex[:6]
    rng = random.Random(args.seed)
    # Real streams are not phase-locked: start each within one token interval.
    jitters = [rng.uniform(0, 1 / args.rate) for _ in range(args.clients)]
    bound = args.tokens / args.rate * 3 + 60

    def question(phase: str, i: int, tokens: int) -> str:
        return f"bench:{run}-{phase}-{i} n={tokens} rate={args.rate:g}"

    def ws_url(i: int) -> str:
        port = bench.daphnes[i % len(bench.daphnes)][1]
        return f"ws://{HOST}:{port}/async_chat?token={bench.token}"

    # Warm up: every Daphne answers once (imports, the openai client, connections).
    warm = [Answer(key=f"{run}-warm-{i}") for i in range(len(bench.daphnes))]
    outcomes, _ = await run_phase(
        [derrick_client(ws_url(i), a, question("warm", i, 5), 0) for i, a in enumerate(warm)], 60
    )
    for outcome in outcomes:
        if outcome is not None:
            raise SystemExit(f"warm-up failed: {outcome!r}\n{bench.daphne_log_tail()}")
    await baseline_client(bench.fake_port, Answer(key="warm"), question("warmb", 0, 5), 0)
    await bench.fake_sent()  # resets the pacing log

    # Baseline: the fake server read directly.
    base_answers = [Answer(key=f"{run}-base-{i}") for i in range(args.clients)]
    before = cpu_snapshot(bench)
    outcomes_b, wall_b = await run_phase(
        [
            baseline_client(bench.fake_port, a, question("base", i, args.tokens), jitters[i])
            for i, a in enumerate(base_answers)
        ],
        bound,
    )
    cpu_b = cpu_delta(before, cpu_snapshot(bench))
    sent, lag_b = await bench.fake_sent()
    base = figures_of("baseline", base_answers, outcomes_b, sent, None, cpu_b, wall_b)

    await asyncio.sleep(0.5)
    # Through Derrick.
    ws_answers = [Answer(key=f"{run}-ws-{i}") for i in range(args.clients)]
    profiler = start_profiler(args, bench.daphnes[0][0].pid, bound)
    before = cpu_snapshot(bench)
    outcomes_d, wall_d = await run_phase(
        [
            derrick_client(ws_url(i), a, question("ws", i, args.tokens), jitters[i])
            for i, a in enumerate(ws_answers)
        ],
        bound,
    )
    cpu_d = cpu_delta(before, cpu_snapshot(bench))
    stop_profiler(profiler)
    sent, lag_d = await bench.fake_sent()
    saved = await asyncio.to_thread(bench.saved_answers)
    derrick = figures_of("Derrick", ws_answers, outcomes_d, sent, saved, cpu_d, wall_d)
    return base, derrick, lag_b + lag_d


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100, help="concurrent answers (100)")
    parser.add_argument("--tokens", type=int, default=200, help="tokens per answer (200)")
    parser.add_argument("--rate", type=float, default=50.0, help="tokens per second (50)")
    parser.add_argument("--processes", type=int, default=1, help="Daphne processes (1)")
    parser.add_argument("--redis", action="store_true", help="channels-redis layer and Redis cache")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/14", help="flushed before and after"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="a temporary PostgreSQL database, not SQLite"
    )
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--profile", metavar="PATH", help="py-spy record the first Daphne during the Derrick phase"
    )
    parser.add_argument(
        "--profile-format", default="flamegraph", choices=["flamegraph", "speedscope", "raw"]
    )
    parser.add_argument(
        "--profile-gil", action="store_true", help="sample only the thread holding the GIL"
    )
    parser.add_argument("--seed", type=int, default=1, help="start jitter seed")
    parser.add_argument("--fake-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lifetime", type=float, default=900, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for url in (args.redis_url, args.postgres_url):
        if "127.0.0.1" not in url and "localhost" not in url:
            parser.error(f"only 127.0.0.1 is used: {url}")
    if min(args.clients, args.tokens, args.processes) < 1 or args.rate <= 0:
        parser.error("clients, tokens, processes and rate must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.fake_server:
        asyncio.run(fake_server_main(args.lifetime))
        return
    bench = Bench(args)
    try:
        bench.start()
        base, derrick, lag = asyncio.run(measure(bench))
    finally:
        bench.stop()
    print(report(args, base, derrick, lag))


if __name__ == "__main__":
    main()
