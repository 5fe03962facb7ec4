"""Read an extract (CSV, XLSX or Parquet) into DuckDB as text columns, with row numbers.

Row numbers are those a user sees in a spreadsheet: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb
import pyarrow as pa

from thrivekit.inputs import EXTRACTS, UnreadableInput, check_size, read_xlsx_sheets
from thrivekit.inputs.spreadsheets import sniff_delimiter, sniff_encoding

ROW = "_row"
# Where read_extract keeps its scratch copies of raw files inside `workdir`.
RAW_FOLDER = "raw"
_SNIFF_BYTES = 64 * 1024
_CHUNK = 16 * 1024 * 1024


class UnreadableFileError(UnreadableInput):
    """The file could not be read as a table, or is over a limit (thrivekit.inputs.EXTRACTS)."""


__all__ = ["RAW_FOLDER", "ROW", "UnreadableFileError", "read_extract", "sniff_delimiter"]


def _transcode_to_utf8(path: Path, encoding: str, workdir: Path) -> Path:
    # DuckDB reads UTF-8 only without extensions; convert once, streaming.
    target = workdir / (path.stem + ".utf8.csv")
    with (
        path.open("r", encoding=encoding, errors="replace", newline="") as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(_CHUNK):
            dst.write(chunk)
    return target


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path) -> pa.Table:
    # The one reader checks the zip (size, unpacked size, compression), rows and columns.
    sheets = read_xlsx_sheets(path, file_name=path.name, limits=EXTRACTS, first_only=True)
    rows = next(iter(sheets.values()), [])
    if not rows:
        raise UnreadableFileError(path.name, "has no header row")
    header = rows[0]
    names = [_cell_text(h) or f"column{i + 1}" for i, h in enumerate(header)]
    columns: list[list[str | None]] = [[] for _ in names]
    row_numbers: list[int] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or v == "" for v in row):
            continue  # openpyxl reports formatted but empty rows
        row_numbers.append(number)
        for i in range(len(names)):
            columns[i].append(_cell_text(row[i]) if i < len(row) else None)
    arrays = {ROW: pa.array(row_numbers, pa.int64())}
    for name, values in zip(names, columns, strict=True):
        arrays[name] = pa.array(values, pa.string())
    return pa.table(arrays)


def read_extract(
    con: duckdb.DuckDBPyConnection, path: Path | str, *, view: str, workdir: Path
) -> list[str]:
    """Create a DuckDB view `view` with `_row` and every column of the file as text.

    A CSV file is copied into `workdir` first; the caller deletes it (see RAW_FOLDER).
    Returns the column names as they appear in the file.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFileError(str(path), "does not exist")
    suffix = path.suffix.lower()
    try:
        check_size(path, file_name=path.name, limits=EXTRACTS)
        if suffix in {".xlsx", ".xlsm"}:
            table = _read_xlsx(path)
            con.register(f"{view}_arrow", table)
            source = f"{view}_arrow"
            names = [n for n in table.column_names if n != ROW]
            select = ", ".join([ROW] + [f"CAST({_q(n)} AS VARCHAR) AS {_q(n)}" for n in names])
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {select} FROM {source}")
            return names
        if suffix in {".parquet", ".pq"}:
            relation = f"read_parquet({_lit(path)}, file_row_number = true)"
            names = [
                row[0]
                for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
                if row[0] != "file_row_number"
            ]
            _parquet_view(con, path, view=view, names=names)
            return names
        return _read_csv(con, path, view=view, workdir=workdir)
    except UnreadableFileError:
        raise
    except UnreadableInput as error:
        raise UnreadableFileError(error.file_name, error.problem) from None
    except duckdb.Error as error:
        # The first line only: DuckDB goes on to quote the line it could not read.
        reason = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
        raise UnreadableFileError(path.name, f"could not be read as a table ({reason})") from None


def _starts_as_utf8(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    return sniff_encoding(head) == "utf-8-sig"  # a cut character may end the head


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, *, view: str, workdir: Path) -> list[str]:
    # DuckDB checks every value is UTF-8 as it copies the file, so only the start is checked
    # here; a Windows-1252 character further on makes the copy fail, and the file is then
    # transcoded and copied again.
    encoding = "utf-8" if _starts_as_utf8(path) else "cp1252"
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        head = handle.read(_SNIFF_BYTES).lstrip("\ufeff")
    if not head.strip():
        raise UnreadableFileError(path.name, "is empty")
    delimiter = sniff_delimiter(head)
    header = next(csv.reader(io.StringIO(head.splitlines()[0]), delimiter=delimiter))
    names = [h.strip() or f"column{i + 1}" for i, h in enumerate(header)]
    if len(names) > EXTRACTS.max_columns:
        raise UnreadableFileError(
            path.name,
            f"has more than {EXTRACTS.max_columns:,} columns, the limit for {EXTRACTS.what}",
        )
    # Copied once, in file order, to a scratch Parquet file: the file is then read in
    # parallel, a column at a time, with its row numbers (file_row_number), however often
    # it is read. Raw values: the caller deletes `workdir` (see RAW_FOLDER).
    target = workdir / RAW_FOLDER / f"{view}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)

    def copy_from(source: Path) -> None:
        con.execute(
            f"COPY (SELECT * FROM {_csv_relation(source, delimiter, names)}) TO {_lit(target)} "
            "(FORMAT parquet, COMPRESSION snappy, PRESERVE_ORDER true)"
        )

    if encoding == "utf-8":
        try:
            copy_from(path)
        except duckdb.InvalidInputException as error:
            if "unicode" not in str(error).lower():
                raise
            encoding = "cp1252"
    if encoding != "utf-8":
        copy_from(_transcode_to_utf8(path, encoding, workdir))
    _check_rows(con, target, path.name)
    _parquet_view(con, target, view=view, names=names)
    return names


def _check_rows(con: duckdb.DuckDBPyConnection, target: Path, file_name: str) -> None:
    # The Parquet footer holds the count: nothing is read again.
    rows = con.execute(f"SELECT count(*) FROM read_parquet({_lit(target)})").fetchone()[0]
    if rows > EXTRACTS.max_rows:
        raise UnreadableFileError(
            file_name,
            f"has more than {EXTRACTS.max_rows:,} rows, the limit for {EXTRACTS.what}: "
            "split it into parts",
        )


def _csv_relation(path: Path, delimiter: str, names: list[str]) -> str:
    # Explicit names and types: nothing is guessed, so every value arrives as written.
    columns = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    return (
        f"read_csv({_lit(path)}, delim = {_lit(delimiter)}, quote = '\"', escape = '\"', "
        f"header = true, columns = {columns}, null_padding = true, "
        f"strict_mode = false, auto_detect = false)"
    )


def _parquet_view(
    con: duckdb.DuckDBPyConnection, path: Path, *, view: str, names: list[str]
) -> None:
    relation = f"read_parquet({_lit(path)}, file_row_number = true)"
    select = ", ".join(
        ["file_row_number + 2 AS _row"] + [f"CAST({_q(n)} AS VARCHAR) AS {_q(n)}" for n in names]
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {select} FROM {relation}")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"
