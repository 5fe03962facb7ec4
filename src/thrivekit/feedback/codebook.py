"""Codebooks as CSV, in the columns Taguette exports and imports.

Taguette's codebook export writes ``tag, parent, description, number of highlights``; its
import takes the code's name from exactly one of ``tag``, ``name`` or ``path`` (header matched
in any case), with optional ``description`` and ``parent`` columns, skips empty rows and refuses
a row with an empty name. Both are followed here, so a codebook goes to and from Taguette (and
anything that reads a plain CSV). Cells that a spreadsheet would run as a formula are written
with a leading apostrophe, which is taken off again on import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from thrivekit.inputs.spreadsheets import sniff_delimiter

HEADER = ("tag", "parent", "description", "number of highlights")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CodebookEntry:
    name: str
    description: str = ""
    parent: str | None = None  # the parent code's name


class CodebookError(ValueError):
    """A CSV that is not a codebook; ``row`` is the file's row (the header is row 1)."""

    def __init__(self, message: str, row: int | None = None) -> None:
        self.message = message
        self.row = row
        super().__init__(f"row {row}: {message}" if row else message)


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _unsafe(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def codebook_to_csv(
    entries: Sequence[CodebookEntry], *, highlights: Mapping[str, int] | None = None
) -> str:
    """The codebook as Taguette's codebook CSV (``highlights``: code name -> count, else 0)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for entry in entries:
        writer.writerow(
            [
                _safe(entry.name),
                _safe(entry.parent or ""),
                _safe(entry.description),
                (highlights or {}).get(entry.name, 0),
            ]
        )
    return out.getvalue()


def codebook_from_csv(text: str) -> list[CodebookEntry]:
    """The entries of a codebook CSV (Taguette's export, or any CSV with a tag/name/path
    column). Raises :class:`CodebookError` naming the row."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CodebookError("The file is empty: a codebook CSV needs a header row.")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error:
        raise CodebookError("The file is not a readable CSV file.") from None
    header = [cell.strip().lower() for cell in rows[0]]
    named = [column for column in ("tag", "name", "path") if column in header]
    if len(named) > 1:
        raise CodebookError("Not sure which column holds the code: use one of tag, name, path.")
    if not named:
        raise CodebookError("There is no 'tag', 'name' or 'path' column.")
    name_at = header.index(named[0])
    description_at = header.index("description") if "description" in header else None
    parent_at = header.index("parent") if "parent" in header else None
    needed = max(i for i in (name_at, description_at, parent_at) if i is not None) + 1
    entries: list[CodebookEntry] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < needed:
            raise CodebookError("The row has too few columns.", number)
        name = _unsafe(row[name_at].strip())
        if not name:
            raise CodebookError("The code has no name.", number)
        if name in seen:
            raise CodebookError("The code is listed twice.", number)
        seen.add(name)
        description = _unsafe(row[description_at].strip()) if description_at is not None else ""
        parent = _unsafe(row[parent_at].strip()) if parent_at is not None else ""
        entries.append(CodebookEntry(name=name, description=description, parent=parent or None))
    return entries
