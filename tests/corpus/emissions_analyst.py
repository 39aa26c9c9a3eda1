"""ESG questions as analysts type them (issue 7, points 3 and 6), written for this corpus.

GWP sets named every way, flare efficiency as DRE or combustion efficiency, gas
composition, methane given by mass (t, kg, lb), production in any unit for an intensity
(gas to BOE at a stated factor), the one figure asked for (not the whole inventory
again) and no duplicate rows for a calculation already in the running table. Every
reference is factor x activity worked by hand from the published values written out in
``emissions_reference`` (never the app's factor data).
"""

from __future__ import annotations

import pandas as pd

from tests.corpus.emissions_reference import (
    GWP,
    HOURS,
    KG_PER_LB,
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


def diesel(gallons: float) -> tuple[float, float, float]:
    """Stationary diesel (Table C-1/C-2): 0.138 MMBtu/gal x (73.96, 3.0e-3, 6.0e-4) kg."""
    energy = gallons * 0.138
    return energy * 73.96, energy * 3.0e-3, energy * 6.0e-4


def fuel_gas(scf: float) -> tuple[float, float, float]:
    """Natural gas (Table C-1/C-2): 1.026e-3 MMBtu/scf x (53.06, 1.0e-3, 1.0e-4) kg."""
    energy = scf * 1.026e-3
    return energy * 53.06, energy * 1.0e-3, energy * 1.0e-4


def ch4_only(t_ch4: float) -> tuple[float, float, float]:
    return 0.0, t_ch4 * 1000, 0.0


def carbon_with(x_ch4: float, x_co2: float = 0.02) -> float:
    """Carbon atoms per mole when methane (and CO2) are stated and N2 0.03 stays default:
    the heavier hydrocarbons share the rest 8:4:2:1 (Derrick's stated default split)."""
    rest = 1 - x_ch4 - x_co2 - 0.03
    return x_ch4 + rest * (8 * 2 + 4 * 3 + 2 * 4 + 1 * 5) / 15


def ch4_t_of(gases: tuple[float, float, float]) -> float:
    return gases[1] / 1000


CASES = [
    # --- GWP set, however it is named ------------------------------------------------------------
    Case(
        "flared 8.5 MMcf last month at 99% DRE, AR6 GWPs - what's the CO2e?",
        activities=[{"kind": "flaring", "quantity": 8500}],
        arguments={"gwp": "AR6", "flare_efficiency": 0.99},
        figure="total_tco2e",
        expected=lambda: total(flared(8.5e6, eff=0.99), gwp="AR6"),
        shown=tco2e,
        shows=("AR6",),
    ),
    Case(
        "VENTED 1.8 TONNES OF CH4 FROM THE TANK BATTERY, USE AR4",
        activities=[{"kind": "venting", "quantity": 1.8, "unit": "t"}],
        arguments={"gwp": "AR4"},
        figure="total_tco2e",
        expected=lambda: 1.8 * GWP["AR4"][0],
        shown=tco2e,
    ),
    Case(
        "co2e of 40 intermittent bleed controllers with fifth assessment report gwps (AR5)",
        activities=[{"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent"}],
        arguments={"gwp": "AR5"},
        figure="total_tco2e",
        expected=lambda: total(vented(40 * 13.5 * HOURS)),
        shown=tco2e,
    ),
    Case(
        "2,000,000 kWh of purchased power in ERCOT on an AR6 basis",
        activities=[{"kind": "electricity", "quantity": 2_000_000, "subregion": "ERCOT"}],
        arguments={"gwp": "AR6"},
        figure="scope2_tco2e",
        expected=lambda: total(grid(2000, 771), gwp="AR6"),
        shown=tco2e,
        shows=("ERCT",),
    ),
    Case(
        "we have 12 high-bleed controllers running 8,000 hrs a year, gas is 90% methane, AR6 please",
        activities=[{"kind": "pneumatic_controllers", "count": 12, "bleed": "high", "hours": 8000}],
        arguments={"gwp": "AR6", "gas_composition": {"methane": 0.90}},
        figure="total_tco2e",
        expected=lambda: total(vented(12 * 37.3 * 8000, x_ch4=0.90), gwp="AR6"),
        shown=tco2e,
    ),
    # --- methane given by mass -------------------------------------------------------------------
    Case(
        "we vented 4,000 kg of methane at the compressor station",
        activities=[{"kind": "venting", "quantity": 4000, "unit": "kg"}],
        figure="ch4_t",
        expected=lambda: 4.0,
        shown=tonnes_ch4,
    ),
    Case(
        "tank battery vented 2,500 lb CH4 this quarter, what's that in tCO2e?",
        activities=[{"kind": "venting", "quantity": 2500, "unit": "lb"}],
        figure="total_tco2e",
        expected=lambda: 2500 * KG_PER_LB / 1000 * GWP["AR5"][0],
        shown=tco2e,
    ),
    Case(
        "we released 0.75 t of methane in a blowdown, AR6",
        activities=[{"kind": "venting", "quantity": 0.75, "unit": "t"}],
        arguments={"gwp": "AR6"},
        figure="total_tco2e",
        expected=lambda: 0.75 * GWP["AR6"][0],
        shown=tco2e,
    ),
    # --- flare efficiency and gas composition ----------------------------------------------------
    Case(
        "flared 15,000 mcf at a destruction efficiency of 99.5%",
        activities=[{"kind": "flaring", "quantity": 15_000}],
        arguments={"flare_efficiency": 0.995},
        figure="ch4_t",
        expected=lambda: ch4_t_of(flared(15e6, eff=0.995)),
        shown=tonnes_ch4,
    ),
    Case(
        "Flared 10 MMscf; the gas is 88% methane and 1% CO2, flare efficiency 98%",
        activities=[{"kind": "flaring", "quantity": 10_000}],
        arguments={
            "flare_efficiency": 0.98,
            "gas_composition": {"methane": 0.88, "co2": 0.01},
        },
        figure="total_tco2e",
        expected=lambda: total(
            flared(10e6, x_ch4=0.88, x_co2=0.01, carbon=carbon_with(0.88, 0.01))
        ),
        shown=tco2e,
    ),
    Case(
        "what's the methane slip if we flare 6 MMcf at 96% combustion efficiency",
        activities=[{"kind": "flaring", "quantity": 6000}],
        arguments={"flare_efficiency": 0.96},
        figure="ch4_t",
        expected=lambda: 6e6 * 0.04 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "vented 900 mcf of gas that's 75% methane",
        activities=[{"kind": "venting", "quantity": 900}],
        arguments={"gas_composition": {"methane": 0.75}},
        figure="ch4_t",
        expected=lambda: 900e3 * 0.75 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    # --- the figure asked for, not the whole inventory -------------------------------------------
    Case(
        "just the methane please: 30 intermitent pnuematic controllers",
        activities=[{"kind": "pneumatic_controllers", "count": 30, "bleed": "intermittent"}],
        figure="ch4_t",
        expected=lambda: 30 * 13.5 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "how much CO2 do the generators make burning 20,000 gallons of diesel?",
        activities=[{"kind": "diesel_combustion", "quantity": 20_000}],
        figure="co2_t",
        expected=lambda: diesel(20_000)[0] / 1000,
        shown=lambda v: f"{v:,.1f} t CO2",
    ),
    Case(
        "What's the methane intensity if we vented 1,500 mcf and produced 850 MMcf of gas?",
        activities=[
            {"kind": "venting", "quantity": 1500},
            {"kind": "gas_production", "quantity": 850_000},
        ],
        figure="methane_intensity_of_gas_produced_by_volume",
        expected=lambda: vented(1.5e6)[1] / RHO_CH4 / 850e6,
        shown=pct,
        absent=("| source | category |",),
    ),
    Case(
        "we flared 45 MMcf and produced 3 Bcf this year - flaring intensity?",
        activities=[
            {"kind": "flaring", "quantity": 45_000},
            {"kind": "gas_production", "quantity": 3e6},
        ],
        figure="flaring_intensity_of_gas_produced",
        expected=lambda: 45e6 / 3e9,
        shown=lambda v: pct(v, 2),
        absent=("| source | category |",),
    ),
    Case(
        "scope 2 only: 1,500 MWh of grid power in CAMX",
        activities=[{"kind": "electricity", "quantity": 1_500_000, "subregion": "CAMX"}],
        figure="scope2_tco2e",
        expected=lambda: total(grid(1500, 497)),
        shown=tco2e,
        shows=("CAMX",),
    ),
    # --- production in any unit for intensities (gas to BOE at a stated factor) ------------------
    Case(
        "kg CO2e per BOE if we flared 12,000 mcf and produced 300 Mbbl of oil and 900 MMcf of gas, at 5.8 mcf/boe",
        activities=[
            {"kind": "flaring", "quantity": 12_000},
            {"kind": "oil_production", "quantity": 300_000},
            {"kind": "gas_production", "quantity": 900_000},
        ],
        arguments={"mcf_per_boe": 5.8},
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: total(flared(12e6)) * 1000 / (300_000 + 900_000 / 5.8),
        shown=kg_per_boe,
        shows=("5.8",),
    ),
    Case(
        "carbon intensity: flared 20 MMcf, burned 40,000 gal of diesel; production 500,000 bbl oil and 1.2 Bcf gas (6 Mcf/BOE)",
        activities=[
            {"kind": "flaring", "quantity": 20_000},
            {"kind": "diesel_combustion", "quantity": 40_000},
            {"kind": "oil_production", "quantity": 500_000},
            {"kind": "gas_production", "quantity": 1.2e6},
        ],
        arguments={"mcf_per_boe": 6.0},
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: total(flared(20e6), diesel(40_000)) * 1000 / (500_000 + 1.2e6 / 6),
        shown=kg_per_boe,
    ),
    Case(
        "emissions intensity per boe for 40 high bleed controllers if we produced 1.2 MMBOE",
        activities=[
            {"kind": "pneumatic_controllers", "count": 40, "bleed": "high"},
            {"kind": "boe_production", "quantity": 1.2e6},
        ],
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: total(vented(40 * 37.3 * HOURS)) * 1000 / 1.2e6,
        shown=kg_per_boe,
    ),
    Case(
        "intensity per BOE: we burned 50,000 gal of diesel and produced 2.5 MMcf/d of gas for the year, 6:1 gas to BOE",
        activities=[
            {"kind": "diesel_combustion", "quantity": 50_000},
            {"kind": "gas_production", "quantity": 2500 * 365},
        ],
        arguments={"mcf_per_boe": 6.0},
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: total(diesel(50_000)) * 1000 / (2500 * 365 / 6),
        shown=kg_per_boe,
        shows=("gas production at 2.5 MMcf/d for 365 days: gas production: 912,500 mcf",),
    ),
    # --- each source in analysts' words ----------------------------------------------------------
    Case(
        "Leak survey counted 520 valves, 3,100 connectors, 45 open ended lines and 12 PRVs (western US); methane in tonnes?",
        activities=[
            {"kind": "equipment_leaks", "count": 520, "component": "valve"},
            {"kind": "equipment_leaks", "count": 3100, "component": "connector"},
            {"kind": "equipment_leaks", "count": 45, "component": "open-ended line"},
            {"kind": "equipment_leaks", "count": 12, "component": "pressure relief valve"},
        ],
        arguments={"leak_region": "western"},
        figure="ch4_t",
        expected=lambda: (
            (520 * 0.121 + 3100 * 0.017 + 45 * 0.031 + 12 * 0.193) * HOURS * X_CH4 * RHO_CH4 / 1000
        ),
        shown=tonnes_ch4,
    ),
    Case(
        "2 workovers w/o hydraulic fracturing, gas vented, AR6",
        activities=[{"kind": "workovers", "count": 2, "flared": False}],
        arguments={"gwp": "AR6"},
        figure="total_tco2e",
        expected=lambda: total(vented(2 * 3114), gwp="AR6"),
        shown=tco2e,
    ),
    Case(
        "frac flowback for 48 hrs at 2 MMcf/d, all of it flared at 98% efficiency",
        activities=[
            {
                "kind": "completions",
                "flowback_hours": 48,
                "flowback_rate": 2,
                "flowback_rate_unit": "MMcf/d",
                "flared": True,
            }
        ],
        arguments={"flare_efficiency": 0.98},
        figure="total_tco2e",
        expected=lambda: total(flared(48 * 2e6 / 24)),
        shown=tco2e,
    ),
    Case(
        "our compressors burned 12.5 MMcf of fuel gas last year",
        activities=[{"kind": "natural_gas_combustion", "quantity": 12_500}],
        figure="total_tco2e",
        expected=lambda: total(fuel_gas(12.5e6)),
        shown=tco2e,
    ),
    Case(
        "Tanks: 250,000 bbl throughput, flash factor 40 scf/bbl, VRU captures 98%",
        activities=[
            {
                "kind": "storage_tanks",
                "quantity": 250_000,
                "vent_factor_scf_per_bbl": 40,
                "vru_fraction": 0.98,
            }
        ],
        figure="ch4_t",
        expected=lambda: 250_000 * 40 * 0.02 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "8 gas driven chemical injection pumps running 5,000 hours, AR4",
        activities=[{"kind": "pneumatic_pumps", "count": 8, "hours": 5000}],
        arguments={"gwp": "AR4"},
        figure="total_tco2e",
        expected=lambda: total(vented(8 * 13.3 * 5000), gwp="AR4"),
        shown=tco2e,
    ),
    Case(
        "Scope 1: we flared 3,000 mcf at 98% and vented 500 kg of CH4; also 750 MWh grid power in ERCOT for scope 2",
        activities=[
            {"kind": "flaring", "quantity": 3000},
            {"kind": "venting", "quantity": 500, "unit": "kg"},
            {"kind": "electricity", "quantity": 750_000, "subregion": "ERCOT"},
        ],
        arguments={"flare_efficiency": 0.98},
        figure="scope1_tco2e",
        expected=lambda: total(flared(3e6), ch4_only(0.5)),
        shown=tco2e,
    ),
    # --- files: the figure asked for, from an upload ---------------------------------------------
    Case(
        "what do the tank vapours in my file emit in tCO2e?",
        upload=SAMPLE,
        figure="co2e_t",
        source="Tank vapours",
        expected=lambda: total(vented(sample()["Tank vapours"] * 1000)),
        shown=tco2e,
        absent=("Compressor engines",),
    ),
    Case(
        "scope 2 of the uploaded file with the grid in CAMX, AR6",
        upload=SAMPLE,
        arguments={"grid_subregion": "CAMX", "gwp": "AR6"},
        figure="scope2_tco2e",
        expected=lambda: total(grid(sample()["Purchased electricity"], 497), gwp="AR6"),
        shown=tco2e,
        absent=("Flare stack emissions |",),
    ),
    Case(
        "how much methane does the HP flare in my file emit at 95% efficiency?",
        upload=SAMPLE,
        arguments={"flare_efficiency": 0.95},
        figure="ch4_t",
        source="HP flare",
        expected=lambda: ch4_t_of(flared(sample()["HP flare"] * 1000, eff=0.95)),
        shown=tonnes_ch4,
    ),
    Case(
        "flaring intensity of my file",
        upload=SAMPLE,
        figure="flaring_intensity_of_gas_produced",
        expected=lambda: sample()["HP flare"] / sample()["Gas production"],
        shown=lambda v: pct(v, 2),
        absent=("| source | category |",),
    ),
    # --- no duplicate rows; follow-ups change one figure -------------------------------------------
    Case(
        "we flared 12,000 mcf",
        before=("we flared 12,000 mcf",),
        figure="total_tco2e",
        expected=lambda: total(flared(12e6)),
        shown=tco2e,
        shows=("already in the running table",),
    ),
    Case(
        "and on AR4?",
        before=("flared 5,000 mcf",),
        activities=[{"kind": "flaring", "quantity": 5000}],
        arguments={"gwp": "AR4"},
        figure="total_tco2e",
        expected=lambda: total(flared(5e6), gwp="AR4"),
        shown=tco2e,
    ),
    Case(
        "what if the DRE is 99.5%?",
        before=("we flared 20 MMcf",),
        activities=[{"kind": "flaring", "quantity": 20_000}],
        arguments={"flare_efficiency": 0.995},
        figure="ch4_t",
        expected=lambda: ch4_t_of(flared(20e6, eff=0.995)),
        shown=tonnes_ch4,
    ),
]

# More in the same vein: upper case, rates over a period, US spellings, MMBtu, repeats.
CASES += [
    Case(
        "METHANE EMISSIONS FROM 1,200 LB OF CH4 VENTED AT THE WELLHEAD",
        activities=[{"kind": "venting", "quantity": 1200, "unit": "lb"}],
        figure="ch4_t",
        expected=lambda: 1200 * KG_PER_LB / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "we flared 250 Mcf/d for 30 days at 98% DRE",
        activities=[{"kind": "flaring", "quantity": 250 * 30}],
        arguments={"flare_efficiency": 0.98},
        figure="total_tco2e",
        expected=lambda: total(flared(250e3 * 30)),
        shown=tco2e,
        shows=("flaring at 250 Mcf/d for 30 days: gas flared: 7,500 mcf",),
    ),
    Case(
        "vented 35 mscf from the separator, gas is 70% CH4 and 5% CO2",
        activities=[{"kind": "venting", "quantity": 35}],
        arguments={"gas_composition": {"methane": 0.70, "co2": 0.05}},
        figure="total_tco2e",
        expected=lambda: total(vented(35e3, x_ch4=0.70, x_co2=0.05)),
        shown=tco2e,
    ),
    Case(
        "scope 1 and 2 for 20,000 gal of diesel in the generators and 500 MWh bought in ERCOT",
        activities=[
            {"kind": "diesel_combustion", "quantity": 20_000},
            {"kind": "electricity", "quantity": 500_000, "subregion": "ERCOT"},
        ],
        figure="total_tco2e",
        expected=lambda: total(diesel(20_000), grid(500, 771)),
        shown=tco2e,
    ),
    Case(
        "how much CH4 from 10 high bleed and 20 low bleed controllers?",
        activities=[
            {"kind": "pneumatic_controllers", "count": 10, "bleed": "high"},
            {"kind": "pneumatic_controllers", "count": 20, "bleed": "low"},
        ],
        figure="ch4_t",
        expected=lambda: (10 * 37.3 + 20 * 1.39) * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "tank vapors with no VRU: 50,000 bbl of oil at 20 scf/bbl flash",
        activities=[{"kind": "storage_tanks", "quantity": 50_000, "vent_factor_scf_per_bbl": 20}],
        figure="ch4_t",
        expected=lambda: 50_000 * 20 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "the heater treaters burned 5,000 MMBtu of natural gas",
        activities=[{"kind": "natural_gas_combustion", "quantity": 5000, "unit": "mmbtu"}],
        figure="total_tco2e",
        expected=lambda: total((5000 * 53.06, 5000 * 1.0e-3, 5000 * 1.0e-4)),
        shown=tco2e,
    ),
    Case(
        "methane intensity for 40 intermittent controllers if we produced 1.5 Bcf of gas",
        activities=[
            {"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent"},
            {"kind": "gas_production", "quantity": 1.5e6},
        ],
        figure="methane_intensity_of_gas_produced_by_volume",
        expected=lambda: 40 * 13.5 * HOURS * X_CH4 / 1.5e9,
        shown=pct,
        absent=("| source | category |",),
    ),
    Case(
        "1,200 MWh in ERCOT",
        before=("1,200 MWh in ERCOT",),
        figure="scope2_tco2e",
        expected=lambda: total(grid(1200, 771)),
        shown=tco2e,
        shows=("already in the running table",),
    ),
    Case(
        "and with gas that's 90% methane?",
        before=("we vented 10 MMcf",),
        activities=[{"kind": "venting", "quantity": 10_000}],
        arguments={"gas_composition": {"methane": 0.90}},
        figure="ch4_t",
        expected=lambda: 10e6 * 0.90 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
]

# Tried fresh after the above: each failed to bind before the parser was fixed.
CASES += [
    Case(
        "we flared 1.2 MMscf per day for 2 weeks, what's the CO2e (AR6)?",
        activities=[{"kind": "flaring", "quantity": 1200 * 14}],
        arguments={"gwp": "AR6"},
        figure="total_tco2e",
        expected=lambda: total(flared(1.2e6 * 14), gwp="AR6"),
        shown=tco2e,
        shows=("flaring at 1.2 MMscf/d for 14 days",),
    ),
    Case(
        "what are the emissions from 15 intermittent-bleed pneumatics and 4 pneumatic pumps, both running 8760 hrs?",
        activities=[
            {"kind": "pneumatic_controllers", "count": 15, "hours": 8760},
            {"kind": "pneumatic_pumps", "count": 4, "hours": 8760},
        ],
        figure="total_tco2e",
        expected=lambda: total(vented(15 * 13.5 * 8760), vented(4 * 13.3 * 8760)),
        shown=tco2e,
    ),
    Case(
        "Methane from 2,000 connectors & 150 valves in Eastern US gas service",
        activities=[
            {"kind": "equipment_leaks", "count": 2000, "component": "connector"},
            {"kind": "equipment_leaks", "count": 150, "component": "valve"},
        ],
        arguments={"leak_region": "eastern"},
        figure="ch4_t",
        expected=lambda: (2000 * 0.003 + 150 * 0.027) * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "vented 12.5 tonnes of methane and flared 40 MMcf at 98% DRE, what's the methane total in t?",
        activities=[
            {"kind": "venting", "quantity": 12.5, "unit": "t"},
            {"kind": "flaring", "quantity": 40_000},
        ],
        arguments={"flare_efficiency": 0.98},
        figure="ch4_t",
        expected=lambda: 12.5 + ch4_t_of(flared(40e6)),
        shown=tonnes_ch4,
        shows=("**Methane** from the activity data in your question",),
    ),
    Case(
        "CO2e/boe: 300 MWh in CAMX, produced 80,000 BOE",
        activities=[
            {"kind": "electricity", "quantity": 300_000, "subregion": "CAMX"},
            {"kind": "boe_production", "quantity": 80_000},
        ],
        figure="carbon_intensity_kg_per_boe",
        expected=lambda: total(grid(300, 497)) * 1000 / 80_000,
        shown=kg_per_boe,
    ),
    Case(
        "flared 600 Mcf, gas composition: methane 90%, ethane 5%, propane 2%, CO2 1%, N2 2%",
        activities=[{"kind": "flaring", "quantity": 600}],
        arguments={
            "gas_composition": {
                "methane": 0.90,
                "ethane": 0.05,
                "propane": 0.02,
                "co2": 0.01,
                "n2": 0.02,
            }
        },
        figure="total_tco2e",
        # The analysis adds up to 1: carbon per mole 0.90 + 2 x 0.05 + 3 x 0.02.
        expected=lambda: total(flared(600e3, x_ch4=0.90, x_co2=0.01, carbon=0.90 + 0.10 + 0.06)),
        shown=tco2e,
    ),
    Case(
        "we burned 10,000 litres of diesel",
        activities=[{"kind": "diesel_combustion", "quantity": 10_000}],
        figure="total_tco2e",
        expected=lambda: total(diesel(10_000 / 3.785411784)),
        shown=tco2e,
    ),
]

# The CO2e the module's helpers give, written out for readers checking the arithmetic.
__all__ = ["CASES", "co2e_t"]
