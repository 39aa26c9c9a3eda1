"""The builtin agent's domain answers: question -> intent -> tools -> a written answer.

``answer`` reads the question (``agents.builtin.intent.read_question``),
checks the agent has the tool the answer needs, runs the kind's writer
(``agents.builtin.answer_*``, registered with ``@writer``) and opens the
answer with the Inputs block: every input used with its value, unit and
source, every default applied, the conventions, and every figure of the
question that was not used, with the reason.

Synchronous: the runner calls it in a worker thread. Deterministic: the same
question on the same data gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The area modules register their writers on import.
from agents.builtin import (
    answer_conversion,
    answer_data,
    answer_economics,
    answer_emissions,
    answer_production,
    answer_tables,
)
from agents.builtin.intent import Intent, read_question
from agents.builtin.numbers import normalise, question_text
from agents.builtin.work import WRITERS, AskBack, Work, switch_agent
from agents.tools.registry import ToolContext, ToolError

AREAS = (
    answer_tables,
    answer_production,
    answer_conversion,
    answer_economics,
    answer_emissions,
    answer_data,
)


@dataclass
class Answered:
    """An answer with what it was built from (for tests and the corpus)."""

    text: str
    intent: Intent | None
    work: Work | None


def answer(question: str, *, agent: Any, ctx: ToolContext, history: Any) -> str | None:
    """The Markdown answer to ``question``, or None when it is not a domain question."""
    done = answer_with_record(question, agent=agent, ctx=ctx, history=history)
    return done.text if done is not None else None


def answer_with_record(
    question: str, *, agent: Any, ctx: ToolContext, history: Any
) -> Answered | None:
    """``answer``, keeping the intent and the work (tool calls, inputs, figures not used)."""
    with question_text(question):
        return _answer_with_record(question, agent=agent, ctx=ctx, history=history)


def _answer_with_record(
    question: str, *, agent: Any, ctx: ToolContext, history: Any
) -> Answered | None:
    intent = read_question(question, list(history or []))
    if intent is None:
        return None
    found = WRITERS.get(intent.kind)
    if found is None:
        return None
    tool_name = found.tool(intent.params)
    if tool_name not in list(getattr(agent, "tools", None) or []):
        return Answered(switch_agent(tool_name, agent, _job(tool_name)), intent, None)
    work = Work(intent, agent=agent, ctx=ctx)
    try:
        body = found.write(work)
    except AskBack as early:
        body = early.text
    except ToolError as exc:
        body = f"I could not finish that: {exc}"
    block = work.inputs_block()
    return Answered(f"{block}\n\n{body}" if block else body, intent, work)


def _job(tool_name: str) -> str:
    for w in WRITERS.values():
        if w.tool({"rate": 1}) == tool_name or w.tool({}) == tool_name:
            return w.job
    return f"has the {tool_name} tool"


__all__ = ["AREAS", "Answered", "answer", "answer_with_record", "normalise"]
