"""Combine the tables' ballots into one consensus order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from .agreement import agreement
from .ballots import Ballot, BallotError
from .borda import BORDA_POINTS, BordaPoints, borda_points, item_facts, place_counts
from .pairwise import copeland_scores, schulze_scores
from .result import TOP_SIZE, CheckResult, ConsensusResult, ItemResult

Method = Literal["borda", "schulze", "copeland"]
METHODS: tuple[str, ...] = ("borda", "schulze", "copeland")

_PAIRWISE_SCORERS: dict[str, Callable[[Sequence[Ballot]], dict[str, int]]] = {
    "schulze": schulze_scores,
    "copeland": copeland_scores,
}


def rank_items(
    scores: Mapping[str, int], counts: Mapping[str, tuple[int, ...]]
) -> list[tuple[int, str]]:
    """(rank, item) pairs, best first, by the method's score.

    Every item level with the best score is a winner: they share rank 1, in id order, and
    count-back never splits them (the method itself cannot tell them apart, so the room must).
    Below first place, items level on score are separated by count-back (more first places,
    then more second places, and so on); items still level share a rank, in id order. The rank
    after a tie skips past it (1, 1, 3).
    """
    if not scores:
        return []
    best = max(scores.values())

    def strength(item: str) -> tuple[int, tuple[int, ...]]:
        # Count-back counts only below first place: winners compare on score alone.
        return scores[item], () if scores[item] == best else counts[item]

    ordered = sorted(
        scores, key=lambda item: (-scores[item], [-c for c in strength(item)[1]], item)
    )
    ranked: list[tuple[int, str]] = []
    for index, item in enumerate(ordered):
        if index and strength(item) == strength(ordered[index - 1]):
            ranked.append((ranked[-1][0], item))
        else:
            ranked.append((index + 1, item))
    return ranked


def _ties(ranked: Sequence[tuple[int, str]]) -> tuple[tuple[str, ...], ...]:
    groups: dict[int, list[str]] = {}
    for rank, item in ranked:
        groups.setdefault(rank, []).append(item)
    return tuple(tuple(group) for group in groups.values() if len(group) > 1)


def _check_ballots(ballots: Iterable[Ballot]) -> list[Ballot]:
    ballots = list(ballots)
    if not ballots:
        raise BallotError("there are no ballots to combine")
    seen: set[str] = set()
    for ballot in ballots:
        if not isinstance(ballot, Ballot):
            raise TypeError(f"expected Ballot objects, got {type(ballot).__name__}")
        if ballot.table in seen:
            raise BallotError("the table has more than one ballot", table=ballot.table)
        seen.add(ballot.table)
    # A canonical order makes every figure, to the last bit, independent of the input order.
    return sorted(ballots, key=lambda ballot: ballot.table)


def consensus(
    ballots: Iterable[Ballot],
    *,
    method: Method | str = "borda",
    borda_points_rule: BordaPoints | str = "length",
) -> ConsensusResult:
    """Order every item on any ballot by `method` and check the order with the other two.

    Items level with the best score are joint winners and share rank 1. Below first place, ties
    in the method's score are broken by count-back (more first places, then more second places,
    ...); items still level share a rank. A check `differs` when its set of winners is not the
    chosen method's, or its top five (in order) is not the same. `borda_points_rule` is how
    Borda scores a ballot ("length" or "fixed", see `borda_points`), whether Borda orders the
    items or checks them.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if borda_points_rule not in BORDA_POINTS:
        raise ValueError(
            f"unknown Borda points {borda_points_rule!r}; choose one of {', '.join(BORDA_POINTS)}"
        )
    ballots = _check_ballots(ballots)
    counts = place_counts(ballots)
    facts = item_facts(ballots)

    scores: dict[str, dict[str, int]] = {
        "borda": borda_points(ballots, rule=borda_points_rule),
        **{name: scorer(ballots) for name, scorer in _PAIRWISE_SCORERS.items()},
    }
    orders = {name: rank_items(scores[name], counts) for name in METHODS}

    chosen = orders[method]
    items = tuple(
        ItemResult(
            item=item,
            points=scores[method][item],
            rank=rank,
            tables=facts[item].tables,
            first_places=facts[item].first_places,
            mean_position=facts[item].mean_position,
        )
        for rank, item in chosen
    )
    top = [item for _, item in chosen[:TOP_SIZE]]
    winners = [item for rank, item in chosen if rank == 1]
    checks = {}
    for name in METHODS:
        if name == method:
            continue
        check_top = [item for _, item in orders[name][:TOP_SIZE]]
        check_winners = [item for rank, item in orders[name] if rank == 1]
        checks[name] = CheckResult(
            method=name,
            top=tuple(check_top),
            winners=tuple(check_winners),
            differs=check_top != top or set(check_winners) != set(winners),
        )
    return ConsensusResult(
        method=method,
        items=items,
        ties=_ties(chosen),
        agreement=agreement(ballots),
        checks=checks,
    )
