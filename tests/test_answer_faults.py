"""A server process that dies or is stopped mid-answer, under two real Daphne processes on
PostgreSQL and Redis: every socket ends with ``error`` and ``done``, nothing is left
``streaming``, and at most about a second of text is lost.

The answers come from the builtin agent, paced at 200 ms a word, so they are still being
written when the test kills (SIGKILL) or stops (SIGTERM) the server writing them.
"""

from __future__ import annotations

import asyncio
import signal
import time
import uuid

import psycopg
import pytest

from chat.following import ERROR_OWNER_LOST, ERROR_RESTARTED_FOLLOWING
from chat.streaming import ERROR_SHUTDOWN
from tests.processes import (
    WAIT_SECONDS,
    Client,
    Stack,
    flush_redis,
    postgres_url,
    redis_url,
    stack_database,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.skipif(
        not (postgres_url() and redis_url()),
        reason="needs DATABASE_URL=postgres://... and REDIS_URL: two server processes",
    ),
]

QUESTION = "what can you do?"  # a long answer: half a minute at 200 ms a word


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    flush_redis(redis_url())
    database = stack_database(postgres_url(), "faults")
    stack = Stack(tmp_path_factory.mktemp("faults"), database_url=database, redis=redis_url())
    stack.env.update(LLM_BACKEND="builtin", LLM_BUILTIN_CHUNK_DELAY_MS="200")
    stack.other = stack.daphne("daphne-b")
    yield stack
    stack.close()


@pytest.fixture
def owner(stack):
    """The server that writes the answer, and is killed or stopped."""
    server = stack.daphne(f"daphne-a-{uuid.uuid4().hex[:6]}")
    yield server
    server.stop()


def saved_answer(stack, conversation_id) -> tuple[str, str] | None:
    with psycopg.connect(stack.env["DATABASE_URL"]) as db:
        return db.execute(
            "SELECT m.status, m.content FROM chat_message m "
            "JOIN chat_conversation c ON c.id = m.conversation_id "
            "WHERE c.conversation_id = %s AND m.role = 'assistant' ORDER BY m.id DESC LIMIT 1",
            (str(conversation_id),),
        ).fetchone()


def wait_until(condition, what: str, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.1)
    return found


async def words(client: Client, count: int) -> None:
    await client.until(lambda e: len(client.text().split()) >= count)


async def test_a_killed_owner_ends_the_joined_sockets_answer_with_error_and_done(stack, owner):
    conversation = uuid.uuid4()
    async with Client(owner.url(token=stack.token, conversationID=conversation)) as asker:
        await asker.send(QUESTION)
        await words(asker, 5)
        async with Client(
            stack.other.url(token=stack.token, conversationID=conversation)
        ) as watcher:
            await words(watcher, 15)
            seen = watcher.text()
            # A checkpoint covers what the other server's socket has shown...
            wait_until(
                lambda: len(saved_answer(stack, conversation)[1]) >= len(seen),
                "a checkpoint of the text shown",
            )
            owner.kill_group()  # ... then the owner dies, mid-answer.
            error = await watcher.until_type("error")
            done = await watcher.until_type("done")
            assert await watcher.to_close() == 1000
    assert error["content"] == ERROR_OWNER_LOST
    status, content = saved_answer(stack, conversation)
    assert status == "interrupted" and done["message_id"] is not None
    # What was saved holds everything shown before the last checkpoint, and is what
    # the socket showed: no more than the text since that checkpoint is lost.
    assert content.startswith(seen) and watcher.text().startswith(content)


async def test_the_answer_of_a_killed_owner_is_swept_without_a_new_question(stack, owner):
    # A socket on the other server (its sweep starts with its first socket).
    async with Client(stack.other.url(token=stack.token, keep_open="1")):
        conversation = uuid.uuid4()
        async with Client(owner.url(token=stack.token, conversationID=conversation)) as asker:
            await asker.send(QUESTION)
            await words(asker, 10)
            wait_until(lambda: saved_answer(stack, conversation)[1], "a first checkpoint")
            owner.kill_group()
        status = wait_until(
            lambda: saved_answer(stack, conversation)[0] != "streaming" and "swept",
            "the orphaned answer swept",
            seconds=90,
        )
    assert status and saved_answer(stack, conversation)[0] == "interrupted"


async def test_sigterm_tells_every_socket_before_the_server_stops(stack, owner):
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    asker = await Client(owner.url(token=stack.token, conversationID=mine)).__aenter__()
    await asker.send(QUESTION)
    await words(asker, 5)
    watcher = await Client(stack.other.url(token=stack.token, conversationID=mine)).__aenter__()
    await words(watcher, 8)
    # An answer the other server writes, followed from the server that stops.
    elsewhere = await Client(stack.other.url(token=stack.token, conversationID=theirs)).__aenter__()
    await elsewhere.send(QUESTION)
    await words(elsewhere, 5)
    follower = await Client(owner.url(token=stack.token, conversationID=theirs)).__aenter__()
    await words(follower, 8)
    idle = await Client(owner.url(token=stack.token, keep_open="1")).__aenter__()
    await idle.until_type("conversation")

    owner.signal(signal.SIGTERM)
    closes = await asyncio.gather(
        asker.to_close(), watcher.to_close(), follower.to_close(), idle.to_close()
    )
    assert owner.popen.wait(30) is not None

    for client in (asker, watcher):
        assert [e["content"] for e in client.of_type("error")] == [ERROR_SHUTDOWN]
        assert client.events[-1]["event_type"] == "done"
    assert [e["content"] for e in follower.of_type("error")] == [ERROR_RESTARTED_FOLLOWING]
    assert follower.events[-1]["event_type"] == "done"
    assert closes == [1000, 1000, 1000, 1001]
    status, content = saved_answer(stack, mine)
    assert status == "error" and content == watcher.text() == asker.text()
    # The other server's answer goes on, and its own socket still gets it to the end.
    await elsewhere.until_type("done")
    await elsewhere.__aexit__()
    assert saved_answer(stack, theirs)[0] == "complete"
    for client in (asker, watcher, follower, idle):
        await client.__aexit__()
