"""Writes for the plan, the outcome framework, the future offer and the library."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thrivekit import pathways
from thrivekit.planning import agreement, future, library, measures, offer, selectors
from thrivekit.planning.models import (
    Action,
    FutureChange,
    GroupingOffer,
    Indicator,
    OfferDraft,
    OfferDraftVersion,
    Outcome,
    Owner,
    PracticeEntry,
    RedesignTable,
    RedesignWorkshop,
    ServiceShare,
    SignOff,
    new_link_key,
)
from thrivekit.priorities.services import fields_merge

ACTION_FIELDS = (
    "title", "description", "grouping", "start_date", "due_date", "status", "priority",
    "source_field", "source_text", "finding_key", "finding_text", "checklist_action", "practice",
)  # fmt: skip


UNCHANGED = object()  # a keyword argument left as it is


class ActionConflict(Exception):
    """Someone else saved the action since this editor opened it."""


def _check_grouping(grouping: str) -> None:
    if grouping not in pathways.grouping_ids():
        raise ValidationError({"grouping": "Choose a needs-based grouping."})


def _check_dates(start, due) -> None:
    if start and due and due < start:
        raise ValidationError({"due_date": "The due date must be on or after the start date."})


def _check_site(site, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.site_id != site.pk:
            raise ValidationError("That belongs to another site.")


@transaction.atomic
def owner_get_or_create(*, site, name: str, organisation: str) -> Owner | None:
    name, organisation = " ".join(name.split()), " ".join(organisation.split())
    if not name and not organisation:
        return None
    if not name or not organisation:
        raise ValidationError({"owner_name": "Give the owner's name and their organisation."})
    owner = (
        Owner.objects.for_site(site)
        .filter(name__iexact=name, organisation__iexact=organisation)
        .first()
    )
    return owner or Owner.objects.create(site=site, name=name, organisation=organisation)


def _would_cycle(action: Action, depends_on: list[Action]) -> bool:
    """True when one of ``depends_on`` already depends (directly or not) on ``action``."""
    seen, stack = set(), list(depends_on)
    while stack:
        current = stack.pop()
        if current.pk == action.pk:
            return True
        if current.pk in seen:
            continue
        seen.add(current.pk)
        stack.extend(current.depends_on.all())
    return False


def _set_dependencies(action: Action, depends_on) -> None:
    depends_on = [a for a in (depends_on or []) if a.pk != action.pk]
    _check_site(action.site, *depends_on)
    if _would_cycle(action, depends_on):
        raise ValidationError({"depends_on": "That would make actions wait for each other."})
    action.depends_on.set(depends_on)


@transaction.atomic
def action_create(
    *,
    site,
    title: str,
    grouping: str,
    owner_name: str = "",
    owner_organisation: str = "",
    depends_on=(),
    updated_by=None,
    **fields,
) -> Action:
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    _check_grouping(grouping)
    _check_dates(fields.get("start_date"), fields.get("due_date"))
    _check_site(site, fields.get("priority"), fields.get("practice"))
    action = Action(
        site=site,
        title=" ".join(title.split()),
        grouping=grouping,
        owner=owner_get_or_create(site=site, name=owner_name, organisation=owner_organisation),
        updated_by=updated_by,
        **fields,
    )
    action.full_clean(exclude=["owner", "priority", "practice", "updated_by"])
    action.save()
    _set_dependencies(action, depends_on)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    version: int,
    owner_name: str = "",
    owner_organisation: str = "",
    depends_on=(),
    updated_by=None,
    **fields,
) -> Action:
    """Save an edit made on ``version``; an ActionConflict if someone saved since."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != version:
        raise ActionConflict
    _check_grouping(fields.get("grouping", current.grouping))
    _check_dates(fields.get("start_date"), fields.get("due_date"))
    _check_site(current.site, fields.get("priority"), fields.get("practice"))
    for name, value in fields.items():
        if name not in ACTION_FIELDS:
            raise TypeError(f"unknown action field: {name}")
        setattr(current, name, value)
    current.owner = owner_get_or_create(
        site=current.site, name=owner_name, organisation=owner_organisation
    )
    current.title = " ".join(current.title.split())
    current.version += 1
    current.updated_by = updated_by
    current.full_clean(exclude=["owner", "priority", "practice", "updated_by"])
    current.save()
    _set_dependencies(current, depends_on)
    return current


@transaction.atomic
def action_set_status(*, action: Action, status: str, updated_by=None) -> Action:
    if status not in Action.Status.values:
        raise ValidationError({"status": "Choose a status."})
    action.status = status
    action.version += 1
    action.updated_by = updated_by
    action.save(update_fields=["status", "version", "updated_by", "updated_at"])
    return action


@transaction.atomic
def action_override_rag(*, action: Action, rag: str, reason: str, updated_by=None) -> Action:
    """Set the RAG by hand (a reason is needed), or go back to the computed one (rag "")."""
    reason = reason.strip()
    if rag and rag not in Action.Rag.values:
        raise ValidationError({"rag": "Choose red, amber or green."})
    if rag and not reason:
        raise ValidationError({"reason": "Say why the RAG differs from the computed one."})
    action.rag_override, action.rag_override_reason = rag, reason if rag else ""
    action.version += 1
    action.updated_by = updated_by
    action.save(
        update_fields=[
            "rag_override", "rag_override_reason", "version", "updated_by", "updated_at"
        ]
    )  # fmt: skip
    return action


@transaction.atomic
def action_remove(*, action: Action) -> None:
    action.delete()


def worksheet_items(text: str) -> list[str]:
    """A worksheet box as separate items: one per line, bullet or semicolon."""
    parts = re.split(r"[\n;]+", text or "")
    items = []
    for part in parts:
        item = part.strip().lstrip("-•*").strip().rstrip(".").strip()
        if item:
            items.append(item[0].upper() + item[1:])
    return items


@transaction.atomic
def actions_from_gap_analysis(*, site, priority, grouping: str, updated_by=None) -> list[Action]:
    """Draft actions from a gap analysis's recommendations and quick wins. Running it again
    drafts only the items not drafted yet."""
    _check_site(site, priority)
    _check_grouping(grouping)
    existing = set(
        selectors.actions_for_priority(priority).values_list("source_field", "source_text")
    )
    made = []
    for field in (Action.Source.QUICK_WIN, Action.Source.RECOMMENDATION):
        for item in worksheet_items(getattr(priority, field.value)):
            if (field.value, item) in existing:
                continue
            made.append(
                action_create(
                    site=site,
                    title=item[:300],
                    grouping=grouping,
                    status=Action.Status.DRAFT,
                    priority=priority,
                    source_field=field.value,
                    source_text=item,
                    updated_by=updated_by,
                )
            )
    return made


@transaction.atomic
def owner_link_issue(*, owner: Owner) -> str:
    """Turn on the owner's read-only link, with a new key: earlier links stop working."""
    owner.link_key, owner.link_active = new_link_key(), True
    owner.save(update_fields=["link_key", "link_active", "updated_at"])
    return selectors.owner_token(owner)


@transaction.atomic
def owner_link_revoke(*, owner: Owner) -> None:
    owner.link_key, owner.link_active = new_link_key(), False
    owner.save(update_fields=["link_key", "link_active", "updated_at"])


# --- The outcome framework -------------------------------------------------------------------


@transaction.atomic
def outcome_create(*, site, title: str, description: str = "", agreed_by: str = "") -> Outcome:
    outcome = Outcome(
        site=site,
        title=" ".join(title.split()),
        description=description.strip(),
        agreed_by=agreed_by.strip(),
        position=Outcome.objects.for_site(site).count(),
    )
    outcome.full_clean()
    outcome.save()
    return outcome


def _baseline_from(indicator: Indicator, extract) -> None:
    """Set the baseline from an extract's analysis, or say plainly why there is none."""
    if extract is None:
        reading = measures.read(indicator.measure, {})
    else:
        reading = measures.read(indicator.measure, extract.analysis)
    if reading.value is None:
        indicator.baseline = indicator.baseline_numerator = indicator.baseline_denominator = None
        indicator.baseline_extract = None
        indicator.baseline_note = reading.missing or "The latest extract cannot measure this."
        return
    indicator.baseline = reading.value
    indicator.baseline_numerator, indicator.baseline_denominator = (
        reading.numerator,
        reading.denominator,
    )
    indicator.baseline_extract = extract
    period = f" (to {extract.as_of:%d/%m/%Y})" if extract.as_of else ""
    indicator.baseline_note = f"Computed from {extract.name}{period}."


@transaction.atomic
def indicator_add(
    *,
    outcome: Outcome,
    measure: str = "",
    name: str = "",
    definition: str = "",
    data_source: str = "",
    unit: str = "",
    higher_is_better: bool | None = None,
    baseline: float | None = None,
    target: float | None = None,
    owner: str = "",
    review_date=None,
) -> Indicator:
    """A standard indicator (its baseline computed from the latest extract where the measure
    exists) or a custom one with a baseline entered by hand."""
    site = outcome.site
    standard = measures.BY_ID.get(measure)
    if measure and standard is None:
        raise ValidationError({"measure": "Choose a standard indicator or enter your own."})
    indicator = Indicator(
        site=site,
        outcome=outcome,
        measure=measure,
        name=(name or (standard.name if standard else "")).strip(),
        definition=(definition or (standard.definition if standard else "")).strip(),
        data_source=(data_source or (standard.data_source if standard else "")).strip(),
        unit=unit or (standard.unit if standard else "percent"),
        higher_is_better=(
            higher_is_better
            if higher_is_better is not None
            else (standard.higher_is_better if standard else True)
        ),
        target=target,
        owner=owner.strip(),
        review_date=review_date,
    )
    if standard is not None:
        _baseline_from(indicator, selectors.latest_extract(site=site))
    if baseline is not None and indicator.baseline is None:
        indicator.baseline, indicator.baseline_note = baseline, "Entered by hand."
    if not indicator.name:
        raise ValidationError({"name": "Give the indicator a name."})
    indicator.full_clean(exclude=["baseline_extract"])
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, **fields) -> Indicator:
    allowed = {"name", "definition", "data_source", "target", "owner", "review_date", "baseline"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown indicator field: {name}")
        if name == "baseline":
            if indicator.baseline_extract_id is not None and value != indicator.baseline:
                raise ValidationError(
                    {"baseline": "This baseline is computed from an extract; rebase it instead."}
                )
            if indicator.baseline_extract_id is None:
                indicator.baseline_note = "Entered by hand." if value is not None else ""
        setattr(indicator, name, value)
    indicator.full_clean(exclude=["baseline_extract"])
    indicator.save()
    return indicator


@transaction.atomic
def indicator_rebase(*, indicator: Indicator, extract) -> Indicator:
    """Take the baseline from another extract (standard indicators only)."""
    _check_site(indicator.site, extract)
    _baseline_from(indicator, extract)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_remove(*, indicator: Indicator) -> None:
    indicator.delete()


# --- The future offer and the workforce by grouping -----------------------------------------

OFFER_FIELDS = ("services", "entry_points", "who_delivers", "skill_mix", "notes")


@transaction.atomic
def offer_save(
    *, site, grouping: str, version: int | None = None, scenario=UNCHANGED, **fields
) -> GroupingOffer:
    """Save a grouping's future offer; `scenario` (or None to unlink) only when given."""
    _check_grouping(grouping)
    offer, _ = GroupingOffer.objects.select_for_update().get_or_create(site=site, grouping=grouping)
    if version is not None and offer.version != version:
        raise ActionConflict
    for name, value in fields.items():
        if name not in OFFER_FIELDS:
            raise TypeError(f"unknown offer field: {name}")
        setattr(offer, name, value.strip())
    if scenario is not UNCHANGED:
        _check_site(site, scenario)
        offer.scenario = scenario
    offer.version += 1
    offer.save()
    return offer


@transaction.atomic
def share_set(*, site, service_id: str, shares: dict[str, float]) -> None:
    """Set how a service's WTE splits between its groupings (percentages adding up to 100)."""
    if any(v < 0 for v in shares.values()) or abs(sum(shares.values()) - 100) > 0.5:
        raise ValidationError("The shares must be 0 or more and add up to 100%.")
    ServiceShare.objects.for_site(site).filter(service_id=service_id).delete()
    for grouping, share in shares.items():
        _check_grouping(grouping)
        ServiceShare.objects.create(
            site=site, service_id=service_id, grouping=grouping, share=share
        )


# --- The best-practice library ---------------------------------------------------------------


@transaction.atomic
def library_ensure(*, site) -> None:
    """Copy the built-in entries the site does not have yet into its library."""
    have = set(
        PracticeEntry.objects.for_site(site)
        .exclude(builtin_id="")
        .values_list("builtin_id", flat=True)
    )
    for entry in library.ENTRIES:
        if entry["id"] not in have:
            PracticeEntry.objects.create(
                site=site,
                builtin_id=entry["id"],
                title=entry["title"],
                summary=entry["summary"],
                principles=list(entry["principles"]),
                groupings=list(entry["groupings"]),
                source=entry.get("source", ""),
            )


@transaction.atomic
def practice_add(
    *, site, title: str, summary: str, principles: list[str], groupings: list[str], source: str = ""
) -> PracticeEntry:
    for grouping in groupings:
        _check_grouping(grouping)
    entry = PracticeEntry(
        site=site,
        title=title.strip(),
        summary=summary.strip(),
        principles=principles,
        groupings=groupings,
        source=source.strip(),
    )
    entry.full_clean()
    entry.save()
    return entry


# --- The record of the system's agreement -----------------------------------------------------


def signatories_parse(text: str) -> list[dict[str, str]]:
    """One person a line, as "name, organisation"."""
    people, wrong = [], []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        name, _, organisation = (part.strip() for part in line.partition(","))
        if not name or not organisation:
            wrong.append(line)
        else:
            people.append({"name": name, "organisation": organisation})
    if wrong:
        raise ValidationError(
            {"signatories": f"Give each person as name, organisation: {'; '.join(wrong)}"}
        )
    return people


@transaction.atomic
def signoff_record(
    *,
    site,
    subject: str,
    grouping: str = "",
    body: str,
    signed_on: dt.date,
    signatories: list[dict[str, str]],
    note: str = "",
    recorded_by=None,
) -> SignOff:
    """Record that a body agreed a thing as it is now; it supersedes any earlier sign-off."""
    if subject not in SignOff.Subject.values:
        raise ValidationError({"subject": "Choose what was agreed."})
    if subject == SignOff.Subject.OFFER:
        _check_grouping(grouping)
    else:
        grouping = ""
    body = " ".join(body.split())
    if not body:
        raise ValidationError({"body": "Say which body or meeting agreed it."})
    if signed_on is None:
        raise ValidationError({"signed_on": "Give the date it was agreed."})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "The date it was agreed cannot be in the future."})
    people = [
        {"name": " ".join(p["name"].split()), "organisation": " ".join(p["organisation"].split())}
        for p in signatories
    ]
    if not people or not all(p["name"] and p["organisation"] for p in people):
        raise ValidationError(
            {"signatories": "Name at least one person who signed off, with their organisation."}
        )
    now = agreement.state(site=site, subject=subject, grouping=grouping)
    if not now.exists:
        raise ValidationError({"subject": f"There is nothing in {now.title.lower()} to agree yet."})
    signoff = SignOff(
        site=site,
        subject=subject,
        grouping=grouping,
        title=now.title,
        version_label=now.version_label,
        summary=now.summary,
        fingerprint=now.fingerprint,
        body=body,
        signatories=people,
        signed_on=signed_on,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    signoff.full_clean(exclude=["recorded_by"])
    signoff.save()
    return signoff


# --- The future-state pathway map ------------------------------------------------------------

CHANGE_FIELDS = (
    "node_id", "name", "provider", "groupings", "age_min", "age_max", "capacity_wte",
    "entry_kind", "from_id", "to_id", "route_kind",
)  # fmt: skip


@transaction.atomic
def future_change_add(
    *, site, kind: str, grouping: str = "", reason: str = "", proposed_by=None, **fields
) -> FutureChange:
    """Propose a change to today's map. It is checked against the future map the site's other
    changes make: a service removed or changed must be on it, an added route's ends too."""
    unknown = set(fields) - set(CHANGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown change fields: {sorted(unknown)}")
    if kind not in FutureChange.Kind.values:
        raise ValidationError({"kind": "Choose what kind of change it is."})
    if grouping:
        _check_grouping(grouping)
    change = FutureChange(
        site=site,
        kind=kind,
        grouping=grouping,
        reason=reason.strip(),
        proposed_by=proposed_by,
        **{name: value for name, value in fields.items() if value is not None},
    )
    change.name, change.provider = " ".join(change.name.split()), " ".join(change.provider.split())
    today, existing, before = selectors.future_maps(site=site)
    if kind in (FutureChange.Kind.ADD_SERVICE, FutureChange.Kind.ADD_ENTRY_POINT):
        taken = {s.id for s in before.pathway_map.services} | {
            e.id for e in before.pathway_map.entry_points
        }
        taken |= {s.id for s in today.services} | {e.id for e in today.entry_points}
        change.node_id = future.new_id(change.name, taken)
    after = future.build(today, [*existing, change])
    for problem_change, why in after.problems:
        if problem_change is change:
            raise ValidationError(why)
    change.full_clean(exclude=["proposed_by"])
    change.save()
    return change


@transaction.atomic
def future_change_remove(*, change: FutureChange) -> None:
    change.delete()


# --- The redesign workshop --------------------------------------------------------------------

DRAFT_FIELDS = OFFER_FIELDS  # a table drafts every field of the offer


class OfferDraftConflict(Exception):
    """Another device at the table saved its draft since this one opened it. As for a
    worksheet: `merged` keeps their text in every field this device did not change;
    `differing` names the fields both changed, `kept_theirs` the fields only they changed."""

    def __init__(self, *, yours: dict, theirs: dict, base: dict | None, version: int):
        super().__init__("The table's draft was changed on another device")
        self.yours, self.theirs, self.version = yours, theirs, version
        # The worksheet's field-by-field merge, over the offer's fields.
        self.merged, self.differing, self.kept_theirs = fields_merge(
            base=base, yours=yours, theirs=theirs, names=DRAFT_FIELDS
        )


def _draft_cleaned(fields: dict) -> dict:
    return {name: (fields.get(name) or "").strip() for name in DRAFT_FIELDS}


def offer_prefill(*, site, grouping: str) -> dict[str, str]:
    """What a table's draft starts from: the site's current offer, or its first draft."""
    saved = selectors.offers_for_site(site=site).get(grouping)
    if saved is not None:
        return {name: getattr(saved, name) for name in DRAFT_FIELDS}
    return _draft_cleaned(offer.draft(site=site, grouping=grouping))


@transaction.atomic
def redesign_workshop_create(
    *, site, title: str, groupings: list[str], table_names: list[str]
) -> RedesignWorkshop:
    names = list(dict.fromkeys(n.strip()[:80] for n in table_names if n.strip()))
    if not names:
        raise ValidationError({"tables": "Enter at least one table."})
    known = pathways.grouping_ids()
    chosen = [g for g in known if g in set(groupings)]
    if not chosen:
        raise ValidationError({"groupings": "Choose at least one needs-based grouping."})
    workshop = RedesignWorkshop(site=site, title=title.strip(), groupings=chosen)
    workshop.full_clean()
    workshop.save()
    for position, name in enumerate(names):
        RedesignTable.objects.create(site=site, workshop=workshop, name=name, position=position)
    return workshop


@transaction.atomic
def redesign_workshop_set_status(*, workshop: RedesignWorkshop, is_open: bool) -> RedesignWorkshop:
    workshop.status = RedesignWorkshop.Status.OPEN if is_open else RedesignWorkshop.Status.CLOSED
    workshop.save(update_fields=["status", "updated_at"])
    return workshop


@transaction.atomic
def offer_draft_save(
    *, table: RedesignTable, grouping: str, fields: dict, base_version: int
) -> OfferDraft:
    """Save a table's draft of one grouping's offer. `base_version` is the version the device
    opened (0: no draft yet); a save from a stale version raises OfferDraftConflict."""
    workshop = RedesignWorkshop.objects.get(pk=table.workshop_id)  # its status, read afresh
    if workshop.status != RedesignWorkshop.Status.OPEN:
        raise ValidationError("This redesign workshop is closed: drafts can no longer be saved.")
    if grouping not in workshop.groupings:
        raise ValidationError("This workshop is not working on that grouping.")
    values = _draft_cleaned(fields)
    draft = OfferDraft.objects.filter(table=table, grouping=grouping).first()
    if draft is None and base_version == 0:
        draft, created = OfferDraft.objects.get_or_create(
            table=table, grouping=grouping, defaults={"site": table.site, "fields": values}
        )
        if created:
            _offer_draft_version(draft)
            return draft
    if draft is None:  # a version this table never had
        raise ValidationError("That draft does not exist.")
    updated = OfferDraft.objects.filter(pk=draft.pk, version=base_version).update(
        fields=values, version=base_version + 1, updated_at=timezone.now()
    )
    draft.refresh_from_db()
    if not updated:
        base = (
            OfferDraftVersion.objects.filter(draft=draft, version=base_version)
            .values_list("fields", flat=True)
            .first()
        )
        if base is None and base_version == 0:
            base = offer_prefill(site=table.site, grouping=grouping)
        raise OfferDraftConflict(
            yours=values,
            theirs=_draft_cleaned(draft.fields),
            base=None if base is None else _draft_cleaned(base),
            version=draft.version,
        )
    _offer_draft_version(draft)
    return draft


def _offer_draft_version(draft: OfferDraft) -> OfferDraftVersion:
    return OfferDraftVersion.objects.create(
        site=draft.site, draft=draft, version=draft.version, fields=draft.fields
    )


@transaction.atomic
def redesign_merge(
    *, workshop: RedesignWorkshop, grouping: str, fields: dict, version: int | None
) -> GroupingOffer:
    """The facilitator's merge of the tables' drafts, saved as the site's offer (so its
    versions and the agreement record's "changed since it was agreed" follow)."""
    if grouping not in workshop.groupings:
        raise ValidationError("This workshop is not working on that grouping.")
    return offer_save(
        site=workshop.site, grouping=grouping, version=version, **_draft_cleaned(fields)
    )


@transaction.atomic
def redesign_outcomes_save(
    *, workshop: RedesignWorkshop, next_steps: str, engagement_plan: str
) -> RedesignWorkshop:
    workshop.next_steps = next_steps.strip()
    workshop.engagement_plan = engagement_plan.strip()
    workshop.save(update_fields=["next_steps", "engagement_plan", "updated_at"])
    return workshop
