"""query_table answers SQL over the conversation's tables, checked against pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from agents.tools.charts import chart_row
from agents.tools.query import query_table
from agents.tools.tables import describe_table
from files.models import Row
from files.tables import read_stored_table
from tests.data_exports import (
    PRODUCTION,
    as_file,
    awkward_production,
    sample_production,
    well_headers,
)
from tests.factories import tool_context, upload_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(alice):
    context = tool_context(alice)
    upload_row(context, "production_monthly.csv", PRODUCTION.read_bytes())
    return context


def _frame(result) -> pd.DataFrame:
    return pd.DataFrame(result["rows"], columns=result["columns"])


def test_sums_by_well_match_pandas_and_the_result_is_a_new_table_row(ctx):
    result = query_table(
        ctx,
        sql="SELECT well_name, SUM(oil_bbl) AS oil FROM production_monthly "
        "GROUP BY well_name ORDER BY oil DESC",
        title="Oil by well",
    )
    expected = (
        sample_production().groupby("well_name")["oil_bbl"].sum().sort_values(ascending=False)
    )
    got = _frame(result)
    assert list(got["well_name"]) == list(expected.index)
    assert list(got["oil"]) == [int(v) for v in expected.to_numpy()]
    assert all(isinstance(v, int) for v in got["oil"])  # a HUGEINT sum comes back a number

    saved = Row.objects.get(conversation=ctx.conversation, rowid=result["result_rowid"])
    assert saved.type == "table" and saved.original_name == "oil_by_well.csv"
    assert saved.data["sql"].startswith("SELECT well_name")
    stored = read_stored_table(saved.file.name, saved.original_name)
    assert list(stored["oil"]) == list(got["oil"])
    assert result["result_table"] == "oil_by_well"
    assert {i["name"] for i in result["inputs"]} == {"table_1", "sql"}
    assert result["inputs"][0]["source"] == "file"
    assert "Read-only DuckDB SQL" in result["conventions"][0]


def test_dates_are_dates_so_a_year_filter_and_monthly_totals_work(ctx):
    result = query_table(
        ctx,
        sql="SELECT strftime(date, '%Y-%m') AS month, SUM(gas_mcf) AS gas "
        "FROM production_monthly WHERE year(date) = 2023 GROUP BY 1 ORDER BY 1",
        save=False,
    )
    frame = sample_production()
    in_year = frame[frame["date"].dt.year == 2023]
    expected = in_year.groupby(in_year["date"].dt.strftime("%Y-%m"))["gas_mcf"].sum()
    got = _frame(result)
    assert list(got["month"]) == list(expected.index)
    assert list(got["gas"]) == [int(v) for v in expected]
    assert result["result_rowid"] is None  # save=False writes no row


def test_a_result_can_be_queried_again_and_charted(ctx):
    first = query_table(
        ctx,
        sql="SELECT date, oil_bbl FROM production_monthly WHERE well_name = 'Hawkins 1H' "
        "ORDER BY date",
        title="Hawkins 1H oil",
    )
    again = query_table(ctx, sql=f"SELECT count(*), SUM(oil_bbl) FROM {first['result_table']}")
    hawkins = sample_production().query("well_name == 'Hawkins 1H'")
    assert again["rows"] == [[len(hawkins), int(hawkins["oil_bbl"].sum())]]
    chart = chart_row(ctx, rowid=first["result_rowid"])
    png = Row.objects.get(conversation=ctx.conversation, rowid=chart["rowid"])
    assert png.type == "chart" and png.file.read(8) == b"\x89PNG\r\n\x1a\n"


def test_describe_table_gives_the_names_a_query_uses(ctx):
    upload_row(ctx, "Well Export (2024).csv", as_file(awkward_production(), "x.csv"))
    described = describe_table(ctx, rowid=2)
    assert described["sql_table"] == "well_export_2024" and described["sql_alias"] == "row_2"
    names = {c["name"]: c["sql_name"] for c in described["columns"]}
    types = {c["name"]: c["sql_type"] for c in described["columns"]}
    assert names["Oil (bbl)"] == '"Oil (bbl)"'
    assert names["oil (BBL)"] == '"oil (BBL)_2"'  # differs from "Oil (bbl)" only by case
    assert names["select"] == '"select"'
    assert types["Prod Date"] == "DATE" and types["Oil (bbl)"] == "BIGINT"
    assert "well_export_2024" in described["summary"]
    # Every column, written as describe_table says, can be selected.
    listed = ", ".join(c["sql_name"] for c in described["columns"])
    result = query_table(ctx, sql=f"SELECT {listed} FROM well_export_2024 LIMIT 1", save=False)
    assert result["columns"] == [c["sql_name"].strip('"') for c in described["columns"]]


@pytest.mark.parametrize(
    "name", ["export.csv", "export.csv.gz", "export.zip", "export.parquet", "export.xlsx"]
)
def test_awkward_exports_in_every_format_answer_like_pandas(ctx, name):
    frame = awkward_production()
    upload_row(ctx, name, as_file(frame, name))
    result = query_table(
        ctx,
        sql='SELECT "Well Name", year("Prod Date") AS yr, SUM("Oil (bbl)") AS oil, '
        'SUM("Gas, Mcf") AS gas, MAX("oil (BBL)_2") AS doubled, SUM("select") AS kw '
        'FROM row_2 GROUP BY ALL ORDER BY "Well Name", yr',
        save=False,
    )
    dates = pd.to_datetime(frame["Prod Date"], format="%m/%d/%Y")
    expected = (
        frame.assign(yr=dates.dt.year)
        .groupby(["Well Name", "yr"])
        .agg(
            oil=("Oil (bbl)", "sum"),
            gas=("Gas, Mcf", "sum"),
            doubled=("oil (BBL)", "max"),
            kw=("select", "sum"),
        )
        .reset_index()
        .sort_values(["Well Name", "yr"])
    )
    got = _frame(result)
    assert got.shape == expected.shape
    for column in ("Well Name", "yr", "oil", "gas", "doubled", "kw"):
        assert list(got[column]) == [
            v.item() if hasattr(v, "item") else v for v in expected[column]
        ], column


def test_tables_are_named_after_their_files_and_names_never_move(ctx):
    upload_row(ctx, "production_monthly.csv", PRODUCTION.read_bytes())  # the same name again
    upload_row(ctx, "order.csv", b"a\n1\n")  # a reserved word
    upload_row(ctx, "2024 wells.csv", b"a\n2\n")  # starts with a digit
    upload_row(ctx, "notes.pdf", b"%PDF-1.4")  # not a table: no SQL name
    for sql, expected in (
        ("SELECT count(*) FROM production_monthly", 200),
        ("SELECT count(*) FROM production_monthly_2", 200),
        ("SELECT a FROM order_table", 1),
        ("SELECT a FROM t_2024_wells", 2),
        ("SELECT a FROM row_4", 2),
    ):
        assert query_table(ctx, sql=sql, save=False)["rows"] == [[expected]], sql
    with pytest.raises(Exception, match="no table named notes"):
        query_table(ctx, sql="SELECT * FROM notes")


def test_a_production_table_joins_its_well_headers_by_api_number(ctx):
    upload_row(ctx, "export.csv", as_file(awkward_production(), "export.csv"))
    upload_row(ctx, "well_headers.csv", as_file(well_headers(), "well_headers.csv"))
    result = query_table(
        ctx,
        sql='SELECT h."County", SUM(p."Oil (bbl)") AS oil FROM export p '
        'JOIN well_headers h ON api10(p."API #") = api10(h."API Number") '
        "GROUP BY 1 ORDER BY 1",
        save=False,
    )
    production, headers = sample_production(), well_headers()
    merged = production.merge(headers, left_on="api", right_on="API Number")
    expected = merged.groupby("County")["oil_bbl"].sum()
    assert result["rows"] == [[county, int(v)] for county, v in expected.items()]
    assert len(merged) == len(production)  # every month found its header


def test_names_join_without_case_spaces_or_punctuation(ctx):
    upload_row(ctx, "well_headers.csv", as_file(well_headers(), "well_headers.csv"))
    result = query_table(
        ctx,
        sql='SELECT h."Formation", COUNT(DISTINCT p.well_name) AS wells, SUM(p.oil_bbl) AS oil '
        "FROM production_monthly p JOIN well_headers h "
        'ON well_key(p.well_name) = well_key(h."Lease Name") GROUP BY 1 ORDER BY 1',
        save=False,
    )
    production = sample_production()
    headers = well_headers().assign(
        key=lambda h: h["Lease Name"].str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)
    )
    merged = production.assign(
        key=production["well_name"].str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)
    ).merge(headers, on="key")
    expected = merged.groupby("Formation").agg(
        wells=("well_name", "nunique"), oil=("oil_bbl", "sum")
    )
    assert result["rows"] == [[f, int(r.wells), int(r.oil)] for f, r in expected.iterrows()]


def test_api10_puts_back_the_leading_zero_a_number_column_lost(ctx):
    upload_row(
        ctx,
        "colorado.csv",
        b"api,oil\n512345678,10\n05-123-45678-00,5\n0512345678,1\n05123456780000,2\n",
    )
    result = query_table(
        ctx, sql="SELECT api10(api) AS k, SUM(oil) FROM colorado GROUP BY 1", save=False
    )
    assert result["rows"] == [["0512345678", 18]]
