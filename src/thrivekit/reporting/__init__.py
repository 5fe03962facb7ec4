"""The Phase 1 report: its document model and its renderers (HTML, PDF, Word, Excel).

Pure Python: no Django. The Django app `thrivekit.reports` assembles a `Report` from a site's
data and stores published versions.
"""

from collections.abc import Callable
from dataclasses import dataclass

from thrivekit.reporting.document import (
    SCHEMA,
    Bullets,
    Chart,
    Empty,
    Paragraph,
    Quote,
    Report,
    Section,
    Subheading,
    Table,
    from_json,
    section_text,
    to_json,
)
from thrivekit.reporting.docx import render_docx
from thrivekit.reporting.html import render_html
from thrivekit.reporting.pdf import render_pdf
from thrivekit.reporting.xlsx import render_xlsx


@dataclass(frozen=True)
class Format:
    """One way to download the report."""

    name: str  # what a person picks: "Web page (HTML)", ...
    render: Callable[[Report], str | bytes]
    content_type: str
    extension: str  # without the dot

    def render_bytes(self, report: Report) -> bytes:
        """The file's bytes (the HTML encoded as UTF-8)."""
        output = self.render(report)
        return output.encode("utf-8") if isinstance(output, str) else output


RENDERERS: dict[str, Format] = {
    "html": Format("Web page (HTML)", render_html, "text/html; charset=utf-8", "html"),
    "pdf": Format("PDF", render_pdf, "application/pdf", "pdf"),
    "docx": Format(
        "Word document",
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": Format(
        "Excel workbook of every table",
        render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
}

__all__ = [
    "RENDERERS",
    "SCHEMA",
    "Bullets",
    "Chart",
    "Empty",
    "Format",
    "Paragraph",
    "Quote",
    "Report",
    "Section",
    "Subheading",
    "Table",
    "from_json",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "section_text",
    "to_json",
]
