"""What the planning pages show: actions with their RAG and traceability, the Gantt
timeline, and indicators' figures through disclosure control."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from markupsafe import Markup

from thrivekit import pathways
from thrivekit.disclosure import SUPPRESSED, DisclosurePolicy
from thrivekit.disclosure.figures import Figures
from thrivekit.planning import measures, selectors
from thrivekit.planning.rag import RagResult, action_rag, is_overdue
from thrivekit.sites.models import Role

RAG_TAGS = {"red": "nhsuk-tag--red", "amber": "nhsuk-tag--orange", "green": "nhsuk-tag--green"}
STATUS_TAGS = {
    "draft": "nhsuk-tag--grey",
    "not_started": "nhsuk-tag--white",
    "in_progress": "nhsuk-tag--blue",
    "blocked": "nhsuk-tag--red",
    "done": "nhsuk-tag--green",
}


def groupings() -> list[tuple[str, str]]:
    return [(g, pathways.grouping_name(g)) for g in pathways.grouping_ids()]


def figures_for(*, site_ctx) -> Figures:
    return Figures(
        exact=site_ctx.has_role(Role.ANALYST),
        policy=DisclosurePolicy(threshold=site_ctx.site.disclosure_threshold),
    )


@dataclass
class ActionRow:
    action: object
    rag: RagResult
    overdue: bool
    grouping_name: str
    owner: str
    answers: list[str] = field(default_factory=list)
    depends_on: list[object] = field(default_factory=list)

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS[self.rag.rag]

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.action.status, "nhsuk-tag--grey")


def checklist_names(site) -> dict[str, str]:
    from thrivekit.instrument_library.selectors import instrument_in_use

    checklist = instrument_in_use(site=site, kind="checklist").instrument
    return {a.id: f"{a.number}. {a.text}" for a in checklist.actions}


def answers(action, checklist: dict[str, str] | None = None) -> list[str]:
    """What the action answers, in words: the traceability links."""
    found = []
    if action.priority_id:
        what = action.get_source_field_display() if action.source_field else "Gap analysis"
        found.append(f"{what} in the gap analysis of priority {action.priority}")
    if action.finding_text:
        found.append(f"Pathway map finding: {action.finding_text}")
    if action.checklist_action:
        name = (checklist or {}).get(action.checklist_action, action.checklist_action)
        found.append(f"Implementation Checklist action {name}")
    if action.practice_id:
        found.append(f"Cites: {action.practice.title}")
    return found


def action_row(action, *, today: dt.date, checklist: dict[str, str] | None = None) -> ActionRow:
    if checklist is None and action.checklist_action:
        checklist = checklist_names(action.site)
    return ActionRow(
        action=action,
        rag=action_rag(action, today=today),
        overdue=is_overdue(status=action.status, due=action.due_date, today=today),
        grouping_name=pathways.grouping_name(action.grouping),
        owner=str(action.owner) if action.owner else "No owner yet",
        answers=answers(action, checklist),
        depends_on=list(action.depends_on.all()),
    )


def plan_by_grouping(actions, *, today: dt.date) -> list[dict]:
    """Every grouping in order, with its actions (a grouping with none still shows)."""
    actions = list(actions)
    checklist = checklist_names(actions[0].site) if actions else {}
    rows = [action_row(a, today=today, checklist=checklist) for a in actions]
    return [
        {
            "id": gid,
            "name": name,
            "rows": [r for r in rows if r.action.grouping == gid],
        }
        for gid, name in groupings()
    ]


def rag_counts(rows: list[ActionRow]) -> dict[str, int]:
    counts = {"red": 0, "amber": 0, "green": 0}
    for row in rows:
        counts[row.rag.rag] += 1
    return counts


# --- The Gantt timeline (server-drawn SVG; the table beside it says the same) ---------------

LABEL_WIDTH, CHART_WIDTH, ROW_HEIGHT, TOP = 300, 700, 28, 40
BAR_COLOURS = {"red": "#d5281b", "amber": "#ffb81c", "green": "#007f3b"}


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def gantt(rows: list[ActionRow], *, today: dt.date) -> dict | None:
    """Bars for actions with a start and a due date, months as gridlines, today as a line."""
    dated = [r for r in rows if r.action.start_date and r.action.due_date]
    if not dated:
        return None
    first = min(r.action.start_date for r in dated).replace(day=1)
    last = max(r.action.due_date for r in dated)
    months = _month_starts(first, last)
    end = (months[-1].replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    span = (end - first).days

    def x(day: dt.date) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (day - first).days / span, 1)

    bars = []
    for n, row in enumerate(dated):
        start, due = row.action.start_date, row.action.due_date
        left = x(start)
        bars.append(
            {
                "row": row,
                "y": TOP + n * ROW_HEIGHT,
                "x": left,
                "width": max(3.0, round(x(due + dt.timedelta(days=1)) - left, 1)),
                "colour": BAR_COLOURS[row.rag.rag],
                "label": row.action.title if len(row.action.title) <= 40
                else row.action.title[:39] + "…",
            }
        )  # fmt: skip
    height = TOP + len(dated) * ROW_HEIGHT + 10
    return {
        "width": LABEL_WIDTH + CHART_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bars": bars,
        "months": [{"x": x(m), "label": f"{m:%b %y}"} for m in months],
        "today": x(today) if first <= today <= end else None,
        "undated": [r for r in rows if not (r.action.start_date and r.action.due_date)],
    }


# --- Indicators -----------------------------------------------------------------------------


def shown_value(value, *, unit: str, numerator=None, denominator=None, figures: Figures):
    """A computed figure as this reader may see it; hand-entered figures are shown as given."""
    if value is None:
        return None
    if numerator is None and denominator is None:
        return value  # entered by hand: the site's own aggregate, no counts behind it
    if unit == "count":
        return figures.count(numerator)
    return figures.rate(value, numerator, denominator)


def text(value, unit: str) -> str:
    if value is None:
        return "Not set"
    if value == SUPPRESSED:
        return SUPPRESSED
    shown = f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{shown}%" if unit == "percent" else shown


def indicator_view(indicator, *, figures: Figures, with_series: bool = False) -> dict:
    baseline = shown_value(
        indicator.baseline,
        unit=indicator.unit,
        numerator=indicator.baseline_numerator,
        denominator=indicator.baseline_denominator,
        figures=figures,
    )
    view = {
        "indicator": indicator,
        "standard": indicator.measure in measures.BY_ID,
        "baseline": text(baseline, indicator.unit),
        "target": text(indicator.target, indicator.unit),
        "series": [],
    }
    if with_series:
        from thrivekit.planning.selectors import remeasurements

        for extract, reading in remeasurements(indicator):
            value = shown_value(
                reading.value,
                unit=indicator.unit,
                numerator=reading.numerator,
                denominator=reading.denominator,
                figures=figures,
            )
            view["series"].append(
                {
                    "extract": extract,
                    "as_of": extract.as_of,
                    "value": value,
                    "text": text(value, indicator.unit) if value is not None else reading.missing,
                }
            )
    return view


def indicator_chart(view: dict) -> dict:
    """Measured values against the baseline and the target, by extract period (Vega-Lite)."""
    from thrivekit import charts

    indicator = view["indicator"]
    rows = []
    for point in view["series"]:
        if point["as_of"] is None:
            continue
        month = f"{point['as_of']:%Y-%m}"
        rows.append({"month": month, "series": "Measured", "value": point["value"]})
        baseline = view["baseline"].rstrip("%").replace(",", "")
        if indicator.baseline is not None:
            rows.append(
                {"month": month, "series": "Baseline", "value": _number_or_hidden(baseline)}
            )
        if indicator.target is not None:
            rows.append({"month": month, "series": "Target", "value": indicator.target})
    y_title = "Percentage" if indicator.unit == "percent" else "Number"
    return charts.monthly_lines(rows, title=indicator.name, y_title=y_title)


def _number_or_hidden(shown: str):
    try:
        return float(shown)
    except ValueError:
        return SUPPRESSED


# --- The future-state pathway map beside today's ---------------------------------------------


def map_svg(pathway_map, *, title: str, prefix: str) -> str:
    """The map page's server-side drawing, inline, with ids of its own so two drawings can
    sit on one page."""
    svg = pathways.render_svg(pathway_map, title=title)
    svg = svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg
    svg = (
        svg.replace('id="map-title"', f'id="{prefix}-title"')
        .replace('id="map-desc"', f'id="{prefix}-desc"')
        .replace('aria-labelledby="map-title map-desc"',
                 f'aria-labelledby="{prefix}-title {prefix}-desc"')
        .replace('id="arrow-', f'id="{prefix}-arrow-')
        .replace("url(#arrow-", f"url(#{prefix}-arrow-")
    )  # fmt: skip
    return Markup(svg.strip())  # noqa: S704 - render_svg escapes every text it draws


def _mark_nodes(svg: str, *, added: set[str], changed: set[str]) -> str:
    """Outline the boxes of new (thick, dashed) and changed (thick) nodes in a drawing."""
    from xml.sax.saxutils import quoteattr

    svg = str(svg)  # plain text: adding to Markup would escape what is added
    for node_id, extra in [(i, ' stroke-dasharray="7 3"') for i in added] + [
        (i, "") for i in changed
    ]:
        for kind in ("service", "entry-point"):
            start = f'<g class="node {kind}" data-id={quoteattr(node_id)}>'
            at = svg.find(start)
            if at < 0:
                continue
            width = svg.find('stroke-width="1.5"', at)
            label = "new" if extra else "changed"
            svg = (
                svg[:at]
                + start.replace(f'class="node {kind}"', f'class="node {kind} {label}"')
                + svg[at + len(start) : width]
                + f'stroke-width="4"{extra}'
                + svg[width + len('stroke-width="1.5"') :]
            )
    return svg


def _finding_row(finding) -> dict:
    from thrivekit.maps.presenters import KIND_TITLES

    return {
        "kind": KIND_TITLES.get(finding.kind, finding.kind),
        "severity": finding.severity,
        "message": finding.message,
    }


def findings_by_kind(today_found, future_found) -> list[dict]:
    """How many findings of each kind each map has (the informational ones left out)."""
    from thrivekit.maps.presenters import KIND_TITLES

    rows = []
    for kind, title in KIND_TITLES.items():
        then = sum(1 for f in today_found if f.kind == kind and f.severity != "info")
        now = sum(1 for f in future_found if f.kind == kind and f.severity != "info")
        if then or now:
            rows.append({"title": title, "today": then, "future": now})
    return rows


def change_text(change, names) -> str:
    """A proposed change in words; ``names`` gives a node's name from its id."""
    kind = change.kind
    if kind == "add_service":
        provider = f" ({change.provider})" if change.provider else ""
        ages = ""
        if change.age_min is not None or change.age_max is not None:
            ages = f", ages {change.age_min or 0}–{change.age_max if change.age_max is not None else 'any'}"
        reached = f", reached from {names(change.from_id)}" if change.from_id else ""
        return (
            f"Add {change.name}{provider}, for "
            f"{', '.join(pathways.grouping_name(g) for g in change.groupings)}{ages}{reached}"
        )
    if kind == "change_service":
        parts = []
        if change.groupings:
            parts.append("serve " + ", ".join(pathways.grouping_name(g) for g in change.groupings))
        if change.capacity_wte is not None:
            parts.append(f"capacity {change.capacity_wte:g} WTE")
        return f"Change {names(change.node_id)}: {'; '.join(parts)}"
    if kind == "remove_service":
        return f"Remove the service {names(change.node_id)}"
    if kind == "add_entry_point":
        from thrivekit.pathways.model import ENTRY_POINT_KIND_NAMES

        return f"Add the entry point {change.name} ({ENTRY_POINT_KIND_NAMES.get(change.entry_kind, change.entry_kind)})"
    if kind == "remove_entry_point":
        return f"Remove the entry point {names(change.node_id)}"
    from thrivekit.pathways.model import ROUTE_KIND_NAMES

    route = (
        f"{names(change.from_id)} → {names(change.to_id)} "
        f"({ROUTE_KIND_NAMES.get(change.route_kind, change.route_kind).lower()})"
    )
    return f"{'Add' if kind == 'add_route' else 'Remove'} the route {route}"


def _added_ids(today, future_map) -> set[str]:
    then = {n.id for n in (*today.services, *today.entry_points)}
    return {n.id for n in (*future_map.services, *future_map.entry_points)} - then


def _changed_ids(today, future_map) -> set[str]:
    then = {s.id: s for s in today.services}
    return {
        s.id
        for s in future_map.services
        if s.id in then
        and (set(s.groupings) != set(then[s.id].groupings)
             or s.capacity_wte != then[s.id].capacity_wte)
    }  # fmt: skip


def future_view(*, site, today, built, changes, local_areas) -> dict:
    """Today's map and the future one, drawn; the differences in words; the analysis of both
    and which of today's findings the redesign fixes; the proposed changes by grouping."""
    from thrivekit.planning import future

    future_map = built.pathway_map
    today_found = pathways.analyse(today, local_areas=local_areas)
    future_found = pathways.analyse(future_map, local_areas=local_areas)
    compared = future.compare_findings(today_found, future_found)
    problems = {id(change): why for change, why in built.problems}

    def names(node_id: str) -> str:
        for pathway_map in (future_map, today):
            name = pathway_map.name_of(node_id)
            if name != node_id:
                return name
        return node_id

    rows = [
        {
            "change": change,
            "text": change_text(change, names),
            "problem": problems.get(id(change), ""),
        }
        for change in changes
    ]
    by_grouping = [
        {
            "id": "",
            "name": "The whole system",
            "rows": [r for r in rows if not r["change"].grouping],
        }
    ] + [
        {"id": gid, "name": name, "rows": [r for r in rows if r["change"].grouping == gid]}
        for gid, name in groupings()
    ]
    differences = future.differences(today, future_map)
    return {
        "today_svg": map_svg(today, title="Today's pathway map", prefix="today-map"),
        "future_svg": Markup(  # noqa: S704 - the drawing escapes its text; ids are quoted
            _mark_nodes(
                map_svg(future_map, title="The future pathway map", prefix="future-map"),
                added=_added_ids(today, future_map),
                changed=_changed_ids(today, future_map),
            )
        ),
        "differences": {
            change: [d for d in differences if d.change == change]
            for change in ("added", "removed", "changed")
        },
        "difference_count": len(differences),
        "by_kind": findings_by_kind(today_found, future_found),
        "fixed": [_finding_row(f) for f in compared["fixed"]],
        "new": [_finding_row(f) for f in compared["new"]],
        "changed": [(_finding_row(a), _finding_row(b)) for a, b in compared["changed"]],
        "remaining": len(compared["remaining"]),
        "changes": [g for g in by_grouping if g["rows"]],
        "change_count": len(rows),
        "problem_count": len(problems),
        "has_map": bool(today.services or today.entry_points),
    }


# --- The redesign workshop --------------------------------------------------------------------

OFFER_LABELS = (
    ("services", "Services"),
    ("entry_points", "Entry points"),
    ("who_delivers", "Who delivers"),
    ("skill_mix", "Skill mix"),
    ("notes", "Notes"),
)


def redesign_room(*, workshop) -> dict:
    """Each grouping's current offer beside each table's draft, field by field, and a short
    fingerprint of all of it so the polling page is answered 204 while nothing changed."""
    tables = list(selectors.redesign_tables(workshop=workshop))
    drafts = {(d.table_id, d.grouping): d for d in selectors.offer_drafts(workshop=workshop)}
    offers = selectors.offers_for_site(site=workshop.site)
    state = repr(
        (
            workshop.status,
            [t.name for t in tables],
            sorted((str(d.id), d.version) for d in drafts.values()),
            sorted((g, o.version) for g, o in offers.items()),
        )
    )
    names = dict(groupings())
    rows = []
    for grouping in workshop.groupings:
        saved = offers.get(grouping)
        drafted = [(t, drafts.get((t.id, grouping))) for t in tables]
        rows.append(
            {
                "id": grouping,
                "name": names.get(grouping, grouping),
                "tables": [t.name for t in tables],
                "drafted": [t.name for t, d in drafted if d],
                "fields": [
                    (
                        label,
                        getattr(saved, name) if saved else "",
                        [d.fields.get(name, "") if d else None for _, d in drafted],
                    )
                    for name, label in OFFER_LABELS
                ],
            }
        )
    return {
        "state": hashlib.sha256(state.encode()).hexdigest()[:16],
        "groupings": rows,
        "tables": tables,
    }


def offer_draft_conflict(error) -> dict:
    """What a stale save from a second device shows (the worksheet's conflict partial)."""
    labels = dict(OFFER_LABELS)
    return {
        "rows": [(labels[n], error.yours[n], error.theirs[n]) for n in error.differing],
        "kept": [labels[n] for n in error.kept_theirs],
    }


def offer_draft_conflict_form_data(error) -> dict:
    return {**error.merged, "version": error.version}
