"""Exports that hold what the answers made: tables in Markdown, charts in HTML and ZIP."""

from __future__ import annotations

import base64
import io
import re
import uuid
import zipfile

import pytest
from PIL import Image

from agents.models import Agent
from chat.models import Message
from chat.services import (
    answer_begin,
    answer_finish,
    conversation_get_or_create,
    conversation_rename,
)
from files.services import row_add

pytestmark = pytest.mark.django_db

# Values whose reading form is known: big ones grouped and whole, then 1, 2, 3 significant decimals.
FORECAST_CSV = (
    b"month,oil_rate_bbl_d,cum_oil_bbl,decline_fraction,well\n"
    b"2025-01-01,412.46,12345.678,0.012345,Hawkins 1H\n"
    b"2025-02-01,58.6421,1500000,0.5,Hawkins 1H\n"
)


def png(width: int = 12, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (15, 118, 110)).save(buffer, format="PNG")
    return buffer.getvalue()


def fitted(user):
    agent = Agent.objects.get(label="Production Agent")
    conversation, _ = conversation_get_or_create(
        user=user, conversation_id=uuid.uuid4(), agent=agent
    )
    upload = row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'production_monthly.csv', saving location is in this row.",
        content=b"well_name,date,oil_bbl\nHawkins 1H,2024-01-01,100\n",
        file_name="production_monthly.csv",
    )
    _, answer = answer_begin(conversation=conversation, agent=agent, question="fit the oil")
    table = row_add(
        conversation=conversation,
        type="table",
        description="Decline forecast of oil for 1 well(s) from row 1",
        content=FORECAST_CSV,
        file_name="decline_forecast_oil.csv",
    )
    chart_png = png()
    chart = row_add(
        conversation=conversation,
        type="chart",
        description="Chart: oil history vs decline forecast (table row 2).",
        content=chart_png,
        file_name="decline_forecast_oil.png",
    )
    answer_finish(
        message_id=answer.pk,
        conversation=conversation,
        content="The **decline** is hyperbolic.",
        status=Message.Status.COMPLETE,
    )
    conversation_rename(conversation=conversation, title_summary="Hawkins decline")
    return conversation, upload, table, chart, chart_png


def download(client, conversation, fmt: str):
    response = client.get(f"/history/{conversation.conversation_id}/export?format={fmt}")
    assert response.status_code == 200, response.content[:300]
    return response


def test_markdown_shows_each_answers_table_rounded_for_reading(alice, alice_client):
    conversation, _, table, chart, _ = fitted(alice)
    text = download(alice_client, conversation, "md").content.decode()
    answer_at = text.index("The **decline** is hyperbolic.")
    block = text[answer_at : text.index("## Running table")]
    assert f"**Row {table.rowid} (table):** Decline forecast of oil" in block
    assert "| month | oil_rate_bbl_d | cum_oil_bbl | decline_fraction | well |" in block
    assert "|---|---:|---:|---:|---|" in block
    # Rounded independently of the code: >=1000 whole and grouped, >=100 one decimal,
    # >=1 two decimals, <1 three significant figures; whole numbers stay whole.
    first = ["2025-01-01", f"{412.46:.1f}", f"{round(12345.678):,}", "0.0123", "Hawkins 1H"]
    second = ["2025-02-01", f"{58.6421:.2f}", f"{1500000:,}", "0.500", "Hawkins 1H"]
    assert "| " + " | ".join(first) + " |" in block
    assert "| " + " | ".join(second) + " |" in block
    assert "*2 rows.*" in block
    assert f"*Chart, row {chart.rowid}: Chart: oil history" in block


def test_html_holds_the_charts_and_draws_the_tables(alice, alice_client):
    conversation, *_, chart_png = fitted(alice)
    response = download(alice_client, conversation, "html")
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"] == 'attachment; filename="hawkins-decline.html"'
    html = response.content.decode()
    encoded = base64.b64encode(chart_png).decode()
    assert f'<img src="data:image/png;base64,{encoded}"' in html
    assert "<strong>decline</strong>" in html
    assert '<td class="num">12,346</td>' in html
    assert "<script" not in html.lower()
    # Nothing in it loads from anywhere: it opens offline.
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_zip_holds_the_markdown_the_html_and_every_file(alice, alice_client):
    conversation, upload, table, chart, chart_png = fitted(alice)
    response = download(alice_client, conversation, "zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="hawkins-decline.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    chart_path = f"charts/row-{chart.rowid}.png"
    table_path = f"tables/row-{table.rowid}-decline_forecast_oil.csv"
    upload_path = f"uploads/row-{upload.rowid}-production_monthly.csv"
    assert names == {
        "hawkins-decline.md",
        "hawkins-decline.html",
        chart_path,
        table_path,
        upload_path,
    }
    assert archive.read(chart_path) == chart_png
    assert archive.read(table_path) == FORECAST_CSV
    markdown = archive.read("hawkins-decline.md").decode()
    assert f"]({chart_path})" in markdown
    assert f"Full table: `{table_path}`" in markdown
    html = archive.read("hawkins-decline.html").decode()
    assert f'<img src="{chart_path}"' in html


def test_a_stored_file_gone_missing_does_not_break_the_zip(alice, alice_client):
    conversation, _, table, chart, _ = fitted(alice)
    chart.file.storage.delete(chart.file.name)
    response = download(alice_client, conversation, "zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert f"charts/row-{chart.rowid}.png" not in archive.namelist()
    assert f"tables/row-{table.rowid}-decline_forecast_oil.csv" in archive.namelist()


def test_an_outsider_cannot_download_the_html_or_the_zip(alice, bob_client):
    conversation, *_ = fitted(alice)
    for fmt in ("html", "zip"):
        response = bob_client.get(f"/history/{conversation.conversation_id}/export?format={fmt}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


def test_the_exports_cost_the_same_queries_for_many_rows(
    alice, alice_client, django_assert_max_num_queries
):
    conversation, *_ = fitted(alice)
    for n in range(10):
        row_add(
            conversation=conversation, type="result", description=f"NPV case {n}", data={"npv": n}
        )
    for fmt in ("md", "html", "zip"):
        # user, conversation, messages with agents, rows (+ token checks)
        with django_assert_max_num_queries(8):
            download(alice_client, conversation, fmt)
