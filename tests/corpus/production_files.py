"""Production histories for the corpus, made with petbox-dca alone (``tests.decline_wells``):
wells with known parameters, so a fit's figures can be checked against the true curve.

Every truth is a modified hyperbolic with a 6 %/yr tangent-effective terminal decline
(the default Dmin of the fit), noise-free, so the fit recovers it to 1e-6 and the EUR is
the true one: the produced volume plus petbox-dca's cumulative to the limit or horizon.
Files differ the way exports do: column names, date formats, row order.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from tests.decline_wells import Truth, Well, make_well

GOR = 1800.0  # scf/bbl, constant in the hawkins file
WOR = 0.6  # bbl water per bbl oil
YIELD = 25.0  # bbl condensate per MMcf in the gas file


@cache
def hawkins() -> list[Well]:
    specs = (
        ("Hawkins 1H", Truth(900.0, 1.6, 0.9, 0.06), 1, "Karnes", "Eagle Ford", 7500),
        ("Hawkins 2H", Truth(650.0, 1.3, 1.1, 0.06), 1, "Karnes", "Austin Chalk", 10000),
        ("Smith 3H", Truth(1100.0, 2.0, 0.7, 0.06), 2, "DeWitt", "Eagle Ford", 9000),
    )
    return [
        make_well(
            truth,
            name=name,
            months=48,
            start="2021-01-01",
            ramp=ramp,
            attributes={"county": county, "formation": formation, "lateral_ft": lateral},
        )
        for name, truth, ramp, county, formation, lateral in specs
    ]


@cache
def refrac() -> Well:
    return make_well(
        Truth(800.0, 1.8, 0.9, 0.06),
        name="Bluebonnet 4H",
        months=72,
        start="2018-01-01",
        ramp=1,
        refrac=(40, Truth(600.0, 1.5, 1.0, 0.06)),
    )


CURTAILED = {14: 0.3, 18: 0.4, 19: 0.35}  # month index -> share produced (2022-03, 07, 08)


@cache
def curtailed() -> Well:
    well = make_well(
        Truth(700.0, 1.5, 1.0, 0.06), name="Longhorn 7H", months=60, start="2021-01-01", ramp=1
    )
    for index, share in CURTAILED.items():
        well.volumes[index] *= share
    return well


@cache
def steep() -> Well:
    """A well whose true b (1.6) is above the bounds the corpus asks for."""
    return make_well(
        Truth(1000.0, 2.2, 1.6, 0.06), name="Mustang 1H", months=60, start="2020-01-01", ramp=1
    )


@cache
def gas() -> Well:
    return make_well(
        Truth(3000.0, 1.5, 1.0, 0.06), name="Pecos 12H", months=48, start="2021-06-01", ramp=1
    )


@cache
def basin() -> list[Well]:
    wells = []
    for i in range(8):
        county = "Karnes" if i < 4 else "DeWitt"
        start = "2019-01-01" if i % 2 == 0 else "2020-01-01"
        truth = Truth(500.0 + 90.0 * i, 1.2 + 0.1 * i, 0.7 + 0.08 * i, 0.06)
        wells.append(
            make_well(
                truth,
                name=f"Ranger {i + 1}H",
                months=42,
                start=start,
                ramp=1,
                attributes={"county": county, "lateral_ft": 6000 + 750 * i},
            )
        )
    return wells


def _hawkins_frame() -> pd.DataFrame:
    frames = []
    for well in hawkins():
        frame = well.frame()
        frame["gas_mcf"] = frame["oil_bbl"] * GOR / 1000.0
        frame["water_bbl"] = frame["oil_bbl"] * WOR
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _gas_frame() -> pd.DataFrame:
    well = gas()
    return pd.DataFrame(
        {
            "Lease": well.name,
            "Prod Month": well.starts.strftime("%m/%d/%Y"),
            "Gas (mcf)": well.volumes,
            "Cond (bbl)": well.volumes * YIELD / 1000.0,
        }
    ).iloc[::-1]  # newest first, as some exports are


def _frame(key: str) -> pd.DataFrame:
    if key == "hawkins":
        return _hawkins_frame()
    if key == "refrac":
        return refrac().frame()
    if key == "curtailed":
        return curtailed().frame()
    if key == "steep":
        return steep().frame()
    if key == "gas":
        return _gas_frame()
    if key == "basin":
        return pd.concat([w.frame() for w in basin()], ignore_index=True)
    raise KeyError(key)


def upload(key: str) -> tuple[str, bytes]:
    """(file name, CSV bytes) of a corpus history."""
    return f"{key}.csv", _frame(key).to_csv(index=False).encode()


def true_eur(well: Well, *, limit: float | None = None, years: float = 30.0) -> float:
    return well.true_eur(horizon_years=years, limit=limit)


def normalised_eurs(wells: list[Well], *, limit: float | None = None) -> np.ndarray:
    """Each well's true EUR per 1,000 ft of lateral (to the limit, at most 100 years; else
    over 30 years, the builtin agent's horizons)."""
    years = 100.0 if limit is not None else 30.0
    return np.array(
        [
            true_eur(w, limit=limit, years=years) / (w.attributes["lateral_ft"] / 1000.0)
            for w in wells
        ]
    )
