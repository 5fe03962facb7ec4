"""CSV exports: what someone sees when they open the file in Excel or re-read it with Python.

Spreadsheets have no time zones, so naive datetimes here are deliberate (noqa: DTZ001).
"""

import csv
import datetime as dt
import enum
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.exports import FORMULA_TRIGGERS, csv_bytes, write_csv

PROPERTY = settings(deadline=None, max_examples=200)
BOM = b"\xef\xbb\xbf"

formula_like = st.builds(
    lambda trigger, rest: trigger + rest, st.sampled_from(FORMULA_TRIGGERS), st.text()
)


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_download_starts_with_a_bom_and_uses_crlf():
    # Given a small table, when exported as bytes
    data = csv_bytes(["Area", "Young people"], [["Riverside", 12]])
    # Then Excel sees UTF-8 (BOM) and each record ends with CRLF (RFC 4180)
    assert data == BOM + b"Area,Young people\r\nRiverside,12\r\n"


def test_commas_quotes_and_line_breaks_are_quoted_rfc_4180_style():
    # Given a comment with a comma, a double quote and a line break
    comment = 'Long wait, "too long"\nfor an appointment'
    # When exported
    data = csv_bytes(["Comment"], [[comment]])
    # Then the field is quoted, quotes are doubled, and it reads back unchanged
    assert data == BOM + b'Comment\r\n"Long wait, ""too long""\nfor an appointment"\r\n'
    assert read_back(data) == [["Comment"], [comment]]


@PROPERTY
@given(st.lists(st.lists(formula_like, min_size=1, max_size=4), min_size=1, max_size=5))
def test_formula_like_text_reads_back_neutralised(rows):
    # Given cells that each start with a formula trigger
    # When exported and read back
    back = read_back(csv_bytes(["a", "b", "c", "d"], rows))
    # Then every cell starts with an apostrophe followed by exactly what was written
    for written, read in zip(rows, back[1:], strict=True):
        assert read == ["'" + cell for cell in written]


def test_header_cells_are_neutralised_too():
    assert read_back(csv_bytes(["=cmd|' /C calc'!A0"], []))[0] == ["'=cmd|' /C calc'!A0"]


class Tier(enum.Enum):
    SUPPRESSED = "-"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12, "12"),
        (-3, "-3"),  # a negative number stays a number
        (2.5, "2.5"),
        (Decimal("-0.10"), "-0.10"),
        (None, ""),
        (dt.date(2024, 4, 1), "2024-04-01"),
        (dt.datetime(2024, 4, 1, 9, 30), "2024-04-01 09:30:00"),  # noqa: DTZ001
        ("Zoë — Łódź, 東京", "Zoë — Łódź, 東京"),
        (Tier.SUPPRESSED, "Tier.SUPPRESSED"),
    ],
)
def test_ordinary_values_round_trip(value, text):
    # Given an ordinary value, when exported and read back, then it reads as itself
    assert read_back(csv_bytes(["value"], [[value]]))[1] == [text]


def test_objects_that_turn_into_formula_text_are_neutralised():
    # Given an object whose text starts with "=" (not a str, so safe_cell alone would miss it)
    class Sneaky:
        def __str__(self):
            return "=1+1"

    # When exported, then it is neutralised like any text
    assert read_back(csv_bytes(["value"], [[Sneaky()]]))[1] == ["'=1+1"]


def test_writing_to_a_file_adds_the_bom(tmp_path):
    # Given a path, when written
    target = tmp_path / "comments.csv"
    write_csv(target, ["Comment"], [["-worried"], ["fine"]])
    # Then the file has a BOM and neutralised cells
    assert target.read_bytes() == BOM + b"Comment\r\n'-worried\r\nfine\r\n"
    # and a plain string path works the same
    write_csv(str(target), ["Comment"], [["fine"]])
    assert target.read_bytes() == BOM + b"Comment\r\nfine\r\n"


def test_writing_to_an_open_stream_adds_no_bom():
    # Given an open text stream (the caller owns its encoding)
    stream = io.StringIO(newline="")
    # When written, then it gets just the rows
    write_csv(stream, ["Comment"], [["@home"]])
    assert stream.getvalue() == "Comment\r\n'@home\r\n"


def test_a_failure_part_way_leaves_the_previous_file_untouched(tmp_path):
    # Given an existing export and rows that fail half-way through
    target = tmp_path / "export.csv"
    target.write_bytes(b"old")

    def rows():
        yield ["first"]
        raise RuntimeError("database went away")

    # When the export is written, then the error surfaces
    with pytest.raises(RuntimeError):
        write_csv(target, ["Comment"], rows())
    # and neither a half-written file nor a temporary file is left behind
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["export.csv"]
