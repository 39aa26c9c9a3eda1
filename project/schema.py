"""OpenAPI tweaks: document each route under the path old clients call.

Every route answers with and without its trailing slash (``re_path`` with
``/?$``); drf-spectacular would list all of them with a slash. The old
FastAPI app published ``/agents/`` and ``/history/`` with one and every
other path without, so the schema shows them that way.
"""

from __future__ import annotations

from typing import Any

SLASHED_PATHS = {"/agents/", "/history/"}


def canonical_paths(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """drf-spectacular preprocessing hook: strip the trailing slash where the old API had none."""
    result = []
    for path, path_regex, method, callback in endpoints:
        if path.endswith("/") and path != "/" and path not in SLASHED_PATHS:
            path = path.rstrip("/")
        result.append((path, path_regex, method, callback))
    return result
