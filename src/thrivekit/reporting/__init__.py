"""The Phase 1 report: its document model and its renderers (HTML, PDF, Word, Excel).

Pure Python: no Django. The Django app `thrivekit.reports` assembles a `Report` from a site's
data and stores published versions.
"""

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

__all__ = [
    "SCHEMA",
    "Bullets",
    "Chart",
    "Empty",
    "Paragraph",
    "Quote",
    "Report",
    "Section",
    "Subheading",
    "Table",
    "from_json",
    "section_text",
    "to_json",
]
