"""POST /auth/request-verify-token and /auth/verify."""

from __future__ import annotations

import re
import time

import jwt
import pytest
from django.core import mail

from accounts.tokens import mint_verify_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JWT_RE = re.compile(r"[\w-]+\.[\w-]+\.[\w-]+")


def request_token(client, email):
    return client.post("/auth/request-verify-token", {"email": email}, format="json")


def verify(client, token):
    return client.post("/auth/verify", {"token": token}, format="json")


@pytest.mark.parametrize("suffix", ["", "/"])
def test_a_mailed_token_verifies_the_user(alice, anon_client, settings, suffix):
    response = anon_client.post(
        f"/auth/request-verify-token{suffix}", {"email": "alice@example.com"}, format="json"
    )

    assert response.status_code == 202
    assert response.content == b"null"
    assert mail.outbox[0].to == ["alice@example.com"]
    token = JWT_RE.search(mail.outbox[0].body).group(0)
    claims = jwt.decode(
        token, settings.JWT_SECRET, algorithms=["HS256"], audience="fastapi-users:verify"
    )
    assert (claims["sub"], claims["email"]) == (str(alice.id), "alice@example.com")
    assert claims["exp"] <= int(time.time()) + settings.PASSWORD_RESET_TIMEOUT

    response = anon_client.post(f"/auth/verify{suffix}", {"token": token}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "id": str(alice.id),
        "email": "alice@example.com",
        "is_active": True,
        "is_superuser": False,
        "is_verified": True,
    }
    alice.refresh_from_db()
    assert alice.is_verified


def test_unknown_inactive_and_verified_users_get_202_and_no_mail(anon_client):
    make_user("sleeper@example.com", is_active=False)
    make_user("done@example.com", is_verified=True)

    answers = [
        request_token(anon_client, e)
        for e in ["nobody@example.com", "sleeper@example.com", "done@example.com"]
    ]

    assert [(a.status_code, a.content) for a in answers] == [(202, b"null")] * 3
    assert mail.outbox == []


def test_verifying_twice_is_already_verified(alice, anon_client):
    token = mint_verify_token(alice)
    assert verify(anon_client, token).status_code == 200

    response = verify(anon_client, token)

    assert response.status_code == 400
    assert response.json() == {"detail": "VERIFY_USER_ALREADY_VERIFIED"}


def test_a_token_for_an_address_the_user_no_longer_has_is_bad(alice, anon_client):
    token = mint_verify_token(alice)
    alice.email = "alice.new@example.com"
    alice.save()

    response = verify(anon_client, token)

    assert response.json() == {"detail": "VERIFY_USER_BAD_TOKEN"}
    alice.refresh_from_db()
    assert not alice.is_verified


def _claims_token(settings, **claims) -> str:
    return jwt.encode(
        {"aud": "fastapi-users:verify", "exp": int(time.time()) + 60, **claims},
        settings.JWT_SECRET,
        "HS256",
    )


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda a, s: "garbage", id="garbage"),
        pytest.param(
            lambda a, s: _claims_token(s, sub=str(a.id), email=a.email, exp=int(time.time()) - 5),
            id="expired",
        ),
        pytest.param(
            lambda a, s: jwt.encode(
                {
                    "sub": str(a.id),
                    "email": a.email,
                    "aud": "fastapi-users:verify",
                    "exp": int(time.time()) + 60,
                },
                s.JWT_SECRET + "-forged",
                "HS256",
            ),
            id="forged",
        ),
        pytest.param(lambda a, s: _claims_token(s, sub=str(a.id)), id="no-email"),
        pytest.param(
            lambda a, s: _claims_token(s, sub=str(a.id), email="bob@example.com"),
            id="someone-elses-email",
        ),
        pytest.param(
            lambda a, s: _claims_token(s, sub=str(a.id), email=a.email, aud="fastapi-users:reset"),
            id="wrong-audience",
        ),
    ],
)
def test_a_bad_token_is_refused(alice, bob, anon_client, settings, make_token):
    response = verify(anon_client, make_token(alice, settings))

    assert response.status_code == 400
    assert response.json() == {"detail": "VERIFY_USER_BAD_TOKEN"}
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert not alice.is_verified and not bob.is_verified


def test_an_inactive_users_token_is_bad(anon_client):
    sleeper = make_user("sleeper@example.com", is_active=False)

    assert verify(anon_client, mint_verify_token(sleeper)).json() == {
        "detail": "VERIFY_USER_BAD_TOKEN"
    }


@pytest.mark.parametrize(
    ("path", "body", "loc"),
    [
        ("/auth/request-verify-token", {}, ["body", "email"]),
        ("/auth/request-verify-token", {"email": "nope"}, ["body", "email"]),
        ("/auth/verify", {}, ["body", "token"]),
        ("/auth/verify", {"token": 5}, ["body", "token"]),
    ],
)
def test_a_malformed_body_is_a_422(anon_client, path, body, loc):
    response = anon_client.post(path, body, format="json")

    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [loc]
