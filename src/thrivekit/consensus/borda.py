"""Truncated Borda count and the per-item facts every method reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .ballots import Ballot


def borda_points(ballots: Sequence[Ballot]) -> dict[str, int]:
    """Points per item: position p on a ballot of length k earns k + 1 - p, unranked earns 0.

    So a top five gives 5, 4, 3, 2, 1; a table that ranked only three items gives 3, 2, 1.
    """
    points: dict[str, int] = {}
    for ballot in ballots:
        k = len(ballot)
        for position, item in enumerate(ballot.items, start=1):
            points[item] = points.get(item, 0) + k + 1 - position
    return points


def place_counts(ballots: Sequence[Ballot]) -> dict[str, tuple[int, ...]]:
    """For each item, how many tables put it 1st, 2nd, ... (as long as the longest ballot).

    This is the count-back used to break ties in points: more first places wins, then more
    second places, and so on.
    """
    depth = max((len(ballot) for ballot in ballots), default=0)
    counts: dict[str, list[int]] = {}
    for ballot in ballots:
        for position, item in enumerate(ballot.items, start=1):
            counts.setdefault(item, [0] * depth)[position - 1] += 1
    return {item: tuple(places) for item, places in counts.items()}


@dataclass(frozen=True)
class ItemFacts:
    """What the ballots say about one item, whichever method orders the items."""

    tables: int
    first_places: int
    mean_position: float


def item_facts(ballots: Sequence[Ballot]) -> dict[str, ItemFacts]:
    """Tables that ranked each item, its first places, and its mean position among them."""
    positions: dict[str, list[int]] = {}
    for ballot in ballots:
        for position, item in enumerate(ballot.items, start=1):
            positions.setdefault(item, []).append(position)
    return {
        item: ItemFacts(
            tables=len(places),
            first_places=places.count(1),
            mean_position=sum(places) / len(places),
        )
        for item, places in positions.items()
    }
