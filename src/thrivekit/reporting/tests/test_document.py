"""The report as data: a published version is frozen as JSON and must come back unchanged."""

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.reporting import (
    Bullets,
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
from thrivekit.reporting.tests.conftest import sample_report

text = st.text(max_size=30)
cells = st.one_of(st.none(), text, st.integers(-(10**6), 10**6))
blocks = st.one_of(
    st.builds(Paragraph, text),
    st.builds(Subheading, text),
    st.builds(Bullets, st.lists(text, max_size=3).map(tuple)),
    st.builds(Quote, text, text),
    st.builds(Empty, text, text),
    st.builds(
        Table,
        text,
        st.lists(text, min_size=1, max_size=3).map(tuple),
        st.lists(st.lists(cells, max_size=3).map(tuple), max_size=3).map(tuple),
        text,
    ),
)
sections = st.builds(
    Section, st.from_regex(r"[a-z-]{1,12}", fullmatch=True), text, st.lists(blocks).map(tuple)
)
reports = st.builds(Report, text, text, text, st.lists(sections, max_size=3).map(tuple), text, text)


def test_a_report_with_every_kind_of_block_survives_being_stored_as_json():
    # Given a report with every kind of block, including a chart spec
    report = sample_report()
    # When it is frozen as JSON text and read back
    stored = json.dumps(to_json(report))
    # Then it is the same report
    assert from_json(json.loads(stored)) == report


@settings(deadline=None, max_examples=30)
@given(reports)
def test_every_section_reads_the_same_after_a_json_round_trip(report):
    # Given any report, when it goes through JSON and back
    restored = from_json(json.loads(json.dumps(to_json(report))))
    # Then each section's text (what two versions are compared on) is unchanged
    assert [section_text(s) for s in restored.sections] == [
        section_text(s) for s in report.sections
    ]


def test_importing_the_renderers_does_not_import_django_or_weasyprint():
    # Given a fresh interpreter, when thrivekit.reporting is imported
    code = (
        "import sys, thrivekit.reporting; "
        "leaked = [m for m in sys.modules if m.split('.')[0] in ('django', 'weasyprint')]; "
        "assert not leaked, leaked"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # Then neither Django nor WeasyPrint (which needs Pango) is loaded
    assert result.returncode == 0, result.stderr


def test_a_report_chart_is_the_same_picture_as_the_charts_module_draws():
    # Given a chart spec, when the report draws it as PNG (from its own SVG, drawn once)
    from thrivekit.charts.render import to_png
    from thrivekit.reporting.figures import chart_png
    from thrivekit.reporting.tests.conftest import BAR_SPEC

    # Then the pixels are those of thrivekit.charts.render.to_png
    assert chart_png(BAR_SPEC, scale=2) == to_png(BAR_SPEC, scale=2)
