"""Decline models: rate, cumulative, decline and b-factor over time, as closed forms.

Time is in days from the model's start (t = 0: the first day of the fitted segment), rates
per day, nominal declines per year (``conventions``). Every model matches petbox-dca's
(the tests compare rate and cumulative at 1e-6) and can build that petbox-dca object; the
closed forms here are what the fits evaluate, vectorised and fast.

- ``ArpsChain``: consecutive Arps segments (exponential b = 0, hyperbolic, harmonic b = 1,
  flat d = 0), each continuous in rate and decline unless it restarts the rate (a re-frac).
  The exponential, harmonic, hyperbolic and modified hyperbolic (a hyperbolic that turns
  exponential when its decline falls to a terminal Dmin), the transient hyperbolic model
  (THM, Fulford and Blasingame 2013) and multi-segment forecasts (a flat period, then a
  decline) are all chains.
- ``PowerLawExponential`` (PLE, Ilk et al. 2008), ``StretchedExponential`` (SE, Valko 2009)
  and ``Duong`` (Duong 2011) in petbox-dca's parameters, optionally with a terminal
  exponential at Dmin.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from petbox import dca
from scipy.optimize import brentq
from scipy.special import gamma, gammainc

from agents.tools.forecasting.conventions import (
    B_EPSILON,
    DAYS_PER_YEAR,
    secant_from_nominal,
    tangent_from_nominal,
)

ARPS_KINDS = ("exponential", "harmonic", "hyperbolic", "modified_hyperbolic")
OTHER_KINDS = ("thm", "ple", "se", "duong")
MODEL_KINDS = ARPS_KINDS + OTHER_KINDS
MODEL_NAMES = {
    "exponential": "exponential",
    "harmonic": "harmonic",
    "hyperbolic": "hyperbolic",
    "modified_hyperbolic": "modified hyperbolic",
    "thm": "transient hyperbolic (THM)",
    "ple": "power-law exponential (PLE)",
    "se": "stretched exponential (SE)",
    "duong": "Duong",
    "segmented": "multi-segment Arps",
}

# The Gauss-Legendre rule for cumulatives without a closed form (PLE, yields).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(12)


def _array(t: Any) -> np.ndarray:
    return np.atleast_1d(np.asarray(t, dtype=float))


def integrate(
    rate, t: np.ndarray, *, breakpoints: tuple[float, ...] = (), t_from: float = 0.0
) -> np.ndarray:
    """``int_{t_from}^t rate`` at each ``t`` (days), by Gauss-Legendre on a log-spaced grid.

    In ln t the integrand ``q(t) t`` of a power law or stretched exponential is smooth, so
    twelve nodes per sub-interval (48 sub-intervals a decade) give about 1e-12 relative
    accuracy; the grid includes ``breakpoints`` where the rate has a kink or a jump.
    """
    times = _array(t)
    out = np.zeros_like(times)
    inside = times > t_from
    if not inside.any():
        return out
    t_max = float(times[inside].max())
    lowest = t_from if t_from > 0 else min(1e-9, t_max * 1e-12)
    decades = max(math.log10(t_max / lowest), 1.0)
    grid = np.unique(
        np.concatenate(
            [
                np.logspace(math.log10(lowest), math.log10(t_max), int(decades * 48) + 2),
                [lowest],
                times[inside],
                [b for b in breakpoints if lowest < b < t_max],
            ]
        )
    )
    grid = grid[(grid >= lowest) & (grid <= t_max)]
    x = np.log(grid)
    half = np.diff(x) / 2.0
    mid = (x[1:] + x[:-1]) / 2.0
    nodes = mid[:, None] + half[:, None] * _GL_X[None, :]
    t_nodes = np.exp(nodes)
    values = rate(t_nodes.ravel()).reshape(t_nodes.shape) * t_nodes
    pieces = (values * _GL_W[None, :]).sum(axis=1) * half
    # From 0, the sliver below the grid, taking the rate there as a power of t.
    start = 0.0
    if t_from <= 0:
        near = rate(np.array([lowest, 2.0 * lowest]))
        power = math.log(near[1] / near[0]) / math.log(2.0) if near[0] > 0 < near[1] else 0.0
        start = float(near[0]) * lowest / (1.0 + power) if power > -1 else 0.0
    cumulative = np.concatenate([[start], start + np.cumsum(pieces)])
    out[inside] = cumulative[np.searchsorted(grid, times[inside])]
    return out


class Curve:
    """What every model offers. Subclasses implement the closed forms."""

    kind: str = ""

    def rate(self, t: Any) -> np.ndarray:
        raise NotImplementedError

    def cum(self, t: Any) -> np.ndarray:
        raise NotImplementedError

    def decline(self, t: Any) -> np.ndarray:
        """Nominal decline ``-d ln q / dt`` per year at ``t``."""
        raise NotImplementedError

    def b_factor(self, t: Any) -> np.ndarray:
        """Arps b ``d(1/D)/dt`` at ``t``."""
        raise NotImplementedError

    def petbox(self) -> dca.PrimaryPhase:
        raise NotImplementedError

    def spec(self) -> dict[str, Any]:
        """Plain parameters that rebuild the model (``from_spec``)."""
        raise NotImplementedError

    def breakpoints(self) -> tuple[float, ...]:
        return ()

    def time_at_rate(self, q: float, *, t_from: float = 0.0, t_max: float = 1e7) -> float:
        """Days until the rate falls to ``q`` after ``t_from`` (inf if it never does by t_max)."""
        if q <= 0:
            return math.inf
        start = float(self.rate(np.array([t_from]))[0])
        if start <= q:
            return t_from
        if float(self.rate(np.array([t_max]))[0]) > q:
            return math.inf
        lo, hi = t_from, max(t_from + 1.0, t_from * 2)
        while float(self.rate(np.array([hi]))[0]) > q:
            lo, hi = hi, hi * 4
        log_q = math.log(q)
        return float(
            brentq(
                lambda t: math.log(max(float(self.rate(np.array([t]))[0]), 1e-300)) - log_q,
                lo,
                min(hi, t_max),
                xtol=1e-9,
                rtol=1e-13,
            )
        )


# --------------------------------------------------------------------------- Arps chains


@dataclass(frozen=True)
class Segment:
    """One Arps segment: from ``t0`` days, rate ``q0`` per day, nominal decline ``d`` per
    year at ``t0`` (0 is flat), exponent ``b``; ``kind`` names it for the export."""

    t0: float
    q0: float
    d: float
    b: float
    kind: str = "decline"  # decline, flat, terminal, refrac

    def rate_at(self, tau: float) -> float:
        return float(_seg_rate(np.array([tau]), self.q0, self.d / DAYS_PER_YEAR, self.b)[0])

    def decline_at(self, tau: float) -> float:
        if self.b <= B_EPSILON:
            return self.d
        return self.d / (1.0 + self.b * self.d / DAYS_PER_YEAR * tau)


def _seg_rate(tau: np.ndarray, q0: Any, d_day: Any, b: Any) -> np.ndarray:
    """Arps rate ``tau`` days into segments (arrays broadcast element by element)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        exponential = q0 * np.exp(-d_day * tau)
        safe_b = np.where(np.asarray(b) > B_EPSILON, b, 1.0)
        hyperbolic = q0 * np.exp(-np.log1p(safe_b * d_day * tau) / safe_b)
    return np.where(np.asarray(b) > B_EPSILON, hyperbolic, exponential)


def _seg_cum(tau: np.ndarray, q0: Any, d_day: Any, b: Any) -> np.ndarray:
    """Volume of Arps segments from their start to ``tau`` days into them."""
    b = np.asarray(b, dtype=float)
    d_day = np.asarray(d_day, dtype=float)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        safe_d = np.where(d_day > 0, d_day, 1.0)
        exponential = np.where(d_day > 0, -np.expm1(-safe_d * tau) / safe_d, tau)
        harmonic = np.log1p(safe_d * tau) / safe_d
        safe_b = np.where((b > B_EPSILON) & (np.abs(b - 1.0) > B_EPSILON), b, 0.5)
        general = -np.expm1((1.0 - 1.0 / safe_b) * np.log1p(safe_b * safe_d * tau)) / (
            (1.0 - safe_b) * safe_d
        )
    shape = np.where(
        (b <= B_EPSILON) | (d_day <= 0),
        exponential,
        np.where(np.abs(b - 1.0) <= B_EPSILON, harmonic, general),
    )
    return q0 * shape


@dataclass(frozen=True)
class ArpsChain(Curve):
    """Consecutive Arps segments; ``kind`` and ``defining`` say what model they make."""

    segments: tuple[Segment, ...]
    kind: str = "hyperbolic"
    defining: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.segments or self.segments[0].t0 != 0.0:
            raise ValueError("a chain starts with a segment at t = 0")
        starts = [s.t0 for s in self.segments]
        if any(b <= a for a, b in itertools.pairwise(starts)):
            raise ValueError("segments must start at increasing times")
        for s in self.segments:
            if s.q0 < 0 or s.d < 0 or s.b < 0 or not all(map(math.isfinite, (s.q0, s.d, s.b))):
                raise ValueError("segment rates, declines and b must be finite, not negative")
        t0 = np.array(starts, dtype=float)
        q0 = np.array([s.q0 for s in self.segments], dtype=float)
        d_day = np.array([s.d for s in self.segments], dtype=float) / DAYS_PER_YEAR
        b = np.array([s.b for s in self.segments], dtype=float)
        lengths = np.diff(t0)
        volumes = _seg_cum(lengths, q0[:-1], d_day[:-1], b[:-1]) if len(lengths) else []
        n0 = np.concatenate([[0.0], np.cumsum(volumes)])
        object.__setattr__(self, "_arrays", (t0, q0, d_day, b, n0))

    # -- evaluation

    def _locate(self, t: np.ndarray):
        t0, q0, d_day, b, n0 = self._arrays
        index = np.clip(np.searchsorted(t0, t, side="right") - 1, 0, len(t0) - 1)
        return index, np.maximum(t - t0[index], 0.0), q0[index], d_day[index], b[index], n0[index]

    def rate(self, t: Any) -> np.ndarray:
        t = _array(t)
        _, tau, q0, d_day, b, _ = self._locate(t)
        return np.where(t >= 0, _seg_rate(tau, q0, d_day, b), 0.0)

    def cum(self, t: Any) -> np.ndarray:
        t = _array(t)
        _, tau, q0, d_day, b, n0 = self._locate(t)
        return np.where(t >= 0, n0 + _seg_cum(tau, q0, d_day, b), 0.0)

    def decline(self, t: Any) -> np.ndarray:
        t = _array(t)
        _, tau, _, d_day, b, _ = self._locate(t)
        return d_day / (1.0 + b * d_day * tau) * DAYS_PER_YEAR

    def b_factor(self, t: Any) -> np.ndarray:
        t = _array(t)
        _, _, _, d_day, b, _ = self._locate(t)
        return np.where(d_day > 0, b, 0.0)

    def breakpoints(self) -> tuple[float, ...]:
        return tuple(s.t0 for s in self.segments[1:])

    def time_at_rate(self, q: float, *, t_from: float = 0.0, t_max: float = 1e7) -> float:
        """Closed form: the first segment, from ``t_from`` on, whose rate falls to ``q``."""
        if q <= 0:
            return math.inf
        ends = [s.t0 for s in self.segments[1:]] + [math.inf]
        for segment, end in zip(self.segments, ends, strict=True):
            if end <= t_from:
                continue
            begin = max(segment.t0, t_from)
            q_begin = segment.rate_at(begin - segment.t0)
            if q_begin <= q:
                return begin
            if segment.d <= 0:
                continue
            d_day = segment.d / DAYS_PER_YEAR
            if segment.b <= B_EPSILON:
                tau = math.log(segment.q0 / q) / d_day
            else:
                tau = math.expm1(segment.b * math.log(segment.q0 / q)) / (segment.b * d_day)
            if segment.t0 + tau < end:
                return min(segment.t0 + tau, t_max) if segment.t0 + tau <= t_max else math.inf
        return math.inf

    # -- description

    @property
    def qi(self) -> float:
        return self.segments[0].q0

    @property
    def decline_segment(self) -> Segment:
        """The segment whose parameters describe the decline (after any flat period)."""
        for segment in self.segments:
            if segment.kind in ("decline", "refrac"):
                return segment
        return self.segments[0]

    @property
    def terminal(self) -> Segment | None:
        last = self.segments[-1]
        return last if last.kind == "terminal" else None

    def petbox(self) -> dca.PrimaryPhase:
        """The same forecast in petbox-dca (MH, THM or GeneralizedHyperbolic)."""
        spec = self.defining
        if self.kind in ARPS_KINDS:
            b = spec["b"]
            dterm = tangent_from_nominal(spec["dmin"]) if spec.get("dmin") else 0.0
            return dca.MH(qi=spec["qi"], Di=secant_from_nominal(spec["d"], b), bi=b, Dterm=dterm)
        if self.kind == "thm":
            return dca.THM(
                qi=spec["qi"],
                Di=secant_from_nominal(spec["d"], spec["bi"]),
                bi=spec["bi"],
                bf=spec["bf"],
                telf=spec["telf"],
                bterm=tangent_from_nominal(spec["dmin"]) if spec.get("dmin") else 0.0,
                tterm=0.0,
            )
        first = self.segments[0]
        rest = []
        previous = first
        for segment in self.segments[1:]:
            if segment.kind == "terminal":
                continue
            restart = segment.kind == "refrac" or previous.kind == "flat"
            rest.append(
                dca.HyperbolicSegment(
                    segment.t0,
                    q=segment.q0 if segment.kind == "refrac" else None,
                    D=secant_from_nominal(segment.d, segment.b) if restart else None,
                    b=segment.b,
                )
            )
            previous = segment
        dterm = self.terminal.d if self.terminal else 0.0
        return dca.GeneralizedHyperbolic(
            qi=first.q0,
            Di=secant_from_nominal(first.d, first.b) if first.d > 0 else 0.0,
            bi=first.b if first.d > 0 else 0.0,
            segments=tuple(rest),
            Dterm=tangent_from_nominal(dterm) if dterm else 0.0,
        )

    def spec(self) -> dict[str, Any]:
        if self.kind in ARPS_KINDS or self.kind == "thm":
            return {"kind": self.kind, **self.defining}
        return {
            "kind": self.kind,
            "dmin": float(self.defining.get("dmin") or 0.0),
            "segments": [
                {"t0": s.t0, "q0": s.q0, "d": s.d, "b": s.b, "kind": s.kind} for s in self.segments
            ],
        }


def arps(qi: float, d: float, b: float = 0.0, *, dmin: float = 0.0) -> ArpsChain:
    """An Arps decline from ``qi`` per day at nominal ``d`` per year with exponent ``b``.

    With ``dmin`` (nominal per year) it turns exponential when its decline falls to
    ``dmin`` (the modified hyperbolic); an exponential with ``d`` below ``dmin`` declines at
    ``dmin`` from the start.
    """
    if qi <= 0 or d < 0 or b < 0:
        raise ValueError("qi must be positive; d and b must not be negative")
    if b <= B_EPSILON:
        kind = "exponential"
    elif dmin > 0:
        kind = "modified_hyperbolic"
    elif abs(b - 1.0) <= 1e-12:
        kind = "harmonic"
    else:
        kind = "hyperbolic"
    defining = {"qi": float(qi), "d": float(d), "b": float(b), "dmin": float(dmin)}
    segments = [Segment(0.0, float(qi), float(d), float(b))]
    chain = ArpsChain(tuple(segments), kind=kind, defining=defining)
    return with_terminal(chain, dmin) if dmin > 0 else chain


def with_terminal(chain: ArpsChain, dmin: float) -> ArpsChain:
    """``chain`` turned exponential at ``dmin`` (nominal per year) once its decline falls to
    it. Flat periods are kept; a re-frac restarts the rate and its own decline, and its
    segment may reach the terminal decline in turn."""
    if dmin <= 0:
        return chain
    out: list[Segment] = []
    segments = [s for s in chain.segments if s.kind != "terminal"]
    switched = False
    for index, segment in enumerate(segments):
        end = segments[index + 1].t0 if index + 1 < len(segments) else math.inf
        if segment.kind in ("flat", "refrac"):
            switched = False
        if switched:
            continue  # the terminal exponential carries on until a restart
        if segment.kind == "flat" or segment.d <= 0:
            out.append(segment)
            continue
        if segment.d <= dmin:
            # Already at or below the terminal decline where the segment starts.
            out.append(Segment(segment.t0, segment.q0, dmin, 0.0, "terminal"))
            switched = True
            continue
        out.append(segment)
        if segment.b <= B_EPSILON:
            continue
        tau = (segment.d / dmin - 1.0) / (segment.b * segment.d / DAYS_PER_YEAR)
        if segment.t0 + tau < end:
            out.append(Segment(segment.t0 + tau, segment.rate_at(tau), dmin, 0.0, "terminal"))
            switched = True
    # A switch exactly at a segment's start replaces that segment.
    deduplicated: list[Segment] = []
    for segment in out:
        if deduplicated and abs(deduplicated[-1].t0 - segment.t0) < 1e-12:
            deduplicated[-1] = segment
        else:
            deduplicated.append(segment)
    return ArpsChain(tuple(deduplicated), kind=chain.kind, defining=chain.defining)


def continue_segment(previous: Segment, t0: float, *, b: float, kind: str) -> Segment:
    """A segment from ``t0`` continuing ``previous`` in rate and decline with a new ``b``."""
    tau = t0 - previous.t0
    return Segment(t0, previous.rate_at(tau), previous.decline_at(tau), b, kind)


def thm(qi: float, d: float, bi: float, bf: float, telf: float, *, dmin: float = 0.0) -> ArpsChain:
    """The transient hyperbolic model in petbox-dca's analytic approximation (Fulford 2018):
    b goes from ``bi`` (linear flow, usually 2) to ``bf`` around the end of linear flow
    ``telf`` (days), in three hyperbolic segments; then a terminal exponential at ``dmin``.

    ``d`` is the initial nominal decline per year. Where petbox-dca's THM would keep a
    tail shallower than Dterm (its decline fell below Dterm before the third segment), this
    one turns exponential at Dterm: the terminal decline is always honoured.
    """
    if not bi >= bf >= 0 or telf <= 0:
        raise ValueError("THM needs bi >= bf >= 0 and telf > 0")
    first = Segment(0.0, float(qi), float(d), float(bi))
    t2 = telf * (math.e - 1.0)
    t3 = telf * (math.e + 1.0)
    b2 = bi - (bi - bf) / math.e
    second = continue_segment(first, t2, b=b2, kind="transition")
    third = continue_segment(second, t3, b=bf, kind="transition")
    defining = {
        "qi": float(qi),
        "d": float(d),
        "bi": float(bi),
        "bf": float(bf),
        "telf": float(telf),
        "dmin": float(dmin),
    }
    chain = ArpsChain((first, second, third), kind="thm", defining=defining)
    return with_terminal(chain, dmin) if dmin > 0 else chain


def segmented(segments: list[Segment], *, dmin: float = 0.0) -> ArpsChain:
    """A multi-segment Arps forecast (flat periods, declines, re-frac restarts)."""
    chain = ArpsChain(tuple(segments), kind="segmented", defining={"dmin": float(dmin)})
    return with_terminal(chain, dmin) if dmin > 0 else chain


# --------------------------------------------------------------------------- other models


@dataclass(frozen=True)
class _Terminal:
    """A terminal exponential at ``dmin`` (nominal per year) from ``t_switch`` days."""

    t_switch: float
    q_switch: float
    n_switch: float
    dmin: float


class _TerminalMixin(Curve):
    """Shared by PLE, SE and Duong: the base closed forms with an optional terminal tail."""

    dmin: float = 0.0

    def _base_rate(self, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _rate_at_zero(self) -> float:
        return self.qi  # type: ignore[attr-defined]

    def _base_cum(self, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _base_decline_day(self, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _base_b(self, t: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _switch_time(self) -> float:
        """When the base decline falls to ``dmin`` (days), by root finding."""
        target = self.dmin / DAYS_PER_YEAR
        low, high = 1e-6, 1.0
        if float(self._base_decline_day(np.array([low]))[0]) <= target:
            low = 1.0
        while float(self._base_decline_day(np.array([high]))[0]) > target:
            high *= 4
            if high > 1e9:
                return math.inf
        return float(
            brentq(
                lambda t: float(self._base_decline_day(np.array([t]))[0]) - target,
                low,
                high,
                xtol=1e-10,
                rtol=1e-14,
            )
        )

    def _tail(self) -> _Terminal | None:
        cached = self.__dict__.get("_tail_cache", False)
        if cached is not False:
            return cached
        tail = None
        if self.dmin > 0:
            t_switch = self._switch_time()
            if math.isfinite(t_switch):
                q = float(self._base_rate(np.array([t_switch]))[0])
                n = float(self._base_cum(np.array([t_switch]))[0])
                tail = _Terminal(t_switch, q, n, self.dmin)
        object.__setattr__(self, "_tail_cache", tail)
        return tail

    def rate(self, t: Any) -> np.ndarray:
        t = _array(t)
        tail = self._tail()
        base = np.where(t > 0, self._base_rate(np.where(t > 0, t, 1.0)), 0.0)
        base = np.where(t == 0, self._rate_at_zero(), base)
        if tail is None:
            return base
        late = tail.q_switch * np.exp(-tail.dmin / DAYS_PER_YEAR * (t - tail.t_switch))
        return np.where(t > tail.t_switch, late, base)

    def cum(self, t: Any) -> np.ndarray:
        t = _array(t)
        tail = self._tail()
        if tail is None:
            return np.where(t > 0, self._base_cum(np.where(t > 0, t, 1.0)), 0.0)
        early = np.minimum(t, tail.t_switch)
        base = np.where(early > 0, self._base_cum(np.where(early > 0, early, 1.0)), 0.0)
        d_day = tail.dmin / DAYS_PER_YEAR
        late = tail.q_switch * -np.expm1(-d_day * np.maximum(t - tail.t_switch, 0.0)) / d_day
        return base + np.where(t > tail.t_switch, late, 0.0)

    def decline(self, t: Any) -> np.ndarray:
        t = _array(t)
        tail = self._tail()
        base = self._base_decline_day(t) * DAYS_PER_YEAR
        if tail is None:
            return base
        return np.where(t > tail.t_switch, tail.dmin, base)

    def b_factor(self, t: Any) -> np.ndarray:
        t = _array(t)
        tail = self._tail()
        base = self._base_b(t)
        if tail is None:
            return base
        return np.where(t > tail.t_switch, 0.0, base)

    def breakpoints(self) -> tuple[float, ...]:
        tail = self._tail()
        return (tail.t_switch,) if tail else ()

    def switch_days(self) -> float | None:
        tail = self._tail()
        return tail.t_switch if tail else None


@dataclass(frozen=True)
class PowerLawExponential(_TerminalMixin):
    """PLE, petbox-dca's parameters: ``q = qi exp(-Di t^n - Dinf t)``, t in days
    (``Di`` per day^n, ``Dinf`` nominal per day)."""

    qi: float
    di: float
    dinf: float
    n: float
    dmin: float = 0.0
    kind: str = "ple"

    def __post_init__(self) -> None:
        if self.qi <= 0 or self.di < 0 or self.dinf < 0 or not 0 < self.n < 1:
            raise ValueError("PLE needs qi > 0, Di >= 0, Dinf >= 0 and 0 < n < 1")

    def _base_rate(self, t):
        return self.qi * np.exp(-self.di * t**self.n - self.dinf * t)

    def _base_cum(self, t):
        return integrate(self._base_rate, t)

    def _base_decline_day(self, t):
        return self.dinf + self.di * self.n * t ** (self.n - 1.0)

    def _base_b(self, t):
        denominator = self.dinf * t + self.di * self.n * t**self.n
        return self.di * (1.0 - self.n) * self.n * t**self.n / denominator**2

    def _switch_time(self) -> float:
        target = self.dmin / DAYS_PER_YEAR
        if target <= self.dinf:
            return math.inf
        return ((target - self.dinf) / (self.di * self.n)) ** (1.0 / (self.n - 1.0))

    def petbox(self) -> dca.PLE:
        return dca.PLE(qi=self.qi, Di=self.di, Dinf=self.dinf, n=self.n)

    def spec(self) -> dict[str, Any]:
        return {
            "kind": "ple",
            "qi": self.qi,
            "di": self.di,
            "dinf": self.dinf,
            "n": self.n,
            "dmin": self.dmin,
        }


@dataclass(frozen=True)
class StretchedExponential(_TerminalMixin):
    """SE, petbox-dca's parameters: ``q = qi exp(-(t / tau)^n)``, tau in days."""

    qi: float
    tau: float
    n: float
    dmin: float = 0.0
    kind: str = "se"

    def __post_init__(self) -> None:
        if self.qi <= 0 or self.tau <= 0 or not 0 < self.n < 1:
            raise ValueError("SE needs qi > 0, tau > 0 and 0 < n < 1")

    def _base_rate(self, t):
        return self.qi * np.exp(-((t / self.tau) ** self.n))

    def _base_cum(self, t):
        coefficient = self.qi * self.tau / self.n * gamma(1.0 / self.n)
        return coefficient * gammainc(1.0 / self.n, (t / self.tau) ** self.n)

    def _base_decline_day(self, t):
        return self.n * self.tau**-self.n * t ** (self.n - 1.0)

    def _base_b(self, t):
        return (1.0 - self.n) / self.n * self.tau**self.n * t**-self.n

    def _switch_time(self) -> float:
        target = self.dmin / DAYS_PER_YEAR
        return (target / (self.n * self.tau**-self.n)) ** (1.0 / (self.n - 1.0))

    def petbox(self) -> dca.SE:
        return dca.SE(qi=self.qi, tau=self.tau, n=self.n)

    def spec(self) -> dict[str, Any]:
        return {"kind": "se", "qi": self.qi, "tau": self.tau, "n": self.n, "dmin": self.dmin}


@dataclass(frozen=True)
class DuongModel(_TerminalMixin):
    """Duong, petbox-dca's parameters: ``q = qi t^-m exp(a / (1 - m) (t^(1-m) - 1))``,
    t in days and ``qi`` the rate at day 1."""

    qi: float
    a: float
    m: float
    dmin: float = 0.0
    kind: str = "duong"

    def __post_init__(self) -> None:
        if self.qi <= 0 or self.a <= 0 or self.m <= 1:
            raise ValueError("Duong needs qi > 0, a > 0 and m > 1")

    def _rate_at_zero(self) -> float:
        return 0.0  # petbox-dca's convention: the t^-m singularity is not a rate

    def _exponent(self, t):
        return self.a / (1.0 - self.m) * np.expm1((1.0 - self.m) * np.log(t))

    def _base_rate(self, t):
        return self.qi * t**-self.m * np.exp(self._exponent(t))

    def _base_cum(self, t):
        return self.qi / self.a * np.exp(self._exponent(t))

    def _base_decline_day(self, t):
        return self.m / t - self.a * t**-self.m

    def _base_b(self, t):
        denominator = self.a * t - self.m * t**self.m
        return self.m * t**self.m * (t**self.m - self.a * t) / denominator**2

    def _switch_time(self) -> float:
        # D = m/t - a t^-m rises from negative to a maximum, then falls towards zero.
        target = self.dmin / DAYS_PER_YEAR
        t_peak = max(self.a ** (1.0 / (self.m - 1.0)), 1e-6)
        if float(self._base_decline_day(np.array([t_peak]))[0]) <= target:
            return t_peak
        high = t_peak * 2
        while float(self._base_decline_day(np.array([high]))[0]) > target:
            high *= 4
            if high > 1e12:
                return math.inf
        return float(
            brentq(
                lambda t: float(self._base_decline_day(np.array([t]))[0]) - target,
                t_peak,
                high,
                xtol=1e-10,
                rtol=1e-14,
            )
        )

    def petbox(self) -> dca.Duong:
        return dca.Duong(qi=self.qi, a=self.a, m=self.m)

    def spec(self) -> dict[str, Any]:
        return {"kind": "duong", "qi": self.qi, "a": self.a, "m": self.m, "dmin": self.dmin}


def from_spec(spec: dict[str, Any]) -> Curve:
    """Rebuild a model from its ``spec()``."""
    kind = spec["kind"]
    dmin = float(spec.get("dmin") or 0.0)
    if kind in ARPS_KINDS:
        return arps(spec["qi"], spec["d"], spec["b"], dmin=dmin)
    if kind == "thm":
        return thm(spec["qi"], spec["d"], spec["bi"], spec["bf"], spec["telf"], dmin=dmin)
    if kind == "ple":
        return PowerLawExponential(spec["qi"], spec["di"], spec["dinf"], spec["n"], dmin=dmin)
    if kind == "se":
        return StretchedExponential(spec["qi"], spec["tau"], spec["n"], dmin=dmin)
    if kind == "duong":
        return DuongModel(spec["qi"], spec["a"], spec["m"], dmin=dmin)
    if kind == "segmented":
        return ArpsChain(
            tuple(Segment(**s) for s in spec["segments"]),
            kind="segmented",
            defining={"dmin": dmin},
        )
    if kind == "flat_then":
        return flat_then(from_spec(spec["then"]), float(spec["t_flat"]), float(spec["level"]))
    raise ValueError(f"unknown model {kind!r}")


@dataclass(frozen=True)
class FlatThen(Curve):
    """A flat period at ``level`` for ``t_flat`` days, then ``curve`` (its t = 0 there)."""

    curve: Curve
    t_flat: float
    level: float

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.curve.kind

    @property
    def qi(self) -> float:
        return self.level

    def rate(self, t: Any) -> np.ndarray:
        t = _array(t)
        return np.where(
            t < self.t_flat, np.where(t >= 0, self.level, 0.0), self.curve.rate(t - self.t_flat)
        )

    def cum(self, t: Any) -> np.ndarray:
        t = _array(t)
        flat = self.level * np.clip(t, 0.0, self.t_flat)
        return flat + np.where(
            t > self.t_flat, self.curve.cum(np.maximum(t - self.t_flat, 0.0)), 0.0
        )

    def decline(self, t: Any) -> np.ndarray:
        t = _array(t)
        return np.where(t < self.t_flat, 0.0, self.curve.decline(np.maximum(t - self.t_flat, 0.0)))

    def b_factor(self, t: Any) -> np.ndarray:
        t = _array(t)
        return np.where(t < self.t_flat, 0.0, self.curve.b_factor(np.maximum(t - self.t_flat, 0.0)))

    def breakpoints(self) -> tuple[float, ...]:
        return (self.t_flat, *(b + self.t_flat for b in self.curve.breakpoints()))

    def time_at_rate(self, q: float, *, t_from: float = 0.0, t_max: float = 1e7) -> float:
        if t_from < self.t_flat and self.level <= q:
            return t_from
        inner = self.curve.time_at_rate(q, t_from=max(t_from - self.t_flat, 0.0), t_max=t_max)
        return inner + self.t_flat

    def petbox(self) -> dca.PrimaryPhase:
        raise NotImplementedError("petbox-dca has no flat period before this model")

    def spec(self) -> dict[str, Any]:
        return {
            "kind": "flat_then",
            "t_flat": self.t_flat,
            "level": self.level,
            "then": self.curve.spec(),
        }


def flat_then(curve: Curve, t_flat: float, level: float) -> Curve:
    """A flat period then ``curve``: an Arps chain when ``curve`` is one (petbox-dca's
    GeneralizedHyperbolic can then rebuild it), else a ``FlatThen``."""
    if t_flat <= 0:
        return curve
    if isinstance(curve, ArpsChain):
        shifted = [Segment(s.t0 + t_flat, s.q0, s.d, s.b, s.kind) for s in curve.segments]
        dmin = float(curve.defining.get("dmin") or 0.0)
        return ArpsChain(
            (Segment(0.0, float(level), 0.0, 0.0, "flat"), *shifted),
            kind="segmented",
            defining={"dmin": dmin, "family": curve.kind},
        )
    return FlatThen(curve, float(t_flat), float(level))
