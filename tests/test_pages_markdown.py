"""Agents' answers become safe HTML on the pages."""

from __future__ import annotations

from chat.templatetags.chat_markdown import render_markdown


def test_tables_and_emphasis_render():
    html = render_markdown("| well | EUR |\n|---|--:|\n| A-1 | **412** |")
    assert '<div class="table-wrap"><table>' in html
    assert '<td align="right"><strong>412</strong></td>' in html
    assert "style=" not in html  # the pages' CSP refuses inline styles


def test_a_list_right_after_a_sentence_is_still_a_list():
    html = render_markdown("Assumptions:\n- 10% discount\n- $70 oil")
    assert "<li>10% discount</li>" in html
    assert "<li>$70 oil</li>" in html


def test_code_fences_keep_their_dashes():
    html = render_markdown("```\nrate\n- not a bullet\n```")
    assert "<li>" not in html
    assert "- not a bullet" in html


def test_scripts_handlers_and_javascript_links_are_removed():
    html = render_markdown(
        "<script>steal()</script><a href='javascript:x()' onclick='y()'>go</a>"
        "<iframe src='https://evil.example'></iframe><style>body{}</style>"
    )
    for bad in ("script", "steal", "javascript:", "onclick", "iframe", "evil.example", "style"):
        assert bad not in html


def test_images_never_load_from_an_answer():
    html = render_markdown(
        "![pixel](https://tracker.example/p.png) <img src='https://t.example/x'>"
    )
    assert "<img" not in html
    assert "tracker.example" not in html


def test_links_open_safely_in_a_new_tab():
    html = render_markdown("[SPE paper](https://www.spe.org/)")
    assert 'href="https://www.spe.org/"' in html
    assert 'target="_blank"' in html
    assert "noopener" in html
