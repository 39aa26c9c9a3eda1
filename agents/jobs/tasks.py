"""The Celery executor: a job's steps as tasks, a fan-out as a chord.

``derrick.jobs.tool`` runs the tool. If it fans out, the task replaces
itself with a chord: one ``derrick.jobs.chunk`` per chunk of items and
``derrick.jobs.then``, which gets their results in order and may fan out
again. Celery's ``replace`` gives the last task the first one's id, so the
web process waits on one result, the job's id, whatever the job became.

Faults:

- Every task is acknowledged when it ends (``acks_late``): a worker that
  dies leaves its chunk to another worker (at once if only its process
  died, after ``CELERY_VISIBILITY_TIMEOUT_SECONDS`` if its machine did).
- While a task runs, a thread refreshes the job's heartbeat (the web
  process ends an answer whose job has had none for
  ``TOOL_JOB_WORKER_TIMEOUT_SECONDS``) and the task's claim: a copy that
  Redis hands out while the task still runs, or after it ended (a run
  longer than the visibility timeout), sees the claim and is dropped, so
  nothing runs twice.
- A stop sets the job's cancel key (running chunks end before their next
  item) and revokes its tasks (those not started never start).

Events (logs, progress, new rows) go to the answer's control channel on
the channel layer once committed; so does a note that the job ended, which
wakes the web process before its next look at the result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from asgiref.sync import async_to_sync
from celery import Task, chord, shared_task
from celery.exceptions import Ignore
from celery.states import FAILURE, SUCCESS
from channels.layers import get_channel_layer
from django.core.cache import cache

from agents.jobs import codec
from agents.jobs.context import JOB_MESSAGE, JobSpec, Throttled, job_context, progress_event
from agents.jobs.fanout import FanOut, JobCancelled, carried, run_chunk
from agents.jobs.steps import Outcome, then_step, tool_step
from agents.tools.registry import ToolContext

BEAT_SECONDS = 2.0
# A heartbeat older than this means no worker is on the job.
BEAT_TTL_SECONDS = 10
# Shorter than the shortest visibility timeout (10 s): a dead worker's claim is
# gone before Redis hands its task to another worker.
CLAIM_TTL_SECONDS = 6
KEY_TTL_SECONDS = 3600


def beat_key(job: str) -> str:
    return f"job-beat:{job}"


def cancel_key(job: str) -> str:
    return f"job-cancel:{job}"


def tasks_key(job: str) -> str:
    return f"job-tasks:{job}"


# The claim of a task that ran to its end (or failed): every later copy is dropped.
ENDED = "ended"


def _claim_key(task_id: str) -> str:
    return f"job-claim:{task_id}"


def _done_key(job: str, pass_number: int) -> str:
    return f"job-done:{job}:{pass_number}"


def _chunk_key(job: str, pass_number: int, index: int) -> str:
    return f"job-chunk:{job}:{pass_number}:{index}"


@contextlib.contextmanager
def working(job: str, task_id: str) -> Iterator[None]:
    """Claim task ``task_id`` and keep ``job``'s heartbeat while it runs.

    A claim held by a live task (one that beats), or left by one that ended,
    means this is a second copy of that task: it is dropped (``Ignore``,
    acknowledged, no result). Only the claim of a worker that died expires,
    so that its task runs again elsewhere.
    """
    token = uuid.uuid4().hex
    if not cache.add(_claim_key(task_id), token, CLAIM_TTL_SECONDS):
        raise Ignore()
    cache.set(beat_key(job), time.time(), BEAT_TTL_SECONDS)
    stopped = threading.Event()

    def beat() -> None:
        while not stopped.wait(BEAT_SECONDS):
            cache.set(beat_key(job), time.time(), BEAT_TTL_SECONDS)
            cache.set(_claim_key(task_id), token, CLAIM_TTL_SECONDS)

    thread = threading.Thread(target=beat, name=f"beat-{job}", daemon=True)
    thread.start()
    ended = True
    try:
        yield
    except Ignore:
        # The task replaced itself (Celery's ``replace``): its id goes on in the
        # chord's final task, which must be able to claim it.
        ended = False
        raise
    finally:
        stopped.set()
        thread.join()
        if ended:
            # Kept as "ended", not deleted: a copy Redis restored to the queue
            # while this one ran (a run longer than the visibility timeout, as on
            # a busy machine) would otherwise find no claim and compute again.
            cache.set(_claim_key(task_id), ENDED, KEY_TTL_SECONDS)
        else:
            cache.delete(_claim_key(task_id))


def _is_cancelled(job: str) -> Throttled:
    return Throttled(lambda: cache.get(cancel_key(job)) is not None)


def _send(reply: str | None, message: dict[str, Any]) -> None:
    if reply:
        async_to_sync(get_channel_layer().send)(reply, {"type": JOB_MESSAGE, **message})


def _emitter(spec: JobSpec) -> Any:
    def emit(event: dict[str, Any]) -> None:
        _send(spec.reply, {"job": spec.job, "event": event})

    return emit


class JobTask(Task):
    """A tool or then task: once the job's result is stored, it wakes the answer."""

    def after_return(self, status: str, retval: Any, task_id: str, args, kwargs, einfo) -> None:
        spec = JobSpec.from_dict(kwargs["spec"])
        # The job's last task carries its id (Celery's replace); a replaced one ends
        # as ignored, with its chord still to run.
        if task_id == spec.job and status in (SUCCESS, FAILURE):
            _send(spec.reply, {"job": spec.job, "ended": True})


class ChunkTask(Task):
    """A chunk task: if it fails, so does its chord; the answer hears of it at once."""

    def after_return(self, status: str, retval: Any, task_id: str, args, kwargs, einfo) -> None:
        if status == FAILURE:
            _send(kwargs["reply"], {"job": kwargs["job"], "ended": True})


def _continue(
    task: Task, spec: JobSpec, ctx: ToolContext, step: FanOut | Outcome, pass_number: int
) -> str:
    """The job's outcome as text; or the task replaced by the chord of a fan-out."""
    while isinstance(step, FanOut):
        if ctx.cancelled():
            return codec.dumps({"cancelled": True})
        if len(step.chunks()) > 1:
            raise task.replace(_chord(spec, step, pass_number))
        # One chunk: computing it here costs less than a round through the broker.
        try:
            results = run_chunk(
                step.each, carried(step.items), carried(step.shared), cancelled=ctx.cancelled
            )
        except JobCancelled:
            return codec.dumps({"cancelled": True})
        ctx.progress(step.total, step.total, step.progress_line(step.total))
        plan = dataclasses.replace(step, state=carried(step.state))
        step = then_step(ctx, plan, carried(results))
        pass_number += 1
    return codec.dumps(step)


def _chord(spec: JobSpec, plan: FanOut, pass_number: int) -> Any:
    shared = codec.dumps(plan.shared)
    header = []
    for index, (start, stop) in enumerate(plan.chunks()):
        header.append(
            chunk_task.s(
                job=spec.job,
                reply=spec.reply,
                pass_number=pass_number,
                index=index,
                each=plan.each,
                items=codec.dumps(plan.items[start:stop]),
                shared=shared,
                total=plan.total,
                progress=plan.progress,
            ).set(task_id=uuid.uuid4().hex)
        )
    ids = [signature.id for signature in header]
    cache.set(tasks_key(spec.job), [*(cache.get(tasks_key(spec.job)) or []), *ids], KEY_TTL_SECONDS)
    cache.set(_done_key(spec.job, pass_number), 0, KEY_TTL_SECONDS)
    body = then_task.s(
        spec=spec.as_dict(),
        plan=codec.dumps({**plan.__dict__, "items": []}),
        pass_number=pass_number,
    )
    return chord(header, body)


@shared_task(bind=True, base=JobTask, name="derrick.jobs.tool")
def tool_task(self: Task, *, spec: dict[str, Any]) -> str:
    job = JobSpec.from_dict(spec)
    with working(job.job, self.request.id):
        if cache.get(cancel_key(job.job)) is not None:
            return codec.dumps({"cancelled": True})
        try:
            ctx = job_context(job, emit=_emitter(job), cancelled=_is_cancelled(job.job))
        except Exception as exc:  # the conversation is gone, or the database failed
            return codec.dumps({"tool_error": str(exc)})
        return _continue(self, job, ctx, tool_step(ctx, job.tool, job.arguments), 1)


@shared_task(bind=True, base=ChunkTask, name="derrick.jobs.chunk")
def chunk_task(
    self: Task,
    *,
    job: str,
    reply: str | None,
    pass_number: int,
    index: int,
    each: str,
    items: str,
    shared: str,
    total: int,
    progress: str,
) -> str:
    with working(job, self.request.id):
        values = codec.loads(items)
        results = run_chunk(each, values, codec.loads(shared), cancelled=_is_cancelled(job))
        encoded = codec.dumps(results)
    # Once per chunk, however often it ran: the count only grows by what is new.
    if cache.add(_chunk_key(job, pass_number, index), 1, KEY_TTL_SECONDS):
        try:
            done = cache.incr(_done_key(job, pass_number), len(values))
        except ValueError:  # the counter expired: an hour-old job
            done = len(values)
        line = progress.format(done=done, total=total)
        _send(reply, {"job": job, "event": progress_event(done, total, line)})
    return encoded


@shared_task(bind=True, base=JobTask, name="derrick.jobs.then")
def then_task(
    self: Task, results: list[str], *, spec: dict[str, Any], plan: str, pass_number: int
) -> str:
    job = JobSpec.from_dict(spec)
    with working(job.job, self.request.id):
        fan = FanOut(**codec.loads(plan))
        gathered: list[Any] = []
        for chunk in results:
            gathered.extend(codec.loads(chunk))
        try:
            ctx = job_context(job, emit=_emitter(job), cancelled=_is_cancelled(job.job))
        except Exception as exc:
            return codec.dumps({"tool_error": str(exc)})
        return _continue(self, job, ctx, then_step(ctx, fan, gathered), pass_number + 1)
