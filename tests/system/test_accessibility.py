"""Every page a site lead or platform administrator can open passes axe-core on a phone."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
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


# --- Every page passes axe and fits the screen, for each role (issue 15) ----------------------
# Every page a member reaches by following links from the site's home on the demo site, plus
# the participant's join page, each kind of page once (one service's edit page stands for all).
# A page that overflows for a known reason would be listed here with the issue item that fixes
# it; the test fails for any other page, and says when a listed page is fixed.
KNOWN_OVERFLOW: dict[str, str] = {}
NOT_PAGES = re.compile(
    r"/export|\.(svg|png|xlsx|json|zip|csv|pdf|docx|ics|qdpx|html)$|/accounts/logout|/positions$|/tasks/"
    r"|/live$|/status$|^/admin/"
)
# Kinds of page whose argument changes what is shown (each step hub, each instrument).
KEEP_KWARGS = ("step", "kind")
MAX_PAGES = 150


def overflow_px(page) -> int:
    """How far the page scrolls sideways: 0 when it fits the viewport."""
    return page.evaluate(
        "() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)"
    )


def _kind_of_page(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    kept = ",".join(f"{k}={match.kwargs[k]}" for k in KEEP_KWARGS if k in match.kwargs)
    return f"{match.view_name}({kept})" if kept else match.view_name


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    origin = urlsplit(page.url)
    return [
        urlsplit(h).path + (f"?{urlsplit(h).query}" if urlsplit(h).query else "")
        for h in hrefs
        if urlsplit(h).netloc == origin.netloc
    ]


# Every role on a 320 px phone and a 1280 px desktop: the site lead reaches every page; the
# others see the pages their role opens, with their own buttons and disclosure-controlled figures.
ROLES = ("lead", "facilitator", "analyst", "contributor", "viewer")
CRAWLS = [(f"{role}@northbridge.example", width) for role in ROLES for width in (320, 1280)]


@pytest.mark.parametrize(
    ("email", "width"), CRAWLS, ids=[f"{e.split('@')[0]}-{w}" for e, w in CRAWLS]
)
def test_every_page_passes_axe_and_fits_the_screen(live_server, browser, settings, email, width):
    from tests.system.conftest import new_page
    from thrivekit.demo.services import DEMO_PASSWORD, SITE_SLUG, demo_seed

    settings.THRIVEKIT_REQUIRE_2FA = False
    # Given the demo site (map, register, workshops, sessions, an extract, scenarios, feedback,
    # the plan and the report)
    demo_seed()
    context, page = new_page(browser, width=width, height=800)
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    # When they follow every link from the site's home, each kind of page once
    from thrivekit.workshops.models import Workshop

    codes = [f"/join/{w.join_code}" for w in Workshop.objects.all()[:1]]
    queue = deque([f"/sites/{SITE_SLUG}/", "/join/", *codes, "/accessibility"])
    seen: set[str] = set()
    wide: dict[str, str] = {}
    problems: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        kind = _kind_of_page(path)
        if kind is None or kind in seen or NOT_PAGES.search(urlsplit(path).path):
            continue
        seen.add(kind)
        response = page.goto(live_server.url + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        problems += [f"{path}: {v}" for v in axe_violations(page)]
        if (extra := overflow_px(page)) > 0:
            wide[kind] = f"{path} is {extra} px wider than the screen"
        queue.extend(_links(page))
    errors = list(page.errors)
    context.close()
    assert visited > (40 if "lead" in email else 20), f"only {visited} pages reached"
    # Then every page passes axe (no serious or critical violations) and none scrolls sideways,
    # except those listed with the item that fixes them
    assert problems == [], "\n".join(problems)
    unknown = {k: v for k, v in wide.items() if k not in KNOWN_OVERFLOW}
    fixed = sorted(set(KNOWN_OVERFLOW) - set(wide))
    assert unknown == {}, "\n".join(unknown.values())
    assert fixed == [], f"fixed now, take off KNOWN_OVERFLOW: {fixed}"
    assert errors == []
    if wide:
        pytest.xfail(
            "pages still scrolling sideways: "
            + "; ".join(f"{wide[k]} ({KNOWN_OVERFLOW[k]})" for k in sorted(wide))
        )
