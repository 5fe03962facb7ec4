"""What the feedback pages show: highlighted text, theme cards and the disclosure-safe lens."""

from __future__ import annotations

from dataclasses import dataclass, field

from thrivekit.disclosure import protect_grid, protect_total
from thrivekit.instrument_library.selectors import instrument_in_use
from thrivekit.qualitative import selectors
from thrivekit.qualitative.models import Group, Response, Theme

OTHER = "Other or not known"
GROUP_LABELS = dict(Group.choices)


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group, OTHER) if group else "Not known"


def group_labeller(site, *, analyst: bool):
    """How a response's group is named: a small group is "Other or not known" to non-analysts."""
    if analyst:
        return group_label
    shown = set(selectors.groups_broken_out(site))
    return lambda group: group_label(group) if group in shown else OTHER


# --- A response's text with its codings -----------------------------------------------------


@dataclass
class Segment:
    text: str
    start: int
    codes: list[str] = field(default_factory=list)


def segments(response: Response) -> list[Segment]:
    """The text cut at every coding's start and end; each piece knows the codes covering it."""
    codings = list(response.codings.select_related("code"))
    text = response.text
    cuts = sorted({0, len(text), *(c.start for c in codings), *(c.end for c in codings)})
    result = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        codes = sorted({c.code.name for c in codings if c.start <= start and end <= c.end})
        result.append(Segment(text=text[start:end], start=start, codes=codes))
    return result


# --- THRIVE links ---------------------------------------------------------------------------


def principle_choices(site) -> list[tuple[str, str]]:
    assessment = instrument_in_use(site=site, kind="assessment").instrument
    return [(p.id, p.name) for p in assessment.principles]


def action_choices(site) -> list[tuple[str, str]]:
    checklist = instrument_in_use(site=site, kind="checklist").instrument
    return [(a.id, f"{a.number}. {a.text}") for a in checklist.actions]


# --- Themes ---------------------------------------------------------------------------------


@dataclass
class ThemeCard:
    theme: Theme
    size: object  # a published count for non-analysts
    quotes: list[str]
    responses: list[Response]  # those the viewer may read
    principles: list[str]
    actions: list[str]


def theme_cards(site, *, analyst: bool) -> list[ThemeCard]:
    """Analysts see every response; others see reviewed quotes and published sizes only."""
    from thrivekit.disclosure import safe_count

    policy = selectors.policy_for(site)
    principles = dict(principle_choices(site))
    actions = dict(action_choices(site))
    cards = []
    for theme in selectors.themes_for_site(site):
        responses = list(theme.responses.all())
        readable = responses if analyst else [r for r in responses if r.reviewed]
        cards.append(
            ThemeCard(
                theme=theme,
                size=len(responses) if analyst else safe_count(len(responses), policy=policy),
                quotes=[r.text for r in readable if r.reviewed][:3],
                responses=readable,
                principles=[principles.get(p, p) for p in theme.principles],
                actions=[actions.get(a, a) for a in theme.actions],
            )
        )
    return cards


# --- The lens -------------------------------------------------------------------------------


@dataclass
class Lens:
    groups: list[str]  # row labels
    areas: list[str]  # column labels
    grid: object  # PublishedGrid
    themes: list[dict]  # {"label", "cells", "total"} by the same groups
    hidden_groups: list[str]  # small groups folded into "Other or not known"
    threshold: int


def lens(site, *, approved_only: bool) -> Lens:
    """Respondents by group and area, and themes by group, published by the disclosure rules.

    A respondent group at or under the site's threshold is not broken out: it is folded into
    "Other or not known", so its answers cannot be told apart from the rest.
    """
    policy = selectors.policy_for(site)
    shown = selectors.groups_broken_out(site)
    sizes = selectors.group_sizes(site)
    hidden = [GROUP_LABELS[g] for g, _ in Group.choices if g and g not in shown and sizes.get(g)]

    def row_of(group: str) -> str:
        return group if group in shown else OTHER

    rows = [*shown, OTHER]
    areas = selectors.areas_in_use(site)
    columns = [*areas, ""]
    counts = [[0] * len(columns) for _ in rows]
    for (group, area), n in selectors.respondents_by_group_and_area(site).items():
        counts[rows.index(row_of(group))][columns.index(area if area in areas else "")] += n
    if not any(counts[-1]):  # no "other" respondents: drop the empty row
        rows, counts = rows[:-1], counts[:-1]
    if not any(row[-1] for row in counts):
        columns = columns[:-1]
        counts = [row[:-1] for row in counts]
    grid = protect_grid(counts, policy=policy) if rows and columns else None

    themes = []
    for theme in selectors.themes_for_site(site):
        if approved_only and theme.status != Theme.Status.APPROVED:
            continue
        per_row = [0] * len(rows)
        respondents = {(r.source_id, r.respondent, r.group) for r in theme.responses.all()}
        for _source, _respondent, group in respondents:
            per_row[rows.index(row_of(group))] += 1
        cells, total = protect_total(per_row, policy=policy)
        themes.append({"label": theme.label, "cells": cells, "total": total})
    return Lens(
        groups=[group_label(g) if g != OTHER else OTHER for g in rows],
        areas=[a or "Not known" for a in columns],
        grid=grid,
        themes=themes,
        hidden_groups=hidden,
        threshold=site.disclosure_threshold,
    )


# --- thrivekit's own short surveys ---------------------------------------------------------


@dataclass
class SurveyCounts:
    people: object  # a published count for non-analysts
    answers: object


def survey_counts(survey, *, analyst: bool) -> SurveyCounts:
    """People and answers: exact for analysts, through the disclosure rules for everyone else."""
    from thrivekit.disclosure import safe_count

    people, answers = selectors.own_survey_people(survey), selectors.own_survey_answers(survey)
    if analyst:
        return SurveyCounts(people=people, answers=answers)
    policy = selectors.policy_for(survey.site)
    return SurveyCounts(
        people=safe_count(people, policy=policy), answers=safe_count(answers, policy=policy)
    )


SURVEY_GROUP_LABELS = {
    "young_person": "Young people",
    "parent_carer": "Parents and carers",
    "staff": "Staff",
    "public": "The public",
    "ask": "Anyone: they say which group they are in",
}
