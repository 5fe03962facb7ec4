"""Charts as Vega-Lite specs: built with Altair, drawn in the page by vega-embed
(static/thrivekit/charts.js) and rendered to SVG/PNG for reports by vl-convert. No Django.
The Sankey of moves between teams is a plain Vega spec (Vega-Lite has no links)."""

from thrivekit.charts.render import to_png, to_svg
from thrivekit.charts.sankey import team_flow_sankey
from thrivekit.charts.series import category_bars, monthly_lines
from thrivekit.charts.specs import (
    assessment_heatmap,
    checklist_statuses,
    item_distribution,
    snapshot_change,
)

__all__ = [
    "assessment_heatmap",
    "category_bars",
    "monthly_lines",
    "checklist_statuses",
    "item_distribution",
    "snapshot_change",
    "team_flow_sankey",
    "to_png",
    "to_svg",
]
