"""Truncated Borda count and the per-item facts every method reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .ballots import Ballot

BordaPoints = Literal["length", "fixed"]
BORDA_POINTS: tuple[str, ...] = ("length", "fixed")
# `fixed`: a top five's points whatever the ballot's length; a sixth place and below earn 0.
FIXED_POINTS: tuple[int, ...] = (5, 4, 3, 2, 1)


def borda_points(
    ballots: Sequence[Ballot], *, rule: BordaPoints | str = "length"
) -> dict[str, int]:
    """Points per item from every ballot; an item a table did not rank earns 0 from it.

    `length` (the default): position p on a ballot of length k earns k + 1 - p, so a top five
    gives 5, 4, 3, 2, 1 and a top three 3, 2, 1 (a longer ballot gives its first choice more).
    `fixed`: positions 1 to 5 earn 5, 4, 3, 2, 1 whatever the ballot's length, so a top three
    gives 5, 4, 3; positions after the fifth earn 0.
    """
    if rule not in BORDA_POINTS:
        raise ValueError(f"unknown Borda points {rule!r}; choose one of {', '.join(BORDA_POINTS)}")
    points: dict[str, int] = {}
    for ballot in ballots:
        k = len(ballot)
        for position, item in enumerate(ballot.items, start=1):
            if rule == "fixed":
                earned = FIXED_POINTS[position - 1] if position <= len(FIXED_POINTS) else 0
            else:
                earned = k + 1 - position
            points[item] = points.get(item, 0) + earned
    return points


def place_counts(ballots: Sequence[Ballot]) -> dict[str, tuple[int, ...]]:
    """For each item, how many tables put it 1st, 2nd, ... (as long as the longest ballot).

    This is the count-back used to break ties in points below first place: more first places
    wins, then more second places, and so on.
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
