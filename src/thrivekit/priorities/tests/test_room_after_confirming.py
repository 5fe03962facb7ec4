"""The room view after the top five is confirmed, each table's own top five, the points chart
(issue 15 item 10)."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.priorities import services
from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank
from thrivekit.sites.models import Role

A, B, C, D, E, F, G = ITEMS


def url(name, session, **extra):
    return reverse(name, kwargs={"site_slug": session.site.slug, "session_id": session.id, **extra})


@pytest.mark.django_db
def test_the_room_view_stays_reachable_after_the_top_five_is_confirmed(
    client, site, member, signed_in
):
    # Given two tables have voted and the facilitator has confirmed the top five
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 2, [B, A, C, D, E])
    facilitator = member(Role.FACILITATOR)
    services.priorities_confirm(
        session=session, items=[A, B, C, D, E], reason="", confirmed_by=facilitator
    )
    signed_in(facilitator)
    # When they open the workshop's page
    detail = BeautifulSoup(client.get(url("priorities:detail", session)).text, "html.parser")
    # Then it still links to the room view
    link = detail.select_one("[data-testid=room-link]")
    assert link is not None and link["href"] == url("priorities:room", session)
    # And the room view shows the confirmed five first, with the votes behind them
    room = BeautifulSoup(client.get(link["href"]).text, "html.parser")
    confirmed = [li.get_text(strip=True) for li in room.select("[data-testid=confirmed] li")]
    assert len(confirmed) == 5 and confirmed[0].startswith("Common language")
    assert room.select("[data-testid=consensus] tbody tr")
    # And it no longer polls for votes that cannot change
    assert room.select_one("[hx-trigger]") is None


@pytest.mark.django_db
def test_each_tables_own_top_five_is_shown_side_by_side(client, site, member, signed_in):
    # Given three tables, two of which have voted
    session = open_session(site, tables=3)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 3, [G, F])
    signed_in(member(Role.FACILITATOR))
    # When the facilitator shows the room view
    room = BeautifulSoup(client.get(url("priorities:room", session)).text, "html.parser")
    # Then each voting table has its own list in its own order, as on its flip chart
    cards = room.select("[data-testid=table-tops] .nhsuk-card")
    tops = {
        card.select_one("h3").get_text(strip=True): [li.get_text(strip=True) for li in card("li")]
        for card in cards
    }
    assert list(tops) == ["Table 1", "Table 3"]
    assert len(tops["Table 1"]) == 5 and tops["Table 1"][0].startswith("Common language")
    assert [t.split(":")[0] for t in tops["Table 3"]] == ["Reducing stigma", "Accessibility"]


@pytest.mark.django_db
def test_the_room_view_charts_the_consensus_points(client, site, member, signed_in):
    # Given two tables that agree on A first
    session = open_session(site, tables=2)
    rank(session, 1, [A, B])
    rank(session, 2, [A, C])
    signed_in(member(Role.FACILITATOR))
    # When the room view is shown
    page = client.get(url("priorities:room", session))
    soup = BeautifulSoup(page.text, "html.parser")
    # Then a Vega-Lite chart of the points is embedded, best first, with the same figures
    spec = json.loads(soup.select_one("script#chart-room-points").string)
    bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    data = bars.get("data") or spec["data"]
    values = data["values"] if "values" in data else spec["datasets"][data["name"]]
    # A table ranking two gives 2 and 1 points: A has 2 + 2, B and C 1 each
    assert [v["value"] for v in values] == [4, 1, 1]
    assert values[0]["category"].startswith("1. Common language")
    assert "vega-lite" in page.text  # the chart scripts are loaded


@pytest.mark.django_db
def test_the_live_room_view_is_redrawn_only_when_a_table_votes(client, site, member, signed_in):
    # Given a room view open on the projector after one table has voted
    session = open_session(site, tables=2)
    rank(session, 1, [A, B])
    signed_in(member(Role.FACILITATOR))
    room = BeautifulSoup(client.get(url("priorities:room", session)).text, "html.parser")
    poll = room.select_one("#room-live")["hx-get"]
    # When it asks again and nothing has changed
    unchanged = client.get(poll, headers={"HX-Request": "true"})
    # Then there is nothing to swap in (the chart is not redrawn)
    assert unchanged.status_code == 204
    # And once another table votes, the new standings come back
    rank(session, 2, [C, A])
    changed = client.get(poll, headers={"HX-Request": "true"})
    assert changed.status_code == 200
    live = BeautifulSoup(changed.text, "html.parser")
    assert live.select_one("[data-testid=tables-voted]").text == "2"
    assert live.select_one("#room-live")["hx-get"] != poll
