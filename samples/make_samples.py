"""Make the sample files in this folder (seeded, so the CSVs are reproducible).

    .venv/bin/python samples/make_samples.py

- production_monthly.csv: four horizontal wells, monthly oil (bbl), gas (mcf) and water
  (bbl) volumes with a ramp-up first month and a few shut-in months, each well following a
  modified hyperbolic decline with log-normal noise.
- costs.csv: a price and cost sheet for one well (prices, differentials, interests, taxes,
  opex, capex with its month, abandonment, discount rate).
- emissions_activity.csv: a year of activity data for the field (fuel burned, gas flared and
  vented, electricity bought, oil and gas produced).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DAYS_PER_YEAR = 365.25


def rate(t_days: np.ndarray, qi: float, di_secant: float, b: float, dlim_tangent: float):
    """Modified hyperbolic rate per day (Di secant-effective, Dlim tangent-effective, per year)."""
    d = ((1 - di_secant) ** (-b) - 1) / b / DAYS_PER_YEAR
    dlim = -np.log1p(-dlim_tangent) / DAYS_PER_YEAR
    t_switch = (d / dlim - 1) / (b * d)
    q_switch = qi * (1 + b * d * t_switch) ** (-1 / b)
    hyperbolic = qi * (1 + b * d * np.minimum(t_days, t_switch)) ** (-1 / b)
    return np.where(t_days <= t_switch, hyperbolic, q_switch * np.exp(-dlim * (t_days - t_switch)))


WELLS = [
    # name, API, first month, months, qi bbl/d, Di secant, b, GOR scf/bbl, shut-in months
    ("Hawkins 1H", "42-301-34567", "2020-03", 60, 920.0, 0.72, 1.1, 1400.0, [17]),
    ("Hawkins 2H", "42-301-34568", "2020-09", 52, 1080.0, 0.78, 1.3, 1500.0, [23, 24]),
    ("Bluebonnet 3H", "42-389-20411", "2021-06", 40, 640.0, 0.58, 0.9, 1150.0, []),
    ("Mesquite 4H", "42-389-20587", "2021-01", 48, 430.0, 0.65, 1.0, 4200.0, [30]),
]


def production(rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for name, api, first, months, qi, di, b, gor, shut_in in WELLS:
        starts = pd.date_range(first, periods=months, freq="MS")
        days = starts.days_in_month.to_numpy(float)
        # Day-by-day integration of the rate within each month, from first production.
        edges = np.r_[0.0, np.cumsum(days)]
        oil = np.array(
            [
                rate(np.arange(lo, hi) + 0.5, qi, di, b, 0.06).sum()
                for lo, hi in itertools.pairwise(edges)
            ]
        )
        oil[0] *= 0.45  # first month: the well came on mid-month and was still cleaning up
        oil *= np.exp(rng.normal(0.0, 0.06, months))
        gor_path = gor * (1 + 0.35 * np.arange(months) / months)  # GOR rises as pressure falls
        gas = oil * gor_path / 1000.0 * np.exp(rng.normal(0.0, 0.05, months))
        water = oil * np.linspace(1.4, 2.3, months) * np.exp(rng.normal(0.0, 0.08, months))
        for month in shut_in:
            oil[month] = gas[month] = water[month] = 0.0
        frames.append(
            pd.DataFrame(
                {
                    "well_name": name,
                    "api": api,
                    "date": starts.strftime("%Y-%m-%d"),
                    "oil_bbl": np.round(oil).astype(int),
                    "gas_mcf": np.round(gas).astype(int),
                    "water_bbl": np.round(water).astype(int),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


COSTS = [
    ("oil price", 72.50, "$/bbl", "", "WTI flat deck"),
    ("gas price", 2.85, "$/MMBtu", "", "Henry Hub flat deck"),
    ("oil differential", -3.25, "$/bbl", "", "Midland to Cushing and trucking"),
    ("gas differential", -0.45, "$/MMBtu", "", "Waha basis"),
    ("working interest", 100, "%", "", ""),
    ("royalty", 18.75, "%", "", "3/16 lease"),
    ("severance tax oil", 4.6, "%", "", "Texas crude oil production tax"),
    ("severance tax gas", 7.5, "%", "", "Texas natural gas production tax"),
    ("ad valorem tax", 2.0, "%", "", "county property tax, of value after severance"),
    ("fixed opex", 9500, "$/month", "", "pumper, chemicals, electricity, repairs"),
    ("oil opex", 4.25, "$/bbl", "", "lifting cost"),
    ("gas gathering and processing", 0.55, "$/mcf", "", ""),
    ("water disposal", 0.85, "$/bbl", "", "SWD fee"),
    ("drilling capex", 3_400_000, "$", 0, ""),
    ("completion capex", 4_600_000, "$", 0, ""),
    ("facilities capex", 650_000, "$", 1, "tank battery and tie-in"),
    ("abandonment cost", 150_000, "$", "", "plug and abandon at end of life"),
    ("discount rate", 10, "%", "", "PV10"),
]

ACTIVITY = [
    ("North Pad", "Compressor engines", "stationary combustion", "natural gas", 41_800, "mcf"),
    ("North Pad", "Heater treaters", "stationary combustion", "natural gas", 9_650, "mcf"),
    ("South Pad", "Generator", "stationary combustion", "diesel", 23_400, "gal"),
    ("Field", "Workover rig engines", "stationary combustion", "diesel", 61_000, "gal"),
    ("Field", "Line heaters", "stationary combustion", "propane", 6_500, "gal"),
    ("North Pad", "HP flare", "flaring", "associated gas", 37_900, "mcf"),
    ("South Pad", "Tank vapours", "venting", "associated gas", 2_150, "mcf"),
    ("Field", "Pneumatic controllers", "venting", "natural gas", 1_380, "mcf"),
    ("Field office", "Purchased electricity", "electricity", "grid", 3_240, "MWh"),
    ("Field", "Oil production", "production", "oil", 1_152_000, "bbl"),
    ("Field", "Gas production", "production", "gas", 2_415_000, "mcf"),
]


def main() -> None:
    rng = np.random.default_rng(20240601)
    production(rng).to_csv(HERE / "production_monthly.csv", index=False)
    pd.DataFrame(COSTS, columns=["item", "value", "unit", "month", "notes"]).to_csv(
        HERE / "costs.csv", index=False
    )
    activity = pd.DataFrame(
        ACTIVITY, columns=["facility", "source", "category", "fuel", "quantity", "unit"]
    )
    activity.insert(0, "year", 2024)
    activity.to_csv(HERE / "emissions_activity.csv", index=False)


if __name__ == "__main__":
    main()
