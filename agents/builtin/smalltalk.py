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


# What a title drops from the front of a question: greetings followed by more
# (a bare "hello there" stays), and the polite forms of asking.
_TITLE_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|so|quick\s+one)\s*[,!.:;-]+\s*)?"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|kindly\s+)?|"
    r"please\s+|pls\s+|i(?:'d|\s+would)\s+like\s+(?:you\s+)?to\s+|"
    r"i\s+(?:want|need)\s+(?:you\s+)?to\s+|help\s+me\s+|let'?s\s+|"
    r"(?:tell|show|give)\s+(?:me|us)\s+)?",
    re.IGNORECASE,
)
# ...and from anywhere: where the data is (the title names the file itself).
_TITLE_FILLER = re.compile(
    r"\s+(?:in|from|of|on)\s+(?:my|the|this|our)\s+"
    r"(?:uploaded\s+)?(?:file|upload|data|spreadsheet|csv|table|sheet)\b",
    re.IGNORECASE,
)
# A well as analysts name one: a name and a number with the lateral's letters
# ("Hawkins 1H", "SMITH 3-14H", "Wolfcamp A 2HZ"), or any name after "well".
_WELL = re.compile(
    r"\b(?:well\s+)?((?!(?:for|of|the|to|on|and|at|in|well|wells)\b)[A-Za-z][\w'-]*"
    r"(?:\s+(?!(?:for|of|the|to|on|and|at|in|well|wells)\b)[A-Za-z][\w'-]*)?)"
    r"\s+(#?\d+(?:-\d+)?(?:H|HZ|HD|XH|WH|MH|LH)\b)",
    re.IGNORECASE,
)
_AFTER_WELL = re.compile(
    r"\bwell\s+([A-Za-z][\w'-]*\s+#?\d+(?:-\d+)?[A-Za-z]{0,3})\b",
    re.IGNORECASE,
)
# "Hawkins 1H and 2H", "Hawkins 1H, 2H & 3H": more wells of the same name.
_SAME_NAME = re.compile(
    r"\s*(?:,|and|&|\+)\s*(#?\d+(?:-\d+)?(?:H|HZ|HD|XH|WH|MH|LH))\b", re.IGNORECASE
)
# The task a question asks for, as the history list should read it.
_TASKS = (
    (r"carbon\s+(?:price|tax)|\$\s?\d+\s*/\s*t(?:onne)?\b", "Carbon price"),
    (r"carbon\s+intensity|intensity", "Carbon intensity"),
    (r"emission|scope\s*[123]|ghg|co2e?|methane|flar", "Emissions"),
    (r"type\s+curve", "Type curve"),
    (
        r"\bnpv|\birr\b|pv-?\d+|economic(?!\s+limit)|cash\s*flow|break-?\s?even|payout|payback",
        "Economics",
    ),
    (r"decline|arps|b-?factor|\bfit\b", "Decline fit"),
    (r"forecast|\beur\b", "Forecast"),
    (r"plot|chart|graph", "Chart"),
)


def _wells_named(question: str) -> list[str]:
    """The wells a question names, as written (a lower-case name capitalised), in order."""
    named: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _WELL.finditer(question):
        name = match.group(1)
        named.append((match.start(), f"{name} {match.group(2).upper()}"))
        end = match.end()
        while more := _SAME_NAME.match(question, end):
            named.append((more.start(1), f"{name} {more.group(1).upper()}"))
            end = more.end()
        taken.append((match.start(), end))
    for match in _AFTER_WELL.finditer(question):
        if not any(start <= match.start(1) < end for start, end in taken):
            named.append((match.start(1), match.group(1)))
    found: list[str] = []
    for _, well in sorted(named):
        well = well[:1].upper() + well[1:]
        if well.lower() not in {w.lower() for w in found}:
            found.append(well)
    return found


def _task_of(question: str) -> str | None:
    for pattern, label in _TASKS:
        if re.search(pattern, question, re.IGNORECASE):
            return label
    return None


def _phase_of(question: str) -> str | None:
    phases = [p for p in ("oil", "gas", "water") if re.search(rf"\b{p}\b", question, re.I)]
    return phases[0] if len(phases) == 1 else None


def title_from_question(question: str, *, file_names: Sequence[str] = ()) -> str:
    """A short title that tells this conversation from the others in the history list.

    A question that names wells is titled by its task and the wells ("Economics:
    Hawkins 1H", "Decline fit, gas: SMITH 3-14H"); any other by its first words,
    without greetings, polite forms or "in my file" (the file is named instead).
    ``file_names``: the file the question is about first (``title_file_name``).
    """
    text = re.sub(r"\s+", " ", question).strip()
    for _ in range(3):  # "Please can you tell me the NPV..."
        shorter = _TITLE_LEAD_IN.sub("", text, count=1)
        if not shorter or shorter == text:
            break
        text = shorter
    text = _TITLE_FILLER.sub("", text).strip()
    wells = _wells_named(text)
    task = _task_of(text)
    if wells and task:
        phase = _phase_of(text) if task in ("Decline fit", "Forecast", "Chart") else None
        head = f"{task}, {phase}" if phase else task
        title = f"{head}: {' and '.join(wells[:2])}" + (" and others" if len(wells) > 2 else "")
        if len(title) > TITLE_MAX_CHARS:
            title = f"{head}: {wells[0]} and others"
    else:
        words = text.split(" ")
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
