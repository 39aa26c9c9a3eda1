"""Access tokens: the old backend's are accepted, bad ones are 401, logout revokes."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest
from rest_framework.test import APIClient

from accounts.tokens import TokenRejected, mint_access_token, revoke_token, user_from_token
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

UNAUTHORIZED = {"detail": "Unauthorized"}


def old_backend_token(user_id, secret, *, exp_in=3600, aud=("fastapi-users:auth",)) -> str:
    """Exactly what FastAPI Users 14's JWTStrategy.write_token made."""
    return jwt.encode(
        {"sub": str(user_id), "aud": list(aud), "exp": int(time.time()) + exp_in}, secret, "HS256"
    )


def me(token: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/users/me")


def test_a_token_minted_by_the_old_backend_is_accepted(alice, settings):
    response = me(old_backend_token(alice.id, settings.JWT_SECRET))

    assert response.status_code == 200
    assert response.json()["id"] == str(alice.id)


def test_a_token_with_a_32_hex_subject_is_accepted(alice, settings):
    response = me(old_backend_token(alice.id.hex, settings.JWT_SECRET))

    assert response.status_code == 200


def test_our_tokens_carry_sub_aud_and_exp_as_fastapi_users_did(alice, settings):
    settings.JWT_LIFETIME_SECONDS = 1234
    before = int(time.time())

    claims = jwt.decode(
        mint_access_token(alice),
        settings.JWT_SECRET,
        algorithms=["HS256"],
        audience="fastapi-users:auth",
    )

    assert claims["sub"] == str(alice.id)
    assert claims["aud"] == ["fastapi-users:auth"]
    assert before + 1234 <= claims["exp"] <= int(time.time()) + 1234
    header = json.loads(base64.urlsafe_b64decode(mint_access_token(alice).split(".")[0] + "=="))
    assert header["alg"] == "HS256"


def test_tokens_are_signed_with_jwt_secret_not_secret_key(alice, settings):
    settings.JWT_SECRET = "a-jwt-secret-that-is-not-the-secret-key-0123456789"
    assert settings.JWT_SECRET != settings.SECRET_KEY

    token = mint_access_token(alice)

    jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"], audience="fastapi-users:auth")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], audience="fastapi-users:auth")
    assert me(token).status_code == 200
    assert me(old_backend_token(alice.id, settings.SECRET_KEY)).status_code == 401


def test_two_logins_in_the_same_second_get_different_tokens(alice):
    assert mint_access_token(alice) != mint_access_token(alice)


def _alg_none_token(user_id) -> str:
    def part(obj) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    claims = {"sub": str(user_id), "aud": ["fastapi-users:auth"], "exp": int(time.time()) + 3600}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda u, s: old_backend_token(u.id, s, exp_in=-10), id="expired"),
        pytest.param(
            lambda u, s: old_backend_token(u.id, s, aud=("fastapi-users:reset",)),
            id="wrong-audience",
        ),
        pytest.param(lambda u, s: old_backend_token(u.id, s + "-forged"), id="forged-signature"),
        pytest.param(lambda u, s: _alg_none_token(u.id), id="alg-none"),
        pytest.param(lambda u, s: "garbage", id="garbage"),
        pytest.param(lambda u, s: old_backend_token(uuid.uuid4(), s), id="unknown-user"),
        pytest.param(lambda u, s: old_backend_token("not-a-uuid", s), id="malformed-subject"),
        pytest.param(
            lambda u, s: jwt.encode({"sub": str(u.id), "aud": ["fastapi-users:auth"]}, s, "HS256"),
            id="no-expiry",
        ),
    ],
)
def test_a_bad_token_is_refused_with_401(alice, settings, make_token):
    response = me(make_token(alice, settings.JWT_SECRET))

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_of_an_inactive_user_is_refused(settings):
    sleeper = make_user("sleeper@example.com", is_active=False)

    response = me(old_backend_token(sleeper.id, settings.JWT_SECRET))

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_no_token_is_401(anon_client):
    response = anon_client.get("/users/me")

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


@pytest.mark.parametrize("path", ["/auth/jwt/logout", "/auth/jwt/logout/"])
def test_logout_answers_204_and_revokes_the_token(alice, path):
    token = mint_access_token(alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/users/me").status_code == 200

    response = client.post(path)

    assert response.status_code == 204
    assert response.content == b""
    assert client.get("/users/me").status_code == 401
    assert client.post(path).status_code == 401
    with pytest.raises(TokenRejected):
        user_from_token(token)


def test_logout_leaves_the_users_other_tokens_valid(alice):
    phone, laptop = mint_access_token(alice), mint_access_token(alice)
    revoke_token(phone)

    assert me(phone).status_code == 401
    assert me(laptop).status_code == 200


def test_an_old_backend_token_can_be_revoked_too(alice, settings):
    token = old_backend_token(alice.id, settings.JWT_SECRET)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert client.post("/auth/jwt/logout").status_code == 204
    assert me(token).status_code == 401


def test_logout_without_a_token_is_401(anon_client):
    response = anon_client.post("/auth/jwt/logout")

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_logout_with_a_session_ends_the_session(alice):
    client = APIClient()
    client.force_login(alice)
    assert client.get("/users/me").status_code == 200

    assert client.post("/auth/jwt/logout").status_code == 204
    assert client.get("/users/me").status_code == 401
