"""Logout revokes the token itself, however its text is spelt (issue 12, item 2).

A JWT's signature is base64url text: padding (``=``) after it changes the
text, not the signature, and JWT libraries accept it. A revoked token must
stay revoked in every spelling, on REST and on the socket.
"""

from __future__ import annotations

import time

import jwt
import pytest
from asgiref.sync import sync_to_async
from rest_framework.test import APIClient

from accounts.tokens import TokenRejected, mint_access_token, revoke_token, user_from_token
from tests.fake_openai import next_output, open_socket, socket_path


def respelt(token: str) -> str:
    """The same token spelt otherwise: padding after its base64url signature.

    PyJWT (as FastAPI Users' and simplejwt's decoder) reads the same
    signature bytes from it, so it is as valid as the token itself.
    """
    return f"{token}="


def old_backend_token(user_id, secret: str) -> str:
    """Exactly what FastAPI Users 14's JWTStrategy.write_token made (no jti)."""
    claims = {"sub": str(user_id), "aud": ["fastapi-users:auth"], "exp": int(time.time()) + 3600}
    return jwt.encode(claims, secret, "HS256")


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_respelt_token_is_the_same_token_to_a_jwt_library(alice, settings):
    token = mint_access_token(alice)

    claims = jwt.decode(
        respelt(token), settings.JWT_SECRET, algorithms=["HS256"], audience="fastapi-users:auth"
    )

    assert respelt(token) != token
    assert claims == jwt.decode(
        token, settings.JWT_SECRET, algorithms=["HS256"], audience="fastapi-users:auth"
    )


@pytest.mark.django_db
def test_a_respelt_token_works_while_the_token_is_valid(alice):
    assert bearer(respelt(mint_access_token(alice))).get("/users/me").status_code == 200


@pytest.mark.django_db
def test_a_logged_out_token_is_refused_in_every_spelling(alice):
    token = mint_access_token(alice)
    assert bearer(token).post("/auth/jwt/logout").status_code == 204

    for other in (token, respelt(token)):
        response = bearer(other).get("/users/me")
        assert response.status_code == 401, other
        assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.django_db
def test_logging_out_a_respelt_token_revokes_the_token_itself(alice):
    token = mint_access_token(alice)

    assert bearer(respelt(token)).post("/auth/jwt/logout").status_code == 204

    assert bearer(token).get("/authenticated-route").status_code == 401
    assert bearer(respelt(token)).post("/auth/jwt/logout").status_code == 401


@pytest.mark.django_db
def test_an_old_backend_token_is_revoked_in_every_spelling(alice, settings):
    token = old_backend_token(alice.id, settings.JWT_SECRET)
    assert bearer(token).post("/auth/jwt/logout").status_code == 204

    for other in (token, respelt(token)):
        assert bearer(other).get("/users/me").status_code == 401, other
        with pytest.raises(TokenRejected):
            user_from_token(other)


@pytest.mark.django_db
def test_revoking_one_token_leaves_another_login_of_the_same_second_valid(alice):
    phone, laptop = mint_access_token(alice), mint_access_token(alice)

    revoke_token(respelt(phone))

    assert bearer(phone).get("/users/me").status_code == 401
    assert bearer(laptop).get("/users/me").status_code == 200
    assert bearer(respelt(laptop)).get("/users/me").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
@pytest.mark.parametrize("spelt", [str, respelt], ids=["as-issued", "respelt"])
async def test_a_logged_out_token_is_refused_by_the_socket_in_every_spelling(alice, agent, spelt):
    token = mint_access_token(alice)
    await sync_to_async(revoke_token)(token)

    communicator = await open_socket(socket_path(spelt(token)))

    assert await next_output(communicator) == {"close": 1008, "reason": "jwt error"}
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_a_respelt_valid_token_opens_the_socket(alice, agent):
    communicator = await open_socket(socket_path(respelt(mint_access_token(alice))))

    first = await next_output(communicator)

    assert first["event_type"] == "conversation"
    await communicator.disconnect()
