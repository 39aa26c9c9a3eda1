"""Project-wide middleware: every error on an API path answers JSON.

Views answer their errors in CONTRACT.md's shapes; what reaches a client
from elsewhere (a decorator's bare 405, a 400 from Django's request
checks) gets ``{"detail": <reason>}`` here, so an API client never parses
an HTML page or an empty body.

An outage of Redis (the cache: token denylist, throttling; the channel
layer) is a 503 with ``Retry-After``, never a 500; nothing is kept between
requests, so the next one after Redis returns is served as usual.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# The browser's pages; everything else (and the pages' own /chat/api/) is API.
_PAGE_PREFIXES = ("/admin", "/docs", "/login", "/logout", "/signup", "/chat", "/static")


def is_api_path(path: str) -> bool:
    """Whether ``path`` is one of the JSON routes (not a page, the admin or the docs)."""
    if path == "/" or path == "":
        return False
    if path.startswith("/chat/api/"):
        return True
    return not any(path == prefix or path.startswith(prefix + "/") for prefix in _PAGE_PREFIXES)


RETRY_AFTER_SECONDS = 5
_OUTAGES = (RedisConnectionError, RedisTimeoutError)


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a backing service that cannot be reached."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, _OUTAGES):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


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

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Redis down under a Django view (the pages, their login throttling): 503."""
        if not is_outage(exception):
            return None
        if is_api_path(request.path):
            response = json_error(503, "Service Unavailable")
        else:
            response = HttpResponse(
                "The service is briefly unavailable. Please try again in a few seconds.",
                content_type="text/plain; charset=utf-8",
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
