"""The pages around a conversation, in Chromium: what exists, what is not found, phone sizes."""

from __future__ import annotations

import uuid

import pytest

from tests.browser import (
    PHONE,
    ask,
    conversation_id_of,
    conversations_in_database,
    forget_not_found_document,
    screenshot,
    sign_up,
)

pytestmark = pytest.mark.browser


def test_visiting_the_chat_page_ten_times_leaves_no_conversation(server, page):
    email = sign_up(page, server["url"])
    for _ in range(10):
        page.goto(server["url"] + "/chat/")
        page.wait_for_selector('#conn[data-state="idle"]', state="attached")
    page.click("#new-chat")
    page.wait_for_selector('#conn[data-state="idle"]', state="attached")
    assert conversations_in_database(server["db"], email) == 0
    assert page.request.get(server["url"] + "/history/").json() == []
    assert page.is_visible("#history-empty")

    ask(page, "hello")
    assert conversations_in_database(server["db"], email) == 1
    assert page.url == f"{server['url']}/chat/{conversation_id_of(page)}"
    assert page.js_errors == []


def test_a_made_up_conversation_id_is_a_404_page(server, page, tmp_path):
    sign_up(page, server["url"])
    address = f"{server['url']}/chat/{uuid.uuid4()}"
    response = page.goto(address)
    assert response.status == 404
    forget_not_found_document(page, address)
    assert page.inner_text("h1") == "This conversation does not exist"
    screenshot(page, "not-found.png", tmp_path)
    page.click("text=Start a new conversation")
    page.wait_for_url(server["url"] + "/chat/")
    assert page.js_errors == []


def test_a_deleted_conversation_is_a_404_page(server, page):
    sign_up(page, server["url"])
    ask(page, "hello")
    address = page.url
    conversation_id = conversation_id_of(page)
    item = page.locator(f'#history-list li[data-id="{conversation_id}"]')
    item.hover()
    item.locator('button[data-action="delete"]').click()
    page.click('#delete-dialog button[value="ok"]')
    page.wait_for_url(server["url"] + "/chat/")
    assert page.goto(address).status == 404
    forget_not_found_document(page, address)
    assert page.js_errors == []


def test_the_login_page_shows_the_brand_and_no_skip_link_at_phone_size(server, phone, tmp_path):
    phone.goto(server["url"] + "/login")
    assert phone.viewport_size == PHONE
    brand = phone.locator(".auth-mobile-brand .brand")
    assert brand.is_visible()
    assert brand.inner_text() == "Derrick"
    box = brand.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    # The skip link (and its shadow) is off screen until a keyboard reaches it.
    skip = phone.locator(".skip-link")
    assert skip.evaluate("e => e.getBoundingClientRect().bottom") <= 0
    assert skip.evaluate("e => getComputedStyle(e).boxShadow") == "none"
    skip.focus()
    assert skip.evaluate("e => e.getBoundingClientRect().top") >= 0
    skip.blur()
    screenshot(phone, "login-phone.png", tmp_path)
    assert phone.js_errors == []


def test_the_favicon_loads(server, page):
    page.goto(server["url"] + "/login")
    icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)")
    assert icons
    for href in icons:
        response = page.request.get(href)
        assert response.ok, href
        assert response.headers["content-type"].startswith("image/")
    assert page.js_errors == []
