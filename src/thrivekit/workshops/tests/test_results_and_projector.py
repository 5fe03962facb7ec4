"""Issue 15: results on a phone, the projector, item titles, re-assessments, the question page."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.sites.models import Role
from thrivekit.workshops.models import Workshop
from thrivekit.workshops.services import workshop_close, workshop_reveal
from thrivekit.workshops.tests.helpers import answer, join, open_workshop, question_number


def url(name, workshop, **extra):
    return reverse(
        name, kwargs={"site_slug": workshop.site.slug, "workshop_id": workshop.id, **extra}
    )


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def chart_spec(page, chart_id):
    return json.loads(page.select_one(f"script#{chart_id}").string)


# -- results on a phone ------------------------------------------------------------------------


@pytest.mark.django_db
def test_phone_results_list_each_principle_with_its_levels_and_each_action_in_words(site, areas):
    # Given a revealed workshop where three people answered both instruments
    workshop = open_workshop(site)
    phones = [join(workshop, area=area) for area in areas]
    for phone in phones:
        answer(phone, workshop, "needs-led.macro", score="3")
        answer(phone, workshop, "ic-02", status="in_progress")
    workshop_reveal(workshop=workshop, revealed=True)
    # When one of them opens the room's results
    page = soup(phones[0].get(reverse("participate:results", kwargs={"code": workshop.join_code})))
    # Then the heatmap reflows on a phone: every cell says its level, beside its median
    heatmap = page.select_one("table.workshops-heatmap")
    assert "nhsuk-table-responsive" in heatmap["class"]
    needs_led = next(tr for tr in heatmap.select("tbody tr") if "Needs-led" in tr.th.text)
    first_cell = needs_led.select("td")[0]
    assert first_cell.select_one(".nhsuk-table-responsive__heading").text.startswith("Macro")
    assert first_cell.select_one(".tk-heatmap__median").text == "3"
    # And the charts, too wide for a phone, are only drawn on wider screens ...
    for chart in page.select(".tk-chart"):
        assert chart.find_parent(class_="workshops-wide-only") is not None
    # ... while each action's answers are there in words
    actions = page.select_one("[data-testid=checklist-actions]").text
    assert "Work in progress: 3" in actions
    # And nothing sits in a sideways-scrolling box
    assert page.select(".tk-table-scroll") == []
    assert "workshops-results.css" in str(page.select("link[rel=stylesheet]"))


@pytest.mark.django_db
def test_the_facilitators_detail_tables_reflow_on_a_phone(client, site, areas, member, signed_in):
    workshop = open_workshop(site)
    for area in areas:
        phone = join(workshop, area=area)
        answer(phone, workshop, "needs-led.macro", score="2")
        answer(phone, workshop, "ic-01", status="in_place")
    signed_in(member(Role.VIEWER))
    page = soup(client.get(url("workshops:results", workshop)))
    tables = page.select("table.workshops-detail-table")
    assert len(tables) == 2
    for table in tables:
        assert "nhsuk-table-responsive" in table["class"]
        # every figure carries its column's name for the stacked phone layout
        for cell in table.select("tbody td"):
            assert cell.select_one(".nhsuk-table-responsive__heading") is not None


# -- checklist results -------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_persons_answer_is_never_the_rooms_common_response(
    client, site, areas, member, signed_in
):
    # Given a single person who says an action is already in place
    workshop = open_workshop(site, assessment=False)
    answer(join(workshop, area=areas[0]), workshop, "ic-01", status="in_place")
    signed_in(member(Role.FACILITATOR))
    page = soup(client.get(url("workshops:results", workshop)))
    # Then it is not listed as a common response "(100%)"
    common = page.select_one("[data-testid=common-responses]").text
    assert "None yet." in common
    assert "100%" not in common


@pytest.mark.django_db
def test_checklist_chart_labels_are_numbered_once_and_its_legend_is_complete(
    client, site, areas, member, signed_in
):
    workshop = open_workshop(site, assessment=False)
    for area in areas:
        answer(join(workshop, area=area), workshop, "ic-02", status="not_started")
    signed_in(member(Role.FACILITATOR))
    spec = chart_spec(soup(client.get(url("workshops:results", workshop))), "chart-checklist")
    labels = {value["action_label"] for value in spec["data"]["values"]}
    assert len(labels) == 1
    (label,) = labels
    assert label.startswith("2. A multi-agency") and not label.startswith("2. 2.")
    legend = spec["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == 0  # no "Not in place, no work …"
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "Already in place",
        "Work in progress",
        "Not in place, no work yet",
        "Don't know",
    ]


@pytest.mark.django_db
def test_heatmap_chart_uses_short_level_names_and_shows_the_whole_scale(
    client, site, areas, member, signed_in
):
    workshop = open_workshop(site, checklist=False)
    for area in areas:
        answer(join(workshop, area=area), workshop, "needs-led.macro", score="2")
    signed_in(member(Role.FACILITATOR))
    spec = chart_spec(soup(client.get(url("workshops:results", workshop))), "chart-heatmap")
    shorts = {value["level_short"] for value in spec["data"]["values"]}
    assert shorts == {"Macro", "Meso", "Micro"}
    legends = [
        layer["encoding"]["color"]["legend"]
        for layer in spec["layer"]
        if layer["encoding"].get("color", {}).get("legend")
    ]
    assert len(legends) == 1
    (legend,) = legends
    assert legend["values"] == [1, 2, 3, 4]


# -- the projector -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_projector_has_no_site_navigation_and_a_large_code_and_qr(
    client, site, areas, member, signed_in
):
    workshop = open_workshop(site)
    signed_in(member(Role.FACILITATOR))
    page = soup(client.get(url("workshops:projector", workshop)))
    # No header, menu or footer: only the room's screen
    assert page.select(".nhsuk-header, .nhsuk-navigation, .nhsuk-footer, footer") == []
    assert page.select_one("[data-testid=projector-join-code]").text == workshop.join_code
    assert page.select_one(".workshops-join__qr svg") is not None
    # The keys are written on the screen
    keys = page.select_one("[data-testid=projector-keys]").text
    for key in ("→", "←", "R", "F"):
        assert key in keys
    assert page.select_one("script[src$='workshops-projector.js']") is not None
    # Before results are shown: how to join comes first
    sections = [s["id"] for s in page.select("[data-slide]")]
    assert sections == ["slide-join", "slide-joined", "slide-waiting"]


@pytest.mark.django_db
def test_once_results_are_shown_the_projector_starts_with_the_heatmap(
    client, site, areas, member, signed_in
):
    workshop = open_workshop(site)
    for area in areas:
        phone = join(workshop, area=area)
        answer(phone, workshop, "needs-led.macro", score="4")
        answer(phone, workshop, "ic-01", status="in_place")
    signed_in(member(Role.FACILITATOR))
    # When the facilitator presses R on the projector (the reveal form posts back to it)
    response = client.post(
        url("workshops:status", workshop), {"action": "reveal", "next": "projector"}
    )
    assert response.url == url("workshops:projector", workshop)
    page = soup(client.get(response.url))
    sections = [s["id"] for s in page.select("[data-slide]")]
    assert sections[0] == "slide-heatmap"
    assert sections.index("slide-join") > sections.index("slide-checklist")
    heatmap = page.select_one("#slide-heatmap")
    assert heatmap.select_one("caption").text == "Median score by principle and level"
    # And the chart's type is large enough for the back of the room
    spec = chart_spec(page, "chart-checklist")
    assert spec["config"]["axis"]["labelFontSize"] >= 22
    assert spec["config"]["legend"]["labelFontSize"] >= 22
    # And the key now hides the results again
    assert page.select_one("#projector-reveal input[name=action]")["value"] == "hide"
    # The live refresh keeps the same order
    live = soup(client.get(url("workshops:projector_live", workshop)))
    assert [s["id"] for s in live.select("[data-slide]")] == sections


@pytest.mark.django_db
def test_viewers_cannot_open_the_projector(client, site, member, signed_in):
    workshop = open_workshop(site)
    signed_in(member(Role.VIEWER))
    assert client.get(url("workshops:projector", workshop)).status_code == 403


# -- item titles and re-assessments ------------------------------------------------------------


def _closed_assessment(site, areas, *, score, reassessment=False):
    workshop = open_workshop(site, checklist=False)
    workshop.is_reassessment = reassessment
    workshop.save()
    for area in areas:
        answer(join(workshop, area=area), workshop, "common-language.macro", score=score)
    return workshop_close(workshop=workshop)


@pytest.mark.django_db
def test_a_small_test_workshop_is_not_compared_with_the_baseline(
    client, site, areas, member, signed_in
):
    # Given a baseline, then a small practice workshop not marked as a re-assessment
    _closed_assessment(site, areas, score="1")
    practice = _closed_assessment(site, areas[:1], score="4")
    signed_in(member(Role.VIEWER))
    page = soup(client.get(reverse("workshops:list", kwargs={"site_slug": site.slug})))
    # Then no change against the baseline is shown, and the practice workshop is listed apart
    assert page.select("table") == []
    assert practice.title in page.select_one("[data-testid=not-compared]").text
    assert "When a re-assessment workshop closes" in page.text


@pytest.mark.django_db
def test_a_facilitator_marks_a_workshop_as_a_re_assessment(client, site, areas, member, signed_in):
    _closed_assessment(site, areas, score="1")
    later = _closed_assessment(site, areas, score="3")
    signed_in(member(Role.FACILITATOR))
    # When the facilitator says on the workshop's page that it is a re-assessment
    detail = client.get(url("workshops:detail", later))
    assert "Not a re-assessment" in detail.text
    response = client.post(
        url("workshops:edit", later), {"title": "Spring re-assessment", "reassessment": "yes"}
    )
    assert response.url == url("workshops:detail", later)
    later.refresh_from_db()
    assert later.is_reassessment and later.title == "Spring re-assessment"
    # Then the list compares it with the baseline, item by item, by title
    page = soup(client.get(reverse("workshops:list", kwargs={"site_slug": site.slug})))
    assert "Spring re-assessment" in page.select_one("h3").text
    headers = [th.text for th in page.select("tbody th")]
    assert headers[0] == "Common language: Macro (commissioning and inter-agency working)"
    assert len(headers) == 24 and not any("." in header for header in headers)


@pytest.mark.django_db
def test_a_new_workshop_can_be_set_up_as_a_re_assessment(client, site, member, signed_in):
    signed_in(member(Role.FACILITATOR))
    form = client.get(reverse("workshops:new", kwargs={"site_slug": site.slug}))
    assert "Is this a re-assessment?" in form.text
    client.post(
        reverse("workshops:new", kwargs={"site_slug": site.slug}),
        {"title": "Autumn re-assessment", "instruments": ["assessment"], "reassessment": "yes"},
    )
    assert Workshop.objects.for_site(site).get().is_reassessment


@pytest.mark.django_db
def test_viewers_cannot_change_a_workshop(client, site, member, signed_in):
    workshop = open_workshop(site)
    signed_in(member(Role.VIEWER))
    response = client.post(url("workshops:edit", workshop), {"title": "X", "reassessment": "yes"})
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert not workshop.is_reassessment


# -- the participant's question page -----------------------------------------------------------


def question_url(workshop, number):
    return reverse("participate:question", kwargs={"code": workshop.join_code, "number": number})


@pytest.mark.django_db
def test_the_question_page_shows_the_item_title_once_as_its_heading(site, areas):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    page = soup(phone.get(question_url(workshop, 1)))
    main = page.select_one("main")
    title = "Common language: Macro (commissioning and inter-agency working)"
    heading = main.select_one("h1")
    assert title in heading.text and "question 1 of 55" in heading.text
    assert heading.find_parent("legend") is not None  # the heading labels the answers
    assert main.text.count(title) == 1
    # And a checklist action too
    number = question_number(workshop, "ic-01")
    main = soup(phone.get(question_url(workshop, number))).select_one("main")
    assert main.text.count("The local Long Term Plan (LTP)") == 1


@pytest.mark.django_db
def test_the_answered_count_follows_an_autosave(site, areas):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    page = soup(phone.get(question_url(workshop, 1)))
    assert page.select_one("#answered-count").text == "0 of 55 answered"
    # When an answer is saved as it is tapped (HTMX)
    saved = soup(
        phone.post(question_url(workshop, 1), {"score": "2"}, headers={"HX-Request": "true"})
    )
    # Then the response replaces the count out of band
    count = saved.select_one("#answered-count")
    assert count["hx-swap-oob"] == "true"
    assert count.text == "1 of 55 answered"
    # And saving the same question again does not count it twice
    again = soup(
        phone.post(question_url(workshop, 1), {"score": "3"}, headers={"HX-Request": "true"})
    )
    assert again.select_one("#answered-count").text == "1 of 55 answered"


@pytest.mark.django_db
def test_a_break_comes_between_the_assessment_and_the_checklist(site, areas):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    answer(phone, workshop, "needs-led.macro", score="2")
    # When the last assessment question is saved and continued
    last = question_number(workshop, "ic-01") - 1
    response = phone.post(question_url(workshop, last), {"score": "3"})
    # Then a break page comes before the first checklist question
    assert response.url == reverse("participate:break", kwargs={"code": workshop.join_code})
    page = soup(phone.get(response.url))
    assert page.select_one("h1").text == "You have finished the THRIVE Assessment"
    assert "You answered 2 of 24" in page.text
    start = page.find("a", string="Start the Implementation Checklist")
    assert start["href"] == question_url(workshop, last + 1)
    # And an earlier assessment question still leads to the next one
    assert phone.post(question_url(workshop, 1), {"score": "1"}).url == question_url(workshop, 2)


@pytest.mark.django_db
def test_a_workshop_with_one_instrument_has_no_break(site, areas):
    workshop = open_workshop(site, checklist=False)
    phone = join(workshop, area=areas[0])
    response = phone.post(question_url(workshop, 24), {"score": "3"})
    assert response.url.endswith("/answers")
    on_break = phone.get(reverse("participate:break", kwargs={"code": workshop.join_code}))
    assert on_break.url.endswith("/answers")
