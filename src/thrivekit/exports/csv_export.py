"""CSV exports that open safely in Excel: RFC 4180 quoting, CRLF, UTF-8 with a byte order mark.

Excel only reads a CSV file as UTF-8 when it starts with a BOM; without it "Zoë" comes out as
"ZoÃ«". Every cell goes through :func:`~thrivekit.exports.cells.safe_cell`.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from thrivekit.exports.cells import export_value

BOM = "\ufeff"


def _write_rows(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([export_value(name) for name in header])
    for row in rows:
        writer.writerow([export_value(value) for value in row])


def write_csv(
    target: TextIO | str | os.PathLike[str],
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> None:
    """Write a header and rows as CSV to an open text stream or to a file.

    A file gets a BOM and is replaced in one step, so a failure part-way leaves no half-written
    export behind. An open stream is written as it is (no BOM); open it with ``newline=""``.
    """
    if not isinstance(target, str | os.PathLike):
        _write_rows(target, header, rows)
        return
    path = Path(target)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # errors="replace": a stray lone surrogate must not stop an export.
        with open(handle, "w", encoding="utf-8-sig", errors="replace", newline="") as stream:
            _write_rows(stream, header, rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The CSV as bytes (UTF-8 with a BOM), e.g. for an HTTP download."""
    stream = io.StringIO(newline="")
    _write_rows(stream, header, rows)
    return (BOM + stream.getvalue()).encode("utf-8", errors="replace")
