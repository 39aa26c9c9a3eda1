"""Token budgets (a day, a month), per-user overrides, usage, and questions per minute.

Answers come from the fake OpenAI server, whose streams report the usage
each test chooses; the expected figures are those usages added up here.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from accounts import budgets
from accounts.models import TokenAllowance, TokenUsageDay
from accounts.tokens import mint_access_token
from chat.models import Message
from tests.fake_openai import events_until, next_output, open_socket, socket_path, text_stream

pytestmark = pytest.mark.django_db(transaction=True)


async def _ask(user, question: str, conversation_id=None) -> list[dict]:
    communicator = await open_socket(
        socket_path(mint_access_token(user), conversationID=conversation_id or uuid.uuid4())
    )
    await communicator.send_to(text_data=question)
    events = await events_until(communicator, "done")
    await communicator.disconnect()
    return events


def _usage(client) -> dict:
    response = client.get("/users/me/usage")
    assert response.status_code == 200
    return response.json()


async def test_usage_adds_up_the_answers_tokens_for_the_day_and_month(
    settings, fake_openai, alice, alice_client, agent
):
    settings.TOKEN_BUDGET_DAILY = 50_000
    settings.TOKEN_BUDGET_MONTHLY = 0
    fake_openai.queue(text_stream("One.", usage=(1200, 300)), text_stream("Two.", usage=(800, 45)))
    await _ask(alice, "first question")
    await _ask(alice, "second question")
    usage = await sync_to_async(_usage)(alice_client)
    today = dt.datetime.now(dt.UTC).date()
    prompt, completion = 1200 + 800, 300 + 45
    assert usage["day"] == {
        "start": today.isoformat(),
        "resets_at": f"{today + dt.timedelta(days=1)}T00:00:00Z",
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "limit": 50_000,
        "remaining": 50_000 - prompt - completion,
    }
    assert usage["month"]["start"] == today.replace(day=1).isoformat()
    assert usage["month"]["total_tokens"] == prompt + completion
    assert usage["month"]["limit"] is None and usage["month"]["remaining"] is None
    assert usage["questions_per_minute"] == settings.CHAT_QUESTIONS_PER_MINUTE


def test_usage_needs_a_token(anon_client):
    assert anon_client.get("/users/me/usage").status_code == 401


async def test_a_spent_daily_budget_refuses_the_next_question_with_error_and_done(
    settings, fake_openai, alice, agent
):
    settings.TOKEN_BUDGET_DAILY = 200
    fake_openai.queue(text_stream("A long answer.", usage=(150, 60)))
    conversation_id = uuid.uuid4()
    await _ask(alice, "use most of it", conversation_id)
    saved = await Message.objects.filter(conversation__user=alice).acount()

    events = await _ask(alice, "one more?", conversation_id)
    assert [e["event_type"] for e in events] == ["error", "done"]
    assert events[0]["content"].startswith(
        "Your daily token budget of 200 tokens is spent (210 used); it renews at "
    )
    assert events[1]["message_id"] is None
    assert await Message.objects.filter(conversation__user=alice).acount() == saved
    assert len(fake_openai.chat_requests) == 1  # the model was not called again


async def test_a_spent_monthly_budget_refuses_too(settings, fake_openai, alice, agent):
    settings.TOKEN_BUDGET_DAILY = 0
    settings.TOKEN_BUDGET_MONTHLY = 100
    await sync_to_async(budgets.usage_record)(
        user_id=alice.pk, prompt_tokens=90, completion_tokens=10
    )
    events = await _ask(alice, "anything")
    assert "Your monthly token budget of 100 tokens is spent (100 used)" in events[0]["content"]


async def test_deleting_a_conversation_gives_no_tokens_back(settings, fake_openai, alice, agent):
    settings.TOKEN_BUDGET_DAILY = 100
    fake_openai.queue(text_stream("Answer.", usage=(70, 40)))
    conversation_id = uuid.uuid4()
    await _ask(alice, "spend it", conversation_id)
    client = Client()
    await sync_to_async(client.force_login)(alice)
    deleted = await sync_to_async(client.delete)(f"/history/{conversation_id}")
    assert deleted.status_code == 204
    events = await _ask(alice, "again")
    assert events[0]["event_type"] == "error" and "spent (110 used)" in events[0]["content"]


def test_an_override_set_in_the_admin_wins_over_the_default(settings, admin, alice, bob):
    settings.TOKEN_BUDGET_DAILY = 100
    budgets.usage_record(user_id=alice.pk, prompt_tokens=100, completion_tokens=0)
    budgets.usage_record(user_id=bob.pk, prompt_tokens=100, completion_tokens=0)
    operator = Client()
    operator.force_login(admin)
    response = operator.post(
        f"/admin/accounts/user/{alice.pk}/change/",
        {
            "email": alice.email,
            "is_active": "on",
            "allowance-TOTAL_FORMS": "1",
            "allowance-INITIAL_FORMS": "0",
            "allowance-MIN_NUM_FORMS": "0",
            "allowance-MAX_NUM_FORMS": "1",
            "allowance-0-daily_tokens": "5000",
            "allowance-0-monthly_tokens": "",
            "allowance-0-questions_per_minute": "3",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    allowance = TokenAllowance.objects.get(user=alice)
    assert (allowance.daily_tokens, allowance.monthly_tokens) == (5000, None)
    assert budgets.budget_refusal(alice) is None
    assert "daily token budget of 100 tokens is spent" in budgets.budget_refusal(bob)
    assert budgets.limits_for(alice).questions_per_minute == 3

    page = operator.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()
    assert "100 of 5,000" in page
    ledger = operator.get("/admin/accounts/tokenusageday/").content.decode()
    assert alice.email in ledger and bob.email in ledger


@pytest.mark.usefixtures("builtin_fast")
async def test_questions_past_the_minutes_limit_get_error_and_done(
    settings, monkeypatch, alice, bob, agent
):
    settings.CHAT_QUESTIONS_PER_MINUTE = 2
    monkeypatch.setattr(budgets, "_clock", lambda: 1_800_000_000.0 + 12)  # all in one minute
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=uuid.uuid4(), keep_open=1)
    )
    for question in ["hello", "hello again"]:
        await communicator.send_to(text_data=question)
        assert (await events_until(communicator, "done"))[-1]["message_id"] is not None
    await communicator.send_to(text_data="and again")
    error = await next_output(communicator)
    assert error == {
        "event_type": "error",
        "content": "Too many questions: at most 2 a minute. Try again in 48 s "
        "(the running answer, if any, goes on).",
    }
    assert (await next_output(communicator))["event_type"] == "done"
    await communicator.disconnect()
    # Another user has a count of their own; the next minute starts a new count.
    assert (await _ask(bob, "hello"))[-1]["message_id"] is not None
    monkeypatch.setattr(budgets, "_clock", lambda: 1_800_000_000.0 + 61)
    assert (await _ask(alice, "hello once more"))[-1]["message_id"] is not None
    assert await TokenUsageDay.objects.filter(user=alice).acount() == 1
