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
from tests.factories import tool_context, upload_row


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
    return tool_context(alice)


def _upload(ctx: ToolContext, name: str, content: bytes):
    return upload_row(ctx, name, content)


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


# --- times, limits and horizons ------------------------------------------------------------


def _bold_years(text: str) -> float:
    return float(re.search(r"after \*\*([\d.]+) years\*\*", text).group(1))


def _hyperbolic(qi: float, secant: float, b: float):
    """Rate and cumulative (per-day rates, days of 365.25) of an Arps hyperbolic given its
    secant-effective decline, by hand."""
    d = ((1 - secant) ** (-b) - 1) / b

    def rate(t: float) -> float:
        return qi * (1 + b * d * t) ** (-1 / b)

    def cum(t: float) -> float:
        return qi / ((1 - b) * d) * (1 - (1 + b * d * t) ** (1 - 1 / b)) * 365.25

    return d, rate, cum


def test_rate_after_two_years_and_eur_to_a_limit_not_reached_within_the_longest_horizon(
    production_agent, ctx
):
    text = domain.answer(
        "a well at 800 bbl/d declining 25% a year, b of 0.9; what's the rate after 2 years "
        "and the EUR to 10 bbl/d?",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    d, rate, cum = _hyperbolic(800.0, 0.25, 0.9)
    assert _number_in(text, "rate after 2 years") == pytest.approx(rate(2.0), abs=0.05)
    assert _number_in(text, "cumulative after 2 years") == pytest.approx(cum(2.0), abs=0.5)
    # With a limit and no horizon the forecast runs to the limit, at most 100 years (never a
    # silent 30-year cap). 800 -> 10 bbl/d takes ((800/10)^b - 1) / (b D) years: beyond 100,
    # so the EUR is the 100-year volume and the answer says the limit is not reached.
    assert ((800 / 10) ** 0.9 - 1) / (0.9 * d) > 100
    assert _number_in(text, "EUR (over 100 years)") == pytest.approx(cum(100.0), rel=1e-6)
    assert _number_in(text, "final rate") == pytest.approx(rate(100.0), abs=0.05)
    assert "100-year horizon" in text and "does **not** reach" in text
    assert "Horizon: 100 yr (default)" in text
    assert "no horizon asked: the forecast runs to the economic limit, at most 100 years" in text
    assert "economic limit of 10.0 bbl/d" in text


def test_when_does_an_exponential_hit_its_limit_and_the_cumulative_by_then(production_agent, ctx):
    text = domain.answer(
        "exponential decline from 1200 bbl/d at 30% per year, when does it hit 20 bbl/d and "
        "what's the cumulative by then?",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    qi, q_lim = 1200.0, 20.0
    d = -math.log(1 - 0.30)  # nominal per year from 30% effective
    t = math.log(qi / q_lim) / d
    np_ = (qi - q_lim) / d * 365.25
    assert _bold_years(text) == pytest.approx(t, abs=0.005)
    assert _number_in(text, "forecast length") == pytest.approx(t, abs=0.005)
    assert _number_in(text, "EUR (to 20.0 bbl/d)") == pytest.approx(np_, abs=0.5)
    assert _number_in(text, "final rate") == pytest.approx(q_lim, abs=0.05)
    assert "stopped by | economic limit" in text


def test_a_bare_limit_takes_the_wells_unit(production_agent, ctx):
    text = domain.answer(
        "gas well at 2 mmcfd, 35% decline, when does it reach 150?",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    d = -math.log(0.65)
    assert _bold_years(text) == pytest.approx(math.log(2000 / 150) / d, abs=0.005)
    assert "150.0 mcf/d" in text


def test_a_limit_above_the_initial_rate_is_questioned(production_agent, ctx):
    text = domain.answer(
        "a well at 50 bopd declining 20%/yr until it hits 80 bopd",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    assert "not below the initial rate" in text
    assert not ctx.conversation.rows.exists()


def test_a_monthly_tangent_decline_compounds_to_the_years_rate(production_agent, ctx):
    text = domain.answer(
        "Decline of 6.5%/month from 900 bopd, tangent effective",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    # Exponential: what is left after a year is (1 - 0.065)^12 of the rate.
    assert _number_in(text, "rate after 1 year") == pytest.approx(900 * 0.935**12, abs=0.05)


def test_a_terminal_decline_forecast_matches_the_tools_own_numbers(production_agent, ctx):
    from agents.tools.registry import get_tool

    text = domain.answer(
        "1200 bopd Di 80% b 1.1 terminal 7% economic limit 5 bopd, what is the rate after "
        "6 months and 10 years",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    reference = get_tool("forecast_decline")(
        ToolContext(user=ctx.user, conversation=ctx.conversation, add_row=None),
        qi=1200,
        decline=0.8,
        decline_convention="secant_effective",
        b=1.1,
        dlim=0.07,
        dlim_convention="tangent_effective",
        economic_limit=5,
        horizon_years=100,  # to the limit, at most 100 years: no horizon was asked
        at_years=[0.5, 10],
    )
    six, ten = reference["at"]
    assert _number_in(text, "rate after 6 months") == pytest.approx(six["rate"], abs=0.05)
    assert _number_in(text, "rate after 10 years") == pytest.approx(ten["rate"], abs=0.05)
    assert _number_in(text, "cumulative after 10 years") == pytest.approx(
        ten["cumulative"], abs=0.5
    )
    eur_line = next(ln for ln in text.splitlines() if ln.startswith("| EUR"))
    eur = float(re.search(r"\| ([\d,]+) bbl \|", eur_line).group(1).replace(",", ""))
    assert eur == pytest.approx(reference["eur"], abs=0.5)


# --- cash flows ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "flows", "rate"),
    [
        (
            "NPV10 of -2.5MM capex then 800k, 700k, 600k, 500k per year",
            [-2.5e6, 8e5, 7e5, 6e5, 5e5],
            0.10,
        ),
        ("PV-10 of capex $2.5 million then $800k, $700k, $600k", [-2.5e6, 8e5, 7e5, 6e5], 0.10),
        ("NPV@12 of (500), 200, 200, 200", [-500, 200, 200, 200], 0.12),
        (
            "what's the IRR if I spend 1,000 then get 300 a year for 5 years",
            [-1000, 300, 300, 300, 300, 300],
            0.10,
        ),
        ("npv -1200 300 400 500 600 disc 9%", [-1200, 300, 400, 500, 600], 0.09),
    ],
)
def test_cash_flow_phrasings_answer_with_numpy_financials_figures(
    production_agent, ctx, question, flows, rate
):
    text = domain.answer(question, agent=production_agent, ctx=ctx, history=[])
    label = f"NPV at {rate * 100:.0f}%"
    assert _money_in(text, label) == pytest.approx(npf.npv(rate, flows), abs=0.01)
    assert _percent_in(text, "IRR") == pytest.approx(npf.irr(flows), abs=1e-4)


def test_follow_up_discount_rates_reuse_the_flows(production_agent, ctx):
    first = "NPV10 of -2.5MM capex then 800k, 700k, 600k, 500k per year"
    history = [("user", first), ("assistant", "...")]
    text = domain.answer("and at 15%?", agent=production_agent, ctx=ctx, history=history)
    flows = [-2.5e6, 8e5, 7e5, 6e5, 5e5]
    assert _money_in(text, "NPV at 15%") == pytest.approx(npf.npv(0.15, flows), abs=0.01)


def test_forecast_follow_up_with_a_new_b_factor(production_agent, ctx):
    history = [("user", "a well at 800 bopd declining 25% a year"), ("assistant", "...")]
    text = domain.answer("and with b of 1.2?", agent=production_agent, ctx=ctx, history=history)
    _d, rate, _cum = _hyperbolic(800.0, 0.25, 1.2)
    # Secant-effective: one year on, 75% of the rate is left whatever b is.
    assert _number_in(text, "rate after 1 year") == pytest.approx(rate(1.0), abs=0.05)
    assert rate(1.0) == pytest.approx(600.0)
    assert "b = 1.2" in text


def test_what_if_oil_is_60_reruns_the_economics_with_the_earlier_terms(production_agent, ctx):
    from agents.tools.economics import npv_monthly

    _upload(ctx, "history.csv", _exponential_history())
    domain.answer(
        "fit a decline to the oil in my file", agent=production_agent, ctx=ctx, history=[]
    )
    first = "run economics on the forecast with $70 oil, 12.5% royalty and $8/bbl opex"
    domain.answer(first, agent=production_agent, ctx=ctx, history=[])
    text = domain.answer(
        "what if oil is $60?",
        agent=production_agent,
        ctx=ctx,
        history=[("user", first), ("assistant", "...")],
    )
    # The earlier royalty (NRI = 1 - 12.5% at full WI) and opex are kept.
    assert "- Oil price: $60/bbl (stated" in text and "- Oil opex: $8/bbl (stated" in text
    assert "- Net revenue interest: 87.5% (derived" in text
    seventy, cash_row = ctx.conversation.rows.filter(
        description__startswith="Monthly cash flow"
    ).order_by("rowid")
    assert cash_row.data["npv"] < seventy.data["npv"]
    import pandas as pd

    with cash_row.file.open("rb") as fh:
        table = pd.read_csv(fh)
    expected = npv_monthly(
        table["net_cash_flow"].to_numpy(float), table["month"].to_numpy(float), 0.10, "end"
    )
    assert _money_in(text, "NPV at 10%") == pytest.approx(expected, abs=1.0)


# --- charts ------------------------------------------------------------------------------------


def test_chart_the_fit_draws_the_newest_decline_forecast(production_agent, ctx):
    _upload(ctx, "history.csv", _exponential_history())
    domain.answer("fit a decline to the oil", agent=production_agent, ctx=ctx, history=[])
    forecast = ctx.conversation.rows.get(description__startswith="Decline forecast")
    text = domain.answer("chart the fit", agent=production_agent, ctx=ctx, history=[])
    chart = ctx.conversation.rows.filter(type="chart").latest("rowid")
    assert chart.data["source_rowid"] == forecast.rowid
    assert f"row {forecast.rowid}" in text and f"row {chart.rowid}" in text


def test_chart_row_n_wins_over_the_subject(production_agent, ctx):
    upload = _upload(ctx, "history.csv", _exponential_history())
    domain.answer("fit a decline to the oil", agent=production_agent, ctx=ctx, history=[])
    domain.answer(
        f"plot the forecast in row {upload.rowid}", agent=production_agent, ctx=ctx, history=[]
    )
    chart = ctx.conversation.rows.filter(type="chart").latest("rowid")
    assert chart.data["source_rowid"] == upload.rowid


def test_chart_the_cash_flow_without_economics_says_what_to_run(production_agent, ctx):
    domain.answer(
        "a well at 800 bbl/d declining 25% a year", agent=production_agent, ctx=ctx, history=[]
    )
    text = domain.answer("plot the cash flow", agent=production_agent, ctx=ctx, history=[])
    assert "no cash-flow table" in text and "run economics" in text.lower()
    assert not ctx.conversation.rows.filter(type="chart").exists()


def test_a_forecast_chart_without_a_limit_keeps_its_log_axis_near_the_history(
    production_agent, ctx
):
    import io

    import matplotlib.image as mpimg
    import pandas as pd

    from agents.tools.charts import _log_rate_limits

    # A steep exponential with no economic limit runs to ~1e-12 bbl/d in 30 years.
    _upload(ctx, "steep.csv", _exponential_history(qi=900.0, d_nominal=1.5))
    domain.answer("fit a decline to the oil", agent=production_agent, ctx=ctx, history=[])
    forecast = ctx.conversation.rows.get(description__startswith="Decline forecast")
    with forecast.file.open("rb") as fh:
        table = pd.read_csv(fh)
    history = [c for c in table.columns if c.startswith("history_")]
    model = [c for c in table.columns if c.startswith("model_")]
    smallest_history = table[history[0]][table[history[0]] > 0].min()
    assert table[model[0]].min() < 1e-6  # the tail the axis must not follow
    low, high = _log_rate_limits(table, history, model)
    assert smallest_history * 0.01 < low < smallest_history
    assert high > table[history[0]].max()
    chart = ctx.conversation.rows.filter(type="chart").latest("rowid")
    with chart.file.open("rb") as fh:
        image = mpimg.imread(io.BytesIO(fh.read()), format="png")
    assert image.shape[0] > 300 and image.shape[1] > 500


def test_decline_figures_without_a_starting_rate_ask_for_it(production_agent, ctx):
    text = domain.answer(
        "25% decline, b of 0.9, what's the EUR to 10 bbl/d?",
        agent=production_agent,
        ctx=ctx,
        history=[],
    )
    assert "initial rate" in text and "800 bbl/d" in text
    assert not ctx.conversation.rows.exists()


def test_every_example_in_the_fallback_is_understood(production_agent, esg_agent):
    from agents.builtin.intent import parse_question
    from agents.builtin.smalltalk import fallback
    from agents.tools.registry import tools_named

    for agent in (production_agent, esg_agent):
        text = fallback(agent=agent, tools=tools_named(list(agent.tools)), table=[])
        examples = re.findall(r"\*([^*]+)\*", text.split("for example", 1)[1])
        assert examples
        for example in examples:
            assert parse_question(example) is not None, example
