"""The conversations admin: who talked to which agent, and what it cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from agents.models import Agent
from chat.models import Conversation, Message
from chat.services import answer_begin, answer_finish, conversation_get_or_create
from files.services import row_add
from tests.conftest import make_user

CHANGELIST = "/admin/chat/conversation/"


@pytest.fixture
def admin_browser(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def priced(user, *, title: str, agent_label: str = "Production Agent", tokens=(100, 20)):
    """A titled conversation: a question, a costed answer and an uploaded file."""
    agent = Agent.objects.get(label=agent_label)
    conversation, _ = conversation_get_or_create(user=user, agent=agent)
    _, answer = answer_begin(conversation=conversation, agent=agent, question="Q?")
    answer_finish(
        message_id=answer.pk,
        conversation=conversation,
        content="An answer about decline.",
        status=Message.Status.COMPLETE,
        prompt_tokens=tokens[0],
        completion_tokens=tokens[1],
    )
    row_add(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'prod.csv', saving location is in this row.",
        content=b"date,oil\n",
        file_name="prod.csv",
    )
    Conversation.objects.filter(pk=conversation.pk).update(title_summary=title, has_title=True)
    conversation.refresh_from_db()
    return conversation


@pytest.mark.django_db
def test_the_changelist_shows_user_agent_counts_and_tokens(alice, admin_browser):
    priced(alice, title="Wolfcamp decline", tokens=(300, 45))
    response = admin_browser.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wolfcamp decline" in html
    assert "alice@example.com" in html
    assert '<td class="field-agent nowrap">Production Agent</td>' in html
    assert '<td class="field-message_count">2</td>' in html
    assert '<td class="field-total_tokens">345</td>' in html


@pytest.mark.django_db
def test_search_finds_conversations_by_title_and_by_user_email(alice, bob, admin_browser):
    priced(alice, title="Wolfcamp decline")
    priced(bob, title="Flare inventory", agent_label="ESG Agent")
    by_title = admin_browser.get(CHANGELIST, {"q": "flare"}).content.decode()
    assert "Flare inventory" in by_title and "Wolfcamp decline" not in by_title
    by_email = admin_browser.get(CHANGELIST, {"q": "alice@"}).content.decode()
    assert "Wolfcamp decline" in by_email and "Flare inventory" not in by_email


@pytest.mark.django_db
def test_the_list_filters_by_agent_and_by_date(alice, admin_browser):
    priced(alice, title="Wolfcamp decline")
    old = priced(alice, title="Flare inventory", agent_label="ESG Agent")
    Conversation.objects.filter(pk=old.pk).update(
        last_activity_at=timezone.now() - timedelta(days=60)
    )
    esg = Agent.objects.get(label="ESG Agent")
    by_agent = admin_browser.get(CHANGELIST, {"agent__id__exact": esg.pk}).content.decode()
    assert "Flare inventory" in by_agent and "Wolfcamp decline" not in by_agent
    # The admin's own "Past 7 days" link passes an aware datetime, like this.
    week_ago = (timezone.now() - timedelta(days=7)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    recent = admin_browser.get(
        CHANGELIST, {"last_activity_at__gte": str(week_ago)}
    ).content.decode()
    assert "Wolfcamp decline" in recent and "Flare inventory" not in recent


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 100])
def test_the_changelist_costs_the_same_queries_whatever_its_length(
    admin, admin_browser, django_assert_num_queries, count
):
    user = make_user("busy@example.com")
    for n in range(count):
        priced(user, title=f"Chat {n}", agent_label="ESG Agent", tokens=(n, 1))
    # Session and user, paginator counts, the page's one annotated query,
    # the agent filter's choices, the date hierarchy: none per conversation.
    with django_assert_num_queries(8):
        response = admin_browser.get(CHANGELIST)
    assert response.status_code == 200
    assert response.content.decode().count('class="field-message_count"') == count


@pytest.mark.django_db
def test_the_change_page_shows_messages_rows_and_token_totals_read_only(alice, admin_browser):
    conversation = priced(alice, title="Wolfcamp decline", tokens=(300, 45))
    response = admin_browser.get(f"{CHANGELIST}{conversation.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "An answer about decline." in html
    assert "User uploads file &#x27;prod.csv&#x27;" in html
    assert '<div class="readonly">345</div>' in html  # total tokens
    assert '<div class="readonly">300</div>' in html  # prompt tokens
    # Inline messages and rows are records: no inputs to edit them.
    assert 'name="messages-0-content"' not in html
    assert 'name="rows-0-description"' not in html


@pytest.mark.django_db
def test_the_admin_renames_a_conversation_from_its_change_page(alice, admin_browser):
    conversation = priced(alice, title="Wolfcamp decline")
    url = f"{CHANGELIST}{conversation.pk}/change/"
    page = admin_browser.get(url).context["adminform"].form
    assert set(page.fields) == {"title_summary", "has_title"}
    data = {
        "title_summary": "Wolfcamp, renamed",
        "has_title": "on",
        "messages-TOTAL_FORMS": "2",
        "messages-INITIAL_FORMS": "2",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
    }
    response = admin_browser.post(url, data)
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.title_summary == "Wolfcamp, renamed"
    assert conversation.messages.count() == 2


@pytest.mark.django_db
def test_deleting_in_the_admin_removes_the_stored_files(
    alice, admin_browser, django_capture_on_commit_callbacks
):
    conversation = priced(alice, title="Wolfcamp decline")
    stored = conversation.rows.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_browser.post(f"{CHANGELIST}{conversation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert not default_storage.exists(stored)


@pytest.mark.django_db
def test_the_delete_action_removes_the_selected_conversations_and_their_files(
    alice, bob, admin_browser, django_capture_on_commit_callbacks
):
    doomed = [priced(alice, title="One"), priced(alice, title="Two")]
    kept = priced(bob, title="Three")
    stored = [c.rows.get().file.name for c in doomed]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_browser.post(
            CHANGELIST,
            {
                "action": "delete_selected",
                "_selected_action": [str(c.pk) for c in doomed],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert list(Conversation.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not any(default_storage.exists(name) for name in stored)
    assert default_storage.exists(kept.rows.get().file.name)


@pytest.mark.django_db
def test_messages_have_a_read_only_admin(alice, admin_browser):
    conversation = priced(alice, title="Wolfcamp decline")
    response = admin_browser.get("/admin/chat/message/", {"q": "decline"})
    assert response.status_code == 200
    assert "An answer about decline." in response.content.decode()
    message = conversation.messages.get(role=Message.Role.ASSISTANT)
    page = admin_browser.get(f"/admin/chat/message/{message.pk}/change/")
    assert page.status_code == 200
    assert 'name="content"' not in page.content.decode()
    assert admin_browser.get("/admin/chat/message/add/").status_code == 403


@pytest.mark.django_db
def test_a_non_superuser_is_refused(alice):
    conversation = priced(alice, title="Wolfcamp decline")
    client = Client()
    client.force_login(alice)
    for url in [CHANGELIST, f"{CHANGELIST}{conversation.pk}/change/", "/admin/chat/message/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")
    client.post(f"{CHANGELIST}{conversation.pk}/delete/", {"post": "yes"})
    assert Conversation.objects.filter(pk=conversation.pk).exists()
