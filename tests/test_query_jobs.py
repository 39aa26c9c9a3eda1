"""Data questions run as tool jobs on real servers: the embedded pool, and Celery workers.

A real Daphne (started as the README's first command leaves it) takes an upload over
HTTP and a question over the WebSocket; the query runs in the server's process pool
(or, with PostgreSQL and Redis, on a Celery worker), with both backends: the builtin
agent, and the fake model at the wire calling query_table. The figures are checked
against pandas; a runaway query is stopped at the time limit and the answer goes on.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.data_exports import PRODUCTION, sample_production
from tests.fake_openai import FakeOpenAI, ToolCall, text_stream, tool_stream
from tests.processes import (
    WAIT_SECONDS,
    Client,
    Stack,
    flush_redis,
    postgres_url,
    redis_url,
    stack_database,
)


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack.embedded(tmp_path_factory.mktemp("query-embedded"))
    yield stack
    stack.close()


@pytest.fixture(scope="module")
def builtin(stack):
    return stack.daphne("daphne-builtin", LLM_BACKEND="builtin", JOBS_POOL_PROCESSES="2")


@pytest.fixture(scope="module")
def openai(stack, fake):
    return stack.daphne(
        "daphne-openai",
        LLM_BACKEND="openai",
        OPENAI_BASE_URL=fake.base_url,
        OPENAI_API_KEY="sk-test",
        LLM_MAX_RETRIES="0",
        JOBS_POOL_PROCESSES="2",
        QUERY_TIMEOUT_SECONDS="1",
    )


def upload(server, stack, conversation, path: Path) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/upload/{conversation}",
        data=body,
        headers={
            "Authorization": f"Bearer {stack.token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as response:
        return json.loads(response.read())["file_path_db_rowid"]


async def ask(server, stack, question: str, *, agent: str = "Production Agent") -> Client:
    conversation = uuid.uuid4()
    upload(server, stack, conversation, PRODUCTION)
    client = Client(server.url(token=stack.token, conversationID=conversation, agentName=agent))
    await client.__aenter__()
    await client.send(question)
    await client.until_type("done")
    await client.__aexit__()
    return client


def _top_gas_2023() -> list[tuple[str, int]]:
    frame = sample_production()
    in_2023 = frame[frame["date"].dt.year == 2023]
    totals = in_2023.groupby("well_name")["gas_mcf"].sum().sort_values(ascending=False)
    return [(well, int(v)) for well, v in totals.head(3).items()]


async def test_the_builtin_agent_answers_a_data_question_on_the_pool(builtin, stack):
    client = await ask(builtin, stack, "top 3 wells by gas in 2023")
    assert client.of_type("error") == []
    text = client.text()
    for well, gas in _top_gas_2023():
        assert f"| {well} | {gas:,} |" in text
    (artifact,) = client.of_type("artifact")
    assert artifact["type"] == "table" and artifact["description"].startswith("Query result:")
    assert "```sql" in text and "<details>" in text


async def test_the_models_query_runs_on_the_pool_and_a_runaway_is_stopped(openai, stack, fake):
    sql = (
        "SELECT well_name, SUM(gas_mcf) AS gas FROM production_monthly "
        "WHERE year(date) = 2023 GROUP BY 1 ORDER BY 2 DESC LIMIT 3"
    )
    fake.queue(
        tool_stream(ToolCall(0, "call_q", "query_table", json.dumps({"sql": sql}))),
        tool_stream(
            ToolCall(
                0,
                "call_r",
                "query_table",
                json.dumps({"sql": "SELECT count(*) FROM range(1000000000000)"}),
            )
        ),
        text_stream("The top three, and the long query was stopped."),
    )
    client = await ask(openai, stack, "top 3 wells by gas in 2023")
    tools = [m for m in fake.chat_requests[-1]["messages"] if m["role"] == "tool"]
    first, runaway = (json.loads(m["content"]) for m in tools)
    assert [tuple(r) for r in first["rows"]] == _top_gas_2023()
    assert "time limit" in runaway["error"]
    assert client.text().endswith("The top three, and the long query was stopped.")
    assert client.of_type("error") == []


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.skipif(
    not (postgres_url() and redis_url()),
    reason="needs DATABASE_URL=postgres://... and REDIS_URL: a Celery worker",
)
async def test_a_data_question_runs_on_a_celery_worker(tmp_path_factory):
    flush_redis(redis_url())
    database = stack_database(postgres_url(), "query")
    production = Stack(
        tmp_path_factory.mktemp("query-production"), database_url=database, redis=redis_url()
    )
    try:
        production.worker("wq")
        server = production.daphne("daphne-q", LLM_BACKEND="builtin")
        client = await ask(server, production, "top 3 wells by gas in 2023", agent="ESG Agent")
    finally:
        production.close()
    assert client.of_type("error") == [], production.logs()
    for well, gas in _top_gas_2023():
        assert f"| {well} | {gas:,} |" in client.text()
