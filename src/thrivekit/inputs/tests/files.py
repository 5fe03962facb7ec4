"""Files that break the upload limits, for the reader's tests and for every caller's."""

from __future__ import annotations

import dataclasses
import io
import zipfile

from openpyxl import Workbook

from thrivekit.inputs import UPLOADS

MB = 1024 * 1024


def limit_uploads(monkeypatch, *modules: str, **limits) -> None:
    """Make the upload limits ``limits`` (``max_bytes=1000``) where ``modules`` read UPLOADS."""
    smaller = dataclasses.replace(UPLOADS, **limits)
    for module in modules:
        monkeypatch.setattr(f"{module}.UPLOADS", smaller)


def workbook_bytes(rows, *, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb_xlsx(rows=(("a", "b"), (1, 2)), *, unpacked_mb: int = 30) -> bytes:
    """A real, small workbook with one more part: ``unpacked_mb`` of zeros packed ~1000 to 1.

    openpyxl would open it without complaint; only the zip's directory gives it away.
    """
    buffer = io.BytesIO(workbook_bytes(rows))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(unpacked_mb * MB))
    return buffer.getvalue()


def csv_bytes_of_size(size: int, header: str = "a,b") -> bytes:
    """A well-formed CSV file of at least ``size`` bytes."""
    line = b"12345,67890\n"
    return header.encode() + b"\n" + line * (size // len(line) + 1)


def csv_rows(count: int, header: str = "a,b") -> bytes:
    return (header + "\n" + "".join(f"{n},x\n" for n in range(count))).encode()
