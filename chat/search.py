"""Finding a user's conversations by the words of their titles and messages.

On PostgreSQL, full text search: English stemming ("declining" finds
"decline"), every word must match, the last one as a prefix (the box
searches as you type), ranked by ``ts_rank`` over a GIN index of the
messages (``chat`` migration 0002), with ``ts_headline`` snippets. On
SQLite (the embedded mode), a simple case-insensitive match of every word,
most recent first. Either way a fixed number of queries, whatever the
number of conversations, and only the user's own listed conversations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Q

from chat.models import Conversation, Message

SEARCH_LIMIT = 30
QUERY_MAX_CHARS = 200
SNIPPET_CHARS = 160
# Candidate messages read on SQLite before keeping the newest per conversation.
_SIMPLE_SCAN = 400
# Markers ts_headline puts around a match: private-use characters no answer holds.
_START, _STOP = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
# Markdown that reads as noise in a one-line snippet, and what reads as a space.
_MARKUP = re.compile(r"[*`#]+|-{3,}")
_SPACERS = re.compile(r"[|>\s]+")
# The search config, the same in the index (migration 0002) and the queries.
SEARCH_CONFIG = "english"


@dataclass
class SearchHit:
    """One conversation found: its title, and where the words were found."""

    conversation_id: str
    title_summary: str
    last_activity_at: datetime
    message_id: int | None = None
    sender: str | None = None
    # The snippet as pieces: (text, whether it is a match), for the page to mark safely.
    snippet: list[tuple[str, bool]] = field(default_factory=list)
    score: float = 0.0

    def as_json(self) -> dict:
        return {
            "conversation_id": self.conversation_id,
            "title_summary": self.title_summary,
            "ts": self.last_activity_at.isoformat(),
            "message_id": self.message_id,
            "sender": self.sender,
            "snippet": [{"text": text, "match": match} for text, match in self.snippet],
        }


def search_words(query: str) -> list[str]:
    """The words of a query, at most ``QUERY_MAX_CHARS`` of it, lower-cased."""
    return [word.lower() for word in _WORD.findall((query or "")[:QUERY_MAX_CHARS])]


def conversation_search(*, user, query: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """``user``'s listed conversations whose title or a message holds every word of ``query``."""
    words = search_words(query)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(user=user, words=words, limit=limit)
    return _search_simple(user=user, words=words, limit=limit)


def _clean(text: str) -> str:
    return _SPACERS.sub(" ", _MARKUP.sub("", text))


def _pieces(marked: str) -> list[tuple[str, bool]]:
    """``a <start>b<stop> c`` as [("a ", False), ("b", True), (" c", False)], markup cleaned."""
    pieces: list[tuple[str, bool]] = []
    for part in re.split(f"({_START}.*?{_STOP})", marked):
        if not part:
            continue
        match = part.startswith(_START)
        text = _clean(part.strip(_START + _STOP)) if match else _clean(part)
        if not text:
            continue
        if pieces and pieces[-1][1] == match:
            pieces[-1] = (pieces[-1][0] + text, match)
        else:
            pieces.append((text, match))
    if pieces:
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
        pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
    return [piece for piece in pieces if piece[0]]


def _mark_words(text: str, words: list[str]) -> str:
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    return pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", text)


def _window(text: str, words: list[str]) -> str:
    """About ``SNIPPET_CHARS`` of ``text`` around its first match, on word boundaries."""
    flat = " ".join(text.split())
    lower = flat.lower()
    first = min((i for i in (lower.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(flat), start + SNIPPET_CHARS)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > first else end
    return ("… " if start else "") + flat[start:end] + (" …" if end < len(flat) else "")


def _hits_in_order(
    conversations: dict[int, Conversation], order: list[int], found: dict[int, dict]
) -> list[SearchHit]:
    hits = []
    for pk in order:
        conversation = conversations.get(pk)
        if conversation is None:
            continue
        detail = found.get(pk, {})
        hits.append(
            SearchHit(
                conversation_id=str(conversation.conversation_id),
                title_summary=conversation.title_summary,
                last_activity_at=conversation.last_activity_at,
                message_id=detail.get("message_id"),
                sender=detail.get("sender"),
                snippet=detail.get("snippet", []),
                score=detail.get("score", 0.0),
            )
        )
    return hits


def _listed(user) -> Q:
    return Q(conversation__user=user, conversation__is_listed=True)


def _sender(role: str) -> str:
    return "You" if role == Message.Role.USER else "Agent"


def _search_simple(*, user, words: list[str], limit: int) -> list[SearchHit]:
    title_filter = Q()
    content_filter = Q()
    for word in words:
        title_filter &= Q(title_summary__icontains=word)
        content_filter &= Q(content__icontains=word)
    candidates = (
        Message.objects.filter(_listed(user) & content_filter)
        .order_by("-created_at", "-id")
        .values("id", "conversation_id", "content", "role")[:_SIMPLE_SCAN]
    )
    found: dict[int, dict] = {}
    for message in candidates:
        if message["conversation_id"] in found:
            continue  # the newest message of each conversation speaks for it
        found[message["conversation_id"]] = {
            "message_id": message["id"],
            "sender": _sender(message["role"]),
            "snippet": _pieces(_mark_words(_window(message["content"], words), words)),
        }
    conversations = {
        c.pk: c
        for c in Conversation.objects.filter(user=user, is_listed=True)
        .filter(title_filter | Q(pk__in=list(found)))
        .only("conversation_id", "title_summary", "last_activity_at")
        .order_by("-last_activity_at", "-id")[:limit]
    }
    order = list(conversations)  # newest activity first
    for pk, conversation in conversations.items():
        if pk not in found:
            title = _mark_words(conversation.title_summary, words)
            found[pk] = {"snippet": _pieces(title)}
    return _hits_in_order(conversations, order, found)


def _search_postgres(*, user, words: list[str], limit: int) -> list[SearchHit]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    # Every word, the last as a prefix: "declin" finds "declining" while typing.
    raw = " & ".join([*words[:-1], f"{words[-1]}:*"])
    query = SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")
    content = SearchVector("content", config=SEARCH_CONFIG)
    best_messages = list(
        Message.objects.filter(_listed(user))
        .annotate(document=content)
        .filter(document=query)
        .annotate(rank=SearchRank(content, query))
        .order_by("conversation_id", "-rank", "-created_at")
        .distinct("conversation_id")
        .values("id", "conversation_id", "rank", "role")
    )
    title = SearchVector("title_summary", config=SEARCH_CONFIG)
    titled = dict(
        Conversation.objects.filter(user=user, is_listed=True)
        .annotate(document=title)
        .filter(document=query)
        .annotate(rank=SearchRank(title, query))
        .values_list("pk", "rank")
    )
    scores: dict[int, float] = {pk: 2.0 * rank for pk, rank in titled.items()}
    for message in best_messages:
        pk = message["conversation_id"]
        scores[pk] = max(scores.get(pk, 0.0), float(message["rank"]))
    if not scores:
        return []
    conversations = {
        c.pk: c
        for c in Conversation.objects.filter(pk__in=list(scores)).only(
            "conversation_id", "title_summary", "last_activity_at"
        )
    }
    order = sorted(
        scores, key=lambda pk: (-scores[pk], -conversations[pk].last_activity_at.timestamp())
    )[:limit]
    chosen = {m["conversation_id"]: m for m in best_messages if m["conversation_id"] in order}
    headlines = dict(
        Message.objects.filter(pk__in=[m["id"] for m in chosen.values()])
        .annotate(
            headline=SearchHeadline(
                "content",
                query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=24,
                min_words=10,
                short_word=2,
            )
        )
        .values_list("pk", "headline")
    )
    found: dict[int, dict] = {}
    for pk in order:
        message = chosen.get(pk)
        if message is not None:
            found[pk] = {
                "message_id": message["id"],
                "sender": _sender(message["role"]),
                "snippet": _pieces(headlines.get(message["id"], "")),
                "score": scores[pk],
            }
        else:
            marked = _mark_words(conversations[pk].title_summary, words)
            found[pk] = {"snippet": _pieces(marked), "score": scores[pk]}
    return _hits_in_order(conversations, order, found)
