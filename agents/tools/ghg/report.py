"""A reporting export: the inventory summarised by source category and gas, GHGRP-style.

The layout follows the GHGRP's facility summary: one line per facility, source type
(with the 40 CFR 98 section it is reported under) and calculation method, the mass of
each gas in metric tons, then CO2e with the inventory's GWP set, and subtotals by scope.
The CSV holds that table; the XLSX adds the source lines, every factor with its
citation, the inputs, and a sheet that states the conventions and assumptions.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from project.cells import neutralise_cell


def summary_frame(lines: pd.DataFrame, gwp_name: str) -> pd.DataFrame:
    """By facility, scope, source category, rule section and method: CO2, CH4, N2O, CO2e."""
    frame = lines.copy()
    if "facility" not in frame.columns:
        frame["facility"] = None
    frame["facility"] = (
        frame["facility"].astype(object).where(frame["facility"].notna(), "(all)").astype(str)
    )
    for column in ("co2_t", "ch4_t", "n2o_t", "co2e_t"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(0.0)
    keys = ["facility", "scope", "category", "ghgrp_source", "method"]
    grouped = frame.groupby(keys, sort=False, dropna=False)[
        ["co2_t", "ch4_t", "n2o_t", "co2e_t"]
    ].sum()
    grouped = grouped.reset_index().sort_values(["facility", "scope", "category"], kind="stable")
    co2e = f"CO2e (mt, {gwp_name})"
    rows = [
        {
            "Facility": r.facility,
            "Scope": f"Scope {int(r.scope)}",
            "Source category": r.category,
            "Reported under": r.ghgrp_source,
            "Calculation method": r.method,
            "CO2 (mt)": r.co2_t,
            "CH4 (mt)": r.ch4_t,
            "N2O (mt)": r.n2o_t,
            co2e: r.co2e_t,
        }
        for r in grouped.itertuples()
    ]

    def total(label: str, part: pd.DataFrame) -> dict[str, Any]:
        return {
            "Facility": "(all)",
            "Scope": label,
            "Source category": "",
            "Reported under": "",
            "Calculation method": "",
            "CO2 (mt)": part["co2_t"].sum(),
            "CH4 (mt)": part["ch4_t"].sum(),
            "N2O (mt)": part["n2o_t"].sum(),
            co2e: part["co2e_t"].sum(),
        }

    scope = pd.to_numeric(frame["scope"], errors="coerce")
    rows.append(total("Scope 1 total", frame[scope == 1]))
    rows.append(total("Scope 2 total (location-based)", frame[scope == 2]))
    if "co2e_market_t" in frame.columns and frame["co2e_market_t"].notna().any():
        market = pd.to_numeric(frame["co2e_market_t"], errors="coerce").fillna(0.0)
        row = total("Scope 2 total (market-based)", frame[scope == 2])
        row.update({"CO2 (mt)": None, "CH4 (mt)": None, "N2O (mt)": None, co2e: market.sum()})
        rows.append(row)
    rows.append(total("Total (Scope 1 + Scope 2 location-based)", frame))
    return pd.DataFrame(rows)


def summary_csv(summary: pd.DataFrame) -> bytes:
    safe = summary.map(neutralise_cell)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, float_format="%.10g")
    return buffer.getvalue().encode("utf-8")


def _sheet(book: Workbook, title: str, frame: pd.DataFrame, *, first: bool = False) -> None:
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        row = []
        for value in values:
            if value is None or (isinstance(value, float) and pd.isna(value)):
                row.append(None)
            elif isinstance(value, str):
                row.append(value)
            else:
                row.append(value.item() if hasattr(value, "item") else value)
        sheet.append(row)
    # Strings stay strings: openpyxl would turn "=..." into a formula.
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"


def workbook_xlsx(
    summary: pd.DataFrame,
    lines: pd.DataFrame,
    factors: list[dict[str, Any]],
    inputs: list[dict[str, Any]],
    about: list[tuple[str, str]],
) -> bytes:
    """Summary, Sources, Factors, Inputs and About sheets, as XLSX bytes."""
    book = Workbook()
    _sheet(book, "Summary", summary, first=True)
    _sheet(book, "Sources", lines)
    _sheet(
        book,
        "Factors",
        pd.DataFrame(
            factors,
            columns=[
                "key",
                "label",
                "value",
                "unit",
                "table",
                "version",
                "source",
                "certain",
                "note",
            ],
        ),
    )
    _sheet(
        book,
        "Inputs",
        pd.DataFrame(inputs, columns=["name", "label", "value", "unit", "source", "detail"]).assign(
            value=lambda f: f["value"].map(lambda v: v if isinstance(v, int | float) else str(v))
        ),
    )
    _sheet(book, "About", pd.DataFrame(about, columns=["item", "text"]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
