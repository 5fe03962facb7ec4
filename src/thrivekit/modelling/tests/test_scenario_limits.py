"""What a scenario may ask for: replications, horizon and warm-up are capped; YAML aliases are
refused; values echoed in messages are cut short (issue 13 items 13 and 14)."""

import copy

import pytest

from thrivekit.modelling.scenario import (
    MAX_HORIZON_DAYS,
    MAX_REPLICATIONS,
    ScenarioError,
    load_scenario_file,
    parse_scenario,
)
from thrivekit.modelling.tests.test_scenario import VALID

# The file from the issue: 457 bytes whose six-level alias chain expanded to a 32 MB page.
ALIAS_BOMB = (
    "name: laughs\n"
    "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 6))
    + "horizon_days: *a5\n"
)


def scenario(**fields):
    return {**copy.deepcopy(VALID), **fields}


def problems(data) -> dict[str, str]:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(data)
    return dict(error.value.problems)


def test_a_yaml_alias_chain_is_refused_with_a_short_message(tmp_path):
    # given the small scenario file from the issue
    path = tmp_path / "laughs.yaml"
    path.write_text(ALIAS_BOMB)
    assert path.stat().st_size < 600
    # when it is read
    with pytest.raises(ScenarioError) as error:
        load_scenario_file(path)
    # then it is refused for its alias, and the message is a line, not megabytes
    assert "alias" in str(error.value)
    assert len(str(error.value)) < 400


def test_a_million_replications_are_refused_naming_the_field_the_limit_and_the_value():
    found = problems(scenario(replications=1_000_000))
    assert found["replications"] == f"must be at most {MAX_REPLICATIONS:,}, not 1,000,000"


def test_a_horizon_of_a_hundred_thousand_years_is_refused():
    found = problems(scenario(horizon_days=36_500_000))
    assert found["horizon_days"] == (
        f"must be at most {MAX_HORIZON_DAYS:,} days (10 years), not 36,500,000"
    )


def test_a_warm_up_longer_than_the_horizon_is_refused():
    found = problems(scenario(horizon_days=180, warmup_days=400))
    assert found["warmup_days"] == "must be at most horizon_days (180), not 400"
    found = problems(scenario(warmup_days=10**9))
    assert found["warmup_days"].startswith(f"must be at most {MAX_HORIZON_DAYS:,} days")


def test_the_limits_themselves_are_accepted():
    model = parse_scenario(
        scenario(
            replications=MAX_REPLICATIONS,
            horizon_days=MAX_HORIZON_DAYS,
            warmup_days=MAX_HORIZON_DAYS,
        )
    )
    assert model.replications == MAX_REPLICATIONS
    assert model.horizon_days == MAX_HORIZON_DAYS


def test_a_long_value_is_cut_to_80_characters_in_the_message():
    # given a wrong value of 100,000 characters and an unknown field with a long name
    data = scenario(start_date="x" * 100_000)
    data["y" * 5000] = 1
    with pytest.raises(ScenarioError) as error:
        parse_scenario(data)
    # then each problem echoes at most 80 characters of what was given
    assert len(str(error.value)) < 400
    found = dict(error.value.problems)
    assert found["start_date"].endswith("…")


def test_thousands_of_problems_are_summarised():
    data = scenario()
    data["services"][1]["arrivals_by_month"] = ["bad"] * 5000
    with pytest.raises(ScenarioError) as error:
        parse_scenario(data)
    assert len(error.value.problems) == 101
    assert error.value.problems[-1] == ("scenario", "and 4,900 more problems")


def test_the_cli_refuses_too_many_replications(tmp_path):
    from thrivekit.modelling.tests.test_cli import app, runner

    path = tmp_path / "s.json"
    path.write_text('{"services": []}')
    result = runner.invoke(app, ["model", "--scenario", str(path), "--reps", "5000"])
    assert result.exit_code != 0
    assert f"--reps must be between 1 and {MAX_REPLICATIONS:,}, not 5,000" in result.output
