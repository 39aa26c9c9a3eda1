"""POST /auth/register: FastAPI Users' body, codes and user JSON."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

GOOD = "a-long-and-unusual-passphrase"


@pytest.mark.parametrize("path", ["/auth/register", "/auth/register/"])
def test_registering_creates_an_active_unverified_user(anon_client, path):
    response = anon_client.post(path, {"email": "new@example.com", "password": GOOD}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "is_active", "is_superuser", "is_verified"}
    assert uuid.UUID(body["id"])
    assert body | {"id": None} == {
        "id": None,
        "email": "new@example.com",
        "is_active": True,
        "is_superuser": False,
        "is_verified": False,
    }
    user = get_user_model().objects.get(pk=body["id"])
    assert user.check_password(GOOD)


def test_the_new_user_can_log_in(anon_client):
    anon_client.post(
        "/auth/register", {"email": "new@example.com", "password": GOOD}, format="json"
    )

    response = anon_client.post(
        "/auth/jwt/login", {"username": "new@example.com", "password": GOOD}
    )

    assert response.status_code == 200


def test_the_flags_are_ignored(anon_client):
    response = anon_client.post(
        "/auth/register",
        {
            "email": "sneaky@example.com",
            "password": GOOD,
            "is_active": False,
            "is_superuser": True,
            "is_verified": True,
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["is_active"], body["is_superuser"], body["is_verified"]) == (True, False, False)
    user = get_user_model().objects.get(email="sneaky@example.com")
    assert not user.is_superuser and not user.is_staff


@pytest.mark.parametrize("flag", ["is_active", "is_superuser", "is_verified"])
def test_a_flag_that_is_not_a_boolean_is_a_422(anon_client, flag):
    response = anon_client.post(
        "/auth/register",
        {"email": "new@example.com", "password": GOOD, flag: "perhaps"},
        format="json",
    )

    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["body", flag]
    assert problem["input"] == "perhaps"


@pytest.mark.parametrize("email", ["alice@example.com", "ALICE@EXAMPLE.COM", " Alice@example.com "])
def test_an_address_already_taken_in_any_case_is_refused(alice, anon_client, email):
    response = anon_client.post("/auth/register", {"email": email, "password": GOOD}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "REGISTER_USER_ALREADY_EXISTS"}
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize(
    ("password", "reason_part"),
    [
        ("short", "too short"),
        ("password123", "too common"),
        ("83719402837465", "entirely numeric"),
        ("", "too short"),
    ],
)
def test_a_weak_password_is_refused_with_the_validators_reason(anon_client, password, reason_part):
    response = anon_client.post(
        "/auth/register", {"email": "new@example.com", "password": password}, format="json"
    )

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["code"] == "REGISTER_INVALID_PASSWORD"
    assert reason_part in detail["reason"]
    assert not get_user_model().objects.filter(email="new@example.com").exists()


def test_a_password_like_the_email_is_refused(anon_client):
    response = anon_client.post(
        "/auth/register",
        {"email": "margaretthatcher@example.com", "password": "margaretthatcher"},
        format="json",
    )

    assert response.status_code == 400
    assert "too similar" in response.json()["detail"]["reason"]


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        ({"password": GOOD}, ["body", "email"], "missing"),
        ({"email": "new@example.com"}, ["body", "password"], "missing"),
        ({"email": "not-an-email", "password": GOOD}, ["body", "email"], "value_error"),
        ({"email": "new@example.com", "password": 12345678}, ["body", "password"], "string_type"),
    ],
)
def test_a_malformed_body_is_a_422_naming_the_field(anon_client, body, loc, kind):
    response = anon_client.post("/auth/register", body, format="json")

    assert response.status_code == 422
    problems = response.json()["detail"]
    assert [(p["loc"], p["type"]) for p in problems] == [(loc, kind)]
    assert all(set(p) == {"type", "loc", "msg", "input"} for p in problems)


def test_a_body_that_is_not_json_is_a_422(anon_client):
    response = anon_client.post("/auth/register", "{nope", content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_an_existing_user_stays_as_they_were(alice, anon_client):
    anon_client.post(
        "/auth/register", {"email": "alice@example.com", "password": GOOD}, format="json"
    )

    alice.refresh_from_db()
    assert not alice.check_password(GOOD)
