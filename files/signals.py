"""Stored files follow their rows: deleting a row (or, by cascade, its
conversation or user) removes the file from storage after commit."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from files.models import Row
from files.services import stored_file_delete_on_commit


@receiver(post_delete, sender=Row, dispatch_uid="files.row_stored_file_delete")
def row_stored_file_delete(sender: type[Row], instance: Row, using: str, **kwargs: Any) -> None:
    if instance.file:
        stored_file_delete_on_commit(
            storage=instance.file.storage, name=instance.file.name, using=using
        )
