"""Demo redesign and implementation planning for Northbridge: a plan for all five needs-based
groupings (drafted from the gap analyses, then owned and dated), the future offer per grouping
drafted from the map, an outcome framework of 12 indicators with baselines from the demo
extract, two changes the redesign proposes to the pathway map and the partnership board's
sign-off of the outcome framework. Seed it after the priorities, the extract and the pathway
map."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from thrivekit import pathways
from thrivekit.core.template_filters import uk_date
from thrivekit.planning import offer, selectors, services
from thrivekit.planning.models import Action
from thrivekit.priorities.selectors import site_priorities
from thrivekit.scenarios.selectors import scenarios_for_site
from thrivekit.sites.models import Role

# The demo's confirmed priorities, in rank order, answer these groupings.
PRIORITY_GROUPINGS = [
    "getting-advice",
    "getting-help",
    "getting-more-help",
    "thriving",
    "getting-risk-support",
]
OWNERS = [
    ("Northbridge and Vale ICB", Role.SITE_LEAD),
    ("Northbridge CAMHS", Role.FACILITATOR),
    ("Northbridge City Council", Role.CONTRIBUTOR),
]
OTHER_OWNERS = [
    ("Priya Shah", "Northbridge Youth Trust"),
    ("Daniel Hughes", "Northbridge Schools Partnership"),
]
# (grouping, title, owner index, start and due in months from the seeding day, status)
ACTIONS = [
    ("thriving", "Run a wellbeing campaign designed with the youth participation group", 3,
     -2, 4, "in_progress"),
    ("getting-advice", "Open drop-in advice sessions in every locality's youth hub", 3,
     1, 7, "not_started"),
    ("getting-help", "Offer goal-based outcome training to every Getting Help practitioner", 1,
     -4, -1, "in_progress"),
    ("getting-more-help", "Agree joint case reviews between CAMHS and children's social care", 1,
     0, 5, "not_started"),
    ("getting-risk-support", "Write one multi-agency safety plan template", 2, -3, 2,
     "blocked"),
    ("getting-advice", "Train school mental health leads in the needs-based groupings", 4,
     -1, 3, "in_progress"),
]  # fmt: skip
OUTCOMES = [
    (
        "Children and young people get the right help at the right time",
        "ICB; City Council; CAMHS provider; Schools Partnership",
        [("access", 0), ("waits_4_weeks", 80), ("dna_rate", 8)],
    ),
    (
        "Everyone uses one language of needs",
        "ICB; City Council; CAMHS provider; Youth Trust",
        [("grouping_recorded", 90), ("ending_reasons", 90)],
    ),
    (
        "Young people and families share decisions about their help",
        "ICB; CAMHS provider; Youth Trust; Parent carer forum",
        [("shared_decisions_recorded", 75), ("collaborate_top", 60), ("goals_recorded", 85)],
    ),
    (
        "Help makes a difference that young people notice",
        "ICB; CAMHS provider; Youth Trust",
        [("gbo_reliable_change", 60), ("rcads_reliable_change", 50)],
    ),
]
# Hand-entered baselines for measures extracts do not hold (the services' own returns).
HAND_BASELINES = {"collaborate_top": 41.0, "gbo_reliable_change": 48.0}
LOCAL_INDICATORS = [
    (
        "Children and young people get the right help at the right time",
        "Schools with a named mental health lead",
        "Schools in Northbridge with a trained, named mental health lead.",
        "Schools Partnership register",
        62.0,
        100.0,
    ),
    (
        "Everyone uses one language of needs",
        "Staff trained in the needs-based groupings",
        "Staff in funded services who have completed the common-language training.",
        "Training records",
        15.0,
        80.0,
    ),
]


def _months(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.month - 1 + months, 12)
    return dt.date(today.year + year, month + 1, min(today.day, 28))


def seed_planning(site, *, people) -> None:
    """Seed what the site does not have yet: the plan and outcome framework, the future map's
    changes and the agreement record, each only once."""
    if not (selectors.actions_count(site) or selectors.outcomes_count(site)):
        _seed_plan_and_outcomes(site, people=people)
    _seed_future_changes(site, people=people)
    _seed_agreement(site, people=people)
    _seed_redesign_workshop(site)


def _owners(people) -> list[tuple[str, str]]:
    return [
        ((people[role].full_name if people.get(role) else organisation), organisation)
        for organisation, role in OWNERS
    ] + OTHER_OWNERS


def _seed_plan_and_outcomes(site, *, people) -> None:
    today = timezone.localdate()
    owners = _owners(people)
    lead = people.get(Role.SITE_LEAD)
    # The gap analyses' quick wins and recommendations, then owned, dated and started.
    priorities = list(site_priorities(site=site).order_by("session__created_at", "rank"))[:5]
    for n, (priority, grouping) in enumerate(zip(priorities, PRIORITY_GROUPINGS, strict=False)):
        drafted = services.actions_from_gap_analysis(
            site=site, priority=priority, grouping=grouping, updated_by=lead
        )
        for m, action in enumerate(drafted):
            name, organisation = owners[(n + m) % len(owners)]
            quick = action.source_field == Action.Source.QUICK_WIN
            start = _months(today, -2 if quick else m - 1)
            services.action_update(
                action=action,
                version=action.version,
                title=action.title,
                grouping=grouping,
                owner_name=name,
                owner_organisation=organisation,
                start_date=start,
                due_date=_months(start, 2 if quick else 6),
                status=("done" if quick and m % 2 else "in_progress")
                if start < today
                else "not_started",
                updated_by=lead,
            )
    made = []
    for grouping, title, who, start, due, status in ACTIONS:
        name, organisation = owners[who]
        made.append(
            services.action_create(
                site=site,
                title=title,
                grouping=grouping,
                owner_name=name,
                owner_organisation=organisation,
                start_date=_months(today, start),
                due_date=_months(today, due),
                status=status,
                depends_on=made[-1:] if grouping == "getting-advice" and made else (),
                updated_by=lead,
            )
        )
    services.action_override_rag(
        action=made[4],
        rag="amber",
        reason="Police sign-off is agreed for next month's board; the template is drafted.",
        updated_by=lead,
    )
    # Each offer cites the scenario that supports it: more capacity where the demand is.
    supporting = (
        scenarios_for_site(site=site).filter(name__startswith="More capacity").first()
        or scenarios_for_site(site=site).first()
    )
    for grouping in PRIORITY_GROUPINGS:
        services.offer_save(
            site=site,
            grouping=grouping,
            scenario=supporting,
            **offer.draft(site=site, grouping=grouping),
        )
    # The outcome framework: standard indicators with baselines from the latest extract.
    created = {}
    for position, (title, agreed_by, indicators) in enumerate(OUTCOMES):
        outcome = services.outcome_create(site=site, title=title, agreed_by=agreed_by)
        created[title] = outcome
        for measure, target in indicators:
            services.indicator_add(
                outcome=outcome,
                measure=measure,
                target=float(target) if target else None,
                baseline=HAND_BASELINES.get(measure),
                owner=owners[position % len(owners)][0],
                review_date=_months(today, 6),
            )
    for title, name, definition, source, baseline, target in LOCAL_INDICATORS:
        services.indicator_add(
            outcome=created[title],
            name=name,
            definition=definition,
            data_source=source,
            baseline=baseline,
            target=target,
            owner=owners[0][0],
            review_date=_months(today, 12),
        )
    services.library_ensure(site=site)


# Two changes the redesign proposes to today's map: each fixes a finding on it.
FUTURE_CHANGES = [
    {
        "kind": "add_service",
        "grouping": "getting-risk-support",
        "name": "Young Adults Crisis Response",
        "provider": "Northbridge Mental Health Trust",
        "groupings": ["getting-risk-support"],
        "age_min": 18,
        "age_max": 25,
        "from_id": "crisis",
        "reason": "Nothing offers Getting Risk Support to 19 to 25 year olds today.",
    },
    {
        "kind": "add_route",
        "grouping": "getting-advice",
        "from_id": "ae",
        "to_id": "single-point-of-access",
        "route_kind": "referral",
        "reason": "A&E is a wrong door today: it leads only to Crisis.",
    },
]


def _seed_future_changes(site, *, people) -> None:
    if selectors.future_changes_for_site(site=site).exists():
        return
    for change in FUTURE_CHANGES:
        try:
            services.future_change_add(site=site, proposed_by=people.get(Role.SITE_LEAD), **change)
        except ValidationError:
            continue  # the site's map is not the demo map: nothing to change there


def _seed_agreement(site, *, people) -> None:
    """The partnership board signed off the outcome framework as seeded (on the seeding day)."""
    if selectors.signoffs_for_site(site=site).exists() or not selectors.outcomes_count(site):
        return
    signed_on = timezone.localdate()
    services.signoff_record(
        site=site,
        subject="outcomes",
        body=f"Children and Young People's Mental Health Partnership Board, {uk_date(signed_on)}",
        signed_on=signed_on,
        signatories=[
            {"name": name, "organisation": organisation} for name, organisation in _owners(people)
        ],
        note="Baselines from the latest activity extract; targets to be reviewed in a year.",
        recorded_by=people.get(Role.SITE_LEAD),
    )


def _seed_redesign_workshop(site) -> None:
    """A closed redesign workshop: two tables drafted Getting Help's offer; next steps and
    the wider engagement plan were recorded."""
    if selectors.redesign_workshops_for_site(site=site).exists():
        return
    workshop = services.redesign_workshop_create(
        site=site,
        title="Redesign workshop",
        groupings=list(pathways.grouping_ids()),
        table_names=["Table 1", "Table 2"],
    )
    first, second = selectors.redesign_tables(workshop=workshop)
    today = services.offer_prefill(site=site, grouping="getting-help")
    drafts = (
        (first, {"entry_points": "One multi-agency front door, open to self-referral online"}),
        (second, {"skill_mix": "Add peer support workers and a schools link worker"}),
    )
    for table, change in drafts:
        services.offer_draft_save(
            table=table, grouping="getting-help", fields={**today, **change}, base_version=0
        )
    services.redesign_outcomes_save(
        workshop=workshop,
        next_steps="The Getting Help design group merges the tables' drafts and brings the "
        "offer to the partnership board.",
        engagement_plan="Test the drafts with the youth council, parents' forum and school "
        "leads before the board; share a summary with staff in every service.",
    )
    services.redesign_workshop_set_status(workshop=workshop, is_open=False)
