"""The builtin agent's domain answers, called directly with a real ToolContext.

Figures are checked against numpy-financial, petbox-dca's conventions worked by hand, and
the tools' own pure functions, never against text copied from an answer.
"""

from __future__ import annotations

import math
import re

import numpy_financial as npf
import pytest

from agents.builtin import domain
from agents.models import Agent
from agents.tools.registry import ToolContext
from chat.services import conversation_get_or_create
from files.services import row_add


def _money_in(text: str, label: str) -> float:
    """The dollar figure on the Markdown table line that starts with ``label``."""
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    m = re.search(r"(-?)\$([\d,]+(?:\.\d+)?)", line)
    return float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)


def _percent_in(text: str, label: str) -> float:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    return float(re.search(r"(-?[\d.]+)%", line).group(1)) / 100


def _number_in(text: str, label: str) -> float:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    cell = line.split("|")[2]
    return float(re.search(r"-?[\d,]+(?:\.\d+)?", cell).group(0).replace(",", ""))


@pytest.fixture
def production_agent(db):
    return Agent.objects.get(label="Production Agent")


@pytest.fixture
def esg_agent(db):
    return Agent.objects.get(label="ESG Agent")


@pytest.fixture
def ctx(alice):
    conversation, _ = conversation_get_or_create(user=alice)
    logs: list[str] = []
    return ToolContext(
        user=alice,
        conversation=conversation,
        log=logs.append,
        add_row=lambda **kw: row_add(conversation=conversation, **kw),
    )


def _upload(ctx: ToolContext, name: str, content: bytes):
    return row_add(
        conversation=ctx.conversation,
        type="userinput",
        description=f"User uploads file '{name}', saving location is in this row.",
        file_name=name,
        content=content,
    )


def _exponential_history(qi: float = 1000.0, d_nominal: float = 0.4, months: int = 24) -> bytes:
    """Monthly oil rates of an exact exponential decline (rates in bbl/d)."""
    lines = ["date,oil_rate_bopd,gas_rate_mcfd"]
    for m in range(months):
        year, month = 2022 + m // 12, m % 12 + 1
        t_years = (m * 365.25 / 12 + 365.25 / 24) / 365.25
        oil = qi * math.exp(-d_nominal * t_years)
        lines.append(f"{year}-{month:02d}-01,{oil:.4f},{2 * oil:.4f}")
    return ("\n".join(lines) + "\n").encode()


def test_npv_of_inline_cash_flows_matches_numpy_financial(production_agent, ctx):
    text = domain.answer(
        "NPV at 8% of -500, 200, 200, 200", agent=production_agent, ctx=ctx, history=[]
    )
    flows = [-500, 200, 200, 200]
    assert _money_in(text, "NPV at 8%") == pytest.approx(npf.npv(0.08, flows), abs=0.01)
    assert _percent_in(text, "IRR") == pytest.approx(npf.irr(flows), abs=1e-4)
    assert "t = 0" in text


def test_irr_question_without_a_rate_states_the_pv10_assumption(production_agent, ctx):
    flows = [-1000, 300, 400, 500, 200]
    text = domain.answer(
        "what's the IRR of -1000, 300, 400, 500, 200", agent=production_agent, ctx=ctx, history=[]
    )
    assert _percent_in(text, "IRR") == pytest.approx(npf.irr(flows), abs=1e-4)
    assert _money_in(text, "NPV at 10%") == pytest.approx(npf.npv(0.10, flows), abs=0.01)
    assert "10%" in text and "PV10" in text


def test_pv10_of_money_written_with_multipliers(production_agent, ctx):
    text = domain.answer(
        "PV10 of -$1.2MM, $400k, $500k, $600k", agent=production_agent, ctx=ctx, history=[]
    )
    flows = [-1.2e6, 4e5, 5e5, 6e5]
    assert _money_in(text, "NPV at 10%") == pytest.approx(npf.npv(0.10, flows), abs=0.01)


def test_a_follow_up_rate_reuses_the_earlier_cash_flows(production_agent, ctx):
    history = [("user", "NPV at 8% of -500, 200, 200, 200"), ("assistant", "...")]
    text = domain.answer("and at 12%?", agent=production_agent, ctx=ctx, history=history)
    assert _money_in(text, "NPV at 12%") == pytest.approx(
        npf.npv(0.12, [-500, 200, 200, 200]), abs=0.01
    )


def test_npv_without_cash_flows_asks_for_them(production_agent, ctx):
    text = domain.answer("what's the NPV at 10%?", agent=production_agent, ctx=ctx, history=[])
    assert "cash flows" in text and "-1000" in text


def test_inline_exponential_forecast_reads_an_effective_decline(production_agent, ctx):
    text = domain.answer(
        "a well at 800 bbl/d declining 25% a year", agent=production_agent, ctx=ctx, history=[]
    )
    # 25% effective a year on an exponential: after one year 75% of the rate is left.
    assert _number_in(text, "rate after 1 year") == pytest.approx(600.0, abs=0.1)
    nominal = -math.log(0.75)
    year_one = 800 * (1 - 0.75) / nominal * 365.25
    assert _number_in(text, "cumulative in year 1") == pytest.approx(year_one, rel=1e-3)
    assert "secant-effective" in text and "30-year horizon" in text
    assert ctx.conversation.rows.filter(type="table").count() == 1
    row = ctx.conversation.rows.get(type="table")
    assert f"saved as row {row.rowid}" in text


def test_inline_hyperbolic_with_nominal_decline_and_economic_limit(production_agent, ctx):
    text = domain.answer(
        "forecast a gas well at 2.5 mmcf/d, nominal decline 0.3 per year, b of 0.9, "
        "economic limit 50 mcf/d",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    qi, d, b = 2500.0, 0.3, 0.9
    assert _number_in(text, "rate after 1 year") == pytest.approx(
        qi * (1 + b * d) ** (-1 / b), rel=1e-4
    )
    # Hand EUR: the hyperbolic cumulative until q = 50 mcf/d.
    q_lim = 50.0
    eur = qi**b / ((1 - b) * d) * (qi ** (1 - b) - q_lim ** (1 - b)) * 365.25
    t_lim = ((qi / q_lim) ** b - 1) / (b * d)
    if t_lim <= 30:
        assert _number_in(text, "EUR") == pytest.approx(eur, rel=0.01)
    assert "nominal" in text and "economic limit of 50.0 mcf/d" in text


def test_fit_on_an_uploaded_history_recovers_the_decline(production_agent, ctx):
    _upload(ctx, "history.csv", _exponential_history())
    text = domain.answer(
        "fit a decline to the oil in my file", agent=production_agent, ctx=ctx, history=[]
    )
    assert "Decline fit of oil in row 1" in text
    line = next(ln for ln in text.splitlines() if ln.startswith("| -") or ln.startswith("| None"))
    nominal = float(re.search(r"([\d.]+)/yr", line).group(1))
    assert nominal == pytest.approx(0.4, abs=0.02)
    assert "saved as row 2" in text


def test_economics_on_the_forecast_uses_the_prices_given(production_agent, ctx):
    from agents.tools.economics import npv_monthly

    _upload(ctx, "history.csv", _exponential_history())
    domain.answer(
        "fit a decline to the oil in my file", agent=production_agent, ctx=ctx, history=[]
    )
    text = domain.answer(
        "run economics on the forecast with $70 oil and $3 gas",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    assert "row 2" in text and "$70.00/bbl" in text
    cash_row = ctx.conversation.rows.filter(description__startswith="Monthly cash flow").get()
    import pandas as pd

    with cash_row.file.open("rb") as fh:
        table = pd.read_csv(fh)
    expected = npv_monthly(
        table["net_cash_flow"].to_numpy(float), table["month"].to_numpy(float), 0.10, "end"
    )
    assert _money_in(text, "NPV at 10%") == pytest.approx(expected, abs=1.0)


def test_economics_without_prices_asks_for_them(production_agent, ctx):
    text = domain.answer(
        "run economics on the forecast", agent=production_agent, ctx=ctx, history=[]
    )
    assert "prices" in text and "$70" in text


def test_file_questions_without_an_upload_ask_for_one(production_agent, ctx):
    text = domain.answer(
        "fit a decline to the oil in my file", agent=production_agent, ctx=ctx, history=[]
    )
    assert text.startswith("Upload a production file first")


def test_describe_and_preview_an_upload(production_agent, ctx):
    _upload(ctx, "history.csv", _exponential_history(months=12))
    described = domain.answer("describe my upload", agent=production_agent, ctx=ctx, history=[])
    assert "12 rows" in described and "`oil_rate_bopd`" in described
    preview = domain.answer("show me the first 3 rows", agent=production_agent, ctx=ctx, history=[])
    body = [ln for ln in preview.splitlines() if ln.startswith("| 2022")]
    assert len(body) == 3


def test_chart_the_forecast_writes_a_chart_row(production_agent, ctx):
    domain.answer(
        "a well at 800 bbl/d declining 25% a year", agent=production_agent, ctx=ctx, history=[]
    )
    text = domain.answer("chart the forecast", agent=production_agent, ctx=ctx, history=[])
    chart = ctx.conversation.rows.filter(type="chart").order_by("-rowid").first()
    assert chart is not None
    assert f"row {chart.rowid}" in text


def test_the_production_agent_sends_emissions_questions_to_the_esg_agent(production_agent, ctx):
    text = domain.answer(
        "we flared 12,000 mcf and burned 30,000 gallons of diesel last year, what are our emissions?",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    assert "ESG Agent" in text and "switch" in text.lower()


def test_small_talk_is_left_to_the_caller(production_agent, ctx):
    assert domain.answer("hello!", agent=production_agent, ctx=ctx, history=[]) is None
    assert domain.answer("what can you do?", agent=production_agent, ctx=ctx, history=[]) is None


def test_the_same_question_gives_the_same_answer(production_agent, ctx):
    first = domain.answer(
        "NPV at 8% of -500, 200, 200, 200", agent=production_agent, ctx=ctx, history=[]
    )
    second = domain.answer(
        "NPV at 8% of -500, 200, 200, 200", agent=production_agent, ctx=ctx, history=[]
    )
    assert first == second


def test_inline_emissions_match_the_tools_own_inventory(esg_agent, ctx):
    from agents.tools.emissions import emissions_inventory

    text = domain.answer(
        "we flared 12,000 mcf and burned 30,000 gallons of diesel last year, what are our emissions?",
        agent=esg_agent,
        ctx=ctx,
        history=[],
    )
    reference = emissions_inventory(
        ToolContext(user=ctx.user, conversation=ctx.conversation),
        activities=[
            {"kind": "flaring", "quantity": 12000, "unit": "mcf"},
            {"kind": "diesel_combustion", "quantity": 30000, "unit": "gal"},
        ],
        chart=False,
    )
    assert _number_in(text, "Scope 1 + 2") == pytest.approx(reference["total_tco2e"], abs=0.06)
    # Diesel: 30,000 gal x 0.138 MMBtu/gal x 73.96 kg CO2/MMBtu, by hand.
    assert reference["by_category_tco2e"]
    assert 30000 * 0.138 * 73.96 / 1000 < reference["total_tco2e"]


def test_carbon_intensity_of_the_uploaded_activity_file(esg_agent, ctx):
    from pathlib import Path

    from django.conf import settings

    sample = Path(settings.BASE_DIR) / "samples" / "emissions_activity.csv"
    if not sample.exists():
        pytest.skip("the sample activity file is not there")
    _upload(ctx, sample.name, sample.read_bytes())
    text = domain.answer("what's our carbon intensity?", agent=esg_agent, ctx=ctx, history=[])
    inventory = ctx.conversation.rows.get(description__startswith="Emissions inventory")
    data = inventory.data
    found = float(re.search(r"\*\*([\d.]+) kg CO2e/BOE\*\*", text).group(1))
    assert found == pytest.approx(data["total_tco2e"] * 1000 / data["production_boe"], abs=0.01)


def test_a_carbon_price_without_cash_flows_asks_for_them(esg_agent, ctx):
    text = domain.answer(
        "what does a $50/t carbon price do to NPV?", agent=esg_agent, ctx=ctx, history=[]
    )
    assert "$50.00/t" in text and "cash flows" in text and "emissions" in text
