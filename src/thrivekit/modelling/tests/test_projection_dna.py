"""Server-mode projection honours DNAs as the simulation does.

The simulation's rule (engine.start_server): a patient offered a caseload slot who does not
attend goes back on the waiting list `dna_rebook_days` later, keeping their place by the time
they joined; the slot goes to the next person; after `discharge_after_dnas` DNAs they leave.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.modelling.engine import simulate_replication
from thrivekit.modelling.projection import project_scenario, project_service
from thrivekit.modelling.scenario import parse_scenario


def servers(**fields):
    settings = {
        "months": 12,
        "demand_by_month": 90,
        "capacity_by_month": 20,
        "mode": "servers",
        "service_days": 5,
        **fields,
    }
    return project_service(**settings)


def mean_wait(projection):
    seen = sum(m.first_appointments for m in projection.months)
    return sum(m.mean_wait_seen_days * m.first_appointments for m in projection.months) / seen


def test_a_higher_dna_rate_lengthens_the_list_and_the_wait_in_server_mode():
    # Given a caseload service with room to spare (about 3 referrals a day, 20 slots of 5 days)
    # When a fifth of the people offered a slot do not attend, rebooked a week later
    kept = servers(dna_rate=0.0)
    missed = servers(dna_rate=0.2, dna_rebook_days=7)

    # Then the list holds the people waiting for their rebooked appointment: a DNA adds a week
    # to the wait, and each person misses 0.2 / 0.8 = 0.25 appointments on average
    assert kept.months[-1].waiting_list < 0.5
    assert missed.months[-1].waiting_list == pytest.approx(3 * 7 * 0.25, rel=0.1)
    assert mean_wait(missed) == pytest.approx(7 * 0.25, rel=0.1)
    assert mean_wait(kept) == pytest.approx(0, abs=0.01)
    # and only people who missed five appointments in a row (0.2 ** 5) wait over 28 days
    assert missed.months[-1].seen_within_28_days_pct == pytest.approx(100 - 100 * 0.2**5, abs=0.01)


def test_the_wait_grows_with_the_dna_rate_and_the_rebooking_delay():
    # Given the same service, when DNAs are more common or rebooked later
    lists = [servers(dna_rate=rate).months[-1].waiting_list for rate in (0.0, 0.1, 0.2, 0.4)]
    later = servers(dna_rate=0.2, dna_rebook_days=14).months[-1].waiting_list

    # Then the list only lengthens
    assert lists == sorted(lists)
    assert lists[0] < lists[-1]
    assert later > lists[2]


def test_a_dna_does_not_take_the_caseload_slot_from_the_next_person():
    # Given a full service with a long list (6 referrals a day for 4 a day of capacity)
    full = {"demand_by_month": 180, "waiting_list": 300}

    # When some people do not attend
    kept = servers(**full, dna_rate=0.0)
    missed = servers(**full, dna_rate=0.3)

    # Then the slot they miss goes to the next person: just as many start each month
    for before, after in zip(kept.months[1:], missed.months[1:], strict=True):
        assert after.first_appointments == pytest.approx(before.first_appointments, rel=0.01)
    assert missed.months[-1].waiting_list == pytest.approx(kept.months[-1].waiting_list, rel=0.01)


def test_people_discharged_after_a_dna_are_never_seen():
    # Given a service with room to spare, where half the people offered a slot do not attend
    # When the first DNA means discharge
    kept = servers(dna_rate=0.5)
    discharged = servers(dna_rate=0.5, discharge_after_dnas=1)

    # Then only half of the referrals start, the rest leave the list, and nobody waits
    assert kept.months[-1].first_appointments == pytest.approx(90, rel=0.05)
    assert discharged.months[-1].first_appointments == pytest.approx(45, rel=0.05)
    assert discharged.months[-1].waiting_list < 0.5


def test_settings_that_make_no_sense_are_refused():
    with pytest.raises(ValueError, match="dna_rebook_days"):
        servers(dna_rate=0.2, dna_rebook_days=-1)
    with pytest.raises(ValueError, match="discharge_after_dnas"):
        servers(dna_rate=0.2, discharge_after_dnas=0)


def caseload_scenario(dna_rate):
    return parse_scenario(
        {
            "horizon_days": 720,
            "warmup_days": 180,
            "seed": 11,
            "services": [
                {
                    "id": "team",
                    "arrivals_per_day": 3,
                    "servers": 20,
                    "service_days": {"dist": "exponential", "mean": 5},
                    "dna_rate": dna_rate,
                    "dna_rebook_days": 7,
                }
            ],
        }
    )


def test_project_scenario_passes_the_dna_rate_of_a_caseload_service():
    # Given the same caseload service with and without DNAs, when projected
    kept = project_scenario(caseload_scenario(0.0), months=12)["team"]
    missed = project_scenario(caseload_scenario(0.2), months=12)["team"]

    # Then the DNAs show in the projection
    assert missed.months[-1].waiting_list > kept.months[-1].waiting_list + 4


def simulated(dna_rate, replications=3):
    runs = [
        simulate_replication(caseload_scenario(dna_rate), rep)["services"][0]
        for rep in range(replications)
    ]
    queue = sum(run["queue_length"]["mean"] for run in runs) / replications
    wait = sum(run["wait_days"]["mean"] for run in runs) / replications
    return queue, wait


def projected(dna_rate):
    # Months 7 to 24, the simulation's observed period after 180 days of warm-up
    months = project_scenario(caseload_scenario(dna_rate), months=24)["team"].months[6:]
    queue = sum(m.waiting_list for m in months) / len(months)
    seen = sum(m.first_appointments for m in months)
    wait = sum(m.mean_wait_seen_days * m.first_appointments for m in months) / seen
    return queue, wait


@pytest.mark.parametrize("dna_rate", [0.0, 0.2, 0.4])
def test_projection_and_simulation_agree_on_a_simple_caseload_service(dna_rate):
    # Given a caseload service at three-quarters load, with DNAs rebooked a week later
    # When it is simulated (3 replications of 540 observed days) and projected
    sim_queue, sim_wait = simulated(dna_rate)
    queue, wait = projected(dna_rate)

    # Then the list and the wait agree within the simulation's noise and its small queueing
    # delay (Erlang C: about 0.2 days, 0.6 people), which a flow model leaves out
    assert queue == pytest.approx(sim_queue, abs=1.5)
    assert wait == pytest.approx(sim_wait, abs=0.5)


@settings(max_examples=40, deadline=None)
@given(
    servers_=st.floats(5, 60),
    demand=st.floats(10, 300),
    dna=st.floats(0, 0.6),
    more=st.floats(0.01, 0.3),
    rebook=st.integers(0, 28),
    waiting=st.integers(0, 300),
)
def test_more_dnas_never_shorten_the_list_nor_speed_up_starts(
    servers_, demand, dna, more, rebook, waiting
):
    # Given any caseload service, when the DNA rate rises
    def run(rate):
        return servers(
            capacity_by_month=servers_,
            demand_by_month=demand,
            dna_rate=rate,
            dna_rebook_days=rebook,
            waiting_list=waiting,
        )

    before, after = run(dna), run(min(dna + more, 0.95))

    # Then the list is never shorter and no more people have started, month by month
    started_before = started_after = 0.0
    for b, a in zip(before.months, after.months, strict=True):
        started_before += b.first_appointments
        started_after += a.first_appointments
        assert a.waiting_list >= b.waiting_list - 1e-6
        assert started_after <= started_before + 1e-6
