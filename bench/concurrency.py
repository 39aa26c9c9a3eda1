"""Many chats at once on one server process, and a long history list (prints figures).

    .venv/bin/python bench/concurrency.py                 # 1,000 chats; /history/ at 10,000
    .venv/bin/python bench/concurrency.py --chats 200 --conversations 2000   # a quick run
    .venv/bin/python bench/concurrency.py --postgres postgres://postgres@127.0.0.1:5432/derrick_bench

One Daphne process (``tests/processes.py``), the builtin agent at its reading
pace (15 ms a word), a SQLite file (or ``--postgres``):

1. **chats**: after one warm-up chat (the builtin agent loads its modules on first
   use), ``--chats`` WebSocket clients connect at once, each asks a question
   on a conversation of its own and reads to ``done``. Reported: failures (a
   refused or dropped connection, an ``error`` event, no ``done``, a close
   other than 1000), time to the first token and to ``done`` (p50/p99), the
   server's peak resident memory (sampled every 0.2 s) and its CPU seconds.
2. **history**: ``--conversations`` conversations (one question and answer
   each) are written for one user straight into the database, then
   ``GET /history/`` is timed ``--requests`` times in a row (p50/p99); the SQL
   queries of one request are counted at 10 and at ``--conversations``
   conversations (Django's query capture, in a process of its own).

Asserts nothing; talks only to 127.0.0.1; every wait is bounded; stops the
server and removes its files (and PostgreSQL database) at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portfolio import RssSampler, drop_database, load_note, percentile  # noqa: E402
from tests.processes import Client, Stack, stack_database  # noqa: E402

CHAT_DEADLINE_SECONDS = 300
UNLIMITED = {
    "CHAT_QUESTIONS_PER_MINUTE": "0",
    "TOKEN_BUDGET_DAILY": "0",
    "TOKEN_BUDGET_MONTHLY": "0",
}

_CONVERSATIONS = """
import django, sys, uuid
django.setup()
from django.utils import timezone
from accounts.models import User
from chat.models import Conversation, Message
user = User.objects.get(email="stack@example.com")
count = int(sys.argv[1])
now = timezone.now()
batch = [
    Conversation(user=user, conversation_id=uuid.uuid4(), title_summary=f"Well review {i}",
                 has_title=True, is_listed=True,
                 last_activity_at=now - timezone.timedelta(minutes=i))
    for i in range(count)
]
Conversation.objects.bulk_create(batch, batch_size=2000)
Message.objects.bulk_create(
    [m for c in batch for m in (
        Message(conversation=c, role="user", content="How much oil is left?"),
        Message(conversation=c, role="assistant", content="About 120,000 bbl (EUR)."),
    )],
    batch_size=4000,
)
print(Conversation.objects.filter(user=user).count())
"""

_QUERIES = """
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from accounts.models import User
client = APIClient()
client.force_authenticate(User.objects.get(email="stack@example.com"))
with CaptureQueriesContext(connection) as captured:
    response = client.get("/history/", HTTP_HOST="localhost")
print(len(captured), len(response.json()))
"""


async def one_chat(url: str, question: str) -> dict:
    """One client's chat: its timings (s) or what went wrong."""
    began = time.monotonic()
    outcome: dict = {"first": None, "done": None, "failure": None}
    try:
        # A slow answer is measured, not failed: any one frame may take up to the deadline.
        # No client pings, as from a browser (Daphne pings its clients itself).
        async with Client(url, wait_seconds=CHAT_DEADLINE_SECONDS, pings=False) as client:
            await client.send(question)
            while True:
                event = await client.next()
                if event is None:
                    outcome["failure"] = f"closed {client.closed} before done"
                    break
                kind = event["event_type"]
                if kind == "on_chat_model_stream" and outcome["first"] is None:
                    outcome["first"] = time.monotonic() - began
                elif kind == "error":
                    outcome["failure"] = f"error: {event['content'][:80]}"
                elif kind == "done":
                    outcome["done"] = time.monotonic() - began
                    if await client.to_close() != 1000 and outcome["failure"] is None:
                        outcome["failure"] = f"closed {client.closed}"
                    break
    except Exception as exc:  # a refused or dropped connection is a failure to count
        outcome["failure"] = f"{type(exc).__name__}: {exc}"[:120]
    return outcome


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def chats(server, stack: Stack, count: int) -> None:
    # One chat first: the builtin agent's modules load on first use, once per process.
    warm = await one_chat(server.url(token=stack.token, conversationID=uuid.uuid4()), "hello")
    if warm["failure"]:
        print(f"warm-up chat failed: {warm['failure']}", flush=True)
    with RssSampler(server.pid) as rss:
        before_mb = rss.now_kb() / 1024
        cpu_before = cpu_seconds(server.pid)
        began = time.monotonic()
        outcomes = await asyncio.gather(
            *(
                one_chat(server.url(token=stack.token, conversationID=uuid.uuid4()), "hello")
                for _ in range(count)
            )
        )
        wall = time.monotonic() - began
        cpu = cpu_seconds(server.pid) - cpu_before
    failures = [o["failure"] for o in outcomes if o["failure"]]
    firsts = [o["first"] * 1000 for o in outcomes if o["first"] is not None]
    dones = [o["done"] * 1000 for o in outcomes if o["done"] is not None]
    print(
        f"{count:,} concurrent chats: {len(failures)} failures; first token p50 "
        f"{percentile(firsts, 50):.0f} ms, p99 {percentile(firsts, 99):.0f} ms; done p50 "
        f"{percentile(dones, 50):.0f} ms, p99 {percentile(dones, 99):.0f} ms; all done in "
        f"{wall:.1f} s; server CPU {cpu:.1f} s; RSS {before_mb:.0f} -> peak "
        f"{rss.peak_kb / 1024:.0f} MB",
        flush=True,
    )
    for failure in sorted(set(failures))[:5]:
        print(f"  failure: {failure} (x{failures.count(failure)})")
    if failures:
        problems = [
            line for line in server.log_text().splitlines() if "ERROR" in line or "Error" in line
        ]
        print("  the server's log:", *problems[-8:] or ["(no errors)"], sep="\n    ")


def history(server, stack: Stack, conversations: int, requests: int) -> None:
    def queries() -> tuple[int, int]:
        out = subprocess.run(
            [sys.executable, "-c", _QUERIES],
            cwd=ROOT,
            env=stack.env,
            capture_output=True,
            text=True,
        )
        found, listed = out.stdout.split()[-2:]
        return int(found), int(listed)

    subprocess.run(
        [sys.executable, "-c", _CONVERSATIONS, "10"],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
    )
    small_queries, small_listed = queries()
    subprocess.run(
        [sys.executable, "-c", _CONVERSATIONS, str(conversations - 10)],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
    )
    big_queries, big_listed = queries()
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/history/",
        headers={"Authorization": f"Bearer {stack.token}"},
    )
    timings, size = [], 0
    for _ in range(requests):
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        timings.append((time.perf_counter() - began) * 1000)
        size = len(body)
    listed = len(json.loads(body))
    print(
        f"/history/ with {listed:,} conversations ({size / 1e6:.2f} MB): p50 "
        f"{np.percentile(timings, 50):.1f} ms, p99 {np.percentile(timings, 99):.1f} ms over "
        f"{requests} requests; SQL queries per request: {small_queries} at {small_listed} "
        f"conversations, {big_queries} at {big_listed}",
        flush=True,
    )


async def main_async(args) -> None:
    print(load_note(), flush=True)
    folder = Path(tempfile.mkdtemp(prefix="concurrency-"))
    database = stack_database(args.postgres, "concurrency") if args.postgres else None
    try:
        stack = Stack(folder, database_url=database) if database else Stack.embedded(folder)
        # One user asks every question: its per-user limits are not what is measured.
        stack.env.update(UNLIMITED)
        try:
            server = stack.daphne("daphne")
            if args.chats:
                await chats(server, stack, args.chats)
            if args.conversations:
                history(server, stack, args.conversations, args.requests)
        finally:
            stack.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if database:
            drop_database(database)
    print(load_note())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL (default: SQLite)")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
