"""Titles that tell conversations apart in the history list.

Two conversations about different wells or tasks get different titles, each
naming what sets it apart (the well, the task, the year), not the first
words they share ("Can you please run the economics on the…" twice).
Phrasings as analysts type them; the builtin agent's title over the socket.
"""

from __future__ import annotations

import uuid

import pytest

from agents.builtin.smalltalk import title_from_question
from chat.models import Conversation
from tests.fake_openai import ask

# (first question, second question, what the first's title must name, the second's)
PAIRS = [
    (
        "Can you please run the economics on the Hawkins 1H forecast with $70 oil and $3 gas, "
        "12.5% royalty, $8/bbl opex and capex of $6MM",
        "Can you please run the economics on the Hawkins 2H forecast with $70 oil and $3 gas, "
        "12.5% royalty, $8/bbl opex and capex of $6MM",
        ["Economics", "Hawkins 1H"],
        ["Economics", "Hawkins 2H"],
    ),
    (
        "hi, could you fit an Arps decline to the gas of well SMITH 3-14H in the upload and "
        "tell me the EUR",
        "hi, could you fit an Arps decline to the gas of well JONES 2-11H in the upload and "
        "tell me the EUR",
        ["Decline", "gas", "SMITH 3-14H"],
        ["Decline", "gas", "JONES 2-11H"],
    ),
    (
        "FORECAST OIL FOR HAWKINS 1H AT 800 BOPD",
        "forecast gas for well hawkins 1h, 2.5 MMcf/d initial",
        ["Forecast", "oil", "HAWKINS 1H"],
        ["Forecast", "gas", "Hawkins 1H"],
    ),
    (
        "plot oil for Hawkins 1H and 2H",
        "NPV10 of the Hawkins 1H forecast",
        ["Chart", "Hawkins 1H", "Hawkins 2H"],
        ["Economics", "Hawkins 1H"],
    ),
    (
        "what are the emissions in my file?",
        "what are the emissions in my file for 2023 only?",
        ["emissions"],
        ["emissions", "2023"],
    ),
    (
        "Please can you tell me the NPV at 8% of -500, 200, 200, 200",
        "NPV at 10% of -1000, 300, 400, 500",
        ["8%", "-500"],
        ["10%", "-1000"],
    ),
]


@pytest.mark.parametrize(("first", "second", "names_first", "names_second"), PAIRS)
def test_two_conversations_get_different_titles_naming_what_sets_them_apart(
    first, second, names_first, names_second
):
    title_one, title_two = title_from_question(first), title_from_question(second)
    assert title_one != title_two
    for title, names in ((title_one, names_first), (title_two, names_second)):
        assert len(title) <= 60, title
        for name in names:
            assert name.lower() in title.lower(), (title, name)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Can you please run the economics on the Hawkins 1H forecast", "Economics: Hawkins 1H"),
        ("could u pls fit a decline to the oil in my file", "Fit a decline to the oil"),
        ("I'd like to see the emissions in the uploaded spreadsheet", "See the emissions"),
        ("hello there", "Hello there"),
        (
            "economics on Wolfcamp A 2HZ and State 14-3H",
            "Economics: Wolfcamp A 2HZ and State 14-3H",
        ),
        ("plot oil for Hawkins 1H, 2H & 3H", "Chart, oil: Hawkins 1H and Hawkins 2H and others"),
    ],
)
def test_a_title_drops_the_polite_forms_and_where_the_data_is(question, title):
    assert title_from_question(question) == title


def test_a_title_names_the_file_it_is_about():
    assert (
        title_from_question("fit a decline to the oil in my file", file_names=["wolfcamp.csv"])
        == "Fit a decline to the oil (wolfcamp.csv)"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("builtin_fast")
async def test_the_history_tells_two_conversations_of_the_same_kind_apart(alice, agent):
    questions = {
        uuid.uuid4(): "Can you please forecast oil for Hawkins 1H at 800 BOPD declining 25% a year",
        uuid.uuid4(): "Can you please forecast oil for Hawkins 2H at 650 BOPD declining 30% a year",
    }
    titles = {}
    for conversation_id, question in questions.items():
        events, _ = await ask(alice, question, conversation_id=conversation_id)
        [title] = [e["content"] for e in events if e["event_type"] == "title"]
        titles[conversation_id] = title
        saved = await Conversation.objects.aget(user=alice, conversation_id=conversation_id)
        assert saved.title_summary == title
    assert sorted(titles.values()) == ["Forecast, oil: Hawkins 1H", "Forecast, oil: Hawkins 2H"]
