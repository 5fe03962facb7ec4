"""The Phase 1 report as data: sections of blocks, assembled once and rendered four ways.

Everything in a `Report` is already safe to publish: the Django side (`thrivekit.reports`)
builds it from each step's selectors and passes every count of people through
`thrivekit.disclosure` before it reaches a block. Renderers (HTML, PDF, Word, Excel) only lay it
out. A report round-trips through JSON (`to_json` / `from_json`), which is how a published
version is frozen and how two versions are compared section by section.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = "thrivekit.report/1"

Cell = str | int | float | None


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Table:
    """A table of already-protected values; every table is also a sheet of the workbook."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""  # e.g. "Counts of 1 to 7 are shown as <8; others rounded to the nearest 5."
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec (the same one the pages draw), with its text alternative."""

    title: str
    spec: dict[str, Any]
    description: str  # what the chart shows, in words, for screen readers and the Word file
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True)
class Quote:
    text: str  # a reviewed quote only
    attribution: str = ""  # e.g. "A young person, Riverside"; never a small group
    kind: Literal["quote"] = "quote"


@dataclass(frozen=True)
class Subheading:
    text: str
    kind: Literal["subheading"] = "subheading"


@dataclass(frozen=True)
class Empty:
    """A section or part the site has no data for: says so plainly and which step fills it."""

    message: str  # e.g. "No qualitative feedback has been imported yet."
    fills_it: str  # e.g. "Step 2, Understanding your system: import a survey export."
    kind: Literal["empty"] = "empty"


Block = Paragraph | Bullets | Table | Chart | Quote | Subheading | Empty
BLOCK_TYPES: dict[str, type] = {
    cls.__dataclass_fields__["kind"].default: cls
    for cls in (Paragraph, Bullets, Table, Chart, Quote, Subheading, Empty)
}


@dataclass(frozen=True)
class Section:
    id: str  # stable slug, e.g. "engagement"; used to compare versions section by section
    title: str
    blocks: tuple[Block, ...]
    step: str = ""  # the Phase 1 step slug it reports on, if any


@dataclass(frozen=True)
class Report:
    title: str  # "Phase 1 analysis report and implementation plan"
    site_name: str
    prepared: str  # ISO date the report was assembled
    sections: tuple[Section, ...]
    version_label: str = "Draft"  # "Draft" or e.g. "Version 2, published 5 December 2026"
    executive_summary: str = ""  # plain text; paragraphs separated by blank lines
    schema: str = field(default=SCHEMA)


def to_json(report: Report) -> dict[str, Any]:
    return asdict(report)


def _block(data: dict[str, Any]) -> Block:
    cls = BLOCK_TYPES[data["kind"]]
    values = dict(data)
    if cls is Bullets:
        values["items"] = tuple(values["items"])
    if cls is Table:
        values["columns"] = tuple(values["columns"])
        values["rows"] = tuple(tuple(row) for row in values["rows"])
    return cls(**values)


def from_json(data: dict[str, Any]) -> Report:
    if data.get("schema") != SCHEMA:
        raise ValueError(f"Not a {SCHEMA} report: {data.get('schema')!r}")
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            step=s.get("step", ""),
            blocks=tuple(_block(b) for b in s["blocks"]),
        )
        for s in data["sections"]
    )
    return Report(**{**data, "sections": sections})


def section_text(section: Section) -> str:
    """A section as plain lines of text, for comparing two versions."""
    lines = [section.title]
    for block in section.blocks:
        if isinstance(block, Paragraph | Subheading):
            lines.append(block.text)
        elif isinstance(block, Bullets):
            lines.extend(f"- {item}" for item in block.items)
        elif isinstance(block, Table):
            lines.append(block.caption)
            lines.append(" | ".join(block.columns))
            lines.extend(" | ".join("" if c is None else str(c) for c in row) for row in block.rows)
            if block.note:
                lines.append(block.note)
        elif isinstance(block, Chart):
            lines.append(f"Chart: {block.title}. {block.description}")
        elif isinstance(block, Quote):
            lines.append(f"“{block.text}” {block.attribution}".strip())
        elif isinstance(block, Empty):
            lines.append(f"{block.message} {block.fills_it}")
    return "\n".join(lines)
