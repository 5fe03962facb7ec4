"""thrivekit's own short surveys: made from the feedback page, answered on a public link."""

import pytest
from django.test import Client
from django.urls import reverse

from thrivekit.qualitative import ratelimit, services
from thrivekit.qualitative.models import Flag, OwnSurvey, Response, Source
from thrivekit.qualitative.tests.helpers import url
from thrivekit.sites.models import Role
from thrivekit.workshops.ratelimit import WRONG_CODES


def say_url(survey, page="survey"):
    return reverse(f"say:{page}", kwargs={"survey_code": survey.code})


def make_survey(site, **overrides):
    arguments = {
        "title": "Tell us about help at school",
        "intro": "We want to make help better.",
        "questions": ["What helped you most?", "What could have been better?"],
        "group": "young_person",
        "ask_area": False,
        "is_open": True,
        "user": None,
    }
    return services.survey_create(site=site, **{**arguments, **overrides})


@pytest.mark.django_db
def test_a_site_lead_creates_a_survey_with_friendly_questions_a_link_and_a_qr_code(
    site, member, signed_in
):
    client = signed_in(member(Role.SITE_LEAD))
    # Given the form, with young-person-friendly questions offered
    form = client.get(url("survey_new", site))
    assert "What helped you most?" in form.text
    assert "Is there anything else you want to tell us?" in form.text
    # When the lead keeps two of them and opens the survey for young people
    created = client.post(
        url("survey_new", site),
        {
            "title": "Tell us about help at school",
            "intro": "It takes 5 minutes.",
            "question_1": "What helped you most?",
            "question_2": "",
            "question_3": "What could have been better?",
            "group": "young_person",
            "ask_area": "yes",
            "status": "open",
        },
    )
    # Then the survey has a short public code, a link and a QR code on its page
    survey = OwnSurvey.objects.for_site(site).get()
    assert created.status_code == 302
    assert survey.questions == ["What helped you most?", "What could have been better?"]
    assert survey.ask_area and survey.is_open
    assert len(survey.code) == 6
    page = client.get(created.url)
    assert f"/say/{survey.code}" in page.text
    assert "<svg" in page.text
    # And its answers will be a survey source named after it
    assert survey.source.kind == Source.Kind.SURVEY
    assert survey.source.name == "Tell us about help at school"
    # And it is listed on the feedback page
    assert "Tell us about help at school" in client.get(url("home", site)).text


@pytest.mark.django_db
def test_a_survey_needs_a_question(site, member, signed_in):
    client = signed_in(member(Role.ANALYST))
    page = client.post(
        url("survey_new", site),
        {"title": "Empty", "group": "staff", "ask_area": "no", "status": "open"},
    )
    assert page.status_code == 200
    assert "Write at least one question." in page.text
    assert not OwnSurvey.objects.exists()


@pytest.mark.django_db
def test_answers_on_the_public_link_are_stored_redacted_and_flagged(site):
    survey = make_survey(site)
    phone = Client(enforce_csrf_checks=True)
    # Given someone with no account opening the link
    page = phone.get(say_url(survey))
    assert page.status_code == 200
    assert "Don't put your name or anyone else's" in page.text
    assert "Childline" in page.text and "0800 1111" in page.text
    assert 'class="nhsuk-header__navigation' not in page.text  # no site navigation
    # When they answer one question and leave the other
    sent = phone.post(
        say_url(survey),
        {
            "csrfmiddlewaretoken": page.cookies["csrftoken"].value,
            "answer_1": "My name is Jo Bloggs and the school nurse helped.",
            "answer_2": "Sometimes I want to hurt myself and nobody noticed.",
        },
    )
    # Then they are thanked, and only the CSRF cookie was ever set
    assert sent.status_code == 302
    assert sent.url == say_url(survey, "thanks")
    assert "Thank you" in phone.get(sent.url).text
    assert set(page.cookies) | set(sent.cookies) == {"csrftoken"}
    # And each answer is a response of the survey's source, with the name removed
    answers = list(Response.objects.for_site(site).order_by("question"))
    assert [a.question for a in answers] == [
        "What could have been better?",
        "What helped you most?",
    ]
    assert answers[1].text == "My name is [name removed] and the school nurse helped."
    assert "Jo Bloggs" not in answers[1].text
    assert {a.source_id for a in answers} == {survey.source_id}
    assert {a.group for a in answers} == {"young_person"}
    assert answers[0].respondent == answers[1].respondent
    # And the risk phrase is flagged for the site lead
    flag = Flag.objects.for_site(site).get()
    assert flag.response == answers[0]
    assert flag.category == "self-harm"


@pytest.mark.django_db
def test_the_sites_safeguarding_contact_is_shown_when_set(site):
    services.feedback_settings_update(
        site=site, safeguarding_contact="Sam Patel, school safeguarding lead, 01632 960123"
    )
    survey = make_survey(site)
    page = Client().get(say_url(survey))
    assert "Sam Patel, school safeguarding lead, 01632 960123" in page.text


@pytest.mark.django_db
def test_they_say_which_group_and_area_when_the_survey_asks(site):
    survey = make_survey(site, group="ask", ask_area=True)
    phone = Client()
    page = phone.get(say_url(survey))
    assert "Which of these are you?" in page.text
    assert "Riverside" in page.text
    phone.post(
        say_url(survey), {"answer_1": "The drop-in", "group": "parent_carer", "area": "Riverside"}
    )
    phone.post(say_url(survey), {"answer_1": "The website", "group": "not_say", "area": "not_say"})
    first, second = Response.objects.for_site(site).order_by("created_at")
    assert (first.group, first.area, first.respondent) == ("parent_carer", "Riverside", "1")
    assert (second.group, second.area, second.respondent) == ("", "", "2")


@pytest.mark.django_db
def test_only_a_group_and_area_the_survey_offers_are_kept(site):
    # Given a survey for staff that does not ask the area, and one that asks both
    for_staff = make_survey(site, group="staff")
    asking = make_survey(site, group="ask", ask_area=True)
    # When answers arrive with a group and an area they did not offer
    staff = services.survey_answer(
        survey=for_staff, answers=["More time"], group="young_person", area="Riverside"
    )
    other = services.survey_answer(
        survey=asking, answers=["", "A quiet room"], group="site_lead", area="Atlantis"
    )
    # Then the staff survey's answer is staff's, with no area, and the made-up ones are dropped
    assert [(r.group, r.area) for r in staff] == [("staff", "")]
    assert [(r.group, r.area, r.question) for r in other] == [
        ("", "", "What could have been better?")
    ]


@pytest.mark.django_db
def test_sending_nothing_stores_nothing_and_says_why(site):
    survey = make_survey(site)
    page = Client().post(say_url(survey), {"answer_1": "  ", "answer_2": ""})
    assert page.status_code == 200
    assert "Write something in at least one box" in page.text
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_closed_survey_says_so_and_refuses_answers(site, member, signed_in):
    survey = make_survey(site)
    client = signed_in(member(Role.SITE_LEAD))
    # When the lead closes it
    client.post(url("survey_status", site, survey_id=survey.id), {"status": "closed"})
    # Then its link says it has closed, and answers sent to it are not stored
    phone = Client()
    page = phone.get(say_url(survey))
    assert page.status_code == 410
    assert "This survey has closed" in page.text
    refused = phone.post(say_url(survey), {"answer_1": "The nurse was kind"})
    assert refused.status_code == 410
    assert not Response.objects.exists()
    # And it opens again
    client.post(url("survey_status", site, survey_id=survey.id), {"status": "open"})
    assert phone.get(say_url(survey)).status_code == 200


@pytest.mark.django_db
def test_unknown_codes_are_not_found_and_guessing_is_limited(site):
    survey = make_survey(site)
    phone = Client()
    for _ in range(WRONG_CODES):
        assert phone.get("/say/NOBODY").status_code == 404
    # Then more guesses are refused, but the real code still opens
    assert phone.get("/say/NOBODY").status_code == 429
    assert phone.get(say_url(survey)).status_code == 200


@pytest.mark.django_db
def test_answers_are_limited_per_address(site, monkeypatch):
    monkeypatch.setattr(ratelimit, "SUBMISSIONS", 2)
    survey = make_survey(site)
    phone = Client()
    for text in ("One", "Two"):
        assert phone.post(say_url(survey), {"answer_1": text}).status_code == 302
    refused = phone.post(say_url(survey), {"answer_1": "Three"})
    assert refused.status_code == 429
    assert Response.objects.count() == 2


@pytest.mark.django_db
def test_counts_of_people_go_through_disclosure_control_for_non_analysts(site, member, signed_in):
    survey = make_survey(site)
    Client().post(say_url(survey), {"answer_1": "The nurse", "answer_2": "Shorter waits"})
    page = url("survey", site, survey_id=survey.id)
    client = signed_in(member(Role.VIEWER))
    counts = client.get(page).text.split('data-testid="survey-counts"')[1].split("</dl>")[0]
    assert ">*<" in counts.replace(" ", "").replace("\n", "")
    signed_in(member(Role.ANALYST))
    counts = client.get(page).text.split('data-testid="survey-counts"')[1].split("</dl>")[0]
    assert "*" not in counts
    assert ">1<" in counts.replace(" ", "").replace("\n", "")


@pytest.mark.django_db
def test_another_sites_survey_is_not_reachable_through_this_sites_pages(
    site, other_site, member, signed_in
):
    theirs = make_survey(other_site, title="Southvale survey")
    client = signed_in(member(Role.SITE_LEAD))
    for page in ("survey", "survey_poster"):
        assert client.get(url(page, site, survey_id=theirs.id)).status_code == 404
    closing = client.post(url("survey_status", site, survey_id=theirs.id), {"status": "closed"})
    assert closing.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open
    assert "Southvale survey" not in client.get(url("home", site)).text
