from django import forms

from thrivekit.nhsuk_forms import fields
from thrivekit.qualitative.models import ASK_GROUP, Group

SELECT = "nhsuk_forms/select.jinja"
NOT_MAPPED = ("", "Not in this file")


class UploadForm(forms.Form):
    file = fields.FileField(
        label="Survey export",
        hint="A CSV file or an Excel workbook, as Microsoft Forms, SmartSurvey, LimeSurvey, "
        "REDCap or KoboToolbox exports it.",
    )


class MappingForm(forms.Form):
    """Which column is which. Choices come from the sniffed file."""

    name = fields.CharField(
        label="Name of this survey",
        hint="For example: Young people's survey, spring 2026",
        max_length=200,
    )
    id = fields.ChoiceField(
        label="Respondent id",
        nhs_template=SELECT,
        choices=[],
        required=False,
        hint="Leave as it is if the file has none: the row numbers are used.",
    )
    time = fields.ChoiceField(
        label="Time of the response", nhs_template=SELECT, choices=[], required=False
    )
    group = fields.ChoiceField(
        label="Respondent group",
        nhs_template=SELECT,
        choices=[],
        required=False,
        hint="The question that asks if they are a young person, a parent or carer, staff "
        "or a member of the public.",
    )
    area = fields.ChoiceField(label="Local area", nhs_template=SELECT, choices=[], required=False)
    text = fields.MultipleChoiceField(
        label="Free-text questions",
        hint="The answers to these are protected, coded and themed.",
        choices=[],
        error_messages={"required": "Choose at least one free-text question."},
    )

    def __init__(self, *args, shape, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [(c.key, c.label) for c in shape.columns]
        for name in ("id", "time", "group", "area"):
            self.fields[name].choices = [NOT_MAPPED, *everything]
        texts = [(c.key, c.label) for c in shape.columns if c.kind == "text"]
        others = [(c.key, c.label) for c in shape.columns if c.kind != "text"]
        self.fields["text"].choices = texts + others


class NotesForm(forms.Form):
    title = fields.CharField(
        label="Event",
        hint="For example: Parents' listening event, Riverside library, 4 March",
        max_length=200,
    )
    group = fields.ChoiceField(label="Who was speaking", choices=Group.choices)
    area = fields.ChoiceField(label="Local area", nhs_template=SELECT, choices=[], required=False)
    text = fields.TextareaField(
        label="Notes",
        hint="Type or paste the notes. Leave a blank line between points: each point is "
        "coded and themed on its own. Names and contact details are removed when saved.",
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Not one area"), *[(a, a) for a in areas]]
        self.fields["group"].choices = [c for c in Group.choices if c[0]] + [
            ("", "Mixed or not known")
        ]
        self.fields["group"].required = False


class ReviewForm(forms.Form):
    text = fields.TextareaField(
        label="Text as it will be shown",
        hint="Correct anything the redaction missed. On saving, the original is deleted.",
        required=False,
    )


class CodingForm(forms.Form):
    code = fields.ChoiceField(label="Code", nhs_template=SELECT, choices=[], required=False)
    new_code = fields.CharField(label="Or a new code", max_length=120, required=False)
    start = fields.IntegerField(
        label="From character", min_value=0, hint="The first character is 0."
    )
    end = fields.IntegerField(label="To character", min_value=1, hint="Not included.")

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose a code"), *[(str(c.id), c.name) for c in codes]]

    def clean(self):
        data = super().clean()
        if not data.get("code") and not (data.get("new_code") or "").strip():
            self.add_error("code", "Choose a code or type a new one.")
        return data


class MemoForm(forms.Form):
    memo = fields.TextareaField(label="Memo", required=False)


class CodeForm(forms.Form):
    name = fields.CharField(label="Code", max_length=120)
    description = fields.TextareaField(label="Description (optional)", required=False)
    memo = fields.TextareaField(label="Memo (optional)", required=False)


class MergeCodesForm(forms.Form):
    source = fields.ChoiceField(label="Merge this code", nhs_template=SELECT, choices=[])
    into = fields.ChoiceField(label="Into this code", nhs_template=SELECT, choices=[])

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a code"), *[(str(c.id), c.name) for c in codes]]
        self.fields["source"].choices = choices
        self.fields["into"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("source") and data.get("source") == data.get("into"):
            self.add_error("into", "Choose a different code to merge into.")
        return data


class FileForm(forms.Form):
    file = fields.FileField(label="File")


class FlagForm(forms.Form):
    action = fields.TextareaField(
        label="What was done",
        hint="For example: passed to the safeguarding lead on 5 March; no one can be identified.",
        required=False,
    )


class SettingsForm(forms.Form):
    safeguarding_contact = fields.TextareaField(
        label="Safeguarding contact",
        hint="Who the site lead tells about a concern in the feedback: name, role, phone or "
        "team email. Your own short surveys show it to the people answering, as who to talk "
        "to if they are worried about their safety (Childline if you leave it empty).",
        required=False,
    )


class ThemeForm(forms.Form):
    label = fields.CharField(label="Theme name", max_length=200)
    principles = fields.MultipleChoiceField(
        label="THRIVE principles it is evidence for", choices=[], required=False
    )
    actions = fields.MultipleChoiceField(
        label="Implementation Checklist actions it is evidence for", choices=[], required=False
    )

    def __init__(self, *args, principles, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].choices = principles
        self.fields["actions"].choices = actions


class ThemeMergeForm(forms.Form):
    themes = fields.MultipleChoiceField(label="Themes to merge", choices=[])
    label = fields.CharField(label="Name of the merged theme (optional)", required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.id), t.label) for t in themes]

    def clean_themes(self):
        chosen = self.cleaned_data["themes"]
        if len(chosen) < 2:
            raise forms.ValidationError("Choose two or more themes to merge.")
        return chosen


class ThemeSplitForm(forms.Form):
    responses = fields.MultipleChoiceField(label="Responses to move", choices=[])
    label = fields.CharField(label="Name of the new theme", max_length=200)

    def __init__(self, *args, responses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responses"].choices = [(str(r.id), r.text[:160]) for r in responses]


class LensForm(forms.Form):
    group = fields.ChoiceField(
        label="Respondent group", nhs_template=SELECT, choices=[], required=False
    )
    area = fields.ChoiceField(label="Local area", nhs_template=SELECT, choices=[], required=False)

    def __init__(self, *args, groups, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "All groups"), *groups]
        self.fields["area"].choices = [("", "All areas"), *[(a, a) for a in areas]]


# --- thrivekit's own short surveys ---------------------------------------------------------

QUESTION_FIELDS = ("question_1", "question_2", "question_3", "question_4", "question_5")
DEFAULT_QUESTIONS = (
    "What helped you most?",
    "What could have been better?",
    "Is there anything else you want to tell us?",
)
DEFAULT_INTRO = (
    "We want to make help for children and young people's mental health better. "
    "Tell us what you think. It takes about 5 minutes and every question is optional."
)
SURVEY_FOR = [
    (Group.YOUNG_PERSON.value, "Young people"),
    (Group.PARENT_CARER.value, "Parents and carers"),
    (Group.STAFF.value, "Staff"),
    (Group.PUBLIC.value, "The public"),
    (ASK_GROUP, "Ask them which of these they are"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


class OwnSurveyForm(forms.Form):
    title = fields.CharField(
        label="Title",
        hint="People see this at the top. For example: Tell us about help at school",
        max_length=200,
    )
    intro = fields.TextareaField(
        label="Introduction",
        hint="A few plain words on why you are asking and what happens to the answers.",
        required=False,
    )
    question_1 = fields.CharField(label="Question 1", max_length=300, required=False)
    question_2 = fields.CharField(label="Question 2 (optional)", max_length=300, required=False)
    question_3 = fields.CharField(label="Question 3 (optional)", max_length=300, required=False)
    question_4 = fields.CharField(label="Question 4 (optional)", max_length=300, required=False)
    question_5 = fields.CharField(label="Question 5 (optional)", max_length=300, required=False)
    group = fields.ChoiceField(label="Who is it for?", choices=SURVEY_FOR)
    ask_area = fields.ChoiceField(
        label="Ask which local area they live or work in?",
        choices=YES_NO,
        hint="They choose from your site's local areas, or say they would rather not.",
    )
    status = fields.ChoiceField(
        label="Open it now?",
        choices=[
            ("open", "Yes, people can answer straight away"),
            ("closed", "No, keep it closed"),
        ],
    )

    def __init__(self, *args, has_areas: bool, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "intro": DEFAULT_INTRO,
                **dict(zip(QUESTION_FIELDS, DEFAULT_QUESTIONS, strict=False)),
                "group": Group.YOUNG_PERSON.value,
                "ask_area": "yes" if has_areas else "no",
                "status": "open",
            },
        )
        super().__init__(*args, **kwargs)
        if not has_areas:
            del self.fields["ask_area"]

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in QUESTION_FIELDS):
            self.add_error("question_1", "Write at least one question.")
        return data

    def as_service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "intro": data["intro"],
            "questions": [data.get(name) or "" for name in QUESTION_FIELDS],
            "group": data["group"],
            "ask_area": data.get("ask_area") == "yes",
            "is_open": data["status"] == "open",
        }


NOT_SAY = "not_say"
RESPONDENT_GROUPS = [
    (Group.YOUNG_PERSON.value, "A young person"),
    (Group.PARENT_CARER.value, "A parent or carer"),
    (Group.STAFF.value, "Someone who works with children and young people"),
    (Group.PUBLIC.value, "Someone else who lives or works here"),
    (NOT_SAY, "I'd rather not say"),
]


class SurveyAnswerForm(forms.Form):
    """One person's answers to a short survey: every field is optional."""

    def __init__(self, *args, questions: list[str], ask_group: bool, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            self.fields[f"answer_{number}"] = fields.TextareaField(
                label=question, required=False, max_length=2000
            )
        if ask_group:
            self.fields["group"] = fields.ChoiceField(
                label="Which of these are you?", choices=RESPONDENT_GROUPS, required=False
            )
        if areas:
            self.fields["area"] = fields.ChoiceField(
                label="Which area do you live or work in?",
                choices=[*[(a, a) for a in areas], (NOT_SAY, "I don't know or I'd rather not say")],
                required=False,
            )

    @property
    def answer_fields(self):
        return [self[name] for name in self.fields if name.startswith("answer_")]

    def clean(self):
        data = super().clean()
        if not any((data.get(f.name) or "").strip() for f in self.answer_fields):
            raise forms.ValidationError(
                "Write something in at least one box. If you'd rather not, you can close this page."
            )
        return data

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f.name) or "" for f in self.answer_fields]

    def chosen_group(self) -> str:
        value = self.cleaned_data.get("group") or ""
        return "" if value == NOT_SAY else value

    def chosen_area(self) -> str:
        value = self.cleaned_data.get("area") or ""
        return "" if value == NOT_SAY else value
