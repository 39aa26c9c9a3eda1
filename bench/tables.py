"""Reading big and hostile tables: time, and how long the reader holds the GIL.

    .venv/bin/python bench/tables.py [--wells 10000] [--months 120]

Builds a basin export (wells x months rows, gzipped CSV, seeded), then reads
it with ``files.tables.read_table`` and, as the baseline in the same run,
the way the project read tables before (the whole text decoded, then
pandas' C parser). While each read runs, a "ticker" thread asks for the GIL
every millisecond and records its longest wait: that is how long every
other request and stream of the web process would stall. Then an xlsx
shared-strings bomb and a gzip bomb are read and their refusals timed.
Prints figures, asserts nothing, writes only to a temporary directory.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django

django.setup()

from files.tables import TableReadError, read_table  # noqa: E402
from tests.test_table_reading import _shared_strings, _xlsx_with_shared_strings  # noqa: E402


class Ticker(threading.Thread):
    """Sleeps 1 ms in a loop and records the longest gap between wake-ups."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.longest = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        last = time.perf_counter()
        while not self._halt.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.longest


def timed(label: str, function) -> None:
    ticker = Ticker()
    ticker.start()
    started = time.perf_counter()
    try:
        result = function()
        outcome = f"{len(result):,} rows" if hasattr(result, "__len__") else str(result)
    except TableReadError as exc:
        outcome = f"refused: {str(exc)[:70]}..."
    elapsed = time.perf_counter() - started
    stall = ticker.stop()
    print(f"{label:<44} {elapsed:7.2f} s   longest GIL stall {stall * 1000:7.1f} ms   {outcome}")


def old_reader(path: str) -> pd.DataFrame:
    raw = gzip.decompress(Path(path).read_bytes())
    return pd.read_csv(io.StringIO(raw.decode("utf-8-sig")), skipinitialspace=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wells", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    generator = np.random.default_rng(1)
    qi = generator.uniform(200, 1500, args.wells)
    months = np.arange(args.months)
    frame = pd.DataFrame(
        {
            "well_name": np.repeat([f"Well {i:05d}" for i in range(args.wells)], args.months),
            "date": np.tile(
                pd.date_range("2015-01-01", periods=args.months, freq="MS").strftime("%Y-%m-%d"),
                args.wells,
            ),
            "oil_bbl": np.round((qi[:, None] * np.exp(-0.04 * months[None, :])).ravel(), 1),
            "gas_mcf": np.round((qi[:, None] * 3.1 * np.exp(-0.05 * months[None, :])).ravel(), 1),
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        export = os.path.join(folder, "basin.csv.gz")
        text = frame.to_csv(index=False).encode()
        Path(export).write_bytes(gzip.compress(text, compresslevel=6))
        print(
            f"basin export: {len(frame):,} rows, {len(text) / 1e6:.1f} MB of text, "
            f"{os.path.getsize(export) / 1e6:.1f} MB gzipped\n"
        )
        for _ in range(2):  # a warm-up pass, then the figures
            timed("baseline: decode + pandas C parser", lambda: old_reader(export))
            timed("read_table (pyarrow, column-wise)", lambda: read_table(export, "basin.csv.gz"))
            timed("read_table preview (50 rows)", lambda: read_table(export, "b.csv.gz", nrows=50))
            print()

        bomb = os.path.join(folder, "bomb.xlsx")
        strings = _shared_strings(5_000_000)
        Path(bomb).write_bytes(_xlsx_with_shared_strings(strings))
        size = os.path.getsize(bomb) / 1e3
        print(f"xlsx bomb: {size:.0f} KB expanding to {len(strings) / 1e6:.0f} MB")
        timed(
            "xlsx bomb, MAX_TABLE_BYTES 64 MB (refused)",
            lambda: read_table(bomb, "bomb.xlsx", nrows=50, max_bytes=64 * 1024**2),
        )
        timed(
            "xlsx bomb under the limit, 5 s deadline",
            lambda: read_table(bomb, "bomb.xlsx", nrows=50, timeout=5),
        )
        gz_bomb = os.path.join(folder, "bomb.csv.gz")
        with gzip.open(gz_bomb, "wb", compresslevel=9) as handle:
            block = b"1,2,3\n" * 170_000
            for _ in range(1000):
                handle.write(block)
        print(f"gzip bomb: {os.path.getsize(gz_bomb) / 1e3:.0f} KB expanding to 1,020 MB")
        timed("gzip bomb, full read (refused)", lambda: read_table(gz_bomb, "bomb.csv.gz"))
        timed("gzip bomb, preview", lambda: read_table(gz_bomb, "bomb.csv.gz", nrows=50))


if __name__ == "__main__":
    main()
