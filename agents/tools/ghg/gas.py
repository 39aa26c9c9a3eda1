"""The composition of produced gas: what a vented or flared scf holds.

Subpart W turns whole-gas volumes into GHG mass with the gas's mole fractions
(98.233(u)); a flare's CO2 needs the carbon atoms of each hydrocarbon (Eq. W-39B).
Subpart W has no default composition (a reporter uses its own gas analysis), so the
one below is Derrick's stated assumption for a typical associated gas; every answer
that uses any part of it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.tools.ghg.factors import Factor, factor
from agents.tools.registry import ToolError

HYDROCARBONS = ("methane", "ethane", "propane", "butane", "pentanes_plus")
COMPONENTS = (*HYDROCARBONS, "co2", "n2")
LABELS = {
    "methane": "CH4",
    "ethane": "C2H6",
    "propane": "C3H8",
    "butane": "C4H10",
    "pentanes_plus": "C5+",
    "co2": "CO2",
    "n2": "N2 and other inerts",
}
# Derrick's default associated gas, mole fractions (no published default exists).
DEFAULT = {
    "methane": 0.80,
    "ethane": 0.08,
    "propane": 0.04,
    "butane": 0.02,
    "pentanes_plus": 0.01,
    "co2": 0.02,
    "n2": 0.03,
}
HEAVIER = ("ethane", "propane", "butane", "pentanes_plus")


@dataclass(frozen=True)
class GasComposition:
    """Mole fractions of each component and where each came from."""

    fractions: dict[str, float]
    sources: dict[str, str] = field(default_factory=dict)  # "stated", "default", "derived"

    @classmethod
    def default(cls) -> GasComposition:
        return cls.build({})

    @classmethod
    def build(
        cls, stated: dict[str, float | None], *, c2plus: float | None = None
    ) -> GasComposition:
        """A full composition from what was stated; the rest from the default.

        Unstated CO2, N2 and methane take the default; unstated heavier hydrocarbons
        share what is left in the default's proportions (a stated ``c2plus`` is shared
        the same way). Fractions above 1 may be percentages (80 means 0.80).
        """
        given = {}
        for name, value in stated.items():
            if value is None:
                continue
            if name not in COMPONENTS:
                raise ToolError(f"Unknown gas component {name!r}; use {', '.join(COMPONENTS)}.")
            given[name] = _fraction(value, name)
        fractions: dict[str, float] = {}
        sources: dict[str, str] = {}
        for name in ("methane", "co2", "n2"):
            if name in given:
                fractions[name], sources[name] = given[name], "stated"
        heavier_given = {n: given[n] for n in HEAVIER if n in given}
        fractions.update(heavier_given)
        sources.update({n: "stated" for n in heavier_given})
        if c2plus is not None and not heavier_given:
            share = _fraction(c2plus, "C2+")
            weights = sum(DEFAULT[n] for n in HEAVIER)
            for n in HEAVIER:
                fractions[n], sources[n] = share * DEFAULT[n] / weights, "derived"
        for name in ("methane", "co2", "n2"):
            if name not in fractions:
                fractions[name], sources[name] = DEFAULT[name], "default"
        missing = [n for n in HEAVIER if n not in fractions]
        if missing:
            rest = max(0.0, 1.0 - sum(fractions.values()))
            weights = sum(DEFAULT[n] for n in missing)
            derived = "default" if not given else "derived"
            for n in missing:
                fractions[n], sources[n] = rest * DEFAULT[n] / weights, derived
        total = sum(fractions.values())
        if total > 1.0 + 1e-6:
            listed = ", ".join(f"{LABELS[n]} {fractions[n]:.3g}" for n in COMPONENTS)
            raise ToolError(
                f"The gas composition adds up to {total:.3f}, more than 1 ({listed}): give "
                "mole fractions that sum to at most 1."
            )
        return cls(fractions={n: fractions[n] for n in COMPONENTS}, sources=sources)

    @property
    def methane(self) -> float:
        return self.fractions["methane"]

    @property
    def co2(self) -> float:
        return self.fractions["co2"]

    def carbon_atoms_per_mole(self) -> tuple[float, list[Factor]]:
        """Sum of x_j x R_j over the hydrocarbons (Eq. W-39B), and the R_j factors used."""
        used = [factor(f"subpart_w/98.233(n)/carbon_atoms/{n}") for n in HYDROCARBONS]
        return sum(self.fractions[f.key.rsplit("/", 1)[1]] * f.value for f in used), used

    def uses_default(self) -> bool:
        return any(source != "stated" for source in self.sources.values())

    def describe(self) -> str:
        return ", ".join(
            f"{LABELS[n]} {self.fractions[n]:.4g}" for n in COMPONENTS if self.fractions[n] > 0
        )

    def input(self, name: str, label: str) -> dict:
        """The composition as one input: stated, default, or derived (some parts stated)."""
        kinds = set(self.sources.values())
        stated = [LABELS[n] for n in COMPONENTS if self.sources.get(n) == "stated"]
        if kinds == {"stated"}:
            source, detail = "stated", "given"
        elif not stated:
            source, detail = "default", "Derrick's default associated gas"
        else:
            source = "derived"
            detail = (
                f"{', '.join(stated)} given; the rest from Derrick's default associated gas, "
                "heavier hydrocarbons sharing what is left in its proportions"
            )
        return {
            "name": name,
            "label": label,
            "value": self.describe(),
            "unit": "mole fractions",
            "source": source,
            "detail": detail,
        }


def _fraction(value: float, name: str) -> float:
    number = float(value)
    if number > 1:
        number /= 100.0
    if not 0 <= number <= 1:
        raise ToolError(f"The {name} mole fraction must be between 0 and 1 (or 0-100%).")
    return number
