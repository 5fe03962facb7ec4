"""The implementation plan: actions from a gap analysis, RAG, exports, owners' links, tenancy
and roles (issue 17)."""

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from thrivekit.planning import selectors, services
from thrivekit.planning.models import Action
from thrivekit.planning.rag import computed_rag
from thrivekit.sites.models import Role

TODAY = dt.date(2026, 6, 1)


def url(name, site, **kwargs):
    return reverse(f"planning:{name}", kwargs={"site_slug": site.slug, **kwargs})


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
def test_a_lead_builds_a_plan_for_one_grouping_from_a_gap_analysis(
    client, site, member, signed_in, priority
):
    # Given a site lead and a priority whose gap analysis has quick wins and recommendations
    signed_in(member(Role.SITE_LEAD))
    # When they create actions from it for Getting Help
    response = client.post(
        url("from_gap_analysis", site), {"priority": priority.pk, "grouping": "getting-help"}
    )
    # Then each quick win and recommendation is a draft action in that grouping
    assert response.status_code == 302
    page = client.get(response.url)
    table = soup(page).select_one("[data-testid=actions-getting-help]")
    titles = [row["data-action"] for row in table.select("tr[data-action]")]
    assert sorted(titles) == sorted(
        [
            "Publish one directory of local support",
            "Add the grouping field to the form",
            "Agree one multi-agency front door",
            "Record the needs-based grouping for every case",
            "Report waits by grouping to the partnership board",
        ]
    )
    assert "Draft" in table.text and "gap analysis of priority" in table.text
    # And the priority shows the actions that answer it
    assert selectors.actions_for_priority(priority).count() == 5
    # And doing it again adds nothing twice
    client.post(
        url("from_gap_analysis", site), {"priority": priority.pk, "grouping": "getting-help"}
    )
    assert selectors.actions_count(site) == 5

    # When the lead gives one an owner, dates and a dependency
    front_door = Action.objects.get(title="Agree one multi-agency front door")
    directory = Action.objects.get(title="Publish one directory of local support")
    edit = client.get(url("action_edit", site, action_id=front_door.pk))
    assert edit.status_code == 200
    response = client.post(
        url("action_edit", site, action_id=front_door.pk),
        {
            "version": front_door.version,
            "title": front_door.title,
            "grouping": "getting-help",
            "owner_name": "Asha Patel",
            "owner_organisation": "Northbridge ICB",
            "start_date": "01/04/2026",
            "due_date": "30/09/2026",
            "status": "in_progress",
            "depends_on": [str(directory.pk)],
            "priority": str(priority.pk),
        },
    )
    assert response.status_code == 302
    detail = soup(client.get(response.url))
    summary = detail.select_one("[data-testid=action]").text
    assert "Asha Patel (Northbridge ICB)" in summary
    assert "Publish one directory of local support" in summary
    assert "gap analysis of priority" in detail.select_one("[data-testid=answers]").text


@pytest.mark.django_db
def test_a_dependency_loop_is_refused(site, priority):
    first = services.action_create(site=site, title="First", grouping="getting-help")
    second = services.action_create(
        site=site, title="Second", grouping="getting-help", depends_on=[first]
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.action_update(
            action=first, version=first.version, title="First", depends_on=[second]
        )


def test_rag_is_worked_out_from_status_and_dates():
    due_soon = TODAY + dt.timedelta(days=7)
    later = TODAY + dt.timedelta(days=90)
    assert (
        computed_rag(status="in_progress", start=None, due=TODAY - dt.timedelta(1), today=TODAY).rag
        == "red"
    )
    assert computed_rag(status="blocked", start=None, due=later, today=TODAY).rag == "red"
    assert computed_rag(status="not_started", start=None, due=due_soon, today=TODAY).rag == "amber"
    assert (
        computed_rag(
            status="not_started", start=TODAY - dt.timedelta(3), due=later, today=TODAY
        ).rag
        == "amber"
    )
    assert computed_rag(status="in_progress", start=None, due=None, today=TODAY).rag == "amber"
    assert computed_rag(status="in_progress", start=None, due=later, today=TODAY).rag == "green"
    assert (
        computed_rag(status="done", start=None, due=TODAY - dt.timedelta(30), today=TODAY).rag
        == "green"
    )


@pytest.mark.django_db
def test_an_overridden_rag_needs_a_reason_and_overdue_actions_are_listed(
    client, site, member, signed_in
):
    signed_in(member(Role.CONTRIBUTOR))
    late = services.action_create(
        site=site,
        title="Recruit two senior practitioners",
        grouping="getting-advice",
        start_date=dt.date(2025, 1, 1),
        due_date=dt.date(2025, 3, 1),
    )
    services.action_create(site=site, title="Not late", grouping="getting-advice")
    # The home page flags the overdue action
    assert [a.title for a in selectors.overdue_actions(site)] == [late.title]
    home = soup(client.get(url("home", site)))
    assert "Recruit two senior practitioners" in home.select_one("[data-testid=overdue]").text
    # An override without a reason is refused, with one it shows as set by hand
    refused = client.post(
        url("action_rag", site, action_id=late.pk), {"rag": "green", "reason": ""}
    )
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    client.post(
        url("action_rag", site, action_id=late.pk),
        {"rag": "amber", "reason": "Posts are advertised; interviews next week"},
    )
    page = soup(client.get(url("plan", site)))
    row = page.select_one('tr[data-action="Recruit two senior practitioners"]')
    assert "Amber" in row.text and "set by hand" in row.text


@pytest.fixture
def small_plan(site, priority):
    owner_action = services.action_create(
        site=site,
        title="Agree one front door",
        grouping="getting-help",
        owner_name="Asha Patel",
        owner_organisation="Northbridge ICB",
        start_date=dt.date(2026, 4, 1),
        due_date=dt.date(2026, 9, 30),
        status="in_progress",
        priority=priority,
        source_field="recommendations",
    )
    other = services.action_create(
        site=site,
        title="Train school staff in the groupings",
        grouping="thriving",
        owner_name="Ben Okoro",
        owner_organisation="Northbridge City Council",
        start_date=dt.date(2026, 5, 1),
        due_date=dt.date(2026, 12, 31),
        depends_on=[owner_action],
    )
    return owner_action, other


@pytest.mark.django_db
def test_the_plan_exports_to_excel_word_and_icalendar(client, site, member, signed_in, small_plan):
    import icalendar
    from docx import Document
    from openpyxl import load_workbook

    signed_in(member(Role.VIEWER))
    # Excel: one row per action, under its grouping
    xlsx = client.get(url("export", site, file_format="xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "Agree one front door" in flat and "Train school staff in the groupings" in flat
    row = next(r for r in values if "Train school staff in the groupings" in r)
    assert "Thriving" in row and "Ben Okoro" in row and "Agree one front door" in row
    # Word: real heading styles, groupings at level 2, actions at level 3
    docx = Document(io.BytesIO(client.get(url("export", site, file_format="docx")).content))
    headings = [
        (p.style.name, p.text) for p in docx.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 2", "Getting Help") in headings
    assert ("Heading 3", "Agree one front door") in headings
    # iCalendar: parses, one VTODO per action with its due date
    ics = client.get(url("export", site, file_format="ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics.content)
    todos = calendar.walk("VTODO")
    assert len(todos) == 2
    front = next(t for t in todos if str(t["summary"]).startswith("Agree one front door"))
    assert front.decoded("due") == dt.date(2026, 9, 30)
    assert front.decoded("dtstart") == dt.date(2026, 4, 1)
    assert str(front["status"]) == "IN-PROCESS"


@pytest.mark.django_db
def test_the_timeline_draws_dated_actions_with_a_table_alternative(
    client, site, member, signed_in, small_plan
):
    services.action_create(site=site, title="Undated idea", grouping="thriving")
    signed_in(member(Role.VIEWER))
    page = soup(client.get(url("gantt", site)))
    svg = page.select_one("svg[data-testid=gantt]")
    assert svg["role"] == "img" and len(svg.select("rect")) == 2
    table = page.select_one("[data-testid=gantt-table]").text
    assert "Agree one front door" in table and "30 September 2026" in table
    assert table.rstrip().endswith("No due date set")  # the undated action comes last


@pytest.mark.django_db
def test_an_owner_link_shows_only_their_actions_and_404s_when_revoked(
    client, site, member, signed_in, small_plan
):
    mine, theirs = small_plan
    signed_in(member(Role.SITE_LEAD))
    # Given the lead turns on Asha's link
    client.post(url("owner_link_issue", site, owner_id=mine.owner.pk))
    page = soup(client.get(url("owners", site)))
    link = page.select_one('tr[data-owner="Asha Patel"] [data-testid=owner-link]')["value"]
    # When someone with the link opens it, signed out
    anonymous = Client()
    shown = anonymous.get(link)
    # Then they see Asha's action and nothing else
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "Agree one front door" in text
    assert "Train school staff" not in text and "Ben Okoro" not in text
    assert "gap analysis" not in text  # no link to other data
    # A forged token is a 404
    assert anonymous.get(link[:-3] + "abc").status_code == 404
    # When the lead revokes it, the same link is a 404
    client.post(url("owner_link_issue", site, owner_id=mine.owner.pk), {"revoke": "1"})
    assert anonymous.get(link).status_code == 404


@pytest.mark.django_db
def test_another_sites_action_is_a_404(client, site, other_site, member, signed_in, small_plan):
    mine, _ = small_plan
    signed_in(member(Role.SITE_LEAD, at=other_site))
    for name in ("action", "action_edit", "action_remove"):
        assert client.get(url(name, other_site, action_id=mine.pk)).status_code == 404
    # And the owner link of one site does not open under another's address
    token = services.owner_link_issue(owner=mine.owner)
    assert Client().get(url("owner_link", other_site, token=token)).status_code == 404
    assert Client().get(url("owner_link", site, token=token)).status_code == 200


@pytest.mark.django_db
def test_a_viewer_reads_the_plan_but_cannot_change_it(client, site, member, signed_in, small_plan):
    mine, _ = small_plan
    signed_in(member(Role.VIEWER))
    page = client.get(url("plan", site))
    assert page.status_code == 200 and "Agree one front door" in page.content.decode()
    assert "Add an action" not in page.content.decode()
    assert client.get(url("action_add", site)).status_code == 403
    assert client.post(url("action_edit", site, action_id=mine.pk), {}).status_code == 403
    assert (
        client.post(
            url("action_rag", site, action_id=mine.pk), {"rag": "red", "reason": "x"}
        ).status_code
        == 403
    )
    assert client.post(url("owner_link_issue", site, owner_id=mine.owner.pk)).status_code == 403
    mine.refresh_from_db()
    assert mine.rag_override == ""


@pytest.mark.django_db
def test_two_people_editing_one_action_get_a_conflict_not_a_silent_overwrite(
    client, site, member, signed_in, small_plan
):
    mine, _ = small_plan
    signed_in(member(Role.SITE_LEAD))
    data = {
        "version": mine.version,
        "title": "Agree one front door for all ages",
        "grouping": "getting-help",
        "status": "in_progress",
    }
    services.action_update(action=mine, version=mine.version, title="Someone else's title")
    response = client.post(url("action_edit", site, action_id=mine.pk), data)
    assert (
        response.status_code == 200
        and "Someone else saved this action" in response.content.decode()
    )
    mine.refresh_from_db()
    assert mine.title == "Someone else's title"
