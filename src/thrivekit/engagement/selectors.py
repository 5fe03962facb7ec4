from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from thrivekit.engagement.models import LogEntry, Stakeholder
from thrivekit.workshops.models import Participant, Workshop

# The transformation group in the order it is introduced: chair, lead, champions, members.
GROUP_ORDER = [
    Stakeholder.GroupRole.CHAIR,
    Stakeholder.GroupRole.IMPLEMENTATION_LEAD,
    Stakeholder.GroupRole.CHAMPION,
    Stakeholder.GroupRole.MEMBER,
]


def stakeholders_for_site(*, site):
    return Stakeholder.objects.for_site(site)


def stakeholder_for_site(*, site, stakeholder_id) -> Stakeholder:
    stakeholder = stakeholders_for_site(site=site).filter(pk=stakeholder_id).first()
    if stakeholder is None:
        raise Http404("No such person in the register")
    return stakeholder


def register(*, site, sector: str = "", status: str = ""):
    """The register, optionally only one sector and/or one engagement status."""
    found = stakeholders_for_site(site=site)
    if sector:
        found = found.filter(sector=sector)
    if status:
        found = found.filter(status=status)
    return found


def transformation_group(*, site):
    return (
        stakeholders_for_site(site=site)
        .exclude(group_role="")
        .annotate(
            role_order=Case(
                *[When(group_role=role, then=Value(n)) for n, role in enumerate(GROUP_ORDER)],
                output_field=IntegerField(),
            )
        )
        .order_by("role_order", "name")
    )


def log_entries_for_site(*, site):
    return LogEntry.objects.for_site(site).select_related("recorded_by")


def log_entry_for_site(*, site, entry_id) -> LogEntry:
    entry = log_entries_for_site(site=site).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such log entry")
    return entry


def participant_names(*, workshop) -> list[str]:
    return list(
        Participant.objects.for_site(workshop.site)
        .filter(workshop=workshop)
        .exclude(name="")
        .values_list("name", flat=True)
    )


def participant_names_for_site(*, site) -> list[str]:
    """The names participants gave in any of the site's workshops."""
    return list(Participant.objects.for_site(site).exclude(name="").values_list("name", flat=True))


def workshop_sectors(*, site) -> list[tuple[Workshop, list[str]]]:
    """Each workshop that people have joined, oldest first, with its participants' sectors."""
    sectors: dict = {}
    for workshop_id, sector in Participant.objects.for_site(site).values_list(
        "workshop_id", "sector"
    ):
        sectors.setdefault(workshop_id, []).append(sector)
    workshops = Workshop.objects.for_site(site).filter(pk__in=sectors).order_by("created_at")
    return [(workshop, sectors[workshop.pk]) for workshop in workshops]
