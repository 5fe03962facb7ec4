"""Reading an uploaded register: a CSV file or the first sheet of an Excel workbook, as text rows.

Row 1 is the header. A row is a list of trimmed strings; numbers typed into Excel come back as
they were typed ("12", not "12.0").
"""

import csv
import datetime as dt
import io
import zipfile

from thrivekit.exports import FORMULA_TRIGGERS

MAX_FILE_BYTES = 5 * 2**20
MAX_UNZIPPED_BYTES = 50 * 2**20
MAX_ROWS = 5000


class UnreadableFile(Exception):
    """The file cannot be read as a table at all (a message for the person who uploaded it)."""


def read_rows(*, file_name: str, data: bytes) -> list[list[str]]:
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB.")
    if not data.strip():
        raise UnreadableFile("The file is empty.")
    name = file_name.lower()
    if name.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    elif name.endswith(".xlsx") or data[:2] == b"PK":
        rows = _xlsx_rows(data)
    else:
        raise UnreadableFile("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
    if len(rows) > MAX_ROWS + 1:
        raise UnreadableFile(f"The file has more than {MAX_ROWS} rows: split it into parts.")
    return [[cell_text(value) for value in row] for row in rows]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = str(value).strip()
    # Our own exports neutralise formula-like text with a leading apostrophe: undo that.
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]
    return text


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel's plain "CSV (comma delimited)" on Windows.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableFile(
                "The file is not text: in Excel, save it as 'CSV UTF-8 (comma delimited)'."
            ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableFile(f"The file is not a readable CSV file: {error}.") from None


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    not_a_workbook = "The file is not an Excel workbook (.xlsx) that can be read."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(not_a_workbook) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UnreadableFile(f"The workbook unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MB.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged file
        raise UnreadableFile(not_a_workbook) from None
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
    except Exception:
        raise UnreadableFile(not_a_workbook) from None
    finally:
        workbook.close()
    # Trailing empty rows are formatting, not data.
    while rows and all(cell_text(value) == "" for value in rows[-1]):
        rows.pop()
    return rows
