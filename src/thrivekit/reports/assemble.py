"""The Phase 1 report assembled from what a site captured, section by section.

Each section reads only through its step's selectors and presenters (the same ones its pages
use) and publishes every count of people through `thrivekit.disclosure`, as a viewer (not an
analyst) sees them. Scores, ranks and other figures that are not counts are written with
their unit ("2.5 out of 4", "1st", "45%"), so a table never holds a bare small number. A
section a site has no data for is an `Empty` block naming the step that fills it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from thrivekit.disclosure import SUPPRESSED, DisclosurePolicy, safe_count
from thrivekit.disclosure.figures import Figures
from thrivekit.reporting.document import (
    Block,
    Bullets,
    Chart,
    Empty,
    Paragraph,
    Quote,
    Report,
    Section,
    Subheading,
    Table,
)

TITLE = "Phase 1 analysis report and implementation plan"


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    step: str  # the Phase 1 step slug it reports on ("" for the summary)


SECTIONS = (
    SectionSpec("summary", "What this report is built from", ""),
    SectionSpec("engagement", "Engagement and coverage", "engagement"),
    SectionSpec("pathway-map", "The pathway map and its findings", "understanding-your-system"),
    SectionSpec("activity", "Demand, capacity, flow and waits", "understanding-your-system"),
    SectionSpec(
        "feedback", "What young people, families and staff told us", "understanding-your-system"
    ),
    SectionSpec("assessment", "THRIVE Assessment", "thrive-assessment"),
    SectionSpec("checklist", "Implementation Checklist", "thrive-assessment"),
    SectionSpec("priorities", "Collective aims and consensus priorities", "prioritising"),
    SectionSpec("gap-analyses", "Gap analyses", "prioritising"),
    SectionSpec("redesign", "The redesign by needs-based grouping", "redesign"),
    SectionSpec("scenarios", "Demand and capacity what-ifs", "redesign"),
    SectionSpec("plan", "Implementation plan", "redesign"),
    SectionSpec("outcomes", "Outcome framework", "redesign"),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)
SECTION_TITLES = {s.id: s.title for s in SECTIONS}

# What fills each section, as the step pages name it.
FILLS = {
    "summary": "Step 1, Engagement: start by adding people to the stakeholder register.",
    "engagement": "Step 1, Engagement: add people to the stakeholder register and name the "
    "transformation group.",
    "pathway-map": "Step 2, Understanding your system: add services to the pathway map.",
    "activity": "Step 2, Understanding your system: upload an activity extract.",
    "feedback": "Step 2, Understanding your system: import a survey export or add notes from "
    "a focus group, then review responses and approve themes.",
    "assessment": "Step 3, THRIVE Assessment: run an assessment workshop and close it.",
    "checklist": "Step 3, THRIVE Assessment: run a workshop with the Implementation Checklist "
    "and close it.",
    "priorities": "Step 4, Prioritising improvement and gap analysis: run a prioritising "
    "workshop and confirm the top five.",
    "gap-analyses": "Step 4, Prioritising improvement and gap analysis: confirm the priorities "
    "and fill in their gap analyses.",
    "redesign": "Step 5, Redesign and implementation planning: write the future offer for each "
    "needs-based grouping.",
    "scenarios": "Step 5, Redesign and implementation planning: try a what-if scenario and run "
    "its simulation.",
    "plan": "Step 5, Redesign and implementation planning: add actions to the implementation plan.",
    "outcomes": "Step 5, Redesign and implementation planning: add outcomes and their "
    "indicators to the outcome framework.",
}

ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


# --- Formatting: nothing leaves as a bare number unless it is a published count --------------


def policy_for(site) -> DisclosurePolicy:
    return DisclosurePolicy(threshold=site.disclosure_threshold)


def viewer_figures(site) -> Figures:
    """Figures as a viewer sees them: through the disclosure rules (the dashboard's path)."""
    return Figures(exact=False, policy=policy_for(site))


def count(value, *, site) -> int | str | None:
    return safe_count(value, policy=policy_for(site))


def ordinal(n: int) -> str:
    return ORDINALS.get(n, f"{n}th")


def percent(value) -> str:
    if value is None:
        return "–"
    if value == SUPPRESSED or isinstance(value, str):
        return str(value)
    return f"{value:.1f}".removesuffix(".0") + "%"


def score(value) -> str:
    """A median score on the 1 to 4 scale, always with one decimal place ("3.0")."""
    if value is None:
        return "No answers"
    if isinstance(value, str):
        return value
    return f"{value:.1f}"


def decimal(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def words(n: int, one: str, many: str) -> str:
    """A count of things that are not people, in words where it is small ("three actions")."""
    return f"{number_word(n)} {one if n == 1 else many}"


def lines(text: str) -> tuple[str, ...]:
    """A worksheet field as bullet items: one per line, list markers dropped."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-•*").strip()
        if line:
            found.append(line)
    return tuple(found)


def empty(section_id: str, message: str) -> Empty:
    return Empty(message=message, fills_it=FILLS[section_id])


# --- Sections -------------------------------------------------------------------------------


def section_summary(site) -> list[Block]:
    from thrivekit.engagement import presenters as engagement_presenters
    from thrivekit.extracts import selectors as extract_selectors
    from thrivekit.maps import selectors as map_selectors
    from thrivekit.planning import selectors as planning_selectors
    from thrivekit.priorities import selectors as priority_selectors
    from thrivekit.qualitative import selectors as qualitative_selectors
    from thrivekit.workshops import selectors as workshop_selectors

    engagement = engagement_presenters.step_summary(site=site)
    services = len(map_selectors.site_map(site=site).services)
    extracts = extract_selectors.extracts_for_site(site=site).exclude(analysis={}).count()
    themes = qualitative_selectors.themes_approved_count(site)
    snapshots = workshop_selectors.assessment_snapshots(site=site).count()
    priorities = priority_selectors.site_priorities(site=site).count()
    actions = planning_selectors.actions_count(site)
    outcomes = planning_selectors.outcomes_count(site)
    if not any((engagement["stakeholders"], services, extracts, themes, snapshots, priorities)):
        return [empty("summary", f"{site.name} has not captured anything for Phase 1 yet.")]
    people = count(engagement["stakeholders"], site=site)
    items = [
        f"Stakeholder register: {people} people"
        if engagement["stakeholders"]
        else "Stakeholder register: nobody yet",
        f"Pathway map: {words(services, 'service', 'services')}",
        f"Activity data: {words(extracts, 'analysed extract', 'analysed extracts')}",
        f"Qualitative feedback: {words(themes, 'approved theme', 'approved themes')}",
        "THRIVE Assessment: "
        + ("a baseline" if snapshots else "no baseline yet")
        + (f" and {words(snapshots - 1, 'later assessment', 'later assessments')}"
           if snapshots > 1 else ""),
        f"Priorities: {words(priorities, 'confirmed priority', 'confirmed priorities')}",
        f"Implementation plan: {words(actions, 'action', 'actions')}, "
        f"{words(outcomes, 'outcome', 'outcomes')} in the outcome framework",
    ]  # fmt: skip
    return [
        Paragraph(
            f"This report brings together what {site.name} captured in thrivekit during "
            "Phase 1 of the i-THRIVE Approach to Implementation: engagement, the current "
            "system, the THRIVE Assessment, the agreed priorities and the plan."
        ),
        Bullets(tuple(items)),
        Paragraph(
            "Every count of people in this report has passed through statistical disclosure "
            "control. " + policy_for(site).describe()
        ),
    ]


def section_engagement(site) -> list[Block]:
    from thrivekit.engagement import presenters

    view = presenters.overview(site=site)
    if not view["register_size"] and not view["group"]:
        return [empty("engagement", "No stakeholders have been recorded yet.")]
    blocks: list[Block] = [
        Paragraph(
            f"The stakeholder register holds {count(view['register_size'], site=site)} people. "
            "Counts of people are published through the disclosure rules."
        )
    ]
    group = view["group"]
    if group:
        blocks.append(Subheading("The transformation group"))
        blocks.append(
            Table(
                caption="Transformation group",
                columns=("Role in the group", "Role (job title)", "Organisation", "Sector"),
                rows=tuple(
                    (
                        member.get_group_role_display(),
                        member.job_title or "–",
                        member.organisation or "–",
                        view["sector_name"](member.sector),
                    )
                    for member in group
                ),
            )
        )
    if view["group_warnings"]:
        blocks.append(Bullets(tuple(view["group_warnings"])))
    table = view["coverage"]
    titles = [c.title for c in table.coverages]
    rows = []
    for _group_name, sector_rows in table.groups:
        for row in sector_rows:
            rows.append((row.name, *("Represented" if cell else "Not yet" for cell in row.cells)))
    blocks.append(Subheading("Sector coverage"))
    blocks.append(
        Table(
            caption="Recommended sectors represented in the group, the register and each workshop",
            columns=("Sector", *titles),
            rows=tuple(rows),
        )
    )
    statuses = [(label, n) for _value, label, n in view["statuses"]]
    if statuses:
        blocks.append(
            Table(
                caption="The stakeholder register by engagement status",
                columns=("Engagement status", "People"),
                rows=tuple((label, count(n, site=site)) for label, n in statuses),
                note=policy_for(site).describe(),
            )
        )
    if view["warnings"]:
        blocks.append(Subheading("Key gaps in coverage"))
        blocks.append(Bullets(tuple(f"{w.where}: {w.text}" for w in view["warnings"])))
    return blocks


def section_pathway_map(site) -> list[Block]:
    from thrivekit import pathways
    from thrivekit.extracts.selectors import latest_analysis
    from thrivekit.maps import presenters, selectors
    from thrivekit.sites.selectors import site_local_areas

    pathway_map = selectors.site_map(site=site)
    if not pathway_map.services:
        return [empty("pathway-map", "No services have been added to the pathway map yet.")]
    document = selectors.map_document(site=site)
    view = presenters.overview(pathway_map, positions=document.positions if document else {})
    blocks: list[Block] = [
        Paragraph(
            f"The map holds {words(len(pathway_map.services), 'service', 'services')}, "
            f"{words(len(pathway_map.entry_points), 'entry point', 'entry points')} and "
            f"{words(len(pathway_map.routes), 'route', 'routes')} between them."
        ),
        Table(
            caption="Services on the pathway map",
            columns=("Service", "Provider", "Needs-based groupings", "Ages", "Local areas"),
            rows=tuple(
                (
                    s["service"].name,
                    s["service"].provider or "–",
                    s["groupings"] or "–",
                    s["ages"],
                    s["areas"],
                )
                for s in view["services"]
            ),
        ),
    ]
    if view["entry_points"]:
        blocks.append(
            Table(
                caption="Entry points",
                columns=("Entry point", "Kind"),
                rows=tuple((e["entry"].name, e["kind"]) for e in view["entry_points"]),
            )
        )
    if view["routes"]:
        blocks.append(
            Table(
                caption="Routes between entry points and services",
                columns=("From", "To", "Kind", "Young people a year"),
                rows=tuple(
                    (r["from"], r["to"], r["kind"], _or_dash(count(r["volume"], site=site)))
                    for r in view["routes"]
                ),
                note=policy_for(site).describe(),
            )
        )
    flows = presenters.flows_for_map(pathway_map, latest_analysis(site=site), document)
    found = pathways.analyse(
        pathway_map,
        flows=flows or None,
        local_areas=[area.name for area in site_local_areas(site=site)],
        policy=presenters.site_policy(site),
    )
    groups = presenters.findings(found, pathway_map)
    blocks.append(Subheading("What the map shows"))
    if not groups:
        blocks.append(Paragraph("The analysis of the map found nothing to report."))
    for group in groups:
        blocks.append(Paragraph(group["title"]))
        blocks.append(Bullets(tuple(item["message"] for item in group["items"])))
    return blocks


def section_activity(site) -> list[Block]:
    from thrivekit.extracts import presenters
    from thrivekit.planning.selectors import latest_extract

    extract = latest_extract(site=site)
    if extract is None:
        return [empty("activity", "No activity extract has been analysed yet.")]
    board = presenters.dashboard(analysis=extract.analysis, figures=viewer_figures(site))
    as_of = f" as of {extract.as_of:%-d %B %Y}" if extract.as_of else ""
    blocks: list[Block] = [
        Paragraph(f"From the activity extract “{extract.name}”{as_of}. {board['rule']}"),
        Table(
            caption="Summary of activity",
            columns=("Measure", "Figure"),
            rows=tuple((label, _with_unit(str(value), label)) for label, value in board["summary"]),
        ),
        Chart(
            title="Referrals by month",
            spec=board["demand_chart"],
            description="Referrals received each month, published through the disclosure "
            "rules; the table of referrals by month gives the same figures.",
        ),
        Table(
            caption="Referrals, the waiting list and open referrals by month",
            columns=("Month", "Referrals", "Waiting list", "Open referrals"),
            rows=tuple(
                (m["month"], m["referrals"], m["waiting_list"], m["open_referrals"])
                for m in board["monthly"]
            ),
            note=policy_for(site).describe(),
        ),
        Chart(
            title="The waiting list over time",
            spec=board["waiting_chart"],
            description="The waiting list and open referrals at the end of each month.",
        ),
        Subheading("Needs-based grouping mix"),
        Chart(
            title="Needs-based grouping mix against the reference figures",
            spec=board["mix_chart"],
            description="The share of open referrals in each needs-based grouping, with the "
            "THRIVE reference ranges behind the bars as grey lines, never targets.",
        ),
        Table(
            caption="Open referrals by needs-based grouping",
            columns=("Grouping", "Open referrals", "Share", "Mean attended contacts"),
            rows=tuple(
                (
                    m["grouping"],
                    m["referrals"],
                    percent(m["referrals_pct"]),
                    _mean(m["mean_contacts"], "contacts"),
                )
                for m in board["mix"]
            ),
            note=policy_for(site).describe(),
        ),
        Subheading("Teams"),
        Table(
            caption="Activity by team",
            columns=(
                "Team",
                "Referrals",
                "Attended contacts",
                "Did not attend",
                "Median wait",
                "Waiting now",
            ),
            rows=tuple(
                (
                    t["team"],
                    t["referrals"],
                    t["attended"],
                    percent(t["dna_value"]),
                    _unit(t["median_wait"], "days"),
                    t["waiting_now"],
                )
                for t in board["teams"]
            ),
            note=policy_for(site).describe(),
        ),
    ]
    if board["sources"]:
        blocks.append(
            Table(
                caption="Referrals by source",
                columns=("Source", "Referrals"),
                rows=tuple((source, shown) for source, shown in board["sources"]),
            )
        )
    if board["waiting_bands"]:
        blocks.append(
            Table(
                caption="Young people waiting for a first contact now, by time waited",
                columns=("Time waited", "Young people"),
                rows=tuple((band, shown) for band, shown in board["waiting_bands"]),
            )
        )
    if board["bottlenecks"]:
        blocks.append(Subheading("Possible bottlenecks"))
        blocks.append(Bullets(tuple(f"{b['team']}: {b['detail']}" for b in board["bottlenecks"])))
    if board["flows"]:
        blocks.append(
            Table(
                caption="The busiest moves between teams",
                columns=("From", "To", "Young people"),
                rows=tuple(board["flows"]),
            )
        )
    return blocks


def _or_dash(value):
    return "–" if value is None else value


def _unit(text, unit: str) -> str:
    """A statistic (not a count) with its unit, so it never reads as a bare count."""
    text = str(text)
    return text if text in (SUPPRESSED, "–", "", "None") else f"{text} {unit}"


def _mean(text, unit: str) -> str:
    """A mean as "mean 1.0 contacts": one decimal place, so it never reads as a count."""
    value = _float(text)
    return str(text) if value is None else f"mean {value:.1f} {unit}"


def _with_unit(text: str, label: str) -> str:
    if "(days)" in label:
        return _unit(text, "days")
    return text


def section_feedback(site) -> list[Block]:
    from thrivekit.qualitative import presenters, selectors

    themes = selectors.approved_themes_for_site(site)
    if not themes:
        return [
            empty("feedback", "No qualitative feedback themes have been approved yet."),
        ]
    labeller = presenters.group_labeller(site, analyst=False)
    lens = presenters.lens(site, approved_only=True)
    cards = {str(card.theme.id): card for card in presenters.theme_cards(site, analyst=False)}
    blocks: list[Block] = [
        Paragraph(
            "Themes a facilitator approved from what young people, families, the public and "
            "staff said. Quotes are from reviewed responses only; a respondent group of "
            f"{lens.threshold} people or fewer is not named."
        )
    ]
    if lens.grid is not None:
        # An area listed twice holds its respondents in its first column only.
        first = [lens.areas.index(area) for area in dict.fromkeys(lens.areas)]
        blocks.append(
            Table(
                caption="Respondents by group and local area",
                columns=("Respondent group", *(lens.areas[i] for i in first), "All areas"),
                rows=tuple(
                    (name, *(cells[i] for i in first), total)
                    for name, cells, total in zip(
                        lens.groups, lens.grid.cells, lens.grid.row_totals, strict=True
                    )
                )
                + (
                    (
                        "All groups",
                        *(lens.grid.column_totals[i] for i in first),
                        lens.grid.total,
                    ),
                ),
                note=policy_for(site).describe(),
            )
        )
    if lens.themes:
        blocks.append(
            Table(
                caption="Respondents behind each approved theme, by group",
                columns=("Theme", *lens.groups, "All"),
                rows=tuple((t["label"], *t["cells"], t["total"]) for t in lens.themes),
                note=policy_for(site).describe(),
            )
        )
    for theme in themes:
        card = cards.get(theme["theme_id"])
        label = card.theme.label if card else theme["text"]
        blocks.append(Subheading(label))
        size = card.size if card else None
        blocks.append(
            Paragraph(f"Responses in this theme: {size}." if size is not None else theme["text"])
        )
        if card and card.principles:
            blocks.append(Paragraph("THRIVE principles: " + "; ".join(card.principles) + "."))
        reviewed = [r for r in (card.responses if card else []) if r.reviewed][:3]
        for response in reviewed:
            attribution = labeller(response.group)
            blocks.append(
                Quote(
                    text=response.text,
                    attribution="" if attribution == presenters.OTHER else attribution,
                )
            )
    return blocks


def _latest_closed(site, **flags):
    from thrivekit.workshops import selectors
    from thrivekit.workshops.models import Workshop

    return (
        selectors.workshops_for_site(site=site)
        .filter(status=Workshop.Status.CLOSED, **flags)
        .order_by("-closed_at")
        .first()
    )


def section_assessment(site) -> list[Block]:
    from thrivekit.workshops import presenters

    workshop = _latest_closed(site, includes_assessment=True)
    results = presenters.assessment_results(workshop=workshop) if workshop else None
    if not results or not results["summary"].items:
        return [empty("assessment", "No THRIVE Assessment has been completed yet.")]
    summary = results["summary"]
    spec = _heatmap_spec(workshop, summary, site)
    blocks: list[Block] = [
        Paragraph(
            f"From the workshop “{workshop.title}”. Each principle was scored at the macro, "
            "meso and micro level from 1 (some way to go) to 4 (fully THRIVE-like); 3 or more "
            "counts as THRIVE-like."
        ),
        Chart(
            title="THRIVE Assessment: median score by principle and level",
            spec=spec,
            description="A heatmap of the median score of each principle at each level; the "
            "table below gives the same medians.",
        ),
    ]
    levels = [lv.name for lv in results["levels"]]
    blocks.append(
        Table(
            caption="Median score (out of 4) by principle and level",
            columns=("Principle", *levels),
            rows=tuple(
                (
                    row.principle,
                    *(score(_float(cell["median"])) if cell else "–" for cell in row.cells),
                )
                for row in results["rows"]
            ),
        )
    )
    disputed = [r for r in results["items"]][:5]
    blocks.append(Subheading("Where people disagree most"))
    blocks.append(
        Table(
            caption="The most disputed principles and levels",
            columns=("Principle and level", "Median score", "THRIVE-like", "Disagreement"),
            rows=tuple(
                (
                    r["title"],
                    score(_float(r["median"])),
                    _percent_text(r["thrive_like"]),
                    r["entropy"],
                )
                for r in disputed
            ),
            note="Disagreement is the spread of the answers from 0.00 (everyone agrees) to "
            "1.00 (answers spread evenly across the scale).",
        )
    )
    history = presenters.snapshot_history(site=site)
    if history["baseline"] is not None:
        blocks.append(Subheading("The baseline"))
        blocks.append(
            Paragraph(
                f"The baseline assessment was taken on {history['baseline'].taken_on:%-d %B %Y}"
                f" at “{history['baseline'].workshop.title}”."
            )
        )
        for change in history["changes"]:
            snapshot = change["snapshot"]
            blocks.append(
                Table(
                    caption=f"Change since the baseline: {snapshot.workshop.title} "
                    f"({snapshot.taken_on:%-d %B %Y})",
                    columns=("Principle and level", "Baseline median", "Later median"),
                    rows=tuple(
                        (r["title"], score(r["baseline_median"]), score(r["later_median"]))
                        for r in change["rows"]
                    ),
                )
            )
    return blocks


def _float(text):
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None


def _percent_text(text) -> str:
    value = _float(text)
    return "–" if value is None else percent(value)


def _heatmap_spec(workshop, summary, site) -> dict:
    """The results page's heatmap, with each cell's number of answers published."""
    from thrivekit import charts
    from thrivekit.workshops import selectors

    instrument = selectors.assessment_instrument(workshop=workshop)
    principles = {p.id: p.name for p in instrument.principles}
    levels = {lv.id: lv.name for lv in instrument.levels}
    return charts.assessment_heatmap(
        [
            {
                "principle": s.principle,
                "principle_name": principles.get(s.principle, s.principle),
                "level": s.level,
                "level_name": levels.get(s.level, s.level),
                "median": s.median,
                "n": count(s.n, site=site),
                "thrive_like_pct": s.thrive_like_percentage,
            }
            for s in summary.items
        ]
    )


def section_checklist(site) -> list[Block]:
    from thrivekit import charts, scoring
    from thrivekit.workshops import presenters

    workshop = _latest_closed(site, includes_checklist=True)
    results = presenters.checklist_results(workshop=workshop) if workshop else None
    if not results or not results["rows"]:
        return [empty("checklist", "No Implementation Checklist has been completed yet.")]
    statuses = (*scoring.STATUSES, scoring.DONT_KNOW)
    spec = charts.checklist_statuses(
        [
            {
                "action": row["id"],
                "number": row["number"],
                "label": row["text"],
                "status": status,
                "status_label": scoring.STATUS_LABELS[status].capitalize(),
                "count": count(n, site=site),
            }
            for row in results["rows"]
            for status, n in zip(statuses, row["counts"], strict=True)
        ]
    )
    blocks: list[Block] = [
        Paragraph(
            f"From the workshop “{workshop.title}”: each action was answered as already in "
            "place, work in progress, or not in place with no work yet."
        ),
        Chart(
            title="Implementation Checklist: status of each action",
            spec=spec,
            description="A bar per checklist action split by the status people gave it; the "
            "table below gives the most common answer and how far people agree.",
        ),
        Table(
            caption="Implementation Checklist: the most common answer for each action",
            columns=("Action", "Most common answer", "Agreement"),
            rows=tuple(
                (row["title"], row["modal"], _percent_text(row["agreement"]))
                for row in results["rows"]
            ),
        ),
    ]
    if results["common"]:
        blocks.append(Subheading("Where people agree"))
        blocks.append(Bullets(tuple(f"{r['title']}: {r['modal']}" for r in results["common"])))
    if results["conflicting"]:
        blocks.append(Subheading("Where answers conflict"))
        blocks.append(Bullets(tuple(r["title"] for r in results["conflicting"])))
    if results["support"]:
        blocks.append(Subheading("Support asked for"))
        blocks.append(
            Bullets(tuple(f"{title}: {comment.text}" for title, comment in results["support"]))
        )
    if results["good_practice"]:
        blocks.append(Subheading("Good practice to share"))
        blocks.append(
            Bullets(
                tuple(f"{title}: {comment.text}" for title, comment in results["good_practice"])
            )
        )
    return blocks


def _confirmed_sessions(site):
    from thrivekit.priorities import selectors

    return [s for s in selectors.sessions_for_site(site=site) if s.confirmed_at is not None]


def section_priorities(site) -> list[Block]:
    from thrivekit.priorities import presenters, selectors

    sessions = _confirmed_sessions(site)
    if not sessions:
        return [empty("priorities", "No consensus priorities have been confirmed yet.")]
    blocks: list[Block] = []
    for session in sessions:
        if len(sessions) > 1:
            blocks.append(Subheading(session.title))
        aims = [a.text for a in selectors.session_aims(session=session)]
        if aims:
            blocks.append(Paragraph("What the transformation is for (the collective aims):"))
            blocks.append(Bullets(tuple(aims)))
        priorities = list(selectors.session_priorities(session=session))
        candidates = {c.id: c for c in selectors.candidates(session=session)}
        blocks.append(
            Table(
                caption="The consensus priorities and their evidence",
                columns=("Priority", "Principle and level", "Median score", "THRIVE-like"),
                rows=tuple(
                    (
                        ordinal(p.rank),
                        p.title,
                        score(candidates[p.item].median) if p.item in candidates else "–",
                        percent(candidates[p.item].thrive_like) if p.item in candidates else "–",
                    )
                    for p in priorities
                ),
            )
        )
        if session.confirmation_reason:
            blocks.append(
                Paragraph(
                    "Why the confirmed priorities differ from the computed consensus: "
                    + session.confirmation_reason
                )
            )
        room = presenters.room(session=session)
        if room["rows"]:
            blocks.append(
                Table(
                    caption="How the tables ranked the candidates (Borda points)",
                    columns=("Place", "Principle and level", "Points"),
                    rows=tuple(
                        (ordinal(r.rank), r.title, f"{r.points} points") for r in room["rows"]
                    ),
                )
            )
    return blocks


def section_gap_analyses(site) -> list[Block]:
    from thrivekit.priorities.models import WORKSHEET_FIELDS

    priorities = [p for s in _confirmed_sessions(site) for p in s.priorities.order_by("rank")]
    if not priorities:
        return [empty("gap-analyses", "No priorities have a gap analysis yet.")]
    blocks: list[Block] = []
    for priority in priorities:
        blocks.append(Subheading(f"{ordinal(priority.rank)} priority: {priority.title}"))
        worksheet = priority.worksheet()
        filled = False
        for name, label, _hint in WORKSHEET_FIELDS:
            items = lines(worksheet.get(name, ""))
            if not items:
                continue
            filled = True
            blocks.append(Paragraph(label))
            blocks.append(Bullets(items) if len(items) > 1 else Paragraph(items[0]))
        evidence = [e.get("text", "") for e in priority.evidence if e.get("text")]
        if evidence:
            blocks.append(Paragraph("Evidence"))
            blocks.append(Bullets(tuple(evidence)))
        if not filled:
            blocks.append(
                empty("gap-analyses", "The gap analysis of this priority is not filled in yet.")
            )
    return blocks


def section_redesign(site) -> list[Block]:
    from thrivekit.planning import offer

    offers = offer.offers_view(site=site)
    if not any(o["offer"] for o in offers):
        return [empty("redesign", "No future offer has been written for any grouping yet.")]
    blocks: list[Block] = []
    fields = (
        ("services", "Services"),
        ("entry_points", "Entry points"),
        ("who_delivers", "Who delivers"),
        ("skill_mix", "Skill mix"),
        ("notes", "Notes"),
    )
    for each in offers:
        blocks.append(Subheading(each["name"]))
        saved = each["offer"]
        if saved is None:
            blocks.append(empty("redesign", f"No future offer for {each['name']} yet."))
            continue
        for name, label in fields:
            items = lines(getattr(saved, name))
            if items:
                blocks.append(Paragraph(label))
                blocks.append(Bullets(items))
        if each["scenario"]:
            blocks.append(
                Paragraph(
                    f"The demand and capacity scenario that supports it: {each['scenario'].name} "
                    f"({each['scenario_headline']})."
                )
            )
    workforce = offer.workforce_by_grouping(site=site)
    if workforce["services"]:
        blocks.append(Subheading("Today's workforce by grouping"))
        blocks.append(
            Table(
                caption="Whole-time equivalent staff and vacancies by grouping",
                columns=("Grouping", "Staff (WTE)", "Vacancies (WTE)"),
                rows=tuple(
                    (g["name"], decimal(g["wte"]), decimal(g["vacancies"]))
                    for g in workforce["groupings"]
                ),
                note="A service serving several groupings counts only its share in each.",
            )
        )
    training = offer.training_needs(site=site)
    if training:
        blocks.append(Subheading("Training needs"))
        blocks.append(Bullets(tuple(f"{t['source']}: {t['text']}" for t in training)))
    return blocks


def section_scenarios(site) -> list[Block]:
    from thrivekit.scenarios import presenters, selectors

    run = [s for s in selectors.scenarios_for_site(site=site) if s.result]
    if not run:
        return [empty("scenarios", "No what-if scenario has been simulated yet.")]
    blocks: list[Block] = [
        Paragraph(
            "What-if scenarios model waits and capacity under changes to the system. They are "
            "model output, only as good as the model's assumptions."
        )
    ]
    rows = []
    for scenario in run:
        view = presenters.result_view(scenario.result)
        if view is None:
            continue
        overall = view["overall"]
        rows.append(
            (
                scenario.name,
                f"{overall['wait_mean']} days",
                f"{overall['wait_median']} days",
                _percent_text(overall["within_28"]),
                _percent_text(overall["utilisation"]),
            )
        )
        if view["queue_chart"]:
            blocks.append(
                Chart(
                    title=f"{scenario.name}: the waiting list over time",
                    spec=view["queue_chart"],
                    description="The simulated waiting list across the whole system: the "
                    "median run with the lowest and highest 10% of runs.",
                )
            )
    columns = ("Scenario", "Mean wait", "Median wait", "Seen within 4 weeks", "Utilisation")
    if all(row[-1] == "–" for row in rows):  # not every model measures utilisation
        columns, rows = columns[:-1], [row[:-1] for row in rows]
    blocks.insert(
        1, Table(caption="Simulated results of each scenario", columns=columns, rows=tuple(rows))
    )
    return blocks


def section_plan(site) -> list[Block]:
    from thrivekit.planning import presenters, selectors

    today = timezone.localdate()
    plan = presenters.plan_by_grouping(selectors.actions_for_site(site=site), today=today)
    rows = [r for g in plan for r in g["rows"]]
    if not rows:
        return [empty("plan", "The implementation plan has no actions yet.")]
    rag = presenters.rag_counts(rows)
    blocks: list[Block] = [
        Paragraph(
            f"The plan has {words(len(rows), 'action', 'actions')}: "
            f"{number_word(rag['green'])} green, {number_word(rag['amber'])} amber and "
            f"{number_word(rag['red'])} red."
        )
    ]
    for grouping in plan:
        blocks.append(Subheading(grouping["name"]))
        if not grouping["rows"]:
            blocks.append(Paragraph(f"No actions for {grouping['name']} yet."))
            continue
        blocks.append(
            Table(
                caption=f"Implementation plan: {grouping['name']}",
                columns=("Action", "Owner", "Start", "Due", "Status", "RAG", "Answers"),
                rows=tuple(
                    (
                        r.action.title,
                        r.owner,
                        _date(r.action.start_date),
                        _date(r.action.due_date),
                        r.action.get_status_display() + (" (overdue)" if r.overdue else ""),
                        r.rag.rag.capitalize(),
                        "; ".join(r.answers) or "–",
                    )
                    for r in grouping["rows"]
                ),
            )
        )
    return blocks


def _date(value: dt.date | None) -> str:
    return f"{value:%-d %b %Y}" if value else "–"


def section_outcomes(site) -> list[Block]:
    from thrivekit.planning import presenters, selectors

    figures = viewer_figures(site)
    outcomes = list(selectors.outcomes_for_site(site=site))
    if not outcomes:
        return [empty("outcomes", "No outcomes have been agreed yet.")]
    blocks: list[Block] = [
        Paragraph(
            "Outcomes agreed across agencies, each with its indicators. Baselines computed from "
            "the activity data are published through the disclosure rules."
        )
    ]
    for outcome in outcomes:
        blocks.append(Subheading(outcome.title))
        if outcome.agreed_by:
            blocks.append(Paragraph(f"Agreed by: {outcome.agreed_by}."))
        indicators = [
            presenters.indicator_view(i, figures=figures) for i in outcome.indicators.all()
        ]
        if not indicators:
            blocks.append(Paragraph("No indicators yet."))
            continue
        blocks.append(
            Table(
                caption=f"Indicators: {outcome.title}",
                columns=("Indicator", "Baseline", "Target", "Owner", "Review date"),
                rows=tuple(
                    (
                        v["indicator"].name,
                        _unit_text(v["baseline"], v["indicator"].unit),
                        _unit_text(v["target"], v["indicator"].unit),
                        v["indicator"].owner or "–",
                        _date(v["indicator"].review_date),
                    )
                    for v in indicators
                ),
            )
        )
    return blocks


def _unit_text(text: str, unit: str) -> str:
    """An indicator figure as shown on its page; a plain number gets its unit."""
    if unit == "count" and text not in ("Not set", SUPPRESSED):
        return f"{text} (count)"
    return text


BUILDERS: dict[str, Callable[..., list[Block]]] = {
    "summary": section_summary,
    "engagement": section_engagement,
    "pathway-map": section_pathway_map,
    "activity": section_activity,
    "feedback": section_feedback,
    "assessment": section_assessment,
    "checklist": section_checklist,
    "priorities": section_priorities,
    "gap-analyses": section_gap_analyses,
    "redesign": section_redesign,
    "scenarios": section_scenarios,
    "plan": section_plan,
    "outcomes": section_outcomes,
}


def report_assemble(
    *,
    site,
    sections: list[str] | None = None,
    executive_summary: str = "",
    version_label: str = "Draft",
    progress: Callable[[float, str], None] | None = None,
) -> Report:
    """The report of `site` with the chosen sections (all when None), in the fixed order."""
    chosen = SECTION_IDS if sections is None else tuple(sections)
    unknown = [s for s in chosen if s not in BUILDERS]
    if unknown:
        raise ValueError(f"Unknown report sections: {', '.join(unknown)}")
    wanted = [spec for spec in SECTIONS if spec.id in chosen]
    built = []
    for n, spec in enumerate(wanted):
        if progress is not None:
            progress(n / max(1, len(wanted)), f"Assembling: {spec.title}")
        built.append(
            Section(
                id=spec.id,
                title=spec.title,
                blocks=tuple(BUILDERS[spec.id](site)),
                step=spec.step,
            )
        )
    return Report(
        title=TITLE,
        site_name=site.name,
        prepared=timezone.localdate().isoformat(),
        sections=tuple(built),
        version_label=version_label,
        executive_summary=executive_summary.strip(),
    )
