"""Dates of birth are masked only when the text says they are one."""

import pytest

from thrivekit.redaction import MASKS, Redaction, redact

DOB = MASKS["date_of_birth"]


@pytest.mark.parametrize(
    ("comment", "masked"),
    [
        ("DOB 03/04/2011", f"DOB {DOB}"),
        ("D.O.B: 3.4.11, year 8", f"D.O.B: {DOB}, year 8"),
        ("my date of birth is 12 March 2010.", f"my date of birth is {DOB}."),
        ("Date of birth - 2010-03-12", f"Date of birth - {DOB}"),
        ("she was born on 3rd April 2011", f"she was born on {DOB}"),
        ("born March 12, 2010 in Leeds", f"born {DOB} in Leeds"),
        ("his birthday is 1st of May 2012", f"his birthday is {DOB}"),
    ],
)
def test_a_stated_date_of_birth_is_masked(comment, masked):
    # Given a comment saying someone's date of birth, when redacted, then only the date goes
    assert redact(comment) == Redaction(text=masked, found=("date_of_birth",))


@pytest.mark.parametrize(
    "comment",
    ["We met on 03/04/2011", "The clinic opened 12 March 2010", "born and raised here in 2010"],
)
def test_other_dates_stay(comment):
    assert redact(comment) == Redaction(text=comment)


def test_redacting_twice_changes_nothing():
    once = redact("DOB 03/04/2011 and born on 4 May 2012").text
    assert redact(once).text == once
