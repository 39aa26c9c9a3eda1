"""How the builtin agent's answers print figures, tables and the rows they saved."""

from __future__ import annotations

import math
from typing import Any


def num(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{float(value):,.{digits}f}"


# The base unit each shown unit converts from ("mcf" is how forecasts spell Mcf).
_BASE = {"mcf": "Mcf"}


def volume(value: Any, unit: str, shown_in: dict[str, str] | None = None) -> str:
    """``758,877 bbl``; or in the unit asked for volumes of that kind (``shown_in``:
    base unit -> unit, e.g. ``{"bbl": "Mbbl"}``): ``758.9 Mbbl``."""
    base = _BASE.get(unit, unit)
    target = (shown_in or {}).get(base)
    if target is None or value is None or not math.isfinite(float(value)):
        return f"{num(value)} {unit}"
    from agents import units

    v = units.convert(float(value), base, target)
    digits = 1 if abs(v) >= 10 else 2 if abs(v) >= 1 else 3
    return f"{v:,.{digits}f} {target}"


def money(value: Any, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    v = float(value)
    return f"{'-' if v < 0 else ''}${abs(v):,.{digits}f}"


def pct(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{100 * float(value):.{digits}f}%"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value).replace("|", "\\|")


def saved_rows(result: dict, parts: list[tuple[str, str]]) -> list[str]:
    """The answer's closing "Saved: ..." lines for the rows a tool wrote.

    ``parts`` pairs a result key holding a rowid with the words before it.
    """
    saved = [f"{words} {result[key]}" for key, words in parts if result.get(key)]
    return ["", "Saved: " + ", ".join(saved) + "."] if saved else []


def pick(result: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in result and result[key] is not None:
            return result[key]
    return None


def span(years: float) -> str:
    """1 -> "1 year", 2.5 -> "2.5 years", 0.5 -> "6 months"."""
    if years < 1 and abs(years * 12 - round(years * 12)) < 1e-9:
        months = round(years * 12)
        return f"{months} month" + ("" if months == 1 else "s")
    return f"{years:g} year" + ("" if abs(years - 1) < 1e-9 else "s")
