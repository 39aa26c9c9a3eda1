"""One ownership check: every way in to a conversation refuses an outsider alike.

Alice owns a conversation with a message and a row; Bob, holding its id,
tries every REST route, page, file route and the socket. Conversations are
keyed by (user, id): Bob only ever reaches an empty conversation of his own.
"""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts.tokens import mint_access_token
from chat.models import Conversation, Message
from chat.selectors import conversation_for_user, conversations_for_user, message_for_user
from chat.services import answer_begin, conversation_get_or_create
from files.services import row_add
from tests.fake_openai import events_until, open_socket, socket_path


@pytest.fixture
def owned(alice):
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    _, answer = answer_begin(conversation=conversation, agent=None, question="alice's secret")
    Message.objects.filter(pk=answer.pk).update(content="the answer", status="complete")
    row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'secret.csv', saving location is in this row.",
        file_name="secret.csv",
        content=b"well,oil\nA,1\n",
    )
    return conversation


@pytest.mark.django_db
def test_the_selector_finds_only_the_owners_conversation(alice, bob, owned):
    key = owned.conversation_id
    assert conversation_for_user(user=alice, conversation_id=key) == owned
    assert conversation_for_user(user=bob, conversation_id=key) is None
    assert conversation_for_user(user=alice, conversation_id="not-a-uuid") is None
    assert list(conversations_for_user(user=bob)) == []
    answer = owned.messages.get(role="assistant")
    assert message_for_user(user=bob, message_id=answer.pk).first() is None
    assert message_for_user(user=alice, message_id=answer.pk).first() == answer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("get", "/get_history_conversation/{id}", 200, []),
        ("get", "/get_history_conversatino/{id}", 200, []),
        ("patch", "/history/{id}", 404, {"detail": "Not Found"}),
        ("delete", "/history/{id}", 404, {"detail": "Not Found"}),
        ("get", "/history/{id}/export?format=json", 404, {"detail": "Not Found"}),
        ("get", "/db/{id}", 200, []),
        ("get", "/db/{id}/1", 404, {"detail": "Not Found"}),
    ],
)
def test_an_outsider_is_refused_on_every_rest_route(bob_client, owned, method, path, status, body):
    url = path.format(id=owned.conversation_id)
    if method == "patch":
        response = bob_client.patch(url, {"title_summary": "mine"}, format="json")
    else:
        response = getattr(bob_client, method)(url)
    assert response.status_code == status
    assert response.json() == body
    assert bob_client.get("/history/").json() == []


@pytest.mark.django_db
def test_an_outsiders_upload_lands_in_a_conversation_of_their_own(bob, bob_client, owned):
    import io

    upload = io.BytesIO(b"x\n1\n")
    upload.name = "mine.csv"
    response = bob_client.post(f"/upload/{owned.conversation_id}", {"file": upload})
    assert response.status_code == 200
    assert response.json()["file_path_db_rowid"] == 1  # Bob's row 1, not Alice's row 2
    assert owned.rows.count() == 1
    assert Conversation.objects.filter(conversation_id=owned.conversation_id).count() == 2


@pytest.mark.django_db
def test_an_outsider_sees_nothing_of_the_owner_in_the_pages(bob, owned):
    client = Client()
    client.force_login(bob)
    page = client.get(f"/chat/{owned.conversation_id}")
    assert b"alice&#x27;s secret" not in page.content and b"alice's secret" not in page.content
    assert b"secret.csv" not in page.content
    answer = owned.messages.get(role="assistant")
    assert client.get(f"/chat/api/messages/{answer.pk}").status_code == 404
    messages = client.get(f"/chat/api/conversations/{owned.conversation_id}/messages")
    assert messages.json() == {"messages": []}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_an_outsiders_socket_gets_a_conversation_of_their_own(bob, agent, owned):
    communicator = await open_socket(
        socket_path(mint_access_token(bob), conversationID=owned.conversation_id, keep_open=1)
    )
    await communicator.send_to(text_data="what is in my file?")
    events = await events_until(communicator, "done")
    assert "secret.csv" not in str(events)
    await communicator.disconnect()
    mine = await sync_to_async(conversation_for_user)(
        user=bob, conversation_id=owned.conversation_id
    )
    assert mine is not None and mine.pk != owned.pk
    assert await sync_to_async(owned.messages.count)() == 2  # Alice's question and answer only
