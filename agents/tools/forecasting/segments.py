"""Where a decline starts: the peak after a ramp-up, re-fracs that start a new segment,
a flat (choked or facility-limited) period before the decline, and months left out.

All on the well's average rates per period (NaN or <= 0 where the well did not produce).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RAMP_WINDOW_DAYS = 365.0  # the first peak is the highest rate in the first year
REFRAC_JUMP = 1.5  # a re-frac lifts the rate at least this much over the trailing median
REFRAC_SUSTAIN = 1.3  # ... and the next producing periods stay this much above it
PLATEAU_BAND = 0.10  # a flat period stays within this fraction of its level
PLATEAU_MIN = 3  # periods
PLATEAU_SCREEN = 1.15  # a flat start loses less than this from its first to its second quarter


@dataclass(frozen=True)
class Segmentation:
    """Indices into the history's periods."""

    first_peak: int
    refracs: tuple[int, ...]  # peak index of each re-frac segment
    fit_start: int
    plateau_end: int | None  # first index after a flat period that starts at fit_start
    plateau_rate: float | None
    reason: str
    plateau_start: int | None = None  # a candidate flat period's start (before confirming)

    @property
    def starts(self) -> tuple[int, ...]:
        """Where each production segment starts (its peak)."""
        return (self.first_peak, *self.refracs)


def first_peak(start: np.ndarray, rate: np.ndarray) -> int:
    producing = np.flatnonzero(rate > 0)
    if not len(producing):
        raise ValueError("no producing period")
    first = start[producing[0]]
    window = producing[start[producing] < first + RAMP_WINDOW_DAYS]
    return int(window[np.argmax(rate[window])])


def find_refracs(rate: np.ndarray, peak: int) -> list[int]:
    """Peaks of sustained step-ups after the first peak (re-fracs, recompletions)."""
    producing = np.flatnonzero(rate > 0)
    producing = producing[producing > peak]
    found: list[int] = []
    position = 3
    while position < len(producing) - 3:
        index = producing[position]
        trailing = float(np.median(rate[producing[position - 3 : position]]))
        ahead = rate[producing[position + 1 : position + 4]]
        if rate[index] >= REFRAC_JUMP * trailing and np.median(ahead) >= REFRAC_SUSTAIN * trailing:
            window = producing[position : position + 4]
            peak_index = int(window[np.argmax(rate[window])])
            found.append(peak_index)
            position = int(np.searchsorted(producing, peak_index)) + 4
            continue
        position += 1
    return found


def find_plateau(
    rate: np.ndarray, start: int, usable: np.ndarray
) -> tuple[int | None, int | None, float]:
    """(a first guess of where a flat period around ``start`` begins and the index after
    it, its level), or (None, None, 0) when the first months already decline clearly (the
    usual case). A flat period's noisy maximum can sit anywhere in it, so it extends back
    from ``start`` over the periods within its band. The guess is confirmed, or not, by
    comparing fits (``well._confirm_plateau``)."""
    points = np.flatnonzero(usable)
    after = points[points >= start]
    if len(after) < PLATEAU_MIN + 6:
        return None, None, 0.0
    level = float(np.median(rate[after[:PLATEAU_MIN]]))
    before = points[points < start]
    begin = start
    for index in before[::-1]:
        if rate[index] < (1.0 - PLATEAU_BAND) * level:
            break
        begin = int(index)
    points = points[points >= begin]
    head = float(np.median(rate[points[:3]]))
    next_quarter = float(np.median(rate[points[3:6]]))
    if head > PLATEAU_SCREEN * next_quarter:
        return None, None, 0.0
    level = float(np.median(rate[points[:PLATEAU_MIN]]))
    end = PLATEAU_MIN
    while end < len(points) - 4:
        below = rate[points[end : end + 2]] < (1.0 - PLATEAU_BAND) * level
        if below.all():
            break
        end += 1
        level = float(np.median(rate[points[:end]]))
    return begin, int(points[min(end, len(points) - 5)]), level


def segment(
    start: np.ndarray,
    rate: np.ndarray,
    usable: np.ndarray,
    *,
    fit_start: str,
    detect_refracs: bool = True,
    detect_plateau: bool = True,
) -> Segmentation:
    """Decide where the fitted decline starts. ``fit_start``: 'last_peak' (the default:
    the peak of the last segment, after any re-frac), 'first_peak', or a day number
    (days since 1970-01-01) as text: the first producing period from then on."""
    peak = first_peak(start, rate)
    refracs = tuple(find_refracs(rate, peak)) if detect_refracs else ()
    if fit_start == "first_peak":
        begin, reason = peak, "the first peak"
        refracs = ()
    elif fit_start == "last_peak":
        if refracs:
            begin, reason = refracs[-1], "the peak after the last re-frac"
        else:
            begin, reason = peak, "the peak"
    else:
        day = float(fit_start)
        after = np.flatnonzero((start >= day) & usable)
        if not len(after):
            raise ValueError("no producing period on or after the fit start date")
        begin, reason = int(after[0]), "the date asked for"
        refracs = tuple(r for r in refracs if r < begin)
    plateau_start, plateau_end, level = (None, None, 0.0)
    if detect_plateau:
        plateau_start, plateau_end, level = find_plateau(rate, begin, usable)
    return Segmentation(
        first_peak=peak,
        refracs=refracs,
        fit_start=begin,
        plateau_end=plateau_end,
        plateau_rate=level if plateau_end is not None else None,
        reason=reason,
        plateau_start=plateau_start,
    )
