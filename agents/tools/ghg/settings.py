"""Inventory-wide choices: one GWP set, the gas, the flare, the grid; each with its origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.tools.ghg.factors import GWPSet, default_gwp, document, factor, gwp_set
from agents.tools.ghg.gas import GasComposition
from agents.tools.ghg.model import default_sentence, input_item
from agents.tools.registry import ToolError

HOURS_IN_YEAR_DETAIL = (
    "in service the whole year (8,760 h), Subpart W's operating hours when not stated"
)


@dataclass
class Settings:
    gwp: GWPSet
    gwp_source: str
    composition: GasComposition
    flare_efficiency: float
    flare_efficiency_source: str
    leak_region: str | None = None
    grid_subregion: str | None = None
    grid_factor_kg_per_mwh: float | None = None
    supplier_factor_kg_per_mwh: float | None = None
    inputs: list[dict[str, Any]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        *,
        gwp: str | None = None,
        composition: GasComposition | None = None,
        flare_efficiency: float | None = None,
        leak_region: str | None = None,
        grid_subregion: str | None = None,
        grid_factor_kg_per_mwh: float | None = None,
        supplier_factor_kg_per_mwh: float | None = None,
    ) -> Settings:
        name = gwp or default_gwp()
        try:
            chosen = gwp_set(name)
        except Exception as exc:
            raise ToolError(str(exc).capitalize() + ".") from None
        efficiency_default = factor("subpart_w/98.233(n)/combustion_efficiency/fraction")
        if flare_efficiency is not None:
            efficiency = fraction_of(flare_efficiency, "The flare combustion efficiency")
        else:
            efficiency = efficiency_default.value
        settings = cls(
            gwp=chosen,
            gwp_source="stated" if gwp else "default",
            composition=composition or GasComposition.default(),
            flare_efficiency=efficiency,
            flare_efficiency_source="stated" if flare_efficiency is not None else "default",
            leak_region=normalise_region(leak_region) if leak_region else None,
            grid_subregion=grid_subregion,
            grid_factor_kg_per_mwh=grid_factor_kg_per_mwh,
            supplier_factor_kg_per_mwh=supplier_factor_kg_per_mwh,
        )
        gwp_doc = document("gwp")
        item = input_item(
            "gwp",
            "GWP set",
            chosen.name,
            "",
            settings.gwp_source,
            "given" if gwp else gwp_doc["default_reason"],
        )
        settings.inputs.append(item)
        if not gwp:
            settings.assumptions.append(default_sentence(item, gwp_doc["default_reason"]))
        return settings


def fraction_of(value: float, what: str) -> float:
    number = float(value)
    if number > 1:
        number /= 100.0
    if not 0 <= number <= 1:
        raise ToolError(f"{what} is a fraction between 0 and 1 (0.98 for 98%), not {value!r}.")
    return number


def normalise_region(region: str) -> str:
    words = str(region).strip().lower()
    if words.startswith("east"):
        return "eastern"
    if words.startswith("west"):
        return "western"
    raise ToolError(
        f"The equipment-leak region must be Eastern or Western U.S. (Table W-1A), not {region!r}."
    )
