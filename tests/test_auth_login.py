"""POST /auth/jwt/login: FastAPI Users' form (and JSON), one answer for every bad login."""

from __future__ import annotations

import bcrypt
import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from accounts.tokens import user_from_token
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

BAD_CREDENTIALS = {"detail": "LOGIN_BAD_CREDENTIALS"}


class CountingHasher(MD5PasswordHasher):
    """A real (fast) hasher that counts how often it hashes."""

    algorithm = "counting_md5"
    encodes = 0

    def encode(self, password, salt):
        CountingHasher.encodes += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("path", ["/auth/jwt/login", "/auth/jwt/login/"])
def test_a_form_login_returns_a_bearer_token_for_the_user(alice, anon_client, path):
    response = anon_client.post(path, {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type"}
    assert body["token_type"] == "bearer"
    assert user_from_token(body["access_token"]) == alice


def test_a_json_login_is_accepted_too(alice, anon_client):
    response = anon_client.post(
        "/auth/jwt/login", {"username": "alice@example.com", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert user_from_token(response.json()["access_token"]) == alice


def test_the_email_is_compared_case_insensitively(alice, anon_client):
    response = anon_client.post(
        "/auth/jwt/login", {"username": "ALICE@Example.COM", "password": PASSWORD}
    )

    assert response.status_code == 200


def test_a_login_sets_last_login(alice, anon_client):
    assert alice.last_login is None
    anon_client.post("/auth/jwt/login", {"username": "alice@example.com", "password": PASSWORD})

    alice.refresh_from_db()
    assert alice.last_login is not None


def test_wrong_password_unknown_email_and_inactive_user_get_the_same_answer(alice, anon_client):
    make_user("sleeper@example.com", is_active=False)
    attempts = [
        {"username": "alice@example.com", "password": "not-her-password"},
        {"username": "nobody@example.com", "password": PASSWORD},
        {"username": "sleeper@example.com", "password": PASSWORD},
    ]

    answers = [anon_client.post("/auth/jwt/login", data) for data in attempts]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert [a.json() for a in answers] == [BAD_CREDENTIALS] * 3
    assert len({a.content for a in answers}) == 1


def test_an_unknown_email_costs_a_password_hash_like_a_known_one(alice, anon_client, settings):
    settings.PASSWORD_HASHERS = ["tests.test_auth_login.CountingHasher"]
    make_user("counted@example.com")
    counts = []
    for email in ["counted@example.com", "nobody@example.com"]:
        CountingHasher.encodes = 0
        anon_client.post("/auth/jwt/login", {"username": email, "password": "whatever-1"})
        counts.append(CountingHasher.encodes)

    assert counts == [1, 1]


def test_a_stale_authorization_header_does_not_stop_a_login(alice, anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = anon_client.post(
        "/auth/jwt/login", {"username": "alice@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ({"password": PASSWORD}, "username"),
        ({"username": "alice@example.com"}, "password"),
        ({"username": "", "password": PASSWORD}, "username"),
    ],
)
def test_a_missing_field_is_a_422_naming_it(alice, anon_client, data, missing):
    response = anon_client.post("/auth/jwt/login", data)

    assert response.status_code == 422
    problems = response.json()["detail"]
    assert [p["loc"] for p in problems] == [["body", missing]]
    assert problems[0]["type"] == "missing"
    assert set(problems[0]) == {"type", "loc", "msg", "input"}


def test_a_grant_type_other_than_password_is_a_422(alice, anon_client):
    response = anon_client.post(
        "/auth/jwt/login",
        {"username": "alice@example.com", "password": PASSWORD, "grant_type": "client_credentials"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "grant_type"]


def test_an_imported_bcrypt_hash_is_upgraded_to_argon2_on_login(anon_client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptPasswordHasher",
    ]
    user = make_user("old@example.com")
    old_hash = bcrypt.hashpw(b"old-password-123", bcrypt.gensalt(rounds=4)).decode()
    type(user).objects.filter(pk=user.pk).update(password="bcrypt$" + old_hash)

    response = anon_client.post(
        "/auth/jwt/login", {"username": "old@example.com", "password": "old-password-123"}
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("old-password-123")


def test_a_wrong_password_does_not_upgrade_the_hash(anon_client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptPasswordHasher",
    ]
    user = make_user("old@example.com")
    stored = "bcrypt$" + bcrypt.hashpw(b"old-password-123", bcrypt.gensalt(rounds=4)).decode()
    type(user).objects.filter(pk=user.pk).update(password=stored)

    response = anon_client.post(
        "/auth/jwt/login", {"username": "old@example.com", "password": "guess"}
    )

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.password == stored


def test_an_overlong_password_against_a_bcrypt_hash_is_just_a_bad_login(anon_client, settings):
    # bcrypt 5 refuses passwords over 72 bytes with ValueError: not a 500.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.BCryptPasswordHasher"]
    make_user("old@example.com")

    response = anon_client.post(
        "/auth/jwt/login", {"username": "old@example.com", "password": "x" * 100}
    )

    assert response.status_code == 400
    assert response.json() == BAD_CREDENTIALS


def test_a_get_is_method_not_allowed(anon_client):
    response = anon_client.get("/auth/jwt/login")

    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}
