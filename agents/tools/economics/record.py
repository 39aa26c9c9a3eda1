"""What an economics run used, on top of the team's Inputs convention.

``InputLog`` records through ``agents.tools.inputs.Inputs`` (inputs with value, unit and
source; one assumption sentence per default applied; conventions) and adds what the
economics also owe the analyst: ``not_used`` (every stated or file figure read but not
applied, with the reason) and ``warnings`` (a well uneconomic at once, capex after the
economic limit, an ambiguous IRR, ...).
"""

from __future__ import annotations

from typing import Any

from agents.tools.common import jsonable
from agents.tools.inputs import Input, Inputs


def _label(text: str) -> str:
    return text[:1].upper() + text[1:]


class InputLog:
    def __init__(self) -> None:
        self.used = Inputs()
        self.not_used: list[dict[str, Any]] = []
        self.warnings: list[str] = []

    @classmethod
    def from_result(cls, data: dict[str, Any]) -> InputLog:
        """The log again from ``as_result()`` (a fan-out's finishing step gets it so)."""
        log = cls()
        for item in data.get("inputs") or []:
            log.used.add(Input(**item))
        log.used.assumptions = list(data.get("assumptions") or [])
        log.used.conventions = list(data.get("conventions") or [])
        log.not_used = list(data.get("not_used") or [])
        log.warnings = list(data.get("warnings") or [])
        return log

    @property
    def assumptions(self) -> list[str]:
        return self.used.assumptions

    @property
    def conventions(self) -> list[str]:
        return self.used.conventions

    def stated(self, name: str, label: str, value: Any, unit: str, detail: str = "") -> Any:
        self.used.stated(name, jsonable(value), label=_label(label), unit=unit, detail=detail)
        return value

    def file(self, name: str, label: str, value: Any, unit: str, detail: str) -> Any:
        """A value read from an upload; ``detail`` names the file, its row and column."""
        self.used.add(Input(name, _label(label), jsonable(value), unit, "file", detail))
        return value

    def default(self, name: str, label: str, value: Any, unit: str, why: str) -> Any:
        """A default applied: an input whose reason is also its assumption sentence (which
        starts with the label, so the Inputs block does not say it twice)."""
        label = _label(label)
        sentence = why if why.startswith(label) else f"{label}: {why}"
        self.used.default(
            name, jsonable(value), label=label, unit=unit, why=why, assumption=sentence
        )
        return value

    def derived(self, name: str, label: str, value: Any, unit: str, how: str) -> Any:
        self.used.derived(name, jsonable(value), label=_label(label), unit=unit, how=how)
        return value

    def add(
        self, name: str, label: str, value: Any, unit: str, source: str, detail: str = ""
    ) -> Any:
        self.used.add(Input(name, _label(label), jsonable(value), unit, source, detail))
        return value

    def show_as(self, name: str, value: Any) -> None:
        """Show input ``name`` with ``value`` (words for a code: "end" -> "end of period")."""
        self.used.items = [
            Input(i.name, i.label, value, i.unit, i.source, i.detail) if i.name == name else i
            for i in self.used.items
        ]

    def convention(self, sentence: str) -> None:
        self.used.convention(sentence)

    def unused(self, name: str, value: Any, why: str, *, replaced: bool = False) -> None:
        """``name``'s ``value`` was not used, and ``why``; ``replaced``: it is a cost
        sheet's line that a stated argument of the same name replaced (the stated one
        was used)."""
        entry = {"name": name, "value": jsonable(value), "why": why}
        if replaced:
            entry["replaced"] = True
        self.not_used.append(entry)

    def warn(self, sentence: str) -> None:
        if sentence not in self.warnings:
            self.warnings.append(sentence)

    def get(self, name: str) -> dict[str, Any] | None:
        item = next((i for i in self.used.items if i.name == name), None)
        return item.as_dict() if item is not None else None

    def as_result(self) -> dict[str, Any]:
        return {
            **self.used.as_result(),
            "not_used": list(self.not_used),
            "warnings": list(self.warnings),
        }
