from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thrivekit.priorities import selectors
from thrivekit.priorities.models import (
    WORKSHEET_FIELD_NAMES,
    Aim,
    PrioritisingSession,
    Priority,
    RankingTable,
    TableRanking,
    WorksheetDraft,
    WorksheetDraftVersion,
    WorksheetVersion,
)

TOP = 5


class WorksheetConflict(Exception):
    """Someone else saved the worksheet (or the table's draft) since this editor opened it.

    `merged` is what saving again applies: their text in every field this editor did not
    change, this editor's text in the fields they changed. `differing` names the fields both
    changed, differently; `kept_theirs` the fields only they changed, kept as they saved them.
    """

    def __init__(
        self, *, priority: Priority, yours: dict, theirs: dict, base: dict | None, version: int
    ):
        super().__init__("The worksheet was changed by someone else")
        self.priority = priority
        self.yours = yours
        self.theirs = theirs
        self.version = version
        self.merged, self.differing, self.kept_theirs = fields_merge(
            base=base, yours=yours, theirs=theirs
        )


def fields_merge(*, base: dict | None, yours: dict, theirs: dict, names=WORKSHEET_FIELD_NAMES):
    """A field-by-field three-way merge of the text fields `names`. Without the base version
    (an older record) every field that differs counts as changed by you, as before versions
    were kept."""
    merged, differing, kept_theirs = {}, [], []
    for name in names:
        mine, other = yours.get(name, ""), theirs.get(name, "")
        original = None if base is None else base.get(name, "")
        if base is not None and mine == original:
            merged[name] = other
            if other != original:
                kept_theirs.append(name)
        else:
            merged[name] = mine
            # Only you changed it: nothing of theirs to compare. Both did, differently: show it.
            if mine != other and (base is None or other != original):
                differing.append(name)
    return merged, differing, kept_theirs


def _cleaned(fields: dict) -> dict:
    return {name: (fields.get(name) or "").strip() for name in WORKSHEET_FIELD_NAMES}


@transaction.atomic
def session_create(
    *, site, title: str, allow_checklist_actions: bool, table_names: list[str], aims: list[str]
) -> PrioritisingSession:
    names = list(dict.fromkeys(n.strip()[:80] for n in table_names if n.strip()))
    if len(names) < 2:
        raise ValidationError("Enter at least two tables.")
    session = PrioritisingSession(
        site=site, title=title.strip(), allow_checklist_actions=allow_checklist_actions
    )
    session.full_clean()
    session.save()
    for position, name in enumerate(names):
        RankingTable.objects.create(site=site, session=session, name=name, position=position)
    for text in aims:
        aim_add(session=session, text=text)
    return session


@transaction.atomic
def aim_add(*, session: PrioritisingSession, text: str) -> Aim | None:
    text = text.strip()[:300]
    if not text:
        return None
    position = selectors.session_aims(session=session).count()
    return Aim.objects.create(site=session.site, session=session, text=text, position=position)


@transaction.atomic
def aim_move(*, aim: Aim, up: bool) -> None:
    aims = list(selectors.session_aims(session=aim.session))
    index = aims.index(aim)
    other = index - 1 if up else index + 1
    if 0 <= other < len(aims):
        aims[index], aims[other] = aims[other], aims[index]
    for position, each in enumerate(aims):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position", "updated_at"])


@transaction.atomic
def aim_remove(*, aim: Aim) -> None:
    session = aim.session
    aim.delete()
    for position, each in enumerate(selectors.session_aims(session=session)):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position", "updated_at"])


@transaction.atomic
def session_open(*, session: PrioritisingSession) -> PrioritisingSession:
    if session.status == PrioritisingSession.Status.CLOSED:
        raise ValidationError("A closed workshop cannot be opened again.")
    session.status = PrioritisingSession.Status.OPEN
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def session_second_round(*, session: PrioritisingSession) -> PrioritisingSession:
    """After discussing the preliminary vote, the tables vote again (nominal group technique)."""
    if session.round != 1:
        raise ValidationError("The final vote has already started.")
    if not selectors.rankings(session=session, round=1).exists():
        raise ValidationError("No table has voted yet.")
    session.round = 2
    session.save(update_fields=["round", "updated_at"])
    return session


@transaction.atomic
def table_ranking_save(*, table: RankingTable, items: list[str], keyed_in_by=None) -> TableRanking:
    # Read the session afresh: the round may have moved on since `table` was loaded.
    session = PrioritisingSession.objects.get(pk=table.session_id)
    if session.status != PrioritisingSession.Status.OPEN and keyed_in_by is None:
        raise ValidationError("This workshop is not taking rankings.")
    if session.confirmed_at is not None:
        raise ValidationError("The top five has been confirmed: rankings are closed.")
    if not 1 <= len(items) <= TOP:
        raise ValidationError(f"Rank between 1 and {TOP} priorities.")
    if len(set(items)) != len(items):
        raise ValidationError("Each priority can have only one rank.")
    known = {c.id for c in selectors.candidates(session=session)}
    unknown = [item for item in items if item not in known]
    if unknown:
        raise ValidationError(f"Not a candidate: {', '.join(unknown)}")
    ranking, _ = TableRanking.objects.update_or_create(
        table=table,
        round=session.round,
        defaults={"site": table.site, "items": list(items), "keyed_in_by": keyed_in_by},
    )
    return ranking


@transaction.atomic
def priorities_confirm(
    *, session: PrioritisingSession, items: list[str], reason: str, confirmed_by
) -> list[Priority]:
    """Confirm the site's top five. A choice that differs from the consensus needs a reason."""
    if session.confirmed_at is not None:
        raise ValidationError("The top five is already confirmed.")
    if len(items) != TOP or len(set(items)) != TOP:
        raise ValidationError(f"Choose {TOP} different priorities, one for each rank.")
    result = selectors.room_result(session=session, round=session.round)
    computed = list(result.top) if result else []
    if items != computed and not reason.strip():
        raise ValidationError(
            "This order differs from the computed consensus: record the room's reason."
        )
    by_id = {c.id: c for c in selectors.candidates(session=session)}
    priorities = []
    for rank, item in enumerate(items, start=1):
        if item not in by_id:
            raise ValidationError(f"Not a candidate: {item}")
        candidate = by_id[item]
        priority = Priority.objects.create(
            site=session.site,
            session=session,
            rank=rank,
            item=item,
            title=candidate.title,
            ideal=candidate.ideal,
            updated_by=confirmed_by,
        )
        WorksheetVersion.objects.create(
            site=session.site,
            priority=priority,
            version=1,
            fields=priority.worksheet(),
            saved_by=confirmed_by,
        )
        priorities.append(priority)
    session.confirmed_at = timezone.now()
    session.confirmed_by = confirmed_by
    session.confirmation_reason = reason.strip() if items != computed else ""
    session.save(
        update_fields=["confirmed_at", "confirmed_by", "confirmation_reason", "updated_at"]
    )
    return priorities


@transaction.atomic
def worksheet_save(*, priority: Priority, fields: dict, base_version: int, saved_by) -> Priority:
    """Save the site's worksheet, unless someone saved it since `base_version` was read."""
    values = _cleaned(fields)
    # One conditional UPDATE: of two editors racing from the same version, exactly one wins.
    updated = Priority.objects.filter(pk=priority.pk, version=base_version).update(
        **values, version=base_version + 1, updated_by=saved_by, updated_at=timezone.now()
    )
    if not updated:
        priority.refresh_from_db()
        base = (
            WorksheetVersion.objects.filter(priority=priority, version=base_version)
            .values_list("fields", flat=True)
            .first()
        )
        raise WorksheetConflict(
            priority=priority,
            yours=values,
            theirs=priority.worksheet(),
            base=base,
            version=priority.version,
        )
    priority.refresh_from_db()
    WorksheetVersion.objects.create(
        site=priority.site,
        priority=priority,
        version=priority.version,
        fields=values,
        saved_by=saved_by,
    )
    return priority


@transaction.atomic
def worksheet_draft_save(
    *, priority: Priority, table: RankingTable, fields: dict, base_version: int | None = None
) -> WorksheetDraft:
    """Save a table's draft. With `base_version` (the version its device opened; 0 for none
    yet) a save from a stale version is refused with a WorksheetConflict, as for worksheets:
    two devices at one table no longer silently overwrite each other."""
    values = _cleaned(fields)
    draft = WorksheetDraft.objects.filter(priority=priority, table=table).first()
    if draft is None:
        draft, created = WorksheetDraft.objects.get_or_create(
            priority=priority,
            table=table,
            defaults={"site": priority.site, "fields": values, "version": 1},
        )
        if created:
            _draft_version(draft)
            return draft
    if base_version is None:
        base_version = draft.version
    updated = WorksheetDraft.objects.filter(pk=draft.pk, version=base_version).update(
        fields=values, version=base_version + 1, updated_at=timezone.now()
    )
    draft.refresh_from_db()
    if not updated:
        base = (
            WorksheetDraftVersion.objects.filter(draft=draft, version=base_version)
            .values_list("fields", flat=True)
            .first()
        )
        if base is None and base_version == 0:
            base = {"ideal": priority.ideal}  # what a new draft's form starts with
        raise WorksheetConflict(
            priority=priority,
            yours=values,
            theirs=_cleaned(draft.fields),
            base=None if base is None else _cleaned(base),
            version=draft.version,
        )
    _draft_version(draft)
    return draft


def _draft_version(draft: WorksheetDraft) -> WorksheetDraftVersion:
    return WorksheetDraftVersion.objects.create(
        site=draft.site, draft=draft, version=draft.version, fields=draft.fields
    )


@transaction.atomic
def session_close(*, session: PrioritisingSession) -> PrioritisingSession:
    session.status = PrioritisingSession.Status.CLOSED
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def priority_evidence_add(*, priority: Priority, source: str, text: str) -> Priority:
    """Evidence sent from elsewhere (e.g. a pathway map finding) to a priority's gap analysis."""
    entry = {"source": source.strip()[:100], "text": text.strip()[:1000]}
    if entry not in priority.evidence:
        priority.evidence = [*priority.evidence, entry]
        priority.save(update_fields=["evidence", "updated_at"])
    return priority
