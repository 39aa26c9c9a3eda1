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
    (
        # The economic limit falls inside the forecast (month 84 at $15k a month):
        # the life is cut there and the P&A is spent six months later.
        "$65 oil, $2.75 gas, LOE $15,000/month, $6MM capex, P&A $300k 6 months after the "
        "economic limit - PV10?",
        Terms(
            oil=65.0,
            gas=2.75,
            fixed=15_000.0,
            capex=[(0, 6e6)],
            abandonment=300_000.0,
            abandonment_delay=6,
        ),
    ),
    (
        "no economic limit: run the whole forecast at $45 oil and $2 gas with $25,000/month opex",
        Terms(oil=45.0, gas=2.0, fixed=25_000.0, limit=False),
    ),
    (
        "after-tax NPV at a 21% tax rate, 7-year depreciation, 70% intangible, $70 oil, $3 "
        "gas, capex $6MM",
        Terms(oil=70.0, gas=3.0, capex=[(0, 6e6)], tax_rate=0.21, intangible=0.7),
    ),
    (
        "severance $0.10/mcf on gas and 4.6% on oil, ad valorem 2.5%, 12.5% royalty, $70 oil, "
        "$3 gas",
        Terms(
            oil=70.0,
            gas=3.0,
            royalty=0.125,
            sev_oil=0.046,
            sev_gas_per_mcf=0.10,
            ad_valorem=0.025,
        ),
    ),
]
WELL_SCALES = {"Hawkins 1H": 1.0, "Hawkins 2H": 0.8, "Ward 3": 0.5}


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


def _wells_forecast() -> bytes:
    lines = ["well,date,segment,oil_bbl,gas_mcf"]
    periods = pd.period_range("2027-01", periods=MONTHS, freq="M")
    for well, scale in WELL_SCALES.items():
        for period, o, g in zip(periods, OIL, GAS, strict=True):
            lines.append(
                f"{well},{period.start_time:%Y-%m-%d},forecast,{o * scale!r},{g * scale!r}"
            )
    return "\n".join(lines).encode()


@sync_to_async
def _upload(user, conversation_id, name: str = "forecast.csv", content: bytes | None = None):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
    row_add(
        conversation=conversation,
        type="userinput",
        description=f"User uploads file '{name}', saving location is in this row.",
        file_name=name,
        content=content if content is not None else _forecast(),
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
        if terms.abandonment or not terms.limit:
            # The economic life, from the month the operating cash flow first turns negative
            # (these two cases have no taxes, royalty or escalation).
            per_bbl = terms.oil + 1.8 * terms.gas
            negative = [m for m, o in enumerate(OIL, start=1) if o * per_bbl < terms.fixed]
            life = negative[0] - 1 if terms.limit and negative else MONTHS
            assert f"| economic life | {life} months |" in text, text
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


def _one_line_npv(text: str, well: str) -> float:
    """The NPV10 cell of ``well``'s row in the streamed one-line table."""
    header = next(ln for ln in text.splitlines() if ln.startswith("| well |"))
    column = [c.strip() for c in header.strip("|").split("|")].index("NPV10")
    row = next(ln for ln in text.splitlines() if ln.startswith(f"| {well} |"))
    cell = [c.strip() for c in row.strip("|").split("|")][column]
    m = re.fullmatch(r"(-?)\$([\d,]+)", cell)
    return float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)


async def test_one_line_per_well_over_the_socket_adds_up_to_the_wells(alice):
    conversation_id = uuid.uuid4()
    await _upload(alice, conversation_id, "wells_forecast.csv", _wells_forecast())
    events, _ = await ask(
        alice,
        "one line per well w/ totals: $70 oil, $3 gas, 20% royalty, LOE $6,000/month, $4MM "
        "capex per well, P&A $100k",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )
    text = streamed_text(events)
    terms = Terms(
        oil=70.0,
        gas=3.0,
        royalty=0.2,
        fixed=6000.0,
        capex=[(0, 4e6)],
        abandonment=100_000.0,
    )
    expected = {}
    for well, scale in WELL_SCALES.items():
        oil = [o * scale for o in OIL]
        expected[well] = npv(terms, monthly(terms, oil, [g * scale for g in GAS], START))
        assert _one_line_npv(text, well) == pytest.approx(expected[well], abs=1.0), text
    total = sum(expected.values())
    assert _one_line_npv(text, "Total") == pytest.approx(total, abs=1.0)
    assert _money_on(text, "NPV at") == pytest.approx(total, abs=1.0)
    # The total line is the sum of the lines as streamed (rounded to the dollar each).
    streamed = sum(_one_line_npv(text, well) for well in WELL_SCALES)
    assert abs(_one_line_npv(text, "Total") - streamed) <= len(WELL_SCALES)
    assert text.startswith("**Inputs**")


async def test_an_uploaded_price_deck_named_over_the_socket_prices_the_forecast(alice):
    conversation_id = uuid.uuid4()
    await _upload(alice, conversation_id)
    deck = b"Year,WTI ($/bbl),Henry Hub ($/MMBtu)\n2027,72,3.40\n2028,70,3.60\n2029,68,3.75\n"
    await _upload(alice, conversation_id, "price_deck.csv", deck)
    events, _ = await ask(
        alice,
        "PV10 of the forecast with the price deck I uploaded, 12.5% royalty, $6MM D&C",
        conversation_id=conversation_id,
        agent_name="Production Agent",
    )
    text = streamed_text(events)
    terms = Terms(
        oil=[(2027, 72.0), (2028, 70.0), (2029, 68.0)],
        gas=[(2027, 3.4), (2028, 3.6), (2029, 3.75)],
        gas_per_mmbtu=True,  # the header says $/MMBtu: 1.026 MMBtu/Mcf by default
        royalty=0.125,
        capex=[(0, 6e6)],
    )
    expected = npv(terms, monthly(terms, OIL, GAS, START))
    assert _money_on(text, "NPV at") == pytest.approx(expected, abs=1.0), text
    assert "'price_deck.csv'" in text and "column 'WTI ($/bbl)'" in text
