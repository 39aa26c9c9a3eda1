"""Django's ASGI HTTP handler, without a thread per request or a thread hop per middleware.

Django's own ``ASGIHandler`` gives every request a new thread
(``ThreadSensitiveContext()``), with a new database connection, and runs
each middleware's ``process_request``/``process_response`` through
``sync_to_async`` (Django's middleware is "async-capable" by hopping into
that thread): about fifteen hops per request, and the thread made and
joined, for a view that is synchronous anyway (every DRF view is). Measured
with bench/compare_stacks.py, ``GET /authenticated-route`` spent most of its
time there.

This handler keeps Django's request and response handling (body reading,
disconnects, streaming responses) and changes two things:

- ``request_started``, the middleware chain, the view and (for a response
  whose body is made) ``request_finished`` run synchronously, as under
  WSGI, in one ``sync_to_async`` call per request;
- those calls run on one of ``HTTP_SYNC_THREADS`` long-lived threads (the
  least busy), each keeping its database connection for ``CONN_MAX_AGE``,
  instead of a thread made for the request.

Async views still work: Django adapts them inside the synchronous chain.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import FileResponse
from django.urls import set_script_prefix


class SyncThreads:
    """A few reused single-thread executors; each request takes the least busy one."""

    def __init__(self, count: int) -> None:
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"http-sync-{n}")
            for n in range(count)
        ]
        self.busy = [0] * count

    @contextlib.asynccontextmanager
    async def context(self) -> AsyncIterator[None]:
        index = min(range(len(self.busy)), key=self.busy.__getitem__)
        self.busy[index] += 1
        try:
            async with ThreadSensitiveContext(executor=self.executors[index]):
                yield
        finally:
            self.busy[index] -= 1


class HTTPHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self.sync_threads = SyncThreads(settings.HTTP_SYNC_THREADS)

    def load_middleware(self, is_async: bool = False) -> None:
        # The synchronous chain: no per-middleware hop (see the module's docstring).
        super().load_middleware(is_async=False)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        async with self.sync_threads.context():
            await self.handle(scope, receive, send)

    async def handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Read the body, then respond in one hop into the request's thread.

        A response whose body is made (not streaming) is closed in that same
        hop (``request_finished``: database connections are tidied in the
        thread that owns them), before it is sent; a streaming response is
        closed after its last chunk, as Django does. Django's handler also
        watches for a disconnect while the view runs, to cancel async views;
        a synchronous view cannot be cancelled, so nothing is lost.
        """
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        set_script_prefix(get_script_prefix(scope))
        response = await sync_to_async(self._respond, thread_sensitive=True)(scope, body_file)
        try:
            await self.send_response(response, send)
        except asyncio.CancelledError:
            pass  # the client went away while we sent
        finally:
            if response.streaming:
                await sync_to_async(response.close, thread_sensitive=True)()
            body_file.close()

    def _respond(self, scope: dict[str, Any], body_file: Any) -> Any:
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            # ASGI servers chunk the body themselves: read files in large blocks.
            if isinstance(response, FileResponse):
                response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
        return response


def get_http_application() -> HTTPHandler:
    """What ``django.core.asgi.get_asgi_application`` does, with ``HTTPHandler``."""
    import django

    django.setup(set_prefix=False)
    return HTTPHandler()
