"""Searching conversations by the words of their titles and messages.

Runs on SQLite (a simple match) and, in the PostgreSQL pass, on full text
search with English stemming: the same behaviours hold on both, and each
engine's own extras are tested where it runs.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client

from agents.selectors import agent_list_active
from chat.models import Message
from chat.search import conversation_search
from chat.services import (
    answer_begin,
    answer_finish,
    conversation_get_or_create,
    conversation_rename,
)

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text search runs on PostgreSQL"
)


def chat_with(user, question: str, answer: str, *, title: str | None = None):
    conversation, _ = conversation_get_or_create(user=user, conversation_id=uuid.uuid4())
    _, placeholder = answer_begin(
        conversation=conversation, agent=agent_list_active().first(), question=question
    )
    answer_finish(
        message_id=placeholder.pk,
        conversation=conversation,
        content=answer,
        status=Message.Status.COMPLETE,
    )
    if title:
        conversation_rename(conversation=conversation, title_summary=title)
    return conversation, placeholder.pk


def search(user, query: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    response = client.get("/chat/api/search", {"q": query})
    assert response.status_code == 200
    return response.json()["results"]


def test_a_word_of_an_answer_finds_its_conversation(alice):
    wanted, answer_id = chat_with(
        alice,
        "fit a decline to the oil",
        "Hawkins 1H follows a **modified hyperbolic** decline with b = 1.10.",
        title="Oil decline",
    )
    chat_with(alice, "what are our emissions", "Scope 1 is 1,204 tCO2e.", title="Emissions")
    results = search(alice, "hyperbolic")
    assert [r["conversation_id"] for r in results] == [str(wanted.conversation_id)]
    hit = results[0]
    assert hit["title_summary"] == "Oil decline"
    assert hit["message_id"] == answer_id
    assert hit["sender"] == "Agent"
    marked = [piece["text"] for piece in hit["snippet"] if piece["match"]]
    assert [text.lower() for text in marked] == ["hyperbolic"]
    shown = "".join(piece["text"] for piece in hit["snippet"])
    assert "Hawkins 1H follows a modified hyperbolic decline" in shown
    assert "**" not in shown


def test_every_word_must_match(alice):
    both, _ = chat_with(alice, "q", "Gas from Mesquite 4H declines fast.")
    chat_with(alice, "q", "Gas prices are flat.")
    results = search(alice, "mesquite gas")
    assert [r["conversation_id"] for r in results] == [str(both.conversation_id)]


def test_a_title_finds_its_conversation(alice):
    titled, _ = chat_with(alice, "q", "an answer", title="Permian type curve")
    results = search(alice, "permian")
    assert [r["conversation_id"] for r in results] == [str(titled.conversation_id)]
    assert [p["text"] for p in results[0]["snippet"] if p["match"]] == ["Permian"]


def test_the_users_own_question_is_searched_too(alice):
    asked, _ = chat_with(alice, "What is the PV10 of Bluebonnet 3H?", "It is $4.1MM.")
    question = asked.messages.get(role=Message.Role.USER)
    hit = search(alice, "bluebonnet")[0]
    assert hit["conversation_id"] == str(asked.conversation_id)
    assert hit["sender"] == "You"
    assert hit["message_id"] == question.pk


def test_nobody_finds_another_users_conversations(alice, bob):
    chat_with(bob, "q", "Bob's confidential Wolfcamp acreage.", title="Wolfcamp secrets")
    assert search(alice, "wolfcamp") == []
    assert len(search(bob, "wolfcamp")) == 1


def test_a_conversation_is_found_once_whatever_the_number_of_matching_messages(alice):
    conversation, _ = chat_with(alice, "decline of the oil", "The oil decline is steep.")
    for n in range(3):
        _, placeholder = answer_begin(
            conversation=conversation, agent=None, question=f"and the oil decline {n}?"
        )
        answer_finish(
            message_id=placeholder.pk,
            conversation=conversation,
            content=f"Oil decline {n}.",
            status=Message.Status.COMPLETE,
        )
    results = search(alice, "oil decline")
    assert [r["conversation_id"] for r in results] == [str(conversation.conversation_id)]


def test_blank_or_punctuation_only_queries_find_nothing(alice):
    chat_with(alice, "q", "Some answer.")
    for query in ["", "   ", "%%%", "'\"--;"]:
        assert search(alice, query) == []


def test_hostile_queries_are_just_words(alice):
    chat_with(alice, "q", "The NPV10 is $1.2MM.")
    for query in ["npv10' OR 1=1 --", "npv10 & | ! :* (", "%npv10%", "npv10\\"]:
        results = search(alice, query)
        assert len(results) <= 1
    assert len(search(alice, "NPV10")) == 1


def test_a_very_long_query_is_cut_not_refused(alice):
    chat_with(alice, "q", "Water cut rises.")
    client = Client()
    client.force_login(alice)
    response = client.get("/chat/api/search", {"q": "water " * 5000})
    assert response.status_code == 200
    assert len(response.json()["query"]) == 200


def test_search_needs_a_session():
    response = Client().get("/chat/api/search", {"q": "oil"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_search_costs_the_same_queries_for_many_conversations(alice, django_assert_max_num_queries):
    for n in range(15):
        chat_with(alice, f"question {n} about gas", f"Gas answer number {n}.", title=f"Gas {n}")
    client = Client()
    client.force_login(alice)
    # session, user, then the search's own (4 on PostgreSQL, 2 on SQLite)
    with django_assert_max_num_queries(7):
        response = client.get("/chat/api/search", {"q": "gas"})
    assert len(response.json()["results"]) == 15


def test_more_recent_conversations_come_first_when_equally_good(alice):
    older, _ = chat_with(alice, "q", "Flaring volumes for the North Pad.")
    newer, _ = chat_with(alice, "q", "Flaring volumes for the South Pad.")
    ids = [r["conversation_id"] for r in search(alice, "flaring")]
    assert ids == [str(newer.conversation_id), str(older.conversation_id)]


@on_postgres
def test_postgres_finds_other_forms_of_a_word(alice):
    conversation, _ = chat_with(alice, "q", "Production is declining by 25% a year.")
    for query in ["decline", "declines", "DECLINED"]:
        hits = conversation_search(user=alice, query=query)
        assert [h.conversation_id for h in hits] == [str(conversation.conversation_id)], query


@on_postgres
def test_postgres_matches_the_last_word_as_a_prefix_while_typing(alice):
    conversation, _ = chat_with(alice, "q", "The hyperbolic exponent b is 1.1.")
    hits = conversation_search(user=alice, query="hyperb")
    assert [h.conversation_id for h in hits] == [str(conversation.conversation_id)]


@on_postgres
def test_postgres_ranks_the_better_match_first(alice):
    weak, _ = chat_with(alice, "q", "A long note that mentions methane once among many words.")
    strong, _ = chat_with(
        alice, "q", "Methane: methane venting and methane slip.", title="Methane intensity"
    )
    chat_with(alice, "q", "Unrelated.")  # newest, and not found
    ids = [h.conversation_id for h in conversation_search(user=alice, query="methane")]
    assert ids == [str(strong.conversation_id), str(weak.conversation_id)]


@on_postgres
def test_postgres_search_uses_the_full_text_index(alice):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    chat_with(alice, "q", "Some words.")
    vector = SearchVector("content", config="english")
    query = SearchQuery("words:*", config="english", search_type="raw")
    queryset = Message.objects.annotate(document=vector).filter(document=query)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "chat_message_content_fts" in plan
