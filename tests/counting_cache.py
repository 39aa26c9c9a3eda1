"""A local-memory cache that records every call made to it (for round-trip tests)."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.locmem import LocMemCache

CALLS: list[tuple[str, Any]] = []


class CountingLocMemCache(LocMemCache):
    """Django's LocMemCache; each public operation is one entry of ``CALLS``."""

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        CALLS.append(("get", key))
        return super().get(key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> dict[str, Any]:
        keys = list(keys)
        CALLS.append(("get_many", tuple(keys)))
        # The parent's get_many calls get() per key: not calls to count.
        found = {}
        for key in keys:
            value = super().get(key, self._missing_key, version)
            if value is not self._missing_key:
                found[key] = value
        return found

    def set(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> None:
        CALLS.append(("set", key))
        super().set(key, value, timeout, version)

    def add(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> bool:
        CALLS.append(("add", key))
        return super().add(key, value, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        CALLS.append(("delete", key))
        return super().delete(key, version)
