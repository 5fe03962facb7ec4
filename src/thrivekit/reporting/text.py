"""Text out of a rendered report, for tests and for the disclosure check of a built report."""

from __future__ import annotations

import io
import re

# The PDF's page furniture: the running footer and the page numbers of the contents.
_FOOTER = re.compile(r"\s*Page \d+ of \d+\s*$")
_CONTENTS_PAGE = re.compile(r"(\s*\.){3,}\s*\d+\s*$")


def pdf_text(data: bytes, *, page_furniture: bool = True) -> str:
    """The PDF's text, page by page. With `page_furniture=False`, the "Page X of Y" footers and
    the contents' page numbers are left out, so what remains is what the report says (a scan
    for small counts should read that, since page numbers are not counts of people)."""
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    text = "\n".join(pages)
    if page_furniture:
        return text
    lines = []
    for line in text.splitlines():
        lines.append(_CONTENTS_PAGE.sub("", _FOOTER.sub("", line)))
    return "\n".join(lines)


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of the Word file, in document order, one per line."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                lines.append(item.text)
            elif isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell)

    walk(document)
    return "\n".join(lines)


def xlsx_text(data: bytes) -> str:
    """Every filled cell of the workbook, sheet by sheet (sheet names included), as text."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    lines: list[str] = []
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            values = ["" if value is None else str(value) for value in row]
            if any(values):
                lines.append(" | ".join(values).rstrip(" |"))
    workbook.close()
    return "\n".join(lines)
