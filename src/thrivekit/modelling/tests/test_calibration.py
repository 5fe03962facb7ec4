"""Calibration from an extract folder, and the back-test on a synthetic extract."""

import datetime as dt
import json

import pytest
import typer
import yaml
from typer.testing import CliRunner

from thrivekit.modelling.backtest import backtest
from thrivekit.modelling.calibration import (
    CalibrationInputs,
    ExtractError,
    ServiceData,
    calibrate,
    parse_date,
    read_extract,
)
from thrivekit.modelling.cli import model_command
from thrivekit.modelling.scenario import parse_scenario, scenario_to_dict
from thrivekit.modelling.tests.synthetic import write_synthetic_extract

AS_OF = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    return write_synthetic_extract(tmp_path_factory.mktemp("extract"), seed=1)


def test_reading_an_extract_recovers_the_known_truth(extract):
    # given three years of a known process, read as if the extract were taken at the end of 2023
    inputs = read_extract(extract, as_of=AS_OF)
    teams = {s.id: s for s in inputs.services}
    advice, core = teams["Getting Advice"], teams["Core CAMHS"]
    # then routing, DNAs, episode shapes and capacity come out near the truth
    moves = inputs.routing["Getting Advice"]
    assert moves["Core CAMHS"] / sum(moves.values()) == pytest.approx(0.2, abs=0.03)
    assert core.dnas / (core.attended + core.dnas) == pytest.approx(0.1, abs=0.02)
    mean = sum(core.appointments_per_episode) / len(core.appointments_per_episode)
    assert mean == pytest.approx(5, abs=0.3)
    assert (
        sorted(core.interval_days)[len(core.interval_days) // 2] == 14
    )  # weekends add a day or two
    assert advice.appointment_slots_per_week == pytest.approx(48, abs=0.1)  # capacity table
    # and nothing after the as-of date is used
    assert max(advice.arrivals_by_month) == "2023-12"
    assert all(w >= 0 for w in core.waiting_days)


def test_calibrate_builds_a_valid_scenario_that_starts_after_the_as_of_date(extract):
    inputs = read_extract(extract, as_of=AS_OF)
    scenario = calibrate(inputs, horizon_days=365)
    assert scenario.start_date == dt.date(2024, 1, 1)
    assert parse_scenario(scenario_to_dict(scenario)) == scenario  # a valid scenario file
    core = scenario.service("Core CAMHS")
    # the forecast for 2024 continues the 15% a year growth (about 1.3 a day by 2024)
    assert sum(core.arrivals_by_month[:12]) == pytest.approx(1.0 * 1.375 * 365, rel=0.15)
    servers = calibrate(inputs, mode="servers").service("Core CAMHS")
    assert servers.mode == "servers" and servers.servers >= servers.initial_caseload


def test_calibration_from_plain_inputs_without_files():
    # given what the activity engine would hand over for one team
    inputs = CalibrationInputs(
        as_of=dt.date(2024, 3, 31),
        services=[
            ServiceData(
                id="Getting Help",
                arrivals_by_month={f"2023-{m:02d}": 20 for m in range(4, 13)}
                | {"2024-01": 20, "2024-02": 20, "2024-03": 20},
                appointments_per_episode=[4, 6, 8],
                interval_days=[14, 21],
                attended=90,
                dnas=10,
                waiting_days=[3, 40, 100],
                caseload=12,
            )
        ],
        routing={"Getting Help": {"exit": 30}},
    )
    scenario = calibrate(inputs)
    team = scenario.service("Getting Help")
    assert team.dna_rate == pytest.approx(0.1)
    assert team.arrivals_by_month[0] == pytest.approx(20)
    assert team.initial_waiting_list == (3, 40, 100)
    # no capacity given: enough slots for demand at 90% use, 20 × 6 × 12/52 ÷ 0.9 ÷ 0.9
    assert team.appointment_slots_per_week == pytest.approx(20 * 6 * 12 / 52 / 0.81, rel=0.01)


def test_dirty_rows_are_skipped_and_british_dates_read(tmp_path):
    (tmp_path / "referrals.csv").write_text(
        "referral_id,referral_date,team,discharge_date\n"
        "R1,01/02/2024,Crisis,\nR2,not a date,Crisis,\nR1,2024-02-01,Crisis,\n"
    )
    (tmp_path / "contacts.csv").write_text(
        "referral_id,contact_date,team,attendance\nR1,2024-02-03,Crisis,5\nR9,2024-02-03,Crisis,5\n"
    )
    inputs = read_extract(tmp_path, as_of=dt.date(2024, 2, 29))
    assert inputs.skipped_rows == 3
    assert inputs.services[0].attended == 1 and inputs.services[0].caseload == 1
    assert parse_date("31/03/2024") == dt.date(2024, 3, 31)
    (tmp_path / "contacts.csv").write_text("referral_id,contact_date\n")
    with pytest.raises(ExtractError, match="team, attendance"):
        read_extract(tmp_path)


def test_backtest_reports_errors_in_median_wait_and_waiting_list(extract):
    # given calibration on 2022–2023 and a simulation of 2024
    report = backtest(extract, as_of=AS_OF, horizon_days=365, replications=4, workers=1)
    rows = {r.id: r for r in report.services}
    core = rows["Core CAMHS"]
    # then the errors are reported, and the model is in the right region for 2024
    assert core.actual_median_wait_days > 30
    assert abs(core.median_wait_error_pct) < 40
    assert abs(report.overall.waiting_list_error_pct) < 40
    assert report.to_dict()["overall"]["id"] == "overall"


def test_model_command_calibrates_from_an_extract(extract, tmp_path):
    app = typer.Typer()
    app.command("model")(model_command)
    app.command("other")(lambda: None)
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "horizon_days": 90,
                "replications": 2,
                "services": [{"id": "Core CAMHS", "appointment_slots_per_week": 90}],
            }
        )
    )
    out = tmp_path / "results.json"
    result = CliRunner().invoke(
        app,
        ["model", "--scenario", str(scenario), "--extract", str(extract), "--json", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert {s["id"] for s in data["services"]} == {
        "Getting Advice",
        "Core CAMHS",
        "Neurodevelopmental",
    }
    missing = CliRunner().invoke(
        app, ["model", "--scenario", str(scenario), "--extract", str(tmp_path)]
    )
    assert missing.exit_code == 2 and "referrals.csv is missing" in missing.output
