"""Exports that are safe to open in Excel: CSV (RFC 4180, UTF-8 with BOM) and XLSX.

Every cell goes through :func:`safe_cell`, so text that a spreadsheet could run as a formula
(``=``, ``+``, ``-``, ``@``, tab, CR, LF or NUL first) starts with ``'`` (reliability anchor P27).
Pure Python plus openpyxl: no Django.
"""

from thrivekit.exports.cells import FORMULA_TRIGGERS, safe_cell
from thrivekit.exports.csv_export import csv_bytes, write_csv
from thrivekit.exports.xlsx_export import Sheet, sheet_names, xlsx_bytes

__all__ = [
    "FORMULA_TRIGGERS",
    "Sheet",
    "csv_bytes",
    "safe_cell",
    "sheet_names",
    "write_csv",
    "xlsx_bytes",
]
