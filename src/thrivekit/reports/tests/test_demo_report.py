"""The demo site's Phase 1 report: every section has content, and no count of 1 to 7 people
appears in it, in its data or in the PDF, Word and Excel files drawn from it (issue 18).

Seeding the demo takes a few seconds, so one test seeds it once and checks the report and
its files (the command is tested on a small site in test_versions.py).
"""

import io
import re

import pytest

from thrivekit.demo.services import SITE_SLUG, demo_seed
from thrivekit.reporting.document import Empty, Table, from_json, to_json
from thrivekit.reporting.text import docx_text, pdf_text
from thrivekit.reports.assemble import SECTION_IDS, policy_for, report_assemble
from thrivekit.reports.render import render
from thrivekit.sites.models import Site

SMALL = {1, 2, 3, 4, 5, 6, 7}
# A number of 1 to 7 right before a word that counts people (or what young people do):
# "3 young people", "5 referrals", "2 moves". "Tier 4 Liaison", "1 step", "4 services" and
# dates are not counts of people, so they are not matched.
COUNT_OF_PEOPLE = re.compile(
    r"(?<![\d.,/:–-])\b([1-7])\s+(?:more\s+|fewer\s+|of\s+them\s+)?"
    r"(?:referrals?|young\s+people|young\s+person|children|families|patients|people|waiting"
    r"|contacts?|attended|moves?|cases|respondents?|responses?|episodes)\b",
    re.IGNORECASE,
)


def small_cells(report) -> list[tuple[str, str, tuple]]:
    """(section, table caption, row) for each table cell that is a count of 1 to 7: an integer
    1..7, or a string that is exactly such a number."""
    found = []
    for section in report.sections:
        for block in section.blocks:
            if not isinstance(block, Table):
                continue
            for row in block.rows:
                for cell in row:
                    is_small = (isinstance(cell, int) and not isinstance(cell, bool)) and (
                        cell in SMALL
                    )
                    is_small = is_small or (isinstance(cell, str) and cell.strip() in map(
                        str, SMALL
                    ))  # fmt: skip
                    if is_small:
                        found.append((section.id, block.caption, row))
    return found


def without_rule(text: str, site) -> str:
    """The text on one line, less the sentences that state the disclosure rule itself
    ("Counts of 1 to 7 people are shown as *"), which name the threshold, not a count."""
    flat = " ".join(text.split())
    for sentence in policy_for(site).describe().split(". "):
        flat = flat.replace(" ".join(sentence.split()), "")
    return re.sub(r"group of \d people or fewer", "", flat)


def docx_table_cells(data: bytes) -> list[str]:
    from docx import Document

    cells = []
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells += [cell.text.strip() for cell in row.cells]
    return cells


def xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


@pytest.mark.slow  # seeds the demo and draws its PDF and Word files: 40 s or more
@pytest.mark.django_db
def test_the_demo_report_has_every_section_and_no_count_of_one_to_seven_in_any_file():
    """Given the seeded demo site, when its whole report is assembled, then every section has
    content (no "no data" block) and no table cell is a count of 1 to 7.

    Then the files: the Word file's table cells are read one by one (a cell that is exactly
    1 to 7 is a leak); the Excel workbook's cells likewise. A PDF has no cells once drawn, and
    its text holds section numbers, dates split over lines ("6 / Dec / 2026"), "Tier 4" and
    "1 step", so the PDF's text (less page numbers and the sentences stating the rule) is
    scanned for a number of 1 to 7 standing before a word that counts people ("3 young
    people", "5 referrals", "2 moves"); the Word file's whole text gets the same scan.
    """
    demo_seed()
    site = Site.objects.get(slug=SITE_SLUG)

    report = report_assemble(site=site, executive_summary="Waits are the first concern.")

    assert [s.id for s in report.sections] == list(SECTION_IDS)
    empty = [(s.id, b.message) for s in report.sections for b in s.blocks if isinstance(b, Empty)]
    assert not empty, empty
    assert all(len(s.blocks) >= 2 for s in report.sections if s.id != "summary")
    assert not small_cells(report)
    assert from_json(to_json(report)) == report

    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF")
    pdf_words = without_rule(pdf_text(pdf, page_furniture=False), site)
    assert "Implementation plan" in pdf_words
    assert not COUNT_OF_PEOPLE.findall(pdf_words), COUNT_OF_PEOPLE.findall(pdf_words)

    docx = render(report, "docx")
    cells = docx_table_cells(docx)
    assert len(cells) > 500
    assert not [c for c in cells if c in {str(n) for n in SMALL}]
    assert not COUNT_OF_PEOPLE.findall(without_rule(docx_text(docx), site))

    workbook = xlsx_cells(render(report, "xlsx"))
    assert not [c for c in workbook if c in SMALL or (isinstance(c, str) and c.strip() in
                                                      {str(n) for n in SMALL})]  # fmt: skip
