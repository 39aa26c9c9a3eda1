"""Wells, options and results as job payloads (``agents.jobs.codec``: JSON and numpy).

A history goes to a worker as plain arrays; what comes back is the well's decisions
(where its decline starts, the winning model's parameters, the fits' statistics, the
ratio models, uncertainty and hindcast figures), small enough to cross a broker for
10,000 wells. ``rebuild`` turns it back into a ``WellResult`` beside its history,
recomputing the forecast volumes from the parameters (exact and cheap).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np

from agents.tools.forecasting import fitting as F
from agents.tools.forecasting import models as M
from agents.tools.forecasting import secondary as Y
from agents.tools.forecasting.history import PHASE_UNITS, WellHistory
from agents.tools.forecasting.segments import Segmentation
from agents.tools.forecasting.well import (
    EarlierSegment,
    SecondaryResult,
    WellOptions,
    WellResult,
    complete,
)


def _plain(value: Any) -> Any:
    """An attribute value the codec carries (numbers, text, dates)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, str | int | float | bool | dt.date) or value is None:
        return value
    return str(value)


def history_item(history: WellHistory) -> dict[str, Any]:
    return {
        "well": history.well,
        "frequency": history.frequency,
        "start": np.asarray(history.start, dtype=np.int64),
        "days": np.asarray(history.days, dtype=float),
        "volumes": {k: np.asarray(v, dtype=float) for k, v in history.volumes.items()},
        "on_days": None if history.on_days is None else np.asarray(history.on_days, dtype=float),
        "attributes": {str(k): _plain(v) for k, v in history.attributes.items()},
        "notes": list(history.notes),
    }


def history_from(item: dict[str, Any]) -> WellHistory:
    return WellHistory(
        well=item["well"],
        frequency=item["frequency"],
        start=np.asarray(item["start"], dtype=np.int64),
        days=np.asarray(item["days"], dtype=float),
        volumes={k: np.asarray(v, dtype=float) for k, v in item["volumes"].items()},
        on_days=None if item["on_days"] is None else np.asarray(item["on_days"], dtype=float),
        attributes=dict(item["attributes"]),
        notes=list(item["notes"]),
    )


def options_payload(options: WellOptions) -> dict[str, Any]:
    return dataclasses.asdict(options)


def options_from(data: dict[str, Any]) -> WellOptions:
    values = dict(data)
    values["fit"] = F.FitOptions(**values["fit"])
    values["models"] = tuple(values["models"])
    values["secondary"] = tuple(values["secondary"])
    values["exclude"] = tuple(tuple(pair) for pair in values["exclude"])
    return WellOptions(**values)


def result_payload(result: WellResult) -> dict[str, Any]:
    if not result.ok:
        return {"ok": False, "well": result.well, "error": result.error}
    seg = result.segmentation
    assert seg is not None and result.curve is not None
    return {
        "ok": True,
        "well": result.well,
        "family": result.family,
        "why": result.why,
        "curve": result.curve.spec(),
        "fits": result.fits,
        "origin_day": result.origin_day,
        "segmentation": dataclasses.asdict(seg),
        "earlier": [
            {
                "first": e.first,
                "last": e.last,
                "origin_day": e.origin_day,
                "family": e.family,
                "curve": e.curve.spec(),
            }
            for e in result.earlier
        ],
        "secondary": {
            phase: {
                "ratio_name": s.ratio_name,
                "ratio_unit": s.ratio_unit,
                "display_factor": s.display_factor,
                "model": dataclasses.asdict(s.model),
                "note": s.note,
            }
            for phase, s in result.secondary.items()
        },
        "uncertainty": result.uncertainty,
        "hindcast": result.hindcast,
        "notes": result.notes,
    }


def rebuild(history: WellHistory, payload: dict[str, Any], options: WellOptions) -> WellResult:
    """The full result of a well from what its job returned."""
    result = WellResult(
        well=history.well, phase=options.phase, unit=PHASE_UNITS[options.phase], history=history
    )
    if not payload.get("ok"):
        result.ok = False
        result.error = str(payload.get("error") or "not fitted")
        return result
    seg = dict(payload["segmentation"])
    seg["refracs"] = tuple(seg["refracs"])
    result.segmentation = Segmentation(**seg)
    result.family = payload["family"]
    result.why = payload["why"]
    result.curve = M.from_spec(payload["curve"])
    result.fits = payload["fits"]
    result.origin_day = float(payload["origin_day"])
    result.earlier = [
        EarlierSegment(
            first=int(e["first"]),
            last=int(e["last"]),
            origin_day=float(e["origin_day"]),
            family=e["family"],
            curve=M.from_spec(e["curve"]),
        )
        for e in payload["earlier"]
    ]
    result.secondary = {
        phase: SecondaryResult(
            phase=phase,
            ratio_name=s["ratio_name"],
            ratio_unit=s["ratio_unit"],
            display_factor=float(s["display_factor"]),
            model=Y.RatioModel(**s["model"]),
            note=s["note"],
        )
        for phase, s in payload["secondary"].items()
    }
    result.uncertainty = payload.get("uncertainty")
    result.hindcast = payload.get("hindcast")
    result.notes = list(payload.get("notes") or [])
    complete(result, options)
    return result
