"""Inline decline forecasts as analysts type them: rates in any unit, declines in every
convention and period (nominal above 100 %/yr, monthly effective with b > 0, tangent and
secant for any b), terminal declines, limits and horizons, report times, well names.

Each case's arguments are what the tool must be given (the decline as stated, with its
convention and period), and its figures are computed here with the closed-form Arps
equations or petbox-dca (``production_reference``), never with the tool's own code.
"""

from __future__ import annotations

import math

import numpy as np

from tests.corpus.production_reference import (
    YEAR,
    Case,
    cum,
    eur,
    life_years,
    mh,
    mh_eur,
    mh_years,
    nominal,
    rate,
)

CONVENTION = {"secant": "secant_effective", "tangent": "tangent_effective", "nominal": "nominal"}
SHOWN = {"secant": "secant-effective", "tangent": "tangent-effective", "nominal": "nominal"}


def forecast(
    question: str,
    *,
    qi: float,
    decline: tuple[float, str] | tuple[float, str, str],
    b: float = 0.0,
    limit: float | None = None,
    years: float | None = None,
    at: tuple[float, ...] = (1.0,),
    dmin: tuple[float, str] | None = None,
    phase: str = "oil",
    well: str | None = None,
    unused: tuple[str, ...] = (),
    shows: tuple[str, ...] = (),
    before: tuple[str, ...] = (),
    arguments: dict | None = None,
    figures: dict | None = None,
) -> Case:
    """A case whose reference is the Arps curve (or petbox-dca's modified hyperbolic) the
    question states: EUR and life to the limit or horizon, rate and cumulative at ``at``."""
    value, convention, *period = decline
    monthly = bool(period) and period[0] == "month"
    d = nominal(value, convention, b, months=monthly)
    horizon = years if years is not None else (100.0 if limit is not None else 30.0)
    args = {
        "qi": qi,
        "decline": value,
        "decline_convention": CONVENTION[convention],
        "decline_period": "month" if monthly else "year",
        "b": b,
        "phase": phase,
        "horizon_years": horizon,
        "at_years": list(at),
    }
    if limit is not None:
        args["economic_limit"] = limit
    out: dict = {}
    if dmin is not None:
        dmin_value, dmin_convention = dmin
        args["dlim"] = dmin_value
        args["dlim_convention"] = CONVENTION[dmin_convention]
        tangent = 1 - math.exp(-dmin_value) if dmin_convention == "nominal" else dmin_value
        model = mh(qi, d, b, tangent)
        out["eur"] = mh_eur(qi, d, b, tangent, limit=limit, years=horizon)
        out["years"] = mh_years(qi, d, b, tangent, limit=limit, years=horizon)
        for i, t in enumerate(at):
            out[f"at.{i}.rate"] = float(model.rate(np.array([t * YEAR]))[0])
            out[f"at.{i}.cumulative"] = float(model.cum(np.array([t * YEAR]))[0])
        rel = 1e-6
    else:
        out["eur"] = eur(qi, d, b, limit=limit, years=horizon)
        out["years"] = life_years(qi, d, b, limit=limit, years=horizon)
        for i, t in enumerate(at):
            out[f"at.{i}.rate"] = rate(qi, d, b, t * YEAR)
            out[f"at.{i}.cumulative"] = cum(qi, d, b, t * YEAR)
        rel = 1e-9
    args.update(arguments or {})
    out.update(figures or {})
    words = (SHOWN[convention], "**Inputs**", *((well,) if well else ()))
    return Case(
        question,
        arguments=args,
        figures=out,
        shows=words + shows,
        unused=unused,
        before=before,
        rel=rel,
    )


CASES = [
    # --- the usual reading: a bare percentage is secant-effective per year -------------------
    forecast(
        "a well at 800 BOPD declining 25% a year, b of 0.9, economic limit 10 bbl/d",
        qi=800,
        decline=(0.25, "secant"),
        b=0.9,
        limit=10,
        shows=("runs to the economic limit, at most 100 years", "does **not** reach"),
    ),
    forecast(
        "WHAT IS THE EUR OF A 1000 BOPD WELL DECLINING 30% PER YEAR TO 15 BOPD",
        qi=1000,
        decline=(0.30, "secant"),
        limit=15,
    ),
    forecast(
        "forcast 750 bopd w/ 40% decline & b=1.0 till 10 bopd",
        qi=750,
        decline=(0.40, "secant"),
        b=1.0,
        limit=10,
    ),
    forecast(
        "EUR if qi is 360 bbl per day and decline is 26% per year, b 0.6, limit 6 bbl per day",
        qi=360,
        decline=(0.26, "secant"),
        b=0.6,
        limit=6,
    ),
    forecast(
        "1000 barrels per day, 40% annual decline, b of 1.2, economic limit 10 barrels per day",
        qi=1000,
        decline=(0.40, "secant"),
        b=1.2,
        limit=10,
    ),
    forecast(
        "320 BOPD, decline 18 pct/yr, b 0.4, econ lim 4 bopd",
        qi=320,
        decline=(0.18, "secant"),
        b=0.4,
        limit=4,
    ),
    forecast(
        "EUR, 600 bbl/d, 55%/yr eff., b 1.0, to 6 bbl/d",
        qi=600,
        decline=(0.55, "secant"),
        b=1.0,
        limit=6,
    ),
    forecast(
        "2,500 BOE/d with 60% first-year decline, b 0.9, economic limit 25 boe/d",
        qi=2500,
        decline=(0.60, "secant"),
        b=0.9,
        limit=25,
        phase="boe",
    ),
    forecast(
        "gas well 900 Mcf/d declining 12% a year, 30 mcf/d cutoff",
        qi=900,
        decline=(0.12, "secant"),
        limit=30,
        phase="gas",
    ),
    forecast(
        "Forecast 2.2 MMscf/d gas declining 35 percent per year with b=0.5 to an economic "
        "limit of 60 Mcf/d",
        qi=2200,
        decline=(0.35, "secant"),
        b=0.5,
        limit=60,
        phase="gas",
    ),
    forecast(
        "A 3 MMCFD well at 40%/yr and b of 0.6 - gas EUR to 75 mcfd?",
        qi=3000,
        decline=(0.40, "secant"),
        b=0.6,
        limit=75,
        phase="gas",
    ),
    forecast(
        "1 MMcf/d declining 20% per annum, b 0.3, abandon at 25 Mcf/d",
        qi=1000,
        decline=(0.20, "secant"),
        b=0.3,
        limit=25,
        phase="gas",
    ),
    forecast(
        "EUR to 20 bopd: 400 bopd exponential 18%/yr",
        qi=400,
        decline=(0.18, "secant"),
        limit=20,
    ),
    forecast(
        "how long until a 650 bopd well hits 10 bopd at 22% per year decline",
        qi=650,
        decline=(0.22, "secant"),
        limit=10,
    ),
    forecast(
        "harmonic decline from 400 bopd at 40% a year to 5 bopd",
        qi=400,
        decline=(0.40, "secant"),
        b=1.0,
        limit=5,
    ),
    forecast(
        "well making 85 bopd declining 12%/yr, economic limit 2 bopd, what's remaining",
        qi=85,
        decline=(0.12, "secant"),
        limit=2,
    ),
    # --- conventions named anywhere in the sentence --------------------------------------------
    forecast(
        "Tangent effective 35%/yr from 900 bbl/d, b 0.5, limit 5 bbl/d",
        qi=900,
        decline=(0.35, "tangent"),
        b=0.5,
        limit=5,
    ),
    forecast(
        "900 bbl/d, b 0.5, limit 5 bbl/d, Di 35%/yr tangent",
        qi=900,
        decline=(0.35, "tangent"),
        b=0.5,
        limit=5,
    ),
    forecast(
        "secant effective Di of 68%, qi 1,400 bopd, b 1.3, Dmin 7%, ec limit 10 bopd, when "
        "does it switch to terminal?",
        qi=1400,
        decline=(0.68, "secant"),
        b=1.3,
        limit=10,
        dmin=(0.07, "tangent"),
        shows=("reached after",),
    ),
    forecast(
        "EUR for 1,200 bopd, b 1.3, Di 0.95 secant, 10 bopd econ limit",
        qi=1200,
        decline=(0.95, "secant"),
        b=1.3,
        limit=10,
    ),
    forecast(
        "1,200 bopd, Di 95% effective, b 1.3, limit 10 bopd",
        qi=1200,
        decline=(0.95, "secant"),
        b=1.3,
        limit=10,
    ),
    forecast(
        "What's the rate after 10 years if the well starts at 2,000 bopd with a 90% secant "
        "decline and b of 1.5?",
        qi=2000,
        decline=(0.90, "secant"),
        b=1.5,
        at=(10.0,),
    ),
    forecast(
        "using nominal declines throughout: 700 bopd, Di 0.85, b 1.0, to 7 bopd",
        qi=700,
        decline=(0.85, "nominal"),
        b=1.0,
        limit=7,
    ),
    forecast(
        "300 bbl/d well declining 20%/yr nominal, what's the cum after 10 years",
        qi=300,
        decline=(0.20, "nominal"),
        at=(10.0,),
    ),
    forecast(
        "1.2 MMcf/d, Di=0.9, b=0.7, over 25 years",
        qi=1200,
        decline=(0.9, "nominal"),
        b=0.7,
        years=25,
        phase="gas",
    ),
    forecast(
        "nominal decline of 1.8/yr for a 2 MMcf/d gas well, b=1.5, 100 mcf/d limit",
        qi=2000,
        decline=(1.8, "nominal"),
        b=1.5,
        limit=100,
        phase="gas",
    ),
    forecast(
        "Arps hyperbolic: q_i 1,250 bbl/d, D_i 0.72 /yr nominal, b 0.95, q_lim 12 bbl/d",
        qi=1250,
        decline=(0.72, "nominal"),
        b=0.95,
        limit=12,
    ),
    forecast(
        "400 bopd at 90 %/yr nominal, b 0.9, down to 5 bopd",
        qi=400,
        decline=(0.90, "nominal"),
        b=0.9,
        limit=5,
    ),
    # --- nominal declines above 100 %/yr (shale) ------------------------------------------------
    forecast(
        "gas well 3.5 MMcf/d, 150%/yr nominal, b=1.3, abandon at 50 Mcfd",
        qi=3500,
        decline=(1.5, "nominal"),
        b=1.3,
        limit=50,
        phase="gas",
    ),
    forecast(
        "EUR for a 450 BOPD well, Di 2.4 nominal, b 1.2, Dmin 8%, econ limit 8 bopd",
        qi=450,
        decline=(2.4, "nominal"),
        b=1.2,
        limit=8,
        dmin=(0.08, "tangent"),
    ),
    forecast(
        "800 bopd, 120%/yr, b 1.2, Dmin 6%, economic limit 10 bopd",
        qi=800,
        decline=(1.2, "nominal"),
        b=1.2,
        limit=10,
        dmin=(0.06, "tangent"),
        shows=("only a nominal decline can be",),
    ),
    forecast(
        "what's the EUR if qi = 2,000 BOPD and Di = 300% nominal, b = 1.4, dmin 5%, 15 bbl/d limit",
        qi=2000,
        decline=(3.0, "nominal"),
        b=1.4,
        limit=15,
        dmin=(0.05, "tangent"),
    ),
    forecast(
        "gas: 8 MMcf/d, 250%/yr nominal decline, b 1.1, terminal decline 6% secant effective, "
        "abandon at 150 Mcf/d",
        qi=8000,
        decline=(2.5, "nominal"),
        b=1.1,
        limit=150,
        dmin=(0.06, "secant"),
        phase="gas",
    ),
    forecast(
        "gas 10 MMcf/d Di 400% nominal b 1.2 Dmin 7% limit 250 mcf/d",
        qi=10000,
        decline=(4.0, "nominal"),
        b=1.2,
        limit=250,
        dmin=(0.07, "tangent"),
        phase="gas",
    ),
    forecast(
        "IP 1,800 bopd, Di 1.5 (nominal), b 1.25, what's the 12 month cum",
        qi=1800,
        decline=(1.5, "nominal"),
        b=1.25,
        at=(1.0,),
    ),
    # --- monthly declines: through the hyperbolic equation when b > 0 --------------------------
    forecast(
        "qi 600 bbl/d declining 8%/month b 0.8 till 5 bopd",
        qi=600,
        decline=(0.08, "secant", "month"),
        b=0.8,
        limit=5,
        shows=("through the hyperbolic equation over one month",),
    ),
    forecast(
        "oil 550 bopd; decline 5% per month (secant), b=1.2; limit 5 bopd",
        qi=550,
        decline=(0.05, "secant", "month"),
        b=1.2,
        limit=5,
    ),
    forecast(
        "550 bopd declining 5% per month tangent effective with b 1.2 until 5 bopd",
        qi=550,
        decline=(0.05, "tangent", "month"),
        b=1.2,
        limit=5,
    ),
    forecast(
        "550 bopd, nominal 5%/month, b 1.2, until 5 bopd",
        qi=550,
        decline=(0.05, "nominal", "month"),
        b=1.2,
        limit=5,
    ),
    forecast(
        "5,000 mcfd declining 6%/month exponential to 200 mcfd",
        qi=5000,
        decline=(0.06, "secant", "month"),
        limit=200,
        phase="gas",
    ),
    forecast(
        "rate after 18 months for 1,100 bopd with 9% monthly decline, b 1.0",
        qi=1100,
        decline=(0.09, "secant", "month"),
        b=1.0,
        at=(1.5,),
    ),
    forecast(
        "how much oil by month 6 from 1,000 bopd at 10%/mo exponential",
        qi=1000,
        decline=(0.10, "secant", "month"),
        at=(0.5,),
    ),
    forecast(
        "1000 bopd declining 10% per month, b 0.5, cum after 6 months and 12 months",
        qi=1000,
        decline=(0.10, "secant", "month"),
        b=0.5,
        at=(0.5, 1.0),
    ),
    forecast(
        "we've got a 700 bbl/d well, declines 3.5% per month nominal, b=0; EUR to 7 bbl/d",
        qi=700,
        decline=(0.035, "nominal", "month"),
        limit=7,
    ),
    forecast(
        "A 1,500 Mcf/d well at 4% per month effective decline with b 0.7 - gas EUR at a 40 "
        "Mcf/d limit",
        qi=1500,
        decline=(0.04, "secant", "month"),
        b=0.7,
        limit=40,
        phase="gas",
    ),
    # --- terminal declines and their conventions ------------------------------------------------
    forecast(
        "qi=950 bopd, di=65%, b=1.1, dmin=6%, limit=10 bopd",
        qi=950,
        decline=(0.65, "secant"),
        b=1.1,
        limit=10,
        dmin=(0.06, "tangent"),
    ),
    forecast(
        "950 bopd, 65% Di, b 1.1, Dmin 0.06 nominal, 10 bopd limit",
        qi=950,
        decline=(0.65, "secant"),
        b=1.1,
        limit=10,
        dmin=(0.06, "nominal"),
    ),
    forecast(
        "oil well IP 1,500 b/d, initial decline 75% effective, b-factor 1.3, terminal 7%, ec "
        "limit 12 b/d, what's the EUR and the rate after 3 years?",
        qi=1500,
        decline=(0.75, "secant"),
        b=1.3,
        limit=12,
        at=(3.0,),
        dmin=(0.07, "tangent"),
    ),
    forecast(
        "2,000 bopd with a 90% secant decline and b of 1.5, Dmin 5% secant effective, economic "
        "limit 20 bopd",
        qi=2000,
        decline=(0.90, "secant"),
        b=1.5,
        limit=20,
        dmin=(0.05, "secant"),
    ),
    forecast(
        "For our Permian well that came on at 1,350 BOPD, assuming a 78% first-year decline "
        "(secant effective), a b of 1.25 and a 7% terminal decline, what's the EUR to a 12 bopd "
        "economic limit, and what's the rate after 5 years?",
        qi=1350,
        decline=(0.78, "secant"),
        b=1.25,
        limit=12,
        at=(5.0,),
        dmin=(0.07, "tangent"),
    ),
    # --- horizons, limits and report times ------------------------------------------------------
    forecast(
        "1000 bopd 30% decline b 0 horizon 20 yrs",
        qi=1000,
        decline=(0.30, "secant"),
        years=20,
        shows=("Horizon: 20 yr (stated",),
    ),
    forecast(
        "1000 bopd 30% decline over 40 years with an economic limit of 3 bopd",
        qi=1000,
        decline=(0.30, "secant"),
        years=40,
        limit=3,
    ),
    forecast(
        "a 200 bopd stripper well declining 8%/yr, economic limit 3 bopd, 50 year horizon",
        qi=200,
        decline=(0.08, "secant"),
        limit=3,
        years=50,
    ),
    forecast(
        "what would 250 bopd do over 15 yrs at 10% a year exponential",
        qi=250,
        decline=(0.10, "secant"),
        years=15,
    ),
    forecast(
        "exponential decline, 1,000 Mcf/d, 15%/yr, 10 yr forecast",
        qi=1000,
        decline=(0.15, "secant"),
        years=10,
        phase="gas",
    ),
    forecast(
        "Give me the 5-yr cum for 700 BOPD, 50% Di, b=1.0",
        qi=700,
        decline=(0.50, "secant"),
        b=1.0,
        at=(5.0,),
    ),
    forecast(
        "Rate after 1, 2 and 5 years of a 600 bopd well declining 45%/yr with b 1.1",
        qi=600,
        decline=(0.45, "secant"),
        b=1.1,
        at=(1.0, 2.0, 5.0),
    ),
    forecast(
        "rate in year 3 of a 500 bopd well declining 28%/yr, b=0.9",
        qi=500,
        decline=(0.28, "secant"),
        b=0.9,
        at=(3.0,),
    ),
    forecast(
        "850 BOPD declining 32%/yr, b 0.8, what's the rate after 2.5 years",
        qi=850,
        decline=(0.32, "secant"),
        b=0.8,
        at=(2.5,),
    ),
    forecast(
        "gas well, IP 6.5 MMcf/d, 70% decline, b=1.0, 5 yr cumulative",
        qi=6500,
        decline=(0.70, "secant"),
        b=1.0,
        at=(5.0,),
        phase="gas",
    ),
    forecast(
        "Quick one: 2.8 MMcf/d gas, nominal Di 1.2/yr, b 0.8 - forecast 20 years and tell me "
        "the cum at 10 years",
        qi=2800,
        decline=(1.2, "nominal"),
        b=0.8,
        years=20,
        at=(10.0,),
        phase="gas",
    ),
    forecast(
        "500 bopd 35%/yr b 1.1, eur to 5 bopd or 60 years whichever first",
        qi=500,
        decline=(0.35, "secant"),
        b=1.1,
        limit=5,
        years=60,
    ),
    # --- the well by its name -------------------------------------------------------------------
    forecast(
        "Hawkins 2H: 1,200 bopd, Di 85% secant effective, b 1.1, Dmin 6% secant effective, "
        "stop at 10 bbl/d",
        qi=1200,
        decline=(0.85, "secant"),
        b=1.1,
        limit=10,
        dmin=(0.06, "secant"),
        well="Hawkins 2H",
    ),
    forecast(
        "EUR for Smith 1H at 420 bbl/d, declining 33%/yr, b 0.8, stop at 8 bbl/d",
        qi=420,
        decline=(0.33, "secant"),
        b=0.8,
        limit=8,
        well="Smith 1H",
    ),
    # --- figures this calculation does not take ------------------------------------------------
    forecast(
        "a well at 800 BOPD declining 25% a year, 12.5% royalty",
        qi=800,
        decline=(0.25, "secant"),
        unused=("12.5%",),
    ),
    forecast(
        "800 bopd declining 25% a year to 10 bopd; the lateral is 7,500 ft",
        qi=800,
        decline=(0.25, "secant"),
        limit=10,
        unused=("7,500",),
    ),
    # --- follow-ups change one figure ----------------------------------------------------------
    forecast(
        "and with b of 1.2?",
        before=("800 bopd declining 25% a year, b 0.9, economic limit 10 bopd",),
        qi=800,
        decline=(0.25, "secant"),
        b=1.2,
        limit=10,
    ),
    forecast(
        "what about an economic limit of 15 bopd instead",
        before=("800 bopd declining 25% a year, b 0.9, economic limit 10 bopd",),
        qi=800,
        decline=(0.25, "secant"),
        b=0.9,
        limit=15,
    ),
    forecast(
        "and at 35%?",
        before=("800 bopd declining 25%/yr, b 0.9, to 10 bopd",),
        qi=800,
        decline=(0.35, "secant"),
        b=0.9,
        limit=10,
    ),
    # --- what cannot be a decline is asked back --------------------------------------------------
    Case(
        "800 bopd declining 150% a year secant effective",
        asks_back="must be below 100%",
    ),
    Case(
        "declining 25% a year with b 0.9, what's the EUR?",
        asks_back="I also need the initial rate",
    ),
]
