"""The openai backend gives the model the real domain tools: a tool call runs one and writes its row."""

from __future__ import annotations

import json

import jsonschema
import numpy_financial as npf
import pytest
from asgiref.sync import sync_to_async

from agents.models import Agent
from agents.tools.registry import all_tools
from files.models import Row
from tests.fake_openai import (
    ToolCall,
    ask,
    streamed_text,
    text_stream,
    tool_stream,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_tool_offered_to_a_model_has_a_valid_json_schema():
    tools = all_tools()
    assert tools, "no tools registered"
    for tool in tools.values():
        function = tool.openai_schema()["function"]
        jsonschema.Draft202012Validator.check_schema(function["parameters"])
        assert function["parameters"]["type"] == "object", tool.name
        assert function["description"].strip(), tool.name


async def test_a_models_forecast_call_runs_the_real_tool_and_writes_its_row(
    alice, default_agents, fake_openai
):
    arguments = {
        "qi": 800,
        "decline": 0.25,
        "decline_convention": "tangent_effective",
        "b": 0,
        "economic_limit": 10,
    }
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_f", "forecast_decline", json.dumps(arguments))),
        text_stream("Done: see the forecast row."),
    )

    events, conversation_id = await ask(
        alice, "forecast 800 bbl/d at 25%/yr", agent_name="Production Agent"
    )

    artifacts = [e for e in events if e["event_type"] == "artifact"]
    assert artifacts and artifacts[0]["type"] == "table"
    row = await Row.objects.aget(
        conversation__user=alice,
        conversation__conversation_id=conversation_id,
        rowid=artifacts[0]["rowid"],
    )
    assert row.file.name.endswith(".csv")
    assert any(e["event_type"] == "log" for e in events)
    # The tool reports its inputs, so the answer shows them before the model's words.
    text = streamed_text(events)
    assert text.startswith("**Inputs**") and text.endswith("Done: see the forecast row.")
    assert "- Initial rate: 800 bbl/d (stated)" in text
    assert "- Economic limit: 10 bbl/d (stated)" in text

    # What went back to the model is the tool's real result: exponential
    # decline to the limit, EUR in closed form (D nominal = -ln(1 - 0.25)/yr).
    import math

    tool_message = fake_openai.chat_requests[1]["messages"][-1]
    result = json.loads(tool_message["content"])
    d_nominal = -math.log(1 - 0.25)
    expected_eur = (800 - 10) / d_nominal * 365.25
    assert result["eur"] == pytest.approx(expected_eur, rel=0.01)


async def test_a_models_npv_call_answers_with_numpy_financials_figures(
    alice, default_agents, fake_openai
):
    flows = [-500, 200, 200, 200]
    fake_openai.queue(
        tool_stream(
            ToolCall(0, "call_n", "npv_irr", json.dumps({"cash_flows": flows, "rate": 0.08}))
        ),
        text_stream("NPV computed."),
    )

    await ask(alice, "NPV at 8% of -500, 200, 200, 200", agent_name="Production Agent")

    result = json.loads(fake_openai.chat_requests[1]["messages"][-1]["content"])
    assert result["npv"] == pytest.approx(npf.npv(0.08, flows), rel=1e-9)
    assert result["irr"] == pytest.approx(npf.irr(flows), rel=1e-9)


async def test_the_esg_agent_is_offered_only_its_own_tools(alice, default_agents, fake_openai):
    fake_openai.queue(text_stream("Hello."))
    await ask(alice, "hi", agent_name="ESG Agent")
    esg = await sync_to_async(Agent.objects.get)(label="ESG Agent")
    offered = [t["function"]["name"] for t in fake_openai.chat_requests[0]["tools"]]
    assert offered == esg.tools
