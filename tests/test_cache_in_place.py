"""Without Redis, the cache's async calls run on the event loop's thread, never in the sync thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches

from project.caches import LocMemCache


class _ThreadRecordingCache(LocMemCache):
    """The cache under test, noting the thread of every synchronous call it makes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.threads: set[int] = set()

    def _note(self) -> None:
        self.threads.add(threading.get_ident())

    def add(self, *args, **kwargs):
        self._note()
        return super().add(*args, **kwargs)

    def get(self, *args, **kwargs):
        self._note()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._note()
        return super().set(*args, **kwargs)

    def incr(self, *args, **kwargs):
        self._note()
        return super().incr(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._note()
        return super().delete(*args, **kwargs)

    def touch(self, *args, **kwargs):
        self._note()
        return super().touch(*args, **kwargs)


def _cache() -> _ThreadRecordingCache:
    return _ThreadRecordingCache(f"in-place-{uuid.uuid4().hex}", {})


def test_the_default_cache_without_redis_is_the_in_place_one():
    # The settings module as a server without REDIS_URL reads it.
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    code = "from project import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "project.caches.LocMemCache", result.stderr
    if not settings.REDIS_URL:
        assert isinstance(caches["default"], LocMemCache)


async def test_every_async_call_stays_on_the_event_loop_thread():
    cache = _cache()
    loop_thread = threading.get_ident()
    assert await cache.aadd("answer-live:7", "A1", 6)
    assert not await cache.aadd("answer-live:7", "A2", 6)  # one answer per conversation
    assert await cache.aget("answer-live:7") == "A1"
    await cache.aset("auth-user:1", {"email": "analyst@example.com"}, 300)
    assert await cache.atouch("auth-user:1", 600)
    assert await cache.ahas_key("auth-user:1")
    await cache.aset_many({"answer-live:8": "B1", "answer-live:9": "C1"}, 6)
    assert await cache.aget_many(["answer-live:8", "answer-live:9", "nothing"]) == {
        "answer-live:8": "B1",
        "answer-live:9": "C1",
    }
    assert await cache.adelete("answer-live:8")
    await cache.adelete_many(["answer-live:9"])
    assert await cache.aget_many(["answer-live:8", "answer-live:9"]) == {}
    assert cache.threads == {loop_thread}


async def test_counting_questions_with_add_and_incr_counts_each_one():
    cache = _cache()
    await cache.aadd("questions:alice:29", 0, 120)
    counts = [await cache.aincr("questions:alice:29") for _ in range(5)]
    assert counts == [1, 2, 3, 4, 5]
    assert await cache.adecr("questions:alice:29", 2) == 3
    with pytest.raises(ValueError):
        await cache.aincr("questions:nobody:29")
    await cache.aclear()
    assert await cache.aget("questions:alice:29") is None
