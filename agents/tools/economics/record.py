"""What an economics run used: every input with value, unit and source, every default applied.

The shape is the team's Inputs convention: ``inputs`` is a list of
``{"name", "label", "value", "unit", "source", "detail"}`` where ``source`` is ``stated``
(the call's arguments), ``file`` (an upload: ``detail`` names the row, the line and the
column), ``default`` (``detail`` says why) or ``derived`` (``detail`` says how);
``assumptions`` has one sentence per default actually applied; ``conventions`` the
sentences that say how the figures were made; ``not_used`` every stated or file figure that
was read but not applied, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.tools.common import jsonable

SOURCES = ("stated", "file", "default", "derived")


@dataclass
class InputLog:
    inputs: list[dict[str, Any]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)
    not_used: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(
        self,
        name: str,
        label: str,
        value: Any,
        unit: str,
        source: str,
        detail: str = "",
    ) -> Any:
        if source not in SOURCES:
            raise ValueError(f"unknown input source {source!r}")
        for existing in self.inputs:
            if existing["name"] == name:
                existing.update(
                    label=label, value=jsonable(value), unit=unit, source=source, detail=detail
                )
                return value
        self.inputs.append(
            {
                "name": name,
                "label": label,
                "value": jsonable(value),
                "unit": unit,
                "source": source,
                "detail": detail,
            }
        )
        return value

    def stated(self, name: str, label: str, value: Any, unit: str, detail: str = "") -> Any:
        return self.add(name, label, value, unit, "stated", detail or "given in the request")

    def file(self, name: str, label: str, value: Any, unit: str, detail: str) -> Any:
        return self.add(name, label, value, unit, "file", detail)

    def default(self, name: str, label: str, value: Any, unit: str, why: str) -> Any:
        """A default applied: it is an input and its sentence goes into the assumptions."""
        self.add(name, label, value, unit, "default", why)
        if why not in self.assumptions:
            self.assumptions.append(why)
        return value

    def derived(self, name: str, label: str, value: Any, unit: str, how: str) -> Any:
        return self.add(name, label, value, unit, "derived", how)

    def convention(self, sentence: str) -> None:
        if sentence not in self.conventions:
            self.conventions.append(sentence)

    def unused(self, name: str, value: Any, why: str) -> None:
        self.not_used.append({"name": name, "value": jsonable(value), "why": why})

    def warn(self, sentence: str) -> None:
        if sentence not in self.warnings:
            self.warnings.append(sentence)

    def get(self, name: str) -> dict[str, Any] | None:
        return next((item for item in self.inputs if item["name"] == name), None)

    def as_result(self) -> dict[str, Any]:
        return {
            "inputs": list(self.inputs),
            "assumptions": list(self.assumptions),
            "conventions": list(self.conventions),
            "not_used": list(self.not_used),
            "warnings": list(self.warnings),
        }
