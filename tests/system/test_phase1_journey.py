"""A person signs in and walks the Phase 1 home on a phone, and every page is accessible."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll, nhs_styles_loaded
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def northbridge_lead(settings):
    from thrivekit.sites.tests.factories import LocalAreaFactory, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False  # as in the demo
    site = SiteFactory(name="Northbridge", slug="northbridge")
    for name in ("Northbridge Central", "Riverside", "Eastmoor"):
        LocalAreaFactory(site=site, name=name)
    return MembershipFactory(site=site, role=Role.SITE_LEAD).user


def test_a_site_lead_signs_in_and_walks_the_phase1_home_on_a_phone(
    live_server, phone, northbridge_lead, shots
):
    from thrivekit.sites.tests.factories import PASSWORD

    page = phone
    # Given the sign-in page on a 320 px wide phone
    page.goto(f"{live_server.url}/accounts/login")
    assert nhs_styles_loaded(page)
    assert axe_violations(page) == []
    assert not has_horizontal_scroll(page)
    # When a mistake is made, the error summary says so
    page.get_by_label("Email address").fill(northbridge_lead.email)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    # And when the right password is given, the Phase 1 home opens
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sites/northbridge/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phase 1")
    expect(page.locator(".nhsuk-card")).to_have_count(5)
    assert axe_violations(page) == []
    assert not has_horizontal_scroll(page)
    # Then each step can be opened from the home, and is the hub of its step
    for title in [
        "Engagement",
        "Understanding your system",
        "THRIVE Assessment",
        "Prioritising improvement and gap analysis",
        "Redesign and implementation planning",
    ]:
        page.locator("main").get_by_role("link", name=title, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_role("heading", name="What this step holds")).to_be_visible()
        expect(page.get_by_text("These tools are being built")).to_have_count(0)
        page.screenshot(path=shots / f"step-hub-{title.split()[0].lower()}-320.png", full_page=True)
        assert axe_violations(page) == [], title
        assert not has_horizontal_scroll(page), title
        page.get_by_role("link", name="Phase 1 home").first.click()
    # And the members page for a site lead is accessible too
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members")
    assert axe_violations(page) == []
    assert not has_horizontal_scroll(page)
    # And no page raised a script error or broke the Content Security Policy
    assert page.errors == []


def test_the_instruments_read_well_on_a_desktop(live_server, desktop, northbridge_lead):
    from thrivekit.sites.tests.factories import PASSWORD

    page = desktop
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(northbridge_lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/sites/northbridge/instruments/assessment")
    expect(page.get_by_role("heading", name="Needs-led", exact=False).first).to_be_visible()
    assert axe_violations(page) == []
    assert page.errors == []
