"""What the report pages show: a version's report, and two versions compared section by
section (difflib on each section's text)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from thrivekit.reporting.document import Report, from_json, section_text


def report_of(version) -> Report | None:
    return from_json(version.content) if version.content else None


@dataclass
class Line:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass
class SectionChange:
    id: str
    title: str
    status: str  # "changed", "same", "added" (only in the later), "removed" (only earlier)
    lines: list[Line] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.kind == "added")

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.kind == "removed")


def compare(before: Report, after: Report) -> list[SectionChange]:
    """Each section of either version, in report order, with its changed lines marked."""
    earlier = {s.id: s for s in before.sections}
    later = {s.id: s for s in after.sections}
    order = [s.id for s in after.sections] + [i for i in earlier if i not in later]
    summary_before = before.executive_summary.splitlines()
    summary_after = after.executive_summary.splitlines()
    changes = []
    if summary_before or summary_after:
        changes.append(_change("executive-summary", "Executive summary", summary_before,
                               summary_after))  # fmt: skip
    for section_id in order:
        old, new = earlier.get(section_id), later.get(section_id)
        title = (new or old).title
        if old is None:
            lines = [Line("added", text) for text in section_text(new).splitlines()]
            changes.append(SectionChange(section_id, title, "added", lines))
        elif new is None:
            lines = [Line("removed", text) for text in section_text(old).splitlines()]
            changes.append(SectionChange(section_id, title, "removed", lines))
        else:
            changes.append(
                _change(
                    section_id,
                    title,
                    section_text(old).splitlines(),
                    section_text(new).splitlines(),
                )
            )
    return changes


def _change(section_id: str, title: str, old: list[str], new: list[str]) -> SectionChange:
    lines = []
    for line in difflib.ndiff(old, new):
        code, text = line[:2], line[2:]
        if code == "  ":
            lines.append(Line("same", text))
        elif code == "- ":
            lines.append(Line("removed", text))
        elif code == "+ ":
            lines.append(Line("added", text))
    status = "same" if old == new else "changed"
    return SectionChange(section_id, title, status, lines)
