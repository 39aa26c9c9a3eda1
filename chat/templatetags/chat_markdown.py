"""Agents' answers as safe HTML: Markdown rendered, then sanitised with nh3.

Model text is untrusted: it may carry HTML or links a prompt injection put
there. Markdown renders it; nh3 (ammonia) keeps only harmless tags and
attributes. Images are dropped, so an answer can never make the browser
fetch a third-party URL (charts live in the running table, behind signed
links).
"""

from __future__ import annotations

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


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text`` (Markdown): safe to insert into the page."""
    html = md.markdown(text or "", extensions=_EXTENSIONS, output_format="html")
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
