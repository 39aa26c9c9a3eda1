"""Helpers shared by the files tests (no tests here): raw multipart bodies and uploads.

The test client rewrites a file's name to its base name before sending, so
hostile names are sent in a multipart body built by hand, as a hostile
client would.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

BOUNDARY = "----derrick-test-boundary-7MA4YWxkTrZu0gW"


def multipart_body(
    *, filename: str | bytes, content: bytes, field: str = "file", extra: bytes = b""
) -> bytes:
    raw_name = filename if isinstance(filename, bytes) else filename.encode("utf-8")
    return (
        f"--{BOUNDARY}\r\n".encode()
        + f'Content-Disposition: form-data; name="{field}"; filename="'.encode()
        + raw_name
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + b"\r\n"
        + extra
        + f"--{BOUNDARY}--\r\n".encode()
    )


MULTIPART_CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def post_raw(client, conversation_id: Any, *, filename: str | bytes, content: bytes, **extra):
    return client.generic(
        "POST",
        f"/upload/{conversation_id}",
        multipart_body(filename=filename, content=content),
        content_type=MULTIPART_CONTENT_TYPE,
        **extra,
    )


def upload(client, conversation_id: Any, name: str, content: bytes):
    return client.post(
        f"/upload/{conversation_id}",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def new_id() -> uuid.UUID:
    return uuid.uuid4()
