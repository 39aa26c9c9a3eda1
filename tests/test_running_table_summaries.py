"""What the pages say about each running-table row: who made it, what it holds."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from django.test import Client

from agents.selectors import agent_list_active
from chat.models import Message
from chat.services import answer_begin, answer_finish, conversation_get_or_create
from files.models import Row
from files.services import row_add
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

WELLS = ["Hawkins 1H", "Hawkins 2H", "Bluebonnet 3H", "Mesquite 4H"]


def production_csv() -> bytes:
    lines = ["well_name,date,oil_bbl,gas_mcf"]
    for n, well in enumerate(WELLS):
        first_year = 2020 + n  # each well comes online a year after the last
        for year in range(first_year, 2025):
            for month in range(1, 13):
                lines.append(f"{well},{year}-{month:02d}-01,{1000 - 10 * month},{3000 - n}")
    return ("\n".join(lines) + "\n").encode()


def upload(user, conversation_id, name: str, content: bytes) -> dict:
    client = client_for(user)
    response = client.post(
        f"/upload/{conversation_id}", {"file": _named(name, content)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _named(name: str, content: bytes):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def rows_for_page(user, conversation_id) -> list[dict]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/chat/api/conversations/{conversation_id}/rows")
    assert response.status_code == 200
    return response.json()["rows"]


def test_an_upload_is_summarised_by_its_wells_rows_and_dates(alice):
    conversation_id = uuid.uuid4()
    body = upload(alice, conversation_id, "production_monthly.csv", production_csv())
    # The contract's answer and row text are unchanged.
    assert body == {"message": "File uploaded successfully!", "file_path_db_rowid": 1}
    (row,) = rows_for_page(alice, conversation_id)
    assert row["description"] == (
        "User uploads file 'production_monthly.csv', saving location is in this row."
    )
    months = sum((2025 - (2020 + n)) * 12 for n in range(len(WELLS)))
    assert row["summary"] == (
        f"production_monthly.csv · 4 wells · {months:,} rows · 2020-01 to 2024-12"
    )
    assert row["readable"] is True
    assert row["label"] == "Upload"
    assert row["name"] == "production_monthly.csv"
    assert row["message_id"] is None


def test_daily_dates_are_shown_as_days_and_a_sheet_without_wells_by_its_rows(alice):
    conversation_id = uuid.uuid4()
    daily = b"date,oil\n2024-03-05,10\n2024-03-06,11\n2024-04-17,9\n"
    upload(alice, conversation_id, "daily.csv", daily)
    upload(
        alice,
        conversation_id,
        "costs.csv",
        b"item,value,unit\noil price,72.5,$/bbl\ngas price,2.85,$/MMBtu\n",
    )
    upload(
        alice, conversation_id, "activity.csv", b"year,fuel,quantity\n2022,diesel,3\n2024,gas,4\n"
    )
    summaries = [row["summary"] for row in rows_for_page(alice, conversation_id)]
    assert summaries == [
        "daily.csv · 3 rows · 2024-03-05 to 2024-04-17",
        "costs.csv · 2 rows",
        "activity.csv · 2 rows · 2022 to 2024",
    ]


def test_a_file_that_is_not_a_table_is_stored_and_said_to_be_unreadable(alice):
    conversation_id = uuid.uuid4()
    body = upload(alice, conversation_id, "site-notes.pdf", b"%PDF-1.7 not a table")
    assert body["file_path_db_rowid"] == 1
    (row,) = rows_for_page(alice, conversation_id)
    assert row["readable"] is False
    assert row["summary"] == "site-notes.pdf · not a table the tools can read"
    stored = Row.objects.get(conversation__conversation_id=conversation_id)
    assert stored.file.read() == b"%PDF-1.7 not a table"


def test_a_broken_table_is_stored_and_said_to_be_unreadable(alice):
    conversation_id = uuid.uuid4()
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("a.csv", "x\n1\n")
        archive.writestr("b.csv", "y\n2\n")  # two tables in one zip: which one?
    upload(alice, conversation_id, "two.zip", broken.getvalue())
    upload(alice, conversation_id, "empty.csv", b"")
    rows = rows_for_page(alice, conversation_id)
    assert [r["readable"] for r in rows] == [False, False]
    assert rows[0]["summary"] == "two.zip · could not be read as a table"


def test_an_answers_rows_belong_to_it_and_uploads_to_no_answer(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    upload_row = row_add(conversation=conversation, type="userinput", description="an upload")
    agent = agent_list_active().first()
    _, first = answer_begin(conversation=conversation, agent=agent, question="fit the oil")
    table = row_add(conversation=conversation, type="table", description="forecast")
    chart = row_add(
        conversation=conversation,
        type="chart",
        description="chart",
        content=b"\x89PNG",
        file_name="c.png",
    )
    answer_finish(
        message_id=first.pk,
        conversation=conversation,
        content="Done.",
        status=Message.Status.COMPLETE,
    )
    _, second = answer_begin(conversation=conversation, agent=agent, question="and the gas")
    later = row_add(conversation=conversation, type="result", description="gas result")
    rows = {r["rowid"]: r for r in rows_for_page(alice, conversation.conversation_id)}
    assert rows[upload_row.rowid]["message_id"] is None
    assert rows[table.rowid]["message_id"] == first.pk
    assert rows[chart.rowid]["message_id"] == first.pk
    assert rows[later.rowid]["message_id"] == second.pk
    assert rows[chart.rowid]["image_url"].startswith("/files/")
    assert rows[table.rowid]["image_url"] is None
    assert [rows[n]["label"] for n in sorted(rows)] == ["Upload", "Table", "Chart", "Result"]


def test_the_chat_page_shows_an_answers_chart_inside_it(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    _, answer = answer_begin(conversation=conversation, agent=None, question="chart the oil")
    row_add(
        conversation=conversation,
        type="chart",
        description="Chart: oil history vs decline forecast",
        content=b"\x89PNG",
        file_name="oil.png",
    )
    answer_finish(
        message_id=answer.pk,
        conversation=conversation,
        content="Here.",
        status=Message.Status.COMPLETE,
    )
    client = Client()
    client.force_login(alice)
    html = client.get(f"/chat/{conversation.conversation_id}").content.decode()
    article = html[html.index(f'data-message-id="{answer.pk}"') :]
    article = article[: article.index("</article>")]
    assert 'class="result result--chart"' in article
    assert '<img src="/files/' in article
    assert 'alt="Chart: oil history vs decline forecast"' in article


def test_the_rows_endpoint_shows_an_outsider_nothing(alice, bob):
    conversation_id = uuid.uuid4()
    upload(alice, conversation_id, "production_monthly.csv", production_csv())
    assert rows_for_page(bob, conversation_id) == []


def test_the_rows_endpoint_costs_the_same_queries_for_many_rows(
    alice, django_assert_max_num_queries
):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    for n in range(20):
        row_add(conversation=conversation, type="result", description=f"row {n}")
    client = Client()
    client.force_login(alice)
    with django_assert_max_num_queries(4):  # session, user, conversation, rows
        response = client.get(f"/chat/api/conversations/{conversation.conversation_id}/rows")
    assert len(response.json()["rows"]) == 20
