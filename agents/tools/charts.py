"""Charts: PNGs of running-table rows (history vs forecast, cash flows, emissions, any table)."""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede the pyplot import

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from agents.tools.common import find_date_column, numeric, parse_dates, read_row_frame
from agents.tools.inputs import Inputs
from agents.tools.registry import ToolContext, ToolError, tool

KINDS = ("auto", "production", "cash_flow", "emissions", "line", "bar")
_MAX_SERIES = 8


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _thousands(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _label_from_column(column: str) -> str:
    """'model_oil_rate_bbl_d' -> 'oil rate (bbl/d)'."""
    match = re.match(r"(?:history_|model_)?(\w+?)_rate_(\w+)_d$", column)
    if match:
        return f"{match.group(1)} rate ({match.group(2)}/d)"
    return column.replace("_", " ")


def production_chart_png(table: pd.DataFrame, *, title: str) -> bytes:
    """History rates as points, fitted and forecast rates as lines, log rate axis."""
    history_cols = [c for c in table.columns if str(c).startswith("history_")]
    model_cols = [c for c in table.columns if str(c).startswith("model_")]
    if not history_cols and not model_cols:
        raise ToolError("This table has no history_/model_ rate columns to chart.")
    dates = parse_dates(table["date"])
    figure, ax = plt.subplots(figsize=(9, 5))
    names = table["well"].astype(str) if "well" in table.columns else None
    wells = list(names.unique()) if names is not None else [None]
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for index, well in enumerate(wells[:_MAX_SERIES]):
        mask = (names == well) if names is not None else table.index == table.index
        colour = colours[index % len(colours)]
        suffix = f" {well}" if well is not None else ""
        for column in history_cols:
            values = numeric(table.loc[mask, column])
            ax.plot(
                dates[mask],
                values.where(values > 0),
                "o",
                ms=3,
                color=colour,
                alpha=0.6,
                label=f"history{suffix}",
            )
        for column in model_cols:
            segment = table.loc[mask, "segment"] if "segment" in table.columns else None
            values = numeric(table.loc[mask, column])
            if segment is not None:
                fitted = values.where(segment == "history")
                forecast = values.where(segment == "forecast")
                ax.plot(dates[mask], fitted, "-", color=colour, lw=1.5, label=f"fit{suffix}")
                ax.plot(
                    dates[mask], forecast, "--", color=colour, lw=1.5, label=f"forecast{suffix}"
                )
            else:
                ax.plot(dates[mask], values, "-", color=colour, lw=1.5, label=f"forecast{suffix}")
    ax.set_yscale("log")
    low, high = _log_rate_limits(table, history_cols, model_cols)
    if low is not None and high is not None:
        ax.set_ylim(low, high)
        # Column-wise: a basin's forecast has millions of rates.
        minima = [
            values[values > 0].min() for values in map(numeric, (table[c] for c in model_cols))
        ]
        minima = [float(m) for m in minima if pd.notna(m)]
        model_min = min(minima, default=None)
        if model_min is not None and model_min < low:
            # Stop the date axis shortly after the forecast leaves the chart.
            visible = pd.concat(
                [numeric(table[c]) >= low for c in history_cols + model_cols], axis=1
            ).any(axis=1)
            shown = dates[visible.to_numpy()].dropna()
            if not shown.empty and dates.notna().any():
                first, last = dates.min(), shown.max()
                ax.set_xlim(first, last + (last - first) * 0.08)
            ax.annotate(
                f"forecast continues below {low:,.3g} (to {model_min:,.3g})",
                xy=(0.01, 0.02),
                xycoords="axes fraction",
                ha="left",
                va="bottom",
                fontsize=8,
                color="#555555",
            )
    ax.set_title(title + ("" if len(wells) <= _MAX_SERIES else f" (first {_MAX_SERIES} wells)"))
    ax.set_xlabel("Date")
    ax.set_ylabel(_label_from_column(str((model_cols or history_cols)[0])))
    ax.grid(True, which="both", alpha=0.3)
    _date_axis(ax)
    ax.legend(fontsize=8, ncol=2 if len(wells) > 1 else 1)
    return _png(figure)


# How far below the smallest history rate (or the peak forecast rate, with no history)
# the log axis goes: a decline run to its horizon with no economic limit can reach
# 1e-9 bbl/d, which would squash the part of the chart anyone reads into the top band.
_HISTORY_FLOOR = 0.02
_FORECAST_FLOOR = 1e-3


def _log_rate_limits(
    table: pd.DataFrame, history_cols: list[str], model_cols: list[str]
) -> tuple[float | None, float | None]:
    """Lower and upper y limits of the log rate axis (None when there is nothing positive)."""

    def positive(columns: list[str]) -> pd.Series:
        if not columns:
            return pd.Series(dtype=float)
        values = pd.concat([numeric(table[c]) for c in columns])
        return values[values > 0].dropna()

    history = positive(history_cols)
    model = positive(model_cols)
    every = pd.concat([history, model])
    if every.empty:
        return None, None
    high = float(every.max()) * 1.5
    if not history.empty:
        floor = float(history.min()) * _HISTORY_FLOOR
    else:
        floor = float(model.max()) * _FORECAST_FLOOR
    low = max(float(every.min()) * 0.8, floor)
    return low, high


def cash_flow_chart_png(table: pd.DataFrame, *, title: str) -> bytes:
    """Monthly net cash flow bars and the cumulative cash flow line."""
    if "net_cash_flow" not in table.columns:
        raise ToolError("This table has no net_cash_flow column to chart.")
    flows = numeric(table["net_cash_flow"]).fillna(0)
    if "date" in table.columns and parse_dates(table["date"]).notna().all():
        x = parse_dates(table["date"])
        width = 25
        xlabel = "Month"
    else:
        x = numeric(table["month"]) if "month" in table.columns else pd.Series(range(len(flows)))
        width = 0.8
        xlabel = "Month from start"
    figure, ax = plt.subplots(figsize=(9, 5))
    colours = ["#2a9d8f" if v >= 0 else "#e76f51" for v in flows]
    ax.bar(x, flows, width=width, color=colours, label="net cash flow ($/month)")
    ax.set_ylabel("Net cash flow ($ per month)")
    _thousands(ax.yaxis)
    ax.axhline(0, color="black", lw=0.8)
    twin = ax.twinx()
    twin.plot(x, flows.cumsum(), color="#264653", lw=2, label="cumulative ($)")
    twin.set_ylabel("Cumulative cash flow ($)")
    _thousands(twin.yaxis)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if xlabel == "Month":
        _date_axis(ax)
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + twin.get_legend_handles_labels()[1]
    ax.legend(handles, labels, fontsize=8, loc="lower right")
    ax.grid(True, axis="y", alpha=0.3)
    return _png(figure)


def tornado_chart_png(cases: list[dict[str, Any]], *, base_npv: float, title: str) -> bytes:
    """NPV for each variable moved down and up: bars from the base NPV, widest on top."""
    variables: dict[str, dict[float, float]] = {}
    for case in cases:
        variables.setdefault(str(case["variable"]), {})[float(case["change"])] = float(case["npv"])
    order = sorted(
        variables,
        key=lambda v: max(abs(n - base_npv) for n in variables[v].values()),
    )
    figure, ax = plt.subplots(figsize=(9, max(3.0, 0.7 * len(order) + 1.5)))
    for y, name in enumerate(order):
        for change, value in sorted(variables[name].items()):
            colour = "#e76f51" if change < 0 else "#2a9d8f"
            ax.barh(y, value - base_npv, left=base_npv, color=colour, height=0.6)
            ax.annotate(
                f"{change * 100:+.0f}%",
                (value, y),
                xytext=(4 if value >= base_npv else -4, 0),
                textcoords="offset points",
                ha="left" if value >= base_npv else "right",
                va="center",
                fontsize=8,
            )
    ax.axvline(base_npv, color="black", lw=1)
    ax.margins(x=0.12)
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel(f"NPV ($); base {base_npv:,.0f}")
    _thousands(ax.xaxis)
    ax.set_title(title)
    ax.grid(True, axis="x", alpha=0.3)
    return _png(figure)


def npv_price_chart_png(
    points: list[dict[str, float]],
    *,
    breakeven: float | None,
    title: str,
    unit: str,
    product: str,
) -> bytes:
    """NPV against a flat price, with the break-even price marked where NPV crosses zero."""
    prices = [p["price"] for p in points]
    values = [p["npv"] for p in points]
    figure, ax = plt.subplots(figsize=(9, 5))
    ax.plot(prices, values, marker="o", color="#264653")
    ax.axhline(0, color="black", lw=0.8)
    if breakeven is not None:
        ax.axvline(breakeven, color="#e76f51", ls="--", lw=1)
        ax.annotate(
            f"break-even ${breakeven:,.2f}{unit}",
            (breakeven, 0),
            xytext=(6, 12),
            textcoords="offset points",
            fontsize=9,
            color="#e76f51",
        )
    ax.set_xlabel(f"{product} price (${unit}, flat)")
    ax.set_ylabel("NPV ($)")
    _thousands(ax.yaxis)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return _png(figure)


def emissions_chart_png(table: pd.DataFrame, *, title: str) -> bytes:
    """Emissions by source, tCO2e, horizontal bars coloured by scope."""
    if "co2e_t" not in table.columns:
        raise ToolError("This table has no co2e_t column to chart.")
    label_col = "source" if "source" in table.columns else table.columns[0]
    data = table.assign(_v=numeric(table["co2e_t"]).fillna(0))
    data = data.groupby([label_col, *(["scope"] if "scope" in data else [])], as_index=False)[
        "_v"
    ].sum()
    data = data.sort_values("_v")
    figure, ax = plt.subplots(figsize=(9, max(3, 0.45 * len(data) + 1.5)))
    colours = {1: "#e76f51", 2: "#457b9d"}
    bar_colours = [
        colours.get(int(s), "#888888") if pd.notna(s) else "#888888"
        for s in (data["scope"] if "scope" in data else [None] * len(data))
    ]
    ax.barh(data[label_col].astype(str), data["_v"], color=bar_colours)
    ax.set_xlabel("Emissions (tCO2e)")
    ax.set_title(title)
    _thousands(ax.xaxis)
    ax.grid(True, axis="x", alpha=0.3)
    if "scope" in data:
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(color=c, label=f"Scope {s}") for s, c in colours.items()],
            fontsize=8,
            loc="lower right",
        )
    return _png(figure)


def generic_chart_png(
    table: pd.DataFrame, *, title: str, kind: str, columns: list[str] | None = None
) -> bytes:
    """Numeric columns against the date column (or the row number); line or bar."""
    date_col = find_date_column(table)
    numeric_cols = [
        c for c in table.columns if c != date_col and numeric(table[c]).notna().mean() > 0.5
    ]
    if columns:
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ToolError(
                f"No column(s) {', '.join(missing)}; columns: {', '.join(table.columns)}."
            )
        numeric_cols = columns
    if not numeric_cols:
        raise ToolError("This table has no numeric column to chart.")
    numeric_cols = numeric_cols[:_MAX_SERIES]
    figure, ax = plt.subplots(figsize=(9, 5))
    if date_col is not None:
        x = parse_dates(table[date_col])
        xlabel = str(date_col)
    else:
        label_col = next((c for c in table.columns if c not in numeric_cols), None)
        x = table[label_col].astype(str) if label_col is not None else pd.Series(range(len(table)))
        xlabel = str(label_col) if label_col is not None else "row"
    if kind == "bar" and len(numeric_cols) == 1:
        ax.bar(
            x.astype(str) if date_col is None else x,
            numeric(table[numeric_cols[0]]),
            width=20 if date_col is not None else 0.8,
        )
    else:
        for column in numeric_cols:
            if kind == "bar":
                ax.plot(x, numeric(table[column]), marker="s", ls="none", label=str(column))
            else:
                ax.plot(x, numeric(table[column]), marker=".", label=str(column))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(
        ", ".join(str(c) for c in numeric_cols[:3]) + ("..." if len(numeric_cols) > 3 else "")
    )
    if date_col is not None:
        _date_axis(ax)
    else:
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    _thousands(ax.yaxis)
    if len(numeric_cols) > 1 or kind != "bar":
        ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    return _png(figure)


def fan_chart_png(
    *,
    x: Any,
    p10: Any,
    p50: Any,
    p90: Any,
    title: str,
    ylabel: str,
    members: Any = None,
    history_x: Any = None,
    history_y: Any = None,
    xlabel: str = "Date",
    dates: bool = True,
) -> bytes:
    """A fan: the P10-P90 band shaded, P10/P50/P90 lines (P10 the high case), optional
    faint member curves (the wells of a type curve) and history points; log rate axis."""
    import numpy as np

    figure, ax = plt.subplots(figsize=(9, 5))
    x = np.asarray(x)
    if members is not None:
        for index, member in enumerate(np.asarray(members)[:200]):
            values = np.where(np.asarray(member, float) > 0, member, np.nan)
            ax.plot(
                x,
                values,
                "-",
                color="#999999",
                lw=0.5,
                alpha=0.35,
                label="wells" if index == 0 else None,
            )
    low = np.where(np.asarray(p90, float) > 0, p90, np.nan)
    high = np.where(np.asarray(p10, float) > 0, p10, np.nan)
    middle = np.where(np.asarray(p50, float) > 0, p50, np.nan)
    ax.fill_between(x, low, high, color="#1f77b4", alpha=0.18, label="P90-P10 range")
    ax.plot(x, high, "-", color="#2ca02c", lw=1.5, label="P10 (high)")
    ax.plot(x, middle, "-", color="#1f77b4", lw=2.0, label="P50")
    ax.plot(x, low, "-", color="#d62728", lw=1.5, label="P90 (low)")
    if history_x is not None and history_y is not None:
        hy = np.asarray(history_y, float)
        ax.plot(
            history_x,
            np.where(hy > 0, hy, np.nan),
            "o",
            ms=3,
            color="#333333",
            alpha=0.6,
            label="history",
        )
    ax.set_yscale("log")
    positive = np.concatenate([v[np.isfinite(v)] for v in (low, middle, high)])
    if positive.size:
        ax.set_ylim(
            max(float(positive.min()) * 0.8, float(positive.max()) * 1e-3),
            float(positive.max()) * 1.5,
        )
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    if dates:
        _date_axis(ax)
    ax.legend(fontsize=8)
    return _png(figure)


def _plain_log(axis) -> None:
    """Log-axis ticks as plain numbers (800, 1,000), not powers of ten."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.4g}"))
    axis.set_minor_formatter(FuncFormatter(lambda v, _pos: ""))


def decline_diagnostics_png(wells: list[dict[str, Any]], *, title: str) -> bytes:
    """Three panels per chart: rate vs time (log rate), rate vs cumulative, and the
    b-factor vs time on log-log axes; data as points, the fitted model as lines."""
    import numpy as np

    figure, axes = plt.subplots(1, 3, figsize=(15, 4.8))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    unit = wells[0].get("unit", "") if wells else ""
    for index, well in enumerate(wells[:_MAX_SERIES]):
        colour = colours[index % len(colours)]
        name = f" {well['well']}" if well.get("well") else ""
        axes[0].plot(
            well["t"] / 30.4375,
            well["rate"],
            "o",
            ms=3,
            color=colour,
            alpha=0.6,
            label=f"data{name}",
        )
        axes[0].plot(
            well["model_t"] / 30.4375,
            well["model_rate"],
            "-",
            color=colour,
            lw=1.3,
            label=f"model{name}",
        )
        axes[1].plot(well["cum"], well["rate"], "o", ms=3, color=colour, alpha=0.6)
        axes[1].plot(well["model_cum"], well["model_rate"], "-", color=colour, lw=1.3)
        b = np.asarray(well["b"], float)
        keep = np.isfinite(b) & (b > 0)
        axes[2].plot(well["t"][keep] / 30.4375, b[keep], "o", ms=3, color=colour, alpha=0.6)
        model_b = np.asarray(well["model_b"], float)
        axes[2].plot(
            well["model_t"] / 30.4375,
            np.where(model_b > 0, model_b, np.nan),
            "-",
            color=colour,
            lw=1.3,
        )
    rates = [v for w in wells for v in np.asarray(w["rate"], float) if v > 0]
    for ax in axes[:2]:
        ax.set_yscale("log")
        if rates:
            ax.set_ylim(min(rates) * 0.3, max(rates) * 2.0)
        ax.set_ylabel(f"rate ({unit}/d)")
        ax.grid(True, which="both", alpha=0.3)
        _plain_log(ax.yaxis)
    axes[0].set_xlabel("months since first production")
    axes[0].set_title("Rate vs time")
    axes[0].legend(fontsize=7)
    axes[1].set_xlabel(f"cumulative ({unit})")
    axes[1].set_title("Rate vs cumulative")
    axes[1].xaxis.set_major_locator(MaxNLocator(5))
    _thousands(axes[1].xaxis)
    axes[2].set_xscale("log")
    axes[2].set_yscale("log")
    axes[2].set_xlabel("months since first production")
    axes[2].set_ylabel("b = d(1/D)/dt")
    axes[2].set_title("b-factor (Bourdet derivative)")
    axes[2].set_ylim(0.05, 20)
    _plain_log(axes[2].yaxis)
    _plain_log(axes[2].xaxis)
    axes[2].grid(True, which="both", alpha=0.3)
    figure.suptitle(title)
    return _png(figure)


def _sum_wells(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """A dated table with several wells, summed by date (else one line zig-zags across wells)."""
    from agents.tools.production import find_well_column

    date_col = find_date_column(table)
    well_col = find_well_column(table, None)
    if date_col is None or well_col is None or table[well_col].nunique() < 2:
        return table, ""
    values = [
        c
        for c in table.columns
        if c not in (date_col, well_col) and pd.api.types.is_numeric_dtype(table[c])
    ]
    summed = (
        table.assign(_date=parse_dates(table[date_col]))
        .groupby("_date", as_index=False)[values]
        .sum()
        .rename(columns={"_date": "date"})
    )
    return summed, f"The {table[well_col].nunique()} wells ({well_col}) are summed by date."


def infer_kind(table: pd.DataFrame) -> str:
    names = [str(c) for c in table.columns]
    if "net_cash_flow" in names:
        return "cash_flow"
    if "co2e_t" in names:
        return "emissions"
    if any(n.startswith(("history_", "model_")) for n in names) and "date" in names:
        return "production"
    return "line"


@tool(
    name="chart_row",
    description=(
        "Draw a PNG chart of a table row and add it to the running table: history vs "
        "forecast for decline tables, bars + cumulative line for cash flows, bars by source "
        "for emissions, or a line/bar chart of the numeric columns of any table."
    ),
    parameters={
        "type": "object",
        "properties": {
            "rowid": {"type": "integer", "minimum": 1, "description": "The table row to chart."},
            "kind": {
                "type": "string",
                "enum": list(KINDS),
                "default": "auto",
                "description": "Chart type; 'auto' picks one from the table's columns.",
            },
            "columns": {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": _MAX_SERIES,
                "description": "For line/bar charts: the columns to plot.",
            },
            "title": {"type": "string", "maxLength": 200},
        },
        "required": ["rowid"],
        "additionalProperties": False,
    },
    group="charts",
)
def chart_row(
    ctx: ToolContext,
    *,
    rowid: int,
    kind: str = "auto",
    columns: list[str] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    if kind not in KINDS:
        raise ToolError(f"kind must be one of {', '.join(KINDS)}.")
    ctx.log(f"Reading row {rowid} to chart it...")
    row, table = read_row_frame(ctx, rowid)
    chosen = infer_kind(table) if kind == "auto" else kind
    heading = title or f"{row.description[:70]}"
    ctx.log(f"Drawing a {chosen.replace('_', ' ')} chart...")
    note = ""
    if chosen == "production":
        png = production_chart_png(table, title=heading)
    elif chosen == "cash_flow":
        png = cash_flow_chart_png(table, title=heading)
    elif chosen == "emissions":
        png = emissions_chart_png(table, title=heading)
    else:
        table, note = _sum_wells(table)
        png = generic_chart_png(table, title=heading, kind=chosen, columns=columns)
    if ctx.add_row is None:
        raise ToolError("Charts cannot be stored here (no running table).")
    chart = ctx.add_row(
        type="chart",
        description=f"Chart ({chosen.replace('_', ' ')}) of row {row.rowid}: {heading}",
        data={"source_rowid": row.rowid, "kind": chosen},
        file_name=f"chart_row_{row.rowid}.png",
        content=png,
    )
    used = Inputs()
    used.stated(
        "rowid",
        row.rowid,
        label="Charted row",
        detail=f"'{row.original_name or row.description[:60]}'",
    )
    if kind == "auto":
        used.derived(
            "kind",
            chosen.replace("_", " "),
            label="Chart type",
            how="picked from the table's columns (no type was asked)",
        )
    else:
        used.stated("kind", chosen.replace("_", " "), label="Chart type")
    if columns:
        used.stated("columns", list(columns), label="Columns")
    if note:
        used.assume(note)
    if chosen == "production":
        used.convention(
            "Rates on a log axis; history as points, fitted and forecast rates as lines."
        )
    return used.attach(
        {
            "summary": f"Drew the {chosen.replace('_', ' ')} chart of row {row.rowid} as row "
            f"{chart.rowid}." + (f" {note}" if note else ""),
            "rowid": chart.rowid,
            "kind": chosen,
            "source_rowid": row.rowid,
        }
    )
