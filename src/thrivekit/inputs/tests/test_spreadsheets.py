"""The one reader for uploaded tables: one limits policy, checked before anything is unpacked."""

import dataclasses
import io
import time
import zipfile

import pytest

from thrivekit.inputs import (
    EXTRACTS,
    UPLOADS,
    UnreadableInput,
    check_zip,
    read_table,
    read_xlsx_sheets,
)
from thrivekit.inputs.tests.files import (
    MB,
    csv_bytes_of_size,
    csv_rows,
    workbook_bytes,
    zip_bomb_xlsx,
)


def refused(data, file_name, limits=UPLOADS) -> str:
    with pytest.raises(UnreadableInput) as error:
        read_table(data, file_name=file_name, limits=limits)
    return str(error.value)


def test_a_zip_bomb_workbook_is_refused_before_openpyxl_opens_it(monkeypatch):
    # given a workbook with a 30 MB part packed about 1000 to 1
    bomb = zip_bomb_xlsx(unpacked_mb=30)
    assert len(bomb) < MB

    # openpyxl must never see it
    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    message = refused(bomb, "register.xlsx")
    # then the message names the file and the limit
    assert message == (
        "register.xlsx is compressed more than 100 to 1, the limit for an upload "
        "(a zip bomb would fill the memory)."
    )


def test_a_workbook_that_unpacks_past_the_limit_is_refused():
    limits = dataclasses.replace(UPLOADS, max_unzipped_bytes=2 * MB, max_ratio=10**6)
    message = refused(zip_bomb_xlsx(unpacked_mb=3), "big.xlsx", limits)
    assert message == "big.xlsx unpacks to more than 2 MB, the limit for an upload."


def test_a_zip_that_lies_about_its_sizes_cannot_unpack_more_than_it_says():
    # given a zip whose directory claims a 1 KB part that really holds 5 MB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part.bin", bytes(5 * MB))
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")  # uncompressed size
    check_zip(bytes(data), file_name="liar.zip", what="a zip file")  # the claim is small
    # then Python's zipfile stops at the size claimed, and the checksum fails
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, pytest.raises(zipfile.BadZipFile):
        archive.read("part.bin")


def test_an_oversize_csv_is_refused_naming_the_file_and_the_limit():
    message = refused(csv_bytes_of_size(UPLOADS.max_bytes + 1), "register.csv")
    assert message == "register.csv is larger than 20 MB, the limit for an upload."


def test_too_many_rows_are_refused_in_csv_and_in_a_workbook():
    limits = dataclasses.replace(UPLOADS, max_rows=50)
    assert len(read_table(csv_rows(50), file_name="ok.csv", limits=limits)) == 51
    assert refused(csv_rows(51), "r.csv", limits) == (
        "r.csv has more than 50 rows, the limit for an upload: split it into parts."
    )
    rows = [("a", "b")] + [(n, "x") for n in range(51)]
    assert refused(workbook_bytes(rows), "r.xlsx", limits) == (
        "r.xlsx has more than 50 rows, the limit for an upload: split it into parts."
    )


def test_the_row_limit_stops_reading_early():
    # given a CSV with ten times the rows allowed, then it is refused quickly
    started = time.perf_counter()
    refused(csv_rows(UPLOADS.max_rows * 10), "huge.csv")
    assert time.perf_counter() - started < 2


def test_too_many_columns_are_refused():
    wide = [tuple(f"c{i}" for i in range(UPLOADS.max_columns + 1))]
    assert refused(workbook_bytes(wide), "wide.xlsx") == (
        f"wide.xlsx has more than {UPLOADS.max_columns} columns, the limit for an upload."
    )
    text = ",".join(wide[0]).encode()
    assert "more than 100 columns" in refused(text, "wide.csv")


def test_messages_never_hold_what_the_file_holds():
    secret = "9434765919"  # an NHS number in a broken CSV
    data = f"name,nhs\n{secret}{'x' * 200_000},1\n".encode()
    message = refused(data, "leak.csv")
    assert message.startswith("leak.csv is not a readable CSV file (line 2)")
    assert secret not in message


def test_csv_encoding_and_delimiter_are_sniffed():
    # UTF-8 with a byte-order mark, semicolons (a European Excel)
    data = "\ufeffName;Town\nZoë;Leeds\n".encode()
    assert read_table(data, file_name="a.csv") == [("Name", "Town"), ("Zoë", "Leeds")]
    # Windows-1252 (Excel's plain "CSV"), tabs
    data = "Name\tTown\nZoë\tLeeds\n".encode("cp1252")
    assert read_table(data, file_name="b.txt") == [("Name", "Town"), ("Zoë", "Leeds")]
    # bytes that are no text at all
    assert "is not text" in refused(b"a,b\n\x81\x8d\x8f\n", "c.csv")


def test_empty_rows_keep_row_numbers_and_trailing_ones_are_dropped():
    rows = [("a", "b"), (None, None), (1, None), (None, None), (None, None)]
    assert read_table(workbook_bytes(rows), file_name="w.xlsx") == [("a", "b"), (), (1,)]


def test_sheets_are_read_by_name_and_only_those_wanted():
    data = workbook_bytes([("id", "name")], title="services")
    sheets = read_xlsx_sheets(data, file_name="m.xlsx", wanted=lambda t: t == "services")
    assert sheets == {"services": [("id", "name")]}
    assert read_xlsx_sheets(data, file_name="m.xlsx", wanted=lambda t: False) == {}


def test_a_file_that_is_not_a_table_is_refused():
    assert refused(b"\x89PNG....", "photo.png") == (
        "photo.png is not a CSV file (.csv) or an Excel workbook (.xlsx): upload one of those."
    )
    assert refused(b"PK\x03\x04 not a zip", "x.xlsx") == "x.xlsx is not an Excel workbook (.xlsx)."


def test_extracts_have_their_own_far_larger_limits():
    assert EXTRACTS.max_bytes > UPLOADS.max_bytes and EXTRACTS.max_rows > UPLOADS.max_rows
    assert read_table(csv_bytes_of_size(UPLOADS.max_bytes + 1), file_name="e.csv", limits=EXTRACTS)


def test_the_package_never_imports_django():
    import subprocess
    import sys

    code = (
        "import sys, thrivekit.inputs;"
        "assert not any(m.startswith('django') for m in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
