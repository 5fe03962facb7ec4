"""NHS numbers: 10 digits, optionally 3-3-4, with a modulus-11 check digit (anchor P11).

Only numbers from the synthetic 9xxxxxxxxx range appear here (anchor P12).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.redaction import is_valid_nhs_number, nhs_check_digit
from thrivekit.redaction.tests.strategies import oracle_is_valid, synthetic_nhs_digits

PROPERTY = settings(deadline=None, max_examples=300)


@pytest.mark.parametrize(
    "written",
    ["9434765919", "943 476 5919", "943-476-5919", " 943 476 5919\n", "9000000130"],
)
def test_valid_numbers_are_accepted_as_people_write_them(written):
    # Given a valid number, bare or grouped 3-3-4 (9000000130: 11 - 0 = 11 gives check digit 0)
    # When it is checked, then it is valid
    assert is_valid_nhs_number(written)


@pytest.mark.parametrize(
    "written",
    [
        "9434765918",  # wrong check digit
        "9000000050",  # 900000005 needs check digit 10: no digit can follow it
        "9000000059",
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "9434 765 919",  # grouped 4-3-3, not how NHS numbers are written
        "943 476 5919x",
        "943.476.5919",
        "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19",  # full-width digits
        "",
    ],
)
def test_anything_else_is_rejected(written):
    # Given something that is not a valid NHS number, when checked, then it is rejected
    assert not is_valid_nhs_number(written)


def test_a_number_that_is_not_text_is_a_programming_error():
    # Given an int (leading zeros would already be lost), when checked, then it is refused loudly
    with pytest.raises(TypeError):
        is_valid_nhs_number(9434765919)  # type: ignore[arg-type]


def test_stems_needing_check_digit_ten_have_no_check_digit():
    # Given the stem 900000005 (weighted sum 45, 45 mod 11 = 1, 11 - 1 = 10)
    # When its check digit is asked for, then there is none
    assert nhs_check_digit("900000005") is None
    assert nhs_check_digit("943476591") == 9


@PROPERTY
@given(st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_agrees_with_the_weighted_sum_reading_of_the_rule(digits):
    # Given any ten digits, when checked, then the answer matches "sum of digits x (10..1) is
    # a multiple of 11", an independent way of stating the same rule
    assert is_valid_nhs_number(digits) == oracle_is_valid(digits)


@PROPERTY
@given(synthetic_nhs_digits, st.integers(min_value=0, max_value=9), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(digits, position, shift):
    # Given a valid number, when one digit is mistyped, then it is no longer valid
    typo = str((int(digits[position]) + shift) % 10)
    mistyped = digits[:position] + typo + digits[position + 1 :]
    assert is_valid_nhs_number(digits)
    assert not is_valid_nhs_number(mistyped)
