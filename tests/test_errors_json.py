"""Every error on an API path is JSON: hostile bodies, bad hosts, Django's own refusals.

The pages (/login, /chat/...) keep Django's HTML pages for their errors.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

pytestmark = pytest.mark.django_db

DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000


def _is_json_detail(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT])
@pytest.mark.parametrize(
    ("method", "route"),
    [
        ("post", "/auth/register"),
        ("post", "/auth/jwt/login"),
        ("post", "/auth/forgot-password"),
        ("post", "/auth/reset-password"),
        ("post", "/auth/verify"),
        ("patch", "/users/me"),
        ("patch", "/history/{id}"),
    ],
)
def test_json_nested_100000_levels_deep_is_a_422_not_a_500(
    alice, alice_client, method, route, body
):
    from chat.services import conversation_get_or_create

    conversation, _ = conversation_get_or_create(user=alice)
    url = route.format(id=conversation.conversation_id)
    response = getattr(alice_client, method)(url, body, content_type="application/json")
    problem = _is_json_detail(response, 422)["detail"][0]
    assert problem["type"] == "json_invalid"
    assert problem["loc"] == ["body"]
    assert "nests too deeply" in problem["msg"]


def test_a_bad_host_header_on_an_api_path_is_a_json_400(settings):
    settings.DEBUG = False
    response = Client().get("/history/", HTTP_HOST="evil.example")
    assert _is_json_detail(response, 400) == {"detail": "Bad Request"}


def test_a_bad_host_header_on_a_page_keeps_the_html_page(settings):
    settings.DEBUG = False
    response = Client().get("/login", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_an_unknown_page_path_is_an_html_404_and_an_api_path_json(settings, alice):
    settings.DEBUG = False
    client = Client()
    client.force_login(alice)
    page = client.get(f"/chat/{uuid.uuid4()}/nothing")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert _is_json_detail(client.get("/chat/api/nothing"), 404) == {"detail": "Not Found"}


def test_a_wrong_method_on_a_page_api_route_is_json_with_its_allow_header(alice):
    client = Client()
    client.force_login(alice)
    response = client.post("/chat/api/messages/1")
    assert _is_json_detail(response, 405) == {"detail": "Method Not Allowed"}
    assert response["Allow"] == "GET"


def test_a_failed_csrf_check_on_an_api_path_is_a_json_403(alice):
    from django.test import RequestFactory

    from project.api import csrf_failure

    request = RequestFactory().post("/chat/api/messages/1")
    assert _is_json_detail(csrf_failure(request, "CSRF cookie not set."), 403) == {
        "detail": "Forbidden"
    }
    page = csrf_failure(RequestFactory().post("/login"), "CSRF cookie not set.")
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")


def _boom(request):
    raise RuntimeError("a bug")


def _denied(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _html_error(request):
    return HttpResponse("<h1>teapot</h1>", status=418)


urlpatterns = [
    path("boom", _boom),
    path("chat/boom", _boom),
    path("denied", _denied),
    path("teapot", _html_error),
    path("", include("project.urls")),
]
handler400 = "project.api.bad_request"
handler403 = "project.api.permission_denied"
handler404 = "project.api.not_found"
handler500 = "project.api.server_error"


@pytest.fixture
def with_test_routes(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def test_an_unexpected_error_on_an_api_path_is_a_json_500(with_test_routes):
    response = Client(raise_request_exception=False).get("/boom")
    assert _is_json_detail(response, 500) == {"detail": "Internal Server Error"}


def test_an_unexpected_error_on_a_page_is_the_html_500(with_test_routes):
    response = Client(raise_request_exception=False).get("/chat/boom")
    assert response.status_code == 500 and response["Content-Type"].startswith("text/html")


def test_permission_denied_outside_drf_is_a_json_403(with_test_routes):
    assert _is_json_detail(Client().get("/denied"), 403) == {"detail": "Forbidden"}


def test_any_other_non_json_error_on_an_api_path_becomes_json(with_test_routes):
    assert _is_json_detail(Client().get("/teapot"), 418) == {"detail": "I'm a Teapot"}
