"""WebSocket routes and the checks every socket passes before the consumer."""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.urls import re_path

from chat.consumers import ChatConsumer

websocket_urlpatterns = [
    re_path(r"^async_chat/?$", ChatConsumer.as_asgi()),
]


class ChatOriginValidator(OriginValidator):
    """Channels' origin check, but a handshake without ``Origin`` is accepted.

    Scripts and the old clients send no ``Origin``; browsers always do, and
    theirs must be one of ``ALLOWED_HOSTS`` (any scheme and port, as Django
    matches hosts) or exactly one of ``CORS_ALLOWED_ORIGINS``. A refused
    handshake gets HTTP 403 before any consumer runs.
    """

    def __init__(self, application: Any) -> None:
        super().__init__(application, allowed_origins=[])

    @property
    def allowed_origins(self) -> list[str]:  # read per handshake: settings may change in tests
        hosts = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not hosts:
            hosts = [".localhost", "127.0.0.1", "[::1]"]
        return [*hosts, *settings.CORS_ALLOWED_ORIGINS]

    @allowed_origins.setter
    def allowed_origins(self, value: list[str]) -> None:  # OriginValidator.__init__ assigns it
        pass

    def valid_origin(self, parsed_origin: Any) -> bool:
        if parsed_origin is None:
            return True
        return self.validate_origin(parsed_origin)


def websocket_application() -> Any:
    """Origin check, then the session (our pages) and the routes."""
    return ChatOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
