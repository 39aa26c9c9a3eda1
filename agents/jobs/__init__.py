"""Tool jobs: tools run outside the web process; a large loop spreads over workers.

Where a tool runs
-----------------
The runner hands every tool call to a job, never to a thread of the web
process, where minutes of CPU would stall every other user's stream
through the GIL. ``TOOL_JOBS`` says where jobs go:

- ``pool`` (the embedded default): a local process pool that the server
  starts on first use (``JOBS_POOL_PROCESSES`` processes);
- ``celery`` (the default when ``CELERY_BROKER_URL`` or ``REDIS_URL`` is
  set): Celery workers, ``python -m celery -A project worker`` on any
  number of machines sharing the database, Redis and the file storage;
- ``inline``: in the web process's threads, for the test suite, whose
  database other processes cannot see.

Wherever it runs, the tool gets a ``ToolContext`` with the same ``log``,
``progress``, ``add_row`` and ``cancelled``: rows are written through
``files.services``, and its events reach every socket on the conversation
through the answer that asked, once the row they announce is committed.

Fan-out: a tool's loop over many independent items
--------------------------------------------------
A tool that loops over thousands of independent items (one decline fit per
well of a basin) does not loop: it returns ``fan_out(...)``. The engine cuts
the items into chunks, computes them on the workers (Celery: a chord of
chunk tasks and a final task), reports progress as chunks finish, and calls
``then`` once with every result, in the items' order::

    from agents.jobs import ItemFailed, fan_out

    def fit_one_well(item, *, models, dlim):
        # Pure: no context, no database. Runs on any worker, maybe twice.
        ...
        return {"well": item["well"], "qi": qi, "di": di, "b": b}

    def fit_decline_finish(ctx, results, *, rowid, phase):
        # Runs once, on a worker, with a full context: may write rows.
        fitted = [r for r in results if not isinstance(r, ItemFailed)]
        ...
        return {"summary": ..., "forecast_rowid": row.rowid}

    @tool(name="fit_decline", ...)
    def fit_decline(ctx, *, rowid, phase=None):
        ...  # read the table, split it by well
        return fan_out(
            each=fit_one_well,
            items=[{"well": name, "days": days, "volumes": volumes} for ...],
            shared={"models": models, "dlim": dlim},
            then=fit_decline_finish,
            state={"rowid": rowid, "phase": phase},
            progress="Fitted {done:,} of {total:,} wells.",
        )

The rules:

- ``each`` and ``then`` are functions at the top level of a module: a
  worker imports them by name.
- ``results[i]`` is ``each(items[i], **shared)``, or ``ItemFailed(message)``
  when it raised ``ToolError`` (a well that cannot be fitted). Any other
  exception is a bug: the tool fails with an error the model (or the
  builtin agent) reports.
- ``each`` must be pure and idempotent: the chunk of a worker that died is
  computed again on another one.
- ``items``, ``shared``, what ``each`` returns and ``state`` travel through
  ``agents.jobs.codec``: JSON plus numpy arrays and dates, never pickle. Keep
  items compact (a well's dates and volumes, not its data frame) and
  ``state`` small: items and results cross the broker.
- ``then`` may return another ``fan_out`` (a second pass over new items).
- Progress: after each chunk, a ``log`` event whose text is ``progress``
  formatted with ``done`` and ``total``, carrying
  ``"progress": {"done": n, "total": m}`` (CONTRACT.md).
- Stop: chunks not yet started are revoked, running ones end before their
  next item (``JobCancelled``).
- A direct call of the tool (a test, a script, ``Tool.__call__``) computes
  everything in the calling process, through the same codec, and returns
  the finished result: tests of a tool need nothing from this package.

A tool with one long loop that cannot be cut into items may still say how
far it is: ``ctx.progress(done, total, line)``, and end early when
``ctx.cancelled()`` turns true.
"""

from __future__ import annotations

from agents.jobs.codec import ItemFailed, PayloadError
from agents.jobs.fanout import FanOut, JobCancelled, fan_out, resolve_inline

__all__ = ["FanOut", "ItemFailed", "JobCancelled", "PayloadError", "fan_out", "resolve_inline"]
