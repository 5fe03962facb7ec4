"""Counts of people: suppress 1-7, round the rest to 5 half up, keep a true zero."""

from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.disclosure import (
    DEFAULT_POLICY,
    SUPPRESSED,
    DisclosurePolicy,
    round_half_up,
    safe_count,
)

PROPERTY = settings(deadline=None, max_examples=300)
counts = st.integers(min_value=0, max_value=10**9)


@pytest.mark.parametrize(
    ("true_count", "published"),
    [
        (0, 0),  # a true zero is shown as zero ...
        (1, SUPPRESSED),  # ... and the smallest real count is not
        (5, SUPPRESSED),
        (7, SUPPRESSED),  # the threshold itself is suppressed
        (8, 10),  # the first count shown
        (12, 10),
        (13, 15),
        (17, 15),
        (18, 20),
        (102, 100),
        (103, 105),
    ],
)
def test_default_policy_edges(true_count, published):
    # Given a count of people, when it is published, then it follows the ≤7 / round-to-5 rule
    assert safe_count(true_count) == published


@pytest.mark.parametrize(
    ("value", "published"),
    [
        (Decimal("12.5"), 15),  # half goes up: banker's rounding would give 10
        (Decimal("22.5"), 25),  # and here banker's rounding would also have gone up: no change
        (Decimal("7.5"), 10),  # above the threshold, so rounded, and 7.5 -> 10
        (Decimal("12.4999"), 10),
        (Decimal("0.4"), SUPPRESSED),  # not a true zero
    ],
)
def test_decimal_input_rounds_half_up(value, published):
    # Given a Decimal count on an exact half, when published, then it rounds half up
    assert safe_count(value) == published


def test_round_half_up_is_not_bankers_rounding():
    # Given values where Python's round() goes to even, when rounded half up, then they go up
    assert round(2.5) == 2  # what we must not do
    assert round_half_up(Decimal("12.5"), base=5) == 15
    assert round_half_up(Decimal("2.5"), base=1) == 3
    assert round_half_up(Decimal("-2.5"), base=1) == -3  # half away from zero


def test_global_decimal_context_does_not_change_results():
    # Given a caller who set banker's rounding and low precision globally
    with localcontext() as context:
        context.rounding = ROUND_HALF_EVEN
        context.prec = 2
        # When counts are published, then our own context is used
        assert safe_count(Decimal("12.5")) == 15
        assert safe_count(123457) == 123455


def test_none_means_no_figure_and_stays_none():
    assert safe_count(None) is None


def test_applying_the_rule_twice_changes_nothing():
    assert safe_count(SUPPRESSED) == SUPPRESSED
    assert safe_count(safe_count(13)) == 15


@pytest.mark.parametrize("bad", [-1, Decimal("-0.5")])
def test_negative_counts_are_refused(bad):
    with pytest.raises(ValueError, match="negative"):
        safe_count(bad)


@pytest.mark.parametrize("bad", [True, "12", "", [3]])
def test_non_numbers_are_refused(bad):
    with pytest.raises(TypeError):
        safe_count(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN")])
def test_non_finite_counts_are_refused(bad):
    with pytest.raises(ValueError, match="finite"):
        safe_count(bad)


@PROPERTY
@given(counts)
def test_every_published_count_is_zero_suppressed_or_a_multiple_of_5_from_10(n):
    # P1: no count of 1-7 ever appears
    published = safe_count(n)
    assert published == 0 or published == SUPPRESSED or (published % 5 == 0 and published >= 10)


@PROPERTY
@given(counts)
def test_zero_and_suppressed_always_differ(n):
    # P5: "0" always means nobody, "*" always means a few people
    published = safe_count(n)
    assert (published == 0) == (n == 0)
    assert (published == SUPPRESSED) == (1 <= n <= 7)


@PROPERTY
@given(st.integers(min_value=8, max_value=10**9))
def test_shown_counts_are_within_half_a_rounding_step(n):
    published = safe_count(n)
    assert abs(published - n) <= 2
    # half up: exact halves never arise for whole numbers with base 5, so the nearest is unique
    assert published == 5 * ((n + 2) // 5)


@PROPERTY
@given(counts, counts)
def test_publishing_keeps_the_order_of_shown_counts(a, b):
    low, high = sorted((a, b))
    published_low, published_high = safe_count(low), safe_count(high)
    if SUPPRESSED not in (published_low, published_high):
        assert published_low <= published_high


@PROPERTY
@given(counts)
def test_publishing_is_idempotent(n):
    once = safe_count(n)
    assert safe_count(once) == once


# A different site setting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("true_count", "published"),
    [(0, 0), (1, SUPPRESSED), (5, SUPPRESSED), (6, 5), (7, 5), (8, 10), (12, 10), (13, 15)],
)
def test_a_site_can_use_a_threshold_of_5(true_count, published):
    # Given a site that suppresses only 1-5
    policy = DisclosurePolicy(threshold=5)
    # Then 6 and 7 are shown, rounded
    assert safe_count(true_count, policy=policy) == published


@PROPERTY
@given(counts, st.integers(min_value=0, max_value=20), st.integers(min_value=1, max_value=20))
def test_any_policy_keeps_zero_and_suppressed_apart(n, threshold, base):
    # Given any policy, even one whose rounding could take a small count down to 0
    policy = DisclosurePolicy(threshold=threshold, rounding_base=base)
    published = safe_count(n, policy=policy)
    # Then only a true zero is shown as 0, and shown counts are multiples of the base
    assert (published == 0) == (n == 0)
    if 1 <= n <= threshold:
        assert published == SUPPRESSED
    if published not in (0, SUPPRESSED):
        assert published % base == 0 and published > 0


def test_rounding_that_would_reach_zero_is_suppressed_instead():
    # Given no suppression threshold but rounding to 5, when 2 people are counted
    policy = DisclosurePolicy(threshold=0, rounding_base=5)
    # Then they are not shown as "0" (which would mean nobody)
    assert safe_count(2, policy=policy) == SUPPRESSED
    assert safe_count(3, policy=policy) == 5


@pytest.mark.parametrize(
    "kwargs", [{"threshold": -1}, {"rounding_base": 0}, {"threshold": 2.5}, {"rounding_base": True}]
)
def test_a_nonsense_policy_is_refused(kwargs):
    with pytest.raises(ValueError):
        DisclosurePolicy(**kwargs)


def test_the_policy_states_its_rule_in_words():
    assert DEFAULT_POLICY.describe().startswith(
        "Counts of 1 to 7 people are shown as *; other counts are rounded to the nearest 5"
    )
    assert "1 to 5" in DisclosurePolicy(threshold=5).describe()
