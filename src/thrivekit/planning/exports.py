"""The implementation plan as Excel (openpyxl), Word (python-docx, real heading styles) and
iCalendar (one VTODO per action; the plan's dates become its start and due)."""

import datetime as dt
import io

from docx import Document
from docx.shared import Pt
from icalendar import Calendar, Todo

from thrivekit.exports import Sheet, xlsx_bytes

HEADER = [
    "Grouping", "Action", "Owner", "Organisation", "Start", "Due", "Status", "RAG",
    "RAG reason", "Depends on", "Answers",
]  # fmt: skip
ICAL_STATUS = {
    "draft": "NEEDS-ACTION",
    "not_started": "NEEDS-ACTION",
    "in_progress": "IN-PROCESS",
    "blocked": "NEEDS-ACTION",
    "done": "COMPLETED",
}


def _rows(plan: list[dict]) -> list[list]:
    rows = []
    for grouping in plan:
        for row in grouping["rows"]:
            action = row.action
            rows.append(
                [
                    grouping["name"],
                    action.title,
                    action.owner.name if action.owner else "",
                    action.owner.organisation if action.owner else "",
                    action.start_date,
                    action.due_date,
                    action.get_status_display(),
                    row.rag.rag.capitalize(),
                    row.rag.reason,
                    "; ".join(d.title for d in row.depends_on),
                    "; ".join(row.answers),
                ]
            )
    return rows


def plan_xlsx(*, site, plan: list[dict], today: dt.date) -> bytes:
    notes = [f"{site.name}: implementation plan", f"RAG as at {today:%d/%m/%Y}"]
    return xlsx_bytes([Sheet("Implementation plan", HEADER, _rows(plan), notes=notes)])


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "not set"


def plan_docx(*, site, plan: list[dict], today: dt.date) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"{site.name}: implementation plan", level=1)
    document.add_paragraph(f"RAG status as at {today:%d/%m/%Y}.")
    for grouping in plan:
        document.add_heading(grouping["name"], level=2)
        if not grouping["rows"]:
            document.add_paragraph("No actions yet.")
            continue
        for row in grouping["rows"]:
            action = row.action
            document.add_heading(action.title, level=3)
            owner = str(action.owner) if action.owner else "No owner yet"
            lines = [
                f"Owner: {owner}",
                f"Dates: {_date(action.start_date)} to {_date(action.due_date)}",
                f"Status: {action.get_status_display()}; RAG: {row.rag.rag.capitalize()} "
                f"({row.rag.reason})",
            ]
            if row.depends_on:
                lines.append("Depends on: " + "; ".join(d.title for d in row.depends_on))
            lines += [f"Answers: {a}" for a in row.answers]
            for line in lines:
                document.add_paragraph(line, style="List Bullet")
            if action.description:
                document.add_paragraph(action.description)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_ics(*, site, plan: list[dict], domain: str = "thrivekit") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//thrivekit//implementation plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{site.name}: implementation plan")
    stamp = dt.datetime.now(dt.UTC)
    for grouping in plan:
        for row in grouping["rows"]:
            action = row.action
            todo = Todo()
            todo.add("uid", f"{action.pk}@{domain}")
            todo.add("dtstamp", stamp)
            todo.add("summary", f"{action.title} ({grouping['name']})")
            description = [f"RAG: {row.rag.rag.capitalize()} ({row.rag.reason})", *row.answers]
            if action.description:
                description.insert(0, action.description)
            todo.add("description", "\n".join(description))
            if action.start_date:
                todo.add("dtstart", action.start_date)
            if action.due_date:
                todo.add("due", action.due_date)
            todo.add("status", ICAL_STATUS.get(action.status, "NEEDS-ACTION"))
            if action.owner:
                todo.add("x-thrivekit-owner", str(action.owner))
            todo.add("categories", [grouping["name"]])
            calendar.add_component(todo)
    return calendar.to_ical()
