"""Keyed-in flip charts, short ballots in the room, the consensus evidence in the Word export,
and the demo's finished prioritising workshop."""

import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.priorities import selectors, services
from thrivekit.priorities.models import (
    PrioritisingSession,
    Priority,
    TableRanking,
    WorksheetDraft,
    WorksheetVersion,
)
from thrivekit.priorities.tests.helpers import DISPUTED_BALLOTS, ITEMS, open_session, rank
from thrivekit.sites.models import Role

A, B, C, D, E, F, G = ITEMS


def url(name, session, **extra):
    return reverse(name, kwargs={"site_slug": session.site.slug, "session_id": session.id, **extra})


def room_rows(page) -> dict[str, list[str]]:
    rows = BeautifulSoup(page.text, "html.parser").select("[data-testid=consensus] tbody tr")
    cells = [[cell.get_text(" ", strip=True) for cell in row.select("td,th")] for row in rows]
    return {row[1]: row for row in cells}


@pytest.mark.django_db
def test_a_facilitator_keys_in_a_tables_flip_chart(client, site, member, signed_in):
    # Given an open workshop and a facilitator at the laptop
    session = open_session(site, tables=2)
    facilitator = member(Role.FACILITATOR)
    signed_in(facilitator)
    table = selectors.session_tables(session=session)[1]

    # When they key in Table 2's flip chart, ranks 1 to 3
    response = client.post(
        url("priorities:table_entry", session, table_id=table.id),
        {f"rank-{C}": "1", f"rank-{A}": "2", f"rank-{E}": "3"},
    )

    # Then Table 2's ranking is saved in that order, recorded as keyed in by them
    assert response.status_code == 302
    ranking = TableRanking.objects.get(table=table)
    assert ranking.items == [C, A, E]
    assert ranking.keyed_in_by == facilitator


@pytest.mark.django_db
def test_a_table_that_ranks_three_gives_three_two_and_one_points(client, site, member, signed_in):
    # Given one table ranking five and another ranking only three
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 2, [E, D, C])
    signed_in(member(Role.FACILITATOR))

    # When the room view is shown
    rows = room_rows(client.get(url("priorities:room", session)))
    titles = {c.id: c.title for c in selectors.candidates(session=session)}

    # Then the short ballot earns 3, 2, 1: E 1 + 3, D 2 + 2, C 3 + 1; A 5 and B 4 from table 1
    points = {item: rows[titles[item]][2] for item in (A, B, C, D, E)}
    assert points == {A: "5", B: "4", C: "4", D: "4", E: "4"}
    # And the four items on 4 points are separated by count-back: E has a first place, D and B
    # a second (D also a fourth), C only thirds
    ranks = {item: rows[titles[item]][0] for item in (A, B, C, D, E)}
    assert ranks == {A: "1", E: "2", D: "3", B: "4", C: "5"}


@pytest.mark.django_db
def test_the_room_shows_agreement_with_its_p_value(client, site, member, signed_in):
    # Given five tables with a Borda/Schulze disagreement
    session = open_session(site)
    for number, ballot in enumerate(DISPUTED_BALLOTS, 1):
        rank(session, number, ballot)
    signed_in(member(Role.FACILITATOR))

    # When the room view is shown
    page = client.get(url("priorities:room", session))
    agreement = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=agreement]")

    # Then Kendall's W is given with the number of tables and a p-value
    result = selectors.room_result(session=session, round=1)
    assert f"{result.agreement.kendall_w:.2f}" in agreement.text
    assert "over 5 tables" in agreement.text and "p = " in agreement.text


@pytest.mark.django_db
def test_the_word_export_carries_the_consensus_evidence(client, site, member, signed_in):
    from docx import Document

    # Given five tables whose Borda and Schulze winners differ, and a confirmed top five
    session = open_session(site)
    for number, ballot in enumerate(DISPUTED_BALLOTS, 1):
        rank(session, number, ballot)
    result = selectors.room_result(session=session, round=1)
    services.priorities_confirm(
        session=session, items=list(result.top), reason="", confirmed_by=None
    )
    signed_in(member(Role.VIEWER))

    # When the Word export is downloaded
    word = client.get(url("priorities:export", session, file_format="docx"))
    document = Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)

    # Then it says how far the tables agreed, what is tied and that Schulze differs
    assert f"Kendall's W): {result.agreement.kendall_w:.2f} over 5 tables" in text
    assert "Tied (share a rank): Common language" in text
    assert "Schulze check gives a different order" in text
    # And the consensus table has the points and mean positions, best first
    table = document.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Rank", "Candidate", "Points", "Tables", "First places", "Mean position"]
    first = [cell.text for cell in table.rows[1].cells]
    assert first[0] == "1" and first[1].startswith("Outcome-informed") and first[2] == "18"


@pytest.mark.django_db
def test_the_demo_has_a_finished_workshop_and_five_completed_gap_analyses():
    from thrivekit.demo.services import demo_seed

    # Given the demo site, seeded
    demo_seed()
    session = PrioritisingSession.objects.get(title="Prioritising improvement workshop")

    # Then its prioritising workshop is finished: closed after two rounds of five tables
    assert session.status == PrioritisingSession.Status.CLOSED
    assert session.round == 2 and session.confirmed_at is not None
    assert TableRanking.objects.filter(table__session=session, round=1).count() == 5
    assert TableRanking.objects.filter(table__session=session, round=2).count() == 5
    # And the confirmed top five is the computed consensus of the final vote
    priorities = list(Priority.objects.filter(session=session).order_by("rank"))
    result = selectors.room_result(session=session, round=2)
    assert [p.item for p in priorities] == list(result.top)
    # And each of the five gap analyses is complete, and each is its own
    for priority in priorities:
        assert all(priority.worksheet().values()), priority.title
    assert len({p.gaps for p in priorities}) == 5
    # And they were drafted by tables and saved in versions by two people
    assert WorksheetDraft.objects.filter(priority__session=session).count() == 10
    versions = WorksheetVersion.objects.filter(priority=priorities[0]).order_by("version")
    assert [v.version for v in versions] == [1, 2, 3]
    assert len({v.saved_by_id for v in versions[1:]}) == 2
