"""Charts drawn for the report, remembered for a while. Vega lays each chart out once, as SVG;
the PNG (for the PDF and the Word file) is that SVG rasterised, pixel for pixel what
`thrivekit.charts.render.to_png` gives, without running Vega again. Laying out a chart with
many long labels can take seconds (Vega measures each label as it shortens it)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

# A few reports' worth of charts; a PNG is a few hundred KiB.
_REMEMBERED = 24


def _key(spec: dict[str, Any]) -> str:
    return json.dumps(spec, separators=(",", ":"))


@lru_cache(maxsize=_REMEMBERED)
def _svg(key: str) -> str:
    from thrivekit.charts.render import to_svg  # loads the Vega engine: only when drawing

    return to_svg(json.loads(key))


@lru_cache(maxsize=_REMEMBERED)
def _png(key: str, scale: float) -> bytes:
    import vl_convert

    return vl_convert.svg_to_png(_svg(key), scale=scale)


def chart_svg_text(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (thrivekit.charts.render.to_svg)."""
    return _svg(_key(spec))


def chart_png(spec: dict[str, Any], *, scale: float = 2) -> bytes:
    """The chart as PNG bytes at `scale` times its size (thrivekit.charts.render.to_png)."""
    return _png(_key(spec), scale)


def forget_charts() -> None:
    """Forget every drawn chart (for benchmarks that time drawing from scratch)."""
    _svg.cache_clear()
    _png.cache_clear()
