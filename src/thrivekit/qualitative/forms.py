from django import forms

from thrivekit.nhsuk_forms import fields
from thrivekit.qualitative.models import Group

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
        "team email.",
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
