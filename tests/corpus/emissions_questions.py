"""GWP sets, production for intensities, the figure asked for, files, follow-ups, reports."""

from __future__ import annotations

import pandas as pd

from tests.corpus.emissions_reference import (
    HOURS,
    RHO_CH4,
    X_CH4,
    Case,
    co2e_t,
    flared,
    grid,
    kg_per_boe,
    pct,
    tco2e,
    tonnes_ch4,
    total,
    vented,
)

SAMPLE = "samples/emissions_activity.csv"


def sample() -> dict[str, float]:
    frame = pd.read_csv(SAMPLE)
    return dict(zip(frame["source"], frame["quantity"], strict=True))


def sample_scope1(gwp: str = "AR5") -> tuple[float, float]:
    """(Scope 1 tCO2e, Scope 1 CH4 kg) of the sample activity file, by hand."""
    q = sample()
    gas = (q["Compressor engines"] + q["Heater treaters"]) * 1000 * 1.026e-3
    liquid = (q["Generator"] + q["Workover rig engines"]) * 0.138
    propane = q["Line heaters"] * 0.091
    flare = flared(q["HP flare"] * 1000)
    vent = vented((q["Tank vapours"] + q["Pneumatic controllers"]) * 1000)
    co2 = gas * 53.06 + liquid * 73.96 + propane * 62.87 + flare[0] + vent[0]
    ch4 = gas * 1e-3 + (liquid + propane) * 3e-3 + flare[1] + vent[1]
    n2o = gas * 1e-4 + (liquid + propane) * 6e-4 + flare[2]
    return co2e_t(co2, ch4, n2o, gwp), ch4


def sample_scope2(gwp: str = "AR5") -> float:
    return total(grid(sample()["Purchased electricity"], 823.1), gwp=gwp)


CONTROLLERS = 40 * 13.5 * HOURS  # scf a year of 40 intermittent-bleed controllers

CASES = [
    # --- one GWP set, named or default -------------------------------------------------------
    Case(
        "we have 40 intermittent-bleed controllers, using AR6",
        activities=[{"kind": "pneumatic_controllers", "count": 40}],
        arguments={"gwp": "AR6"},
        figure="total_tco2e",
        expected=lambda: total(vented(CONTROLLERS), gwp="AR6"),
        shown=tco2e,
        shows=("AR6", "29.8", "Table 7.15"),
    ),
    Case(
        "flared 5,000 mcf, AR4 GWPs please",
        activities=[{"kind": "flaring", "quantity": 5000}],
        arguments={"gwp": "AR4"},
        figure="total_tco2e",
        expected=lambda: total(flared(5e6), gwp="AR4"),
        shown=tco2e,
        shows=("Table 2.14",),
    ),
    Case(
        "emissions of 40 intermittent bleed controllers on an ar5 basis",
        activities=[{"kind": "pneumatic_controllers", "count": 40}],
        arguments={"gwp": "AR5"},
        figure="total_tco2e",
        expected=lambda: total(vented(CONTROLLERS)),
        shown=tco2e,
    ),
    Case(
        "we have 40 intermittent-bleed controllers",
        before=("we have 40 intermittent-bleed controllers",),
        figure="total_tco2e",
        expected=lambda: total(vented(CONTROLLERS)),
        shown=tco2e,
        shows=("already in the running table",),
    ),
    Case(
        "and using AR6?",
        before=("we have 40 intermittent-bleed controllers",),
        activities=[{"kind": "pneumatic_controllers", "count": 40}],
        arguments={"gwp": "AR6"},
        figure="total_tco2e",
        expected=lambda: total(vented(CONTROLLERS), gwp="AR6"),
        shown=tco2e,
    ),
    Case(
        "what if the flare efficiency is 95% instead",
        before=("we flared 12,000 mcf",),
        activities=[{"kind": "flaring", "quantity": 12_000}],
        arguments={"flare_efficiency": 0.95},
        figure="ch4_t",
        expected=lambda: 12e6 * 0.05 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    # --- the figure asked for ---------------------------------------------------------------------
    Case(
        "what's the methane intensity if we flared 20 MMcf and vented 2,000 mcf, producing 2.4 Bcf of gas?",
        activities=[
            {"kind": "flaring", "quantity": 20_000},
            {"kind": "venting", "quantity": 2000},
            {"kind": "gas_production", "quantity": 2.4e6},
        ],
        figure="methane_intensity_of_gas_produced_by_volume",
        expected=lambda: (flared(20e6)[1] + vented(2e6)[1]) / RHO_CH4 / 2.4e9,
        shown=pct,
        shows=("divided by the volume of natural gas produced",),
        absent=("| source | category |",),
    ),
    Case(
        "what's our methane intensity?",
        upload=SAMPLE,
        figure="methane_intensity_of_gas_produced_by_volume",
        expected=lambda: sample_scope1()[1] / RHO_CH4 / (sample()["Gas production"] * 1000),
        shown=pct,
        shows=("divided by the volume of natural gas produced", "of the methane produced"),
        absent=("| source | category |",),
    ),
    Case(
        "what's our flaring intensity?",
        upload=SAMPLE,
        figure="flaring_intensity_of_gas_produced",
        expected=lambda: sample()["HP flare"] / sample()["Gas production"],
        shown=lambda v: pct(v, 2),
        shows=("gas flared divided by the gas produced",),
        absent=("| source | category |",),
    ),
    Case(
        "carbon intensity per BOE of my file",
        upload=SAMPLE,
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: (
            (sample_scope1()[0] + sample_scope2())
            * 1000
            / (sample()["Oil production"] + sample()["Gas production"] / 6)
        ),
        shown=kg_per_boe,
        shows=("BOE = bbl + Mcf / 6",),
    ),
    Case(
        "carbon intensity of the file if we produced 1.1 MMbbl of oil and 2.4 Bcf of gas, at 5.8 Mcf per BOE",
        upload=SAMPLE,
        arguments={"mcf_per_boe": 5.8},
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: (sample_scope1()[0] + sample_scope2()) * 1000 / (1.1e6 + 2.4e6 / 5.8),
        shown=kg_per_boe,
        shows=("5.8", "replaces the file's production lines"),
    ),
    Case(
        "what are the emissions in my file? use AR6",
        upload=SAMPLE,
        arguments={"gwp": "AR6"},
        figure="scope1_tco2e",
        expected=lambda: sample_scope1("AR6")[0],
        shown=tco2e,
        shows=("Natural gas pneumatic device venting", "98.233(n)", "OGMP"),
    ),
    Case(
        "just the scope 2 of my file, the power is in ERCOT",
        upload=SAMPLE,
        arguments={"grid_subregion": "ERCOT"},
        figure="scope2_tco2e",
        expected=lambda: total(grid(sample()["Purchased electricity"], 771)),
        shown=tco2e,
        shows=("ERCT", "location-based"),
        absent=("Flare stack emissions |",),
    ),
    Case(
        "how much methane do the pneumatic controllers in my file emit?",
        upload=SAMPLE,
        figure="ch4_t",
        source="Pneumatic controllers",
        expected=lambda: sample()["Pneumatic controllers"] * 1000 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=("Pneumatic controllers",),
        absent=("Compressor engines",),
    ),
    Case(
        "export the emissions inventory of my file as a GHGRP report",
        upload=SAMPLE,
        kind="emissions_report",
        tool="emissions_report",
        figure="total_tco2e",
        expected=lambda: sample_scope1()[0] + sample_scope2(),
        shown=lambda v: f"{v:,.1f} mt CO2e",
        shows=("CSV", "XLSX"),
    ),
    Case(
        "give me the inventory as an excel file",
        before=("we have 40 intermittent-bleed controllers",),
        kind="emissions_report",
        tool="emissions_report",
        arguments={"formats": ["xlsx"]},
        figure="total_tco2e",
        expected=lambda: total(vented(CONTROLLERS)),
        shown=lambda v: f"{v:,.1f} mt CO2e",
        shows=("XLSX",),
    ),
]
