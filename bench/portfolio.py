"""Basin-sized decline fits through the chat, and what they cost everyone else (prints figures).

    .venv/bin/python bench/portfolio.py                      # 1,000 and 10,000 wells, 1 and 2
                                                             # workers, embedded and production
    .venv/bin/python bench/portfolio.py --quick              # 200 and 1,000 wells (~3 min)
    .venv/bin/python bench/portfolio.py --wells 10000 --workers 2 --modes production

For each mode, worker count and basin size it starts a fresh deployment
(``tests/processes.py``): one Daphne process with ``LLM_BACKEND=openai``
pointed at the fake upstream (``bench/fake_upstream.py``), and either its own
job pool of N processes (embedded: SQLite file, in-memory layer) or N Celery
workers of one process each (production: PostgreSQL and Redis). It uploads a
synthetic basin (N wells x 120 months of oil and gas, hyperbolic declines with
noise, seeded) as a gzipped CSV, then:

1. **idle**: 50 concurrent chats whose answers the upstream paces at 50 tokens
   a second; per-token delay = arrival at the client - the token's send time
   at the upstream (one CLOCK_MONOTONIC for every process);
2. **the job**: a chat whose model asks for ``fit_decline`` on the upload; the
   same 50 paced chats start once the job reports its first progress; wall
   time from the question to ``done``, wells per second, per worker process;
3. the web process's resident memory, sampled every 0.2 s: before the job and
   its peak during it.

Prints each run and a Markdown table (with the ratios the targets are stated
in: paced p99 during / idle, wells/s 2 workers / 1 worker). Asserts nothing;
talks only to 127.0.0.1; every wait is bounded; stops its processes and
removes its files, database and Redis db contents at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.processes import Client, Stack, flush_redis, stack_database  # noqa: E402

TOKEN = re.compile(r"w(\d+)@(\d+) ")
JOB_DEADLINE_SECONDS = 900


# --- the basin ---------------------------------------------------------------------


def basin_csv_gz(wells: int, months: int, seed: int = 7) -> bytes:
    """``wells`` hyperbolic wells, ``months`` monthly oil and gas volumes each, as .csv.gz."""
    rng = np.random.default_rng(seed)
    qi = rng.lognormal(np.log(600), 0.5, wells)  # bbl/d at first production
    di = rng.uniform(0.6, 1.8, wells)  # nominal, per year
    b = rng.uniform(0.4, 1.3, wells)
    gor = rng.uniform(1.0, 3.0, wells)  # Mcf/bbl
    first = pd.Timestamp("2012-01-01") + pd.to_timedelta(rng.integers(0, 96, wells) * 30, "D")
    starts = [
        pd.date_range(f.to_period("M").to_timestamp(), periods=months, freq="MS") for f in first
    ]
    days = np.array([s.days_in_month for s in starts], dtype=float)
    t_mid = (np.cumsum(days, axis=1) - days / 2) / 365.25
    rate = qi[:, None] / (1 + b[:, None] * di[:, None] * t_mid) ** (1 / b[:, None])
    oil = rate * days * np.exp(rng.normal(0, 0.08, rate.shape))
    frame = pd.DataFrame(
        {
            "well_name": np.repeat([f"Bench {i:05d}H" for i in range(wells)], months),
            "date": np.concatenate([s.strftime("%Y-%m-%d") for s in starts]),
            "oil_bbl": oil.ravel().round(1),
            "gas_mcf": (oil * gor[:, None]).ravel().round(1),
        }
    )
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6, mtime=0) as handle:
        handle.write(frame.to_csv(index=False).encode())
    return buffer.getvalue()


def upload(port: int, token: str, conversation: uuid.UUID, name: str, content: bytes) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/gzip\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/upload/{conversation}",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())["file_path_db_rowid"]


# --- measuring -----------------------------------------------------------------------


class RssSampler:
    """The peak resident memory of one process, sampled every 0.2 s in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def now_kb(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                self.peak_kb = max(self.peak_kb, self.now_kb())
            except OSError:
                return

    def __enter__(self) -> RssSampler:
        self.peak_kb = self.now_kb()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


class ChatFailed(Exception):
    """A paced chat that did not get every token (its error event, or how it ended)."""


async def paced_chat(url: str, key: str, tokens: int, rate: float) -> list[float]:
    """One chat whose upstream paces ``tokens`` at ``rate``: each token's delay, in ms."""
    delays: list[float] = []
    errors: list[str] = []
    async with Client(url) as client:
        await client.send(f"bench:{key} n={tokens} rate={rate}")
        while True:
            event = await client.next()
            if event is None or event["event_type"] == "done":
                break
            if event["event_type"] == "error":
                errors.append(str(event.get("content"))[:160])
            if event["event_type"] == "on_chat_model_stream":
                arrived = time.monotonic_ns() // 1000
                delays += [(arrived - int(t)) / 1000 for _, t in TOKEN.findall(event["content"])]
    if len(delays) != tokens:
        how = errors[0] if errors else f"closed {client.closed}" if event is None else "done"
        raise ChatFailed(f"{len(delays)} of {tokens} tokens arrived ({how})")
    return delays


async def paced_round(
    server, token: str, chats: int, tokens: int, rate: float, run: Run
) -> list[float]:
    """``chats`` paced chats at once: every token's delay; a chat that failed is noted."""
    runs = [
        paced_chat(
            server.url(token=token, conversationID=uuid.uuid4()), uuid.uuid4().hex[:8], tokens, rate
        )
        for _ in range(chats)
    ]
    delays = []
    for outcome in await asyncio.gather(*runs, return_exceptions=True):
        if isinstance(outcome, BaseException):
            run.chat_failures.append(f"{type(outcome).__name__}: {outcome}"[:200])
        else:
            delays += outcome
    return delays


@dataclass
class Run:
    mode: str
    workers: int
    wells: int
    seconds: float = 0.0
    progress_reports: int = 0
    idle_p50: float = 0.0
    idle_p99: float = 0.0
    busy_p50: float = 0.0
    busy_p99: float = 0.0
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    chat_failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def wells_per_second(self) -> float:
        return self.wells / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.mode:10} workers={self.workers} wells={self.wells:>6,}: "
            f"{self.seconds:7.1f} s to done, {self.wells_per_second:6.1f} wells/s "
            f"({self.wells_per_second / self.workers:6.1f} per worker), "
            f"{self.progress_reports} progress reports; paced p50/p99 idle "
            f"{self.idle_p50:.1f}/{self.idle_p99:.1f} ms, during the job "
            f"{self.busy_p50:.1f}/{self.busy_p99:.1f} ms; web RSS {self.rss_before_mb:.0f} -> "
            f"peak {self.rss_peak_mb:.0f} MB; {len(self.chat_failures)} paced chats failed"
            + (f" (first: {self.chat_failures[0]})" if self.chat_failures else "")
            + (f" ({'; '.join(self.notes)})" if self.notes else "")
        )


# --- one deployment ------------------------------------------------------------------


async def run_one(args, mode: str, workers: int, wells: int, basin: bytes, upstream: str) -> Run:
    folder = Path(tempfile.mkdtemp(prefix=f"portfolio-{mode}-"))
    run = Run(mode, workers, wells)
    try:
        if mode == "embedded":
            stack = Stack.embedded(folder)
        else:
            flush_redis(args.redis)
            stack = Stack(
                folder, database_url=stack_database(args.postgres, "portfolio"), redis=args.redis
            )
        stack.env.update(
            LLM_BACKEND="openai",
            OPENAI_BASE_URL=upstream,
            OPENAI_API_KEY="sk-bench",
            LLM_MAX_RETRIES="0",
            LLM_TIMEOUT_SECONDS="900",
            JOBS_POOL_PROCESSES=str(workers),
            TOOL_JOB_WORKER_TIMEOUT_SECONDS="600",
            ANSWER_TIMEOUT_SECONDS=str(JOB_DEADLINE_SECONDS),
            MAX_UPLOAD_SIZE=str(200 * 1024 * 1024),
            # One user asks every question: its per-user limits are not what is measured.
            CHAT_QUESTIONS_PER_MINUTE="0",
            TOKEN_BUDGET_DAILY="0",
            TOKEN_BUDGET_MONTHLY="0",
        )
        try:
            server = stack.daphne("daphne")
            for number in range(workers if mode == "production" else 0):
                stack.worker(f"w{number + 1}")
            small = basin_csv_gz(8, 24, seed=1)
            for name, content, which in (
                ("warm.csv.gz", small, None),
                ("basin.csv.gz", basin, run),
            ):
                conversation = uuid.uuid4()
                rowid = upload(server.port, stack.token, conversation, name, content)
                if which is None:
                    # Warm-up: the pool's processes (or the workers' imports) start.
                    await fit(server, stack.token, conversation, rowid)
                    run.idle_p50, run.idle_p99 = stats(
                        await paced_round(
                            server, stack.token, args.chats, args.tokens, args.rate, run
                        )
                    )
                    continue
                await measured_fit(args, run, server, stack.token, conversation, rowid)
        finally:
            stack.close()
            if mode == "production":
                drop_database(stack.env["DATABASE_URL"])
                flush_redis(args.redis)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return run


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stats(delays: list[float]) -> tuple[float, float]:
    return percentile(delays, 50), percentile(delays, 99)


async def fit(server, token: str, conversation, rowid: int) -> Client:
    client = Client(server.url(token=token, conversationID=conversation))
    await client.__aenter__()
    await client.send("bench-tool:fit_decline " + json.dumps({"rowid": rowid, "phase": "oil"}))
    await asyncio.wait_for(client.until_type("done"), JOB_DEADLINE_SECONDS)
    await client.__aexit__()
    if client.of_type("error"):
        raise RuntimeError(f"the fit failed: {client.of_type('error')}")
    return client


async def measured_fit(args, run: Run, server, token: str, conversation, rowid: int) -> None:
    with RssSampler(server.pid) as rss:
        run.rss_before_mb = rss.now_kb() / 1024
        client = Client(server.url(token=token, conversationID=conversation))
        await client.__aenter__()
        started = time.monotonic()
        await client.send("bench-tool:fit_decline " + json.dumps({"rowid": rowid, "phase": "oil"}))

        computing = asyncio.Event()

        async def until_done() -> None:
            # The paced chats start once the job computes (its first log line).
            while True:
                event = await client.next()
                if event is None:
                    raise RuntimeError(f"the socket closed before done ({client.closed})")
                if event["event_type"] in ("log", "done"):
                    computing.set()
                if event["event_type"] == "done":
                    return

        job = asyncio.ensure_future(asyncio.wait_for(until_done(), JOB_DEADLINE_SECONDS))
        waiting = asyncio.ensure_future(computing.wait())
        await asyncio.wait({job, waiting}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        busy = asyncio.ensure_future(
            paced_round(server, token, args.chats, args.tokens, args.rate, run)
        )
        await job
        run.seconds = time.monotonic() - started
        delays = await busy
        run.busy_p50, run.busy_p99 = stats(delays)
        run.rss_peak_mb = rss.peak_kb / 1024
        await client.__aexit__()
    run.progress_reports = len(client.progress())
    errors = client.of_type("error")
    if errors:
        run.notes.append(f"error: {errors[0]['content'][:120]}")
    if not client.progress():
        run.notes.append("no progress reports: the tool ran as one job, not fanned out")


def start_upstream() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "fake_upstream.py"), "--lifetime", "7200"],
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}/v1"


def load_note() -> str:
    load1, load5, _ = os.getloadavg()
    return f"load average before the run: {load1:.2f} (1 min), {load5:.2f} (5 min) on {os.cpu_count()} CPUs"


async def main_async(args) -> None:
    print(load_note(), flush=True)
    upstream, url = start_upstream()
    runs: list[Run] = []
    try:
        basins = {}
        for wells in args.wells:
            began = time.monotonic()
            basins[wells] = basin_csv_gz(wells, args.months)
            print(
                f"basin of {wells:,} wells x {args.months} months: {len(basins[wells]) / 1e6:.1f} MB "
                f"gzipped ({time.monotonic() - began:.1f} s to make)",
                flush=True,
            )
        for mode in args.modes:
            for workers in args.workers:
                for wells in args.wells:
                    run = await run_one(args, mode, workers, wells, basins[wells], url)
                    runs.append(run)
                    print(run.line(), flush=True)
    finally:
        upstream.terminate()
        upstream.wait(10)
    print()
    print(
        "| mode | workers | wells | s to done | wells/s | per worker | paced p99 idle | during job | ratio | web RSS growth |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        ratio = r.busy_p99 / r.idle_p99 if r.idle_p99 else float("nan")
        print(
            f"| {r.mode} | {r.workers} | {r.wells:,} | {r.seconds:.1f} | {r.wells_per_second:.1f} | "
            f"{r.wells_per_second / r.workers:.1f} | {r.idle_p99:.1f} ms | {r.busy_p99:.1f} ms | "
            f"{ratio:.2f}x | {r.rss_peak_mb - r.rss_before_mb:+.0f} MB |"
        )
    for mode in args.modes:
        for wells in args.wells:
            by = {r.workers: r for r in runs if r.mode == mode and r.wells == wells}
            if 1 in by and 2 in by and by[1].wells_per_second:
                print(
                    f"{mode}, {wells:,} wells: 2 workers give "
                    f"{by[2].wells_per_second / by[1].wells_per_second:.2f}x the wells/s of 1"
                )
    print(load_note())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--wells", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 10000]
    )
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    parser.add_argument("--modes", type=lambda s: s.split(","), default=["embedded", "production"])
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/derrick_bench"
        ),
        help="a PostgreSQL URL; the bench makes and drops <its name>_portfolio",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis db the bench may flush",
    )
    parser.add_argument("--quick", action="store_true", help="200 and 1,000 wells")
    args = parser.parse_args()
    if args.quick:
        args.wells = [200, 1000]
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
