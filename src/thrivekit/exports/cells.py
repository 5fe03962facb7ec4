"""One rule for every exported cell: text that a spreadsheet could run as a formula is neutralised.

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab, carriage return, line feed or NUL can hide such a start (OWASP "CSV
injection"; ASVS 1.2.10; reliability anchor P27). A leading apostrophe makes the cell text.
"""

from __future__ import annotations

import datetime as dt
import numbers
from decimal import Decimal
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def safe_cell(value: Any) -> Any:
    """Text starting with a formula trigger gets a leading ``'``; anything else is unchanged.

    >>> safe_cell("=HYPERLINK(...)"), safe_cell("-5"), safe_cell(-5)
    ("'=HYPERLINK(...)", "'-5", -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def is_plain_value(value: object) -> bool:
    """True for values a spreadsheet stores as themselves: numbers, booleans, dates, times, None."""
    return value is None or isinstance(
        value, bool | numbers.Real | Decimal | dt.date | dt.datetime | dt.time | dt.timedelta
    )


def export_value(value: object) -> object:
    """A value ready for an export: plain values as they are, anything else as safe text.

    Objects that are not text (an Enum, a UUID, a lazy translation) would be turned into text by
    the writer after the check, so they become text *before* it.
    """
    if is_plain_value(value):
        return value
    return safe_cell(value if isinstance(value, str) else str(value))
