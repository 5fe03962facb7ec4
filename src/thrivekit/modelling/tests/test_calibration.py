"""Calibration on the activity engine's figures, and the back-test contract on a synthetic
extract (`thrivekit synth`, 5,000 referrals over 2022-2024)."""

import dataclasses
import datetime as dt
import json

import pytest
import typer
import yaml
from typer.testing import CliRunner

from thrivekit.activity import analyse_parquet, import_extract, write_extract
from thrivekit.modelling.backtest import MIN_REFERRALS, backtest
from thrivekit.modelling.calibration import (
    CalibrationInputs,
    ExtractError,
    ServiceData,
    calibrate,
    calibration_notes,
    read_extract,
    read_imported,
)
from thrivekit.modelling.cli import model_command
from thrivekit.modelling.runner import run_scenario
from thrivekit.modelling.scenario import parse_scenario, scenario_to_dict

END = dt.date(2024, 12, 31)
KEY = b"calibration-tests-key-32-bytes!!"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A 5,000-referral synthetic extract, as CSV files and imported."""
    folder = tmp_path_factory.mktemp("synth")
    paths = write_extract(folder / "csv", referrals=5000, seed=1, end=END)
    import_extract(
        referrals=paths["referrals"],
        contacts=paths["contacts"],
        capacity=paths["capacity"],
        out_dir=folder / "imported",
        key=KEY,
        as_of=END,
    )
    return folder


@pytest.fixture(scope="module")
def analysis(synthetic):
    """The activity engine's analysis of the whole synthetic extract (as of END)."""
    return analyse_parquet(synthetic / "imported")


def _write(folder, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")


def test_the_starting_list_is_the_waiting_list_the_activity_engine_counts(synthetic, analysis):
    # Given the extract's dashboard figures at its as-of date (analysis)
    # When the current system is calibrated from the same extract
    scenario = calibrate(read_imported(synthetic / "imported"))

    # Then the model starts from exactly the engine's waiting list, overall and by team
    def starting(service):
        return len(service.initial_waiting_list) + len(service.initial_unseen_list)

    assert sum(starting(s) for s in scenario.services) == analysis["waits"]["still_waiting"]
    by_team = {t["team"]: t["waiting_list_now"] for t in analysis["teams"]}
    assert {s.id: starting(s) for s in scenario.services} == by_team
    assert scenario.start_date == END + dt.timedelta(days=1)
    assert parse_scenario(scenario_to_dict(scenario)) == scenario  # a valid scenario file


def test_rejected_referrals_are_not_on_the_waiting_list(tmp_path):
    # Given four referrals to one team: two rejected (by date, by outcome), one waiting, one seen
    _write(
        tmp_path,
        "referrals",
        "referral_id,person_id,referral_date,team,rejection_date,referral_outcome,discharge_date\n"
        "R1,P1,2024-03-01,Crisis,2024-03-03,,\n"
        "R2,P2,2024-03-02,Crisis,,Rejected,\n"
        "R3,P3,2024-03-10,Crisis,,Accepted,\n"
        "R4,P4,2024-03-11,Crisis,,Accepted,\n",
    )
    _write(
        tmp_path,
        "contacts",
        "referral_id,contact_date,team,attendance\nR4,2024-03-12,Crisis,Attended\n",
    )
    # When it is read as at the end of March
    inputs = read_extract(tmp_path, as_of=dt.date(2024, 3, 31))
    crisis = inputs.services[0]
    # Then only R3 is waiting (21 days), and only the two accepted referrals are demand
    assert crisis.waiting_days == [21.0]
    assert crisis.arrivals_by_month == {"2024-03": 2}


def test_records_left_open_for_years_are_not_seen_in_the_first_week(synthetic):
    # Given the current system, where many on the list have waited more than a year
    inputs = read_imported(synthetic / "imported", as_of=dt.date(2023, 12, 31))
    scenario = calibrate(inputs, horizon_days=56, replications=2)
    over_a_year = [a for s in scenario.services for a in s.initial_waiting_list if a > 365]
    left_open = [a for s in scenario.services for a in s.initial_unseen_list if a > 365]
    assert len(left_open) > 100
    # Then nearly all of them stay on the list rather than being offered a slot
    assert len(over_a_year) < 0.1 * len(left_open)
    # and the list a fortnight in is still nearly the size it started at
    results = run_scenario(scenario, workers=1)
    start = sum(len(s.initial_waiting_list) + len(s.initial_unseen_list) for s in scenario.services)
    bands = results["overall"]["queue_length_over_time"]
    fortnight = bands["median"][bands["day"].index(14)]
    assert fortnight > 0.85 * start


def test_capacity_is_inferred_from_first_contacts_and_the_analyst_is_told(synthetic):
    # Given an extract without a capacity table
    inputs = read_imported(synthetic / "imported")
    without = dataclasses.replace(
        inputs,
        services=[dataclasses.replace(s, capacity_table_per_week=None) for s in inputs.services],
        notes=[],
    )
    # When it is calibrated
    notes = calibration_notes(without)
    results = run_scenario(calibrate(without, replications=2), workers=1)
    # Then the analyst is told where capacity came from
    assert "inferred from the first contacts" in notes[0]
    # and no team is flooded or emptied: each sees people about as fast as they are referred
    for service in results["services"]:
        assert service["utilisation"] < 0.97, service["id"]


def test_a_capacity_table_far_from_the_activity_is_reported(tmp_path):
    # Given a team that booked about 4 appointments a month, and a capacity table offering
    # 100 a month (and another team whose table is close to what it booked)
    referrals = ["referral_id,person_id,referral_date,team,discharge_date"]
    contacts = ["referral_id,contact_date,team,attendance"]
    for month in range(1, 13):
        for k, team in enumerate(("Psychology", "Medical") * 2):
            rid = f"R{month}-{k}"
            referrals.append(f"{rid},P{k},2024-{month:02d}-01,{team},2024-{month:02d}-20")
            contacts.append(f"{rid},2024-{month:02d}-0{k + 2},{team},Attended")
            contacts.append(f"{rid},2024-{month:02d}-1{k + 2},{team},DNA")
    _write(tmp_path, "referrals", "\n".join(referrals) + "\n")
    _write(tmp_path, "contacts", "\n".join(contacts) + "\n")
    capacity = ["team,month,appointments_available"]
    for month in range(1, 13):
        capacity += [f"Psychology,2024-{month:02d},100", f"Medical,2024-{month:02d},4"]
    _write(tmp_path, "capacity", "\n".join(capacity) + "\n")
    # When it is calibrated
    notes = calibration_notes(read_extract(tmp_path, as_of=END))
    # Then the disagreement is reported for that team only
    flagged = [n for n in notes if "capacity table" in n]
    assert len(flagged) == 1 and flagged[0].startswith("Psychology")


def test_plain_inputs_calibrate_without_files():
    # Given what the activity engine would hand over for one team
    inputs = CalibrationInputs(
        as_of=dt.date(2024, 3, 31),
        services=[
            ServiceData(
                id="Getting Help",
                arrivals_by_month={f"2023-{m:02d}": 20 for m in range(4, 13)}
                | {"2024-01": 20, "2024-02": 20, "2024-03": 20},
                seen_waits=[10.0, 20.0, 30.0],
                appointments_per_episode=[4, 6, 8],
                interval_days=[14, 21],
                attended=90,
                dnas=10,
                waiting_days=[3, 40],
                first_contacts_last_year=240,
                referrals_last_year=240,
            )
        ],
    )
    team = calibrate(inputs).service("Getting Help")
    # Then the DNA rate, demand and starting list come through, and capacity covers
    # 20 first contacts a month of 6 appointments each (DNAs included), with some to spare
    assert team.dna_rate == pytest.approx(0.1)
    assert team.arrivals_by_month[0] == pytest.approx(20)
    assert sorted(team.initial_waiting_list + team.initial_unseen_list) == [3, 40]
    load = 20 * 12 / 52 * 6 / 0.9
    assert load < team.appointment_slots_per_week < load * 1.5


def _two_years(values: list[float]) -> dict[str, int]:
    months = [(2022 + (3 + k) // 12, (3 + k) % 12 + 1) for k in range(24)]  # Apr 2022 on
    return {f"{y:04d}-{m:02d}": int(v) for (y, m), v in zip(months, values, strict=True)}


def test_a_small_team_s_chance_rise_is_not_carried_a_year_ahead():
    # Given two years of a steady 200 referrals a month to one team, and a small team
    # whose second year (40 referrals) happened to be busier than its first (24)
    small = [1, 3, 2, 0, 4, 2, 1, 3, 2, 2, 1, 3] + [4, 2, 5, 3, 1, 6, 3, 2, 4, 5, 2, 3]
    # and a third team that grows by two referrals every month, year on year
    growing = [100 + 2 * k for k in range(24)]
    inputs = CalibrationInputs(
        as_of=dt.date(2024, 3, 31),
        services=[
            ServiceData(id="Steady", arrivals_by_month=_two_years([200] * 24)),
            ServiceData(id="Small", arrivals_by_month=_two_years(small)),
            ServiceData(id="Growing", arrivals_by_month=_two_years(growing)),
        ],
    )
    # When the next year is forecast
    scenario = calibrate(inputs)
    year = {s.id: sum(s.arrivals_by_month[:12]) for s in scenario.services}
    # Then the small team grows as the whole service does, from its two-year average (32 a
    # year), instead of carrying its own jump on (which would forecast 56)
    assert 28 < year["Small"] < 40
    # while a team whose growth is plain in its own history keeps it (about 170 a month)
    assert year["Growing"] == pytest.approx(12 * (100 + 2 * 29.5), rel=0.05)
    assert year["Steady"] == pytest.approx(2400, rel=0.05)


@pytest.fixture(scope="module")
def report(synthetic):
    """The back-test holding out 2024: calibrated on 2022-2023, 2024 simulated."""
    return backtest(synthetic / "imported", replications=5, workers=1)


def test_backtest_reproduces_the_held_out_year(report):
    # Given calibration on 2022-2023 and a simulation of 2024
    assert report.as_of == dt.date(2023, 12, 31)
    overall = report.overall
    # Then the mean waiting list and median first-contact wait are within 15% overall
    assert abs(overall.waiting_list_error_pct) < 15
    assert abs(overall.median_wait_error_pct) < 15
    judged = report.judged()
    assert len(judged) >= 9 and all(r.referrals >= MIN_REFERRALS for r in judged)
    # and each team with at least 30 referrals in 2024 keeps its waiting list and its
    # median first-contact wait within 25% (the contract, with no allowance for small teams)
    for row in judged:
        assert abs(row.waiting_list_error_pct) < 25, row
        assert abs(row.median_wait_error_pct) < 25, row
    assert report.to_dict()["overall"]["id"] == "overall"


def test_backtest_actuals_are_the_activity_engine_s_own_figures(analysis, report):
    # Given the engine's analysis of the whole extract (as of the end of 2024)
    months = [m["waiting_list"] for m in analysis["monthly"] if m["month"].startswith("2024-")]
    # When the back-test holds out 2024
    # Then its actual mean waiting list is the engine's, month end by month end
    assert report.overall.actual_waiting_list == pytest.approx(sum(months) / 12)
    by_team = {t["team"]: t["waiting_list_now"] for t in analysis["teams"]}
    assert sum(by_team.values()) == months[-1]


def test_model_command_calibrates_from_csv_files_and_says_how(synthetic, tmp_path):
    app = typer.Typer()
    app.command("model")(model_command)
    app.command("other")(lambda: None)
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(yaml.safe_dump({"horizon_days": 60, "replications": 2}))
    out = tmp_path / "results.json"
    result = CliRunner().invoke(
        app,
        ["model", "--scenario", str(scenario), "--extract", str(synthetic / "csv"),
         "--json", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert len(data["services"]) == 15
    assert "inferred from the first contacts" in result.output
    missing = CliRunner().invoke(
        app, ["model", "--scenario", str(scenario), "--extract", str(tmp_path)]
    )
    assert missing.exit_code == 2 and "referrals.csv is missing" in missing.output
    with pytest.raises(ExtractError):
        read_extract(tmp_path)
