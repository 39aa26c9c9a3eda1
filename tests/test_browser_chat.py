"""The chat page in a real browser against a real server.

Sign in, ask, watch the answer stream, reload, upload a CSV, open the
running table's rows; with the ``openai`` backend against a fake
OpenAI-compatible server: a reload and a stop mid-answer, an upstream error.
(``tests/browser.py`` has the server, the browser and the helpers.)
"""

from __future__ import annotations

import csv
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser import (
    EMAIL,
    PASSWORD,
    ROOT,
    ask,
    need_chromium,
    screenshot,
    serve,
    sign_in,
    socket_events,
)

pytestmark = pytest.mark.browser

SAMPLE_CSV = ROOT / "samples" / "production_monthly.csv"

PRODUCTION_CSV = "date,oil_bbl,gas_mcf,water_bbl\n" + "".join(
    f"2024-{month:02d}-01,{round(12000 * 0.93**i)},{round(30000 * 0.95**i)},{400 + 15 * i}\n"
    for i, month in enumerate(range(1, 13))
)


def _sign_in(page, url: str, tmp_path: Path) -> None:
    page.goto(url + "/chat/")
    assert "/login?next=/chat/" in page.url
    screenshot(page, "login.png", tmp_path)
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    page.wait_for_selector(".alert--error")
    assert "do not match an account" in page.inner_text(".alert--error")
    sign_in(page, url, email=EMAIL, password=PASSWORD)


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
    need_chromium()
    fake = FakeLLM()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def llm_server(tmp_path_factory, llm):
    """The production shape: the openai backend, talking to the fake LLM over HTTP."""
    with serve(
        tmp_path_factory.mktemp("browser-openai"),
        LLM_BACKEND="openai",
        OPENAI_API_KEY="sk-test-not-a-real-key",
        OPENAI_BASE_URL=llm.url,
    ) as url:
        yield {"url": url}


def test_an_analyst_asks_reloads_and_uploads(server, page, tmp_path):
    url = server["url"]
    events = socket_events(page)
    _sign_in(page, url, tmp_path)
    assert page.is_visible("text=Upload a production CSV and ask")

    ask(page, "hello")
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

    # Numbers are shown for reading (whole numbers grouped), the value itself in the title.
    def for_reading(text: str) -> str:
        return f"{int(text):,}" if text.isdigit() else text

    cells = shown.first.locator("td")
    assert cells.all_inner_texts() == [for_reading(v) for v in records[0]]
    numbers = [i for i, v in enumerate(records[0]) if v.isdigit()]
    assert numbers, "the sample has numeric columns"
    for i in numbers:
        assert cells.nth(i).get_attribute("title") == records[0][i]
        assert cells.nth(i).evaluate("td => getComputedStyle(td).textAlign") == "right"
    assert page.get_attribute("#row-detail a.btn--download", "href")

    ask(page, "fit a decline to the oil")
    # The fit leaves new rows: each artifact event refreshes the running table.
    made = [e for e in events if e.get("event_type") == "artifact" and e["rowid"] > 1]
    assert made, "the decline fit left no rows"
    for artifact in made:
        page.wait_for_selector(f'#rows-body tr[data-rowid="{artifact["rowid"]}"]')
    assert page.locator(".msg--agent").last.locator(".steps li").count() >= 1
    charts = [a for a in made if a.get("type") == "chart"]
    if charts:  # a chart row shows its signed image
        page.click(f'#rows-body tr[data-rowid="{charts[-1]["rowid"]}"] .rows__open')
        page.wait_for_function(
            "() => document.querySelector('#row-detail .chart img')?.naturalWidth > 0"
        )
    screenshot(page, "chat.png", tmp_path)
    assert page.js_errors == []


def test_rename_and_delete_from_the_history(server, page, tmp_path):
    url = server["url"]
    _sign_in(page, url, tmp_path)
    ask(page, "hello again")
    conversation_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    item = page.locator(f'#history-list li[data-id="{conversation_id}"]')
    item.wait_for()

    item.hover()
    item.locator('button[data-action="rename"]').click()
    page.fill("#rename-input", "Permian type curve")
    page.click('#rename-dialog button[value="ok"]')
    page.wait_for_function(
        "() => document.querySelector('#conversation-title').textContent === 'Permian type curve'"
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
    events = socket_events(page)
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
        "() => document.querySelector('.msg--agent:last-of-type .msg__content.markdown')"
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
    page.wait_for_function("() => document.querySelector('#send').hidden === false")
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
    page.wait_for_function("() => document.querySelector('#send').hidden === false")
    assert page.locator(".msg--error").get_attribute("role") == "alert"
    assert page.inner_text(".msg--error").strip().startswith("Something went wrong.")
    assert page.locator(".msg--agent").count() == 0, "no empty answer bubble is left behind"
    page.fill("#prompt", "still there?")
    assert page.is_enabled("#send")
    assert page.js_errors == []
