"""Login throttling: failed logins per account and per client address.

After ``LOGIN_FAILURES_PER_ACCOUNT`` failures for one e-mail address, or
``LOGIN_FAILURES_PER_ADDRESS`` failures from one client address, within
``LOGIN_FAILURE_WINDOW_SECONDS`` of the first of them, logins are refused
with 429 until the window is over. A successful login clears its account's
failures.

Counters live in Django's cache (LocMem in the embedded mode, Redis when
``REDIS_URL`` is set, shared by every process). Each counter is two keys:
``<key>:n`` counted with the cache's atomic ``incr`` (parallel guesses can't
lose updates), and ``<key>:since``, the window's start as a timestamp. The
window is judged from that timestamp, not from cache expiry, so it behaves
the same on every cache backend; the cache timeout only collects garbage.

The client address is ``REMOTE_ADDR``: behind a proxy, the proxy must set it
(forwarded headers can be forged, so they are not read here).
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

_GRACE_SECONDS = 60


def failure_keys(*, email: str, address: str) -> list[tuple[str, int]]:
    """The two counters a login attempt touches, each with its limit."""
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    client = hashlib.sha256(address.encode()).hexdigest()
    return [
        (f"login-failures:account:{account}", settings.LOGIN_FAILURES_PER_ACCOUNT),
        (f"login-failures:address:{client}", settings.LOGIN_FAILURES_PER_ADDRESS),
    ]


def _window() -> int:
    return settings.LOGIN_FAILURE_WINDOW_SECONDS


def _window_start(key: str, now: float) -> float | None:
    """When ``key``'s current window started, or None (no failures in a live window)."""
    since = cache.get(f"{key}:since")
    if since is None:
        return None
    if now >= since + _window():
        cache.delete_many([f"{key}:since", f"{key}:n"])
        return None
    return since


def login_retry_after(*, email: str, address: str) -> int | None:
    """Seconds to wait before trying again, or None when a login may be tried."""
    now = time.time()
    waits: list[int] = []
    for key, limit in failure_keys(email=email, address=address):
        since = _window_start(key, now)
        if since is None:
            continue
        if (cache.get(f"{key}:n") or 0) >= limit:
            waits.append(max(1, math.ceil(since + _window() - now)))
    return max(waits) if waits else None


def login_failure_record(*, email: str, address: str) -> None:
    """Count one failed login against the account and the address."""
    now = time.time()
    timeout = _window() + _GRACE_SECONDS
    for key, _limit in failure_keys(email=email, address=address):
        _window_start(key, now)  # drops a finished window
        cache.add(f"{key}:since", now, timeout=timeout)
        cache.add(f"{key}:n", 0, timeout=timeout)
        try:
            cache.incr(f"{key}:n")
        except ValueError:  # expired between add and incr
            cache.set(f"{key}:n", 1, timeout=timeout)


def login_failures_clear(*, email: str) -> None:
    """A good login: forget this account's failures (not the address's)."""
    key, _limit = failure_keys(email=email, address="")[0]
    cache.delete_many([f"{key}:since", f"{key}:n"])
