"""THRIVE Assessment scoring: what the room thinks of each principle at each level.

Each participant scores each item (a principle at a level, id ``"<principle>.<level>"``, e.g.
``"needs-led.meso"``) from 1 (some way to go) to 4 (fully THRIVE-like), or says "don't know"
(``score=None``). A score of 3 or more counts as THRIVE-like.

Disagreement is shown two ways:

* the interquartile range, with quartiles by linear interpolation between order statistics
  (``statistics.quantiles(method="inclusive")``, numpy's default, Excel's QUARTILE.INC);
* the normalised Shannon entropy of the 1-4 distribution (entropy / log 4): 0 when everyone
  gave the same score, 1 when the scores are spread evenly over all four.

"Don't know" answers are counted and reported but are not scores: they are left out of the
median, mean, THRIVE-like share, IQR and entropy.

The figures here are raw, for the facilitator in the room. Anything published (reports,
exports, pages for non-analysts) must still go through :mod:`thrivekit.disclosure`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from thrivekit.scoring.measures import (
    DEFAULT_MIN_GROUP,
    SCORES,
    THRIVE_LIKE_FROM,
    as_float,
    as_percentage,
    check_min_group,
    dataclass_to_dict,
    natural_key,
    normalised_entropy,
    quartiles,
    score_distribution,
    share,
    to_jsonable,
)

LEVELS = ("macro", "meso", "micro")
"""The THRIVE levels in their usual order: commissioning, services, individual interactions."""

GROUPING_KEYS = ("local_area", "sector", "table")


def split_item(item: str) -> tuple[str, str]:
    """``"needs-led.meso"`` -> ``("needs-led", "meso")``; the level is after the last dot."""
    principle, _, level = item.rpartition(".")
    if not principle or not level:
        raise ValueError(f"item {item!r} is not of the form 'principle.level'")
    return principle, level


def _check_text(value: object, what: str, *, context: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{context}: {what} must be non-empty text, got {value!r}")


def _check_optional_text(value: object, what: str, *, context: str) -> None:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{context}: {what} must be text or None, got {value!r}")


@dataclass(frozen=True)
class AssessmentResponse:
    """One participant's score for one item (``score=None`` means "don't know")."""

    respondent: str
    item: str
    score: int | None
    local_area: str | None = None
    sector: str | None = None
    table: str | None = None

    def __post_init__(self) -> None:
        context = f"respondent {self.respondent!r}, item {self.item!r}"
        _check_text(self.respondent, "respondent", context=context)
        _check_text(self.item, "item", context=context)
        try:
            split_item(self.item)
        except ValueError as error:
            raise ValueError(f"{context}: {error}") from None
        if self.score is not None and (
            isinstance(self.score, bool)
            or not isinstance(self.score, int)
            or self.score not in SCORES
        ):
            raise ValueError(
                f"{context}: score must be 1, 2, 3, 4 or None (don't know), got {self.score!r}"
            )
        for key in GROUPING_KEYS:
            _check_optional_text(getattr(self, key), key, context=context)

    @property
    def principle(self) -> str:
        return split_item(self.item)[0]

    @property
    def level(self) -> str:
        return split_item(self.item)[1]


@dataclass(frozen=True)
class ItemSummary:
    """Every measure for one item. Measures over scores are ``None`` when nobody scored it."""

    item: str
    principle: str
    level: str
    n: int  # scores given (1-4)
    dont_know: int
    distribution: dict[int, int]  # score -> how many gave it, keys 1..4 always present
    median: float | None  # may be x.5
    mean: float | None
    thrive_like_count: int  # scores of 3 or 4
    thrive_like_share: float | None  # proportion 0..1 of scores given
    thrive_like_percentage: float | None  # the same as 0..100
    lower_quartile: float | None
    upper_quartile: float | None
    iqr: float | None  # upper - lower quartile, >= 0
    normalised_entropy: float | None  # 0 all agree .. 1 evenly spread

    @property
    def answered(self) -> int:
        """People who answered, including "don't know"."""
        return self.n + self.dont_know

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


def summarise_item(item: str, scores: Sequence[int], dont_know: int = 0) -> ItemSummary:
    """All measures for one item from its scores (1-4) and its number of "don't know"s."""
    principle, level = split_item(item)
    distribution = score_distribution(scores)
    n = len(scores)
    thrive_like = sum(count for score, count in distribution.items() if score >= THRIVE_LIKE_FROM)
    bounds = quartiles(sorted(scores))
    thrive_share = share(thrive_like, n)
    return ItemSummary(
        item=item,
        principle=principle,
        level=level,
        n=n,
        dont_know=dont_know,
        distribution=distribution,
        median=float(statistics.median(scores)) if n else None,
        mean=statistics.fmean(scores) if n else None,
        thrive_like_count=thrive_like,
        thrive_like_share=as_float(thrive_share),
        thrive_like_percentage=as_percentage(thrive_share),
        lower_quartile=bounds[0] if bounds else None,
        upper_quartile=bounds[1] if bounds else None,
        iqr=bounds[1] - bounds[0] if bounds else None,
        normalised_entropy=normalised_entropy([distribution[s] for s in SCORES]),
    )


@dataclass(frozen=True)
class Heatmap:
    """Median score for each principle (rows) at each level (columns).

    ``medians[i][j]`` and ``counts[i][j]`` belong to ``principles[i]`` at ``levels[j]``; a
    median is ``None`` when nobody scored that item, a count is ``None`` when there is no such
    item at all.
    """

    principles: tuple[str, ...]
    levels: tuple[str, ...]
    medians: tuple[tuple[float | None, ...], ...]
    counts: tuple[tuple[int | None, ...], ...]

    def median(self, principle: str, level: str) -> float | None:
        return self.medians[self.principles.index(principle)][self.levels.index(level)]

    def to_dict(self) -> dict[str, Any]:
        """Axis order plus one cell per principle and level (long form, ready for a chart)."""
        cells = [
            {
                "principle": principle,
                "level": level,
                "item": f"{principle}.{level}",
                "median": self.medians[i][j],
                "n": self.counts[i][j],
            }
            for i, principle in enumerate(self.principles)
            for j, level in enumerate(self.levels)
        ]
        return {"principles": list(self.principles), "levels": list(self.levels), "cells": cells}


@dataclass(frozen=True)
class GroupSummary:
    """The assessment summary for one group (a local area, sector or table)."""

    group: str | None  # None: people who did not say
    n_respondents: int
    summary: AssessmentSummary

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class AssessmentBreakdown:
    """The assessment summarised separately for each group of one grouping key.

    Groups with fewer than ``min_group`` respondents are not shown (``hidden_groups`` names
    them); their answers still count in the overall figures.
    """

    by: str
    min_group: int
    rule: str
    groups: tuple[GroupSummary, ...]
    hidden_groups: tuple[str | None, ...]

    def group(self, name: str | None) -> GroupSummary:
        for group in self.groups:
            if group.group == name:
                return group
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class AssessmentSummary:
    """The whole room's assessment: every item, the most disputed, the heatmap, breakdowns."""

    n_respondents: int
    principles: tuple[str, ...]
    levels: tuple[str, ...]
    items: tuple[ItemSummary, ...]
    most_disputed: tuple[str, ...]  # item ids, most disputed first; unscored items left out
    heatmap: Heatmap
    breakdowns: tuple[AssessmentBreakdown, ...] = field(default=())

    def item(self, item: str) -> ItemSummary:
        for summary in self.items:
            if summary.item == item:
                return summary
        raise KeyError(item)

    def breakdown(self, by: str) -> AssessmentBreakdown | None:
        for breakdown in self.breakdowns:
            if breakdown.by == by:
                return breakdown
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_respondents": self.n_respondents,
            "principles": list(self.principles),
            "levels": list(self.levels),
            "items": to_jsonable(self.items),
            "most_disputed": list(self.most_disputed),
            "heatmap": self.heatmap.to_dict(),
            "breakdowns": to_jsonable(self.breakdowns),
        }


def group_rule(min_group: int, *, what: str = "Groups") -> str:
    """The small-group rule as a sentence for the screen and the report."""
    people = "respondent" if min_group == 1 else "respondents"
    return (
        f"{what} with fewer than {min_group} {people} are not shown separately; "
        "their answers are still counted in the overall figures."
    )


def most_disputed(items: Iterable[ItemSummary]) -> tuple[str, ...]:
    """Item ids, most disputed first: normalised entropy, then IQR (both highest first), then id.

    Items nobody scored cannot be disputed and are left out.
    """
    scored = [s for s in items if s.n > 0]
    scored.sort(key=lambda s: (-s.normalised_entropy, -s.iqr, s.item))  # type: ignore[operator]
    return tuple(s.item for s in scored)


def _ordered_unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _level_key(level: str) -> tuple[int, tuple[Any, ...], str]:
    if level in LEVELS:
        return (LEVELS.index(level), (), level)
    return (len(LEVELS), natural_key(level), level)


def _check_unique(values: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} lists {value!r} twice")
        seen.add(value)


@dataclass(frozen=True)
class _Layout:
    items: tuple[str, ...]
    principles: tuple[str, ...]
    levels: tuple[str, ...]


def _layout(
    responses: Sequence[AssessmentResponse],
    items: Sequence[str] | None,
    principles: Sequence[str] | None,
    levels: Sequence[str] | None,
) -> _Layout:
    """Which items, principles and levels to report, in which order; checks every response."""
    if items is not None:
        items = list(items)
        _check_unique(items, "items")
        for item in items:
            split_item(item)
    if principles is not None:
        principles = list(principles)
        _check_unique(principles, "principles")
    if levels is not None:
        levels = list(levels)
        _check_unique(levels, "levels")

    known_items = set(items) if items is not None else None
    seen: set[tuple[str, str]] = set()
    for response in responses:
        if not isinstance(response, AssessmentResponse):
            raise TypeError(f"expected AssessmentResponse, got {response!r}")
        context = f"respondent {response.respondent!r}, item {response.item!r}"
        if known_items is not None and response.item not in known_items:
            raise ValueError(f"{context}: unknown item (not in the instrument's items)")
        key = (response.respondent, response.item)
        if key in seen:
            raise ValueError(f"{context}: answered more than once")
        seen.add(key)

    if items is None:
        items = _ordered_unique(r.item for r in responses)
    for item in items:
        principle, level = split_item(item)
        if principles is not None and principle not in principles:
            raise ValueError(f"item {item!r}: unknown principle {principle!r}")
        if levels is not None and level not in levels:
            raise ValueError(f"item {item!r}: unknown level {level!r}")

    if principles is None:
        principles = _ordered_unique(split_item(i)[0] for i in items)
        if known_items is None:  # no instrument order given: alphabetical, not answer order
            principles.sort(key=lambda p: (natural_key(p), p))
    if levels is None:
        levels = sorted({split_item(i)[1] for i in items}, key=_level_key)
    if known_items is None:
        items = sorted(
            items,
            key=lambda i: (principles.index(split_item(i)[0]), levels.index(split_item(i)[1]), i),
        )
    return _Layout(tuple(items), tuple(principles), tuple(levels))


def _summarise(
    responses: Sequence[AssessmentResponse], layout: _Layout, breakdowns: tuple = ()
) -> AssessmentSummary:
    scores: dict[str, list[int]] = defaultdict(list)
    dont_know: dict[str, int] = defaultdict(int)
    for response in responses:
        if response.score is None:
            dont_know[response.item] += 1
        else:
            scores[response.item].append(response.score)
    items = tuple(summarise_item(i, scores[i], dont_know[i]) for i in layout.items)
    by_item = {s.item: s for s in items}

    medians = []
    counts = []
    for principle in layout.principles:
        row_medians: list[float | None] = []
        row_counts: list[int | None] = []
        for level in layout.levels:
            cell = by_item.get(f"{principle}.{level}")
            row_medians.append(cell.median if cell else None)
            row_counts.append(cell.n if cell else None)
        medians.append(tuple(row_medians))
        counts.append(tuple(row_counts))

    return AssessmentSummary(
        n_respondents=len({r.respondent for r in responses}),
        principles=layout.principles,
        levels=layout.levels,
        items=items,
        most_disputed=most_disputed(items),
        heatmap=Heatmap(layout.principles, layout.levels, tuple(medians), tuple(counts)),
        breakdowns=breakdowns,
    )


def _breakdown(
    responses: Sequence[AssessmentResponse], layout: _Layout, by: str, min_group: int
) -> AssessmentBreakdown:
    if by not in GROUPING_KEYS:
        raise ValueError(f"cannot break down by {by!r}; choose one of {', '.join(GROUPING_KEYS)}")
    members: dict[str | None, list[AssessmentResponse]] = defaultdict(list)
    for response in responses:
        members[getattr(response, by)].append(response)

    shown: list[GroupSummary] = []
    hidden: list[str | None] = []
    # Named groups in natural order, then the people who did not say.
    for name in sorted(members, key=lambda g: (g is None, natural_key(g or ""), g or "")):
        group_responses = members[name]
        n_respondents = len({r.respondent for r in group_responses})
        if n_respondents < min_group:
            hidden.append(name)
        else:
            shown.append(GroupSummary(name, n_respondents, _summarise(group_responses, layout)))
    return AssessmentBreakdown(
        by=by,
        min_group=min_group,
        rule=group_rule(min_group),
        groups=tuple(shown),
        hidden_groups=tuple(hidden),
    )


def summarise_assessment(
    responses: Iterable[AssessmentResponse],
    *,
    items: Sequence[str] | None = None,
    principles: Sequence[str] | None = None,
    levels: Sequence[str] | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
) -> AssessmentSummary:
    """Summarise a room's THRIVE Assessment answers.

    ``items``, ``principles`` and ``levels`` come from the instrument: when given they fix
    the order of rows and columns, items nobody answered still appear (with ``n == 0``), and an
    answer to anything else is a ``ValueError``. Without them, the items answered are reported,
    principles alphabetically and levels macro, meso, micro.

    The summary includes a breakdown by each grouping key (local area, sector, table) that at
    least one answer gives, hiding groups with fewer than ``min_group`` respondents.
    """
    check_min_group(min_group)
    responses = list(responses)
    layout = _layout(responses, items, principles, levels)
    breakdowns = tuple(
        _breakdown(responses, layout, key, min_group)
        for key in GROUPING_KEYS
        if any(getattr(r, key) is not None for r in responses)
    )
    return _summarise(responses, layout, breakdowns)


def assessment_breakdown(
    responses: Iterable[AssessmentResponse],
    *,
    by: str,
    min_group: int = DEFAULT_MIN_GROUP,
    items: Sequence[str] | None = None,
    principles: Sequence[str] | None = None,
    levels: Sequence[str] | None = None,
) -> AssessmentBreakdown:
    """The assessment summarised per local area, sector or table (``by``).

    Groups with fewer than ``min_group`` respondents are hidden and named in
    ``hidden_groups``. People who did not give the grouping form a group of their own
    (``group=None``), subject to the same rule.
    """
    check_min_group(min_group)
    responses = list(responses)
    layout = _layout(responses, items, principles, levels)
    return _breakdown(responses, layout, by, min_group)


__all__ = [
    "GROUPING_KEYS",
    "LEVELS",
    "AssessmentBreakdown",
    "AssessmentResponse",
    "AssessmentSummary",
    "GroupSummary",
    "Heatmap",
    "ItemSummary",
    "assessment_breakdown",
    "group_rule",
    "most_disputed",
    "split_item",
    "summarise_assessment",
    "summarise_item",
]
