"""manage.py import_fastapi_users: the old backend's users keep ids, passwords and tokens."""

from __future__ import annotations

import sqlite3
import time
import uuid
from io import StringIO

import argon2
import bcrypt
import jwt
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ARGON_ID = uuid.UUID("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
BCRYPT_ID = uuid.UUID("6fa459ea-ee8a-3ca4-894e-db77e160355e")
ADMIN_ID = uuid.UUID("886313e1-3b8a-5372-9b90-0c9aee199e5d")

# FastAPI Users' SQLAlchemy table, as the old backend created it on SQLite.
CREATE = """
CREATE TABLE user (
    id CHAR(36) NOT NULL PRIMARY KEY,
    email VARCHAR(320) NOT NULL,
    hashed_password VARCHAR(1024) NOT NULL,
    is_active BOOLEAN NOT NULL,
    is_superuser BOOLEAN NOT NULL,
    is_verified BOOLEAN NOT NULL
)
"""


@pytest.fixture(autouse=True)
def _production_hashers(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptPasswordHasher",
    ]


def old_database(path, rows) -> str:
    connection = sqlite3.connect(path)
    connection.execute(CREATE)
    connection.executemany('INSERT INTO "user" VALUES (?, ?, ?, ?, ?, ?)', rows)
    connection.commit()
    connection.close()
    return str(path)


@pytest.fixture
def old_db(tmp_path):
    # pwdlib hashes: argon2-cffi's default Argon2id and bcrypt of the raw password.
    fast_argon = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return old_database(
        tmp_path / "old.sqlite3",
        [
            (str(ARGON_ID), "Argon@Example.com", fast_argon.hash("argon-password-1"), 1, 0, 1),
            (
                BCRYPT_ID.hex,
                "bcrypt@example.com",
                bcrypt.hashpw(b"bcrypt-password-1", bcrypt.gensalt(4)).decode(),
                1,
                0,
                0,
            ),
            (str(ADMIN_ID), "boss@example.com", fast_argon.hash("boss-password-1"), 1, 1, 1),
        ],
    )


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_fastapi_users", path, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def login(email, password):
    return APIClient().post("/auth/jwt/login", {"username": email, "password": password})


def test_users_are_imported_with_their_ids_and_flags(old_db):
    output = run(old_db)

    assert "3 created, 0 updated, 0 unchanged, 0 skipped" in output
    users = {u.id: u for u in get_user_model().objects.all()}
    assert set(users) == {ARGON_ID, BCRYPT_ID, ADMIN_ID}
    assert users[ARGON_ID].email == "Argon@example.com"
    assert users[ARGON_ID].is_verified and not users[ARGON_ID].is_superuser
    assert not users[BCRYPT_ID].is_verified
    assert users[ADMIN_ID].is_superuser and users[ADMIN_ID].is_staff
    assert users[ARGON_ID].password.startswith("argon2$argon2id$")
    assert users[BCRYPT_ID].password.startswith("bcrypt$$2b$")


def test_imported_users_log_in_with_their_old_passwords_and_get_argon2(old_db):
    run(old_db)

    assert login("argon@example.com", "argon-password-1").status_code == 200
    assert login("bcrypt@example.com", "bcrypt-password-1").status_code == 200
    assert login("bcrypt@example.com", "not-it").status_code == 400
    upgraded = get_user_model().objects.get(pk=BCRYPT_ID)
    assert upgraded.password.startswith("argon2$argon2id$")
    assert login("bcrypt@example.com", "bcrypt-password-1").status_code == 200


def test_an_old_backend_token_stays_valid(old_db, settings):
    run(old_db)
    token = jwt.encode(
        {"sub": str(BCRYPT_ID), "aud": ["fastapi-users:auth"], "exp": int(time.time()) + 600},
        settings.JWT_SECRET,
        "HS256",
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.get("/users/me")

    assert response.status_code == 200
    assert response.json()["email"] == "bcrypt@example.com"


def test_running_it_again_changes_nothing_and_keeps_passwords_changed_here(old_db):
    run(old_db)
    user = get_user_model().objects.get(pk=ARGON_ID)
    user.set_password("changed-here-since")
    user.save()

    output = run(old_db)

    assert "0 created, 0 updated, 3 unchanged, 0 skipped" in output
    assert get_user_model().objects.count() == 3
    user.refresh_from_db()
    assert user.check_password("changed-here-since")


def test_changed_flags_are_updated_and_passwords_only_on_request(old_db, tmp_path):
    run(old_db)
    connection = sqlite3.connect(old_db)
    connection.execute('UPDATE "user" SET is_active = 0 WHERE id = ?', (str(ARGON_ID),))
    connection.execute(
        'UPDATE "user" SET hashed_password = ? WHERE id = ?',
        (bcrypt.hashpw(b"newer-password-2", bcrypt.gensalt(4)).decode(), BCRYPT_ID.hex),
    )
    connection.commit()
    connection.close()

    assert "1 updated, 2 unchanged" in run(old_db)
    assert not get_user_model().objects.get(pk=ARGON_ID).is_active
    assert login("bcrypt@example.com", "bcrypt-password-1").status_code == 200

    assert "1 updated" in run(old_db, "--overwrite-passwords")
    assert login("bcrypt@example.com", "newer-password-2").status_code == 200


def test_rows_that_cannot_be_imported_are_skipped(tmp_path, alice):
    path = old_database(
        tmp_path / "odd.sqlite3",
        [
            ("not-a-uuid", "odd@example.com", "$2b$04$" + "x" * 53, 1, 0, 0),
            (str(uuid.uuid4()), "ALICE@example.com", "$2b$04$" + "x" * 53, 1, 0, 0),
            (str(uuid.uuid4()), "plain@example.com", "plaintext?", 1, 0, 0),
        ],
    )

    output = run(path)

    assert "1 created, 0 updated, 0 unchanged, 2 skipped" in output
    plain = get_user_model().objects.get(email="plain@example.com")
    assert not plain.has_usable_password()
    alice.refresh_from_db()
    assert alice.check_password("correct-horse-battery-staple")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "absent.sqlite3"))


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are not the users you are looking for\n" * 100)

    with pytest.raises(CommandError, match="not an SQLite database"):
        run(str(path))


def test_a_database_without_a_user_table_is_a_clear_error(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE conversation (id TEXT)")
    connection.close()

    with pytest.raises(CommandError, match="no 'user' table"):
        run(str(path))


def test_a_user_table_of_another_shape_is_a_clear_error(tmp_path):
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE user (id TEXT, name TEXT)")
    connection.close()

    with pytest.raises(CommandError, match="lacks email, hashed_password"):
        run(str(path))
