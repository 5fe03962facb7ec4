"""The report as a tagged PDF, laid out by WeasyPrint from the same HTML as `render_html`.

Tagging: WeasyPrint 70 offers the "pdf/ua-1" variant, which writes the structure tree (headings,
lists, tables with their headers, figures with alternate text), the document title and language
and the PDF/UA identification in the XMP metadata. WeasyPrint does not check PDF/UA conformance
itself, so the file is "tagged as PDF/UA", not validated (veraPDF would do that).
"""

from __future__ import annotations

import logging
from functools import cache

from thrivekit.reporting.document import Report
from thrivekit.reporting.html import render_html, stylesheet

PDF_VARIANT = "pdf/ua-1"


@cache
def _pdf_stylesheet():
    from weasyprint import CSS

    return CSS(string=stylesheet("report-pdf.css"))


def render_pdf(report: Report) -> bytes:
    """An A4 PDF: contents with page numbers, "Page X of Y" and the site name in the footer,
    title, author and language (en-GB) in its metadata, and tagged for screen readers."""
    # Imported here: WeasyPrint needs Pango at import time, and the other formats do not.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_html(report, medium="pdf")
    # WeasyPrint logs every CSS property it does not support (e.g. the screen-only focus
    # styles) as a warning; they are expected, so keep its log to errors while rendering.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        # Nothing is fetched: the charts are data: URLs and the fonts are the system's.
        fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        document = HTML(string=html, url_fetcher=fetcher, base_url=None)
        return document.write_pdf(
            stylesheets=[_pdf_stylesheet()],
            pdf_variant=PDF_VARIANT,
            # "pdf/ua-1" already turns tagging on; said again so a change of variant keeps it.
            pdf_tags=True,
        )
    finally:
        logger.setLevel(level)
