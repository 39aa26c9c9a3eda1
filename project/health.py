"""``GET /healthz``: is this process able to serve? The database and the channel layer.

For load balancers and operators: 200 when every check passes, 503 when one
fails, each check named with ``ok`` or what went wrong. No authentication,
nothing about users. An async view: a stuck check never holds the thread
that serves the synchronous views.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

CHECK_SECONDS = 3.0


def _database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close_if_unusable_or_obsolete()


async def _channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    channel = await layer.new_channel("healthz.")
    probe = {"type": "healthz.probe", "at": time.time()}
    await layer.send(channel, probe)
    received = await layer.receive(channel)
    if received.get("at") != probe["at"]:
        raise RuntimeError("the channel layer returned another message")


async def _cache() -> None:
    key = f"healthz:{time.monotonic_ns()}"
    await cache.aset(key, "ok", timeout=10)
    if await cache.aget(key) != "ok":
        raise RuntimeError("the cache lost a value it was just given")
    await cache.adelete(key)


async def _run(check: Any) -> str:
    try:
        await asyncio.wait_for(check(), timeout=CHECK_SECONDS)
    except TimeoutError:
        return f"no answer within {CHECK_SECONDS:g} s"
    except Exception as exc:  # the check's whole point is to report any failure
        return f"{type(exc).__name__}: {exc}"[:200] or type(exc).__name__
    return "ok"


@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    database, layer, cached = await asyncio.gather(
        _run(sync_to_async(_database, thread_sensitive=False)),
        _run(_channel_layer),
        _run(_cache),
    )
    checks = {"database": database, "channel_layer": layer, "cache": cached}
    healthy = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
