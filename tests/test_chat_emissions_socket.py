"""Emissions asked in plain words over /async_chat: the figures by hand, the citations shown."""

from __future__ import annotations

import uuid

import pytest

from accounts.tokens import mint_access_token
from chat.models import Message
from files.models import Row
from tests.fake_openai import events_until, open_socket, socket_path, streamed_text

RHO_CH4, RHO_CO2 = 0.0192, 0.0526  # 40 CFR 98.233(v)
KG_PER_LB = 0.45359237


async def ask(user, question: str, conversation_id: uuid.UUID) -> tuple[list[dict], str]:
    communicator = await open_socket(
        socket_path(mint_access_token(user), conversationID=conversation_id, agentName="ESG Agent")
    )
    await communicator.send_to(text_data=question)
    events = await events_until(communicator, "done")
    await communicator.disconnect()
    return events, streamed_text(events)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast", "default_agents")
async def test_the_acceptance_questions_over_the_socket_give_the_figures_and_their_citations(alice):
    conversation = uuid.uuid4()
    # "we have 40 intermittent-bleed controllers": Eq. W-1 with Table W-1A's 13.5 scf/h.
    events, text = await ask(alice, "we have 40 intermittent-bleed controllers", conversation)
    scf = 40 * 13.5 * 8760
    ch4 = scf * 0.80 * RHO_CH4 / 1000  # Derrick's default gas: 0.80 CH4 (named in the answer)
    co2e_ar5 = (scf * 0.02 * RHO_CO2 + 28 * scf * 0.80 * RHO_CH4) / 1000
    assert f"{ch4:,.3f} t CH4" in text and f"{co2e_ar5:,.1f} tCO2e" in text
    assert "40 CFR 98 Subpart W, Table W-1A" in text and "81 FR 86490" in text
    assert "IPCC AR5" in text and "OGMP 2.0 level 3" in text
    assert any(e["event_type"] == "artifact" for e in events)

    # "using AR6" reruns the same inventory with one other GWP set: only the CH4 term moves.
    _, text = await ask(alice, "and using AR6?", conversation)
    co2e_ar6 = (scf * 0.02 * RHO_CO2 + 29.8 * scf * 0.80 * RHO_CH4) / 1000
    assert f"{co2e_ar6:,.1f} tCO2e" in text and "Table 7.15" in text

    # "1,200 MWh in ERCOT": location-based Scope 2 at the eGRID2022 ERCT rate, weighted
    # with the set the conversation chose (AR6, from the question before).
    _, text = await ask(alice, "1,200 MWh in ERCOT", conversation)
    scope2 = 1200 * (771 + 29.8 * 0.066 + 273 * 0.009) * KG_PER_LB / 1000
    assert f"{scope2:,.1f} tCO2e" in text
    assert "GWP set: AR6 (stated: from an earlier question)" in text
    assert "eGRID2022" in text and "ERCT" in text
    assert "checked before the inventory is filed" in text  # the recalled eGRID rate says so

    # Asking the first question again writes no second row.
    rows = await Row.objects.filter(conversation__conversation_id=conversation).acount()
    events, text = await ask(alice, "we have 40 intermittent-bleed controllers", conversation)
    assert await Row.objects.filter(conversation__conversation_id=conversation).acount() == rows
    assert "already in the running table" in text
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert saved.content == text


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast", "default_agents")
async def test_a_methane_intensity_question_answers_that_figure_not_the_inventory(alice):
    question = (
        "what's the methane intensity if we flared 20 MMcf and vented 2,000 mcf, "
        "producing 2.4 Bcf of gas?"
    )
    _, text = await ask(alice, question, uuid.uuid4())
    flared_ch4 = 20e6 * 0.02 * 0.80 * RHO_CH4  # 98% efficiency: 2% unburned
    vented_ch4 = 2e6 * 0.80 * RHO_CH4
    intensity = (flared_ch4 + vented_ch4) / RHO_CH4 / 2.4e9
    assert f"{100 * intensity:.3f}%" in text
    assert "divided by the volume of natural gas produced" in text
    assert "| source | category |" not in text
