"""Published emission factors, read from the cited data files in ``data/``.

Every value lives in a JSON document that names its source, its version and, per
table, the table a verifier looks it up in. Nothing numeric about a published
factor is written in code: the calculations ask for a factor by key
(``"subpart_w/W-1A/pneumatic_intermittent_bleed/whole_gas"``) and carry the
``Factor`` they got, so every line of an inventory can cite what it used.

A value entered without the published text at hand is marked ``"certain": false``
in its document; ``Factor.certain`` carries that mark into the answers.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")
DOCUMENT_FILES = (
    "epa_subpart_c.json",
    "epa_subpart_w.json",
    "mobile.json",
    "egrid.json",
    "ipcc_gwp.json",
)
METHODS_FILE = "methods.json"


class FactorDataError(Exception):
    """A factor document is malformed or a factor asked for does not exist."""


@dataclass(frozen=True)
class Factor:
    key: str
    value: float
    unit: str
    label: str
    table: str
    version: str
    source: str
    certain: bool
    note: str = ""
    uncertainty: dict[str, Any] | None = None

    @property
    def citation(self) -> str:
        return f"{self.table} ({self.version})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "table": self.table,
            "version": self.version,
            "source": self.source,
            "certain": self.certain,
            "note": self.note,
        }


def _require(mapping: dict[str, Any], field: str, where: str) -> Any:
    value = mapping.get(field)
    if value in (None, ""):
        raise FactorDataError(f"{where}: missing {field!r}")
    return value


def _factors_of(document: dict[str, Any], file_name: str) -> dict[str, Factor]:
    doc_id = _require(document, "id", file_name)
    version = _require(document, "version", file_name)
    source = _require(document, "source", file_name)
    found: dict[str, Factor] = {}
    for table_id, table in _require(document, "tables", file_name).items():
        where = f"{file_name}: table {table_id}"
        table_name = _require(table, "name", where)
        table_version = table.get("version") or version
        for entry_id, entry in _require(table, "entries", where).items():
            label = _require(entry, "label", f"{where}, entry {entry_id}")
            for value_id, spec in _require(entry, "values", f"{where}, entry {entry_id}").items():
                at = f"{where}, {entry_id}.{value_id}"
                value = spec.get("value")
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise FactorDataError(f"{at}: value must be a number, not {value!r}")
                if not math.isfinite(value):
                    raise FactorDataError(f"{at}: value must be finite")
                key = f"{doc_id}/{table_id}/{entry_id}/{value_id}"
                found[key] = Factor(
                    key=key,
                    value=float(value),
                    unit=_require(spec, "unit", at),
                    label=label,
                    table=table_name,
                    version=table_version,
                    source=source,
                    certain=bool(spec.get("certain", entry.get("certain", True))),
                    note=spec.get("note") or entry.get("note") or "",
                    uncertainty=spec.get("uncertainty"),
                )
    return found


@functools.cache
def _loaded() -> tuple[tuple[str, dict[str, Any]], ...]:
    """(file name, document) for every data file, read and checked once."""
    loaded = []
    seen: set[str] = set()
    for file_name in (*DOCUMENT_FILES, METHODS_FILE):
        with open(DATA_DIR / file_name, encoding="utf-8") as handle:
            document = json.load(handle)
        doc_id = _require(document, "id", file_name)
        if doc_id in seen:
            raise FactorDataError(f"{file_name}: document id {doc_id!r} is used twice")
        seen.add(doc_id)
        _require(document, "version", file_name)
        _require(document, "source", file_name)
        loaded.append((file_name, document))
    return tuple(loaded)


def documents() -> dict[str, dict[str, Any]]:
    """Every factor document by its id, as read from ``data/``."""
    return {document["id"]: document for _, document in _loaded()}


@functools.cache
def all_factors() -> dict[str, Factor]:
    found: dict[str, Factor] = {}
    for file_name, document in _loaded():
        if file_name != METHODS_FILE:
            found.update(_factors_of(document, file_name))
    return found


def factor(key: str) -> Factor:
    """The factor stored under ``key`` (document/table/entry/value)."""
    try:
        return all_factors()[key]
    except KeyError:
        raise FactorDataError(f"no factor {key!r} in the factor data") from None


def entries(doc_id: str, table_id: str) -> dict[str, dict[str, Any]]:
    """The raw entries of one table (labels and attributes such as a fuel's state)."""
    try:
        return documents()[doc_id]["tables"][table_id]["entries"]
    except KeyError:
        raise FactorDataError(f"no table {doc_id}/{table_id} in the factor data") from None


def document(doc_id: str) -> dict[str, Any]:
    try:
        return documents()[doc_id]
    except KeyError:
        raise FactorDataError(f"no factor document {doc_id!r}") from None


def method(name: str) -> dict[str, Any]:
    """A calculation method: rule section, GHGRP-style category, OGMP 2.0 level."""
    try:
        return documents()["methods"]["methods"][name]
    except KeyError:
        raise FactorDataError(f"no method {name!r} in methods.json") from None


def ogmp_level_text(level: int | None) -> str:
    if level is None:
        return "not a methane source (OGMP 2.0 does not apply)"
    levels = documents()["methods"]["ogmp"]["levels"]
    return f"OGMP 2.0 level {level}: {levels[str(level)]}"


def gwp_sets() -> tuple[str, ...]:
    return tuple(document("gwp")["tables"])


def default_gwp() -> str:
    return document("gwp")["default"]


@dataclass(frozen=True)
class GWPSet:
    name: str
    co2: Factor
    ch4: Factor
    n2o: Factor

    @property
    def label(self) -> str:
        return (
            f"IPCC {self.name} GWP-100 (CH4 {self.ch4.value:g}, N2O {self.n2o.value:g}; "
            f"{self.ch4.table})"
        )


def gwp_set(name: str) -> GWPSet:
    key = str(name).strip().upper()
    if key not in gwp_sets():
        raise FactorDataError(f"unknown GWP set {name!r}; use one of {', '.join(gwp_sets())}")
    return GWPSet(
        name=key,
        co2=factor(f"gwp/{key}/gwp/co2"),
        ch4=factor(f"gwp/{key}/gwp/ch4"),
        n2o=factor(f"gwp/{key}/gwp/n2o"),
    )
