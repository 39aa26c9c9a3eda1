"""Reading production histories, whatever exported them, into one well-by-well shape.

Exports from state commissions, data vendors and operators' own systems name the same
things differently ("Oil (bbl)", "LiquidsProd_BBL", "OIL"; "API_UWI", "Well Name"),
write dates in any of a dozen formats ("2021-03", "03/2021", "Mar-21", "31/03/2021",
202103, separate year and month columns) and sort rows any way. ``find_columns`` names
what each column holds and ``read_histories`` turns the table into ``WellHistory``
objects, plain arrays sorted by period, that the per-well fit takes (picklable, so wells
can be fitted in other processes). Both report what they read, for the answer's inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

PHASES = ("oil", "gas", "water")
PHASE_UNITS = {"oil": "bbl", "gas": "mcf", "water": "bbl", "boe": "BOE"}
MCF_PER_BOE = 6.0
FT_PER_M = 3.280839895

_EXCLUDE = {
    "price",
    "usd",
    "cum",
    "cumulative",
    "ratio",
    "gor",
    "wor",
    "cgr",
    "wgr",
    "yield",
    "inject",
    "injected",
    "injection",
    "lift",
    "cost",
    "costs",
    "tax",
    "flare",
    "flared",
    "vent",
    "vented",
    "fuel",
    "pct",
    "percent",
    "days",
    "day",
    "hours",
    "hrs",
    "date",
    "api",
    "uwi",
    "id",
    "revenue",
    "value",
    "disposal",
    "disposed",
    "sales",
    "lost",
    "shrink",
    "btu",
    "ngl",
}
_PHASE_WORDS = {
    "water": {"water", "wtr", "bwpd", "h2o", "bwd"},
    "gas": {"gas", "mcf", "mscf", "mcfd", "mmcf", "mmcfd", "mcfpd", "mscfd"},
    "oil": {"oil", "bopd", "condensate", "cond", "liquids", "liquid", "crude", "bo", "bod"},
    "boe": {"boe", "boepd", "boed"},
}
_UNIT_ONLY = {"oil": {"bbl", "bbls", "barrels"}}
_RATE_WORDS = {
    "rate",
    "bopd",
    "bpd",
    "mcfd",
    "mcfpd",
    "mscfd",
    "mmcfd",
    "boepd",
    "boed",
    "bwpd",
    "bod",
    "bwd",
    "daily",
}
_ON_TIME_QUALIFIERS = {"producing", "prod", "on", "produced", "operating", "online", "flowing"}


def words(name: Any) -> list[str]:
    """A column name as lower-case words: 'LiquidsProd_BBL' -> ['liquids', 'prod', 'bbl']."""
    text = str(name)
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    text = re.sub(r"([A-Za-z])(\d)", r"\1 \2", text)
    text = text.replace("/", " per ").replace("$", " usd ").replace("%", " pct ")
    return re.findall(r"[a-z0-9]+", text.lower())


def _phase_of(name: Any) -> tuple[str | None, bool]:
    """(the phase a column's name says, whether by a phase word rather than a unit)."""
    tokens = set(words(name))
    if tokens & _EXCLUDE:
        return None, False
    for phase in ("water", "gas", "boe", "oil"):
        if tokens & _PHASE_WORDS[phase]:
            return phase, True
    if tokens & _UNIT_ONLY["oil"]:
        return "oil", False
    return None, False


def looks_like_rate(name: Any) -> bool:
    tokens = words(name)
    if set(tokens) & _RATE_WORDS:
        return True
    # "bbl/d", "mcf per day", "Oil (bbl/d)"
    text = " ".join(tokens)
    return bool(re.search(r"\bper (d|day)\b|\bbbl d\b|\bmcf d\b", text))


@dataclass
class Columns:
    """What the table's columns hold (names as in the file)."""

    date: str | None = None
    year_month: tuple[str, str] | None = None
    date_format: str = ""
    well: str | None = None
    phases: dict[str, str] = field(default_factory=dict)
    values_are: dict[str, str] = field(default_factory=dict)
    boe_from: tuple[str, str] | None = None
    on_time: str | None = None
    on_time_unit: str = "days"
    lateral: str | None = None
    lateral_unit: str = "ft"
    attributes: list[str] = field(default_factory=list)

    def date_label(self) -> str:
        if self.year_month:
            return f"'{self.year_month[0]}' + '{self.year_month[1]}'"
        return f"'{self.date}'"


class HistoryError(ValueError):
    """The table cannot be read as a production history; the message says why."""


# --------------------------------------------------------------------------- dates

_DATE_FORMATS = (
    ("%Y-%m-%d", "YYYY-MM-DD"),
    ("%Y-%m", "YYYY-MM"),
    ("%Y/%m/%d", "YYYY/MM/DD"),
    ("%Y/%m", "YYYY/MM"),
    ("%m/%d/%Y", "MM/DD/YYYY"),
    ("%d/%m/%Y", "DD/MM/YYYY"),
    ("%m/%d/%y", "MM/DD/YY"),
    ("%d/%m/%y", "DD/MM/YY"),
    ("%m/%Y", "MM/YYYY"),
    ("%m-%Y", "MM-YYYY"),
    ("%d.%m.%Y", "DD.MM.YYYY"),
    ("%d-%m-%Y", "DD-MM-YYYY"),
    ("%m-%d-%Y", "MM-DD-YYYY"),
    ("%b-%y", "Mon-YY"),
    ("%b-%Y", "Mon-YYYY"),
    ("%b %Y", "Mon YYYY"),
    ("%B %Y", "Month YYYY"),
    ("%b %y", "Mon YY"),
    ("%d-%b-%y", "DD-Mon-YY"),
    ("%d-%b-%Y", "DD-Mon-YYYY"),
    ("%Y%m", "YYYYMM"),
    ("%Y%m%d", "YYYYMMDD"),
    ("%Y-%m-%d %H:%M:%S", "YYYY-MM-DD hh:mm:ss"),
    ("%Y-%m-%dT%H:%M:%S", "ISO 8601"),
    ("%m/%d/%Y %H:%M", "MM/DD/YYYY hh:mm"),
    ("%m/%d/%Y %I:%M:%S %p", "MM/DD/YYYY hh:mm:ss AM"),
)


def _regularity(dates: pd.Series) -> float:
    """How much the distinct dates look like a monthly or daily series (0 to 1)."""
    unique = np.sort(dates.dropna().unique())
    if len(unique) < 2:
        return 0.5
    steps = np.diff(unique).astype("timedelta64[D]").astype(float)
    monthly = float(np.mean((steps >= 28) & (steps <= 31)))
    daily = float(np.mean(steps == 1))
    return max(monthly, daily)


def parse_date_values(series: pd.Series) -> tuple[pd.Series, str]:
    """(dates, the format read). Tries each known format on the distinct values and keeps
    the one that reads them all and gives the most regular monthly or daily series (so
    '01/02/2021' is read as 1 February when the other rows make it a monthly series)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        values = pd.to_datetime(series)
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values, "dates"
    if pd.api.types.is_numeric_dtype(series):
        numbers = pd.to_numeric(series, errors="coerce")
        whole = numbers.dropna()
        if len(whole) and (whole == whole.round()).all():
            text = numbers.astype("Int64").astype(str).where(numbers.notna(), None)
        else:
            return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), ""
    else:
        text = series.astype(str).str.strip().where(series.notna(), None)
    unique = pd.Series(text.dropna().unique())
    if unique.empty:
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), ""
    best: tuple[float, float, str, str] | None = None
    for fmt, label in _DATE_FORMATS:
        parsed = pd.to_datetime(unique, format=fmt, errors="coerce")
        share = float(parsed.notna().mean())
        if share < 0.95:
            continue
        score = (share, _regularity(parsed))
        if best is None or score > best[:2]:
            best = (*score, fmt, label)
    if best is None:
        parsed = pd.to_datetime(unique, errors="coerce", format="mixed")
        if parsed.notna().mean() < 0.8 or (parsed.dt.year < 1900).any():
            return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]"), ""
        mapping = dict(zip(unique, parsed, strict=True))
        return text.map(mapping).astype("datetime64[ns]"), "mixed"
    _, _, fmt, label = best
    mapping = dict(zip(unique, pd.to_datetime(unique, format=fmt, errors="coerce"), strict=True))
    return text.map(mapping).astype("datetime64[ns]"), label


def _date_column(frame: pd.DataFrame, wanted: str | None) -> tuple[str | None, str]:
    if wanted:
        return _named(frame, wanted, "date column"), ""
    named = [
        c
        for c in frame.columns
        if (
            set(words(c)) & {"date", "month", "period", "time", "day"}
            and not set(words(c)) & {"days", "producing", "hours", "first", "spud", "completion"}
        )
        or words(c) in (["producing", "month"], ["prod", "month"], ["production", "month"])
    ]
    for column in named + [c for c in frame.columns if c not in named]:
        parsed, label = parse_date_values(frame[column])
        if len(frame) and parsed.notna().mean() >= 0.8:
            if column not in named and pd.api.types.is_numeric_dtype(frame[column]):
                # A bare number column is a date only in the YYYYMM(DD) forms.
                if label not in ("YYYYMM", "YYYYMMDD"):
                    continue
            return column, label
    return None, ""


def _named(frame: pd.DataFrame, wanted: str, what: str) -> str:
    for column in frame.columns:
        if str(column).strip().lower() == str(wanted).strip().lower():
            return column
    names = ", ".join(map(str, frame.columns))
    raise HistoryError(f"There is no {what} named {wanted!r}; the columns are: {names}.")


# --------------------------------------------------------------------------- columns


def detect_well_column(frame: pd.DataFrame, wanted: str | None, taken: set[str]) -> str | None:
    if wanted:
        return _named(frame, wanted, "well column")
    ranked = (
        ({"well", "name"}, 0),
        ({"well"}, 1),
        ({"api"}, 2),
        ({"uwi"}, 2),
        ({"lease"}, 3),
        ({"entity"}, 4),
        ({"name"}, 5),
        ({"id"}, 6),
    )
    best: tuple[int, int, str] | None = None
    for position, column in enumerate(frame.columns):
        if column in taken:
            continue
        tokens = set(words(column))
        if tokens & {"date", "oil", "gas", "water", "days", "hours", "lateral", "count"}:
            continue
        if pd.api.types.is_float_dtype(frame[column]):
            continue
        for needed, rank in ranked:
            if needed <= tokens:
                if best is None or (rank, position) < best[:2]:
                    best = (rank, position, column)
                break
    return best[2] if best else None


def find_columns(
    frame: pd.DataFrame,
    *,
    date_column: str | None = None,
    well_column: str | None = None,
    column: str | None = None,
    phase: str | None = None,
    values_are: str | None = None,
) -> tuple[Columns, str]:
    """(the columns, the primary phase). Raises HistoryError for what cannot be found."""
    found = Columns()
    date, label = _date_column(frame, date_column)
    if date is None:
        year = next((c for c in frame.columns if "year" in words(c)), None)
        month = next(
            (c for c in frame.columns if "month" in words(c) and c != year and "day" not in c),
            None,
        )
        if year is not None and month is not None:
            found.year_month = (year, month)
            found.date_format = "year and month columns"
        else:
            names = ", ".join(map(str, frame.columns))
            raise HistoryError(
                f"I found no date column (columns: {names}). Which column holds the dates?"
            )
    else:
        found.date = date
        found.date_format = label
    taken = {c for c in (found.date, *(found.year_month or ())) if c}
    for name in frame.columns:
        if name in taken:
            continue
        named_phase, by_word = _phase_of(name)
        if named_phase is None:
            continue
        current = found.phases.get(named_phase)
        if current is None or (by_word and not _phase_of(current)[1]):
            found.phases[named_phase] = name
    if column:
        chosen = _named(frame, column, "production column")
        guessed = phase or _phase_of(chosen)[0] or "oil"
        found.phases[guessed] = chosen
        primary = guessed
    else:
        primary = phase or ""
    for name in frame.columns:
        tokens = set(words(name))
        if name in taken or name in found.phases.values():
            continue
        if tokens & {"days", "day"} and tokens & _ON_TIME_QUALIFIERS and found.on_time is None:
            found.on_time, found.on_time_unit = name, "days"
        elif tokens & {"hours", "hrs", "hr"} and found.on_time is None:
            found.on_time, found.on_time_unit = name, "hours"
        elif "lateral" in tokens or {"perf", "length"} <= tokens or {"perf", "interval"} <= tokens:
            if found.lateral is None and pd.api.types.is_numeric_dtype(frame[name]):
                found.lateral = name
                found.lateral_unit = "m" if tokens & {"m", "meters", "metres"} else "ft"
    found.well = detect_well_column(frame, well_column, taken | set(found.phases.values()))
    used = taken | set(found.phases.values()) | {found.on_time, found.lateral, found.well}
    found.attributes = [
        c
        for c in frame.columns
        if c not in used and not pd.api.types.is_float_dtype(frame[c]) and frame[c].nunique() > 0
    ]
    if not primary:
        primary = next((p for p in ("oil", "gas") if p in found.phases), "")
        if primary and primary == "oil" and "gas" in found.phases:
            oil_total = np.nan_to_num(_numbers(frame[found.phases["oil"]]), nan=0.0)
            if float(oil_total.clip(min=0).sum()) == 0:
                primary = "gas"
    if primary == "boe" and "boe" not in found.phases:
        if "oil" in found.phases and "gas" in found.phases:
            found.boe_from = (found.phases["oil"], found.phases["gas"])
        else:
            raise HistoryError("For BOE I need both an oil and a gas column (or a BOE column).")
    elif primary not in found.phases:
        names = ", ".join(map(str, frame.columns))
        what = primary or "production"
        raise HistoryError(
            f"I found no {what} column; the columns are: {names}. Name the column "
            "(and say oil, gas or BOE)."
        )
    for name_phase, name in found.phases.items():
        found.values_are[name_phase] = values_are or (
            "rates" if looks_like_rate(name) else "volumes"
        )
    return found, primary


# --------------------------------------------------------------------------- wells


@dataclass
class WellHistory:
    """One well's periods, sorted: start day (days since 1970-01-01), calendar days, and
    volumes per phase (NaN where the table has none), producing days when known."""

    well: str | None
    frequency: str
    start: np.ndarray
    days: np.ndarray
    volumes: dict[str, np.ndarray]
    on_days: np.ndarray | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.start)

    def end_day(self) -> int:
        return int(self.start[-1] + self.days[-1])

    def truncated(self, periods: int) -> WellHistory:
        """The history without its last ``periods`` periods (for a hindcast)."""
        keep = self.n - periods
        return WellHistory(
            well=self.well,
            frequency=self.frequency,
            start=self.start[:keep],
            days=self.days[:keep],
            volumes={k: v[:keep] for k, v in self.volumes.items()},
            on_days=None if self.on_days is None else self.on_days[:keep],
            attributes=self.attributes,
            notes=list(self.notes),
        )


def month_start_days(months: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of the first day of months counted since 1970-01."""
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def day_to_timestamp(day: float) -> pd.Timestamp:
    return pd.Timestamp("1970-01-01") + pd.Timedelta(days=float(day))


def _numbers(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    cleaned = series.astype(str).str.replace(r"[,$\s]", "", regex=True).replace({"": None})
    return pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _frequency(periods_days: np.ndarray) -> str:
    unique = np.unique(periods_days)
    if len(unique) < 2:
        raise HistoryError("A decline needs more than one date; the table has one.")
    step = float(np.median(np.diff(unique)))
    if step <= 1.5:
        return "daily"
    if 27 <= step <= 32:
        return "monthly"
    raise HistoryError(
        f"The dates are about {step:.0f} days apart; I fit daily or monthly histories. "
        "Resample the table to months, or tell me the date column if I picked the wrong one."
    )


def read_histories(
    frame: pd.DataFrame, columns: Columns, *, well: str | None = None
) -> tuple[list[WellHistory], str, list[str]]:
    """(one history per well, the frequency, notes about the table)."""
    notes: list[str] = []
    if columns.year_month:
        year = _numbers(frame[columns.year_month[0]])
        month = _numbers(frame[columns.year_month[1]])
        ok = np.isfinite(year) & np.isfinite(month) & (month >= 1) & (month <= 12)
        dates = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
        stamps = pd.to_datetime(
            {"year": year[ok].astype(int), "month": month[ok].astype(int), "day": 1}
        )
        dates[ok] = stamps.to_numpy()
    else:
        dates, _ = parse_date_values(frame[columns.date])
    day = (dates.to_numpy(dtype="datetime64[D]")).astype("datetime64[D]")
    valid = ~np.isnat(day)
    bad_dates = int((~valid).sum())
    if not valid.any():
        raise HistoryError("No row has a date I can read.")
    if columns.well is not None:
        keys = frame[columns.well].astype(str).str.strip()
        keys = keys.where(frame[columns.well].notna(), "")
    else:
        keys = pd.Series("", index=frame.index)
    if well:
        mask = keys.str.lower() == str(well).strip().lower()
        if not mask.any():
            # A well named inside a longer label ("Hawkins 1H" in "HAWKINS 1H (API ...)")
            mask = keys.str.lower().str.contains(re.escape(str(well).strip().lower()))
        if not mask.any():
            choices = ", ".join(sorted(keys.unique())[:20])
            where = f" in {columns.well}" if columns.well else ""
            raise HistoryError(f"No well {well!r}{where}; the wells are: {choices}.")
        valid &= mask.to_numpy()
    month_index = day.astype("datetime64[M]").astype(np.int64)
    frequency = _frequency(day[valid].astype(np.int64))
    period = month_index if frequency == "monthly" else day.astype(np.int64)
    values = {p: _numbers(frame[c]) for p, c in columns.phases.items() if p in (*PHASES, "boe")}
    if columns.boe_from:
        oil = _numbers(frame[columns.boe_from[0]])
        gas = _numbers(frame[columns.boe_from[1]])
        boe = np.nan_to_num(oil) + np.nan_to_num(gas) / MCF_PER_BOE
        boe[np.isnan(oil) & np.isnan(gas)] = np.nan
        values["boe"] = boe
    on_time = None
    if columns.on_time:
        on_time = _numbers(frame[columns.on_time])
        if columns.on_time_unit == "hours":
            on_time = on_time / 24.0
    codes, uniques = pd.factorize(keys.to_numpy()[valid], sort=True)
    data = pd.DataFrame({"code": codes, "period": period[valid]})
    names = list(values)
    for name in names:
        data[name] = values[name][valid]
    if on_time is not None:
        data["_on"] = on_time[valid]
    order_ok = bool(np.all(np.diff(data["period"].to_numpy()) >= 0)) if len(uniques) == 1 else None
    grouped = data.groupby(["code", "period"], sort=True).sum(min_count=1)
    duplicates = len(data) - len(grouped)
    if order_ok is False:
        notes.append("the dates were out of order and have been sorted")
    if duplicates:
        notes.append(f"{duplicates} rows sharing a well and period were added together")
    if bad_dates:
        notes.append(f"{bad_dates} rows without a readable date were left out")
    code_index = grouped.index.get_level_values(0).to_numpy()
    period_index = grouped.index.get_level_values(1).to_numpy().astype(np.int64)
    if frequency == "monthly":
        start = month_start_days(period_index)
        days = (month_start_days(period_index + 1) - start).astype(float)
    else:
        start = period_index
        days = np.ones(len(period_index))
    arrays = {name: grouped[name].to_numpy(dtype=float) for name in names}
    on_all = grouped["_on"].to_numpy(dtype=float) if on_time is not None else None
    if on_all is not None:
        # Producing days beyond the calendar are a units mix-up (hours read as days).
        on_all = np.where(on_all > days + 1e-9, days, on_all)
    attributes = _attributes(frame, columns, keys, valid, codes, len(uniques))
    boundaries = np.flatnonzero(np.diff(code_index)) + 1
    splits = np.split(np.arange(len(code_index)), boundaries)
    histories = []
    for rows in splits:
        if not len(rows):
            continue
        code = int(code_index[rows[0]])
        name = str(uniques[code]) or None
        history = WellHistory(
            well=name,
            frequency=frequency,
            start=start[rows],
            days=days[rows],
            volumes={k: v[rows] for k, v in arrays.items()},
            on_days=None if on_all is None else on_all[rows],
            attributes=attributes[code],
        )
        expected = (
            int(period_index[rows[-1]] - period_index[rows[0]] + 1)
            if frequency == "monthly"
            else int(start[rows[-1]] - start[rows[0]] + 1)
        )
        if expected > len(rows):
            history.notes.append(
                f"{expected - len(rows)} periods are missing from the table (gaps kept on the "
                "time axis)"
            )
        histories.append(history)
    if columns.well is None and histories:
        histories[0].well = None
    return histories, frequency, notes


def _attributes(
    frame: pd.DataFrame,
    columns: Columns,
    keys: pd.Series,
    valid: np.ndarray,
    codes: np.ndarray,
    n_wells: int,
) -> list[dict[str, Any]]:
    """Per well: its first value of each attribute column, its lateral length in ft."""
    out: list[dict[str, Any]] = [{} for _ in range(n_wells)]
    wanted = list(columns.attributes)
    if columns.lateral:
        wanted.append(columns.lateral)
    if not wanted:
        return out
    part = frame.loc[valid, wanted].copy()
    part["_code"] = codes
    firsts = part.groupby("_code", sort=True).first()
    for code, values in zip(firsts.index, firsts.to_dict("records"), strict=True):
        record = {}
        for column, value in values.items():
            if column == columns.lateral:
                try:
                    length = float(value)
                except (TypeError, ValueError):
                    continue
                if np.isfinite(length) and length > 0:
                    factor = FT_PER_M if columns.lateral_unit == "m" else 1.0
                    record["lateral_ft"] = length * factor
            elif value is not None and not (isinstance(value, float) and np.isnan(value)):
                record[str(column)] = value
        out[int(code)] = record
    return out
