"""The demo site, Northbridge: fictional, seeded idempotently, never in production."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from thrivekit.accounts.models import User
from thrivekit.demo.activity import seed_extract
from thrivekit.demo.feedback import seed_feedback
from thrivekit.demo.pathways import seed_pathway_map
from thrivekit.demo.planning import seed_planning
from thrivekit.demo.priorities import seed_priorities
from thrivekit.demo.scenarios import seed_scenarios
from thrivekit.demo.workshops import seed_workshops
from thrivekit.engagement.demo import seed_engagement
from thrivekit.sites.models import LocalArea, Role, Site
from thrivekit.sites.services import local_area_add, membership_add, site_create

DEMO_PASSWORD = "northbridge-demo-2026"
SITE_SLUG = "northbridge"
LOCAL_AREAS = ["Northbridge Central", "Riverside", "Eastmoor"]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: str | None  # None: the platform administrator, who is not a site member


PEOPLE = (
    DemoPerson("admin@northbridge.example", "Pat Okafor", None),
    DemoPerson("lead@northbridge.example", "Sam Whitfield", Role.SITE_LEAD),
    DemoPerson("facilitator@northbridge.example", "Aisha Rahman", Role.FACILITATOR),
    DemoPerson("analyst@northbridge.example", "Tom Becker", Role.ANALYST),
    DemoPerson("contributor@northbridge.example", "Grace Mensah", Role.CONTRIBUTOR),
    DemoPerson("viewer@northbridge.example", "Leo Novak", Role.VIEWER),
)


def _refuse_production() -> None:
    if settings.PRODUCTION:
        raise ImproperlyConfigured("The demo data must never be seeded with production settings.")


@transaction.atomic
def demo_seed() -> list[DemoPerson]:
    """Create or bring up to date the Northbridge demo. Running it again changes nothing."""
    _refuse_production()
    site = Site.objects.filter(slug=SITE_SLUG).first()
    if site is None:
        site = site_create(
            name="Northbridge",
            slug=SITE_SLUG,
            icb="NHS Northbridge and Vale Integrated Care Board",
            local_authorities=["Northbridge City Council"],
            population_0_25=182_000,
        )
    for name in LOCAL_AREAS:
        if not LocalArea.objects.for_site(site).filter(name=name).exists():
            local_area_add(site=site, name=name)
    people = {}
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                person.email,
                DEMO_PASSWORD,
                full_name=person.full_name,
                is_superuser=person.role is None,
                is_staff=person.role is None,
            )
        if person.role is not None:
            membership_add(site=site, user=user, role=person.role)
            people[person.role] = user
    seed_engagement(site)
    seed_workshops(site)
    seed_priorities(site, people=people)
    seed_extract(site, uploaded_by=people.get(Role.ANALYST))
    seed_scenarios(site, created_by=people.get(Role.ANALYST))
    seed_pathway_map(site, saved_by=people.get(Role.SITE_LEAD))
    seed_feedback(site, people=people)
    # The plan drafts its actions from the priorities and its baselines from the extract.
    seed_planning(site, people=people)
    return list(PEOPLE)
