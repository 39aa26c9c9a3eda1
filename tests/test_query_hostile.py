"""Hostile SQL to query_table is refused: writing, files, databases, other tables, runaways."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from agents.tools.query import query_table
from agents.tools.registry import ToolError
from agents.tools.sql_engine import QueryLimits, connect
from files.models import Row
from tests.factories import tool_context, upload_row

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "production_monthly.csv"


@pytest.fixture
def ctx(alice):
    context = tool_context(alice)
    upload_row(context, "production_monthly.csv", SAMPLE.read_bytes())
    return context


def _count(ctx) -> int:
    result = query_table(ctx, sql="SELECT count(*) AS n FROM production_monthly", save=False)
    return result["rows"][0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO production_monthly SELECT * FROM production_monthly",
        "UPDATE production_monthly SET oil_bbl = 0",
        "DELETE FROM production_monthly",
        "DROP TABLE production_monthly",
        "ALTER TABLE production_monthly ADD COLUMN x INT",
        "CREATE TABLE stolen AS SELECT * FROM production_monthly",
        "CREATE MACRO m(x) AS x",
        "SELECT 1; DELETE FROM production_monthly",
        "/* looks harmless */ DROP TABLE production_monthly",
        "TRUNCATE production_monthly",
    ],
)
def test_a_query_that_writes_is_refused_and_the_table_is_unchanged(ctx, sql):
    before = _count(ctx)
    with pytest.raises(ToolError) as refused:
        query_table(ctx, sql=sql)
    assert "SELECT" in str(refused.value)
    assert _count(ctx) == before == 200


@pytest.mark.django_db
def test_copy_to_a_file_is_refused_and_writes_nothing(ctx, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "stolen.csv"
    for sql in (
        f"COPY production_monthly TO '{target}'",
        f"COPY (SELECT * FROM production_monthly) TO '{target}' (FORMAT csv)",
        f"EXPORT DATABASE '{out}'",
    ):
        with pytest.raises(ToolError, match="SELECT"):
            query_table(ctx, sql=sql)
    assert not target.exists()
    assert list(out.iterdir()) == []


@pytest.mark.django_db
def test_reading_files_by_path_or_url_is_refused(ctx, settings):
    stored = Row.objects.get(conversation=ctx.conversation, rowid=1).file.path
    for sql in (
        "SELECT * FROM read_csv('/etc/passwd')",
        f"SELECT * FROM read_csv_auto('{stored}')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_blob('/etc/hostname')",
        "SELECT * FROM read_parquet('s3://bucket/key.parquet')",
        "SELECT * FROM read_json('https://example.com/x.json')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM '/etc/passwd'",
        f"SELECT * FROM '{stored}'",
        "SELECT * FROM 'https://example.com/data.csv'",
        'SELECT * FROM "production_monthly.csv"',
        "WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x",
        "SELECT (SELECT count(*) FROM read_csv('/etc/passwd'))",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM information_schema.tables",
        "SUMMARIZE '/etc/passwd'",
    ):
        with pytest.raises(ToolError) as refused:
            query_table(ctx, sql=sql)
        message = str(refused.value)
        assert "/etc/passwd" not in message or "path" in message, (sql, message)
        assert "root:" not in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH ':memory:' AS other",
        "ATTACH '/tmp/other.duckdb' AS other",
        "DETACH memory",
        "USE memory",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET memory_limit = '100GB'",
        "PRAGMA version",
        "CALL pragma_version()",
        "EXPLAIN SELECT 1",
        "BEGIN TRANSACTION",
        "CHECKPOINT",
    ],
)
def test_databases_extensions_and_settings_are_off_limits(ctx, sql):
    with pytest.raises(ToolError, match="SELECT"):
        query_table(ctx, sql=sql)


@pytest.mark.django_db
def test_the_engine_itself_refuses_files_and_settings_even_without_the_check():
    """Defence in depth: what the SQL check refuses, the connection cannot do either."""
    con = connect(QueryLimits())
    try:
        with pytest.raises(duckdb.PermissionException):
            con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
        with pytest.raises(duckdb.PermissionException):
            con.execute("ATTACH '/tmp/derrick-other.duckdb' AS other")
        with pytest.raises(duckdb.Error):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.Error):
            con.execute("LOAD httpfs")
    finally:
        con.close()
    assert not Path("/tmp/derrick-other.duckdb").exists()


@pytest.mark.django_db
def test_another_conversations_tables_cannot_be_named(ctx, bob):
    theirs = tool_context(bob)
    upload_row(theirs, "secret_wells.csv", b"well,oil\nBob 1H,999\n")
    for sql in ("SELECT * FROM secret_wells", "SELECT * FROM row_2", "SELECT * FROM row_99"):
        with pytest.raises(ToolError, match="no table named"):
            query_table(ctx, sql=sql)
    # Row 1 of Alice's conversation is her own table, whatever Bob's row 1 holds.
    result = query_table(ctx, sql="SELECT count(*) FROM row_1", save=False)
    assert result["rows"] == [[200]]
    # And Bob sees only his.
    mine = query_table(theirs, sql="SELECT * FROM row_1", save=False)
    assert mine["rows"] == [["Bob 1H", 999]]


@pytest.mark.django_db
def test_the_workers_own_variables_are_not_tables(ctx):
    for name in ("frame", "arrow", "ctx", "sql", "tables", "loaded", "settings"):
        with pytest.raises(ToolError, match="no table named"):
            query_table(ctx, sql=f"SELECT * FROM {name}")


@pytest.mark.django_db
def test_a_runaway_query_is_stopped_at_the_time_limit(ctx, settings):
    settings.QUERY_TIMEOUT_SECONDS = 1
    for sql in (
        "SELECT count(*) FROM range(1000000000000)",
        "SELECT count(*) FROM production_monthly a, production_monthly b, "
        "production_monthly c, production_monthly d, production_monthly e",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r",
    ):
        with pytest.raises(ToolError, match="time limit"):
            query_table(ctx, sql=sql)
    # The tool still answers afterwards.
    assert _count(ctx) == 200


@pytest.mark.django_db
def test_a_query_past_the_memory_limit_is_stopped(ctx, settings):
    settings.QUERY_MEMORY_LIMIT_MB = 32
    settings.QUERY_TIMEOUT_SECONDS = 60
    with pytest.raises(ToolError, match="memory limit"):
        query_table(ctx, sql="SELECT list(range) FROM range(100000000)", save=False)


@pytest.mark.django_db
def test_a_result_past_the_row_limit_is_cut_and_says_so(ctx, settings):
    settings.QUERY_MAX_ROWS = 25
    result = query_table(ctx, sql="SELECT * FROM range(1000000000)")
    assert result["row_count"] == 25 and result["truncated"] is True
    assert "there are more" in result["summary"]
    saved = Row.objects.get(conversation=ctx.conversation, rowid=result["result_rowid"])
    assert "cut at the row limit" in saved.description
    # Asking for fewer rows lowers the cap; asking for more cannot raise it.
    assert query_table(ctx, sql="SELECT * FROM range(100)", max_rows=10)["row_count"] == 10
    assert query_table(ctx, sql="SELECT * FROM range(100)", max_rows=500)["row_count"] == 25
    exact = query_table(ctx, sql="SELECT * FROM range(25)", save=False)
    assert exact["row_count"] == 25 and exact["truncated"] is False


@pytest.mark.django_db
def test_bad_sql_gets_a_readable_error_not_a_crash(ctx):
    with pytest.raises(ToolError, match="parse"):
        query_table(ctx, sql="SELEC oil FROM production_monthly")
    with pytest.raises(ToolError, match="oil_bbbl"):
        query_table(ctx, sql="SELECT oil_bbbl FROM production_monthly")
    with pytest.raises(ToolError):
        query_table(ctx, sql="   ")
