"""What a tool used: every input with its value, unit and source; assumptions; conventions.

Every domain tool's result carries three lists (the Inputs convention):

- ``result["inputs"]``: ``{"name", "label", "value", "unit", "source", "detail"}``
  where ``source`` is ``"stated"`` (given in the question or the call's
  arguments), ``"file"`` (read from an upload; ``detail`` names the file, row
  and column), ``"default"`` (``detail`` says which default and why) or
  ``"derived"`` (computed from other inputs; ``detail`` says how). ``name`` is
  the tool's argument name when the input is an argument, so a caller can tell
  which of its arguments the tool reports.
- ``result["assumptions"]``: one sentence per default actually applied
  (``Inputs.default`` adds it; nothing applied may be missing).
- ``result["conventions"]``: sentences such as the decline convention, the
  discounting timing and period, the GWP set, the factor table and its version.

A tool builds them with ``Inputs``::

    used = Inputs()
    used.stated("oil_price", 70.0, label="Oil price", unit="$/bbl")
    used.from_file("royalty", 0.125, label="Royalty", unit="fraction",
                   file_name="costs.csv", row=3, column="value")
    used.default("discount_rate", 0.10, label="Discount rate", unit="fraction",
                 why="no rate was given; 10% a year is the usual PV10")
    used.derived("nri", 0.875, label="Net revenue interest", unit="fraction",
                 how="working interest x (1 - royalty)")
    used.convention("Cash flows are monthly, discounted at the end of each month.")
    return used.attach({"summary": ..., ...})

``argument(...)`` records an argument that is either given (stated) or
defaulted, in one call. Units are display names of ``agents.units`` ("bbl/d",
"$/bbl", "Mcf", "yr"); ``"fraction"`` values are shown as percentages.

``inputs_markdown(results)`` writes the compact "Inputs" block both backends
show (the builtin agent at the top of every domain answer, the openai backend
before the model's text that follows its tool calls).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

SOURCES = ("stated", "file", "default", "derived")


@dataclass(frozen=True)
class Input:
    """One input a calculation used."""

    name: str
    label: str
    value: Any
    unit: str = ""
    source: str = "stated"
    detail: str = ""

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Inputs:
    """The inputs, assumptions and conventions of one tool call, in the order recorded."""

    def __init__(self) -> None:
        self.items: list[Input] = []
        self.assumptions: list[str] = []
        self.conventions: list[str] = []

    # --- recording ---------------------------------------------------------------

    def add(self, item: Input) -> Input:
        """Record ``item``; a later record of the same name replaces the earlier one."""
        self.items = [i for i in self.items if i.name != item.name]
        self.items.append(item)
        return item

    def stated(
        self, name: str, value: Any, *, label: str, unit: str = "", detail: str = ""
    ) -> Input:
        """An input given in the question or the call's arguments."""
        return self.add(Input(name, label, value, unit, "stated", detail))

    def from_file(
        self,
        name: str,
        value: Any,
        *,
        label: str,
        unit: str = "",
        row: int | None = None,
        column: str | None = None,
        file_name: str | None = None,
        rowid: int | None = None,
        detail: str = "",
    ) -> Input:
        """An input read from an upload: ``file_name`` (running-table row ``rowid``), the
        file's ``row`` (1 = the first data row) and ``column``."""
        where = []
        if file_name:
            where.append(f"'{file_name}'" + (f" (running-table row {rowid})" if rowid else ""))
        elif rowid:
            where.append(f"running-table row {rowid}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        text = ", ".join(where)
        if detail:
            text = f"{text}; {detail}" if text else detail
        return self.add(Input(name, label, value, unit, "file", text))

    def default(
        self,
        name: str,
        value: Any,
        *,
        label: str,
        unit: str = "",
        why: str,
        assumption: str | None = None,
    ) -> Input:
        """A default applied because nothing was given; adds its assumption sentence
        (``assumption``, or one made from the label, value and ``why``)."""
        item = self.add(Input(name, label, value, unit, "default", why))
        self.assume(assumption or f"{label}: {format_value(value, unit)} ({why}).")
        return item

    def derived(self, name: str, value: Any, *, label: str, unit: str = "", how: str) -> Input:
        """An input computed from other inputs; ``how`` says how."""
        return self.add(Input(name, label, value, unit, "derived", how))

    def argument(
        self,
        name: str,
        given: Any,
        default: Any,
        *,
        label: str,
        unit: str = "",
        why: str,
    ) -> Any:
        """An argument: stated when ``given`` is not None, else ``default`` (recorded as a
        default with ``why``). Returns the value used."""
        if given is not None:
            self.stated(name, given, label=label, unit=unit)
            return given
        self.default(name, default, label=label, unit=unit, why=why)
        return default

    def assume(self, sentence: str) -> None:
        if sentence and sentence not in self.assumptions:
            self.assumptions.append(sentence)

    def convention(self, sentence: str) -> None:
        if sentence and sentence not in self.conventions:
            self.conventions.append(sentence)

    # --- serialising ----------------------------------------------------------------

    def as_result(self) -> dict[str, Any]:
        return {
            "inputs": [i.as_dict() for i in self.items],
            "assumptions": list(self.assumptions),
            "conventions": list(self.conventions),
        }

    def attach(self, result: dict[str, Any]) -> dict[str, Any]:
        """``result`` with the three lists added (existing lists are extended, not lost)."""
        mine = self.as_result()
        for key, values in mine.items():
            earlier = result.get(key)
            if isinstance(earlier, list):
                names = {i.get("name") for i in values} if key == "inputs" else set(values)
                kept = [
                    e
                    for e in earlier
                    if (e.get("name") if key == "inputs" and isinstance(e, dict) else e)
                    not in names
                ]
                result[key] = kept + values
            else:
                result[key] = values
        return result


# --- reading a result -----------------------------------------------------------------


def inputs_of(result: dict[str, Any] | None) -> list[Input]:
    """The inputs a result reports (none when it reports none; bad entries skipped)."""
    found: list[Input] = []
    for raw in (result or {}).get("inputs") or []:
        if not isinstance(raw, dict) or not raw.get("name"):
            continue
        source = raw.get("source") if raw.get("source") in SOURCES else "stated"
        found.append(
            Input(
                name=str(raw["name"]),
                label=str(raw.get("label") or raw["name"]),
                value=raw.get("value"),
                unit=str(raw.get("unit") or ""),
                source=source,
                detail=str(raw.get("detail") or ""),
            )
        )
    return found


def _sentences(result: dict[str, Any] | None, key: str) -> list[str]:
    value = (result or {}).get(key)
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(s) for s in value or [] if str(s).strip()]


def assumptions_of(result: dict[str, Any] | None) -> list[str]:
    return _sentences(result, "assumptions")


def conventions_of(result: dict[str, Any] | None) -> list[str]:
    return _sentences(result, "conventions")


# --- showing them ---------------------------------------------------------------------


def format_value(value: Any, unit: str = "") -> str:
    """A value with its unit as an answer prints it: 0.125 fraction -> "12.5%",
    70 $/bbl -> "$70/bbl", 6e6 $ -> "$6,000,000", [..] -> "a, b, c"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        shown = ", ".join(format_value(v) for v in list(value)[:12])
        more = f", ... ({len(value)} in all)" if len(value) > 12 else ""
        return shown + more + (f" {unit}" if unit and unit != "$" else "")
    if isinstance(value, dict):
        return ", ".join(f"{k} {format_value(v)}" for k, v in value.items())
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return "n/a"
        if unit == "fraction":
            return f"{_number(number * 100)}%"
        if unit.startswith("$"):
            sign = "-" if number < 0 else ""
            per = unit[1:]
            return f"{sign}${_number(abs(number))}{per}"
        if unit in {"%", "%/yr", "%/mo"}:
            return f"{_number(number)}{unit}"
        return f"{_number(number)} {unit}".strip()
    text = "" if value is None else str(value)
    return f"{text} {unit}".strip() if unit else text


def _number(number: float) -> str:
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    if abs(number) >= 100:
        return f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{number:.6g}"


def source_text(item: Input) -> str:
    """How an input's source reads in an answer."""
    if item.source == "stated":
        return f"stated: {item.detail}" if item.detail else "stated"
    if item.source == "file":
        return f"from the file: {item.detail}" if item.detail else "from the file"
    if item.source == "default":
        return "default"  # why is said under the assumptions
    return f"derived: {item.detail}" if item.detail else "derived"


def merge_inputs(groups: Iterable[Iterable[Input]]) -> list[Input]:
    """Inputs of several calls in order, one per (name, value): a later call that used
    the same input again adds nothing."""
    seen: set[tuple[str, str]] = set()
    merged: list[Input] = []
    for group in groups:
        for item in group:
            key = (item.name, format_value(item.value, item.unit))
            if key in seen:
                continue
            seen.add(key)
            merged.append(item)
    return merged


def inputs_markdown(
    results: Iterable[dict[str, Any] | None],
    *,
    inputs: list[Input] | None = None,
    extra_inputs: Iterable[Input] = (),
    extra_assumptions: Iterable[str] = (),
    not_used: Iterable[str] = (),
    heading: str = "Inputs",
) -> str:
    """The compact block an answer opens with: each input (value, unit, source), the
    assumptions (every default applied), the conventions, and any stated figure not used.

    ``results`` are tool results (those reporting nothing add nothing);
    ``extra_inputs`` are inputs the caller knows and the tools did not report;
    ``inputs``, when given, is the whole list to show (the caller merged it).
    Empty when there is nothing to show.
    """
    results = [r for r in results if isinstance(r, dict)]
    if inputs is not None:
        items = list(inputs)
    else:
        reported = [inputs_of(r) for r in results]
        names = {i.name for group in reported for i in group}
        items = merge_inputs([*reported, [i for i in extra_inputs if i.name not in names]])
    assumptions: list[str] = []
    conventions: list[str] = []
    for r in results:
        assumptions += [a for a in assumptions_of(r) if a not in assumptions]
        conventions += [c for c in conventions_of(r) if c not in conventions]
    for item in items:
        if item.source == "default" and not any(item.label in a for a in assumptions):
            why = f" ({item.detail})" if item.detail else ""
            assumptions.append(f"{item.label}: {format_value(item.value, item.unit)}{why}.")
    assumptions += [a for a in extra_assumptions if a and a not in assumptions]
    lines: list[str] = []
    if items:
        lines.append(f"**{heading}**")
        lines += [
            f"- {item.label}: {format_value(item.value, item.unit)} ({source_text(item)})"
            for item in items
        ]
    if assumptions:
        lines += ["", "**Assumptions**"] if lines else ["**Assumptions**"]
        lines += [f"- {a}" for a in assumptions]
    if conventions:
        lines += ["", "**Conventions**"] if lines else ["**Conventions**"]
        lines += [f"- {c}" for c in conventions]
    unused = [n for n in not_used if n]
    if unused:
        lines += ["", "**Not used**"] if lines else ["**Not used**"]
        lines += [f"- {n}" for n in unused]
    return "\n".join(lines)
