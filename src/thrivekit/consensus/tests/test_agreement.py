"""Kendall's W: a textbook example, a hand-computed tied example, and the p-value."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.consensus import Ballot, chi_square_sf, consensus
from thrivekit.consensus.agreement import agreement, table_ranks

from .helpers import profiles, tables


def ballot_from_ranks(table: str, ranks: list[int]) -> Ballot:
    """A complete ballot from a rater's rank of each object (object i is "farm-i")."""
    order = sorted(range(len(ranks)), key=lambda index: ranks[index])
    return Ballot(table, tuple(f"farm-{index + 1}" for index in order))


def test_textbook_example_without_ties():
    # Given four raters ranking the strawberries of eight farms (influentialpoints.com,
    # "Kendall coefficient of concordance", worked example I: W = 0.744, chi2 = 20.83, P = 0.004)
    raters = {
        "A": [8, 4, 2, 3, 5, 1, 6, 7],
        "B": [7, 3, 1, 4, 5, 2, 6, 8],
        "C": [8, 2, 5, 6, 7, 1, 4, 3],
        "D": [8, 3, 4, 2, 5, 1, 6, 7],
    }
    ballots = [ballot_from_ranks(name, ranks) for name, ranks in raters.items()]

    # When agreement is measured
    result = agreement(ballots)

    # Then W = S / (k^2 (n^3 - n) / 12) = 500 / 672, and chi-square and p match the book
    assert result.kendall_w == pytest.approx(500 / 672)
    assert round(result.kendall_w, 3) == 0.744
    assert round(result.chi_square, 2) == 20.83
    assert round(result.p_value, 3) == 0.004
    assert (result.tables, result.items, result.degrees_of_freedom) == (4, 8, 7)


def test_hand_computed_example_where_one_item_is_left_unranked():
    # Given three tables choosing two of three items (the one left out takes rank 3):
    #   T1 A B -> A1 B2 C3;  T2 A C -> A1 C2 B3;  T3 B A -> B1 A2 C3
    # Rank sums 4, 6, 8 around a mean of 6: S = 4 + 0 + 4 = 8; W = 12 * 8 / (9 * 24) = 4/9
    ballots = tables("A B", "A C", "B A")
    assert table_ranks(ballots[0], ["A", "B", "C"]) == {"A": 1, "B": 2, "C": 3}

    # When agreement is measured
    result = agreement(ballots)

    # Then W is 4/9 over the three items on the ballots; chi-square = 3 * 2 * 4/9 on 2 df,
    # whose upper tail is exp(-x / 2)
    assert result.kendall_w == pytest.approx(4 / 9)
    assert result.chi_square == pytest.approx(8 / 3)
    assert result.p_value == pytest.approx(math.exp(-4 / 3))
    assert (result.items, result.degrees_of_freedom) == (3, 2)


def test_hand_computed_tie_correction():
    # Given four items on ballots, two tables ranking two of them and one ranking one:
    #   T1 A B -> A1 B2 C3.5 D3.5 (tie of 2: 6)
    #   T2 C D -> C1 D2 A3.5 B3.5 (tie of 2: 6)
    #   T3 A   -> A1, B C D share 3 (tie of 3: 24)
    # Rank sums A 5.5, B 8.5, C 7.5, D 8.5 around 7.5: S = 4 + 1 + 0 + 1 = 6
    # W = 12 * 6 / (9 * 60 - 3 * 36) = 72 / 432 = 1/6
    ballots = tables("A B", "C D", "A")

    # When agreement is measured
    result = agreement(ballots)

    # Then W matches the hand value and chi-square = m (n - 1) W = 1.5 on 3 degrees of freedom
    assert result.kendall_w == pytest.approx(1 / 6)
    assert result.chi_square == pytest.approx(1.5)
    # P(chi2_3 >= x) = erfc(sqrt(x/2)) + sqrt(2x/pi) exp(-x/2), a closed form for 3 df
    expected = math.erfc(math.sqrt(0.75)) + math.sqrt(3 / math.pi) * math.exp(-0.75)
    assert result.p_value == pytest.approx(expected, rel=1e-12)


def test_w_is_null_with_fewer_than_two_tables_or_items():
    # Given one table, or two tables that both rank the same single item
    one_table = consensus(tables("a b c"))
    one_item = consensus(tables("a", "a"))

    # Then W and p are null, and the number of tables is still reported
    assert one_table.agreement.kendall_w is None
    assert one_table.agreement.p_value is None
    assert one_table.to_dict()["agreement"]["tables"] == 1
    assert one_item.agreement.kendall_w is None
    assert one_item.to_dict()["agreement"]["kendall_w"] is None


def test_opposite_tables_disagree_completely():
    # Given two tables with opposite complete orders, then W is 0 and p is 1
    result = agreement(tables("a b c d", "d c b a"))
    assert result.kendall_w == pytest.approx(0.0)
    assert result.p_value == pytest.approx(1.0)


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 12, 30, 51])
@pytest.mark.parametrize("x", [0.01, 0.5, 1.0, 3.3, 7.0, 15.2, 40.0, 120.0])
def test_chi_square_survival_matches_scipy(x, df):
    # Given SciPy (test-only), when both compute the upper tail, then they agree closely
    stats = pytest.importorskip("scipy.stats")
    assert chi_square_sf(x, df) == pytest.approx(stats.chi2.sf(x, df), rel=1e-9, abs=1e-300)


def test_chi_square_survival_closed_forms():
    # With 2 degrees of freedom P(X >= x) = exp(-x / 2); at 0 it is 1
    for x in (0.1, 1.0, 5.0, 30.0):
        assert chi_square_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-12)
    assert chi_square_sf(0.0, 5) == 1.0


@settings(max_examples=60, deadline=None)
@given(ballots=profiles)
def test_w_lies_between_zero_and_one(ballots):
    # Given any ballots with W defined, then 0 <= W <= 1 and 0 <= p <= 1
    result = agreement(ballots)
    if result.kendall_w is None:
        assert len(ballots) < 2 or result.items < 2
    else:
        assert -1e-12 <= result.kendall_w <= 1 + 1e-12
        assert 0 <= result.p_value <= 1


@settings(max_examples=30, deadline=None)
@given(
    orders=st.lists(st.permutations(["a", "b", "c", "d", "e"]), min_size=2, max_size=7),
)
def test_w_agrees_with_the_mean_spearman_correlation(orders):
    # Given tables that each rank all five items (no ties), as a scipy-free identity:
    # the mean Spearman rho over pairs of tables equals (m W - 1) / (m - 1)
    ballots = [Ballot(f"T{index}", tuple(order)) for index, order in enumerate(orders)]
    m, n = len(ballots), 5

    # When W is computed
    result = agreement(ballots)

    # Then it satisfies the identity
    rhos = []
    for i in range(m):
        for j in range(i + 1, m):
            d2 = sum(
                (ballots[i].position(item) - ballots[j].position(item)) ** 2 for item in "abcde"
            )
            rhos.append(1 - 6 * d2 / (n**3 - n))
    assert sum(rhos) / len(rhos) == pytest.approx((m * result.kendall_w - 1) / (m - 1))
