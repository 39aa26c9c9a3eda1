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
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
}


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
    html = md.markdown(source, extensions=_EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        filter_style_properties={"text-align"},
    )


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return mark_safe(render_markdown(text))  # sanitised by nh3 in render_markdown
