import hashlib
import secrets

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from thrivekit import scoring
from thrivekit.engagement.services import stakeholder_joined_workshop, stakeholders_mark_attended
from thrivekit.instrument_library.selectors import instrument_in_use, instrument_ref
from thrivekit.redaction import redact
from thrivekit.workshops import selectors
from thrivekit.workshops.models import (
    AssessmentAnswer,
    AssessmentSnapshot,
    ChecklistAnswer,
    Participant,
    Workshop,
    WorkshopTable,
)

STATUS_IDS = {*scoring.STATUSES, scoring.DONT_KNOW}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def workshop_create(
    *,
    site,
    title: str,
    includes_assessment: bool,
    includes_checklist: bool,
    principles: list[str],
    levels: list[str],
    table_names: list[str],
    created_by=None,
    is_reassessment: bool = False,
) -> Workshop:
    if not includes_assessment and not includes_checklist:
        raise ValidationError("Choose the THRIVE Assessment, the Implementation Checklist or both.")
    workshop = Workshop(
        site=site,
        title=title.strip(),
        includes_assessment=includes_assessment,
        includes_checklist=includes_checklist,
        principles=principles,
        levels=levels,
        assessment_instrument=instrument_ref(
            instrument_in_use(site=site, kind="assessment").instrument
        ),
        checklist_instrument=instrument_ref(
            instrument_in_use(site=site, kind="checklist").instrument
        ),
        created_by=created_by,
        is_reassessment=is_reassessment,
    )
    workshop.full_clean()
    workshop.save()
    for position, name in enumerate(dict.fromkeys(n.strip() for n in table_names if n.strip())):
        WorkshopTable.objects.create(site=site, workshop=workshop, name=name, position=position)
    return workshop


@transaction.atomic
def workshop_update(*, workshop: Workshop, title: str, is_reassessment: bool) -> Workshop:
    """Rename a workshop, or say whether it is a re-assessment (compared with the baseline)."""
    workshop.title = title.strip()
    workshop.is_reassessment = is_reassessment
    workshop.full_clean()
    workshop.save(update_fields=["title", "is_reassessment", "updated_at"])
    return workshop


@transaction.atomic
def workshop_open(*, workshop: Workshop) -> Workshop:
    if workshop.status == Workshop.Status.CLOSED:
        raise ValidationError("A closed workshop cannot be opened again.")
    workshop.status = Workshop.Status.OPEN
    workshop.opened_at = workshop.opened_at or timezone.now()
    workshop.save(update_fields=["status", "opened_at", "updated_at"])
    return workshop


@transaction.atomic
def workshop_close(*, workshop: Workshop) -> Workshop:
    """Close a workshop: answers stop, the code stops working, assessment results are kept."""
    if workshop.status == Workshop.Status.CLOSED:
        return workshop
    workshop.status = Workshop.Status.CLOSED
    workshop.closed_at = timezone.now()
    # The code stays with the workshop, so that it can never let anyone into another one and
    # phones still holding it are told the workshop has closed (selectors only open an OPEN
    # workshop by its code).
    workshop.save(update_fields=["status", "closed_at", "updated_at"])
    # People in the stakeholder register who took part are marked as having attended.
    stakeholders_mark_attended(workshop=workshop)
    if workshop.includes_assessment:
        responses = selectors.assessment_responses(workshop=workshop)
        if responses:
            summary = scoring.summarise_assessment(
                responses, items=selectors.workshop_item_ids(workshop=workshop)
            )
            snapshot = scoring.snapshot_from(summary, taken_on=timezone.localdate())
            AssessmentSnapshot.objects.create(
                site=workshop.site,
                workshop=workshop,
                taken_on=snapshot.taken_on,
                data=snapshot.to_dict(),
            )
    return workshop


@transaction.atomic
def workshop_reveal(*, workshop: Workshop, revealed: bool) -> Workshop:
    workshop.results_revealed = revealed
    workshop.save(update_fields=["results_revealed", "updated_at"])
    return workshop


def _ensure_open(workshop: Workshop) -> None:
    if not workshop.is_open:
        raise ValidationError("This workshop is closed: answers can no longer be changed.")


@transaction.atomic
def participant_join(
    *, workshop: Workshop, local_area, sector: str, table, name: str = "", keyed_in_by=None
) -> tuple[Participant, str]:
    """Add a participant; returns them and the secret their device keeps."""
    if keyed_in_by is None:
        _ensure_open(workshop)
    token = secrets.token_urlsafe(32)
    participant = Participant.objects.create(
        site=workshop.site,
        workshop=workshop,
        token_digest=token_digest(token),
        local_area=local_area,
        sector=sector,
        table=table,
        name=name.strip()[:120],
        keyed_in_by=keyed_in_by,
    )
    stakeholder_joined_workshop(participant=participant)
    return participant, token


def _upsert(model, *, lookup: dict, values: dict) -> None:
    # One INSERT ... ON CONFLICT DO UPDATE, on its own (a single statement is atomic): saving
    # an answer again, or a double tap arriving at the same moment, updates the row. This is
    # QuerySet.bulk_create without its transaction, which would cost a room of 300 phones
    # two more round trips per answer.
    meta = model._meta
    model._base_manager._insert(
        [model(**lookup, **values)],
        fields=[field for field in meta.concrete_fields if not field.generated],
        on_conflict=OnConflict.UPDATE,
        update_fields=[meta.get_field(name) for name in [*values, "updated_at"]],
        unique_fields=[meta.get_field(name) for name in lookup],
    )


def assessment_answer_save(
    *, participant: Participant, item: str, score: int | None, paper: bool = False
) -> None:
    workshop = participant.workshop
    if not paper:
        _ensure_open(workshop)
    if item not in selectors.workshop_item_ids(workshop=workshop):
        raise ValidationError(f"{item} is not part of this workshop.")
    if score is not None and score not in (1, 2, 3, 4):
        raise ValidationError("Choose a score from 1 to 4, or don't know.")
    _upsert(
        AssessmentAnswer,
        lookup={"participant": participant, "item": item},
        values={
            "site": participant.site,
            "score": score,
            "instrument": workshop.assessment_instrument,
        },
    )


def checklist_answer_save(
    *,
    participant: Participant,
    action: str,
    status: str,
    comment: str = "",
    tag: str = "",
    paper: bool = False,
) -> None:
    workshop = participant.workshop
    if not paper:
        _ensure_open(workshop)
    if action not in selectors.workshop_action_ids(workshop=workshop):
        raise ValidationError(f"{action} is not part of this workshop.")
    if status not in STATUS_IDS:
        raise ValidationError("Choose one of the answers.")
    if tag not in ChecklistAnswer.Tag.values:
        raise ValidationError("Choose a tag from the list.")
    cleaned = redact(comment.strip()[:2000]) if comment.strip() else None
    _upsert(
        ChecklistAnswer,
        lookup={"participant": participant, "action": action},
        values={
            "site": participant.site,
            "status": status,
            "comment": cleaned.text if cleaned else "",
            "comment_masked": list(cleaned.found) if cleaned else [],
            "tag": tag if cleaned else "",
            # A changed comment must be reviewed again before anyone else sees it.
            "review": ChecklistAnswer.Review.PENDING,
            "instrument": workshop.checklist_instrument,
        },
    )


@transaction.atomic
def comment_review(*, answer: ChecklistAnswer, review: str, reviewed_by=None) -> ChecklistAnswer:
    if review not in ChecklistAnswer.Review.values:
        raise ValidationError("Unknown review decision.")
    before = answer.review
    answer.review = review
    answer.save(update_fields=["review", "updated_at"])
    # Answers are not audited row by row; a reviewer's decision is.
    LogEntry.objects.log_create(
        answer,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"review": [before, review]},
        actor=reviewed_by,
    )
    return answer


@transaction.atomic
def paper_form_save(
    *,
    workshop: Workshop,
    keyed_in_by,
    local_area,
    sector: str,
    table,
    name: str,
    scores: dict[str, int | None],
    statuses: dict[str, str],
    comments: dict[str, str],
) -> Participant:
    """A facilitator keys in a paper form: one participant and all their answers, or nothing."""
    if workshop.status == Workshop.Status.CLOSED:
        raise ValidationError("This workshop is closed.")
    participant, _ = participant_join(
        workshop=workshop,
        local_area=local_area,
        sector=sector,
        table=table,
        name=name,
        keyed_in_by=keyed_in_by,
    )
    for item, score in scores.items():
        assessment_answer_save(participant=participant, item=item, score=score, paper=True)
    for action, status in statuses.items():
        checklist_answer_save(
            participant=participant,
            action=action,
            status=status,
            comment=comments.get(action, ""),
            paper=True,
        )
    return participant
