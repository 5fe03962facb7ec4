"""The pieces of work each Phase 1 step holds, declared as data: each step page is built from them.

A piece is its title, what it is, a count of what the site has captured, the URL name of its
tool and the actions it offers. A piece whose URL name does not resolve yet (its app has no
page) is listed as "not available yet"; switch a new tool on by adding or editing an entry.
Who is offered an action is not declared here: it is whoever the action's view lets in
(`site_view(roles=...)`), so a step page never offers a link that answers 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

from thrivekit.engagement import presenters as engagement_presenters
from thrivekit.engagement import selectors as engagement_selectors
from thrivekit.extracts import selectors as extract_selectors
from thrivekit.maps import selectors as map_selectors
from thrivekit.planning import selectors as planning_selectors
from thrivekit.priorities import selectors as priority_selectors
from thrivekit.qualitative import selectors as qualitative_selectors
from thrivekit.reports import selectors as report_selectors
from thrivekit.scenarios import selectors as scenario_selectors
from thrivekit.sites import selectors as site_selectors
from thrivekit.workshops import selectors as workshop_selectors


@dataclass(frozen=True)
class Action:
    text: str
    url_name: str
    # Offered only while the piece has nothing captured (e.g. "Upload the first extract").
    only_when_empty: bool = False


@dataclass(frozen=True)
class Piece:
    step: str  # the step's slug
    title: str
    what: str
    url_name: str  # the piece's own page; every role that can see the site may open it
    see: str  # the link text for that page
    count: Callable[..., int] | None = None  # count(site=site)
    noun: tuple[str, str] = ("item", "items")  # one, many
    detail: Callable[..., str] | None = None  # detail(site=site): one more line, or ""
    actions: tuple[Action, ...] = ()  # in order of preference


def _register_gaps(*, site) -> str:
    summary = engagement_presenters.step_summary(site=site)
    if not summary["stakeholders"]:
        return ""
    gaps = summary["register_gaps"]
    return f"{gaps} key sector gap{'' if gaps == 1 else 's'} in the register"


def _baseline(*, site) -> str:
    snapshots = workshop_selectors.assessment_snapshots(site=site).count()
    if not snapshots:
        return "No baseline assessment yet: closing the first assessment workshop sets it"
    later = snapshots - 1
    return "A baseline assessment" + (
        f", and {later} later assessment{'' if later == 1 else 's'} to compare" if later else ""
    )


def _approved_themes(*, site) -> str:
    approved = qualitative_selectors.themes_approved_count(site)
    return f"{approved} approved theme{'' if approved == 1 else 's'}" if approved else ""


def _overdue(*, site) -> str:
    overdue = planning_selectors.overdue_actions(site).count()
    return f"{overdue} overdue action{'' if overdue == 1 else 's'}" if overdue else ""


PIECES = (
    # Step 1: Engagement
    Piece(
        step="engagement",
        title="Site team",
        what="The people who use thrivekit for this site, each with a role.",
        url_name="sites:members",
        see="See the site team",
        count=lambda *, site: site_selectors.site_members(site=site).count(),
        noun=("person", "people"),
        actions=(Action("Invite your transformation group", "sites:member_invite"),),
    ),
    Piece(
        step="engagement",
        title="Transformation group",
        what="A senior chair, the implementation lead and the i-THRIVE champions.",
        url_name="engagement:overview",
        see="See the group and sector coverage",
        count=lambda *, site: engagement_selectors.transformation_group(site=site).count(),
        noun=("person", "people"),
        actions=(Action("Add someone to the transformation group", "engagement:stakeholder_add"),),
    ),
    Piece(
        step="engagement",
        title="Stakeholder register",
        what="Everyone to involve, with their sector and engagement status.",
        url_name="engagement:register",
        see="See the stakeholder register",
        count=lambda *, site: engagement_selectors.stakeholders_for_site(site=site).count(),
        noun=("person", "people"),
        detail=_register_gaps,
        actions=(
            Action("Import the register from a spreadsheet", "engagement:import", True),
            Action("Add a stakeholder", "engagement:stakeholder_add"),
        ),
    ),
    Piece(
        step="engagement",
        title="Engagement log",
        what="Meetings, briefings and communications across the system.",
        url_name="engagement:log",
        see="See the engagement log",
        count=lambda *, site: engagement_selectors.log_entries_for_site(site=site).count(),
        noun=("entry", "entries"),
        actions=(Action("Record a meeting or briefing", "engagement:log_add"),),
    ),
    # Step 2: Understanding your system
    Piece(
        step="understanding-your-system",
        title="Pathway map",
        what="Services, entry points and the routes young people take between them.",
        url_name="maps:overview",
        see="See the pathway map",
        count=lambda *, site: len(map_selectors.site_map(site=site).services),
        noun=("service", "services"),
        actions=(Action("Add a service to the map", "maps:service_new"),),
    ),
    Piece(
        step="understanding-your-system",
        title="Activity data",
        what="Demand, capacity, flow, waits and bottlenecks from record-level extracts.",
        url_name="extracts:list",
        see="See the activity data",
        count=lambda *, site: extract_selectors.extracts_for_site(site=site).count(),
        noun=("activity extract", "activity extracts"),
        actions=(Action("Upload an activity extract", "extracts:upload"),),
    ),
    Piece(
        step="understanding-your-system",
        title="Qualitative feedback",
        what="What young people, families, the public and staff think of the services.",
        url_name="qualitative:home",
        see="See the qualitative feedback",
        count=lambda *, site: qualitative_selectors.responses_count(site),
        noun=("response", "responses"),
        detail=_approved_themes,
        actions=(
            Action("Import a survey export", "qualitative:upload"),
            Action("Add notes from a focus group or listening event", "qualitative:notes_add"),
        ),
    ),
    # Step 3: THRIVE Assessment
    Piece(
        step="thrive-assessment",
        title="Assessment workshops",
        what="The THRIVE Assessment and the Implementation Checklist, answered in the room on "
        "phones with a short code.",
        url_name="workshops:list",
        see="See the workshops and their results",
        count=lambda *, site: workshop_selectors.workshops_for_site(site=site).count(),
        noun=("workshop", "workshops"),
        detail=_baseline,
        actions=(Action("Set up an assessment workshop", "workshops:new"),),
    ),
    Piece(
        step="thrive-assessment",
        title="Instrument wording",
        what="The principles, descriptors and checklist actions people answer.",
        url_name="instrument_library:list",
        see="Read the wording of the instruments",
        actions=(Action("Load your licensed wording", "instrument_library:upload"),),
    ),
    # Step 4: Prioritising improvement and gap analysis
    Piece(
        step="prioritising",
        title="Prioritising workshops",
        what="The collective aims, each table's ranked top five and the room's consensus.",
        url_name="priorities:list",
        see="See the prioritising workshops",
        count=lambda *, site: priority_selectors.sessions_for_site(site=site).count(),
        noun=("prioritising workshop", "prioritising workshops"),
        actions=(Action("Set up a prioritising workshop", "priorities:new"),),
    ),
    Piece(
        step="prioritising",
        title="Priorities and gap analyses",
        what="A gap analysis for each confirmed priority: the ideal, what is in place, the gaps, "
        "training, recommendations and quick wins.",
        url_name="priorities:list",
        see="See the priorities and gap analyses",
        count=lambda *, site: priority_selectors.site_priorities(site=site).count(),
        noun=("confirmed priority", "confirmed priorities"),
    ),
    # Step 5: Redesign and implementation planning
    Piece(
        step="redesign",
        title="Future offer by grouping",
        what="How each needs-based grouping will look: services, entry points, who delivers and "
        "the skill mix, drafted from today's map and the gap analyses.",
        url_name="planning:offers",
        see="See the future offer",
    ),
    Piece(
        step="redesign",
        title="Future pathway map",
        what="Today's map beside the future one, with the changes proposed for each grouping, "
        "the differences in words and the findings the redesign fixes.",
        url_name="planning:future_map",
        see="See the future pathway map",
        count=lambda *, site: planning_selectors.future_changes_count(site),
        noun=("proposed change", "proposed changes"),
    ),
    Piece(
        step="redesign",
        title="Redesign workshops",
        what="A live session: tables draft each grouping's future offer on their own devices, "
        "the facilitator merges the drafts into the offer, then records the next steps and the "
        "plan for engaging more widely.",
        url_name="planning:redesign_workshops",
        see="See the redesign workshops",
        count=lambda *, site: planning_selectors.redesign_workshops_for_site(site=site).count(),
        noun=("redesign workshop", "redesign workshops"),
        actions=(
            Action(
                "Set up a redesign workshop",
                "planning:redesign_workshop_new",
                only_when_empty=True,
            ),
        ),
    ),
    Piece(
        step="redesign",
        title="Implementation plan",
        what="A stepwise plan with owners, dates, dependencies and RAG status, each action "
        "linked to the priority or gap it answers.",
        url_name="planning:plan",
        see="See the implementation plan",
        count=lambda *, site: planning_selectors.actions_count(site),
        noun=("action", "actions"),
        detail=_overdue,
        actions=(
            Action("Draft actions from a gap analysis", "planning:from_gap_analysis"),
            Action("Add an action", "planning:action_add"),
        ),
    ),
    Piece(
        step="redesign",
        title="Outcome framework",
        what="Outcomes agreed across agencies, each with indicators, baselines from the activity "
        "data, targets, owners and review dates.",
        url_name="planning:outcomes",
        see="See the outcome framework",
        count=lambda *, site: planning_selectors.outcomes_count(site),
        noun=("outcome", "outcomes"),
        actions=(Action("Add an outcome", "planning:outcome_add"),),
    ),
    Piece(
        step="redesign",
        title="Record of the system's agreement",
        what="Who signed off the plan, the outcome framework and each grouping's future offer, "
        "when and for which organisations.",
        url_name="planning:agreement",
        see="See the record of agreement",
        count=lambda *, site: planning_selectors.signoffs_count(site),
        noun=("sign-off", "sign-offs"),
        actions=(Action("Record a sign-off", "planning:signoff_add"),),
    ),
    Piece(
        step="redesign",
        title="Demand and capacity what-ifs",
        what="Scenarios that model waits and capacity under changes to the system.",
        url_name="scenarios:list",
        see="See the scenarios",
        count=lambda *, site: scenario_selectors.scenarios_for_site(site=site).count(),
        noun=("scenario", "scenarios"),
        actions=(Action("Try a what-if scenario", "scenarios:new"),),
    ),
    Piece(
        step="redesign",
        title="Phase 1 report",
        what="The Phase 1 analysis report and implementation plan, built from every step, "
        "signed off by a second site lead and published as a version that never changes.",
        url_name="reports:home",
        see="See the Phase 1 report",
        count=lambda *, site: report_selectors.published_count(site),
        noun=("published version", "published versions"),
    ),
)


def pieces_for(step_slug: str) -> list[Piece]:
    return [piece for piece in PIECES if piece.step == step_slug]
