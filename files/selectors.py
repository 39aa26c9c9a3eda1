"""Reads of the running table shared by the views, the chat pages and the tools.

Rows of a user's conversation, one row's bytes, its table preview, and the
signed link that downloads it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import time
import uuid
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import content_disposition_header

from chat.selectors import conversation_for_user, conversations_for_user
from files.models import Row
from files.tables import TableReadError, is_table_name, read_stored_table
from project.cells import neutralise_cell

PREVIEW_MAX_ROWS = 50
_DOWNLOAD_SALT = "files.download"


# --- rows -------------------------------------------------------------------


def rows_for_user_conversation(*, user, conversation_id: uuid.UUID | str) -> QuerySet[Row]:
    """``user``'s running table for ``conversation_id``, ordered by rowid; empty if not theirs."""
    conversation = conversation_for_user(user=user, conversation_id=conversation_id)
    if conversation is None:
        return Row.objects.none()
    return Row.objects.filter(conversation=conversation).order_by("rowid")


def row_for_user(*, user, conversation_id: uuid.UUID | str, rowid: int) -> Row | None:
    """Row ``rowid`` of ``user``'s conversation, or None (unknown, or someone else's)."""
    return (
        Row.objects.select_related("conversation")
        .filter(
            conversation__in=conversations_for_user(user=user).filter(
                conversation_id=conversation_id
            ),
            rowid=rowid,
        )
        .first()
    )


def row_display_name(row: Row) -> str:
    """The name a download of ``row`` carries."""
    if row.file:
        return row.original_name or row.file.name.rsplit("/", 1)[-1]
    return f"row-{row.rowid}.json"


def row_read_bytes(row: Row, *, limit: int | None = None) -> bytes:
    """The stored file's bytes (at most ``limit``). Raises OSError if it cannot be read."""
    with default_storage.open(row.file.name, "rb") as handle:
        return handle.read(limit) if limit is not None else handle.read()


# --- previews ---------------------------------------------------------------


def json_cell(value: Any) -> Any:
    """A table cell as strict JSON: NaN, NaT and infinities become null, dates ISO strings."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def frame_preview(frame: pd.DataFrame, *, max_rows: int = PREVIEW_MAX_ROWS) -> dict[str, Any]:
    """``{"columns": [...], "rows": [[...], ...]}`` of the first ``max_rows`` rows, JSON-safe."""
    head = frame.head(max_rows)
    # Cells that a spreadsheet would run as formulas are shown as text (OWASP).
    return {
        "columns": [neutralise_cell(str(column)) for column in head.columns],
        "rows": [
            [neutralise_cell(json_cell(cell)) for cell in record]
            for record in head.itertuples(index=False)
        ],
    }


def row_preview(row: Row) -> dict[str, Any] | None:
    """The first rows of ``row``'s table, or None when it has no readable table file."""
    return row_preview_or_error(row)[0]


def row_preview_or_error(row: Row) -> tuple[dict[str, Any] | None, str | None]:
    """(the first rows of ``row``'s table, None) or (None, why it cannot be previewed).

    A row without a table file has neither: (None, None). A file that is
    broken, too large once decompressed or too slow to read gives the
    reader's message for a person.
    """
    if not row.file:
        return None, None
    name = row.original_name or row.file.name
    if not is_table_name(name):
        return None, None
    try:
        frame = read_stored_table(row.file.name, name, nrows=PREVIEW_MAX_ROWS)
    except TableReadError as exc:
        return None, str(exc)
    except OSError:
        return None, "The stored file cannot be opened."
    return frame_preview(frame), None


# --- signed downloads -------------------------------------------------------


class _DownloadSigner(signing.TimestampSigner):
    """Django's TimestampSigner whose clock can be set, to mint a link as of a given time."""

    def __init__(self, *, issued_at: float | None = None) -> None:
        super().__init__(salt=_DOWNLOAD_SALT)
        self._issued_at = issued_at

    def timestamp(self) -> str:
        moment = time.time() if self._issued_at is None else self._issued_at
        return signing.b62_encode(int(moment))


def row_download_token(row: Row, *, issued_at: float | None = None) -> str:
    """A token naming ``row`` that only this server can make; it expires (see below)."""
    return _DownloadSigner(issued_at=issued_at).sign(str(row.pk))


def row_for_download_token(token: str) -> Row | None:
    """The row a token names, or None when it is tampered with, expired or the row is gone.

    Tokens live ``FILE_URL_MAX_AGE_SECONDS``.
    """
    try:
        pk = _DownloadSigner().unsign(token, max_age=settings.FILE_URL_MAX_AGE_SECONDS)
        return Row.objects.filter(pk=int(pk)).first()
    except (signing.BadSignature, ValueError):
        return None


def _storage_presigns() -> bool:
    # django-storages' S3 (and GCS, Azure) backends sign their own
    # expiring URLs when querystring_auth is on; FileSystemStorage cannot,
    # and its MEDIA_URL is served by nothing.
    return bool(getattr(default_storage, "querystring_auth", False))


def row_download_url(row: Row) -> str | None:
    """A link that downloads ``row``'s file (or its data as JSON) without headers, and expires.

    S3: the bucket's presigned URL (absolute). Local storage: our
    ``/files/<signed token>`` path (relative: the view makes it absolute).
    None for a row with neither file nor data.
    """
    if row.file:
        if _storage_presigns():
            return default_storage.url(
                row.file.name,
                parameters={
                    "ResponseContentDisposition": content_disposition_header(
                        True, row_display_name(row)
                    )
                },
                expire=settings.FILE_URL_MAX_AGE_SECONDS,
            )
    elif row.data in (None, {}, []):
        return None
    return reverse("files:download", kwargs={"token": row_download_token(row)})
