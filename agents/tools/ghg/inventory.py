"""An inventory: every activity through its method, one GWP set, totals and intensities.

Totals are sums of the lines (by scope, source category, gas, facility, well); Scope 2
is location-based in the totals and market-based beside them (GHG Protocol dual
reporting). Intensities name their definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from agents.tools.ghg import combustion, subpart_w, units
from agents.tools.ghg.factors import Factor, document, factor, ogmp_level_text
from agents.tools.ghg.model import Activity, Line, input_item
from agents.tools.ghg.settings import Settings, fraction_of
from agents.tools.registry import ToolError

METHODS: dict[str, Callable[[Activity, Settings], Line]] = {
    "stationary_combustion": combustion.stationary_combustion,
    "mobile_combustion": combustion.mobile_combustion,
    "electricity": combustion.electricity,
    "flaring": subpart_w.flaring,
    "venting": subpart_w.venting,
    "pneumatic_controllers": subpart_w.pneumatic_devices,
    "pneumatic_pumps": subpart_w.pneumatic_pumps,
    "equipment_leaks": subpart_w.equipment_leaks,
    "storage_tanks": subpart_w.storage_tanks,
    "completions": subpart_w.completions,
    "workovers": subpart_w.workovers,
    "blowdowns": subpart_w.blowdowns,
    "liquids_unloading": subpart_w.liquids_unloading,
}
GASES = ("co2", "ch4", "n2o")
DEFAULT_MCF_PER_BOE = 6.0

METHANE_INTENSITY_DEFINITION = (
    "methane intensity = Scope 1 CH4 emitted, as a volume at 60 F and 14.7 psia (0.0192 kg/scf), "
    "divided by the volume of natural gas produced"
)
METHANE_OF_METHANE_DEFINITION = (
    "methane emitted as a share of the methane produced (gas produced x its CH4 mole fraction)"
)
FLARING_INTENSITY_DEFINITION = (
    "flaring intensity = gas flared divided by the gas produced (volumes)"
)


@dataclass
class Production:
    oil_bbl: float = 0.0
    gas_mcf: float = 0.0
    boe_direct: float = 0.0
    mcf_per_boe: float = DEFAULT_MCF_PER_BOE
    mcf_per_boe_stated: bool = False
    inputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def boe(self) -> float:
        return self.oil_bbl + self.gas_mcf / self.mcf_per_boe + self.boe_direct

    def add(self, kind: str, quantity: float, unit: str, item: dict[str, Any]) -> None:
        if quantity < 0:
            raise ToolError("Production cannot be negative.")
        if kind == "oil_production":
            self.oil_bbl += units.oil_bbl(quantity, unit or "bbl")
        elif kind == "gas_production":
            self.gas_mcf += units.gas_scf(quantity, unit or "mcf") / 1000.0
        elif kind == "boe_production":
            self.boe_direct += units.boe(quantity, unit or "boe")
        else:
            raise ToolError(f"Unknown production kind {kind!r}.")
        self.inputs.append(item)


@dataclass
class Inventory:
    lines: list[Line]
    settings: Settings
    production: Production
    assumptions: list[str] = field(default_factory=list)

    # ----------------------------------------------------------------- per line
    def co2e_kg(self, line: Line, gases: dict[str, float] | None = None) -> float:
        g = gases or {"co2": line.co2_kg, "ch4": line.ch4_kg, "n2o": line.n2o_kg}
        s = self.settings.gwp
        return g["co2"] * s.co2.value + g["ch4"] * s.ch4.value + g["n2o"] * s.n2o.value

    def line_range(self, line: Line) -> tuple[float, float, str] | None:
        """(low, high) kg CO2e and what makes the range: a stated activity uncertainty, the
        GWP set's published range; None when neither gives one."""
        gwp = self.settings.gwp
        u = line.relative_uncertainty or 0.0
        ranged = [f for f in (gwp.ch4, gwp.n2o) if f.uncertainty]
        has_non_co2 = line.ch4_kg > 0 or line.n2o_kg > 0
        if not u and not (ranged and has_non_co2):
            return None
        low = high = line.co2_kg
        for gas, f in (("ch4", gwp.ch4), ("n2o", gwp.n2o)):
            mass = getattr(line, f"{gas}_kg")
            lo, hi = (
                (f.uncertainty["low"], f.uncertainty["high"])
                if f.uncertainty
                else (f.value, f.value)
            )
            low += mass * lo
            high += mass * hi
        basis = []
        if u:
            basis.append(f"activity +/-{u:.0%} (stated)")
        if ranged and has_non_co2:
            basis.append("; ".join(f.uncertainty["basis"] for f in ranged))
        return low * (1 - u), high * (1 + u), "; ".join(basis)

    # ----------------------------------------------------------------- tables
    def frame(self) -> pd.DataFrame:
        rows = []
        for line in self.lines:
            ranged = self.line_range(line)
            rows.append(
                {
                    "source": line.source,
                    "facility": line.facility,
                    "well": line.well,
                    "scope": line.scope,
                    "category": line.category,
                    "ghgrp_source": line.ghgrp_source,
                    "method": line.section,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "energy_mmbtu": line.energy_mmbtu,
                    "co2_t": line.co2_kg / 1000,
                    "ch4_t": line.ch4_kg / 1000,
                    "n2o_t": line.n2o_kg / 1000,
                    "co2e_t": self.co2e_kg(line) / 1000,
                    "co2e_market_t": self.co2e_kg(line, line.market_gases) / 1000
                    if line.market_gases is not None
                    else None,
                    "co2e_low_t": ranged[0] / 1000 if ranged else None,
                    "co2e_high_t": ranged[1] / 1000 if ranged else None,
                    "ogmp_level": line.ogmp_level,
                    "calculation": line.calculation,
                    "factors": line.citations(),
                }
            )
        return pd.DataFrame(rows, columns=FRAME_COLUMNS)

    def _sum(self, lines: list[Line]) -> dict[str, float]:
        out = {f"{g}_t": sum(getattr(x, f"{g}_kg") for x in lines) / 1000 for g in GASES}
        out["co2e_t"] = sum(self.co2e_kg(x) for x in lines) / 1000
        return out

    def grouped(self, key: Callable[[Line], Any], label: str) -> list[dict[str, Any]]:
        groups: dict[Any, list[Line]] = {}
        for line in self.lines:
            groups.setdefault(key(line), []).append(line)
        return [
            {label: name, **self._sum(members)}
            for name, members in groups.items()
            if name is not None
        ]

    def totals(self) -> dict[str, Any]:
        scope1 = [x for x in self.lines if x.scope == 1]
        scope2 = [x for x in self.lines if x.scope == 2]
        s1, s2 = self._sum(scope1), self._sum(scope2)
        market = (
            sum(self.co2e_kg(x, x.market_gases) for x in scope2 if x.market_gases is not None)
            / 1000
        )
        gwp = self.settings.gwp
        by_category = [
            {"scope": scope, "category": category, "ghgrp_source": source, **sums}
            for (scope, category, source), sums in (
                (k, self._sum(v))
                for k, v in self._by(lambda x: (x.scope, x.category, x.ghgrp_source)).items()
            )
        ]
        return {
            "scope1_tco2e": s1["co2e_t"],
            "scope2_tco2e": s2["co2e_t"],
            "scope2_market_tco2e": market,
            "total_tco2e": s1["co2e_t"] + s2["co2e_t"],
            "total_market_tco2e": s1["co2e_t"] + market,
            "co2_t": s1["co2_t"] + s2["co2_t"],
            "ch4_t": s1["ch4_t"] + s2["ch4_t"],
            "n2o_t": s1["n2o_t"] + s2["n2o_t"],
            "scope1_ch4_t": s1["ch4_t"],
            "by_gas_tco2e": {
                "CO2": (s1["co2_t"] + s2["co2_t"]) * gwp.co2.value,
                "CH4": (s1["ch4_t"] + s2["ch4_t"]) * gwp.ch4.value,
                "N2O": (s1["n2o_t"] + s2["n2o_t"]) * gwp.n2o.value,
            },
            "by_scope_gas_t": {
                "1": {g: s1[f"{g}_t"] for g in GASES},
                "2": {g: s2[f"{g}_t"] for g in GASES},
            },
            "by_category": by_category,
            "by_category_tco2e": {c["category"]: c["co2e_t"] for c in by_category},
            "by_facility": self.grouped(lambda x: x.facility, "facility"),
            "by_well": self.grouped(lambda x: x.well, "well"),
        }

    def _by(self, key: Callable[[Line], Any]) -> dict[Any, list[Line]]:
        groups: dict[Any, list[Line]] = {}
        for line in self.lines:
            groups.setdefault(key(line), []).append(line)
        return groups

    def total_range(self) -> dict[str, Any] | None:
        ranges = [(x, self.line_range(x)) for x in self.lines if x.scope == 1 or x.scope == 2]
        if not any(r for _, r in ranges):
            return None
        low = sum(r[0] if r else self.co2e_kg(x) for x, r in ranges) / 1000
        high = sum(r[1] if r else self.co2e_kg(x) for x, r in ranges) / 1000
        without = [x.source for x, r in ranges if not r]
        parts: list[str] = []
        for _, r in ranges:
            if r and r[2] not in parts:
                parts.append(r[2])
        return {
            "low_tco2e": low,
            "high_tco2e": high,
            "basis": "; ".join(parts)
            + "; line ranges added linearly (fully correlated, the conservative combination)",
            "lines_without_range": without,
        }

    def intensities(self) -> dict[str, Any]:
        p = self.production
        boe = p.boe
        t = self.totals()
        rho = factor("subpart_w/98.233(v)/density/ch4").value
        gas_scf = p.gas_mcf * 1000
        ch4_scf = t["scope1_ch4_t"] * 1000 / rho
        x_ch4 = self.settings.composition.methane
        flared = sum(x.flared_scf for x in self.lines)
        return {
            "production_boe": boe if boe > 0 else None,
            "carbon_intensity_kg_per_boe": t["total_tco2e"] * 1000 / boe if boe > 0 else None,
            "scope1_intensity_kg_per_boe": t["scope1_tco2e"] * 1000 / boe if boe > 0 else None,
            "methane_intensity_of_gas_produced_by_volume": ch4_scf / gas_scf
            if gas_scf > 0
            else None,
            "methane_intensity_of_methane_produced": ch4_scf / (gas_scf * x_ch4)
            if gas_scf > 0 and x_ch4 > 0
            else None,
            "flaring_intensity_of_gas_produced": flared / gas_scf if gas_scf > 0 else None,
            "flared_scf_per_boe": flared / boe if boe > 0 else None,
            "flared_scf": flared,
            "definitions": {
                "carbon_intensity": f"kg CO2e (Scope 1 + location-based Scope 2, and Scope 1 alone) per BOE produced, BOE = bbl + Mcf / {p.mcf_per_boe:g}",
                "methane_intensity": METHANE_INTENSITY_DEFINITION,
                "methane_of_methane_produced": METHANE_OF_METHANE_DEFINITION,
                "flaring_intensity": FLARING_INTENSITY_DEFINITION,
            },
        }

    # ----------------------------------------------------------------- what was used
    def factors_used(self) -> list[Factor]:
        seen: dict[str, Factor] = {}
        gwp = self.settings.gwp
        for f in (gwp.co2, gwp.ch4, gwp.n2o, *(f for x in self.lines for f in x.factors)):
            seen.setdefault(f.key, f)
        return list(seen.values())

    def inputs(self) -> list[dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for item in (
            *self.settings.inputs,
            *(i for x in self.lines for i in x.inputs),
            *self.production.inputs,
        ):
            out.setdefault(item["name"], item)
        if self.production.boe > 0 or self.production.inputs:
            out.setdefault(
                "mcf_per_boe",
                input_item(
                    "mcf_per_boe",
                    "Gas to BOE",
                    self.production.mcf_per_boe,
                    "Mcf/BOE",
                    "stated" if self.production.mcf_per_boe_stated else "default",
                    "given"
                    if self.production.mcf_per_boe_stated
                    else "6 Mcf per BOE (energy basis), the usual convention",
                ),
            )
        return list(out.values())

    def all_assumptions(self) -> list[str]:
        seen: list[str] = []
        for sentence in (
            *self.settings.assumptions,
            *self.assumptions,
            *(a for x in self.lines for a in x.assumptions),
        ):
            if sentence not in seen:
                seen.append(sentence)
        if self.production.boe > 0 and not self.production.mcf_per_boe_stated:
            seen.append(
                f"Gas to BOE: {DEFAULT_MCF_PER_BOE:g} Mcf/BOE. The usual energy-basis "
                "conversion (BOE = bbl + Mcf / 6); give another factor to change it."
            )
        return seen

    def caveats(self) -> list[str]:
        unsure = [f for f in self.factors_used() if not f.certain]
        if not unsure:
            return []
        listed = "; ".join(f"{f.label} {f.value:g} {f.unit} ({f.table})" for f in unsure)
        return [
            "These factors were entered without the published table at hand and should be "
            f"checked before the inventory is filed: {listed}."
        ]

    def conventions(self) -> list[str]:
        used_docs = {f.key.split("/", 1)[0] for f in self.factors_used()}
        docs = [
            document(d) for d in ("subpart_c", "subpart_w", "mobile", "egrid") if d in used_docs
        ]
        out = [
            f"{self.settings.gwp.label}, one set for the whole inventory.",
            *(f"Factors: {d['title']} ({d['version']})." for d in docs),
            "Gas volumes at 60 F and 14.7 psia (Subpart W standard conditions); masses in metric tonnes.",
            "Scope 2 is location-based in the totals (eGRID output rates); market-based is shown beside it.",
            "OGMP 2.0 levels describe each line's methane estimate: level 3 generic factors, level 4 site-specific data or engineering calculation.",
        ]
        if self.production.boe > 0:
            out.append(f"BOE = bbl + Mcf / {self.production.mcf_per_boe:g}.")
        return out


FRAME_COLUMNS = [
    "source",
    "facility",
    "well",
    "scope",
    "category",
    "ghgrp_source",
    "method",
    "quantity",
    "unit",
    "energy_mmbtu",
    "co2_t",
    "ch4_t",
    "n2o_t",
    "co2e_t",
    "co2e_market_t",
    "co2e_low_t",
    "co2e_high_t",
    "ogmp_level",
    "calculation",
    "factors",
]


def build(
    activities: list[Activity],
    settings: Settings,
    production: Production | None = None,
) -> Inventory:
    """Run every emitting activity through its method; production activities add up."""
    production = production or Production()
    lines: list[Line] = []
    for activity in activities:
        if activity.kind in METHODS:
            line = METHODS[activity.kind](activity, settings)
            line.facility = activity.get("facility")
            line.well = activity.get("well")
            u = activity.number("uncertainty")
            if u is not None:
                line.relative_uncertainty = fraction_of(u, f"{activity.title()}: the uncertainty")
                line.inputs.append(
                    activity.input(
                        "uncertainty",
                        "stated uncertainty of the activity",
                        "fraction",
                        line.relative_uncertainty,
                    )
                )
            lines.append(line)
        else:
            quantity = activity.require("quantity", "how much was produced?")
            production.add(
                activity.kind,
                quantity,
                activity.get("unit") or "",
                activity.input(
                    "quantity", activity.kind.replace("_", " "), activity.get("unit") or ""
                ),
            )
    return Inventory(lines=lines, settings=settings, production=production)


def ogmp_summary(inventory: Inventory) -> list[dict[str, Any]]:
    """Methane by OGMP 2.0 level: how much of the CH4 each level of method estimated."""
    levels: dict[int, float] = {}
    for line in inventory.lines:
        if line.ogmp_level is not None and line.ch4_kg > 0:
            levels[line.ogmp_level] = levels.get(line.ogmp_level, 0.0) + line.ch4_kg / 1000
    total = sum(levels.values())
    return [
        {
            "level": level,
            "ch4_t": t,
            "share": t / total if total else None,
            "meaning": ogmp_level_text(level),
        }
        for level, t in sorted(levels.items())
    ]
