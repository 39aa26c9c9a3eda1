"""What a job knows of its answer, and the tool context it builds from that.

A job travels as a ``JobSpec`` (plain JSON): whose conversation, which
answer asked, and where that answer listens. In the worker process the spec
becomes a ``ToolContext`` whose ``log``, ``progress`` and ``add_row``
report through ``emit``, each event once the transaction that made it has
committed (a socket never hears of a row a rollback then removes).

``agents`` imports nothing from ``chat``: chat tells this module how a job
finds its conversation (``set_conversation_loader``, from chat's
``AppConfig.ready``, which runs in every process: web, pool, Celery worker).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from agents.tools.errors import ToolError
from agents.tools.registry import ToolContext
from files.services import row_add

Event = dict[str, Any]

# The channel-layer message type of a Celery job's reports to its answer.
JOB_MESSAGE = "answer.job"

_conversation_loader: Callable[..., Any] | None = None


def set_conversation_loader(loader: Callable[..., Any]) -> None:
    """``loader(user=, conversation_id=)`` returns the user's conversation, or None."""
    global _conversation_loader
    _conversation_loader = loader


@dataclass(frozen=True)
class JobSpec:
    """One tool call as a job: the tool, its arguments, and whose answer asked."""

    tool: str
    arguments: dict[str, Any]
    user: str
    conversation: str
    answer: str
    # The answer's control channel on the channel layer (Celery workers report there).
    reply: str | None = None
    job: str = field(default_factory=lambda: uuid.uuid4().hex)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobSpec:
        return cls(**data)


# --- the events a tool's context sends ------------------------------------------------


def log_event(line: str) -> Event:
    return {"event_type": "log", "content": str(line)}


def progress_event(done: int, total: int, line: str) -> Event:
    return {
        "event_type": "log",
        "content": str(line),
        "progress": {"done": int(done), "total": int(total)},
    }


def artifact_event(row: Any) -> Event:
    return {
        "event_type": "artifact",
        "content": row.description,
        "rowid": row.rowid,
        "type": row.type,
        "description": row.description,
    }


def reporting_context(
    *,
    user: Any,
    conversation: Any,
    emit: Callable[[Event], None],
    cancelled: Callable[[], bool],
    runs_tools: Callable[..., Any] | None = None,
) -> ToolContext:
    """A tool context whose events go to ``emit`` once their transaction commits."""

    def send(event: Event) -> None:
        transaction.on_commit(lambda: emit(event))

    def add_row(**fields: Any) -> Any:
        row = row_add(conversation=conversation, **fields)
        send(artifact_event(row))
        return row

    return ToolContext(
        user=user,
        conversation=conversation,
        log=lambda line: send(log_event(line)),
        progress=lambda done, total, line: send(progress_event(done, total, line)),
        add_row=add_row,
        cancelled=cancelled,
        runs_tools=runs_tools,
    )


def job_context(
    spec: JobSpec, *, emit: Callable[[Event], None], cancelled: Callable[[], bool]
) -> ToolContext:
    """The context a job's tool runs with, in a worker process."""
    user = get_user_model().objects.filter(pk=spec.user, is_active=True).first()
    conversation = None
    if user is not None and _conversation_loader is not None:
        conversation = _conversation_loader(user=user, conversation_id=spec.conversation)
    if conversation is None:
        raise ToolError("This conversation is gone: the tool was not run.")
    return reporting_context(user=user, conversation=conversation, emit=emit, cancelled=cancelled)


class Throttled:
    """``check()`` at most every ``seconds``; the last answer in between (a flag on Redis
    or on disk is read a few times a second, not once per item)."""

    def __init__(self, check: Callable[[], bool], seconds: float = 0.25) -> None:
        self._check = check
        self._seconds = seconds
        self._next = 0.0
        self._value = False

    def __call__(self) -> bool:
        if self._value:
            return True
        now = time.monotonic()
        if now >= self._next:
            self._next = now + self._seconds
            self._value = bool(self._check())
        return self._value
