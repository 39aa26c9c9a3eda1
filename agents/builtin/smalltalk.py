"""What the builtin agent says when a question is not a calculation.

Greetings, "what can you do" / "help", and the fallback, all written from
the agent's own description and its tools, plus the conversation's title.
Pure functions of their arguments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_GREETING = re.compile(
    r"^\s*(hi|hello|hey|hiya|howdy|greetings|yo|good\s+(morning|afternoon|evening|day))"
    r"(\s+(there|all|everyone|derrick|agent))?\s*[!.,?]*\s*$",
    re.IGNORECASE,
)
_THANKS = re.compile(r"^\s*(thanks|thank\s+you|thx|cheers)\b[^?]{0,40}$", re.IGNORECASE)
_HELP = re.compile(
    r"\b(what\s+can\s+you\s+do|what\s+do\s+you\s+do|how\s+(can|do)\s+you\s+help|"
    r"help(\s+me)?\s*[?!.]*$|who\s+are\s+you|what\s+are\s+you|your\s+capabilities|"
    r"what\s+tools|which\s+tools|how\s+do\s+i\s+use\s+you)",
    re.IGNORECASE,
)

TITLE_MAX_WORDS = 8
TITLE_MAX_CHARS = 60


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def _tool_lines(tools: Sequence[Any]) -> str:
    return "\n".join(f"- **{t.name}**: {_first_sentence(t.description)}" for t in tools)


def answer(question: str, *, agent: Any, tools: Sequence[Any]) -> str | None:
    """A greeting, thanks or "what can you do" answer, or None for anything else."""
    name = agent.label
    if _GREETING.match(question):
        intro = _first_sentence(agent.description) if agent.description else ""
        return (
            f"Hello! I'm the {name}. {intro}".rstrip()
            + "\n\nUpload a file (production history, cost sheet or emissions data) "
            "and ask me about it, or ask *what can you do?* to see my tools."
        )
    if _THANKS.match(question):
        return "You're welcome! Ask me anything else about your data when you're ready."
    if _HELP.search(question):
        parts = [f"I'm the **{name}**."]
        if agent.description:
            parts.append(agent.description.strip())
        if tools:
            parts.append("These are the tools I can run on your data:\n\n" + _tool_lines(tools))
        else:
            parts.append(
                "I have no calculation tools configured yet; an administrator can add them."
            )
        parts.append(
            "Upload a file with the paperclip (it becomes a row of the running table), "
            "then ask a question about it, naming the row if there are several."
        )
        return "\n\n".join(parts)
    return None


def fallback(*, agent: Any, tools: Sequence[Any], table: Sequence[Any]) -> str:
    """What to say when the question is neither small talk nor a calculation I recognise."""
    parts = [
        f"I'm the {agent.label}, running offline without a language model, so I can only "
        "answer questions that map onto my calculation tools."
    ]
    if tools:
        parts.append("I can:\n\n" + _tool_lines(tools))
    uploads = [row for row in table if getattr(row, "type", "") == "userinput"]
    if uploads:
        listed = ", ".join(f"row {row.rowid}" for row in uploads[:5])
        parts.append(f"Your uploaded files are in {listed} of the running table.")
    else:
        parts.append("You have not uploaded any files in this conversation yet.")
    # Examples of what this agent's own tools understand, figures written out.
    names = {getattr(t, "name", "") for t in tools}
    examples = [
        example
        for tool_name, example in (
            ("fit_decline", "*fit a decline curve to row 1*"),
            (
                "forecast_decline",
                "*a well at 800 bbl/d declining 25% a year, b of 0.9: rate after 2 years and "
                "EUR to 10 bbl/d?*",
            ),
            ("npv_irr", "*NPV10 of -2.5MM capex then 800k, 700k, 600k*"),
            ("emissions_inventory", "*we flared 12,000 mcf and burned 30,000 gal of diesel*"),
        )
        if tool_name in names
    ] or ["*fit a decline curve to row 1*"]
    parts.append(
        "Try rephrasing your question with the calculation and the numbers you want, "
        "for example " + " or ".join(examples[:3]) + "."
    )
    return "\n\n".join(parts)


def title_file_name(question: str, *, table: Sequence[Any], answer_text: str = "") -> str | None:
    """The file a first question is about, for its title.

    The row the question names ("describe row 3"); else the upload the answer
    names first (it says which file it read); else the only upload. None when
    that is unclear: a title naming the wrong file is worse than none.
    ``table`` holds rows with rowid, type and original_name.
    """
    named = re.search(r"\brow\s?(?:id)?\s*(?:#|no\.?|number)?\s*(\d+)\b", question, re.I)
    if named:
        rowid = int(named.group(1))
        row = next((r for r in table if getattr(r, "rowid", None) == rowid), None)
        return (getattr(row, "original_name", "") or None) if row is not None else None
    uploads = [
        r
        for r in table
        if getattr(r, "type", "") == "userinput" and getattr(r, "original_name", "")
    ]
    mentioned = [
        (answer_text.find(r.original_name), r.original_name)
        for r in uploads
        if r.original_name in answer_text
    ]
    if mentioned:
        return min(mentioned)[1]
    if len(uploads) == 1:
        return uploads[0].original_name
    return None


def title_from_question(question: str, *, file_names: Sequence[str] = ()) -> str:
    """A short title: the question's first words, with the first of ``file_names`` (the
    caller passes the file the question is about, see ``title_file_name``)."""
    words = re.sub(r"[\s]+", " ", question).strip().split(" ")
    title = " ".join(words[:TITLE_MAX_WORDS]).strip(" ?!.,;:")
    if len(title) > TITLE_MAX_CHARS:
        title = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    elif len(words) > TITLE_MAX_WORDS:
        title += "…"
    title = title[:1].upper() + title[1:]
    if file_names:
        with_file = f"{title} ({file_names[0]})" if title else file_names[0]
        if len(with_file) <= 100:
            title = with_file
    return title or "New Chat"
