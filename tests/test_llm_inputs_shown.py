"""The openai backend (fake model at the wire): tool results carry their inputs, and the
streamed answer shows them in a block before the model's words."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async

from tests.factories import tool_context, upload_row
from tests.fake_openai import ToolCall, ask, streamed_text, text_stream, tool_stream

pytestmark = pytest.mark.django_db(transaction=True)

CSV = b"date,well,oil_bbl\n2024-01-01,A-1,900\n2024-02-01,A-1,850\n2024-03-01,A-1,800\n"


@sync_to_async
def _conversation_with_upload(user):
    ctx = tool_context(user)
    row = upload_row(ctx, "wells.csv", CSV)
    return ctx.conversation.conversation_id, row.rowid


async def test_the_answer_opens_with_the_inputs_the_tools_reported(
    alice, default_agents, fake_openai
):
    conversation_id, rowid = await _conversation_with_upload(alice)
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_p", "preview_table", json.dumps({"rowid": rowid}))),
        text_stream("The file ", "has three months."),
    )

    events, _ = await ask(
        alice, "show me my file", conversation_id=conversation_id, agent_name="Production Agent"
    )

    # The model saw the inputs in the tool result.
    result = json.loads(fake_openai.chat_requests[1]["messages"][-1]["content"])
    assert {i["name"]: i["source"] for i in result["inputs"]} == {"n": "default", "rowid": "stated"}
    # The analyst sees them first, then the model's words, in one deterministic stream.
    assert streamed_text(events) == (
        "**Inputs**\n"
        "- Rows to show: 10 (default)\n"
        f"- Table: {rowid} (stated: 'wells.csv')\n"
        "\n"
        "**Assumptions**\n"
        "- Rows to show: 10 (no number of rows was asked).\n"
        "\n"
        "The file has three months."
    )


async def test_inputs_of_several_rounds_are_shown_once_before_the_words_that_follow(
    alice, default_agents, fake_openai
):
    conversation_id, rowid = await _conversation_with_upload(alice)
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_d", "describe_table", json.dumps({"rowid": rowid}))),
        tool_stream(ToolCall(0, "call_p", "preview_table", json.dumps({"rowid": rowid, "n": 2}))),
        text_stream("Two rows shown."),
    )

    events, _ = await ask(
        alice,
        "describe and preview",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )

    text = streamed_text(events)
    assert text.endswith("\n\nTwo rows shown.")
    block = text.removesuffix("\n\nTwo rows shown.")
    assert block.count("**Inputs**") == 1
    assert "- Rows to show: 2 (stated)" in block
    assert block.count(f"- Table: {rowid} (stated: 'wells.csv')") == 1  # both tools, shown once
    assert "**Conventions**\n- Units are guessed from the column names" in block


async def test_a_tool_that_reports_no_inputs_adds_no_block(alice, default_agents, fake_openai):
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_x", "no_such_tool", "{}")),
        text_stream("Sorry."),
    )
    events, _ = await ask(alice, "do something", agent_name="Production Agent")
    assert streamed_text(events) == "Sorry."


async def test_inputs_are_shown_even_when_the_model_ends_without_words(
    alice, default_agents, fake_openai
):
    conversation_id, rowid = await _conversation_with_upload(alice)
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_p", "preview_table", json.dumps({"rowid": rowid}))),
        text_stream(),
    )
    events, _ = await ask(
        alice, "preview", conversation_id=conversation_id, agent_name="Production Agent"
    )
    assert streamed_text(events).startswith("**Inputs**\n- Rows to show: 10 (default)")
