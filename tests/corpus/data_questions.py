"""Questions analysts ask of an uploaded export, with the table pandas computes for each.

Written the way analysts type them (cum, avg, Mbbl, MMcf, Q3, typos, long sentences),
not the way the parser was built. Each ``expected`` reads the file with pandas
(``data_reference``); the corpus test compares the query's result with it, row by row.
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


def _chart(frame: pd.DataFrame, wells: list[str], columns: list[str]) -> list[list]:
    """Months (first day) with one value per well and column, None where a well has none."""
    frame = frame[frame["well_name"].isin(wells)]
    months = sorted(frame["month"].unique())
    out = []
    for month in months:
        record = [month.start_time.strftime("%Y-%m-%d")]
        for column in columns:
            for well in wells:
                got = frame[(frame["month"] == month) & (frame["well_name"] == well)][column]
                record.append(plain(got.sum()) if len(got) else None)
        out.append(record)
    return out


def _running(frame: pd.DataFrame, column: str) -> list[list]:
    monthly = _monthly(frame, column).sort_index()
    return [[str(m), plain(v)] for m, v in monthly.cumsum().items()]


def _started(frame: pd.DataFrame, *years: int) -> list[list]:
    starts = firsts(frame)["first"]
    chosen = starts[starts.dt.year.isin(years)].sort_values()
    return [[len(chosen), ", ".join(chosen.index)]]


PHRASINGS: list[Case] = [
    # --- top / bottom N by a measure ----------------------------------------------------
    Case(
        "which well has the highest cumulative oil?",
        lambda: ranked(_by_well(prod(), "oil_bbl"), n=1),
        shows=("**Hawkins 1H** is the well with the highest total oil: **330,692 bbl**",),
    ),
    Case(
        "Which well made the most gas overall?",
        lambda: ranked(_by_well(prod(), "gas_mcf"), n=1),
    ),
    Case(
        "top 3 wells by gas in 2023",
        lambda: ranked(_by_well(in_year(prod(), 2023), "gas_mcf"), n=3),
        bound={"n": 3},
    ),
    Case(
        "show me the bottom 2 wells by water production",
        lambda: ranked(_by_well(prod(), "water_bbl"), ascending=True, n=2),
        bound={"n": 2, "rank": "bottom"},
    ),
    Case(
        "rank the wells by cum oil",
        lambda: ranked(_by_well(prod(), "oil_bbl"), n=5),
    ),
    Case(
        "what are the 2 best wells by BOE?",
        lambda: ranked(_by_well(prod(), "boe"), n=2),
        shows=("BOE = oil + gas / 6",),
    ),
    Case(
        "which 2 wells had the lowest peak gas month",
        lambda: ranked(prod().groupby("well_name")["gas_mcf"].max(), ascending=True, n=2),
        bound={"n": 2},
    ),
    Case(
        "Which month had the highest gas for the field?",
        lambda: ranked(_monthly(prod(), "gas_mcf").rename(index=str), n=1),
    ),
    Case(
        "what was Hawkins 2H's best month for oil",
        lambda: [[plain(prod().query("well_name == 'Hawkins 2H'")["oil_bbl"].max())]],
        bound={"wells": ["Hawkins 2H"]},
    ),
    # --- sums and averages by well, month, year or a column -----------------------------
    Case(
        "monthly gas for the field in 2023",
        lambda: rows(_monthly(in_year(prod(), 2023), "gas_mcf").rename(index=str)),
        bound={"groups": ["month"]},
    ),
    Case(
        "total oil by year",
        lambda: rows(prod().groupby(prod()["date"].dt.year)["oil_bbl"].sum()),
    ),
    Case(
        "annual BOE for the field",
        lambda: rows(prod().groupby(prod()["date"].dt.year)["boe"].sum()),
    ),
    Case(
        "avg monthly water by well",
        lambda: ranked(prod().groupby("well_name")["water_bbl"].mean()),
    ),
    Case(
        "peak monthly oil by well",
        lambda: ranked(prod().groupby("well_name")["oil_bbl"].max()),
    ),
    Case(
        "average oil per well in the first 12 months",
        lambda: [[plain(first_months(prod(), 12).groupby("well_name")["oil_bbl"].sum().mean()), 4]],
        bound={"life": 12},
    ),
    Case(
        "what's the average monthly oil rate for the field in 2022",
        lambda: [[plain(_monthly(in_year(prod(), 2022), "oil_bbl").mean())]],
    ),
    Case(
        "quarterly oil for Bluebonnet 3H in 2022",
        lambda: [
            [f"2022-Q{q}", plain(v)]
            for q, v in in_year(prod(), 2022)
            .query("well_name == 'Bluebonnet 3H'")
            .groupby(lambda i: prod().loc[i, "date"].quarter)["oil_bbl"]
            .sum()
            .items()
        ],
    ),
    Case(
        "total oil and gas by well",
        lambda: [
            [w, plain(o), plain(g)]
            for w, o, g in sorted(
                (
                    (w, r.oil_bbl, r.gas_mcf)
                    for w, r in prod().groupby("well_name")[["oil_bbl", "gas_mcf"]].sum().iterrows()
                ),
                key=lambda t: (-t[1], t[0]),
            )
        ],
    ),
    # --- filters by names, dates and values ----------------------------------------------
    Case(
        "total oil for Hawkins 1H in 2022",
        lambda: [
            [plain(in_year(prod(), 2022).query("well_name == 'Hawkins 1H'")["oil_bbl"].sum())]
        ],
        bound={"wells": ["Hawkins 1H"]},
    ),
    Case(
        "How much gas did Mesquite 4H produce between 2022-01 and 2022-06?",
        lambda: [
            [
                plain(
                    between(prod(), "2022-01-01", "2022-07-01")
                    .query("well_name == 'Mesquite 4H'")["gas_mcf"]
                    .sum()
                )
            ]
        ],
    ),
    Case(
        "oil production since March 2024 by well",
        lambda: ranked(_by_well(between(prod(), "2024-03-01", "2100-01-01"), "oil_bbl")),
    ),
    Case(
        "gas in Q3 2022 by well",
        lambda: ranked(_by_well(between(prod(), "2022-07-01", "2022-10-01"), "gas_mcf")),
    ),
    Case(
        "what was the total water in 2021 and 2022?",
        lambda: [[plain(in_year(prod(), 2021, 2022)["water_bbl"].sum())]],
    ),
    Case(
        "total oil before 2021",
        lambda: [[plain(prod()[prod()["date"] < "2021-01-01"]["oil_bbl"].sum())]],
    ),
    Case(
        "oil and gas for the Hawkins wells in the last 12 months",
        lambda: [
            [w, plain(o), plain(g)]
            for w, o, g in sorted(
                (
                    (w, r.oil_bbl, r.gas_mcf)
                    for w, r in latest_months(prod(), 12)
                    .query("well_name.str.startswith('Hawkins')")
                    .groupby("well_name")[["oil_bbl", "gas_mcf"]]
                    .sum()
                    .iterrows()
                ),
                key=lambda t: (-t[1], t[0]),
            )
        ],
        bound={"wells": ["Hawkins 1H", "Hawkins 2H"], "recent": 12},
    ),
    Case(
        "wells with more than 280,000 bbl cumulative oil",
        lambda: ranked(_by_well(prod(), "oil_bbl").pipe(lambda s: s[s > 280_000])),
    ),
    Case(
        "which wells have over 280 Mbbl of cum oil?",
        lambda: ranked(_by_well(prod(), "oil_bbl").pipe(lambda s: s[s > 280_000])),
    ),
    Case(
        "months where field gas exceeded 60 MMcf",
        lambda: rows(_monthly(prod(), "gas_mcf").pipe(lambda s: s[s > 60_000]).rename(index=str)),
    ),
    # --- counts -------------------------------------------------------------------------
    Case(
        "how many wells started in 2021?",
        lambda: _started(prod(), 2021),
        shows=("**2 wells** started producing in 2021",),
    ),
    Case(
        "how many new wells came online in 2020",
        lambda: _started(prod(), 2020),
    ),
    Case(
        "how many wells started each year?",
        lambda: [
            [year, len(group), ", ".join(group.sort_values().index)]
            for year, group in firsts(prod())["first"].groupby(firsts(prod())["first"].dt.year)
        ],
    ),
    Case(
        "how many wells are there",
        lambda: [[4, ", ".join(sorted(prod()["well_name"].unique()))]],
    ),
    Case(
        "how many months did Hawkins 2H make more than 20,000 bbl of oil?",
        lambda: [[int((prod().query("well_name == 'Hawkins 2H'")["oil_bbl"] > 20_000).sum())]],
        bound={"wells": ["Hawkins 2H"]},
    ),
    Case(
        "how many wells had a month over 20,000 bbl of oil?",
        lambda: [
            [
                prod().query("oil_bbl > 20000")["well_name"].nunique(),
                ", ".join(sorted(prod().query("oil_bbl > 20000")["well_name"].unique())),
            ]
        ],
    ),
    Case(
        "number of producing wells by month in 2021",
        lambda: [
            [str(m), int(n)]
            for m, n in in_year(prod(), 2021)
            .query("oil_bbl > 0 or gas_mcf > 0")
            .groupby("month")["well_name"]
            .nunique()
            .items()
        ],
    ),
    Case(
        "how many rows are in my file?",
        lambda: [[len(prod())]],
    ),
    # --- first and last production dates -------------------------------------------------
    Case(
        "first and last production dates for each well",
        lambda: [
            [w, r["first"].strftime("%Y-%m-%d"), r["last"].strftime("%Y-%m-%d"), _span(r)]
            for w, r in firsts(prod()).sort_values(["first"]).iterrows()
        ],
    ),
    Case(
        "when did Hawkins 2H start producing?",
        lambda: [
            [w, r["first"].strftime("%Y-%m-%d"), r["last"].strftime("%Y-%m-%d"), _span(r)]
            for w, r in firsts(prod()).loc[["Hawkins 2H"]].iterrows()
        ],
        shows=("**Hawkins 2H** first produced in **2020-09**",),
    ),
    Case(
        "which well started most recently?",
        lambda: [
            [w, r["first"].strftime("%Y-%m-%d"), r["last"].strftime("%Y-%m-%d"), _span(r)]
            for w, r in firsts(prod()).sort_values("first", ascending=False).head(1).iterrows()
        ],
    ),
    # --- cumulatives ---------------------------------------------------------------------
    Case(
        "cumulative oil over time for Hawkins 1H",
        lambda: _running(prod().query("well_name == 'Hawkins 1H'"), "oil_bbl"),
    ),
    Case(
        "running cum gas by month for the field in 2021",
        lambda: _running(in_year(prod(), 2021), "gas_mcf"),
    ),
    # --- charts of chosen wells and phases -----------------------------------------------
    Case(
        "plot oil for Hawkins 1H and 2H",
        lambda: _chart(prod(), ["Hawkins 1H", "Hawkins 2H"], ["oil_bbl"]),
        bound={"wells": ["Hawkins 1H", "Hawkins 2H"]},
        chart=True,
    ),
    Case(
        "chart monthly gas by well",
        lambda: _chart(prod(), sorted(prod()["well_name"].unique()), ["gas_mcf"]),
        chart=True,
    ),
    Case(
        "plot oil and gas for Mesquite 4H",
        lambda: _chart(prod(), ["Mesquite 4H"], ["oil_bbl", "gas_mcf"]),
        chart=True,
    ),
    Case(
        "can you graph the water for bluebonnet 3h since 2023",
        lambda: _chart(
            between(prod(), "2023-01-01", "2100-01-01"), ["Bluebonnet 3H"], ["water_bbl"]
        ),
        chart=True,
    ),
    # --- joins with a well-header table --------------------------------------------------
    Case(
        "total gas by county",
        lambda: ranked(with_headers(prod()).groupby("County")["gas_mcf"].sum()),
        tables=("sample", "headers"),
    ),
    Case(
        "cumulative oil by operator",
        lambda: ranked(with_headers(prod()).groupby("Operator")["oil_bbl"].sum()),
        tables=("sample", "headers"),
    ),
    Case(
        "oil in Reeves county by well",
        lambda: ranked(_by_well(with_headers(prod()).query("County == 'Reeves'"), "oil_bbl")),
        tables=("sample", "headers"),
        bound={"values": ["County = Reeves"]},
    ),
    Case(
        "how many wells does Permian Ridge operate?",
        lambda: [
            [
                3,
                ", ".join(
                    sorted(
                        with_headers(prod())
                        .query("Operator == 'Permian Ridge'")["well_name"]
                        .unique()
                    )
                ),
            ]
        ],
        tables=("sample", "headers"),
    ),
    Case(
        "average first 12 months oil per well by formation",
        lambda: [
            [f, plain(v.mean()), len(v)]
            for f, v in sorted(
                with_headers(first_months(prod(), 12))
                .groupby(["Formation", "well_name"])["oil_bbl"]
                .sum()
                .groupby(level=0),
                key=lambda kv: -kv[1].mean(),
            )
        ],
        tables=("sample", "headers"),
    ),
    # --- a generated export with awkward column names ------------------------------------
    Case(
        "Which well has the highest cumulative oil in my export?",
        lambda: ranked(_by_well(awkward(), "oil_bbl"), n=1),
        tables=("awkward",),
    ),
    Case(
        "monthly gas in 2023",
        lambda: rows(_monthly(in_year(awkward(), 2023), "gas_mcf").rename(index=str)),
        tables=("awkward",),
    ),
    Case(
        "plot oil for HAWKINS 1H and 2H from the export",
        lambda: _chart(awkward(), ["HAWKINS 1H", "HAWKINS 2H"], ["oil_bbl"]),
        tables=("awkward",),
        chart=True,
    ),
    Case(
        "total water by county from the export",
        lambda: ranked(with_headers(awkward()).groupby("County")["water_bbl"].sum()),
        tables=("awkward", "headers"),
    ),
    Case(
        "ESG view: which well produced the most water in 2024?",
        lambda: ranked(_by_well(in_year(prod(), 2024), "water_bbl"), n=1),
        agent="ESG Agent",
    ),
]


def _span(r: pd.Series) -> int:
    return (r["last"].year - r["first"].year) * 12 + r["last"].month - r["first"].month + 1
