"""How fast the decline engine fits wells: CPU per well, wells per second, and the time a
basin (10,000 wells x 120 months) would take on N worker processes.

    .venv/bin/python bench/fit_speed.py                     # 300 wells, one process
    .venv/bin/python bench/fit_speed.py --wells 2000 --processes 2
    .venv/bin/python bench/fit_speed.py --uncertainty bootstrap --wells 50

Wells are synthetic (petbox-dca's modified hyperbolic with random qi, Di, b, 5 % noise,
a ramp-up), seeded. It measures, in the same run:

- ``read``: turning the table into per-well histories (``history.read_histories``);
- ``fit``: ``pipeline.forecast_well`` with the default model set (exponential, harmonic,
  hyperbolic, modified hyperbolic; best by AIC; forecast to 30 years), per well, CPU;
- ``job``: the same through the job payloads (``forecast_well_item``, the JSON codec both
  ways), which is what a worker runs;
- ``baseline``: the engine before issue 8 (scipy least squares on mid-month rates from
  nine starting points per model), for the ratio;
- with ``--processes``: wall time of the ``job`` step over a process pool.

It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from petbox import dca
from scipy.optimize import least_squares

from agents.jobs import codec
from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import history as H
from agents.tools.forecasting.payload import history_item, options_payload
from agents.tools.forecasting.pipeline import forecast_well, forecast_well_item
from agents.tools.forecasting.well import WellOptions

MONTHS = 120


def synthetic_table(wells: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    starts = pd.date_range("2014-01-01", periods=MONTHS, freq="MS")
    edges = np.r_[0.0, np.cumsum(starts.days_in_month.to_numpy(float))]
    parts = []
    for index in range(wells):
        qi = float(rng.lognormal(math.log(600), 0.4))
        d = float(rng.uniform(1.0, 3.0))
        b = float(rng.uniform(0.3, 1.5))
        curve = dca.MH(qi=qi, Di=1 - (1 + b * d) ** (-1 / b), bi=b, Dterm=0.06)
        ramp = int(rng.integers(0, 3))
        volumes = np.zeros(MONTHS)
        volumes[ramp:] = np.diff(curve.cum(edges[ramp:] - edges[ramp]))
        volumes[:ramp] = volumes[ramp] * 0.4
        volumes *= np.exp(rng.normal(0, 0.05, MONTHS))
        parts.append(pd.DataFrame({"API": f"42-{index:06d}", "Date": starts, "Oil (bbl)": volumes}))
    return pd.concat(parts, ignore_index=True)


def baseline_fit(history: H.WellHistory) -> None:
    """The pre-issue-8 fit: four Arps models, nine least-squares starts each, mid-month
    instantaneous rates."""
    rate = history.volumes["oil"] / history.days
    peak = int(np.argmax(rate[:12]))
    t = (history.start[peak:] - history.start[peak] + history.days[peak:] / 2) / 365.25
    q = rate[peak:]
    log_q = np.log(q)
    dmin = -math.log(1 - 0.06)

    def curve(kind, x):
        qi, d = math.exp(x[0]), math.exp(x[1])
        b = {"exponential": 0.0, "harmonic": 1.0}.get(kind, x[2] if len(x) > 2 else 0.0)
        if b == 0:
            return qi * np.exp(-d * t)
        out = qi * (1 + b * d * t) ** (-1 / b)
        if kind == "modified_hyperbolic" and d > dmin:
            ts = (d / dmin - 1) / (b * d)
            qs = qi * (1 + b * d * ts) ** (-1 / b)
            out = np.where(t <= ts, out, qs * np.exp(-dmin * (t - ts)))
        return out

    for kind in ("exponential", "harmonic", "hyperbolic", "modified_hyperbolic"):
        k = 2 if kind in ("exponential", "harmonic") else 3
        lower = [math.log(0.2 * q.max()), math.log(1e-3)] + ([0.01] if k == 3 else [])
        upper = [math.log(20 * q.max()), math.log(500.0)] + ([2.0] if k == 3 else [])
        for d0 in (0.5, 1.5, 5.0):
            for b0 in (0.5, 1.0, 1.5) if k == 3 else (None,):
                x0 = [math.log(q.max()), math.log(d0)] + ([b0] if b0 else [])
                least_squares(
                    lambda x, kind=kind: np.log(np.maximum(curve(kind, x), 1e-300)) - log_q,
                    x0,
                    bounds=(lower, upper),
                    method="trf",
                )


def run_chunk(args: tuple[list[str], str]) -> int:
    items, options = args
    for text in items:
        codec.dumps(forecast_well_item(codec.loads(text), options=codec.loads(options)))
    return len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wells", type=int, default=300)
    parser.add_argument("--processes", type=int, default=0)
    parser.add_argument("--uncertainty", choices=["bootstrap", "covariance"], default=None)
    parser.add_argument("--baseline-wells", type=int, default=60)
    args = parser.parse_args()

    table = synthetic_table(args.wells)
    started = time.process_time()
    columns, phase = H.find_columns(table)
    histories, _, _ = H.read_histories(table, columns)
    read = time.process_time() - started
    options = WellOptions(
        phase=phase,
        fit=F.FitOptions(dmin=-math.log(1 - 0.06)),
        uncertainty=args.uncertainty,
        samples=100,
    )
    print(f"{len(histories):,} wells x {MONTHS} months")
    print(f"read       {read * 1000 / len(histories):7.2f} ms CPU per well")

    forecast_well(histories[0], options)  # warm-up: imports, first calls
    started = time.process_time()
    families: dict[str, int] = {}
    for history in histories:
        result = forecast_well(history, options)
        families[result.family] = families.get(result.family, 0) + 1
    fit = (time.process_time() - started) / len(histories)
    print(f"fit        {fit * 1000:7.2f} ms CPU per well  ({1 / fit:,.0f} wells/s per process)")
    print(f"           best models: {families}")

    shared = codec.dumps(options_payload(options))
    items = [codec.dumps(history_item(h)) for h in histories]
    started = time.process_time()
    run_chunk((items, shared))
    job = (time.process_time() - started) / len(histories)
    print(f"job        {job * 1000:7.2f} ms CPU per well, with the payload codec both ways")

    sample = histories[: args.baseline_wells]
    started = time.process_time()
    for history in sample:
        baseline_fit(history)
    baseline = (time.process_time() - started) / len(sample)
    print(
        f"baseline   {baseline * 1000:7.2f} ms CPU per well (pre-issue-8 fit, no forecast): "
        f"the engine is {baseline / fit:.1f}x faster"
    )
    projected = 10_000 * job
    print(
        f"10,000 wells at this rate: {projected:,.0f} s CPU ({projected / 2:,.0f} s on 2 processes)"
    )

    if args.processes:
        chunks = [items[i :: args.processes * 8] for i in range(args.processes * 8)]
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
            pool.map(run_chunk, [(items[:2], shared)] * args.processes)  # warm the workers
            warmed = time.perf_counter()
            done = sum(pool.map(run_chunk, [(c, shared) for c in chunks]))
        wall = time.perf_counter() - warmed
        print(
            f"pool       {done:,} wells on {args.processes} processes in {wall:.2f} s wall "
            f"({done / wall:,.0f} wells/s; 10,000 wells: {10_000 / (done / wall):,.0f} s); "
            f"start-up {warmed - started:.2f} s"
        )


if __name__ == "__main__":
    main()
