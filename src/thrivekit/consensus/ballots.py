"""Ballots: one table's ordered top-k list, and turning `table,rank,item` rows into ballots."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple


class BallotError(ValueError):
    """Input that cannot be turned into ballots.

    `table` and `row` say where the problem is when that is known; `row` counts the header as
    row 1, as a spreadsheet does.
    """

    def __init__(self, message: str, *, table: str | None = None, row: int | None = None) -> None:
        self.reason = message
        self.table = table
        self.row = row
        super().__init__(message)

    def __str__(self) -> str:
        where = []
        if self.table is not None:
            where.append(f"table {self.table!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if not where:
            return self.reason
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.reason}"


@dataclass(frozen=True)
class Ballot:
    """One table's priorities, best first (position 1 is the table's first choice)."""

    table: str
    items: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        if not isinstance(self.table, str) or not self.table.strip():
            raise BallotError("a ballot needs a table name")
        if not self.items:
            raise BallotError("the ballot ranks no items", table=self.table)
        seen: set[str] = set()
        for item in self.items:
            if not isinstance(item, str) or not item.strip():
                raise BallotError("an item id is empty", table=self.table)
            if item in seen:
                raise BallotError(f"item {item!r} is ranked twice", table=self.table)
            seen.add(item)

    def __len__(self) -> int:
        return len(self.items)

    def position(self, item: str) -> int | None:
        """1-based position of `item` on this ballot, or None when the table did not rank it."""
        try:
            return self.items.index(item) + 1
        except ValueError:
            return None


class Row(NamedTuple):
    """One data row of the input file, with its row number (the header is row 1)."""

    row: int
    table: Any
    rank: Any
    item: Any


_WHOLE_NUMBER = re.compile(r"^\+?(\d+)(?:\.0*)?$")


def _text(value: Any) -> str:
    """Cell value as trimmed text; spreadsheet numbers like 3.0 become "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rank(value: Any) -> int | None:
    """A positive whole number, or None when `value` is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            return None
        number = int(value)
    else:
        match = _WHOLE_NUMBER.match(str(value).strip())
        if match is None:
            return None
        number = int(match.group(1))
    return number if number > 0 else None


def _as_row(raw: Row | Mapping[str, Any] | Sequence[Any], number: int) -> Row:
    if isinstance(raw, Row):
        return raw
    if isinstance(raw, Mapping):
        fields = {str(key).strip().lower(): value for key, value in raw.items()}
        return Row(number, fields.get("table"), fields.get("rank"), fields.get("item"))
    values = list(raw) + [None, None, None]
    return Row(number, values[0], values[1], values[2])


def parse_rows(rows: Iterable[Row | Mapping[str, Any] | Sequence[Any]]) -> list[Ballot]:
    """Validate `table,rank,item` rows and group them into one ballot per table.

    Rows may be `Row` tuples (which carry their own row number), mappings with the keys
    `table`, `rank` and `item`, or `(table, rank, item)` sequences; the last two are numbered
    from row 2, as if a header were row 1. Ranks order a table's items: they must be positive
    whole numbers, used once per table, but need not be contiguous (ranks 1, 2, 4 are read as
    positions 1, 2, 3). Ballots come back in the order their tables first appear.

    Raises BallotError naming the table and row of the first problem found.
    """
    by_table: dict[str, dict[int, tuple[str, int]]] = {}
    items_seen: dict[str, dict[str, tuple[int, int]]] = {}
    for index, raw in enumerate(rows):
        row = _as_row(raw, index + 2)
        table = _text(row.table)
        item = _text(row.item)
        rank_text = _text(row.rank)
        if not table:
            raise BallotError("the table is missing", row=row.row)
        if not item:
            raise BallotError("the item is missing", table=table, row=row.row)
        if not rank_text:
            raise BallotError(f"the rank of item {item!r} is missing", table=table, row=row.row)
        rank = _rank(row.rank)
        if rank is None:
            raise BallotError(
                f"rank {rank_text!r} is not a positive whole number", table=table, row=row.row
            )
        ranks = by_table.setdefault(table, {})
        items = items_seen.setdefault(table, {})
        if rank in ranks:
            other_item, other_row = ranks[rank]
            raise BallotError(
                f"rank {rank} is used twice (item {item!r}; row {other_row} gave it to "
                f"{other_item!r})",
                table=table,
                row=row.row,
            )
        if item in items:
            other_rank, other_row = items[item]
            raise BallotError(
                f"item {item!r} appears twice (already ranked {other_rank} on row {other_row})",
                table=table,
                row=row.row,
            )
        ranks[rank] = (item, row.row)
        items[item] = (rank, row.row)
    if not by_table:
        raise BallotError("there are no ballots: the input has no rows of data")
    return [
        Ballot(table, tuple(ranks[rank][0] for rank in sorted(ranks)))
        for table, ranks in by_table.items()
    ]
