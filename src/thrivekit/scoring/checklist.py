"""Implementation Checklist scoring: where each action stands, and where people agree.

Each participant gives each action a status: ``in_place`` (already in place), ``in_progress``
(work in progress), ``not_started`` (not in place, no work yet) or ``dont_know``; optionally
with a comment, which may be tagged ``support`` (we need support with this) or
``good_practice`` (an example of good practice).

Rules, decided here and shown to users:

* "Don't know" is counted and reported, but it is not a status: it is left out of the modal
  status and out of the agreement denominator.
* The modal status is the status most people gave. When two or three statuses tie, all of
  them are reported in ``modal_statuses`` and ``modal_status`` is ``None`` (ambiguous).
* Agreement is the share of people giving a status who gave the (or a tied) modal status. It
  is defined whenever anyone gave a status, so it lies between 1/3 and 1.
* Common response: the same single modal status in every local area, at least 75%
  agreement overall, and at least ``COMMON_MIN_PEOPLE`` (3) people giving a status: one
  person's answer is never "the room's common response (100%)".
* Conflicting response: the local areas' modal statuses differ, or no status reaches 50%
  overall. An action can never be both (75% overall agreement means one status has over
  50%). An action nobody gave a status for is neither.
* Every local area where anyone gave a status for the action takes part in that comparison,
  however few people it has: the rule is the same for every room. What the anonymity rule
  (``min_group``) changes is only what is *shown*: an area where fewer than ``min_group``
  people gave a status is not listed with its own modal status (``hidden_areas`` names it,
  ``areas`` lists the others). People who did not give a local area count in the overall
  figures only. With no local areas at all, the overall figures decide.

The figures here are raw, for the facilitator in the room. Anything published must still go
through :mod:`thrivekit.disclosure`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from thrivekit.scoring.measures import (
    DEFAULT_MIN_GROUP,
    as_float,
    as_percentage,
    check_min_group,
    dataclass_to_dict,
    natural_key,
)

STATUSES = ("in_place", "in_progress", "not_started")
DONT_KNOW = "dont_know"
ALL_STATUSES = (*STATUSES, DONT_KNOW)
TAGS = ("support", "good_practice")

STATUS_LABELS = {
    "in_place": "already in place",
    "in_progress": "work in progress",
    "not_started": "not in place, no work yet",
    DONT_KNOW: "don't know",
}
TAG_LABELS = {"support": "we need support with this", "good_practice": "example of good practice"}

COMMON_AGREEMENT = Fraction(3, 4)
COMMON_MIN_PEOPLE = 3
MAJORITY = Fraction(1, 2)


@dataclass(frozen=True)
class ChecklistResponse:
    """One participant's status for one checklist action, with an optional comment and tag."""

    respondent: str
    action: str
    status: str
    comment: str | None = None
    tag: str | None = None
    local_area: str | None = None
    sector: str | None = None
    table: str | None = None

    def __post_init__(self) -> None:
        context = f"respondent {self.respondent!r}, action {self.action!r}"
        for name in ("respondent", "action"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{context}: {name} must be non-empty text, got {value!r}")
        if self.status not in ALL_STATUSES:
            raise ValueError(
                f"{context}: unknown status {self.status!r}; "
                f"expected one of {', '.join(ALL_STATUSES)}"
            )
        if self.tag is not None and self.tag not in TAGS:
            raise ValueError(
                f"{context}: unknown tag {self.tag!r}; expected one of {', '.join(TAGS)} or None"
            )
        for name in ("comment", "local_area", "sector", "table"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{context}: {name} must be text or None, got {value!r}")
        if self.comment is not None and not self.comment.strip():
            object.__setattr__(self, "comment", None)  # a blank comment is no comment


@dataclass(frozen=True)
class Comment:
    """A comment on an action (``text`` may be None for a bare support/good-practice tag)."""

    action: str
    respondent: str
    text: str | None
    tag: str | None
    local_area: str | None = None
    sector: str | None = None
    table: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class AreaStatus:
    """One local area's modal status for one action (only areas big enough to show)."""

    local_area: str | None
    n_with_status: int
    modal_statuses: tuple[str, ...]
    modal_status: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class ActionSummary:
    action: str
    n_responses: int  # everyone who answered, including "don't know"
    n_with_status: int  # excluding "don't know": the agreement denominator
    counts: dict[str, int]  # every status including dont_know, always all four keys
    modal_statuses: tuple[str, ...]  # all tied statuses; empty if nobody gave a status
    modal_status: str | None  # None when nobody gave a status or statuses tie
    agreement: float | None  # share giving the modal status, 1/3..1; None if no status
    agreement_percentage: float | None
    areas: tuple[AreaStatus, ...]  # local areas shown with their modal status
    hidden_areas: tuple[str | None, ...]  # local areas compared but too small to show
    n_areas_compared: int  # local areas where anyone gave a status (shown or not)
    common: bool
    conflicting: bool
    reasons: tuple[str, ...]  # why it is (or is not) common or conflicting, in words
    comments: tuple[Comment, ...]

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


@dataclass(frozen=True)
class ChecklistSummary:
    n_respondents: int
    min_group: int
    rule: str
    actions: tuple[ActionSummary, ...]
    common_actions: tuple[str, ...]
    conflicting_actions: tuple[str, ...]
    tagged_comments: tuple[Comment, ...]  # support requests and good practice, in one list

    @property
    def support_requests(self) -> tuple[Comment, ...]:
        return tuple(c for c in self.tagged_comments if c.tag == "support")

    @property
    def good_practice(self) -> tuple[Comment, ...]:
        return tuple(c for c in self.tagged_comments if c.tag == "good_practice")

    def action(self, action: str) -> ActionSummary:
        for summary in self.actions:
            if summary.action == action:
                return summary
        raise KeyError(action)

    def to_dict(self) -> dict[str, Any]:
        return dataclass_to_dict(self)


def modal_statuses(counts: dict[str, int]) -> tuple[str, ...]:
    """The status(es) most people gave, ignoring "don't know"; in the order of STATUSES."""
    top = max((counts.get(s, 0) for s in STATUSES), default=0)
    if top == 0:
        return ()
    return tuple(s for s in STATUSES if counts.get(s, 0) == top)


def _label(statuses: Sequence[str]) -> str:
    if not statuses:
        return "no status"
    return " / ".join(STATUS_LABELS[s] for s in statuses)


def _plural_people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _area_name(area: str | None) -> str:
    return area if area is not None else "area not given"


def _area_key(area: str | None) -> tuple[bool, tuple[Any, ...], str]:
    return (area is None, natural_key(area or ""), area or "")


def _comment_key(comment: Comment) -> tuple[Any, ...]:
    return (natural_key(comment.action), comment.action, comment.respondent)


def _areas_differ(shown: Sequence[AreaStatus], hidden: Sequence[str | None], min_group: int) -> str:
    """Why the areas differ, naming only the modal status of areas big enough to show."""
    parts = [f"{_area_name(a.local_area)}: {_label(a.modal_statuses)}" for a in shown]
    if hidden:
        small = "1 smaller local area" if len(hidden) == 1 else f"{len(hidden)} smaller local areas"
        parts.append(f"{small} (fewer than {min_group} people, not shown separately)")
    return "local areas differ: " + "; ".join(parts)


def _summarise_action(
    action: str, responses: Sequence[ChecklistResponse], min_group: int
) -> ActionSummary:
    counter = Counter(r.status for r in responses)
    counts = {s: counter.get(s, 0) for s in ALL_STATUSES}
    n_with_status = sum(counts[s] for s in STATUSES)
    modes = modal_statuses(counts)
    agreement = Fraction(counts[modes[0]], n_with_status) if modes else None

    by_area: dict[str, Counter[str]] = defaultdict(Counter)
    for response in responses:
        if response.local_area is not None:  # no local area: the overall figures only
            by_area[response.local_area][response.status] += 1
    compared: list[AreaStatus] = []
    for area in sorted(by_area, key=_area_key):
        area_counts = by_area[area]
        area_n = sum(area_counts[s] for s in STATUSES)
        if area_n == 0:
            continue  # only "don't know": this area has no modal status to compare
        area_modes = modal_statuses(dict(area_counts))
        compared.append(
            AreaStatus(area, area_n, area_modes, area_modes[0] if len(area_modes) == 1 else None)
        )
    areas = [a for a in compared if a.n_with_status >= min_group]
    hidden = [a.local_area for a in compared if a.n_with_status < min_group]

    reasons: list[str] = []
    common = conflicting = False
    if agreement is None:
        reasons.append("nobody gave a status")
    else:
        if len({a.modal_statuses for a in compared}) > 1:
            conflicting = True
            reasons.append(_areas_differ(areas, hidden, min_group))
        if agreement < MAJORITY:
            conflicting = True
            reasons.append(f"no status reaches 50% (highest {float(agreement):.0%})")
        if not conflicting:
            single = len(modes) == 1
            areas_agree = single and all(a.modal_statuses == modes for a in compared)
            enough = n_with_status >= COMMON_MIN_PEOPLE
            if single and agreement >= COMMON_AGREEMENT and areas_agree and enough:
                common = True
                where = "every local area" if compared else "overall"
                reasons.append(
                    f"{where} says {_label(modes)}, with {float(agreement):.0%} agreement"
                )
            elif not single:
                reasons.append(f"statuses tie: {_label(modes)}")
            elif agreement < COMMON_AGREEMENT:
                reasons.append(f"{_label(modes)} has {float(agreement):.0%} agreement, below 75%")
            elif not enough:
                people = _plural_people(n_with_status)
                reasons.append(
                    f"only {people} gave a status: too few for a common response "
                    f"(it takes {COMMON_MIN_PEOPLE})"
                )
            else:
                reasons.append(f"{_label(modes)} is not the single modal status in every area")

    comments = tuple(
        sorted(
            (
                Comment(
                    action=r.action,
                    respondent=r.respondent,
                    text=r.comment,
                    tag=r.tag,
                    local_area=r.local_area,
                    sector=r.sector,
                    table=r.table,
                )
                for r in responses
                if r.comment is not None or r.tag is not None
            ),
            key=_comment_key,
        )
    )
    return ActionSummary(
        action=action,
        n_responses=len(responses),
        n_with_status=n_with_status,
        counts=counts,
        modal_statuses=modes,
        modal_status=modes[0] if len(modes) == 1 else None,
        agreement=as_float(agreement),
        agreement_percentage=as_percentage(agreement),
        areas=tuple(areas),
        hidden_areas=tuple(hidden),
        n_areas_compared=len(compared),
        common=common,
        conflicting=conflicting,
        reasons=tuple(reasons),
        comments=comments,
    )


def checklist_rule(min_group: int) -> str:
    people = "person" if min_group == 1 else "people"
    return (
        f"Local areas where fewer than {min_group} {people} gave a status for an action are "
        "not shown separately for that action; their answers still count in the overall "
        'figures and in whether the local areas agree. "Don\'t know" is counted but is not a '
        "status."
    )


def summarise_checklist(
    responses: Iterable[ChecklistResponse],
    *,
    actions: Sequence[str] | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
) -> ChecklistSummary:
    """Summarise a room's Implementation Checklist answers.

    ``actions`` (from the instrument) fixes the order and includes actions nobody answered;
    an answer to any other action is then a ``ValueError``. Without it, the actions answered
    are reported in natural order (A2 before A10).
    """
    check_min_group(min_group)
    responses = list(responses)
    if actions is not None:
        actions = list(actions)
        if len(set(actions)) != len(actions):
            raise ValueError("actions lists an action twice")
    known = set(actions) if actions is not None else None
    seen: set[tuple[str, str]] = set()
    per_action: dict[str, list[ChecklistResponse]] = defaultdict(list)
    for response in responses:
        if not isinstance(response, ChecklistResponse):
            raise TypeError(f"expected ChecklistResponse, got {response!r}")
        context = f"respondent {response.respondent!r}, action {response.action!r}"
        if known is not None and response.action not in known:
            raise ValueError(f"{context}: unknown action (not in the checklist's actions)")
        key = (response.respondent, response.action)
        if key in seen:
            raise ValueError(f"{context}: answered more than once")
        seen.add(key)
        per_action[response.action].append(response)

    if actions is None:
        actions = sorted(per_action, key=lambda a: (natural_key(a), a))
    summaries = tuple(_summarise_action(a, per_action[a], min_group) for a in actions)
    tagged = sorted(
        (c for s in summaries for c in s.comments if c.tag is not None),
        key=lambda c: (TAGS.index(c.tag), *_comment_key(c)),  # type: ignore[arg-type]
    )
    return ChecklistSummary(
        n_respondents=len({r.respondent for r in responses}),
        min_group=min_group,
        rule=checklist_rule(min_group),
        actions=summaries,
        common_actions=tuple(s.action for s in summaries if s.common),
        conflicting_actions=tuple(s.action for s in summaries if s.conflicting),
        tagged_comments=tuple(tagged),
    )


__all__ = [
    "ALL_STATUSES",
    "COMMON_MIN_PEOPLE",
    "DONT_KNOW",
    "STATUSES",
    "STATUS_LABELS",
    "TAGS",
    "TAG_LABELS",
    "ActionSummary",
    "AreaStatus",
    "ChecklistResponse",
    "ChecklistSummary",
    "Comment",
    "modal_statuses",
    "summarise_checklist",
]
