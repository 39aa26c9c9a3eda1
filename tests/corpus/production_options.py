"""Inline forecasts with options, and more phrasings written fresh: a flat period, a re-frac,
a start month, secondary phases at a stated GOR, yield, WOR or water cut; limits written
"EL", "q_ab"; report times in lists; conventions in brackets; fit-only asks (P10/P50/P90)
named as not used with the reason.

References are the closed-form Arps equations (``production_reference``): a flat period
adds ``qi x days``; a re-frac starts a new curve at its month; a constant ratio scales
the primary EUR.
"""

from __future__ import annotations

from tests.corpus.production_inline import forecast
from tests.corpus.production_reference import YEAR, Case, cum, days_to, nominal, rate

FLAT_DAYS = 181.0  # January to June 2027


def _flat_case() -> Case:
    qi, b, limit = 1000.0, 1.1, 20.0
    d = nominal(0.60, "secant", b)
    t = min(days_to(qi, d, b, limit), 100 * YEAR - FLAT_DAYS)
    return forecast(
        "1,000 bopd flat for 6 months from Jan 2027, then declining 60%/yr with b 1.1 to 20 bopd",
        qi=qi,
        decline=(0.60, "secant"),
        b=b,
        limit=limit,
        arguments={"flat_months": 6, "start_date": "2027-01"},
        figures={
            "eur": qi * FLAT_DAYS + cum(qi, d, b, t),
            "years": (FLAT_DAYS + t) / YEAR,
            "at.0.rate": rate(qi, d, b, YEAR - FLAT_DAYS),
            "at.0.cumulative": qi * FLAT_DAYS + cum(qi, d, b, YEAR - FLAT_DAYS),
        },
    )


def _refrac_case() -> Case:
    qi, q2, b, limit = 800.0, 600.0, 1.0, 10.0
    d = nominal(0.70, "secant", b)
    t0 = 36 * YEAR / 12
    t2 = min(days_to(q2, d, b, limit), 100 * YEAR - t0)
    return forecast(
        "800 bopd declining 70%/yr, b 1.0, re-frac at month 36 back to 600 bopd, to 10 bopd",
        qi=qi,
        decline=(0.70, "secant"),
        b=b,
        limit=limit,
        arguments={"segments": [{"start_month": 36, "qi": 600, "decline": 0.70, "b": 1.0}]},
        figures={"eur": cum(qi, d, b, t0) + cum(q2, d, b, t2), "years": (t0 + t2) / YEAR},
        shows=("re-frac at month 36 restarts the decline",),
    )


def _ratio(question: str, ratio: float, other: str, **kw) -> Case:
    base = forecast(question, **kw)
    figures = dict(base.figures)
    figures[f"secondary_eur.{other}"] = base.figures["eur"] * ratio
    return Case(
        base.question,
        arguments=base.arguments,
        figures=figures,
        shows=base.shows,
        unused=base.unused,
        rel=base.rel,
    )


CASES = [
    # --- a flat period, a re-frac, the start -------------------------------------------------
    _flat_case(),
    _refrac_case(),
    forecast(
        "exponential 25%/yr, 300 BOPD, limit 5 BOPD, start March 2027",
        qi=300,
        decline=(0.25, "secant"),
        limit=5,
        arguments={"start_date": "2027-03"},
    ),
    # --- secondary phases at a stated ratio --------------------------------------------------
    _ratio(
        "800 bopd declining 25%/yr, b 0.9, to 10 bopd, and gas following the oil at a GOR of "
        "1,500 scf/bbl",
        1.5,
        "gas",
        qi=800,
        decline=(0.25, "secant"),
        b=0.9,
        limit=10,
        arguments={"gor_scf_per_bbl": 1500},
    ),
    _ratio(
        "gas 3 MMcf/d declining 40%/yr b 0.7 to 60 mcf/d, condensate yield 25 bbl/MMcf",
        0.025,
        "oil",
        qi=3000,
        decline=(0.40, "secant"),
        b=0.7,
        limit=60,
        phase="gas",
        arguments={"yield_bbl_per_mmcf": 25},
    ),
    _ratio(
        "oil 500 bopd, 30%/yr, to 5 bopd, WOR 3",
        3.0,
        "water",
        qi=500,
        decline=(0.30, "secant"),
        limit=5,
        arguments={"water_ratio": 3},
    ),
    _ratio(
        "oil 500 bopd, 30%/yr, to 5 bopd, water cut 60%",
        1.5,
        "water",
        qi=500,
        decline=(0.30, "secant"),
        limit=5,
        arguments={"water_ratio": 1.5},
    ),
    _ratio(
        "EUR for 650 BOPD at 45%/yr, b 1.0, EL 8 BOPD; GOR 2.2 Mcf/bbl",
        2.2,
        "gas",
        qi=650,
        decline=(0.45, "secant"),
        b=1.0,
        limit=8,
        arguments={"gor_scf_per_bbl": 2200},
    ),
    # --- what an inline forecast cannot do is named, with the reason ---------------------------
    forecast(
        "P10/P50/P90 for 800 bopd declining 25%/yr",
        qi=800,
        decline=(0.25, "secant"),
        unused=("P10/P50/P90",),
        shows=("P10/P50/P90 come from fitting a production history",),
    ),
    # --- more phrasings, written fresh ----------------------------------------------------------
    forecast(
        "Well 'Eagle 3H' IP 1,050 BOPD, Di 72% sec. eff., b 1.15, Dmin 6%, EL 10 BOPD",
        qi=1050,
        decline=(0.72, "secant"),
        b=1.15,
        limit=10,
        dmin=(0.06, "tangent"),
        well="Eagle 3H",
    ),
    forecast(
        "what's the 30-yr EUR of a 2 MMcfd well, 55% decline, b=0.8",
        qi=2000,
        decline=(0.55, "secant"),
        b=0.8,
        years=30,
        phase="gas",
    ),
    forecast(
        "Oil: qi 475 b/d; Di 0.45 1/yr nominal; b 0.65; q_ab 4 b/d",
        qi=475,
        decline=(0.45, "nominal"),
        b=0.65,
        limit=4,
    ),
    forecast(
        "decline rate 3%/month secant, b 1.4, from 950 BOPD, how long to 10 BOPD?",
        qi=950,
        decline=(0.03, "secant", "month"),
        b=1.4,
        limit=10,
    ),
    forecast(
        "How many barrels will a 420 bopd well make in 10 years at 14% exponential decline?",
        qi=420,
        decline=(0.14, "secant"),
        at=(10.0,),
    ),
    forecast(
        "cum at year 2 & year 4, 800 bopd, 40%/yr, b 0.9",
        qi=800,
        decline=(0.40, "secant"),
        b=0.9,
        at=(2.0, 4.0),
    ),
    forecast(
        "MMCF/D case: 12.5 MMcf/d, 300% nominal, b 1.05, Dmin 8% tangent, 200 Mcf/d limit",
        qi=12500,
        decline=(3.0, "nominal"),
        b=1.05,
        limit=200,
        dmin=(0.08, "tangent"),
        phase="gas",
    ),
    forecast(
        "eur? 650 bopd, 38% decline per year (tangent), b=0.0",
        qi=650,
        decline=(0.38, "tangent"),
    ),
    forecast(
        "an old well at 45 bbl/d declining 7% a year - economic limit 3 bbl/d",
        qi=45,
        decline=(0.07, "secant"),
        limit=3,
    ),
    forecast(
        "2,000 BOE/d, nominal Di of 2.0, b 1.2, Dmin 7%, 20 BOE/d limit",
        qi=2000,
        decline=(2.0, "nominal"),
        b=1.2,
        limit=20,
        dmin=(0.07, "tangent"),
        phase="boe",
    ),
    forecast(
        "boe well 1,200 boepd 65% Di b 1 to 12 boepd",
        qi=1200,
        decline=(0.65, "secant"),
        b=1.0,
        limit=12,
        phase="boe",
    ),
    forecast(
        "600 BOPD with 4.5%/mo decline (secant, b 1.1), stop at 6 BOPD",
        qi=600,
        decline=(0.045, "secant", "month"),
        b=1.1,
        limit=6,
    ),
    forecast(
        "gas well at 1,800 mcfd with monthly decline of 7% and b 0.9, down to 45 mcfd",
        qi=1800,
        decline=(0.07, "secant", "month"),
        b=0.9,
        limit=45,
        phase="gas",
    ),
    forecast(
        "Forecast 1,000 bopd declining 60% nominal per year b 0.5 for 15 years",
        qi=1000,
        decline=(0.60, "nominal"),
        b=0.5,
        years=15,
    ),
    forecast(
        "EUR to 10 bopd for a well at 700 bopd, Di 55 (secant), b 1.0",
        qi=700,
        decline=(0.55, "secant"),
        b=1.0,
        limit=10,
    ),
    forecast(
        "1500 BOPD; Di 90%; b 1.1; Dmin 5%; limit 10 BOPD; report the rate at 6 months, 1 year "
        "and 3 years",
        qi=1500,
        decline=(0.90, "secant"),
        b=1.1,
        limit=10,
        dmin=(0.05, "tangent"),
        at=(0.5, 1.0, 3.0),
    ),
    forecast(
        "what's the remaining oil from a well currently at 120 bopd declining 15%/yr "
        "exponential to 5 bopd",
        qi=120,
        decline=(0.15, "secant"),
        limit=5,
    ),
    forecast(
        "If a gas well comes on at 5.5 MMscfd with Di = 0.95 (nominal, per year) and b = 0.75, "
        "how much gas by year 10?",
        qi=5500,
        decline=(0.95, "nominal"),
        b=0.75,
        at=(10.0,),
        phase="gas",
    ),
    forecast(
        "Di 1.1/yr nominal, qi 880 bbl/d, b 1.0, harmonic to 8 bbl/d",
        qi=880,
        decline=(1.1, "nominal"),
        b=1.0,
        limit=8,
    ),
    forecast(
        "Dmin 7%/yr, Di 70%/yr, b 1.2, IP 1,100 BOPD, EL 10 BOPD",
        qi=1100,
        decline=(0.70, "secant"),
        b=1.2,
        limit=10,
        dmin=(0.07, "tangent"),
    ),
    forecast(
        "give me rate and cum after 1, 3 and 5 yrs: 2,400 bopd, 85% secant Di, b 1.3, 6% term.",
        qi=2400,
        decline=(0.85, "secant"),
        b=1.3,
        at=(1.0, 3.0, 5.0),
        dmin=(0.06, "tangent"),
    ),
    forecast(
        "hyperbolic w/ b=0.6, Di=45%/yr, qi=3,200 Mcf/d: how long until 100 Mcf/d and what's "
        "the EUR then",
        qi=3200,
        decline=(0.45, "secant"),
        b=0.6,
        limit=100,
        phase="gas",
    ),
    forecast(
        "pls forecast 90 bbls/d, 10%/yr decline, ec. limit 2 bbls/d",
        qi=90,
        decline=(0.10, "secant"),
        limit=2,
    ),
    forecast(
        "Hawkins 2H at 640 bopd, 62%/yr secant-effective, b 1.05 - what's left to a 10 bopd limit?",
        qi=640,
        decline=(0.62, "secant"),
        b=1.05,
        limit=10,
        well="Hawkins 2H",
    ),
    forecast(
        "Nominal decline 180%/yr, qi 1,400 BOPD, b 1.25, Dmin 6% secant effective, EUR to 15 BOPD",
        qi=1400,
        decline=(1.8, "nominal"),
        b=1.25,
        limit=15,
        dmin=(0.06, "secant"),
    ),
    forecast(
        "a Haynesville well at 18 MMcf/d, Di 3.5 nominal, b 1.0, terminal 7%, to 250 Mcf/d",
        qi=18000,
        decline=(3.5, "nominal"),
        b=1.0,
        limit=250,
        dmin=(0.07, "tangent"),
        phase="gas",
    ),
    forecast(
        "1,000 bopd, 12% per month effective, exponential, over 10 years",
        qi=1000,
        decline=(0.12, "secant", "month"),
        years=10,
    ),
    forecast(
        "1000 BOPD 12%/MONTH TANGENT B 0.8 TO 10 BOPD",
        qi=1000,
        decline=(0.12, "tangent", "month"),
        b=0.8,
        limit=10,
    ),
]
