"""Each Subpart W source, combustion and purchased power, in the words analysts use."""

from __future__ import annotations

from tests.corpus.emissions_reference import (
    CARBON,
    HOURS,
    KG_PER_LB,
    RHO_CH4,
    RHO_CO2,
    X_CH4,
    Case,
    flared,
    grid,
    tco2e,
    tonnes_ch4,
    total,
    vented,
)

W1A = "Table W-1A"

CASES = [
    # --- pneumatic controllers (Eq. W-1, Table W-1A by bleed type) ---------------------
    Case(
        "we have 40 intermittent-bleed controllers",
        activities=[{"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent"}],
        figure="ch4_t",
        expected=lambda: 40 * 13.5 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=(W1A, "OGMP 2.0 level 3", "8,760 h"),
    ),
    Case(
        "We run 40 intermittent bleed pneumatic controllers and 12 high-bleed ones on the North pad, what are the emissions?",
        activities=[
            {"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent"},
            {"kind": "pneumatic_controllers", "count": 12, "bleed": "high"},
        ],
        figure="total_tco2e",
        expected=lambda: total(vented(40 * 13.5 * HOURS), vented(12 * 37.3 * HOURS)),
        shown=tco2e,
        shows=(W1A,),
    ),
    Case(
        "how much methane do our 25 low bleed pneumatics vent in a year?",
        activities=[{"kind": "pneumatic_controllers", "count": 25, "bleed": "low"}],
        figure="ch4_t",
        expected=lambda: 25 * 1.39 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "INTERMITENT BLEED PNEUMATIC CONTROLLERS: 40 OF THEM, 6000 HOURS EACH",
        activities=[
            {"kind": "pneumatic_controllers", "count": 40, "bleed": "intermittent", "hours": 6000}
        ],
        figure="ch4_t",
        expected=lambda: 40 * 13.5 * 6000 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        absent=("8,760 h",),
    ),
    Case(
        "18 hi-bleed pnuematic controllers, gas is 85% methane",
        activities=[{"kind": "pneumatic_controllers", "count": 18, "bleed": "high"}],
        arguments={"gas_composition": {"methane": 0.85}},
        figure="ch4_t",
        expected=lambda: 18 * 37.3 * HOURS * 0.85 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    # --- pneumatic pumps (Eq. W-2) --------------------------------------------------------
    Case(
        "6 gas-driven chemical injection pumps",
        activities=[{"kind": "pneumatic_pumps", "count": 6}],
        figure="ch4_t",
        expected=lambda: 6 * 13.3 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=(W1A,),
    ),
    Case(
        "emissions from 5 pneumatic pumps that ran 4,000 hrs",
        activities=[{"kind": "pneumatic_pumps", "count": 5, "hours": 4000}],
        figure="total_tco2e",
        expected=lambda: total(vented(5 * 13.3 * 4000)),
        shown=tco2e,
    ),
    # --- equipment leaks by component count (Eq. W-32A) -----------------------------------
    Case(
        "we have 300 valves and 1,200 connectors in gas service",
        activities=[
            {"kind": "equipment_leaks", "count": 300, "component": "valve"},
            {"kind": "equipment_leaks", "count": 1200, "component": "connector"},
        ],
        figure="ch4_t",
        expected=lambda: (300 * 0.121 + 1200 * 0.017) * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=("Western U.S.",),
    ),
    Case(
        "fugitives: 450 valves, 2,000 connectors and 30 open-ended lines, Eastern US",
        activities=[
            {"kind": "equipment_leaks", "count": 450, "component": "valve"},
            {"kind": "equipment_leaks", "count": 2000, "component": "connector"},
            {"kind": "equipment_leaks", "count": 30, "component": "open-ended line"},
        ],
        arguments={"leak_region": "eastern"},
        figure="ch4_t",
        expected=lambda: (450 * 0.027 + 2000 * 0.003 + 30 * 0.061) * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "leaks from 40 PRVs in the western us",
        activities=[{"kind": "equipment_leaks", "count": 40, "component": "pressure relief valve"}],
        arguments={"leak_region": "western"},
        figure="ch4_t",
        expected=lambda: 40 * 0.193 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "100 valves in light crude service, what's the leak methane?",
        activities=[
            {
                "kind": "equipment_leaks",
                "count": 100,
                "component": "valve",
                "service": "light_crude",
            }
        ],
        figure="ch4_t",
        expected=lambda: 100 * 0.05 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=("checked before",),
    ),
    # --- workovers (Eq. W-13A), completions (W-10A), blowdowns (W-14A) --------------------
    Case(
        "3 workovers without fracturing, vented",
        activities=[{"kind": "workovers", "count": 3, "flared": False}],
        figure="ch4_t",
        expected=lambda: 3 * 3114 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=("98.233(h)",),
    ),
    Case(
        "we did 8 workovers this year and flared the gas",
        activities=[{"kind": "workovers", "count": 8, "flared": True}],
        figure="total_tco2e",
        expected=lambda: total(flared(8 * 3114)),
        shown=tco2e,
    ),
    Case(
        "frac flowback of 72 hours at 1.5 MMcf/d, flared at 98%",
        activities=[
            {
                "kind": "completions",
                "flowback_hours": 72,
                "flowback_rate": 1.5,
                "flowback_rate_unit": "MMcf/d",
                "flared": True,
            }
        ],
        arguments={"flare_efficiency": 0.98},
        figure="total_tco2e",
        expected=lambda: total(flared(72 * 1.5e6 / 24)),
        shown=tco2e,
        shows=("98.233(g)",),
    ),
    Case(
        "completion flowback ran 3 days at 1,500 Mcfd, vented, and 3 MMcf went to sales",
        activities=[
            {
                "kind": "completions",
                "flowback_hours": 72,
                "flowback_rate": 1500,
                "flowback_rate_unit": "Mcf/d",
                "recovered_scf": 3e6,
                "flared": False,
            }
        ],
        figure="ch4_t",
        expected=lambda: (72 * 1.5e6 / 24 - 3e6) * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "4 blowdowns of a 500 cubic foot vessel at 800 psig",
        activities=[
            {
                "kind": "blowdowns",
                "count": 4,
                "volume_ft3": 500,
                "pressure": 800,
                "pressure_unit": "psig",
            }
        ],
        figure="ch4_t",
        expected=lambda: (
            4 * 500 * (459.67 + 60) * 814.7 / ((459.67 + 60) * 14.7) * X_CH4 * RHO_CH4 / 1000
        ),
        shown=tonnes_ch4,
        shows=("98.233(i)",),
    ),
    Case(
        "we blew down 1,200 ft3 of pipeline 6 times at 650 psia and 90 F",
        activities=[
            {
                "kind": "blowdowns",
                "count": 6,
                "volume_ft3": 1200,
                "pressure": 650,
                "temperature_f": 90,
            }
        ],
        figure="ch4_t",
        expected=lambda: 6 * 1200 * 519.67 * 650 / ((459.67 + 90) * 14.7) * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    # --- liquids unloading (Eq. W-8, W-9) ---------------------------------------------------
    Case(
        "liquids unloading: 12 unloadings on an 8,000 ft well with 4.5 in casing, 300 psia shut-in, venting 2,000 scf/h for 3 hours each",
        activities=[
            {
                "kind": "liquids_unloading",
                "count": 12,
                "depth_ft": 8000,
                "diameter_in": 4.5,
                "shut_in_pressure": 300,
                "flow_rate": 2000,
                "hours_per_unloading": 3,
            }
        ],
        figure="ch4_t",
        expected=lambda: (
            (0.37e-3 * 4.5**2 * 8000 * 300 * 12 + 2000 * 2 * 12) * X_CH4 * RHO_CH4 / 1000
        ),
        shown=tonnes_ch4,
        shows=("Eq. W-8",),
    ),
    Case(
        "plunger lift well unloaded 100 times, 2.375 in tubing, 7,000 ft deep, shut-in pressure 250 psia",
        activities=[
            {
                "kind": "liquids_unloading",
                "count": 100,
                "plunger_lift": True,
                "diameter_in": 2.375,
                "depth_ft": 7000,
                "shut_in_pressure": 250,
            }
        ],
        figure="ch4_t",
        expected=lambda: 0.37e-3 * 2.375**2 * 7000 * 250 * 100 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=("Eq. W-9",),
    ),
    # --- storage tanks (98.233(j)) ----------------------------------------------------------
    Case(
        "100,000 bbl went through the tanks with 30 scf/bbl of flash gas, 50% of it to a flare",
        activities=[
            {
                "kind": "storage_tanks",
                "quantity": 100_000,
                "unit": "bbl",
                "vent_factor_scf_per_bbl": 30,
                "flare_fraction": 0.5,
            }
        ],
        figure="total_tco2e",
        expected=lambda: total(vented(1.5e6), flared(1.5e6)),
        shown=tco2e,
        shows=("98.233(j)",),
    ),
    Case(
        "tank flash of 25 scf/bbl on 80,000 bbl of oil, the VRU captures 95%",
        activities=[
            {
                "kind": "storage_tanks",
                "quantity": 80_000,
                "vent_factor_scf_per_bbl": 25,
                "vru_fraction": 0.95,
            }
        ],
        figure="ch4_t",
        expected=lambda: 80_000 * 25 * 0.05 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    # --- flares and venting -------------------------------------------------------------------
    Case(
        "we flared 12,000 mcf at 95% combustion efficiency",
        activities=[{"kind": "flaring", "quantity": 12_000, "unit": "mcf"}],
        arguments={"flare_efficiency": 0.95},
        figure="ch4_t",
        expected=lambda: 12e6 * 0.05 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
        shows=("98.233(n)",),
    ),
    Case(
        "Flared 20 MMcf of gas that is 85% methane and 1.5% CO2 last quarter",
        activities=[{"kind": "flaring", "quantity": 20_000, "unit": "mcf"}],
        arguments={"gas_composition": {"methane": 0.85, "co2": 0.015}},
        figure="ch4_t",
        expected=lambda: 20e6 * 0.02 * 0.85 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "we vented 3.2 t of methane",
        activities=[{"kind": "venting", "quantity": 3.2, "unit": "t"}],
        figure="ch4_t",
        expected=lambda: 3.2,
        shown=tonnes_ch4,
        shows=("OGMP 2.0 level 4",),
    ),
    Case(
        "Vented 2,150 mcf of tank vapours and 1,380 mcf from pneumatics",
        activities=[
            {"kind": "venting", "quantity": 2150, "unit": "mcf"},
            {"kind": "venting", "quantity": 1380, "unit": "mcf"},
        ],
        figure="ch4_t",
        expected=lambda: (2150 + 1380) * 1000 * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    # --- combustion ------------------------------------------------------------------------------
    Case(
        "we flared 12,000 mcf and burned 30,000 gallons of diesel last year, what are our emissions?",
        activities=[
            {"kind": "flaring", "quantity": 12_000, "unit": "mcf"},
            {"kind": "diesel_combustion", "quantity": 30_000, "unit": "gal"},
        ],
        figure="total_tco2e",
        expected=lambda: total(
            flared(12e6), (30_000 * 0.138 * 73.96, 30_000 * 0.138 * 3e-3, 30_000 * 0.138 * 6e-4)
        ),
        shown=tco2e,
        shows=("Table C-1",),
    ),
    Case(
        "our compressors burned 41,800 mcf of fuel gas",
        activities=[{"kind": "natural_gas_combustion", "quantity": 41_800, "unit": "mcf"}],
        figure="total_tco2e",
        expected=lambda: co2e_ng(41_800e3),
        shown=tco2e,
    ),
    Case(
        "the frac fleet and haul trucks used 50,000 gal of diesel",
        activities=[
            {"kind": "mobile_combustion", "quantity": 50_000, "unit": "gal", "fuel": "diesel"}
        ],
        figure="co2_t",
        expected=lambda: 50_000 * 10.21 / 1000,
        shown=lambda v: f"{v:,.1f} t CO2",
    ),
    # --- purchased electricity (Scope 2) ---------------------------------------------------------
    Case(
        "1,200 MWh in ERCOT",
        activities=[
            {"kind": "electricity", "quantity": 1_200_000, "unit": "kWh", "subregion": "ERCOT"}
        ],
        figure="scope2_tco2e",
        expected=lambda: total(grid(1200, 771)),
        shown=tco2e,
        shows=("eGRID2022", "ERCT"),
    ),
    Case(
        "we bought 2.5 GWh of grid power in CAMX; our supplier's rate is 0.3 t/MWh",
        activities=[
            {"kind": "electricity", "quantity": 2_500_000, "unit": "kWh", "subregion": "CAMX"}
        ],
        arguments={"supplier_factor_kg_per_mwh": 300},
        figure="scope2_market_tco2e",
        expected=lambda: 2500 * 300 / 1000,
        shown=tco2e,
        shows=("market-based",),
    ),
    Case(
        "3,240 MWh of purchased electricity at a grid factor of 400 kg/MWh",
        activities=[{"kind": "electricity", "quantity": 3_240_000, "unit": "kWh"}],
        arguments={"grid_factor_kg_per_mwh": 400},
        figure="scope2_tco2e",
        expected=lambda: 3240 * 400 / 1000,
        shown=tco2e,
    ),
    Case(
        "used 500,000 kWh from the grid, no region given",
        activities=[{"kind": "electricity", "quantity": 500_000, "unit": "kWh"}],
        figure="scope2_tco2e",
        expected=lambda: total(grid(500, 823.1)),
        shown=tco2e,
        shows=("U.S. average",),
    ),
]


def co2e_ng(scf: float, gwp: str = "AR5") -> float:
    """Table C-1/C-2 natural gas: scf x 1.026e-3 MMBtu/scf x (53.06, 1.0e-3, 1.0e-4) kg."""
    energy = scf * 1.026e-3
    ch4, n2o = {"AR5": (28, 265), "AR6": (29.8, 273)}[gwp]
    return (energy * 53.06 + ch4 * energy * 1e-3 + n2o * energy * 1e-4) / 1000


# Keep the module's helpers visible to readers checking the arithmetic.
__all__ = ["CARBON", "CASES", "KG_PER_LB", "RHO_CO2"]


# Long, several figures in one clause, typos and upper case.
CASES += [
    Case(
        "Scope 1 for the pads: we burned 41,800 mcf of fuel gas in compressors, flared 37,900 mcf at 98% DRE and vented 2,150 mcf of tank vapours; gas is 82% methane, 2% CO2; use AR6",
        activities=[
            {"kind": "natural_gas_combustion", "quantity": 41_800},
            {"kind": "flaring", "quantity": 37_900},
            {"kind": "venting", "quantity": 2150},
        ],
        arguments={
            "gwp": "AR6",
            "flare_efficiency": 0.98,
            "gas_composition": {"methane": 0.82, "co2": 0.02},
        },
        figure="scope1_tco2e",
        expected=lambda: (
            co2e_ng(41_800e3, gwp="AR6")
            + total(
                flared(37_900e3, x_ch4=0.82, carbon=_carbon_with(0.82)),
                vented(2_150e3, x_ch4=0.82),
                gwp="AR6",
            )
        ),
        shown=tco2e,
        shows=("Table C-1", "98.233(n)", "Atmospheric storage tanks"),
    ),
    Case(
        "how many tonnes of CO2e from 1.2 GWh of grid power in SRSO?",
        activities=[{"kind": "electricity", "quantity": 1_200_000, "subregion": "SRSO"}],
        figure="scope2_tco2e",
        expected=lambda: total(grid(1200, 875)),
        shown=tco2e,
    ),
    Case(
        "WE HAVE 12 HIGH BLEED CONTROLLERS",
        activities=[{"kind": "pneumatic_controllers", "count": 12, "bleed": "high"}],
        figure="ch4_t",
        expected=lambda: 12 * 37.3 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
    Case(
        "methane emissions from 300 valves in gas service, eastern U.S.",
        activities=[
            {"kind": "equipment_leaks", "count": 300, "component": "valve", "service": "gas"}
        ],
        arguments={"leak_region": "eastern"},
        figure="ch4_t",
        expected=lambda: 300 * 0.027 * HOURS * X_CH4 * RHO_CH4 / 1000,
        shown=tonnes_ch4,
    ),
]


def _carbon_with(x_ch4: float) -> float:
    """Carbon atoms per mole when methane is stated and CO2 0.02, N2 0.03 stay default:
    the heavier hydrocarbons share the rest 8:4:2:1 (Derrick's default proportions)."""
    rest = 1 - x_ch4 - 0.02 - 0.03
    share = {2: 8 / 15, 3: 4 / 15, 4: 2 / 15, 5: 1 / 15}
    return x_ch4 + sum(rest * w * c for c, w in share.items())
