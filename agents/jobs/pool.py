"""The embedded executor: a local process pool the server starts on first use.

``JOBS_POOL_PROCESSES`` processes (forkserver: never a fork of the server,
whose threads and sockets a child must not inherit), each with Django set up
and the tools loaded. The web process only orchestrates: it sends each step
to the pool and waits on a future, so its event loop keeps streaming while
the tools compute.

Large payloads never cross the web process: a tool step that fans out
writes each chunk's items to a file of the job's scratch directory (through
the codec, as for Celery) and returns their paths; a chunk step reads its
file and writes its results beside it; the ``then`` step reads them all.
Events from a child (logs, progress, new rows) come back on one queue,
read by a thread that hands each to its job on the server's loop. A step's
result comes back on the executor's own pipe, which can overtake that queue:
so a tool or ``then`` step ends with a barrier on the queue, and the server
takes the step as done once the barrier, and so every event before it, has
been handed over (a row's ``artifact`` event is never lost to the answer
moving on).

A child that dies (killed, out of memory) breaks the pool: it is made again
and the step tried once more, so a chunk is computed elsewhere and the
answer still completes. A stop touches the job's ``cancelled`` file: chunks
end before their next item, steps not started are cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from django.db import close_old_connections

from agents.jobs import child, codec
from agents.jobs.context import JobSpec, Throttled, job_context, progress_event
from agents.jobs.fanout import FanOut, JobCancelled, run_chunk
from agents.jobs.steps import Outcome, failed, then_step, tool_step
from agents.tools.registry import all_tools

logger = logging.getLogger(__name__)

CANCELLED_FILE = "cancelled"

# How long the server waits, after a step's result, for the events it sent
# (they are already on their way; only a child that died just then loses them).
BARRIER_SECONDS = 5.0

# --- in the child process ------------------------------------------------------------

_events: Any = None


def child_started(events: Any) -> None:
    """Keep the queue this process sends its jobs' events on (``child.start``)."""
    global _events
    _events = events


def _emit(job: str) -> Callable[[dict[str, Any]], None]:
    def emit(event: dict[str, Any]) -> None:
        _events.put((job, event))

    return emit


def _cancelled(scratch: str) -> Callable[[], bool]:
    marker = Path(scratch, CANCELLED_FILE)
    return Throttled(marker.exists)


def _in_child(step: Callable[[], Any], barrier: str) -> Any:
    close_old_connections()
    try:
        return step()
    finally:
        close_old_connections()
        # After every event of the step, on the same queue (``LocalPool.run_step``).
        _events.put((None, {"barrier": barrier}))


def _spilled(plan: FanOut, scratch: str, pass_number: int) -> dict[str, Any]:
    """Write ``plan``'s items chunk by chunk under ``scratch``; the plan without them."""
    folder = Path(scratch, f"pass-{pass_number}")
    folder.mkdir()
    Path(folder, "shared.json").write_text(codec.dumps(plan.shared))
    chunks = []
    for index, (start, stop) in enumerate(plan.chunks()):
        path = Path(folder, f"chunk-{index:05d}.json")
        path.write_text(codec.dumps(plan.items[start:stop]))
        chunks.append({"items": str(path), "results": str(path.with_suffix(".out.json"))})
    return {
        "fan_out": {
            "plan": codec.dumps({**plan.__dict__, "items": []}),
            "total": plan.total,
            "shared": str(Path(folder, "shared.json")),
            "chunks": chunks,
            "pass": pass_number,
        }
    }


def _step_result(step: FanOut | Outcome, scratch: str, pass_number: int) -> dict[str, Any]:
    if isinstance(step, FanOut):
        return _spilled(step, scratch, pass_number)
    return {"outcome": codec.dumps(step)}


def child_tool(spec: dict[str, Any], scratch: str, barrier: str) -> dict[str, Any]:
    def step() -> dict[str, Any]:
        job = JobSpec.from_dict(spec)
        try:
            ctx = job_context(job, emit=_emit(job.job), cancelled=_cancelled(scratch))
        except Exception as exc:  # a ToolError (conversation gone) or a database failure
            return {"outcome": codec.dumps({"tool_error": str(exc)})}
        return _step_result(tool_step(ctx, job.tool, job.arguments), scratch, 1)

    return _in_child(step, barrier)


def child_chunk(each: str, items_path: str, shared_path: str, results_path: str) -> int:
    scratch = str(Path(items_path).parent.parent)
    items = codec.loads(Path(items_path).read_text())
    shared = codec.loads(Path(shared_path).read_text())
    results = run_chunk(each, items, shared, cancelled=_cancelled(scratch))
    Path(results_path).write_text(codec.dumps(results))
    return len(items)


def child_then(
    spec: dict[str, Any], fan_out: dict[str, Any], scratch: str, barrier: str
) -> dict[str, Any]:
    def step() -> dict[str, Any]:
        job = JobSpec.from_dict(spec)
        plan = FanOut(**codec.loads(fan_out["plan"]))
        results: list[Any] = []
        for chunk in fan_out["chunks"]:
            results.extend(codec.loads(Path(chunk["results"]).read_text()))
        try:
            ctx = job_context(job, emit=_emit(job.job), cancelled=_cancelled(scratch))
        except Exception as exc:
            return {"outcome": codec.dumps({"tool_error": str(exc)})}
        return _step_result(then_step(ctx, plan, results), scratch, fan_out["pass"] + 1)

    return _in_child(step, barrier)


# --- in the server process -----------------------------------------------------------


class LocalPool:
    """The server's pool of job processes, and the thread that reads their events."""

    def __init__(self, processes: int, deliver: Callable[[str, dict[str, Any]], None]) -> None:
        self.processes = processes
        self.deliver = deliver
        self._context = multiprocessing.get_context("forkserver")
        self._events = self._context.Queue()
        self._lock = threading.Lock()
        # Steps waiting for their barrier: token -> (loop, future).
        self._barriers: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = {}
        self._executor: ProcessPoolExecutor | None = None
        self._reader = threading.Thread(target=self._read_events, name="job-events", daemon=True)
        self._reader.start()

    def _read_events(self) -> None:
        while True:
            try:
                item = self._events.get()
            except (EOFError, OSError):
                return
            if item is None:
                return
            job, event = item
            if job is None:
                self._passed(str(event.get("barrier")))
                continue
            try:
                self.deliver(job, event)
            except Exception:
                logger.exception("a job event could not be delivered")

    def _passed(self, token: str) -> None:
        waiting = self._barriers.pop(token, None)
        if waiting is not None:
            loop, future = waiting
            # Queued behind the events ``deliver`` handed to the same loop before it.
            loop.call_soon_threadsafe(lambda: future.done() or future.set_result(None))

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=self._context,
                    initializer=child.start,
                    # The modules of every tool the server knows, so that each
                    # child knows the same tools, plug-ins included.
                    initargs=(
                        self._events,
                        sorted({t.func.__module__ for t in all_tools().values()}),
                    ),
                )
            return self._executor

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = None

    def submit(self, func: Callable[..., Any], *args: Any) -> tuple[Future[Any], Any]:
        executor = self._pool()
        return executor.submit(func, *args), executor

    async def run(self, func: Callable[..., Any], *args: Any, retries: int = 1) -> Any:
        """``func(*args)`` in a child; a child that died is replaced and the call made again."""
        for attempt in range(retries + 1):
            future, executor = self.submit(func, *args)
            try:
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                self._renew(executor)
                if attempt == retries:
                    raise
                logger.warning("a job process died; trying %s again", func.__name__)
            except asyncio.CancelledError:
                future.cancel()
                raise
        raise AssertionError("unreachable")

    async def run_step(self, func: Callable[..., Any], *args: Any) -> Any:
        """``func(*args, barrier)`` in a child, not retried; returned once the events it
        sent before its barrier have been handed to ``deliver``'s loop."""
        token = uuid.uuid4().hex
        loop = asyncio.get_running_loop()
        passed: asyncio.Future[None] = loop.create_future()
        self._barriers[token] = (loop, passed)
        try:
            result = await self.run(func, *args, token, retries=0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(passed, BARRIER_SECONDS)
            return result
        finally:
            self._barriers.pop(token, None)

    def pids(self) -> list[int]:
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return sorted(processes)

    def shutdown(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
        try:
            self._events.put(None)
        except (OSError, ValueError):
            pass


async def run_job(pool: LocalPool, spec: JobSpec, scratch: str) -> Outcome:
    """The whole job on ``pool``, with progress handed to ``spec``'s answer as chunks end."""
    # A tool or then step is not tried twice (it may have written rows before
    # its process died); a chunk is pure, so it is.
    step = await pool.run_step(child_tool, spec.as_dict(), scratch)
    while "fan_out" in step:
        fan = step["fan_out"]
        plan = FanOut(**codec.loads(fan["plan"]))
        done = 0
        pending = [
            asyncio.ensure_future(
                pool.run(child_chunk, plan.each, chunk["items"], fan["shared"], chunk["results"])
            )
            for chunk in fan["chunks"]
        ]
        try:
            for finished in asyncio.as_completed(pending):
                try:
                    done += await finished
                except JobCancelled:
                    return {"cancelled": True}
                except BrokenProcessPool as exc:
                    return failed(exc)
                except Exception as exc:
                    logger.exception("a chunk of job %s failed", spec.job)
                    return failed(exc)
                pool.deliver(
                    spec.job,
                    progress_event(done, fan["total"], plan.progress_line(done, fan["total"])),
                )
        finally:
            for task in pending:
                task.cancel()
        step = await pool.run_step(child_then, spec.as_dict(), fan, scratch)
    return codec.loads(step["outcome"])


def default_processes() -> int:
    return os.cpu_count() or 1
