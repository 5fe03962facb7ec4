"""Each Phase 1 step page is the hub of its step: what it is for, progress, next action, tools."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.engagement.services import stakeholder_add
from thrivekit.phase1 import pieces
from thrivekit.phase1.pieces import Action, Piece
from thrivekit.phase1.steps import STEPS
from thrivekit.sites.models import Role
from thrivekit.workshops.services import workshop_create


def open_step(client, site, slug):
    page = client.get(reverse("phase1:step", kwargs={"site_slug": site.slug, "step": slug}))
    assert page.status_code == 200
    return BeautifulSoup(page.text, "html.parser")


def cards(soup) -> dict[str, str]:
    found = {}
    for card in soup.select("[data-testid=piece]"):
        found[card.select_one("h3").get_text(strip=True)] = card.get_text(" ", strip=True)
    return found


def links(soup) -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in soup.select("main a[href]")}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_no_step_page_shows_placeholder_text_for_any_role(client, site, member, signed_in, role):
    # Given anyone at the site
    signed_in(member(role))
    for step in STEPS:
        # When they open each step page
        soup = open_step(client, site, step.slug)
        text = soup.get_text(" ")
        # Then it says what the step is for and lists its pieces, with no "being built" notice
        assert "being built" not in text and "will hold" not in text
        assert step.why[0] in text
        assert cards(soup), step.slug
        # And every link on it opens for this role (no link that answers 403 or 404)
        for name, href in links(soup).items():
            if href.startswith("/sites/"):
                assert client.get(href).status_code == 200, (step.slug, role, name, href)


@pytest.mark.django_db
def test_engagement_hub_counts_what_is_captured_and_suggests_the_next_action(
    client, site, member, signed_in
):
    # Given a site lead whose register holds a chair and one other person, and no log yet
    signed_in(member(Role.SITE_LEAD))
    stakeholder_add(site=site, name="Ada Chair", sector="commissioner", group_role="chair")
    stakeholder_add(site=site, name="Ben Teacher", sector="secondary-school")
    # When they open the Engagement step
    soup = open_step(client, site, "engagement")
    found = cards(soup)
    # Then each piece shows its count and whether it has started
    assert "2 people so far" in found["Stakeholder register"]
    assert "key sector gaps in the register" in found["Stakeholder register"]
    assert "1 person so far" in found["Transformation group"]
    assert "0 entries so far" in found["Engagement log"]
    assert "Not started" in found["Engagement log"] and "In progress" in found["Site team"]
    # And the register no longer offers an import once it has people in it
    assert "Import the register" not in found["Stakeholder register"]
    assert "Add a stakeholder" in found["Stakeholder register"]
    # And the suggested next action starts the piece not yet begun
    next_link = soup.select_one("[data-testid=step-next] a")
    assert next_link.get_text(strip=True) == "Record a meeting or briefing"
    assert next_link["href"] == reverse("engagement:log_add", kwargs={"site_slug": site.slug})


@pytest.mark.django_db
def test_a_viewer_is_offered_what_to_read_not_what_they_cannot_do(client, site, member, signed_in):
    # Given a viewer at a site with no workshops
    signed_in(member(Role.VIEWER))
    # When they open the THRIVE Assessment step
    soup = open_step(client, site, "thrive-assessment")
    text = soup.get_text(" ")
    # Then they see the count and the way to the results, but not "Set up a workshop"
    assert "0 workshops so far" in cards(soup)["Assessment workshops"]
    assert "No baseline assessment yet" in text
    assert "Set up an assessment workshop" not in text
    assert soup.select_one("[data-testid=step-next] a").get_text(strip=True) == (
        "See the workshops and their results"
    )
    # And the site team, which only site leads can open, is counted without a link
    team = cards(open_step(client, site, "engagement"))["Site team"]
    assert "1 person so far" in team and "See the site team" not in team


@pytest.mark.django_db
def test_a_facilitator_is_led_to_set_up_the_first_workshop_then_to_carry_on(
    client, site, member, signed_in
):
    signed_in(member(Role.FACILITATOR))
    soup = open_step(client, site, "thrive-assessment")
    assert soup.select_one("[data-testid=step-next] a").get_text(strip=True) == (
        "Set up an assessment workshop"
    )
    workshop_create(
        site=site,
        title="Baseline",
        includes_assessment=True,
        includes_checklist=False,
        principles=[],
        levels=[],
        table_names=[],
    )
    assert (
        "1 workshop so far"
        in cards(open_step(client, site, "thrive-assessment"))["Assessment workshops"]
    )


@pytest.mark.django_db
def test_a_piece_whose_tool_is_missing_is_listed_as_not_available_yet(
    client, site, member, signed_in, monkeypatch
):
    # Given a piece declared for step 2 whose tool has no page
    signed_in(member(Role.SITE_LEAD))
    missing = Piece(
        step="understanding-your-system",
        title="Local needs survey",
        what="A survey of local needs.",
        url_name="needs:overview",
        see="See the needs survey",
    )
    monkeypatch.setattr(pieces, "PIECES", (*pieces.PIECES, missing))
    # When the step page is opened
    soup = open_step(client, site, "understanding-your-system")
    # Then the piece is there, honestly marked as not available yet, with no link
    assert "Not available yet" in cards(soup)["Local needs survey"]
    assert "needs survey" not in " ".join(links(soup))


@pytest.mark.django_db
def test_feedback_and_planning_pieces_lead_to_their_tools(client, site, member, signed_in):
    # Given a site lead
    signed_in(member(Role.SITE_LEAD))
    for slug, title, link in [
        ("understanding-your-system", "Qualitative feedback", "See the qualitative feedback"),
        ("redesign", "Implementation plan", "See the implementation plan"),
        ("redesign", "Outcome framework", "See the outcome framework"),
        ("redesign", "Future offer by grouping", "See the future offer"),
    ]:
        # When the step page is opened
        soup = open_step(client, site, slug)
        # Then the piece links to its tool and nothing is marked as not available
        assert "Not available yet" not in cards(soup)[title], title
        assert link in " ".join(links(soup)), link


@pytest.mark.django_db
def test_a_new_piece_is_switched_on_by_adding_an_entry(
    client, site, member, signed_in, monkeypatch
):
    # Given a new piece declared for step 2, with a tool page that exists
    signed_in(member(Role.CONTRIBUTOR))
    added = Piece(
        step="understanding-your-system",
        title="Workforce",
        what="Who works in each service.",
        url_name="maps:workforce",
        see="See the workforce table",
        count=lambda *, site: 4,
        noun=("team", "teams"),
        actions=(Action("Upload the pathway map", "maps:import"),),
    )
    monkeypatch.setattr(pieces, "PIECES", (*pieces.PIECES, added))
    # When the step page is opened
    soup = open_step(client, site, "understanding-your-system")
    # Then the piece appears with its count, its tool and its action
    assert "4 teams so far" in cards(soup)["Workforce"]
    assert links(soup)["See the workforce table"] == reverse(
        "maps:workforce", kwargs={"site_slug": site.slug}
    )
