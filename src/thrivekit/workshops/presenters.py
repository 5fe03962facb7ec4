"""What the workshop pages show: questions in order, participation and results."""

import copy
from dataclasses import dataclass

from thrivekit import charts, scoring
from thrivekit.core.template_filters import number
from thrivekit.workshops import selectors

MIN_GROUP = scoring.DEFAULT_MIN_GROUP


@dataclass(frozen=True)
class Question:
    number: int  # 1-based across both instruments
    kind: str  # "assessment" or "checklist"
    id: str
    title: str
    subject: object  # the instrument's item or action


def questions(*, workshop) -> list[Question]:
    result = []
    for item in selectors.workshop_items(workshop=workshop):
        title = f"{item.principle_name}: {item.level_name}"
        result.append(Question(len(result) + 1, "assessment", item.id, title, item))
    for action in selectors.workshop_actions(workshop=workshop):
        result.append(Question(len(result) + 1, "checklist", action.id, action.text, action))
    return result


def _format(value, digits: int = 1) -> str:
    return number(value, digits)


def score_band(median) -> str:
    """A CSS class for a heatmap cell; bands follow the 1-4 descriptors."""
    if median is None:
        return "tk-score-none"
    return f"tk-score-{min(4, max(1, int(median + 0.5)))}"


@dataclass
class Participation:
    joined: int
    groups: dict  # "Local area" -> [(name, count or "fewer than 3")]
    completion: list  # [(question, answered, percent)]
    rule: str


def participation(*, workshop, question_list: list[Question]) -> Participation:
    data = selectors.participation(workshop=workshop)
    titles = {"local_area": "Local area", "sector": "Sector or role", "table": "Table"}
    groups = {}
    for key, title in titles.items():
        rows = []
        for name, count in sorted(data["by"][key].items(), key=lambda pair: (-pair[1], pair[0])):
            rows.append((name, count if count >= MIN_GROUP else f"fewer than {MIN_GROUP}"))
        groups[title] = rows
    joined = data["joined"]
    completion = [
        (
            question,
            data["answered"].get(question.id, 0),
            round(100 * data["answered"].get(question.id, 0) / joined) if joined else 0,
        )
        for question in question_list
    ]
    return Participation(
        joined=joined,
        groups=groups,
        completion=completion,
        rule=f"Groups with fewer than {MIN_GROUP} people are not shown separately.",
    )


@dataclass
class HeatmapRow:
    principle: str
    cells: list  # dicts: level, median, label, band, n, thrive_like


def heatmap(*, workshop, summary: scoring.AssessmentSummary) -> tuple[list, list[HeatmapRow]]:
    instrument = selectors.assessment_instrument(workshop=workshop)
    levels = [lv for lv in instrument.levels if lv.id in summary.levels]
    rows = []
    for principle in instrument.principles:
        if principle.id not in summary.principles:
            continue
        cells = []
        for level in levels:
            try:
                item = summary.item(f"{principle.id}.{level.id}")
            except KeyError:
                cells.append(None)
                continue
            cells.append(
                {
                    "level": level.name,
                    "median": _format(item.median),
                    "band": score_band(item.median),
                    "n": item.n,
                    "thrive_like": _format(item.thrive_like_percentage, 0),
                }
            )
        rows.append(HeatmapRow(principle=principle.name, cells=cells))
    return levels, rows


def item_rows(*, workshop, summary: scoring.AssessmentSummary) -> list[dict]:
    """Every item's distribution and disagreement, most disputed first."""
    items = {item.id: item for item in selectors.workshop_items(workshop=workshop)}
    order = list(summary.most_disputed) + [
        s.item for s in summary.items if s.item not in summary.most_disputed
    ]
    rows = []
    for item_id in order:
        s = summary.item(item_id)
        item = items.get(item_id)
        rows.append(
            {
                "id": item_id,
                "title": f"{item.principle_name}: {item.level_name}" if item else item_id,
                "n": s.n,
                "dont_know": s.dont_know,
                "distribution": [s.distribution[score] for score in (1, 2, 3, 4)],
                "median": _format(s.median),
                "thrive_like": _format(s.thrive_like_percentage, 0),
                "iqr": _format(s.iqr, 2),
                "entropy": _format(s.normalised_entropy, 2),
            }
        )
    return rows


def assessment_results(*, workshop) -> dict | None:
    responses = selectors.assessment_responses(workshop=workshop)
    if not workshop.includes_assessment:
        return None
    items = selectors.workshop_item_ids(workshop=workshop)
    summary = scoring.summarise_assessment(responses, items=items, min_group=MIN_GROUP)
    levels, rows = heatmap(workshop=workshop, summary=summary)
    breakdowns = []
    for by, title in (("local_area", "local area"), ("sector", "sector or role")):
        breakdown = scoring.assessment_breakdown(responses, by=by, items=items, min_group=MIN_GROUP)
        groups = []
        for group in breakdown.groups:
            group_levels, group_rows = heatmap(workshop=workshop, summary=group.summary)
            groups.append(
                {"name": group.group or "Not given", "n": group.n_respondents, "rows": group_rows}
            )
        breakdowns.append(
            {
                "title": title,
                "groups": groups,
                "hidden": len(breakdown.hidden_groups),
                "rule": breakdown.rule,
                "levels": levels,
            }
        )
    instrument = selectors.assessment_instrument(workshop=workshop)
    principle_names = {p.id: p.name for p in instrument.principles}
    level_names = {lv.id: lv.name for lv in instrument.levels}
    heatmap_chart = charts.assessment_heatmap(
        [
            {
                "principle": s.principle,
                "principle_name": principle_names.get(s.principle, s.principle),
                "level": s.level,
                "level_name": level_names.get(s.level, s.level),
                "median": s.median,
                "n": s.n,
                "thrive_like_pct": s.thrive_like_percentage,
            }
            for s in summary.items
        ]
    )
    return {
        "summary": summary,
        "chart": heatmap_chart,
        "levels": levels,
        "rows": rows,
        "items": item_rows(workshop=workshop, summary=summary),
        "breakdowns": breakdowns,
    }


def checklist_results(*, workshop) -> dict | None:
    if not workshop.includes_checklist:
        return None
    responses = selectors.checklist_responses(workshop=workshop)
    actions = selectors.workshop_actions(workshop=workshop)
    summary = scoring.summarise_checklist(
        responses, actions=[a.id for a in actions], min_group=MIN_GROUP
    )
    texts = {a.id: f"{a.number}. {a.text}" for a in actions}
    numbers = {a.id: a.number for a in actions}
    plain = {a.id: a.text for a in actions}
    statuses = (*scoring.STATUSES, scoring.DONT_KNOW)
    rows = []
    for action in summary.actions:
        rows.append(
            {
                "id": action.action,
                "number": numbers.get(action.action, 0),
                "text": plain.get(action.action, action.action),
                "title": texts.get(action.action, action.action),
                "answers": [
                    (scoring.STATUS_LABELS[s], action.counts[s])
                    for s in statuses
                    if action.counts[s]
                ],
                "counts": [action.counts[s] for s in (*scoring.STATUSES, scoring.DONT_KNOW)],
                "modal": ", ".join(scoring.STATUS_LABELS[s] for s in action.modal_statuses) or "–",
                "agreement": _format(action.agreement_percentage, 0),
                "common": action.common,
                "conflicting": action.conflicting,
                "reasons": action.reasons,
                "comments": [c for c in action.comments if c.text],
            }
        )
    chart = charts.checklist_statuses(
        [
            {
                "action": action.action,
                "number": numbers.get(action.action, 0),
                # The chart numbers each bar itself: "2. 2. ..." otherwise.
                "label": plain.get(action.action, action.action),
                "status": status,
                "status_label": scoring.STATUS_LABELS[status].capitalize(),
                "count": action.counts[status],
            }
            for action in summary.actions
            for status in (*scoring.STATUSES, scoring.DONT_KNOW)
        ]
    )
    return {
        "summary": summary,
        "chart": chart,
        "rows": rows,
        "common": [r for r in rows if r["common"]],
        "conflicting": [r for r in rows if r["conflicting"]],
        "support": [(texts.get(c.action, c.action), c) for c in summary.support_requests],
        "good_practice": [(texts.get(c.action, c.action), c) for c in summary.good_practice],
        "statuses": [scoring.STATUS_LABELS[s] for s in (*scoring.STATUSES, scoring.DONT_KNOW)],
    }


def item_titles(*, workshop) -> dict[str, str]:
    """Item id -> "Principle: Level" in the workshop's own instrument version."""
    instrument = selectors.assessment_instrument(workshop=workshop)
    return {item.id: f"{item.principle_name}: {item.level_name}" for item in instrument.items()}


def readable_item(item_id: str) -> str:
    """Words for an item the instrument no longer lists, never "common-language.macro"."""
    principle, _, level = item_id.partition(".")
    words = principle.replace("-", " ").replace("_", " ").capitalize()
    return f"{words}: {level.capitalize()}" if level else words


PROJECTOR_TITLES = {
    "join": "Join the workshop",
    "joined": "Who has joined",
    "waiting": "Results",
    "heatmap": "THRIVE Assessment: median score",
    "disputed": "Where the room disagrees most",
    "checklist": "Implementation Checklist",
    "checklist-lists": "Common and conflicting responses",
}


def for_projector(spec: dict) -> dict:
    """The same chart with type large enough to read from the back of a room."""
    spec = copy.deepcopy(spec)
    config = spec.setdefault("config", {})
    for part, sizes in {
        "axis": {"labelFontSize": 22, "titleFontSize": 22, "labelLimit": 560},
        "legend": {"labelFontSize": 22, "titleFontSize": 22, "symbolSize": 300},
        "title": {"fontSize": 28, "subtitleFontSize": 22},
    }.items():
        config.setdefault(part, {}).update(sizes)
    return spec


def projector_sections(*, workshop, assessment, checklist) -> list[tuple[str, str]]:
    """The projector's screens in the order the arrow keys go through them.

    Once results are shown the heatmap comes first; how to join moves to the end.
    """
    join = ["join"] if workshop.is_open else []
    if not workshop.results_revealed:
        names = [*join, "joined", "waiting"]
    else:
        names = []
        if assessment:
            names += ["heatmap", "disputed"]
        if checklist:
            names += ["checklist", "checklist-lists"]
        names += [*join, "joined"]
    return [(name, PROJECTOR_TITLES[name]) for name in names]


def snapshot_history(*, site) -> dict:
    """The baseline and each re-assessment's change against it, item by item, with titles.

    The baseline is the first kept assessment of a workshop that is not a re-assessment. Only
    workshops the facilitator marked as re-assessments are compared with it: a practice
    session or a small group is listed as not compared, so it never reads as the site's
    progress.
    """
    snapshots = list(selectors.assessment_snapshots(site=site))
    baseline = next((s for s in snapshots if not s.workshop.is_reassessment), None)
    if baseline is None:
        return {"snapshots": snapshots, "baseline": None, "changes": [], "not_compared": snapshots}
    baseline_data = scoring.AssessmentSnapshot.from_dict(baseline.data)
    changes, not_compared = [], []
    for later in snapshots:
        if later is baseline:
            continue
        if not later.workshop.is_reassessment or later.taken_on < baseline.taken_on:
            not_compared.append(later)
            continue
        comparison = scoring.compare(
            baseline_data, scoring.AssessmentSnapshot.from_dict(later.data)
        )
        titles = item_titles(workshop=later.workshop)
        rows = [
            {
                "title": titles.get(change.item) or readable_item(change.item),
                "baseline_median": change.baseline_median,
                "later_median": change.later_median,
                "points": change.thrive_like_points_change,
            }
            for change in comparison.changes
        ]
        changes.append({"snapshot": later, "comparison": comparison, "rows": rows})
    return {
        "snapshots": snapshots,
        "baseline": baseline,
        "changes": changes,
        "not_compared": not_compared,
    }
