"""Operations on the running table: rows, their stored files, uploads.

Function names say what the app does: ``row_add`` appends a row (and stores
its file), ``upload_store`` turns a client's upload into a row and tells the
conversation's sockets, ``stored_name_for``/``display_name_for`` decide the
two names a file has (ours on storage, the client's for people), and
``stored_file_delete_on_commit`` removes a file once its row is gone.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
import unicodedata
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Max

from chat.events import publish
from chat.models import Conversation, Message
from chat.services import conversation_get_or_create, conversation_touch
from files.models import Row
from files.summaries import stored_file_summary

logger = logging.getLogger(__name__)

_ROWID_ATTEMPTS = 20
# Row.file's max_length; storage must never hand back a longer name.
_STORED_NAME_MAX = 500
_STEM_MAX = 80
_DISPLAY_MAX = 255
# An extension we keep on the stored name: short and plain, so the stored
# name keeps telling pandas, browsers and operators what the file is.
# A dotfile (".htaccess") has no extension: it is all stem, as in pathlib.
_EXTENSION = re.compile(r"(?<=[^.\s])\.[A-Za-z0-9]{1,16}$")
# Names Windows refuses for files, whatever the extension (an operator may
# copy MEDIA_ROOT to a Windows machine).
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(10)),
    *(f"LPT{n}" for n in range(10)),
}


def display_name_for(file_name: str | None) -> str:
    """The client's file name as people see it: base name only, printable, at most 255 chars.

    Directories (``/`` or ``\\``) are dropped, as are control and format
    characters (NUL, newlines, right-to-left overrides that disguise an
    extension). Never used as a path.
    """
    text = unicodedata.normalize("NFC", str(file_name or ""))
    text = "".join(ch for ch in text if ch.isprintable())
    text = text.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if text.strip(". ") == "":
        return "file"
    if len(text) > _DISPLAY_MAX:
        match = _EXTENSION.search(text)
        extension = match.group(0) if match else ""
        text = text[: _DISPLAY_MAX - len(extension)] + extension
    return text


def _safe_base_name(file_name: str | None) -> str:
    """An ASCII name safe on any file system and in any URL: ``[A-Za-z0-9._-]``.

    Never starts with a dot or a dash (no ``.htaccess``, no option-like
    names), never contains ``..``; keeps a plain extension.
    """
    display = display_name_for(file_name)
    match = _EXTENSION.search(display)
    extension = match.group(0).lower() if match else ""
    stem = display[: match.start()] if match else display
    # Accented letters keep their base letter; other scripts fall away.
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_stem)
    ascii_stem = re.sub(r"\.{2,}", ".", ascii_stem)
    ascii_stem = ascii_stem.strip("._- ")[:_STEM_MAX].rstrip("._- ")
    if not ascii_stem:
        ascii_stem = "file"
    if ascii_stem.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        ascii_stem = f"file_{ascii_stem}"
    return ascii_stem + extension


def stored_name_for(*, conversation: Conversation, file_name: str) -> str:
    """A storage path we make ourselves: the client's name is never a path.

    ``conversations/<user id>/<conversation uuid>/<safe ASCII base name>``;
    storage de-duplicates it when saving.
    """
    return str(
        PurePosixPath(
            "conversations",
            str(conversation.user_id),
            str(conversation.conversation_id),
            _safe_base_name(file_name),
        )
    )


def row_add(
    *,
    conversation: Conversation,
    type: str,
    description: str,
    data: dict[str, Any] | list[Any] | None = None,
    file_name: str | None = None,
    content: bytes | Any | None = None,
    summary: str = "",
    readable: bool | None = None,
) -> Row:
    """Append a row to ``conversation``'s running table and return it.

    Stores ``content`` (bytes or a Django ``File``) under a name made from
    ``file_name`` when given; writes one Row with the next ``rowid`` (unique
    under concurrent calls: a clash is retried); lists the conversation in
    history. A row that is not an upload belongs to the conversation's
    latest answer (the one whose tools are running), so the pages show it
    inside that answer. ``summary`` is a short line for people. ``data``
    must be strict JSON (no NaN or infinity: PostgreSQL's jsonb refuses
    them). Publishes nothing: callers that speak to sockets publish the
    ``artifact`` event.
    """
    # Fail before storing anything on data that cannot be stored as JSON.
    json.dumps(data if data is not None else {}, allow_nan=False)
    stored = ""
    original = ""
    if content is not None:
        original = display_name_for(file_name or getattr(content, "name", None))
        payload = ContentFile(content) if isinstance(content, bytes | bytearray) else content
        stored = default_storage.save(
            stored_name_for(conversation=conversation, file_name=original),
            payload,
            max_length=_STORED_NAME_MAX,
        )
    try:
        for attempt in range(_ROWID_ATTEMPTS):
            try:
                with transaction.atomic():
                    # Lock the conversation so concurrent adds queue up where
                    # the database supports it; the unique constraint and the
                    # retry cover the rest (SQLite).
                    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
                    top = Row.objects.filter(conversation=conversation).aggregate(top=Max("rowid"))[
                        "top"
                    ]
                    answer_id = None
                    if type != Row.Type.USERINPUT:
                        answer_id = (
                            Message.objects.filter(
                                conversation=conversation, role=Message.Role.ASSISTANT
                            )
                            .order_by("-created_at", "-id")
                            .values_list("id", flat=True)
                            .first()
                        )
                    row = Row.objects.create(
                        conversation=conversation,
                        rowid=(top or 0) + 1,
                        type=type,
                        description=description,
                        file=stored,
                        original_name=original,
                        data=data if data is not None else {},
                        message_id=answer_id,
                        summary=summary[:300],
                        readable=readable,
                    )
                    conversation_touch(conversation=conversation)
                    return row
            except IntegrityError:
                continue
            except OperationalError as exc:
                if not _sqlite_lock_to_retry(exc):
                    raise
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
        raise RuntimeError("could not allocate a rowid")
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise


def _sqlite_lock_to_retry(exc: OperationalError) -> bool:
    """A SQLite lock clash that retrying our own (outermost) transaction resolves.

    Two deferred SQLite transactions that both read, then both write,
    deadlock: one fails at once with "database is locked" (the busy
    timeout does not apply), and shared-cache databases say "table is
    locked". Rolling back and retrying is the cure, but only if the
    transaction we roll back is the whole one: inside a caller's
    transaction we would keep our read lock and the clash would stay.
    """
    return connection.vendor == "sqlite" and not connection.in_atomic_block and "locked" in str(exc)


def upload_description(display_name: str) -> str:
    """The running-table text of an upload, exactly as the old backend wrote it."""
    return f"User uploads file '{display_name}', saving location is in this row."


def upload_store(*, user, conversation_id: uuid.UUID, upload: Any) -> Row:
    """Store ``upload`` (a Django ``UploadedFile``) as a ``userinput`` row of the conversation.

    Creates ``user``'s conversation ``conversation_id`` if missing; stores
    the file under a name we make (``row_add``); writes one Row with a
    summary for people and whether the tools can read it as a table (the
    file is read once, with the bounded reader); publishes an ``artifact``
    event to the conversation's sockets after commit.
    """
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    name = display_name_for(upload.name)
    # row_add commits its own transaction (no outer one: see _sqlite_lock_to_retry).
    row = row_add(
        conversation=conversation,
        type=Row.Type.USERINPUT,
        description=upload_description(name),
        file_name=name,
        content=upload,
    )
    row.summary, row.readable = stored_file_summary(
        storage_name=row.file.name, display_name=row.original_name
    )
    Row.objects.filter(pk=row.pk).update(summary=row.summary, readable=row.readable)
    publish(
        conversation.group_name,
        {
            "event_type": "artifact",
            "rowid": row.rowid,
            "type": row.type,
            "description": row.description,
        },
    )
    return row


def stored_file_delete_on_commit(*, storage: Storage, name: str, using: str | None = None) -> None:
    """Delete ``name`` from ``storage`` once the current transaction commits.

    After commit, so a rolled-back delete keeps its file. A storage failure
    is logged, not raised: the row is already gone, and an orphan file is
    better than a failed commit hook.
    """
    if not name:
        return

    def remove() -> None:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("could not delete stored file %s", name)

    transaction.on_commit(remove, using=using)
