"""Volumes to value: forecast tables read through their columns, or volumes given inline.

A forecast table (any tool's or an upload's) is read by its column names: a volume per
phase (``oil_bbl``, ``gas_mcf``, ``Gas (MMcf)``, ``water_bbl``, ``ngl_bbl``; thousands and
millions units are scaled), or, failing that, a rate per day with a ``days`` column. A
``segment`` column keeps the forecast rows, a ``well`` column splits the wells, a date
column places the months on the calendar (several rows in one month are added up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from agents.tools.common import find_date_column, normalise, numeric, parse_dates
from agents.tools.economics.cashflow import PhaseVolumes
from agents.tools.economics.timeline import Timeline, to_month
from agents.tools.registry import ToolError

VOLUME_PHASES = ("oil", "gas", "ngl", "water")
UNIT = {"oil": "bbl", "gas": "Mcf", "ngl": "bbl", "water": "bbl"}
_SCALE = {
    "bbl": 1.0,
    "bbls": 1.0,
    "stb": 1.0,
    "bo": 1.0,
    "bw": 1.0,
    "mbbl": 1e3,
    "mbbls": 1e3,
    "mbo": 1e3,
    "mstb": 1e3,
    "mmbbl": 1e6,
    "mmbo": 1e6,
    "mcf": 1.0,
    "mscf": 1.0,
    "mmcf": 1e3,
    "mmscf": 1e3,
    "bcf": 1e6,
    "scf": 1e-3,
}
_PHASE_WORDS = {
    "oil": ("oil", "crude", "condensate", "cond"),
    "gas": ("gas",),
    "ngl": ("ngl", "ngls"),
    "water": ("water", "wtr"),
}
_NOT_VOLUME = re.compile(
    r"\b(cum|cumulative|price|usd|revenue|ratio|gor|wor|yield|percent|pct|eur|cost|opex|"
    r"capex|tax|net|cut|frac|fraction|days|day|d)\b"
)
_WELL = re.compile(r"^(well|well name|wellname|well id|api|uwi|lease|name|entity)$")


@dataclass(frozen=True)
class WellStream:
    """One well's gross monthly volumes as read; ``start`` (the first month's calendar
    month) when the table had dates."""

    well: str | None
    oil: np.ndarray
    gas: np.ndarray
    ngl: np.ndarray | None
    water: np.ndarray
    start: pd.Period | None
    source: str

    @property
    def months(self) -> int:
        return len(self.oil)

    @property
    def end(self) -> pd.Period | None:
        return None if self.start is None else self.start + (self.months - 1)


def _phase_of(words: str) -> str | None:
    tokens = words.split()
    for phase, names in _PHASE_WORDS.items():
        if any(t in names for t in tokens):
            return phase
    return None


def volume_columns(frame: pd.DataFrame) -> dict[str, tuple[str, float, str]]:
    """phase -> (column, scale to bbl or Mcf, how it was read) for the volume columns."""
    found: dict[str, tuple[str, float, str]] = {}
    for column in frame.columns:
        words = normalise(column)
        if "rate" in words.split() or words.startswith(("history ", "model ")):
            continue
        if _NOT_VOLUME.search(words):
            continue
        phase = _phase_of(words)
        if phase is None or phase in found:
            continue
        units = [t for t in words.split() if t in _SCALE]
        if len(words.split()) > 3 and not units:
            continue
        scale = _SCALE[units[0]] if units else 1.0
        how = (
            f"column '{column}'"
            + (f" ({units[0]}, x{scale:g} to {UNIT[phase]})" if scale != 1.0 else "")
            + ("" if units else f" (no unit in its name: read as {UNIT[phase]})")
        )
        if not numeric(frame[column]).notna().any():
            continue
        found[phase] = (column, scale, how)
    return found


def rate_columns(frame: pd.DataFrame) -> dict[str, tuple[str, float, str]]:
    """phase -> (column, scale, how) for rates per day, when a ``days`` column exists."""
    found: dict[str, tuple[str, float, str]] = {}
    for column in frame.columns:
        words = normalise(column)
        tokens = words.split()
        if "rate" not in tokens and not re.search(r"\b(bopd|bpd|mcfd|mcf d|bbl d|mmcfd)\b", words):
            continue
        if "cum" in tokens or "history" in tokens:
            continue
        phase = _phase_of(words)
        if phase is None or phase in found:
            continue
        units = [t for t in tokens if t in _SCALE]
        if "mmcfd" in tokens:
            units = ["mmcf"]
        scale = _SCALE[units[0]] if units else 1.0
        found[phase] = (column, scale, f"column '{column}' x the 'days' column")
    return found


def streams_from_frame(frame: pd.DataFrame, *, rowid: int, well: str | None) -> list[WellStream]:
    data = frame
    segment = next((c for c in frame.columns if normalise(c) == "segment"), None)
    if segment is not None:
        data = data[data[segment].astype(str).str.lower().str.strip() == "forecast"]
        if data.empty:
            raise ToolError(f"Row {rowid} has no forecast months (segment = forecast).")
    columns = volume_columns(data)
    days_col = next((c for c in data.columns if normalise(c) in ("days", "days on")), None)
    rates = rate_columns(data) if days_col is not None else {}
    for phase, spec in rates.items():
        columns.setdefault(phase, spec)
    if not any(p in columns for p in ("oil", "gas", "ngl")):
        if any(re.search(r"\bboe\b", normalise(c)) for c in data.columns):
            raise ToolError(
                f"Row {rowid} is in BOE: prices need oil, gas and NGL apart. Forecast oil and "
                "gas, or give the volumes inline."
            )
        raise ToolError(
            f"I found no monthly oil, gas or NGL volume column in row {rowid} (columns: "
            f"{', '.join(map(str, frame.columns))})."
        )
    well_col = next((c for c in data.columns if _WELL.match(normalise(c))), None)
    date_col = find_date_column(data)
    names: pd.Series | None = None
    if well_col is not None:
        names = data[well_col].astype(str).str.strip()
        if well:
            chosen = names.str.lower() == str(well).strip().lower()
            if not chosen.any():
                listing = ", ".join(sorted(names.unique())[:20])
                raise ToolError(f"No well {well!r} in row {rowid} (wells: {listing}).")
            data = data[chosen]
            names = names[chosen]
    # Every column is converted once for the whole table, then split by well: a basin of
    # thousands of wells is read in a few vectorised passes, not one pandas pass per well.
    values: dict[str, np.ndarray] = {}
    for phase in VOLUME_PHASES:
        if phase not in columns:
            continue
        column, scale, _ = columns[phase]
        series = numeric(data[column]).fillna(0.0) * scale
        if phase in rates and columns[phase] == rates[phase]:
            series = series * numeric(data[days_col]).fillna(0.0)
        values[phase] = series.clip(lower=0.0).to_numpy(float)
    if names is not None:
        codes, uniques = pd.factorize(names.to_numpy(), sort=False)
    else:
        codes, uniques = np.zeros(len(data), dtype=np.int64), np.array([well], dtype=object)
    how = "; ".join(f"{p}: {columns[p][2]}" for p in VOLUME_PHASES if p in columns)
    if date_col is not None:
        dates = pd.DatetimeIndex(parse_dates(data[date_col]).to_numpy())
        keep = ~dates.isna()
        ordinals = pd.PeriodIndex(dates[keep], freq="M").asi8
        codes = codes[keep]
        values = {p: v[keep] for p, v in values.items()}
    else:
        ordinals = None
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    streams = []
    for index, name in enumerate(uniques):
        rows = order[bounds[index] : bounds[index + 1]]
        if len(rows) == 0:
            continue
        arrays: dict[str, np.ndarray | None] = {p: None for p in VOLUME_PHASES}
        start = None
        if ordinals is not None:
            months = ordinals[rows]
            first, last = int(months.min()), int(months.max())
            for phase, column in values.items():
                full = np.zeros(last - first + 1)
                np.add.at(full, months - first, column[rows])  # rows of one month add up
                arrays[phase] = full
            start = pd.Period(ordinal=first, freq="M")
        else:
            for phase, column in values.items():
                arrays[phase] = column[rows]
        n = len(next(a for a in arrays.values() if a is not None))
        label = None if name is None else str(name)
        streams.append(
            WellStream(
                well=label,
                oil=arrays["oil"] if arrays["oil"] is not None else np.zeros(n),
                gas=arrays["gas"] if arrays["gas"] is not None else np.zeros(n),
                ngl=arrays["ngl"],
                water=arrays["water"] if arrays["water"] is not None else np.zeros(n),
                start=start,
                source=f"row {rowid}"
                + (f", well {label}" if label is not None else "")
                + f" ({how})",
            )
        )
    if not streams:
        raise ToolError(f"Row {rowid} has no dated volume rows to value.")
    return streams


def merge_streams(first: list[WellStream], other: list[WellStream]) -> list[WellStream]:
    """Phases of ``other`` added to the same wells of ``first`` (an oil and a gas forecast)."""
    by_well = {s.well: s for s in first}
    merged = list(first)
    for stream in other:
        base = by_well.get(stream.well)
        if base is None and len(first) == 1 and (stream.well is None or first[0].well is None):
            base = first[0]
        if base is None:
            merged.append(stream)
            continue
        combined = _combine(base, stream)
        merged[merged.index(base)] = combined
        by_well[base.well] = combined
    return merged


def _combine(a: WellStream, b: WellStream) -> WellStream:
    if (a.start is None) != (b.start is None):
        raise ToolError("One forecast has dates and the other has none: they cannot be lined up.")
    if a.start is not None and b.start is not None:
        start = min(a.start, b.start)
        n = int((max(a.end, b.end) - start).n) + 1  # type: ignore[type-var]
    else:
        start = None
        n = max(a.months, b.months)

    def place(s: WellStream, values: np.ndarray | None) -> np.ndarray | None:
        if values is None:
            return None
        out = np.zeros(n)
        offset = int((s.start - start).n) if start is not None else 0  # type: ignore[operator]
        out[offset : offset + len(values)] = values
        return out

    def add(x: np.ndarray | None, y: np.ndarray | None) -> np.ndarray | None:
        if x is None and y is None:
            return None
        return (x if x is not None else 0.0) + (y if y is not None else 0.0)

    return WellStream(
        well=a.well or b.well,
        oil=add(place(a, a.oil), place(b, b.oil)),
        gas=add(place(a, a.gas), place(b, b.gas)),
        ngl=add(place(a, a.ngl), place(b, b.ngl)),
        water=add(place(a, a.water), place(b, b.water)),
        start=start,
        source=f"{a.source} + {b.source}",
    )


def inline_stream(
    *,
    oil: list[float] | None,
    gas: list[float] | None,
    ngl: list[float] | None,
    water: list[float] | None,
) -> WellStream:
    given = {k: v for k, v in (("oil", oil), ("gas", gas), ("ngl", ngl), ("water", water)) if v}
    lengths = {len(v) for v in given.values()}
    if len(lengths) > 1:
        raise ToolError("The monthly volumes given inline must all have the same number of months.")
    n = lengths.pop()
    arrays = {}
    for phase in VOLUME_PHASES:
        values = given.get(phase)
        array = np.asarray(values, float) if values else None
        if array is not None and (not np.all(np.isfinite(array)) or np.any(array < 0)):
            raise ToolError(f"The {phase} volumes must be numbers of zero or more.")
        arrays[phase] = array
    return WellStream(
        well=None,
        oil=arrays["oil"] if arrays["oil"] is not None else np.zeros(n),
        gas=arrays["gas"] if arrays["gas"] is not None else np.zeros(n),
        ngl=arrays["ngl"],
        water=arrays["water"] if arrays["water"] is not None else np.zeros(n),
        start=None,
        source="volumes given inline",
    )


def with_start(stream: WellStream, start: pd.Period) -> WellStream:
    return replace(stream, start=start)


def align(
    streams: list[WellStream],
    *,
    effective: pd.Period | None,
    horizon_months: int | None,
) -> tuple[Timeline, list[PhaseVolumes], list[str]]:
    """A common timeline from the effective date and each well's volumes placed on it.

    Without a stated effective date it is the first month any well produces. Months
    before the effective date are not valued (said); a horizon cuts the forecast.
    """
    notes: list[str] = []
    dated = [s.start is not None for s in streams]
    if any(dated) and not all(dated):
        raise ToolError("Some wells have dates and others none: they cannot share a calendar.")
    if all(dated):
        first = min(s.start for s in streams)  # type: ignore[type-var]
        start = effective or first
        last = max(s.end for s in streams)  # type: ignore[type-var]
        months = int((last - start).n) + 1
        if months < 1:
            raise ToolError(
                f"The effective date {start} is after the last forecast month ({last})."
            )
    else:
        if effective is not None:
            raise ToolError(
                "An effective date needs dated volumes: give start_date (the first month of "
                "the volumes) too."
            )
        start = None
        months = max(s.months for s in streams)
    if horizon_months is not None and horizon_months < months:
        notes.append(f"the forecast is cut at the {horizon_months}-month horizon asked for")
        months = horizon_months
    placed: list[PhaseVolumes] = []
    dropped = 0.0
    for s in streams:
        offset = int((s.start - start).n) if start is not None else 0  # type: ignore[operator]

        def put(values: np.ndarray | None, offset: int = offset) -> np.ndarray | None:
            nonlocal dropped
            if values is None:
                return None
            out = np.zeros(months + 1)
            lo = max(offset, 0)
            src = values[lo - offset :]
            if offset < 0:
                dropped += float(values[:-offset].sum())
            src = src[: months - lo]
            out[1 + lo : 1 + lo + len(src)] = src
            return out

        placed.append(
            PhaseVolumes(
                oil=put(s.oil),  # type: ignore[arg-type]
                gas=put(s.gas),  # type: ignore[arg-type]
                ngl=put(s.ngl),
                water=put(s.water),  # type: ignore[arg-type]
            )
        )
    if dropped > 0:
        notes.append(
            f"volumes before the effective date {start} are not valued ({dropped:,.0f} bbl/Mcf)"
        )
    return Timeline(months=months, start=start), placed, notes


def parse_month(value: str | None, *, what: str) -> pd.Period | None:
    return None if value in (None, "") else to_month(value, what=what)
