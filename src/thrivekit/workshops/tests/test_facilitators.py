import io
import itertools

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.sites.models import Role
from thrivekit.workshops.models import AssessmentSnapshot, ChecklistAnswer, Participant, Workshop
from thrivekit.workshops.services import workshop_close, workshop_reveal
from thrivekit.workshops.tests.helpers import answer, join, open_workshop


def url(name, workshop, **extra):
    return reverse(
        name, kwargs={"site_slug": workshop.site.slug, "workshop_id": workshop.id, **extra}
    )


@pytest.mark.django_db
def test_a_facilitator_sets_up_and_opens_a_workshop_with_a_code_and_qr(
    client, site, member, signed_in
):
    signed_in(member(Role.FACILITATOR))
    response = client.post(
        reverse("workshops:new", kwargs={"site_slug": site.slug}),
        {
            "title": "Checklist workshop",
            "instruments": ["checklist"],
            "tables": "Red\nBlue\nGreen",
        },
    )
    workshop = Workshop.objects.for_site(site).get()
    assert response.url == url("workshops:detail", workshop)
    assert [t.name for t in workshop.tables.all()] == ["Red", "Blue", "Green"]
    assert workshop.checklist_instrument.startswith("implementation-checklist@")
    client.post(url("workshops:status", workshop), {"action": "open"})
    page = client.get(url("workshops:detail", workshop))
    soup = BeautifulSoup(page.text, "html.parser")
    workshop.refresh_from_db()
    assert soup.select_one("[data-testid=join-code]").text == workshop.join_code
    assert soup.select_one(".tk-qr svg") is not None
    assert "31 questions" in page.text


@pytest.mark.django_db
def test_the_projector_shows_results_only_once_revealed(client, site, areas, member, signed_in):
    workshop = open_workshop(site)
    for area in areas:
        phone = join(workshop, area=area)
        answer(phone, workshop, "needs-led.macro", score="2")
    signed_in(member(Role.FACILITATOR))
    live = client.get(url("workshops:projector_live", workshop), headers={"HX-Request": "true"})
    assert "Results will appear here" in live.text
    assert "Median score" not in live.text
    assert (
        BeautifulSoup(live.text, "html.parser").select_one("[data-testid=joined-count]").text == "3"
    )
    workshop_reveal(workshop=workshop, revealed=True)
    live = client.get(url("workshops:projector_live", workshop))
    assert "Median score by principle and level" in live.text
    projector = client.get(url("workshops:projector", workshop))
    assert 'hx-trigger="every 4s"' in projector.text


@pytest.mark.django_db
def test_small_groups_are_not_shown_separately_and_the_rule_is_stated(
    client, site, areas, member, signed_in
):
    # Given three people from one area and one from another
    workshop = open_workshop(site, checklist=False)
    for area in [areas[0]] * 3 + [areas[1]]:
        answer(join(workshop, area=area), workshop, "accessibility.micro", score="3")
    signed_in(member(Role.VIEWER))
    page = client.get(url("workshops:results", workshop))
    soup = BeautifulSoup(page.text, "html.parser")
    captions = [c.text for c in soup.select("caption")]
    assert any(c.startswith(areas[0].name) for c in captions)
    assert not any(c.startswith(areas[1].name) for c in captions)
    assert "fewer than 3 respondents are not shown separately" in page.text


@pytest.mark.django_db
def test_common_and_conflicting_checklist_responses(client, site, areas, member, signed_in):
    workshop = open_workshop(site, assessment=False)
    # ic-01: everyone says in place -> common; ic-02: areas differ -> conflicting
    for area, status in itertools.product(areas, ["in_place"] * 3):
        phone = join(workshop, area=area)
        answer(phone, workshop, "ic-01", status=status)
        answer(phone, workshop, "ic-02", status="in_place" if area == areas[0] else "not_started")
    signed_in(member(Role.FACILITATOR))
    page = client.get(url("workshops:results", workshop))
    soup = BeautifulSoup(page.text, "html.parser")
    common = soup.select_one("[data-testid=common-responses]").text
    conflicting = soup.select_one("[data-testid=conflicting-responses]").text
    assert "1." in common and "already in place" in common
    assert "2." in conflicting


@pytest.mark.django_db
def test_comments_reach_the_room_and_exports_only_after_review(
    client, site, areas, member, signed_in
):
    workshop = open_workshop(site, assessment=False)
    phone = join(workshop, area=areas[0])
    answer(
        phone,
        workshop,
        "ic-05",
        status="in_progress",
        comment='=HYPERLINK("http://evil") We run a joint panel',
        tag="good_practice",
    )
    facilitator = member(Role.FACILITATOR)
    signed_in(facilitator)
    results = client.get(url("workshops:results", workshop))
    assert "joint panel" not in results.text
    comment = ChecklistAnswer.objects.get()
    client.post(url("workshops:comments", workshop), {"answer": comment.id, "review": "approved"})
    results = client.get(url("workshops:results", workshop))
    assert "joint panel" in results.text
    # The review is in the site's audit log, with who made it
    audit = client.get(reverse("sites:audit", kwargs={"site_slug": site.slug}))
    assert audit.status_code == 403  # facilitators do not read the audit log
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get(object_pk=str(comment.pk))
    assert entry.actor == facilitator
    # And the Excel export neutralises the formula
    from openpyxl import load_workbook

    export = client.get(url("workshops:export", workshop, file_format="xlsx"))
    book = load_workbook(io.BytesIO(export.content))
    cells = [c for row in book["Comments"].iter_rows() for c in row if c.value]
    texts = [c.value for c in cells]
    assert any(str(t).startswith("'=HYPERLINK") for t in texts)
    assert all(c.data_type != "f" for c in cells)


@pytest.mark.django_db
def test_closing_keeps_a_dated_baseline_and_a_re_assessment_shows_the_change(
    client, site, areas, member, signed_in
):
    first = open_workshop(site, checklist=False)
    for area in areas:
        answer(join(first, area=area), first, "common-language.macro", score="1")
    workshop_close(workshop=first)
    second = open_workshop(site, checklist=False)
    second.is_reassessment = True
    second.save()
    for area in areas:
        answer(join(second, area=area), second, "common-language.macro", score="4")
    workshop_close(workshop=second)
    assert AssessmentSnapshot.objects.for_site(site).count() == 2
    signed_in(member(Role.VIEWER))
    page = client.get(reverse("workshops:list", kwargs={"site_slug": site.slug}))
    # The item is named by its title, never by its id
    assert "common-language.macro" not in page.text
    row = next(
        tr
        for tr in BeautifulSoup(page.text, "html.parser").select("tr")
        if "Common language: Macro" in tr.text
    )
    figures = [td.find(string=True, recursive=False).strip() for td in row.select("td")]
    assert figures == ["1", "4", "+100"]


@pytest.mark.django_db
def test_a_facilitator_keys_in_a_paper_form(client, site, areas, member, signed_in):
    workshop = open_workshop(site)
    signed_in(member(Role.FACILITATOR))
    data = {
        "local_area": str(areas[1].id),
        "sector": "police",
        "name": "Paper 1",
        "score-needs-led.micro": "4",
        "score-reducing-stigma.macro": "dont_know",
        "status-ic-03": "not_started",
        "comment-ic-03": "Call 07700 900456",
    }
    response = client.post(url("workshops:paper", workshop), data)
    assert response.status_code == 302
    participant = Participant.objects.get(workshop=workshop)
    assert participant.keyed_in_by is not None
    assert participant.assessment_answers.count() == 2
    assert "07700" not in participant.checklist_answers.get().comment


@pytest.mark.django_db
def test_a_bad_paper_form_changes_nothing(client, site, areas, member, signed_in):
    workshop = open_workshop(site)
    signed_in(member(Role.FACILITATOR))
    response = client.post(
        url("workshops:paper", workshop),
        {"local_area": str(areas[0].id), "sector": "police", "score-needs-led.micro": "7"},
    )
    assert "choose 1 to 4" in response.text
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_csv_export_is_anonymous(client, site, areas, member, signed_in):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    from thrivekit.workshops.models import Participant as P

    P.objects.update(name="Secret Person")
    answer(phone, workshop, "needs-led.meso", score="3")
    signed_in(member(Role.ANALYST))
    export = client.get(
        url("workshops:export", workshop, file_format="csv") + "?instrument=assessment"
    )
    text = export.content.decode("utf-8-sig")
    assert "Secret Person" not in text
    assert "P001" in text and "needs-led.meso" in text
