"""Complementary suppression: a suppressed cell cannot be worked out from a shown total.

The check is a brute-force reader: it enumerates every exact table consistent with what is
published (each cell and the total) and asks which values a suppressed cell can take.
"""

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.disclosure import (
    SUPPRESSED,
    DisclosurePolicy,
    protect_grid,
    protect_total,
    published_range,
    safe_count,
    safe_rate,
    safe_statistic,
    safe_table,
)

PROPERTY = settings(deadline=None, max_examples=400)


def candidates(shown, *, policy, star_high):
    """Every exact count a reader could take a published cell to be."""
    if shown == SUPPRESSED:
        return range(1, star_high + 1)
    low, high = published_range(shown, policy=policy)
    return range(low, high + 1)


def recoverable(cells, total, *, policy, every_star_small):
    """Suppressed cells a brute-force reader pins to one value in 1..threshold.

    `every_star_small`: the reader takes every * as 1..threshold; otherwise as anything
    from 1 up to the largest total the published total allows.
    """
    if total == SUPPRESSED:
        return set()
    total_low, total_high = published_range(total, policy=policy)
    lone_star = sum(1 for c in cells if c == SUPPRESSED) == 1
    star_high = policy.threshold if every_star_small or lone_star else total_high
    ranges = [candidates(c, policy=policy, star_high=star_high) for c in cells]
    seen = [set() for _ in cells]
    for values in product(*ranges):
        if total_low <= sum(values) <= total_high:
            for i, value in enumerate(values):
                seen[i].add(value)
    return {
        i
        for i, cell in enumerate(cells)
        if cell == SUPPRESSED and len(seen[i]) == 1 and 1 <= min(seen[i]) <= policy.threshold
    }


def test_the_issue_example_is_no_longer_recoverable():
    # Given rows 1, 8, 8 with their total 17 (published * 10 10, total 15, the * is 1)
    naive = [safe_count(c) for c in (1, 8, 8)]
    assert recoverable(naive, safe_count(17), policy=DisclosurePolicy(), every_star_small=True)
    # When published with complementary suppression
    cells, total = protect_total([1, 8, 8], total=17)
    # Then the next-smallest row is hidden too and the 1 cannot be worked out
    assert cells == [SUPPRESSED, SUPPRESSED, 10]
    assert total == 15
    for strong in (True, False):
        assert not recoverable(cells, total, policy=DisclosurePolicy(), every_star_small=strong)


def test_suppressing_two_cells_is_not_always_enough_with_rounding():
    # Given two 1s beside five 8s (total 42, published 40): * + * <= 42 - 40, so both are 1
    cells, total = protect_total([1, 1, 8, 8, 8, 8, 8])
    # Then a third cell is hidden as well
    assert cells.count(SUPPRESSED) == 3
    # (the reader who takes * as 1-7 is the stronger one here; the other is slow to enumerate)
    assert not recoverable(cells, total, policy=DisclosurePolicy(), every_star_small=True)


def test_a_lone_small_cell_with_only_zeros_beside_it_hides_the_total():
    cells, total = protect_total([0, 3, 0], total=3)
    assert (cells, total) == ([0, SUPPRESSED, 0], SUPPRESSED)


def test_nothing_extra_is_hidden_when_nothing_is_small():
    assert protect_total([10, 20, 30]) == ([10, 20, 30], 60)


def test_true_zeros_are_never_used_to_protect():
    cells, _ = protect_total([2, 0, 0, 9, 40])
    assert cells[1:3] == [0, 0]


@st.composite
def small_tables(draw):
    policy = draw(st.sampled_from([DisclosurePolicy(), DisclosurePolicy(threshold=5)]))
    cells = draw(st.lists(st.integers(0, 14), min_size=1, max_size=4))
    extra = draw(st.integers(0, 3))  # a total may count people in no row shown
    return policy, cells, sum(cells) + extra


@PROPERTY
@given(small_tables())
def test_brute_force_reader_never_pins_a_suppressed_small_cell(table):
    # Given any small table with its total
    policy, raw, total = table
    # When it is published with complementary suppression
    cells, shown_total = protect_total(raw, total=total, policy=policy)
    # Then the cells are the count rule's or *, and no small * can be worked out
    for exact, shown in zip(raw, cells, strict=True):
        assert shown in (safe_count(exact, policy=policy), SUPPRESSED)
        if 1 <= exact <= policy.threshold:
            assert shown == SUPPRESSED
    for strong in (True, False):
        found = recoverable(cells, shown_total, policy=policy, every_star_small=strong)
        assert not found, (raw, total, cells, shown_total)


@PROPERTY
@given(small_tables())
def test_published_ranges_hold_the_exact_count(table):
    policy, raw, _ = table
    for exact in raw:
        low, high = published_range(safe_count(exact, policy=policy), policy=policy)
        assert low <= exact and (high is None or exact <= high)


def test_a_table_with_a_total_row_protects_its_columns():
    # Given teams with referrals and DNAs, and the total row under them
    rows = [
        {"team": "North", "referrals": 1, "seen": 1},
        {"team": "South", "referrals": 8, "seen": 8},
        {"team": "East", "referrals": 8, "seen": 4},
    ]
    published = safe_table(
        rows,
        count_fields=("referrals",),
        percentage_fields={"seen_pct": ("seen", "referrals")},
        total_row={"team": "Total", "referrals": 17},
    )
    # Then the next-smallest team is hidden too, and so is its percentage
    assert [r["referrals"] for r in published] == [SUPPRESSED, SUPPRESSED, 10, 15]
    assert published[1]["seen_pct"] == SUPPRESSED
    assert published[-1] == {"team": "Total", "referrals": 15}


def test_a_total_row_number_that_is_not_a_count_is_refused():
    with pytest.raises(ValueError, match="total row"):
        safe_table([{"n": 10}], count_fields=("n",), total_row={"n": 10, "other": 4})


# Rates and extremes ------------------------------------------------------------------------


def test_a_rate_comes_from_its_counts():
    # Given 12 DNAs of 12 + 88 contacts: published as 10 of 100
    assert safe_rate(12, 100) == 10.0
    # A small numerator or denominator hides the rate
    assert safe_rate(3, 100) == SUPPRESSED
    assert safe_rate(0, 5) == SUPPRESSED
    assert safe_rate(0, 100) == 0.0


def test_a_rate_without_its_numerator_is_hidden_not_guessed():
    # An older stored analysis has the rate but not the counts behind it
    assert safe_rate(None, 100) == SUPPRESSED
    assert safe_rate(10, None) == SUPPRESSED
    assert safe_rate(None, None) is None


@pytest.mark.parametrize("kind", ["min", "max", "minimum", "maximum"])
def test_a_minimum_or_maximum_is_never_published(kind):
    # Given a large group, the smallest or largest value is still one person's
    assert safe_statistic(3.0, group_size=500, kind=kind) == SUPPRESSED
    assert safe_statistic(3.0, group_size=500, kind="median") == 3.0


def test_a_rate_that_can_exceed_the_whole():
    # Given 108 contacts against 90 appointments available: published as 110 of 90
    assert safe_rate(108, 90, can_exceed=True) == 122.2
    assert safe_rate(108, 5, can_exceed=True) == SUPPRESSED
    with pytest.raises(ValueError, match="larger than denominator"):
        safe_rate(108, 90)


def test_the_rule_in_words_says_a_larger_count_may_be_hidden_beside_a_total():
    assert "a larger count may be shown as * too" in DisclosurePolicy().describe()


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), min_size=1, max_size=4))
def test_a_published_table_with_a_total_row_hides_every_small_cell_for_good(pairs):
    # Given a table of two count columns and its total row
    rows = [{"area": f"area {i}", "a": a, "b": b} for i, (a, b) in enumerate(pairs)]
    total = {"area": "Total", "a": sum(a for a, _ in pairs), "b": sum(b for _, b in pairs)}
    # When it is published
    published = safe_table(rows, count_fields=("a", "b"), total_row=total)
    # Then in each column no small suppressed cell can be worked out from the total
    for column in ("a", "b"):
        cells = [row[column] for row in published[:-1]]
        for strong in (True, False):
            assert not recoverable(
                cells, published[-1][column], policy=DisclosurePolicy(), every_star_small=strong
            )


# Two-way tables with margins ----------------------------------------------------------------


def grid_recoverable(published, *, policy, star_high):
    """Brute force over every exact table consistent with the cells and all the margins."""
    cells = [cell for row in published.cells for cell in row]
    n_cols = len(published.cells[0])
    n_rows = len(published.cells)

    def options(shown, high):
        return (
            range(1, high + 1)
            if shown == SUPPRESSED
            else candidates(shown, policy=policy, star_high=0)
        )

    def fits(shown, value, high):
        if shown == SUPPRESSED:
            return 1 <= value <= high
        low, top = published_range(shown, policy=policy)
        return low <= value <= top

    seen = [set() for _ in cells]
    for values in product(*(options(c, star_high) for c in cells)):
        rows = [sum(values[i * n_cols : (i + 1) * n_cols]) for i in range(n_rows)]
        cols = [sum(values[i * n_cols + j] for i in range(n_rows)) for j in range(n_cols)]
        big = star_high * len(cells)
        if (
            all(fits(s, v, big) for s, v in zip(published.row_totals, rows, strict=True))
            and all(fits(s, v, big) for s, v in zip(published.column_totals, cols, strict=True))
            and fits(published.total, sum(values), big)
        ):
            for i, value in enumerate(values):
                seen[i].add(value)
    return [
        i
        for i, cell in enumerate(cells)
        if cell == SUPPRESSED and len(seen[i]) == 1 and 1 <= min(seen[i]) <= policy.threshold
    ]


def test_the_issue_example_as_a_two_way_table():
    # Given two rows of 1, 8, 8 and 9, 9, 9
    published = protect_grid([[1, 8, 8], [9, 9, 9]])
    # Then the small cell is hidden with a partner, and cannot be worked out from the margins
    assert published.cells[0].count(SUPPRESSED) >= 2
    assert not grid_recoverable(published, policy=DisclosurePolicy(), star_high=7)


def test_a_cell_pinned_only_by_combining_margins_is_protected():
    # Given [[0, 8], [1, 8]]: the 1's row and column alone do not give it away, but the
    # second column's two cells (8 or more each) against the grand total (17 or less) do
    published = protect_grid([[0, 8], [1, 8]])
    assert not grid_recoverable(published, policy=DisclosurePolicy(), star_high=7)
    assert not grid_recoverable(published, policy=DisclosurePolicy(), star_high=12)


def test_a_grid_with_nothing_small_is_published_as_it_is():
    published = protect_grid([[10, 20], [30, 40]])
    assert published.cells == [[10, 20], [30, 40]]
    assert (published.row_totals, published.column_totals, published.total) == (
        [30, 70],
        [40, 60],
        100,
    )


def test_rows_of_a_grid_need_the_same_length():
    with pytest.raises(ValueError, match="same number of cells"):
        protect_grid([[1, 2], [3]])


@settings(deadline=None, max_examples=40)
@given(
    st.sampled_from([(2, 2), (2, 3), (3, 2)]).flatmap(
        lambda shape: st.lists(
            st.lists(
                st.sampled_from([0, 1, 2, 3, 5, 8, 9, 12]), min_size=shape[1], max_size=shape[1]
            ),
            min_size=shape[0],
            max_size=shape[0],
        )
    )
)
def test_brute_force_reader_of_every_margin_never_pins_a_small_cell(grid):
    # Given a small two-way table, published with its margins
    policy = DisclosurePolicy()
    published = protect_grid(grid, policy=policy)
    # Then every small cell is hidden, and no hidden small cell can be worked out
    for row, shown_row in zip(grid, published.cells, strict=True):
        for exact, shown in zip(row, shown_row, strict=True):
            assert shown in (safe_count(exact), SUPPRESSED)
            if 1 <= exact <= 7:
                assert shown == SUPPRESSED
    assert not grid_recoverable(published, policy=policy, star_high=7), (grid, published)
