import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from thrivekit.priorities import selectors, services
from thrivekit.priorities.models import Priority, TableRanking, WorksheetVersion
from thrivekit.priorities.tests.helpers import DISPUTED_BALLOTS, ITEMS, open_session, rank
from thrivekit.sites.models import Role

A, B, C, D, E, F, G = ITEMS


def url(name, session, **extra):
    return reverse(name, kwargs={"site_slug": session.site.slug, "session_id": session.id, **extra})


@pytest.mark.django_db
def test_a_table_device_ranks_its_top_five_without_an_account(site):
    session = open_session(site)
    table = selectors.session_tables(session=session).first()
    device = Client()
    link = reverse("ranking:table", kwargs={"code": table.code})
    page = device.get(link)
    assert "rank your top five" in page.text
    response = device.post(link, {f"rank-{A}": "2", f"rank-{B}": "1", f"rank-{C}": "3"})
    assert response.status_code == 302
    assert TableRanking.objects.get(table=table).items == [B, A, C]


@pytest.mark.django_db
def test_a_rank_given_twice_is_refused_and_nothing_changes(site):
    session = open_session(site)
    table = selectors.session_tables(session=session).first()
    link = reverse("ranking:table", kwargs={"code": table.code})
    response = Client().post(link, {f"rank-{A}": "1", f"rank-{B}": "1"})
    assert "Rank 1 is given to 2 priorities" in response.text
    assert not TableRanking.objects.exists()


@pytest.mark.django_db
def test_the_room_view_shows_the_borda_order_ties_and_a_schulze_check(
    client, site, member, signed_in
):
    # Given five tables whose Borda winner is not the Schulze winner, with a tie lower down
    session = open_session(site)
    for number, ballot in enumerate(DISPUTED_BALLOTS, 1):
        rank(session, number, ballot)
    signed_in(member(Role.FACILITATOR))
    # When the facilitator opens the room view
    page = client.get(url("priorities:room", session))
    soup = BeautifulSoup(page.text, "html.parser")
    # Then the Borda order leads with E, the A-D tie is shown and Schulze's disagreement flagged
    rows = soup.select("[data-testid=consensus] tbody tr")
    assert "Outcome-informed" in rows[0].get_text()  # E
    assert soup.select_one("[data-testid=tables-voted]").text == "5"
    ties = soup.select_one("[data-testid=ties]").text
    assert "Common language" in ties and "Partnership working" in ties  # A and D
    checks = soup.select_one("[data-testid=checks]").text
    assert "Schulze: gives a different order" in checks


@pytest.mark.django_db
def test_a_second_round_shows_the_change_from_the_preliminary_vote(client, site, member, signed_in):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B])
    rank(session, 2, [A, C])
    services.session_second_round(session=session)
    rank(session, 1, [B, A])
    rank(session, 2, [B, C])
    signed_in(member(Role.FACILITATOR))
    page = client.get(url("priorities:room", session))
    assert "Preliminary rank" in page.text
    rows = BeautifulSoup(page.text, "html.parser").select("[data-testid=consensus] tbody tr")
    first = [c.get_text(strip=True) for c in rows[0].select("td,th")]
    assert first[0] == "1" and first[-1] == "2"  # B was 2nd in the preliminary vote


@pytest.mark.django_db
def test_confirming_a_different_order_needs_a_reason(client, site, member, signed_in):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 2, [A, B, C, D, E])
    signed_in(member(Role.FACILITATOR))
    different = {f"priority_{n}": item for n, item in enumerate([B, A, C, D, E], 1)}
    response = client.post(url("priorities:confirm", session), different)
    assert "differs from the computed consensus" in response.text
    assert not Priority.objects.exists()
    response = client.post(
        url("priorities:confirm", session), {**different, "reason": "Access matters most now"}
    )
    assert response.status_code == 302
    priorities = list(Priority.objects.order_by("rank"))
    assert [p.item for p in priorities] == [B, A, C, D, E]
    # The worksheet's ideal is pre-filled from the level-4 descriptor
    assert priorities[0].ideal
    session.refresh_from_db()
    assert session.confirmation_reason == "Access matters most now"


@pytest.mark.django_db
def test_two_people_saving_the_same_worksheet_get_a_conflict_not_an_overwrite(site, member):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 2, [A, B, C, D, E])
    lead, contributor = member(Role.SITE_LEAD), member(Role.CONTRIBUTOR)
    services.priorities_confirm(
        session=session, items=[A, B, C, D, E], reason="", confirmed_by=lead
    )
    priority = Priority.objects.get(rank=1)
    first, second = Client(), Client()
    first.force_login(contributor)
    second.force_login(contributor)
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: F401

    worksheet = url("priorities:worksheet", session, priority_id=priority.id)
    # Both open version 1, the first saves, then the second saves from the stale version
    assert (
        first.post(worksheet, {"version": "1", "gaps": "No out-of-hours advice"}).status_code == 302
    )
    stale = second.post(worksheet, {"version": "1", "gaps": "Long waits for schools"})
    assert stale.status_code == 200
    conflict = BeautifulSoup(stale.text, "html.parser").select_one("[data-testid=conflict]")
    assert "Long waits for schools" in conflict.text and "No out-of-hours advice" in conflict.text
    priority.refresh_from_db()
    assert priority.gaps == "No out-of-hours advice"
    # Saving again after seeing both versions applies it, and every version is kept
    again = second.post(worksheet, {"version": "2", "gaps": "Both: out of hours and schools"})
    assert again.status_code == 302
    versions = list(WorksheetVersion.objects.filter(priority=priority).order_by("version"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert versions[-1].saved_by == contributor


@pytest.mark.django_db
def test_tables_draft_in_parallel_and_the_facilitator_sees_drafts_side_by_side(
    client, site, member, signed_in
):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 2, [A, B, C, D, E])
    services.priorities_confirm(
        session=session, items=[A, B, C, D, E], reason="", confirmed_by=None
    )
    priority = Priority.objects.get(rank=2)
    for table, gaps in zip(
        selectors.session_tables(session=session), ["Red gaps", "Blue gaps"], strict=True
    ):
        draft = reverse("ranking:draft", kwargs={"code": table.code, "priority_id": priority.id})
        assert Client().post(draft, {"version": "0", "gaps": gaps}).status_code == 302
    signed_in(member(Role.FACILITATOR))
    page = client.get(url("priorities:worksheet", session, priority_id=priority.id))
    assert "Red gaps" in page.text and "Blue gaps" in page.text


@pytest.mark.django_db
def test_the_word_and_excel_exports_carry_aims_priorities_and_worksheets(
    client, site, member, signed_in
):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    rank(session, 2, [A, B, C, D, E])
    services.priorities_confirm(
        session=session, items=[A, B, C, D, E], reason="", confirmed_by=None
    )
    Priority.objects.filter(rank=1).update(quick_wins="=cmd|' /C calc'!A0")
    signed_in(member(Role.VIEWER))
    from docx import Document

    word = client.get(url("priorities:export", session, file_format="docx"))
    document = Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Access" in text and "Gap analysis 1" in text
    from openpyxl import load_workbook

    excel = client.get(url("priorities:export", session, file_format="xlsx"))
    book = load_workbook(io.BytesIO(excel.content))
    cells = [c for row in book["Gap analysis"].iter_rows() for c in row if c.value]
    assert any(str(c.value).startswith("'=cmd") for c in cells)
    assert all(c.data_type != "f" for c in cells)


@pytest.mark.django_db
def test_rankings_stop_once_the_top_five_is_confirmed(site):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    services.priorities_confirm(
        session=session, items=[A, B, C, D, E], reason="", confirmed_by=None
    )
    with pytest.raises(ValidationError):
        rank(session, 2, [A])


@pytest.mark.django_db
def test_suggested_top_line_priorities_come_from_the_assessment(site):
    from thrivekit.sites.models import LocalArea
    from thrivekit.workshops.services import workshop_close
    from thrivekit.workshops.tests.helpers import answer, join, open_workshop

    workshop = open_workshop(site, checklist=False)
    area = LocalArea.objects.for_site(site).first()
    for score in ("1", "1", "2"):
        phone = join(workshop, area=area)
        answer(phone, workshop, "needs-led.micro", score=score)
        answer(phone, workshop, "common-language.macro", score="4")
    workshop_close(workshop=workshop)
    session = open_session(site)
    suggested = selectors.top_line_priorities(selectors.candidates(session=session))
    assert suggested[0].id == "needs-led.micro"
