"""Uploads over MAX_UPLOAD_SIZE get 413, decided without holding the body in memory.

Two paths: a declared Content-Length over the limit is refused before the
body is read; otherwise the size guard counts file bytes while Django's
parser streams them (chunked bodies, lying Content-Length). The ASGI cases
go through Django's real ASGI handler, as Daphne calls it.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest
from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.test import APIClient

from accounts.tokens import mint_access_token
from files.models import Row
from files.uploads import MULTIPART_ALLOWANCE
from tests.test_files_support import MULTIPART_CONTENT_TYPE, multipart_body, upload

pytestmark = pytest.mark.django_db

LIMIT = 1000


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.MAX_UPLOAD_SIZE = LIMIT


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_file_at_the_limit_is_accepted(alice_client):
    response = upload(alice_client, uuid.uuid4(), "a.csv", b"x" * LIMIT)
    assert response.status_code == 200


def test_a_file_one_byte_over_the_limit_is_stopped_while_streaming(alice_client, settings):
    # The declared length is within the multipart allowance: only the
    # streaming count can catch this one.
    response = upload(alice_client, uuid.uuid4(), "a.csv", b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json() == {"detail": "File too large: uploads are limited to 1000 bytes."}
    assert not Row.objects.exists()
    assert _stored_files(settings) == []


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(alice_client):
    # The body is five bytes and not even multipart: had anything read it,
    # the test client's payload would have failed or the answer been a 422.
    response = alice_client.generic(
        "POST",
        f"/upload/{uuid.uuid4()}",
        b"short",
        content_type=MULTIPART_CONTENT_TYPE,
        CONTENT_LENGTH=str(LIMIT + MULTIPART_ALLOWANCE + 1),
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("File too large")
    assert not Row.objects.exists()


def test_a_large_body_is_refused_by_its_length_with_a_detail(alice_client):
    body = multipart_body(filename="big.csv", content=b"x" * (LIMIT + MULTIPART_ALLOWANCE))
    response = alice_client.generic(
        "POST", f"/upload/{uuid.uuid4()}", body, content_type=MULTIPART_CONTENT_TYPE
    )
    assert response.status_code == 413
    assert set(response.json()) == {"detail"}


def test_a_session_user_without_a_csrf_header_still_gets_413_for_a_large_file(alice, settings):
    # Session auth checks CSRF by parsing the body before the view runs:
    # the guard must be in place by then, and its verdict wins.
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies["csrftoken"] = "a" * 32  # so the check goes on to read the body
    response = upload(client, uuid.uuid4(), "a.csv", b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert _stored_files(settings) == []


# --- through Django's ASGI handler ------------------------------------------


@pytest.fixture
def asgi_post():
    """POST a body in chunks to Django's ASGI handler; returns (status, body bytes)."""
    # Django's own test handlers detach these: they would close the test's
    # connection in the middle of its transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def post(path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]):
        messages = [
            {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
            for i, chunk in enumerate(chunks)
        ]
        sent: list[dict] = []

        async def receive() -> dict:
            if messages:
                return messages.pop(0)
            await asyncio.Event().wait()  # the client stays connected
            raise AssertionError("unreachable")

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"testserver"), *headers],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        async_to_sync(ASGIHandler())(scope, receive, send)
        start = next(m for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return start["status"], body

    yield post
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _headers(user, **extra: bytes) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"authorization", f"Bearer {mint_access_token(user)}".encode()),
        (b"content-type", MULTIPART_CONTENT_TYPE.encode()),
    ]
    headers += [(name.replace("_", "-").encode(), value) for name, value in extra.items()]
    return headers


def _chunks(body: bytes, size: int = 300) -> list[bytes]:
    return [body[i : i + size] for i in range(0, len(body), size)]


def test_a_chunked_upload_within_the_limit_is_stored(alice, asgi_post):
    body = multipart_body(filename="a.csv", content=b"x" * 900)
    status, _ = asgi_post(f"/upload/{uuid.uuid4()}", _chunks(body), _headers(alice))
    assert status == 200
    assert Row.objects.get().file.size == 900


def test_a_chunked_upload_over_the_limit_is_stopped_while_streaming(alice, asgi_post, settings):
    body = multipart_body(filename="a.csv", content=b"x" * (LIMIT * 5))
    status, content = asgi_post(f"/upload/{uuid.uuid4()}", _chunks(body), _headers(alice))
    assert status == 413
    assert b"too large" in content
    assert not Row.objects.exists()
    assert _stored_files(settings) == []


def test_a_lying_content_length_does_not_let_a_large_file_through(alice, asgi_post, settings):
    body = multipart_body(filename="a.csv", content=b"x" * (LIMIT * 5))
    status, _ = asgi_post(
        f"/upload/{uuid.uuid4()}", _chunks(body), _headers(alice, content_length=b"400")
    )
    assert status == 413
    assert not Row.objects.exists()
    assert _stored_files(settings) == []
