"""Tool jobs in the embedded mode: a real Daphne server runs them in its own process pool.

The server is started as the README's first command leaves it (SQLite file,
in-memory channel layer, no broker, no worker to start) with the openai
backend pointed at the fake model, which asks for ``count_squares``
(``tests/job_tools.py``): a fan-out of slow, pure steps and a final step that
writes a table row. What the model is sent back, and what the socket gets,
are what a user and the model see.
"""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from pathlib import Path

import pytest

from tests.fake_openai import FakeOpenAI, ToolCall, text_stream, tool_stream
from tests.processes import WAIT_SECONDS, Client, Stack


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack.embedded(tmp_path_factory.mktemp("embedded"))
    yield stack
    stack.close()


@pytest.fixture(scope="module")
def server(stack, fake):
    return stack.daphne(
        LLM_BACKEND="openai",
        OPENAI_BASE_URL=fake.base_url,
        OPENAI_API_KEY="sk-test",
        LLM_MAX_RETRIES="0",
        JOBS_POOL_PROCESSES="2",
    )


def squares_call(**arguments) -> object:
    return tool_stream(ToolCall(0, "call_sq", "count_squares", json.dumps(arguments)))


def tool_reply(fake: FakeOpenAI) -> dict:
    """What the model was last sent back for a tool call (the newest request holding one)."""
    for request in reversed(fake.chat_requests):
        tools = [m for m in request["messages"] if m["role"] == "tool"]
        if tools:
            return json.loads(tools[-1]["content"])
    raise AssertionError(f"no tool result was sent back: {fake.chat_requests[-1:]}")


def wait_for_file(folder: Path) -> Path:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        found = sorted(folder.iterdir())
        if found:
            return found[0]
        assert time.monotonic() < deadline, "no item was started"
        time.sleep(0.02)


def marked_items(folder: Path) -> list[int]:
    return sorted(int(path.name.split(".")[0]) for path in folder.iterdir())


async def ask(server, stack, question: str) -> Client:
    client = Client(server.url(token=stack.token, conversationID=uuid.uuid4()))
    await client.__aenter__()
    await client.send(question)
    return client


async def test_a_fan_out_runs_on_the_pool_with_progress_and_its_row_before_the_answer(
    server, stack, fake
):
    fake.queue(
        squares_call(n=64, chunk_size=8, seconds=0.01), text_stream("The squares are saved.")
    )
    client = await ask(server, stack, "square the numbers below 64")
    await client.until_type("done")
    await client.__aexit__()

    assert client.progress() == [(done, 64) for done in range(8, 65, 8)]
    lines = [e["content"] for e in client.of_type("log") if "progress" in e]
    assert lines[-1] == "Squared 64 of 64 numbers."
    kinds = [e["event_type"] for e in client.events]
    (artifact,) = client.of_type("artifact")
    assert artifact["description"] == "Squares of 64 numbers"
    # The row landed before the model was asked to write the answer.
    assert kinds.index("artifact") < kinds.index("on_chat_model_stream")
    reply = tool_reply(fake)
    assert reply["sum"] == sum(x * x for x in range(64))
    assert reply["rowid"] == artifact["rowid"]
    # Computed in the pool's processes, never in the server's.
    assert server.pid not in reply["pids"] and reply["tool_pid"] != server.pid
    assert client.text() == "The squares are saved."


async def test_every_event_of_the_last_step_reaches_the_answer_before_it_goes_on(
    server, stack, fake
):
    # A burst of lines then a row, written just before the step returns: the
    # step's result travels on another pipe and must not overtake them.
    fake.queue(squares_call(n=4, chunk_size=2, chatter=3000), text_stream("Checked."))
    client = await ask(server, stack, "square four numbers and check each")
    await client.until_type("done")
    await client.__aexit__()
    kinds = [e["event_type"] for e in client.events]
    checked = [e for e in client.of_type("log") if e["content"].startswith("Checked square")]
    assert len(checked) == 3000 and checked[-1]["content"] == "Checked square 3000 of 3000."
    (artifact,) = client.of_type("artifact")
    assert kinds.index("artifact") < kinds.index("on_chat_model_stream")
    assert tool_reply(fake)["rowid"] == artifact["rowid"]


async def test_a_stop_mid_job_ends_the_answer_and_the_rest_of_the_job(
    server, stack, fake, tmp_path
):
    marks = tmp_path / "marks"
    marks.mkdir()
    fake.queue(squares_call(n=40, chunk_size=2, seconds=0.2, marks=str(marks)))
    client = await ask(server, stack, "square the numbers below 40, slowly")
    await client.until(lambda e: "progress" in e)
    await client.send(json.dumps({"type": "stop"}))
    done = await client.until_type("done")
    await client.__aexit__()
    assert client.of_type("artifact") == [] and client.of_type("error") == []
    assert done["message_id"] is None  # no text was written: nothing saved

    # The pool takes the next job once the stopped one has let go of it.
    fake.queue(squares_call(n=4, chunk_size=2), text_stream("Four squares."))
    after = await ask(server, stack, "square four numbers")
    await after.until_type("done")
    await after.__aexit__()
    assert tool_reply(fake)["sum"] == 0 + 1 + 4 + 9
    assert len(set(marked_items(marks))) < 40


async def test_a_pool_process_killed_mid_job_has_its_chunk_computed_again(
    server, stack, fake, tmp_path
):
    marks = tmp_path / "marks"
    marks.mkdir()
    fake.queue(
        squares_call(n=24, chunk_size=3, seconds=0.3, marks=str(marks)),
        text_stream("All squared."),
    )
    client = await ask(server, stack, "square the numbers below 24")
    first = wait_for_file(marks)
    os.kill(int(first.name.split(".")[1]), signal.SIGKILL)
    done = await client.until_type("done")
    await client.__aexit__()
    assert client.of_type("error") == []
    reply = tool_reply(fake)
    assert reply["sum"] == sum(x * x for x in range(24)) and reply["failed"] == []
    # The killed process's item was started twice: once there, once elsewhere.
    items = marked_items(marks)
    assert set(items) == set(range(24))
    assert items.count(int(first.name.split(".")[0])) == 2
    assert done["message_id"] is not None and client.text() == "All squared."


async def test_an_item_the_tool_cannot_handle_is_reported_and_the_rest_is_computed(
    server, stack, fake
):
    fake.queue(squares_call(n=10, chunk_size=5, negative=3), text_stream("Nine of ten."))
    client = await ask(server, stack, "square ten numbers, one of them negative")
    await client.until_type("done")
    await client.__aexit__()
    reply = tool_reply(fake)
    assert reply["failed"] == ["-1 is negative"]
    assert reply["sum"] == sum(x * x for x in range(10) if x != 3)
