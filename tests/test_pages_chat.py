"""The chat page: its first state comes from the server, for its owner only."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from agents.selectors import agent_list_active
from chat.models import Conversation, Message
from chat.services import (
    answer_begin,
    answer_finish,
    conversation_delete,
    conversation_get_or_create,
    conversation_title_generate_save,
)
from files.services import row_add
from files.tables import TABLE_EXTENSIONS, is_table_name

pytestmark = pytest.mark.django_db


def browser_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def conversation_with_answer(user, *, question: str, answer: str, title: str | None = None):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=uuid.uuid4())
    agent = agent_list_active().first()
    _, placeholder = answer_begin(conversation=conversation, agent=agent, question=question)
    message_id = answer_finish(
        message_id=placeholder.pk,
        conversation=conversation,
        content=answer,
        status=Message.Status.COMPLETE,
    )
    if title:
        conversation_title_generate_save(conversation=conversation, title=title)
    return conversation, message_id


def test_chat_page_lists_the_users_history_and_not_bobs(alice, bob):
    conversation_with_answer(alice, question="q", answer="a", title="Eagle Ford decline")
    conversation_with_answer(bob, question="q", answer="a", title="Bob's secret field")
    response = browser_for(alice).get("/chat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eagle Ford decline" in html
    assert "Bob&#x27;s secret field" not in html and "Bob's secret field" not in html


def test_history_is_newest_first(alice):
    conversation_with_answer(alice, question="q", answer="a", title="Older chat")
    conversation_with_answer(alice, question="q", answer="a", title="Newer chat")
    html = browser_for(alice).get("/chat/").content.decode()
    assert html.index("Newer chat") < html.index("Older chat")


def test_chat_page_shows_the_conversation_oldest_first(alice):
    conversation, _ = conversation_with_answer(
        alice, question="What is the EUR?", answer="The EUR is **412 Mbbl**."
    )
    html = browser_for(alice).get(f"/chat/{conversation.conversation_id}").content.decode()
    assert html.index("What is the EUR?") < html.index("<strong>412 Mbbl</strong>")
    assert 'class="msg msg--user"' in html


def test_agent_answers_are_rendered_as_sanitised_markdown(alice):
    hostile = (
        "# Result\n\n<script>alert('x')</script>\n\n"
        "[click](javascript:alert(1)) ![pixel](https://tracker.example/p.png)"
        '\n\n<img src=x onerror="alert(2)">'
    )
    conversation, _ = conversation_with_answer(alice, question="q", answer=hostile)
    html = browser_for(alice).get(f"/chat/{conversation.conversation_id}").content.decode()
    assert "<h1>Result</h1>" in html
    assert "alert(" not in html
    assert "tracker.example" not in html
    assert "onerror" not in html


def test_a_user_message_is_shown_as_text_never_as_html(alice):
    conversation, _ = conversation_with_answer(
        alice, question="<b>bold?</b><script>x()</script>", answer="ok"
    )
    html = browser_for(alice).get(f"/chat/{conversation.conversation_id}").content.decode()
    assert "&lt;b&gt;bold?&lt;/b&gt;&lt;script&gt;" in html
    assert "<script>x()" not in html


def test_an_outsiders_conversation_id_is_the_not_found_page(alice, bob):
    conversation, _ = conversation_with_answer(
        bob, question="Bob's private question", answer="Bob's private answer", title="Bob's well"
    )
    row_add(conversation=conversation, type="result", description="Bob's private row")
    response = browser_for(alice).get(f"/chat/{conversation.conversation_id}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This conversation does not exist" in html
    assert "Bob" not in html


def test_a_made_up_conversation_id_is_the_not_found_page(alice):
    response = browser_for(alice).get(f"/chat/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "This conversation does not exist" in html
    assert 'href="/chat/"' in html


def test_a_deleted_conversation_is_the_not_found_page(alice):
    conversation, _ = conversation_with_answer(alice, question="q", answer="a")
    client = browser_for(alice)
    path = f"/chat/{conversation.conversation_id}"
    assert client.get(path).status_code == 200
    conversation_delete(conversation=conversation)
    assert client.get(path).status_code == 404


def test_a_conversation_with_no_message_or_row_is_not_found(alice):
    # What a socket that connected and never asked leaves: nothing to show.
    conversation, _ = conversation_get_or_create(user=alice, conversation_id=uuid.uuid4())
    assert browser_for(alice).get(f"/chat/{conversation.conversation_id}").status_code == 404
    row_add(conversation=conversation, type="result", description="NPV 1.2 MM")
    assert browser_for(alice).get(f"/chat/{conversation.conversation_id}").status_code == 200


def test_visiting_the_chat_page_ten_times_makes_no_conversation(alice):
    client = browser_for(alice)
    for _ in range(10):
        assert client.get("/chat/").status_code == 200
    assert Conversation.objects.filter(user=alice).count() == 0
    assert client.get("/history/").json() == []


def test_the_running_table_is_rendered_with_the_page(alice):
    conversation, _ = conversation_with_answer(alice, question="q", answer="a")
    row_add(conversation=conversation, type="table", description="Monthly oil forecast")
    html = browser_for(alice).get(f"/chat/{conversation.conversation_id}").content.decode()
    assert "Monthly oil forecast" in html
    assert 'data-rowid="1"' in html


def test_a_new_chat_shows_what_to_do_first(alice):
    html = browser_for(alice).get("/chat/").content.decode()
    assert "Upload a production CSV and ask" in html
    assert "No conversations yet" in html


def test_the_agent_picker_lists_the_active_agents_and_the_conversations_agent(alice):
    agents = list(agent_list_active())
    assert len(agents) >= 2, "migrations make the default agents"
    conversation, _ = conversation_get_or_create(
        user=alice, conversation_id=uuid.uuid4(), agent=agents[1]
    )
    row_add(conversation=conversation, type="result", description="Scope 1: 1,204 tCO2e")
    response = browser_for(alice).get(f"/chat/{conversation.conversation_id}")
    html = response.content.decode()
    for agent in agents:
        assert f'<option value="{agent.label}"' in html
    assert f'<option value="{agents[1].label}" selected' in html
    assert response.context["config"]["agentName"] == agents[1].label


def test_the_page_sets_the_csrf_cookie_the_scripts_send_back(alice):
    response = browser_for(alice).get("/chat/")
    assert "csrftoken" in response.cookies


def test_a_malformed_conversation_id_is_not_found(alice):
    assert browser_for(alice).get("/chat/not-a-uuid").status_code == 404


def test_the_chat_page_costs_the_same_queries_for_many_conversations(
    alice, django_assert_max_num_queries
):
    for n in range(12):
        conversation, _ = conversation_with_answer(alice, question=f"q{n}", answer=f"a{n}")
        row_add(conversation=conversation, type="result", description=f"row {n}")
    client = browser_for(alice)
    path = f"/chat/{conversation.conversation_id}"
    # session, user, history, conversation, agents, messages, rows (+ a savepoint or two)
    with django_assert_max_num_queries(10):
        assert client.get(path).status_code == 200


def test_the_message_endpoint_returns_sanitised_html_to_its_owner(alice):
    _, message_id = conversation_with_answer(
        alice, question="q", answer="**NPV10** is $1.2 MM<script>steal()</script>"
    )
    response = browser_for(alice).get(f"/chat/api/messages/{message_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == message_id
    assert body["status"] == "complete"
    assert "<strong>NPV10</strong>" in body["html"]
    assert "script" not in body["html"]


def test_the_message_endpoint_refuses_an_outsider(alice, bob):
    _, message_id = conversation_with_answer(alice, question="q", answer="alice's answer")
    response = browser_for(bob).get(f"/chat/api/messages/{message_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_the_message_endpoint_needs_a_session():
    response = Client().get("/chat/api/messages/1")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_the_conversation_messages_endpoint_serves_the_owner(alice):
    conversation, message_id = conversation_with_answer(
        alice, question="<i>why</i>", answer="Because *decline*."
    )
    response = browser_for(alice).get(
        f"/chat/api/conversations/{conversation.conversation_id}/messages"
    )
    messages = response.json()["messages"]
    assert [m["is_user"] for m in messages] == [True, False]
    assert messages[0]["text"] == "<i>why</i>"
    assert "html" not in messages[0]
    assert messages[1]["id"] == message_id
    assert messages[1]["html"] == "<p>Because <em>decline</em>.</p>"


def test_the_conversation_messages_endpoint_shows_an_outsider_nothing(alice, bob):
    conversation, _ = conversation_with_answer(alice, question="secret", answer="secret")
    response = browser_for(bob).get(
        f"/chat/api/conversations/{conversation.conversation_id}/messages"
    )
    assert response.status_code == 200
    assert response.json() == {"messages": []}


def test_the_file_picker_offers_exactly_the_types_the_server_reads_as_tables(alice):
    html = browser_for(alice).get("/chat/").content.decode()
    accept = re.search(r'id="upload-input"[^>]*accept="([^"]+)"', html).group(1)
    offered = accept.split(",")
    assert set(offered) == set(TABLE_EXTENSIONS)
    for extension in offered:
        assert extension.startswith(".")
        assert is_table_name(f"production{extension}")
        assert is_table_name(f"PRODUCTION{extension.upper()}")


def test_the_favicon_is_served_at_the_address_browsers_ask_for():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header
