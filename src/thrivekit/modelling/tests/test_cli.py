"""`thrivekit model` through Typer's test runner, on an app registered like the main one."""

import json

import pytest
import typer
import yaml
from typer.testing import CliRunner

from thrivekit.modelling.cli import model_command

app = typer.Typer()
app.command("model")(model_command)
app.command("other")(lambda: None)  # two commands, so "model" is a subcommand as in thrivekit
runner = CliRunner()

SCENARIO = {
    "horizon_days": 120,
    "replications": 2,
    "seed": 4,
    "services": [
        {
            "id": "getting-advice",
            "arrivals_per_day": 3,
            "servers": 10,
            "service_days": {"dist": "exponential", "mean": 2},
            "routing": {"getting-help": 0.3, "exit": 0.7},
        },
        {
            "id": "getting-help",
            "appointment_slots_per_week": 30,
            "appointments_per_episode": 4,
            "interval_days": 14,
            "dna_rate": 0.1,
        },
    ],
}


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    return path


def test_model_writes_the_results_json(scenario_file, tmp_path):
    out = tmp_path / "results.json"
    result = runner.invoke(
        app, ["model", "--scenario", str(scenario_file), "--reps", "3", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schema"] == "thrivekit.model/1"
    assert data["replications"] == 3  # --reps overrides the scenario
    assert [s["id"] for s in data["services"]] == ["getting-advice", "getting-help"]
    assert "Overall" in result.output  # the summary table


def test_model_prints_json_to_stdout_without_json_option(scenario_file):
    result = runner.invoke(app, ["model", "--scenario", str(scenario_file)])
    assert result.exit_code == 0
    start = result.stdout.index("{")
    data = json.loads(result.stdout[start : result.stdout.rindex("}") + 1])
    assert data["overall"]["wait_days"]["mean_ci95"] is not None


def test_an_invalid_scenario_exits_2_naming_the_field(tmp_path):
    bad = json.loads(json.dumps(SCENARIO))
    bad["services"][0]["routing"] = {"getting-help": 0.5, "exit": 0.2}
    bad["services"][1]["dna_rate"] = -0.1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    result = runner.invoke(app, ["model", "--scenario", str(path)])
    assert result.exit_code == 2
    assert "services[0] ('getting-advice').routing" in result.output
    assert "sum to 0.7" in result.output
    assert "services[1] ('getting-help').dna_rate" in result.output


def test_missing_file_and_bad_reps_exit_2(scenario_file, tmp_path):
    assert runner.invoke(app, ["model", "--scenario", str(tmp_path / "no.yaml")]).exit_code == 2
    result = runner.invoke(app, ["model", "--scenario", str(scenario_file), "--reps", "0"])
    assert result.exit_code == 2
    assert runner.invoke(app, ["model"]).exit_code == 2  # --scenario is required


def test_an_overloaded_service_is_flagged(tmp_path):
    heavy = json.loads(json.dumps(SCENARIO))
    heavy["services"][1]["appointment_slots_per_week"] = 5
    path = tmp_path / "heavy.json"
    path.write_text(json.dumps(heavy))
    result = runner.invoke(app, ["model", "--scenario", str(path), "--reps", "1"])
    assert result.exit_code == 0
    assert "getting-help has a load of" in result.output
