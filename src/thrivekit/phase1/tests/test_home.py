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
def test_the_home_lists_a_piece_whose_tool_is_not_there_yet(client, site, member, signed_in):
    signed_in(member(Role.VIEWER))
    page = client.get(reverse("phase1:home", kwargs={"site_slug": site.slug}))
    soup = BeautifulSoup(page.text, "html.parser")
    text = soup.select_one("[data-testid=step-understanding-your-system]").get_text(" ")
    assert "Qualitative feedback: not available yet" in text
    assert "not captured here yet" not in page.text
