"""RAG status of a plan action from its status and dates. No Django: plain rules, tested alone."""

import datetime as dt
from dataclasses import dataclass

# An action due within this many days that has not started is at risk.
AT_RISK_DAYS = 14


@dataclass(frozen=True)
class RagResult:
    rag: str  # "red", "amber" or "green"
    reason: str
    overridden: bool = False


def computed_rag(
    *, status: str, start: dt.date | None, due: dt.date | None, today: dt.date
) -> RagResult:
    """Red: overdue or blocked. Amber: no due date, should have started, or due soon and not
    started. Green: done, or on track."""
    if status == "done":
        return RagResult("green", "Done")
    if status == "blocked":
        return RagResult("red", "Blocked")
    if due is not None and due < today:
        return RagResult("red", f"Overdue: was due {due:%d/%m/%Y}")
    if due is None:
        return RagResult("amber", "No due date set")
    not_started = status in ("draft", "not_started")
    if not_started and start is not None and start < today:
        return RagResult("amber", f"Should have started on {start:%d/%m/%Y}")
    if not_started and (due - today).days <= AT_RISK_DAYS:
        return RagResult("amber", f"Due {due:%d/%m/%Y} and not started")
    return RagResult("green", "On track")


def action_rag(action, *, today: dt.date) -> RagResult:
    """The computed RAG, unless someone has overridden it (with a reason)."""
    if action.rag_override:
        return RagResult(action.rag_override, action.rag_override_reason, overridden=True)
    return computed_rag(
        status=action.status, start=action.start_date, due=action.due_date, today=today
    )


def is_overdue(*, status: str, due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today and status != "done"
