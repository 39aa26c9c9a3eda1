"""The sign-in, sign-up and sign-out pages analysts use in a browser."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_login_page_renders_an_email_and_password_form():
    response = Client().get("/login")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="email"' in html
    assert 'type="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_login_with_the_right_password_redirects_to_next(alice):
    client = Client()
    response = client.post(
        "/login", {"username": "ALICE@example.com", "password": PASSWORD, "next": "/chat/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/chat/"
    assert client.get("/chat/").status_code == 200


def test_login_without_next_lands_on_the_chat(alice):
    response = Client().post("/login", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/chat/"


def test_login_refuses_a_next_on_another_site(alice):
    response = Client().post(
        "/login",
        {"username": alice.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/chat/"


def test_login_with_a_wrong_password_shows_an_error_and_stays_signed_out(alice):
    client = Client()
    response = client.post("/login", {"username": alice.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert client.get("/chat/").status_code == 302


def test_login_refuses_an_inactive_user():
    user = make_user("carol@example.com", is_active=False)
    response = Client().post("/login", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_login_page_is_throttled_like_the_rest_login(alice, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    client = Client()
    for _ in range(2):
        client.post("/login", {"username": alice.email, "password": "wrong-password"})
    response = client.post("/login", {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert client.get("/chat/").status_code == 302


def test_chat_requires_login_and_keeps_where_you_were_going():
    response = Client().get("/chat/")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/chat/"


def test_root_sends_a_signed_in_user_to_the_chat(alice):
    client = Client()
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/chat/"


def test_root_sends_an_outsider_to_login():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")


def test_logout_is_a_post_that_ends_the_session(alice):
    client = Client()
    client.force_login(alice)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert response["Location"] == "/login"
    assert client.get("/chat/").status_code == 302


def test_signup_creates_an_account_and_signs_it_in():
    client = Client()
    response = client.post(
        "/signup",
        {"email": "dana@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/chat/"
    user = get_user_model().objects.get(email="dana@example.com")
    assert user.check_password(PASSWORD)
    assert client.get("/chat/").context["user"] == user


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("83920174659", "entirely numeric"),
    ],
)
def test_signup_applies_djangos_password_validators(password, message):
    response = Client().post(
        "/signup", {"email": "dana@example.com", "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="dana@example.com").exists()


def test_signup_refuses_an_email_that_exists_in_another_case(alice):
    response = Client().post(
        "/signup",
        {"email": "Alice@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_signup_refuses_passwords_that_differ():
    response = Client().post(
        "/signup",
        {"email": "dana@example.com", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_signup_refuses_a_malformed_email():
    response = Client().post(
        "/signup", {"email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert "valid email" in response.content.decode()
