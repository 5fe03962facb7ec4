"""Worksheet conflicts merge field by field, old versions open, and table drafts are versioned
(issue 15 item 11)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from thrivekit.priorities import services
from thrivekit.priorities.models import Priority, WorksheetDraft
from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank
from thrivekit.sites.models import Role

A, B, C, D, E, F, G = ITEMS


def url(name, session, **extra):
    return reverse(name, kwargs={"site_slug": session.site.slug, "session_id": session.id, **extra})


def form_data(page) -> dict[str, str]:
    """Every field of the page's worksheet form as the browser would send it."""
    form = BeautifulSoup(page.text, "html.parser").select_one("main form[method=post]")
    data = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    data.update({t["name"]: t.text.strip() for t in form.select("textarea")})
    data.pop("csrfmiddlewaretoken", None)
    return data


@pytest.fixture
def confirmed(site):
    session = open_session(site, tables=2)
    rank(session, 1, [A, B, C, D, E])
    services.priorities_confirm(
        session=session, items=[A, B, C, D, E], reason="", confirmed_by=None
    )
    return session


@pytest.fixture
def two_editors(site, member):
    contributor = member(Role.CONTRIBUTOR)
    editors = Client(), Client()
    for editor in editors:
        editor.force_login(contributor)
    return editors


@pytest.mark.django_db
def test_saving_again_after_a_conflict_keeps_their_text_in_the_fields_you_did_not_change(
    confirmed, two_editors
):
    # Given two editors who open the same version of a worksheet
    first, second = two_editors
    priority = Priority.objects.get(session=confirmed, rank=1)
    worksheet = url("priorities:worksheet", confirmed, priority_id=priority.id)
    mine, theirs = form_data(first.get(worksheet)), form_data(second.get(worksheet))
    # When the first fills in the gaps and saves, and the second fills in training and saves
    assert first.post(worksheet, {**mine, "gaps": "No out-of-hours advice"}).status_code == 302
    stale = second.post(worksheet, {**theirs, "training": "Shared decision making"})
    # Then the second is told, and the form they get back holds both changes
    soup = BeautifulSoup(stale.text, "html.parser")
    conflict = soup.select_one("[data-testid=conflict]")
    assert "save again to keep both" in conflict.text
    assert "Identified gaps" in soup.select_one("[data-testid=kept-theirs]").text
    again = form_data(stale)
    assert again["gaps"] == "No out-of-hours advice"
    assert again["training"] == "Shared decision making"
    # And saving again keeps the first editor's gaps, not the empty box the second started from
    assert second.post(worksheet, again).status_code == 302
    priority.refresh_from_db()
    assert priority.gaps == "No out-of-hours advice"
    assert priority.training == "Shared decision making"
    assert priority.version == 3


@pytest.mark.django_db
def test_a_conflict_shows_only_the_fields_both_editors_changed(confirmed, two_editors):
    # Given two editors on version 1
    first, second = two_editors
    priority = Priority.objects.get(session=confirmed, rank=2)
    worksheet = url("priorities:worksheet", confirmed, priority_id=priority.id)
    mine, theirs = form_data(first.get(worksheet)), form_data(second.get(worksheet))
    first.post(worksheet, {**mine, "gaps": "Long waits", "quick_wins": "A single phone line"})
    # When the second changes the gaps differently and the training too
    stale = second.post(worksheet, {**theirs, "gaps": "No crisis cover", "training": "Trauma"})
    # Then only the gaps are compared, side by side
    rows = BeautifulSoup(stale.text, "html.parser").select("[data-testid=conflict] tbody tr")
    compared = [[c.get_text(strip=True) for c in row.select("th,td")] for row in rows]
    assert compared == [["Identified gaps", "No crisis cover", "Long waits"]]
    # And the first editor's quick wins are kept in the form, the second's training too
    again = form_data(stale)
    assert again["quick_wins"] == "A single phone line" and again["training"] == "Trauma"
    assert again["gaps"] == "No crisis cover"  # theirs replaces it only if they save again


@pytest.mark.django_db
def test_an_earlier_version_of_a_worksheet_can_be_opened(confirmed, member, signed_in, client):
    # Given a worksheet saved twice after it was confirmed
    contributor = member(Role.CONTRIBUTOR)
    priority = Priority.objects.get(session=confirmed, rank=1)
    services.worksheet_save(
        priority=priority,
        fields={**priority.worksheet(), "gaps": "First thoughts"},
        base_version=1,
        saved_by=contributor,
    )
    services.worksheet_save(
        priority=priority,
        fields={**priority.worksheet(), "gaps": "Agreed gaps"},
        base_version=2,
        saved_by=contributor,
    )
    signed_in(member(Role.VIEWER))
    # When a viewer follows the link to version 2 from the worksheet's list of versions
    page = BeautifulSoup(
        client.get(url("priorities:worksheet", confirmed, priority_id=priority.id)).text,
        "html.parser",
    )
    links = {a.text: a["href"] for a in page.select("[data-testid=versions] a")}
    assert set(links) == {"Version 1", "Version 2", "Version 3"}
    old = BeautifulSoup(client.get(links["Version 2"]).text, "html.parser")
    # Then it shows that version's text, marking what changed from version 1
    fields = {
        row.select_one("dt").get_text(" ", strip=True): row.select_one("dd").text
        for row in old.select("[data-testid=version-fields] .nhsuk-summary-list__row")
    }
    assert fields["Identified gaps Changed in this version"] == "First thoughts"
    assert "An earlier version" in old.text
    # And a version that does not exist is not found
    missing = url("priorities:worksheet_version", confirmed, priority_id=priority.id, version=9)
    assert client.get(missing).status_code == 404


@pytest.mark.django_db
def test_a_second_device_at_a_table_gets_a_conflict_not_a_silent_overwrite(confirmed):
    # Given two devices at Table 1 that both open a priority's draft before either saves
    table = confirmed.tables.get(name="Table 1")
    priority = Priority.objects.get(session=confirmed, rank=3)
    draft = reverse("ranking:draft", kwargs={"code": table.code, "priority_id": priority.id})
    laptop, phone = Client(), Client()
    from_laptop, from_phone = form_data(laptop.get(draft)), form_data(phone.get(draft))
    # When the laptop saves the gaps, then the phone saves its quick wins and a different gap
    assert laptop.post(draft, {**from_laptop, "gaps": "Schools"}).status_code == 302
    stale = phone.post(draft, {**from_phone, "gaps": "Evenings", "quick_wins": "Leaflets"})
    # Then the phone is shown the conflict and the laptop's text is still saved
    assert stale.status_code == 200
    rows = BeautifulSoup(stale.text, "html.parser").select("[data-testid=conflict] tbody tr")
    assert [row.th.text for row in rows] == ["Identified gaps"]
    saved = WorksheetDraft.objects.get(priority=priority, table=table)
    assert saved.fields["gaps"] == "Schools" and saved.version == 1
    # And saving again from the merged form keeps both devices' work
    merged = form_data(stale)
    assert phone.post(draft, {**merged, "gaps": "Schools; evenings"}).status_code == 302
    saved.refresh_from_db()
    assert saved.fields["gaps"] == "Schools; evenings"
    assert saved.fields["quick_wins"] == "Leaflets"
    assert saved.version == 2
    assert [v.version for v in saved.versions.all()] == [2, 1]


@pytest.mark.django_db
def test_a_draft_saved_from_a_stale_version_is_refused(confirmed):
    # Given a table's draft at version 2
    table = confirmed.tables.get(name="Table 2")
    priority = Priority.objects.get(session=confirmed, rank=4)
    services.worksheet_draft_save(priority=priority, table=table, fields={"gaps": "One"})
    services.worksheet_draft_save(
        priority=priority, table=table, fields={"gaps": "Two"}, base_version=1
    )
    # When a device that opened version 1 saves
    with pytest.raises(services.WorksheetConflict) as raised:
        services.worksheet_draft_save(
            priority=priority, table=table, fields={"gaps": "Three"}, base_version=1
        )
    # Then nothing is overwritten and the conflict names the field both changed
    assert raised.value.differing == ["gaps"] and raised.value.version == 2
    assert WorksheetDraft.objects.get(priority=priority, table=table).fields["gaps"] == "Two"
