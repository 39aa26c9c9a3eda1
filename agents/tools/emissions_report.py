"""The emissions reporting export: an inventory row as a GHGRP-style summary, CSV and XLSX."""

from __future__ import annotations

from typing import Any

from agents.tools.common import (
    fmt,
    jsonable,
    read_row_frame,
)
from agents.tools.ghg import report
from agents.tools.ghg.factors import default_gwp, document
from agents.tools.ghg.model import input_item
from agents.tools.ghg.rows import add_once, fingerprint
from agents.tools.registry import ToolContext, ToolError, tool

# --------------------------------------------------------------------------- report


@tool(
    name="emissions_report",
    description=(
        "A reporting export of an emissions inventory row: the summary by facility, scope, "
        "source category (with the 40 CFR 98 section) and gas in a GHGRP-style layout, as CSV "
        "and/or XLSX (the XLSX adds the source lines, every factor with its table and version, "
        "the inputs, the conventions and assumptions). Writes one row per file."
    ),
    parameters={
        "type": "object",
        "properties": {
            "inventory_rowid": {"type": "integer", "minimum": 1},
            "formats": {
                "type": "array",
                "items": {"type": "string", "enum": ["csv", "xlsx"]},
                "minItems": 1,
                "uniqueItems": True,
                "default": ["csv", "xlsx"],
            },
        },
        "required": ["inventory_rowid"],
        "additionalProperties": False,
    },
    group="emissions",
)
def emissions_report(
    ctx: ToolContext, *, inventory_rowid: int, formats: list[str] | None = None
) -> dict[str, Any]:
    formats = list(dict.fromkeys(formats or ["csv", "xlsx"]))
    unknown = [f for f in formats if f not in ("csv", "xlsx")]
    if unknown:
        raise ToolError(f"Report formats are csv and xlsx, not {', '.join(unknown)}.")
    row, lines = read_row_frame(ctx, inventory_rowid)
    data = row.data or {}
    if data.get("kind") != "emissions_inventory" or not {"co2e_t", "scope", "category"} <= set(
        lines.columns
    ):
        raise ToolError(f"Row {inventory_rowid} is not an emissions inventory; compute one first.")
    gwp = data.get("gwp") or default_gwp()
    summary = report.summary_frame(lines, gwp)
    ctx.log(f"Laying out the GHGRP-style summary of row {inventory_rowid}...")
    written: dict[str, int | None] = {}
    reused_any = False
    for fmt_name in formats:
        if fmt_name == "csv":
            content = report.summary_csv(summary)
        else:
            content = report.workbook_xlsx(
                summary, lines, data.get("factors") or [], data.get("inputs") or [], _about(data)
            )
        out, reused = add_once(
            ctx,
            print_=fingerprint(
                "emissions_report", {"inventory": data.get("fingerprint"), "format": fmt_name}
            ),
            type="table",
            description=f"GHGRP-style emissions summary ({fmt_name.upper()}) of inventory row {inventory_rowid}, {gwp}.",
            file_name=f"emissions_report_row{inventory_rowid}.{fmt_name}",
            content=content,
            data={
                "kind": "emissions_report",
                "inventory_rowid": inventory_rowid,
                "format": fmt_name,
            },
        )
        reused_any = reused_any or reused
        written[fmt_name] = out.rowid if out is not None else None
    total = summary.iloc[-1]
    text = (
        f"GHGRP-style summary of inventory row {inventory_rowid} ({gwp}): {len(summary) - 3} lines by "
        f"facility, scope and source category, total {fmt(float(total[f'CO2e (mt, {gwp})']), 1)} mt CO2e. "
        + " ".join(f"{k.upper()}: row {v}." for k, v in written.items() if v is not None)
    )
    if reused_any:
        text += " (Files already in the running table were not written again.)"
    return jsonable(
        {
            "summary": text,
            "inputs": [
                input_item(
                    "inventory_rowid",
                    "emissions inventory",
                    inventory_rowid,
                    "row",
                    "stated",
                    "given",
                )
            ],
            "assumptions": [],
            "conventions": data.get("conventions") or [],
            "gwp": gwp,
            "total_tco2e": float(total[f"CO2e (mt, {gwp})"]),
            "rows": written,
            "table": summary.to_dict(orient="records"),
        }
    )


def _about(data: dict[str, Any]) -> list[tuple[str, str]]:
    levels = document("methods")["ogmp"]
    about = [("GWP set", data.get("gwp_label") or data.get("gwp") or "")]
    about += [("Convention", c) for c in data.get("conventions") or []]
    about += [("Default applied", a) for a in data.get("assumptions") or []]
    about += [("Check before filing", c) for c in data.get("caveats") or []]
    about += [("OGMP 2.0", levels["citation"])]
    about += [(f"OGMP 2.0 level {k}", v) for k, v in levels["levels"].items()]
    return about
