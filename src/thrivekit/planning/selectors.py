"""Reads for the plan, the outcome framework and the future offer: always through the site."""

import datetime as dt

from django.core import signing
from django.http import Http404
from django.utils import timezone

from thrivekit.extracts.selectors import extracts_for_site
from thrivekit.planning import measures
from thrivekit.planning.models import (
    Action,
    FutureChange,
    GroupingOffer,
    Indicator,
    OfferDraft,
    Outcome,
    Owner,
    PracticeEntry,
    RedesignTable,
    RedesignWorkshop,
    ServiceShare,
    SignOff,
)

LINK_SALT = "thrivekit.planning.owner-link"


def actions_for_site(*, site):
    return (
        Action.objects.for_site(site)
        .select_related("owner", "priority", "practice")
        .prefetch_related("depends_on")
    )


def action_for_site(*, site, action_id) -> Action:
    action = actions_for_site(site=site).filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    return action


def actions_for_grouping(*, site, grouping: str):
    return actions_for_site(site=site).filter(grouping=grouping)


def actions_for_priority(priority):
    """The plan actions that answer a priority (its gap analysis), for the priority's page."""
    return actions_for_site(site=priority.site).filter(priority=priority)


def overdue_actions(site, *, today: dt.date | None = None):
    """Actions past their due date and not done, most overdue first: for the home page."""
    today = today or timezone.localdate()
    return (
        actions_for_site(site=site)
        .filter(due_date__lt=today)
        .exclude(status=Action.Status.DONE)
        .order_by("due_date", "title")
    )


def actions_count(site) -> int:
    return Action.objects.for_site(site).count()


def outcomes_count(site) -> int:
    return Outcome.objects.for_site(site).count()


def owners_for_site(*, site):
    return Owner.objects.for_site(site)


def owner_for_site(*, site, owner_id) -> Owner:
    owner = owners_for_site(site=site).filter(pk=owner_id).first()
    if owner is None:
        raise Http404("No such owner")
    return owner


def owner_token(owner: Owner) -> str:
    return signing.dumps({"o": str(owner.pk), "k": owner.link_key}, salt=LINK_SALT)


def owner_by_token(token: str) -> Owner:
    """The owner a read-only link names: 404 when the token is forged or the link revoked."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        raise Http404("No such link") from None
    owner = (
        Owner.objects.select_related("site")
        .filter(pk=data.get("o"), link_key=data.get("k"), link_active=True)
        .first()
    )
    if owner is None:
        raise Http404("No such link")
    return owner


def owner_actions(owner: Owner):
    return actions_for_site(site=owner.site).filter(owner=owner)


def outcomes_for_site(*, site):
    return Outcome.objects.for_site(site).prefetch_related("indicators")


def outcome_for_site(*, site, outcome_id) -> Outcome:
    outcome = outcomes_for_site(site=site).filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404("No such outcome")
    return outcome


def indicators_for_site(*, site):
    return Indicator.objects.for_site(site).select_related("outcome", "baseline_extract")


def indicator_for_site(*, site, indicator_id) -> Indicator:
    indicator = indicators_for_site(site=site).filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def latest_extract(*, site):
    return (
        extracts_for_site(site=site).exclude(analysis={}).order_by("-as_of", "-created_at").first()
    )


def ready_extracts(*, site):
    """Extracts with an analysis, oldest period first: one re-measurement each."""
    return extracts_for_site(site=site).exclude(analysis={}).order_by("as_of", "created_at")


def remeasurements(indicator: Indicator) -> list[tuple[object, measures.Reading]]:
    """The indicator read from every imported extract, so a new extract re-measures it."""
    if indicator.measure not in measures.BY_ID:
        return []
    return [
        (extract, measures.read(indicator.measure, extract.analysis))
        for extract in ready_extracts(site=indicator.site)
    ]


def offers_for_site(*, site) -> dict[str, GroupingOffer]:
    return {o.grouping: o for o in GroupingOffer.objects.for_site(site).select_related("scenario")}


def shares_for_site(*, site) -> dict[tuple[str, str], float]:
    return {(s.service_id, s.grouping): s.share for s in ServiceShare.objects.for_site(site)}


def practice_entries(*, site, principle: str = "", grouping: str = ""):
    found = PracticeEntry.objects.for_site(site)
    entries = list(found)
    if principle:
        entries = [e for e in entries if principle in e.principles]
    if grouping:
        entries = [e for e in entries if grouping in e.groupings]
    return entries


def practice_entry(*, site, entry_id) -> PracticeEntry:
    entry = PracticeEntry.objects.for_site(site).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such library entry")
    return entry


def map_findings(*, site) -> list[tuple[str, str]]:
    """The pathway map's findings as (key, sentence), for an action to say which it answers."""
    from thrivekit import pathways
    from thrivekit.extracts.selectors import latest_analysis
    from thrivekit.maps import presenters as map_presenters
    from thrivekit.maps import selectors as map_selectors
    from thrivekit.sites.selectors import site_local_areas

    pathway_map = map_selectors.site_map(site=site)
    if not pathway_map.services:
        return []
    flows = map_presenters.flows_for_map(
        pathway_map, latest_analysis(site=site), map_selectors.map_document(site=site)
    )
    found = pathways.analyse(
        pathway_map,
        flows=flows or None,
        local_areas=[area.name for area in site_local_areas(site=site)],
        policy=map_presenters.site_policy(site),
    )
    return [
        (map_presenters.finding_key(f), map_presenters.finding_evidence(f, pathway_map))
        for f in found
    ]


def signoffs_for_site(*, site):
    """The agreement record, newest first."""
    return SignOff.objects.for_site(site).select_related("recorded_by").order_by("-created_at")


def future_changes_for_site(*, site):
    """The proposed changes to today's pathway map, in the order they were proposed."""
    return FutureChange.objects.for_site(site).order_by("created_at")


def future_change_for_site(*, site, change_id) -> FutureChange:
    change = future_changes_for_site(site=site).filter(pk=change_id).first()
    if change is None:
        raise Http404("No such change")
    return change


def future_maps(*, site):
    """Today's pathway map, the site's proposed changes and the future map they make."""
    from thrivekit.maps import selectors as map_selectors
    from thrivekit.planning import future

    today = map_selectors.site_map(site=site)
    changes = list(future_changes_for_site(site=site))
    return today, changes, future.build(today, changes)


def signoffs_count(site) -> int:
    return SignOff.objects.for_site(site).count()


def future_changes_count(site) -> int:
    return FutureChange.objects.for_site(site).count()


# --- The redesign workshop --------------------------------------------------------------------


def redesign_workshops_for_site(*, site):
    return RedesignWorkshop.objects.for_site(site)


def redesign_workshop_for_site(*, site, workshop_id) -> RedesignWorkshop:
    workshop = redesign_workshops_for_site(site=site).filter(pk=workshop_id).first()
    if workshop is None:
        raise Http404("No such redesign workshop")
    return workshop


def redesign_tables(*, workshop):
    return RedesignTable.objects.for_site(workshop.site).filter(workshop=workshop)


def redesign_table_by_code(*, code: str) -> RedesignTable | None:
    """A table's device: the code is the key. A closed workshop's table still opens (to read
    its drafts); saving is refused by the service."""
    return (
        RedesignTable.objects.select_related("workshop", "site")
        .filter(code=code.strip().upper())
        .first()
    )


def offer_drafts(*, workshop):
    return OfferDraft.objects.for_site(workshop.site).filter(table__workshop=workshop)


def offer_draft(*, table, grouping: str) -> OfferDraft | None:
    return OfferDraft.objects.for_site(table.site).filter(table=table, grouping=grouping).first()


def latest_redesign_outcome(*, site) -> RedesignWorkshop | None:
    """The latest redesign workshop that recorded next steps or a wider engagement plan."""
    return redesign_workshops_for_site(site=site).exclude(next_steps="", engagement_plan="").first()
