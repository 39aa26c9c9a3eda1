"""An answer's results in Chromium: its chart and tables inside it, search, export, two tabs."""

from __future__ import annotations

import base64
import csv
import json
import re

import pytest

from tests.browser import (
    ROOT,
    ask,
    conversation_id_of,
    new_page,
    screenshot,
    sign_up,
    wait_ready,
)

pytestmark = pytest.mark.browser

SAMPLE_CSV = ROOT / "samples" / "production_monthly.csv"


def upload_sample(page) -> None:
    page.set_input_files("#upload-input", str(SAMPLE_CSV))
    page.wait_for_selector('#rows-body tr[data-rowid="1"]', state="attached")


def for_reading(value: float) -> str:
    """The reading form of a number of at least one, worked out here: >=1000 whole and
    grouped, >=100 one decimal, >=1 two decimals; whole numbers stay whole."""
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


@pytest.fixture
def fitted(server, page, tmp_path):
    """A new analyst who uploaded the sample production and asked for a decline fit."""
    sign_up(page, server["url"])
    upload_sample(page)
    wait_ready(page)
    ask(page, "fit a decline to the oil")
    return page


def test_a_fits_chart_and_tables_are_inside_its_answer(fitted, tmp_path):
    page = fitted
    answer = page.locator(".msg--agent").last
    chart = answer.locator(".result--chart img").first
    chart.wait_for()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert chart.is_visible()
    box, body = chart.bounding_box(), answer.locator(".msg__body").bounding_box()
    assert box["width"] > 300 and box["x"] + box["width"] <= body["x"] + body["width"] + 1
    assert answer.locator(".msg__agent").inner_text() == "Production Agent"

    # Click to enlarge; the dialog shows the same image.
    answer.locator(".result__zoom").first.click()
    page.wait_for_selector("#zoom-dialog[open] #zoom-image")
    assert page.eval_on_selector("#zoom-image", "i => i.src") == chart.evaluate("i => i.src")
    page.keyboard.press("Escape")

    # The forecast table: scrollable sideways, numbers right-aligned and rounded.
    table = answer.locator(".result--table").first
    table.scroll_into_view_if_needed()
    cells = table.locator(".preview td.num")
    cells.first.wait_for()
    box = table.locator(".preview")
    widths = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1], "the wide table scrolls inside its box"
    box.evaluate("e => { e.scrollLeft = 200; }")
    assert box.evaluate("e => e.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for n in range(min(8, cells.count())):
        cell = cells.nth(n)
        assert cell.evaluate("td => getComputedStyle(td).textAlign") == "right"
        full = float(cell.get_attribute("title"))
        shown = cell.inner_text()
        if abs(full) >= 1 or full == 0 or float(full).is_integer():
            assert shown == for_reading(full), (full, shown)
        else:
            assert float(shown) == pytest.approx(full, rel=5e-3)
    answer.locator(".result--chart").first.scroll_into_view_if_needed()
    screenshot(page, "chat-results.png", tmp_path)
    assert page.js_errors == []


def test_search_finds_a_conversation_by_a_word_of_its_answer(fitted):
    page = fitted
    conversation_id = conversation_id_of(page)
    words = re.findall(r"[A-Za-z]{7,}", page.locator(".msg--agent .msg__content").last.inner_text())
    word = next(w for w in words if w.lower() not in {"decline", "forecast"})
    page.click("#new-chat")
    wait_ready(page)
    page.fill("#search", word.lower())
    hit = page.locator(f'#search-results a[href^="/chat/{conversation_id}"]')
    hit.wait_for()
    assert word.lower() in hit.locator("mark").first.inner_text().lower()
    assert page.is_hidden("#history-list")
    hit.click()
    page.wait_for_url(re.compile(f"/chat/{conversation_id}"))
    page.wait_for_selector(".msg.is-found")
    assert page.js_errors == []


def test_export_downloads_a_file_that_holds_the_chart(fitted, tmp_path):
    page = fitted
    src = page.locator(".msg--agent .result--chart img").first.evaluate("i => i.src")
    png = page.request.get(src).body()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    page.click("#export-menu summary")
    with page.expect_download() as info:
        page.click('#export-menu a[data-format="html"]')
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".html"
    assert f"data:image/png;base64,{base64.b64encode(png).decode()}" in target.read_text()
    assert page.js_errors == []


def test_a_second_tab_sees_the_question_and_the_answer(server, context, page):
    sign_up(page, server["url"])
    ask(page, "hello")
    other = new_page(context)
    other.goto(page.url)
    other.wait_for_selector('#conn[data-state="online"]')
    page.select_option("#agent-select", "ESG Agent")
    ask(page, "what can you do?")
    other.wait_for_function(
        "() => Array.from(document.querySelectorAll('.msg--user .msg__bubble'))"
        ".some(b => b.textContent === 'what can you do?')"
    )
    other.wait_for_function("() => document.querySelectorAll('.msg--agent').length === 2")
    assert other.locator(".msg--user .msg__bubble").all_inner_texts() == [
        "hello",
        "what can you do?",
    ]
    assert other.input_value("#agent-select") == "ESG Agent", "the picker follows the conversation"
    assert page.js_errors == [] and other.js_errors == []


def test_a_long_jobs_progress_shows_as_a_bar_on_its_step(server, page):
    sign_up(page, server["url"])
    fake = [
        {
            "event_type": "log",
            "content": "Fitting 5,000 wells...",
            "progress": {"done": 1200, "total": 5000},
        },
        {
            "event_type": "log",
            "content": "Fitting 5,000 wells...",
            "progress": {"done": 4800, "total": 5000},
        },
    ]

    def relay(ws):
        server_side = ws.connect_to_server()

        def from_page(message):
            server_side.send(message)
            for event in fake:  # the jobs' events, before the real answer
                ws.send(json.dumps(event))

        ws.on_message(from_page)
        server_side.on_message(lambda message: ws.send(message))

    page.route_web_socket(re.compile(r".*/async_chat.*"), relay)
    ask(page, "hello")
    steps = page.locator(".msg--agent").last.locator(".steps li")
    bars = steps.locator("progress")
    assert bars.count() == 1, "progress on one line updates that step"
    assert bars.first.get_attribute("max") == "5000"
    assert bars.first.evaluate("p => p.value") == 4800
    assert "4,800 of 5,000" in steps.first.text_content()
    assert page.js_errors == []


def test_the_chat_at_phone_size(server, phone, tmp_path):
    sign_up(phone, server["url"])
    upload_sample(phone)
    ask(phone, "fit a decline to the oil")
    title = phone.locator("#conversation-title")
    box = title.bounding_box()
    assert box["width"] >= 120, "the title keeps room to be read at 390 px"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.locator(".msg--agent .result--chart img").first.scroll_into_view_if_needed()
    screenshot(phone, "chat-phone.png", tmp_path)
    with SAMPLE_CSV.open(newline="") as handle:
        header = next(csv.reader(handle))
    assert "well_name" in header
    assert phone.js_errors == []
