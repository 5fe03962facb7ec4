"""Month-by-month projection and demand fitting."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.modelling.projection import fit_demand, project_scenario, project_service
from thrivekit.modelling.scenario import parse_scenario


def test_a_service_with_spare_capacity_sees_everyone_within_four_weeks():
    # given 30 referrals a month, one appointment each and 60 slots a month
    p = project_service(months=12, demand_by_month=30, capacity_by_month=60)
    # then all 30 are seen each month with no list building up
    last = p.months[-1]
    assert last.first_appointments == pytest.approx(30, rel=0.01)
    assert last.waiting_list < 1
    assert last.seen_within_28_days_pct == 100
    assert p.months[0].month == "month 1"


def test_a_backlog_clears_in_the_month_the_surplus_works_through_it():
    # given 200 people who have waited 150 days (over an 18-week standard) and 50 spare a month
    p = project_service(
        months=12,
        demand_by_month=50,
        capacity_by_month=100,
        waiting_list=[150.0] * 200,
        start=(2025, 1),
    )
    # then the oldest are seen first (100 a month) and the backlog is gone in month 2
    assert p.months[0].waiting_over_target == pytest.approx(100, abs=2)
    assert p.backlog_clears == "2025-02"
    assert p.months[0].seen_within_126_days_pct == 0  # everyone seen in January waited 150+


def test_a_backlog_never_clears_when_capacity_is_short():
    # given demand well above capacity: old waiters are seen, but new ones pass the target
    p = project_service(
        months=24, demand_by_month=100, capacity_by_month=60, waiting_list=[200.0] * 10
    )
    assert p.backlog_clears == "never"
    assert p.months[-1].waiting_list > p.months[0].waiting_list


def test_a_capacity_plan_changes_by_month_and_follow_ups_use_slots():
    # given episodes of 5 appointments a fortnight apart and capacity raised from month 4
    p = project_service(
        months=8,
        demand_by_month=40,
        capacity_by_month={1: 150, 4: 260},
        appointments_per_episode=5,
        interval_days=14,
        dna_rate=0.1,
    )
    assert [m.capacity for m in p.months[:5]] == [150, 150, 150, 260, 260]
    # 40 episodes × 5 appointments ÷ 0.9 ≈ 222 slots a month are needed: short before month 4
    assert p.months[2].waiting_list > 5 > p.months[0].waiting_list
    assert p.months[-1].waiting_list < 1
    assert p.months[-1].follow_ups > p.months[-1].first_appointments


@settings(max_examples=30, deadline=None)
@given(
    capacity=st.floats(10, 200),
    extra=st.floats(1, 100),
    dna=st.floats(0, 0.5),
    waiting=st.integers(0, 500),
)
def test_more_capacity_never_lengthens_the_waiting_list(capacity, extra, dna, waiting):
    def final(cap):
        return (
            project_service(
                months=12,
                demand_by_month=60,
                capacity_by_month=cap,
                appointments_per_episode=3,
                interval_days=21,
                dna_rate=dna,
                waiting_list=waiting,
            )
            .months[-1]
            .waiting_list
        )

    assert final(capacity + extra) <= final(capacity) + 1e-6


def test_fit_demand_recovers_trend_and_august_dip():
    # given three years of 100 + 2 a month, with August 30% low
    history = [(100 + 2 * i) * (0.7 if i % 12 == 7 else 1.0) for i in range(36)]
    fit = fit_demand(history, first_month=(2022, 1))
    forecast = fit.forecast((2025, 1), 12)
    # then next year continues the trend with the August dip
    assert forecast[0] == pytest.approx(172, rel=0.05)
    assert forecast[7] < 0.8 * forecast[6]
    assert fit_demand([5.0], first_month=(2024, 1)).forecast((2024, 2), 2) == [5.0, 5.0]


def test_a_flat_year_with_an_august_dip_early_in_it_is_forecast_flat():
    # Given two years from April of a steady 100 a month, with August at 55
    history = [55.0 if (3 + i) % 12 == 7 else 100.0 for i in range(24)]
    # When next year is forecast
    forecast = fit_demand(history, first_month=(2022, 4)).forecast((2024, 4), 12)
    # Then it stays at 100 (and August at 55): a straight line through the months would
    # tilt up, as the dip falls early in each year
    assert forecast[0] == pytest.approx(100, rel=0.01)
    assert forecast[4] == pytest.approx(55, rel=0.01)


def test_project_scenario_projects_every_service_with_routed_demand():
    scenario = parse_scenario(
        {
            "start_date": "2025-04-01",
            "services": [
                {
                    "id": "advice",
                    "arrivals_per_day": 2,
                    "servers": 20,
                    "service_days": 5,
                    "routing": {"help": 0.5, "exit": 0.5},
                },
                {
                    "id": "help",
                    "appointment_slots_per_week": 40,
                    "appointments_per_episode": 4,
                    "interval_days": 14,
                },
            ],
        }
    )
    out = project_scenario(scenario, months=12)
    assert set(out) == {"advice", "help"}
    assert out["help"].months[0].month == "2025-04"
    # help gets half of advice's 2 a day: about 30 a month
    assert out["help"].months[0].demand == pytest.approx(30, rel=0.02)
