"""GET /files/<signed token>: the links in /db/<id>/<rowid> download without headers and expire."""

from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from chat.services import conversation_get_or_create
from files.models import Row
from files.selectors import row_download_token
from files.services import row_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    return conversation


def _add_file(conversation, name: str, content: bytes) -> Row:
    return row_add(
        conversation=conversation,
        type="userinput",
        description="upload",
        file_name=name,
        content=content,
    )


def _link(client, conversation, row: Row) -> str:
    url = client.get(f"/db/{conversation.conversation_id}/{row.rowid}").json()["url"]
    return urlsplit(url).path


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_link_downloads_the_file_without_any_credentials(conversation, alice_client):
    row = _add_file(conversation, "Production 2024.csv", b"month,oil\n1,100\n")
    path = _link(alice_client, conversation, row)
    response = APIClient().get(path)
    assert response.status_code == 200
    assert _body(response) == b"month,oil\n1,100\n"
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="Production 2024.csv"'


def test_a_link_works_with_a_trailing_slash_and_a_stale_bearer_header(conversation, alice_client):
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    path = _link(alice_client, conversation, row)
    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = stale.get(path + "/")
    assert response.status_code == 200
    assert _body(response) == b"x\n1\n"


def test_a_png_chart_is_served_as_an_image_for_img_tags(conversation, alice_client):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    row = _add_file(conversation, "decline.png", png)
    response = APIClient().get(_link(alice_client, conversation, row))
    assert response["Content-Type"] == "image/png"
    assert _body(response) == png


def test_an_uploaded_html_file_downloads_as_opaque_bytes_never_as_a_page(
    conversation, alice_client
):
    row = _add_file(conversation, "evil.html", b"<script>alert(1)</script>")
    response = APIClient().get(_link(alice_client, conversation, row))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_unicode_name_is_kept_in_the_download(conversation, alice_client):
    row = _add_file(conversation, "données.xlsx", b"PK\x03\x04")
    response = APIClient().get(_link(alice_client, conversation, row))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''donn%C3%A9es.xlsx"


def test_a_data_row_downloads_its_data_as_json(conversation, alice_client):
    row = row_add(conversation=conversation, type="result", description="NPV", data={"npv": 12.5})
    response = APIClient().get(_link(alice_client, conversation, row))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"npv": 12.5}
    assert "attachment" in response["Content-Disposition"]


def test_a_link_older_than_the_max_age_is_refused(conversation, settings):
    settings.FILE_URL_MAX_AGE_SECONDS = 600
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    fresh = row_download_token(row, issued_at=time.time() - 590)
    stale = row_download_token(row, issued_at=time.time() - 610)
    assert APIClient().get(f"/files/{fresh}").status_code == 200
    response = APIClient().get(f"/files/{stale}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_shorter_max_age_expires_links_already_given_out(conversation, settings):
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    token = row_download_token(row, issued_at=time.time() - 120)
    assert APIClient().get(f"/files/{token}").status_code == 200
    settings.FILE_URL_MAX_AGE_SECONDS = 60
    assert APIClient().get(f"/files/{token}").status_code == 404


def test_a_tampered_link_is_refused(conversation, alice):
    mine = _add_file(conversation, "mine.csv", b"mine\n")
    other, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    target = _add_file(other, "target.csv", b"target\n")
    token = row_download_token(mine)
    _pk, timestamp, signature = token.split(":")
    forged = f"{target.pk}:{timestamp}:{signature}"
    assert APIClient().get(f"/files/{forged}").status_code == 404
    assert APIClient().get(f"/files/{token[:-1]}x").status_code == 404
    assert APIClient().get("/files/garbage").status_code == 404


def test_a_link_to_a_deleted_row_is_refused(conversation, alice_client):
    row = _add_file(conversation, "a.csv", b"x\n1\n")
    path = _link(alice_client, conversation, row)
    row.delete()
    assert APIClient().get(path).status_code == 404


def test_no_public_media_path_serves_stored_files(conversation, settings):
    row = _add_file(conversation, "a.csv", b"secret\n")
    assert (settings.MEDIA_ROOT / row.file.name).exists()
    response = APIClient().get(f"/media/{row.file.name}")
    assert response.status_code == 404
