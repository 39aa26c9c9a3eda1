"""What a tool used, in the Inputs convention every domain tool's result follows.

``inputs``: each input with its value, unit and source (``stated`` in the question or
the call's arguments, ``file`` with the row and column it came from, ``default`` with
why, ``derived`` with how); ``assumptions``: one sentence per default actually applied;
``conventions``: the conventions the figures use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCES = ("stated", "file", "default", "derived")


@dataclass
class Record:
    inputs: list[dict[str, Any]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)

    def add(
        self,
        name: str,
        label: str,
        value: Any,
        *,
        unit: str = "",
        source: str,
        detail: str = "",
        assumption: str | None = None,
    ) -> None:
        """One input; a default's ``assumption`` sentence is listed with the assumptions."""
        if source not in SOURCES:
            raise ValueError(f"unknown input source {source!r}")
        self.inputs.append(
            {
                "name": name,
                "label": label,
                "value": value,
                "unit": unit,
                "source": source,
                "detail": detail,
            }
        )
        if source == "default" and assumption:
            self.assume(assumption)

    def assume(self, sentence: str) -> None:
        if sentence not in self.assumptions:
            self.assumptions.append(sentence)

    def convention(self, sentence: str) -> None:
        if sentence not in self.conventions:
            self.conventions.append(sentence)

    def as_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "assumptions": self.assumptions,
            "conventions": self.conventions,
        }
