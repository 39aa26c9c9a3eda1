"""Project-wide middleware: every error on an API path answers JSON.

Views answer their errors in CONTRACT.md's shapes; what reaches a client
from elsewhere (a decorator's bare 405, a 400 from Django's request
checks) gets ``{"detail": <reason>}`` here, so an API client never parses
an HTML page or an empty body.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The browser's pages; everything else (and the pages' own /chat/api/) is API.
_PAGE_PREFIXES = ("/admin", "/docs", "/login", "/logout", "/signup", "/chat", "/static")


def is_api_path(path: str) -> bool:
    """Whether ``path`` is one of the JSON routes (not a page, the admin or the docs)."""
    if path == "/" or path == "":
        return False
    if path.startswith("/chat/api/"):
        return True
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in _PAGE_PREFIXES)


def json_error(status: int, detail: str, *, reason: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"detail": detail}), content_type="application/json", status=status
    )
    if reason:
        response.reason_phrase = reason
    return response


class JsonErrorsMiddleware:
    """Turns an API error response that is not JSON into ``{"detail": <reason phrase>}``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_path(request.path):
            return response
        if getattr(response, "streaming", False):
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith("application/json"):
            return response
        replacement = json_error(response.status_code, response.reason_phrase)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement
