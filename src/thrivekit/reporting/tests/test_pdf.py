"""The PDF report: WeasyPrint lays out the same HTML, with contents, page numbers and tags."""

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from thrivekit.reporting import RENDERERS, render_pdf
from thrivekit.reporting.text import pdf_text


@pytest.fixture(scope="module")
def pdf(report) -> bytes:
    return render_pdf(report)


def test_the_pdf_has_every_section_and_numbered_pages(pdf, report):
    text = pdf_text(pdf)
    for section in report.sections:
        assert section.title in text
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    # Contents, executive summary, then one page (at least) per section.
    assert pages >= 2 + len(report.sections)
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert text.count(report.site_name) >= pages  # the site name in every footer


def test_the_contents_give_each_sections_page(pdf):
    contents = pdf_text(pdf).split("Contents", 1)[1]
    assert "Engagement and coverage" in contents
    line = next(line for line in contents.splitlines() if "What people told us" in line)
    assert line.rstrip().endswith("5")  # cover, summary, then three sections: page 5


def test_page_furniture_can_be_left_out_of_the_text(pdf, report):
    text = pdf_text(pdf, page_furniture=False)
    assert "Page 1 of" not in text
    assert "What people told us" in text
    assert "Young people <8" in text


def test_the_pdf_is_tagged_with_its_title_and_language(pdf, report):
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title.startswith(report.title)
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_the_first_pages_are_not_blank(pdf, tmp_path):
    # Given the PDF, when its first two pages are drawn as images
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png", "report.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2
    for path in images:
        greys = Image.open(path).convert("L")
        # Then each has real ink on it, not just a white page
        inked = sum(greys.histogram()[:200])
        assert inked > 0.002 * greys.width * greys.height, path.name


def test_the_pdf_format_is_served_as_a_pdf():
    pdf = RENDERERS["pdf"]
    assert (pdf.content_type, pdf.extension) == ("application/pdf", "pdf")
