"""GET /db/<conversationID>/<rowid>: one row with a signed link and a table preview."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.files.storage import default_storage
from openpyxl import Workbook

from chat.services import conversation_get_or_create
from files.services import row_add
from tests.test_files_support import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    return conversation


def _get(client, conversation, rowid):
    return client.get(f"/db/{conversation.conversation_id}/{rowid}")


def _add_file(conversation, name: str, content: bytes):
    return row_add(
        conversation=conversation,
        type="userinput",
        description=f"User uploads file '{name}', saving location is in this row.",
        file_name=name,
        content=content,
    )


def test_a_csv_row_has_its_fields_a_signed_link_and_a_preview(conversation, alice_client):
    row = _add_file(conversation, "wells.csv", b"well,oil\nA-1,120.5\nB-2,\n")
    response = _get(alice_client, conversation, row.rowid)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "rowid",
        "type",
        "description",
        "created_at",
        "url",
        "preview",
        "preview_error",
    }
    assert body["preview_error"] is None
    assert body["rowid"] == 1
    assert body["type"] == "userinput"
    assert body["description"] == row.description
    assert dt.datetime.fromisoformat(body["created_at"]).utcoffset() is not None
    assert body["url"].startswith("http://testserver/files/")
    assert body["preview"] == {"columns": ["well", "oil"], "rows": [["A-1", 120.5], ["B-2", None]]}


def test_the_path_with_a_trailing_slash_answers_the_same(conversation, alice_client):
    _add_file(conversation, "a.csv", b"x\n1\n")
    response = alice_client.get(f"/db/{conversation.conversation_id}/1/")
    assert response.status_code == 200
    assert response.json()["preview"] == {"columns": ["x"], "rows": [[1]]}


def test_the_preview_stops_at_fifty_rows(conversation, alice_client):
    lines = "n,square\n" + "".join(f"{n},{n * n}\n" for n in range(120))
    row = _add_file(conversation, "squares.csv", lines.encode())
    preview = _get(alice_client, conversation, row.rowid).json()["preview"]
    assert len(preview["rows"]) == 50
    assert preview["rows"][49] == [49, 2401]


def test_a_windows_1252_csv_is_previewed_with_its_accents(conversation, alice_client):
    text = "Puits;Opérateur;Production (m³)\nA-1;Société Générale;12,5\n"
    row = _add_file(conversation, "puits.csv", text.encode("cp1252"))
    preview = _get(alice_client, conversation, row.rowid).json()["preview"]
    assert preview["columns"] == ["Puits", "Opérateur", "Production (m³)"]
    assert preview["rows"][0][:2] == ["A-1", "Société Générale"]


def test_a_tsv_is_previewed_by_tabs(conversation, alice_client):
    row = _add_file(conversation, "costs.tsv", b"item\tcost, usd\ncapex\t1,000\n")
    preview = _get(alice_client, conversation, row.rowid).json()["preview"]
    assert preview == {"columns": ["item", "cost, usd"], "rows": [["capex", "1,000"]]}


def test_an_excel_sheet_is_previewed_with_dates_as_iso_strings_and_blanks_as_null(
    conversation, alice_client
):
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "oil_bbl", "note"])
    sheet.append([dt.datetime(2024, 1, 1), 1500, "first"])
    sheet.append([dt.datetime(2024, 2, 1), None, "shut in"])
    buffer = io.BytesIO()
    book.save(buffer)
    row = _add_file(conversation, "production.xlsx", buffer.getvalue())
    preview = _get(alice_client, conversation, row.rowid).json()["preview"]
    assert preview == {
        "columns": ["date", "oil_bbl", "note"],
        "rows": [
            ["2024-01-01T00:00:00", 1500.0, "first"],
            ["2024-02-01T00:00:00", None, "shut in"],
        ],
    }


def test_an_uploaded_csv_is_previewed_through_the_api(alice, alice_client):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "a.csv", b"q\n7\n")
    response = alice_client.get(f"/db/{conversation_id}/1")
    assert response.json()["preview"] == {"columns": ["q"], "rows": [[7]]}


def test_a_file_that_is_not_a_table_has_no_preview(conversation, alice_client):
    row = _add_file(conversation, "chart.png", b"\x89PNG\r\n\x1a\n")
    body = _get(alice_client, conversation, row.rowid).json()
    assert body["preview"] is None
    assert body["url"] is not None


def test_a_broken_spreadsheet_has_no_preview_instead_of_an_error(conversation, alice_client):
    row = _add_file(conversation, "broken.xlsx", b"this is not a zip file")
    response = _get(alice_client, conversation, row.rowid)
    assert response.status_code == 200
    assert response.json()["preview"] is None


def test_a_broken_spreadsheet_says_why_it_has_no_preview(conversation, alice_client):
    row = _add_file(conversation, "broken.xlsx", b"this is not a zip file")
    body = _get(alice_client, conversation, row.rowid).json()
    assert body["preview_error"] == "'broken.xlsx' is not a readable zip file"


def test_a_gzip_bomb_gets_a_clear_preview_error_not_a_preview(settings, conversation, alice_client):
    import zipfile

    settings.MAX_TABLE_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("wells.csv", b"0" * (64 * 1024 * 1024))
    row = _add_file(conversation, "wells.zip", buffer.getvalue())
    body = _get(alice_client, conversation, row.rowid).json()
    assert body["preview"] is None
    assert "expands to more than 1 MB" in body["preview_error"]
    assert "MAX_TABLE_BYTES" in body["preview_error"]


def test_a_gzipped_csv_is_previewed(conversation, alice_client):
    import gzip

    lines = "n,square\n" + "".join(f"{n},{n * n}\n" for n in range(120))
    row = _add_file(conversation, "squares.csv.gz", gzip.compress(lines.encode()))
    preview = _get(alice_client, conversation, row.rowid).json()["preview"]
    assert preview["columns"] == ["n", "square"]
    assert preview["rows"][:2] == [[0, 0], [1, 1]] and len(preview["rows"]) == 50


def test_an_empty_csv_has_no_preview(conversation, alice_client):
    row = _add_file(conversation, "empty.csv", b"")
    response = _get(alice_client, conversation, row.rowid)
    assert response.status_code == 200
    assert response.json()["preview"] is None


def test_a_file_gone_from_storage_has_no_preview_instead_of_an_error(conversation, alice_client):
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    default_storage.delete(row.file.name)
    response = _get(alice_client, conversation, row.rowid)
    assert response.status_code == 200
    assert response.json()["preview"] is None


def test_a_data_row_has_a_link_and_no_preview(conversation, alice_client):
    row = row_add(conversation=conversation, type="result", description="NPV", data={"npv": 1.5})
    body = _get(alice_client, conversation, row.rowid).json()
    assert body["url"].startswith("http://testserver/files/")
    assert body["preview"] is None


def test_a_row_with_neither_file_nor_data_has_no_link(conversation, alice_client):
    row = row_add(conversation=conversation, type="result", description="nothing to download")
    assert _get(alice_client, conversation, row.rowid).json()["url"] is None


def test_an_unknown_rowid_is_404(conversation, alice_client):
    _add_file(conversation, "a.csv", b"x\n1\n")
    response = _get(alice_client, conversation, 2)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_unknown_conversation_is_404(alice_client):
    response = alice_client.get(f"/db/{uuid.uuid4()}/1")
    assert response.status_code == 404


def test_an_outsider_gets_404_for_the_owners_row(conversation, bob_client):
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    response = _get(bob_client, conversation, row.rowid)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_an_anonymous_request_is_refused_with_401(conversation, anon_client):
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    assert _get(anon_client, conversation, row.rowid).status_code == 401


@pytest.mark.parametrize("rowid", ["one", "-1", "1.5", "99999999999999"])
def test_a_rowid_that_is_not_a_whole_number_gets_422(conversation, alice_client, rowid):
    response = _get(alice_client, conversation, rowid)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "rowid"]


def test_a_malformed_conversation_id_gets_422(alice_client):
    response = alice_client.get("/db/nope/1")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "conversationID"]
