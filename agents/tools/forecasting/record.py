"""What a decline tool used, in the Inputs convention (``agents.tools.inputs``).

``Record`` is ``Inputs`` with one call for any source, which is how the argument
checking reads: ``put(name, label, value, unit=, source=, detail=, assumption=)``.
"""

from __future__ import annotations

from typing import Any

from agents.tools.inputs import Input, Inputs


class Record(Inputs):
    def put(
        self,
        name: str,
        label: str,
        value: Any,
        unit: str = "",
        *,
        source: str,
        detail: str = "",
        assumption: str | None = None,
    ) -> None:
        """One input; a default's ``assumption`` sentence goes under the assumptions."""
        if not label.startswith("b-"):
            label = label[:1].upper() + label[1:]
        if source == "default":
            if assumption and label not in assumption:
                assumption = f"{label}: {assumption[:1].lower()}{assumption[1:]}"
            self.default(
                name,
                value,
                label=label,
                unit=unit,
                why=detail or "the default",
                assumption=assumption,
            )
        elif source == "derived":
            self.derived(name, value, label=label, unit=unit, how=detail)
        else:
            self.add(Input(name, label, value, unit, source, detail))

    def as_dict(self) -> dict[str, Any]:
        return self.as_result()

    @classmethod
    def from_result(cls, data: dict[str, Any]) -> Record:
        record = cls()
        for raw in data.get("inputs") or []:
            record.add(Input(**raw))
        record.assumptions = list(data.get("assumptions") or [])
        record.conventions = list(data.get("conventions") or [])
        return record
