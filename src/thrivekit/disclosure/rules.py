"""Statistical disclosure control: the one place where counts about people become publishable.

Rules (design.md "Privacy and safety rules"; reliability-anchors.md P1-P7):

* A count of 1 to ``threshold`` people (default 7) is shown as ``*``.
* Any other count is rounded to the nearest ``rounding_base`` (default 5), half up, on exact
  Decimal arithmetic (Python's ``round`` rounds half to even, which we must not use).
* A true zero stays ``0``. A non-zero count that would round to 0 (only possible with a very
  low threshold) is shown as ``*`` instead, so ``0`` always means "nobody".
* A percentage is calculated from the *published* (rounded) numerator and denominator, so a
  reader can recompute it from the published table; it is ``*`` if either of them is ``*``.
* A mean, median or percentile over a group of ``threshold`` people or fewer is ``*``. A
  minimum or maximum is one person's own value, so it is never published (``*``).
* Where a table shows a total (or margins), one suppressed cell could be worked out as the
  total minus the other rows. :func:`protect_total` then suppresses the next-smallest cell
  too (complementary suppression), until no suppressed cell can be pinned to one value.

``None`` means "no figure" (not collected, not applicable) and is passed through as ``None``:
it is neither zero nor suppressed.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

SUPPRESSED = "*"

# A private context so a caller who changed the global Decimal context cannot change our results.
_DECIMAL = Context(prec=60, rounding=ROUND_HALF_UP)


def _is_whole_number(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


@dataclass(frozen=True)
class DisclosurePolicy:
    """A site's disclosure settings: suppress counts of 1..threshold, round the rest."""

    threshold: int = 7
    rounding_base: int = 5

    def __post_init__(self) -> None:
        if not _is_whole_number(self.threshold) or self.threshold < 0:
            raise ValueError(f"threshold must be a whole number >= 0, got {self.threshold!r}")
        if not _is_whole_number(self.rounding_base) or self.rounding_base < 1:
            raise ValueError(
                f"rounding_base must be a whole number >= 1, got {self.rounding_base!r}"
            )

    def describe(self) -> str:
        """The rule as a sentence for a report footnote."""
        if self.threshold == 0:
            small = "Counts are not suppressed"
        elif self.threshold == 1:
            small = f"A count of 1 person is shown as {SUPPRESSED}"
        else:
            small = f"Counts of 1 to {self.threshold} people are shown as {SUPPRESSED}"
        if self.rounding_base == 1:
            rounding = "other counts are shown as they are"
        else:
            rounding = f"other counts are rounded to the nearest {self.rounding_base}"
        return (
            f"{small}; {rounding}; 0 means nobody. Percentages are calculated from the "
            f"published (rounded) counts, and percentages and averages for groups of "
            f"{self.threshold} people or fewer are shown as {SUPPRESSED}. Beside a total, a "
            f"larger count may be shown as {SUPPRESSED} too, so a small one cannot be worked "
            f"out from the total."
        )


DEFAULT_POLICY = DisclosurePolicy()

Published = int | str | None


def _as_decimal(value: object, *, what: str) -> Decimal:
    """Exact Decimal for an int, Decimal or finite float; anything else is a caller error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise TypeError(f"{what} must be a number, got {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    else:
        # str() gives the shortest repr, so 2.675 is treated as the 2.675 the user sees.
        result = Decimal(str(float(value)))
    if not result.is_finite():
        raise ValueError(f"{what} must be finite, got {value!r}")
    return result


def round_half_up(value: int | float | Decimal, *, base: int = 5) -> int:
    """Round to the nearest multiple of ``base``, halves going up (12.5 -> 15, 7.5 -> 10)."""
    exact = _as_decimal(value, what="value")
    steps = _DECIMAL.divide(exact, Decimal(base)).quantize(Decimal(1), context=_DECIMAL)
    return int(steps) * base


def safe_count(
    n: int | Decimal | str | None, *, policy: DisclosurePolicy = DEFAULT_POLICY
) -> Published:
    """Publishable form of a count of people: ``0``, ``*`` or a rounded whole number.

    ``None`` stays ``None``; an already suppressed ``*`` stays ``*`` (so applying the rule
    twice changes nothing).
    """
    if n is None:
        return None
    if n == SUPPRESSED:
        return SUPPRESSED
    exact = _as_decimal(n, what="a count")
    if exact < 0:
        raise ValueError(f"a count cannot be negative, got {n!r}")
    if exact == 0:
        return 0
    if exact <= policy.threshold:
        return SUPPRESSED
    rounded = round_half_up(exact, base=policy.rounding_base)
    # Never let a real count look like a true zero.
    return rounded if rounded > 0 else SUPPRESSED


def _check_dp(dp: int) -> None:
    if not _is_whole_number(dp) or dp < 0:
        raise ValueError(f"dp must be a whole number >= 0, got {dp!r}")


def _round_dp(value: Decimal, dp: int) -> float:
    return float(value.quantize(Decimal(1).scaleb(-dp), context=_DECIMAL))


def _published_percentage(
    numerator: object, denominator: object, *, dp: int, policy: DisclosurePolicy
) -> float | str | None:
    """The percentage of the two published (rounded) counts: what a reader can recompute."""
    published_num = safe_count(numerator, policy=policy)
    published_den = safe_count(denominator, policy=policy)
    if published_den == 0:
        return None
    if SUPPRESSED in (published_num, published_den):
        return SUPPRESSED
    return _round_dp(_DECIMAL.divide(Decimal(published_num) * 100, Decimal(published_den)), dp)


def safe_percentage(
    numerator: int | Decimal | str | None,
    denominator: int | Decimal | str | None,
    *,
    dp: int = 1,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> float | str | None:
    """Publishable percentage ``numerator / denominator * 100``, to ``dp`` decimal places.

    Calculated from the published (rounded) numerator and denominator, so it always matches
    the counts printed next to it. ``*`` when either count is suppressed; ``None`` when either
    is missing or the denominator is a true zero (a percentage of nobody does not exist).
    """
    _check_dp(dp)
    if numerator is None or denominator is None:
        return None
    if numerator != SUPPRESSED and denominator != SUPPRESSED:
        num = _as_decimal(numerator, what="numerator")
        den = _as_decimal(denominator, what="denominator")
        if num > den:
            raise ValueError(f"numerator {numerator!r} is larger than denominator {denominator!r}")
    return _published_percentage(numerator, denominator, dp=dp, policy=policy)


def safe_rate(
    numerator: int | Decimal | str | None,
    denominator: int | Decimal | str | None,
    *,
    dp: int = 1,
    can_exceed: bool = False,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> float | str | None:
    """Publishable rate, as a percentage, from the counts behind it (never from a rate).

    ``can_exceed``: the numerator is not part of the denominator (capacity used against
    capacity available), so the rate may be over 100%.

    ``*`` when the numerator or the denominator fails the count rule (1 to ``threshold``, or
    already ``*``); ``None`` when either is unknown or the denominator is nobody. Older stored
    analyses carry only the rate: pass ``None`` and nothing is shown exactly.
    """
    if numerator is None or denominator is None:
        return SUPPRESSED if (numerator, denominator) != (None, None) else None
    if not can_exceed:
        return safe_percentage(numerator, denominator, dp=dp, policy=policy)
    _check_dp(dp)
    return _published_percentage(numerator, denominator, dp=dp, policy=policy)


EXTREMES = frozenset({"min", "max", "minimum", "maximum"})


def safe_statistic(
    value: int | float | Decimal | None,
    *,
    group_size: int | str | None,
    dp: int = 2,
    kind: str = "mean",
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> float | str | None:
    """Publishable mean, median or percentile over ``group_size`` people.

    ``*`` when the group has ``threshold`` people or fewer; ``None`` when there is no value
    or nobody in the group. A ``kind`` of minimum or maximum is always ``*``: it is one
    person's value, whatever the size of the group.
    """
    _check_dp(dp)
    if value is None:
        return None
    if kind in EXTREMES:
        return SUPPRESSED
    if group_size is None:
        raise ValueError("group_size is needed to decide whether a statistic may be shown")
    if group_size == SUPPRESSED:
        return SUPPRESSED
    size = _as_decimal(group_size, what="group_size")
    if size < 0:
        raise ValueError(f"group_size cannot be negative, got {group_size!r}")
    exact = _as_decimal(value, what="a statistic")
    if size == 0:
        return None
    if size <= policy.threshold:
        return SUPPRESSED
    return _round_dp(exact, dp)


def published_range(shown: Published, *, policy: DisclosurePolicy = DEFAULT_POLICY):
    """The exact counts a reader knows a published count stands for: ``(low, high)``.

    ``0`` is exactly nobody; ``*`` is at least one (``high`` is ``None``: a ``*`` may hide a
    larger count suppressed to protect another); a rounded count is the counts that round to
    it and are above the threshold.
    """
    if shown is None:
        return None
    if shown == SUPPRESSED:
        return (1, None)
    value = int(shown)
    if value == 0:
        return (0, 0)
    base = policy.rounding_base
    return (max(value - base // 2, policy.threshold + 1), value + (base - 1) // 2)


def _pinned(shown: list[Published], total: Published, policy: DisclosurePolicy) -> bool:
    """Could a reader work a suppressed cell out to one value from the total and the rest?

    Two readers are checked: one who takes every ``*`` as "1 or more", and one who takes every
    ``*`` as "1 to threshold" (true when nothing was suppressed to protect another).
    """
    stars = sum(1 for v in shown if v == SUPPRESSED)
    if not stars or total is None or total == SUPPRESSED:
        return False
    total_low, total_high = published_range(total, policy=policy)
    ranges = [published_range(v, policy=policy) for v in shown if v != SUPPRESSED]
    rest_low = sum(low for low, _ in ranges)
    rest_high = sum(high for _, high in ranges)
    small = policy.threshold
    others = stars - 1
    # Reader 1: every other * is 1 or more (no upper bound); a lone * is a small count.
    high = min(total_high - rest_low - others, small if stars == 1 else total_high)
    low = max(1, total_low - rest_high) if stars == 1 else 1
    if low == high:
        return True
    # Reader 2: every * is 1 to threshold.
    high = min(small, total_high - rest_low - others)
    low = max(1, total_low - rest_high - others * small)
    return low == high


def protect_total(
    cells: Iterable[int | None],
    *,
    total: int | None = None,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> tuple[list[Published], Published]:
    """Publish a column of counts shown beside their total (complementary suppression).

    Each cell and the total go through :func:`safe_count`. While a suppressed cell could be
    recovered from the total minus the other cells (allowing for their rounding), the
    next-smallest shown cell is suppressed too; when none is left, the total is. ``total``
    defaults to the sum of the cells. ``None`` cells stay ``None`` and take no part.
    Returns ``(published cells, published total)``.
    """
    raw = list(cells)
    if total is None:
        total = sum(c for c in raw if c is not None)
    shown: list[Published] = [safe_count(c, policy=policy) for c in raw]
    shown_total = safe_count(total, policy=policy)
    while _pinned([v for v in shown if v is not None], shown_total, policy):
        candidates = [i for i, v in enumerate(shown) if v not in (None, 0, SUPPRESSED)]
        if not candidates:
            shown_total = SUPPRESSED
            break
        smallest = min(candidates, key=lambda i: (raw[i], i))
        shown[smallest] = SUPPRESSED
    return shown, shown_total


@dataclass(frozen=True)
class PublishedGrid:
    """A two-way table as published: its cells, row totals, column totals and grand total."""

    cells: list[list[Published]]
    row_totals: list[Published]
    column_totals: list[Published]
    total: Published


def _tightened(bounds: list[list[float]], sums: list[tuple[int, list[int]]]) -> bool:
    """Narrow each figure's range from the sums it takes part in (bounds propagation), as a
    reader combining every margin would. False when the ranges cannot all hold."""
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            low = sum(bounds[p][0] for p in parts)
            high = sum(bounds[p][1] for p in parts)
            new = [max(bounds[total][0], low), min(bounds[total][1], high)]
            if new != bounds[total]:
                bounds[total], changed = new, True
            for p in parts:
                others_low, others_high = low - bounds[p][0], high - bounds[p][1]
                new = [
                    max(bounds[p][0], bounds[total][0] - others_high),
                    min(bounds[p][1], bounds[total][1] - others_low),
                ]
                if new != bounds[p]:
                    bounds[p], changed = new, True
                    low = sum(bounds[q][0] for q in parts)
                    high = sum(bounds[q][1] for q in parts)
            if any(lo > hi for lo, hi in bounds):
                return False
    return True


def _grid_pinned(
    published: list[Published], sums: list[tuple[int, list[int]]], policy: DisclosurePolicy
) -> list[int]:
    """Suppressed figures a reader of every margin can pin to one value in 1..threshold."""
    pinned: set[int] = set()
    for star_high in (float(policy.threshold), float("inf")):
        bounds = []
        for shown in published:
            if shown == SUPPRESSED:
                bounds.append([1.0, star_high])
            else:
                low, high = published_range(shown, policy=policy)
                bounds.append([float(low), float(high)])
        if not _tightened(bounds, sums):
            continue  # this reading of * cannot be right for this table
        pinned |= {
            i
            for i, shown in enumerate(published)
            if shown == SUPPRESSED
            and bounds[i][0] == bounds[i][1]
            and 1 <= bounds[i][0] <= policy.threshold
        }
    return sorted(pinned)


def protect_grid(
    cells: Sequence[Sequence[int]], *, policy: DisclosurePolicy = DEFAULT_POLICY
) -> PublishedGrid:
    """Publish a two-way table of counts with its margins (complementary suppression).

    Each figure goes through :func:`safe_count`. While a reader who combines every row,
    column and grand total (allowing for rounding) could pin a suppressed small cell to one
    value, the smallest shown cell in its row or column is suppressed too; when there is
    none, its row or column total is.
    """
    raw = [list(row) for row in cells]
    if len({len(row) for row in raw}) > 1:
        raise ValueError("every row of a grid needs the same number of cells")
    n_rows, n_cols = len(raw), len(raw[0]) if raw else 0
    # One flat list of figures: the cells row by row, row totals, column totals, grand total.
    exact = [v for row in raw for v in row]
    exact += [sum(row) for row in raw]
    exact += [sum(raw[i][j] for i in range(n_rows)) for j in range(n_cols)]
    exact.append(sum(exact[: n_rows * n_cols]))
    row_at, col_at, grand_at = n_rows * n_cols, n_rows * n_cols + n_rows, len(exact) - 1

    def cell(i: int, j: int) -> int:
        return i * n_cols + j

    sums = [(row_at + i, [cell(i, j) for j in range(n_cols)]) for i in range(n_rows)]
    sums += [(col_at + j, [cell(i, j) for i in range(n_rows)]) for j in range(n_cols)]
    sums += [
        (grand_at, [row_at + i for i in range(n_rows)]),
        (grand_at, [col_at + j for j in range(n_cols)]),
    ]
    published: list[Published] = [safe_count(v, policy=policy) for v in exact]
    while pinned := _grid_pinned(published, sums, policy):
        at = pinned[0]
        if at < row_at:  # a cell: a partner in its row or column
            i, j = divmod(at, n_cols)
            line = [cell(i, k) for k in range(n_cols)] + [cell(k, j) for k in range(n_rows)]
            fallback = [row_at + i, col_at + j, grand_at]
        else:  # a total: a partner among the totals beside it
            line = list(range(row_at, col_at)) if at < col_at else list(range(col_at, grand_at))
            fallback = [grand_at]
        candidates = [k for k in line if published[k] not in (0, SUPPRESSED)]
        if candidates:
            published[min(candidates, key=lambda k: (exact[k], k))] = SUPPRESSED
        else:
            shown_totals = [k for k in fallback if published[k] != SUPPRESSED]
            if not shown_totals:
                break  # nothing left to hide that could help
            published[shown_totals[0]] = SUPPRESSED
    return PublishedGrid(
        cells=[published[cell(i, 0) : cell(i, 0) + n_cols] for i in range(n_rows)],
        row_totals=published[row_at:col_at],
        column_totals=published[col_at:grand_at],
        total=published[grand_at],
    )


def safe_table(
    rows: Iterable[Mapping[str, object]],
    *,
    count_fields: Iterable[str] = (),
    percentage_fields: Mapping[str, tuple[str, str]] | None = None,
    statistic_fields: Mapping[str, str] | None = None,
    keep_fields: Iterable[str] = (),
    total_row: Mapping[str, object] | None = None,
    percentage_dp: int = 1,
    statistic_dp: int = 2,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> list[dict[str, object]]:
    """Publishable copy of a table (a list of dicts). The input rows are not changed.

    * ``count_fields``: counts of people, published with :func:`safe_count`.
    * ``percentage_fields``: ``{pct_field: (numerator_field, denominator_field)}``; the
      percentage is (re)calculated with :func:`safe_percentage`. The numerator and denominator
      fields are counts of people, so they are published with :func:`safe_count` too.
    * ``statistic_fields``: ``{stat_field: group_size_field}``; published with
      :func:`safe_statistic`. The group size field is published as a count.
    * ``keep_fields``: numbers that are not about people (a year, a rank, a score level) and
      are copied unchanged.
    * ``total_row``: the table's total row (exact totals of some count fields, and labels).
      It is published as the last row, and each count column it totals is protected with
      :func:`protect_total`, so no suppressed cell can be recovered by subtraction.
      Percentages and statistics of a row whose count was suppressed this way are ``*``.

    Safe by default: any other field holding a number raises ``ValueError``, so a raw count
    cannot slip through by being forgotten. Text, booleans, dates and ``None`` are copied
    unchanged; any other value (a list, a dict) raises too.
    """
    percentage_fields = dict(percentage_fields or {})
    statistic_fields = dict(statistic_fields or {})
    counts = set(count_fields)
    for numerator_field, denominator_field in percentage_fields.values():
        counts.update((numerator_field, denominator_field))
    counts.update(statistic_fields.values())
    kept = set(keep_fields)
    derived = set(percentage_fields) | set(statistic_fields)
    clash = (counts | derived) & kept
    if clash or counts & derived:
        raise ValueError(f"fields given more than one role: {sorted(clash | (counts & derived))}")

    rows = list(rows)
    protected: dict[str, list[Published]] = {}
    protected_total: dict[str, Published] = {}
    if total_row is not None:
        for name in sorted(counts & set(total_row)):
            cells = [row.get(name) for row in rows]
            protected[name], protected_total[name] = protect_total(
                cells,  # type: ignore[arg-type]
                total=total_row[name],  # type: ignore[arg-type]
                policy=policy,
            )

    def hidden(name: str, index: int) -> bool:
        return name in protected and protected[name][index] == SUPPRESSED

    published_rows: list[dict[str, object]] = []
    for index, row in enumerate(rows):

        def field(name: str, *, row: Mapping[str, object] = row, index: int = index) -> object:
            if name not in row:
                raise ValueError(f"row {index} has no field {name!r}")
            return row[name]

        out: dict[str, object] = {}
        for name, value in row.items():
            if name in counts or name in derived:
                continue  # filled in below
            if name in kept or value is None or isinstance(value, str | bool | date):
                out[name] = value
            elif isinstance(value, numbers.Number | Decimal):
                raise ValueError(
                    f"row {index}: field {name!r} holds a number ({value!r}) but is not listed "
                    "as a count, percentage, statistic or kept field"
                )
            else:
                # A list or dict could hide counts we cannot check.
                raise ValueError(
                    f"row {index}: field {name!r} holds {type(value).__name__}, which cannot be "
                    "checked; flatten it or list it as a kept field"
                )
        for name in counts:
            out[name] = (
                protected[name][index]
                if name in protected
                else safe_count(field(name), policy=policy)  # type: ignore[arg-type]
            )
        for name, (numerator_field, denominator_field) in percentage_fields.items():
            out[name] = safe_percentage(
                SUPPRESSED if hidden(numerator_field, index) else field(numerator_field),  # type: ignore[arg-type]
                SUPPRESSED if hidden(denominator_field, index) else field(denominator_field),  # type: ignore[arg-type]
                dp=percentage_dp,
                policy=policy,
            )
        for name, size_field in statistic_fields.items():
            out[name] = safe_statistic(
                field(name),  # type: ignore[arg-type]
                group_size=SUPPRESSED if hidden(size_field, index) else field(size_field),  # type: ignore[arg-type]
                dp=statistic_dp,
                policy=policy,
            )
        # Keep the caller's column order, with new percentage columns at the end.
        ordered = {name: out[name] for name in row if name in out}
        ordered.update({name: value for name, value in out.items() if name not in ordered})
        published_rows.append(ordered)
    if total_row is not None:
        last: dict[str, object] = {}
        for name, value in total_row.items():
            if name in protected_total:
                value = protected_total[name]
            elif isinstance(value, numbers.Number | Decimal) and name not in kept:
                raise ValueError(
                    f"total row: field {name!r} holds a number ({value!r}) "
                    "but is not a count column or a kept field"
                )
            last[name] = value
        published_rows.append(last)
    return published_rows


__all__ = [
    "DEFAULT_POLICY",
    "SUPPRESSED",
    "DisclosurePolicy",
    "PublishedGrid",
    "protect_grid",
    "protect_total",
    "published_range",
    "round_half_up",
    "safe_count",
    "safe_percentage",
    "safe_rate",
    "safe_statistic",
    "safe_table",
]
