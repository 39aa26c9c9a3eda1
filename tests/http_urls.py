"""Views that only the ASGI handler's tests route to (tests/test_http_handler.py)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.urls import include, path

PART = b"x" * 70_000  # more than one ASGI body message (Django sends 64 KiB chunks)


def streamed(request: HttpRequest) -> StreamingHttpResponse:
    return StreamingHttpResponse(iter([PART, b"middle", PART]), content_type="text/plain")


async def asynchronous(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"async": True, "path": request.path})


def broken(request: HttpRequest) -> JsonResponse:
    raise ValueError("a view that fails")


urlpatterns = [
    path("test/streamed", streamed),
    path("test/async", asynchronous),
    path("test/broken", broken),
    path("", include("project.urls")),
]

handler404 = "project.api.not_found"
handler500 = "project.api.server_error"
