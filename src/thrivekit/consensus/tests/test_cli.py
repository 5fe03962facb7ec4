"""`thrivekit consensus FILE`: output, JSON, file formats, and every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from thrivekit.consensus.cli import consensus_command

app = typer.Typer()


@app.callback()
def main() -> None:
    """Stand-in for the main thrivekit app, so `consensus` is a subcommand as it will be."""


app.command("consensus")(consensus_command)
runner = CliRunner()

CYCLE_CSV = """table,rank,item
T1,1,A
T1,2,C
T1,3,D
T2,1,A
T2,2,C
T2,3,D
T3,1,B
T3,2,A
T3,3,C
T4,1,B
T4,2,A
T4,3,C
T5,1,B
T5,2,A
T5,3,D
T6,1,C
T6,2,B
T6,3,A
T7,1,C
T7,2,D
T7,3,B
"""


def write(tmp_path: Path, text: str, name: str = "ballots.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "ballots.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def run(*args: str):
    return runner.invoke(app, ["consensus", *args])


def test_prints_a_readable_table(tmp_path):
    # Given the ballots of a small workshop
    path = write(tmp_path, CYCLE_CSV)

    # When the command runs without --json
    result = run(str(path))

    # Then it succeeds and shows the order, the top five, agreement and the flagged check
    assert result.exit_code == 0, result.output
    assert "Consensus (borda)" in result.stdout
    assert "Top 5: A, B, C, D" in result.stdout
    assert "Kendall's W" in result.stdout
    assert "Check schulze: differs" in result.stdout


def test_item_ids_are_shown_literally_not_as_markup(tmp_path):
    # Given an item id that looks like Rich markup
    path = write(tmp_path, "table,rank,item\nT1,1,[bold]odd\nT1,2,plain\n")

    # When printed, then the id appears as typed
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert "[bold]odd" in result.stdout


def test_json_to_stdout(tmp_path):
    # Given the cycle ballots, when JSON is asked for on stdout
    result = run(str(write(tmp_path, CYCLE_CSV)), "--json", "-")

    # Then stdout is exactly the JSON document
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "thrivekit.consensus/1"
    assert data["method"] == "borda"
    assert data["top"] == ["A", "B", "C", "D"]
    assert data["items"][0] == {
        "item": "A",
        "points": 13,
        "rank": 1,
        "tables": 6,
        "first_places": 2,
        "mean_position": pytest.approx(11 / 6),
    }
    assert data["checks"]["schulze"]["differs"] is True
    assert data["checks"]["schulze"]["top"] == ["B", "A", "C", "D"]
    assert data["agreement"]["tables"] == 7


def test_json_to_a_file_and_another_method(tmp_path):
    # Given the cycle ballots, when Schulze orders them and JSON goes to a file
    out = tmp_path / "result.json"
    result = run(str(write(tmp_path, CYCLE_CSV)), "--method", "schulze", "--json", str(out))

    # Then the file holds the Schulze order with Borda and Copeland as checks
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["method"] == "schulze"
    assert data["top"][0] == "B"
    assert set(data["checks"]) == {"borda", "copeland"}
    assert data["checks"]["borda"]["differs"] is True


def test_csv_with_bom_messy_header_extra_columns_and_blank_lines(tmp_path):
    # Given a CSV saved by Excel: BOM, headers in another case with spaces, an extra column,
    # blank lines, and columns in another order
    text = " Item ,TABLE, Rank ,note\n\nb,T1,2,x\na,T1,1,\n\n,,,\n,,,notes only\nc,T2,1,y\n"
    path = write(tmp_path, text, encoding="utf-8-sig")

    # When read
    result = run(str(path), "--json", "-")

    # Then it is understood
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["top"] == ["a", "c", "b"]


def test_xlsx_input(tmp_path):
    # Given an Excel workbook with numeric table names and ranks
    path = write_xlsx(
        tmp_path, [["Table", "Rank", "Item"], [1, 1, "a"], [1, 2, "b"], [2, 1, "b"], [2, 2, "a"]]
    )

    # When read
    result = run(str(path), "--json", "-")

    # Then the tie between a and b is reported
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ties"] == [["a", "b"]]
    assert [item["rank"] for item in data["items"]] == [1, 1]


def test_xlsx_bad_row_names_the_sheet_row(tmp_path):
    # Given a workbook with a duplicate rank on spreadsheet row 4 (after a blank row 3)
    path = write_xlsx(tmp_path, [["table", "rank", "item"], ["T1", 1, "a"], [], ["T1", 1, "b"]])

    # When read, then the error names the table and the row Excel shows
    result = run(str(path))
    assert result.exit_code == 2
    assert "Table 'T1', row 4: rank 1 is used twice" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("table,rank,item\nT1,1,a\nT1,1,b\n", "Table 'T1', row 3: rank 1 is used twice"),
        ("table,rank,item\nT1,1,a\nT2,1,a\nT1,2,a\n", "Table 'T1', row 4: item 'a' appears twice"),
        ("table,rank,item\nT1,0,a\n", "Table 'T1', row 2: rank '0' is not a positive whole"),
        ("table,rank,item\nT1,-2,a\n", "Table 'T1', row 2: rank '-2' is not a positive whole"),
        ("table,rank,item\nT1,2.5,a\n", "Table 'T1', row 2: rank '2.5' is not a positive whole"),
        ("table,rank,item\nT1,one,a\n", "Table 'T1', row 2: rank 'one' is not a positive whole"),
        ("table,rank,item\nT1,,a\n", "Table 'T1', row 2: the rank of item 'a' is missing"),
        ("table,rank,item\nT1,1\n", "Table 'T1', row 2: the item is missing"),
        ("table,rank,item\n\nT9,1,a\n\nT9,1,b\n", "Table 'T9', row 5: rank 1 is used twice"),
    ],
)
def test_bad_rows_exit_2_naming_table_and_row(tmp_path, text, expected):
    # Given a file with a bad row, when read, then exit 2 with a message naming table and row
    result = run(str(write(tmp_path, text)))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (b"table,rank,item\n", "has a header but no ballots"),
        (b"table,item\nT1,a\n", "missing column 'rank'"),
        (b"group;rank;item\nT1;1;a\n", "missing columns 'table', 'rank', 'item'"),
        (b"table,rank,item,rank\nT1,1,a,2\n", "the column 'rank' appears 2 times"),
        (b"table,rank,item\nT1,1,caf\xe9\n", "not UTF-8 text"),
        (b"table,rank,item\x00\x00\n", "contains NUL bytes"),
    ],
)
def test_unusable_files_exit_2_with_a_clear_message(tmp_path, content, expected):
    # Given an empty, header-only, wrongly headed or undecodable file
    path = tmp_path / "ballots.csv"
    path.write_bytes(content)

    # When read, then exit 2 and the message explains it
    result = run(str(path))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert str(path) in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "nowhere.csv"))
    assert result.exit_code == 2
    assert "nowhere.csv: file not found" in result.stderr


def test_directory_exits_2(tmp_path):
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_damaged_workbook_exits_2(tmp_path):
    # Given a file named .xlsx that is not a workbook
    path = write(tmp_path, "table,rank,item\nT1,1,a\n", name="ballots.xlsx")

    # When read, then exit 2 saying it is not a readable workbook
    result = run(str(path))
    assert result.exit_code == 2
    assert "cannot read as an Excel workbook" in result.stderr


def test_xlsx_missing_column_exits_2(tmp_path):
    path = write_xlsx(tmp_path, [["table", "item"], ["T1", "a"]])
    result = run(str(path))
    assert result.exit_code == 2
    assert "missing column 'rank'" in result.stderr


def test_unknown_method_is_a_usage_error(tmp_path):
    result = run(str(write(tmp_path, CYCLE_CSV)), "--method", "plurality")
    assert result.exit_code == 2


def test_unwritable_json_destination_exits_2(tmp_path):
    out = tmp_path / "missing-dir" / "out.json"
    result = run(str(write(tmp_path, CYCLE_CSV)), "--json", str(out))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_importing_the_package_never_imports_django():
    # Given a fresh interpreter, when the package and its CLI are imported and used
    code = (
        "import sys, thrivekit.consensus, thrivekit.consensus.cli\n"
        "from thrivekit.consensus import Ballot, consensus\n"
        "consensus([Ballot('T1', ('a', 'b'))])\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    # Then Django is never loaded
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


SPLIT_SCHULZE_CSV = "table,rank,item\n" + "".join(
    f"{table},{rank},{item}\n"
    for table, order in [("T1", "ABC"), ("T2", "ABC"), ("T3", "BCA"), ("T4", "BCA"), ("T5", "CAB")]
    for rank, item in enumerate(order, 1)
)


def test_schulze_joint_winners_are_a_tie_in_json_and_the_check_differs(tmp_path):
    # Given 2 x ABC, 2 x BCA, 1 x CAB, whose Schulze winners are A and B
    path = write(tmp_path, SPLIT_SCHULZE_CSV)

    # When Schulze orders them
    data = json.loads(run(str(path), "--method", "schulze", "--json", "-").stdout)

    # Then A and B share rank 1 and are listed as a tie
    assert [(entry["item"], entry["rank"]) for entry in data["items"]] == [
        ("A", 1),
        ("B", 1),
        ("C", 3),
    ]
    assert data["ties"] == [["A", "B"]]
    # and when Borda orders them, B wins alone and the Schulze check differs
    borda = json.loads(run(str(path), "--json", "-").stdout)
    assert borda["ties"] == []
    assert borda["items"][0]["item"] == "B"
    assert borda["checks"]["schulze"]["differs"] is True


def test_printed_checks_name_their_winners_and_joint_winners_get_a_note(tmp_path):
    # Given the same ballots, when the table is printed for Schulze and for Borda
    path = write(tmp_path, SPLIT_SCHULZE_CSV)
    schulze = run(str(path), "--method", "schulze")
    borda = run(str(path))

    # Then Schulze's joint winners are called out, and Borda's Schulze check shows both
    assert "cannot separate the joint winners A, B" in schulze.stdout
    assert "Check schulze: differs — winners: A, B; top 5: A, B, C" in borda.stdout


# Red ranks three items, Blue and Green one each: with points by length, Red's first choice
# earns 3 and the single-item ballots 1; with fixed points every first choice earns 5.
SHORT_BALLOTS_CSV = """table,rank,item
Red,1,a
Red,2,b
Red,3,c
Blue,1,b
Green,1,c
"""


def test_borda_points_by_ballot_length_is_the_default(tmp_path):
    # Given ballots of different lengths, when combined with the default points
    data = json.loads(run(str(write(tmp_path, SHORT_BALLOTS_CSV)), "--json", "-").stdout)

    # Then Red's top three earns 3, 2, 1 and each one-item ballot earns 1: b 3, a 3, c 2
    points = {entry["item"]: entry["points"] for entry in data["items"]}
    assert points == {"a": 3, "b": 3, "c": 2}
    assert data["ties"] == [["a", "b"]]


def test_fixed_borda_points_give_five_to_every_first_choice(tmp_path):
    # Given the same ballots, when combined with --borda-points fixed
    result = run(str(write(tmp_path, SHORT_BALLOTS_CSV)), "--borda-points", "fixed", "--json", "-")

    # Then every first choice earns 5 and Red's second and third 4 and 3: b 9, c 8, a 5
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(entry["item"], entry["points"], entry["rank"]) for entry in data["items"]] == [
        ("b", 9, 1),
        ("c", 8, 2),
        ("a", 5, 3),
    ]
    assert data["ties"] == []
    assert list(data) == [
        "schema",
        "method",
        "items",
        "top",
        "ties",
        "agreement",
        "checks",
    ]


def test_fixed_borda_points_apply_when_borda_is_a_check(tmp_path):
    # Given the same ballots, when Copeland orders them and Borda uses fixed points
    path = write(tmp_path, SHORT_BALLOTS_CSV)
    data = json.loads(
        run(str(path), "--method", "copeland", "--borda-points", "fixed", "--json", "-").stdout
    )

    # Then the Borda check's order is the fixed-points order
    assert data["checks"]["borda"]["top"] == ["b", "c", "a"]


def test_unknown_borda_points_is_a_usage_error(tmp_path):
    result = run(str(write(tmp_path, SHORT_BALLOTS_CSV)), "--borda-points", "dowdall")
    assert result.exit_code == 2
