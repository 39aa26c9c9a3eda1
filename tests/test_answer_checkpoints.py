"""Partial answers are checkpointed together: one database trip and one cache call a tick."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tokens import mint_access_token
from chat import services, streaming
from chat.models import Message
from tests.fake_openai import (
    Gate,
    Stream,
    Text,
    events_until,
    next_output,
    open_socket,
    socket_path,
    streamed_text,
    wait_for,
)


def _updates(queries: CaptureQueriesContext) -> list[str]:
    # An executemany is one entry ("3 times: UPDATE ...").
    return [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]]


def _streaming_answers(user, agent, count: int) -> list[Message]:
    placeholders = []
    for n in range(count):
        conversation, _ = services.conversation_get_or_create(user=user)
        _, placeholder = services.answer_begin(
            conversation=conversation, agent=agent, question=f"Q{n}: what is the EUR at 450 BOPD?"
        )
        placeholders.append(placeholder)
    return placeholders


@pytest.mark.django_db
def test_one_update_stores_the_partial_text_of_several_answers(alice, agent):
    answers = _streaming_answers(alice, agent, 3)
    texts = {
        answers[0].pk: "Qi 450 BOPD, Di 65 %/yr",
        answers[1].pk: "PV10 of $6MM at",
        answers[2].pk: "Gas: 1.2 MMcf/d declining",
    }
    with CaptureQueriesContext(connection) as queries:
        written = services.answers_checkpoint(texts=texts)
    assert written == 3
    assert len(_updates(queries)) == 1
    stored = dict(Message.objects.filter(pk__in=texts).values_list("pk", "content"))
    assert stored == texts
    assert set(Message.objects.filter(pk__in=texts).values_list("status", flat=True)) == {
        "streaming"
    }


@pytest.mark.django_db
def test_an_answer_that_finished_meanwhile_keeps_its_final_text(alice, agent):
    running, finished = _streaming_answers(alice, agent, 2)
    services.answer_finish(
        message_id=finished.pk,
        conversation=finished.conversation,
        content="The final answer: EUR 312 Mbbl.",
        status=Message.Status.COMPLETE,
    )
    written = services.answers_checkpoint(
        texts={running.pk: "Still writing", finished.pk: "The final ans"}
    )
    assert written == 1
    finished.refresh_from_db()
    running.refresh_from_db()
    assert (finished.status, finished.content) == ("complete", "The final answer: EUR 312 Mbbl.")
    assert (running.status, running.content) == ("streaming", "Still writing")


@pytest.mark.django_db
def test_three_hundred_answers_take_one_statement(alice, agent):
    answers = _streaming_answers(alice, agent, 300)
    texts = {
        a.pk: f"answer {n}: q {450 + n} BOPD, PV10 ${n / 10:.1f}MM" for n, a in enumerate(answers)
    }
    with CaptureQueriesContext(connection) as queries:
        assert services.answers_checkpoint(texts=texts) == 300
    assert len(_updates(queries)) == 1
    assert dict(Message.objects.filter(pk__in=texts).values_list("pk", "content")) == texts


@pytest.mark.django_db
def test_nothing_to_store_makes_no_query(alice, agent):
    with CaptureQueriesContext(connection) as queries:
        assert services.answers_checkpoint(texts={}) == 0
    assert queries.captured_queries == []


@pytest.mark.django_db(transaction=True)
async def test_one_tick_checkpoints_every_running_answer_and_refreshes_every_live_key(
    alice, agent, fake_openai, monkeypatch
):
    monkeypatch.setattr(streaming, "CHECKPOINT_SECONDS", 0.01)
    trips: list[dict[int, str]] = []
    key_calls: list[dict[str, str]] = []
    checkpoint = services.answers_checkpoint
    backend = type(caches["default"])
    aset_many = backend.aset_many

    def recording_checkpoint(*, texts: dict[int, str]) -> int:
        trips.append(dict(texts))
        return checkpoint(texts=texts)

    async def recording_aset_many(self, data, *args, **kwargs):
        key_calls.append(dict(data))
        return await aset_many(self, data, *args, **kwargs)

    monkeypatch.setattr(services, "answers_checkpoint", recording_checkpoint)
    monkeypatch.setattr(backend, "aset_many", recording_aset_many)
    monkeypatch.setattr(services, "answer_checkpoint", None)  # never one answer at a time
    # Held back until both answers have text, so that its first tick sees both changed.
    start_housekeeping = streaming._housekeeper_start
    monkeypatch.setattr(streaming, "_housekeeper_start", lambda: None)

    first, second = Gate(), Gate()
    fake_openai.queue(
        Stream([Text("Oil: 450 BOPD"), first, Text(".")]),
        Stream([Text("Gas: 2.5 MMcf/d"), second, Text(".")]),
    )
    token = mint_access_token(alice)
    sockets = []
    # One question at a time until its first text arrives: the fake model hands out its
    # queued streams in the order the calls reach it, which two sockets asking at once
    # do not fix (the second question's call could take the first stream).
    for question, text in (
        ("Forecast the 1H at 450 BOPD", "Oil: 450 BOPD"),
        ("and the 2H gas at 2.5 MMcf/d?", "Gas: 2.5 MMcf/d"),
    ):
        communicator = await open_socket(socket_path(token, conversationID=uuid.uuid4()))
        await communicator.send_to(text_data=question)
        sockets.append(communicator)
        events = []
        while streamed_text(events) != text:
            event = await next_output(communicator)
            assert "event_type" in event, (events, event)
            events.append(event)
    answers = streaming.answers_running()
    assert len(answers) == 2
    wanted = {a.message_id: a.text() for a in answers}
    keys = {streaming.live_key(a.conversation.pk): a.id for a in answers}

    start_housekeeping()
    await wait_for(lambda: trips and key_calls)
    assert trips[0] == wanted  # both answers' texts in one trip to the database
    assert key_calls[0] == keys  # both live keys in one cache call
    assert await cache.aget_many(list(keys)) == keys
    stored = await sync_to_async(
        lambda: dict(Message.objects.filter(pk__in=wanted).values_list("pk", "content"))
    )()
    assert stored == wanted
    await asyncio.sleep(0.1)
    assert len(trips) == 1  # nothing changed since: nothing written again

    first.event.set()
    second.event.set()
    for communicator in sockets:
        done = (await events_until(communicator, "done"))[-1]
        saved = await Message.objects.aget(pk=done["message_id"])
        assert (saved.status, saved.content) == ("complete", wanted[saved.pk] + ".")
        await communicator.disconnect()
    # With no answer left the housekeeping task ends by itself.
    await wait_for(lambda: streaming._HOUSEKEEPER.done())
    assert await cache.aget_many(list(keys)) == {}
