"""Answers about uploaded tables and charts: describe, preview, chart a row."""

from __future__ import annotations

from agents.builtin import fmt
from agents.builtin.work import AskBack, Work, file_name, is_table, writer


@writer("describe_table", tool="describe_table", job="describes uploaded tables")
def describe(work: Work) -> str:
    row = work.pick_upload(kind="any", hint="")
    result = work.call("describe_table", rowid=row.rowid)
    lines = [
        f"**Row {row.rowid}** (`{file_name(row)}`) holds **{result.get('rows', 0):,} rows** and "
        f"{len(result.get('columns', []))} columns."
    ]
    span = result.get("date_range")
    if span:
        lines.append(f"Dates (`{span['column']}`) run from {span['start']} to {span['end']}.")
    body = []
    for info in result.get("columns", []):
        if "min" in info and "max" in info:
            low, high = info["min"], info["max"]
            rng = (
                f"{low:,.4g} to {high:,.4g}"
                if isinstance(low, int | float) and isinstance(high, int | float)
                else f"{low} to {high}"
            )
        else:
            rng = ", ".join(map(str, info.get("examples", [])[:3]))
        body.append(
            [
                f"`{info['name']}`",
                info.get("kind") or info.get("dtype", ""),
                info.get("unit_guess") or "",
                rng,
                str(info.get("missing", 0)),
            ]
        )
    lines.append("")
    lines.append(
        fmt.table(["column", "type", "unit (guessed)", "range / examples", "missing"], body)
    )
    lines.append("")
    lines.append(
        "Method: the file is read as a table (separator and encoding detected); units are "
        "guessed from the column names, so tell me if one is wrong."
    )
    return "\n".join(lines)


@writer("preview_table", tool="preview_table", job="previews uploaded tables")
def preview(work: Work) -> str:
    row = work.pick_upload(kind="any", hint="")
    n = work.params.get("n")
    if n is None:
        n = work.default("n", 10, label="Rows to show", why="no number of rows was asked")
    result = work.call("preview_table", rowid=row.rowid, n=min(int(n), 50))
    if int(n) > 50:
        work.assume(f"A preview shows at most 50 rows, not {int(n)}.")
    columns = result.get("columns", [])
    records = result.get("rows", [])
    body = [["" if v is None else fmt.cell(v) for v in record] for record in records]
    total = result.get("total_rows", len(records))
    head = (
        f"The first {len(records)} of {total:,} rows of **row {row.rowid}** (`{file_name(row)}`):"
    )
    return head + "\n\n" + fmt.table([f"`{c}`" for c in columns], body)


# What a chart request names -> which tool output it means (description prefix) and what
# to ask for first when there is none.
_CHART_SUBJECTS = {
    "decline": (
        r"^Decline forecast",
        "Ask for one first, e.g. 'fit a decline to the oil in my file' or 'a well at 800 "
        "bbl/d declining 25% a year'.",
    ),
    "cash flow": (
        r"^Monthly cash flow",
        "Run economics first, e.g. 'run economics on the forecast with $70 oil'.",
    ),
    "emissions": (
        r"^Emissions inventory",
        "Compute an inventory first, e.g. 'what are the emissions in my file?'.",
    ),
}


@writer("chart_row", tool="chart_row", job="draws charts")
def chart(work: Work) -> str:
    subject = work.params.get("subject")
    row = work.explicit_row(work.params.get("row"))  # "row N" wins over any subject
    if row is None and subject in _CHART_SUBJECTS:
        pattern, hint = _CHART_SUBJECTS[subject]
        row = work.newest_output(pattern)
        if row is None and subject == "decline" and work.params.get("production"):
            # "chart the production" before any forecast: the uploaded history itself.
            row = next((r for r in work.rows() if r.type == "userinput" and is_table(r)), None)
        if row is None:
            what = {
                "decline": "decline forecast",
                "cash flow": "cash-flow",
                "emissions": "emissions inventory",
            }[subject]
            raise AskBack(f"There is no {what} table in this conversation to chart yet. {hint}")
    if row is None:
        tables = [r for r in work.rows() if is_table(r)]
        if not tables:
            raise AskBack(
                "There is no table in this conversation to chart yet: upload a file or "
                "run a forecast first, or name a row ('chart row 2')."
            )
        row = tables[0]
    result = work.call("chart_row", rowid=row.rowid)
    chart_rowid = fmt.pick(result, "chart_rowid", "rowid")
    kind = result.get("kind") or result.get("chart_kind")
    what = row.description.split(":")[0].split(" (")[0].rstrip(".")[:80]
    text = f"Charted **row {row.rowid}** ({what})"
    if row.type == "userinput":
        text = f"Charted **row {row.rowid}** (`{file_name(row)}`)"
    if kind:
        text += f" as a {str(kind).replace('_', ' ')} chart"
    text += "."
    if chart_rowid:
        text += f" The PNG is saved as row {chart_rowid}."
    series = result.get("series") or result.get("columns")
    if series:
        text += " Series: " + ", ".join(f"`{s}`" for s in series) + "."
    return text
