"""The map drawn without a browser (SVG and PNG for the report) and as Cytoscape.js elements."""

import xml.etree.ElementTree as ET

from hypothesis import given, settings

from thrivekit.pathways import (
    EntryPoint,
    PathwayMap,
    Route,
    Service,
    cytoscape_elements,
    render_png,
    render_svg,
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
    assert set(nodes) == {"wellbeing", "mhst", "camhs", "crisis", "youth-hub", "gp", "school",
                          "police"}  # fmt: skip
    mhst = nodes["mhst"]["data"]
    assert mhst["label"] == "Mental Health Support Team" and mhst["kind"] == "service"
    assert mhst["grouping"] == "getting-advice"
    assert mhst["groupings"] == ["getting-advice", "getting-help"]
    assert mhst["local_areas"] == ["Riverside"]
    assert nodes["gp"]["data"]["kind"] == "entry-point"
    assert nodes["gp"]["position"]["x"] < nodes["crisis"]["position"]["x"]
    assert edges[0] == {
        "id": "gp->camhs:referral",
        "source": "gp",
        "target": "camhs",
        "kind": "referral",
        "volume": 400,
    }
    assert len(edges) == 8 and len({e["id"] for e in edges}) == 8
