"""Drawing the pathway map without a browser: SVG (and PNG from it) for the report, and the
elements the in-page Cytoscape.js map is built from.

The layout is layered from left to right: entry points first, then one lane per needs-based
grouping (Thriving to Getting Risk Support) holding the services whose first grouping it is, then
services with no grouping. Within a lane, services are ordered so that connected nodes sit at
similar heights (a few barycentre sweeps), which keeps crossings down. Every text is escaped.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from thrivekit.pathways import palette
from thrivekit.pathways.model import (
    ENTRY_POINT_KIND_NAMES,
    ROUTE_KIND_NAMES,
    ROUTE_KINDS,
    EntryPoint,
    PathwayMap,
    Service,
    grouping_ids,
    grouping_name,
)

# Colours come from the one grouping palette the map page and the charts use too.
GROUPING_COLOURS = palette.GROUPING_COLOURS
NO_GROUPING_COLOURS = palette.NO_GROUPING_COLOURS
ENTRY_POINT_COLOURS = palette.ENTRY_POINT_COLOURS
ROUTE_STYLES = palette.ROUTE_STYLES
TEXT_COLOUR = palette.TEXT_COLOUR
FONT = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"

NODE_WIDTH, LANE_GAP, NODE_GAP, MARGIN = 190, 70, 18, 24
LINE_HEIGHT, PADDING, CHARS_PER_LINE, MAX_LINES = 15, 8, 24, 3
LANE_TITLE_HEIGHT = 44
STUB = 12
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text XML can hold (control characters would make the whole SVG invalid)."""
    return _NOT_XML.sub("\ufffd", str(text))


def _text(text: str) -> str:
    return escape(_clean(text))


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def _wrap(text: str) -> list[str]:
    lines = textwrap.wrap(_clean(text), CHARS_PER_LINE, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: CHARS_PER_LINE - 1].rstrip() + "…"
    return lines


@dataclass
class _Box:
    node_id: str
    lane: int
    lines: list[str]
    kind_line: bool = False  # the last line names an entry point's kind
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Lane:
    key: str  # "entry-points", a grouping id or "no-grouping"
    title: str
    colours: tuple[str, str]


def _lanes(pathway_map: PathwayMap) -> list[Lane]:
    lanes = [Lane("entry-points", "Entry points", ENTRY_POINT_COLOURS)]
    lanes += [
        Lane(g, grouping_name(g), GROUPING_COLOURS.get(g, NO_GROUPING_COLOURS))
        for g in grouping_ids()
    ]
    if any(not s.groupings for s in pathway_map.services):
        lanes.append(Lane("no-grouping", "No grouping given", NO_GROUPING_COLOURS))
    return lanes


def _lane_key(node: Service | EntryPoint) -> str:
    if isinstance(node, EntryPoint):
        return "entry-points"
    return node.first_grouping or "no-grouping"


@dataclass
class Layout:
    lanes: list[Lane]
    boxes: dict[str, _Box]
    width: float
    height: float


def layout(pathway_map: PathwayMap, *, sweeps: int = 4) -> Layout:
    """Where each node goes: its lane (column) and its place in the lane."""
    lanes = _lanes(pathway_map)
    lane_index = {lane.key: i for i, lane in enumerate(lanes)}
    columns: dict[int, list[str]] = defaultdict(list)
    boxes: dict[str, _Box] = {}
    for node in (*pathway_map.entry_points, *pathway_map.services):
        lane = lane_index[_lane_key(node)]
        box = boxes[node.id] = _Box(node.id, lane, _wrap(node.name))
        if isinstance(node, EntryPoint):
            kind = ENTRY_POINT_KIND_NAMES.get(node.kind, node.kind)
            if kind.casefold() != node.name.casefold():  # not "GP" twice
                box.lines.append(kind)
                box.kind_line = True
        columns[lane].append(node.id)

    neighbours: dict[str, set[str]] = defaultdict(set)
    for route in pathway_map.routes:
        neighbours[route.from_id].add(route.to_id)
        neighbours[route.to_id].add(route.from_id)
    rank = {node_id: i for column in columns.values() for i, node_id in enumerate(column)}
    for sweep in range(sweeps):
        # Alternate directions so that both sides of each lane get a say.
        order = sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)
        for lane in order:
            column = columns[lane]

            def barycentre(node_id: str, column: list[str] = column) -> float:
                others = [
                    rank[n] for n in neighbours[node_id] if boxes[n].lane != boxes[node_id].lane
                ]
                return sum(others) / len(others) if others else rank[node_id]

            column.sort(key=lambda n: (barycentre(n), rank[n]))
            for i, node_id in enumerate(column):
                rank[node_id] = i

    height = 0.0
    for lane, column in columns.items():
        y = MARGIN + LANE_TITLE_HEIGHT
        for node_id in column:
            box = boxes[node_id]
            box.x = MARGIN + lane * (NODE_WIDTH + LANE_GAP)
            box.y = y
            box.height = len(box.lines) * LINE_HEIGHT + 2 * PADDING
            y += box.height + NODE_GAP
        height = max(height, y)
    # Room on the right for routes between two services of the last lane.
    width = 2 * MARGIN + len(lanes) * NODE_WIDTH + len(lanes) * LANE_GAP
    return Layout(lanes, boxes, width, max(height, MARGIN + LANE_TITLE_HEIGHT + 40))


def _gap_through(plan: Layout, lane: int, wanted: float) -> float:
    """The height at which a route can cross a lane without running behind a node."""
    boxes = sorted((b for b in plan.boxes.values() if b.lane == lane), key=lambda b: b.y)
    if not boxes:
        return wanted
    gaps = [boxes[0].y - NODE_GAP / 2]
    gaps += [(a.y + a.height + b.y) / 2 for a, b in zip(boxes, boxes[1:], strict=False)]
    gaps.append(boxes[-1].y + boxes[-1].height + NODE_GAP / 2)
    return min(gaps, key=lambda y: abs(y - wanted))


def _lane_x(lane: int) -> float:
    return MARGIN + lane * (NODE_WIDTH + LANE_GAP)


def _lane_crossings(
    plan: Layout, source: _Box, target: _Box, offset: float
) -> list[tuple[float, float]]:
    """Where a route crosses each lane between its ends: through a gap between that lane's
    nodes, entering and leaving just outside the lane's boxes."""
    y1, y2 = source.middle + offset, target.middle + offset
    forward = target.lane > source.lane
    step = 1 if forward else -1
    points: list[tuple[float, float]] = []
    lanes_between = list(range(source.lane + step, target.lane, step))
    for n, lane in enumerate(lanes_between, start=1):
        wanted = y1 + (y2 - y1) * n / (len(lanes_between) + 1)
        y = _gap_through(plan, lane, wanted) + offset / 3
        left, right = _lane_x(lane) - 6, _lane_x(lane) + NODE_WIDTH + 6
        points += [(left, y), (right, y)] if forward else [(right, y), (left, y)]
    return points


def route_waypoints(
    plan: Layout, source: _Box, target: _Box, offset: float = 0.0
) -> list[tuple[float, float]]:
    """The corners a route passes between its two boxes, for a drawing that joins them with
    straight segments (the map page): it leaves and enters each box from the side, crosses
    lanes through gaps, and loops out to the right between two boxes of one lane; so it never
    runs behind a box. Stubs of STUB px keep the arrow head square to the box."""
    y1, y2 = source.middle + offset, target.middle + offset
    if source.lane == target.lane:
        x = source.x + NODE_WIDTH
        bulge = min(30 + abs(y2 - y1) * 0.1, LANE_GAP - 16)
        return [(x + bulge, y1), (x + bulge, y2)]
    forward = target.lane > source.lane
    leave = source.x + NODE_WIDTH + STUB if forward else source.x - STUB
    arrive = target.x - STUB if forward else target.x + NODE_WIDTH + STUB
    return [(leave, y1), *_lane_crossings(plan, source, target, offset), (arrive, y2)]


def _edge_path(plan: Layout, source: _Box, target: _Box, offset: float) -> str:
    y1, y2 = source.middle + offset, target.middle + offset
    if source.lane == target.lane:  # loop out to the right and back
        x = source.x + NODE_WIDTH
        bulge = min(40 + abs(y2 - y1) * 0.15, LANE_GAP - 8)
        return (
            f"M{x:.1f},{y1:.1f} C{x + bulge:.1f},{y1:.1f} {x + bulge:.1f},{y2:.1f} {x:.1f},{y2:.1f}"
        )
    forward = target.lane > source.lane
    points = [(source.x + NODE_WIDTH if forward else source.x, y1)]
    points += _lane_crossings(plan, source, target, offset)
    points.append((target.x if forward else target.x + NODE_WIDTH, y2))
    path = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        if ya == yb:
            path.append(f"L{xb:.1f},{yb:.1f}")
            continue
        dx = (xb - xa) * 0.5
        path.append(f"C{xa + dx:.1f},{ya:.1f} {xb - dx:.1f},{yb:.1f} {xb:.1f},{yb:.1f}")
    return " ".join(path)


def _stroke_width(volume: int | None) -> float:
    if not volume:
        return 1.6
    return round(1.6 + min(math.log10(volume + 1), 3.0), 1)


def render_svg(pathway_map: PathwayMap, *, title: str = "Pathway map") -> str:
    """The map as a standalone SVG document (UTF-8 text), with a legend below it."""
    plan = layout(pathway_map)
    legend_top = plan.height + 10
    legend_height = 2 * 22 + 30
    height = legend_top + legend_height + MARGIN
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{plan.width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {plan.width:.0f} {height:.0f}" role="img" '
        'aria-labelledby="map-title map-desc" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT_COLOUR}">',
        f'<title id="map-title">{_text(title)}</title>',
        f'<desc id="map-desc">{len(pathway_map.entry_points)} entry points, '
        f"{len(pathway_map.services)} services and {len(pathway_map.routes)} routes, "
        "laid out in lanes by needs-based grouping.</desc>",
        "<defs>",
    ]
    for kind, (colour, _dash) in ROUTE_STYLES.items():
        out.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
            f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append('<rect width="100%" height="100%" fill="#ffffff"/>')

    # Lanes: a tinted band with its title.
    for i, lane in enumerate(plan.lanes):
        x = MARGIN + i * (NODE_WIDTH + LANE_GAP) - 10
        border, fill = lane.colours
        out.append(
            f'<g class="lane" data-lane={_attr(lane.key)}>'
            f'<rect x="{x:.1f}" y="{MARGIN}" width="{NODE_WIDTH + 20}" '
            f'height="{plan.height - MARGIN:.1f}" rx="6" fill="{fill}" fill-opacity="0.45"/>'
            f'<rect x="{x:.1f}" y="{MARGIN}" width="{NODE_WIDTH + 20}" height="5" rx="2" '
            f'fill="{border}"/>'
            f'<text x="{x + 10:.1f}" y="{MARGIN + 26}" font-weight="bold" font-size="13">'
            f"{_text(lane.title)}</text></g>"
        )

    # Routes under the nodes; parallel routes between the same pair are spread apart.
    out.append('<g class="routes">')
    for route, offset in zip(pathway_map.routes, _route_offsets(pathway_map), strict=True):
        source, target = plan.boxes[route.from_id], plan.boxes[route.to_id]
        colour, dash = ROUTE_STYLES.get(route.kind, ROUTE_STYLES["referral"])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        volume = f", {route.volume_per_year} a year" if route.volume_per_year is not None else ""
        label = (
            f"{ROUTE_KIND_NAMES.get(route.kind, route.kind)}: "
            f"{pathway_map.name_of(route.from_id)} → {pathway_map.name_of(route.to_id)}{volume}"
        )
        out.append(
            f'<path class="route {_text(route.kind)}" d="{_edge_path(plan, source, target, offset)}" '
            f'fill="none" stroke="{colour}" stroke-width="{_stroke_width(route.volume_per_year)}"'
            f'{dash_attr} marker-end="url(#arrow-{route.kind})"><title>{_text(label)}</title>'
            "</path>"
        )
    out.append("</g>")

    out.append('<g class="nodes">')
    for node_id, box in plan.boxes.items():
        out.append(_node_svg(pathway_map.node(node_id), box))
    out.append("</g>")
    out.extend(_legend(plan.width, legend_top))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _node_svg(node: Service | EntryPoint, box: _Box) -> str:
    if isinstance(node, EntryPoint):
        border, fill = ENTRY_POINT_COLOURS
        tooltip = f"{node.name} (entry point: {ENTRY_POINT_KIND_NAMES.get(node.kind, node.kind)})"
        kind = "entry-point"
    else:
        border, fill = GROUPING_COLOURS.get(node.first_grouping or "", NO_GROUPING_COLOURS)
        groupings = ", ".join(grouping_name(g) for g in node.groupings) or "no grouping given"
        tooltip = f"{node.name}: {groupings}; {node.ages_text()}; {node.areas_text()}"
        if node.provider:
            tooltip += f"; provided by {node.provider}"
        kind = "service"
    parts = [
        f'<g class="node {kind}" data-id={_attr(node.id)}><title>{_text(tooltip)}</title>',
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{NODE_WIDTH}" height="{box.height:.1f}" '
        f'rx="{10 if kind == "entry-point" else 4}" fill="{fill}" stroke="{border}" '
        'stroke-width="1.5"/>',
    ]
    if isinstance(node, Service):
        parts.append(
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="6" height="{box.height:.1f}" '
            f'fill="{border}"/>'
        )
        # One small square per further grouping the service offers.
        for i, grouping in enumerate(node.groupings[1:]):
            colour = GROUPING_COLOURS.get(grouping, NO_GROUPING_COLOURS)[0]
            parts.append(
                f'<rect x="{box.x + NODE_WIDTH - 12 - i * 10:.1f}" y="{box.y + 4:.1f}" '
                f'width="7" height="7" fill="{colour}"><title>{_text(grouping_name(grouping))}'
                "</title></rect>"
            )
    parts.append(f'<text x="{box.x + 14:.1f}" y="{box.y + PADDING + 11:.1f}">')
    for i, line in enumerate(box.lines):
        style = (
            ' font-style="italic" font-size="11"'
            if box.kind_line and i == len(box.lines) - 1
            else ""
        )
        dy = "0" if i == 0 else str(LINE_HEIGHT)
        parts.append(f'<tspan x="{box.x + 14:.1f}" dy="{dy}"{style}>{_text(line)}</tspan>')
    parts.append("</text></g>")
    return "".join(parts)


def _legend(width: float, top: float) -> list[str]:
    out = [f'<g class="legend"><text x="{MARGIN}" y="{top + 14:.1f}" font-weight="bold">Key</text>']
    x, y = MARGIN + 40, top + 4
    for grouping in grouping_ids():
        border, fill = GROUPING_COLOURS.get(grouping, NO_GROUPING_COLOURS)
        name = grouping_name(grouping)
        out.append(
            f'<rect x="{x}" y="{y:.1f}" width="14" height="14" fill="{fill}" stroke="{border}" '
            f'stroke-width="2"/><text x="{x + 20}" y="{y + 11:.1f}">{_text(name)}</text>'
        )
        x += 30 + 7 * len(name)
    x, y = MARGIN + 40, top + 30
    for kind in ROUTE_KINDS:
        colour, dash = ROUTE_STYLES[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        name = ROUTE_KIND_NAMES[kind]
        out.append(
            f'<line x1="{x}" y1="{y + 7:.1f}" x2="{x + 36}" y2="{y + 7:.1f}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr} marker-end="url(#arrow-{kind})"/>'
            f'<text x="{x + 44}" y="{y + 11:.1f}">{_text(name)}</text>'
        )
        x += 60 + 7 * len(name)
    out.append(
        f'<text x="{MARGIN + 40}" y="{top + 66:.1f}" font-size="11">Thicker lines carry more '
        "young people a year. Small squares mark further groupings a service offers.</text></g>"
    )
    return out


def render_png(pathway_map: PathwayMap, *, title: str = "Pathway map", scale: float = 2.0) -> bytes:
    """The SVG drawing as PNG bytes (vl-convert's renderer: no browser, no network)."""
    import vl_convert

    return vl_convert.svg_to_png(render_svg(pathway_map, title=title), scale=scale)


def _route_offsets(pathway_map: PathwayMap) -> list[float]:
    """How far each route is moved sideways so parallel routes between a pair stay apart."""
    between: dict[frozenset[str], int] = defaultdict(int)
    for route in pathway_map.routes:
        between[frozenset((route.from_id, route.to_id))] += 1
    seen: dict[frozenset[str], int] = defaultdict(int)
    offsets = []
    for route in pathway_map.routes:
        pair = frozenset((route.from_id, route.to_id))
        offsets.append(7.0 * (seen[pair] - (between[pair] - 1) / 2))
        seen[pair] += 1
    return offsets


def cytoscape_elements(pathway_map: PathwayMap) -> list[dict]:
    """Nodes and edges for Cytoscape.js, laid out as the drawing is: lanes by grouping (drawn as
    background boxes with their titles), boxes of the drawing's size with its line breaks, and
    routes with the corners that keep them off the boxes. Colours come from the palette, so the
    page script holds none of its own."""
    plan = layout(pathway_map)
    elements: list[dict] = []
    lane_height = plan.height - MARGIN
    for i, lane in enumerate(plan.lanes):
        elements.append(
            {
                "group": "nodes",
                "data": {
                    "id": f"lane:{lane.key}",
                    "label": lane.title,
                    "kind": "lane",
                    "width": NODE_WIDTH + 20,
                    "height": lane_height,
                    "border": lane.colours.strong,
                    "fill": lane.colours.tint,
                },
                "position": {"x": _lane_x(i) + NODE_WIDTH / 2, "y": MARGIN + lane_height / 2},
                "classes": "lane",
                "grabbable": False,
                "selectable": False,
            }
        )

    def node_data(node: Service | EntryPoint, colours: palette.Colours) -> dict:
        box = plan.boxes[node.id]
        return {
            "id": node.id,
            "label": node.name,
            # The drawing's line breaks, so the text fits the box it was measured for.
            "text": "\n".join(box.lines),
            "width": NODE_WIDTH,
            "height": box.height,
            "border": colours.strong,
            "fill": colours.tint,
            # Where the layout put it: routes keep their corners while both ends are here.
            "home": [box.x + NODE_WIDTH / 2, box.middle],
        }

    for entry in pathway_map.entry_points:
        box = plan.boxes[entry.id]
        elements.append(
            {
                "group": "nodes",
                "data": {
                    **node_data(entry, ENTRY_POINT_COLOURS),
                    "kind": "entry-point",
                    "entry_kind": entry.kind,
                    "grouping": None,
                    "groupings": [],
                    "local_areas": [],
                },
                "position": {"x": box.x + NODE_WIDTH / 2, "y": box.middle},
                "classes": f"entry-point {entry.kind}",
            }
        )
    for service in pathway_map.services:
        box = plan.boxes[service.id]
        elements.append(
            {
                "group": "nodes",
                "data": {
                    **node_data(service, palette.grouping_colours(service.first_grouping)),
                    "kind": "service",
                    "grouping": service.first_grouping,
                    "groupings": list(service.groupings),
                    "local_areas": list(service.local_areas),
                    "provider": service.provider,
                    "ages": service.ages_text(),
                },
                "position": {"x": box.x + NODE_WIDTH / 2, "y": box.middle},
                "classes": f"service {service.first_grouping or 'no-grouping'}",
            }
        )
    for index, (route, offset) in enumerate(
        zip(pathway_map.routes, _route_offsets(pathway_map), strict=True)
    ):
        colour, dash = ROUTE_STYLES.get(route.kind, ROUTE_STYLES["referral"])
        source, target = plan.boxes[route.from_id], plan.boxes[route.to_id]
        elements.append(
            {
                "group": "edges",
                "data": {
                    "id": f"route-{index}",
                    "source": route.from_id,
                    "target": route.to_id,
                    "kind": route.kind,
                    "volume": route.volume_per_year,
                    "colour": colour,
                    "dash": [float(n) for n in dash.split()],
                    "width": _stroke_width(route.volume_per_year),
                    "points": [
                        [round(x, 1), round(y, 1)]
                        for x, y in route_waypoints(plan, source, target, offset)
                    ],
                },
                "classes": route.kind,
            }
        )
    return elements
