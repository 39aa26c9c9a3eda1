"""How emissions questions are recognised beyond an inventory: a report of one, and
follow-ups that change one choice of the last inventory ("and using AR6?", "what if the
flare efficiency is 95% instead").
"""

from __future__ import annotations

from agents.builtin import intent
from agents.builtin.intent import Question, Recognised, recogniser

# "the fifth assessment report" names a GWP set, not a report to write.
_REPORT_WORDS = r"(?<!assessment\s)\b(?:report|export|ghgrp|xlsx|excel|spreadsheet|download)\b"
_ABOUT_EMISSIONS = r"\b(?:inventor\w*|emission\w*|ghg\w*|ghgrp|scope\s?[12]|co2e?|methane)\b"


@recogniser(25, "emissions_report")
def _report(q: Question) -> Recognised:
    if q.has(_REPORT_WORDS) and q.has(_ABOUT_EMISSIONS):
        return "emissions_report"
    return None


# An inventory is complete when it has activities or reads a file; a follow-up that
# names a new GWP set, efficiency, composition, region or rate reruns it.
intent._FOLLOWED["emissions_inventory"] = lambda p: (
    not (p.get("activities") or p.get("mentions_file"))
)
