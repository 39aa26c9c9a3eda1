"""A conversation about emissions keeps one GWP set, a follow-up that switches the set says
what changed, and methane given in mol% is the gas composition (the ESG Agent, builtin)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from agents.builtin import domain
from agents.models import Agent
from tests.factories import tool_context, upload_row

# Published GWP-100 values (IPCC AR4 WG1 Table 2.14; AR6 WG1 Table 7.15, CH4 fossil 29.8).
GWP = {"AR4": {"ch4": 25.0, "n2o": 298.0}, "AR5": {"ch4": 28.0, "n2o": 265.0}}
GWP["AR6"] = {"ch4": 29.8, "n2o": 273.0}
RHO_CH4_KG_PER_SCF = 0.0192  # 40 CFR 98.233, methane at 60 F and 14.7 psia


@pytest.fixture
def esg(db):
    return Agent.objects.get(label="ESG Agent")


@pytest.fixture
def conversation(alice, esg):
    ctx = tool_context(alice)
    path = Path(settings.BASE_DIR) / "samples" / "emissions_activity.csv"
    upload_row(ctx, path.name, path.read_bytes())
    history: list[tuple[str, str]] = []

    def ask(question: str):
        done = domain.answer_with_record(question, agent=esg, ctx=ctx, history=history)
        assert done is not None, question
        history.extend([("user", question), ("assistant", done.text)])
        return done

    return ask


def _inventory_call(done):
    calls = [c for c in done.work.calls if c.name == "emissions_inventory"]
    assert calls, done.text
    return calls[-1]


def test_the_gwp_set_named_once_holds_for_the_next_questions(conversation):
    first = conversation("compute the emissions inventory for the uploaded activity data using AR6")
    assert _inventory_call(first).result["gwp"] == "AR6"
    for question in ("what's our methane intensity?", "carbon intensity per BOE at 6 Mcf per BOE"):
        done = conversation(question)
        assert _inventory_call(done).arguments["gwp"] == "AR6", done.text
        assert "GWP set: AR6 (stated: from an earlier question)" in done.text
        assert "AR5" not in done.text
        if question.startswith("what's"):  # the same inventory again: no new row
            assert "already in the running table" in done.text


def test_a_set_named_in_the_question_wins_over_the_earlier_one(conversation):
    conversation("compute the emissions inventory for the uploaded activity data using AR6")
    done = conversation("flaring 37,900 mcf at 98% combustion efficiency with AR5 GWPs")
    assert _inventory_call(done).arguments["gwp"] == "AR5"


def test_switching_the_set_says_exactly_how_the_ch4_and_n2o_terms_change(conversation):
    conversation("compute the emissions inventory for the uploaded activity data using AR6")
    done = conversation("switch to AR4: how much do the CH4 terms change?")
    result = _inventory_call(done).result
    assert result["gwp"] == "AR4"
    ch4, n2o, co2 = result["ch4_t"], result["n2o_t"], result["co2_t"]
    # Worked by hand: the same tonnes, weighted by each set's published values.
    was, now = ch4 * GWP["AR6"]["ch4"], ch4 * GWP["AR4"]["ch4"]
    assert f"x 29.8 = {was:,.1f} becomes x 25 = {now:,.1f} tCO2e ({now - was:+,.1f})" in done.text
    was, now = n2o * GWP["AR6"]["n2o"], n2o * GWP["AR4"]["n2o"]  # under 10 t: three decimals
    assert f"x 273 = {was:,.3f} becomes x 298 = {now:,.3f} tCO2e ({now - was:+,.3f})" in done.text
    assert "**Against AR6**" in done.text
    assert result["total_tco2e"] == pytest.approx(
        co2 + ch4 * GWP["AR4"]["ch4"] + n2o * GWP["AR4"]["n2o"], rel=1e-9
    )


def test_switching_from_the_default_set_names_it_as_the_default(conversation):
    conversation("we have 40 intermittent-bleed controllers, what are their emissions?")
    done = conversation("and using AR6?")
    assert "**Against AR5** (the set of the earlier answer, the default)" in done.text


@pytest.mark.parametrize(
    "question, share",
    [
        ("vented 2,150 Mcf of gas at 78 mol% methane, tonnes of CH4?", 0.78),
        ("Vented 2,150 mcf; gas is 78 mole % CH4. How many tonnes of methane?", 0.78),
        ("tank vapours vented 2,150 Mcf, 78% by volume methane: CH4 emissions?", 0.78),
    ],
)
def test_methane_given_in_mol_percent_is_the_gas_composition(esg, alice, question, share):
    ctx = tool_context(alice)
    done = domain.answer_with_record(question, agent=esg, ctx=ctx, history=[])
    call = _inventory_call(done)
    assert call.arguments["gas_composition"]["methane"] == pytest.approx(share)
    by_hand_t = 2_150_000 * share * RHO_CH4_KG_PER_SCF / 1000
    assert call.result["ch4_t"] == pytest.approx(by_hand_t, rel=1e-9)
    assert [n.quantity.raw for n in done.work.not_used()] == []
