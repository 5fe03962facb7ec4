import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from thrivekit.workshops import selectors, services
from thrivekit.workshops.models import AssessmentAnswer, ChecklistAnswer, Participant
from thrivekit.workshops.tests.helpers import answer, join, open_workshop


@pytest.mark.django_db
def test_a_participant_joins_with_the_code_and_answers_item_by_item(site, areas):
    # Given an open workshop and a phone with no account
    workshop = open_workshop(site)
    phone = Client()
    page = phone.post(reverse("participate:enter"), {"code": workshop.join_code.lower()})
    assert page.status_code == 302
    # When they join, choosing their area, sector and table
    join_page = phone.get(page.url)
    assert "Which local area" in join_page.text
    table = workshop.tables.first()
    join(workshop, area=areas[0], sector="young-person", table=table, client=phone)
    participant = Participant.objects.get(workshop=workshop)
    assert (participant.sector, participant.table) == ("young-person", table)
    # And answer the first question with a plain form post
    first = reverse("participate:question", kwargs={"code": workshop.join_code, "number": 1})
    response = phone.post(first, {"score": "3"})
    # Then the answer is saved and the next question follows
    assert response.url.endswith("/questions/2")
    saved = AssessmentAnswer.objects.get(participant=participant)
    assert saved.score == 3
    assert saved.instrument.startswith("thrive-assessment@")
    # And an answer changed with HTMX saves at once, in place
    again = phone.post(first, {"score": "dont_know"}, headers={"HX-Request": "true"})
    assert "Saved" in again.text
    saved.refresh_from_db()
    assert saved.score is None


@pytest.mark.django_db
def test_coming_back_on_the_same_device_finds_the_answers(site, areas):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    answer(phone, workshop, "needs-led.meso", score="2")
    # When they open the join link again, they go to their answers, not a new join form
    back = phone.get(reverse("participate:join", kwargs={"code": workshop.join_code}))
    assert back.url.endswith("/answers")
    progress = phone.get(back.url)
    assert "You have answered 1 of 55 questions" in progress.text
    # And the question shows their earlier answer
    from thrivekit.workshops.tests.helpers import question_number

    number = question_number(workshop, "needs-led.meso")
    page = phone.get(
        reverse("participate:question", kwargs={"code": workshop.join_code, "number": number})
    )
    checked = BeautifulSoup(page.text, "html.parser").select_one("input[name=score][checked]")
    assert checked["value"] == "2"
    assert Participant.objects.filter(workshop=workshop).count() == 1


@pytest.mark.django_db
def test_personal_details_in_a_comment_are_masked_on_entry(site, areas):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    answer(
        phone,
        workshop,
        "ic-01",
        status="in_progress",
        comment="Ask jo.bloggs@example.org or ring 07700 900123 about it",
        tag="support",
    )
    saved = ChecklistAnswer.objects.get()
    assert "jo.bloggs@example.org" not in saved.comment
    assert "07700 900123" not in saved.comment
    assert set(saved.comment_masked) == {"email", "phone"}
    assert saved.review == ChecklistAnswer.Review.PENDING


@pytest.mark.django_db
def test_a_tag_needs_a_comment(site, areas):
    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    response = answer(phone, workshop, "ic-02", status="in_place", comment="", tag="good_practice")
    assert "Write a comment to go with the tag" in response.text
    assert not ChecklistAnswer.objects.exists()


@pytest.mark.django_db
def test_a_closed_workshops_code_stops_working_and_answers_stop(site, areas):
    from thrivekit.workshops.services import workshop_close

    # Given a participant who has answered, and a workshop that then closes
    workshop = open_workshop(site)
    code = workshop.join_code
    phone = join(workshop, area=areas[0])
    answer(phone, workshop, "needs-led.macro", score="2")
    workshop_close(workshop=workshop)
    # Then the code lets nobody in and the phone is told the workshop has closed
    closed = phone.get(reverse("participate:join", kwargs={"code": code}))
    assert closed.status_code == 410 and "This workshop has closed" in closed.text
    newcomer = Client().post(
        reverse("participate:join", kwargs={"code": code}),
        {"local_area": str(areas[0].id), "sector": "police", "name": ""},
    )
    assert newcomer.status_code == 410
    assert Participant.objects.filter(workshop=workshop).count() == 1
    # And answers can no longer be changed, by a plain post or a tap (HTMX)
    question = reverse("participate:question", kwargs={"code": code, "number": 1})
    assert phone.post(question, {"score": "4"}).status_code == 410
    tap = phone.post(question, {"score": "4"}, headers={"HX-Request": "true"})
    assert "Not saved: this workshop has closed" in tap.text
    assert AssessmentAnswer.objects.get().score == 2
    entered = Client().post(reverse("participate:enter"), {"code": code})
    assert "This workshop has closed" in entered.text


@pytest.mark.django_db
def test_a_room_at_one_address_whose_workshop_closed_can_join_the_next(site, areas):
    from thrivekit.workshops.ratelimit import WRONG_CODES
    from thrivekit.workshops.services import workshop_close

    # Given a morning workshop whose whole room, on one address, keeps tapping after it closed
    morning = open_workshop(site)
    phones = [join(morning, area=areas[0]) for _ in range(3)]
    workshop_close(workshop=morning)
    page = reverse("participate:question", kwargs={"code": morning.join_code, "number": 1})
    for _ in range(WRONG_CODES):
        for phone in phones:
            phone.post(page, {"score": "3"}, headers={"HX-Request": "true"})
    # Then the closed code was not taken for guessing: they can join the afternoon workshop
    afternoon = open_workshop(site)
    join(afternoon, area=areas[0], client=phones[0])


@pytest.mark.django_db
def test_guessing_codes_is_slowed_down_but_a_full_room_can_join(site, areas):
    from thrivekit.workshops.ratelimit import WRONG_CODES

    # Given a room of people who all share one address and join correctly
    workshop = open_workshop(site)
    phones = [join(workshop, area=areas[0]) for _ in range(WRONG_CODES + 5)]
    # When someone at that address keeps guessing codes
    guesser = Client()
    for _ in range(WRONG_CODES):
        assert guesser.post(reverse("participate:enter"), {"code": "AAAAAA"}).status_code == 200
    # Then they are stopped, at the code page, at a join link and at any other page that
    # would tell a real code from a wrong one
    assert guesser.post(reverse("participate:enter"), {"code": "AAAAAA"}).status_code == 429
    blocked = guesser.get(reverse("participate:join", kwargs={"code": "BBBBBB"}))
    assert blocked.status_code == 429
    probe = guesser.get(reverse("participate:progress", kwargs={"code": "CCCCCC"}))
    assert probe.status_code == 429
    # But people already in the workshop keep answering
    saved = answer(phones[0], workshop, "needs-led.macro", score="3")
    assert saved.status_code == 302


@pytest.mark.django_db
def test_results_are_hidden_from_participants_until_revealed(site, areas):
    from thrivekit.workshops.services import workshop_reveal

    workshop = open_workshop(site)
    phone = join(workshop, area=areas[0])
    url = reverse("participate:results", kwargs={"code": workshop.join_code})
    assert "Results are not shown yet" in phone.get(url).text
    workshop_reveal(workshop=workshop, revealed=True)
    assert "Median score by principle and level" in phone.get(url).text


@pytest.mark.django_db
def test_a_changed_checklist_answer_replaces_the_old_one_and_is_reviewed_again(site, areas):
    # Given a participant whose checklist comment a facilitator approved
    workshop = open_workshop(site)
    join(workshop, area=areas[0])
    participant = Participant.objects.get(workshop=workshop)
    action = selectors.workshop_action_ids(workshop=workshop)[0]
    services.checklist_answer_save(
        participant=participant, action=action, status="in_place", comment="Joint training"
    )
    first = ChecklistAnswer.objects.get(participant=participant)
    services.comment_review(answer=first, review=ChecklistAnswer.Review.APPROVED)
    # When they change the answer and the comment
    services.checklist_answer_save(
        participant=participant, action=action, status="in_progress", comment="Training planned"
    )
    # Then the same answer holds the change, and the new comment waits for review
    changed = ChecklistAnswer.objects.get(participant=participant)
    assert (changed.id, changed.created_at) == (first.id, first.created_at)
    assert (changed.status, changed.comment) == ("in_progress", "Training planned")
    assert changed.review == ChecklistAnswer.Review.PENDING
    assert changed.updated_at > first.updated_at
