"""Excel workbooks: one worksheet per table, every cell a value (never a formula).

Each worksheet has optional note lines (for example the disclosure rule) in italics, a blank
row, a bold header row with the panes frozen below it and an autofilter, then the rows.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thrivekit.exports.cells import export_value, safe_cell

SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Excel keeps 15 significant digits: a longer whole number (a reference, say) would be changed.
_LARGEST_EXACT_WHOLE_NUMBER = 10**15 - 1
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_ITALIC, _BOLD = Font(italic=True), Font(bold=True)


@dataclass(frozen=True)
class Sheet:
    """A table for one worksheet; ``notes`` are lines written above it."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    notes: Sequence[str] = ()


def sheet_names(wanted: Sequence[str]) -> list[str]:
    """Valid, distinct worksheet names: no ``[]:*?/\\``, at most 31 characters, not blank."""
    names: list[str] = []
    taken: set[str] = set()
    for name in wanted:
        base = _clean_text(str(name)).replace("[", "(").replace("]", ")")
        base = re.sub(r"-{2,}", "-", _SHEET_NAME_FORBIDDEN.sub("-", base))
        base = base.strip(" -'")
        if not base:
            base = "Sheet"
        if base.casefold() == "history":  # reserved by Excel
            base = f"{base} (data)"
        base = base[:SHEET_NAME_LIMIT].rstrip(" -'") or "Sheet"
        candidate, number = base, 1
        while candidate.casefold() in taken:  # Excel compares names ignoring case
            number += 1
            suffix = f" ({number})"
            candidate = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


def _clean_text(text: str) -> str:
    # Characters XML 1.0 cannot hold would make openpyxl refuse the whole workbook.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return _SURROGATES.sub("\ufffd", text)


def _excel_value(value: object) -> object:
    """A value openpyxl stores as itself, or text that has been through safe_cell."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: write the moment in UTC and say so in the cell format.
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.time) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        if abs(int(value)) > _LARGEST_EXACT_WHOLE_NUMBER:
            return safe_cell(str(value))
        return int(value)
    if isinstance(value, Decimal | numbers.Real):
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if not finite:
            # Excel has no NaN or infinity: NaN means "no value"; infinities are written as text.
            nan = value.is_nan() if isinstance(value, Decimal) else math.isnan(value)
            return None if nan else safe_cell(str(value))
        return value if isinstance(value, Decimal | float) else float(value)
    value = export_value(value)
    return _clean_text(value) if isinstance(value, str) else value


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 19
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _write_sheet(worksheet, sheet: Sheet) -> None:
    notes = [_excel_value(str(note)) for note in sheet.notes]
    for row, note in enumerate(notes, start=1):
        cell = worksheet.cell(row=row, column=1, value=note)
        cell.data_type, cell.font = TYPE_STRING, _ITALIC
    header_row = len(notes) + 2 if notes else 1  # a blank row keeps the notes out of the table

    header = [_excel_value(str(name)) for name in sheet.header]
    widths = [_display_width(name) for name in header]
    for column, name in enumerate(header, start=1):
        cell = worksheet.cell(row=header_row, column=column, value=name)
        cell.data_type, cell.font = TYPE_STRING, _BOLD

    last_row = header_row
    for row in sheet.rows:
        last_row += 1
        for column, raw in enumerate(row, start=1):
            value = _excel_value(raw)
            cell = worksheet.cell(row=last_row, column=column, value=value)
            if isinstance(value, str):
                # openpyxl would read "=..." as a formula and "#N/A" as an error: keep text text.
                cell.data_type = TYPE_STRING
            elif isinstance(raw, dt.datetime) and raw.tzinfo is not None:
                cell.number_format = 'yyyy-mm-dd hh:mm:ss "UTC"'
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], _display_width(value))

    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        worksheet.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    if header:
        worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1).coordinate
        last_column = get_column_letter(max(len(widths), 1))
        worksheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"


def xlsx_bytes(sheets: Sequence[Sheet], *, title: str | None = None) -> bytes:
    """An .xlsx workbook with one worksheet per :class:`Sheet`, in order."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook()
    workbook.remove(workbook.active)
    if title:
        workbook.properties.title = _clean_text(title)
    workbook.properties.creator = "thrivekit"
    for sheet, name in zip(sheets, sheet_names([s.name for s in sheets]), strict=True):
        _write_sheet(workbook.create_sheet(title=name), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
