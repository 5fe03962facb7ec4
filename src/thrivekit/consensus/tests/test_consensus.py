"""Borda consensus: hand-computed examples, ties, and properties a facilitator relies on."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.consensus import SCHEMA, Ballot, BallotError, consensus

from .helpers import ITEM_POOL, ballot_orders, profiles, repeated, tables


def test_points_follow_truncated_borda_for_a_top_five():
    # Given one table's top five and another's top two
    ballots = tables("a b c d e", "e a")

    # When the room's consensus is worked out
    result = consensus(ballots)

    # Then a top five earns 5..1 and a top two earns 2, 1; unranked items earn nothing
    points = {entry.item: entry.points for entry in result.items}
    assert points == {"a": 5 + 1, "b": 4, "c": 3, "d": 2, "e": 1 + 2}
    # and e, level with c on 3 points, goes ahead on its first place
    assert result.top == ("a", "b", "e", "c", "d")
    assert [entry.rank for entry in result.items] == [1, 2, 3, 4, 5]


def test_a_tie_shares_a_rank_is_reported_and_listed_in_id_order():
    # Given two tables that put the same two items in opposite orders, and a third
    ballots = tables("zeta alpha", "alpha zeta", "gamma")

    # When combined
    result = consensus(ballots)

    # Then the two share first place, are listed by id and reported as a tie
    assert [(entry.item, entry.rank, entry.points) for entry in result.items] == [
        ("alpha", 1, 3),
        ("zeta", 1, 3),
        ("gamma", 3, 1),
    ]
    assert result.ties == (("alpha", "zeta"),)
    assert result.winners == ("alpha", "zeta")
    assert result.to_dict()["ties"] == [["alpha", "zeta"]]


def test_a_tie_on_points_below_first_place_is_broken_by_first_places():
    # Given ballots where A and B both score 4 behind a clear winner:
    #   T1 A C D -> A3 C2 D1;  T2 C B D -> C3 B2 D1;  T3 D B C -> D3 B2 C1;  T4 D C A -> D3 C2 A1
    #   T5 D C -> D2 C1:  D 10, C 9, A 4, B 4
    ballots = tables("A C D", "C B D", "D B C", "D C A", "D C")

    # When combined
    result = consensus(ballots)

    # Then A (one first place) goes ahead of B (none)
    assert [(entry.item, entry.points, entry.rank) for entry in result.items] == [
        ("D", 10, 1),
        ("C", 9, 2),
        ("A", 4, 3),
        ("B", 4, 4),
    ]
    assert result.ties == ()


def test_items_level_on_points_at_the_top_are_joint_winners_not_split_by_count_back():
    # Given ballots where C and D both score 8, D with two first places and C with one
    ballots = tables("A C D", "C B D", "D B C", "D C A")

    # When combined
    result = consensus(ballots)

    # Then C and D share first place in id order and are reported as a tie; below them
    # count-back still puts A (one first place) ahead of B (none)
    assert [(entry.item, entry.points, entry.rank) for entry in result.items] == [
        ("C", 8, 1),
        ("D", 8, 1),
        ("A", 4, 3),
        ("B", 4, 4),
    ]
    assert result.winners == ("C", "D")
    assert result.ties == (("C", "D"),)


def test_second_places_decide_when_first_places_are_level():
    # Given X (1st, 2nd, 2nd = 7 points) and Y (2nd, 1st, 3rd, 3rd = 7 points)
    ballots = tables("X Y Z", "Y Z W", "Z X W", "W X Z", "Z W Y", "W Z Y")

    # When combined
    result = consensus(ballots)

    # Then both have 7 points and one first place, and X wins on second places (2 against 1)
    x, y = result.item("X"), result.item("Y")
    assert (x.points, y.points, x.first_places, y.first_places) == (7, 7, 1, 1)
    assert (x.rank, y.rank) == (3, 4)


def test_each_item_reports_tables_first_places_and_mean_position():
    # Given three tables, two of which rank "b"
    ballots = tables("a b c", "b a", "c")

    # When combined
    result = consensus(ballots)

    # Then "b" was ranked by 2 tables, once first, at mean position (2 + 1) / 2
    b = result.item("b")
    assert (b.tables, b.first_places, b.mean_position) == (2, 1, 1.5)
    c = result.item("c")
    assert (c.tables, c.first_places, c.mean_position) == (2, 1, 2.0)


def test_top_is_the_first_five_even_when_more_items_are_ranked():
    # Given seven items: a 5 + 7 points, b 4 + 6, ... e 1 + 3, f 2, g 1
    ballots = tables("a b c d e", "a b c d e f g")

    # When combined
    result = consensus(ballots)

    # Then top holds exactly five ids, and items past the fifth are still listed
    assert len(result.top) == 5
    assert result.top == ("a", "b", "c", "d", "e")
    assert len(result.items) == 7


def test_a_tie_across_fifth_place_is_visible():
    # Given six items where the fifth and sixth are level in every respect
    ballots = tables("a b c d e", "a b c d f")

    # When combined
    result = consensus(ballots)

    # Then both share rank 5, top takes the first by id, and the tie is reported
    assert [entry.rank for entry in result.items] == [1, 2, 3, 4, 5, 5]
    assert result.top[-1] == "e"
    assert ("e", "f") in result.ties


def test_json_has_the_documented_shape():
    # Given a small workshop
    result = consensus(tables("a b c", "b a c", "a c"))

    # When serialised
    data = json.loads(result.to_json())

    # Then it has exactly the documented fields, with the documented types
    assert set(data) == {"schema", "method", "items", "top", "ties", "agreement", "checks"}
    assert data["schema"] == SCHEMA == "thrivekit.consensus/1"
    assert data["method"] == "borda"
    assert set(data["items"][0]) == {
        "item",
        "points",
        "rank",
        "tables",
        "first_places",
        "mean_position",
    }
    assert data["top"] == ["a", "b", "c"]
    assert data["ties"] == []
    assert set(data["agreement"]) == {"kendall_w", "p_value", "tables"}
    assert data["agreement"]["tables"] == 3
    assert isinstance(data["agreement"]["kendall_w"], float)
    assert isinstance(data["agreement"]["p_value"], float)
    assert set(data["checks"]) == {"schulze", "copeland"}
    for check in data["checks"].values():
        assert set(check) == {"top", "differs"}
        assert isinstance(check["differs"], bool)


def test_a_table_cannot_vote_twice():
    # Given two ballots from the same table
    ballots = [Ballot("T1", ("a",)), Ballot("T1", ("b",))]

    # When combined, then the table is named in the error
    with pytest.raises(BallotError) as caught:
        consensus(ballots)
    assert caught.value.table == "T1"


def test_no_ballots_and_unknown_methods_are_refused():
    with pytest.raises(BallotError):
        consensus([])
    with pytest.raises(ValueError, match="unknown method"):
        consensus(tables("a"), method="plurality")


def test_a_ballot_cannot_rank_an_item_twice():
    with pytest.raises(BallotError, match="twice"):
        Ballot("T1", ("a", "a"))


# Properties


@settings(max_examples=60, deadline=None)
@given(order=ballot_orders, count=st.integers(min_value=1, max_value=6))
def test_unanimous_tables_give_their_order(order, count):
    # Given every table submitting the same ranking
    ballots = [Ballot(f"T{index}", tuple(order)) for index in range(count)]

    for method in ("borda", "schulze", "copeland"):
        # When combined by any method
        result = consensus(ballots, method=method)

        # Then the consensus is that ranking, with no ties and no check disagreeing
        assert [entry.item for entry in result.items] == order
        assert [entry.rank for entry in result.items] == list(range(1, len(order) + 1))
        assert result.ties == ()
        assert not result.checks_differ
    if count >= 2 and len(order) >= 2:
        assert result.agreement.kendall_w == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(ballots=profiles, data=st.data())
def test_the_order_of_tables_never_matters(ballots, data):
    # Given the same ballots in another order
    shuffled = data.draw(st.permutations(ballots))
    method = data.draw(st.sampled_from(["borda", "schulze", "copeland"]))

    # When both are combined, then every figure is identical
    assert (
        consensus(shuffled, method=method).to_dict() == consensus(ballots, method=method).to_dict()
    )


@settings(max_examples=80, deadline=None)
@given(ballots=profiles, data=st.data())
def test_an_extra_first_place_never_lowers_an_item(ballots, data):
    # Given an item already on some ballot, and a new table that ranks it first
    present = sorted({item for ballot in ballots for item in ballot.items})
    favourite = data.draw(st.sampled_from(present))
    others = [item for item in ITEM_POOL if item != favourite]
    rest = data.draw(st.lists(st.sampled_from(others), max_size=4, unique=True))
    extra = Ballot("T-new", (favourite, *rest))

    # When the new ballot is added
    before = consensus(ballots).item(favourite).rank
    after = consensus([*ballots, extra]).item(favourite).rank

    # Then the item's rank is the same or better
    assert after <= before


@settings(max_examples=60, deadline=None)
@given(ballots=profiles)
def test_ranks_are_consistent_with_points(ballots):
    # Given any ballots, when combined
    result = consensus(ballots)

    # Then more points never means a worse rank, and every item on a ballot is listed once
    items = [entry.item for entry in result.items]
    assert sorted(items) == sorted({item for ballot in ballots for item in ballot.items})
    for higher, lower in zip(result.items, result.items[1:], strict=False):
        assert higher.points >= lower.points
        assert higher.rank <= lower.rank
    total = sum(len(b) * (len(b) + 1) // 2 for b in ballots)
    assert sum(entry.points for entry in result.items) == total


def test_repeated_helper_builds_distinct_tables():
    # Guard for the helper the pairwise tests use: table names are unique
    ballots = repeated((2, "a b"), (1, "b a"))
    assert [ballot.table for ballot in ballots] == ["T1", "T2", "T3"]
