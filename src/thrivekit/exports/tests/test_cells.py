"""safe_cell: the single rule every exported cell goes through (reliability anchor P27)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.exports import FORMULA_TRIGGERS, safe_cell

PROPERTY = settings(deadline=None, max_examples=300)


@pytest.mark.parametrize(
    ("text", "exported"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\0=1+1", "'\0=1+1"),
        ('=HYPERLINK("http://example.com","click")', '\'=HYPERLINK("http://example.com","click")'),
        ("", ""),
        ("Getting Help", "Getting Help"),
        ("a=b", "a=b"),  # only the first character matters
        (" =1+1", " =1+1"),
        ("'=already quoted", "'=already quoted"),
    ],
)
def test_text_that_could_run_as_a_formula_gets_a_leading_apostrophe(text, exported):
    # Given a text cell, when exported, then only a formula-like start is neutralised
    assert safe_cell(text) == exported


@pytest.mark.parametrize(
    "value",
    [
        0,
        -5,
        3.5,
        -0.25,
        Decimal("-1.50"),
        True,
        None,
        dt.date(2024, 4, 1),
        dt.datetime(2024, 4, 1),  # noqa: DTZ001 - spreadsheets have no time zones
    ],
)
def test_numbers_dates_and_empty_cells_are_unchanged(value):
    # Given a value that is not text (a negative number is a number, not a formula)
    # When exported, then it is exactly the same value
    assert safe_cell(value) is value


@PROPERTY
@given(st.sampled_from(FORMULA_TRIGGERS), st.text())
def test_every_trigger_is_neutralised_and_nothing_is_lost(trigger, rest):
    # Given any text starting with a trigger, when exported
    exported = safe_cell(trigger + rest)
    # Then it starts with an apostrophe followed by exactly what was there
    assert exported == "'" + trigger + rest


@PROPERTY
@given(st.text().filter(lambda text: not text.startswith(FORMULA_TRIGGERS)))
def test_other_text_is_unchanged(text):
    assert safe_cell(text) == text
