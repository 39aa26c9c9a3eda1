"""The openai backend (fake model at the wire) over the WebSocket: the model's SQL runs on
the conversation's tables, its result becomes a row it can chart, hostile SQL is refused."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async

from files.models import Row
from tests.data_exports import PRODUCTION, as_file, sample_production, well_headers
from tests.factories import tool_context, upload_row
from tests.fake_openai import ToolCall, ask, streamed_text, text_stream, tool_stream

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def _conversation(user, *, headers: bool = False):
    ctx = tool_context(user)
    upload_row(ctx, "production_monthly.csv", PRODUCTION.read_bytes())
    if headers:
        upload_row(ctx, "well_headers.csv", as_file(well_headers(), "well_headers.csv"))
    return ctx.conversation.conversation_id


def _tool_result(fake, request: int) -> dict:
    return json.loads(fake.chat_requests[request]["messages"][-1]["content"])


def _call(call_id: str, name: str, **arguments) -> ToolCall:
    return ToolCall(0, call_id, name, json.dumps(arguments))


async def test_the_models_sql_answers_from_the_table_and_its_result_is_charted(
    alice, default_agents, fake_openai
):
    conversation_id = await _conversation(alice)
    sql = (
        "SELECT well_name, SUM(oil_bbl) AS cum_oil FROM production_monthly "
        "GROUP BY well_name ORDER BY cum_oil DESC LIMIT 1"
    )
    fake_openai.queue(
        tool_stream(_call("call_d", "describe_table", rowid=1)),
        tool_stream(_call("call_q", "query_table", sql=sql, title="top well by oil")),
        tool_stream(_call("call_c", "chart_row", rowid=2, kind="bar")),
        text_stream("Hawkins 1H has the most oil."),
    )

    events, _ = await ask(
        alice,
        "which well has the highest cumulative oil?",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )

    described = _tool_result(fake_openai, 1)
    assert described["sql_table"] == "production_monthly"
    assert {c["name"]: c["sql_type"] for c in described["columns"]}["date"] == "DATE"
    result = _tool_result(fake_openai, 2)
    totals = sample_production().groupby("well_name")["oil_bbl"].sum()
    assert result["rows"] == [[totals.idxmax(), int(totals.max())]]
    assert result["result_rowid"] == 2
    artifacts = [e for e in events if e["event_type"] == "artifact"]
    assert [(a["rowid"], a["type"]) for a in artifacts] == [(2, "table"), (3, "chart")]
    chart = await Row.objects.aget(conversation__conversation_id=conversation_id, rowid=3)
    assert chart.data["source_rowid"] == 2
    text = streamed_text(events)
    # The analyst sees which table was read and the SQL that ran, before the model's words.
    assert "- Table production_monthly: 200 rows (from the file: 'production_monthly.csv'" in text
    assert f"- Query (SQL): {sql} (stated)" in text
    assert text.endswith("Hawkins 1H has the most oil.")


async def test_the_model_joins_production_to_well_headers(alice, default_agents, fake_openai):
    conversation_id = await _conversation(alice, headers=True)
    sql = (
        'SELECT h."Operator", SUM(p.gas_mcf) AS gas FROM production_monthly p '
        'JOIN well_headers h ON api10(p.api) = api10(h."API Number") GROUP BY 1 ORDER BY 1'
    )
    fake_openai.queue(
        tool_stream(_call("call_q", "query_table", sql=sql)),
        text_stream("Gas by operator."),
    )
    await ask(
        alice,
        "total gas by operator",
        conversation_id=conversation_id,
        agent_name="ESG Agent",
    )
    merged = sample_production().merge(well_headers(), left_on="api", right_on="API Number")
    expected = merged.groupby("Operator")["gas_mcf"].sum()
    assert _tool_result(fake_openai, 1)["rows"] == [[k, int(v)] for k, v in expected.items()]


async def test_hostile_sql_from_the_model_is_refused_and_the_answer_goes_on(
    alice, default_agents, fake_openai
):
    conversation_id = await _conversation(alice)
    fake_openai.queue(
        tool_stream(_call("call_1", "query_table", sql="DELETE FROM production_monthly")),
        tool_stream(_call("call_2", "query_table", sql="SELECT * FROM read_csv('/etc/passwd')")),
        tool_stream(_call("call_3", "query_table", sql="SELECT count(*) AS n FROM row_1")),
        text_stream("Still 200 rows."),
    )
    events, _ = await ask(
        alice, "clean up my table", conversation_id=conversation_id, agent_name="Production Agent"
    )
    assert "SELECT" in _tool_result(fake_openai, 1)["error"]
    assert "read_csv" in _tool_result(fake_openai, 2)["error"]
    assert "root:" not in json.dumps(fake_openai.chat_requests[2])
    assert _tool_result(fake_openai, 3)["rows"] == [[200]]
    assert streamed_text(events).endswith("Still 200 rows.")
    assert events[-1]["event_type"] == "done"
