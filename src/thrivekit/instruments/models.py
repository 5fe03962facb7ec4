"""Pydantic models of the four THRIVE instruments.

Structure (types, required and unknown fields) is checked by pydantic. Checks that need a
whole list at once (duplicate ids, numbering, cross-references) are written as
``semantic_problems`` returning ``(location, message)`` pairs, so that the loader can point
at the exact YAML line of each problem and report all of them together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

Loc = tuple[str | int, ...]
SemanticProblem = tuple[Loc, str]

# Context key under which the loader collects semantic problems instead of raising.
DEFER_KEY = "thrivekit_semantic_problems"

_KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_SNAKE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")

LEVEL_IDS: tuple[str, ...] = ("macro", "meso", "micro")
SCORES: tuple[int, ...] = (1, 2, 3, 4)


def _kebab_id(value: str) -> str:
    if not _KEBAB.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters and digits joined by single "
            "hyphens, e.g. 'needs-led' or 'ic-01'"
        )
    return value


def _snake_id(value: str) -> str:
    if not _SNAKE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters and digits joined by single "
            "underscores, e.g. 'in_place'"
        )
    return value


def _text(value: str) -> str:
    # Folded YAML blocks end with a newline; store the text as a reader sees it.
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    return stripped


Id = Annotated[StrictStr, AfterValidator(_kebab_id)]
OptionId = Annotated[StrictStr, AfterValidator(_snake_id)]
Text = Annotated[StrictStr, AfterValidator(_text)]
Notes = Annotated[StrictStr, AfterValidator(str.strip)]
LevelId = Literal["macro", "meso", "micro"]


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _known_list(known: Iterable[str]) -> str:
    return ", ".join(known) or "none"


def _duplicates(ids: Iterable[str], loc: Loc, what: str) -> list[SemanticProblem]:
    """Report every repeat of an id, pointing at the repeat and naming the first position."""
    problems: list[SemanticProblem] = []
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            problems.append(
                (
                    (*loc, index, "id"),
                    f"duplicate {what} id {item_id!r}: it is already used by {what} "
                    f"number {first[item_id] + 1} in this list",
                )
            )
        else:
            first[item_id] = index
    return problems


def _lookup(items: Iterable[Any], item_id: str, what: str, owner: str) -> Any:
    items = list(items)
    for item in items:
        if item.id == item_id:
            return item
    known = [item.id for item in items]
    raise KeyError(f"no {what} {item_id!r} in {owner}{_suggest(str(item_id), known)}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _InstrumentBase(_Model):
    kind: str  # narrowed to one literal by each instrument; declared here so dumps start with it
    id: Id
    version: Text
    title: Text
    notes: Notes = ""

    def semantic_problems(self, context: dict[str, Any]) -> list[SemanticProblem]:
        """Problems that need the whole instrument to see; empty when it is consistent."""
        return []

    @property
    def label(self) -> str:
        """How to name this instrument in a message, e.g. "thrive-assessment 2026.1"."""
        return f"{self.id} {self.version}"

    @model_validator(mode="after")
    def _check_semantics(self, info: ValidationInfo) -> _InstrumentBase:
        context = info.context if isinstance(info.context, dict) else {}
        problems = self.semantic_problems(context)
        if not problems:
            return self
        sink = context.get(DEFER_KEY)
        if isinstance(sink, list):
            # The loader will place each problem on its own YAML line.
            sink.extend(problems)
            return self
        raise ValueError("; ".join(f"{dotted(loc)}: {message}" for loc, message in problems))


def dotted(loc: Loc) -> str:
    """A readable path such as principles[3].levels.meso (list positions count from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


# --- THRIVE Assessment -------------------------------------------------------------------


class Level(_Model):
    id: LevelId
    name: Text
    description: Text


class ScaleScore(_Model):
    score: StrictInt
    label: Text


class DontKnowOption(_Model):
    id: OptionId
    label: Text


class Scale(_Model):
    scores: tuple[ScaleScore, ...]
    thrive_like_threshold: StrictInt
    dont_know: DontKnowOption

    @field_validator("scores")
    @classmethod
    def _scores_one_to_four(cls, scores: tuple[ScaleScore, ...]) -> tuple[ScaleScore, ...]:
        found = tuple(s.score for s in scores)
        if found != SCORES:
            raise ValueError(
                "the scale needs exactly four scores, 1, 2, 3 and 4 in that order; "
                f"found {_score_list(found)}"
            )
        return scores

    def label(self, score: int) -> str:
        for s in self.scores:
            if s.score == score:
                return s.label
        raise KeyError(f"no score {score!r} on the scale (scores are 1 to 4)")

    def is_thrive_like(self, score: int) -> bool:
        """True when a score reaches the threshold for calling a principle THRIVE-like."""
        return score >= self.thrive_like_threshold


def _score_list(scores: tuple[Any, ...]) -> str:
    if not scores:
        return "none"
    return f"{len(scores)} (scores {', '.join(repr(s) for s in scores)})"


class Descriptor(_Model):
    score: StrictInt
    text: Text


class PrincipleLevel(_Model):
    statement: Text
    descriptors: tuple[Descriptor, ...]

    @field_validator("descriptors")
    @classmethod
    def _four_descriptors(cls, descriptors: tuple[Descriptor, ...]) -> tuple[Descriptor, ...]:
        found = tuple(d.score for d in descriptors)
        if found != SCORES:
            raise ValueError(
                "needs exactly four descriptors, scored 1, 2, 3 and 4 in that order; "
                f"found {_score_list(found)}"
            )
        return descriptors


class Principle(_Model):
    id: Id
    name: Text
    summary: Text
    levels: dict[LevelId, PrincipleLevel]


class AssessmentItem(_Model):
    """One scored row of the assessment: a principle at one level, e.g. needs-led.meso."""

    id: str
    principle: str
    principle_name: str
    level: LevelId
    level_name: str
    statement: str
    descriptors: tuple[Descriptor, ...]

    def descriptor(self, score: int) -> str:
        for d in self.descriptors:
            if d.score == score:
                return d.text
        raise KeyError(f"no descriptor for score {score!r} in item {self.id!r}")


class AssessmentInstrument(_InstrumentBase):
    kind: Literal["assessment"]
    levels: tuple[Level, ...]
    scale: Scale
    principles: tuple[Principle, ...] = Field(min_length=1)

    def semantic_problems(self, context: dict[str, Any]) -> list[SemanticProblem]:
        problems = _duplicates((lv.id for lv in self.levels), ("levels",), "level")
        present = {lv.id for lv in self.levels}
        for missing in (lv for lv in LEVEL_IDS if lv not in present):
            problems.append(
                (("levels",), f"level {missing!r} is missing: list macro, meso and micro")
            )
        threshold = self.scale.thrive_like_threshold
        if threshold not in SCORES:
            problems.append(
                (
                    ("scale", "thrive_like_threshold"),
                    f"threshold {threshold} is not a score on the scale (1 to 4)",
                )
            )
        problems += _duplicates((p.id for p in self.principles), ("principles",), "principle")
        for index, principle in enumerate(self.principles):
            for missing in (lv for lv in LEVEL_IDS if lv not in principle.levels):
                problems.append(
                    (
                        ("principles", index, "levels"),
                        f"principle {principle.id!r} has no {missing!r} level: every principle "
                        "needs a statement and four descriptors for macro, meso and micro",
                    )
                )
        return problems

    @property
    def principle_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.principles)

    def items(self) -> list[AssessmentItem]:
        """The scored rows, principle by principle, in the order of the levels list."""
        level_names = {lv.id: lv.name for lv in self.levels}
        return [
            AssessmentItem(
                id=f"{p.id}.{level_id}",
                principle=p.id,
                principle_name=p.name,
                level=level_id,
                level_name=level_names[level_id],
                statement=p.levels[level_id].statement,
                descriptors=p.levels[level_id].descriptors,
            )
            for p in self.principles
            for level_id in level_names
            if level_id in p.levels
        ]

    def item(self, item_id: str) -> AssessmentItem:
        return _lookup(self.items(), item_id, "item", self.label)

    def principle(self, principle_id: str) -> Principle:
        return _lookup(self.principles, principle_id, "principle", self.label)

    def level(self, level_id: str) -> Level:
        return _lookup(self.levels, level_id, "level", self.label)


# --- Implementation Checklist --------------------------------------------------------------


class Status(_Model):
    id: OptionId
    label: Text
    short_label: Text | None = None


class Action(_Model):
    id: Id
    number: StrictInt
    text: Text
    level: LevelId
    principles: tuple[Id, ...] = Field(min_length=1)
    groupings: tuple[Id, ...] = ()


class ChecklistInstrument(_InstrumentBase):
    kind: Literal["checklist"]
    statuses: tuple[Status, ...] = Field(min_length=1)
    actions: tuple[Action, ...] = Field(min_length=1)
    # Optional: the principle and grouping ids this file's actions may cite. Without them the
    # ids of the built-in assessment and groupings are used.
    principle_ids: tuple[Id, ...] | None = None
    grouping_ids: tuple[Id, ...] | None = None

    def semantic_problems(self, context: dict[str, Any]) -> list[SemanticProblem]:
        problems = _duplicates((s.id for s in self.statuses), ("statuses",), "status")
        problems += _duplicates((a.id for a in self.actions), ("actions",), "action")
        for index, action in enumerate(self.actions):
            if action.number != index + 1:
                # Only the first break is reported: every later number is off by the same step.
                problems.append(
                    (
                        ("actions", index, "number"),
                        f"action {action.id!r} is numbered {action.number}, but actions must be "
                        f"numbered 1, 2, 3 … in order, so this one should be {index + 1}",
                    )
                )
                break
        principles, problem = self._known_ids("principle_ids", "assessment", context)
        if problem:
            problems.append(problem)
        groupings, problem = self._known_ids("grouping_ids", "groupings", context)
        if problem:
            problems.append(problem)
        for index, action in enumerate(self.actions):
            problems += _references(
                action, index, "principles", "principle", action.principles, principles
            )
            problems += _references(
                action, index, "groupings", "grouping", action.groupings, groupings
            )
        return problems

    def _known_ids(
        self, field: str, kind: str, context: dict[str, Any]
    ) -> tuple[tuple[str, ...] | None, SemanticProblem | None]:
        own = getattr(self, field)
        if own is not None:
            return own, None
        if context.get(field) is not None:
            return tuple(context[field]), None
        from thrivekit.instruments.loading import InstrumentFileError, builtin

        try:
            reference = builtin(kind)
        except InstrumentFileError as error:
            return None, (
                (),
                f"cannot check the cited {kind} ids because the built-in {kind} file is "
                f"invalid ({error.problems[0]}); list them in '{field}' instead",
            )
        if isinstance(reference, AssessmentInstrument):
            return reference.principle_ids, None
        assert isinstance(reference, GroupingsInstrument)
        return tuple(g.id for g in reference.groupings), None

    def action(self, action_id: str) -> Action:
        return _lookup(self.actions, action_id, "action", self.label)

    def status(self, status_id: str) -> Status:
        return _lookup(self.statuses, status_id, "status", self.label)


def _references(
    action: Action,
    index: int,
    field: str,
    what: str,
    cited: tuple[str, ...],
    known: tuple[str, ...] | None,
) -> list[SemanticProblem]:
    problems: list[SemanticProblem] = []
    seen: set[str] = set()
    for position, ref in enumerate(cited):
        loc = ("actions", index, field, position)
        if ref in seen:
            problems.append((loc, f"action {action.id!r} lists {what} {ref!r} twice"))
        seen.add(ref)
        if known is not None and ref not in known:
            problems.append(
                (
                    loc,
                    f"action {action.id!r} cites unknown {what} {ref!r}{_suggest(ref, known)}; "
                    f"known {what}s: {_known_list(known)}",
                )
            )
    return problems


# --- Needs-based groupings -----------------------------------------------------------------


class ReferenceFigure(_Model):
    """A published figure to draw as a reference line on a chart; never a target."""

    measure: Id
    value: StrictFloat | None = None
    low: StrictFloat | None = None
    high: StrictFloat | None = None
    unit: Id
    text: Text

    @model_validator(mode="after")
    def _value_or_range(self) -> ReferenceFigure:
        has_range = self.low is not None or self.high is not None
        if self.value is not None and has_range:
            raise ValueError("give either 'value' or 'low' and 'high', not both")
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("give either 'value', or both 'low' and 'high'")
        if has_range and self.low > self.high:  # type: ignore[operator]
            raise ValueError(f"'low' ({self.low:g}) is greater than 'high' ({self.high:g})")
        if self.unit == "percent":
            for number in (self.value, self.low, self.high):
                if number is not None and not 0 <= number <= 100:
                    raise ValueError(f"{number:g} is not a percentage between 0 and 100")
        return self

    @property
    def is_range(self) -> bool:
        return self.value is None


class Grouping(_Model):
    id: Id
    name: Text
    short_names: tuple[Text, ...] = ()
    description: Text
    reference: tuple[ReferenceFigure, ...] = ()

    def figure(self, measure: str) -> ReferenceFigure | None:
        return next((f for f in self.reference if f.measure == measure), None)


def normalise_name(text: str) -> str:
    """Lower case, '&' read as 'and', punctuation and repeated spaces ignored."""
    text = text.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


class GroupingsInstrument(_InstrumentBase):
    kind: Literal["groupings"]
    groupings: tuple[Grouping, ...] = Field(min_length=1)

    def semantic_problems(self, context: dict[str, Any]) -> list[SemanticProblem]:
        problems = _duplicates((g.id for g in self.groupings), ("groupings",), "grouping")
        # Every name must lead to one grouping only, or match() would be ambiguous.
        owner: dict[str, str] = {}
        for index, grouping in enumerate(self.groupings):
            names = [("id", grouping.id), ("name", grouping.name)]
            names += [(("short_names", i), short) for i, short in enumerate(grouping.short_names)]
            for field, name in names:
                key = normalise_name(name)
                other = owner.setdefault(key, grouping.id)
                if other != grouping.id:
                    loc = ("groupings", index, *(field if isinstance(field, tuple) else (field,)))
                    problems.append(
                        (loc, f"{name!r} would also match grouping {other!r}; names must differ")
                    )
        return problems

    def grouping(self, grouping_id: str) -> Grouping:
        return _lookup(self.groupings, grouping_id, "grouping", self.label)

    def match(self, text: str) -> str | None:
        """The id of the grouping whose id, name or short name is `text`, ignoring case."""
        wanted = normalise_name(text)
        if not wanted:
            return None
        for grouping in self.groupings:
            names = (grouping.id, grouping.name, *grouping.short_names)
            if any(normalise_name(name) == wanted for name in names):
                return grouping.id
        return None


# --- Stakeholder sectors -------------------------------------------------------------------


class SectorGroup(_Model):
    id: Id
    name: Text


class KeyGap(_Model):
    """A kind of representation whose absence from a workshop is worth a warning."""

    id: Id
    name: Text
    warning: Text


class Sector(_Model):
    id: Id
    name: Text
    group: Id
    description: Text | None = None
    # The key gap this sector helps to fill, if any; None when its absence is not flagged.
    key_gap: Id | None = None


class SectorsInstrument(_InstrumentBase):
    kind: Literal["sectors"]
    groups: tuple[SectorGroup, ...] = Field(min_length=1)
    sectors: tuple[Sector, ...] = Field(min_length=1)
    key_gaps: tuple[KeyGap, ...] = ()

    def semantic_problems(self, context: dict[str, Any]) -> list[SemanticProblem]:
        problems = _duplicates((g.id for g in self.groups), ("groups",), "group")
        problems += _duplicates((s.id for s in self.sectors), ("sectors",), "sector")
        problems += _duplicates((k.id for k in self.key_gaps), ("key_gaps",), "key gap")
        groups = [g.id for g in self.groups]
        gaps = [k.id for k in self.key_gaps]
        for index, sector in enumerate(self.sectors):
            if sector.group not in groups:
                problems.append(
                    (
                        ("sectors", index, "group"),
                        f"sector {sector.id!r} is in unknown group {sector.group!r}"
                        f"{_suggest(sector.group, groups)}; known groups: {_known_list(groups)}",
                    )
                )
            if sector.key_gap is not None and sector.key_gap not in gaps:
                problems.append(
                    (
                        ("sectors", index, "key_gap"),
                        f"sector {sector.id!r} names unknown key gap {sector.key_gap!r}"
                        f"{_suggest(sector.key_gap, gaps)}; known key gaps: {_known_list(gaps)}",
                    )
                )
        filled = {s.key_gap for s in self.sectors}
        for index, gap in enumerate(self.key_gaps):
            if gap.id not in filled:
                problems.append(
                    (
                        ("key_gaps", index, "id"),
                        f"no sector fills key gap {gap.id!r}: set 'key_gap: {gap.id}' on the "
                        "sectors that represent it",
                    )
                )
        return problems

    def sector(self, sector_id: str) -> Sector:
        return _lookup(self.sectors, sector_id, "sector", self.label)

    def group(self, group_id: str) -> SectorGroup:
        return _lookup(self.groups, group_id, "group", self.label)

    def key_gap(self, key_gap_id: str) -> KeyGap:
        return _lookup(self.key_gaps, key_gap_id, "key gap", self.label)

    def sectors_in_group(self, group_id: str) -> list[Sector]:
        return [s for s in self.sectors if s.group == group_id]

    def missing_key_gaps(self, present_sector_ids: Iterable[str]) -> list[KeyGap]:
        """Key gaps that none of the given sectors fills, e.g. "no education represented"."""
        present = set(present_sector_ids)
        filled = {s.key_gap for s in self.sectors if s.id in present}
        return [gap for gap in self.key_gaps if gap.id not in filled]


Instrument = Annotated[
    AssessmentInstrument | ChecklistInstrument | GroupingsInstrument | SectorsInstrument,
    Field(discriminator="kind"),
]

MODELS: dict[str, type[_InstrumentBase]] = {
    "assessment": AssessmentInstrument,
    "checklist": ChecklistInstrument,
    "groupings": GroupingsInstrument,
    "sectors": SectorsInstrument,
}

__all__ = [
    "Action",
    "AssessmentInstrument",
    "AssessmentItem",
    "ChecklistInstrument",
    "Descriptor",
    "Grouping",
    "GroupingsInstrument",
    "Instrument",
    "KeyGap",
    "Level",
    "Principle",
    "PrincipleLevel",
    "ReferenceFigure",
    "Scale",
    "Sector",
    "SectorGroup",
    "SectorsInstrument",
    "Status",
]
