"""Repeated failed logins get 429 with Retry-After, per account and per address."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.throttling import failure_keys
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 300


def login(email, password, address="10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        "/auth/jwt/login", {"username": email, "password": password}
    )


def fail(email, times, address="10.0.0.1"):
    for _ in range(times):
        assert login(email, "wrong-password", address).status_code == 400


def let_time_pass(seconds, *, email, address="10.0.0.1"):
    """Move the windows' start back, as if ``seconds`` had passed."""
    for key, _limit in failure_keys(email=email, address=address):
        since = cache.get(f"{key}:since")
        if since is not None:
            cache.set(f"{key}:since", since - seconds, timeout=600)


def test_an_account_is_blocked_after_its_failures_even_with_the_right_password(alice):
    fail("alice@example.com", 3)

    response = login("alice@example.com", PASSWORD)

    assert response.status_code == 429
    assert "detail" in response.json()
    assert 1 <= int(response["Retry-After"]) <= 300


def test_the_account_count_ignores_case_and_spreads_over_addresses(alice):
    fail("alice@example.com", 1, "10.0.0.1")
    fail("ALICE@example.com", 1, "10.0.0.2")
    fail("Alice@Example.com", 1, "10.0.0.3")

    assert login("alice@example.com", PASSWORD, "10.0.0.4").status_code == 429


def test_failures_below_the_limit_do_not_block(alice):
    fail("alice@example.com", 2)

    assert login("alice@example.com", PASSWORD).status_code == 200


def test_other_accounts_are_not_affected(alice, bob):
    fail("alice@example.com", 3)

    assert login("bob@example.com", PASSWORD).status_code == 200


def test_a_good_login_clears_the_accounts_failures(alice):
    fail("alice@example.com", 2)
    assert login("alice@example.com", PASSWORD).status_code == 200

    fail("alice@example.com", 2)

    assert login("alice@example.com", PASSWORD).status_code == 200


def test_unknown_accounts_are_counted_like_known_ones(db):
    fail("nobody@example.com", 3)

    assert login("nobody@example.com", "anything").status_code == 429


def test_an_address_is_blocked_after_failures_across_accounts(alice):
    for n in range(6):
        fail(f"guess{n}@example.com", 1, "10.9.9.9")

    blocked = login("alice@example.com", PASSWORD, "10.9.9.9")

    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1
    assert login("alice@example.com", PASSWORD, "10.1.1.1").status_code == 200


def test_the_block_lifts_after_the_window(alice):
    fail("alice@example.com", 3)
    assert login("alice@example.com", PASSWORD).status_code == 429

    let_time_pass(299, email="alice@example.com")
    still = login("alice@example.com", PASSWORD)
    assert still.status_code == 429
    assert int(still["Retry-After"]) <= 2

    let_time_pass(2, email="alice@example.com")
    assert login("alice@example.com", PASSWORD).status_code == 200


def test_a_new_window_starts_after_the_old_one_ended(alice):
    fail("alice@example.com", 2)
    let_time_pass(301, email="alice@example.com")

    fail("alice@example.com", 2)

    assert login("alice@example.com", PASSWORD).status_code == 200


def test_the_429_body_is_json_detail(alice):
    fail("alice@example.com", 3)

    response = login("alice@example.com", PASSWORD)

    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["detail"], str)
