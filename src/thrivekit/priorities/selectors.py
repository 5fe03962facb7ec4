from dataclasses import dataclass, field

from django.http import Http404

from thrivekit import consensus, scoring
from thrivekit.instrument_library.selectors import instrument_in_use
from thrivekit.priorities.models import (
    Aim,
    PrioritisingSession,
    Priority,
    RankingTable,
    TableRanking,
    WorksheetDraft,
    WorksheetVersion,
)
from thrivekit.workshops import selectors as workshop_selectors
from thrivekit.workshops.models import Workshop


def sessions_for_site(*, site):
    return PrioritisingSession.objects.for_site(site)


def session_for_site(*, site, session_id) -> PrioritisingSession:
    session = PrioritisingSession.objects.for_site(site).filter(pk=session_id).first()
    if session is None:
        raise Http404("No such prioritising workshop")
    return session


def session_aims(*, session):
    return Aim.objects.for_site(session.site).filter(session=session)


def session_tables(*, session):
    return RankingTable.objects.for_site(session.site).filter(session=session)


def session_table(*, session, table_id) -> RankingTable:
    table = session_tables(session=session).filter(pk=table_id).first()
    if table is None:
        raise Http404("No such table")
    return table


def open_table_by_code(*, code: str) -> RankingTable | None:
    return (
        RankingTable.objects.select_related("session", "site")
        .filter(
            code=code.strip().upper(),
            session__status__in=[
                PrioritisingSession.Status.OPEN,
                PrioritisingSession.Status.CLOSED,
            ],
        )
        .first()
    )


def site_priorities(*, site):
    return Priority.objects.for_site(site)


def session_priorities(*, session):
    return Priority.objects.for_site(session.site).filter(session=session)


def session_priority(*, session, priority_id) -> Priority:
    priority = session_priorities(session=session).filter(pk=priority_id).first()
    if priority is None:
        raise Http404("No such priority")
    return priority


def priority_versions(*, priority):
    return WorksheetVersion.objects.for_site(priority.site).filter(priority=priority)


def priority_version(*, priority, version: int) -> WorksheetVersion:
    saved = (
        priority_versions(priority=priority)
        .filter(version=version)
        .select_related("saved_by")
        .first()
    )
    if saved is None:
        raise Http404("No such version")
    return saved


def priority_drafts(*, priority):
    return (
        WorksheetDraft.objects.for_site(priority.site)
        .filter(priority=priority)
        .select_related("table")
    )


def table_draft(*, priority, table) -> WorksheetDraft | None:
    return priority_drafts(priority=priority).filter(table=table).first()


def rankings(*, session, round: int):
    return (
        TableRanking.objects.for_site(session.site)
        .filter(table__session=session, round=round)
        .select_related("table")
    )


def ballots(*, session, round: int) -> list[consensus.Ballot]:
    return [
        consensus.Ballot(ranking.table.name, tuple(ranking.items))
        for ranking in rankings(session=session, round=round)
    ]


def room_result(*, session, round: int) -> consensus.ConsensusResult | None:
    found = ballots(session=session, round=round)
    return consensus.consensus(found) if found else None


# --- Candidates and their evidence ----------------------------------------------------------


@dataclass
class Candidate:
    id: str
    kind: str  # "assessment" or "checklist"
    title: str
    ideal: str
    n: int = 0
    median: float | None = None
    thrive_like: float | None = None  # percentage
    disagreement: float | None = None  # normalised entropy
    iqr: float | None = None
    checklist: list[tuple[str, str, float | None]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _latest_closed(site, **flags) -> Workshop | None:
    return (
        workshop_selectors.workshops_for_site(site=site)
        .filter(status=Workshop.Status.CLOSED, **flags)
        .order_by("-closed_at")
        .first()
    )


def candidates(*, session) -> list[Candidate]:
    """The assessment's items (and, if allowed, checklist actions), each with its evidence."""
    site = session.site
    assessment = instrument_in_use(site=site, kind="assessment").instrument
    checklist = instrument_in_use(site=site, kind="checklist").instrument
    summary = None
    workshop = _latest_closed(site, includes_assessment=True)
    if workshop is not None:
        summary = scoring.summarise_assessment(
            workshop_selectors.assessment_responses(workshop=workshop)
        )
    checklist_summary = None
    checklist_workshop = _latest_closed(site, includes_checklist=True)
    if checklist_workshop is not None:
        checklist_summary = scoring.summarise_checklist(
            workshop_selectors.checklist_responses(workshop=checklist_workshop)
        )

    def action_evidence(action_id):
        if checklist_summary is None:
            return None
        try:
            return checklist_summary.action(action_id)
        except KeyError:
            return None

    result = []
    for item in assessment.items():
        top = next(d.text for d in item.descriptors if d.score == 4)
        candidate = Candidate(
            id=item.id,
            kind="assessment",
            title=f"{item.principle_name}: {item.level_name}",
            ideal=f"{item.statement} {top}",
        )
        if summary is not None:
            try:
                s = summary.item(item.id)
            except KeyError:
                s = None
            if s is not None:
                candidate.n, candidate.median = s.n, s.median
                candidate.thrive_like = s.thrive_like_percentage
                candidate.disagreement, candidate.iqr = s.normalised_entropy, s.iqr
        for action in checklist.actions:
            if item.principle in action.principles and action.level == item.level:
                evidence = action_evidence(action.id)
                if evidence is not None:
                    statuses = ", ".join(scoring.STATUS_LABELS[x] for x in evidence.modal_statuses)
                    candidate.checklist.append(
                        (f"{action.number}. {action.text}", statuses, evidence.agreement_percentage)
                    )
                    candidate.comments += [c.text for c in evidence.comments if c.text]
        result.append(candidate)
    if session.allow_checklist_actions:
        for action in checklist.actions:
            candidate = Candidate(
                id=action.id,
                kind="checklist",
                title=f"{action.number}. {action.text}",
                ideal=f"Fully in place: {action.text}",
            )
            evidence = action_evidence(action.id)
            if evidence is not None:
                statuses = ", ".join(scoring.STATUS_LABELS[x] for x in evidence.modal_statuses)
                candidate.checklist.append(("Status", statuses, evidence.agreement_percentage))
                candidate.comments = [c.text for c in evidence.comments if c.text]
            result.append(candidate)
    return result


def top_line_priorities(candidates: list[Candidate], *, count: int = 5) -> list[Candidate]:
    """A starting point: the least THRIVE-like assessment items, then the most disputed."""
    scored = [c for c in candidates if c.kind == "assessment" and c.thrive_like is not None]
    scored.sort(key=lambda c: (c.thrive_like, -(c.disagreement or 0), c.id))
    return scored[:count]
