"""Small builders shared by the consensus tests."""

from __future__ import annotations

from hypothesis import strategies as st

from thrivekit.consensus import Ballot

ITEM_POOL = [f"item-{letter}" for letter in "abcdefg"]


def tables(*orders: str) -> list[Ballot]:
    """Ballots T1, T2, ... from space-separated item ids, best first: tables("A B", "B A")."""
    return [Ballot(f"T{index}", tuple(order.split())) for index, order in enumerate(orders, 1)]


def repeated(*groups: tuple[int, str]) -> list[Ballot]:
    """Ballots from (count, order) pairs, e.g. repeated((3, "A B C"), (2, "B C A"))."""
    orders = [order for count, order in groups for _ in range(count)]
    return tables(*orders)


ballot_orders = st.lists(st.sampled_from(ITEM_POOL), min_size=1, max_size=5, unique=True)
profiles = st.lists(ballot_orders, min_size=1, max_size=8).map(
    lambda orders: [Ballot(f"T{index}", tuple(order)) for index, order in enumerate(orders, 1)]
)
