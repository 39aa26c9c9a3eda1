"""What the browser tests share: a real server, the system's Chromium, a signed-in page.

Chromium (Debian's, never a downloaded one) drives a Daphne subprocess that
serves the project with its own migrated SQLite file, local media and the
offline ``builtin`` agent (or any backend a module passes to ``serve``).
Every page collects its script errors and console errors (a refused
Content-Security-Policy shows there) and each test asserts there are none.

Set ``UPDATE_SCREENSHOTS=1`` to copy the screenshots tests take into
``docs/screenshots/``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
EMAIL = "analyst@example.com"
PASSWORD = "tight-gas-sands-2026"
SERVER_START_SECONDS = 60
WAIT_MS = 60_000  # generous: a loaded CI machine is slow, a passing test never waits it out
LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path) -> None:
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
def serve(home: Path, **extra_env: str):
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
        # Tools run in the server's own process pool: a REDIS_URL inherited from
        # the Redis pass would otherwise send them to Celery workers nobody
        # started here (tests/test_jobs_production.py starts its own).
        TOOL_JOBS="pool",
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
    port = free_port()
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
        wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need the system Chromium at /usr/bin/chromium (apt install chromium)"
        )
    pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The embedded mode (the offline builtin agent), shared by the browser modules."""
    need_chromium()
    home = tmp_path_factory.mktemp("browser-builtin")
    with serve(home) as url:
        yield {"url": url, "db": home / "db.sqlite3"}


# Per module: Playwright's sync API runs an event loop on this thread while it
# lives, and the asyncio tests of other modules need the thread to themselves.
@pytest.fixture(scope="module")
def browser():
    need_chromium()
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


def new_page(context):
    """A page of ``context`` whose script and console errors gather in ``page.js_errors``."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.set_default_timeout(WAIT_MS)
    page.js_errors = errors
    return page


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return new_page(context)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield new_page(context)
    context.close()


def screenshot(page, name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    page.screenshot(path=str(target))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, docs / name)
    return target


def socket_events(page) -> list[dict]:
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


def wait_ready(page) -> None:
    """The chat page's script has started: a saved conversation is connected."""
    page.wait_for_selector('#conn[data-state="online"], #conn[data-state="idle"]', state="attached")


def sign_in(page, url: str, *, email: str = EMAIL, password: str = PASSWORD) -> None:
    page.goto(url + "/login?next=/chat/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/chat/")
    wait_ready(page)


def sign_up(page, url: str) -> str:
    """A new account made on the sign-up page, signed in; returns its e-mail."""
    email = f"analyst-{uuid.uuid4().hex[:10]}@example.com"
    page.goto(url + "/signup")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/chat/")
    wait_ready(page)
    return email


def ask(page, question: str) -> None:
    """Send ``question`` and wait until its answer is saved and shown as sanitised HTML."""
    answers_before = page.locator(".msg--agent").count()
    page.fill("#prompt", question)
    page.press("#prompt", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.msg--agent').length > n"
        " && document.querySelector('.msg--agent:last-of-type .msg__content.markdown')"
        " && document.querySelector('#send').hidden === false",
        arg=answers_before,
    )


def forget_not_found_document(page, address: str) -> None:
    """Drop the console's note that ``address`` (a page the test expects to be 404) was 404."""
    page.js_errors[:] = [
        error for error in page.js_errors if not (error.endswith(f"({address})") and "404" in error)
    ]


def conversations_in_database(db: Path, email: str) -> int:
    """How many conversations ``email`` has in the server's database, listed or not."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM chat_conversation c JOIN accounts_user u ON u.id = c.user_id"
            " WHERE u.email = ?",
            (email,),
        ).fetchone()
    return count


def conversation_id_of(page) -> str:
    return page.url.rstrip("/").rsplit("/", 1)[-1]
