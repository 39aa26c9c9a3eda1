"""Users in the Django admin: superusers only, e-mail logins, no username."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def test_a_superuser_logs_into_the_admin_with_email_and_password(admin):
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_ordinary_user_cannot_log_into_the_admin(alice):
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "alice@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200  # the form again, with an error
    assert b"staff account" in response.content
    assert client.get("/admin/").status_code == 302


def test_an_ordinary_users_session_is_sent_to_the_login_page(alice):
    client = Client()
    client.force_login(alice)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_is_staff_follows_is_superuser(alice, admin):
    assert (alice.is_staff, admin.is_staff) == (False, True)


def test_the_list_shows_flags_and_join_dates(admin_browser, alice):
    response = admin_browser.get("/admin/accounts/user/")

    assert response.status_code == 200
    html = response.content.decode()
    for column in [
        "column-email",
        "column-is_active",
        "column-is_verified",
        "column-is_superuser",
        "column-date_joined",
    ]:
        assert column in html
    assert "alice@example.com" in html


def test_the_list_filters_on_flags_and_searches_by_email(admin_browser, alice, bob):
    make_user("carol@example.com", is_verified=True)

    verified = admin_browser.get("/admin/accounts/user/?is_verified__exact=1").content.decode()
    found = admin_browser.get("/admin/accounts/user/?q=bob").content.decode()

    assert "carol@example.com" in verified and "alice@example.com" not in verified
    assert "bob@example.com" in found and "alice@example.com" not in found


def test_the_creation_form_takes_an_email_and_a_password(admin_browser):
    form = admin_browser.get("/admin/accounts/user/add/").content.decode()
    assert 'name="email"' in form and 'name="password1"' in form
    assert 'name="username"' not in form and 'name="first_name"' not in form

    response = admin_browser.post(
        "/admin/accounts/user/add/",
        {
            "email": "dave@example.com",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
        },
    )

    assert response.status_code == 302
    dave = get_user_model().objects.get(email="dave@example.com")
    assert dave.check_password("a-good-long-passphrase")
    assert dave.is_active and not dave.is_superuser


def test_the_creation_form_refuses_an_address_taken_in_another_case(admin_browser, alice):
    response = admin_browser.post(
        "/admin/accounts/user/add/",
        {
            "email": "ALICE@example.com",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
        },
    )

    assert response.status_code == 200
    assert get_user_model().objects.filter(email__iexact="alice@example.com").count() == 1


def test_the_change_form_edits_flags(admin_browser, alice):
    page = admin_browser.get(f"/admin/accounts/user/{alice.pk}/change/")
    assert page.status_code == 200

    response = admin_browser.post(
        f"/admin/accounts/user/{alice.pk}/change/",
        {
            "email": "alice@example.com",
            "is_active": "on",
            "is_verified": "on",
            # The token allowance inline, left empty.
            "allowance-TOTAL_FORMS": "0",
            "allowance-INITIAL_FORMS": "0",
            "allowance-MIN_NUM_FORMS": "0",
            "allowance-MAX_NUM_FORMS": "1",
        },
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.is_verified and not alice.is_superuser


def test_createsuperuser_works_with_our_manager(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an-operators-passphrase")

    call_command("createsuperuser", interactive=False, email="ops@example.com", stdout=StringIO())

    ops = get_user_model().objects.get(email="ops@example.com")
    assert ops.is_superuser and ops.is_staff and ops.is_verified
    assert ops.check_password("an-operators-passphrase")
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ops@example.com", "password": "an-operators-passphrase"},
    )
    assert response.status_code == 302
