"""How a table cell reads in the HTML, PDF and Word reports (the workbook keeps the values)."""

from __future__ import annotations

import math
import re

from thrivekit.reporting.document import Cell, Table

# Protected counts ("<8", "~15", "15*") and percentages read as numbers: aligned right.
_NUMBER_LIKE = re.compile(r"^[<>≤≥~]?\s*-?[\d,]+(\.\d+)?\s*%?\*?$")


def cell_text(value: Cell) -> str:
    """The cell as text: nothing for None, whole numbers with thousands separators, other
    numbers as they are (the assembler has already rounded them), text unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.10g}" if abs(value) < 1e15 else str(value)
    return str(value)


def is_numeric(value: Cell) -> bool:
    """True for numbers and protected counts, which line up on the right."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(_NUMBER_LIKE.match(value.strip()))


def numeric_columns(table: Table) -> list[bool]:
    """Columns whose every filled cell is a number or a protected count line up on the right."""
    numeric = []
    for i in range(len(table.columns)):
        filled = [row[i] for row in table.rows if i < len(row) and cell_text(row[i])]
        numeric.append(bool(filled) and all(is_numeric(value) for value in filled))
    return numeric
