"""A Celery task runs once however often Redis hands it out; a dead worker's task runs again.

With ``acks_late`` a task is acknowledged when it ends, and Redis hands an
unacknowledged task out again once its visibility timeout passes: on a busy
machine a chunk that runs longer than that is given to the other worker while
it still runs, or after it ended but before that copy was taken. Each copy
goes through ``agents.jobs.tasks.working``; these tests drive it as the task
bodies do, on the test cache, without a broker.
"""

from __future__ import annotations

import uuid

import pytest
from celery.exceptions import Ignore
from django.core.cache import cache

from agents.jobs import tasks


@pytest.fixture
def ids():
    """Task and job ids of this test alone (the cache may be a shared Redis)."""
    prefix = uuid.uuid4().hex
    return lambda name: f"{prefix}-{name}"


def run(task_id: str, computed: list[str], job: str = "job") -> None:
    """One copy of task ``task_id``: what a task body does inside ``working``."""
    with tasks.working(job, task_id):
        computed.append(task_id)


def test_a_copy_handed_out_after_the_task_ended_computes_nothing(ids):
    computed: list[str] = []
    run(ids("chunk-7"), computed)
    with pytest.raises(Ignore):
        run(ids("chunk-7"), computed)
    assert computed == [ids("chunk-7")]


def test_a_copy_handed_out_while_the_task_runs_is_dropped(ids):
    computed: list[str] = []
    with tasks.working(ids("job"), ids("chunk-3")):
        with pytest.raises(Ignore):
            run(ids("chunk-3"), computed)
        computed.append("first copy")
    assert computed == ["first copy"]


def test_a_task_that_failed_is_not_run_again_by_its_copies(ids):
    computed: list[str] = []
    with pytest.raises(ZeroDivisionError):
        with tasks.working(ids("job"), ids("chunk-9")):
            1 / 0  # noqa: B018
    with pytest.raises(Ignore):
        run(ids("chunk-9"), computed)
    assert computed == []


def test_the_task_of_a_worker_that_died_runs_again_once_its_claim_expires(ids):
    computed: list[str] = []
    task = ids("chunk-5")
    # A worker took the task and died: its claim was never marked ended, and
    # no beat refreshes it; the claim's time to live runs out.
    assert cache.add(tasks._claim_key(task), "token-of-the-dead", tasks.CLAIM_TTL_SECONDS)
    with pytest.raises(Ignore):
        run(task, computed)
    cache.delete(tasks._claim_key(task))  # what its expiry does
    run(task, computed)
    assert computed == [task]


def test_a_task_that_replaced_itself_leaves_its_id_to_the_task_carrying_it_on(ids):
    # Celery's replace raises Ignore; the chord's final task then runs under the
    # same id (the job's), and must not be taken for a copy.
    computed: list[str] = []
    with pytest.raises(Ignore):
        with tasks.working(ids("job"), ids("job")):
            raise Ignore()
    run(ids("job"), computed)
    assert computed == [ids("job")]


def test_a_running_task_keeps_its_job_alive(ids):
    with tasks.working(ids("job"), ids("tool")):
        assert cache.get(tasks.beat_key(ids("job"))) is not None
