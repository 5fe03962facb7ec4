"""Palettes and contrast helpers shared by the chart specs.

Every palette here is safe for the common colour-vision deficiencies: the assessment scale runs
along viridis (dark purple to yellow, readable in greyscale too), the answer bars use
ColorBrewer's PuOr (orange against purple), and the checklist statuses use blue against yellow,
the axis that red-green colour blindness keeps.
"""

from collections.abc import Sequence

from thrivekit.pathways.palette import grouping_strong_colours

# Viridis sampled at 0, 1/3, 2/3 and 1, one stop per score 1..4. The heatmap scale interpolates
# between them in RGB so that `score_colour` can compute the exact fill of every cell and pick
# the text colour that contrasts with it.
SCORE_DOMAIN: tuple[int, ...] = (1, 2, 3, 4)
SCORE_COLOURS: tuple[str, ...] = ("#440154", "#31688e", "#35b779", "#fde725")

# Cells, bars and points with no answers (or hidden by disclosure control).
NO_ANSWERS_GREY = "#d8dde0"  # NHS grey 4

# Answers to an assessment item: 1 = some way to go ... 4 = fully THRIVE-like (PuOr, 4 classes).
ANSWER_COLOURS: dict[str, str] = {
    "1": "#e66101",
    "2": "#fdb863",
    "3": "#b2abd2",
    "4": "#5e3c99",
    "Don't know": NO_ANSWERS_GREY,
}

# Implementation Checklist statuses, in the order they are stacked.
STATUS_COLOURS: dict[str, str] = {
    "in_place": "#005eb8",  # NHS blue
    "in_progress": "#41b6e6",  # NHS light blue
    "not_started": "#ffb81c",  # NHS warm yellow
    "dont_know": NO_ANSWERS_GREY,
}

# Baseline and later points of the snapshot comparison.
BASELINE_COLOUR = "#768692"  # NHS mid grey
LATER_COLOUR = "#005eb8"  # NHS blue

# Needs-based groupings (grouping id -> colour): the one palette the pathway map page and its
# SVG drawing use too, so a chart by grouping colours each as the map does.
GROUPING_COLOURS: dict[str, str] = grouping_strong_colours()

TEXT_COLOUR = "#212b32"  # NHS text colour, 14:1 on white
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected a colour like #1a2b3c, got {hex_colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    # Vega (d3-interpolate) rounds each channel to the nearest integer, halves upwards.
    return "#" + "".join(f"{min(255, max(0, int(channel + 0.5))):02x}" for channel in rgb)


def score_colour(score: float) -> str:
    """The fill the heatmap gives a median `score` (clamped to 1..4), as #rrggbb."""
    low, high = SCORE_DOMAIN[0], SCORE_DOMAIN[-1]
    score = min(max(float(score), low), high)
    for index in range(len(SCORE_DOMAIN) - 1):
        start, end = SCORE_DOMAIN[index], SCORE_DOMAIN[index + 1]
        if score <= end:
            t = (score - start) / (end - start)
            a, b = _rgb(SCORE_COLOURS[index]), _rgb(SCORE_COLOURS[index + 1])
            return _hex([ca + (cb - ca) * t for ca, cb in zip(a, b, strict=True)])
    return SCORE_COLOURS[-1]  # pragma: no cover - the loop always returns for a clamped score


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (always at least 4.5:1)."""
    if contrast_ratio(DARK_TEXT, fill) >= contrast_ratio(LIGHT_TEXT, fill):
        return DARK_TEXT
    return LIGHT_TEXT
