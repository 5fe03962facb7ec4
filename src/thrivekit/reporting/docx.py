"""The report as an editable Word file (python-docx) with real styles: "Title", "Heading 1" per
section and "Heading 2" per subheading (so Word's navigation pane and contents work), "List
Bullet", "Quote", "Caption", tables whose header row repeats on every page, and charts as
pictures whose alternative text is the chart's description."""

from __future__ import annotations

import io
import struct

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor

from thrivekit.reporting.cells import cell_text, numeric_columns
from thrivekit.reporting.document import (
    Bullets,
    Chart,
    Empty,
    Paragraph,
    Quote,
    Report,
    Subheading,
    Table,
)
from thrivekit.reporting.figures import chart_png
from thrivekit.reporting.html import summary_paragraphs

LANGUAGE = "en-GB"
FONT = "Arial"
TEXT_COLOUR = RGBColor(0x21, 0x2B, 0x32)
SECONDARY_COLOUR = RGBColor(0x4C, 0x62, 0x72)
CHART_SCALE = 2
# A4 less 20 mm margins each side.
TEXT_WIDTH = Mm(170)
CHART_HEIGHT = Mm(180)  # room for a heading and the caption on the same page
# <w:settings> children that must come after <w:updateFields> (ECMA-376 order).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC, ...) marked dirty so Word works it out on opening."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _update_fields_on_open(document) -> None:
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    for tag in _AFTER_UPDATE_FIELDS:
        later = settings.find(qn(tag))
        if later is not None:
            later.addprevious(update)
            return
    settings.append(update)


def _set_up_styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), LANGUAGE)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Quote", "Caption"):
        style = styles[name]
        style.font.name = FONT
        # The theme font would win over the style's for East Asian and complex scripts.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), FONT)
    styles["Normal"].font.size = Pt(11)
    styles["Normal"].font.color.rgb = TEXT_COLOUR
    for name, size in (("Title", 26), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = TEXT_COLOUR
    styles["Caption"].font.size = Pt(10)
    styles["Caption"].font.color.rgb = TEXT_COLOUR


def _set_up_page(document, report: Report) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    footer = section.footer.paragraphs[0]
    footer.text = f"{report.site_name}    "
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(9)
        run.font.color.rgb = SECONDARY_COLOUR


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _add_table(document, table: Table) -> None:
    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    width = max(len(table.columns), max((len(row) for row in table.rows), default=0), 1)
    grid = document.add_table(rows=1, cols=width)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = grid.rows[0]
    _repeat_as_header(header)
    for cell, name in zip(header.cells, table.columns, strict=False):
        cell.paragraphs[0].add_run(str(name)).bold = True
    numeric = numeric_columns(table)
    for column, is_number in enumerate(numeric):
        if is_number:
            header.cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cells = grid.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, row, strict=False)):
            cell.text = cell_text(value)
            if column < len(numeric) and numeric[column]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
    if table.note:
        note = document.add_paragraph()
        run = note.add_run(table.note)
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = SECONDARY_COLOUR


def _add_chart(document, chart: Chart) -> None:
    caption = document.add_paragraph(chart.title, style="Caption")
    caption.paragraph_format.keep_with_next = True
    png = chart_png(chart.spec, scale=CHART_SCALE)
    pixel_width, pixel_height = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    # As drawn on screen, but no wider than the text and no taller than most of a page.
    width = min(TEXT_WIDTH, Inches(pixel_width / CHART_SCALE / 96))
    width = min(width, round(CHART_HEIGHT * pixel_width / pixel_height))
    picture = document.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    shape = picture.add_run().add_picture(io.BytesIO(png), width=width)
    properties = shape._inline.docPr
    properties.set("descr", chart.description)
    properties.set("title", chart.title)
    description = document.add_paragraph()
    run = description.add_run(chart.description)
    run.font.color.rgb = SECONDARY_COLOUR


def _add_block(document, block) -> None:
    if isinstance(block, Paragraph):
        document.add_paragraph(block.text)
    elif isinstance(block, Subheading):
        document.add_heading(block.text, level=2)
    elif isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _add_table(document, block)
    elif isinstance(block, Chart):
        _add_chart(document, block)
    elif isinstance(block, Quote):
        document.add_paragraph(f"“{block.text}”", style="Quote")
        if block.attribution:
            attribution = document.add_paragraph(block.attribution)
            attribution.paragraph_format.left_indent = Mm(10)
    elif isinstance(block, Empty):
        paragraph = document.add_paragraph()
        paragraph.add_run("Not captured yet. ").bold = True
        paragraph.add_run(block.message)
        fills = document.add_paragraph()
        fills.add_run("What fills it: ").bold = True
        fills.add_run(block.fills_it)
    else:  # pragma: no cover - every block type is handled above
        raise TypeError(f"unknown block {block!r}")


def render_docx(report: Report) -> bytes:
    """An A4 Word document: title page with a contents field (Word fills it in on opening),
    the executive summary, then one "Heading 1" per section, each on a new page."""
    document = Document()
    _set_up_styles(document)
    _set_up_page(document, report)
    _update_fields_on_open(document)
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.site_name
    properties.author = report.site_name
    properties.language = LANGUAGE
    properties.comments = report.version_label
    properties.keywords = "THRIVE Framework; Phase 1"

    document.add_paragraph(report.title, style="Title")
    for label, value in (
        ("Site", report.site_name),
        ("Status", report.version_label),
        ("Prepared", report.prepared),
    ):
        if value:
            line = document.add_paragraph()
            line.add_run(f"{label}: ").bold = True
            line.add_run(value)
    document.add_paragraph("Contents", style="TOC Heading")
    contents = document.add_paragraph()
    _field(
        contents,
        r'TOC \o "1-2" \h \z \u',
        "The contents appear when Word updates this field: if they are missing, right-click "
        "here and choose Update Field.",
    )

    summary = summary_paragraphs(report)
    if summary:
        heading = document.add_heading("Executive summary", level=1)
        heading.paragraph_format.page_break_before = True
        for paragraph in summary:
            document.add_paragraph(paragraph)
    for section in report.sections:
        heading = document.add_heading(section.title, level=1)
        heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            _add_block(document, block)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
