"""Refuse request bodies over the upload limit inside Daphne, before they are kept.

Daphne reads a whole request body and queues all of it for the application
before Django runs (measured: a 200 MB POST to any path took Daphne's
process to 2.5 GB), so no view or ASGI middleware can refuse a huge body in
time. ``install()`` teaches Daphne's request class to count body bytes as
they arrive and, past ``MAX_UPLOAD_SIZE`` plus the multipart allowance, to
drop them and answer ``413 {"detail": ...}`` itself:

- a declared ``Content-Length`` over the limit with ``Expect: 100-continue``
  gets its 413 at once, so the client never sends the body;
- otherwise (declared, chunked, or a client that sends without waiting)
  the rest of the body is read and dropped, then the 413 is sent: answering
  mid-body and closing would make the kernel reset the connection and the
  client could lose the answer.

No endpoint takes a bigger body than an upload, so the limit holds for
every path. Call ``install()`` before the server starts (from
``project/asgi.py``); other ASGI servers are left alone. Views keep their
own checks (``files.uploads``), so the limit holds under any server.
"""

from __future__ import annotations

import json
from typing import Any

from files.uploads import MULTIPART_ALLOWANCE, max_upload_size

_installed = False


def body_limit() -> int:
    return max_upload_size() + MULTIPART_ALLOWANCE


def refusal_body() -> bytes:
    return json.dumps(
        {"detail": f"Request body too large: uploads are limited to {max_upload_size()} bytes."}
    ).encode()


def _raw_refusal() -> bytes:
    body = refusal_body()
    return (
        b"HTTP/1.1 413 Payload Too Large\r\n"
        b"Content-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n"
        b"Connection: close\r\n\r\n" + body
    )


def install() -> None:
    """Patch Daphne's HTTP request class once per process."""
    global _installed
    if _installed:
        return
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:  # served by another ASGI server
        return

    # Twisted parses every multipart POST itself (Django parses it again) and
    # answers one it cannot parse with a bare 400, no body and no content
    # type, before Django sees it. Daphne never reads Twisted's parse: off.
    original_init = WebRequest.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self._parsePOSTFormSubmission = False

    WebRequest.__init__ = __init__

    original_got_length = WebRequest.gotLength
    original_handle_content_chunk = WebRequest.handleContentChunk
    original_process = WebRequest.process

    def gotLength(self: Any, length: int | None) -> None:  # Twisted's names
        self._derrick_body_seen = 0
        self._derrick_body_refused = False
        self._derrick_answered = False
        original_got_length(self, length)
        if length is None or length <= body_limit():
            return
        self._derrick_body_refused = True
        expect = self.requestHeaders.getRawHeaders(b"expect") or []
        if any(value.lower() == b"100-continue" for value in expect):
            # The client waits for our word before sending the body: say no
            # now (and keep Twisted from saying "100 Continue" after us).
            self.requestHeaders.removeHeader(b"expect")
            self._derrick_answered = True
            self.channel.transport.write(_raw_refusal())
            self.channel.transport.loseConnection()

    def handleContentChunk(self: Any, data: bytes) -> None:
        if getattr(self, "_derrick_body_refused", False):
            return  # read and dropped
        self._derrick_body_seen = getattr(self, "_derrick_body_seen", 0) + len(data)
        if self._derrick_body_seen > body_limit():
            self._derrick_body_refused = True
            self.content.seek(0)
            self.content.truncate()
            return
        original_handle_content_chunk(self, data)

    def process(self: Any) -> Any:
        if not getattr(self, "_derrick_body_refused", False):
            return original_process(self)
        if getattr(self, "_derrick_answered", False) or self.channel is None:
            return None
        self._derrick_answered = True
        self.handle_reply(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"Content-Type", b"application/json")],
            }
        )
        self.handle_reply({"type": "http.response.body", "body": refusal_body()})
        return None

    WebRequest.gotLength = gotLength
    WebRequest.handleContentChunk = handleContentChunk
    WebRequest.process = process
    _installed = True
