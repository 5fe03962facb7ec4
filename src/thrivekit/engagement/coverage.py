"""Sector coverage: which recommended sectors a group of people represents, and the key gaps.

Pure Python: give it the sector ids of the people in a group (the transformation group, the
register, a workshop's participants) and the sectors instrument.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Coverage:
    title: str
    counts: Counter  # sector id -> people
    gaps: tuple = ()  # the instrument's KeyGap objects that no one here fills
    unknown: int = 0  # people whose sector is not one of the instrument's

    @property
    def people(self) -> int:
        return sum(self.counts.values()) + self.unknown

    @property
    def sectors_represented(self) -> int:
        return len(self.counts)

    def has(self, sector_id: str) -> bool:
        return self.counts.get(sector_id, 0) > 0


def coverage(*, title: str, sector_ids: Iterable[str], instrument) -> Coverage:
    known = {s.id for s in instrument.sectors}
    given = list(sector_ids)
    counts = Counter(s for s in given if s in known)
    return Coverage(
        title=title,
        counts=counts,
        gaps=tuple(instrument.missing_key_gaps(counts)),
        unknown=sum(1 for s in given if s not in known),
    )


@dataclass(frozen=True)
class SectorRow:
    sector_id: str
    name: str
    group: str
    key_gap: str | None
    cells: tuple[int, ...]  # people per coverage, in the order of the coverages

    @property
    def represented_anywhere(self) -> bool:
        return any(self.cells)


@dataclass(frozen=True)
class CoverageTable:
    coverages: tuple[Coverage, ...]
    groups: tuple[tuple[str, tuple[SectorRow, ...]], ...] = field(default_factory=tuple)


def coverage_table(coverages: Iterable[Coverage], *, instrument) -> CoverageTable:
    """One row per recommended sector (grouped as the instrument groups them), one column each."""
    coverages = tuple(coverages)
    groups = []
    for group in instrument.groups:
        rows = tuple(
            SectorRow(
                sector_id=sector.id,
                name=sector.name,
                group=group.name,
                key_gap=sector.key_gap,
                cells=tuple(c.counts.get(sector.id, 0) for c in coverages),
            )
            for sector in instrument.sectors_in_group(group.id)
        )
        if rows:
            groups.append((group.name, rows))
    return CoverageTable(coverages=coverages, groups=tuple(groups))
