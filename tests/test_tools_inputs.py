"""The Inputs convention: tools record what they used; answers show it compactly."""

from __future__ import annotations

import pytest

from agents.tools.inputs import Input, Inputs, format_value, inputs_markdown, inputs_of


def test_every_source_is_recorded_with_its_detail():
    used = Inputs()
    used.stated("oil_price", 70.0, label="Oil price", unit="$/bbl")
    used.from_file(
        "royalty",
        0.125,
        label="Royalty",
        unit="fraction",
        file_name="costs.csv",
        rowid=2,
        row=3,
        column="value",
    )
    used.default("discount_rate", 0.1, label="Discount rate", unit="fraction", why="no rate given")
    used.derived("nri", 0.875, label="NRI", unit="fraction", how="1 - royalty")
    result = used.attach({"summary": "s"})
    sources = {i["name"]: (i["source"], i["detail"]) for i in result["inputs"]}
    assert sources == {
        "oil_price": ("stated", ""),
        "royalty": ("file", "'costs.csv' (running-table row 2), row 3, column 'value'"),
        "discount_rate": ("default", "no rate given"),
        "nri": ("derived", "1 - royalty"),
    }
    # Each default applied has its assumption sentence.
    assert result["assumptions"] == ["Discount rate: 10% (no rate given)."]


def test_argument_is_stated_when_given_and_a_named_default_when_not():
    used = Inputs()
    assert used.argument("b", 0.9, 0.0, label="b-factor", why="exponential") == 0.9
    assert used.argument("dlim", None, 0.06, label="Terminal decline", why="usual 6%") == 0.06
    assert [(i.name, i.source) for i in used.items] == [("b", "stated"), ("dlim", "default")]
    assert len(used.assumptions) == 1 and "usual 6%" in used.assumptions[0]


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError):
        Input("x", "X", 1, source="guessed")


def test_attach_keeps_what_the_result_already_had():
    used = Inputs()
    used.assume("B")
    result = used.attach({"assumptions": ["A"]})
    assert result["assumptions"] == ["A", "B"]


def test_reading_tolerates_results_that_report_nothing_or_garbage():
    assert inputs_of({"summary": "x"}) == []
    assert inputs_of({"inputs": ["nope", {"label": "no name"}, {"name": "q", "value": 2}]}) == [
        Input("q", "q", 2)
    ]
    assert inputs_markdown([{"summary": "x"}, None]) == ""


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.125, "fraction", "12.5%"),
        (70, "$/bbl", "$70/bbl"),
        (-6e6, "$", "-$6,000,000"),
        (2500.0, "Mcf/d", "2,500 Mcf/d"),
        ([-500, 200, 200], "$", "-500, 200, 200"),
        (25, "%/yr", "25%/yr"),
    ],
)
def test_values_are_shown_as_an_analyst_reads_them(value, unit, shown):
    assert format_value(value, unit) == shown


def test_the_block_lists_inputs_then_assumptions_conventions_and_figures_not_used():
    one = Inputs()
    one.stated("qi", 800, label="Initial rate", unit="bbl/d", detail='you wrote "800 BOPD"')
    one.default("horizon_years", 30, label="Horizon", unit="yr", why="no horizon asked")
    one.convention("Declines are per year.")
    two = Inputs()
    two.stated("qi", 800, label="Initial rate", unit="bbl/d")  # the same input again
    block = inputs_markdown(
        [one.attach({}), two.attach({})], not_used=['"3 wells": a number that matches nothing']
    )
    assert block.splitlines() == [
        "**Inputs**",
        '- Initial rate: 800 bbl/d (stated: you wrote "800 BOPD")',
        "- Horizon: 30 yr (default)",
        "",
        "**Assumptions**",
        "- Horizon: 30 yr (no horizon asked).",
        "",
        "**Conventions**",
        "- Declines are per year.",
        "",
        "**Not used**",
        '- "3 wells": a number that matches nothing',
    ]
