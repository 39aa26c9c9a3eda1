"""Read-only SQL over in-memory tables: DuckDB in process, locked down, bounded.

``run_select(sql, tables=..., limits=...)`` runs one ``SELECT`` over the
Arrow tables it is given and nothing else. Each query gets a connection of
its own, made for it and closed after it, configured before the query is
even parsed:

- no file system, network or extensions: ``enable_external_access`` off
  (no ``read_csv('/etc/passwd')``, ``COPY``, ``ATTACH``, ``EXPORT``,
  ``INSTALL``, ``httpfs``), extensions neither installed nor loaded on
  their own, no Python replacement scans (a query cannot reach the
  worker's own variables), and the configuration locked so ``SET`` cannot
  undo any of it;
- bounded: ``memory_limit`` with no spilling to disk
  (``max_temp_directory_size`` 0), a thread count, a deadline after which
  the query is interrupted, and the rows returned streamed and cut at the
  row limit (a query over a billion rows never materialises them).

Before it runs, the SQL is checked (``check_sql``): exactly one statement,
of type ``SELECT`` (``WITH``, ``VALUES``, ``FROM``-first and ``DESCRIBE``
too), whose syntax tree (DuckDB's own ``json_serialize_sql``) references
only the tables it was given, its own CTEs and a few table functions that
read nothing (``range``, ``generate_series``, ``unnest``). So writing,
reading files by path and other tables are refused with a reason, before
the engine's own guards would refuse them anyway.

Two macros help join tables the way analysts mean: ``api10(x)`` (an API
number's first 10 digits, whatever its punctuation, and with a leading
zero a number column lost put back) and ``well_key(x)`` (a well name in
lower case without spaces or punctuation: "HAWKINS #1H" = "Hawkins 1H").

Nothing here knows Django: the tool (``agents.tools.query``) picks the
tables and the limits.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from agents.tools.errors import ToolError

# Table functions that read nothing but their arguments.
SAFE_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})

_STATEMENT_WORDS = {
    "INSERT": "writes rows",
    "UPDATE": "changes rows",
    "DELETE": "deletes rows",
    "CREATE": "creates objects",
    "DROP": "drops objects",
    "ALTER": "alters tables",
    "COPY": "copies data to or from files",
    "COPY_DATABASE": "copies a database",
    "EXPORT": "exports the database to files",
    "ATTACH": "attaches another database",
    "DETACH": "detaches a database",
    "LOAD": "loads an extension",
    "EXTENSION": "installs an extension",
    "SET": "changes settings",
    "VARIABLE_SET": "changes settings",
    "PRAGMA": "runs a pragma",
    "CALL": "calls a procedure",
    "TRANSACTION": "controls transactions",
    "VACUUM": "vacuums the database",
    "EXPLAIN": "explains a plan",
    "PREPARE": "prepares statements",
    "EXECUTE": "executes prepared statements",
    "MULTI": "is several statements in one (PIVOT statements are)",
    "UPDATE_EXTENSIONS": "updates extensions",
    "SECRET": "manages secrets",
}

# Macros every query may use (created before the configuration is locked).
_DIGITS = "regexp_replace(coalesce(CAST(TRY_CAST(x AS HUGEINT) AS VARCHAR), CAST(x AS VARCHAR)), '[^0-9]', '', 'g')"
MACROS = {
    "api10": (
        f"CREATE MACRO api10(x) AS CASE WHEN x IS NULL THEN NULL ELSE left("
        f"CASE WHEN length({_DIGITS}) IN (9, 11, 13) THEN '0' ELSE '' END || {_DIGITS}, 10) END"
    ),
    "well_key": (
        "CREATE MACRO well_key(x) AS "
        "regexp_replace(lower(trim(CAST(x AS VARCHAR))), '[^a-z0-9]+', '', 'g')"
    ),
}

_BATCH_ROWS = 2048


class QueryRefused(ToolError):
    """The SQL is not a read-only query over the conversation's tables; says why."""


class QueryFailed(ToolError):
    """DuckDB could not run the query (syntax, a column that is not there, a limit)."""


@dataclass(frozen=True)
class QueryLimits:
    timeout_seconds: float = 10.0
    memory_mb: int = 256
    max_rows: int = 10_000
    threads: int = 1


@dataclass(frozen=True)
class CheckedSql:
    """A query that passed ``check_sql``: the tables it names (lower case), its CTEs."""

    sql: str
    tables: frozenset[str]
    ctes: frozenset[str]
    table_functions: frozenset[str] = field(default_factory=frozenset)


@dataclass
class QueryResult:
    table: pa.Table  # at most ``limits.max_rows`` rows
    truncated: bool  # the query had more rows than that

    @property
    def columns(self) -> list[str]:
        return list(self.table.column_names)


def connect(limits: QueryLimits) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory connection, locked down as the module docstring says."""
    con = duckdb.connect(
        ":memory:",
        config={
            "enable_external_access": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
            "allow_unsigned_extensions": False,
            "python_enable_replacements": False,
            "memory_limit": f"{int(limits.memory_mb)}MB",
            "max_temp_directory_size": "0B",
            "threads": max(1, int(limits.threads)),
        },
    )
    try:
        con.execute("SET enable_progress_bar = false")
        for statement in MACROS.values():
            con.execute(statement)
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _first_line(message: str) -> str:
    return str(message).strip().splitlines()[0] if str(message).strip() else "an error"


def check_sql(con: duckdb.DuckDBPyConnection, sql: str) -> CheckedSql:
    """``sql`` as one read-only SELECT, with the tables it names; else ``QueryRefused``.

    ``QueryFailed`` when it does not parse.
    """
    text = (sql or "").strip()
    if not text:
        raise QueryRefused("The query is empty: write one SELECT statement.")
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise QueryFailed(f"The query does not parse: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryRefused(
            f"Send exactly one SELECT statement, not {len(statements)} (no ';'-separated lists)."
        )
    kind = str(statements[0].type).rsplit(".", 1)[-1]
    if kind != "SELECT":
        what = _STATEMENT_WORDS.get(kind, f"is a {kind} statement")
        raise QueryRefused(
            f"Only read-only SELECT queries are allowed; this statement {what}. "
            "The tables cannot be changed, and nothing outside them can be read or written."
        )
    serialised = con.execute("SELECT json_serialize_sql(?)", [text]).fetchall()[0][0]
    tree = json.loads(serialised)
    if tree.get("error"):
        raise QueryFailed(f"The query does not parse: {tree.get('error_message', '')}")
    tables: set[str] = set()
    ctes: set[str] = set()
    functions: set[str] = set()
    for node in _walk(tree.get("statements", [])):
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map") or []:
                if isinstance(entry, dict) and entry.get("key"):
                    ctes.add(str(entry["key"]).lower())
        if "sample" not in node:  # table references (and only they) carry a "sample"
            continue
        ref = node.get("type")
        if ref == "BASE_TABLE":
            catalog, schema = node.get("catalog_name") or "", node.get("schema_name") or ""
            name = str(node.get("table_name") or "")
            if catalog or schema:
                qualified = ".".join(p for p in (catalog, schema, name) if p)
                raise QueryRefused(
                    f"'{qualified}' names another schema or database; only this "
                    "conversation's tables can be read, by their plain names."
                )
            if re.search(r"[/\\]|^[a-z][a-z0-9+.-]*:|\.\w{1,8}$", name, re.IGNORECASE):
                raise QueryRefused(
                    f"'{name}' looks like a file path or URL; files cannot be read by path, "
                    "only this conversation's tables by their names."
                )
            tables.add(name.lower())
        elif ref == "TABLE_FUNCTION":
            function = node.get("function") or {}
            name = str(function.get("function_name") or "").lower()
            if name not in SAFE_TABLE_FUNCTIONS:
                raise QueryRefused(
                    f"The table function {name}() is not allowed: queries read only this "
                    "conversation's tables (files, URLs and system catalogues are off limits)."
                )
            functions.add(name)
    return CheckedSql(
        sql=text,
        tables=frozenset(tables - ctes),
        ctes=frozenset(ctes),
        table_functions=frozenset(functions),
    )


def _interrupt_after(
    con: duckdb.DuckDBPyConnection, seconds: float
) -> tuple[threading.Timer, list]:
    fired: list[bool] = []

    def stop() -> None:
        fired.append(True)
        con.interrupt()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    return timer, fired


def run_select(
    sql: str,
    *,
    tables: dict[str, pa.Table],
    limits: QueryLimits,
    loader: Any = None,
) -> tuple[CheckedSql, QueryResult]:
    """Check ``sql`` and run it over ``tables`` (SQL name -> Arrow table) within ``limits``.

    ``loader(checked) -> dict[str, pa.Table]``, when given, is called after the
    check with the tables the query names, so a caller reads only those.
    Raises ``QueryRefused`` or ``QueryFailed`` (``ToolError``s, for a person).
    """
    con = connect(limits)
    try:
        checked = check_sql(con, sql)
        available = dict(tables)
        if loader is not None:
            available.update(loader(checked))
        known = {name.lower() for name in available}
        unknown = sorted(checked.tables - known)
        if unknown:
            listing = ", ".join(sorted(available)) or "none"
            raise QueryRefused(
                f"There is no table named {', '.join(unknown)} in this conversation; "
                f"its tables are: {listing}."
            )
        for name, table in available.items():
            if name.lower() in checked.tables:
                con.register(name, table)
        return checked, _fetch(con, checked.sql, limits)
    finally:
        con.close()


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, limits: QueryLimits) -> QueryResult:
    timer, fired = _interrupt_after(con, limits.timeout_seconds)
    batches: list[pa.RecordBatch] = []
    count = 0
    truncated = False
    try:
        reader = con.sql(sql).to_arrow_reader(_BATCH_ROWS)
        schema = reader.schema
        try:
            for batch in reader:
                room = limits.max_rows - count
                if batch.num_rows > room:
                    batches.append(batch.slice(0, room))
                    count += room
                    truncated = True
                    break
                batches.append(batch)
                count += batch.num_rows
                if count == limits.max_rows:
                    # One more row would mean the result was cut.
                    truncated = next(iter(reader), None) is not None
                    break
        finally:
            reader.close()
    except duckdb.InterruptException:
        raise QueryFailed(
            f"The query ran past the {limits.timeout_seconds:g} s time limit and was stopped. "
            "Aggregate more (GROUP BY), filter earlier, or avoid joins that multiply rows."
        ) from None
    except duckdb.OutOfMemoryException:
        raise QueryFailed(
            f"The query needed more than the {limits.memory_mb} MB memory limit and was "
            "stopped. Aggregate more, filter earlier, or select fewer columns."
        ) from None
    except duckdb.PermissionException as exc:
        raise QueryRefused(
            f"Refused: {_first_line(exc)} (queries read only this conversation's tables)."
        ) from None
    except duckdb.Error as exc:
        if fired:
            raise QueryFailed(
                f"The query ran past the {limits.timeout_seconds:g} s time limit and was stopped."
            ) from None
        raise QueryFailed(_readable_error(exc)) from None
    finally:
        timer.cancel()
    return QueryResult(pa.Table.from_batches(batches, schema=schema), truncated)


def _readable_error(exc: BaseException) -> str:
    """DuckDB's message without its caret drawing: 'Binder Error: column "oil" not found...'."""
    lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
    kept = [ln for ln in lines if not ln.startswith("LINE ") and not set(ln.strip()) <= {"^"}]
    return " ".join(kept)[:600] or "the query failed"


def identifier(name: str) -> str:
    """``name`` as a SQL identifier: bare when it can be, else double-quoted."""
    if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and name not in reserved_words():
        return name
    return '"' + name.replace('"', '""') + '"'


_RESERVED: frozenset[str] | None = None


def reserved_words() -> frozenset[str]:
    """DuckDB's reserved keywords (they cannot be bare table or column names)."""
    global _RESERVED
    if _RESERVED is None:
        with duckdb.connect(":memory:") as con:
            rows = con.execute(
                "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'"
            ).fetchall()
        _RESERVED = frozenset(str(r[0]).lower() for r in rows)
    return _RESERVED


__all__ = [
    "MACROS",
    "SAFE_TABLE_FUNCTIONS",
    "CheckedSql",
    "QueryFailed",
    "QueryLimits",
    "QueryRefused",
    "QueryResult",
    "check_sql",
    "connect",
    "identifier",
    "reserved_words",
    "run_select",
]
