"""The fan-out interface as a tool author uses it: a tool returns ``fan_out(...)`` and a
direct call of the tool gets the finished result, with the same codec as the workers."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pandas as pd
import pytest

from agents.jobs import FanOut, ItemFailed, JobCancelled, PayloadError, codec, fan_out
from agents.jobs.fanout import chunk_bounds
from agents.tools import registry
from agents.tools.registry import ToolContext, ToolError, tool

# --- module-level functions a worker can import -------------------------------------


def square_plus(item, *, offset):
    if item == 13:
        raise ToolError("thirteen is unlucky")
    return {"x": item, "y": item * item + offset}


def collect(ctx, results, *, label):
    failed = [r.message for r in results if isinstance(r, ItemFailed)]
    good = [r for r in results if not isinstance(r, ItemFailed)]
    return {
        "summary": f"{label}: {len(good)} done, {len(failed)} failed",
        "ys": [r["y"] for r in good],
        "failed": failed,
    }


def broken(item):
    raise ZeroDivisionError("a bug, not a bad item")


def first_pass(ctx, results):
    # A second pass over what the first one made.
    return fan_out(each=halve, items=[r["y"] for r in results], then=total_of)


def halve(item):
    return item / 2


def total_of(ctx, results):
    return {"summary": "total", "total": sum(results)}


def echo(item):
    return item


def keep(ctx, results):
    return {"summary": "kept", "results": results}


@pytest.fixture
def squares():
    """A tool that squares numbers on the workers, registered for this test only."""

    @tool(
        name="test_fanout_squares",
        description="Squares numbers on the workers (a test tool).",
        parameters={"type": "object", "properties": {"n": {"type": "integer"}}},
        group="tests",
    )
    def squares(ctx, *, n, offset=0, chunk_size=None):
        return fan_out(
            each=square_plus,
            items=list(range(n)),
            shared={"offset": offset},
            then=collect,
            state={"label": "squares"},
            progress="Squared {done:,} of {total:,} numbers.",
            chunk_size=chunk_size,
        )

    yield squares
    registry._REGISTRY.pop("test_fanout_squares")


class Recorder:
    """A context whose progress lines are kept, and that can be stopped after some calls."""

    def __init__(self, *, stop_after: int | None = None) -> None:
        self.progress: list[tuple[int, int, str]] = []
        self.stop_after = stop_after

    def context(self) -> ToolContext:
        return ToolContext(
            user=None,
            conversation=None,
            progress=lambda done, total, line: self.progress.append((done, total, line)),
            cancelled=lambda: self.stop_after is not None and len(self.progress) >= self.stop_after,
        )


# --- the tool author's view ----------------------------------------------------------


def test_a_direct_call_of_a_fan_out_tool_returns_the_finished_result_in_item_order(squares):
    recorder = Recorder()
    result = squares(recorder.context(), n=40, offset=1)
    expected = [i * i + 1 for i in range(40) if i != 13]
    assert result["ys"] == expected
    assert result["summary"] == "squares: 39 done, 1 failed"


def test_an_item_that_raises_tool_error_becomes_item_failed_in_its_place(squares):
    result = squares(Recorder().context(), n=15, chunk_size=4)
    assert result["failed"] == ["thirteen is unlucky"]
    assert len(result["ys"]) == 14


def test_progress_is_reported_after_each_chunk_up_to_the_total(squares):
    recorder = Recorder()
    squares(recorder.context(), n=10, chunk_size=3)
    assert [(done, total) for done, total, _ in recorder.progress] == [
        (3, 10),
        (6, 10),
        (9, 10),
        (10, 10),
    ]
    assert recorder.progress[-1][2] == "Squared 10 of 10 numbers."


def test_the_registry_runs_the_tool_as_written_and_its_call_finishes_it(squares):
    from agents.tools.registry import get_tool

    registered = get_tool("test_fanout_squares")
    assert isinstance(registered.func(Recorder().context(), n=3), FanOut)
    assert registered(Recorder().context(), n=3)["ys"] == [0, 1, 4]


def test_a_stop_ends_the_loop_between_chunks(squares):
    recorder = Recorder(stop_after=2)
    with pytest.raises(JobCancelled):
        squares(recorder.context(), n=100, chunk_size=10)
    assert len(recorder.progress) == 2


def test_an_exception_that_is_not_a_tool_error_fails_the_tool():
    plan = fan_out(each=broken, items=[1, 2], then=keep)
    from agents.jobs import resolve_inline

    with pytest.raises(ZeroDivisionError):
        resolve_inline(Recorder().context(), plan)


def test_then_may_return_a_second_fan_out():
    from agents.jobs import resolve_inline

    plan = fan_out(each=square_plus, items=[1, 2, 3], shared={"offset": 0}, then=first_pass)
    assert resolve_inline(Recorder().context(), plan) == {"summary": "total", "total": 7.0}


def test_each_and_then_must_be_functions_a_worker_can_import():
    def local(item):
        return item

    with pytest.raises(ValueError, match="top level"):
        fan_out(each=local, items=[1], then=keep)
    with pytest.raises(ValueError, match="top level"):
        fan_out(each=lambda item: item, items=[1], then=keep)
    with pytest.raises(TypeError, match="list"):
        fan_out(each=echo, items=(1, 2), then=keep)
    with pytest.raises(KeyError):
        fan_out(each=echo, items=[1], then=keep, progress="{done} of {wells}")


def test_what_the_codec_cannot_carry_fails_in_a_direct_call_too():
    from agents.jobs import resolve_inline

    with pytest.raises(PayloadError, match="DataFrame"):
        resolve_inline(
            Recorder().context(),
            fan_out(each=echo, items=[pd.DataFrame({"a": [1]})], then=keep),
        )
    with pytest.raises(PayloadError, match="set"):
        resolve_inline(Recorder().context(), fan_out(each=echo, items=[{1, 2}], then=keep))


def test_items_reach_each_as_a_worker_would_receive_them():
    from agents.jobs import resolve_inline

    items = [{"days": np.array([31.0, 28.0]), 7: "seven", "pair": (1, 2)}]
    (got,) = resolve_inline(Recorder().context(), fan_out(each=echo, items=items, then=keep))[
        "results"
    ]
    np.testing.assert_array_equal(got["days"], [31.0, 28.0])
    assert got["7"] == "seven"  # JSON keys are strings, in every mode
    assert got["pair"] == [1, 2]


# --- the codec -----------------------------------------------------------------------


def test_the_codec_brings_back_numpy_arrays_with_their_dtype_and_shape():
    values = {
        "f": np.array([[1.5, np.nan], [np.inf, -0.1]]),
        "i": np.arange(6, dtype="int32").reshape(3, 2),
        "b": np.array([True, False]),
        "d": np.array(["2024-01-01", "2024-02-29"], dtype="datetime64[D]"),
        "ns": pd.to_datetime(["2024-03-01 12:00"]).to_numpy(),
    }
    back = codec.loads(codec.dumps(values))
    for key, array in values.items():
        assert back[key].dtype == array.dtype, key
        assert back[key].shape == array.shape, key
        np.testing.assert_array_equal(back[key], array)


def test_the_codec_keeps_floats_exactly_and_dates_as_dates():
    value = {
        "third": 1 / 3,
        "big": 1e300,
        "nan": math.nan,
        "scalar": np.float64(2.5),
        "count": np.int64(7),
        "flag": np.bool_(True),
        "day": dt.date(2024, 2, 29),
        "when": dt.datetime(2024, 2, 29, 13, 45, tzinfo=dt.UTC),
        "stamp": pd.Timestamp("2023-12-01"),
        "failed": ItemFailed("no data"),
    }
    back = codec.loads(codec.dumps(value))
    assert back["third"] == 1 / 3 and back["big"] == 1e300 and math.isnan(back["nan"])
    assert type(back["scalar"]) is float and type(back["count"]) is int and back["flag"] is True
    assert back["day"] == dt.date(2024, 2, 29)
    assert back["when"] == dt.datetime(2024, 2, 29, 13, 45, tzinfo=dt.UTC)
    assert back["stamp"] == dt.datetime(2023, 12, 1)
    assert back["failed"] == ItemFailed("no data")


def test_the_codec_refuses_object_arrays():
    with pytest.raises(PayloadError, match="dtype object"):
        codec.dumps(np.array(["a", None], dtype=object))


# --- chunks --------------------------------------------------------------------------


@pytest.mark.parametrize("total", [1, 5, 31, 32, 33, 1000, 10_000, 123_457])
def test_chunks_cover_every_item_once_in_order(total):
    bounds = chunk_bounds(total)
    assert bounds[0][0] == 0 and bounds[-1][1] == total
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert len(bounds) <= max(32, math.ceil(total / 1000))
    sizes = {stop - start for start, stop in bounds[:-1]}
    assert len(sizes) <= 1  # equal chunks but the last


def test_an_explicit_chunk_size_is_kept_and_nothing_is_made_of_no_items(squares):
    assert chunk_bounds(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert chunk_bounds(0) == []
    result = squares(Recorder().context(), n=0)
    assert result["ys"] == []
