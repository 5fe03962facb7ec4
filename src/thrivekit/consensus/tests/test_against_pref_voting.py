"""Cross-check Borda, Schulze and Copeland against the `pref_voting` library (test-only).

Our truncated ballots map exactly onto pref_voting's `ProfileWithTies` of truncated linear
orders with *extended strict preference* (a ranked item beats every unranked one; two unranked
items are not compared), so the truncated semantics are checked exactly, not only on complete
ballots:

- Borda: pref_voting's non-domination Borda score of c on a ballot is minus the number of items
  ranked above c, i.e. -(p - 1) at position p and -k when unranked. That is our k + 1 - p
  (or 0) minus k, so over a profile it equals our points minus the sum of ballot lengths.
- Schulze: `beat_path` with margins as link strength, our choice too.
- Copeland: `copeland_scores` with wins minus losses.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.consensus import Ballot, consensus
from thrivekit.consensus.borda import borda_points
from thrivekit.consensus.pairwise import copeland_scores, schulze_beats, schulze_winners

from .helpers import ITEM_POOL, profiles

pv_profiles = pytest.importorskip("pref_voting.profiles")
pv_ties = pytest.importorskip("pref_voting.profiles_with_ties")
pv_margin = pytest.importorskip("pref_voting.margin_based_methods")
pv_scoring = pytest.importorskip("pref_voting.scoring_methods")
pv_c1 = pytest.importorskip("pref_voting.c1_methods")


def to_profile(ballots: list[Ballot]):
    profile = pv_ties.ProfileWithTies(
        [{item: position for position, item in enumerate(b.items, 1)} for b in ballots]
    )
    profile.use_extended_strict_preference()
    return profile


@settings(max_examples=50, deadline=None)
@given(ballots=profiles)
def test_borda_points_match_pref_voting_truncated_borda(ballots):
    # Given random truncated ballots, as a pref_voting profile
    profile = to_profile(ballots)

    # When both score them
    ours = borda_points(ballots)
    theirs = pv_scoring.non_domination_borda_scores(profile)

    # Then the scores differ by exactly the sum of ballot lengths, and the winners agree
    offset = sum(len(ballot) for ballot in ballots)
    assert {item: points - offset for item, points in ours.items()} == theirs
    best = max(ours.values())
    assert sorted(
        i for i, p in ours.items() if p == best
    ) == pv_scoring.borda_for_profile_with_ties(
        profile, borda_scores=pv_scoring.non_domination_borda_scores
    )


@settings(max_examples=50, deadline=None)
@given(ballots=profiles)
def test_schulze_matches_pref_voting_beat_path(ballots):
    # Given random truncated ballots, as a pref_voting profile
    profile = to_profile(ballots)

    # When both run Schulze (beat path over margins)
    winners = pv_margin.beat_path(profile)
    defeats = pv_margin.beat_path_defeat(profile)

    # Then the winners and the whole defeat relation agree
    assert schulze_winners(ballots) == winners
    ours = {(a, b) for a, beaten in schulze_beats(ballots).items() for b in beaten}
    assert ours == set(defeats.edges())


@settings(max_examples=50, deadline=None)
@given(ballots=profiles)
def test_copeland_matches_pref_voting(ballots):
    # Given random truncated ballots, when both compute Copeland scores, then they agree
    assert copeland_scores(ballots) == to_profile(ballots).copeland_scores()


@settings(max_examples=30, deadline=None)
@given(data=st.data(), count=st.integers(min_value=1, max_value=9))
def test_complete_ballots_match_pref_voting_linear_profiles(data, count):
    # Given tables that each rank every item (complete linear orders)
    items = ITEM_POOL[:5]
    orders = [data.draw(st.permutations(items)) for _ in range(count)]
    ballots = [Ballot(f"T{index}", tuple(order)) for index, order in enumerate(orders)]
    profile = pv_profiles.Profile([[items.index(item) for item in order] for order in orders])

    # When both run standard Borda and Schulze
    result = consensus(ballots)

    # Then our points are theirs plus one per table, and the winners agree
    theirs = profile.borda_scores()
    assert {entry.item: entry.points for entry in result.items} == {
        items[c]: score + count for c, score in theirs.items()
    }
    assert schulze_winners(ballots) == [items[c] for c in pv_margin.beat_path(profile)]
    assert sorted(e.item for e in result.items if e.points == result.items[0].points) == [
        items[c] for c in pv_scoring.borda(profile)
    ]


def pref_voting_winners(ballots: list[Ballot]) -> dict[str, list[str]]:
    """Each method's winner set by pref_voting, which never breaks a tie."""
    profile = to_profile(ballots)
    copeland = profile.copeland_scores()
    best = max(copeland.values())
    return {
        "borda": pv_scoring.borda_for_profile_with_ties(
            profile, borda_scores=pv_scoring.non_domination_borda_scores
        ),
        "schulze": pv_margin.beat_path(profile),
        "copeland": sorted(item for item, score in copeland.items() if score == best),
    }


@settings(max_examples=150, deadline=None)
@given(ballots=profiles, method=st.sampled_from(["borda", "schulze", "copeland"]))
def test_every_method_reports_pref_voting_winner_set_as_it_orders_and_as_it_checks(ballots, method):
    # Given random truncated ballots and pref_voting's winner sets
    theirs = pref_voting_winners(ballots)

    # When one method orders the items and the other two check it
    result = consensus(ballots, method=method)

    # Then the ordering method's joint winners are exactly pref_voting's, sharing rank 1
    assert list(result.winners) == theirs[method]
    if len(theirs[method]) > 1:
        assert tuple(theirs[method]) in result.ties
    # and each check reports its own winner set, flagged whenever the sets differ
    for name, check in result.checks.items():
        assert list(check.winners) == theirs[name]
        if set(theirs[name]) != set(theirs[method]):
            assert check.differs


@settings(max_examples=30, deadline=None)
@given(data=st.data(), count=st.integers(min_value=1, max_value=9), size=st.sampled_from([5, 7]))
def test_fixed_borda_points_match_pref_voting_scoring_rule_on_complete_ballots(data, count, size):
    # Given tables that each rank all five or all seven items
    items = ITEM_POOL[:size]
    orders = [data.draw(st.permutations(items)) for _ in range(count)]
    ballots = [Ballot(f"T{index}", tuple(order)) for index, order in enumerate(orders)]
    profile = pv_profiles.Profile([[items.index(item) for item in order] for order in orders])

    # When the room uses fixed Borda points (5, 4, 3, 2, 1, then 0)
    result = consensus(ballots, borda_points_rule="fixed")

    # Then the winners are pref_voting's for the same positional scores
    def fixed(_cands, rank):
        return max(6 - rank, 0)

    assert list(result.winners) == [items[c] for c in pv_scoring.scoring_rule(profile, score=fixed)]
