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


# --- every domain tool, at the wire ----------------------------------------------------
#
# Each tool the agents offer a model is called by the fake model with the arguments an
# analyst's question would give; the result the model sees must carry its inputs (value,
# unit, source), every default's assumption and the conventions, and the analyst must see
# them all before the model's words. A figure of each family is checked by hand.

PRODUCTION_CSV = "production_monthly.csv"


def _npv_by_hand(result: dict) -> None:
    # -1000 now, then 300, 400, 500 at the end of years 1-3, at 10%.
    expected = -1000 + 300 / 1.1 + 400 / 1.1**2 + 500 / 1.1**3
    assert result["npv"] == pytest.approx(expected, rel=1e-9)


def _economics_by_hand(result: dict) -> None:
    # 3,000 bbl a month at $70, no costs: $210,000 at the end of each of 12 months,
    # discounted at 10% a year compounded annually (month m at 1.1 ** (m / 12)).
    expected = sum(3000 * 70 / 1.1 ** (m / 12) for m in range(1, 13))
    assert result["npv"] == pytest.approx(expected, rel=1e-9)


def _carbon_by_hand(result: dict) -> None:
    # 1,000 tCO2e a year at $50/t off years 1 and 2 of -5,000, 3,000, 3,000, at 10%.
    expected = -5000 + (3000 - 50_000) / 1.1 + (3000 - 50_000) / 1.1**2
    assert result["npv_after"] == pytest.approx(expected, rel=1e-9)


def _query_by_hand(result: dict) -> None:
    from tests.data_exports import sample_production

    frame = sample_production()
    expected = frame.groupby("well_name")["oil_bbl"].sum().sort_index()
    assert [tuple(r) for r in result["rows"]] == [(w, int(v)) for w, v in expected.items()]


def _flare_by_hand(result: dict) -> None:
    # 1,000 mcf flared at 98%: CH4 = scf x (1 - 0.98) x 0.80 x 0.0192 kg/scf.
    assert result["ch4_t"] == pytest.approx(1e6 * 0.02 * 0.80 * 0.0192 / 1000, rel=1e-9)


FAMILIES = {
    # tool: (arguments, given the rowids of the upload and of an inventory; hand check)
    "describe_table": (lambda r: {"rowid": r["upload"]}, None),
    "preview_table": (lambda r: {"rowid": r["upload"], "n": 3}, None),
    "query_table": (
        lambda r: {
            "sql": "SELECT well_name, SUM(oil_bbl) AS oil FROM production_monthly "
            "GROUP BY well_name ORDER BY well_name"
        },
        _query_by_hand,
    ),
    "chart_row": (lambda r: {"rowid": r["upload"], "kind": "line"}, None),
    "fit_decline": (lambda r: {"rowid": r["upload"], "well": "Hawkins 1H"}, None),
    "forecast_decline": (
        lambda r: {"qi": 800, "decline": 0.3, "decline_convention": "nominal", "b": 0},
        None,
    ),
    "npv_irr": (lambda r: {"cash_flows": [-1000, 300, 400, 500], "rate": 0.1}, _npv_by_hand),
    "cash_flow_economics": (
        lambda r: {"oil_volumes": [3000.0] * 12, "oil_price": 70, "discount_rate": 0.1},
        _economics_by_hand,
    ),
    "emissions_inventory": (
        lambda r: {"activities": [{"kind": "flaring", "quantity": 1000, "unit": "mcf"}]},
        _flare_by_hand,
    ),
    "emissions_report": (lambda r: {"inventory_rowid": r["inventory"]}, None),
    "carbon_price_impact": (
        lambda r: {
            "carbon_price": 50,
            "annual_emissions_tco2e": 1000,
            "cash_flows": [-5000, 3000, 3000],
            "period": "annual",
        },
        _carbon_by_hand,
    ),
}


def test_every_tool_the_agents_offer_is_checked_at_the_wire():
    from agents.tools.registry import all_tools

    assert set(all_tools()) == set(FAMILIES)


@sync_to_async
def _conversation_for_tools(user):
    from agents.builtin.work import run_tool_call
    from tests.data_exports import PRODUCTION

    ctx = tool_context(user)
    upload = upload_row(ctx, PRODUCTION_CSV, PRODUCTION.read_bytes())
    inventory = run_tool_call(
        ctx,
        "emissions_inventory",
        {"activities": [{"kind": "venting", "quantity": 500, "unit": "mcf"}]},
    )
    rowids = {"upload": upload.rowid, "inventory": inventory["inventory_rowid"]}
    return ctx.conversation.conversation_id, rowids


@sync_to_async
def _agent_with(tool: str) -> str:
    from agents.models import Agent

    agents = Agent.objects.filter(is_active=True).order_by("position", "id")
    return next(a.label for a in agents if tool in (a.tools or []))


@pytest.mark.parametrize("tool", sorted(FAMILIES))
async def test_each_tools_result_carries_its_inputs_and_the_answer_shows_them_first(
    tool, alice, default_agents, fake_openai
):
    from agents.tools.inputs import SOURCES

    conversation_id, rowids = await _conversation_for_tools(alice)
    build, by_hand = FAMILIES[tool]
    arguments = build(rowids)
    words = f"Here is what {tool} found."
    fake_openai.queue(
        tool_stream(ToolCall(0, "call_t", tool, json.dumps(arguments))),
        text_stream(words),
    )

    events, _ = await ask(
        alice,
        f"please run {tool}",
        conversation_id=conversation_id,
        agent_name=await _agent_with(tool),
    )

    # The model saw the tool's real result, with its inputs, assumptions and conventions.
    result = json.loads(fake_openai.chat_requests[1]["messages"][-1]["content"])
    assert "error" not in result, result
    inputs = result["inputs"]
    assert inputs, result
    for item in inputs:
        assert item["name"] and item["label"] and item["source"] in SOURCES, item
    reported = {i["name"]: i for i in inputs}
    for name in set(arguments) & set(reported):
        assert reported[name]["source"] == "stated", reported[name]
    defaults = [i for i in inputs if i["source"] == "default"]
    if defaults:  # a default applied is said in words too
        assert result["assumptions"], defaults
    if by_hand is not None:
        by_hand(result)

    # The analyst sees every input, assumption and convention, then the model's words.
    text = streamed_text(events)
    assert text.startswith("**Inputs**\n"), text
    assert text.endswith(f"\n\n{words}"), text
    block = text.removesuffix(f"\n\n{words}")
    for item in inputs:
        assert f"- {item['label']}: " in block, (item, block)
    for sentence in result["assumptions"]:
        assert sentence in block, (sentence, block)
    for sentence in result.get("conventions") or []:
        assert sentence in block, (sentence, block)
    if defaults:
        assert "**Assumptions**" in block
