"""A small map built through the forms is drawn, and the analysis finds a wrong door."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_small_map_is_built_drawn_and_analysed(live_server, desktop, settings):
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    contributor = MembershipFactory(site=site, role=Role.CONTRIBUTOR).user
    page = desktop
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(contributor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    base = f"{live_server.url}/sites/northbridge/pathways/"
    page.goto(base)
    problems = [f"empty map: {v}" for v in axe_violations(page)]
    # Given an entry point and two services added through the forms
    page.get_by_role("button", name="Add an entry point").click()
    page.get_by_label("Entry point").fill("GP")
    page.get_by_role("button", name="Add entry point").click()
    for name, grouping in [
        ("Single Point of Access", "Getting Advice"),
        ("Crisis team", "Getting Risk"),
    ]:
        page.get_by_role("button", name="Add a service").click()
        page.get_by_label("Service name").fill(name)
        page.get_by_label(grouping, exact=False).check()
        if name == "Crisis team":
            problems += [f"service form: {v}" for v in axe_violations(page)]
        page.get_by_role("button", name="Save service").click()
    # And a route from the GP to the single point of access
    page.get_by_role("button", name="Add a route").click()
    page.get_by_label("From").select_option(label="GP (entry point)")
    page.get_by_label("To").select_option(label="Single Point of Access")
    page.get_by_role("button", name="Add route").click()
    # Then the map is drawn in the page
    expect(page.locator("#pathway-map canvas").first).to_be_attached()
    expect(page.get_by_test_id("routes")).to_contain_text("GP → Single Point of Access")
    problems += [f"map: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("map scrolls sideways")
    # And the analysis finds the wrong door
    page.get_by_role("link", name="Analyse the map").click()
    expect(page.get_by_test_id("finding-wrong-door")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Getting Risk Support")
    problems += [f"analysis: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
    assert page.errors == []
