"""Tool jobs in production: two Daphne processes and two Celery workers on PostgreSQL and Redis.

Every process is real and started the way the README says
(``python -m celery -A project worker``, here through ``tests/serve.py`` so
that they know the test tool ``count_squares``). The fake model asks for
the tool; the workers compute its chunks; the sockets, on either server, see
progress and rows; a stop, a worker killed mid-job and a job nobody takes
each end as a user needs them to.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import urllib.request
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.fake_openai import FakeOpenAI, ToolCall, text_stream, tool_stream
from tests.processes import (
    ROOT,
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
        reason="needs DATABASE_URL=postgres://... and REDIS_URL: production processes",
    ),
]


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fake):
    flush_redis(redis_url())
    database = stack_database(postgres_url(), "jobs")
    stack = Stack(tmp_path_factory.mktemp("production"), database_url=database, redis=redis_url())
    stack.env.update(
        LLM_BACKEND="openai",
        OPENAI_BASE_URL=fake.base_url,
        OPENAI_API_KEY="sk-test",
        LLM_MAX_RETRIES="0",
        CELERY_VISIBILITY_TIMEOUT_SECONDS="10",
    )
    stack.web = stack.daphne("daphne-a")
    stack.other = stack.daphne("daphne-b")
    stack.workers = [stack.worker("w1"), stack.worker("w2")]
    yield stack
    stack.close()


def squares_call(**arguments) -> object:
    return tool_stream(ToolCall(0, "call_sq", "count_squares", json.dumps(arguments)))


def tool_reply(fake: FakeOpenAI) -> dict:
    """What the model was last sent back for a tool call (the newest request holding one)."""
    for request in reversed(fake.chat_requests):
        tools = [m for m in request["messages"] if m["role"] == "tool"]
        if tools:
            return json.loads(tools[-1]["content"])
    raise AssertionError(f"no tool result was sent back: {fake.chat_requests[-1:]}")


def tool_message(fake: FakeOpenAI) -> str:
    """The text of the last tool result sent to the model, as sent (maybe cut)."""
    for request in reversed(fake.chat_requests):
        tools = [m for m in request["messages"] if m["role"] == "tool"]
        if tools:
            return tools[-1]["content"]
    raise AssertionError(f"no tool result was sent back: {fake.chat_requests[-1:]}")


def marked(folder: Path) -> list[tuple[int, int]]:
    """(item, pid) of every item a worker started."""
    return sorted(tuple(map(int, p.name.split(".")[:2])) for p in folder.iterdir())


def wait_for_marks(folder: Path, count: int = 1) -> list[tuple[int, int]]:
    deadline = time.monotonic() + WAIT_SECONDS
    while len(found := marked(folder)) < count:
        assert time.monotonic() < deadline, "the workers started nothing"
        time.sleep(0.02)
    return found


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def worker_of(stack, pid: int):
    """The worker whose process ``pid`` is (its pool's process, or a descendant)."""
    ancestors = []
    while pid > 1:
        ancestors.append(pid)
        for worker in stack.workers:
            if worker.pid == pid:
                return worker
        pid = parent_of(pid)
    raise AssertionError(f"{ancestors} is no worker's: {[w.pid for w in stack.workers]}")


async def open_client(server, stack, conversation_id) -> Client:
    client = Client(server.url(token=stack.token, conversationID=conversation_id))
    return await client.__aenter__()


async def test_a_fan_out_spreads_over_both_workers_and_both_servers_see_it(stack, fake):
    fake.queue(
        squares_call(n=48, chunk_size=4, seconds=0.05), text_stream("The squares are saved.")
    )
    conversation = uuid.uuid4()
    asker = await open_client(stack.web, stack, conversation)
    await asker.send("square the numbers below 48")
    await asker.until(lambda e: "progress" in e)
    # A second tab, on the other server, joins mid-job.
    watcher = await open_client(stack.other, stack, conversation)
    await watcher.until_type("done")
    await asker.until_type("done")
    await asker.__aexit__()
    await watcher.__aexit__()

    for client in (asker, watcher):
        dones = [done for done, total in client.progress()]
        assert dones == sorted(set(dones)) and dones[-1] == 48  # forward only, to the end
        assert {total for _, total in client.progress()} == {48}
        (artifact,) = client.of_type("artifact")
        assert artifact["description"] == "Squares of 48 numbers"
        assert client.text().endswith("The squares are saved.")
    # At most one report per chunk: a report overtaken by a later one is dropped.
    assert 2 <= len(asker.progress()) <= 12
    reply = tool_reply(fake)
    assert reply["sum"] == sum(x * x for x in range(48))
    servers = {stack.web.pid, stack.other.pid}
    workers = {w.pid for w in stack.workers}
    # Both workers computed chunks; neither server did.
    assert {parent_of(pid) for pid in reply["pids"]} == workers
    assert not servers & set(reply["pids"]) and reply["tool_pid"] not in servers


async def test_every_event_of_the_last_task_reaches_the_answer_before_it_goes_on(stack, fake):
    # Lines then a row, sent just before the task's result is stored: the
    # answer must hear them all before it asks the model to go on.
    fake.queue(squares_call(n=4, chunk_size=2, chatter=400), text_stream("Checked."))
    client = await open_client(stack.web, stack, uuid.uuid4())
    await client.send("square four numbers and check each")
    await client.until_type("done")
    await client.__aexit__()
    kinds = [e["event_type"] for e in client.events]
    checked = [e for e in client.of_type("log") if e["content"].startswith("Checked square")]
    assert len(checked) == 400 and checked[-1]["content"] == "Checked square 400 of 400."
    (artifact,) = client.of_type("artifact")
    assert kinds.index("artifact") < kinds.index("on_chat_model_stream")
    assert tool_reply(fake)["rowid"] == artifact["rowid"]


async def test_a_stop_mid_job_revokes_the_chunks_not_started(stack, fake, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    fake.queue(squares_call(n=30, chunk_size=1, seconds=0.3, marks=str(marks)))
    client = await open_client(stack.web, stack, uuid.uuid4())
    await client.send("square thirty numbers slowly")
    await client.until(lambda e: "progress" in e)
    await client.send(json.dumps({"type": "stop"}))
    done = await client.until_type("done")
    await client.__aexit__()
    assert done["message_id"] is None and client.of_type("artifact") == []

    # Both workers take the next job only once the stopped one let go of them.
    fake.queue(squares_call(n=8, chunk_size=1), text_stream("Eight."))
    after = await open_client(stack.web, stack, uuid.uuid4())
    await after.send("square eight numbers")
    await after.until_type("done")
    await after.__aexit__()
    assert tool_reply(fake)["sum"] == sum(x * x for x in range(8))
    assert len({item for item, _ in marked(marks)}) < 30


async def test_a_job_no_worker_takes_ends_with_an_error_and_done(stack, fake):
    # A server whose jobs go to a queue no worker reads.
    lonely = stack.daphne(
        "daphne-lonely", CELERY_QUEUE="nobody", TOOL_JOB_WORKER_TIMEOUT_SECONDS="3"
    )
    try:
        fake.queue(squares_call(n=4))
        client = await open_client(lonely, stack, uuid.uuid4())
        await client.send("square four numbers")
        done = await client.until_type("done")
        await client.__aexit__()
    finally:
        lonely.stop()
    (error,) = client.of_type("error")
    assert "no worker took it up within 3 s" in error["content"]
    assert done["message_id"] is None


async def test_the_builtin_agent_fits_an_uploaded_file_on_the_workers(stack):
    builtin = stack.daphne("daphne-builtin", LLM_BACKEND="builtin")
    try:
        conversation = uuid.uuid4()
        rowid = upload(builtin, stack, conversation, ROOT / "samples" / "production_monthly.csv")
        client = await open_client(builtin, stack, conversation)
        await client.send("fit a decline to the oil in my file")
        await client.until_type("done")
        await client.__aexit__()
    finally:
        builtin.stop()
    assert client.of_type("error") == []
    descriptions = [e["description"] for e in client.of_type("artifact")]
    assert any(d.startswith("Decline forecast of oil") for d in descriptions), descriptions
    assert f"row {rowid}" in client.text() and "EUR" in client.text()


async def test_a_worker_killed_mid_job_has_its_chunk_retried_by_the_other(stack, fake, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    fake.queue(
        squares_call(n=12, chunk_size=2, seconds=0.5, marks=str(marks)),
        text_stream("All twelve."),
    )
    client = await open_client(stack.web, stack, uuid.uuid4())
    await client.send("square twelve numbers")
    item, pid = wait_for_marks(marks)[0]
    victim = worker_of(stack, pid)
    victim.kill_group()  # the worker and its process, as a machine that died
    try:
        done = await client.until_type("done")
        await client.__aexit__()
        assert client.of_type("error") == []
        reply = tool_reply(fake)
        assert reply["sum"] == sum(x * x for x in range(12)) and reply["failed"] == []
        started = marked(marks)
        assert {i for i, _ in started} == set(range(12))
        # The killed worker's item was started again, by the worker still alive.
        again = [p for i, p in started if i == item and p != pid]
        assert again and worker_of(stack, again[0]) is not victim
        assert done["message_id"] is not None and client.text() == "All twelve."
    finally:
        stack.workers.remove(victim)
        stack.workers.append(stack.worker("w3"))


BASIN_WELLS = 10_000
BASIN_MONTHS = 120
BASIN_WAIT_SECONDS = 1800  # a hang's limit: two workers fit the basin in a minute or two


def basin_export() -> tuple[bytes, np.ndarray, np.ndarray, np.ndarray]:
    """10,000 exponential wells x 120 months of oil (1.2 M rows) as a gzipped CSV,
    with each well's qi (bbl/d), monthly decline and monthly volumes."""
    generator = np.random.default_rng(20240601)
    qi = generator.uniform(200, 1500, BASIN_WELLS)
    decline = generator.uniform(0.02, 0.08, BASIN_WELLS)
    months = np.arange(BASIN_MONTHS)
    oil = np.round(qi[:, None] * np.exp(-decline[:, None] * months[None, :]) * 30.4, 1)
    frame = pd.DataFrame(
        {
            "well_name": np.repeat([f"Well {i:05d}" for i in range(BASIN_WELLS)], BASIN_MONTHS),
            "date": np.tile(
                pd.date_range("2015-01-01", periods=BASIN_MONTHS, freq="MS").strftime("%Y-%m-%d"),
                BASIN_WELLS,
            ),
            "oil_bbl": oil.ravel(),
        }
    )
    return gzip.compress(frame.to_csv(index=False).encode(), compresslevel=1), qi, decline, oil


async def until_done_within(client: Client, seconds: float) -> dict:
    """Events up to ``done``; a quiet spell (the finishing step writes the rows) is waited
    out up to ``seconds`` in all, as long as the socket stays open."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return await client.until_type("done")
        except TimeoutError:
            assert time.monotonic() < deadline, f"no done after {seconds} s: {client.events[-3:]}"


async def test_a_million_row_gzipped_basin_is_fitted_well_by_well_on_both_workers(stack, fake):
    data, qi, decline, oil = basin_export()
    # A server that lets the answer take as long as a busy machine needs.
    patient = stack.daphne("daphne-basin", ANSWER_TIMEOUT_SECONDS=str(BASIN_WAIT_SECONDS))
    try:
        conversation = uuid.uuid4()
        rowid = upload_bytes(patient, stack, conversation, "basin_production.csv.gz", data)
        fake.queue(
            tool_stream(
                ToolCall(0, "call_fit", "fit_decline", json.dumps({"rowid": rowid, "phase": "oil"}))
            ),
            text_stream("Every well is fitted."),
        )
        client = await open_client(patient, stack, conversation)
        await client.send("fit a decline to every well in the county export")
        done = await until_done_within(client, BASIN_WAIT_SECONDS)
        await client.__aexit__()
    finally:
        patient.stop()

    assert client.of_type("error") == [], stack.logs()
    assert done["message_id"] is not None and client.text().endswith("Every well is fitted.")
    assert "Wells: 'well_name' (from the file: 10000 well(s))" in client.text()  # the Inputs
    dones = [done for done, total in client.progress() if total == BASIN_WELLS]
    assert dones == sorted(set(dones)) and dones[-1] == BASIN_WELLS and len(dones) > 10
    descriptions = [e["description"] for e in client.of_type("artifact")]
    assert any(d.startswith("Decline forecast of oil for 10000 well(s)") for d in descriptions)
    assert any(d.startswith("Per-well decline summary (oil)") for d in descriptions)
    # The result the model got is cut to its limit; it opens with the summary.
    sent = tool_message(fake)
    assert re.match(r'\{"summary": ?"Fitted 10000 wells \(', sent), sent[:200]
    # Every well of the summary table the workers' result wrote: the generator's
    # decline (12 x the monthly one as a nominal yearly decline) where the fit
    # chose an exponential, qi within the month-length jitter, history to the barrel.
    written = list((stack.folder / "media").rglob("*decline_summary_oil*.csv"))
    # The basin's (another test of the module fits a sample file of a few wells).
    summary = max((pd.read_csv(path) for path in written), key=len)
    assert len(summary) == BASIN_WELLS
    index = summary["well"].str.split().str[1].astype(int).to_numpy()
    assert sorted(index) == list(range(BASIN_WELLS))
    np.testing.assert_allclose(summary["history_bbl"], oil[index].sum(axis=1), rtol=1e-9)
    np.testing.assert_allclose(summary["qi_bbl_d"], qi[index], rtol=0.06)
    exponential = (summary["model"] == "exponential").to_numpy()
    assert exponential.mean() > 0.95
    np.testing.assert_allclose(
        summary["di_nominal_per_yr"][exponential], 12 * decline[index][exponential], rtol=0.01
    )


def upload(server, stack, conversation, path: Path) -> int:
    return upload_bytes(server, stack, conversation, path.name, path.read_bytes())


def upload_bytes(server, stack, conversation, name: str, content: bytes) -> int:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: {'application/gzip' if name.endswith('.gz') else 'text/csv'}\r\n\r\n"
        ).encode()
        + content
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
