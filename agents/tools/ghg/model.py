"""What the source methods take and give: an activity with the origin of each figure, a line.

An ``Activity`` is one thing that emits (40 controllers, 12,000 mcf flared, 1,200 MWh
bought) with every figure it carries and where that figure came from: stated in the
call, read from a file's row and column, or a default. A method turns it into a
``Line``: the CO2, CH4 and N2O it emits, the factors it used, the calculation written
out, its inputs, the defaults it applied, and the OGMP 2.0 level of its methane.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.tools.ghg.factors import Factor, method
from agents.tools.inputs import format_value
from agents.tools.registry import ToolError


def input_item(
    name: str, label: str, value: Any, unit: str, source: str, detail: str = ""
) -> dict[str, Any]:
    """One entry of a result's ``inputs`` (the team's Inputs convention)."""
    return {
        "name": name,
        "label": label,
        "value": value,
        "unit": unit,
        "source": source,
        "detail": detail,
    }


def default_sentence(item: dict[str, Any], why: str) -> str:
    """ "label: value unit. Why." for a default input (the label as the input has it, so an
    answer that lists the input's assumption finds it and lists it once)."""
    shown = format_value(item["value"], item["unit"])
    return f"{item['label']}: {shown}. {why}"


def num(value: float) -> str:
    """A figure in a calculation: 4,730,400 not 4.7304e+06; small ones to 4 significant."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


@dataclass
class Activity:
    kind: str
    values: dict[str, Any]
    # field -> (source, detail): "stated" / "file" with "row 3, line 4, column 'quantity'".
    origin: dict[str, tuple[str, str]] = field(default_factory=dict)
    label: str = ""
    index: int = 0  # 1-based position in the inventory's list

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None or value == "" else value

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    def number(self, name: str, *, minimum: float | None = 0.0) -> float | None:
        value = self.get(name)
        if value is None:
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ToolError(f"{self.title()}: {name} must be a number, not {value!r}.") from None
        if number != number:  # NaN
            return None
        if minimum is not None and number < minimum:
            raise ToolError(f"{self.title()}: {name} cannot be below {minimum:g} (got {number:g}).")
        return number

    def require(self, name: str, question: str) -> float:
        number = self.number(name)
        if number is None:
            raise ToolError(f"{self.title()}: {question}")
        return number

    def title(self) -> str:
        return self.label or self.kind.replace("_", " ")

    def origin_of(self, name: str) -> tuple[str, str]:
        return self.origin.get(name, ("stated", ""))

    def input(self, name: str, label: str, unit: str, value: Any = None) -> dict[str, Any]:
        source, detail = self.origin_of(name)
        return input_item(
            f"activity_{self.index}_{name}",
            f"{self.title()}: {label}",
            self.get(name) if value is None else value,
            unit,
            source,
            detail,
        )


@dataclass
class Line:
    source: str
    kind: str
    method: str  # a key of methods.json
    scope: int
    quantity: float | None
    unit: str
    co2_kg: float = 0.0
    ch4_kg: float = 0.0
    n2o_kg: float = 0.0
    energy_mmbtu: float | None = None
    calculation: str = ""
    factors: list[Factor] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    ogmp_level: int | None = None
    facility: str | None = None
    well: str | None = None
    relative_uncertainty: float | None = None
    flared_scf: float = 0.0
    vented_scf: float = 0.0
    # Scope 2 only: the market-based gases next to the location-based ones above.
    market_gases: dict[str, float] | None = None
    market_basis: str = ""
    # A measured vent reported under the source type it came from (a method key).
    reported_as: str | None = None

    @property
    def spec(self) -> dict[str, Any]:
        return method(self.method)

    @property
    def category(self) -> str:
        return method(self.reported_as or self.method)["category"]

    @property
    def section(self) -> str:
        return self.spec["section"]

    @property
    def ghgrp_source(self) -> str:
        return method(self.reported_as or self.method)["ghgrp_source"]

    def default(self, why: str, item: dict[str, Any]) -> None:
        """Record a default actually applied: its input, and its assumption sentence, which
        opens with the input's label and value (so an answer lists it once) and says why."""
        sentence = default_sentence(item, why)
        if sentence not in self.assumptions:
            self.assumptions.append(sentence)
        self.inputs.append(item)

    def citations(self) -> str:
        seen: list[str] = []
        for f in self.factors:
            if f.citation not in seen:
                seen.append(f.citation)
        return "; ".join(seen)
