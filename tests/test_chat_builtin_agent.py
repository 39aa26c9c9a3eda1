"""The offline builtin agent: small talk from the agent's own description and tools."""

from __future__ import annotations

import json
import uuid

import pytest
from asgiref.sync import sync_to_async

from accounts.tokens import mint_access_token
from agents.builtin.smalltalk import answer, fallback, title_from_question
from agents.tools.registry import tools_named
from chat import services
from chat.models import Conversation, Message
from files.services import row_add
from tests.fake_openai import (
    events_until,
    next_output,
    open_socket,
    socket_path,
    streamed_text,
)


async def _ask(user, question: str, *, conversation_id=None, agent_name=None):
    conversation_id = conversation_id or uuid.uuid4()
    communicator = await open_socket(
        socket_path(mint_access_token(user), conversationID=conversation_id, agentName=agent_name)
    )
    await communicator.send_to(text_data=question)
    events = await events_until(communicator, "done")
    await communicator.disconnect()
    return events, conversation_id


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_a_greeting_is_answered_from_the_agents_description_in_a_stream(alice, agent):
    events, _ = await _ask(alice, "Good morning!")
    chunks = [e["content"] for e in events if e["event_type"] == "on_chat_model_stream"]
    text = "".join(chunks)
    assert text.startswith("Hello! I'm the Test Agent. Answers questions about test wells.")
    # Streamed in pieces (words; merged into one frame when they arrive together).
    assert len(chunks) > 1
    saved = await Message.objects.aget(pk=events[-1]["message_id"])
    assert (saved.status, saved.content) == ("complete", text)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_what_can_you_do_lists_the_agents_tools(alice, agent):
    agent.tools = ["describe_table", "preview_table", "not_a_tool"]
    await sync_to_async(agent.save)()
    events, _ = await _ask(alice, "What can you do?")
    text = streamed_text(events)
    assert "**describe_table**: Describe an uploaded table" in text
    assert "**preview_table**" in text
    assert "not_a_tool" not in text
    assert "Answers questions about test wells." in text


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_the_builtin_title_comes_from_the_question_and_the_uploaded_file(alice, agent):
    conversation_id = uuid.uuid4()
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=alice, conversation_id=conversation_id
    )
    await sync_to_async(row_add)(
        conversation=conversation,
        type="userinput",
        description="User uploads file 'eagle_ford.csv', saving location is in this row.",
        file_name="eagle_ford.csv",
        content=b"a,b\n1,2\n",
    )
    events, _ = await _ask(alice, "hello there", conversation_id=conversation_id)
    assert [e for e in events if e["event_type"] == "title"] == [
        {"event_type": "title", "content": "Hello there (eagle_ford.csv)"}
    ]
    saved = await Conversation.objects.aget(pk=conversation.pk)
    assert saved.title_summary == "Hello there (eagle_ford.csv)"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_a_title_a_person_chose_is_never_replaced(alice, agent):
    conversation_id = uuid.uuid4()
    conversation, _ = await sync_to_async(services.conversation_get_or_create)(
        user=alice, conversation_id=conversation_id
    )
    await sync_to_async(services.conversation_rename)(
        conversation=conversation, title_summary="My wells"
    )
    events, _ = await _ask(alice, "hi", conversation_id=conversation_id)
    assert "title" not in [e["event_type"] for e in events]
    assert (await Conversation.objects.aget(pk=conversation.pk)).title_summary == "My wells"


@pytest.mark.django_db(transaction=True)
async def test_a_builtin_answer_can_be_stopped_mid_way(alice, agent, settings):
    settings.LLM_BACKEND = "builtin"
    settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS = 0.05
    conversation_id = uuid.uuid4()
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=conversation_id)
    )
    await communicator.send_to(text_data="what can you do?")
    first = await next_output(communicator)
    await communicator.send_to(text_data=json.dumps({"type": "stop"}))
    rest = await events_until(communicator, "done")
    saved = await Message.objects.aget(pk=rest[-1]["message_id"])
    assert saved.status == "stopped"
    assert saved.content == first["content"] + streamed_text(rest)
    assert len(saved.content) < 100
    await communicator.disconnect()


class _Agent:
    label = "ESG Agent"
    description = "Builds emission inventories. Also carbon intensity."


def test_small_talk_leaves_other_questions_to_the_fallback():
    assert answer("decline curve for row 2 please", agent=_Agent(), tools=[]) is None
    assert answer("hi", agent=_Agent(), tools=[]).startswith(
        "Hello! I'm the ESG Agent. Builds emission inventories."
    )
    assert answer("thanks!", agent=_Agent(), tools=[]).startswith("You're welcome")


@pytest.mark.django_db
def test_the_fallback_says_what_the_agent_can_do_and_where_the_files_are():
    class Upload:
        rowid, type = 3, "userinput"

    text = fallback(agent=_Agent(), tools=tools_named(["describe_table"]), table=[Upload()])
    assert "describe_table" in text and "row 3" in text
    assert "not uploaded" in fallback(agent=_Agent(), tools=[], table=[])


@pytest.mark.parametrize(
    ("question", "files", "title"),
    [
        ("  what is the   NPV at 10%? ", [], "What is the NPV at 10%"),
        ("fit a hyperbolic decline to my well data and forecast ten years", [], None),
        ("hi", ["wells.csv", "costs.xlsx"], "Hi (wells.csv)"),
    ],
)
def test_builtin_titles_are_short(question, files, title):
    made = title_from_question(question, file_names=files)
    if title is not None:
        assert made == title
    else:
        assert made == "Fit a hyperbolic decline to my well data…"
    assert len(made) <= 100
