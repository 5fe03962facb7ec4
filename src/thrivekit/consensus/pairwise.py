"""Pairwise check methods: Schulze (beat-path) and Copeland.

A table prefers a to b when it ranks a above b, or ranks a and leaves b unranked. Two items
the table left unranked are not compared: that table counts for neither.
"""

from __future__ import annotations

from collections.abc import Sequence

from .ballots import Ballot


def candidate_items(ballots: Sequence[Ballot]) -> list[str]:
    """Every item that appears on any ballot, in id order."""
    return sorted({item for ballot in ballots for item in ballot.items})


def preferences(ballots: Sequence[Ballot], items: Sequence[str]) -> dict[str, dict[str, int]]:
    """`prefer[a][b]`: the number of tables that prefer a to b."""
    prefer = {a: dict.fromkeys(items, 0) for a in items}
    for ballot in ballots:
        ranked = set(ballot.items)
        unranked = [item for item in items if item not in ranked]
        for position, a in enumerate(ballot.items):
            row = prefer[a]
            for b in ballot.items[position + 1 :]:
                row[b] += 1
            for b in unranked:
                row[b] += 1
    return prefer


def margins(ballots: Sequence[Ballot], items: Sequence[str]) -> dict[str, dict[str, int]]:
    """`margin[a][b]`: tables preferring a to b minus tables preferring b to a."""
    prefer = preferences(ballots, items)
    return {a: {b: prefer[a][b] - prefer[b][a] for b in items} for a in items}


def copeland_scores(ballots: Sequence[Ballot]) -> dict[str, int]:
    """Head-to-head wins minus head-to-head losses (a level head-to-head counts 0)."""
    items = candidate_items(ballots)
    margin = margins(ballots, items)
    return {
        a: sum(1 for b in items if margin[a][b] > 0) - sum(1 for b in items if margin[a][b] < 0)
        for a in items
    }


def strongest_paths(ballots: Sequence[Ballot], items: Sequence[str]) -> dict[str, dict[str, int]]:
    """Strength of the strongest path from a to b (0 when there is none).

    A link a -> b exists when a beats b head to head, and its strength is the margin; a path is as
    strong as its weakest link (Schulze's widest paths, by Floyd-Warshall).
    """
    margin = margins(ballots, items)
    strength = {a: {b: max(margin[a][b], 0) if a != b else 0 for b in items} for a in items}
    for via in items:
        for a in items:
            if a == via or strength[a][via] == 0:
                continue
            for b in items:
                if b == a or b == via:
                    continue
                through = min(strength[a][via], strength[via][b])
                if through > strength[a][b]:
                    strength[a][b] = through
    return strength


def schulze_beats(ballots: Sequence[Ballot]) -> dict[str, set[str]]:
    """For each item, the items it beats: its strongest path to them is stronger than theirs back.

    This relation is a strict partial order (Schulze 2011), so it never contradicts itself.
    """
    items = candidate_items(ballots)
    strength = strongest_paths(ballots, items)
    return {a: {b for b in items if b != a and strength[a][b] > strength[b][a]} for a in items}


def schulze_scores(ballots: Sequence[Ballot]) -> dict[str, int]:
    """Number of other items that do not beat the item on strongest paths.

    The Schulze winners, beaten by nobody, score (number of items - 1); and whenever a beats b,
    a scores more than b, so ordering by this score never contradicts the beat-path order.
    """
    beats = schulze_beats(ballots)
    beaten_by = dict.fromkeys(beats, 0)
    for beaten in beats.values():
        for item in beaten:
            beaten_by[item] += 1
    others = len(beats) - 1
    return {item: others - count for item, count in beaten_by.items()}


def schulze_winners(ballots: Sequence[Ballot]) -> list[str]:
    """Items no other item beats on strongest paths, in id order."""
    scores = schulze_scores(ballots)
    best = max(scores.values())
    return sorted(item for item, score in scores.items() if score == best)
