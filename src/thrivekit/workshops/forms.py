from django import forms

from thrivekit import scoring
from thrivekit.nhsuk_forms import fields
from thrivekit.workshops.models import ChecklistAnswer
from thrivekit.workshops.selectors import sector_choices

DONT_KNOW = "dont_know"


class JoinCodeForm(forms.Form):
    code = fields.CharField(
        label="Workshop code",
        hint="The 6 letters and numbers on the screen, for example KX7P2M",
        max_length=12,
        autocomplete="off",
        classes="nhsuk-input--width-10",
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class JoinForm(forms.Form):
    local_area = fields.ChoiceField(label="Which local area do you work or live in?")
    sector = fields.ChoiceField(
        label="Which best describes you?",
        nhs_template="nhsuk_forms/select.jinja",
        hint="Your sector or role. Young people and parents or carers are at the end of the list.",
    )
    table = fields.ChoiceField(label="Which table are you sitting at?", required=False)
    name = fields.CharField(
        label="Your name (optional)",
        hint="Only the facilitator sees it. Leave it blank to take part anonymously.",
        required=False,
        max_length=120,
        autocomplete="off",
    )

    def __init__(self, *args, local_areas, tables, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_areas = {str(a.id): a for a in local_areas}
        self.tables = {str(t.id): t for t in tables}
        self.fields["local_area"].choices = [(k, a.name) for k, a in self.local_areas.items()]
        self.fields["sector"].choices = [("", "Choose one")] + sector_choices()
        self.fields["table"].choices = [(k, t.name) for k, t in self.tables.items()]
        if not self.tables:
            del self.fields["table"]

    def clean_local_area(self):
        return self.local_areas[self.cleaned_data["local_area"]]

    def clean_table(self):
        return self.tables.get(self.cleaned_data.get("table") or "")


class AssessmentAnswerForm(forms.Form):
    score = fields.ChoiceField(label="", error_messages={"required": "Choose an answer"})

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["score"]
        field.label = f"{item.principle_name}: {item.level_name}"
        field.hint = item.statement
        field.choices = [(str(d.score), f"{d.score}. {d.text}") for d in item.descriptors] + [
            (DONT_KNOW, "I don't know")
        ]

    def clean_score(self) -> int | None:
        value = self.cleaned_data["score"]
        return None if value == DONT_KNOW else int(value)


class ChecklistAnswerForm(forms.Form):
    status = fields.ChoiceField(label="", error_messages={"required": "Choose an answer"})
    comment = fields.TextareaField(
        label="Comment (optional)",
        hint="For example: is it a local priority? What resources are needed? Do not include "
        "names, phone numbers or other personal details.",
        required=False,
        max_length=2000,
    )
    tag = fields.ChoiceField(
        label="Is your comment one of these? (optional)",
        required=False,
        choices=[(t.value, t.label) for t in ChecklistAnswer.Tag if t.value],
    )

    def __init__(self, *args, action, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        field.label = f"{action.number}. {action.text}"
        field.choices = [(s.id, s.label) for s in statuses]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tag") and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Write a comment to go with the tag")
        return cleaned


REASSESSMENT_CHOICES = [
    ("no", "No: this is the baseline, a practice session or a small group"),
    ("yes", "Yes: compare its results with the site's baseline"),
]


def _reassessment_field():
    return fields.ChoiceField(
        label="Is this a re-assessment?",
        hint="Only a re-assessment is compared with the baseline, so that a practice session "
        "or a small group is never read as the site's progress.",
        choices=REASSESSMENT_CHOICES,
        # Not given (an older form, a script): not a re-assessment, the safe reading.
        required=False,
    )


class WorkshopForm(forms.Form):
    title = fields.CharField(label="Workshop name", max_length=200)
    instruments = fields.MultipleChoiceField(
        label="What will people answer?",
        choices=[
            ("assessment", "The THRIVE Assessment"),
            ("checklist", "The Implementation Checklist"),
        ],
        error_messages={"required": "Choose at least one"},
    )
    principles = fields.MultipleChoiceField(
        label="Principles (optional)",
        hint="Leave all unticked to include every principle.",
        required=False,
    )
    levels = fields.MultipleChoiceField(
        label="Levels (optional)",
        hint="Leave all unticked to include every level.",
        required=False,
    )
    tables = fields.TextareaField(
        label="Tables",
        hint="One name per line, for example Table 1. Leave blank if people are not at tables.",
        required=False,
    )
    reassessment = _reassessment_field()

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = [(p.id, p.name) for p in assessment.principles]
        self.fields["levels"].choices = [(lv.id, lv.name) for lv in assessment.levels]

    def clean_tables(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["tables"].splitlines()]
        return [name[:80] for name in names if name]

    def clean_reassessment(self) -> bool:
        return self.cleaned_data.get("reassessment") == "yes"


class WorkshopEditForm(forms.Form):
    """What can change once a workshop exists: its name and whether it is a re-assessment."""

    title = fields.CharField(label="Workshop name", max_length=200)
    reassessment = _reassessment_field()

    def clean_reassessment(self) -> bool:
        return self.cleaned_data.get("reassessment") == "yes"


def paper_statuses():
    return [(s, scoring.STATUS_LABELS[s]) for s in (*scoring.STATUSES, scoring.DONT_KNOW)]


def paper_answers(data, question_list) -> tuple[dict, dict, dict, list[str]]:
    """Read a keyed-in paper form: score-<item>, status-<action>, comment-<action>.

    Blank answers are left out (the person skipped them); anything else must be valid.
    """
    scores, statuses, comments, problems = {}, {}, {}, []
    valid_statuses = {value for value, _ in paper_statuses()}
    for question in question_list:
        if question.kind == "assessment":
            value = data.get(f"score-{question.id}", "")
            if value == "":
                continue
            if value == DONT_KNOW:
                scores[question.id] = None
            elif value in {"1", "2", "3", "4"}:
                scores[question.id] = int(value)
            else:
                problems.append(f"Question {question.number}: choose 1 to 4 or don't know")
        else:
            value = data.get(f"status-{question.id}", "")
            comment = data.get(f"comment-{question.id}", "").strip()
            if value == "":
                if comment:
                    problems.append(f"Question {question.number}: choose an answer for the comment")
                continue
            if value not in valid_statuses:
                problems.append(f"Question {question.number}: choose one of the answers")
                continue
            statuses[question.id] = value
            if comment:
                comments[question.id] = comment
    if not scores and not statuses:
        problems.append("Enter at least one answer from the paper form")
    return scores, statuses, comments, problems
