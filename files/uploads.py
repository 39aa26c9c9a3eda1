"""Upload size limits that never need the whole body in memory.

Two checks: the declared ``Content-Length`` is refused before the body is
parsed, and ``SizeLimitUploadHandler`` counts file bytes as Django's
multipart parser streams them (to a temporary file past
``FILE_UPLOAD_MAX_MEMORY_SIZE``), stopping the upload as soon as the limit
is passed. The second catches bodies whose length was not declared
(chunked) or was declared wrongly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for the multipart envelope (boundaries, part headers, a long file
# name) on top of the file itself, when judging a declared body length.
MULTIPART_ALLOWANCE = 64 * 1024


def max_upload_size() -> int:
    return settings.MAX_UPLOAD_SIZE


def declared_length(meta: dict[str, Any]) -> int | None:
    """The body length the client declared, or None if it declared none (or nonsense)."""
    try:
        value = int(meta.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return value if value >= 0 else None


def declared_length_too_large(meta: dict[str, Any]) -> bool:
    length = declared_length(meta)
    return length is not None and length > max_upload_size() + MULTIPART_ALLOWANCE


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every uploaded file; past the limit, stops the upload.

    Goes first in ``request.upload_handlers``, so no later handler (memory
    or temporary file) receives a byte over the limit. ``exceeded`` tells
    the view to answer 413.
    """

    def __init__(self, request: Any = None, *, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = max_upload_size() if limit is None else limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            # connection_reset: don't read the rest of the body only to
            # throw it away. The servers cope: Daphne (ASGI) has received
            # the body before Django runs, Django's WSGI server drains
            # what is left before answering.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file
