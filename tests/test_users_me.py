"""GET/PATCH /users/me and GET /authenticated-route."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-passphrase"


def user_json(user) -> dict:
    return {
        "id": str(user.id),
        "email": user.email,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "is_verified": user.is_verified,
    }


@pytest.mark.parametrize("path", ["/users/me", "/users/me/"])
def test_me_is_the_tokens_user(alice, alice_client, path):
    response = alice_client.get(path)

    assert response.status_code == 200
    assert response.json() == user_json(alice)


def test_me_works_with_a_session_cookie_too(alice):
    client = APIClient()
    client.force_login(alice)

    assert client.get("/users/me").json()["email"] == "alice@example.com"


@pytest.mark.parametrize("method", ["get", "patch"])
def test_an_outsider_is_refused(anon_client, method):
    response = getattr(anon_client, method)("/users/me", {}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_patching_the_password_changes_it(alice, alice_client):
    response = alice_client.patch("/users/me", {"password": NEW}, format="json")

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(NEW)


def test_a_new_email_resets_is_verified(alice, alice_client):
    alice.is_verified = True
    alice.save()

    response = alice_client.patch("/users/me/", {"email": "alice.new@example.com"}, format="json")

    assert response.status_code == 200
    assert response.json() | {"id": None} == {
        "id": None,
        "email": "alice.new@example.com",
        "is_active": True,
        "is_superuser": False,
        "is_verified": False,
    }


def test_a_change_of_case_only_keeps_the_user_verified(alice, alice_client):
    alice.is_verified = True
    alice.save()

    response = alice_client.patch("/users/me", {"email": "Alice@example.com"}, format="json")

    assert response.status_code == 200
    assert response.json()["email"] == "Alice@example.com"
    assert response.json()["is_verified"] is True


def test_the_flags_are_ignored_for_oneself(alice, alice_client):
    response = alice_client.patch(
        "/users/me", {"is_superuser": True, "is_verified": True, "is_active": False}, format="json"
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.is_superuser, alice.is_verified, alice.is_active) == (False, False, True)


def test_an_address_of_another_user_is_refused(alice, bob, alice_client):
    response = alice_client.patch("/users/me", {"email": "BOB@example.com"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "UPDATE_USER_EMAIL_ALREADY_EXISTS"}
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_a_weak_password_is_refused_with_a_reason_and_nothing_changes(alice, alice_client):
    response = alice_client.patch(
        "/users/me", {"email": "alice.new@example.com", "password": "1234"}, format="json"
    )

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["code"] == "UPDATE_USER_INVALID_PASSWORD"
    assert detail["reason"]
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"email": "nope"}, ["body", "email"]),
        ({"password": 12345678}, ["body", "password"]),
        ({"is_verified": "perhaps"}, ["body", "is_verified"]),
    ],
)
def test_a_malformed_body_is_a_422(alice_client, body, loc):
    response = alice_client.patch("/users/me", body, format="json")

    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [loc]


def test_null_fields_change_nothing(alice, alice_client):
    response = alice_client.patch("/users/me", {"email": None, "password": None}, format="json")

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/authenticated-route", "/authenticated-route/"])
def test_the_authenticated_route_greets_the_user(alice_client, path):
    response = alice_client.get(path)

    assert response.status_code == 200
    assert response.json() == {"message": "Hello alice@example.com!"}


def test_the_authenticated_route_refuses_an_outsider(anon_client):
    response = anon_client.get("/authenticated-route")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
