"""Import the old backend's users (FastAPI Users' ``user`` table in SQLite).

Ids are kept, so access tokens minted by the old backend (same
``JWT_SECRET``) stay valid, and password hashes are kept, so everyone logs in
with the password they had; the first login re-hashes with Django's Argon2.

    python manage.py import_fastapi_users old.sqlite3 [--overwrite-passwords]

Running it again is safe: known ids are updated (e-mail address and flags;
the password only with ``--overwrite-passwords``, so a password changed here
since the last run is not undone).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User

COLUMNS = ("id", "email", "hashed_password", "is_active", "is_superuser", "is_verified")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


def django_password(hashed: Any) -> str | None:
    """pwdlib's hash in Django's encoding, or None for a format Django can't check.

    pwdlib's Argon2 hashes are argon2-cffi's ``$argon2id$...`` strings, which
    Django's Argon2PasswordHasher stores behind ``argon2``. pwdlib's bcrypt
    hashes the raw password, as Django's BCryptPasswordHasher does.
    """
    if not isinstance(hashed, str):
        return None
    if hashed.startswith(("$argon2id$", "$argon2i$", "$argon2d$")):
        return "argon2" + hashed
    if hashed.startswith(("$2b$", "$2a$", "$2y$")):
        return "bcrypt$" + hashed
    return None


def parse_id(raw: Any) -> uuid.UUID | None:
    """FastAPI Users' GUID on SQLite is CHAR(36) (dashed); accept 32-hex and 16 bytes too."""
    try:
        if isinstance(raw, bytes) and len(raw) == 16:
            return uuid.UUID(bytes=raw)
        if isinstance(raw, bytes):
            raw = raw.decode("ascii")
        return uuid.UUID(str(raw).strip())
    except (ValueError, UnicodeDecodeError):
        return None


class Command(BaseCommand):
    help = "Import users (ids, e-mail addresses, password hashes, flags) from the old backend's SQLite file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("database", help="the old backend's SQLite file")
        parser.add_argument(
            "--overwrite-passwords",
            action="store_true",
            help="also replace the password of users imported before",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = self.read_rows(Path(options["database"]))
        counts = Counts()
        with transaction.atomic():
            for row in rows:
                self.import_row(row, counts, overwrite_passwords=options["overwrite_passwords"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported users: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged, {counts.skipped} skipped."
            )
        )

    def read_rows(self, path: Path) -> list[sqlite3.Row]:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            # Read-only: the old backend's file is never changed.
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise CommandError(f"{path}: cannot open it as SQLite: {exc}") from exc
        connection.row_factory = sqlite3.Row
        try:
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            if "user" not in tables:
                raise CommandError(f"{path}: no 'user' table: not a FastAPI Users database")
            present = {info[1] for info in connection.execute('PRAGMA table_info("user")')}
            missing = [column for column in COLUMNS if column not in present]
            if missing:
                raise CommandError(f"{path}: the 'user' table lacks {', '.join(missing)}")
            return connection.execute(f'SELECT {", ".join(COLUMNS)} FROM "user"').fetchall()
        except sqlite3.DatabaseError as exc:  # "file is not a database"
            raise CommandError(f"{path}: not an SQLite database: {exc}") from exc
        finally:
            connection.close()

    def import_row(self, row: sqlite3.Row, counts: Counts, *, overwrite_passwords: bool) -> None:
        user_id = parse_id(row["id"])
        email = User.objects.normalize_email(str(row["email"] or "").strip())
        if user_id is None or not email:
            self.stderr.write(f"skipped a row with id {row['id']!r}: bad id or no e-mail address")
            counts.skipped += 1
            return
        if User.objects.filter(email__iexact=email).exclude(pk=user_id).exists():
            self.stderr.write(f"skipped {email}: another user here has that address")
            counts.skipped += 1
            return

        password = django_password(row["hashed_password"])
        if password is None:
            # Still import the user: they can set a password through forgot-password.
            self.stderr.write(f"{email}: unknown password hash format, password left unusable")
        wanted = {
            "email": email,
            "is_active": bool(row["is_active"]),
            "is_superuser": bool(row["is_superuser"]),
            "is_verified": bool(row["is_verified"]),
        }
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            User.objects.create(id=user_id, password=password or make_password(None), **wanted)
            counts.created += 1
            return
        if overwrite_passwords and password is not None:
            wanted["password"] = password
        elif overwrite_passwords and user.has_usable_password():
            wanted["password"] = make_password(None)
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        if not changed:
            counts.unchanged += 1
            return
        for name in changed:
            setattr(user, name, wanted[name])
        user.save(update_fields=changed)
        counts.updated += 1
