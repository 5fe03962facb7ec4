from collections import Counter
from functools import lru_cache

from django.http import Http404

from thrivekit import instruments, scoring
from thrivekit.instrument_library.selectors import instrument_by_ref
from thrivekit.workshops.models import (
    AssessmentAnswer,
    AssessmentSnapshot,
    ChecklistAnswer,
    Participant,
    Workshop,
    WorkshopTable,
)


def workshops_for_site(*, site):
    return Workshop.objects.for_site(site)


def workshop_for_site(*, site, workshop_id) -> Workshop:
    workshop = Workshop.objects.for_site(site).filter(pk=workshop_id).first()
    if workshop is None:
        raise Http404("No such workshop")
    return workshop


def _normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def open_workshop_by_code(*, code: str) -> Workshop | None:
    return (
        Workshop.objects.select_related("site")
        .filter(join_code=_normalise_code(code), status=Workshop.Status.OPEN)
        .first()
    )


def closed_workshop_by_code(*, code: str) -> Workshop | None:
    """The closed workshop that used this code: it no longer lets anyone in or answer."""
    return (
        Workshop.objects.select_related("site")
        .filter(join_code=_normalise_code(code), status=Workshop.Status.CLOSED)
        .first()
    )


def open_workshop_participant(*, code: str, tokens: list[str]) -> Participant | None:
    """The participant a phone is in the open workshop with this code, found by the tokens
    its cookies hold; with the workshop and its site, all in one query."""
    from thrivekit.workshops.services import token_digest

    digests = [token_digest(token) for token in tokens if token]
    if not digests:
        return None
    participant = (
        Participant.objects.select_related("workshop__site")
        .filter(
            token_digest__in=digests,
            workshop__join_code=_normalise_code(code),
            workshop__status=Workshop.Status.OPEN,
        )
        .order_by()[:1]
    )
    participant = next(iter(participant), None)
    if participant is not None:
        participant.site = participant.workshop.site
    return participant


def workshop_tables(*, workshop: Workshop):
    return WorkshopTable.objects.for_site(workshop.site).filter(workshop=workshop)


def _instrument(workshop: Workshop, kind: str, ref: str):
    # Looked up once per workshop object: answering one question needs it several times.
    found = workshop.__dict__.setdefault("_instruments", {})
    if (kind, ref) not in found:
        found[kind, ref] = instrument_by_ref(site=workshop.site, kind=kind, ref=ref)
    return found[kind, ref]


def assessment_instrument(*, workshop: Workshop) -> instruments.AssessmentInstrument:
    return _instrument(workshop, "assessment", workshop.assessment_instrument)


def checklist_instrument(*, workshop: Workshop) -> instruments.ChecklistInstrument:
    return _instrument(workshop, "checklist", workshop.checklist_instrument)


def workshop_items(*, workshop: Workshop) -> list:
    """The assessment items of this workshop, in the instrument's order."""
    if not workshop.includes_assessment:
        return []
    instrument = assessment_instrument(workshop=workshop)
    return [
        item
        for item in instrument.items()
        if (not workshop.principles or item.principle in workshop.principles)
        and (not workshop.levels or item.level in workshop.levels)
    ]


def workshop_item_ids(*, workshop: Workshop) -> list[str]:
    return [item.id for item in workshop_items(workshop=workshop)]


def workshop_actions(*, workshop: Workshop) -> list:
    if not workshop.includes_checklist:
        return []
    return list(checklist_instrument(workshop=workshop).actions)


def workshop_action_ids(*, workshop: Workshop) -> list[str]:
    return [action.id for action in workshop_actions(workshop=workshop)]


def sector_choices() -> list[tuple[str, str]]:
    return _sector_choices()


@lru_cache(maxsize=1)
def _sector_choices() -> list[tuple[str, str]]:
    sectors = instruments.builtin("sectors")
    return [(sector.id, sector.name) for sector in sectors.sectors]


def _participant_labels(workshop: Workshop) -> dict:
    sectors = dict(sector_choices())
    rows = (
        Participant.objects.for_site(workshop.site)
        .filter(workshop=workshop)
        .select_related("local_area", "table")
    )
    return {
        p.id: {
            "local_area": p.local_area.name if p.local_area else None,
            "sector": sectors.get(p.sector, p.sector) if p.sector else None,
            "table": p.table.name if p.table else None,
        }
        for p in rows
    }


def assessment_responses(*, workshop: Workshop) -> list[scoring.AssessmentResponse]:
    labels = _participant_labels(workshop)
    answers = AssessmentAnswer.objects.for_site(workshop.site).filter(
        participant__workshop=workshop
    )
    items = set(workshop_item_ids(workshop=workshop))
    return [
        scoring.AssessmentResponse(
            respondent=str(answer.participant_id),
            item=answer.item,
            score=answer.score,
            **labels[answer.participant_id],
        )
        for answer in answers.only("participant_id", "item", "score")
        if answer.item in items
    ]


def checklist_responses(
    *, workshop: Workshop, approved_comments_only: bool = True
) -> list[scoring.ChecklistResponse]:
    """Checklist answers; comments are left out until a facilitator has approved them."""
    labels = _participant_labels(workshop)
    answers = ChecklistAnswer.objects.for_site(workshop.site).filter(participant__workshop=workshop)
    actions = set(workshop_action_ids(workshop=workshop))
    responses = []
    for answer in answers:
        if answer.action not in actions:
            continue
        show = answer.comment and (
            answer.review == ChecklistAnswer.Review.APPROVED or not approved_comments_only
        )
        responses.append(
            scoring.ChecklistResponse(
                respondent=str(answer.participant_id),
                action=answer.action,
                status=answer.status,
                comment=answer.comment if show else None,
                tag=(answer.tag or None) if show else None,
                **labels[answer.participant_id],
            )
        )
    return responses


def participant_answers(*, participant: Participant) -> tuple[dict, dict]:
    """The participant's own answers: item -> score, action -> checklist answer."""
    scores = {
        a.item: a.score
        for a in AssessmentAnswer.objects.for_site(participant.site).filter(participant=participant)
    }
    statuses = {
        a.action: a
        for a in ChecklistAnswer.objects.for_site(participant.site).filter(participant=participant)
    }
    return scores, statuses


def participant_answer_count(*, participant: Participant) -> int:
    """How many questions this participant has answered, in both instruments."""
    return (
        AssessmentAnswer.objects.for_site(participant.site).filter(participant=participant).count()
        + ChecklistAnswer.objects.for_site(participant.site).filter(participant=participant).count()
    )


def participation(*, workshop: Workshop) -> dict:
    """Who has joined, by local area, sector and table, and how many answered each question."""
    labels = _participant_labels(workshop)
    counts = {
        key: Counter(label[key] or "Not given" for label in labels.values())
        for key in ("local_area", "sector", "table")
    }
    answered = Counter(
        AssessmentAnswer.objects.for_site(workshop.site)
        .filter(participant__workshop=workshop)
        .values_list("item", flat=True)
    )
    answered.update(
        ChecklistAnswer.objects.for_site(workshop.site)
        .filter(participant__workshop=workshop)
        .values_list("action", flat=True)
    )
    return {"joined": len(labels), "by": counts, "answered": answered}


def comments_for_review(*, workshop: Workshop):
    return (
        ChecklistAnswer.objects.for_site(workshop.site)
        .filter(participant__workshop=workshop)
        .exclude(comment="")
        .order_by("review", "action", "created_at")
    )


def comment_for_review(*, workshop: Workshop, answer_id) -> ChecklistAnswer:
    answer = comments_for_review(workshop=workshop).filter(pk=answer_id).first()
    if answer is None:
        raise Http404("No such comment")
    return answer


def assessment_snapshots(*, site):
    return AssessmentSnapshot.objects.for_site(site).select_related("workshop")


def raw_answers(*, workshop: Workshop):
    """Anonymous answer rows for export: a participant number, never a name."""
    participants = list(
        Participant.objects.for_site(workshop.site)
        .filter(workshop=workshop)
        .select_related("local_area", "table")
        .order_by("created_at")
    )
    numbers = {p.id: f"P{index:03d}" for index, p in enumerate(participants, 1)}
    labels = _participant_labels(workshop)
    assessment = [
        (numbers[a.participant_id], labels[a.participant_id], a)
        for a in AssessmentAnswer.objects.for_site(workshop.site)
        .filter(participant__workshop=workshop)
        .order_by("participant__created_at", "item")
    ]
    checklist = [
        (numbers[a.participant_id], labels[a.participant_id], a)
        for a in ChecklistAnswer.objects.for_site(workshop.site)
        .filter(participant__workshop=workshop)
        .order_by("participant__created_at", "action")
    ]
    return assessment, checklist
