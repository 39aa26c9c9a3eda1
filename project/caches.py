"""The in-process cache (no ``REDIS_URL``), whose async methods run where they are called.

Django's ``BaseCache`` gives every backend async methods (``aget``,
``aadd``, ...) that run the synchronous one through ``sync_to_async(...,
thread_sensitive=True)``: a hop into the one thread Django shares with
every database call of the process. For a cache that lives in this
process's memory the call itself takes microseconds (a lock, a dict, a
pickle); the hop is the cost, and the answers' live keys, the question
rate counters and the token user lookups all queued behind the database's
work in that thread (bench/compare_stacks.py: at 300 streaming answers the
first token waited seconds). Here each async method calls the synchronous
one in place. ``aget_many`` is one call, not one per key, and ``aincr`` is
LocMemCache's atomic ``incr`` (the base class reads and writes in two steps).

The Redis cache keeps Django's hops: its calls are network round trips,
which must not block the event loop.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache as DjangoLocMemCache


class LocMemCache(DjangoLocMemCache):
    # ``timeout`` is the cache entry's lifetime, Django's signature (not an asyncio timeout).
    async def aadd(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        version: Any = None,
    ) -> bool:
        return self.add(key, value, timeout, version)

    async def aget(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self.get(key, default, version)

    async def aset(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        version: Any = None,
    ) -> None:
        self.set(key, value, timeout, version)

    async def atouch(
        self,
        key: Any,
        timeout: Any = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        version: Any = None,
    ) -> bool:
        return self.touch(key, timeout, version)

    async def adelete(self, key: Any, version: Any = None) -> bool:
        return self.delete(key, version)

    async def aget_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self.get_many(keys, version)

    async def ahas_key(self, key: Any, version: Any = None) -> bool:
        return self.has_key(key, version)

    async def aincr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self.incr(key, delta, version)

    async def adecr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self.decr(key, delta, version)

    async def aset_many(
        self,
        data: dict[Any, Any],
        timeout: Any = DEFAULT_TIMEOUT,  # noqa: ASYNC109
        version: Any = None,
    ) -> list[Any]:
        return self.set_many(data, timeout, version)

    async def adelete_many(self, keys: Any, version: Any = None) -> None:
        self.delete_many(keys, version)

    async def aclear(self) -> None:
        self.clear()
