"""Security headers: a Content-Security-Policy with no inline script, besides the usual ones.

The pages' HTML is checked for what the policy would block: inline scripts
(a ``<script>`` without ``src`` other than JSON data), ``on...=`` handlers
and ``style=`` attributes.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from files.services import row_add
from tests.factories import tool_context

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


class _InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, _ in attrs:
            if name.startswith("on") or name == "style":
                self.inline.append(f"<{tag} {name}=...>")
        if tag == "script" and "src" not in names:
            if names.get("type") != "application/json":
                self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")


def _inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.inline


@pytest.fixture
def signed_in(alice):
    client = Client()
    client.force_login(alice)
    return client


def test_pages_send_a_policy_without_inline_script_or_style(signed_in):
    for path in ["/login", "/signup", "/chat/"]:
        response = Client().get(path) if path != "/chat/" else signed_in.get(path)
        assert response.status_code == 200, path
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_headers_already_sent_are_still_sent(signed_in):
    response = signed_in.get("/chat/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_pages_hold_no_inline_script_handler_or_style(alice, signed_in):
    ctx = tool_context(alice)
    row_add(
        conversation=ctx.conversation,
        type="userinput",
        description="User uploads file 'a.csv', saving location is in this row.",
        file_name="a.csv",
        content=b"x\n1\n",
    )
    pages = [
        Client().get("/login"),
        Client().get("/signup"),
        signed_in.get("/chat/"),
        signed_in.get(f"/chat/{ctx.conversation.conversation_id}"),
    ]
    for response in pages:
        assert _inline_code(response.content.decode()) == [], response.request["PATH_INFO"]


def test_the_api_docs_load_their_start_up_script_from_a_file():
    page = Client().get("/docs")
    assert page.status_code == 200
    assert _inline_code(page.content.decode()) == []
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    script = Client().get("/docs?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/openapi.json" in script.content


def test_a_file_download_keeps_its_own_sandboxed_policy(alice, alice_client):
    ctx = tool_context(alice)
    row = row_add(
        conversation=ctx.conversation,
        type="table",
        description="t",
        file_name="t.csv",
        content=b"x\n1\n",
    )
    url = alice_client.get(f"/db/{ctx.conversation.conversation_id}/{row.rowid}").json()["url"]
    download = Client().get(url)
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
