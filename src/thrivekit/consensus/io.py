"""Reading ballots from a CSV or XLSX file with the columns `table`, `rank`, `item`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .ballots import Ballot, BallotError, Row, parse_rows

REQUIRED_COLUMNS = ("table", "rank", "item")
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_ZIP_MAGIC = b"PK\x03\x04"


class InputFileError(BallotError):
    """The file itself cannot be used: missing, unreadable, or without the needed columns."""


def _is_blank(values: Sequence[Any]) -> bool:
    return all(value is None or str(value).strip() == "" for value in values)


def _cell(values: Sequence[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _rows(numbered: Iterator[tuple[int, Sequence[Any]]], source: str) -> Iterator[Row]:
    """Find the header (the first non-blank row), then yield the data rows with their numbers."""
    columns: dict[str, int] | None = None
    for number, values in numbered:
        if _is_blank(values):
            continue
        if columns is None:
            names = ["" if value is None else str(value).strip().lower() for value in values]
            columns = {}
            for name in REQUIRED_COLUMNS:
                positions = [index for index, found in enumerate(names) if found == name]
                if len(positions) > 1:
                    raise InputFileError(
                        f"{source}: the column {name!r} appears {len(positions)} times in the "
                        "header",
                        row=number,
                    )
                if positions:
                    columns[name] = positions[0]
            missing = [name for name in REQUIRED_COLUMNS if name not in columns]
            if missing:
                found = ", ".join(repr(name) for name in names if name) or "none"
                raise InputFileError(
                    f"{source}: missing column{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(repr(name) for name in missing)} "
                    f"(the header needs table, rank, item; found {found})",
                    row=number,
                )
            continue

        table, rank, item = (_cell(values, columns[name]) for name in REQUIRED_COLUMNS)
        if _is_blank((table, rank, item)):
            continue  # e.g. a notes-only row: nothing in the three columns that matter
        yield Row(number, table, rank, item)
    if columns is None:
        raise InputFileError(f"{source}: the file is empty (no header and no ballots)")


def _csv_rows(data: bytes, source: str) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(
            f"{source}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8' or as .xlsx"
        ) from None
    if "\x00" in text:
        raise InputFileError(f"{source}: this is not a CSV text file (it contains NUL bytes)")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        # Rows are counted as records, blank ones included, so numbers match the editor's lines.
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise InputFileError(f"{source}: cannot read as CSV: {error}") from None


def _excel_rows(path: Path, source: str) -> Iterator[tuple[int, Sequence[Any]]]:
    import openpyxl  # imported here so CSV users never pay for it

    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file
        raise InputFileError(
            f"{source}: cannot read as an Excel workbook ({type(error).__name__}: {error})"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def read_rows(path: Path | str) -> list[Row]:
    """The data rows of a CSV or XLSX ballot file, with spreadsheet row numbers.

    Header names are trimmed and case-insensitive, extra columns are ignored, blank rows are
    skipped (but still counted), and CSV may be UTF-8 with or without a byte-order mark.
    """
    path = Path(path)
    source = str(path)
    if path.suffix.lower() == ".xls":
        raise InputFileError(
            f"{source}: old .xls workbooks are not supported; save as .xlsx or CSV"
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{source}: file not found") from None
    except IsADirectoryError:
        raise InputFileError(f"{source}: is a directory, not a file") from None
    except OSError as error:
        raise InputFileError(f"{source}: cannot read the file ({error.strerror})") from None
    if path.suffix.lower() in EXCEL_SUFFIXES or data.startswith(_ZIP_MAGIC):
        numbered = _excel_rows(path, source)
    else:
        numbered = _csv_rows(data, source)
    return list(_rows(numbered, source))


def read_ballots(path: Path | str) -> list[Ballot]:
    """Read and validate a ballot file; raises BallotError (InputFileError for file problems)."""
    rows = read_rows(path)
    if not rows:
        raise InputFileError(f"{path}: the file has a header but no ballots")
    return parse_rows(rows)
