"""/openapi.json is a valid OpenAPI 3 description; /docs is Swagger UI served from here."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ACCOUNT_ROUTES = {
    "/auth/jwt/login": {"post"},
    "/auth/jwt/logout": {"post"},
    "/auth/register": {"post"},
    "/auth/forgot-password": {"post"},
    "/auth/reset-password": {"post"},
    "/auth/request-verify-token": {"post"},
    "/auth/verify": {"post"},
    "/users/me": {"get", "patch"},
    "/users/{user_id}": {"get", "patch", "delete"},
    "/authenticated-route": {"get"},
}
# Spelled as the old FastAPI app published them: a slash only on these two.
CHAT_AND_FILE_ROUTES = {
    "/agents/": {"get"},
    "/history/": {"get"},
    "/history/{conversation_id}": {"patch", "delete"},
    "/history/{conversation_id}/export": {"get"},
    "/get_history_conversation/{conversation_id}": {"get"},
    "/get_history_conversatino/{conversation_id}": {"get"},
    "/upload/{conversation_id}": {"post"},
    "/db/{conversation_id}": {"get"},
    "/db/{conversation_id}/{rowid}": {"get"},
}


@pytest.fixture
def schema(anon_client):
    response = anon_client.get("/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json") or response[
        "Content-Type"
    ].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_schema_is_public_and_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_answers_with_a_trailing_slash_too_and_ignores_a_stale_token(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer stale")

    assert anon_client.get("/openapi.json/").status_code == 200
    assert anon_client.get("/docs").status_code == 200


def test_every_account_route_is_described_with_its_bodies(schema):
    for path, methods in ACCOUNT_ROUTES.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path

    login = schema["paths"]["/auth/jwt/login"]["post"]
    assert {"application/x-www-form-urlencoded", "application/json"} <= set(
        login["requestBody"]["content"]
    )
    assert {"200", "400", "422", "429"} <= set(login["responses"])
    register = schema["paths"]["/auth/register"]["post"]
    assert {"201", "400", "422"} <= set(register["responses"])
    user_ref = register["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    user_schema = schema["components"]["schemas"][user_ref.rsplit("/", 1)[1]]
    assert set(user_schema["properties"]) == {
        "id",
        "email",
        "is_active",
        "is_superuser",
        "is_verified",
    }
    detail = schema["paths"]["/users/{user_id}"]
    assert {"401", "403", "404"} <= set(detail["delete"]["responses"])
    assert "204" in detail["delete"]["responses"]


def test_every_chat_and_file_route_is_described_under_the_old_spelling(schema):
    for path, methods in CHAT_AND_FILE_ROUTES.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    upload = schema["paths"]["/upload/{conversation_id}"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"200", "413", "422"} <= set(upload["responses"])


def test_the_bearer_scheme_is_described(schema):
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    me = schema["paths"]["/users/me"]["get"]
    assert any(name in requirement for requirement in me["security"] for name in schemes)


def test_the_swagger_page_loads_only_local_assets_that_exist(anon_client):
    response = anon_client.get("/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html.lower()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(urls) >= 3
    for url in urls:
        url = url.replace("&amp;", "&")
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        asset = anon_client.get(url)
        assert asset.status_code == 200, url
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        assert body


def test_the_swagger_page_points_at_our_schema(anon_client):
    html = anon_client.get("/docs/").content.decode()
    script_urls = [u for u in re.findall(r'src="([^"]+)"', html) if "script" in u]
    script = b"".join(
        part for url in script_urls for part in [anon_client.get(url.replace("&amp;", "&")).content]
    ).decode()

    assert "/openapi.json" in html + script
