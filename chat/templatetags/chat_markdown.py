"""Agents' answers as safe HTML: Markdown rendered, then sanitised with nh3.

Model text is untrusted: it may carry HTML or links a prompt injection put
there. Markdown renders it; nh3 (ammonia) keeps only harmless tags and
attributes. Images are dropped, so an answer can never make the browser
fetch a third-party URL (charts live in the running table, behind signed
links).
"""

from __future__ import annotations

import re

import markdown as md
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_EXTENSIONS = ["tables", "fenced_code", "sane_lists", "nl2br"]
_TAGS = set(nh3.ALLOWED_TAGS) - {"img", "map", "area"}
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag != "img"},
    "a": {"href", "title"},
    "code": {"class"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
}
# Column alignment as ``align`` attributes, not inline styles: the pages'
# Content-Security-Policy refuses style attributes.
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d{1,9}[.)])\s+\S")


def _lists_may_interrupt_paragraphs(text: str) -> str:
    """Let a list start right after a line of text, as CommonMark (and models) expect.

    Python-Markdown needs a blank line before a list; answers written for
    CommonMark renderers often have none, and their bullets would run into
    the paragraph above. Code fences are left alone.
    """
    out: list[str] = []
    in_fence = False
    previous = ""
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif (
            not in_fence
            and _LIST_ITEM.match(line)
            and previous.strip()
            and not _LIST_ITEM.match(previous)
            and not previous.startswith((" ", "\t", "|"))
        ):
            out.append("")
        out.append(line)
        previous = line
    return "\n".join(out)


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text`` (Markdown): safe to insert into the page."""
    source = _lists_may_interrupt_paragraphs(text or "")
    html = md.markdown(
        source,
        extensions=_EXTENSIONS,
        extension_configs=_EXTENSION_CONFIGS,
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )
    # A wide table scrolls in its own box, not the page. These are nh3's own
    # tags (text that looks like a tag comes out escaped), so this is safe.
    return clean.replace("<table>", '<div class="table-wrap"><table>').replace(
        "</table>", "</table></div>"
    )


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # sanitised by nh3 in render_markdown
