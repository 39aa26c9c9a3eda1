"""Decline conversions asked on their own: "convert a 70% secant effective decline to
nominal for b = 1.1", "what is 85%/yr tangent-effective in secant terms, b 0.8?".

The answer gives the decline in the three conventions (nominal, tangent-effective,
secant-effective) per year and per month, with the b it used and the formulas, through
``agents.tools.forecasting.conventions`` (the forecasts' own conversions, for any b).
"""

from __future__ import annotations

from agents.builtin import bind_production as prod
from agents.builtin import fmt
from agents.builtin.answer_production import TOOL_CONVENTIONS
from agents.builtin.binding import binds
from agents.builtin.intent import Question, Recognised, recogniser
from agents.builtin.work import Work, writer
from agents.tools.forecasting import conventions as cv

KIND = "decline_conversion"
_CONVERT = (
    r"\bconver\w*|\btranslat\w*|\bequivalent\b|\bexpress\w*|\bin\s+(?:nominal|tangent|secant)"
    r"|\bto\s+(?:a\s+|an\s+)?(?:annual\s+)?(?:nominal|tangent|secant|effective)"
    r"|\bas\s+(?:a\s+|an\s+)?(?:annual\s+|monthly\s+)?(?:nominal|tangent|secant|effective)"
    r"|\b(?:nominal|tangent|secant)\s+terms\b"
)

binds(KIND, name="decline", label="Decline", show=prod._show_decline)(prod.find_decline)
binds(KIND, name="b", label="b-factor")(prod.find_b)


@recogniser(35, KIND)
def _conversion(q: Question) -> Recognised:
    if q.decline is not None and q.rate is None and q.has(_CONVERT):
        return KIND
    return None


@writer(KIND, tool="forecast_decline", job="forecasts and converts decline rates")
def conversion(work: Work) -> str:
    p = work.params
    decline: prod.Decline = p.get("decline")
    b = p.get("b")
    if b is None:
        b = work.default(
            "b",
            0.0,
            label="b-factor",
            why="no b was given: b = 0 (exponential), where secant- and tangent-effective "
            "are the same; say e.g. 'for b = 1.1' for a hyperbolic decline",
        )
    source = TOOL_CONVENTIONS[decline.convention]
    nominal = cv.to_nominal(decline.value, source, b, period=decline.period)
    yearly = cv.all_conventions(nominal, b)
    monthly = {c: cv.from_nominal(nominal, c, b, period="month") for c in cv.CONVENTIONS}
    per = "a month" if decline.period == "month" else "a year"
    rows = [
        ["nominal (-d ln q/dt)", f"{yearly['nominal']:.4f} /yr", f"{monthly['nominal']:.4f} /mo"],
        [
            "tangent-effective (1 - exp(-D T))",
            f"{fmt.pct(yearly['tangent_effective'], 2)} /yr",
            f"{fmt.pct(monthly['tangent_effective'], 2)} /mo",
        ],
        [
            f"secant-effective (1 - (1 + b D T)^(-1/b), b = {b:g})",
            f"{fmt.pct(yearly['secant_effective'], 2)} /yr",
            f"{fmt.pct(monthly['secant_effective'], 2)} /mo",
        ],
    ]
    table = fmt.table(["convention", "per year", "per month"], rows)
    how = (
        "nominal = ((1 - Ds)^(-b) - 1) / (b T)"
        if source == "secant_effective" and b > cv.B_EPSILON
        else "nominal = -ln(1 - De) / T"
        if source != "nominal"
        else "nominal as given"
    )
    return "\n".join(
        [
            f"**A {decline.shown()} {prod._CONVENTION_WORDS[decline.convention]} decline** "
            f"(the drop over {per}) with b = {b:g} is **{yearly['nominal']:.4f}/yr nominal** "
            f"({how}, T = {'1/12 yr' if decline.period == 'month' else '1 yr'}).",
            "",
            table,
            "",
            "Conventions: SPEE monograph 4 and petbox-dca; the secant-effective rate is the "
            "real drop over the period of the hyperbolic with this b (b = 0 makes it the "
            "tangent-effective rate); a monthly rate is converted through the hyperbolic "
            "equation over one month, not by compounding twelve months.",
        ]
    )
