"""A cost sheet (item, value, unit, month) read into tool arguments, each with its line.

Every value keeps where it came from (the row, the line, the column) so the answer can list
it as read from the file; several opex lines of one kind (gathering + processing $/Mcf) add
up; a line that cannot be placed is returned as not used, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from agents.tools.common import find_column, normalise, numeric
from agents.tools.registry import ToolError


@dataclass
class SheetValue:
    value: Any
    unit: str
    detail: str


@dataclass
class Sheet:
    rowid: int
    values: dict[str, SheetValue] = field(default_factory=dict)
    capex: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"amount", "month", "label", "detail"}
    not_used: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def get(self, key: str) -> SheetValue | None:
        return self.values.get(key)


def _fraction(value: float, unit: str) -> tuple[float, str]:
    """(fraction, how): a percent unit or a value above 1 is a percentage."""
    if re.search(r"%|percent|pct", unit):
        return value / 100.0, f"{value:g}% = {value / 100:g}"
    if abs(value) > 1:
        return value / 100.0, f"{value:g} read as {value:g}% (no unit; above 1)"
    return value, ""


def _phase(words: str, unit_words: str) -> str | None:
    text = f"{words} {unit_words}"
    if re.search(r"\bngls?\b|natural gas liquid", text):
        return "ngl"
    if re.search(r"\bgas\b|\bmcf\b|\bmmbtu\b|\bhenry\b|\bhh\b|\bwaha\b", text):
        return "gas"
    if re.search(r"\boil\b|\bcrude\b|\bwti\b|\bbrent\b|\bbbl\b|\bcondensate\b", text):
        return "oil"
    return None


def read_cost_sheet(frame: pd.DataFrame, *, rowid: int, file_name: str = "") -> Sheet:
    item_col = find_column(
        frame,
        include=[r"\bitem\b", r"\bparameter\b", r"\bname\b", r"\bdescription\b", r"\bcategory\b"],
    )
    value_col = find_column(frame, include=[r"\bvalue\b", r"\bamount\b", r"\bcost\b", r"\bprice\b"])
    if item_col is None or value_col is None:
        raise ToolError(
            f"The cost sheet in row {rowid} needs an item (or parameter) column and a value "
            f"column; its columns are: {', '.join(map(str, frame.columns))}."
        )
    unit_col = find_column(frame, include=[r"\bunits?\b", r"\buom\b"])
    month_col = find_column(frame, include=[r"\bmonth\b", r"\btiming\b", r"\bperiod\b"])
    date_col = find_column(frame, include=[r"^date$", r"\bspud\b", r"\bdate\b"])
    sheet = Sheet(rowid=rowid)

    def put(key: str, value: Any, unit: str, detail: str, *, add: bool = False) -> None:
        if add and key in sheet.values:
            old = sheet.values[key]
            sheet.values[key] = SheetValue(old.value + value, unit, f"{old.detail} + {detail}")
        else:
            if key in sheet.values:
                sheet.not_used.append(
                    {
                        "item": sheet.values[key].detail,
                        "why": f"replaced by a later line of the sheet ({detail})",
                    }
                )
            sheet.values[key] = SheetValue(value, unit, detail)

    for line_number, (_, line) in enumerate(frame.iterrows(), start=1):
        item = str(line[item_col]).strip()
        raw = line[value_col]
        value = numeric(pd.Series([raw])).iloc[0]
        unit = str(line[unit_col]).strip() if unit_col and pd.notna(line[unit_col]) else ""
        where = (
            f"'{file_name}' (running-table row {rowid})" if file_name else f"row {rowid}"
        ) + f", row {line_number}, column '{value_col}'"
        if pd.isna(value):
            if item and item.lower() != "nan":
                sheet.not_used.append(
                    {"item": f"{where}; {item}", "why": f"no number in it ({raw!r})"}
                )
            continue
        value = float(value)
        words = normalise(item)
        unit_words = normalise(unit)
        phase = _phase(words, unit_words)
        shown = f"{value:g} {unit}".strip()
        detail = f"{where}; {item}: {shown}"
        per_mmbtu = "mmbtu" in unit_words
        if re.search(r"abandon|\bplug|\bp a\b|decommission", words):
            put("abandonment_cost", value, "$", detail)
        elif re.search(r"escalat|inflation", words):
            fraction, how = _fraction(value, unit.lower())
            target = (
                "opex_escalation"
                if re.search(r"opex|operat|\bloe\b|cost", words) and "capex" not in words
                else "capex_escalation"
                if re.search(r"capex|capital", words)
                else "price_escalation"
            )
            put(target, fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"capex|capital|drill|complet|facilit|hook ?up|tie ?in|workover", words):
            month = None
            if month_col and pd.notna(line[month_col]):
                month = numeric(pd.Series([line[month_col]])).iloc[0]
                month = None if pd.isna(month) else int(month)
            date = None
            if month is None and date_col and pd.notna(line[date_col]):
                date = str(line[date_col])
            sheet.capex.append(
                {"amount": value, "month": month, "date": date, "label": item, "detail": detail}
            )
        elif re.search(r"differential|\bdiff\b|basis|deduct|discount to", words):
            target = phase or "oil"
            if re.search(r"%|percent|pct", unit.lower()):
                put(f"{target}_differential_pct", value / 100.0, "fraction", detail)
            else:
                put(f"{target}_differential", value, unit or "$/unit", detail)
                if target == "gas":
                    put("gas_differential_unit", "mmbtu" if per_mmbtu else "mcf", "", detail)
        elif re.search(r"heating value|\bbtu\b|\bhhv\b", words):
            put("gas_heating_value", value, "MMBtu/Mcf", detail)
        elif re.search(r"shrink", words):
            fraction, how = _fraction(value, unit.lower())
            put("gas_shrink", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"\bngl\b.*\byield\b|\byield\b", words):
            put("ngl_yield_bbl_per_mmcf", value, "bbl/MMcf", detail)
        elif re.search(r"price|\bwti\b|henry hub|\bbrent\b|realis|realiz", words):
            target = phase or "oil"
            if target == "ngl" and re.search(r"%|percent|pct", unit.lower()):
                put("ngl_price_pct_of_oil", value / 100.0, "fraction of oil", detail)
            else:
                put(f"{target}_price", value, unit or "$/unit", detail)
                if target == "gas":
                    put("gas_price_unit", "mmbtu" if per_mmbtu else "mcf", "", detail)
        elif re.search(r"working interest|\bwi\b", words):
            fraction, how = _fraction(value, unit.lower())
            put("working_interest", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"net revenue|\bnri\b", words):
            fraction, how = _fraction(value, unit.lower())
            put(
                "net_revenue_interest", fraction, "fraction", f"{detail}{'; ' + how if how else ''}"
            )
        elif re.search(r"overrid|\borri\b", words):
            fraction, how = _fraction(value, unit.lower())
            put("overriding_royalty", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"royalt", words):
            fraction, how = _fraction(value, unit.lower())
            put("royalty", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"severance|production tax", words):
            if re.search(r"per|/", unit.lower()) and "%" not in unit:
                target = phase or "oil"
                key = {"oil": "severance_oil_per_bbl", "gas": "severance_gas_per_mcf"}.get(
                    target, "severance_ngl_per_bbl"
                )
                put(key, value, unit, detail)
            else:
                fraction, how = _fraction(value, unit.lower())
                key = f"severance_tax_{phase}" if phase else "severance_tax"
                put(key, fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"ad valorem|property tax", words):
            fraction, how = _fraction(value, unit.lower())
            put("ad_valorem_tax", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"income tax", words):
            fraction, how = _fraction(value, unit.lower())
            put("income_tax_rate", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(r"discount", words):
            fraction, how = _fraction(value, unit.lower())
            put("discount_rate", fraction, "fraction", f"{detail}{'; ' + how if how else ''}")
        elif re.search(
            r"opex|\bloe\b|operating|lifting|disposal|gathering|transport|"
            r"processing|compression|\bswd\b|overhead|\bg a\b",
            words,
        ):
            if re.search(r"per (year|yr|annum)|\byear\b|\byr\b", unit_words):
                put(
                    "fixed_opex_per_month", value / 12.0, "$/well-month", f"{detail} / 12", add=True
                )
            elif re.search(r"per (month|mo|well month)|\bmonth\b|\bmo\b", unit_words):
                put("fixed_opex_per_month", value, "$/well-month", detail, add=True)
            elif re.search(r"\bboe\b", unit_words):
                put("opex_per_boe", value, "$/BOE", detail, add=True)
            elif re.search(r"water|disposal|\bswd\b", words) and "bbl" in unit_words:
                put("water_opex_per_bbl", value, "$/bbl", detail, add=True)
            elif re.search(r"\bmcf\b|\bmmbtu\b", unit_words):
                put(
                    "gas_opex_per_mcf" if not per_mmbtu else "gas_opex_per_mmbtu",
                    value,
                    "$/Mcf" if not per_mmbtu else "$/MMBtu",
                    detail,
                    add=True,
                )
            elif re.search(r"\bngl\b", words) and "bbl" in unit_words:
                put("ngl_opex_per_bbl", value, "$/bbl", detail, add=True)
            elif re.search(r"\bbbl\b", unit_words):
                put("oil_opex_per_bbl", value, "$/bbl", detail, add=True)
            else:
                sheet.not_used.append(
                    {
                        "item": detail,
                        "why": f"unit {unit or 'missing'}: per month, per bbl, per Mcf or per BOE?",
                    }
                )
        else:
            sheet.not_used.append({"item": detail, "why": "not an economics item I know"})
    return sheet
