"""A chart taller than a page (a bar for each of 31 checklist actions) shrinks to fit the page in
the PDF and the Word file, rather than running off the bottom."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Mm
from PIL import Image

from thrivekit.charts.specs import checklist_statuses
from thrivekit.reporting import Chart, Report, Section, render_docx, render_pdf


@pytest.fixture(scope="module")
def report():
    rows = [
        {"action": f"a{n}", "number": n, "label": f"Action {n}", "status": status, "count": 10}
        for n in range(1, 32)
        for status in ("in_place", "not_started")
    ]
    chart = Chart("Every action", checklist_statuses(rows), "A bar per action.")
    return Report("Report", "Site", "2026-12-05", (Section("checklist", "Checklist", (chart,)),))


def test_the_word_picture_fits_on_a_page(report):
    picture = Document(io.BytesIO(render_docx(report))).inline_shapes[0]
    assert picture.height <= Mm(181)
    assert picture.width <= Mm(170)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_the_pdf_draws_the_whole_chart_on_its_page(report, tmp_path):
    (tmp_path / "report.pdf").write_bytes(render_pdf(report))
    # The cover with its contents is page 1; the chart is on page 2, alone.
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "2", "-l", "3", "-png", "report.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 1  # no page 3: nothing spilled over
    greys = Image.open(pages[0]).convert("L")
    width, height = greys.size
    # Ink in the middle of the page, where the bars are (not just a caption at the top).
    middle = greys.crop((0, height // 3, width, 2 * height // 3))
    assert sum(middle.histogram()[:200]) > 0.05 * middle.width * middle.height
