"""The simulation engine: hand-checkable runs, behaviour users rely on, and Erlang C."""

import subprocess
import sys
from dataclasses import replace

import pytest

from thrivekit.modelling.engine import simulate_replication
from thrivekit.modelling.formulas import mmc_mean_wait
from thrivekit.modelling.runner import run_replications, run_scenario
from thrivekit.modelling.scenario import MAX_HORIZON_DAYS, parse_scenario


def one_service(**fields):
    horizon = fields.pop("horizon_days", 365)
    warmup = fields.pop("warmup_days", 0)
    seed = fields.pop("seed", 1)
    scenario = parse_scenario(
        {
            "horizon_days": min(horizon, MAX_HORIZON_DAYS),
            "warmup_days": warmup,
            "seed": seed,
            "services": [{"id": "team", **fields}],
        }
    )
    # Checks against formulas run longer than a user may ask for: the engine has no cap.
    return replace(scenario, horizon_days=float(horizon))


def test_a_fixed_length_server_works_through_its_waiting_list_in_order():
    # given 3 people waiting, one slot and episodes of exactly 10 days
    scenario = one_service(servers=1, service_days=10, initial_waiting_list=3, horizon_days=40)
    # when simulated
    team = simulate_replication(scenario, 0)["services"][0]
    # then they wait 0, 10 and 20 days and the slot is busy 30 of 40 days
    assert team["wait_days"]["mean"] == pytest.approx(10)
    assert team["wait_days"]["median"] == pytest.approx(10)
    assert team["throughput"] == 3
    assert team["utilisation"] == pytest.approx(30 / 40)
    # the list starts at 3 and is empty after day 20: (2×10 + 1×10) waiting-days over 40 days
    assert team["queue_length"]["mean"] == pytest.approx(30 / 40)


def test_time_already_waited_counts_towards_the_wait():
    # given someone who has already waited 100 days when the run starts
    scenario = one_service(servers=1, service_days=5, initial_waiting_list=[100], horizon_days=30)
    team = simulate_replication(scenario, 0)["services"][0]
    assert team["wait_days"]["mean"] == pytest.approx(100)


def test_an_appointment_slot_episode_runs_on_working_days_at_its_intervals():
    # given one person waiting, one slot each working day, 3 appointments a week apart
    scenario = one_service(
        appointment_slots_per_week=5,
        appointments_per_episode=3,
        interval_days=7,
        initial_waiting_list=1,
        horizon_days=30,
    )
    team = simulate_replication(scenario, 0)["services"][0]
    # then they are seen at the first clinic (midday on day 0) and finish after three visits
    assert team["wait_days"]["mean"] == pytest.approx(0.5)
    assert team["throughput"] == 1
    # 3 of the slots offered in 30 days (22 working days) were used
    assert team["utilisation"] == pytest.approx(3 / 22)


def test_dnas_use_slots_and_lengthen_waits():
    base = dict(
        arrivals_per_day=2,
        appointment_slots_per_week=20,
        appointments_per_episode=3,
        interval_days=14,
        horizon_days=720,
        warmup_days=180,
    )
    # given the same service with and without DNAs
    kept = simulate_replication(one_service(**base, dna_rate=0.0), 0)["services"][0]
    missed = simulate_replication(one_service(**base, dna_rate=0.3), 0)["services"][0]
    # then DNAs leave fewer episodes finished and a longer wait
    assert missed["throughput"] < kept["throughput"]
    assert missed["wait_days"]["mean"] > kept["wait_days"]["mean"]


def test_discharge_after_dnas_removes_people_who_do_not_attend():
    common = dict(arrivals_per_day=1, servers=50, service_days=10, dna_rate=0.5)
    kept = simulate_replication(one_service(**common), 0)
    discharged = simulate_replication(one_service(**common, discharge_after_dnas=1), 0)
    # about half are discharged at their first DNA instead of being seen
    ratio = discharged["services"][0]["throughput"] / kept["services"][0]["throughput"]
    assert 0.4 < ratio < 0.6


def test_urgent_patients_are_seen_before_routine_ones():
    scenario = one_service(
        arrivals_per_day=0.9,
        servers=1,
        service_days={"dist": "exponential", "mean": 1},
        urgent_share=0.2,
        horizon_days=3000,
    )
    team = simulate_replication(scenario, 0)["services"][0]
    assert team["urgent_wait_days"] < team["routine_wait_days"] / 3
    fifo = one_service(
        arrivals_per_day=0.9,
        servers=1,
        service_days={"dist": "exponential", "mean": 1},
        urgent_share=0.2,
        queue_rule="fifo",
        horizon_days=3000,
    )
    team = simulate_replication(fifo, 0)["services"][0]
    assert team["urgent_wait_days"] == pytest.approx(team["routine_wait_days"], rel=0.25)


def test_longest_waiter_first_sees_people_who_waited_elsewhere_sooner():
    def run(rule):
        scenario = parse_scenario(
            {
                "horizon_days": 2000,
                "warmup_days": 200,
                "seed": 2,
                "services": [
                    {
                        "id": "a",
                        "arrivals_per_day": 0.5,
                        "servers": 1,
                        "service_days": {"dist": "exponential", "mean": 1.8},
                        "routing": {"b": 1.0},
                    },
                    {
                        "id": "b",
                        "arrivals_per_day": 0.4,
                        "servers": 1,
                        "service_days": {"dist": "exponential", "mean": 1.0},
                        "queue_rule": rule,
                    },
                ],
            }
        )
        return simulate_replication(scenario, 0)["services"][1]["wait_days"]

    fifo, longest = run("fifo"), run("longest_waiter_first")
    # then people referred on from a jump the queue at b: more quick waits, a longer tail
    assert longest["median"] < 0.85 * fifo["median"]
    assert longest["p90"] > 1.1 * fifo["p90"]


def test_arrivals_follow_the_monthly_profile():
    # given no referrals in the first month and 61 a month after
    scenario = one_service(arrivals_by_month=[0, 61], servers=100, service_days=1, horizon_days=365)
    team = simulate_replication(scenario, 0)["services"][0]
    months = 12
    assert team["throughput"] == pytest.approx(months / 2 * 61, rel=0.1)


def test_warmup_days_are_left_out_of_the_figures():
    # given a backlog that clears in the warm-up
    scenario = one_service(
        servers=1, service_days=1, initial_waiting_list=50, warmup_days=100, horizon_days=100
    )
    team = simulate_replication(scenario, 0)["services"][0]
    assert team["throughput"] == 0 and team["queue_length"]["mean"] == 0


def test_same_seed_same_results_whatever_the_number_of_processes():
    scenario = one_service(
        arrivals_per_day=3,
        servers=4,
        service_days={"dist": "lognormal", "mean": 1.2, "sd": 1},
        dna_rate=0.1,
        horizon_days=200,
    )
    in_process = run_replications(scenario, replications=3, workers=1)
    pooled = run_replications(scenario, replications=3, workers=2)
    assert in_process == pooled
    other_seed = parse_scenario({**_as_dict(scenario), "seed": 2})
    assert run_replications(other_seed, replications=1, workers=1)[0] != in_process[0]


def _as_dict(scenario):
    from thrivekit.modelling.scenario import scenario_to_dict

    return scenario_to_dict(scenario)


def test_results_json_has_the_contracted_shape():
    scenario = one_service(arrivals_per_day=1, servers=2, service_days=1.5, horizon_days=60)
    out = run_scenario(scenario, replications=3, workers=1)
    assert out["schema"] == "thrivekit.model/1"
    for part in (out["services"][0], out["overall"]):
        for key in ("mean", "median", "p90"):
            low, high = part["wait_days"][f"{key}_ci95"]
            assert low <= part["wait_days"][key] <= high
        assert len(part["within_28_days_pct_ci95"]) == 2
        assert set(part["queue_length"]) >= {"mean", "mean_ci95", "p90", "p90_ci95"}
        assert "throughput_ci95" in part
    assert out["services"][0]["id"] == "team"
    assert 0 < out["services"][0]["utilisation"] < 1
    assert "utilisation_ci95" in out["services"][0]


def test_mmc_mean_wait_matches_erlang_c_within_five_percent():
    # given an M/M/3 service at 70% load, 8 long replications over two processes
    rate, mean, servers = 2.1, 1.0, 3
    scenario = one_service(
        arrivals_per_day=rate,
        servers=servers,
        service_days={"dist": "exponential", "mean": mean},
        horizon_days=40_000,
        warmup_days=100,
        seed=5,
    )
    results = run_replications(scenario, replications=8, workers=2)
    # then the mean wait is within 5% of the Erlang C formula
    simulated = sum(r["services"][0]["wait_days"]["mean"] for r in results) / len(results)
    exact = mmc_mean_wait(arrival_rate=rate, mean_service=mean, servers=servers)
    assert simulated == pytest.approx(exact, rel=0.05)
    utilisation = sum(r["services"][0]["utilisation"] for r in results) / len(results)
    assert utilisation == pytest.approx(0.7, rel=0.02)


def test_the_package_never_imports_django():
    code = (
        "import sys, thrivekit.modelling, thrivekit.modelling.cli, thrivekit.modelling.runner;"
        "assert not any(m.startswith('django') for m in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
