"""Disagreement measures: normalised entropy and interquartile range."""

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrivekit.scoring import normalised_entropy, quartiles

from .strategies import PROPERTY


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((5, 0, 0, 0), 0.0),  # everyone agrees
        ((0, 0, 0, 1), 0.0),
        ((1, 1, 1, 1), 1.0),  # spread evenly over all four
        ((3, 3, 3, 3), 1.0),
        ((2, 2, 0, 0), 0.5),  # two scores, half each: log 2 / log 4
        ((0, 1, 1, 1), math.log(3) / math.log(4)),  # 0.7925
        ((3, 1, 0, 0), (-(0.75 * math.log(0.75)) - 0.25 * math.log(0.25)) / math.log(4)),
    ],
)
def test_normalised_entropy_by_hand(counts, expected):
    assert normalised_entropy(counts) == pytest.approx(expected, abs=1e-12)


def test_normalised_entropy_of_nobody_is_none():
    assert normalised_entropy((0, 0, 0, 0)) is None


def test_nearly_even_spread_is_not_reported_as_perfectly_even():
    # Given one extra answer on a large, otherwise even, spread
    # Then the entropy is just below 1, never rounded to exactly 1
    assert normalised_entropy((1000, 1000, 1000, 1001)) < 1.0
    # plain float arithmetic gives exactly 1.0 (or more) for these
    assert normalised_entropy((10**8, 10**8, 10**8, 10**8 - 1)) < 1.0
    assert normalised_entropy((10**10, 10**10, 10**10, 10**10 + 1)) < 1.0


distributions = st.lists(st.integers(0, 10**6), min_size=4, max_size=4).filter(lambda c: sum(c))


@PROPERTY
@given(distributions)
def test_entropy_is_between_0_and_1(counts):
    assert 0.0 <= normalised_entropy(counts) <= 1.0


@PROPERTY
@given(distributions)
def test_entropy_is_0_exactly_when_everyone_agrees(counts):
    everyone_agrees = sum(1 for c in counts if c) == 1
    assert (normalised_entropy(counts) == 0.0) == everyone_agrees


@PROPERTY
@given(distributions)
def test_entropy_is_1_exactly_when_evenly_spread_over_four(counts):
    evenly_spread = len(set(counts)) == 1
    assert (normalised_entropy(counts) == 1.0) == evenly_spread


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([1, 2, 3, 4], (1.75, 3.25)),  # numpy.percentile default gives the same
        ([1, 3, 4], (2.0, 3.5)),
        ([1, 1, 4, 4], (1.0, 4.0)),
        ([2, 2, 3, 3], (2.0, 3.0)),
        ([3], (3.0, 3.0)),  # one answer is its own quartiles
        ([2, 2, 2, 2, 2], (2.0, 2.0)),
    ],
)
def test_quartiles_by_linear_interpolation(scores, expected):
    assert quartiles(scores) == expected


def test_quartiles_of_nothing_are_none():
    assert quartiles([]) is None


@PROPERTY
@given(st.lists(st.integers(1, 4), min_size=1, max_size=60))
def test_iqr_is_never_negative_and_brackets_the_median(scores):
    lower, upper = quartiles(sorted(scores))
    assert upper - lower >= 0
    assert lower <= statistics.median(scores) <= upper
    assert 1 <= lower and upper <= 4
