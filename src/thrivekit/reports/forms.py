from django import forms

from thrivekit.nhsuk_forms import fields
from thrivekit.reports.assemble import SECTIONS


class DraftForm(forms.Form):
    sections = fields.MultipleChoiceField(
        label="Sections to include",
        hint="Every section is built from what the site has captured. A section with no data "
        "says so and names the step that fills it.",
        choices=[(s.id, s.title) for s in SECTIONS],
        error_messages={"required": "Select the sections to include in the report"},
    )
    executive_summary = fields.TextareaField(
        label="Executive summary (optional)",
        hint="The key messages for the transformation group and the partnership board. Leave "
        "a blank line between paragraphs.",
        required=False,
        max_length=10000,
    )


class ReturnForm(forms.Form):
    reason = fields.TextareaField(
        label="What needs to change",
        max_length=4000,
        error_messages={"required": "Enter what needs to change"},
    )


class CompareForm(forms.Form):
    before = fields.ChoiceField(
        label="Earlier version", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )
    after = fields.ChoiceField(
        label="Later version", nhs_template="nhsuk_forms/select.jinja", choices=[]
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(v.pk), f"Version {v.number} ({v.get_status_display()})") for v in versions]
        self.fields["before"].choices = choices
        self.fields["after"].choices = choices
