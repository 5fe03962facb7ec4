"""The one palette for the needs-based groupings, used by the interactive map page, the SVG/PNG
drawing and the charts, so a grouping has the same colour everywhere.

Each grouping has a strong colour (borders, bars, legend swatches: at least 3:1 against white,
WCAG 1.4.11) and a light tint (box fills: the text colour on it is at least 4.5:1). NHS identity
colours; neighbouring groupings differ in lightness as well as hue, and every drawing also names
the grouping (lane titles, legend, table), so colour is never the only cue.
"""

from __future__ import annotations

from typing import NamedTuple


class Colours(NamedTuple):
    strong: str
    tint: str


GROUPING_COLOURS: dict[str, Colours] = {
    "thriving": Colours("#007f3b", "#e5f2eb"),  # NHS green
    "getting-advice": Colours("#005eb8", "#e5eef8"),  # NHS blue
    "getting-help": Colours("#330072", "#ebe5f1"),  # NHS purple
    "getting-more-help": Colours("#7c2855", "#f2e9ee"),  # NHS dark pink
    "getting-risk-support": Colours("#d5281b", "#fae9e8"),  # NHS emergency red
}
NO_GROUPING_COLOURS = Colours("#768692", "#f0f4f5")  # NHS mid grey
ENTRY_POINT_COLOURS = Colours("#425563", "#e8edee")  # NHS dark grey
TEXT_COLOUR = "#212b32"

# Route kinds differ by dash pattern as well as colour, so the key works in greyscale too.
# (colour, SVG dash array; "" is a solid line)
ROUTE_STYLES: dict[str, tuple[str, str]] = {
    "referral": ("#212b32", ""),
    "step-up": ("#7c2855", "10 4"),
    "step-down": ("#006747", "4 3"),
    "signpost": ("#005eb8", "1 4"),
    "consultation": ("#768692", "8 3 2 3"),
}


def grouping_colours(grouping: str | None) -> Colours:
    """The colours of a grouping id; grey for none or one the palette does not know."""
    return GROUPING_COLOURS.get(grouping or "", NO_GROUPING_COLOURS)


def grouping_strong_colours() -> dict[str, str]:
    """Grouping id → strong colour: what a chart colours a grouping's bars or lines with."""
    return {grouping: colours.strong for grouping, colours in GROUPING_COLOURS.items()}
