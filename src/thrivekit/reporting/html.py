"""The report as one standalone, accessible HTML5 document (also the source of the PDF)."""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from thrivekit.reporting.cells import cell_text, numeric_columns
from thrivekit.reporting.document import Chart, Report, Table
from thrivekit.reporting.figures import chart_png, chart_svg_text

Medium = Literal["web", "pdf"]

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_SVG_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("thrivekit.reporting", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet(name: str = "report.css") -> str:
    """One of the report's stylesheets, as text."""
    return resources.files("thrivekit.reporting").joinpath("templates", name).read_text("utf-8")


def summary_paragraphs(report: Report) -> list[str]:
    """The executive summary as paragraphs (blank lines separate them)."""
    paragraphs = re.split(r"\n\s*\n", report.executive_summary.strip())
    return [" ".join(p.split()) for p in paragraphs if p.strip()]


class _Anchors:
    """Valid, distinct HTML ids from section ids and titles."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, wanted: str, prefix: str) -> str:
        slug = _NOT_ID.sub("-", wanted).strip("-").lower()[:60].rstrip("-")
        base = f"{prefix}-{slug or 'part'}"
        anchor, number = base, 1
        while anchor in self.taken:
            number += 1
            anchor = f"{base}-{number}"
        self.taken.add(anchor)
        return anchor


def chart_svg(chart: Chart, anchor: str) -> Markup:
    """The chart as inline SVG for the web page: its ids made unique in the page, role="img",
    and a <title> holding the text alternative, which screen readers read."""
    svg = _XML_PROLOGUE.sub("", chart_svg_text(chart.spec))
    svg = _SVG_ID.sub(lambda m: f'id="{anchor}-{m[1]}"', svg)
    svg = _SVG_REF.sub(lambda m: f"{m[1]}{anchor}-{m[2]}", svg)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError(f"chart {chart.title!r} did not render to SVG")
    title_id = f"{anchor}-alt"
    tag = opening[0][:-1].rstrip("/")
    tag += f' role="img" aria-labelledby="{title_id}" focusable="false">'
    alternative = f"{chart.title}. {chart.description}".strip()
    title = f'<title id="{title_id}">{escape(alternative)}</title>'
    return Markup(svg[: opening.start()] + tag + title + svg[opening.end() :])


def chart_img(chart: Chart, *, scale: float = 2) -> Markup:
    """The chart as an <img> of a PNG (at `scale` times its size, for print) with the text
    alternative as alt. The PDF uses this: the chart's axis labels then stay out of the PDF's
    text, which is what the disclosure scan reads, and the chart is tagged as a Figure."""
    png = chart_png(chart.spec, scale=scale)
    width, height = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk
    alternative = f"{chart.title}. {chart.description}".strip()
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return Markup(
        f'<img src="{source}" alt="{escape(alternative)}" '
        f'width="{round(width / scale)}" height="{round(height / scale)}">'
    )


def _block_context(block: Any, anchors: _Anchors, medium: Medium) -> dict[str, Any]:
    context = asdict(block)
    if isinstance(block, Table):
        numeric = numeric_columns(block)
        rows = [
            [
                {"text": cell_text(value), "numeric": i < len(numeric) and numeric[i]}
                for i, value in enumerate(row)
            ]
            for row in block.rows
        ]
        context.update(anchor=anchors(block.caption, "table"), rows=rows, numeric=numeric)
    elif isinstance(block, Chart):
        anchor = anchors(block.title, "chart")
        context["image"] = chart_img(block) if medium == "pdf" else chart_svg(block, anchor)
    return context


def report_context(report: Report, *, medium: Medium = "web") -> dict[str, Any]:
    anchors = _Anchors()
    summary = summary_paragraphs(report)
    summary_anchor = anchors("executive-summary", "section") if summary else ""
    sections = [
        {
            "title": section.title,
            "anchor": anchors(section.id or section.title, "section"),
            "blocks": [_block_context(block, anchors, medium) for block in section.blocks],
        }
        for section in report.sections
    ]
    contents = ([{"title": "Executive summary", "anchor": summary_anchor}] if summary else []) + [
        {"title": s["title"], "anchor": s["anchor"]} for s in sections
    ]
    return {
        "report": report,
        "medium": medium,
        "summary": summary,
        "summary_anchor": summary_anchor,
        "sections": sections,
        "contents": contents,
    }


def render_html(report: Report, *, nonce: str | None = None, medium: Medium = "web") -> str:
    """One standalone HTML5 document: an embedded stylesheet (screen and print), inline SVG
    charts, no scripts and nothing fetched. `nonce` goes on the <style> element for a page
    served under a Content-Security-Policy; `medium="pdf"` is the source of `render_pdf`."""
    template = _environment().get_template("report.html.jinja")
    return template.render(
        **report_context(report, medium=medium), css=Markup(stylesheet()), nonce=nonce
    )
