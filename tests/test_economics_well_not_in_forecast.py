"""Economics of a named well the newest forecast does not hold: "NPV10 of Hawkins 2H" after
a forecast of Hawkins 1H alone values Hawkins 2H (fitted from the history first), never
the other well's forecast under the name asked for.

The NPV is checked with the month-by-month cash flow of tests/corpus/economics_reference.py
over the volumes of the forecast the answer valued.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.corpus import production_files
from tests.corpus.economics_reference import Terms, monthly, npv
from tests.factories import tool_context, upload_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(alice):
    agent = Agent.objects.get(label="Production Agent")
    ctx = tool_context(alice)
    upload_row(ctx, *production_files.upload("hawkins"))
    history: list[tuple[str, str]] = []

    def ask(question: str):
        done = domain.answer_with_record(question, agent=agent, ctx=ctx, history=history)
        history.extend([("user", question), ("assistant", done.text)])
        return done, ctx

    return ask


def forecast_table(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


def test_the_named_well_is_fitted_and_valued_not_the_newest_forecast(ask):
    first, _ = ask("forecast Hawkins 1H")
    assert "Hawkins 1H" in first.text
    done, ctx = ask("NPV10 of Hawkins 2H at $70 oil, capex $6MM")
    names = [c.name for c in done.work.calls]
    assert names == ["fit_decline", "cash_flow_economics"], done.text
    fit, economics = done.work.calls
    assert fit.arguments["well"] == "Hawkins 2H"
    table = forecast_table(ctx, economics.arguments["forecast_rowid"])
    assert set(table["well"]) == {"Hawkins 2H"}
    assert "No forecast held Hawkins 2H yet" in done.text
    forecast = table[table["segment"] == "forecast"]
    start = pd.Timestamp(forecast["date"].iloc[0])
    terms = Terms(oil=70.0, capex=[(0, 6e6)])
    oil = forecast["oil_bbl"].tolist()
    expected = npv(terms, monthly(terms, oil, [0.0] * len(oil), (start.year, start.month)))
    assert economics.result["npv"] == pytest.approx(expected, rel=1e-6)


def test_a_well_no_forecast_or_history_holds_asks_back(ask):
    ask("forecast Hawkins 1H")
    done, _ = ask("NPV10 of Mesquite 9H at $70 oil")
    assert "No forecast holds Mesquite 9H" in done.text
    assert not [c for c in done.work.calls if c.name == "cash_flow_economics"]
