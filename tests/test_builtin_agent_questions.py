"""Over the WebSocket, the builtin agents answer plain-language questions with the right figures.

The socket is ``project.asgi.application`` (the served stack); figures are compared to
numpy-financial, hand calculations and the tools' own pure functions.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import uuid
from pathlib import Path
from urllib.parse import urlencode

import numpy_financial as npf
import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from accounts.tokens import mint_access_token
from chat.services import conversation_get_or_create
from files.services import row_add

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _builtin_and_default_agents(settings, transactional_db):
    settings.LLM_BACKEND = "builtin"
    settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS = 0
    from django.apps import apps

    # A transactional test flushes the migration's agents; make them again.
    importlib.import_module("agents.migrations.0002_default_agents").create_default_agents(
        apps, None
    )


async def _ask(user, conversation_id, agent_name: str, question: str) -> tuple[str, list[dict]]:
    from project.asgi import application

    query = urlencode(
        {
            "token": mint_access_token(user),
            "conversationID": conversation_id,
            "agentName": agent_name,
        }
    )
    communicator = WebsocketCommunicator(application, f"/async_chat?{query}")
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    await communicator.send_to(text_data=question)
    events = []
    try:
        while True:
            output = await communicator.receive_output(timeout=20)
            assert output["type"] == "websocket.send", output
            event = json.loads(output["text"])
            events.append(event)
            if event["event_type"] == "done":
                break
    finally:
        await communicator.disconnect()
    text = "".join(e["content"] for e in events if e["event_type"] == "on_chat_model_stream")
    return text, events


def _cell(text: str, label: str) -> str:
    return next(ln for ln in text.splitlines() if ln.startswith(f"| {label}")).split("|")[2]


def _money(cell: str) -> float:
    m = re.search(r"(-?)\$([\d,]+(?:\.\d+)?)", cell)
    return float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)


def _number(cell: str) -> float:
    return float(re.search(r"-?[\d,]+(?:\.\d+)?", cell).group(0).replace(",", ""))


async def test_inline_npv_and_irr_over_the_socket(alice):
    text, events = await _ask(
        alice, uuid.uuid4(), "Production Agent", "NPV at 8% of -500, 200, 200, 200"
    )
    flows = [-500, 200, 200, 200]
    assert _money(_cell(text, "NPV at 8%")) == pytest.approx(npf.npv(0.08, flows), abs=0.01)
    assert _number(_cell(text, "IRR")) / 100 == pytest.approx(npf.irr(flows), abs=1e-4)
    assert events[-1]["message_id"] is not None


async def test_inline_decline_forecast_over_the_socket_announces_its_row(alice):
    text, events = await _ask(
        alice,
        uuid.uuid4(),
        "Production Agent",
        "a well at 800 bbl/d declining 25% a year, economic limit 5 bbl/d",
    )
    assert _number(_cell(text, "rate after 1 year")) == pytest.approx(600.0, abs=0.1)
    # Exponential to the limit, by hand: (qi - q_lim) / D nominal, in days.
    nominal = -math.log(0.75)
    assert _number(_cell(text, "EUR")) == pytest.approx((800 - 5) / nominal * 365.25, rel=0.005)
    artifacts = [e for e in events if e["event_type"] == "artifact"]
    assert artifacts and f"saved as row {artifacts[0]['rowid']}" in text
    assert any(e["event_type"] == "log" for e in events)


async def test_file_questions_over_the_socket_fit_then_value_the_forecast(alice):
    conversation_id = uuid.uuid4()
    lines = ["date,oil_bbl_d"] + [
        f"{2022 + m // 12}-{m % 12 + 1:02d}-01,{700 * math.exp(-0.35 * m / 12):.4f}"
        for m in range(24)
    ]

    @sync_to_async
    def upload() -> None:
        conversation, _ = conversation_get_or_create(user=alice, conversation_id=conversation_id)
        row_add(
            conversation=conversation,
            type="userinput",
            description="User uploads file 'well.csv', saving location is in this row.",
            file_name="well.csv",
            content=("\n".join(lines) + "\n").encode(),
        )

    await upload()
    fit, _ = await _ask(
        alice, conversation_id, "Production Agent", "fit a decline to the oil in my file"
    )
    nominal = float(re.search(r"\| ([\d.]+)/yr \|", fit).group(1))
    assert nominal == pytest.approx(0.35, abs=0.02)
    economics, events = await _ask(
        alice, conversation_id, "Production Agent", "run economics on the forecast with $70 oil"
    )
    assert "forecast in row 2" in economics
    assert _money(_cell(economics, "NPV at 10%")) > 0
    assert any(e["event_type"] == "artifact" and e["type"] == "table" for e in events)


async def test_the_esg_agent_computes_carbon_intensity_of_the_sample_file(alice):
    sample = Path(settings.BASE_DIR) / "samples" / "emissions_activity.csv"
    if not sample.exists():
        pytest.skip("the sample activity file is not there")
    conversation_id = uuid.uuid4()

    @sync_to_async
    def upload() -> None:
        conversation, _ = conversation_get_or_create(user=alice, conversation_id=conversation_id)
        row_add(
            conversation=conversation,
            type="userinput",
            description=f"User uploads file '{sample.name}', saving location is in this row.",
            file_name=sample.name,
            content=sample.read_bytes(),
        )

    await upload()
    text, _ = await _ask(alice, conversation_id, "ESG Agent", "what's our carbon intensity?")
    from files.models import Row

    inventory = await Row.objects.aget(
        conversation__conversation_id=conversation_id, description__startswith="Emissions inventory"
    )
    expected = inventory.data["total_tco2e"] * 1000 / inventory.data["production_boe"]
    found = float(re.search(r"\*\*([\d.]+) kg CO2e/BOE\*\*", text).group(1))
    assert found == pytest.approx(expected, abs=0.01)


async def test_the_production_agent_points_emissions_questions_to_the_esg_agent(alice):
    text, _ = await _ask(
        alice,
        uuid.uuid4(),
        "Production Agent",
        "we flared 12,000 mcf and burned 30,000 gallons of diesel last year, what are our emissions?",
    )
    assert "ESG Agent" in text


async def _upload_rows(user, conversation_id, files: list[tuple[str, bytes]]) -> None:
    @sync_to_async
    def upload() -> None:
        conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
        for name, content in files:
            row_add(
                conversation=conversation,
                type="userinput",
                description=f"User uploads file '{name}', saving location is in this row.",
                file_name=name,
                content=content,
            )

    await upload()


_COSTS = b"item,value,unit\nloe,8,usd/bbl\ncapex,6000000,usd\n"
_PRODUCTION = (
    "date,oil_bbl_d\n"
    + "".join(
        f"{2022 + m // 12}-{m % 12 + 1:02d}-01,{500 * math.exp(-0.3 * m / 12):.3f}\n"
        for m in range(12)
    )
).encode()


async def test_the_title_names_the_file_of_the_row_the_question_is_about(alice):
    conversation_id = uuid.uuid4()
    await _upload_rows(
        alice,
        conversation_id,
        [
            ("costs.csv", _COSTS),
            ("notes.csv", b"a,b\n1,2\n"),
            ("production_monthly.csv", _PRODUCTION),
        ],
    )
    text, events = await _ask(alice, conversation_id, "Production Agent", "Describe row 3")
    title = next(e["content"] for e in events if e["event_type"] == "title")
    assert "production_monthly.csv" in title and "costs.csv" not in title
    assert "Row 3" in text and "12 rows" in text


async def test_without_a_row_the_title_names_the_newest_upload(alice):
    conversation_id = uuid.uuid4()
    await _upload_rows(
        alice, conversation_id, [("costs.csv", _COSTS), ("production_monthly.csv", _PRODUCTION)]
    )
    _text, events = await _ask(alice, conversation_id, "Production Agent", "describe my upload")
    title = next(e["content"] for e in events if e["event_type"] == "title")
    assert title.endswith("(production_monthly.csv)")


async def test_the_title_names_the_file_the_answer_read_not_a_newer_upload(alice):
    conversation_id = uuid.uuid4()
    await _upload_rows(
        alice,
        conversation_id,
        [("production_monthly.csv", _PRODUCTION), ("notes.csv", b"a,b\n1,2\n")],
    )
    _text, events = await _ask(
        alice, conversation_id, "Production Agent", "fit a decline to the oil"
    )
    title = next(e["content"] for e in events if e["event_type"] == "title")
    assert title.endswith("(production_monthly.csv)")


async def test_time_to_an_economic_limit_over_the_socket(alice):
    text, _ = await _ask(
        alice,
        uuid.uuid4(),
        "Production Agent",
        "exponential decline from 1200 bbl/d at 30% per year, when does it hit 20 bbl/d and "
        "what's the cumulative by then?",
    )
    d = -math.log(0.70)
    years = float(re.search(r"after \*\*([\d.]+) years\*\*", text).group(1))
    assert years == pytest.approx(math.log(1200 / 20) / d, abs=0.005)
    assert _number(_cell(text, "EUR (to 20.0 bbl/d)")) == pytest.approx(
        (1200 - 20) / d * 365.25, abs=0.5
    )


async def test_npv10_of_a_capex_then_list_and_a_follow_up_over_the_socket(alice):
    conversation_id = uuid.uuid4()
    flows = [-2.5e6, 8e5, 7e5, 6e5, 5e5]
    text, _ = await _ask(
        alice,
        conversation_id,
        "Production Agent",
        "NPV10 of -2.5MM capex then 800k, 700k, 600k, 500k per year",
    )
    assert _money(_cell(text, "NPV at 10%")) == pytest.approx(npf.npv(0.10, flows), abs=0.01)
    again, _ = await _ask(alice, conversation_id, "Production Agent", "and at 15%?")
    assert _money(_cell(again, "NPV at 15%")) == pytest.approx(npf.npv(0.15, flows), abs=0.01)
