"""POST /auth/forgot-password and /auth/reset-password: a token by e-mail, single use."""

from __future__ import annotations

import re
import time

import jwt
import pytest
from django.core import mail

from accounts.tokens import mint_reset_token
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-passphrase"
JWT_RE = re.compile(r"[\w-]+\.[\w-]+\.[\w-]+")


def forgot(client, email):
    return client.post("/auth/forgot-password", {"email": email}, format="json")


def reset(client, token, password=NEW):
    return client.post(
        "/auth/reset-password", {"token": token, "password": password}, format="json"
    )


def mailed_token() -> str:
    assert len(mail.outbox) == 1
    return JWT_RE.search(mail.outbox[0].body).group(0)


def test_forgot_password_mails_a_token_that_resets_the_password(alice, anon_client, settings):
    response = forgot(anon_client, "Alice@Example.com")

    assert response.status_code == 202
    assert response.content == b"null"
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    token = mailed_token()
    claims = jwt.decode(
        token, settings.JWT_SECRET, algorithms=["HS256"], audience="fastapi-users:reset"
    )
    assert claims["sub"] == str(alice.id)
    assert claims["password_fgpt"] and alice.password not in token

    response = reset(anon_client, token)

    assert response.status_code == 200
    assert response.content == b"null"
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    login = anon_client.post("/auth/jwt/login", {"username": "alice@example.com", "password": NEW})
    assert login.status_code == 200


@pytest.mark.parametrize("path", ["/auth/forgot-password/", "/auth/reset-password/"])
def test_the_paths_answer_with_a_trailing_slash(alice, anon_client, path):
    body = {"email": "alice@example.com"} if "forgot" in path else {"token": "x", "password": NEW}

    response = anon_client.post(path, body, format="json")

    assert response.status_code in {202, 400}


def test_an_unknown_address_gets_the_same_202_and_no_mail(anon_client):
    response = forgot(anon_client, "nobody@example.com")

    assert response.status_code == 202
    assert response.content == b"null"
    assert mail.outbox == []


def test_an_inactive_user_gets_no_mail(anon_client):
    make_user("sleeper@example.com", is_active=False)

    response = forgot(anon_client, "sleeper@example.com")

    assert response.status_code == 202
    assert mail.outbox == []


def test_a_failing_mail_server_still_answers_202(alice, anon_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there

    response = forgot(anon_client, "alice@example.com")

    assert response.status_code == 202


def test_a_token_works_only_once(alice, anon_client):
    forgot(anon_client, "alice@example.com")
    token = mailed_token()
    assert reset(anon_client, token).status_code == 200

    response = reset(anon_client, token, password="yet-another-passphrase")

    assert response.status_code == 400
    assert response.json() == {"detail": "RESET_PASSWORD_BAD_TOKEN"}
    alice.refresh_from_db()
    assert alice.check_password(NEW)


def test_a_token_stops_working_once_the_password_changed_otherwise(alice, anon_client):
    token = mint_reset_token(alice)
    alice.set_password("changed-in-the-meantime")
    alice.save()

    assert reset(anon_client, token).json() == {"detail": "RESET_PASSWORD_BAD_TOKEN"}


def _forged(alice, settings, **changes) -> str:
    claims = jwt.decode(
        mint_reset_token(alice),
        settings.JWT_SECRET,
        algorithms=["HS256"],
        audience="fastapi-users:reset",
    )
    claims.update(changes.pop("claims", {}))
    return jwt.encode(claims, changes.get("secret", settings.JWT_SECRET), "HS256")


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda a, s: "garbage", id="garbage"),
        pytest.param(
            lambda a, s: _forged(a, s, claims={"exp": int(time.time()) - 5}), id="expired"
        ),
        pytest.param(lambda a, s: _forged(a, s, secret=s.JWT_SECRET + "-forged"), id="forged"),
        pytest.param(
            lambda a, s: _forged(a, s, claims={"aud": "fastapi-users:verify"}), id="wrong-audience"
        ),
        pytest.param(
            lambda a, s: _forged(a, s, claims={"password_fgpt": "0" * 64}), id="wrong-fingerprint"
        ),
        pytest.param(
            lambda a, s: _forged(a, s, claims={"sub": "00000000-0000-0000-0000-000000000000"}),
            id="unknown-user",
        ),
        pytest.param(lambda a, s: _forged(a, s, claims={"sub": "nope"}), id="malformed-user"),
    ],
)
def test_a_bad_token_is_refused(alice, anon_client, settings, make_token):
    response = reset(anon_client, make_token(alice, settings))

    assert response.status_code == 400
    assert response.json() == {"detail": "RESET_PASSWORD_BAD_TOKEN"}
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_an_access_token_is_not_a_reset_token(alice, anon_client):
    from accounts.tokens import mint_access_token

    assert reset(anon_client, mint_access_token(alice)).json() == {
        "detail": "RESET_PASSWORD_BAD_TOKEN"
    }


def test_the_token_expires_after_password_reset_timeout(alice, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    before = int(time.time())

    claims = jwt.decode(
        mint_reset_token(alice),
        settings.JWT_SECRET,
        algorithms=["HS256"],
        audience="fastapi-users:reset",
    )

    assert before + 3600 <= claims["exp"] <= int(time.time()) + 3600


def test_an_inactive_users_token_is_refused(anon_client):
    sleeper = make_user("sleeper@example.com", is_active=False)

    response = reset(anon_client, mint_reset_token(sleeper))

    assert response.json() == {"detail": "RESET_PASSWORD_BAD_TOKEN"}


def test_a_weak_new_password_is_refused_with_a_reason_and_the_token_stays_good(alice, anon_client):
    token = mint_reset_token(alice)

    response = reset(anon_client, token, password="123")

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["code"] == "RESET_PASSWORD_INVALID_PASSWORD"
    assert "too short" in detail["reason"]
    assert reset(anon_client, token).status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "loc"),
    [
        ("/auth/forgot-password", {}, ["body", "email"]),
        ("/auth/forgot-password", {"email": "not-an-email"}, ["body", "email"]),
        ("/auth/reset-password", {"password": NEW}, ["body", "token"]),
        ("/auth/reset-password", {"token": "x"}, ["body", "password"]),
    ],
)
def test_a_malformed_body_is_a_422(anon_client, path, body, loc):
    response = anon_client.post(path, body, format="json")

    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [loc]
