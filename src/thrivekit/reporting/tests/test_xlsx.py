"""The workbook: every table of the report as a sheet, listed on a Contents sheet."""

import io

import pytest
from openpyxl import load_workbook

from thrivekit.reporting import Paragraph, Report, Section, render_xlsx


@pytest.fixture(scope="module")
def workbook(report):
    return load_workbook(io.BytesIO(render_xlsx(report)))


def rows(sheet):
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_a_contents_sheet_then_a_sheet_per_table(workbook):
    assert workbook.sheetnames == [
        "Contents",
        "People who took part, by group",
        "Checklist actions in place",
    ]
    contents = rows(workbook["Contents"])
    header = contents.index(["Sheet", "Section", "Table", "Note"])
    listed = contents[header + 1 :]
    assert listed[0][:3] == [
        "People who took part, by group",
        "Engagement and coverage",
        "People who took part, by group",
    ]
    assert listed[0][3].startswith("Counts of 1 to 7 are shown as <8")
    assert listed[1][:2] == ["Checklist actions in place", "THRIVE Assessment and checklist"]
    link = workbook["Contents"].cell(row=header + 2, column=1).hyperlink
    assert link.location == "'People who took part, by group'!A1"


def test_a_table_sheet_has_its_caption_note_and_values(workbook):
    sheet = rows(workbook["People who took part, by group"])
    assert sheet[0] == ["People who took part, by group", None, None]
    assert sheet[1][0] == "Section: Engagement and coverage"
    assert sheet[2][0].startswith("Counts of 1 to 7")
    assert ["Group", "People", "Share"] in sheet
    assert ["Young people", "<8", None] in sheet
    assert ["Parents and carers", 15, "40%"] in sheet


def test_text_that_looks_like_a_formula_stays_text(workbook):
    cells = [c for row in workbook["People who took part, by group"].iter_rows() for c in row]
    formula_like = [c for c in cells if isinstance(c.value, str) and "1+1" in c.value]
    assert [(c.value, c.data_type) for c in formula_like] == [("'=1+1", "s")]


def test_a_report_without_tables_still_opens_and_says_so():
    report = Report("Report", "Site", "2026-12-05", (Section("a", "A", (Paragraph("x"),)),))
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    assert workbook.sheetnames == ["Contents"]
    assert any("This report has no tables." in r for r in rows(workbook["Contents"]))
