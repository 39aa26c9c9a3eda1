"""The ``openai`` backend: any OpenAI-compatible chat-completions server.

One ``AsyncOpenAI`` client per process (per event loop), made on first use
and reused: making one builds a TLS context, tens of milliseconds of CPU,
far too much per answer. It reads ``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``
as the SDK does, and ``LLM_TIMEOUT_SECONDS``.

An answer streams chat completions with the agent's tools offered as
functions, runs the tool calls the model makes (several in one response
too) as jobs (``agents.jobs``), and loops until the model answers in text or
``LLM_MAX_TOOL_ROUNDS`` is reached. Upstream failures become ``LLMError``
with a message a person understands.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from agents.errors import AnswerFailed
from agents.runner import (
    AnswerSink,
    Turn,
    describe_table,
    history_within_budget,
    tool_call,
    tool_result_text,
)
from agents.tools.inputs import inputs_markdown
from agents.tools.registry import tools_named

logger = logging.getLogger(__name__)

TITLE_MAX_CHARS = 80


class LLMError(AnswerFailed):
    """The model could not answer; the message is for a person."""


_client: Any = None
_client_loop: asyncio.AbstractEventLoop | None = None


def get_client() -> Any:
    """This process's ``AsyncOpenAI`` client, made once.

    A client's connection pool belongs to the event loop it first ran on; a
    server has one loop, tests have one per test, so a new loop gets a new
    client.
    """
    global _client, _client_loop
    loop = asyncio.get_running_loop()
    if _client is None or _client_loop is not loop:
        from openai import AsyncOpenAI

        _client = AsyncOpenAI(
            api_key=os.environ.get("OPENAI_API_KEY") or "not-set",
            base_url=os.environ.get("OPENAI_BASE_URL") or None,
            timeout=float(settings.LLM_TIMEOUT_SECONDS),
            max_retries=settings.LLM_MAX_RETRIES,
        )
        _client_loop = loop
    return _client


def preload() -> None:
    """Import the SDK's client, chat resources and response types (they load lazily)."""
    import openai.resources.chat.completions  # noqa: F401
    from openai.types.chat import ChatCompletion

    # Builds the response model's lazily made schema, as the title call would.
    ChatCompletion.model_validate(
        {
            "id": "preload",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "t"},
                    "finish_reason": "stop",
                }
            ],
        }
    )


def explain(exc: BaseException, *, mid_stream: bool = False) -> LLMError:
    """An upstream failure, in words for the person waiting for the answer."""
    import httpx2
    import openai

    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException | TimeoutError):
        text = "The language model service did not answer in time. Please try again in a moment."
    elif mid_stream:
        text = (
            "The language model service stopped answering in the middle of the reply. "
            "Please try again."
        )
    elif isinstance(exc, openai.APIConnectionError):
        text = "The language model service could not be reached. Please try again later."
    elif isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        text = (
            "The language model service refused our credentials; "
            "an administrator must check the API key."
        )
    elif isinstance(exc, openai.RateLimitError):
        text = "The language model service is busy right now. Please try again in a minute."
    elif isinstance(exc, openai.APIStatusError):
        text = (
            f"The language model service answered with an error ({exc.status_code}). "
            "Please try again."
        )
    else:
        text = (
            "The language model service stopped answering in the middle of the reply. "
            "Please try again."
        )
    return LLMError(text)


@dataclass
class _ToolCall:
    id: str = ""
    name: str = ""
    arguments: str = ""


def build_messages(*, agent: Any, question: str, turn: Turn) -> list[dict[str, Any]]:
    """System prompt with the running table, the history that fits, the question."""
    system = f"{agent.system_prompt.strip()}\n\n{describe_table(turn.table)}"
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}]
    for role, content in history_within_budget(turn.history, settings.LLM_HISTORY_CHAR_BUDGET):
        messages.append(
            {"role": "assistant" if role == "assistant" else "user", "content": content}
        )
    messages.append({"role": "user", "content": question})
    return messages


async def stream_answer(answer: AnswerSink, turn: Turn) -> None:
    """Stream the model's answer into ``answer``, running its tool calls between rounds."""
    agent = answer.agent
    tools = {t.name: t for t in tools_named(list(agent.tools or []))}
    schemas = [t.openai_schema() for t in tools.values()]
    messages = build_messages(agent=agent, question=answer.question, turn=turn)
    # Tool results whose inputs the analyst has not been shown yet: the block is streamed,
    # deterministically, just before the model's next words (or at the end).
    unshown: list[dict[str, Any]] = []

    for round_number in range(settings.LLM_MAX_TOOL_ROUNDS + 1):
        # The last round offers no tools: the model must answer in words.
        offer = schemas if schemas and round_number < settings.LLM_MAX_TOOL_ROUNDS else None
        block = inputs_markdown(unshown)
        text, calls, shown = await _one_call(
            answer, agent=agent, messages=messages, tools=offer, before_text=block
        )
        if shown:
            unshown = []
        if not calls:
            if unshown and block:
                answer.chunk(block)
            answer.model_end()
            return
        answer.model_end()
        messages.append(
            {
                "role": "assistant",
                "content": text or None,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": call.name, "arguments": call.arguments or "{}"},
                    }
                    for call in calls
                ],
            }
        )
        # One after another, in the model's order: rows get rowids in that order.
        for call in calls:
            answer.event({"event_type": "log", "content": f"Running {call.name}..."})
            result = await tool_call(answer, turn, tools.get(call.name), call.name, call.arguments)
            unshown.append(result)
            messages.append(
                {"role": "tool", "tool_call_id": call.id, "content": tool_result_text(result)}
            )


async def _one_call(answer: AnswerSink, **call: Any) -> tuple[str, list[_ToolCall], bool]:
    """``_streamed_call`` within ``LLM_TIMEOUT_SECONDS`` for the whole call.

    The SDK's timeout bounds each read, so a server that drips a token every
    few seconds would never trip it: this bounds the call from its request to
    its last byte. Past it the upstream stream is closed (no more tokens paid
    for) and the answer ends with an error; what was streamed is saved.
    """
    limit = settings.LLM_TIMEOUT_SECONDS
    get_client()  # made once per process; its making is not the server's time
    try:
        async with asyncio.timeout(limit):
            return await _streamed_call(answer, **call)
    except TimeoutError as exc:
        # The same words as a read that timed out: for the person, both are "too slow".
        raise explain(exc) from exc


async def _streamed_call(
    answer: AnswerSink,
    *,
    agent: Any,
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]] | None,
    before_text: str = "",
) -> tuple[str, list[_ToolCall], bool]:
    """One streamed completion: its text (already relayed), the tool calls it asks for, and
    whether ``before_text`` was relayed (it goes out just before the model's first words,
    and is not part of the text the model sees as its own)."""
    kwargs: dict[str, Any] = {
        "model": agent.model_name,
        "messages": messages,
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": agent.temperature,
    }
    if tools:
        kwargs["tools"] = tools
    # The raw response, not the SDK's chunk objects: building a pydantic model
    # per chunk was the largest cost of relaying 100 streams (bench/stream_relay.py).
    # Status errors and retries are the SDK's as before; events are read as its
    # SSE decoder reads them.
    request = get_client().chat.completions.with_streaming_response.create(**kwargs)
    try:
        response = await request.__aenter__()
    except Exception as exc:
        raise explain(exc) from exc
    parts: list[str] = []
    calls: dict[int, _ToolCall] = {}
    finished = False
    shown = False
    try:
        async for data in _sse_data(response):
            # After [DONE], read on to the end (the connection goes back to the
            # pool) and ignore anything else, as the SDK does.
            if finished or data.startswith(b"[DONE]"):
                finished = True
                continue
            chunk = json.loads(data)
            if chunk.get("error"):
                raise ValueError("the stream reported an error")  # as the SDK's APIError
            usage = chunk.get("usage")
            if usage is not None:
                answer.add_usage(usage.get("prompt_tokens"), usage.get("completion_tokens"))
            for choice in chunk.get("choices") or ():
                delta = choice.get("delta")
                if delta is None:
                    continue
                content = delta.get("content")
                if content:
                    if before_text and not shown:
                        answer.chunk(before_text + "\n\n")
                        shown = True
                    parts.append(content)
                    answer.chunk(content)
                for piece in delta.get("tool_calls") or ():
                    call = calls.setdefault(piece.get("index"), _ToolCall())
                    if piece.get("id"):
                        call.id = piece["id"]
                    function = piece.get("function")
                    if function is not None:
                        if function.get("name"):
                            call.name += function["name"]
                        if function.get("arguments"):
                            call.arguments += function["arguments"]
    except Exception as exc:
        raise explain(exc, mid_stream=True) from exc
    finally:
        # Closes the HTTP response: on a stop (cancellation) the server sees
        # the connection go, and stops generating tokens we would pay for.
        await asyncio.shield(_close_quietly(response))
    ordered = [calls[i] for i in sorted(calls)]
    for number, call in enumerate(ordered):
        call.id = call.id or f"call_{number}"
    return "".join(parts), ordered, shown


async def _sse_data(response: Any) -> AsyncIterator[bytes]:
    """The ``data`` of each server-sent event of ``response``, in order.

    Lines end with LF, CRLF or CR; ``data:`` lines of one event are joined
    with LF; an event ends at a blank line; other fields are ignored.
    """
    pending = b""
    data: list[bytes] = []
    async for raw in response.iter_bytes():
        lines = (pending + raw).splitlines(keepends=True)
        # An unfinished last line (or a CR that may be half of a CRLF) waits for more.
        pending = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
        for line in lines:
            line = line.rstrip(b"\r\n")
            if not line:
                if data:
                    yield b"\n".join(data)
                    data = []
            elif line.startswith(b"data:"):
                value = line[5:]
                data.append(value[1:] if value.startswith(b" ") else value)


async def _close_quietly(stream: Any) -> None:
    try:
        await stream.close()
    except Exception:
        logger.debug("closing the upstream stream failed", exc_info=True)


async def title_make(agent: Any, question: str, answer_text: str) -> str | None:
    """A short title from the model (one small, non-streamed call), or None on failure."""
    prompt = (
        "Write a title of at most six words for a conversation that starts with this "
        "question and answer. Reply with the title only, no quotes.\n\n"
        f"Question: {question[:1000]}\n\nAnswer (start): {answer_text[:500]}"
    )
    try:
        response = await get_client().chat.completions.create(
            model=agent.model_name if agent is not None else settings.LLM_MODEL,
            messages=[{"role": "user", "content": prompt}],
            max_tokens=24,
            temperature=0.2,
        )
        title = (response.choices[0].message.content or "").strip()
    except Exception:
        logger.warning("the title call failed; using the question instead", exc_info=True)
        return None
    title = title.strip().strip("\"'").strip()
    return title[:TITLE_MAX_CHARS] or None
