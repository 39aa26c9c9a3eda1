"""The server itself refuses bodies over the upload limit, under Daphne and uvicorn.

Daphne is patched (files.daphne_limits); under uvicorn an ASGI middleware
does it (files.body_limits). A real server process serves the project with
the limit installed, once each; the client speaks raw HTTP/1.1 so it can
declare, chunk and expect exactly what it wants. Nothing here needs the database: refused requests never reach
Django, and the ones let through stop at authentication (401).
"""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

LIMIT = 2000
ALLOWANCE = 64 * 1024
ROOT = Path(__file__).resolve().parent.parent

SERVE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'project.settings');"
    "django.setup();"
    "from files import daphne_limits; daphne_limits.install();"
    "from daphne.cli import CommandLineInterface;"
    "CommandLineInterface().run(['-b', '127.0.0.1', '-p', '0', 'project.asgi:application'])"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module", params=["daphne", "uvicorn"])
def daphne(request, tmp_path_factory):
    """A port where the project is served by Daphne, then by uvicorn (``project.serve``)."""
    log = tmp_path_factory.mktemp(request.param) / "server.log"
    env = {
        **os.environ,
        "MAX_UPLOAD_SIZE": str(LIMIT),
        "DATABASE_URL": f"sqlite:///{log.parent / 'unused.sqlite3'}",
        "MEDIA_ROOT": str(log.parent / "media"),
        "SECRET_KEY": "daphne-limit-test-key-0123456789-0123456789-0123456789",
        "REDIS_URL": "",
    }
    if request.param == "daphne":
        command = [sys.executable, "-c", SERVE]
    else:
        uvicorn_port = _free_port()
        command = [sys.executable, "-m", "project.serve", "--port", str(uvicorn_port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline and process.poll() is None:
            if request.param == "daphne":
                found = re.search(rb"Listening on TCP address 127\.0\.0\.1:(\d+)", log.read_bytes())
                port = int(found.group(1)) if found else time.sleep(0.1)
            else:
                try:
                    socket.create_connection(("127.0.0.1", uvicorn_port), timeout=0.2).close()
                    port = uvicorn_port
                except OSError:
                    time.sleep(0.1)
        if port is None:
            pytest.fail(f"{request.param} did not start:\n{log.read_text(errors='replace')}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=20)


def _read_response(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)content-length: *(\d+)", head)
    while length and len(body) < int(length.group(1)):
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, body


def _request(port: int, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
    with _connect(port) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        sock.sendall(head.encode() + body)
        return _read_response(sock)


def _chunked(payload: bytes, size: int = 4096) -> bytes:
    parts = [payload[i : i + size] for i in range(0, len(payload), size)]
    return b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


UPLOAD = "/upload/3f1e8e8a-5d4b-4a1f-9d7e-0c4b3a2f1e0d"


def test_a_body_within_the_limit_reaches_django(daphne):
    status, body = _request(daphne, UPLOAD, {"Content-Length": "100"}, b"x" * 100)
    assert status == 401
    assert body == b'{"detail":"Unauthorized"}'


def test_a_declared_body_over_the_limit_is_dropped_and_refused_on_any_path(daphne):
    size = LIMIT + ALLOWANCE + 1
    status, body = _request(daphne, "/agents/", {"Content-Length": str(size)}, b"x" * size)
    assert status == 413
    assert b"limited to 2000 bytes" in body


def test_a_client_that_expects_100_continue_is_refused_before_sending_the_body(daphne):
    with _connect(daphne) as sock:
        sock.sendall(
            (
                f"POST {UPLOAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Length: {10**10}\r\nExpect: 100-continue\r\n\r\n"
            ).encode()
        )
        ready, _, _ = select.select([sock], [], [], 20)
        assert ready, "no answer to the headers alone"
        status, body = _read_response(sock)
    assert status == 413
    assert b"limited to" in body


def test_a_chunked_body_over_the_limit_is_refused(daphne):
    status, _ = _request(
        daphne,
        UPLOAD,
        {"Transfer-Encoding": "chunked"},
        _chunked(b"x" * (LIMIT + ALLOWANCE + 10_000)),
    )
    assert status == 413


def test_a_chunked_body_within_the_limit_reaches_django(daphne):
    status, _ = _request(daphne, UPLOAD, {"Transfer-Encoding": "chunked"}, _chunked(b"x" * 500))
    assert status == 401
