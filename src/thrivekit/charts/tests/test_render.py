import struct

import altair as alt
import pytest

from thrivekit.charts import (
    assessment_heatmap,
    checklist_statuses,
    item_distribution,
    snapshot_change,
    to_png,
    to_svg,
)
from thrivekit.charts.render import PNG_SIGNATURE, REPORT_WIDTH, vegalite_version

CELL = {
    "principle": "needs-led",
    "principle_name": "Needs-led",
    "level": "meso",
    "level_name": "Meso",
    "median": 2.5,
    "n": 10,
    "thrive_like_pct": 50.0,
}
SPECS = {
    "heatmap": assessment_heatmap([CELL]),
    "items": item_distribution([{"item": "q", "label": "Q", "answer": "3", "count": 10}]),
    "checklist": checklist_statuses(
        [
            {
                "action": "a",
                "number": 1,
                "label": "A",
                "status": "in_place",
                "status_label": "In place",
                "count": 10,
            }
        ]
    ),
    "change": snapshot_change(
        [{"principle_name": "N", "level_name": "M", "baseline_median": 1, "later_median": 2}]
    ),
}


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("name", SPECS)
def test_every_chart_renders_as_page_wide_svg(name):
    # Given a spec that fills the page ("container"), when rendered for a report,
    svg = to_svg(SPECS[name])
    # then it is an SVG of the report width, with its title and description in it
    assert svg.startswith("<svg")
    assert f'width="{REPORT_WIDTH}"' in svg
    assert SPECS[name]["title"]["text"] in svg


def test_png_is_a_png_at_the_requested_scale():
    spec = SPECS["heatmap"]
    one, two = to_png(spec, scale=1), to_png(spec)
    assert one.startswith(PNG_SIGNATURE) and two.startswith(PNG_SIGNATURE)
    # Given the default scale of 2, then the image has twice the pixels across
    assert png_size(one)[0] == REPORT_WIDTH
    assert png_size(two)[0] == 2 * REPORT_WIDTH


def test_a_chosen_width_is_used_and_the_spec_is_left_alone():
    spec = SPECS["items"]
    assert 'width="500"' in to_svg(spec, width=500)
    assert spec["width"] == "container"


def test_data_that_says_container_is_not_mistaken_for_a_width():
    chart = alt.Chart(alt.Data(values=[{"width": "container"}])).mark_text().encode(text="width:N")
    assert ">container</text>" in to_svg(chart.properties(width="container").to_dict())


@pytest.mark.parametrize("url", ["https://example.org/data.csv", "file:///etc/hostname"])
def test_a_spec_that_would_load_data_is_refused(url):
    # Given a spec pointing at data elsewhere, then rendering refuses rather than fetching it
    spec = {"data": {"url": url}, "mark": "point"}
    with pytest.raises(ValueError, match="inline"):
        to_svg(spec)
    with pytest.raises(ValueError, match="inline"):
        to_png(spec)


def test_reports_compile_with_the_vega_lite_version_the_spec_was_written_for():
    # Given an Altair 5.5 spec, then it is rendered with Vega-Lite 5.20 as its $schema says
    assert SPECS["heatmap"]["$schema"].endswith("/v5.20.1.json")
    assert vegalite_version(SPECS["heatmap"]) == "5.20"
    assert (
        vegalite_version({"$schema": "https://vega.github.io/schema/vega-lite/v1.0.json"}) is None
    )
    assert vegalite_version({}) is None
