"""The CLI commands, registered on a local Typer app the way the main app registers them."""

import json

import pyarrow.csv as pacsv
import pytest
import typer
from typer.testing import CliRunner

from thrivekit.activity.cli import analyse_command, synth_command
from thrivekit.activity.synth import synthesise

app = typer.Typer()
app.command("analyse")(analyse_command)
app.command("synth")(synth_command)
runner = CliRunner()


def test_analyse_writes_json_and_html(extract, tmp_path):
    # When an analyst runs analyse on the extract
    result = runner.invoke(
        app,
        [
            "analyse", "--referrals", str(extract["referrals"]),
            "--contacts", str(extract["contacts"]), "--capacity", str(extract["capacity"]),
            "--as-of", "2024-03-31", "--json", str(tmp_path / "a.json"),
            "--html", str(tmp_path / "a.html"),
        ],
    )  # fmt: skip
    # Then the JSON document and a self-contained HTML summary are written
    assert result.exit_code == 0, result.output
    analysis = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert analysis["schema"] == "thrivekit.analysis/1"
    assert analysis["contacts"]["dna_rate"] == 0.4286
    html = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "<table>" in html and "Getting More Help" in html and "http" not in html


def test_missing_required_column_exits_2_with_a_clear_message(tmp_path):
    # Given contacts without a contact date column
    (tmp_path / "r.csv").write_text("referral_id,person_id,referral_date\nA,1,2024-01-01\n")
    (tmp_path / "c.csv").write_text("referral_id,when\nA,2024-01-02\n")
    result = runner.invoke(
        app, ["analyse", "--referrals", str(tmp_path / "r.csv"), "--contacts",
              str(tmp_path / "c.csv")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "contact_date" in result.output and "mapping" in result.output


def test_keeping_parquet_needs_the_site_key(extract, tmp_path, monkeypatch):
    monkeypatch.delenv("THRIVEKIT_PSEUDONYM_KEY", raising=False)
    result = runner.invoke(
        app, ["analyse", "--referrals", str(extract["referrals"]), "--contacts",
              str(extract["contacts"]), "--parquet", str(tmp_path / "kept")],
    )  # fmt: skip
    assert result.exit_code == 2 and "key" in result.output
    assert not (tmp_path / "kept").exists()


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "postgres", "tsql"])
def test_sql_export_for_every_dialect(dialect):
    result = runner.invoke(app, ["analyse", "--sql", dialect, "--as-of", "2024-03-31"])
    assert result.exit_code == 0, result.output
    assert result.output.count("-- measure: ") == 18  # every measure, capacity included
    assert "not expressible" not in result.output
    assert ("[referrals]" in result.output) == (dialect == "tsql")


def test_unknown_sql_dialect_exits_2():
    result = runner.invoke(app, ["analyse", "--sql", "oracle"])
    assert result.exit_code == 2 and "tsql" in result.output


def test_synth_is_deterministic_by_seed(tmp_path):
    # Given the same seed twice, then the same files; another seed, other files
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        result = runner.invoke(
            app, ["synth", "--referrals", "300", "--seed", seed, str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    read = lambda d: (tmp_path / d / "contacts.csv").read_bytes()  # noqa: E731
    assert read("a") == read("b") != read("c")


def test_synthetic_extract_has_dirty_rows_of_every_kind(tmp_path):
    # Given a synthetic extract, when it is analysed, then every rule catches something
    runner.invoke(app, ["synth", "--referrals", "2000", "--seed", "3", str(tmp_path / "x")])
    result = runner.invoke(
        app,
        ["analyse", "--referrals", str(tmp_path / "x" / "referrals.csv"), "--contacts",
         str(tmp_path / "x" / "contacts.csv"), "--capacity", str(tmp_path / "x" / "capacity.csv"),
         "--as-of", "2024-12-31", "--json", str(tmp_path / "a.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    analysis = json.loads((tmp_path / "a.json").read_text())
    assert all(r["count"] > 0 for r in analysis["validation"]["rejected"]
               if r["table"] != "capacity")  # fmt: skip
    assert len(analysis["teams"]) == 15 and analysis["team_flows"]
    assert analysis["referrals"]["rejected"] > 0 and analysis["waits"]["still_waiting"] > 0
    mix = {g["grouping"]: g["referrals_pct"] for g in analysis["grouping_mix"]}
    assert mix["Getting Help"] > mix["Getting Advice and Signposting"] > mix["Getting More Help"]


def test_synthesise_in_memory_sizes():
    refs, contacts, capacity = synthesise(referrals=1000, seed=1, contacts_per_referral=10)
    assert 1000 < refs.num_rows < 1100  # plus a few dirty rows
    assert 6000 < contacts.num_rows < 14000
    assert pacsv is not None and capacity.num_rows == 15 * 24
