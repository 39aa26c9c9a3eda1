"""A lean fake OpenAI-compatible upstream for the benchmarks (a subprocess; prints its port).

``POST /v1/chat/completions`` with ``stream: true`` streams
``chat.completion.chunk`` events for the question found in the last user
message, ``bench:<key> n=<tokens> rate=<tokens per second>``: token *k*'s
text is ``w<k>@<t> ``, where ``<t>`` is ``time.monotonic_ns() // 1000`` taken
just before the chunk is written. CLOCK_MONOTONIC is one clock for every
process on the machine, so a client knows when each token left the upstream,
however the servers in between group tokens into frames.

``bench-tool:<name> <JSON arguments>`` asks for that tool call instead (the
portfolio bench's basin fit); once the conversation holds the tool's result,
the reply is one short sentence.

``rate=0`` streams unpaced: as fast as the reader takes them (written in
small batches, waiting whenever the socket's buffer is full). Paced tokens are
timer callbacks (no task per stream), so 500 streams at 50 tokens a second
cost the upstream little. A request without ``stream`` gets a short reply
(Derrick's title call). ``GET /_sent`` returns, and forgets, the text sent per
key and the pacing lag of every token.

    python bench/fake_upstream.py [--lifetime SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import time
from typing import Any

HOST = "127.0.0.1"
QUESTION_RE = re.compile(r"bench:(\S+) n=(\d+) rate=([\d.]+)")
TOOL_RE = re.compile(r"bench-tool:(\w+) (\{.*\})", re.S)
UNPACED_BATCH = 8

_CHUNK_HEAD = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[{"index":0,"delta":{"content":"'
)
_CHUNK_TAIL = b'"},"finish_reason":null}]}\n\n'
_ROLE = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[{"index":0,"delta":{"role":"assistant","content":""},'
    b'"finish_reason":null}]}\n\n'
)
_FINISH = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'
)
_USAGE = (
    b'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":0,'
    b'"model":"bench","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":%d,'
    b'"total_tokens":%d}}\n\n'
)
_DONE = b"data: [DONE]\n\n"


def now_us() -> int:
    return time.monotonic_ns() // 1000


def http_chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def token_chunk(k: int) -> tuple[int, str, bytes]:
    """Token ``k`` stamped now: (stamp, its text, its SSE event as an HTTP chunk)."""
    stamp = now_us()
    text = f"w{k}@{stamp} "
    return stamp, text, http_chunk(_CHUNK_HEAD + text.encode() + _CHUNK_TAIL)


def _end(count: int) -> bytes:
    return (
        http_chunk(_FINISH)
        + http_chunk(_USAGE % (count, count + 10))
        + http_chunk(_DONE)
        + b"0\r\n\r\n"
    )


class Upstream:
    def __init__(self) -> None:
        self.sent: dict[str, str] = {}
        self.lag_us: list[int] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                if method == "GET" and path == "/_sent":
                    self._json(writer, 200, {"sent": self.sent, "lag_us": self.lag_us})
                    self.sent, self.lag_us = {}, []
                elif method == "POST" and path.endswith("/chat/completions"):
                    request = json.loads(body or b"{}")
                    if request.get("stream"):
                        await self._stream(writer, request)
                    else:
                        self._json(writer, 200, _title_reply())
                else:
                    self._json(writer, 404, {"error": {"message": "not found"}})
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    def _json(self, writer: asyncio.StreamWriter, status: int, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        writer.write(
            b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (status, len(raw), raw)
        )

    async def _stream(self, writer: asyncio.StreamWriter, request: dict[str, Any]) -> None:
        question = ""
        for message in request.get("messages", []):
            if message.get("role") == "user" and isinstance(message.get("content"), str):
                question = message["content"]
        messages = request.get("messages") or [{}]
        tool = TOOL_RE.search(question)
        if tool is not None:
            self._tool_reply(writer, tool[1], tool[2], answered=messages[-1].get("role") == "tool")
            return
        match = QUESTION_RE.search(question)
        key, count, rate = (match[1], int(match[2]), float(match[3])) if match else ("?", 5, 50.0)
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + http_chunk(_ROLE)
        )
        parts: list[str] = []
        try:
            if rate > 0:
                await self._paced(writer, parts, count, rate)
            else:
                await self._unpaced(writer, parts, count)
            if not writer.transport.is_closing():
                writer.write(_end(count))
        finally:
            self.sent[key] = "".join(parts)

    def _tool_reply(
        self, writer: asyncio.StreamWriter, name: str, arguments: str, *, answered: bool
    ):
        if answered:
            delta: dict[str, Any] = {"content": "The tool has answered."}
        else:
            call = {"name": name, "arguments": arguments}
            delta = {
                "tool_calls": [
                    {"index": 0, "id": "call_bench", "type": "function", "function": call}
                ]
            }
        event = {
            "id": "chatcmpl-bench",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "bench",
            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
        }
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
            + http_chunk(_ROLE)
            + http_chunk(b"data: " + json.dumps(event).encode() + b"\n\n")
            + _end(1)
        )

    async def _paced(
        self, writer: asyncio.StreamWriter, parts: list[str], count: int, rate: float
    ) -> None:
        loop = asyncio.get_running_loop()
        finished = loop.create_future()
        transport = writer.transport
        interval_us = 1_000_000 / rate
        start_us = now_us()
        start = loop.time()

        def emit(k: int) -> None:
            if transport.is_closing():
                finished.done() or finished.set_result(None)
                return
            stamp, text, data = token_chunk(k)
            transport.write(data)
            self.lag_us.append(int(stamp - start_us - k * interval_us))
            parts.append(text)
            if k + 1 < count:
                loop.call_at(start + (k + 1) * interval_us / 1_000_000, emit, k + 1)
            elif not finished.done():
                finished.set_result(None)

        loop.call_soon(emit, 0)
        await finished

    async def _unpaced(self, writer: asyncio.StreamWriter, parts: list[str], count: int) -> None:
        for first in range(0, count, UNPACED_BATCH):
            batch = []
            for k in range(first, min(first + UNPACED_BATCH, count)):
                _, text, data = token_chunk(k)
                parts.append(text)
                batch.append(data)
            writer.write(b"".join(batch))
            await writer.drain()
            if writer.transport.is_closing():
                return


def _title_reply() -> dict[str, Any]:
    return {
        "id": "chatcmpl-title",
        "object": "chat.completion",
        "created": 0,
        "model": "bench",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Bench Title"},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
    }


async def serve(lifetime: float) -> None:
    upstream = Upstream()
    server = await asyncio.start_server(upstream.handle, HOST, 0, backlog=2048)
    print(server.sockets[0].getsockname()[1], flush=True)
    # Bounded: the bench terminates it, and it ends by itself if forgotten.
    await asyncio.sleep(lifetime)
    server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="fake OpenAI-compatible upstream")
    parser.add_argument("--lifetime", type=float, default=3600)
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(args.lifetime))
    else:
        uvloop.run(serve(args.lifetime))


if __name__ == "__main__":
    main()
