"""References for the data-question corpus, computed with pandas from the files themselves.

Nothing here uses the tool or the builtin agent's helpers: each function reads the
sample (or a generated export) with pandas and computes what the analyst asked, the way
a careful analyst would in a notebook. A month is a calendar month of the date column;
a well's first production is its first month with oil or gas above zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tests.data_exports import awkward_production, sample_production, well_headers

MCF_PER_BOE = 6.0


@dataclass(frozen=True)
class Case:
    """One phrasing and the table its answer must hold.

    ``expected(frames)`` returns the rows the query must return, in order (lists of
    plain values; floats compared to 1e-9 relative). ``tables`` are the uploads:
    "sample" (samples/production_monthly.csv), "awkward" (the generated export with
    awkward column names) and "headers" (a well-header table). ``bound`` are parameters
    the question must bind (names to plain values); ``shows`` strings the answer must
    contain; ``unused`` the figures it must list as not used; ``chart`` that the answer
    draws a chart of the result.
    """

    question: str
    expected: Callable[[], list[list[Any]]]
    tables: tuple[str, ...] = ("sample",)
    bound: dict[str, Any] = field(default_factory=dict)
    shows: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()
    chart: bool = False
    agent: str = "Production Agent"


def prod() -> pd.DataFrame:
    """The sample: well, api, date (datetime), oil_bbl, gas_mcf, water_bbl."""
    frame = sample_production()
    frame["month"] = frame["date"].dt.to_period("M")
    frame["boe"] = frame["oil_bbl"] + frame["gas_mcf"] / MCF_PER_BOE
    return frame


def awkward() -> pd.DataFrame:
    """The awkward export under the sample's names (upper-case wells, API-14, US dates)."""
    raw = awkward_production()
    frame = pd.DataFrame(
        {
            "well_name": raw["Well Name"],
            "api": raw["API #"],
            "date": pd.to_datetime(raw["Prod Date"], format="%m/%d/%Y"),
            "oil_bbl": raw["Oil (bbl)"],
            "gas_mcf": raw["Gas, Mcf"],
            "water_bbl": raw["Water (BBL)"],
        }
    )
    frame["month"] = frame["date"].dt.to_period("M")
    return frame


def with_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Production rows with their header columns, matched on the API's first 10 digits."""
    headers = well_headers()
    headers["key"] = headers["API Number"].str.replace(r"\D", "", regex=True).str[:10]
    keyed = frame.assign(key=frame["api"].astype(str).str.replace(r"\D", "", regex=True).str[:10])
    return keyed.merge(headers, on="key", how="left")


def in_year(frame: pd.DataFrame, *years: int) -> pd.DataFrame:
    return frame[frame["date"].dt.year.isin(years)]


def between(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Rows from ``start`` (inclusive) to ``end`` (exclusive)."""
    return frame[(frame["date"] >= pd.Timestamp(start)) & (frame["date"] < pd.Timestamp(end))]


def firsts(frame: pd.DataFrame) -> pd.DataFrame:
    """Each well's first and last producing month (oil or gas above zero)."""
    producing = frame[(frame["oil_bbl"] > 0) | (frame["gas_mcf"] > 0)]
    out = producing.groupby("well_name")["date"].agg(["min", "max"])
    out.columns = ["first", "last"]
    return out


def first_months(frame: pd.DataFrame, months: int) -> pd.DataFrame:
    """Each well's rows in its first ``months`` months from first production."""
    start = firsts(frame)["first"]
    joined = frame.join(start, on="well_name")
    limit = joined["first"] + pd.DateOffset(months=months)
    return joined[(joined["date"] >= joined["first"]) & (joined["date"] < limit)]


def latest_months(frame: pd.DataFrame, months: int) -> pd.DataFrame:
    last = frame["date"].max().to_period("M")
    return frame[frame["month"] > last - months]


def plain(value: Any) -> Any:
    """numpy scalars as Python numbers, periods and timestamps as the query writes them."""
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):
        return value.item()
    return value


def rows(frame: pd.DataFrame | pd.Series) -> list[list[Any]]:
    """A grouped result as the rows of a table (the index first)."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    flat = frame.reset_index()
    return [[plain(v) for v in record] for record in flat.itertuples(index=False, name=None)]


def ranked(series: pd.Series, *, ascending: bool = False, n: int | None = None) -> list[list]:
    """A series sorted by value (ties by name), the first ``n``."""
    ordered = sorted(series.items(), key=lambda kv: (kv[1] if ascending else -kv[1], kv[0]))
    return [[plain(k), plain(v)] for k, v in ordered[:n]]
