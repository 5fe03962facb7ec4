"""Every page a site lead or platform administrator can open passes axe-core on a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll, nhs_styles_loaded
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, email):
    from thrivekit.sites.tests.factories import PASSWORD

    page.goto(f"{base_url}/accounts/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def pages_for(site, membership_id, area_id):
    slug = {"site_slug": site.slug}
    pages = [
        reverse("phase1:home", kwargs=slug),
        reverse("sites:members", kwargs=slug),
        reverse("sites:member_invite", kwargs=slug),
        reverse("sites:member_role", kwargs={**slug, "membership_id": membership_id}),
        reverse("sites:member_remove", kwargs={**slug, "membership_id": membership_id}),
        reverse("sites:settings", kwargs=slug),
        reverse("sites:audit", kwargs=slug),
        reverse("instrument_library:list", kwargs=slug),
        reverse("instrument_library:upload", kwargs=slug),
        reverse("accounts:two_factor_setup"),
        reverse("accessibility"),
    ]
    pages += [
        reverse("instrument_library:detail", kwargs={**slug, "kind": kind})
        for kind in ("assessment", "checklist", "groupings", "sectors")
    ]
    pages += [
        reverse(name, kwargs=slug)
        for name in (
            "engagement:overview",
            "engagement:register",
            "engagement:stakeholder_add",
            "engagement:import",
            "engagement:log",
            "engagement:log_add",
            "maps:overview",
            "maps:service_new",
            "maps:entry_point_new",
            "maps:route_new",
            "maps:import",
            "maps:analysis",
            "maps:teams",
            "maps:workforce",
            "maps:workshop",
            "extracts:list",
            "extracts:upload",
            "scenarios:list",
            "scenarios:new",
            "workshops:list",
            "workshops:new",
            "priorities:list",
            "priorities:new",
        )
    ]
    pages += [
        reverse("maps:workshop_step", kwargs={**slug, "step": step})
        for step in ("shape", "analyse")
    ]
    pages += [
        reverse("phase1:step", kwargs={**slug, "step": step})
        for step in (
            "engagement",
            "understanding-your-system",
            "thrive-assessment",
            "prioritising",
            "redesign",
        )
    ]
    return pages


def test_every_site_lead_page_is_accessible_and_fits_a_phone(live_server, phone, settings):
    from thrivekit.sites.tests.factories import LocalAreaFactory, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    area = LocalAreaFactory(site=site, name="Riverside")
    lead = MembershipFactory(site=site, role=Role.SITE_LEAD).user
    viewer = MembershipFactory(site=site, role=Role.VIEWER)
    from thrivekit.demo.pathways import demo_map
    from thrivekit.engagement.demo import seed_engagement
    from thrivekit.maps.services import map_save

    map_save(site=site, pathway_map=demo_map(), base_version=0)
    seed_engagement(site)
    sign_in(phone, live_server.url, lead.email)
    problems = []
    for path in pages_for(site, viewer.id, area.id):
        phone.goto(live_server.url + path)
        if not nhs_styles_loaded(phone):
            problems.append(f"{path}: NHS styles missing")
        problems += [f"{path}: {v}" for v in axe_violations(phone)]
        if wide := has_horizontal_scroll(phone):
            problems.append(f"{path}: scrolls sideways at 320 px: {wide}")
    assert problems == [], "\n".join(problems)
    assert phone.errors == []


def test_the_platform_and_error_pages_are_accessible(live_server, phone, settings):
    from thrivekit.sites.tests.factories import UserFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in(phone, live_server.url, admin.email)
    problems = []
    for path in [reverse("platform:home"), reverse("platform:site_new"), "/sites/nowhere/"]:
        phone.goto(live_server.url + path)
        problems += [f"{path}: {v}" for v in axe_violations(phone)]
    # An empty form shows the NHS error summary, which is accessible too
    phone.goto(live_server.url + reverse("platform:site_new"))
    phone.get_by_role("button", name="Set up site and invite its lead").click()
    expect(phone.get_by_text("There is a problem")).to_be_visible()
    problems += [f"errors: {v}" for v in axe_violations(phone)]
    assert problems == []
