"""The ``builtin`` backend: an offline agent that answers without a language model.

It streams through the same path as the ``openai`` backend (same events,
same saving), word by word. Domain questions (decline curves, economics,
emissions on the user's files) go first to ``agents.builtin.domain.answer``:
a synchronous function, run in a worker thread, returning the answer's
Markdown or None when the question is not its kind; the tools it runs report
through the tool context (``log``, ``add_row``). Then greetings and "what can
you do" (``smalltalk``), then a helpful fallback that says what the agent can
do.

A domain answer is built in five steps, one module (or one per area) each:
figures (``numbers``, ``quantities``, ``agents.units``), intent (``intent``),
binding figures to tool arguments (``binding``, ``bind_<area>``), the answer
writer (``work``, ``answer_<area>``) and the Inputs block (``domain``,
``agents.tools.inputs``). ``README.md`` beside this file says exactly how an
area adds an argument binding (``@binds``), an intent (``@recogniser``) and an
answer writer (``@writer``), and how tools report their inputs.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from types import ModuleType
from typing import Any

from django.conf import settings

from agents.builtin import smalltalk
from agents.runner import AnswerSink, Turn, in_worker_thread
from agents.tools.registry import ToolError, tools_named

_WORDS = re.compile(r"\s*\S+|\s+")


def _domain_module() -> ModuleType | None:
    try:
        return importlib.import_module("agents.builtin.domain")
    except ModuleNotFoundError as exc:
        if exc.name != "agents.builtin.domain":
            raise  # a real import error inside the module
        return None


def _domain_answer(
    question: str, *, agent: Any, ctx: Any, history: list[tuple[str, str]]
) -> str | None:
    domain = _domain_module()
    if domain is None:
        return None
    try:
        return domain.answer(question, agent=agent, ctx=ctx, history=history)
    except ToolError as exc:
        # A tool could not work with what it was given: say why.
        return str(exc)


async def stream_answer(answer: AnswerSink, turn: Turn) -> None:
    """Answer ``answer.question`` offline and stream it word by word."""
    agent = answer.agent
    text = await in_worker_thread(_domain_answer)(
        answer.question, agent=agent, ctx=turn.ctx, history=turn.history
    )
    if not text:
        tools = tools_named(list(agent.tools or []))
        text = smalltalk.answer(answer.question, agent=agent, tools=tools) or smalltalk.fallback(
            agent=agent, tools=tools, table=turn.table
        )
    await stream_text(answer, text)
    answer.model_end()


async def stream_text(answer: AnswerSink, text: str) -> None:
    """Send ``text`` in word-sized chunks, lightly paced (so stop and resume can happen)."""
    delay = settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS
    for piece in _WORDS.findall(text):
        answer.chunk(piece)
        await asyncio.sleep(delay)
