"""GET /history/<id>/export?format=md|json: download a whole conversation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from agents.models import Agent
from chat.models import Conversation, Message
from chat.services import answer_begin, answer_finish, conversation_get_or_create
from files.services import row_add

MOMENT = datetime(2025, 3, 17, 19, 48, 52, 225273, tzinfo=UTC)


def analysed(user, *, conversation_id: uuid.UUID | None = None) -> Conversation:
    """A titled conversation with the Production Agent: two messages and a row."""
    agent = Agent.objects.get(label="Production Agent")
    conversation, _ = conversation_get_or_create(
        user=user, conversation_id=conversation_id, agent=agent
    )
    question, answer = answer_begin(
        conversation=conversation, agent=agent, question="Fit a decline to row 1"
    )
    answer_finish(
        message_id=answer.pk,
        conversation=conversation,
        content="qi = 812 bbl/d, b = 0.9",
        status=Message.Status.COMPLETE,
        prompt_tokens=120,
        completion_tokens=30,
    )
    # Fixed times, so the download's text can be checked exactly.
    Message.objects.filter(pk=question.pk).update(created_at=MOMENT)
    Message.objects.filter(pk=answer.pk).update(created_at=MOMENT.replace(second=58))
    row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'well|7.csv', saving location is in this row.",
        content=b"date,oil\n",
        file_name="well7.csv",
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        title_summary="Reading CSV File Data", has_title=True
    )
    conversation.refresh_from_db()
    return conversation


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/history/{}/export?format=md", "/history/{}/export/"])
def test_markdown_is_the_default_and_holds_every_message(alice, alice_client, path):
    conversation = analysed(alice)
    response = alice_client.get(path.format(conversation.conversation_id))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert response["Content-Disposition"] == 'attachment; filename="reading-csv-file-data.md"'
    text = response.content.decode()
    assert text.startswith("# Reading CSV File Data\n")
    assert "- Agent: Production Agent" in text
    assert f"- Conversation: {conversation.conversation_id}" in text
    assert "- Tokens: 150" in text
    assert "## You · 2025-03-17 19:48:52 UTC\n\nFit a decline to row 1" in text
    assert "## Agent · 2025-03-17 19:48:58 UTC\n\nqi = 812 bbl/d, b = 0.9" in text
    assert text.index("Fit a decline") < text.index("qi = 812")
    assert "| 1 | userinput | User uploads file 'well\\|7.csv'" in text


@pytest.mark.django_db
def test_json_holds_metadata_messages_and_rows(alice, alice_client):
    conversation = analysed(alice)
    response = alice_client.get(f"/history/{conversation.conversation_id}/export?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="reading-csv-file-data.json"'
    body = response.json()
    assert body["conversation_id"] == str(conversation.conversation_id)
    assert body["title_summary"] == "Reading CSV File Data"
    assert body["agent"] == "Production Agent"
    assert body["tokens"] == {"prompt": 120, "completion": 30, "total": 150}
    assert body["messages"] == [
        {
            "sender": "You",
            "role": "user",
            "content": "Fit a decline to row 1",
            "status": "complete",
            "created_at": "2025-03-17T19:48:52.225273+00:00",
            "tokens": {"prompt": 0, "completion": 0, "total": 0},
        },
        {
            "sender": "Agent",
            "role": "assistant",
            "content": "qi = 812 bbl/d, b = 0.9",
            "status": "complete",
            "created_at": "2025-03-17T19:48:58.225273+00:00",
            "tokens": {"prompt": 120, "completion": 30, "total": 150},
        },
    ]
    [row] = body["rows"]
    assert (row["rowid"], row["type"]) == (1, "userinput")
    assert row["description"].startswith("User uploads file 'well|7.csv'")


@pytest.mark.django_db
def test_a_title_with_no_usable_characters_falls_back_to_the_id(alice, alice_client):
    conversation = analysed(alice)
    Conversation.objects.filter(pk=conversation.pk).update(title_summary="???")
    response = alice_client.get(f"/history/{conversation.conversation_id}/export?format=json")
    assert response["Content-Disposition"] == (
        f'attachment; filename="conversation-{conversation.conversation_id}.json"'
    )


@pytest.mark.django_db
def test_an_unknown_format_is_a_422_naming_the_query_parameter(alice, alice_client):
    conversation = analysed(alice)
    response = alice_client.get(f"/history/{conversation.conversation_id}/export?format=pdf")
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "format"]
    assert problem["input"] == "pdf"


@pytest.mark.django_db
def test_outsider_cannot_export_another_users_conversation(alice, bob_client):
    conversation = analysed(alice)
    response = bob_client.get(f"/history/{conversation.conversation_id}/export?format=json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_an_unknown_conversation_is_a_404(alice_client):
    response = alice_client.get(f"/history/{uuid.uuid4()}/export?format=md")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_malformed_id_is_a_422(alice_client):
    response = alice_client.get("/history/abc/export?format=md")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "conversationID"]


@pytest.mark.django_db
def test_an_anonymous_request_is_refused(alice, anon_client):
    conversation = analysed(alice)
    response = anon_client.get(f"/history/{conversation.conversation_id}/export?format=md")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
