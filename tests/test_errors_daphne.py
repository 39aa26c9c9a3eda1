"""Hostile HTTP through a real Daphne process: what Twisted and Django refuse is JSON too."""

from __future__ import annotations

import http.client
import os
import uuid

import pytest

from tests.test_stream_daphne import DaphneServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    daphne = DaphneServer(tmp_path_factory.mktemp("errors"), dict(os.environ)).start()
    yield daphne
    daphne.stop()


def _request(server, method: str, path: str, body: bytes = b"", **headers: str):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.getheader("Content-Type"), response.read()


@pytest.mark.parametrize("body", [b"--xyz--\r\n", b"--xyz--", b""])
def test_a_multipart_upload_with_no_parts_is_a_json_422(server, body):
    status, content_type, payload = _request(
        server,
        "POST",
        f"/upload/{uuid.uuid4()}",
        body,
        Authorization=f"Bearer {server.token}",
        **{"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert (status, content_type) == (422, "application/json")
    assert b'"loc":["body","file"]' in payload


def test_a_multipart_login_with_no_parts_is_a_json_422(server):
    status, content_type, _ = _request(
        server,
        "POST",
        "/auth/jwt/login",
        b"--xyz--",
        **{"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert (status, content_type) == (422, "application/json")


def test_a_bad_host_header_is_a_json_400(server):
    status, content_type, payload = _request(
        server, "GET", "/history/", Host="evil.example", Authorization=f"Bearer {server.token}"
    )
    assert (status, content_type, payload) == (
        400,
        "application/json",
        b'{"detail": "Bad Request"}',
    )
