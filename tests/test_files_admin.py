"""Operators see running-table rows in the admin, with signed download links."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from chat.services import conversation_get_or_create
from files.services import row_add

pytestmark = pytest.mark.django_db


def test_an_operator_sees_a_row_and_its_signed_link(admin, alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    row = row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'wells.csv'",
        file_name="wells.csv",
        content=b"a\n1\n",
    )
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/files/row/")
    assert listing.status_code == 200
    assert b"wells.csv" in listing.content
    page = client.get(f"/admin/files/row/{row.pk}/change/")
    assert page.status_code == 200
    assert b'href="/files/' in page.content


def test_a_user_who_is_not_staff_cannot_open_the_rows_admin(alice):
    client = Client()
    client.force_login(alice)
    response = client.get("/admin/files/row/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
