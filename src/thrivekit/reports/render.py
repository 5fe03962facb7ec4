"""The renderers of `thrivekit.reporting`, imported only when a report is drawn."""

from thrivekit.reporting.document import Report

FORMATS = ("html", "pdf", "docx", "xlsx")


def render_html(report: Report, *, nonce: str | None = None) -> str:
    from thrivekit.reporting.html import render_html as html

    return html(report, nonce=nonce)


def render(report: Report, file_format: str) -> bytes:
    """The report as a file of `file_format` (html, pdf, docx or xlsx)."""
    if file_format not in FORMATS:
        raise ValueError(f"Unknown report format {file_format!r}: use one of {', '.join(FORMATS)}")
    if file_format == "html":
        return render_html(report).encode("utf-8")
    from thrivekit.reporting import RENDERERS

    return RENDERERS[file_format].render_bytes(report)
