"""One-line economics of a basin: how long the engine takes per well.

    .venv/bin/python bench/economics_wells.py [--wells 2000] [--months 240]

Builds a seeded multi-well forecast (wells x months, oil and gas, staggered first
months), reads it through the economics' column reader, resolves one set of terms
(flat prices, royalty, severance by phase, ad valorem, fixed and variable opex, capex,
abandonment, economic limit) and runs every well (monthly cash flow, NPV, IRR roots,
MIRR, payout), then the one-line table and the project total. As the baseline in the
same run, the same wells' cash flows are computed with a plain Python month loop (the
way the corpus reference does it) on a sample of wells. Prints figures, asserts nothing,
touches no database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django

django.setup()

from agents.tools.economics.cashflow import Case, run  # noqa: E402
from agents.tools.economics.evaluation import Evaluation, Well, run_all  # noqa: E402
from agents.tools.economics.record import InputLog  # noqa: E402
from agents.tools.economics.report import one_line_table  # noqa: E402
from agents.tools.economics.terms import resolve_terms  # noqa: E402
from agents.tools.economics.volumes import align, streams_from_frame  # noqa: E402
from tests.corpus.economics_reference import Terms, monthly, npv  # noqa: E402

ARGUMENTS = {
    "oil_price": 70.0,
    "gas_price": 3.0,
    "royalty": 0.1875,
    "severance_tax_oil": 0.046,
    "severance_tax_gas": 0.075,
    "ad_valorem_tax": 0.02,
    "fixed_opex_per_month": 8000.0,
    "oil_opex_per_bbl": 3.0,
    "capex": [{"amount": 6_000_000.0}],
    "abandonment_cost": 100_000.0,
}


def basin(wells: int, months: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    frames = []
    start = pd.Period("2026-01", "M")
    for k in range(wells):
        qi = rng.uniform(3000, 9000)
        decline = rng.uniform(0.03, 0.08)
        offset = int(rng.integers(0, 24))
        periods = pd.period_range(start + offset, periods=months, freq="M")
        oil = qi * (1 - decline) ** np.arange(months)
        frames.append(
            pd.DataFrame(
                {
                    "well": f"W-{k:05d}",
                    "date": periods.to_timestamp(),
                    "oil_bbl": oil,
                    "gas_mcf": oil * rng.uniform(0.8, 2.5),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wells", type=int, default=2000)
    parser.add_argument("--months", type=int, default=240)
    options = parser.parse_args()
    frame = basin(options.wells, options.months)
    t0 = time.perf_counter()
    streams = streams_from_frame(frame, rowid=1, well=None)
    timeline, volumes, _ = align(streams, effective=None, horizon_months=None)
    t1 = time.perf_counter()
    log = InputLog()
    terms = resolve_terms(
        ARGUMENTS, None, log, timeline=timeline, sold={"oil", "gas"}, produced_water=False
    )
    cases = [
        Case(
            volumes=v,
            timeline=timeline,
            pricing=terms.pricing,
            interests=terms.interests,
            taxes=terms.taxes,
            costs=terms.costs,
            economic_limit=terms.economic_limit,
            well=s.well,
        )
        for s, v in zip(streams, volumes, strict=True)
    ]
    evaluation = Evaluation(
        log, timeline, terms, cases, [Well(s.well, "PDP", 1.0) for s in streams], ["bench"]
    )
    t2 = time.perf_counter()
    run_all(evaluation)
    t3 = time.perf_counter()
    lines = one_line_table(evaluation)
    t4 = time.perf_counter()
    engine_only = time.perf_counter()
    for case in cases[:200]:
        run(case)
    engine_only = (time.perf_counter() - engine_only) / min(200, len(cases))
    sample = min(50, len(streams))
    reference = Terms(
        oil=70.0,
        gas=3.0,
        royalty=0.1875,
        sev_oil=0.046,
        sev_gas=0.075,
        ad_valorem=0.02,
        fixed=8000.0,
        oil_opex=3.0,
        capex=[(0, 6_000_000.0)],
        abandonment=100_000.0,
    )
    t5 = time.perf_counter()
    for s in streams[:sample]:
        flows = monthly(reference, list(s.oil), list(s.gas), (s.start.year, s.start.month))
        npv(reference, flows)
    loop = (time.perf_counter() - t5) / sample
    per_well = (t3 - t2) / len(cases)
    print(f"wells {len(cases):,} x {options.months} months ({len(frame):,} rows)")
    print(f"read the forecast by its columns: {t1 - t0:.2f} s")
    print(f"run every well (cash flow, NPV, IRR roots, MIRR, payout): {t3 - t2:.2f} s")
    print(f"  per well: {per_well * 1000:.2f} ms; the cash flow alone {engine_only * 1000:.2f} ms")
    print(f"one-line table with totals: {t4 - t3:.2f} s ({len(lines):,} lines)")
    print(f"baseline, a plain Python month loop per well: {loop * 1000:.2f} ms")
    print(f"ratio, baseline loop / engine cash flow: {loop / engine_only:.1f}x")
    print(f"project NPV10 ${lines.iloc[-1]['npv10']:,.0f}")


if __name__ == "__main__":
    main()
