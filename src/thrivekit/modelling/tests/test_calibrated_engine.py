"""The engine's calibrated behaviour: a list seen by due date, referrals that leave it (or
stay on it) unseen, whole-day first-contact waits, and teams that work weekends."""

from thrivekit.modelling.engine import simulate_replication, whole_days
from thrivekit.modelling.scenario import parse_scenario


def team(**fields):
    base = {
        "id": "team",
        "arrivals_per_day": 2.0,
        "appointment_slots_per_week": 60,  # three times what is needed: plenty to spare
        "appointments_per_episode": 1,
    }
    return parse_scenario({"horizon_days": 200, "seed": 3, "services": [{**base, **fields}]})


def test_with_slots_to_spare_people_are_seen_when_due_not_at_once():
    # Given a team with spare slots whose referrals are due 10 days after referral
    due = simulate_replication(team(due_days=10, working_days=7), 0)["services"][0]
    # and the same team with no due dates
    asap = simulate_replication(team(), 0)["services"][0]
    # Then with due dates the first contact comes on the tenth day, as the data showed
    assert due["first_contact_wait_days"]["median"] == 10
    # while without them the spare slots see everyone within a day or so
    assert asap["first_contact_wait_days"]["median"] <= 1


def test_referrals_that_leave_unseen_stay_on_the_list_without_taking_a_slot():
    # Given half the referrals never seen and staying on the list (as records left open),
    # and two people already on it who will not be seen
    scenario = team(
        due_days=5,
        working_days=7,
        unseen_share=0.5,
        unseen_days=100000,
        initial_unseen_list=[400, 800],
    )
    result = simulate_replication(scenario, 0)["services"][0]
    # Then the list keeps growing by about one a day, though slots are to spare
    series = result["queue_series"]
    assert series[0] == 2
    assert 150 < series[-1] < 260
    assert result["utilisation"] < 0.4
    # and those who are seen still wait their five days
    assert result["first_contact_wait_days"]["median"] == 5


def test_first_contact_waits_are_counted_in_whole_days():
    # Referred late on day 3, seen at midday on day 5: two days, as dates subtract
    assert whole_days(5.5, 3.9) == 2
    assert whole_days(5.5, 5.1) == 0


def test_a_team_that_works_weekends_sees_people_at_weekends():
    # Given referrals due the next day, a seven-day team and a weekday team
    seven = simulate_replication(team(due_days=1, working_days=7), 0)["services"][0]
    five = simulate_replication(team(due_days=1), 0)["services"][0]
    # Then the seven-day team sees them next day; the weekday team makes weekend referrals
    # wait for Monday (and sees Friday's due on Friday), so its waits spread
    assert seven["first_contact_wait_days"]["p90"] <= 1
    assert five["first_contact_wait_days"]["p90"] >= 2


def test_a_team_with_under_a_slot_a_day_still_sees_people_on_their_due_day():
    # Given a small team: one referral every five days, due two days later, and three slots
    # a week (under half a slot a day) for a load of about 1.4 a week
    small = team(arrivals_per_day=0.2, appointment_slots_per_week=3, due_days=2, working_days=7)
    result = simulate_replication(small, 0)["services"][0]
    # Then a slot left free earlier in the week is given to whoever falls due, so nobody
    # waits for the next day that happens to have a slot
    waits = result["first_contact_wait_days"]
    assert waits["median"] == 2
    assert waits["p90"] <= 3
    # and no more slots are used than the team offers
    assert result["utilisation"] < 0.6
