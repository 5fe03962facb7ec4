"""Schulze and Copeland checks: textbook and cycle examples, and the flag when they disagree."""

from __future__ import annotations

from thrivekit.consensus import consensus
from thrivekit.consensus.pairwise import (
    candidate_items,
    copeland_scores,
    margins,
    schulze_beats,
    schulze_winners,
)

from .helpers import repeated, tables

# Wikipedia's Schulze example: 45 voters, five candidates, every pair in some majority cycle.
WIKIPEDIA_SCHULZE = repeated(
    (5, "A C B E D"),
    (5, "A D E C B"),
    (8, "B E D A C"),
    (3, "C A B E D"),
    (7, "C A E B D"),
    (2, "C B A D E"),
    (7, "D C E B A"),
    (8, "E B A D C"),
)

# A Condorcet cycle A > C (margin 3), C > B (1), B > A (3) among seven top-three ballots.
# Borda: A 13, B 12, C 12, D 5. Schulze drops the weakest link C > B, so B wins.
CYCLE = tables(
    "A C D",
    "A C D",
    "B A C",
    "B A C",
    "B A D",
    "C B A",
    "C D B",
)


def test_margins_count_ranked_over_unranked_but_not_unranked_pairs():
    # Given a table ranking only a, and another ranking b then c
    ballots = tables("a", "b c")

    # When margins are counted
    margin = margins(ballots, candidate_items(ballots))

    # Then a beats b and c on table 1 and loses to both on table 2: level;
    # b beats c on table 2 only (table 1 left both unranked and does not count)
    assert margin["a"]["b"] == 0
    assert margin["a"]["c"] == 0
    assert margin["b"]["c"] == 1
    assert margin["c"]["b"] == -1


def test_schulze_reproduces_the_published_order():
    # Given the Wikipedia example, when Schulze is the method
    result = consensus(WIKIPEDIA_SCHULZE, method="schulze")

    # Then the order is the published E > A > C > B > D
    assert result.top == ("E", "A", "C", "B", "D")
    assert schulze_winners(WIKIPEDIA_SCHULZE) == ["E"]


def test_schulze_check_flags_a_different_top_five_on_the_published_example():
    # Given the Wikipedia example, when Borda orders it
    result = consensus(WIKIPEDIA_SCHULZE)

    # Then Borda agrees on the winner E but orders B above C, so the Schulze check is flagged
    assert result.top == ("E", "A", "B", "C", "D")
    assert result.checks["schulze"].top == ("E", "A", "C", "B", "D")
    assert result.checks["schulze"].winners == ("E",)
    assert result.checks["schulze"].differs is True


def test_condorcet_cycle_where_schulze_picks_a_different_winner():
    # Given a majority cycle A > C > B > A
    margin = margins(CYCLE, candidate_items(CYCLE))
    assert (margin["A"]["C"], margin["C"]["B"], margin["B"]["A"]) == (3, 1, 3)

    # When Borda orders it
    result = consensus(CYCLE)

    # Then Borda's winner is A, Schulze's is B, and the check is flagged
    assert [(entry.item, entry.points) for entry in result.items] == [
        ("A", 13),
        ("B", 12),
        ("C", 12),
        ("D", 5),
    ]
    assert result.winners == ("A",)
    assert schulze_beats(CYCLE)["B"] == {"A", "C", "D"}
    assert result.checks["schulze"].winners == ("B",)
    assert result.checks["schulze"].top == ("B", "A", "C", "D")
    assert result.checks["schulze"].differs is True


def test_choosing_schulze_makes_borda_a_check():
    # Given the cycle, when Schulze orders the items
    result = consensus(CYCLE, method="schulze")

    # Then B leads, points are "items not beaten by", and Borda is now the flagged check
    assert result.method == "schulze"
    assert result.top[0] == "B"
    assert result.item("B").points == 3
    assert result.item("D").points == 0
    assert set(result.checks) == {"borda", "copeland"}
    assert result.checks["borda"].winners == ("A",)
    assert result.checks["borda"].differs is True


def test_copeland_scores_are_wins_minus_losses():
    # Given the cycle: A, B and C each win one duel, lose one, and all beat D
    scores = copeland_scores(CYCLE)

    # Then each of them scores 2 - 1 and D scores -3
    assert scores == {"A": 1, "B": 1, "C": 1, "D": -3}


def test_copeland_winners_it_cannot_separate_are_a_tie_not_split_by_count_back():
    # Given Copeland cannot separate A, B and C in the cycle (B has the most first places)
    result = consensus(CYCLE, method="copeland")

    # Then all three share first place, in id order, and the tie is reported
    assert [(entry.item, entry.rank) for entry in result.items] == [
        ("A", 1),
        ("B", 1),
        ("C", 1),
        ("D", 4),
    ]
    assert result.winners == ("A", "B", "C")
    assert result.ties == (("A", "B", "C"),)


# The case: margins A > B 1, B > C 3, C > A 1, so beat paths A <-> B are level (1, 1).
SPLIT_SCHULZE = repeated((2, "A B C"), (2, "B C A"), (1, "C A B"))


def test_schulze_winners_are_a_tie_even_when_count_back_would_split_them():
    # Given ballots whose Schulze winners are A and B (B has more second places)
    assert schulze_winners(SPLIT_SCHULZE) == ["A", "B"]

    # When Schulze orders the items
    result = consensus(SPLIT_SCHULZE, method="schulze")

    # Then A and B share first place and are reported as a tie; C, beaten by B, is third
    assert [(entry.item, entry.rank) for entry in result.items] == [("A", 1), ("B", 1), ("C", 3)]
    assert result.ties == (("A", "B"),)


def test_borda_alone_first_is_flagged_when_schulze_has_two_winners():
    # Given the same ballots, ordered by Borda (B 11 points, A 10, C 9)
    result = consensus(SPLIT_SCHULZE)

    # Then B is Borda's only winner, but the Schulze check reports both winners and differs
    assert result.winners == ("B",)
    assert result.checks["schulze"].winners == ("A", "B")
    assert result.checks["schulze"].differs is True
    # and Copeland, a three-way tie in the cycle, differs too
    assert result.checks["copeland"].winners == ("A", "B", "C")
    assert result.checks["copeland"].differs is True


def test_checks_agree_when_there_is_a_clear_favourite():
    # Given every table putting a first, and a clear order behind it
    result = consensus(tables("a b c", "a c b", "a b c"))

    # Then no check differs
    assert not result.checks["schulze"].differs
    assert not result.checks["copeland"].differs
    assert result.checks["schulze"].top == result.top
