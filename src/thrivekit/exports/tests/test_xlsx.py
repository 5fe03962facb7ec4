"""XLSX exports, read back with openpyxl as Excel would open them.

Spreadsheets have no time zones, so naive datetimes here are deliberate (noqa: DTZ001).
"""

import datetime as dt
import io
import re

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.exports import FORMULA_TRIGGERS, Sheet, sheet_names, xlsx_bytes

PROPERTY = settings(deadline=None, max_examples=60)

formula_like = st.builds(
    lambda trigger, rest: trigger + rest, st.sampled_from(FORMULA_TRIGGERS), st.text(max_size=20)
)


def open_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def all_cells(workbook):
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            yield from row


@PROPERTY
@given(st.lists(st.lists(formula_like, min_size=1, max_size=3), min_size=1, max_size=4))
def test_formula_like_text_is_neutralised_and_never_a_formula(rows):
    # Given cells (and a header and a note) that each start with a formula trigger
    data = xlsx_bytes([Sheet("Comments", ["=a", "+b", "-c"], rows, notes=["@note"])])
    # When the workbook is opened
    workbook = open_workbook(data)
    # Then no cell is a formula, and every non-empty cell is text starting with an apostrophe
    cells = [cell for cell in all_cells(workbook) if cell.value is not None]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    assert all(cell.value.startswith("'") for cell in cells)


def test_text_that_looks_like_an_excel_error_stays_text():
    # Given text that openpyxl would otherwise store as an error value
    workbook = open_workbook(xlsx_bytes([Sheet("S", ["Value"], [["#N/A"], ["#DIV/0!"]])]))
    # Then it is stored as text
    cells = list(workbook.active.iter_rows(min_row=2))
    assert [(row[0].value, row[0].data_type) for row in cells] == [
        ("#N/A", "s"),
        ("#DIV/0!", "s"),
    ]


def test_control_characters_do_not_break_the_workbook():
    # Given text with characters XML cannot hold, when exported, then the file still opens
    workbook = open_workbook(xlsx_bytes([Sheet("S", ["Value"], [["\0bell\x07"]])]))
    assert workbook.active["A2"].value == "'\ufffdbell\ufffd"


def test_ordinary_values_round_trip():
    # Given a row of ordinary values
    row = [
        12,
        -3,
        2.5,
        None,
        True,
        dt.date(2024, 4, 1),
        dt.datetime(2024, 4, 1, 9, 30, 15),  # noqa: DTZ001
        "Zoë — Łódź, 東京",
        "line one\nline two",
    ]
    # When exported and opened
    workbook = open_workbook(xlsx_bytes([Sheet("Data", [f"c{i}" for i in range(9)], [row])]))
    back = [cell.value for cell in workbook.active[2]]
    # Then each value comes back as itself (Excel has no date-only type: a date is midnight)
    assert back[:5] == [12, -3, 2.5, None, True]
    assert back[5] == dt.datetime(2024, 4, 1)  # noqa: DTZ001
    assert back[6:] == row[6:]


def test_values_excel_cannot_hold_exactly_are_kept_readable():
    # Given a long whole number, a time-zone aware time, NaN and minus infinity
    moment = dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    workbook = open_workbook(
        xlsx_bytes(
            [
                Sheet(
                    "S",
                    ["a", "b", "c", "d"],
                    [[1234567890123456789, moment, float("nan"), float("-inf")]],
                )
            ]
        )
    )
    a, b, c, d = workbook.active[2]
    # Then the long number is text (Excel would round it to 15 digits), the moment is in UTC,
    # NaN is an empty cell and minus infinity is neutralised text
    assert (a.value, a.data_type) == ("1234567890123456789", "s")
    assert b.value == dt.datetime(2024, 6, 1, 9, 0)  # noqa: DTZ001
    assert "UTC" in b.number_format
    assert c.value is None
    assert d.value == "'-inf"


def test_layout_notes_then_bold_header_with_frozen_panes_and_filter():
    # Given a sheet with two notes, a header and three rows
    sheet = Sheet(
        "Waits",
        ["Area", "Young people"],
        [["Riverside", 10], ["Eastmoor", "*"], ["Northbridge Central", 15]],
        notes=["Counts of 1 to 7 people are shown as *.", "Other counts are rounded to 5."],
    )
    worksheet = open_workbook(xlsx_bytes([sheet], title="Waiting times")).active
    # Then the notes come first, in italics, then a blank row, then the bold header
    assert worksheet["A1"].value == "Counts of 1 to 7 people are shown as *."
    assert worksheet["A1"].font.italic and worksheet["A2"].font.italic
    assert worksheet["A3"].value is None
    assert [cell.value for cell in worksheet[4]] == ["Area", "Young people"]
    assert all(cell.font.bold for cell in worksheet[4])
    # and the header stays in view and can filter the whole table
    assert worksheet.freeze_panes == "A5"
    assert worksheet.auto_filter.ref == "A4:B7"
    # and the columns are wide enough for their contents but not for the notes
    assert worksheet.column_dimensions["A"].width >= len("Northbridge Central")
    assert worksheet.column_dimensions["A"].width < len(sheet.notes[0])
    assert worksheet.parent.properties.title == "Waiting times"


def test_a_sheet_without_notes_starts_with_its_header():
    worksheet = open_workbook(xlsx_bytes([Sheet("S", ["Area"], [["Riverside"]])])).active
    assert worksheet["A1"].value == "Area" and worksheet["A1"].font.bold
    assert worksheet.freeze_panes == "A2"
    assert worksheet.auto_filter.ref == "A1:A2"


def test_very_long_text_does_not_make_very_wide_columns():
    worksheet = open_workbook(xlsx_bytes([Sheet("S", ["Comment"], [["word " * 500]])])).active
    assert worksheet.column_dimensions["A"].width <= 60


def test_one_worksheet_per_sheet_in_order_with_valid_distinct_names():
    # Given sheets with names Excel would refuse or confuse
    sheets = [
        Sheet("Q1: results/2024 [draft]*?", ["a"], []),
        Sheet("Results", ["a"], []),
        Sheet("results", ["a"], []),
        Sheet("A very long sheet name that goes on and on", ["a"], []),
        Sheet("A very long sheet name that goes on and on and on", ["a"], []),
        Sheet("", ["a"], []),
        Sheet("'quoted'", ["a"], []),
        Sheet("History", ["a"], []),
    ]
    # When exported, then every sheet is there, in order, under a name Excel accepts
    assert open_workbook(xlsx_bytes(sheets)).sheetnames == [
        "Q1- results-2024 (draft)",
        "Results",
        "results (2)",
        "A very long sheet name that goe",
        "A very long sheet name that (2)",
        "Sheet",
        "quoted",
        "History (data)",
    ]


_EXCEL_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@settings(deadline=None, max_examples=300)
@given(st.lists(st.text(), min_size=1, max_size=6))
def test_any_names_become_valid_distinct_sheet_names(wanted):
    # Given any names, when made into sheet names
    names = sheet_names(wanted)
    # Then each is 1-31 characters, has no forbidden character, does not start or end with an
    # apostrophe, and no two are the same ignoring case
    assert len(names) == len(wanted)
    for name in names:
        assert 1 <= len(name) <= 31
        assert not _EXCEL_FORBIDDEN.search(name)
        assert not name.startswith("'") and not name.endswith("'")
    assert len({name.casefold() for name in names}) == len(names)


def test_a_workbook_needs_at_least_one_sheet():
    with pytest.raises(ValueError):
        xlsx_bytes([])
