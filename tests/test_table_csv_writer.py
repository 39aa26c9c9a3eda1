"""The CSV a tool's table row stores is the one pandas writes, byte for byte.

``agents.tools.common.frame_to_csv`` writes plain frames a column at a time (a
basin's forecast has tens of millions of cells); the reference is pandas' own
``to_csv(index=False, float_format="%.10g", date_format="%Y-%m-%d")`` of the
neutralised frame, with cells chosen to hit every rule: float magnitudes that
switch ``%g`` to exponents, NaN, infinities, negative zero, float32, integers,
booleans, dates with times and NaT, text with commas, quotes, line breaks and
formula prefixes, one-column frames with empty cells, and the frames only
pandas writes (objects holding numbers, nullable integers, no rows).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from agents.tools.common import _plain_csv, frame_to_csv
from project.cells import neutralise_frame


def pandas_csv(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    neutralise_frame(frame).to_csv(
        buffer, index=False, float_format="%.10g", date_format="%Y-%m-%d"
    )
    return buffer.getvalue().encode("utf-8")


def basin_forecast(wells: int = 40, months: int = 60) -> pd.DataFrame:
    """The shape of a decline forecast: well, date text, segment, rates, volumes, cum."""
    rng = np.random.default_rng(11)
    n = wells * months
    rate = rng.lognormal(5, 1.5, n)
    history = np.where(np.tile(np.arange(months), wells) < 24, rate * 1.01, np.nan)
    return pd.DataFrame(
        {
            "well": np.repeat([f"Hawkins {i}-12H, Unit B" for i in range(wells)], months),
            "date": np.tile(
                np.datetime_as_string(np.arange(months).astype("datetime64[M]"), unit="D"),
                wells,
            ),
            "days": np.tile(np.full(months, 30.4375), wells),
            "segment": np.tile(["history"] * 24 + ["forecast"] * (months - 24), wells),
            "history_oil_rate_bbl_d": history,
            "model_oil_rate_bbl_d": rate,
            "oil_bbl": rate * 30.4375,
            "cum_oil_bbl": np.cumsum(rate * 30.4375),
        }
    )


FLOATS = [
    0.0,
    -0.0,
    1.0,
    100.0,
    0.1,
    1 / 3,
    2 / 3 * 1e-5,
    1e-4,
    9.999999999e-5,
    123456.789012345,
    1234567890.0,
    12345678901.0,
    9999999999.5,
    1e16,
    1.7976931348623157e308,
    5e-324,
    float("nan"),
    float("inf"),
    float("-inf"),
    -42.000000001,
    0.30000000000000004,
]


def test_a_basin_forecast_is_written_as_pandas_writes_it():
    frame = basin_forecast()
    assert frame_to_csv(frame) == pandas_csv(frame)
    # Written column-wise, not handed to pandas.
    assert _plain_csv(neutralise_frame(frame)) is not None


def test_floats_of_every_magnitude_and_missing_cells_match():
    with np.errstate(over="ignore"):  # the largest float64 is inf as a float32
        rate32 = np.array(FLOATS).astype(np.float32)
    frame = pd.DataFrame(
        {
            "rate": FLOATS,
            "rate32": rate32,
            "tenths": np.arange(len(FLOATS)) / 10,
        }
    )
    written = frame_to_csv(frame)
    assert written == pandas_csv(frame)
    lines = written.decode().splitlines()
    assert lines[0] == "rate,rate32,tenths"
    assert lines[1:4] == ["0,0,0", "-0,-0,0.1", "1,1,0.2"]
    assert lines[17].startswith(",,")  # NaN is an empty cell, in float64 and float32
    assert lines[18].startswith("inf,inf,")


def test_columns_of_few_values_and_mostly_missing_columns_match():
    rng = np.random.default_rng(5)
    n = 20_000
    days = rng.choice([28.0, 29.0, 30.0, 31.0, 30.4375, np.nan], n)
    with_negative_zero = rng.choice([0.0, -0.0, 1.5, np.inf], n)
    mostly_missing = np.where(rng.random(n) < 0.8, np.nan, rng.lognormal(5, 2, n))
    frame = pd.DataFrame(
        {
            "days": days,
            "flag": with_negative_zero,
            "history": mostly_missing,
            "flat": np.full(n, 1 / 3, dtype=np.float32),
        }
    )
    written = frame_to_csv(frame)
    assert written == pandas_csv(frame)
    assert "-0" in {line.split(",")[1] for line in written.decode().splitlines()[1:]}


def test_integers_booleans_and_dates_with_times_and_gaps_match():
    dates = pd.Series(pd.to_datetime(["2024-01-31 13:45", None, "1999-12-01"], format="mixed"))
    frame = pd.DataFrame(
        {
            "api": np.array([4212345678, -1, 0], dtype=np.int64),
            "count": np.array([1, 2, 3], dtype=np.uint8),
            "producing": [True, False, True],
            "first_production": dates,
        }
    )
    written = frame_to_csv(frame)
    assert written == pandas_csv(frame)
    assert written.decode().splitlines()[1:] == [
        "4212345678,1,True,2024-01-31",
        "-1,2,False,",
        "0,3,True,1999-12-01",
    ]


@pytest.mark.parametrize("dtype", [object, "string"])
def test_text_that_needs_quoting_or_neutralising_matches(dtype):
    texts = [
        "Smith 1-23H, Unit B",
        'the "Hawkins" lease',
        "two\nlines",
        "carriage\rreturn",
        '=HYPERLINK("http://x")',
        "+1 well",
        "",
        None,
        "  leading blanks",
        "Prudhoe ÅÉ 油井",
        "plain",
    ]
    frame = pd.DataFrame(
        {"well": pd.Series(texts, dtype=dtype), "oil, bbl": np.arange(len(texts)) * 1.5}
    )
    written = frame_to_csv(frame)
    assert written == pandas_csv(frame)
    assert written.decode().startswith('well,"oil, bbl"\n"Smith 1-23H, Unit B",0\n')


def test_a_one_column_frame_with_empty_cells_matches():
    for frame in (
        pd.DataFrame({"note": ["a", "", None, "b"]}),
        pd.DataFrame({"rate": [1.5, float("nan"), 2.0]}),
        pd.DataFrame({"": [1, 2]}),
    ):
        assert frame_to_csv(frame) == pandas_csv(frame), frame


def test_frames_only_pandas_writes_still_match():
    frames = [
        pd.DataFrame({"mixed": [1.23456789012345, "text", None, 7]}),
        pd.DataFrame({"wells": pd.array([1, None, 3], dtype="Int64")}),
        pd.DataFrame({"rate": pd.Series([], dtype=float), "well": pd.Series([], dtype=object)}),
        pd.DataFrame(),
        pd.DataFrame({"when": pd.to_datetime(["2024-01-01"]).tz_localize("UTC")}),
        pd.DataFrame({"month": pd.period_range("2024-01", periods=3, freq="M")}),
    ]
    for frame in frames:
        assert frame_to_csv(frame) == pandas_csv(frame), frame
