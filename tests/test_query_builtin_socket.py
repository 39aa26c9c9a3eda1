"""The builtin agent answers data questions over the WebSocket: the figure pandas gets, the
result and chart rows announced as artifacts, the SQL in a block the pages keep
collapsible, and the answer saved as streamed."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from agents.builtin import domain  # noqa: F401 (loaded as a server loads it)
from chat.models import Message
from chat.templatetags.chat_markdown import render_markdown
from files.models import Row
from tests.data_exports import PRODUCTION, as_file, sample_production, well_headers
from tests.factories import tool_context, upload_row
from tests.fake_openai import ask, streamed_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_fast")]


@pytest.fixture(autouse=True, scope="module")
def _preloaded():
    """What a server imports at start (project/asgi.py), so no answer waits on imports."""
    from agents.runner import preload

    preload()


@sync_to_async
def _conversation(user):
    ctx = tool_context(user)
    upload_row(ctx, "production_monthly.csv", PRODUCTION.read_bytes())
    upload_row(ctx, "well_headers.csv", as_file(well_headers(), "well_headers.csv"))
    return ctx.conversation.conversation_id


async def test_the_top_well_by_cumulative_oil_is_answered_with_its_sql(alice, default_agents):
    conversation_id = await _conversation(alice)
    events, _ = await ask(
        alice,
        "Which well has the highest cumulative oil?",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )
    totals = sample_production().groupby("well_name")["oil_bbl"].sum()
    text = streamed_text(events)
    assert (
        f"**{totals.idxmax()}** is the well with the highest total oil: "
        f"**{int(totals.max()):,} bbl**"
    ) in text
    assert "<details><summary>SQL that ran (DuckDB, read-only)</summary>" in text
    assert "GROUP BY ALL" in text and "LIMIT 1" in text
    (artifact,) = [e for e in events if e["event_type"] == "artifact"]
    assert artifact["type"] == "table" and artifact["rowid"] == 3
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert saved.content == text
    # The page's sanitiser keeps the block collapsible, with the SQL as code.
    html = render_markdown(text)
    assert "<details><summary>SQL that ran (DuckDB, read-only)</summary>" in html
    assert '<code class="language-sql">WITH monthly AS (' in html


async def test_a_chart_of_two_wells_is_drawn_from_the_query_result(alice, default_agents):
    conversation_id = await _conversation(alice)
    events, _ = await ask(
        alice,
        "plot oil for Hawkins 1H and 2H",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )
    artifacts = [(e["rowid"], e["type"]) for e in events if e["event_type"] == "artifact"]
    assert artifacts == [(3, "table"), (4, "chart")]
    chart = await Row.objects.aget(conversation__conversation_id=conversation_id, rowid=4)
    assert chart.data == {"source_rowid": 3, "kind": "line"}
    text = streamed_text(events)
    assert "Series: `Hawkins 1H oil (bbl)`, `Hawkins 2H oil (bbl)`." in text
    assert 'Wells: Hawkins 1H, Hawkins 2H (stated: you wrote "Hawkins 1H and 2H")' in text
    assert "Not used" not in text  # the "1" and "2" of the names are bound


async def test_the_esg_agent_joins_production_to_headers_over_the_socket(alice, default_agents):
    conversation_id = await _conversation(alice)
    events, _ = await ask(
        alice,
        "total water by operator",
        conversation_id=conversation_id,
        agent_name="ESG Agent",
    )
    merged = sample_production().merge(well_headers(), left_on="api", right_on="API Number")
    expected = merged.groupby("Operator")["water_bbl"].sum().sort_values(ascending=False)
    text = streamed_text(events)
    for operator, water in expected.items():
        assert f"| {operator} | {int(water):,} |" in text
    assert "left join by API number" in text
    assert 'LEFT JOIN well_headers AS h\n    ON api10(p.api) = api10(h."API Number")' in text
