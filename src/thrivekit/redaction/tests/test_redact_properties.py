"""Properties that hold for any comment anyone could type."""

import re
import string
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.redaction import MASKS, is_valid_nhs_number, redact
from thrivekit.redaction.tests.strategies import (
    emails,
    first_names,
    postcodes,
    synthetic_nhs_numbers,
    uk_phone_numbers,
)

PROPERTY = settings(deadline=None, max_examples=200)

# Text that is hard for the detectors: digits, separators, "@", dots, brackets, capitals and the
# cue words, glued to planted personal data with no spaces in between.
_tricky_alphabet = string.digits + "  -+()@._'aAbBeElLmMnNsSwW[]\n"
tricky_text = st.lists(
    st.one_of(
        st.text(alphabet=_tricky_alphabet, max_size=12),
        synthetic_nhs_numbers,
        uk_phone_numbers,
        postcodes,
        emails,
        st.sampled_from(["my name is ", "I'm ", "call me ", "this is ", "Sam", "Okafor", "NW1"]),
        st.text(max_size=8),
    ),
    max_size=8,
).map("".join)
any_text = st.text() | tricky_text

_TEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])")


@PROPERTY
@given(any_text)
def test_redacting_twice_changes_nothing(comment):
    # Given any comment, when redacted and then redacted again
    once = redact(comment)
    twice = redact(once.text)
    # Then the second pass finds nothing and changes nothing
    assert twice.text == once.text
    assert twice.found == ()


@PROPERTY
@given(any_text)
def test_no_valid_nhs_number_is_ever_left_visible(comment):
    # Given any comment, when redacted
    result = redact(comment)
    # Then no stand-alone 10-digit (or 3-3-4) number left in it has a valid check digit
    assert not [n for n in _TEN_DIGITS.findall(result.text) if is_valid_nhs_number(n)]
    # and what was found is exactly what was masked
    assert result.changed == (result.text != comment)
    assert all(MASKS[kind] in result.text for kind in result.found)


def _embed(before: str, planted: str, after: str) -> str:
    return f"{before} {planted} {after}"


@PROPERTY
@given(st.text(), synthetic_nhs_numbers, st.text())
def test_a_valid_nhs_number_anywhere_in_a_comment_is_masked(before, number, after):
    # Given a valid synthetic NHS number somewhere in random text
    result = redact(_embed(before, number, after))
    # When redacted, then it is no longer there and an NHS number is reported
    assert number not in result.text
    assert "nhs_number" in result.found


@PROPERTY
@given(st.text(), emails, st.text())
def test_an_email_anywhere_in_a_comment_is_masked(before, email, after):
    result = redact(_embed(before, email, after))
    assert email not in result.text
    assert "email" in result.found


@PROPERTY
@given(st.text(), postcodes, st.text())
def test_a_full_postcode_anywhere_in_a_comment_is_masked(before, postcode, after):
    result = redact(_embed(before, postcode, after))
    assert postcode not in result.text
    assert "postcode" in result.found


@PROPERTY
@given(st.text(), uk_phone_numbers, st.text())
def test_a_uk_phone_number_anywhere_in_a_comment_is_masked(before, number, after):
    result = redact(_embed(before, number, after))
    assert number not in result.text
    assert "phone" in result.found


@PROPERTY
@given(st.text(alphabet=st.characters(exclude_categories=["L"])), first_names)
def test_a_name_given_after_my_name_is_is_masked(before, name):
    # Given "my name is <name>" after any text that does not run into the cue
    result = redact(f"{before} my name is {name}.")
    # When redacted, then the name is gone
    assert name not in result.text
    assert result.text.endswith(f"my name is {MASKS['name']}.")


def test_long_comments_are_redacted_quickly():
    # Given a very long comment with no personal data and many near misses
    comment = ("call me maybe 0770 a@b 943 476 NW1 mail@ " * 5_000) + "x@" * 20_000
    # When redacted, then it takes well under a second (no quadratic back-tracking)
    started = time.perf_counter()
    redact(comment)
    assert time.perf_counter() - started < 1.0
