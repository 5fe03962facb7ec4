"""Coding a response by selecting words, then approving a suggested theme, in a browser."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

SAID = [
    "The waiting list for CAMHS was far too long",
    "We waited months on the waiting list and heard nothing",
    "The waiting list kept growing and nobody called",
    "The school counsellor listened to me every week",
    "The school nurse helped me feel calmer at school",
    "School staff listened and found me a quiet room",
]


def test_an_analyst_codes_a_response_and_approves_a_suggested_theme(live_server, desktop, settings):
    from thrivekit.qualitative import services
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    analyst = MembershipFactory(site=site, role=Role.ANALYST).user
    for i, text in enumerate(SAID):
        source = services.notes_add(
            site=site, title=f"Event {i}", text=text, group="young_person", area="", user=None
        )
        services.response_review(response=source.responses.get(), user=analyst)
    page = desktop
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(analyst.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Given a response opened from the feedback page
    page.goto(f"{live_server.url}/sites/northbridge/feedback/")
    problems = [f"home: {v}" for v in axe_violations(page)]
    page.get_by_role("link", name=SAID[0]).click()
    expect(page.locator("#response-text")).to_contain_text(SAID[0])
    # When the analyst selects "waiting list" in the text, the characters are filled in
    page.evaluate(
        """() => {
          const node = document.getElementById('response-text').firstChild;
          const range = document.createRange();
          range.setStart(node, 4);
          range.setEnd(node, 16);
          const selection = document.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    expect(page.get_by_label("From character")).to_have_value("4")
    expect(page.get_by_label("To character")).to_have_value("16")
    expect(page.locator("#selection-preview")).to_contain_text("waiting list")
    page.get_by_label("Or a new code").fill("Waiting")
    problems += [f"response: {v}" for v in axe_violations(page)]
    page.get_by_role("button", name="Tag the text").click()
    # Then the words are highlighted and tagged
    expect(page.locator("#response-text mark")).to_have_text("waiting list")
    expect(page.get_by_test_id("codings")).to_contain_text("Waiting: “waiting list”")
    # When themes are suggested and one is approved
    page.goto(f"{live_server.url}/sites/northbridge/feedback/themes/")
    page.get_by_role("button", name="Suggest themes").click()
    expect(page.get_by_test_id("theme").first).to_be_visible()
    problems += [f"themes: {v}" for v in axe_violations(page)]
    page.get_by_test_id("theme").first.get_by_role("link").click()
    page.get_by_label("Theme name").fill("Long waits")
    page.get_by_label("Needs-led", exact=True).check()
    page.get_by_role("button", name="Save the theme").click()
    page.get_by_role("button", name="Approve the theme").click()
    # Then the theme is approved, with its THRIVE principle
    expect(page.get_by_test_id("theme-status")).to_contain_text("Approved")
    expect(page.get_by_test_id("theme-principles")).to_contain_text("Needs-led")
    problems += [f"theme: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("theme page scrolls sideways")
    assert problems == [], "\n".join(problems)
    assert page.errors == []


def test_the_feedback_pages_fit_a_phone_and_pass_axe_on_the_demo_data(live_server, phone, settings):
    from thrivekit.demo.feedback import seed_feedback
    from thrivekit.qualitative import services
    from thrivekit.qualitative.models import Response, Theme
    from thrivekit.sites.tests.factories import (
        PASSWORD,
        LocalAreaFactory,
        MembershipFactory,
        SiteFactory,
    )

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    for name in ("Northbridge Central", "Riverside", "Eastmoor"):
        LocalAreaFactory(site=site, name=name)
    lead = MembershipFactory(site=site, role=Role.SITE_LEAD).user
    analyst = MembershipFactory(site=site, role=Role.ANALYST).user
    seed_feedback(site, people={Role.SITE_LEAD: lead, Role.ANALYST: analyst})
    response = Response.objects.for_site(site).first()
    code = services.code_add(site=site, name="Waiting")
    services.coding_add(response=response, code=code, start=2, end=12)
    theme = Theme.objects.for_site(site).filter(status="approved").first()
    page = phone
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    base = f"{live_server.url}/sites/northbridge/feedback/"
    problems = []
    for path in [
        "",
        "themes/",
        f"themes/{theme.id}",
        "lens",
        "codebook/",
        f"responses/{response.id}",
        "safeguarding/",
        "import",
        "notes/add",
        "settings",
    ]:
        page.goto(base + path)
        problems += [f"{path or 'home'}: {v}" for v in axe_violations(page)]
        if has_horizontal_scroll(page):
            problems.append(f"{path or 'home'} scrolls sideways at 320 px")
    assert problems == [], "\n".join(problems)
    assert page.errors == []


def test_a_young_person_answers_a_short_survey_on_a_phone_with_no_account(live_server, phone):
    from thrivekit.qualitative import services
    from thrivekit.qualitative.models import Response
    from thrivekit.sites.tests.factories import LocalAreaFactory, SiteFactory

    site = SiteFactory(name="Northbridge", slug="northbridge")
    LocalAreaFactory(site=site, name="Riverside")
    survey = services.survey_create(
        site=site,
        title="Tell us about help at school",
        intro="We want to make help better. Every question is optional.",
        questions=["What helped you most?", "What could have been better?"],
        group="ask",
        ask_area=True,
        is_open=True,
        user=None,
    )
    page = phone
    # Given the survey's link opened on a 320 px phone, with no account
    page.goto(f"{live_server.url}/say/{survey.code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about help at school")
    expect(page.get_by_test_id("safety")).to_contain_text("0800 1111")
    expect(page.locator(".nhsuk-header__navigation")).to_have_count(0)
    problems = [f"survey: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("the survey scrolls sideways at 320 px")
    # When they answer one question, say who they are and send it
    page.get_by_label("What helped you most?").fill("The school nurse listened to me")
    page.get_by_label("A young person").check()
    page.get_by_label("Riverside").check()
    page.get_by_role("button", name="Send my answers").click()
    # Then they are thanked, and the answer is stored as a young person's
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    problems += [f"thanks: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("the thank-you page scrolls sideways at 320 px")
    assert problems == [], "\n".join(problems)
    assert page.errors == []
    answer = Response.objects.for_site(site).get()
    assert (answer.text, answer.group, answer.area) == (
        "The school nurse listened to me",
        "young_person",
        "Riverside",
    )
