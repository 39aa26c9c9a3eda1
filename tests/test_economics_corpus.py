"""The economics corpus: analysts' phrasings asked of the builtin Production Agent, each
with the arguments it must bind and its figures against a cash flow written month by
month in ``tests/corpus/economics_reference.py``."""

from __future__ import annotations

import math
import re

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from agents.builtin import domain
from agents.models import Agent
from tests.corpus import (
    economics_analyst_prices,
    economics_analyst_results,
    economics_analyst_terms,
    economics_prices,
    economics_results,
    economics_terms,
)
from tests.corpus.economics_reference import GAS, MONTHS, OIL, START, Case, Terms, monthly, npv
from tests.corpus.economics_reference import breakeven as hand_breakeven
from tests.corpus.economics_reference import irr as hand_irr
from tests.factories import tool_context, upload_row

ORIGINAL = [*economics_prices.CASES, *economics_terms.CASES, *economics_results.CASES]
# Written for issue 9 and issue 7 point 5, the way analysts type, after the binders.
ANALYSTS = [
    *economics_analyst_prices.CASES,
    *economics_analyst_terms.CASES,
    *economics_analyst_results.CASES,
]
CASES = [*ORIGINAL, *ANALYSTS]
WELL_SCALES = {"Hawkins 1H": 1.0, "Hawkins 2H": 0.8, "Ward 3": 0.5}
# An uploaded price deck by year (setup "deck"), gas per MMBtu as its header says.
DECK_CSV = b"Year,WTI ($/bbl),Henry Hub ($/MMBtu)\n2027,72,3.40\n2028,70,3.60\n2029,68,3.75\n"


@pytest.fixture
def production_agent(db):
    return Agent.objects.get(label="Production Agent")


def _dates(count: int) -> list[str]:
    return [
        p.start_time.strftime("%Y-%m-%d")
        for p in pd.period_range("2027-01", periods=count, freq="M")
    ]


def _forecast_csv(*, gas: bool) -> bytes:
    lines = ["date,segment,oil_bbl" + (",gas_mcf" if gas else "")]
    for date, o, g in zip(_dates(MONTHS), OIL, GAS, strict=True):
        lines.append(f"{date},forecast,{o!r}" + (f",{g!r}" if gas else ""))
    return "\n".join(lines).encode()


def _wells_csv() -> bytes:
    lines = ["well,date,segment,oil_bbl,gas_mcf"]
    for well, scale in WELL_SCALES.items():
        for date, o, g in zip(_dates(MONTHS), OIL, GAS, strict=True):
            lines.append(f"{well},{date},forecast,{o * scale!r},{g * scale!r}")
    return "\n".join(lines).encode()


def _strip() -> pd.DataFrame:
    days = pd.bdate_range("2026-01-01", "2026-12-31")
    return pd.DataFrame(
        {
            "date": days.strftime("%Y-%m-%d"),
            "WTI": [62 + d.month + d.day / 50 for d in days],
            "Henry Hub": [2.5 + d.month / 20 + d.day / 500 for d in days],
        }
    )


def _setup(ctx, setup: str) -> None:
    if setup == "wells":
        upload_row(ctx, "wells_forecast.csv", _wells_csv())
        return
    upload_row(ctx, "forecast.csv", _forecast_csv(gas=setup != "oil_forecast"))
    if setup == "deck":
        upload_row(ctx, "price_deck.csv", DECK_CSV)
    if setup == "strip":
        upload_row(ctx, "wti_hh_daily_2026.csv", _strip().to_csv(index=False).encode())


def _deck(value):
    return [(int(e["year"]), float(e["price"])) for e in value]


def _matches(expected, actual, path: str = "") -> list[str]:
    """Differences between the expected arguments and a subset of the actual ones."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a mapping, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}{key}: missing (got {sorted(actual)})")
            elif path.endswith("price_deck.") or (key in ("oil", "gas") and path == "price_deck."):
                out += _matches(value, _deck(actual[key]), f"{path}{key}.")
            else:
                out += _matches(value, actual[key], f"{path}{key}.")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        out = []
        for k, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out += _matches(e, a, f"{path}{k}.")
        return out
    if isinstance(expected, tuple):
        return _matches(list(expected), list(actual), path)
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        ok = isinstance(actual, float | int) and math.isclose(expected, actual, rel_tol=1e-9)
        return [] if ok else [f"{path}: expected {expected!r}, got {actual!r}"]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def _answer_money(text: str, label: str) -> float:
    line = next(ln for ln in text.splitlines() if ln.startswith(f"| {label}"))
    m = re.search(r"(-?)\$([\d,]+(?:\.\d+)?)", line)
    return float(m.group(2).replace(",", "")) * (-1 if m.group(1) else 1)


def _reference_npv(case: Case, terms: Terms) -> float:
    if case.check == "one_well":
        scale = WELL_SCALES[case.args["well"]]
        oil = [o * scale for o in OIL]
        return npv(terms, monthly(terms, oil, [g * scale for g in GAS], START))
    if case.setup == "wells":
        total = 0.0
        for scale in WELL_SCALES.values():
            oil = [o * scale for o in OIL]
            gas = [g * scale for g in GAS]
            total += npv(terms, monthly(terms, oil, gas, START))
        return total
    return npv(terms, monthly(terms, OIL, _gas(case), START))


def _gas(case: Case) -> list[float]:
    """The gas stream of the case: the forecast's, none, or made from oil by the GOR."""
    if case.check == "gor":
        return [o * case.args["gor_scf_per_bbl"] / 1000.0 for o in OIL]
    return [0.0] * MONTHS if case.setup == "oil_forecast" else GAS


@pytest.mark.parametrize("case", CASES, ids=[c.question[:60] for c in CASES])
def test_economics_phrasing(case: Case, alice, production_agent):
    ctx = tool_context(alice)
    _setup(ctx, case.setup)
    done = domain.answer_with_record(case.question, agent=production_agent, ctx=ctx, history=[])
    assert done is not None and done.work is not None, done and done.text
    calls = [c for c in done.work.calls if c.name == "cash_flow_economics"]
    assert calls, done.text
    call = calls[-1]
    arguments = {k: v for k, v in call.arguments.items() if v is not None}
    problems = _matches(case.args, arguments)
    assert not problems, (problems, arguments)
    result = call.result
    text = done.text
    unused = [n.quantity.raw for n in done.work.not_used()]
    assert unused == list(case.not_used), (unused, text)
    for phrase in case.says:
        assert phrase.lower() in text.lower(), (phrase, text)
    _check(case, result, text)


def _check(case: Case, result: dict, text: str) -> None:
    terms = case.terms
    if case.check in ("npv", "gor", "wells", "one_well", "payout", "net_eur"):
        expected = _reference_npv(case, terms)
        assert result["npv"] == pytest.approx(expected, rel=1e-7)
        assert _answer_money(text, "NPV at") == pytest.approx(expected, abs=1.0)
    if case.check == "wells":
        assert result["wells"] == 3 and result["one_line_rowid"]
        assert "Hawkins 2H" in text and "Total" in text
    elif case.check == "risked":
        per_well = {}
        for name, scale in WELL_SCALES.items():
            flows = monthly(terms, [o * scale for o in OIL], [g * scale for g in GAS], START)
            per_well[name] = npv(terms, flows)
        by_category = case.args.get("risk_factors", {})
        risk = {
            w["well"]: w.get("risk_factor", by_category.get(w["category"], 1.0))
            for w in case.args["wells"]
        }
        risked = sum(risk[name] * value for name, value in per_well.items())
        lines = {line["well"]: line for line in result["one_line"]}
        assert lines["Total risked"]["npv10"] == pytest.approx(risked, rel=1e-7)
        assert "risked" in text
    elif case.check == "irr":
        flows = monthly(terms, OIL, GAS, START)
        assert result["irr_annual"] == pytest.approx(hand_irr(terms, flows), rel=1e-6)
        assert f"{result['irr_annual'] * 100:.1f}%" in text
    elif case.check in ("breakeven_oil", "breakeven_gas"):
        phase = case.check.split("_")[1]
        gas = [0.0] * MONTHS if case.setup == "oil_forecast" else GAS
        expected = hand_breakeven(terms, phase, OIL, gas, START)
        assert result["breakeven_prices"][phase] == pytest.approx(expected, abs=0.005)
        assert f"${expected:,.2f}" in text
    elif case.check == "profile":
        flows = monthly(terms, OIL, GAS, START)
        rates = case.args["discount_rates"]
        for rate in rates:
            assert result["pv_profile"][f"{rate:g}"] == pytest.approx(
                npv(terms, flows, rate), rel=1e-9
            )
        assert f"PV{rates[-1] * 100:g}" in text or f"{rates[-1] * 100:g}%" in text
    elif case.check == "mirr":
        flows = monthly(terms, OIL, GAS, START)
        finance = (1 + case.args["mirr_finance_rate"]) ** (1 / 12) - 1
        reinvest = (1 + case.args["mirr_reinvestment_rate"]) ** (1 / 12) - 1
        expected = (1 + npf.mirr(flows, finance, reinvest)) ** 12 - 1
        assert result["mirr_annual"] == pytest.approx(expected, rel=1e-9)
        assert "MIRR" in text
    elif case.check == "tornado":
        change = case.args.get("sensitivity", 0.2)
        up = Terms(
            **{**terms.__dict__, "oil": terms.oil * (1 + change), "gas": terms.gas * (1 + change)}
        )
        price_up = next(
            c["npv"]
            for c in result["sensitivities"]
            if c["variable"] == "price" and c["change"] > 0
        )
        assert price_up == pytest.approx(npv(up, monthly(up, OIL, GAS, START)), rel=1e-9)
        assert "tornado" in text.lower() or "sensitivit" in text.lower()
    elif case.check == "dated_capex":
        flows = [0.0] * 4
        flows[1] -= 3e6
        flows[3] -= 4e6
        for o, g in zip(OIL, GAS, strict=True):
            flows.append(o * 70.0 + g * 3.0)
        expected = sum(f / 1.1 ** (m / 12) for m, f in enumerate(flows))
        assert result["npv"] == pytest.approx(expected, rel=1e-9)
    elif case.check == "one_well":
        assert result["wells"] == 1 and case.args["well"] in text
    elif case.check == "payout":
        cumulative, month = 0.0, None
        for m, flow in enumerate(monthly(terms, OIL, GAS, START)):
            cumulative += flow
            if cumulative >= 0 and month is None:
                month = m
        assert result["payback_month"] == month
        assert f"month {month}" in text
    elif case.check == "net_eur":
        nri = terms.nri
        assert result["net_eur"]["oil_bbl"] == pytest.approx(sum(OIL) * nri, rel=1e-9)
        assert result["net_eur"]["gas_mcf"] == pytest.approx(sum(GAS) * nri, rel=1e-9)
        assert f"{sum(OIL) * nri:,.0f} bbl" in text
    elif case.check == "sec":
        strip = _strip()
        days = pd.to_datetime(strip["date"])
        firsts = strip.groupby(days.dt.month).head(1)
        oil_sec = float(firsts["WTI"].mean())
        gas_sec = float(firsts["Henry Hub"].mean())
        sec = Terms(oil=oil_sec, gas=gas_sec)
        assert result["npv"] == pytest.approx(npv(sec, monthly(sec, OIL, GAS, START)), rel=1e-9)
        assert f"${oil_sec:,.2f}" in text
    elif case.check == "sec_inline":
        prices = [71.2, 74.5, 78.1, 82.6, 79.0, 77.3, 81.9, 76.4, 69.8, 71.0, 68.2, 70.7]
        sec = Terms(oil=float(np.mean(prices)), gas=3.0)
        assert result["npv"] == pytest.approx(npv(sec, monthly(sec, OIL, GAS, START)), rel=1e-9)


def test_the_corpus_has_the_classes_the_issue_names():
    questions = " | ".join(c.question.lower() for c in CASES)
    for phrase in (
        "$75 in 2027, $70 in 2028, $65 after",
        "wi 100%, nri 80% reverting to 75% after payout",
        "severance 4.6% oil and 7.5% gas",
        "pv10",
        "$6mm",
        "mid-period discounting",
        "quarterly cash flows",
        "escalate opex 2%/yr",
    ):
        assert phrase in questions, phrase
    assert len(CASES) >= 60
    assert len(ANALYSTS) >= 50
    original = {c.question.lower() for c in ORIGINAL}
    assert not [c.question for c in ANALYSTS if c.question.lower() in original]
