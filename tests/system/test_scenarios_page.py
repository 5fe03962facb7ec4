"""The what-if sliders answer at once in the page, and the page is accessible."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_moving_a_slider_updates_the_instant_answers(live_server, phone, settings):
    from thrivekit.scenarios.services import scenario_create
    from thrivekit.scenarios.tests.test_scenarios import SMALL
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    analyst = MembershipFactory(site=site, role=Role.ANALYST).user
    scenario = scenario_create(site=site, name="Today", definition=SMALL)
    page = phone
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(analyst.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/sites/northbridge/scenarios/{scenario.id}/")
    answers = page.get_by_test_id("instant-answers")
    expect(answers).not_to_contain_text("over capacity")
    problems = [f"scenario: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("scenario page scrolls sideways")
    # When Getting Help's capacity is cut to a fifth with its slider
    page.locator("#cap-help").fill("20")
    # Then the answers change at once, without a page load
    expect(page.get_by_test_id("instant-answers")).to_contain_text("over capacity")
    # And the slider's value is shown beside it as it moves
    expect(page.locator("output[for=cap-help]")).to_have_text("20%")
    expect(page.locator("#cap-help")).to_have_attribute("aria-valuetext", "20%")
    assert page.url.endswith(f"{scenario.id}/")
    assert problems == [], "\n".join(problems)
    assert page.errors == []
