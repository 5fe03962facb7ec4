"""Demo prioritising workshop for Northbridge: five tables, two rounds, a confirmed top five
and a completed gap analysis for each priority."""

from thrivekit.priorities import selectors, services
from thrivekit.priorities.models import PrioritisingSession

TITLE = "Prioritising improvement workshop"
AIMS = ["Access: the right help at the right time", "Shorter waits", "Better outcomes",
        "Young people's and families' experience", "Best use of resources"]  # fmt: skip
WORKSHEETS = {
    "in_place": "A single point of access takes referrals from GPs and schools; two mental "
    "health support teams work in 14 schools.",
    "in_development": "A shared triage meeting with early help and the voluntary sector is being "
    "piloted in Riverside.",
    "gaps": "As a young person in Eastmoor, I would not know where to go for advice without a GP "
    "appointment, and I would be told a different story by each service.",
    "training": "Needs-based groupings and shared decision making for school and early help staff.",
    "recommendations": "Agree one multi-agency front door; record the needs-based grouping for "
    "every case; report waits by grouping to the partnership board.",
    "quick_wins": "Publish one directory of local support; add the grouping field to the referral "
    "form.",
}


def seed_priorities(site, *, people) -> None:
    if selectors.sessions_for_site(site=site).filter(title=TITLE).exists():
        return
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
    lead = people.get("site_lead")
    priorities = services.priorities_confirm(
        session=session, items=list(result.top), reason="", confirmed_by=lead
    )
    for priority in priorities:
        services.worksheet_save(
            priority=priority,
            fields={"ideal": priority.ideal, **WORKSHEETS},
            base_version=priority.version,
            saved_by=lead,
        )
    services.session_close(session=session)
    assert session.status == PrioritisingSession.Status.CLOSED
