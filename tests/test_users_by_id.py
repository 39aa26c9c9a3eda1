"""GET/PATCH/DELETE /users/<id>: superusers only; 404 also for a malformed id."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model

from accounts.tokens import mint_access_token
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["", "/"])
def test_a_superuser_reads_a_user(alice, admin_client_api, suffix):
    response = admin_client_api.get(f"/users/{alice.id}{suffix}")

    assert response.status_code == 200
    assert response.json() == {
        "id": str(alice.id),
        "email": "alice@example.com",
        "is_active": True,
        "is_superuser": False,
        "is_verified": False,
    }


def test_a_32_hex_id_names_the_same_user(alice, admin_client_api):
    assert admin_client_api.get(f"/users/{alice.id.hex}").json()["id"] == str(alice.id)


def test_a_superuser_sets_flags(alice, admin_client_api):
    response = admin_client_api.patch(
        f"/users/{alice.id}", {"is_verified": True, "is_superuser": True}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["is_verified"], response.json()["is_superuser"]) == (True, True)
    alice.refresh_from_db()
    assert alice.is_superuser and alice.is_staff


def test_deactivating_a_user_ends_their_tokens(alice, alice_client, admin_client_api):
    assert (
        admin_client_api.patch(
            f"/users/{alice.id}", {"is_active": False}, format="json"
        ).status_code
        == 200
    )

    assert alice_client.get("/users/me").status_code == 401


def test_a_superuser_changes_an_email_and_password(alice, admin_client_api):
    response = admin_client_api.patch(
        f"/users/{alice.id}",
        {"email": "alice2@example.com", "password": "another-good-passphrase"},
        format="json",
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.email == "alice2@example.com"
    assert alice.check_password("another-good-passphrase")


def test_a_superuser_patch_refuses_a_taken_email_and_a_weak_password(alice, bob, admin_client_api):
    taken = admin_client_api.patch(
        f"/users/{alice.id}", {"email": "bob@example.com"}, format="json"
    )
    weak = admin_client_api.patch(f"/users/{alice.id}", {"password": "abc"}, format="json")

    assert (taken.status_code, taken.json()) == (
        400,
        {"detail": "UPDATE_USER_EMAIL_ALREADY_EXISTS"},
    )
    assert weak.status_code == 400
    assert weak.json()["detail"]["code"] == "UPDATE_USER_INVALID_PASSWORD"


def test_a_superuser_patch_with_a_bad_body_is_a_422(alice, admin_client_api):
    response = admin_client_api.patch(
        f"/users/{alice.id}", {"is_active": "sometimes"}, format="json"
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "is_active"]


def test_a_superuser_deletes_a_user(alice, admin_client_api):
    token = mint_access_token(alice)

    response = admin_client_api.delete(f"/users/{alice.id}/")

    assert response.status_code == 204
    assert response.content == b""
    assert not get_user_model().objects.filter(pk=alice.id).exists()
    assert client_for_token(token).get("/users/me").status_code == 401


def client_for_token(token):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
@pytest.mark.parametrize("user_id", [str(uuid.UUID(int=1)), "not-a-uuid", "12345"])
def test_unknown_or_malformed_ids_are_404(admin_client_api, method, user_id):
    response = getattr(admin_client_api, method)(f"/users/{user_id}", {}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_an_ordinary_user_is_forbidden_even_for_themselves(
    alice, bob, bob_client, alice_client, method
):
    for client, target in [(bob_client, alice), (alice_client, alice), (bob_client, None)]:
        user_id = target.id if target else "not-a-uuid"
        response = getattr(client, method)(
            f"/users/{user_id}", {"is_superuser": True}, format="json"
        )
        assert response.status_code == 403
        assert response.json() == {"detail": "Forbidden"}
    alice.refresh_from_db()
    assert not alice.is_superuser


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_an_outsider_is_unauthorized(alice, anon_client, method):
    response = getattr(anon_client, method)(f"/users/{alice.id}", {}, format="json")

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert get_user_model().objects.filter(pk=alice.id).exists()


def test_delete_on_me_is_forbidden_for_a_user_and_not_found_for_a_superuser(
    alice, alice_client, admin
):
    assert alice_client.delete("/users/me").json() == {"detail": "Forbidden"}
    assert client_for(admin).delete("/users/me").json() == {"detail": "Not Found"}
    assert get_user_model().objects.filter(pk=alice.id).exists()
