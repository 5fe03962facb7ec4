"""Activity extracts go through the one reader and its limits (issue 13 item 17)."""

import dataclasses

import duckdb
import pytest

from thrivekit.activity.reading import UnreadableFileError, read_extract
from thrivekit.inputs import EXTRACTS
from thrivekit.inputs.tests.files import csv_bytes_of_size, csv_rows, workbook_bytes, zip_bomb_xlsx


def refused(path, tmp_path) -> str:
    con = duckdb.connect()
    with pytest.raises(UnreadableFileError) as error:
        read_extract(con, path, view="referrals", workdir=tmp_path / "work")
    return str(error.value)


@pytest.fixture
def small_limits(monkeypatch):
    limits = dataclasses.replace(EXTRACTS, max_bytes=10_000, max_rows=5)
    monkeypatch.setattr("thrivekit.activity.reading.EXTRACTS", limits)
    return limits


def test_a_zip_bomb_extract_is_refused(tmp_path):
    path = tmp_path / "referrals.xlsx"
    path.write_bytes(zip_bomb_xlsx([("referral_id", "referral_date"), ("R1", "2025-01-02")]))
    assert refused(path, tmp_path) == (
        "referrals.xlsx is compressed more than 100 to 1, the limit for an activity extract "
        "(a zip bomb would fill the memory)."
    )


def test_an_oversize_extract_is_refused_naming_the_limit(tmp_path, small_limits):
    path = tmp_path / "referrals.csv"
    path.write_bytes(csv_bytes_of_size(20_000, header="referral_id,referral_date"))
    assert refused(path, tmp_path) == (
        "referrals.csv is larger than 10,000 bytes, the limit for an activity extract."
    )


def test_an_extract_with_too_many_rows_is_refused_in_csv_and_xlsx(tmp_path, small_limits):
    path = tmp_path / "referrals.csv"
    path.write_bytes(csv_rows(6, header="referral_id,referral_date"))
    assert refused(path, tmp_path) == (
        "referrals.csv has more than 5 rows, the limit for an activity extract: "
        "split it into parts."
    )
    path = tmp_path / "referrals.xlsx"
    path.write_bytes(workbook_bytes([("referral_id", "n")] + [(f"R{n}", n) for n in range(6)]))
    assert refused(path, tmp_path) == (
        "referrals.xlsx has more than 5 rows, the limit for an activity extract: "
        "split it into parts."
    )


def test_an_extract_within_the_limits_is_read_with_its_row_numbers(tmp_path, small_limits):
    path = tmp_path / "referrals.csv"
    path.write_bytes(csv_rows(5, header="referral_id,referral_date"))
    con = duckdb.connect()
    names = read_extract(con, path, view="referrals", workdir=tmp_path / "work")
    assert names == ["referral_id", "referral_date"]
    assert con.execute("SELECT max(_row), count(*) FROM referrals").fetchone() == (6, 5)
