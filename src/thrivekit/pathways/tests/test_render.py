"""The map drawn without a browser (SVG and PNG for the report) and as Cytoscape.js elements."""

import xml.etree.ElementTree as ET

from hypothesis import given, settings

from thrivekit.charts.colours import contrast_ratio
from thrivekit.pathways import (
    EntryPoint,
    PathwayMap,
    Route,
    Service,
    cytoscape_elements,
    render_png,
    render_svg,
)
from thrivekit.pathways.palette import (
    ENTRY_POINT_COLOURS,
    GROUPING_COLOURS,
    NO_GROUPING_COLOURS,
    TEXT_COLOUR,
)
from thrivekit.pathways.tests.maps import northbridge, pathway_maps

SVG = "{http://www.w3.org/2000/svg}"


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}title")]


def test_the_svg_is_valid_and_names_every_service_and_entry_point():
    # Given the Northbridge map, when it is drawn
    root = ET.fromstring(render_svg(northbridge(), title="Northbridge pathways").encode())
    # Then it is an SVG document with a title, and every node's full name is in its tooltip
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    titles = texts(root)
    assert titles[0] == "Northbridge pathways"
    for node in (*northbridge().services, *northbridge().entry_points):
        assert any(t.startswith(node.name) for t in titles), node.name
    # And each route is drawn once, with its kind
    routes = root.findall(f".//{SVG}path[@class]")
    assert len([p for p in routes if p.get("class", "").startswith("route")]) == 8
    assert "Step up: Mental Health Support Team → Community CAMHS, 60 a year" in titles


def test_services_sit_in_lanes_by_their_first_grouping_with_a_legend():
    root = ET.fromstring(render_svg(northbridge()).encode())
    lanes = [g.get("data-lane") for g in root.iter(f"{SVG}g") if g.get("class") == "lane"]
    assert lanes == [
        "entry-points",
        "thriving",
        "getting-advice",
        "getting-help",
        "getting-more-help",
        "getting-risk-support",
    ]

    def left(node_id: str) -> float:
        group = next(g for g in root.iter(f"{SVG}g") if g.get("data-id") == node_id)
        return float(group.find(f"{SVG}rect").get("x"))

    # Entry points on the left, then Thriving, advice (MHST), help (CAMHS), risk support
    assert left("gp") < left("wellbeing") < left("mhst") < left("camhs") < left("crisis")
    assert left("youth-hub") == left("mhst")
    legend = "".join(next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend").itertext())
    for words in ("Getting Risk Support", "Step down", "Signpost", "Consultation or advice"):
        assert words in legend


def test_text_is_escaped_and_control_characters_cannot_break_the_svg():
    pathway_map = PathwayMap(
        services=[
            Service("x", '<script>alert("x")</script> & "Sons"\x07', groupings=("thriving",))
        ],
        entry_points=[EntryPoint("e", "A&E <night>", "a-and-e")],
        routes=[Route("e", "x", "signpost")],
    )
    svg = render_svg(pathway_map, title="Tom & Jerry's <map>")
    root = ET.fromstring(svg.encode())
    assert "<script>" not in svg
    assert root.find(f"{SVG}script") is None
    assert texts(root)[0] == "Tom & Jerry's <map>"
    assert any(t.startswith('<script>alert("x")</script> & "Sons"') for t in texts(root))


@settings(max_examples=25, deadline=None)
@given(pathway_maps())
def test_any_map_draws_as_valid_svg(pathway_map):
    root = ET.fromstring(render_svg(pathway_map).encode())
    titles = texts(root)
    for service in pathway_map.services:
        assert any(t.startswith(service.name) for t in titles)


def test_the_png_is_an_image():
    png = render_png(northbridge(), scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_an_empty_map_still_draws():
    root = ET.fromstring(render_svg(PathwayMap()).encode())
    assert root.tag == f"{SVG}svg"


def test_cytoscape_elements_carry_what_the_page_filters_on():
    elements = cytoscape_elements(northbridge())
    nodes = {e["data"]["id"]: e for e in elements if e["group"] == "nodes"}
    edges = [e["data"] for e in elements if e["group"] == "edges"]
    boxes = {i: n for i, n in nodes.items() if n["data"]["kind"] != "lane"}
    assert set(boxes) == {"wellbeing", "mhst", "camhs", "crisis", "youth-hub", "gp", "school",
                          "police"}  # fmt: skip
    mhst = nodes["mhst"]["data"]
    assert mhst["label"] == "Mental Health Support Team" and mhst["kind"] == "service"
    assert mhst["grouping"] == "getting-advice"
    assert mhst["groupings"] == ["getting-advice", "getting-help"]
    assert mhst["local_areas"] == ["Riverside"]
    assert nodes["gp"]["data"]["kind"] == "entry-point"
    assert nodes["gp"]["position"]["x"] < nodes["crisis"]["position"]["x"]
    first = edges[0]
    assert (first["source"], first["target"], first["kind"], first["volume"]) == (
        "gp",
        "camhs",
        "referral",
        400,
    )
    assert len(edges) == 8 and len({e["id"] for e in edges}) == 8


def _box(element: dict) -> tuple[float, float, float, float]:
    data, at = element["data"], element["position"]
    half_w, half_h = data["width"] / 2, data["height"] / 2
    return at["x"] - half_w, at["y"] - half_h, at["x"] + half_w, at["y"] + half_h


def _segment_hits_box(a, b, box, margin=1.0) -> bool:
    """Whether the straight segment a-b passes through the box (shrunk by margin)."""
    left, top, right, bottom = box[0] + margin, box[1] + margin, box[2] - margin, box[3] - margin
    steps = 200
    for i in range(steps + 1):
        x = a[0] + (b[0] - a[0]) * i / steps
        y = a[1] + (b[1] - a[1]) * i / steps
        if left < x < right and top < y < bottom:
            return True
    return False


@settings(max_examples=30, deadline=None)
@given(pathway_maps())
def test_on_the_page_boxes_never_touch_and_routes_never_run_behind_a_box(pathway_map):
    # Given any map, laid out for the page
    elements = cytoscape_elements(pathway_map)
    boxes = {
        e["data"]["id"]: _box(e)
        for e in elements
        if e["group"] == "nodes" and e["data"]["kind"] != "lane"
    }
    # Then no two boxes touch (at least 10 px apart)
    listed = list(boxes.values())
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            apart = max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])
            assert apart >= 10, (a, b)
    # And each route, from its source box through its corners to its target box, passes
    # through no box but its own two ends
    for edge in (e["data"] for e in elements if e["group"] == "edges"):
        source, target = boxes[edge["source"]], boxes[edge["target"]]
        centre = lambda box: ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)  # noqa: E731
        points = [centre(source), *map(tuple, edge["points"]), centre(target)]
        for a, b in zip(points, points[1:], strict=False):
            for node_id, box in boxes.items():
                if node_id in (edge["source"], edge["target"]):
                    continue
                assert not _segment_hits_box(a, b, box), (edge["id"], node_id)


def test_the_page_uses_the_drawing_palette_for_each_grouping():
    # Given the Northbridge map drawn as SVG and laid out for the page
    root = ET.fromstring(render_svg(northbridge()).encode())
    elements = cytoscape_elements(northbridge())
    for element in elements:
        data = element["data"]
        if element["group"] != "nodes" or data["kind"] != "service":
            continue
        # Then each service has the same border and fill on the page as in the drawing
        group = next(g for g in root.iter(f"{SVG}g") if g.get("data-id") == data["id"])
        rect = group.find(f"{SVG}rect")
        assert (data["border"], data["fill"]) == (rect.get("stroke"), rect.get("fill"))
        assert (data["border"], data["fill"]) == GROUPING_COLOURS[data["grouping"]]


def test_every_grouping_colour_is_visible_on_white_and_text_reads_on_its_tint():
    for strong, tint in (*GROUPING_COLOURS.values(), NO_GROUPING_COLOURS, ENTRY_POINT_COLOURS):
        assert contrast_ratio(strong, "#ffffff") >= 3.0, strong
        assert contrast_ratio(TEXT_COLOUR, tint) >= 4.5, tint
    # And no two groupings share a colour
    assert len({c.strong for c in GROUPING_COLOURS.values()}) == len(GROUPING_COLOURS)
