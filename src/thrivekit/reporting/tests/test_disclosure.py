"""The renderers add no small numbers of their own: the only numbers in a built report are the
ones the assembler put there (already protected), so the issue's scan of the PDF's and the
Word file's text finds no count from 1 to 7 unless a section itself contains one."""

import re

import pytest

from thrivekit.reporting import (
    Bullets,
    Chart,
    Empty,
    Paragraph,
    Quote,
    Report,
    Section,
    Subheading,
    Table,
    render_docx,
    render_pdf,
    render_xlsx,
)
from thrivekit.reporting.tests.conftest import BAR_SPEC
from thrivekit.reporting.text import docx_text, pdf_text, xlsx_text

SMALL_COUNT = re.compile(r"(?<![\d.,])[1-7](?![\d.,]*\d)")


def protected_report() -> Report:
    """A report whose own text has no number from 1 to 7: counts are "<8" or 10 and over."""
    return Report(
        title="Phase One analysis report and implementation plan",
        site_name="Riverside",
        prepared="2026-12-18",
        executive_summary="A summary.\n\nAnother paragraph.",
        sections=tuple(
            Section(
                id=f"part-{letter}",
                title=f"Part {letter.upper()}",
                blocks=(
                    Subheading("Who took part"),
                    Paragraph("Most people took part."),
                    Bullets(("Schools", "Families")),
                    Table("People by group", ("Group", "People"), (("Young people", "<8"),)),
                    Table("Referrals", ("Grouping", "Referrals"), (("Getting help", 85),)),
                    Chart("Referrals by grouping", BAR_SPEC, "Getting help has the most."),
                    Quote("It helped.", "A parent"),
                    Empty("Nothing yet.", "The mapping step fills it."),
                ),
            )
            for letter in "abc"
        ),
    )


@pytest.fixture(scope="module")
def report():
    report = protected_report()
    assert not any(SMALL_COUNT.search(s.title) for s in report.sections)
    return report


def test_the_word_file_and_the_workbook_add_no_small_counts(report):
    assert not SMALL_COUNT.findall(docx_text(render_docx(report)))
    assert not SMALL_COUNT.findall(xlsx_text(render_xlsx(report)))


def test_the_pdf_adds_no_small_counts_besides_its_page_numbers(report):
    data = render_pdf(report)
    assert SMALL_COUNT.search(pdf_text(data))  # "Page 1 of ..." is there
    assert not SMALL_COUNT.findall(pdf_text(data, page_furniture=False))
