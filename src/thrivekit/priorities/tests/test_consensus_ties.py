"""The room view shows joint winners as a tie and names a check's different winners."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.priorities import selectors
from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank
from thrivekit.sites.models import Role

A, B, C, D, *_ = ITEMS


def room_page(client, session):
    url = reverse(
        "priorities:room", kwargs={"site_slug": session.site.slug, "session_id": session.id}
    )
    return BeautifulSoup(client.get(url).text, "html.parser")


@pytest.mark.django_db
def test_priorities_level_on_the_most_points_are_joint_first(client, site, member, signed_in):
    # Given four tables where C and D both score 8 points; D has two first places and C one,
    # which count-back used to turn into D first and C second
    session = open_session(site, tables=4)
    for number, ballot in enumerate([[A, C, D], [C, B, D], [D, B, C], [D, C, A]], 1):
        rank(session, number, ballot)
    signed_in(member(Role.FACILITATOR))
    titles = {c.id: c.title for c in selectors.candidates(session=session)}

    # When the room view is shown
    page = room_page(client, session)
    rows = {
        cells[1]: cells
        for cells in (
            [cell.get_text(" ", strip=True) for cell in row.select("td,th")]
            for row in page.select("[data-testid=consensus] tbody tr")
        )
    }

    # Then C and D share rank 1, marked as a tie, and the room is told to decide between them
    assert (rows[titles[C]][0], rows[titles[C]][2]) == ("1 tie", "8")
    assert (rows[titles[D]][0], rows[titles[D]][2]) == ("1 tie", "8")
    assert rows[titles[A]][0] == "3"
    note = page.select_one("[data-testid=joint-winners]").get_text(" ", strip=True)
    assert titles[C] in note and titles[D] in note


@pytest.mark.django_db
def test_a_check_with_joint_winners_says_its_first_place_differs(client, site, member, signed_in):
    # Given 2 x A B C, 2 x B C A and 1 x C A B: Borda's winner is B alone, Schulze's A and B
    session = open_session(site, tables=5)
    for number, ballot in enumerate([[A, B, C], [A, B, C], [B, C, A], [B, C, A], [C, A, B]], 1):
        rank(session, number, ballot)
    signed_in(member(Role.FACILITATOR))
    titles = {c.id: c.title for c in selectors.candidates(session=session)}

    # When the room view is shown
    page = room_page(client, session)
    checks = page.select_one("[data-testid=checks]").get_text(" ", strip=True)

    # Then the Schulze check differs and names both of its winners as joint first
    assert "Schulze: gives a different order" in checks
    assert f"Its first place: {titles[A]} and {titles[B]} (joint first)" in checks
    assert page.select_one("[data-testid=joint-winners]") is None
