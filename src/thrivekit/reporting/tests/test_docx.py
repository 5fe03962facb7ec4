"""The Word report: editable, with the styles Word's navigation pane and contents rely on."""

import io

import pytest
from docx import Document

from thrivekit.reporting import render_docx
from thrivekit.reporting.text import docx_text


@pytest.fixture(scope="module")
def word(report):
    return render_docx(report)


@pytest.fixture(scope="module")
def document(word):
    return Document(io.BytesIO(word))


def styled(document, style):
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_sections_are_heading_1_and_subheadings_heading_2(document, report):
    assert styled(document, "Title") == [report.title]
    assert styled(document, "Heading 1") == ["Executive summary"] + [
        s.title for s in report.sections
    ]
    assert styled(document, "Heading 2") == ["Where the site stands"]


def test_there_is_a_contents_field_word_fills_in(document):
    codes = document.element.body.xpath(".//w:instrText")
    assert any(code.text.strip().startswith("TOC") for code in codes)
    settings = document.settings.element
    assert settings.xpath("./w:updateFields/@w:val") == ["true"]


def test_bullets_quotes_and_the_empty_section(document):
    assert styled(document, "List Bullet") == ["Schools", "GP practices", "Voluntary sector"]
    assert styled(document, "Quote") == ["“We finally talk the same language.”"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Not captured yet. No qualitative feedback has been imported yet." in text
    assert "What fills it: Step 2, Understanding your system" in text


def test_tables_keep_protected_counts_and_repeat_their_header_row(document):
    assert len(document.tables) == 2
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Group", "People", "Share"]
    assert [c.text for c in first.rows[1].cells] == ["Young people", "<8", ""]
    assert first.rows[0]._tr.xpath("./w:trPr/w:tblHeader/@w:val") == ["true"]
    assert all(run.bold for run in first.rows[0].cells[0].paragraphs[0].runs)
    captions = styled(document, "Caption")
    assert "People who took part, by group" in captions


def test_charts_are_pictures_with_their_description_as_alt_text(document):
    pictures = document.inline_shapes
    assert len(pictures) == 2
    described = [shape._inline.docPr.get("descr") for shape in pictures]
    assert described[0] == "Bar chart: Getting help has the most referrals, 85."
    assert all(described)


def test_the_document_is_a4_in_british_english(document, report):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title == report.title
    assert document.styles.element.xpath(".//w:docDefaults//w:lang/@w:val") == ["en-GB"]


def test_docx_text_reads_paragraphs_and_table_cells_in_order(word):
    text = docx_text(word)
    assert text.index("Engagement and coverage") < text.index("Young people")
    assert text.index("Young people") < text.index("What people told us")
