"""Operations on the running table: rows and their stored files."""

from __future__ import annotations

import json
import posixpath
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import get_valid_filename

from chat.models import Conversation
from chat.services import conversation_touch
from files.models import Row

_ROWID_ATTEMPTS = 20


def stored_name_for(*, conversation: Conversation, file_name: str) -> str:
    """A storage path we make ourselves: the client's name is never a path.

    ``conversations/<user id>/<conversation uuid>/<sanitised base name>``;
    storage de-duplicates it when saving.
    """
    base = PurePath(str(file_name).replace("\\", "/")).name
    safe = get_valid_filename(base.strip(" .")) if base.strip(" .") else ""
    safe = safe.lstrip(".")[:120] or "file"
    return posixpath.join(
        "conversations", str(conversation.user_id), str(conversation.conversation_id), safe
    )


def row_add(
    *,
    conversation: Conversation,
    type: str,
    description: str,
    data: dict[str, Any] | list[Any] | None = None,
    file_name: str | None = None,
    content: bytes | Any | None = None,
) -> Row:
    """Append a row to ``conversation``'s running table and return it.

    Stores ``content`` (bytes or a Django ``File``) under a name made from
    ``file_name`` when given; writes one Row with the next ``rowid`` (unique
    under concurrent calls: a clash is retried); lists the conversation in
    history. Publishes nothing: callers that speak to sockets publish the
    ``artifact`` event.
    """
    stored = ""
    original = ""
    if content is not None:
        original = PurePath(str(file_name or "file").replace("\\", "/")).name[:255]
        payload = ContentFile(content) if isinstance(content, bytes | bytearray) else content
        stored = default_storage.save(
            stored_name_for(conversation=conversation, file_name=original), payload
        )
    json.dumps(data or {})  # fail early on data that cannot be stored as JSON
    try:
        for _ in range(_ROWID_ATTEMPTS):
            try:
                with transaction.atomic():
                    # Lock the conversation so concurrent adds queue up where
                    # the database supports it; the unique constraint and the
                    # retry cover the rest (SQLite).
                    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
                    top = conversation.rows.aggregate(top=Max("rowid"))["top"] or 0
                    row = Row.objects.create(
                        conversation=conversation,
                        rowid=top + 1,
                        type=type,
                        description=description,
                        file=stored,
                        original_name=original,
                        data=data if data is not None else {},
                    )
                    conversation_touch(conversation=conversation)
                    return row
            except IntegrityError:
                continue
        raise RuntimeError("could not allocate a rowid")
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
