"""The one reader for tables users upload (CSV and Excel), with one limits policy.

Every upload is checked against a :class:`Limits` before it is read:

- the file's size (``max_bytes``);
- for a workbook (a zip), the total unpacked size of its parts and how far they are
  compressed (``max_unzipped_bytes``, ``max_ratio``), before openpyxl opens it, so a zip bomb
  is refused without being unpacked;
- the rows (``max_rows``, the header not counted; empty rows not counted) and the columns
  (``max_columns``), while reading, so a huge sheet is never held in memory.

``UPLOADS`` is the policy for files uploaded through a page or given to a CLI command
(registers, pathway maps, workforce tables); ``EXTRACTS`` for record-level activity extracts,
which are far bigger and are streamed into DuckDB rather than read into Python lists.

CSV text is read as UTF-8 (with or without a byte-order mark), else as Windows-1252 (Excel's
"CSV (comma delimited)"); the delimiter is a comma, a semicolon or a tab, whichever splits the
header line into the most fields. Errors (:class:`UnreadableInput`) name the file and the limit,
never what the file holds.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

MB = 1024 * 1024
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# A zip part smaller than this may be compressed any amount: only big parts can be bombs.
_RATIO_FLOOR_BYTES = 1 * MB
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How big an uploaded table may be; see the module docstring."""

    max_bytes: int
    max_unzipped_bytes: int
    max_ratio: int
    max_rows: int
    max_columns: int
    what: str  # "an upload", named in messages

    @staticmethod
    def size_text(size: int) -> str:
        return f"{size // MB:,} MB" if size % MB == 0 else f"{size:,} bytes"


UPLOADS = Limits(
    max_bytes=20 * MB,
    max_unzipped_bytes=100 * MB,
    max_ratio=100,
    max_rows=20_000,
    max_columns=100,
    what="an upload",
)
EXTRACTS = Limits(
    max_bytes=4096 * MB,
    max_unzipped_bytes=1024 * MB,
    max_ratio=100,
    max_rows=50_000_000,
    max_columns=500,
    what="an activity extract",
)


class UnreadableInput(ValueError):
    """A file that cannot be read as a table, or is over a limit (a message for its owner).

    ``problem`` says what is wrong without the file's name ("is larger than 20 MB, …"), for
    callers that list problems by file; ``str()`` is the whole sentence.
    """

    def __init__(self, file_name: str, problem: str) -> None:
        self.file_name = file_name
        self.problem = problem
        super().__init__(f"{file_name} {problem}.")


Source = bytes | Path


def _size(source: Source) -> int:
    return source.stat().st_size if isinstance(source, Path) else len(source)


def check_size(source: Source, *, file_name: str, limits: Limits = UPLOADS) -> None:
    """Refuse a file over ``limits.max_bytes``."""
    if _size(source) > limits.max_bytes:
        raise UnreadableInput(
            file_name,
            f"is larger than {limits.size_text(limits.max_bytes)}, the limit for {limits.what}",
        )


def kind_of(file_name: str, data: bytes | None = None) -> str:
    """``csv`` or ``xlsx``, from the file's name (or, for an unknown name, its first bytes)."""
    suffix = PurePosixPath(file_name.replace("\\", "/")).suffix.casefold()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES or (data is not None and data[:2] == b"PK"):
        return "xlsx"
    raise UnreadableInput(
        file_name, "is not a CSV file (.csv) or an Excel workbook (.xlsx): upload one of those"
    )


# --- zip (an XLSX workbook is a zip) ----------------------------------------------------------


def check_zip(source: Source, *, file_name: str, limits: Limits = UPLOADS, what: str = "") -> None:
    """Refuse a zip (or workbook) that unpacks too big or is compressed like a zip bomb.

    Only the zip's directory is read: nothing is unpacked. The sizes it declares are the most
    any part can unpack to (Python's zipfile stops there, and then the checksum fails).
    """
    what = what or "an Excel workbook (.xlsx)"
    check_size(source, file_name=file_name, limits=limits)
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnreadableInput(file_name, f"is not {what}") from None
    unzipped = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unzipped > limits.max_unzipped_bytes:
        raise UnreadableInput(
            file_name,
            f"unpacks to more than {limits.size_text(limits.max_unzipped_bytes)}, "
            f"the limit for {limits.what}",
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR_BYTES and (
            info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            raise UnreadableInput(file_name, _bomb(limits))
    if unzipped > _RATIO_FLOOR_BYTES and unzipped > limits.max_ratio * max(packed, 1):
        raise UnreadableInput(file_name, _bomb(limits))


def _bomb(limits: Limits) -> str:
    return (
        f"is compressed more than {limits.max_ratio} to 1, the limit for {limits.what} "
        "(a zip bomb would fill the memory)"
    )


# --- rows -------------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _bounded_rows(
    rows: Iterable[Iterable[Any]], *, file_name: str, limits: Limits
) -> list[tuple[Any, ...]]:
    """Rows with trailing empty cells and trailing empty rows dropped, checked as they come.

    Empty rows inside the table stay (as ``()``), so list positions are row numbers - 1.
    """
    out: list[tuple[Any, ...]] = []
    pending_empty = 0
    filled = 0
    for raw in rows:
        row = tuple(raw)
        end = len(row)
        while end and _is_empty(row[end - 1]):
            end -= 1
        if end == 0:
            pending_empty += 1
            continue
        if end > limits.max_columns:
            raise UnreadableInput(
                file_name,
                f"has more than {limits.max_columns:,} columns, the limit for {limits.what}",
            )
        filled += 1
        if filled > limits.max_rows + 1:  # the header is not counted
            raise UnreadableInput(
                file_name,
                f"has more than {limits.max_rows:,} rows, the limit for {limits.what}: "
                "split it into parts",
            )
        out.extend([()] * pending_empty)
        pending_empty = 0
        out.append(row[:end])
    return out


# --- CSV --------------------------------------------------------------------------------------


def sniff_encoding(head: bytes) -> str:
    """``utf-8-sig`` if ``head`` (the start of a file, perhaps cut mid-character) is UTF-8,
    else ``cp1252`` (what Excel's plain "CSV" writes on Windows)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line into the most fields."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    best, best_count = ",", 0
    for delimiter in (",", ";", "\t"):
        fields = next(csv.reader(io.StringIO(header), delimiter=delimiter), [])
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


def decode_text(data: bytes, *, file_name: str) -> str:
    """CSV bytes as text: UTF-8 (a byte-order mark is dropped), else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableInput(
        file_name, "is not text: in Excel, save it as 'CSV UTF-8 (comma delimited)'"
    )


def read_csv(data: bytes, *, file_name: str, limits: Limits = UPLOADS) -> list[tuple[str, ...]]:
    """The rows of a CSV file as text (row 1, the header, at position 0)."""
    check_size(data, file_name=file_name, limits=limits)
    text = decode_text(data, file_name=file_name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return _bounded_rows(reader, file_name=file_name, limits=limits)
    except csv.Error as error:
        line = f" (line {reader.line_num})" if reader.line_num else ""
        raise UnreadableInput(file_name, f"is not a readable CSV file{line}: {error}") from None


# --- XLSX -------------------------------------------------------------------------------------


def _open_workbook(source: Source, *, file_name: str, limits: Limits):
    from openpyxl import load_workbook

    check_zip(source, file_name=file_name, limits=limits)
    try:
        return load_workbook(
            source if isinstance(source, Path) else io.BytesIO(source),
            read_only=True,
            data_only=True,
        )
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise UnreadableInput(
            file_name, "is not an Excel workbook (.xlsx) that can be read"
        ) from None


def _sheet_rows(worksheet, *, file_name: str, limits: Limits) -> list[tuple[Any, ...]]:
    # One column past the limit is read, so a wider sheet is noticed without reading it all.
    rows: Iterator = worksheet.iter_rows(max_col=limits.max_columns + 1, values_only=True)
    return _bounded_rows(rows, file_name=file_name, limits=limits)


def read_xlsx_sheets(
    source: Source,
    *,
    file_name: str,
    limits: Limits = UPLOADS,
    first_only: bool = False,
    wanted: Callable[[str], bool] | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """The sheets of a workbook by name: every one, the first only, or those ``wanted`` names.

    Cells are as openpyxl gives them (numbers, dates, text, None).
    """
    workbook = _open_workbook(source, file_name=file_name, limits=limits)
    sheets: dict[str, list[tuple[Any, ...]]] = {}
    try:
        for worksheet in workbook.worksheets[:1] if first_only else workbook.worksheets:
            if wanted is not None and not wanted(worksheet.title):
                continue
            where = file_name if first_only else f"{file_name}, sheet {worksheet.title}"
            sheets[worksheet.title] = _sheet_rows(worksheet, file_name=where, limits=limits)
    except UnreadableInput:
        raise
    except Exception:
        raise UnreadableInput(
            file_name, "is not an Excel workbook (.xlsx) that can be read"
        ) from None
    finally:
        workbook.close()
    return sheets


def read_table(
    source: Source, *, file_name: str, limits: Limits = UPLOADS
) -> list[tuple[Any, ...]]:
    """A CSV file, or the first sheet of a workbook, as rows (row 1, the header, at position 0).

    CSV cells are text; workbook cells are what Excel holds (numbers, dates, text, None).
    Trailing empty cells and rows are dropped; empty rows inside the table are ``()``.
    """
    check_size(source, file_name=file_name, limits=limits)
    if isinstance(source, Path):
        with source.open("rb") as handle:
            start = handle.read(2)
    else:
        start = source[:2]
    if kind_of(file_name, start) == "csv":
        data = source.read_bytes() if isinstance(source, Path) else source
        if not data.strip():
            raise UnreadableInput(file_name, "is empty")
        return read_csv(data, file_name=file_name, limits=limits)
    sheets = read_xlsx_sheets(source, file_name=file_name, limits=limits, first_only=True)
    return next(iter(sheets.values()), [])
