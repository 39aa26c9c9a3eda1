"""Jobs as the web process sees them: send, relay, stop, and never wait forever.

``run_tool(owner, tool, arguments)`` hands one tool call to the executor
``TOOL_JOBS`` names and returns the tool's result (or raises its
``ToolError``). The web process only waits: on a future of the local pool,
or on the Celery result of the job's id, woken by the workers' "ended" note
and looking at the result twice a second in case a note was lost.

The owner is the answer that asked (``chat.streaming.Answer``, seen here
only through ``JobOwner``): a job's events (logs, progress, new rows)
reach it through ``deliver`` (the pool's event thread) or
``layer_message`` (Celery workers, through its control channel), and go
out to the sockets through its one publisher, in order with its text.
Progress only moves forward: a late report of an earlier chunk is dropped.

Faults: a job whose workers send no heartbeat for
``TOOL_JOB_WORKER_TIMEOUT_SECONDS`` (none started it, or every one on it
died and nothing took its tasks over) is revoked and ends the answer with
``JobUnavailable``. A stop (``cancel_jobs``, or the answer's task being
cancelled) cancels the job wherever it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from celery.result import AsyncResult
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections

from agents.errors import AnswerFailed
from agents.jobs import codec, tasks
from agents.jobs import pool as local
from agents.jobs.context import JobSpec
from agents.jobs.fanout import JobCancelled
from agents.jobs.steps import Outcome, inline_outcome
from agents.tools.errors import ToolError
from agents.tools.registry import Tool, ToolContext
from project.celery import app

logger = logging.getLogger(__name__)

# How often the web process looks at a Celery job's result and heartbeat.
POLL_SECONDS = 0.5


class JobFailed(Exception):
    """The tool broke (a bug, or its worker process died); the message says how."""


class JobUnavailable(AnswerFailed):
    """No worker ran the job: the answer cannot go on."""


class JobOwner(Protocol):
    """The answer a job reports to."""

    id: str
    user: Any
    conversation: Any
    control_channel: str | None

    def event(self, event: dict[str, Any]) -> None: ...


@dataclass(eq=False)
class Job:
    spec: JobSpec
    owner: JobOwner
    loop: asyncio.AbstractEventLoop
    woken: asyncio.Event = field(default_factory=asyncio.Event)
    scratch: str | None = None
    task: asyncio.Future[Outcome] | None = None
    cancelled: bool = False
    # The worker's note that the job ended came (after every event it sent).
    ended: bool = False
    # The furthest progress reported, by total (a second pass has its own).
    progress: dict[int, int] = field(default_factory=dict)

    def accept(self, event: dict[str, Any]) -> None:
        """Hand ``event`` to the owner; progress that goes backwards is dropped."""
        if self.cancelled:
            return
        progress = event.get("progress")
        if isinstance(progress, dict):
            total, done = int(progress.get("total", 0)), int(progress.get("done", 0))
            if done <= self.progress.get(total, -1):
                return
            self.progress[total] = done
        self.owner.event(event)

    def cancel(self) -> None:
        """Stop the job wherever it runs; its waiting task ends too."""
        if self.cancelled:
            return
        self.cancelled = True
        if self.scratch is not None:
            with contextlib.suppress(OSError):
                Path(self.scratch, local.CANCELLED_FILE).touch()
        if settings.TOOL_JOBS == "celery":
            self.loop.run_in_executor(None, _celery_cancel, self.spec.job)
        if self.task is not None:
            self.task.cancel()


_JOBS: dict[str, Job] = {}
_POOL: local.LocalPool | None = None


def deliver(job_id: str, event: dict[str, Any]) -> None:
    """An event of job ``job_id``, from any thread."""
    job = _JOBS.get(job_id)
    if job is not None:
        job.loop.call_soon_threadsafe(job.accept, event)


def layer_message(message: dict[str, Any]) -> None:
    """A job's report that reached its answer's control channel (Celery workers)."""
    job = _JOBS.get(str(message.get("job")))
    if job is None:
        return  # a job that ended or was stopped
    if message.get("ended"):
        job.ended = True
        job.woken.set()
    elif isinstance(message.get("event"), dict):
        job.accept(message["event"])


def cancel_jobs(answer_id: str) -> None:
    """Stop every job of answer ``answer_id`` (call on the server's loop)."""
    for job in [j for j in _JOBS.values() if j.spec.answer == answer_id]:
        job.cancel()


def local_pool() -> local.LocalPool:
    global _POOL
    if _POOL is None:
        _POOL = local.LocalPool(settings.JOBS_POOL_PROCESSES, deliver)
    return _POOL


def shutdown() -> None:
    """Stop the local pool's processes (the server is stopping)."""
    global _POOL
    if _POOL is not None:
        _POOL.shutdown()
        _POOL = None


async def run_tool(
    owner: JobOwner, tool: Tool, arguments: dict[str, Any], *, ctx: ToolContext | None = None
) -> dict[str, Any]:
    """Tool ``tool``'s result for ``arguments``, computed as a job.

    Raises the tool's ``ToolError``; ``JobFailed`` if the tool broke;
    ``JobCancelled`` if the answer was stopped; ``JobUnavailable`` if no
    worker ran it. ``ctx`` is the web process's context, used only by
    ``TOOL_JOBS=inline``.
    """
    if settings.TOOL_JOBS == "inline":
        if ctx is None:
            raise ValueError("inline jobs run with the web process's tool context")
        return _unwrapped(await _in_thread(inline_outcome)(ctx, tool, arguments))
    spec = JobSpec(
        tool=tool.name,
        arguments=arguments,
        user=str(owner.user.pk),
        conversation=str(owner.conversation.conversation_id),
        answer=owner.id,
        reply=owner.control_channel,
    )
    job = Job(spec=spec, owner=owner, loop=asyncio.get_running_loop())
    _JOBS[spec.job] = job
    runner = _run_on_pool if settings.TOOL_JOBS == "pool" else _run_on_celery
    job.task = asyncio.ensure_future(runner(job))
    try:
        outcome = await job.task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            job.cancel()  # the answer itself is being cancelled: stop the job, go on
            raise
        outcome = {"cancelled": True}  # cancel_jobs stopped it
    finally:
        del _JOBS[spec.job]
    return _unwrapped(outcome)


def _unwrapped(outcome: Outcome) -> dict[str, Any]:
    if "result" in outcome:
        return outcome["result"]
    if "tool_error" in outcome:
        raise ToolError(outcome["tool_error"])
    if outcome.get("cancelled"):
        raise JobCancelled
    raise JobFailed(str(outcome.get("failed") or "the job ended without a result"))


def _in_thread(func: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return sync_to_async(call, thread_sensitive=False)


# --- the local pool ------------------------------------------------------------------


async def _run_on_pool(job: Job) -> Outcome:
    job.scratch = await asyncio.to_thread(tempfile.mkdtemp, prefix="derrick-job-")
    try:
        return await local.run_job(local_pool(), job.spec, job.scratch)
    except BrokenProcessPool:
        logger.warning("job %s: its pool process died", job.spec.job)
        return {"failed": "the process running the tool stopped (killed, or out of memory)"}
    finally:
        await asyncio.to_thread(shutil.rmtree, job.scratch, True)


# --- Celery --------------------------------------------------------------------------


async def _run_on_celery(job: Job) -> Outcome:
    spec = job.spec
    await asyncio.to_thread(
        tasks.tool_task.apply_async, kwargs={"spec": spec.as_dict()}, task_id=spec.job
    )
    result = AsyncResult(spec.job, app=app)
    limit = settings.TOOL_JOB_WORKER_TIMEOUT_SECONDS
    alive_at = job.loop.time()
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(job.woken.wait(), POLL_SECONDS)
        job.woken.clear()
        if await asyncio.to_thread(result.ready):
            value = await asyncio.to_thread(result.get, propagate=False)
            if not job.ended:
                # Seen by polling: the job's last events, and the note that follows
                # them on the same channel, may still be on their way.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(job.woken.wait(), local.BARRIER_SECONDS)
            return _celery_outcome(value)
        if await cache.aget(tasks.beat_key(spec.job)) is not None:
            alive_at = job.loop.time()
        elif job.loop.time() - alive_at > limit:
            job.cancel()
            logger.error("job %s (%s): no worker for %s s", spec.job, spec.tool, limit)
            raise JobUnavailable(
                f"The tool {spec.tool} could not run: no worker took it up within {limit} s. "
                "Please try again later."
            )


def _celery_outcome(value: Any) -> Outcome:
    if isinstance(value, str):
        try:
            outcome = codec.loads(value)
        except ValueError:
            outcome = None
        if isinstance(outcome, dict):
            return outcome
    if isinstance(value, BaseException):
        if "JobCancelled" in type(value).__name__ or "JobCancelled" in str(value):
            return {"cancelled": True}
        return {"failed": f"{type(value).__name__}: {value}"}
    return {"failed": f"the job ended with {type(value).__name__}"}


def _celery_cancel(job_id: str) -> None:
    try:
        cache.set(tasks.cancel_key(job_id), 1, tasks.KEY_TTL_SECONDS)
        ids = [job_id, *(cache.get(tasks.tasks_key(job_id)) or [])]
        app.control.revoke(ids)
    except Exception:
        logger.exception("job %s: could not revoke its tasks", job_id)
