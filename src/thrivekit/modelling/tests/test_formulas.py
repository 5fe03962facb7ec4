"""The instant answers against hand-worked figures and properties."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrivekit.modelling import formulas as f


def test_load_is_demand_over_capacity_and_flags_overload():
    # given 30 referrals a week against capacity for 40
    # then the load is 0.75 and not flagged; at 40 against 40 it is flagged
    assert f.queue_load(demand=30, capacity=40) == pytest.approx(0.75)
    assert not f.is_overloaded(0.75)
    assert f.is_overloaded(f.queue_load(demand=40, capacity=40))
    assert f.queue_load(demand=1, capacity=0) == math.inf


def test_little_law_targets_for_an_18_week_standard():
    # given 30 a week and an 18-week standard
    # then aim for a mean wait of 4.5 weeks and at most 135 on the list
    assert f.target_mean_wait(target_wait=18) == pytest.approx(4.5)
    assert f.target_queue_size(demand=30, target_wait=18) == pytest.approx(135)


def test_kingman_target_capacity():
    # 30 + (1 + 1)/2 × 4/18 = 30.2222; with cv_s = 0.5: 30 + 0.625 × 4/18 = 30.1389
    assert f.target_capacity(demand=30, target_wait=18) == pytest.approx(30.2222, abs=1e-4)
    assert f.target_capacity(demand=30, target_wait=18, cv_service=0.5) == pytest.approx(
        30.1389, abs=1e-4
    )


def test_relief_capacity_clears_the_backlog_by_a_date():
    # given 500 waiting, a target list of 135 and 26 weeks to get there
    # then 30 + 365/26 = 44.04 a week, the same whether given in weeks or as dates
    weeks = f.relief_capacity(demand=30, queue_size=500, target_queue_size=135, time_to_target=26)
    by_date = f.relief_capacity_by_date(
        weekly_demand=30,
        queue_size=500,
        target_queue_size=135,
        today=dt.date(2025, 1, 1),
        clear_by=dt.date(2025, 7, 2),
    )
    assert weeks == pytest.approx(44.0385, abs=1e-4)
    assert by_date == pytest.approx(weeks)
    with pytest.raises(ValueError):
        f.relief_capacity_by_date(
            weekly_demand=1,
            queue_size=1,
            target_queue_size=0,
            today=dt.date(2025, 1, 1),
            clear_by=dt.date(2025, 1, 1),
        )


def test_waiting_list_pressure():
    assert f.waiting_list_pressure(mean_wait=6, target_wait=18) == pytest.approx(2 / 3)


def test_dna_and_cancellation_losses_and_slots_needed():
    # 100 slots lose 10% to DNAs and 5% to cancellations; 85 appointments need 100 slots
    assert f.capacity_net_of_losses(slots=100, dna_rate=0.1, cancellation_rate=0.05) == 85
    assert f.slots_needed(appointments=85, dna_rate=0.1, cancellation_rate=0.05) == pytest.approx(
        100
    )
    with pytest.raises(ValueError):
        f.slots_needed(appointments=1, dna_rate=0.6, cancellation_rate=0.4)


def test_dcaq_eighty_percent_rule_and_spc_limits():
    assert f.dcaq_capacity_for_variation([10, 20, 15]) == pytest.approx(18)
    limits = f.spc_limits([10, 12, 11, 13])
    # mean 11.5; mean moving range 5/3; 2.66 × 5/3 = 4.4333
    assert limits.mean == pytest.approx(11.5)
    assert limits.lower == pytest.approx(7.0667, abs=1e-4)
    assert limits.upper == pytest.approx(15.9333, abs=1e-4)


def test_capa_demand_and_capacity_in_clinical_hours():
    # 10 referrals × (2 Choice hours + 60% × 8 Partnership hours × 1.25 co-therapy) = 80
    assert f.capa_demand_hours(
        referrals=10,
        choice_hours=2,
        partnership_share=0.6,
        partnership_hours=8,
        cotherapy_share=0.25,
    ) == pytest.approx(80)
    # 2 FTE × 10 sessions × 80% core × 2 a session × 90% worked = 28.8
    assert f.capa_capacity_hours(
        fte=2, core_work_share=0.8, appointments_per_session=2, share_time_worked=0.9
    ) == pytest.approx(28.8)


def test_erlang_c_by_hand():
    # M/M/1 with load 0.5: P(wait) = 0.5, mean wait = 0.5 / (1 − 0.5) = 1
    assert f.erlang_c(arrival_rate=0.5, mean_service=1, servers=1) == pytest.approx(0.5)
    assert f.mmc_mean_wait(arrival_rate=0.5, mean_service=1, servers=1) == pytest.approx(1)
    # M/M/2 with a = 1: C = 1/3 and mean wait = 1/3
    assert f.erlang_c(arrival_rate=1, mean_service=1, servers=2) == pytest.approx(1 / 3)
    assert f.mmc_mean_wait(arrival_rate=1, mean_service=1, servers=2) == pytest.approx(1 / 3)
    assert f.mmc_mean_wait(arrival_rate=2, mean_service=1, servers=2) == math.inf


def test_erlang_c_is_stable_for_thousands_of_servers():
    # given a CAMHS-sized caseload: 4,000 slots at 90% load
    p = f.erlang_c(arrival_rate=90, mean_service=40, servers=4000)
    assert 0 <= p < 1e-6


@pytest.mark.parametrize(
    "call",
    [
        lambda: f.queue_load(demand=-1, capacity=1),
        lambda: f.target_mean_wait(target_wait=0),
        lambda: f.capacity_net_of_losses(slots=10, dna_rate=1.5),
        lambda: f.erlang_c(arrival_rate=1, mean_service=1, servers=0),
    ],
)
def test_nonsense_inputs_are_refused(call):
    with pytest.raises(ValueError):
        call()


@given(
    demand=st.floats(0, 1e4),
    target=st.floats(0.1, 100),
    cv_a=st.floats(0, 3),
    cv_s=st.floats(0, 3),
)
def test_target_capacity_is_never_below_demand_and_grows_with_variability(
    demand, target, cv_a, cv_s
):
    base = f.target_capacity(demand=demand, target_wait=target, cv_arrival=cv_a, cv_service=cv_s)
    more = f.target_capacity(
        demand=demand, target_wait=target, cv_arrival=cv_a + 0.5, cv_service=cv_s
    )
    assert base >= demand
    assert more > base


@given(rate=st.floats(0.01, 50), mean=st.floats(0.01, 10), servers=st.integers(1, 200))
def test_erlang_c_is_a_probability_that_falls_with_more_servers(rate, mean, servers):
    p = f.erlang_c(arrival_rate=rate, mean_service=mean, servers=servers)
    p_more = f.erlang_c(arrival_rate=rate, mean_service=mean, servers=servers + 1)
    assert 0 <= p <= 1
    assert p_more <= p + 1e-12
