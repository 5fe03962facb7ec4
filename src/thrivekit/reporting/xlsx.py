"""Every table of the report as a worksheet, after a "Contents" sheet that lists them."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.hyperlink import Hyperlink

from thrivekit.exports import Sheet, sheet_names, xlsx_bytes
from thrivekit.exports.xlsx_export import SHEET_NAME_LIMIT
from thrivekit.reporting.document import Report, Table

CONTENTS = "Contents"
_LINK = Font(color="005EB8", underline="single")


def _tables(report: Report) -> list[tuple[str, Table]]:
    return [
        (section.title, block)
        for section in report.sections
        for block in section.blocks
        if isinstance(block, Table)
    ]


def render_xlsx(report: Report) -> bytes:
    """A workbook: "Contents" (each sheet with its section, caption and note, linked), then one
    sheet per table with the caption, section and note above it. Cells are values, never
    formulas: text that a spreadsheet would run is kept as text (thrivekit.exports)."""
    tables = _tables(report)
    names = _names([table.caption for _, table in tables])
    header = ("Sheet", "Section", "Table", "Note")
    rows = [
        (name, section, table.caption, table.note)
        for name, (section, table) in zip(names, tables, strict=True)
    ]
    notes = [f"{report.title}: {report.site_name}", f"{report.version_label}."]
    if report.prepared:
        notes.append(f"Prepared {report.prepared}.")
    if not tables:
        notes.append("This report has no tables.")
    contents = Sheet(name=CONTENTS, header=header, rows=rows, notes=notes)
    sheets = [contents]
    for name, (section, table) in zip(names, tables, strict=True):
        table_notes = [table.caption, f"Section: {section}"]
        if table.note:
            table_notes.append(table.note)
        sheets.append(Sheet(name=name, header=table.columns, rows=table.rows, notes=table_notes))
    data = xlsx_bytes(sheets, title=f"{report.title}: {report.site_name}")
    return _link_contents(data, names, header_row=len(notes) + 2) if tables else data


def _names(captions: list[str]) -> list[str]:
    """A valid, distinct sheet name per table, from its caption. A repeated caption gets a
    letter, "(b)", "(c)"..., not a number: a number in a report could be read as a count."""
    taken = {CONTENTS.casefold()}
    names = []
    for caption in captions:
        base = sheet_names([caption])[0]
        name, letters = base, _letters()
        while name.casefold() in taken:
            suffix = f" ({next(letters)})"
            name = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        taken.add(name.casefold())
        names.append(name)
    # Already valid and distinct, so this changes nothing: it is what xlsx_bytes will use.
    assert sheet_names([CONTENTS, *names])[1:] == names
    return names


def _letters():
    """b, c, ..., z, ab, ac, ...: suffixes for repeated names (the first has none)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    yield from alphabet[1:]
    for first in alphabet:
        for second in alphabet[1:]:
            yield first + second


def _link_contents(data: bytes, names: list[str], *, header_row: int) -> bytes:
    """Each sheet name on the Contents sheet becomes a link to that sheet."""
    workbook = load_workbook(io.BytesIO(data))
    contents = workbook[CONTENTS]
    for offset, name in enumerate(names, start=1):
        cell = contents.cell(row=header_row + offset, column=1)
        quoted = name.replace("'", "''")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1")
        cell.font = _LINK
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
