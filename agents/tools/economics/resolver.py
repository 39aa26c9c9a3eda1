"""Picks each figure of an economics run from the call's arguments, a cost sheet or a named
default, and logs where it came from (stated, file, default)."""

from __future__ import annotations

from typing import Any

from agents.tools.economics.record import InputLog
from agents.tools.economics.sheet import Sheet

PRICE_UNIT = {"oil": "$/bbl", "gas": "$/Mcf", "ngl": "$/bbl"}


def pct(value: float) -> str:
    return f"{value * 100:g}%"


class Resolver:
    """Picks each figure from the arguments, the sheet or a default, and logs it."""

    def __init__(self, arguments: dict[str, Any], sheet: Sheet | None, log: InputLog) -> None:
        self.args = {k: v for k, v in arguments.items() if v is not None}
        self.sheet = sheet
        self.log = log

    def stated(self, key: str) -> bool:
        return key in self.args

    def in_sheet(self, key: str) -> bool:
        return self.sheet is not None and key in self.sheet.values

    def given(self, key: str) -> bool:
        return self.stated(key) or self.in_sheet(key)

    def pick(
        self,
        key: str,
        label: str,
        unit: str,
        default: Any = None,
        *,
        why: str | None = None,
        record: bool = True,
    ) -> Any:
        """The stated value, else the sheet's, else ``default`` (logged with ``why``)."""
        if self.stated(key):
            value = self.args[key]
            if record:
                self.log.stated(key, label, value, unit)
            if self.in_sheet(key):
                old = self.sheet.values[key]  # type: ignore[union-attr]
                self.log.unused(
                    key, old.value, f"{old.detail}: replaced by the stated {value!r}", replaced=True
                )
            return value
        if self.in_sheet(key):
            found = self.sheet.values[key]  # type: ignore[union-attr]
            if record:
                self.log.file(key, label, found.value, unit, found.detail)
            return found.value
        if default is not None and record and why:
            self.log.default(key, label, default, unit, why)
        return default
