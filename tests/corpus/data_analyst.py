"""More questions analysts ask of an uploaded export, written for issue 7 (not the ones the
data parser was built around): upper case, typos, Mbbl / MMcf / BOE thresholds, dates in
every spelling, several figures in one clause. Each reference is computed with pandas
from the file itself (``data_reference``), row by row.
"""

from __future__ import annotations

import pandas as pd

from tests.corpus.data_reference import (
    Case,
    awkward,
    between,
    first_months,
    firsts,
    in_year,
    latest_months,
    plain,
    prod,
    ranked,
    rows,
    with_headers,
)


def _by_well(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby("well_name")[column].sum()


def _monthly(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby("month")[column].sum()


def _well(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["well_name"] == name]


def _one(value) -> list[list]:
    return [[plain(value)]]


def _chart(frame: pd.DataFrame, wells: list[str], columns: list[str]) -> list[list]:
    """Months (first day) with one value per well and column, None where a well has none."""
    frame = frame[frame["well_name"].isin(wells)]
    out = []
    for month in sorted(frame["month"].unique()):
        record = [month.start_time.strftime("%Y-%m-%d")]
        for column in columns:
            for well in wells:
                got = frame[(frame["month"] == month) & (frame["well_name"] == well)][column]
                record.append(plain(got.sum()) if len(got) else None)
        out.append(record)
    return out


def _started(frame: pd.DataFrame, *years: int) -> list[list]:
    starts = firsts(frame)["first"]
    chosen = starts[starts.dt.year.isin(years)].sort_values()
    return [[len(chosen), ", ".join(chosen.index)]]


PHRASINGS: list[Case] = [
    # --- top / bottom N, upper case and shorthand ----------------------------------------------
    Case(
        "TOP 2 WELLS BY CUM GAS",
        lambda: ranked(_by_well(prod(), "gas_mcf"), n=2),
        bound={"n": 2},
    ),
    Case(
        "bottom 3 wells by cumulative BOE",
        lambda: ranked(_by_well(prod(), "boe"), ascending=True, n=3),
        bound={"n": 3, "rank": "bottom"},
    ),
    Case(
        "whats the best well for watter?",
        lambda: ranked(_by_well(prod(), "water_bbl"), n=1),
    ),
    Case(
        "top 2 gas wells in 2024",
        lambda: ranked(_by_well(in_year(prod(), 2024), "gas_mcf"), n=2),
        bound={"n": 2},
    ),
    # --- sums and averages by well, period and phase -------------------------------------------
    Case(
        "avg monthly gas for Mesquite 4H in 2023",
        lambda: _one(_well(in_year(prod(), 2023), "Mesquite 4H")["gas_mcf"].mean()),
        bound={"wells": ["Mesquite 4H"]},
    ),
    Case(
        "total BOE for the field in 2023",
        lambda: _one(in_year(prod(), 2023)["boe"].sum()),
    ),
    Case(
        "yearly water for Hawkins 2H",
        lambda: rows(
            _well(prod(), "Hawkins 2H")
            .pipe(lambda f: f.groupby(f["date"].dt.year)["water_bbl"])
            .sum()
        ),
        bound={"wells": ["Hawkins 2H"]},
    ),
    Case(
        "Average monthly oil by well in 2022",
        lambda: ranked(in_year(prod(), 2022).groupby("well_name")["oil_bbl"].mean()),
    ),
    Case(
        "max monthly water by well",
        lambda: ranked(prod().groupby("well_name")["water_bbl"].max()),
    ),
    Case(
        "What's the 12-month cum for Hawkins 1H?",
        lambda: _one(_well(first_months(prod(), 12), "Hawkins 1H")["oil_bbl"].sum()),
        bound={"life": 12, "wells": ["Hawkins 1H"]},
    ),
    Case(
        "6 mo cum oil by well",
        lambda: ranked(first_months(prod(), 6).groupby("well_name")["oil_bbl"].sum()),
        bound={"life": 6},
    ),
    Case(
        "cum oil per well in the first 6 months",
        lambda: ranked(first_months(prod(), 6).groupby("well_name")["oil_bbl"].sum()),
        bound={"life": 6},
    ),
    # --- filters: dates in every spelling, recent months, thresholds with units ----------------
    Case(
        "total oil since Jan 2023",
        lambda: _one(between(prod(), "2023-01-01", "2100-01-01")["oil_bbl"].sum()),
    ),
    Case(
        "gas by well for the last 6 months",
        lambda: ranked(_by_well(latest_months(prod(), 6), "gas_mcf")),
        bound={"recent": 6},
    ),
    Case(
        "How much oil did hawkins 1h make from 2021-01 to 2021-06?",
        lambda: _one(
            _well(between(prod(), "2021-01-01", "2021-07-01"), "Hawkins 1H")["oil_bbl"].sum()
        ),
        bound={"wells": ["Hawkins 1H"]},
    ),
    Case(
        "total water in 2023 and 2024 for Bluebonnet 3H",
        lambda: _one(_well(in_year(prod(), 2023, 2024), "Bluebonnet 3H")["water_bbl"].sum()),
        bound={"wells": ["Bluebonnet 3H"]},
    ),
    Case(
        "which wells made more than 500 MMcf of gas in total?",
        lambda: ranked(_by_well(prod(), "gas_mcf").pipe(lambda s: s[s > 500_000])),
    ),
    Case(
        "wells with under 200 Mbbl cum oil",
        lambda: ranked(_by_well(prod(), "oil_bbl").pipe(lambda s: s[s < 200_000]), ascending=True),
    ),
    Case(
        "months where field oil was below 40,000 bbl",
        lambda: rows(_monthly(prod(), "oil_bbl").pipe(lambda s: s[s < 40_000]).rename(index=str)),
    ),
    # --- counts -------------------------------------------------------------------------
    Case(
        "how many wells came online in 2021 or 2022?",
        lambda: _started(prod(), 2021, 2022),
    ),
    Case(
        "how many months did Mesquite 4H make over 15,000 mcf of gas",
        lambda: [[int((_well(prod(), "Mesquite 4H")["gas_mcf"] > 15_000).sum())]],
        bound={"wells": ["Mesquite 4H"]},
    ),
    # --- charts ----------------------------------------------------------------------------
    Case(
        "plot gas for Mesquite 4H and Bluebonnet 3H since 2022",
        lambda: _chart(
            between(prod(), "2022-01-01", "2100-01-01"),
            ["Mesquite 4H", "Bluebonnet 3H"],
            ["gas_mcf"],
        ),
        bound={"wells": ["Mesquite 4H", "Bluebonnet 3H"]},
        chart=True,
    ),
    # --- joins with a well-header table --------------------------------------------------------
    Case(
        "which formation has the most cum gas?",
        lambda: ranked(with_headers(prod()).groupby("Formation")["gas_mcf"].sum(), n=1),
        tables=("sample", "headers"),
    ),
    Case(
        "total water by operator",
        lambda: ranked(with_headers(prod()).groupby("Operator")["water_bbl"].sum()),
        tables=("sample", "headers"),
    ),
    # --- the awkward export ----------------------------------------------------------------------
    Case(
        "top 2 wells by water in the export",
        lambda: ranked(_by_well(awkward(), "water_bbl"), n=2),
        tables=("awkward",),
        bound={"n": 2},
    ),
    Case(
        "total oil for HAWKINS 2H in 2022 from the export",
        lambda: _one(_well(in_year(awkward(), 2022), "HAWKINS 2H")["oil_bbl"].sum()),
        tables=("awkward",),
    ),
    Case(
        "ESG: total water for the field in 2022, in bbl",
        lambda: _one(in_year(prod(), 2022)["water_bbl"].sum()),
        agent="ESG Agent",
    ),
]

# More in the same vein: shorthand, upper case, quarters, monthly thresholds, charts.
PHRASINGS += [
    Case(
        "top well by oil in 2022?",
        lambda: ranked(_by_well(in_year(prod(), 2022), "oil_bbl"), n=1),
    ),
    Case(
        "what's the cum water for BLUEBONNET 3H",
        lambda: _one(_well(prod(), "Bluebonnet 3H")["water_bbl"].sum()),
        bound={"wells": ["Bluebonnet 3H"]},
    ),
    Case(
        "field oil by quarter for 2023",
        lambda: [
            [f"2023-Q{q}", plain(v)]
            for q, v in in_year(prod(), 2023)
            .pipe(lambda f: f.groupby(f["date"].dt.quarter)["oil_bbl"].sum())
            .items()
        ],
    ),
    Case(
        "how many wells had a month over 21,000 bbl of oil",
        lambda: [
            [
                prod().query("oil_bbl > 21000")["well_name"].nunique(),
                ", ".join(sorted(prod().query("oil_bbl > 21000")["well_name"].unique())),
            ]
        ],
    ),
    Case(
        "plot water for Hawkins 1H and Hawkins 2H",
        lambda: _chart(prod(), ["Hawkins 1H", "Hawkins 2H"], ["water_bbl"]),
        bound={"wells": ["Hawkins 1H", "Hawkins 2H"]},
        chart=True,
    ),
    Case(
        "cum oil by formation",
        lambda: ranked(with_headers(prod()).groupby("Formation")["oil_bbl"].sum()),
        tables=("sample", "headers"),
    ),
    Case(
        "total gas for Hawkins 2H before 2022",
        lambda: _one(_well(prod()[prod()["date"] < "2022-01-01"], "Hawkins 2H")["gas_mcf"].sum()),
        bound={"wells": ["Hawkins 2H"]},
    ),
    Case(
        "Mesquite 4H monthly oil in 2024",
        lambda: rows(
            _monthly(_well(in_year(prod(), 2024), "Mesquite 4H"), "oil_bbl").rename(index=str)
        ),
        bound={"wells": ["Mesquite 4H"]},
    ),
]
