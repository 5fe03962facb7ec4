"""Rows to ballots: ordering, gaps in ranks, and every kind of bad row."""

from __future__ import annotations

import pytest

from thrivekit.consensus import Ballot, BallotError, Row, parse_rows


def test_rows_are_grouped_per_table_and_ordered_by_rank():
    # Given rows out of order, tables interleaved
    rows = [
        {"table": "T2", "rank": 2, "item": "b"},
        {"table": "T1", "rank": 1, "item": "a"},
        {"table": "T2", "rank": 1, "item": "c"},
        {"table": "T1", "rank": "2", "item": "c"},
    ]

    # When parsed
    ballots = parse_rows(rows)

    # Then one ballot per table, in order of first appearance, best first
    assert ballots == [Ballot("T2", ("c", "b")), Ballot("T1", ("a", "c"))]


def test_gaps_in_ranks_are_read_as_an_order():
    # Given a table that used ranks 1, 2 and 4 (no 3)
    ballots = parse_rows([("T1", 4, "d"), ("T1", 1, "a"), ("T1", 2, "b")])

    # Then the ranks only order the items: d is the third choice
    assert ballots == [Ballot("T1", ("a", "b", "d"))]
    assert ballots[0].position("d") == 3


def test_spreadsheet_values_are_normalised():
    # Given numbers as a spreadsheet gives them, and padded text
    ballots = parse_rows([(1.0, 1.0, " a "), (1, "2", "b"), ("1", " 3 ", 7)])

    # Then the table is "1", ranks are whole numbers and ids are trimmed text
    assert ballots == [Ballot("1", ("a", "b", "7"))]


@pytest.mark.parametrize(
    ("rows", "table", "row", "words"),
    [
        ([("T1", 1, "a"), ("T1", 1, "b")], "T1", 3, "rank 1 is used twice"),
        ([("T1", 1, "a"), ("T2", 1, "a"), ("T1", 2, "a")], "T1", 4, "item 'a' appears twice"),
        ([("T1", 0, "a")], "T1", 2, "not a positive whole number"),
        ([("T1", -1, "a")], "T1", 2, "not a positive whole number"),
        ([("T1", 1.5, "a")], "T1", 2, "not a positive whole number"),
        ([("T1", "2.5", "a")], "T1", 2, "not a positive whole number"),
        ([("T1", "first", "a")], "T1", 2, "not a positive whole number"),
        ([("T1", True, "a")], "T1", 2, "not a positive whole number"),
        ([("T1", None, "a")], "T1", 2, "rank of item 'a' is missing"),
        ([("T1", 1, "")], "T1", 2, "item is missing"),
        ([("", 1, "a")], None, 2, "table is missing"),
    ],
)
def test_bad_rows_name_the_table_and_row(rows, table, row, words):
    # Given a bad row, when parsed, then the error says where and what
    with pytest.raises(BallotError) as caught:
        parse_rows(rows)
    assert caught.value.table == table
    assert caught.value.row == row
    assert words in str(caught.value)
    if table is not None:
        assert str(caught.value).startswith(f"Table {table!r}, row {row}:")


def test_row_numbers_from_the_file_are_kept():
    # Given rows carrying their own row numbers (blank lines skipped in between)
    rows = [Row(2, "T1", 1, "a"), Row(5, "T1", 1, "b")]

    # Then the duplicate is reported on row 5 and points back to row 2
    with pytest.raises(BallotError, match=r"row 5: rank 1 is used twice .*row 2") as caught:
        parse_rows(rows)
    assert caught.value.row == 5


def test_no_rows_is_an_error():
    with pytest.raises(BallotError, match="no ballots"):
        parse_rows([])
