"""The pages analysts use in a browser. Each answers with and without a trailing slash."""

from __future__ import annotations

from django.urls import path

from chat import pages


def _both(route: str, view, name: str) -> list:
    # The app's convention (CONTRACT.md) is that paths never redirect on a slash.
    return [path(route, view, name=name), path(route + "/", view)]


urlpatterns = [
    path("", pages.home, name="home"),
    path("favicon.ico", pages.favicon, name="favicon"),
    *_both("login", pages.LoginPage.as_view(), "login"),
    *_both("logout", pages.LogoutPage.as_view(), "logout"),
    *_both("signup", pages.signup, "signup"),
    path("chat/", pages.chat, name="chat"),
    path("chat", pages.chat),
    *_both("chat/<uuid:conversation_id>", pages.chat, "chat-conversation"),
    *_both("chat/api/messages/<int:message_id>", pages.message_html, "chat-message-html"),
    *_both(
        "chat/api/conversations/<uuid:conversation_id>/messages",
        pages.conversation_messages,
        "chat-conversation-messages",
    ),
    *_both(
        "chat/api/conversations/<uuid:conversation_id>/rows",
        pages.conversation_rows_for_page,
        "chat-conversation-rows",
    ),
    *_both("chat/api/search", pages.search, "chat-search"),
    *_both(
        "chat/api/messages/<int:message_id>/rewind", pages.message_rewind, "chat-message-rewind"
    ),
]
