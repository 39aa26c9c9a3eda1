"""A data question in Chromium: the answer's chart and table inside it, the SQL collapsed."""

from __future__ import annotations

import pytest

from tests.browser import ROOT, ask, screenshot, sign_up, wait_ready

pytestmark = pytest.mark.browser

SAMPLE_CSV = ROOT / "samples" / "production_monthly.csv"


def test_a_data_answer_shows_its_chart_and_keeps_its_sql_folded_until_opened(
    server, page, tmp_path
):
    sign_up(page, server["url"])
    page.set_input_files("#upload-input", str(SAMPLE_CSV))
    page.wait_for_selector('#rows-body tr[data-rowid="1"]', state="attached")
    wait_ready(page)
    ask(page, "plot oil for Hawkins 1H and 2H")

    answer = page.locator(".msg--agent").last
    chart = answer.locator(".result--chart img").first
    chart.wait_for()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert "Series: Hawkins 1H oil (bbl), Hawkins 2H oil (bbl)." in answer.inner_text()

    # The SQL is there, folded: its summary shows, the code does not until it is opened.
    # (The saved answer's sanitised HTML replaces the live rendering, which drops tags.)
    block = answer.locator(".msg__content details", has_text="SQL that ran")
    block.wait_for()
    assert block.count() == 1
    summary = block.locator("summary")
    assert summary.inner_text() == "SQL that ran (DuckDB, read-only)"
    code = block.locator("pre code.language-sql")
    assert code.count() == 1 and not code.is_visible()
    summary.click()
    code.wait_for(state="visible")
    assert "FILTER (WHERE well = 'Hawkins 2H')" in code.inner_text()
    assert block.evaluate("d => d.open")
    block.scroll_into_view_if_needed()
    screenshot(page, "chat-data.png", tmp_path)
