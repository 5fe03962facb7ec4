"""Assessment snapshots, so a site can see how its scores change between workshops."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from thrivekit.scoring.assessment import AssessmentSummary
from thrivekit.scoring.measures import as_float, dataclass_to_dict, share


@dataclass(frozen=True)
class SnapshotItem:
    item: str
    n: int  # scores given (excluding "don't know")
    median: float | None
    thrive_like_count: int
    thrive_like_share: float | None  # 0..1

    def __post_init__(self) -> None:
        if not 0 <= self.thrive_like_count <= self.n:
            raise ValueError(
                f"item {self.item!r}: THRIVE-like count {self.thrive_like_count} is not "
                f"between 0 and n={self.n}"
            )

    @property
    def exact_share(self) -> Fraction | None:
        return share(self.thrive_like_count, self.n)

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class AssessmentSnapshot:
    """Per-item median and THRIVE-like share of an assessment, as it stood on one date."""

    taken_on: date
    n_respondents: int
    items: tuple[SnapshotItem, ...]

    def __post_init__(self) -> None:
        if isinstance(self.taken_on, datetime) or not isinstance(self.taken_on, date):
            raise ValueError(f"taken_on must be a date (not a datetime), got {self.taken_on!r}")
        ids = [i.item for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("a snapshot lists an item twice")

    def item(self, item: str) -> SnapshotItem:
        for snapshot_item in self.items:
            if snapshot_item.item == item:
                return snapshot_item
        raise KeyError(item)

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssessmentSnapshot:
        """Read back what :meth:`to_dict` wrote (e.g. from a JSON field)."""
        items = tuple(
            SnapshotItem(
                item=i["item"],
                n=int(i["n"]),
                median=None if i["median"] is None else float(i["median"]),
                thrive_like_count=int(i["thrive_like_count"]),
                thrive_like_share=as_float(share(int(i["thrive_like_count"]), int(i["n"]))),
            )
            for i in data["items"]
        )
        return cls(
            taken_on=date.fromisoformat(data["taken_on"]),
            n_respondents=int(data["n_respondents"]),
            items=items,
        )


def snapshot_from(summary: AssessmentSummary, *, taken_on: date) -> AssessmentSnapshot:
    """Keep the per-item median, THRIVE-like share and n of a summary, dated ``taken_on``."""
    return AssessmentSnapshot(
        taken_on=taken_on,
        n_respondents=summary.n_respondents,
        items=tuple(
            SnapshotItem(
                item=s.item,
                n=s.n,
                median=s.median,
                thrive_like_count=s.thrive_like_count,
                thrive_like_share=s.thrive_like_share,
            )
            for s in summary.items
        ),
    )


@dataclass(frozen=True)
class ItemChange:
    """How one item moved from the baseline to the later snapshot (later minus baseline).

    A change is ``None`` when either side has no scores for the item.
    """

    item: str
    baseline_n: int
    later_n: int
    baseline_median: float | None
    later_median: float | None
    median_change: float | None
    baseline_thrive_like_share: float | None
    later_thrive_like_share: float | None
    thrive_like_share_change: float | None  # as a proportion, -1..1
    thrive_like_points_change: float | None  # the same in percentage points, -100..100

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class SnapshotComparison:
    baseline_taken_on: date
    later_taken_on: date
    changes: tuple[ItemChange, ...]  # items in both snapshots, in the later snapshot's order
    only_in_baseline: tuple[str, ...]
    only_in_later: tuple[str, ...]

    def change(self, item: str) -> ItemChange:
        for change in self.changes:
            if change.item == item:
                return change
        raise KeyError(item)

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


def compare(baseline: AssessmentSnapshot, later: AssessmentSnapshot) -> SnapshotComparison:
    """Per-item change in median and THRIVE-like share between two snapshots.

    Items in only one snapshot are listed in ``only_in_baseline`` / ``only_in_later``.
    """
    if later.taken_on < baseline.taken_on:
        raise ValueError(
            f"the later snapshot ({later.taken_on}) is dated before the baseline "
            f"({baseline.taken_on}); are they the wrong way round?"
        )
    before = {i.item: i for i in baseline.items}
    after = {i.item: i for i in later.items}
    changes = []
    for item in (i.item for i in later.items if i.item in before):
        old, new = before[item], after[item]
        median_change = (
            new.median - old.median if new.median is not None and old.median is not None else None
        )
        old_share, new_share = old.exact_share, new.exact_share
        # Exact fractions, so 70% - 50% is 20 points, not 19.999999999999996.
        share_change = (
            new_share - old_share if new_share is not None and old_share is not None else None
        )
        changes.append(
            ItemChange(
                item=item,
                baseline_n=old.n,
                later_n=new.n,
                baseline_median=old.median,
                later_median=new.median,
                median_change=median_change,
                baseline_thrive_like_share=old.thrive_like_share,
                later_thrive_like_share=new.thrive_like_share,
                thrive_like_share_change=as_float(share_change),
                thrive_like_points_change=(
                    None if share_change is None else float(share_change * 100)
                ),
            )
        )
    return SnapshotComparison(
        baseline_taken_on=baseline.taken_on,
        later_taken_on=later.taken_on,
        changes=tuple(changes),
        only_in_baseline=tuple(i.item for i in baseline.items if i.item not in after),
        only_in_later=tuple(i.item for i in later.items if i.item not in before),
    )


__all__ = [
    "AssessmentSnapshot",
    "ItemChange",
    "SnapshotComparison",
    "SnapshotItem",
    "compare",
    "snapshot_from",
]
