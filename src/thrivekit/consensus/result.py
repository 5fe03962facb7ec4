"""The outcome of a consensus: ordered items, ties, agreement and the check methods."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .agreement import Agreement

SCHEMA = "thrivekit.consensus/1"
TOP_SIZE = 5


@dataclass(frozen=True)
class ItemResult:
    """One item's place in the consensus.

    `points` is the ordering method's score (Borda points, Copeland wins minus losses, or the
    number of items that do not beat it in Schulze's beat-path order). `rank` is shared by tied
    items, and the next item's rank skips past them (1, 2, 2, 4).
    """

    item: str
    points: int
    rank: int
    tables: int
    first_places: int
    mean_position: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "points": self.points,
            "rank": self.rank,
            "tables": self.tables,
            "first_places": self.first_places,
            "mean_position": self.mean_position,
        }


@dataclass(frozen=True)
class CheckResult:
    """A check method's own order, and whether its winner or top five differs from ours."""

    method: str
    top: tuple[str, ...]
    winners: tuple[str, ...]
    differs: bool

    def to_dict(self) -> dict[str, Any]:
        # Exactly the keys of schema thrivekit.consensus/1; `winners` stays on the object.
        return {"top": list(self.top), "differs": self.differs}


@dataclass(frozen=True)
class ConsensusResult:
    method: str
    items: tuple[ItemResult, ...]
    ties: tuple[tuple[str, ...], ...]
    agreement: Agreement
    checks: dict[str, CheckResult] = field(default_factory=dict)

    @property
    def top(self) -> tuple[str, ...]:
        """The first five items in order (a tie across fifth place is listed in `ties`)."""
        return tuple(result.item for result in self.items[:TOP_SIZE])

    @property
    def winners(self) -> tuple[str, ...]:
        """Every item ranked first (more than one only when they are tied)."""
        return tuple(result.item for result in self.items if result.rank == 1)

    def item(self, item: str) -> ItemResult:
        for result in self.items:
            if result.item == item:
                return result
        raise KeyError(item)

    @property
    def checks_differ(self) -> bool:
        return any(check.differs for check in self.checks.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of schema thrivekit.consensus/1, with exactly its keys.

        The chi-square statistic, its degrees of freedom, the number of items W rests on and each
        check's winners stay available on the Python objects but are not part of the schema.
        """
        agreement = self.agreement
        return {
            "schema": SCHEMA,
            "method": self.method,
            "items": [result.to_dict() for result in self.items],
            "top": list(self.top),
            "ties": [list(group) for group in self.ties],
            "agreement": {
                "kendall_w": agreement.kendall_w,
                "p_value": agreement.p_value,
                "tables": agreement.tables,
            },
            "checks": {name: check.to_dict() for name, check in self.checks.items()},
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
