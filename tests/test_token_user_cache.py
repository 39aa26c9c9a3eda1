"""The REST hot path: a valid token's user comes from the cache, with the denylist.

Per request, one cache round trip answers both "is this token revoked?" and
"who is its user?"; the database is read only when the user is not cached.
Every change to a user (saved or deleted) is seen by the next request.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import counting_cache
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def hello(client: APIClient) -> tuple[int, dict]:
    response = client.get("/authenticated-route")
    return response.status_code, response.json()


def test_a_second_request_with_the_same_token_reads_no_database(alice, django_assert_num_queries):
    client = client_for(alice)
    assert hello(client) == (200, {"message": "Hello alice@example.com!"})

    with django_assert_num_queries(0):
        assert hello(client) == (200, {"message": "Hello alice@example.com!"})


def test_another_token_of_the_same_user_is_served_from_the_cache_too(
    alice, django_assert_num_queries
):
    hello(client_for(alice))

    with django_assert_num_queries(0):
        assert hello(client_for(alice))[0] == 200


@pytest.fixture
def counted_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "tests.counting_cache.CountingLocMemCache", "LOCATION": "counted"}
    }
    counting_cache.CALLS.clear()
    yield counting_cache.CALLS
    counting_cache.CALLS.clear()


def test_a_request_makes_one_cache_round_trip_for_the_denylist_and_the_user(alice, counted_cache):
    client = client_for(alice)
    hello(client)
    counted_cache.clear()

    assert hello(client)[0] == 200

    assert [name for name, _ in counted_cache] == ["get_many"]
    keys = counted_cache[0][1]
    assert len(keys) == 2
    assert any("jwt-denied" in key for key in keys)
    assert any(str(alice.pk) in key for key in keys)


def test_a_revoked_token_is_refused_though_its_user_is_cached(alice):
    client = client_for(alice)
    assert hello(client)[0] == 200

    assert client.post("/auth/jwt/logout").status_code == 204

    assert hello(client) == (401, {"detail": "Unauthorized"})
    assert hello(client_for(alice))[0] == 200


def test_a_user_deactivated_by_an_admin_is_refused_at_once(alice, admin):
    client = client_for(alice)
    assert hello(client)[0] == 200

    response = client_for(admin).patch(f"/users/{alice.pk}", {"is_active": False}, format="json")

    assert response.status_code == 200
    assert hello(client) == (401, {"detail": "Unauthorized"})


def test_a_user_deactivated_in_code_is_refused_at_once(alice):
    client = client_for(alice)
    assert hello(client)[0] == 200

    alice.is_active = False
    alice.save()

    assert hello(client) == (401, {"detail": "Unauthorized"})


def test_a_deleted_user_is_refused_at_once(alice, admin):
    client = client_for(alice)
    assert hello(client)[0] == 200

    assert client_for(admin).delete(f"/users/{alice.pk}").status_code == 204

    assert hello(client) == (401, {"detail": "Unauthorized"})


def test_a_new_email_address_shows_on_the_next_request(alice):
    client = client_for(alice)
    assert hello(client)[0] == 200

    response = client.patch("/users/me", {"email": "alice.new@example.com"}, format="json")

    assert response.status_code == 200
    assert hello(client) == (200, {"message": "Hello alice.new@example.com!"})


def test_a_user_promoted_to_superuser_may_use_the_admin_routes_at_once(alice, admin):
    client = client_for(alice)
    assert client.get(f"/users/{admin.pk}").status_code == 403

    client_for(admin).patch(f"/users/{alice.pk}", {"is_superuser": True}, format="json")

    assert client.get(f"/users/{admin.pk}").status_code == 200


def test_the_cache_can_be_turned_off(alice, settings, django_assert_num_queries):
    settings.AUTH_USER_CACHE_SECONDS = 0
    client = client_for(alice)
    hello(client)

    with django_assert_num_queries(1):
        assert hello(client)[0] == 200


def test_a_new_password_is_not_undone_by_a_later_change_through_the_same_token(alice):
    client = client_for(alice)
    hello(client)
    new = "a-brand-new-long-password-42"

    assert client.patch("/users/me", {"password": new}, format="json").status_code == 200
    assert (
        client.patch("/users/me", {"email": "alice2@example.com"}, format="json").status_code == 200
    )

    login = APIClient().post("/auth/jwt/login", {"username": "alice2@example.com", "password": new})
    assert login.status_code == 200
