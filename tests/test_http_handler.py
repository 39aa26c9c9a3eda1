"""REST through the ASGI handler the servers run (project/http.py).

Django's own ASGI handler made a thread per request and hopped into it for
every middleware; ours runs the synchronous chain in one hop on a few reused
threads. These tests drive it as a server does, with ASGI messages, and
check that requests, bodies, sessions, streaming, async views and errors
behave as Django's handler made them behave.
"""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.conf import settings as django_settings
from django.core import signals
from django.test import Client

from accounts.tokens import mint_access_token
from project.http import HTTPHandler
from tests import http_urls
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def handler():
    return HTTPHandler()


async def request(
    app, method: str, path: str, *, headers=(), body: bytes = b"", query: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            *([(b"content-length", str(len(body)).encode())] if body else []),
            *headers,
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(app, scope)
    await communicator.send_input({"type": "http.request", "body": body, "more_body": False})
    start = await communicator.receive_output(timeout=10)
    assert start["type"] == "http.response.start"
    parts = []
    while True:
        message = await communicator.receive_output(timeout=10)
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    await communicator.wait(timeout=10)
    names = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], names, b"".join(parts)


def bearer(user) -> list[tuple[bytes, bytes]]:
    return [(b"authorization", f"Bearer {mint_access_token(user)}".encode())]


async def test_an_api_request_is_answered(handler, alice):
    status, headers, body = await request(
        handler, "GET", "/authenticated-route", headers=bearer(alice)
    )

    assert status == 200
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"message": "Hello alice@example.com!"}


async def test_a_request_without_a_token_is_a_json_401(handler, db):
    status, headers, body = await request(handler, "GET", "/users/me")

    assert status == 401
    assert json.loads(body) == {"detail": "Unauthorized"}
    assert headers["www-authenticate"] == "Bearer"


async def test_a_form_body_reaches_the_view(handler, alice):
    status, _, body = await request(
        handler,
        "POST",
        "/auth/jwt/login",
        headers=[(b"content-type", b"application/x-www-form-urlencoded")],
        body=f"username=alice%40example.com&password={PASSWORD}".encode(),
    )

    assert status == 200
    assert json.loads(body)["token_type"] == "bearer"


async def test_a_session_cookie_signs_in(handler, alice):
    def session_cookie() -> str:
        client = Client()
        client.force_login(alice)
        return client.cookies[django_settings.SESSION_COOKIE_NAME].value

    cookie = await sync_to_async(session_cookie)()
    header = f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()

    status, _, body = await request(handler, "GET", "/users/me", headers=[(b"cookie", header)])

    assert status == 200
    assert json.loads(body)["email"] == "alice@example.com"


@pytest.fixture
def request_threads():
    """The name of the thread each request started in."""
    names: list[str] = []

    def record(**kwargs) -> None:
        names.append(threading.current_thread().name)

    signals.request_started.connect(record, dispatch_uid="test-request-threads")
    yield names
    signals.request_started.disconnect(dispatch_uid="test-request-threads")


async def test_requests_run_on_a_few_reused_threads(handler, alice, request_threads, settings):
    headers = bearer(alice)
    for _ in range(3 * settings.HTTP_SYNC_THREADS):
        assert (await request(handler, "GET", "/authenticated-route", headers=headers))[0] == 200

    assert len(request_threads) == 3 * settings.HTTP_SYNC_THREADS
    assert all(name.startswith("http-sync-") for name in request_threads)
    assert len(set(request_threads)) <= settings.HTTP_SYNC_THREADS


async def test_concurrent_requests_go_to_different_threads(handler, alice, request_threads):
    headers = bearer(alice)

    answers = await asyncio.gather(
        *(request(handler, "GET", "/authenticated-route", headers=headers) for _ in range(4))
    )

    assert [status for status, _, _ in answers] == [200] * 4
    assert len(set(request_threads)) == 4


async def test_each_request_finishes_once(handler, alice):
    finished: list[str] = []

    def record(**kwargs) -> None:
        finished.append(threading.current_thread().name)

    signals.request_finished.connect(record, dispatch_uid="test-request-finished")
    try:
        await request(handler, "GET", "/authenticated-route", headers=bearer(alice))
        await request(handler, "GET", "/agents/", headers=bearer(alice))
    finally:
        signals.request_finished.disconnect(dispatch_uid="test-request-finished")

    # In the request's own thread, where its database connection lives.
    assert len(finished) == 2
    assert all(name.startswith("http-sync-") for name in finished)


@pytest.fixture
def test_routes(settings):
    settings.ROOT_URLCONF = "tests.http_urls"


@pytest.mark.usefixtures("test_routes")
@pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators")
async def test_a_streaming_response_arrives_whole(handler):
    status, _, body = await request(handler, "GET", "/test/streamed")

    assert status == 200
    assert body == http_urls.PART + b"middle" + http_urls.PART


@pytest.mark.usefixtures("test_routes")
async def test_an_async_view_is_served(handler):
    status, _, body = await request(handler, "GET", "/test/async")

    assert status == 200
    assert json.loads(body) == {"async": True, "path": "/test/async"}


@pytest.mark.usefixtures("test_routes")
async def test_a_failing_view_is_a_json_500_and_the_next_request_is_served(handler, alice):
    status, _, body = await request(handler, "GET", "/test/broken")

    assert status == 500
    assert json.loads(body) == {"detail": "Internal Server Error"}
    assert (await request(handler, "GET", "/authenticated-route", headers=bearer(alice)))[0] == 200


async def test_an_unknown_path_is_a_json_404(handler, db):
    status, _, body = await request(handler, "GET", "/no/such/route")

    assert status == 404
    assert json.loads(body) == {"detail": "Not Found"}


async def test_a_websocket_scope_is_refused(handler):
    communicator = ApplicationCommunicator(handler, {"type": "websocket", "path": "/x"})
    with pytest.raises(ValueError):
        await communicator.wait(timeout=5)
