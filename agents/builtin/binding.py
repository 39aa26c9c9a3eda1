"""Binding the figures of a question to tool arguments, and naming the ones not used.

An *argument binding* is a finder, ``finder(text) -> Found | None``, registered
for one or more intent kinds under a parameter name with ``@binds``. A
``Found`` carries the value and the spans of the text it read, so every
figure of the question (``agents.builtin.quantities``) is either inside a span
that was bound and used, or reported as not used, with a reason.

``bind(kind, text)`` runs the kind's bindings in the order they were
registered. The answer writers then read ``Intent.params``; a writer that
reads a figure and does not use it says so with ``Work.skip`` (see
``agents.builtin.work``). Flags (what is asked, which subject) are bindings
too, with ``figure=False``: they never count as a change in a follow-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agents.builtin.quantities import Quantity


@dataclass(frozen=True)
class Found:
    """What a binding read: the value and the spans of the question it came from.

    ``origin`` is "" for the question itself, or where else the value came from
    ("an earlier question") when a follow-up reuses it (then ``spans`` is empty).
    ``stated`` is the text as the analyst wrote it, when it is worth quoting.
    """

    value: Any
    spans: tuple[tuple[int, int], ...] = ()
    origin: str = ""
    stated: str = ""

    def covers(self, q: Quantity) -> bool:
        return any(q.overlaps(s, e) for s, e in self.spans)


def finding(value: Any, *spans: tuple[int, int] | None, stated: str = "") -> Found | None:
    """A ``Found`` (None when ``value`` is None); ``None`` spans are left out."""
    if value is None:
        return None
    return Found(value, tuple(s for s in spans if s is not None), stated=stated)


Finder = Callable[[str], "Found | None"]
Show = Callable[[Any], "tuple[Any, str]"]


@dataclass(frozen=True)
class Binding:
    """One parameter of an intent kind, how it is found, and how it shows as an input.

    ``argument`` is the tool argument it feeds (the ``name`` tools use in their
    reported inputs); ``show(value)`` gives (value, unit) for the Inputs block.
    """

    kind: str
    name: str
    finder: Finder
    label: str
    argument: str
    unit: str = ""
    show: Show | None = None
    figure: bool = True
    follow_up: bool = True

    def shown(self, value: Any) -> tuple[Any, str]:
        if self.show is not None:
            return self.show(value)
        return value, self.unit


_BINDINGS: dict[str, list[Binding]] = {}

# What each kind of question is, in words ("a decline forecast"), for "not used" reasons.
KIND_WORDS: dict[str, str] = {}


def binds(
    *kinds: str,
    name: str,
    label: str,
    argument: str | None = None,
    unit: str = "",
    show: Show | None = None,
    figure: bool = True,
    follow_up: bool | None = None,
) -> Callable[[Finder], Finder]:
    """Register the decorated finder as parameter ``name`` of each of ``kinds``.

    ``figure=False`` marks a flag (what is asked, a subject): it reads no figure.
    ``follow_up`` says whether a follow-up question ("and at 12%?") may change
    it (default: figures may, flags may not).

    A kind binds each name once; registering it again (an area module refining
    a binding) replaces the earlier finder in place, keeping the order.
    """

    def register(finder: Finder) -> Finder:
        for kind in kinds:
            binding = Binding(
                kind=kind,
                name=name,
                finder=finder,
                label=label,
                argument=argument or name,
                unit=unit,
                show=show,
                figure=figure,
                follow_up=figure if follow_up is None else follow_up,
            )
            listed = _BINDINGS.setdefault(kind, [])
            for index, existing in enumerate(listed):
                if existing.name == name:
                    listed[index] = binding
                    break
            else:
                listed.append(binding)
        return finder

    return register


def describe_kind(kind: str, words: str) -> None:
    """How a kind of question reads in a sentence ("a decline forecast")."""
    KIND_WORDS[kind] = words


def bindings(kind: str) -> list[Binding]:
    return list(_BINDINGS.get(kind, []))


def binding(kind: str, name: str) -> Binding | None:
    return next((b for b in _BINDINGS.get(kind, []) if b.name == name), None)


def kinds() -> list[str]:
    return list(_BINDINGS)


def bind(kind: str, text: str) -> dict[str, Found]:
    """Every parameter of ``kind`` found in ``text`` (a finder that finds nothing is left
    out)."""
    out: dict[str, Found] = {}
    for b in _BINDINGS.get(kind, []):
        hit = b.finder(text)
        if hit is not None and hit.value is not None:
            out[b.name] = hit
    return out


@dataclass
class NotUsed:
    """A figure of the question that no argument took, and why."""

    quantity: Quantity
    reason: str

    def sentence(self) -> str:
        return f'"{self.quantity.raw}": {self.reason}'


@dataclass
class Claims:
    """Which figures of a question other kinds' bindings would read, and as what.

    Used to say why a figure is not used: "it reads as the royalty of an
    economics run, which this question does not ask for".
    """

    text: str
    _seen: list[tuple[tuple[int, int], str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        done: set[tuple[str, str]] = set()
        for kind, listed in _BINDINGS.items():
            for b in listed:
                if not b.figure or (b.name, b.finder.__name__) in done:
                    continue
                done.add((b.name, b.finder.__name__))
                try:
                    hit = b.finder(self.text)
                except Exception:  # a finder must not break the answer to another question
                    continue
                if hit is None:
                    continue
                for span in hit.spans:
                    self._seen.append((span, b.label, kind))

    def label_for(self, q: Quantity) -> tuple[str, str] | None:
        for (s, e), label, kind in self._seen:
            if q.overlaps(s, e):
                return label, kind
        return None


def not_used_reason(q: Quantity, *, kind: str, claims: Claims | None) -> str:
    """Why ``q`` was not used by a question of ``kind``."""
    here = KIND_WORDS.get(kind, kind.replace("_", " "))
    claim = claims.label_for(q) if claims is not None else None
    if claim is not None:
        label, other = claim
        if other != kind:
            there = KIND_WORDS.get(other, other.replace("_", " "))
            return (
                f"it reads as the {label.lower()} of {there}, which {here} does not take; "
                "ask for that calculation to use it"
            )
        return f"it reads as the {label.lower()}, which {here} did not use here"
    if q.unit == "label":
        return f"a name or label {here} has no input for"
    what = f"a figure in {q.unit}" if q.unit else "a number"
    return f"{what} that matches no input of {here}"
