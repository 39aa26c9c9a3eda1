"""POST /upload/<conversationID>: a file becomes a `userinput` row of the running table."""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.files.storage import default_storage

from chat.models import Conversation
from chat.services import conversation_get_or_create
from files.models import Row
from files.selectors import row_read_bytes
from tests.test_files_support import post_raw, upload

pytestmark = pytest.mark.django_db

CSV = b"month,oil\n1,100\n2,90\n"


def test_an_upload_answers_like_the_old_backend_and_adds_a_userinput_row(alice, alice_client):
    conversation_id = uuid.uuid4()
    response = upload(alice_client, conversation_id, "testing features data.csv", CSV)
    assert response.status_code == 200
    assert response.json() == {"message": "File uploaded successfully!", "file_path_db_rowid": 1}
    row = Row.objects.get(conversation__user=alice, conversation__conversation_id=conversation_id)
    assert row.rowid == 1
    assert row.type == "userinput"
    assert row.description == (
        "User uploads file 'testing features data.csv', saving location is in this row."
    )
    assert row.original_name == "testing features data.csv"
    assert row_read_bytes(row) == CSV


def test_an_upload_creates_the_conversation_and_lists_it_in_history(alice, alice_client):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "a.csv", CSV)
    conversation = Conversation.objects.get(user=alice, conversation_id=conversation_id)
    assert conversation.is_listed


def test_an_upload_to_an_existing_conversation_gets_the_next_rowid(alice, alice_client):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    first = upload(alice_client, conversation.conversation_id, "a.csv", CSV)
    second = upload(alice_client, conversation.conversation_id, "b.csv", CSV)
    assert [first.json()["file_path_db_rowid"], second.json()["file_path_db_rowid"]] == [1, 2]
    assert Conversation.objects.filter(user=alice).count() == 1


def test_the_path_with_a_trailing_slash_is_answered_without_a_redirect(alice_client):
    conversation_id = uuid.uuid4()
    response = alice_client.post(
        f"/upload/{conversation_id}/",
        {"file": __import__("io").BytesIO(CSV)},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["file_path_db_rowid"] == 1


def test_two_users_uploading_to_the_same_conversation_id_get_separate_tables(
    alice, bob, alice_client, bob_client
):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "alice.csv", CSV)
    response = upload(bob_client, conversation_id, "bob.csv", CSV)
    assert response.json()["file_path_db_rowid"] == 1
    assert Row.objects.get(conversation__user=bob).original_name == "bob.csv"
    assert Row.objects.get(conversation__user=alice).original_name == "alice.csv"


def test_two_uploads_of_the_same_name_make_two_rows_with_two_stored_files(alice_client):
    conversation_id = uuid.uuid4()
    upload(alice_client, conversation_id, "a.csv", b"x\n1\n")
    upload(alice_client, conversation_id, "a.csv", b"x\n2\n")
    first, second = Row.objects.order_by("rowid")
    assert first.file.name != second.file.name
    assert first.original_name == second.original_name == "a.csv"
    assert row_read_bytes(first) == b"x\n1\n"
    assert row_read_bytes(second) == b"x\n2\n"


def test_an_empty_file_is_accepted_and_stored_as_zero_bytes(alice_client):
    response = upload(alice_client, uuid.uuid4(), "empty.csv", b"")
    assert response.status_code == 200
    row = Row.objects.get()
    assert default_storage.size(row.file.name) == 0
    assert row_read_bytes(row) == b""


@pytest.mark.parametrize(
    ("sent_name", "shown_name"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/etc/shadow", "shadow"),
        (".htaccess", ".htaccess"),
        ("...", "file"),
        ("données de production.csv", "données de production.csv"),
        ("生产数据.xlsx", "生产数据.xlsx"),
    ],
)
def test_a_hostile_file_name_is_shown_but_never_used_as_a_path(
    alice, alice_client, settings, sent_name, shown_name
):
    conversation_id = uuid.uuid4()
    response = post_raw(alice_client, conversation_id, filename=sent_name, content=CSV)
    assert response.status_code == 200, response.content
    row = Row.objects.get()
    assert row.original_name == shown_name
    assert row.description == f"User uploads file '{shown_name}', saving location is in this row."
    prefix = f"conversations/{alice.pk}/{conversation_id}/"
    assert row.file.name.startswith(prefix)
    base = row.file.name[len(prefix) :]
    assert "/" not in base and "\\" not in base and ".." not in base
    assert not base.startswith(".")
    assert base.isascii()
    stored = settings.MEDIA_ROOT / row.file.name
    assert stored.resolve().is_relative_to(settings.MEDIA_ROOT)
    assert stored.read_bytes() == CSV


def test_control_characters_in_a_name_are_dropped_before_it_is_shown(alice_client):
    response = post_raw(
        alice_client, uuid.uuid4(), filename="report\x00\x1b\u202egpj.csv", content=CSV
    )
    assert response.status_code == 200
    row = Row.objects.get()
    assert row.original_name == "reportgpj.csv"
    assert "\x00" not in row.file.name


def test_a_very_long_name_is_shortened_and_keeps_its_extension(alice_client):
    # 800 characters: Django skips parts whose headers pass 1 KB (then: no file, 422).

    response = post_raw(alice_client, uuid.uuid4(), filename="w" * 800 + ".csv", content=CSV)
    assert response.status_code == 200
    row = Row.objects.get()
    assert len(row.original_name) == 255
    assert row.original_name.endswith(".csv")
    assert row.file.name.endswith(".csv")
    assert len(row.file.name.rsplit("/", 1)[-1]) <= 100


def test_an_upload_tells_the_conversations_sockets_about_the_new_row(
    alice, alice_client, django_capture_on_commit_callbacks
):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(conversation.group_name, channel)
    with django_capture_on_commit_callbacks(execute=True):
        upload(alice_client, conversation.conversation_id, "a.csv", CSV)
    message = async_to_sync(layer.receive)(channel)
    assert message["event"] == {
        "event_type": "artifact",
        "rowid": 1,
        "type": "userinput",
        "description": "User uploads file 'a.csv', saving location is in this row.",
    }


def test_a_request_without_a_file_gets_fastapis_422(alice_client):
    response = alice_client.post(f"/upload/{uuid.uuid4()}", {"other": "x"}, format="multipart")
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"type": "missing", "loc": ["body", "file"], "msg": "Field required", "input": None}
        ]
    }
    assert not Row.objects.exists()


def test_a_json_body_is_a_missing_file_not_a_415(alice_client):
    response = alice_client.post(f"/upload/{uuid.uuid4()}", {"file": "x"}, format="json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "file"]


def test_a_file_named_dot_dot_is_dropped_by_the_parser_and_counts_as_missing(alice_client):
    response = post_raw(alice_client, uuid.uuid4(), filename="..", content=CSV)
    assert response.status_code == 422
    assert not Row.objects.exists()


def test_a_malformed_conversation_id_gets_422_naming_the_path(alice_client):
    response = upload(alice_client, "not-a-uuid", "a.csv", CSV)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["path", "conversationID"]
    assert problem["input"] == "not-a-uuid"
    assert not Row.objects.exists()


def test_an_anonymous_upload_is_refused_with_401(anon_client):
    response = upload(anon_client, uuid.uuid4(), "a.csv", CSV)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert not Row.objects.exists()


def test_an_outsider_uploading_to_someone_elses_conversation_id_never_touches_it(alice, bob_client):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    response = upload(bob_client, conversation.conversation_id, "a.csv", CSV)
    assert response.status_code == 200
    assert not Row.objects.filter(conversation=conversation).exists()
    assert Row.objects.get().conversation.user.email == "bob@example.com"
