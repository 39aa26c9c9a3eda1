"""The chat page in a real browser against a real server.

Chromium (the system's, never a downloaded one) drives a Daphne subprocess
serving the project with its own migrated SQLite file, local media and the
offline ``builtin`` agent: sign in, ask, watch the answer stream, reload,
upload a CSV, open the running table's rows.

Set ``UPDATE_SCREENSHOTS=1`` to refresh ``docs/screenshots/``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SAMPLE_CSV = ROOT / "samples" / "production_monthly.csv"
EMAIL = "analyst@example.com"
PASSWORD = "tight-gas-sands-2026"
SERVER_START_SECONDS = 60
WAIT_MS = 30_000

PRODUCTION_CSV = "date,oil_bbl,gas_mcf,water_bbl\n" + "".join(
    f"2024-{month:02d}-01,{round(12000 * 0.93**i)},{round(30000 * 0.95**i)},{400 + 15 * i}\n"
    for i, month in enumerate(range(1, 13))
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Daphne exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/login", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"Daphne did not answer within {SERVER_START_SECONDS}s:\n{log.read_text()[-3000:]}")


@contextmanager
def _serve(home: Path, **extra_env: str):
    """A migrated, seeded project served by Daphne in a subprocess; yields its URL."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            "LLM_BACKEND",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(
        DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}",
        MEDIA_ROOT=str(home / "media"),
        LLM_BACKEND="builtin",
        DEBUG="0",
        SECRET_KEY="browser-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONWARNINGS="ignore",
    )
    env.update(extra_env)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from accounts.services import user_register; "
            f"user_register(email={EMAIL!r}, password={PASSWORD!r})",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    log = home / "daphne.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                python,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "project.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need the system Chromium at /usr/bin/chromium (apt install chromium)"
        )
    pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The embedded mode: the offline builtin agent."""
    _need_chromium()
    with _serve(tmp_path_factory.mktemp("browser-builtin")) as url:
        yield {"url": url}


class FakeLLM:
    """An OpenAI-compatible server whose streamed answers wait where a test says.

    Each streamed completion sends its first part, then waits for the test to
    release it before sending the rest: a reload or a stop lands mid-answer
    every time, with no timing guesses. Other calls (titles) answer at once.
    """

    FIRST = "Reading the production history. "
    REST = "The decline is **exponential** at 58.6% per year."
    REFUSE = "[refuse this one]"

    def __init__(self) -> None:
        self.streams_started = 0
        self.started = threading.Condition()
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if FakeLLM.REFUSE in json.dumps(body["messages"]):
                    fake._refuse(self)
                elif body.get("stream"):
                    fake._stream(self)
                else:
                    fake._reply(self, "Decline review")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @staticmethod
    def _chunk(delta: dict, finish: str | None = None, usage: dict | None = None) -> bytes:
        payload = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "fake",
            "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        if usage:
            payload["usage"] = usage
        return f"data: {json.dumps(payload)}\n\n".encode()

    def _stream(self, handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        try:
            handler.wfile.write(self._chunk({"role": "assistant", "content": self.FIRST}))
            handler.wfile.flush()
            with self.started:
                self.streams_started += 1
                self.started.notify_all()
            self.release.wait(timeout=120)
            handler.wfile.write(self._chunk({"content": self.REST}))
            handler.wfile.write(self._chunk({}, finish="stop"))
            usage = {"prompt_tokens": 10, "completion_tokens": 12, "total_tokens": 22}
            handler.wfile.write(self._chunk({}, usage=usage))
            handler.wfile.write(b"data: [DONE]\n\n")
            handler.wfile.flush()
        except OSError:
            pass  # the client went away (a stop): nothing more to send

    @staticmethod
    def _refuse(handler) -> None:
        # 400: the openai client does not retry it, so the error comes at once.
        body = json.dumps(
            {"error": {"message": "context too long", "type": "invalid_request_error"}}
        ).encode()
        handler.send_response(400)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    @staticmethod
    def _reply(handler, text: str) -> None:
        body = json.dumps(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": "fake",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
            }
        ).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def wait_for_stream(self, count: int) -> None:
        with self.started:
            assert self.started.wait_for(lambda: self.streams_started >= count, timeout=60)

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def llm():
    _need_chromium()
    fake = FakeLLM()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def llm_server(tmp_path_factory, llm):
    """The production shape: the openai backend, talking to the fake LLM over HTTP."""
    with _serve(
        tmp_path_factory.mktemp("browser-openai"),
        LLM_BACKEND="openai",
        OPENAI_API_KEY="sk-test-not-a-real-key",
        OPENAI_BASE_URL=llm.url,
    ) as url:
        yield {"url": url}


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(WAIT_MS)
    page.js_errors = errors
    yield page
    context.close()


def _screenshot(page, name: str, tmp_path: Path) -> None:
    target = tmp_path / name
    page.screenshot(path=str(target))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, docs / name)


def _socket_events(page) -> list[dict]:
    """Every frame the page's sockets receive, parsed, in order."""
    events: list[dict] = []

    def on_socket(ws) -> None:
        def on_frame(payload) -> None:
            try:
                events.append(json.loads(payload))
            except (TypeError, ValueError):
                pass

        ws.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return events


def _sign_in(page, url: str, tmp_path: Path) -> None:
    page.goto(url + "/chat/")
    assert "/login?next=/chat/" in page.url
    _screenshot(page, "login.png", tmp_path)
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    page.wait_for_selector(".alert--error")
    assert "do not match an account" in page.inner_text(".alert--error")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/chat/")
    page.wait_for_selector('#conn[data-state="online"]')


def _ask(page, question: str) -> None:
    answers_before = page.locator(".msg--agent").count()
    page.fill("#prompt", question)
    page.press("#prompt", "Enter")
    # Done: the saved answer's sanitised HTML replaced the streamed text.
    page.wait_for_function(
        "n => document.querySelectorAll('.msg--agent').length > n"
        " && document.querySelector('.msg--agent:last-of-type .msg__content.markdown')"
        " && document.querySelector('#send').hidden === false",
        arg=answers_before,
    )


def test_an_analyst_asks_reloads_and_uploads(server, page, tmp_path):
    url = server["url"]
    events = _socket_events(page)
    _sign_in(page, url, tmp_path)
    assert page.is_visible("text=Upload a production CSV and ask")

    _ask(page, "hello")
    assert page.locator(".msg--user .msg__bubble").last.inner_text() == "hello"
    kinds = [e.get("event_type") for e in events]
    assert "on_chat_model_stream" in kinds, kinds
    assert "done" in kinds and kinds.index("on_chat_model_stream") < kinds.index("done")
    streamed = "".join(
        e["content"] for e in events if e.get("event_type") == "on_chat_model_stream"
    )
    shown = page.locator(".msg--agent .msg__content").last.inner_text()
    assert streamed.split()[0] in shown
    conversation_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert page.url == f"{url}/chat/{conversation_id}"

    page.reload()
    page.wait_for_selector('#conn[data-state="online"]')
    item = page.locator(f'#history-list li[data-id="{conversation_id}"]')
    assert item.count() == 1
    assert "is-active" in (item.get_attribute("class") or "")
    assert page.locator(".msg--user .msg__bubble").first.inner_text() == "hello"
    assert page.locator(".msg--agent .markdown").count() == 1

    csv_path = SAMPLE_CSV
    if not csv_path.exists():  # the samples are optional: make a small history
        csv_path = tmp_path / "eagle_ford_well_7.csv"
        csv_path.write_text(PRODUCTION_CSV)
    with csv_path.open(newline="") as handle:
        header, *records = list(csv.reader(handle))
    assert page.is_visible("#rows-empty")
    page.set_input_files("#upload-input", str(csv_path))
    page.wait_for_selector('#rows-body tr[data-rowid="1"]')
    assert csv_path.name in page.inner_text("#rows-body")
    assert page.is_hidden("#rows-empty")

    page.click('#rows-body tr[data-rowid="1"] .rows__open')
    page.wait_for_selector("#row-detail .preview__table")
    assert page.locator("#row-detail .preview__table th").all_inner_texts() == header
    shown = page.locator("#row-detail .preview__table tbody tr")
    assert shown.count() == min(50, len(records))
    assert shown.first.locator("td").all_inner_texts() == records[0]
    assert page.get_attribute("#row-detail a.btn--download", "href")

    _ask(page, "fit a decline to the oil")
    # The fit leaves new rows: each artifact event refreshes the running table.
    made = [e for e in events if e.get("event_type") == "artifact" and e["rowid"] > 1]
    assert made, "the decline fit left no rows"
    for artifact in made:
        page.wait_for_selector(f'#rows-body tr[data-rowid="{artifact["rowid"]}"]')
    assert page.locator(".msg--agent").last.locator(".steps li").count() >= 1
    charts = [a for a in made if a.get("type") == "chart"]
    if charts:  # a chart row shows its signed image
        page.click(f'#rows-body tr[data-rowid="{charts[-1]["rowid"]}"] .rows__open')
        page.wait_for_function("document.querySelector('#row-detail .chart img')?.naturalWidth > 0")
    _screenshot(page, "chat.png", tmp_path)
    assert page.js_errors == []


def test_rename_and_delete_from_the_history(server, page, tmp_path):
    url = server["url"]
    _sign_in(page, url, tmp_path)
    _ask(page, "hello again")
    conversation_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    item = page.locator(f'#history-list li[data-id="{conversation_id}"]')
    item.wait_for()

    item.hover()
    item.locator('button[data-action="rename"]').click()
    page.fill("#rename-input", "Permian type curve")
    page.click('#rename-dialog button[value="ok"]')
    page.wait_for_function(
        "document.querySelector('#conversation-title').textContent === 'Permian type curve'"
    )
    page.reload()
    assert item.locator(".history-item__title").inner_text() == "Permian type curve"

    item.hover()
    item.locator('button[data-action="delete"]').click()
    page.click('#delete-dialog button[value="ok"]')
    page.wait_for_url(url + "/chat/")
    assert page.locator(f'#history-list li[data-id="{conversation_id}"]').count() == 0
    assert page.js_errors == []


def test_a_reload_mid_answer_picks_up_the_stream(llm_server, llm, page, tmp_path):
    url = llm_server["url"]
    events = _socket_events(page)
    _sign_in(page, url, tmp_path)
    page.fill("#prompt", "How fast is the oil declining?")
    page.press("#prompt", "Enter")
    llm.wait_for_stream(1)
    page.wait_for_function(
        "t => document.querySelector('.msg--agent:last-of-type .msg__content')"
        "?.textContent.includes(t)",
        arg=FakeLLM.FIRST.strip(),
    )
    assert page.is_visible("#stop")

    events.clear()
    page.reload()
    page.wait_for_function(
        "t => document.querySelector('.msg--agent:last-of-type .msg__content')"
        "?.textContent.includes(t)",
        arg=FakeLLM.FIRST.strip(),
    )
    assert [e["event_type"] for e in events][:1] == ["resume"]
    assert page.is_visible("#stop"), "the page knows an answer is still coming"
    assert page.locator(".msg--user .msg__bubble").last.inner_text() == (
        "How fast is the oil declining?"
    )

    llm.release.set()
    page.wait_for_function(
        "document.querySelector('.msg--agent:last-of-type .msg__content.markdown')"
        " && document.querySelector('#send').hidden === false"
    )
    answers = page.locator(".msg--agent .msg__content")
    assert answers.count() == 1, "the resumed answer is not shown twice"
    final = answers.last.inner_text()
    assert final == "Reading the production history. The decline is exponential at 58.6% per year."
    assert answers.last.locator("strong").inner_text() == "exponential"
    assert page.js_errors == []


def test_stop_ends_the_answer_and_keeps_what_was_written(llm_server, llm, page, tmp_path):
    llm.release.clear()
    url = llm_server["url"]
    _sign_in(page, url, tmp_path)
    page.click("#new-chat")
    already = llm.streams_started
    page.fill("#prompt", "Forecast the gas")
    page.press("#prompt", "Enter")
    llm.wait_for_stream(already + 1)
    page.wait_for_function(
        "t => document.querySelector('.msg--agent:last-of-type .msg__content')"
        "?.textContent.includes(t)",
        arg=FakeLLM.FIRST.strip(),
    )
    page.click("#stop")
    page.wait_for_function("document.querySelector('#send').hidden === false")
    page.wait_for_selector(".msg--agent:last-of-type .msg__note")
    assert "Stopped" in page.inner_text(".msg--agent:last-of-type .msg__note")
    assert page.inner_text(".msg--agent:last-of-type .msg__content") == FakeLLM.FIRST.strip()
    page.reload()
    assert page.inner_text(".msg--agent:last-of-type .msg__content") == FakeLLM.FIRST.strip()
    llm.release.set()
    assert page.js_errors == []


def test_an_upstream_failure_shows_an_error_bubble(llm_server, page, tmp_path):
    _sign_in(page, llm_server["url"], tmp_path)
    page.fill("#prompt", f"Summarise the field {FakeLLM.REFUSE}")
    page.press("#prompt", "Enter")
    page.wait_for_selector(".msg--error")
    page.wait_for_function("document.querySelector('#send').hidden === false")
    assert page.locator(".msg--error").get_attribute("role") == "alert"
    assert page.inner_text(".msg--error").strip().startswith("Something went wrong.")
    assert page.locator(".msg--agent").count() == 0, "no empty answer bubble is left behind"
    page.fill("#prompt", "still there?")
    assert page.is_enabled("#send")
    assert page.js_errors == []
