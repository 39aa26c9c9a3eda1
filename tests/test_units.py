"""Oilfield units, defined once: conversions checked against the definitions by hand."""

from __future__ import annotations

import pint
import pytest

from agents import units

GALLON_M3 = 0.003785411784  # US gallon, exactly 231 cubic inches
FOOT_M = 0.3048


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        (1, "bbl", "gal", 42.0),  # the oil barrel, not pint's 31.5-gallon barrel
        (1, "bbl", "m3", 42 * GALLON_M3),
        (2.5, "MMcf/d", "Mcf/d", 2500.0),
        (1, "Bcf", "MMcf", 1000.0),
        (1, "Mcf", "m3", 1000 * FOOT_M**3),
        (3, "MMBtu", "Btu", 3e6),
        (1200, "MWh", "kWh", 1.2e6),
        (15, "kt", "t", 15_000.0),
        (1, "lb", "kg", 0.45359237),
        (25, "%/yr", "1/yr", 0.25),
        (18, "mo", "yr", 1.5),
        (800, "bbl/d", "bbl/yr", 800 * 365.25),
        (8, "$/bbl", "$/gal", 8 / 42),
        # Into a unit defined with a factor ("1e6 * bbl"): the factor divides.
        (934_253, "bbl", "MMbbl", 0.934253),
        (758_877, "bbl", "Mbbl", 758.877),
        (2_500, "bbl/d", "Mbbl/d", 2.5),
        (1, "MMbbl", "Mbbl", 1000.0),
        (500, "Mcf", "MMcf", 0.5),
    ],
)
def test_conversions_match_the_definitions(value, unit, to, expected):
    assert units.convert(value, unit, to) == pytest.approx(expected, rel=1e-12)


def test_boe_is_not_silently_convertible_from_gas():
    # Gas to BOE needs a stated factor (6 Mcf/BOE), never a unit conversion.
    with pytest.raises(pint.DimensionalityError):
        units.convert(6, "Mcf", "BOE")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (" BOPD", "bbl/d"),
        (" bopd", "bbl/d"),
        ("bbl/d", "bbl/d"),
        (" barrels per day", "bbl/d"),
        (" Mcfd", "Mcf/d"),
        (" MMcf/d", "MMcf/d"),
        (" mmscfd", "MMcf/d"),
        (" boe/d", "BOE/d"),
        (" gallons", "gal"),
        (" MWh", "MWh"),
        (" tonnes", "t"),
        (" MT", "t"),
        (" Mt", "Mt"),
        ("%/yr", "%/yr"),
        ("% a month", "%/mo"),
        (" years", "yr"),
    ],
)
def test_analysts_spellings_are_read(text, unit):
    found = units.unit_at("9" + text, 1)
    assert found is not None and found[0] == unit
    assert found[1] == len("9" + text)


def test_money_reads_what_it_is_per():
    assert units.unit_at("$8/bbl opex", 2, money=True) == ("$/bbl", 6)
    assert units.unit_at("$3 per mcf", 2, money=True) == ("$/Mcf", 10)
    assert units.unit_at("$50/tCO2e", 3, money=True)[0] == "$/t"
    assert units.unit_at("$6MM capex", 4, money=True)[0] == "$"


def test_a_word_that_starts_like_a_unit_is_not_one():
    assert units.unit_at("5 books", 1) is None
    assert units.unit_at("2H well", 1) is None
