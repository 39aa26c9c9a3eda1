"""Serve HTTP and WebSocket with uvicorn: ``python -m project.serve --host 0.0.0.0 --port 8000``.

uvicorn with uvloop, httptools and the websockets library's sans-I/O
protocol (a frame is one transport write; the legacy protocol awaited a
drain per frame and is deprecated by uvicorn), configured for Derrick's
contract:

- frames over ``CHAT_MAX_FRAME_BYTES`` are refused by the server itself
  with close 1009, and any close code the consumer sends (1008 with its
  reason) goes on the wire as it is;
- no per-message compression: frames are small JSON, and compressing each
  one costs the event loop that relays every stream;
- on SIGTERM or SIGINT the answers being written are stopped and saved, and
  their sockets get ``error`` and ``done``, before uvicorn closes the
  connections (``answers_shutdown``, as Daphne's shutdown hook does).

One process serves one port; run one per core behind the load balancer, as
with Daphne (they share answers through Redis).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import uvicorn

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")


class DerrickServer(uvicorn.Server):
    async def shutdown(self, sockets: Any = None) -> None:
        from chat.streaming import answers_shutdown

        # Before the connections close: the sockets still get error and done.
        await answers_shutdown()
        await super().shutdown(sockets=sockets)


def config(*, host: str, port: int, **options: Any) -> uvicorn.Config:
    from django.conf import settings

    from project.asgi import application

    return uvicorn.Config(
        application,
        host=host,
        port=port,
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        ws_max_size=settings.CHAT_MAX_FRAME_BYTES,
        ws_per_message_deflate=False,
        lifespan="off",
        # Django's LOGGING (LOG_LEVEL) configures the loggers, uvicorn's too.
        log_config=None,
        log_level=os.environ.get("LOG_LEVEL", "INFO").lower(),
        backlog=2048,
        **options,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve Derrick with uvicorn")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--access-log", action="store_true", help="log every request (off: the proxy logs them)"
    )
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For/Proto from the load balancer (FORWARDED_ALLOW_IPS)",
    )
    args = parser.parse_args(argv)
    server = DerrickServer(
        config(
            host=args.host,
            port=args.port,
            access_log=args.access_log,
            proxy_headers=args.proxy_headers,
        )
    )
    server.run()


if __name__ == "__main__":
    main()
