"""Errors in FastAPI's shapes: unknown URLs, wrong methods, no redirects on slashes."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/nothing-here", "/auth/jwt/nope", "/users/me/extra/bits", "/api/v9/"]
)
def test_an_unknown_url_is_a_json_404_with_debug_off(settings, path):
    settings.DEBUG = False

    response = Client().get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_an_unknown_url_is_a_404_for_a_post_too(settings):
    settings.DEBUG = False

    response = Client().post("/auth/jwt/loginx", {"username": "a", "password": "b"})

    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/auth/register"),
        ("put", "/auth/jwt/logout"),
        ("delete", "/auth/verify/"),
        ("post", "/users/me"),
    ],
)
def test_a_wrong_method_is_405_in_fastapis_shape(alice_client, method, path):
    response = getattr(alice_client, method)(path)

    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}
    assert response["Allow"]


@pytest.mark.parametrize(
    "path",
    [
        "/auth/jwt/login",
        "/auth/jwt/login/",
        "/auth/register",
        "/auth/register/",
        "/auth/forgot-password",
        "/auth/forgot-password/",
    ],
)
def test_a_post_is_never_redirected(anon_client, path):
    response = anon_client.post(path, {}, format="json")

    assert response.status_code == 422
    assert "Location" not in response


def test_a_422_reports_the_value_sent(anon_client):
    response = anon_client.post("/auth/register", {"email": "bad", "password": 1}, format="json")

    problems = {tuple(p["loc"]): p for p in response.json()["detail"]}
    assert problems[("body", "email")]["input"] == "bad"
    assert problems[("body", "password")]["input"] == 1


def test_a_body_that_is_a_list_is_a_422_at_body(anon_client):
    response = anon_client.post("/auth/register", [1, 2], format="json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
