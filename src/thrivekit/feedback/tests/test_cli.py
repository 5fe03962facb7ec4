"""The analysts' command: thrivekit feedback themes FILE --text-column C --json OUT."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from thrivekit.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_themes_are_written_as_the_contract_schema(tmp_path):
    # Given the labelled fixture, when an analyst runs the command with a group column
    out = tmp_path / "themes.json"
    result = runner.invoke(
        app,
        [
            "feedback",
            "themes",
            str(FIXTURES / "themes_labelled.csv"),
            "--text-column",
            "text",
            "--group-column",
            "group",
            "--json",
            str(out),
        ],
    )
    # Then it succeeds and the JSON has the themes in the agreed shape
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text("utf-8"))
    assert document["schema"] == "thrivekit.feedback/1"
    for theme in document["themes"]:
        assert set(theme) >= {"id", "label", "keywords", "size", "response_ids", "quotes"}
        assert theme["size"] == len(theme["response_ids"])
    assert sum(theme["size"] for theme in document["themes"]) == 150
    assert set(document["themes"][0]["groups"]) <= {"young person", "parent or carer", "staff"}


def test_quotes_in_the_file_leak_no_names_or_emails(tmp_path):
    source = tmp_path / "survey.csv"
    rows = ["ID,Comment"] + [
        f"{i},My name is Jade Brown and the wait was months. jade{i}@example.com" for i in range(8)
    ]
    source.write_text("\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(
        app, ["feedback", "themes", str(source), "--text-column", "Comment", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "Jade" not in text and "example.com" not in text


def test_an_unknown_text_column_exits_2_and_lists_the_columns(tmp_path):
    result = runner.invoke(
        app,
        [
            "feedback",
            "themes",
            str(FIXTURES / "generic.csv"),
            "--text-column",
            "Feedback",
            "--json",
            str(tmp_path / "x.json"),
        ],
    )
    assert result.exit_code == 2
    assert "'Feedback'" in result.output and "'Comments'" in result.output
    assert not (tmp_path / "x.json").exists()


def test_an_unknown_group_column_exits_2_naming_it(tmp_path):
    result = runner.invoke(
        app,
        [
            "feedback",
            "themes",
            str(FIXTURES / "generic.csv"),
            "--text-column",
            "Comments",
            "--group-column",
            "Who",
            "--json",
            str(tmp_path / "x.json"),
        ],
    )
    assert result.exit_code == 2 and "--group-column 'Who'" in result.output


def test_safeguarding_flags_are_listed_by_id_only(tmp_path):
    source = tmp_path / "survey.csv"
    source.write_text(
        "ID,Comment\n1,The wait was long\n2,I keep thinking about killing myself\n"
        "3,The wait was too long\n4,School counsellor was good\n",
        "utf-8",
    )
    out = tmp_path / "out.json"
    result = runner.invoke(
        app, ["feedback", "themes", str(source), "--text-column", "Comment", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["safeguarding"] == [
        {"response_id": "2", "categories": ["suicide"]}
    ]
