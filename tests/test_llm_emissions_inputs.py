"""The openai backend (fake model at the wire) calling the emissions tools: the results
carry their inputs, defaults and factor citations, and the streamed answer shows them."""

from __future__ import annotations

import json

import pytest

from tests.fake_openai import ToolCall, ask, streamed_text, text_stream, tool_stream

pytestmark = pytest.mark.django_db(transaction=True)


async def test_an_inventory_call_reports_its_inputs_citations_and_ogmp_level(
    alice, default_agents, fake_openai
):
    arguments = {
        "activities": [{"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent"}],
        "gwp": "AR6",
    }
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_e", "emissions_inventory", json.dumps(arguments))),
        text_stream("Forty controllers emit ", "about 2,170 tCO2e."),
    )
    events, _ = await ask(
        alice, "we have 40 intermittent-bleed controllers, AR6", agent_name="ESG Agent"
    )

    result = json.loads(fake_openai.chat_requests[1]["messages"][-1]["content"])
    # 40 x 13.5 scf/h (Table W-1A) x 8,760 h x 0.80 CH4 x 0.0192 kg/scf (98.233(v)).
    ch4_t = 40 * 13.5 * 8760 * 0.80 * 0.0192 / 1000
    assert result["ch4_t"] == pytest.approx(ch4_t, rel=1e-9)
    sources = {i["name"]: i["source"] for i in result["inputs"]}
    assert sources["gwp"] == "stated" and sources["activity_1_count"] == "stated"
    assert sources["activity_1_hours"] == "default" and sources["gas_composition"] == "default"
    assert any("Table W-1A" in f["table"] and f["value"] == 13.5 for f in result["factors"])
    assert "OGMP 2.0 level 3" in result["calculations"][0]["ogmp"]

    text = streamed_text(events)
    assert text.startswith("**Inputs**\n- GWP set: AR6 (stated")
    assert "hours in service: 8,760 h (default)" in text
    assert "IPCC AR6 GWP-100 (CH4 29.8, N2O 273; IPCC AR6 WG1, Chapter 7, Table 7.15)" in text
    assert "81 FR 86490" in text
    assert text.endswith("Forty controllers emit about 2,170 tCO2e.")
