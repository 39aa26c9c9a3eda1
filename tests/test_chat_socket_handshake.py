"""/async_chat handshake: token and session, origin, conversation and agent checks."""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.test import Client

from accounts.tokens import mint_access_token, revoke_token
from chat.models import Conversation
from tests.fake_openai import (
    events_until,
    make_agent,
    next_output,
    open_socket,
    socket_app,
    socket_path,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_fast")]


async def test_a_socket_without_a_token_is_closed_with_1008_unauthorized(agent):
    communicator = await open_socket(socket_path())
    assert await next_output(communicator) == {"close": 1008, "reason": "unauthorized"}
    await communicator.disconnect()


@pytest.mark.parametrize("token", ["not-a-jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"])
async def test_a_socket_with_a_bad_token_is_closed_with_1008_jwt_error(agent, token):
    communicator = await open_socket(socket_path(token))
    assert await next_output(communicator) == {"close": 1008, "reason": "jwt error"}
    await communicator.disconnect()


async def test_a_revoked_token_is_refused(alice, agent):
    token = mint_access_token(alice)
    await sync_to_async(revoke_token)(token)
    communicator = await open_socket(socket_path(token))
    assert await next_output(communicator) == {"close": 1008, "reason": "jwt error"}
    await communicator.disconnect()


async def test_a_token_of_an_inactive_user_is_refused(alice, agent):
    alice.is_active = False
    await sync_to_async(alice.save)()
    communicator = await open_socket(socket_path(mint_access_token(alice)))
    assert await next_output(communicator) == {"close": 1008, "reason": "jwt error"}
    await communicator.disconnect()


def _session_cookie(user) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [(b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode())]


async def test_our_pages_connect_with_the_session_cookie(alice, agent):
    headers = await sync_to_async(_session_cookie)(alice)
    communicator = await open_socket(socket_path(keep_open=1), headers=headers)
    announced = await next_output(communicator)
    assert announced["event_type"] == "conversation"
    await communicator.send_to(text_data="hi")
    await events_until(communicator, "done")
    conversation = await Conversation.objects.aget(conversation_id=announced["conversation_id"])
    assert conversation.user_id == alice.pk
    await communicator.disconnect()


async def test_the_query_token_wins_over_the_session(alice, bob, agent):
    headers = await sync_to_async(_session_cookie)(alice)
    conversation_id = uuid.uuid4()
    communicator = await open_socket(
        socket_path(mint_access_token(bob), conversationID=conversation_id), headers=headers
    )
    await communicator.send_to(text_data="hi")
    await events_until(communicator, "done")
    owner = await Conversation.objects.values_list("user_id", flat=True).aget(
        conversation_id=conversation_id
    )
    assert owner == bob.pk
    await communicator.disconnect()


async def test_a_bad_query_token_is_refused_even_with_a_session(alice, agent):
    headers = await sync_to_async(_session_cookie)(alice)
    communicator = await open_socket(socket_path("garbage"), headers=headers)
    assert await next_output(communicator) == {"close": 1008, "reason": "jwt error"}
    await communicator.disconnect()


async def test_a_handshake_without_origin_is_accepted(alice, agent):
    communicator = await open_socket(socket_path(mint_access_token(alice)))
    assert (await next_output(communicator))["event_type"] == "conversation"
    await communicator.disconnect()


@pytest.mark.parametrize("origin", ["http://localhost:8000", "http://localhost:3000"])
async def test_a_handshake_from_an_allowed_origin_is_accepted(alice, agent, origin):
    communicator = await open_socket(
        socket_path(mint_access_token(alice)), headers=[(b"origin", origin.encode())]
    )
    assert (await next_output(communicator))["event_type"] == "conversation"
    await communicator.disconnect()


async def test_a_handshake_from_another_origin_is_refused_before_accepting(alice, agent):
    from channels.testing import WebsocketCommunicator

    communicator = WebsocketCommunicator(
        socket_app(),
        socket_path(mint_access_token(alice)),
        headers=[(b"origin", b"https://evil.example")],
    )
    # Closed before the handshake is accepted: Daphne answers HTTP 403.
    connected, _ = await communicator.connect(timeout=10)
    assert connected is False
    await communicator.disconnect()


async def test_a_missing_conversation_id_announces_a_new_id_its_question_makes(alice, agent):
    communicator = await open_socket(socket_path(mint_access_token(alice)))
    announced = await next_output(communicator)
    assert announced["event_type"] == "conversation"
    # Nothing is made by connecting (tests/test_chat_socket_no_empty_conversation.py).
    assert await Conversation.objects.acount() == 0
    await communicator.send_to(text_data="hi")
    await events_until(communicator, "done")
    conversation = await Conversation.objects.aget(
        user=alice, conversation_id=uuid.UUID(announced["conversation_id"])
    )
    assert conversation.is_listed is True
    await communicator.disconnect()


async def test_a_malformed_conversation_id_gets_an_error_then_4400(alice, agent):
    communicator = await open_socket(socket_path(mint_access_token(alice), conversationID="nope"))
    error = await next_output(communicator)
    assert error["event_type"] == "error" and "UUID" in error["content"]
    assert (await next_output(communicator))["close"] == 4400
    assert await Conversation.objects.acount() == 0
    await communicator.disconnect()


async def test_an_unknown_agent_gets_an_error_then_4404(alice, agent):
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=uuid.uuid4(), agentName="Nobody")
    )
    error = await next_output(communicator)
    assert error["event_type"] == "error" and "Nobody" in error["content"]
    assert (await next_output(communicator))["close"] == 4404
    await communicator.disconnect()


async def test_an_inactive_agent_is_refused_like_an_unknown_one(alice, agent):
    await sync_to_async(make_agent)("Retired Agent", is_active=False, position=1)
    communicator = await open_socket(
        socket_path(mint_access_token(alice), agentName="Retired Agent")
    )
    assert (await next_output(communicator))["event_type"] == "error"
    assert (await next_output(communicator))["close"] == 4404
    await communicator.disconnect()


async def test_a_missing_agent_name_uses_the_first_active_agent(alice, agent):
    agent.position = 2
    await sync_to_async(agent.save)()
    await sync_to_async(make_agent)("Inactive First", is_active=False, position=0)
    await sync_to_async(make_agent)("Later Agent", position=5)
    conversation_id = uuid.uuid4()
    communicator = await open_socket(
        socket_path(mint_access_token(alice), conversationID=conversation_id)
    )
    await communicator.send_to(text_data="hello")
    events = await events_until(communicator, "done")
    assert "Test Agent" in "".join(e["content"] for e in events if e["event_type"] != "done")
    await communicator.disconnect()


async def test_an_agent_is_chosen_by_its_label(alice, agent):
    await sync_to_async(make_agent)("ESG Test Agent", position=5, description="Counts emissions.")
    communicator = await open_socket(
        socket_path(mint_access_token(alice), agentName="ESG Test Agent")
    )
    await next_output(communicator)  # the new conversation
    await communicator.send_to(text_data="hi")
    events = await events_until(communicator, "done")
    assert "ESG Test Agent" in "".join(e["content"] for e in events)
    await communicator.disconnect()


async def test_two_users_may_use_the_same_conversation_id(alice, bob, agent):
    conversation_id = uuid.uuid4()
    for user in (alice, bob):
        communicator = await open_socket(
            socket_path(mint_access_token(user), conversationID=conversation_id)
        )
        await communicator.send_to(text_data="hi")
        await events_until(communicator, "done")
        await communicator.disconnect()
    owners = {c.user_id async for c in Conversation.objects.filter(conversation_id=conversation_id)}
    assert owners == {alice.pk, bob.pk}
