"""The openai backend against a fake OpenAI-compatible server, through the socket."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from asgiref.sync import sync_to_async

from agents import llm
from agents.tools import registry
from chat import services
from chat.models import Conversation, Message
from files.models import Row
from files.services import row_add
from tests.fake_openai import (
    Break,
    Error,
    Pause,
    Stream,
    Text,
    ToolCall,
    Usage,
    ask,
    streamed_text,
    text_stream,
    tool_stream,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def test_tools():
    """Two small tools registered for one test: one writes a row, one always fails."""

    @registry.tool(
        name="test_note",
        description="Write a note row. Used by the tests.",
        parameters={
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
            "additionalProperties": False,
        },
        group="tests",
    )
    def note(ctx, *, text):
        ctx.log(f"Writing note {text}...")
        row = ctx.add_row(type="result", description=f"Note: {text}", data={"text": text})
        return {"summary": f"noted {text}", "rowid": row.rowid}

    @registry.tool(
        name="test_fail",
        description="Always fails. Used by the tests.",
        parameters={"type": "object", "properties": {}},
        group="tests",
    )
    def fail(ctx):
        raise registry.ToolError("Row 9 has no date column.")

    yield ["test_note", "test_fail"]
    registry._REGISTRY.pop("test_note", None)
    registry._REGISTRY.pop("test_fail", None)


async def test_chunks_arrive_in_order_and_the_answer_is_saved_with_its_usage(
    alice, agent, fake_openai
):
    pieces = [f"w{i} " for i in range(40)]
    fake_openai.queue(text_stream(*pieces, usage=(123, 45)))
    events, _conversation_id = await ask(alice, "count")
    assert streamed_text(events) == "".join(pieces)
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.status, saved.content) == ("complete", "".join(pieces))
    assert (saved.prompt_tokens, saved.completion_tokens) == (123, 45)
    request = fake_openai.chat_requests[0]
    assert request["stream"] is True
    assert request["stream_options"] == {"include_usage": True}
    assert request["model"] == "gpt-4o-mini"


async def test_the_agents_tools_are_offered_as_functions(alice, agent, fake_openai, test_tools):
    agent.tools = ["describe_table", "test_note", "no_such_tool"]
    await sync_to_async(agent.save)()
    fake_openai.queue(text_stream("Hi."))
    await ask(alice, "hello")
    offered = fake_openai.chat_requests[0]["tools"]
    assert [t["function"]["name"] for t in offered] == ["describe_table", "test_note"]
    assert offered[1] == registry.get_tool("test_note").openai_schema()


async def test_no_tools_are_sent_for_an_agent_without_tools(alice, agent, fake_openai):
    fake_openai.queue(text_stream("Hi."))
    await ask(alice, "hello")
    assert "tools" not in fake_openai.chat_requests[0]


async def test_a_real_tool_runs_and_the_loop_continues_with_its_result(alice, agent, fake_openai):
    agent.tools = ["describe_table"]
    await sync_to_async(agent.save)()
    conversation_id = uuid.uuid4()
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=alice, conversation_id=conversation_id
    )
    await sync_to_async(row_add)(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'wells.csv', saving location is in this row.",
        file_name="wells.csv",
        content=b"date,oil_bbl\n2024-01-01,100\n2024-02-01,90\n2024-03-01,81\n",
    )
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_a", "describe_table", json.dumps({"rowid": 1}))),
        text_stream("The table has ", "3 rows."),
    )
    events, _ = await ask(alice, "describe my file", conversation_id=conversation_id)
    kinds = [e["event_type"] for e in events]
    assert kinds.count("on_chat_model_end") == 2
    assert "log" in kinds
    # The tool's reported inputs come first (tests/test_llm_inputs_shown.py), then the words.
    assert streamed_text(events).endswith("\n\nThe table has 3 rows.")
    assert streamed_text(events).startswith("**Inputs**\n- Table: 1 (stated: 'wells.csv')")

    first, second = fake_openai.chat_requests
    assert "1 | userinput | User uploads file 'wells.csv'" in first["messages"][0]["content"]
    assert second["messages"][-2]["tool_calls"][0]["function"] == {
        "name": "describe_table",
        "arguments": '{"rowid": 1}',
    }
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_a"
    assert json.loads(tool_message["content"])["rows"] == 3
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.prompt_tokens, saved.completion_tokens) == (30, 8)  # both rounds


async def test_parallel_tool_calls_all_run_and_errors_go_back_to_the_model(
    alice, agent, fake_openai, test_tools
):
    agent.tools = test_tools
    await sync_to_async(agent.save)()
    fake_openai.queue(
        tool_stream(
            ToolCall(0, "call_1", "test_note", json.dumps({"text": "alpha"})),
            ToolCall(1, "call_2", "test_fail", "{}"),
            ToolCall(2, "call_3", "test_note", json.dumps({"wrong": 1})),
        ),
        text_stream("Done."),
    )
    events, conversation_id = await ask(alice, "take notes")
    artifacts = [e for e in events if e["event_type"] == "artifact"]
    assert artifacts == [
        {
            "event_type": "artifact",
            "content": "Note: alpha",
            "rowid": 1,
            "type": "result",
            "description": "Note: alpha",
        }
    ]
    logs = [e["content"] for e in events if e["event_type"] == "log"]
    assert "Writing note alpha..." in logs
    rows = [r async for r in Row.objects.filter(conversation__conversation_id=conversation_id)]
    assert [(r.rowid, r.description) for r in rows] == [(1, "Note: alpha")]

    results = {
        m["tool_call_id"]: json.loads(m["content"])
        for m in fake_openai.chat_requests[1]["messages"]
        if m["role"] == "tool"
    }
    assert results["call_1"] == {"summary": "noted alpha", "rowid": 1}
    assert results["call_2"] == {"error": "Row 9 has no date column."}
    assert "Invalid arguments" in results["call_3"]["error"]


async def test_the_tool_loop_is_bounded(alice, agent, fake_openai, test_tools, settings):
    settings.LLM_MAX_TOOL_ROUNDS = 2
    agent.tools = test_tools
    await sync_to_async(agent.save)()
    fake_openai.queue(
        tool_stream(ToolCall(0, "c1", "test_fail", "{}")),
        tool_stream(ToolCall(0, "c2", "test_fail", "{}")),
        text_stream("I could not do it."),
    )
    events, _ = await ask(alice, "loop")
    requests = fake_openai.chat_requests
    assert len(requests) == 3
    assert ["tools" in r for r in requests] == [True, True, False]
    assert streamed_text(events) == "I could not do it."


async def test_history_goes_back_to_the_model_oldest_dropped_first(
    alice, agent, fake_openai, settings
):
    settings.LLM_HISTORY_CHAR_BUDGET = 1000
    conversation_id = uuid.uuid4()
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=alice, conversation_id=conversation_id
    )
    for number in range(4):
        _, placeholder = await sync_to_async(services.answer_begin)(
            conversation=conversation, agent=agent, question=f"question {number} " + "q" * 200
        )
        await sync_to_async(services.answer_finish)(
            message_id=placeholder.pk,
            conversation=conversation,
            content=f"answer {number} " + "a" * 200,
            status="complete",
        )
    fake_openai.queue(text_stream("Sure."))
    await ask(alice, "and now?", conversation_id=conversation_id)
    messages = fake_openai.chat_requests[0]["messages"]
    assert messages[0]["role"] == "system"
    assert messages[0]["content"].startswith("You are a careful petroleum engineer.")
    assert messages[-1] == {"role": "user", "content": "and now?"}
    history = messages[1:-1]
    # 1000 characters hold the four most recent of the eight messages.
    assert [m["content"].split(" ")[:2] for m in history] == [
        ["question", "2"],
        ["answer", "2"],
        ["question", "3"],
        ["answer", "3"],
    ]
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]


async def test_an_upstream_500_gives_an_error_event_and_keeps_the_question(
    alice, agent, fake_openai
):
    fake_openai.queue(Error(500))
    events, conversation_id = await ask(alice, "will this work?")
    assert [e["event_type"] for e in events] == ["error", "done"]
    assert "language model service answered with an error (500)" in events[0]["content"]
    assert events[-1]["message_id"] is None  # no text: nothing saved for the answer
    messages = [
        (m.role, m.content)
        async for m in Message.objects.filter(conversation__conversation_id=conversation_id)
    ]
    assert messages == [("user", "will this work?")]


async def test_an_upstream_timeout_gives_an_error_a_person_understands(
    alice, agent, fake_openai, settings
):
    settings.LLM_TIMEOUT_SECONDS = 0.3
    fake_openai.queue(Stream([Text("Thinking"), Pause(30)]))
    events, _ = await ask(alice, "slow?")
    errors = [e["content"] for e in events if e["event_type"] == "error"]
    assert errors == [
        "The language model service did not answer in time. Please try again in a moment."
    ]
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.status, saved.content) == ("error", "Thinking")


async def test_a_refused_connection_gives_an_error(alice, agent, fake_openai, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens there
    events, _ = await ask(alice, "anyone?")
    assert [e["event_type"] for e in events] == ["error", "done"]
    assert "could not be reached" in events[0]["content"]


async def test_a_stream_that_breaks_mid_way_saves_the_partial_answer(alice, agent, fake_openai):
    fake_openai.queue(Stream([Text("Half an "), Text("answer"), Break()], done=False))
    events, _ = await ask(alice, "break")
    assert streamed_text(events) == "Half an answer"
    errors = [e["content"] for e in events if e["event_type"] == "error"]
    assert len(errors) == 1 and "stopped answering in the middle" in errors[0]
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.status, saved.content) == ("error", "Half an answer")


async def test_the_first_answer_gets_a_title_from_a_small_model_call(alice, agent, fake_openai):
    fake_openai.title = '"Decline Curve Questions"'
    fake_openai.queue(text_stream("An answer."), text_stream("Another."))
    events, conversation_id = await ask(alice, "fit my decline curve")
    assert [e for e in events if e["event_type"] == "title"] == [
        {"event_type": "title", "content": "Decline Curve Questions"}
    ]
    assert [e["event_type"] for e in events][-2:] == ["title", "done"]
    title_request = next(r for r in fake_openai.requests if not r.get("stream"))
    assert "fit my decline curve" in title_request["messages"][0]["content"]
    conversation = await Conversation.objects.aget(conversation_id=conversation_id)
    assert (conversation.title_summary, conversation.has_title) == (
        "Decline Curve Questions",
        True,
    )
    events, _ = await ask(alice, "again", conversation_id=conversation_id)
    assert "title" not in [e["event_type"] for e in events]
    assert len([r for r in fake_openai.requests if not r.get("stream")]) == 1


async def test_one_client_is_made_per_process_and_reused(fake_openai):
    first = llm.get_client()
    await asyncio.sleep(0)
    assert llm.get_client() is first
    assert str(first.base_url).rstrip("/") == fake_openai.base_url


async def test_an_agent_may_name_its_own_model(alice, agent, fake_openai):
    agent.model = "local-llama"
    agent.temperature = 0.7
    await sync_to_async(agent.save)()
    fake_openai.queue(text_stream("Hi."))
    await ask(alice, "hello")
    request = fake_openai.chat_requests[0]
    assert (request["model"], request["temperature"]) == ("local-llama", 0.7)


async def test_usage_chunks_without_choices_and_empty_deltas_are_handled(alice, agent, fake_openai):
    fake_openai.queue(Stream([Usage(1, 1), Text(""), Text("ok"), Usage(2, 2)]))
    events, _ = await ask(alice, "edge")
    assert streamed_text(events) == "ok"
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.prompt_tokens, saved.completion_tokens) == (3, 3)
