"""Combine the tables' ballots into one consensus order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from .agreement import agreement
from .ballots import Ballot, BallotError
from .borda import borda_points, item_facts, place_counts
from .pairwise import copeland_scores, schulze_scores
from .result import TOP_SIZE, CheckResult, ConsensusResult, ItemResult

Method = Literal["borda", "schulze", "copeland"]
METHODS: tuple[str, ...] = ("borda", "schulze", "copeland")

_SCORERS: dict[str, Callable[[Sequence[Ballot]], dict[str, int]]] = {
    "borda": borda_points,
    "schulze": schulze_scores,
    "copeland": copeland_scores,
}


def rank_items(
    scores: Mapping[str, int], counts: Mapping[str, tuple[int, ...]]
) -> list[tuple[int, str]]:
    """(rank, item) pairs: by score, then more first places, more second places, and so on.

    Items still level share a rank (listed in id order) and the next rank skips past them.
    """

    def strength(item: str) -> tuple[int, tuple[int, ...]]:
        return scores[item], counts[item]

    ordered = sorted(scores, key=lambda item: (-scores[item], [-c for c in counts[item]], item))
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


def consensus(ballots: Iterable[Ballot], *, method: Method | str = "borda") -> ConsensusResult:
    """Order every item on any ballot by `method` and check the order with the other two.

    Ties in the method's score are broken by count-back (more first places, then more second
    places, ...); items still level share a rank. A check `differs` when its winners (the items
    it ranks first) or its top five (in order) are not the same as the chosen method's.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    ballots = _check_ballots(ballots)
    counts = place_counts(ballots)
    facts = item_facts(ballots)

    orders: dict[str, list[tuple[int, str]]] = {}
    scores: dict[str, dict[str, int]] = {}
    for name, scorer in _SCORERS.items():
        scores[name] = scorer(ballots)
        orders[name] = rank_items(scores[name], counts)

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
            differs=check_top != top or check_winners != winners,
        )
    return ConsensusResult(
        method=method,
        items=items,
        ties=_ties(chosen),
        agreement=agreement(ballots),
        checks=checks,
    )
