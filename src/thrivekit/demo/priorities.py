"""Demo prioritising workshop for Northbridge: five tables, two rounds, a confirmed top five
and a completed gap analysis for each priority, drafted by tables and merged by the lead."""

from thrivekit.priorities import selectors, services
from thrivekit.priorities.models import PrioritisingSession
from thrivekit.sites.models import Role

TITLE = "Prioritising improvement workshop"
# Left open in its first round so a newcomer can rank from a table's device at once.
OPEN_TITLE = "Try it: rank your table's top five"
AIMS = ["Access: the right help at the right time", "Shorter waits", "Better outcomes",
        "Young people's and families' experience", "Best use of resources"]  # fmt: skip

# One finished gap analysis per confirmed priority, in rank order. The priorities come from the
# seeded assessment, so the text speaks of "this principle" and the worksheet names it.
WORKSHEETS = [
    {
        "in_place": "A single point of access takes referrals from GPs and schools; two mental "
        "health support teams work in 14 schools.",
        "in_development": "A shared triage meeting with early help and the voluntary sector is "
        "being piloted in Riverside.",
        "gaps": "As a young person in Eastmoor, I would not know where to go for advice without a "
        "GP appointment, and I would be told a different story by each service.",
        "training": "Needs-based groupings and shared decision making for school and early help "
        "staff.",
        "recommendations": "Agree one multi-agency front door; record the needs-based grouping "
        "for every case; report waits by grouping to the partnership board.",
        "quick_wins": "Publish one directory of local support; add the grouping field to the "
        "referral form.",
    },
    {
        "in_place": "Case reviews in the specialist service; an annual survey of young people and "
        "parents run by the ICB.",
        "in_development": "Goal-based outcome measures are being introduced in the two mental "
        "health support teams.",
        "gaps": "As a young person, I am asked what I want to get out of help once, at the start, "
        "and nobody checks with me later whether it is working.",
        "training": "Using goal-based outcomes and session-by-session feedback in everyday work.",
        "recommendations": "Use the same two outcome measures across every funded service; review "
        "them in supervision; share the anonymised results each quarter.",
        "quick_wins": "Add a 'what matters to you' question to the first appointment letter.",
    },
    {
        "in_place": "Schools' mental health leads meet the local CAMHS team each term in "
        "Northbridge Central.",
        "in_development": "A joint workforce plan with the local authority is being drafted for "
        "next year.",
        "gaps": "As a young person in Riverside, my school, my GP and the youth club each know a "
        "part of my story, but nobody joins it up.",
        "training": "Joint training days for education, social care, health and voluntary sector "
        "staff on the THRIVE Framework.",
        "recommendations": "Extend the termly meetings to every locality; agree a shared consent "
        "form so information can follow the young person.",
        "quick_wins": "Invite voluntary sector partners to the next termly meeting.",
    },
    {
        "in_place": "A youth participation group meets monthly and reviewed the service leaflets "
        "last year.",
        "in_development": "Young people are helping to design the new website for local support.",
        "gaps": "As a young person, I would not hear about decisions on services I use, and I "
        "would not know how to have my say.",
        "training": "Co-production skills for managers; how to run decision-making meetings "
        "young people can join.",
        "recommendations": "Give the youth participation group two seats on the partnership "
        "board; report back after every decision they informed.",
        "quick_wins": "Pay young people's travel to meetings; publish 'you said, we did' each "
        "quarter.",
    },
    {
        "in_place": "A risk support panel meets monthly in Riverside; crisis lines are open "
        "24 hours.",
        "in_development": "A Northbridge-wide panel with police and social care is being planned.",
        "gaps": "As a young person who is not getting better, I would be passed between services "
        "with long waits in between, and I would have to tell my story again each time.",
        "training": "Risk support and safety planning across agencies, including for schools.",
        "recommendations": "Run the risk support panel in every locality; agree one safety plan "
        "that every agency can read.",
        "quick_wins": "Share the Riverside panel's terms of reference with the other two areas.",
    },
]


def seed_priorities(site, *, people) -> None:
    """Add the finished and the open prioritising workshops once; a second run does nothing."""
    if not selectors.sessions_for_site(site=site).filter(title=TITLE).exists():
        _finished(site, people=people)
    if not selectors.sessions_for_site(site=site).filter(title=OPEN_TITLE).exists():
        session = services.session_create(
            site=site,
            title=OPEN_TITLE,
            allow_checklist_actions=False,
            table_names=["Table 1", "Table 2", "Table 3"],
            aims=AIMS[:3],
        )
        services.session_open(session=session)


def open_table_codes(site) -> list[tuple[str, str]]:
    """(table name, code) for each table of the demo's open prioritising workshop."""
    session = (
        selectors.sessions_for_site(site=site)
        .filter(title=OPEN_TITLE, status=PrioritisingSession.Status.OPEN)
        .first()
    )
    if session is None:
        return []
    return [(table.name, table.code) for table in selectors.session_tables(session=session)]


def _finished(site, *, people) -> None:
    session = services.session_create(
        site=site,
        title=TITLE,
        allow_checklist_actions=False,
        table_names=[f"Table {n}" for n in range(1, 6)],
        aims=AIMS,
    )
    services.session_open(session=session)
    suggested = [
        c.id for c in selectors.top_line_priorities(selectors.candidates(session=session), count=7)
    ]
    tables = list(selectors.session_tables(session=session))
    # After discussing the preliminary vote, the tables move closer together.
    preliminary = [
        [0, 1, 2, 3, 4],
        [1, 0, 3, 2, 5],
        [0, 2, 1, 4, 6],
        [2, 0, 1, 3, 5],
        [1, 2, 0, 5, 3],
    ]
    final = [[0, 1, 2, 3, 4], [0, 1, 3, 2, 5], [0, 2, 1, 3, 4], [0, 1, 2, 3, 5], [1, 0, 2, 3, 4]]
    for table, order in zip(tables, preliminary, strict=True):
        services.table_ranking_save(table=table, items=[suggested[i] for i in order])
    services.session_second_round(session=session)
    for table, order in zip(tables, final, strict=True):
        services.table_ranking_save(table=table, items=[suggested[i] for i in order])
    result = selectors.room_result(session=session, round=2)
    lead = people.get(Role.SITE_LEAD)
    facilitator = people.get(Role.FACILITATOR, lead)
    priorities = services.priorities_confirm(
        session=session, items=list(result.top), reason="", confirmed_by=lead
    )
    for priority, table, worksheet in zip(priorities, tables, WORKSHEETS, strict=True):
        # Two tables draft each priority in parallel ...
        partner = tables[(tables.index(table) + 1) % len(tables)]
        services.worksheet_draft_save(
            priority=priority,
            table=table,
            fields={"ideal": priority.ideal, **worksheet, "quick_wins": ""},
        )
        services.worksheet_draft_save(
            priority=priority,
            table=partner,
            fields={"gaps": worksheet["gaps"], "quick_wins": worksheet["quick_wins"]},
        )
        # ... the facilitator merges a first version, and the lead completes it.
        first = services.worksheet_save(
            priority=priority,
            fields={"ideal": priority.ideal, "in_place": worksheet["in_place"],
                    "gaps": worksheet["gaps"]},
            base_version=priority.version,
            saved_by=facilitator,
        )  # fmt: skip
        services.worksheet_save(
            priority=first,
            fields={"ideal": priority.ideal, **worksheet},
            base_version=first.version,
            saved_by=lead,
        )
    services.session_close(session=session)
    assert session.status == PrioritisingSession.Status.CLOSED
