"""Economics asked in plain words over the WebSocket: the served stack streams the same
figures as the month-by-month reference of the corpus."""

from __future__ import annotations

import importlib
import re
import uuid

import pandas as pd
import pytest
from asgiref.sync import sync_to_async

from chat.services import conversation_get_or_create
from files.services import row_add
from tests.corpus.economics_reference import GAS, MONTHS, OIL, START, Terms, monthly, npv
from tests.corpus.economics_reference import breakeven as hand_breakeven
from tests.fake_openai import ask, streamed_text

pytestmark = pytest.mark.django_db(transaction=True)

DECK = [(2027, 75.0), (2028, 70.0), (2029, 65.0)]
QUESTIONS = [
    (
        "run economics on the forecast with $75 in 2027, $70 in 2028, $65 after and $3 gas",
        Terms(oil=DECK, gas=3.0),
    ),
    (
        "WI 100%, NRI 80% reverting to 75% after payout, $70 oil, $3 gas, capex $6MM",
        Terms(oil=70.0, gas=3.0, nri=0.8, apo_nri=0.75, capex=[(0, 6e6)]),
    ),
    (
        "severance 4.6% oil and 7.5% gas, ad valorem 2%, escalate opex 2%/yr, LOE $9,500 a "
        "month, $70 oil, $3 gas, PV10",
        Terms(
            oil=70.0,
            gas=3.0,
            sev_oil=0.046,
            sev_gas=0.075,
            ad_valorem=0.02,
            fixed=9500.0,
            opex_escalation=0.02,
        ),
    ),
    (
        "quarterly cash flows with mid-period discounting at 12%, $70 oil, $3 gas, $6MM D&C",
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], rate=0.12, timing="mid", period_months=3),
    ),
]


@pytest.fixture(autouse=True)
def _builtin_and_default_agents(settings, transactional_db):
    settings.LLM_BACKEND = "builtin"
    settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS = 0
    from django.apps import apps

    importlib.import_module("agents.migrations.0002_default_agents").create_default_agents(
        apps, None
    )


def _forecast() -> bytes:
    lines = ["date,segment,oil_bbl,gas_mcf"]
    for period, o, g in zip(
        pd.period_range("2027-01", periods=MONTHS, freq="M"), OIL, GAS, strict=True
    ):
        lines.append(f"{period.start_time:%Y-%m-%d},forecast,{o!r},{g!r}")
    return "\n".join(lines).encode()


@sync_to_async
def _upload(user, conversation_id) -> None:
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'forecast.csv', saving location is in this row.",
        file_name="forecast.csv",
        content=_forecast(),
    )


def _money_on(text: str, label: str) -> float:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    m = re.search(r"(-?)\$([\d,]+(?:\.\d+)?)", line)
    return float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)


async def test_economics_in_plain_words_over_the_socket_give_the_reference_figures(alice):
    conversation_id = uuid.uuid4()
    await _upload(alice, conversation_id)
    for question, terms in QUESTIONS:
        events, _ = await ask(
            alice, question, conversation_id=conversation_id, agent_name="Production Agent"
        )
        text = streamed_text(events)
        expected = npv(terms, monthly(terms, OIL, GAS, START))
        assert _money_on(text, "NPV at") == pytest.approx(expected, abs=1.0), (question, text)
        assert text.startswith("**Inputs**")
        assert any(e["event_type"] == "artifact" and e["type"] == "table" for e in events)


async def test_a_break_even_asked_over_the_socket_needs_no_price(alice):
    conversation_id = uuid.uuid4()
    await _upload(alice, conversation_id)
    events, _ = await ask(
        alice,
        "what oil price breaks even on the forecast with $3 gas and $6MM capex?",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )
    text = streamed_text(events)
    terms = Terms(gas=3.0, capex=[(0, 6e6)])
    expected = hand_breakeven(terms, "oil", OIL, GAS, START)
    assert f"${expected:,.2f}/bbl" in text, text
    assert "No oil price was needed" in text
