"""Published factors written out for the emissions corpus, and the case shape.

Values are typed from their tables (never read from the app's factor data):
Table W-1A (40 CFR 98 Subpart W, 2016): pneumatic devices high 37.3, intermittent 13.5,
low 1.39 scf/h; pneumatic pumps 13.3 scf/h; gas-service leaks Western valve 0.121,
connector 0.017, open-ended line 0.031, PRV 0.193; Eastern valve 0.027, connector 0.003,
open-ended line 0.061, PRV 0.040; light crude valve 0.05 scf/h. 98.233(v): CH4 0.0192,
CO2 0.0526 kg/scf. 98.233(n): efficiency 0.98, N2O 1.0e-4 kg/MMBtu at 1.235e-3 MMBtu/scf.
Eq. W-13A: 3,114 scf per workover. Eq. W-8/W-9: 0.37e-3. Table C-1/C-2 (Subpart C, 2013):
natural gas 1.026e-3 MMBtu/scf, 53.06 kg CO2, 1.0e-3 kg CH4, 1.0e-4 kg N2O per MMBtu;
diesel 0.138 MMBtu/gal, 73.96 kg CO2, 3.0e-3 / 6.0e-4 (petroleum). EPA Hub: diesel 10.21
kg CO2/gal; non-road construction 0.57 g CH4, 0.26 g N2O per gal. eGRID2022 (as entered):
ERCT 771, CAMX 497, US 823.1 lb CO2/MWh; CH4 0.066, N2O 0.009 lb/MWh. GWP-100: AR4 25/298,
AR5 28/265, AR6 29.8/273.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RHO_CH4, RHO_CO2 = 0.0192, 0.0526
HOURS = 8760
KG_PER_LB = 0.45359237
GWP = {"AR4": (25.0, 298.0), "AR5": (28.0, 265.0), "AR6": (29.8, 273.0)}
# Derrick's stated default associated gas (the corpus checks it is applied and named).
X_CH4, X_CO2 = 0.80, 0.02
CARBON = 0.80 + 0.08 * 2 + 0.04 * 3 + 0.02 * 4 + 0.01 * 5


def co2e_t(co2_kg: float, ch4_kg: float, n2o_kg: float = 0.0, gwp: str = "AR5") -> float:
    ch4, n2o = GWP[gwp]
    return (co2_kg + ch4 * ch4_kg + n2o * n2o_kg) / 1000


def vented(scf: float, x_ch4: float = X_CH4, x_co2: float = X_CO2) -> tuple[float, float, float]:
    """(CO2, CH4, N2O) kg of ``scf`` of whole gas released."""
    return scf * x_co2 * RHO_CO2, scf * x_ch4 * RHO_CH4, 0.0


def flared(
    scf: float,
    eff: float = 0.98,
    x_ch4: float = X_CH4,
    x_co2: float = X_CO2,
    carbon: float = CARBON,
) -> tuple[float, float, float]:
    """(CO2, CH4, N2O) kg of ``scf`` burned in a flare (Eq. W-39A/B, W-40)."""
    return (
        (scf * eff * carbon + scf * x_co2) * RHO_CO2,
        scf * (1 - eff) * x_ch4 * RHO_CH4,
        scf * 1.235e-3 * 1.0e-4,
    )


def grid(mwh: float, lb_co2: float) -> tuple[float, float, float]:
    return mwh * lb_co2 * KG_PER_LB, mwh * 0.066 * KG_PER_LB, mwh * 0.009 * KG_PER_LB


def total(*gases: tuple[float, float, float], gwp: str = "AR5") -> float:
    return sum(co2e_t(*g, gwp=gwp) for g in gases)


@dataclass(frozen=True)
class Case:
    """One phrasing: what the builtin must bind and the figure it must report.

    ``activities`` are matched in order, each expected dict a subset of the tool call's
    activity; ``arguments`` a subset of the call's other arguments. ``figure`` is the
    result key checked against ``expected()`` and ``shown(value)`` the text the answer
    must contain; ``shows`` more strings (citations, definitions) it must contain.
    ``before`` are earlier questions; ``upload`` a sample file uploaded first.
    ``unused`` are figures the answer may list as not used (with a reason); ``absent``
    strings it must not contain (the whole inventory when one figure was asked).
    """

    question: str
    figure: str
    expected: Callable[[], float]
    shown: Callable[[float], str]
    activities: list[dict[str, Any]] = field(default_factory=list)
    arguments: dict[str, Any] = field(default_factory=dict)
    shows: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    upload: str | None = None
    kind: str = "emissions_inventory"
    tool: str = "emissions_inventory"
    unused: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    source: str | None = None  # ``figure`` summed over the result's lines of this source


def tco2e(value: float) -> str:
    return f"{value:,.1f} tCO2e"


def tonnes_ch4(value: float) -> str:
    return f"{value:,.3f} t CH4"


def kg_per_boe(value: float) -> str:
    return f"{value:.2f} kg CO2e/BOE"


def pct(value: float, digits: int = 3) -> str:
    return f"{100 * value:.{digits}f}%"
