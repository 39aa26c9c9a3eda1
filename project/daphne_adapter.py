"""Make Daphne speak the close codes and frame limit that CONTRACT.md promises.

Daphne hands an application's ``websocket.close`` to autobahn's ``sendClose``,
which refuses every code but 1000 and 3000-4999 (and Daphne drops the
reason). Old clients of the seed backend saw 1008 with a reason
(``unauthorized``, ``jwt error``), so we send any code RFC 6455 lets an
endpoint put on the wire, with its reason, through autobahn's lower-level
``sendCloseFrame``. We also size autobahn's payload limits from
``CHAT_MAX_FRAME_BYTES``: bigger frames are refused by the server itself with
1009 before the application sees them.

``install()`` runs when ``project.asgi`` is imported, which both
``python -m daphne project.asgi:application`` and ``manage.py runserver``
(Daphne's) do before the server starts listening.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

# Codes RFC 6455 (section 7.4) forbids in a close frame: reserved or
# meant only for reporting a failure locally.
_NOT_ON_THE_WIRE = {1004, 1005, 1006, 1015}
_REASON_MAX_BYTES = 123  # a control frame's payload is at most 125 bytes

_installed = False


def close_code_allowed(code: int) -> bool:
    """Whether an endpoint may send ``code`` in a close frame (RFC 6455)."""
    return (1000 <= code <= 1014 and code not in _NOT_ON_THE_WIRE) or 3000 <= code <= 4999


def encode_reason(reason: str | None) -> bytes | None:
    """UTF-8 ``reason`` cut to fit a control frame without splitting a character."""
    if not reason:
        return None
    raw = reason.encode("utf-8")[:_REASON_MAX_BYTES]
    return raw.decode("utf-8", errors="ignore").encode("utf-8")


def install() -> None:
    """Patch Daphne's WebSocket protocol and factory once per process."""
    global _installed
    if _installed:
        return
    try:
        from daphne import ws_protocol
    except ImportError:  # served by another ASGI server: nothing to adapt
        return

    from django.conf import settings

    protocol_class = ws_protocol.WebSocketProtocol
    factory_class = ws_protocol.WebSocketFactory
    original_handle_reply = protocol_class.handle_reply
    original_set_options = factory_class.setProtocolOptions

    def server_close(self: Any, code: int | None = None, reason: str | None = None) -> None:
        code = 1000 if code is None else int(code)
        if not close_code_allowed(code):
            logger.warning("close code %s cannot be sent; sending 1011", code)
            code = 1011
        # sendCloseFrame does what sendClose does, without its narrow code check.
        self.sendCloseFrame(code=code, reasonUtf8=encode_reason(reason), isReply=False)

    def handle_reply(self: Any, message: dict[str, Any]) -> None:
        if message.get("type") == "websocket.close" and self.state != self.STATE_CONNECTING:
            self.serverClose(code=message.get("code"), reason=message.get("reason"))
            return
        original_handle_reply(self, message)

    def set_protocol_options(self: Any, *args: Any, **options: Any) -> None:
        limit = settings.CHAT_MAX_FRAME_BYTES
        options["maxMessagePayloadSize"] = limit
        options["maxFramePayloadSize"] = limit
        # Fail a connection (too-big frame, protocol error) with a close frame
        # the client can read (1009), not by dropping the TCP connection.
        options["failByDrop"] = False
        original_set_options(self, *args, **options)

    protocol_class.serverClose = server_close
    protocol_class.handle_reply = handle_reply
    factory_class.setProtocolOptions = set_protocol_options
    _installed = True
    _install_shutdown_hook()


def _install_shutdown_hook() -> None:
    """On SIGTERM, end every answer and tell every socket before Daphne drops them.

    Daphne's "before shutdown" step cancels every application instance at
    once, which closed each socket with 1006 and no event. Its
    ``kill_all_applications`` now first runs ``chat.following.server_stop``:
    this process's answers end with ``error`` and ``done`` and are saved,
    every socket tells its client (``error`` and ``done`` for an answer it
    follows, then a close), and only then are the instances cancelled.
    """
    import sys

    # Only when a server already chose its reactor: importing daphne.server
    # here would install Twisted's reactor under the feet of tests and scripts.
    if "twisted.internet.reactor" not in sys.modules:
        return
    import asyncio

    from daphne.server import Server
    from twisted.internet.defer import Deferred

    original = Server.kill_all_applications
    if getattr(original, "_derrick", False):
        return

    def kill_all_applications(self: Any) -> Any:
        from chat.following import server_stop

        loop = asyncio.get_event_loop()

        async def stop_then_kill() -> None:
            try:
                await server_stop()
            except Exception:
                logger.exception("ending the answers at shutdown failed")
            await original(self).asFuture(loop)

        return Deferred.fromFuture(asyncio.ensure_future(stop_then_kill(), loop=loop))

    kill_all_applications._derrick = True  # type: ignore[attr-defined]
    Server.kill_all_applications = kill_all_applications
