"""Refuse request bodies over the upload limit under any ASGI server, before they are kept.

Daphne buffers a whole body before the application runs, so it is limited
inside Daphne (``files.daphne_limits``). uvicorn hands the body to the
application in pieces and reads no more until the application asks, so an
ASGI middleware can refuse in time, with the same answers:

- a declared ``Content-Length`` over the limit with ``Expect: 100-continue``
  gets its 413 at once: the body is never asked for, so uvicorn never says
  "100 Continue" and the client never sends it;
- otherwise (declared, or chunked and found over the limit while it
  arrives) the rest of the body is read and dropped, the application is
  told the client went away (Django then makes no response), and the 413
  is sent: answering mid-body and closing would make the kernel reset the
  connection, and the client could lose the answer.

Under Daphne the body already arrived within the limit, so this changes
nothing there.
"""

from __future__ import annotations

from typing import Any

from files.daphne_limits import body_limit, refusal_body

_REFUSAL_HEADERS = [(b"content-type", b"application/json")]


class BodyLimitMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit()
        declared, expects_continue = _declared_length(scope)
        if declared is not None and declared > limit:
            if expects_continue:
                await _refuse(send, close=True)
                return
            await _drain(receive, more=True)
            await _refuse(send)
            return

        state = {"seen": 0, "refused": False, "started": False}

        async def limited_receive() -> dict[str, Any]:
            message = await receive()
            if message["type"] != "http.request" or state["refused"]:
                return message
            state["seen"] += len(message.get("body", b""))
            if state["seen"] <= limit:
                return message
            state["refused"] = True
            await _drain(receive, more=message.get("more_body", False))
            return {"type": "http.disconnect"}

        async def tracked_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, limited_receive, tracked_send)
        if state["refused"] and not state["started"]:
            await _refuse(send)


def _declared_length(scope: dict[str, Any]) -> tuple[int | None, bool]:
    declared: int | None = None
    expects_continue = False
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                declared = int(value)
            except ValueError:
                declared = None  # the application answers a malformed length
        elif name == b"expect" and value.lower() == b"100-continue":
            expects_continue = True
    return declared, expects_continue


async def _drain(receive: Any, *, more: bool) -> None:
    """Read and drop the rest of the body (``more``: whether any is left)."""
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return
        more = message.get("more_body", False)


async def _refuse(send: Any, *, close: bool = False) -> None:
    body = refusal_body()
    headers = [*_REFUSAL_HEADERS, (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
