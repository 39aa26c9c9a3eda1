"""Deadlines: a model call is bounded as a whole (LLM_TIMEOUT_SECONDS), and so is an answer
(ANSWER_TIMEOUT_SECONDS). A drip-feeding server, one token at a time with pauses no read
timeout notices, ends with an error and done, the partial text saved."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from chat.models import Message
from tests.fake_openai import ask, drip_stream, streamed_text, text_stream

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = [f"word{i} " for i in range(40)]


@pytest.fixture(autouse=True)
def _started_server():
    """What a server loads before its first answer (project/asgi.py): the tools and the
    SDK, whose first import takes seconds on a busy machine and is no model's time."""
    from agents.runner import preload

    preload()


@sync_to_async
def saved(message_id):
    message = Message.objects.get(pk=message_id)
    return message.status, message.content


async def assert_partial_text_saved(events):
    """What was streamed is what was saved (as an error); with nothing streamed, nothing."""
    text = streamed_text(events)
    if text:
        assert await saved(events[-1]["message_id"]) == ("error", text)
    else:
        assert events[-1]["message_id"] is None


async def test_a_drip_feeding_model_is_cut_at_the_call_deadline(
    alice, agent, fake_openai, settings
):
    settings.LLM_TIMEOUT_SECONDS = 2
    fake_openai.queue(drip_stream(*WORDS, every=0.25))  # 10 s in all, 0.25 s per read
    events, _ = await ask(alice, "tell me slowly")
    kinds = [e["event_type"] for e in events]
    error = next(e for e in events if e["event_type"] == "error")
    assert error["content"] == (
        "The language model service did not answer in time. Please try again in a moment."
    )
    assert kinds[-1] == "done" and kinds.index("error") < kinds.index("done")
    text = streamed_text(events)
    assert "".join(WORDS).startswith(text) and len(text) < len("".join(WORDS))
    # The upstream stream was closed: no more tokens are paid for.
    fake_openai.client_closed_early.wait(5)
    assert fake_openai.client_closed_early.is_set()
    await assert_partial_text_saved(events)


async def test_a_model_within_its_call_deadline_still_meets_the_answer_deadline(
    alice, agent, fake_openai, settings
):
    settings.LLM_TIMEOUT_SECONDS = 30
    settings.ANSWER_TIMEOUT_SECONDS = 2
    fake_openai.queue(drip_stream(*WORDS, every=0.25))
    events, _ = await ask(alice, "tell me slowly")
    error = next(e for e in events if e["event_type"] == "error")
    assert "The answer took longer than 2 s" in error["content"]
    assert events[-1]["event_type"] == "done"
    await assert_partial_text_saved(events)


async def test_a_prompt_model_is_not_cut(alice, agent, fake_openai, settings):
    settings.LLM_TIMEOUT_SECONDS = 1
    fake_openai.queue(text_stream("All ", "at ", "once."))
    events, _ = await ask(alice, "quick")
    assert [e for e in events if e["event_type"] == "error"] == []
    assert streamed_text(events) == "All at once."


async def test_the_builtin_agent_has_the_answer_deadline_too(alice, default_agents, settings):
    settings.LLM_BACKEND = "builtin"
    settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS = 0.3  # its answer takes well over 3 s
    settings.ANSWER_TIMEOUT_SECONDS = 3
    events, _ = await ask(alice, "what can you do?")
    error = next(e for e in events if e["event_type"] == "error")
    assert "longer than 3 s" in error["content"]
    assert events[-1]["event_type"] == "done"
    await assert_partial_text_saved(events)
