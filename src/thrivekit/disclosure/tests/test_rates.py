"""Percentages and statistics: from published counts, and `*` over small groups."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from thrivekit.disclosure import (
    SUPPRESSED,
    DisclosurePolicy,
    safe_count,
    safe_percentage,
    safe_statistic,
)

PROPERTY = settings(deadline=None, max_examples=300)


def test_percentage_uses_the_published_counts():
    # Given 8 of 13 people, published as 10 and 15
    # When the percentage is published, then it is 10/15 (66.7%), not 8/13 (61.5%)
    assert safe_percentage(8, 13) == 66.7


@pytest.mark.parametrize(("numerator", "denominator"), [(1, 50), (7, 50), (3, 7), (0, 5), (5, 5)])
def test_percentage_is_suppressed_when_either_count_is(numerator, denominator):
    assert safe_percentage(numerator, denominator) == SUPPRESSED


def test_percentage_of_a_true_zero_is_zero():
    # Given nobody out of 50, then 0% is shown, not suppressed
    assert safe_percentage(0, 50) == 0.0


def test_percentage_of_nobody_does_not_exist():
    assert safe_percentage(0, 0) is None
    assert safe_percentage(None, 50) is None
    assert safe_percentage(10, None) is None


def test_percentage_of_already_suppressed_counts_stays_suppressed():
    assert safe_percentage(SUPPRESSED, 50) == SUPPRESSED
    assert safe_percentage(SUPPRESSED, SUPPRESSED) == SUPPRESSED


@pytest.mark.parametrize(("dp", "expected"), [(0, 33.0), (1, 33.3), (2, 33.33)])
def test_percentage_decimal_places(dp, expected):
    assert safe_percentage(10, 30, dp=dp) == expected


def test_percentage_rounds_half_up():
    # Given 10 of 80 = 12.5% exactly, when shown with no decimals, then 13 (not banker's 12)
    assert safe_percentage(10, 80, dp=0) == 13.0


def test_percentage_larger_than_whole_is_a_caller_error():
    with pytest.raises(ValueError, match="larger than denominator"):
        safe_percentage(20, 10)


def test_percentage_with_a_different_threshold():
    policy = DisclosurePolicy(threshold=5)
    # 6 of 20 -> 5 of 20 with threshold 5; suppressed with the default threshold 7
    assert safe_percentage(6, 20, policy=policy) == 25.0
    assert safe_percentage(6, 20) == SUPPRESSED


@PROPERTY
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_percentage_is_recomputable_from_published_counts(a, b):
    # P3: a reader can recompute every rate from the published table
    numerator, denominator = sorted((a, b))
    published = safe_percentage(numerator, denominator)
    shown_num, shown_den = safe_count(numerator), safe_count(denominator)
    if denominator == 0:
        assert published is None
    elif SUPPRESSED in (shown_num, shown_den):
        assert published == SUPPRESSED
        assert 1 <= numerator <= 7 or 1 <= denominator <= 7
    else:
        assert published == float(
            (Decimal(shown_num) * 100 / Decimal(shown_den)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
        assert 0.0 <= published <= 100.0


# Statistics (mean, median, min, max) ---------------------------------------------------------


@pytest.mark.parametrize(("group_size", "expected"), [(1, SUPPRESSED), (7, SUPPRESSED), (8, 2.5)])
def test_statistic_over_small_groups_is_suppressed(group_size, expected):
    # P6: "*" at 7 people, shown at 8
    assert safe_statistic(2.5, group_size=group_size) == expected


def test_statistic_rounds_half_up_on_the_value_the_user_sees():
    # float round(2.675, 2) gives 2.67 because of binary floats; we give 2.68
    assert round(2.675, 2) == 2.67
    assert safe_statistic(2.675, group_size=20) == 2.68
    assert safe_statistic(Decimal("3.14159"), group_size=20, dp=3) == 3.142


def test_statistic_for_nobody_or_without_a_value_is_none():
    assert safe_statistic(None, group_size=20) is None
    assert safe_statistic(3.0, group_size=0) is None


def test_statistic_needs_a_group_size():
    with pytest.raises(ValueError, match="group_size"):
        safe_statistic(3.0, group_size=None)


def test_statistic_over_a_suppressed_group_is_suppressed():
    assert safe_statistic(3.0, group_size=SUPPRESSED) == SUPPRESSED


def test_statistic_with_a_different_threshold():
    assert safe_statistic(3.0, group_size=6, policy=DisclosurePolicy(threshold=5)) == 3.0


@PROPERTY
@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=20),
)
def test_statistic_is_suppressed_exactly_for_groups_up_to_the_threshold(value, size, threshold):
    assume(size != 0)
    published = safe_statistic(value, group_size=size, policy=DisclosurePolicy(threshold=threshold))
    assert (published == SUPPRESSED) == (size <= threshold)
    if published != SUPPRESSED:
        assert abs(published - value) <= 0.005 + 1e-9 * abs(value)
