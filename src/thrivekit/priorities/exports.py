"""Priorities and gap analyses for a board paper: Excel and Word, aims first."""

import io

from docx import Document
from docx.shared import Pt

from thrivekit.exports import Sheet, xlsx_bytes
from thrivekit.priorities import selectors
from thrivekit.priorities.models import WORKSHEET_FIELDS


def _consensus_rows(session):
    result = selectors.room_result(session=session, round=session.round)
    titles = {c.id: c.title for c in selectors.candidates(session=session)}
    if result is None:
        return []
    return [
        [i.rank, i.item, titles.get(i.item, i.item), i.points, i.tables, i.first_places,
         i.mean_position]
        for i in result.items
    ]  # fmt: skip


def _p_value(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def consensus_notes(result, titles: dict[str, str]) -> list[str]:
    """The consensus evidence in words: agreement between tables, ties, and the checks."""
    if result is None:
        return []
    agreement = result.agreement
    if agreement.kendall_w is None:
        notes = [f"Agreement between tables (Kendall's W) needs at least two tables and two "
                 f"priorities; {agreement.tables} table(s) ranked."]  # fmt: skip
    else:
        notes = [
            f"Agreement between tables (Kendall's W): {agreement.kendall_w:.2f} over "
            f"{agreement.tables} tables ({_p_value(agreement.p_value)}); 0 = none, 1 = complete."
        ]
    for group in result.ties:
        notes.append("Tied (share a rank): " + "; ".join(titles.get(i, i) for i in group))
    for method, check in result.checks.items():
        if check.differs:
            top = "; ".join(titles.get(i, i) for i in check.top)
            notes.append(f"{method.capitalize()} check gives a different order: {top}")
        else:
            notes.append(f"{method.capitalize()} check agrees with the Borda count")
    return notes


def priorities_xlsx(*, session) -> bytes:
    aims = [a.text for a in selectors.session_aims(session=session)]
    notes = [session.title, "Aims: " + "; ".join(aims) if aims else "No aims recorded."]
    priorities = list(selectors.session_priorities(session=session))
    result = selectors.room_result(session=session, round=session.round)
    titles = {c.id: c.title for c in selectors.candidates(session=session)}
    sheets = [
        Sheet("Aims", ["Order", "Aim"], [[n, a] for n, a in enumerate(aims, 1)], notes=notes),
        Sheet(
            "Top five",
            ["Rank", "Item", "Priority"],
            [[p.rank, p.item, p.title] for p in priorities],
            notes=notes
            + (
                [f"Differs from the computed consensus because: {session.confirmation_reason}"]
                if session.confirmation_reason
                else []
            ),
        ),
        Sheet(
            "Consensus",
            [
                "Rank",
                "Item",
                "Candidate",
                "Borda points",
                "Tables",
                "First places",
                "Mean position",
            ],
            _consensus_rows(session),
            notes=notes + consensus_notes(result, titles),
        ),
        Sheet(
            "Gap analysis",
            ["Rank", "Priority", *[label for _, label, _ in WORKSHEET_FIELDS]],
            [
                [p.rank, p.title, *[getattr(p, name) for name, _, _ in WORKSHEET_FIELDS]]
                for p in priorities
            ],
            notes=notes,
        ),  # fmt: skip
    ]
    return xlsx_bytes(sheets, title=session.title)


def priorities_docx(*, session) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(session.title, level=1)
    document.add_heading("What we are trying to achieve", level=2)
    for aim in selectors.session_aims(session=session):
        document.add_paragraph(aim.text, style="List Number")
    document.add_heading("Our top five priorities", level=2)
    priorities = list(selectors.session_priorities(session=session))
    for priority in priorities:
        document.add_paragraph(priority.title, style="List Number 2")
    if session.confirmation_reason:
        document.add_paragraph(
            f"The room chose an order that differs from the computed consensus because: "
            f"{session.confirmation_reason}"
        )
    rows = _consensus_rows(session)
    if rows:
        document.add_heading("How the tables ranked them", level=2)
        document.add_paragraph(
            "Borda count: rank 1 of a table's five earns 5 points, rank 5 earns 1. Ties are "
            "broken by first places, then second places; items still level share a rank."
        )
        table = document.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ["Rank", "Candidate", "Points", "Tables", "First places", "Mean position"],
            strict=True,
        ):
            cell.text = text
        for rank, _, title, points, tables, firsts, mean in rows[:10]:
            cells = table.add_row().cells
            values = [rank, title, points, tables, firsts, f"{mean:.1f}"]
            for cell, value in zip(cells, values, strict=True):
                cell.text = str(value)
        result = selectors.room_result(session=session, round=session.round)
        titles = {c.id: c.title for c in selectors.candidates(session=session)}
        for note in consensus_notes(result, titles):
            document.add_paragraph(note)
    for priority in priorities:
        document.add_heading(f"Gap analysis {priority.rank}: {priority.title}", level=2)
        for name, label, _ in WORKSHEET_FIELDS:
            document.add_heading(label, level=3)
            document.add_paragraph(getattr(priority, name) or "Not completed yet.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
