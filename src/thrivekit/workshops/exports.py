"""Workshop exports: anonymous answers, summaries and reviewed comments, safe for Excel.

The same tables go into the Excel workbook (one worksheet each) and into CSV files (one file
each); every cell goes through :mod:`thrivekit.exports`, which neutralises formula-like text.
"""

from collections.abc import Callable
from dataclasses import dataclass

from thrivekit import scoring
from thrivekit.exports import Sheet, csv_bytes, xlsx_bytes
from thrivekit.workshops import presenters, selectors
from thrivekit.workshops.models import ChecklistAnswer

ASSESSMENT_HEADER = ["Participant", "Local area", "Sector or role", "Table", "Item", "Score"]
CHECKLIST_HEADER = ["Participant", "Local area", "Sector or role", "Table", "Action", "Status"]
ASSESSMENT_SUMMARY_HEADER = [
    "Item",
    "Principle",
    "Level",
    "Scored",
    "Don't know",
    "Scored 1",
    "Scored 2",
    "Scored 3",
    "Scored 4",
    "Median",
    "THRIVE-like %",
    "Interquartile range",
    "Normalised entropy",
]
COMMENTS_HEADER = ["Action", "Status", "Tag", "Comment"]


def _rounded(value, digits: int):
    return None if value is None else round(value, digits)


GROUPS = ("local_area", "sector", "table")
MERGED = f"Other (fewer than {presenters.MIN_GROUP})"


def _small_groups(*tables) -> dict[str, set[str]]:
    """The area, sector and table names fewer than MIN_GROUP people hold in any row-level table.

    Counted per table, and merged in every table alike, so that one participant number is not
    a named group in one sheet and "Other" in the next.
    """
    small = {group: set() for group in GROUPS}
    for rows in tables:
        for group in GROUPS:
            holders: dict[str, set[str]] = {}
            for number, label, _ in rows:
                if label[group] is not None:
                    holders.setdefault(label[group], set()).add(number)
            small[group] |= {
                name for name, people in holders.items() if len(people) < presenters.MIN_GROUP
            }
    return small


def _row_level(workshop):
    """Answer rows with a group of fewer than MIN_GROUP people shown as the merged label."""
    assessment, checklist = selectors.raw_answers(workshop=workshop)
    small = _small_groups(assessment, checklist)

    def merged(rows):
        for number, label, answer in rows:
            shown = {g: MERGED if label[g] in small[g] else label[g] for g in GROUPS}
            yield number, shown, answer

    return merged(assessment), merged(checklist)


def _assessment_rows(workshop):
    assessment, _ = _row_level(workshop)
    for number, label, answer in assessment:
        score = "Don't know" if answer.score is None else answer.score
        yield [number, label["local_area"], label["sector"], label["table"], answer.item, score]


def _checklist_rows(workshop):
    _, checklist = _row_level(workshop)
    for number, label, answer in checklist:
        status = scoring.STATUS_LABELS.get(answer.status, answer.status)
        yield [number, label["local_area"], label["sector"], label["table"], answer.action, status]


def _assessment_summary_rows(workshop):
    """One row per item, most disputed first; numbers stay numbers in the spreadsheet."""
    results = presenters.assessment_results(workshop=workshop)
    summary = results["summary"]
    titles = {row["id"]: row["title"] for row in results["items"]}
    for row in results["items"]:
        s = summary.item(row["id"])
        yield [
            titles[s.item],
            s.principle,
            s.level,
            s.n,
            s.dont_know,
            *(s.distribution[score] for score in (1, 2, 3, 4)),
            s.median,
            _rounded(s.thrive_like_percentage, 1),
            _rounded(s.iqr, 2),
            _rounded(s.normalised_entropy, 3),
        ]


def _checklist_summary_header(workshop) -> list[str]:
    statuses = [scoring.STATUS_LABELS[s] for s in (*scoring.STATUSES, scoring.DONT_KNOW)]
    return ["Action", *statuses, "Modal status", "Agreement %", "Common", "Conflicting", "Why"]


def _checklist_summary_rows(workshop):
    checklist = presenters.checklist_results(workshop=workshop)
    for row in checklist["rows"]:
        action = checklist["summary"].action(row["id"])
        yield [
            row["title"],
            *row["counts"],
            row["modal"],
            _rounded(action.agreement_percentage, 1),
            "Yes" if row["common"] else "",
            "Yes" if row["conflicting"] else "",
            "; ".join(row["reasons"]),
        ]


def _comment_rows(workshop):
    """Only comments a facilitator has approved; no participant, area or table beside them."""
    approved = selectors.comments_for_review(workshop=workshop).filter(
        review=ChecklistAnswer.Review.APPROVED
    )
    tags = dict(ChecklistAnswer.Tag.choices)
    for comment in approved:
        yield [
            comment.action,
            scoring.STATUS_LABELS.get(comment.status, comment.status),
            tags.get(comment.tag, "") if comment.tag else "",
            comment.comment,
        ]


@dataclass(frozen=True)
class Table:
    key: str  # the CSV's name: ?table=<key>
    title: str  # the worksheet's name
    instrument: str  # "assessment" or "checklist": only when the workshop includes it
    header: Callable
    rows: Callable
    notes: tuple[str, ...] = ()


TABLES = (
    Table(
        "assessment",
        "Assessment answers",
        "assessment",
        lambda w: ASSESSMENT_HEADER,
        _assessment_rows,
    ),
    Table(
        "assessment-summary",
        "Assessment summary",
        "assessment",
        lambda w: ASSESSMENT_SUMMARY_HEADER,
        _assessment_summary_rows,
    ),
    Table(
        "checklist",
        "Checklist answers",
        "checklist",
        lambda w: CHECKLIST_HEADER,
        _checklist_rows,
    ),
    Table(
        "checklist-summary",
        "Checklist summary",
        "checklist",
        _checklist_summary_header,
        _checklist_summary_rows,
    ),
    Table(
        "comments",
        "Comments",
        "checklist",
        lambda w: COMMENTS_HEADER,
        _comment_rows,
        notes=("Only comments a facilitator has approved are exported.",),
    ),
)


def tables_for(workshop) -> list[Table]:
    included = {
        "assessment": workshop.includes_assessment,
        "checklist": workshop.includes_checklist,
    }
    return [table for table in TABLES if included[table.instrument]]


def table_for(workshop, key: str) -> Table | None:
    return next((table for table in tables_for(workshop) if table.key == key), None)


def _notes(workshop, table: Table) -> list[str]:
    return [
        workshop.title,
        "Anonymous answers: participants are numbered, never named.",
        f"Groups with fewer than {presenters.MIN_GROUP} people are not shown separately in "
        "summaries.",
        f"A local area, sector or table with fewer than {presenters.MIN_GROUP} people is shown "
        f'as "{MERGED}" in the answers.',
        *table.notes,
    ]


def workshop_csv(*, workshop, table: Table) -> bytes:
    return csv_bytes(table.header(workshop), table.rows(workshop))


def workshop_xlsx(*, workshop) -> bytes:
    sheets = [
        Sheet(t.title, t.header(workshop), t.rows(workshop), notes=_notes(workshop, t))
        for t in tables_for(workshop)
    ]
    return xlsx_bytes(sheets, title=workshop.title)
