"""Ratios analysts ask of an export: water cut, oil cut, GOR, WOR and condensate yield.

A ratio over a period (a well's last six months, a year of the field) is the ratio of
that period's totals, the volume-weighted figure engineers quote (water cut = water /
(oil + water)), not an average of monthly ratios; "peak" or "lowest" is of the monthly
ratios. Each answer lists the ratio first, then the totals it was computed from. Every
reference below is computed with pandas from the file (``data_reference``).
"""

from __future__ import annotations

import pandas as pd

from tests.corpus.data_reference import Case, in_year, latest_months, plain, prod

# A period (or month) whose denominator is zero has no ratio: None, as SQL's NULL.


def water_cut(oil: float, water: float) -> float | None:
    return 100.0 * water / (oil + water) if oil + water else None


def oil_cut(oil: float, water: float) -> float | None:
    return 100.0 * oil / (oil + water) if oil + water else None


def gor(oil: float, gas_mcf: float) -> float | None:
    return 1000.0 * gas_mcf / oil if oil else None  # scf/bbl


def wor(oil: float, water: float) -> float | None:
    return water / oil if oil else None


def condensate_yield(oil: float, gas_mcf: float) -> float | None:
    return 1000.0 * oil / gas_mcf if gas_mcf else None  # bbl/MMcf


def _well(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["well_name"] == name]


def _totals(frame: pd.DataFrame, ratio, second: str) -> list:
    oil, other = frame["oil_bbl"].sum(), frame[second].sum()
    return [plain(ratio(oil, other)), plain(oil), plain(other)]


def _grouped(frame: pd.DataFrame, key, ratio, second: str, *, by_ratio: bool) -> list[list]:
    out = [[plain(k), *_totals(g, ratio, second)] for k, g in frame.groupby(key)]
    if by_ratio:  # highest ratio first, ties by name
        out.sort(key=lambda r: (-r[1], r[0]))
    return out


def _field_months(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby("month")[["oil_bbl", "gas_mcf", "water_bbl"]].sum()


PHRASINGS: list[Case] = [
    Case(
        "what's the water cut for Hawkins 2H over the last 6 months?",
        lambda: [_totals(_well(latest_months(prod(), 6), "Hawkins 2H"), water_cut, "water_bbl")],
        bound={"wells": ["Hawkins 2H"], "recent": 6, "ratios": ["water_cut"]},
        shows=("water cut", "%", "water / (oil + water)"),
    ),
    Case(
        "GOR by well in 2023",
        lambda: _grouped(in_year(prod(), 2023), "well_name", gor, "gas_mcf", by_ratio=True),
        bound={"ratios": ["gor"]},
        shows=("GOR", "scf/bbl"),
    ),
    Case(
        "Which well has the highest gas-oil ratio?",
        lambda: _grouped(prod(), "well_name", gor, "gas_mcf", by_ratio=True)[:1],
        bound={"ratios": ["gor"]},
        shows=("scf/bbl",),
    ),
    Case(
        "watercut by year for the field",
        lambda: _grouped(prod(), prod()["date"].dt.year, water_cut, "water_bbl", by_ratio=False),
        bound={"ratios": ["water_cut"]},
    ),
    Case(
        "WOR for Mesquite 4H in 2022",
        lambda: [_totals(_well(in_year(prod(), 2022), "Mesquite 4H"), wor, "water_bbl")],
        bound={"wells": ["Mesquite 4H"], "ratios": ["wor"]},
        shows=("bbl/bbl",),
    ),
    Case(
        "condensate yield for Hawkins 1H in bbl/MMcf",
        lambda: [_totals(_well(prod(), "Hawkins 1H"), condensate_yield, "gas_mcf")],
        bound={"wells": ["Hawkins 1H"], "ratios": ["yield"]},
        shows=("bbl/MMcf",),
    ),
    Case(
        "peak monthly GOR for Bluebonnet 3H",
        lambda: [
            [
                plain(
                    _well(prod(), "Bluebonnet 3H")
                    .pipe(lambda f: 1000.0 * f["gas_mcf"] / f["oil_bbl"].where(f["oil_bbl"] > 0))
                    .max()
                )
            ]
        ],
        bound={"wells": ["Bluebonnet 3H"], "ratios": ["gor"]},
    ),
    Case(
        "oil cut by well for the last 12 months",
        lambda: _grouped(
            latest_months(prod(), 12), "well_name", oil_cut, "water_bbl", by_ratio=True
        ),
        bound={"recent": 12, "ratios": ["oil_cut"]},
    ),
    Case(
        "field GOR by month in 2024",
        lambda: [
            [
                str(month),
                plain(gor(r["oil_bbl"], r["gas_mcf"])),
                plain(r["oil_bbl"]),
                plain(r["gas_mcf"]),
            ]
            for month, r in _field_months(in_year(prod(), 2024)).iterrows()
        ],
        bound={"ratios": ["gor"]},
    ),
    Case(
        "plot the GOR for Hawkins 1H by month",
        lambda: [
            [
                month.start_time.strftime("%Y-%m-%d"),
                plain(gor(group["oil_bbl"].sum(), group["gas_mcf"].sum())),
            ]
            for month, group in _well(prod(), "Hawkins 1H").groupby("month")
        ],
        bound={"wells": ["Hawkins 1H"], "ratios": ["gor"]},
        chart=True,
    ),
]
