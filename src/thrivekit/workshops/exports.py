"""Workshop exports: anonymous answers, summaries and reviewed comments, safe for Excel."""

from thrivekit import scoring
from thrivekit.exports import Sheet, csv_bytes, xlsx_bytes
from thrivekit.workshops import presenters, selectors
from thrivekit.workshops.models import ChecklistAnswer

ASSESSMENT_HEADER = ["Participant", "Local area", "Sector or role", "Table", "Item", "Score"]
CHECKLIST_HEADER = ["Participant", "Local area", "Sector or role", "Table", "Action", "Status"]


def _assessment_rows(workshop):
    assessment, _ = selectors.raw_answers(workshop=workshop)
    for number, label, answer in assessment:
        score = "Don't know" if answer.score is None else answer.score
        yield [number, label["local_area"], label["sector"], label["table"], answer.item, score]


def _checklist_rows(workshop):
    _, checklist = selectors.raw_answers(workshop=workshop)
    for number, label, answer in checklist:
        status = scoring.STATUS_LABELS.get(answer.status, answer.status)
        yield [number, label["local_area"], label["sector"], label["table"], answer.action, status]


def workshop_csv(*, workshop, instrument: str) -> bytes:
    if instrument == "checklist":
        return csv_bytes(CHECKLIST_HEADER, _checklist_rows(workshop))
    return csv_bytes(ASSESSMENT_HEADER, _assessment_rows(workshop))


def workshop_xlsx(*, workshop) -> bytes:
    notes = [
        workshop.title,
        "Anonymous answers: participants are numbered, never named.",
        f"Groups with fewer than {presenters.MIN_GROUP} people are not shown separately in "
        "summaries.",
    ]
    sheets = []
    assessment = presenters.assessment_results(workshop=workshop)
    if assessment:
        sheets.append(Sheet("Assessment answers", ASSESSMENT_HEADER, _assessment_rows(workshop)))
        sheets.append(
            Sheet(
                "Assessment summary",
                [
                    "Item",
                    "Answered",
                    "Don't know",
                    "Scored 1",
                    "Scored 2",
                    "Scored 3",
                    "Scored 4",
                    "Median",
                    "THRIVE-like %",
                    "Interquartile range",
                    "Normalised entropy",
                ],
                [
                    [
                        r["title"],
                        r["n"],
                        r["dont_know"],
                        *r["distribution"],
                        r["median"],
                        r["thrive_like"],
                        r["iqr"],
                        r["entropy"],
                    ]
                    for r in assessment["items"]
                ],  # fmt: skip
                notes=notes,
            )
        )
    checklist = presenters.checklist_results(workshop=workshop)
    if checklist:
        sheets.append(Sheet("Checklist answers", CHECKLIST_HEADER, _checklist_rows(workshop)))
        sheets.append(
            Sheet(
                "Checklist summary",
                [
                    "Action",
                    *checklist["statuses"],
                    "Modal status",
                    "Agreement %",
                    "Common",
                    "Conflicting",
                ],
                [
                    [
                        r["title"],
                        *r["counts"],
                        r["modal"],
                        r["agreement"],
                        "Yes" if r["common"] else "",
                        "Yes" if r["conflicting"] else "",
                    ]
                    for r in checklist["rows"]
                ],
                notes=notes,
            )  # fmt: skip
        )
        reviewed = selectors.comments_for_review(workshop=workshop).filter(
            review=ChecklistAnswer.Review.APPROVED
        )
        tags = dict(ChecklistAnswer.Tag.choices)
        sheets.append(
            Sheet(
                "Comments",
                ["Action", "Status", "Tag", "Comment"],
                [
                    [
                        c.action,
                        scoring.STATUS_LABELS.get(c.status, c.status),
                        tags.get(c.tag, "") if c.tag else "",
                        c.comment,
                    ]
                    for c in reviewed
                ],  # fmt: skip
                notes=["Only comments a facilitator has approved are exported."],
            )
        )
    return xlsx_bytes(sheets, title=workshop.title)
