"""Moves between teams as a Sankey diagram: a plain Vega spec, since Vega-Lite has no links.

The layout (where each bar sits, how thick each link is) is computed here, so it is testable
without a browser; only the horizontal positions follow the page width, through Vega's `width`
signal. charts.js embeds the spec like the others (vega-embed reads the mode from $schema) and
vl-convert renders it with `vega_to_svg`. Counts are already disclosure-controlled by the caller:
a hidden count ("*") is left out, never drawn with a made-up width.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from thrivekit.charts.colours import TEXT_COLOUR
from thrivekit.charts.render import REPORT_WIDTH
from thrivekit.charts.series import SERIES_COLOURS
from thrivekit.charts.specs import FONT, HIDDEN, _count_label, _is_number, _plural

LIMIT = 15  # flows drawn, the largest first: more make an unreadable tangle on a phone
BAR_WIDTH = 12
GAP = 26  # pixels between bars in a column: a 15px label centred on each bar never overlaps
HEADER = 28  # room above the bars for the "From" and "To" headings
PX_PER_FLOW, MAX_BODY = 40, 320  # pixels of bar per flow drawn, and at most in all
FONT_SIZE = 15
COLOUR = SERIES_COLOURS[0]  # NHS blue, as the bar charts
# Links are pale so that dark labels on top keep 4.5:1 contrast, even where two links cross.
LINK_OPACITY = 0.35
WHAT = "Sankey diagram of moves between teams"


def _column(
    flows: list[tuple[str, str, float]], side: int, scale: float
) -> tuple[dict[str, list[float]], float]:
    """Bars of one column, largest first: team -> [top, bottom] in pixels, and the height."""
    totals: dict[str, float] = defaultdict(float)
    for flow in flows:
        totals[flow[side]] += flow[2]
    bars, y = {}, 0.0
    for team in sorted(totals, key=lambda team: (-totals[team], team)):
        bars[team] = [y, y + totals[team] * scale]
        y += totals[team] * scale + GAP
    return bars, y - GAP


def _band() -> str:
    """A Vega expression for the SVG path of a link: two S-curves between the left bars
    (s0..s1) and the right bars (t0..t1), whose x follows the page width."""
    x0, x1, mid = str(BAR_WIDTH), f"(width - {BAR_WIDTH})", "(width / 2)"
    points = [
        ("M", [(x0, "datum.s0")]),
        ("C", [(mid, "datum.s0"), (mid, "datum.t0"), (x1, "datum.t0")]),
        ("L", [(x1, "datum.t1")]),
        ("C", [(mid, "datum.t1"), (mid, "datum.s1"), (x0, "datum.s1")]),
    ]
    parts = [
        f"'{command}' + " + " + ' ' + ".join(f"{x} + ',' + {y}" for x, y in pairs)
        for command, pairs in points
    ]
    return " + ".join(parts) + " + 'Z'"


def _width(width: int | None) -> dict[str, Any]:
    if width is not None:
        return {"name": "width", "value": width}
    # As wide as the page, like Vega-Lite's "container"; headless (reports), the report width.
    size = f"isFinite(containerSize()[0]) ? containerSize()[0] : {REPORT_WIDTH}"
    return {"name": "width", "init": size, "on": [{"update": size, "events": "window:resize"}]}


def team_flow_sankey(
    flows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    width: int | None = None,
    limit: int = LIMIT,
) -> dict[str, Any] | None:
    """Teams moved from (left) to teams moved to (right), link width by count; None if nothing
    can be drawn. Flows: from, to, count ("*" if hidden), largest first as the analysis gives
    them. `width` fixes the width in pixels; by default the chart fills its container."""
    flows = list(flows)[:limit]
    shown = [
        (str(f["from"]), str(f["to"]), f["count"])
        for f in flows
        if _is_number(f["count"]) and f["count"] > 0
    ]
    hidden = sum(1 for f in flows if f["count"] == HIDDEN)
    if not shown:
        return None

    scale = min(MAX_BODY, PX_PER_FLOW * len(shown)) / sum(count for *_, count in shown)
    (left, left_height), (right, right_height) = _column(shown, 0, scale), _column(shown, 1, scale)
    body = max(left_height, right_height)
    # Centre the shorter column, so its links run level rather than all up or all down.
    for bars, height in ((left, left_height), (right, right_height)):
        for bar in bars.values():
            bar[0] += HEADER + (body - height) / 2
            bar[1] += HEADER + (body - height) / 2

    # Stack each bar's links in the order of their other ends, so that they cross least.
    # A link is a band as thick as its count (at least a pixel, so none vanishes).
    links = [{"from": a, "to": b, "count": count} for a, b, count in shown]
    for end, other, bars, far in (("from", "to", left, right), ("to", "from", right, left)):
        top = {team: bar[0] for team, bar in bars.items()}
        for link in sorted(links, key=lambda link: far[link[other]][0]):
            y = top[link[end]]
            link["s0" if end == "from" else "t0"] = y
            link["s1" if end == "from" else "t1"] = y + max(1.0, link["count"] * scale)
            top[link[end]] += link["count"] * scale

    nodes = [
        {"team": team, "left": is_left, "y": bar[0], "y2": max(bar[1], bar[0] + 1)}
        for is_left, bars in ((True, left), (False, right))
        for team, bar in bars.items()
    ]
    description = f"{WHAT}, largest first: " + "; ".join(
        f"{a} to {b}, {_count_label(count)}" for a, b, count in shown
    )
    subtitle = ["Thicker bands: more moves"]
    if hidden:
        description += f". {_plural(hidden, 'smaller flow is', 'smaller flows are')} hidden"
        description += " (too few people to show): see the table"
        subtitle.append("Small moves hidden: see the table")
    text = {
        "font": {"value": FONT},
        "fontSize": {"value": FONT_SIZE},
        "fill": {"value": TEXT_COLOUR},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega/v5.json",
        "description": description + ".",
        "background": "white",
        "padding": 8,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "height": round(HEADER + body),
        "signals": [_width(width)],
        "title": {
            "text": title,
            "subtitle": subtitle,
            "anchor": "start",
            "offset": 12,
            "font": FONT,
            "fontSize": 20,
            "color": TEXT_COLOUR,
            "subtitleFont": FONT,
            "subtitleFontSize": FONT_SIZE,
            "subtitleColor": TEXT_COLOUR,
        },
        "data": [
            {
                "name": "nodes",
                "values": nodes,
                "transform": [
                    {"type": "formula", "as": "x", "expr": f"datum.left ? 0 : width - {BAR_WIDTH}"}
                ],
            },
            {
                "name": "headings",
                "values": [{"team": "From", "left": True}, {"team": "To", "left": False}],
            },
            {
                "name": "links",
                "values": links,
                "transform": [
                    # Filled rather than stroked: Vega pads a stroke's bounds by its width,
                    # which would push a thick link's chart off to one side.
                    {"type": "formula", "as": "path", "expr": _band()}
                ],
            },
        ],
        # The SVG is labelled by the description; the table below is the accessible version,
        # so the marks themselves are hidden from screen readers. No tooltips: see charts.js.
        "marks": [
            {
                "type": "path",
                "name": "link",
                "aria": False,
                "from": {"data": "links"},
                "encode": {
                    "update": {
                        "path": {"field": "path"},
                        "fill": {"value": COLOUR},
                        "fillOpacity": {"value": LINK_OPACITY},
                    }
                },
            },
            {
                "type": "rect",
                "name": "bar",
                "aria": False,
                "from": {"data": "nodes"},
                "encode": {
                    "update": {
                        "x": {"field": "x"},
                        "width": {"value": BAR_WIDTH},
                        "y": {"field": "y"},
                        "y2": {"field": "y2"},
                        "fill": {"value": COLOUR},
                    }
                },
            },
            {
                "type": "text",
                "name": "label",
                "aria": False,
                "from": {"data": "nodes"},
                "encode": {
                    "update": {
                        **text,
                        "text": {"field": "team"},
                        "x": {"signal": f"datum.left ? {BAR_WIDTH + 6} : width - {BAR_WIDTH + 6}"},
                        "y": {"signal": "(datum.y + datum.y2) / 2"},
                        "align": {"signal": "datum.left ? 'left' : 'right'"},
                        "baseline": {"value": "middle"},
                        # Left and right labels meet in the middle: cut them there, not overlap.
                        "limit": {"signal": f"width / 2 - {BAR_WIDTH + 12}"},
                    }
                },
            },
            {
                "type": "text",
                "name": "heading",
                "aria": False,
                "from": {"data": "headings"},
                "encode": {
                    "update": {
                        **text,
                        "text": {"field": "team"},
                        "fontWeight": {"value": "bold"},
                        "x": {"signal": "datum.left ? 0 : width"},
                        "y": {"value": 0},
                        "align": {"signal": "datum.left ? 'left' : 'right'"},
                        "baseline": {"value": "top"},
                    }
                },
            },
        ],
    }
