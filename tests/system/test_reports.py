"""Building the demo's Phase 1 report in the browser: a site lead builds a draft, watches its
progress, and previews it; the pages pass axe at 1280 px and fit a 320 px phone (issue 18)."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll, new_page

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_lead_builds_previews_the_demo_report(live_server, desktop, browser, settings):
    from thrivekit.demo.services import DEMO_PASSWORD, SITE_SLUG, demo_seed
    from thrivekit.tasks.services import worker_run

    settings.THRIVEKIT_REQUIRE_2FA = False
    # The build waits for a worker, so the page shows its progress before it finishes.
    settings.THRIVEKIT_TASKS = "worker"
    demo_seed()

    page = desktop
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill("lead@northbridge.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    reports = f"{live_server.url}/sites/{SITE_SLUG}/reports/"
    page.goto(reports)
    problems = [f"reports: {v}" for v in axe_violations(page)]

    # When the lead leaves out the what-ifs, writes a summary and builds the draft
    page.get_by_label("Demand and capacity what-ifs").uncheck()
    page.get_by_label("Executive summary (optional)").fill("Waits are the first concern.")
    page.get_by_role("button", name="Build the draft").click()

    # Then the version's page shows the build's progress
    expect(page.get_by_role("heading", name="Version 1")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    problems += [f"building: {v}" for v in axe_violations(page)]
    version_url = page.url
    # and so does the Reports page
    page.goto(reports)
    expect(page.get_by_role("heading", name="Version 1 is being built")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()

    # and once a worker has built it, the version offers the preview and the downloads
    assert worker_run(once=True) == 1
    # (the page asks every second and reloads itself when the build has finished)
    expect(page.get_by_role("heading", name="Version 1 is being built")).to_have_count(
        0, timeout=15_000
    )
    page.goto(version_url)
    expect(page.get_by_test_id("preview")).to_be_visible(timeout=15_000)
    expect(page.get_by_test_id("sections")).to_contain_text("Implementation plan")
    expect(page.get_by_test_id("sections")).not_to_contain_text("what-ifs")
    expect(page.get_by_role("button", name="Ask for sign-off")).to_be_visible()
    problems += [f"version: {v}" for v in axe_violations(page)]

    # When they preview it, the report is the standalone document with their summary
    page.get_by_test_id("preview").click()
    expect(page.get_by_text("Waits are the first concern.")).to_be_visible()
    expect(page.get_by_role("heading", name="Implementation plan").first).to_be_visible()
    problems += [f"preview: {v}" for v in axe_violations(page)]
    assert page.errors == []

    # And on a 320 px phone neither page scrolls sideways
    context, phone = new_page(browser, width=320, height=640)
    phone.goto(f"{live_server.url}/accounts/login")
    phone.get_by_label("Email address").fill("lead@northbridge.example")
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    for name, url in (("reports", reports), ("version", version_url)):
        phone.goto(url)
        if wide := has_horizontal_scroll(phone):
            problems.append(f"{name} scrolls sideways on a phone: {wide}")
    context.close()
    assert problems == [], "\n".join(problems)
