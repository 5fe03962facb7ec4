"""An analyst uploads an extract and everyone sees an accessible dashboard."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_an_analyst_uploads_an_extract_and_the_dashboard_is_accessible(
    live_server, phone, settings, tmp_path
):
    from thrivekit.activity import write_extract
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    analyst = MembershipFactory(site=site, role=Role.ANALYST).user
    paths = write_extract(tmp_path / "extract", referrals=600, seed=7)
    page = phone
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(analyst.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/sites/northbridge/activity/upload")
    problems = [f"upload: {v}" for v in axe_violations(page)]
    page.get_by_label("Name").fill("Synthetic")
    page.get_by_label("Referrals").set_input_files(str(paths["referrals"]))
    page.get_by_label("Contacts").set_input_files(str(paths["contacts"]))
    page.get_by_role("button", name="Upload and check").click()
    # The import runs inside the request in tests: allow for a slow, shared machine.
    expect(page.get_by_role("heading", name="Demand")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("summary")).to_contain_text("Referrals")
    expect(page.locator(".tk-chart svg").first).to_be_visible()
    problems += [f"dashboard: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
        )
        problems.append(f"dashboard scrolls sideways: {wide}")
    assert problems == [], "\n".join(problems)
    assert page.errors == []
