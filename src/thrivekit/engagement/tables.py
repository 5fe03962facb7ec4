"""Reading an uploaded register: a CSV file or the first sheet of an Excel workbook, as text rows.

Row 1 is the header. A row is a list of trimmed strings; numbers typed into Excel come back as
they were typed ("12", not "12.0").
"""

import datetime as dt

from thrivekit.exports import FORMULA_TRIGGERS
from thrivekit.inputs import UPLOADS, UnreadableInput, read_table

# The one reader's error: its message names the file and the limit, never the content.
UnreadableFile = UnreadableInput


def read_rows(*, file_name: str, data: bytes) -> list[list[str]]:
    """The rows of a register, within the upload limits (thrivekit.inputs.UPLOADS)."""
    rows = read_table(data, file_name=file_name, limits=UPLOADS)
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
