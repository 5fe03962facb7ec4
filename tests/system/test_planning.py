"""Building a plan in the browser: actions drafted from a gap analysis, one given an owner and
dates, then seen on the timeline; the pages are accessible and fit a phone (issue 17)."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_lead_builds_a_plan_for_a_grouping_from_a_gap_analysis(live_server, phone, settings):
    from thrivekit.priorities import services as priority_services
    from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    lead = MembershipFactory(site=site, role=Role.SITE_LEAD).user
    session = open_session(site, tables=2)
    rank(session, 1, ITEMS[:5])
    priority_services.priorities_confirm(
        session=session, items=ITEMS[:5], reason="", confirmed_by=None
    )
    priority = session.priorities.order_by("rank").first()
    priority.recommendations = "Agree one multi-agency front door"
    priority.quick_wins = "Publish one directory of local support"
    priority.save()

    page = phone
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/sites/northbridge/planning/")
    problems = [f"home: {v}" for v in axe_violations(page)]

    # When the lead drafts actions from the first priority's gap analysis for Getting Help
    page.get_by_role("link", name="Implementation plan").first.click()
    page.get_by_role("button", name="Create actions from a gap analysis").click()
    page.get_by_label(str(priority)).check()
    page.get_by_label("Needs-based grouping for these actions").select_option(label="Getting Help")
    page.get_by_role("button", name="Create draft actions").click()
    # Then both are in the plan under Getting Help, as drafts traced to the priority
    actions = page.get_by_test_id("actions-getting-help")
    expect(actions).to_contain_text("Agree one multi-agency front door")
    expect(actions).to_contain_text("Publish one directory of local support")
    expect(actions).to_contain_text("Draft")
    problems += [f"plan: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("plan scrolls sideways on a phone")

    # When they give one an owner and dates
    actions.get_by_role("link", name="Agree one multi-agency front door").click()
    page.get_by_role("button", name="Edit the action").click()
    page.get_by_label("Owner: person").fill("Asha Patel")
    page.get_by_label("Owner: organisation").fill("Northbridge ICB")
    page.get_by_label("Start date (optional)").fill("01/04/2026")
    page.get_by_label("Due date (optional)").fill("30/09/2027")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_test_id("action")).to_contain_text("Asha Patel (Northbridge ICB)")
    expect(page.get_by_test_id("answers")).to_contain_text("gap analysis of priority")

    # Then the timeline draws it, with the table beside it
    page.goto(f"{live_server.url}/sites/northbridge/planning/plan/timeline")
    expect(page.get_by_test_id("gantt").locator("rect")).to_have_count(1)
    expect(page.get_by_test_id("gantt-table")).to_contain_text("30 September 2027")
    problems += [f"timeline: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("timeline scrolls sideways on a phone")
    assert problems == [], "\n".join(problems)
    assert page.errors == []


def test_an_indicator_is_drawn_against_its_baseline_and_target(live_server, phone, settings):
    import datetime as dt

    from thrivekit.extracts.models import Extract
    from thrivekit.planning import services
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    viewer = MembershipFactory(site=site, role=Role.VIEWER).user
    for name, as_of, dna, attended in (
        ("Autumn extract", dt.date(2025, 9, 30), 120, 880),
        ("Spring extract", dt.date(2026, 3, 31), 90, 910),
    ):
        Extract.objects.create(
            site=site,
            name=name,
            as_of=as_of,
            analysis={
                "contacts": {
                    "dna_rate": dna / (dna + attended),
                    "dna_rate_numerator": dna,
                    "dna_rate_denominator": dna + attended,
                }
            },
        )
    outcome = services.outcome_create(site=site, title="Fewer missed appointments")
    indicator = services.indicator_add(outcome=outcome, measure="dna_rate", target=8)
    services.indicator_rebase(
        indicator=indicator, extract=Extract.objects.get(name="Autumn extract")
    )
    page = phone
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(viewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/sites/northbridge/planning/outcomes/")
    expect(page.get_by_test_id("indicators")).to_contain_text("12%")
    problems = [f"outcomes: {v}" for v in axe_violations(page)]
    page.get_by_role("link", name="Did not attend (DNA) rate").click()
    # The chart draws (no script or CSP error) and the table beside it says the same
    expect(page.locator(".tk-chart svg").first).to_be_visible()
    expect(page.get_by_test_id("remeasurements")).to_contain_text("Spring extract")
    expect(page.get_by_test_id("remeasurements")).to_contain_text("9%")
    problems += [f"indicator: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("indicator page scrolls sideways on a phone")
    assert problems == [], "\n".join(problems)
    assert page.errors == []
