"""Scenario files: valid ones load, invalid ones are refused naming the field."""

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.modelling.scenario import (
    ScenarioError,
    load_scenario_file,
    merge_scenario,
    parse_scenario,
    scenario_to_dict,
)

VALID = {
    "horizon_days": 180,
    "warmup_days": 30,
    "replications": 4,
    "seed": 9,
    "services": [
        {
            "id": "advice",
            "arrivals_per_day": 5,
            "servers": 20,
            "service_days": {"dist": "exponential", "mean": 3},
            "routing": {"core": 0.25, "exit": 0.75},
        },
        {
            "id": "core",
            "arrivals_by_month": [30, 40, 20],
            "appointment_slots_per_week": 60,
            "appointments_per_episode": {"dist": "empirical", "values": [1, 4, 6, 8]},
            "interval_days": {"dist": "lognormal", "mean": 14, "sd": 5},
            "dna_rate": 0.1,
        },
    ],
}


def problems(data):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    return dict(caught.value.problems)


def with_service(index, **changes):
    data = json.loads(json.dumps(VALID))
    data["services"][index].update(changes)
    return data


def test_a_valid_scenario_loads_with_its_values_and_defaults():
    scenario = parse_scenario(VALID)
    assert scenario.horizon_days == 180 and scenario.replications == 4
    advice, core = scenario.services
    assert advice.mode == "servers" and core.mode == "slots"
    assert core.routing == {"exit": 1.0}  # no routing means everyone leaves
    assert core.queue_rule == "urgent_first"
    assert core.arrival_rate(1) == pytest.approx(40 / (365.25 / 12))


def test_routing_that_does_not_sum_to_one_is_refused_naming_the_field():
    found = problems(with_service(0, routing={"core": 0.3, "exit": 0.6}))
    assert "probabilities sum to 0.9, not 1" in found["services[0] ('advice').routing"]


def test_unknown_service_ids_are_refused_naming_the_field():
    found = problems(with_service(0, routing={"getting-help": 0.3, "exit": 0.7}))
    assert (
        "unknown service id 'getting-help'" in found["services[0] ('advice').routing.getting-help"]
    )


def test_a_wrong_sum_is_reported_even_beside_an_unknown_id():
    # given routing with a misspelt id whose probabilities also do not add up
    found = problems(with_service(0, routing={"coer": 0.3, "exit": 0.6}))
    # then both problems are named
    assert "unknown service id 'coer'" in found["services[0] ('advice').routing.coer"]
    assert "probabilities sum to 0.9, not 1" in found["services[0] ('advice').routing"]
    found = problems(with_service(0, routing={"core": None, "exit": 1}))
    assert "probability" in found["services[0] ('advice').routing.core"]


def test_negative_rates_are_refused_naming_the_field():
    found = problems(with_service(0, arrivals_per_day=-2, dna_rate=1.5))
    assert "at least 0" in found["services[0] ('advice').arrivals_per_day"]
    assert "below 1" in found["services[0] ('advice').dna_rate"]
    found = problems(with_service(1, arrivals_by_month=[3, -1]))
    assert "services[1] ('core').arrivals_by_month[1]" in found


def test_routing_with_no_way_out_is_refused():
    data = with_service(1, routing={"advice": 1.0})
    data["services"][0]["routing"] = {"core": 1.0}
    found = problems(data)
    assert "no path to 'exit'" in found["services[0] ('advice').routing"]
    assert "services[1] ('core').routing" in found


def test_every_problem_is_reported_at_once():
    data = with_service(1, appointment_slots_per_week=None, queue_rule="random")
    data["horizon_days"] = 0
    data["colour"] = "blue"
    found = problems(data)
    assert {"horizon_days", "colour", "services[1] ('core').servers"} <= set(found)
    assert "services[1] ('core').queue_rule" in found


@pytest.mark.parametrize(
    ("service_days", "field"),
    [
        ({"dist": "gamma", "mean": 3}, "service_days.dist"),
        ({"dist": "lognormal", "mean": 3}, "service_days.sd"),
        ({"dist": "empirical", "values": []}, "service_days.values"),
        ({"dist": "exponential", "mean": -3}, "service_days.mean"),
        ({"dist": "empirical", "values": [0, 0]}, "service_days.values"),
    ],
)
def test_bad_distributions_name_their_field(service_days, field):
    found = problems(with_service(0, service_days=service_days))
    assert f"services[0] ('advice').{field}" in found


def test_duplicate_ids_and_missing_services_are_refused():
    data = json.loads(json.dumps(VALID))
    data["services"][1]["id"] = "advice"
    assert "services[1].id" in problems(data)
    assert "services" in problems({"horizon_days": 10})


def test_yaml_and_json_files_give_the_same_scenario(tmp_path):
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(VALID))
    (tmp_path / "s.json").write_text(json.dumps(VALID))
    from_yaml = parse_scenario(load_scenario_file(tmp_path / "s.yaml"))
    from_json = parse_scenario(load_scenario_file(tmp_path / "s.json"))
    assert from_yaml == from_json
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ScenarioError, match="not valid JSON"):
        load_scenario_file(tmp_path / "bad.json")


def test_merging_fills_only_what_the_user_left_out():
    calibrated = scenario_to_dict(parse_scenario(VALID))
    given_ = {"replications": 2, "services": [{"id": "core", "appointment_slots_per_week": 90}]}
    merged = parse_scenario(merge_scenario(given_, calibrated))
    assert merged.replications == 2 and merged.horizon_days == 180
    assert merged.service("core").appointment_slots_per_week == 90
    assert merged.service("core").dna_rate == pytest.approx(0.1)  # from the calibration
    # switching a calibrated slot service to servers drops the slot fields
    given_ = {"services": [{"id": "core", "servers": 5, "service_days": 30}]}
    assert parse_scenario(merge_scenario(given_, calibrated)).service("core").mode == "servers"


@settings(max_examples=40, deadline=None)
@given(
    rate=st.floats(0, 100),
    servers=st.integers(1, 500),
    mean=st.floats(0.1, 400),
    dna=st.floats(0, 0.99),
    share=st.floats(0, 1),
)
def test_a_scenario_written_out_reads_back_the_same(rate, servers, mean, dna, share):
    data = {
        "services": [
            {
                "id": "a",
                "arrivals_per_day": rate,
                "servers": servers,
                "service_days": {"dist": "lognormal", "mean": mean, "sd": mean / 2},
                "dna_rate": dna,
                "routing": {"b": share, "exit": 1 - share},
            },
            {"id": "b", "appointment_slots_per_week": 10, "appointments_per_episode": 1},
        ]
    }
    scenario = parse_scenario(data)
    assert parse_scenario(scenario_to_dict(scenario)) == scenario
