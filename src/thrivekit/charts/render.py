"""Render the chart specs to SVG or PNG without a browser, for PDF and Word reports."""

import copy
import re
from typing import Any

import vl_convert

# "container" means "as wide as the page" in the browser; a report needs a number.
REPORT_WIDTH = 760
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_SCHEMA_VERSION = re.compile(r"/vega-lite/v(\d+)\.(\d+)")
# Keys whose values are data, never layout: "container" or "url" in there is just text.
_DATA_KEYS = {"values", "datasets"}


def _with_fixed_size(node: Any, width: int, height: int) -> Any:
    if isinstance(node, dict):
        fixed = {}
        for key, value in node.items():
            if key in _DATA_KEYS:
                fixed[key] = value
            elif key == "width" and value == "container":
                fixed[key] = width
            elif key == "height" and value == "container":
                fixed[key] = height
            else:
                fixed[key] = _with_fixed_size(value, width, height)
        return fixed
    if isinstance(node, list):
        return [_with_fixed_size(item, width, height) for item in node]
    return node


def _refuse_urls(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url":
                raise ValueError(f"chart specs must inline their data, not load {value!r}")
            if key not in _DATA_KEYS:
                _refuse_urls(value)
    elif isinstance(node, list):
        for item in node:
            _refuse_urls(item)


def with_fixed_width(spec: dict[str, Any], *, width: int = REPORT_WIDTH) -> dict[str, Any]:
    """A copy of `spec` where a "container" width (or height) is a number of pixels."""
    return _with_fixed_size(copy.deepcopy(spec), width, round(width * 0.6))


def vegalite_version(spec: dict[str, Any]) -> str | None:
    """The Vega-Lite version the spec was written for (e.g. "5.20" for Altair 5.5), so reports
    compile it as the page does; None (vl-convert's newest) when vl-convert does not have it."""
    match = _SCHEMA_VERSION.search(str(spec.get("$schema", "")))
    if not match:
        return None
    version = f"{match[1]}.{match[2]}"
    return version if version in vl_convert.get_vegalite_versions() else None


def _is_vega(spec: dict[str, Any]) -> bool:
    # Most charts are Vega-Lite; a few (the team-flow Sankey) are plain Vega.
    return "/vega/v" in str(spec.get("$schema", ""))


def _prepare(spec: dict[str, Any], width: int) -> tuple[dict[str, Any], str | None]:
    # A report never fetches anything: chart data is inlined, and no base URL is allowed below.
    _refuse_urls(spec)
    return with_fixed_width(spec, width=width), vegalite_version(spec)


def to_svg(spec: dict[str, Any], *, width: int = REPORT_WIDTH) -> str:
    """The chart as an SVG document; a "container" width becomes `width` pixels."""
    fixed, version = _prepare(spec, width)
    if _is_vega(fixed):
        return vl_convert.vega_to_svg(fixed, allowed_base_urls=[])
    return vl_convert.vegalite_to_svg(fixed, vl_version=version, allowed_base_urls=[])


def to_png(spec: dict[str, Any], *, scale: float = 2, width: int = REPORT_WIDTH) -> bytes:
    """The chart as PNG bytes at `scale` times its CSS pixel size (2 suits print)."""
    fixed, version = _prepare(spec, width)
    if _is_vega(fixed):
        return vl_convert.vega_to_png(fixed, scale=scale, allowed_base_urls=[])
    return vl_convert.vegalite_to_png(fixed, vl_version=version, scale=scale, allowed_base_urls=[])


def to_scenegraph(spec: dict[str, Any], *, width: int = REPORT_WIDTH) -> dict[str, Any]:
    """Vega's scenegraph of the chart (every mark with its position, colour and text), as
    drawn by to_svg: lets tests and checks read what a reader would see."""
    fixed, version = _prepare(spec, width)
    if _is_vega(fixed):
        return vl_convert.vega_to_scenegraph(fixed, allowed_base_urls=[])
    return vl_convert.vegalite_to_scenegraph(fixed, vl_version=version, allowed_base_urls=[])
