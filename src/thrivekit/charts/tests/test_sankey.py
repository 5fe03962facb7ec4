import re

import pytest
import vl_convert

from thrivekit.charts import team_flow_sankey
from thrivekit.charts.colours import TEXT_COLOUR, _hex, _rgb, contrast_ratio
from thrivekit.charts.render import PNG_SIGNATURE, REPORT_WIDTH, to_png, to_svg
from thrivekit.charts.sankey import COLOUR, LINK_OPACITY
from thrivekit.charts.tests.scene import _nodes

FLOWS = [
    {"from": "Core CAMHS", "to": "Eating disorders", "count": 30},
    {"from": "Getting Help team", "to": "Core CAMHS", "count": 12},
    {"from": "Core CAMHS", "to": "Crisis", "count": 10},
    {"from": "Crisis", "to": "Eating disorders", "count": 5},
]


def scene(spec):
    """The drawn marks by name: links, bars, labels and headings, as a reader sees them."""
    marks = {}
    for node in _nodes(vl_convert.vega_to_scenegraph(spec, allowed_base_urls=[])):
        if node.get("role") == "mark":
            marks[node["name"]] = node["items"]
    return marks


def thickness_at_left(link):
    """How tall a link's band is where it leaves its left bar (first and last points)."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", link["path"])]
    return abs(numbers[-1] - numbers[1])


def test_every_team_is_labelled_on_its_side():
    # Given moves where Core CAMHS and Crisis both send and receive
    marks = scene(team_flow_sankey(FLOWS, title="Moves between teams"))
    labels = [(item["text"], item["align"]) for item in marks["label"]]
    # Then each team is labelled once on the left if it sends and once on the right if it receives
    assert sorted(labels) == sorted(
        [
            ("Core CAMHS", "left"),
            ("Getting Help team", "left"),
            ("Crisis", "left"),
            ("Eating disorders", "right"),
            ("Core CAMHS", "right"),
            ("Crisis", "right"),
        ]
    )
    assert [item["text"] for item in marks["heading"]] == ["From", "To"]


def test_bigger_flows_are_drawn_thicker():
    marks = scene(team_flow_sankey(FLOWS, title="Moves between teams"))
    thickness = [thickness_at_left(link) for link in marks["link"]]
    # Then the links, given largest first, get thinner in that order, in proportion to count
    assert thickness == sorted(thickness, reverse=True)
    assert thickness[0] / thickness[-1] == pytest.approx(30 / 5)


def test_hidden_flows_are_left_out_and_the_chart_says_so():
    # Given a flow hidden by disclosure control, from a team in no other flow
    flows = [*FLOWS, {"from": "Youth justice", "to": "Core CAMHS", "count": "*"}]
    spec = team_flow_sankey(flows, title="Moves between teams")
    marks = scene(spec)
    # Then it is not drawn, and both the subtitle and the description point to the table
    assert len(marks["link"]) == len(FLOWS)
    assert "Youth justice" not in {item["text"] for item in marks["label"]}
    assert "Youth justice" not in str(spec)
    assert "Small moves hidden: see the table" in spec["title"]["subtitle"]
    assert "1 smaller flow is hidden" in spec["description"]


def test_nothing_drawable_gives_no_chart():
    assert team_flow_sankey([], title="Moves") is None
    assert team_flow_sankey([{"from": "A", "to": "B", "count": "*"}], title="Moves") is None


def test_only_the_largest_fifteen_flows_are_drawn():
    flows = [{"from": f"Team {n}", "to": "Core CAMHS", "count": 100 - n} for n in range(20)]
    marks = scene(team_flow_sankey(flows, title="Moves"))
    assert len(marks["link"]) == 15
    assert "Team 15" not in {item["text"] for item in marks["label"]}


def test_renders_to_svg_with_every_team_and_a_description():
    # Given the Sankey, when a report renders it as it renders every chart
    spec = team_flow_sankey(FLOWS, title="Moves between teams")
    svg = to_svg(spec)
    assert to_png(spec).startswith(PNG_SIGNATURE)
    # Then the report picture is report-wide, titled, and names every team
    assert svg.startswith("<svg") and f'width="{REPORT_WIDTH}"' in svg
    for team in ("Moves between teams", "Core CAMHS", "Getting Help team", "Crisis", "Eating"):
        assert team in svg
    # And screen readers hear every flow drawn (the page labels the chart with the description)
    assert "Core CAMHS to Eating disorders, 30" in spec["description"]


def test_fits_a_phone_and_labels_never_cross_the_middle():
    # Given a 320px phone: 288px inside the page margins, 272px inside the chart's padding
    spec = team_flow_sankey(FLOWS, title="Moves between teams", width=288)
    assert 'width="288"' in vl_convert.vega_to_svg(spec, allowed_base_urls=[])
    marks = scene(spec)
    # Then the bars sit at both edges and nothing is drawn beyond them
    assert {item["x"] for item in marks["bar"]} == {0, 272 - 12}
    assert all(0 <= item["x"] <= 272 for item in marks["label"] + marks["heading"])
    # And a label is cut (with an ellipsis) before it reaches the middle
    assert all(item["limit"] <= 272 / 2 - 12 for item in marks["label"])


def test_labels_stay_readable_on_top_of_links():
    # Given a dark label over one link, or over two links that cross
    for layers in (1, 2):
        opacity = 1 - (1 - LINK_OPACITY) ** layers
        fill = _hex([255 + (c - 255) * opacity for c in _rgb(COLOUR)])
        # Then the text keeps WCAG AA contrast
        assert contrast_ratio(TEXT_COLOUR, fill) >= 4.5, (layers, fill)
