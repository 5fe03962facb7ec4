import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.sites.models import Role


@pytest.mark.django_db
def test_the_phase1_home_shows_the_five_steps_with_status_and_next_action(
    client, site, member, signed_in
):
    # Given a site lead at a site with only themselves in the team
    signed_in(member(Role.SITE_LEAD))
    # When they open the Phase 1 home
    page = client.get(reverse("phase1:home", kwargs={"site_slug": site.slug}))
    soup = BeautifulSoup(page.text, "html.parser")
    # Then the five steps appear in order, each with a status and a next action
    headings = [h.get_text(" ", strip=True) for h in soup.select(".nhsuk-card__heading")]
    assert headings == [
        "Step 1 Engagement",
        "Step 2 Understanding your system",
        "Step 3 THRIVE Assessment",
        "Step 4 Prioritising improvement and gap analysis",
        "Step 5 Redesign and implementation planning",
    ]
    engagement = soup.select_one("[data-testid=step-engagement]")
    assert "1 person in the site team" in engagement.text
    assert "3 local areas" in engagement.text
    assert "Invite your transformation group" in engagement.text
    assessment = soup.select_one("[data-testid=step-thrive-assessment]")
    assert "0 workshops" in assessment.text
    assert "Set up an assessment workshop" in assessment.text
    # And the header names the service and the site, with the steps as navigation
    assert "thrivekit" in soup.select_one(".nhsuk-header__service-name").text
    assert site.name in soup.select_one(".nhsuk-header__service-name").text
    nav = [a.get_text(strip=True) for a in soup.select(".nhsuk-header__navigation-link")]
    assert nav[:6] == [
        "Phase 1 home",
        "Engagement",
        "Your system",
        "THRIVE Assessment",
        "Prioritising",
        "Redesign",
    ]


@pytest.mark.django_db
def test_engagement_is_in_progress_once_the_team_grows(client, site, member, signed_in):
    signed_in(member(Role.VIEWER))
    member(Role.FACILITATOR)
    page = client.get(reverse("phase1:home", kwargs={"site_slug": site.slug}))
    engagement = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=step-engagement]")
    assert "In progress" in engagement.text
    # A viewer is not offered an action they cannot take
    assert "Invite your transformation group" not in engagement.text


@pytest.mark.django_db
def test_an_unknown_step_is_not_found(client, site, member, signed_in):
    signed_in(member(Role.CONTRIBUTOR))
    missing = client.get(reverse("phase1:step", kwargs={"site_slug": site.slug, "step": "nope"}))
    assert missing.status_code == 404


@pytest.mark.django_db
def test_the_home_counts_feedback_and_the_plan(client, site, member, signed_in):
    # Given a site with one reviewed feedback response and one outcome
    from thrivekit.planning.services import outcome_create
    from thrivekit.qualitative.tests.helpers import reviewed

    reviewed(site, "The drop-in helped me")
    outcome_create(site=site, title="Quicker help")
    signed_in(member(Role.VIEWER))
    # When a viewer opens the home page
    page = client.get(reverse("phase1:home", kwargs={"site_slug": site.slug}))
    soup = BeautifulSoup(page.text, "html.parser")
    # Then step 2 counts the feedback and step 5 the plan and the outcome framework
    understanding = soup.select_one("[data-testid=step-understanding-your-system]").get_text(" ")
    assert "1 feedback response and 0 approved themes" in understanding
    redesign = soup.select_one("[data-testid=step-redesign]").get_text(" ")
    assert "0 actions in the implementation plan" in redesign
    assert "1 outcome in the outcome framework" in redesign
    assert "not available yet" not in page.text


@pytest.mark.django_db
def test_overdue_actions_are_flagged_on_the_home_page(client, site, member, signed_in):
    # Given an action due last week that is not done, and one due next month
    import datetime as dt

    from django.utils import timezone

    from thrivekit.planning.services import action_create

    today = timezone.localdate()
    for title, due in [("Publish the directory", -7), ("Train school staff", 30)]:
        action_create(
            site=site,
            title=title,
            grouping="getting-advice",
            owner_name="Sam Patel",
            owner_organisation="Northbridge Council",
            start_date=today - dt.timedelta(days=60),
            due_date=today + dt.timedelta(days=due),
        )
    signed_in(member(Role.VIEWER))
    # When anyone at the site opens the home page
    page = client.get(reverse("phase1:home", kwargs={"site_slug": site.slug}))
    soup = BeautifulSoup(page.text, "html.parser")
    # Then the overdue action is flagged with its owner, and the other is not
    flagged = soup.select_one("[data-testid=overdue-actions]").get_text(" ")
    assert "1 overdue action" in flagged
    assert "Publish the directory" in flagged and "Sam Patel" in flagged
    assert "Train school staff" not in flagged
