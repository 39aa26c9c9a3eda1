"""The names a file has: ours on storage (never the client's path), the client's for display."""

from __future__ import annotations

import math
import uuid
from pathlib import PurePosixPath

import pytest

from chat.services import conversation_get_or_create
from files.models import Row
from files.selectors import row_read_bytes
from files.services import display_name_for, row_add, stored_name_for

pytestmark = pytest.mark.django_db

HOSTILE = [
    "../../etc/passwd",
    "..\\..\\x",
    "/etc/passwd",
    "C:\\Windows\\system32\\cmd.exe",
    "a\x00b.csv",
    "\x00",
    "..",
    ".",
    "...",
    " . . ",
    "   ",
    "",
    ".htaccess",
    ".env",
    "-rf.csv",
    "CON.csv",
    "x" * 5000 + ".csv",
    "é" * 400 + ".xlsx",
    "🛢️ production.csv",
    "数据.csv",
    "a/../../b.csv",
    "name\nwith\rnewlines.csv",
    "evil\u202egpj.exe",
]


@pytest.fixture
def conversation(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    return conversation


@pytest.mark.parametrize("name", HOSTILE)
def test_a_stored_name_stays_in_the_conversations_folder(conversation, name):
    stored = stored_name_for(conversation=conversation, file_name=name)
    parts = PurePosixPath(stored).parts
    assert parts[:3] == (
        "conversations",
        str(conversation.user_id),
        str(conversation.conversation_id),
    )
    assert len(parts) == 4
    base = parts[3]
    assert base and base.isascii() and base.isprintable()
    assert not base.startswith((".", "-"))
    assert ".." not in base and "\\" not in base and ":" not in base
    assert len(base) <= 100


@pytest.mark.parametrize("name", HOSTILE)
def test_row_add_stores_a_hostile_name_inside_media_root(conversation, settings, name):
    row = row_add(
        conversation=conversation, type="userinput", description="d", file_name=name, content=b"1"
    )
    path = (settings.MEDIA_ROOT / row.file.name).resolve()
    assert path.is_relative_to(settings.MEDIA_ROOT / "conversations")
    assert path.read_bytes() == b"1"
    assert row.original_name == display_name_for(name)
    assert 0 < len(row.original_name) <= 255


def test_the_extension_is_kept_and_lowered_in_the_stored_name(conversation):
    assert stored_name_for(conversation=conversation, file_name="Prod Data.CSV").endswith(
        "/Prod_Data.csv"
    )


def test_a_dotfile_loses_its_leading_dot(conversation):
    assert stored_name_for(conversation=conversation, file_name=".htaccess").endswith("/htaccess")


def test_a_name_of_only_dots_or_spaces_becomes_file(conversation):
    for name in ("...", " . ", "", "\x00"):
        assert stored_name_for(conversation=conversation, file_name=name).endswith("/file")
        assert display_name_for(name) == "file"


def test_accented_letters_keep_their_base_letter_on_storage(conversation):
    assert stored_name_for(conversation=conversation, file_name="données.csv").endswith(
        "/donnees.csv"
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\x", "x"),
        ("C:\\data\\wells.csv", "wells.csv"),
        ("a\x00b.csv", "ab.csv"),
        ("evil\u202egpj.exe", "evilgpj.exe"),
        ("  spaced.csv  ", "spaced.csv"),
        ("données.csv", "données.csv"),
    ],
)
def test_the_display_name_is_the_printable_base_name(name, shown):
    assert display_name_for(name) == shown


def test_a_long_display_name_keeps_its_extension():
    shown = display_name_for("é" * 400 + ".xlsx")
    assert len(shown) == 255
    assert shown.endswith(".xlsx")


def test_row_add_reads_the_name_of_a_django_file_when_none_is_given(conversation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    row = row_add(
        conversation=conversation,
        type="userinput",
        description="d",
        content=SimpleUploadedFile("wells.csv", b"a\n1\n"),
    )
    assert row.original_name == "wells.csv"
    assert row.file.name.endswith("/wells.csv")
    assert row_read_bytes(row) == b"a\n1\n"


def test_row_add_refuses_data_that_is_not_strict_json_and_stores_nothing(conversation, settings):
    with pytest.raises(ValueError):
        row_add(
            conversation=conversation,
            type="result",
            description="d",
            data={"npv": math.nan},
            file_name="a.csv",
            content=b"1",
        )
    assert not Row.objects.exists()
    assert not (settings.MEDIA_ROOT / "conversations").exists()
