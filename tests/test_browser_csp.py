"""Under the Content-Security-Policy, in Chromium: the chat, the API docs and the admin work.

A refused script, style or connection shows as a console error, which
``tests.browser`` collects; each page must have none and still do its job.
"""

from __future__ import annotations

import pytest

from tests.browser import ask, sign_up

pytestmark = pytest.mark.browser


def _violations(page) -> list[str]:
    return [e for e in page.js_errors if "Content Security Policy" in e or "Refused" in e]


def test_the_chat_streams_an_answer_under_the_policy(server, page):
    sign_up(page, server["url"])
    response = page.request.get(server["url"] + "/chat/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    ask(page, "NPV at 10% of -1000, 300, 400, 500")
    assert "NPV" in page.locator(".msg--agent").last.inner_text()
    assert page.js_errors == []


def test_the_api_docs_render_every_route_under_the_policy(server, page):
    page.goto(server["url"] + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/auth/jwt/login" in p for p in paths)
    assert any("/history/" in p for p in paths)
    assert _violations(page) == [] and page.js_errors == []


def test_the_admin_login_page_works_under_the_policy(server, page):
    page.goto(server["url"] + "/admin/login/")
    page.wait_for_selector("#id_username")
    assert _violations(page) == [] and page.js_errors == []
