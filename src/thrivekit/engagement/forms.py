from datetime import datetime

from django import forms

from thrivekit.engagement.models import LogEntry, Stakeholder
from thrivekit.engagement.sectors import sector_choices
from thrivekit.nhsuk_forms import fields

NOT_IN_GROUP = "none"  # radios need a value; the register stores "" for "not in the group"


def _group_role_choices():
    return [(value or NOT_IN_GROUP, label) for value, label in Stakeholder.GroupRole.choices]


class StakeholderForm(forms.Form):
    name = fields.CharField(label="Name", max_length=200, autocomplete="off")
    job_title = fields.CharField(
        label="Role (job title)",
        hint="For example: Head of Children's Commissioning",
        max_length=200,
        required=False,
    )
    organisation = fields.CharField(label="Organisation", max_length=200, required=False)
    sector = fields.ChoiceField(label="Sector", nhs_template="nhsuk_forms/select.jinja", choices=[])
    email = fields.EmailField(
        label="Contact email (optional)",
        hint="Only the people who edit this register and the site lead's export show it; an "
        "export to share never does.",
        required=False,
        autocomplete="off",
    )
    status = fields.ChoiceField(label="Engagement status", choices=Stakeholder.Status.choices)
    group_role = fields.ChoiceField(
        label="Role in the transformation group", choices=_group_role_choices
    )
    notes = fields.TextareaField(label="Notes (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Choose a sector")] + sector_choices()

    def clean_group_role(self) -> str:
        value = self.cleaned_data["group_role"]
        return "" if value == NOT_IN_GROUP else value

    @staticmethod
    def initial_for(stakeholder: Stakeholder) -> dict:
        return {
            "name": stakeholder.name,
            "job_title": stakeholder.job_title,
            "organisation": stakeholder.organisation,
            "sector": stakeholder.sector,
            "email": stakeholder.email,
            "status": stakeholder.status,
            "group_role": stakeholder.group_role or NOT_IN_GROUP,
            "notes": stakeholder.notes,
        }


class RegisterFilterForm(forms.Form):
    sector = fields.ChoiceField(
        label="Sector", nhs_template="nhsuk_forms/select.jinja", choices=[], required=False
    )
    status = fields.ChoiceField(
        label="Engagement status",
        nhs_template="nhsuk_forms/select.jinja",
        choices=[("", "Any status"), *Stakeholder.Status.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Any sector")] + sector_choices()

    def filters(self) -> dict:
        if not self.is_valid():
            return {"sector": "", "status": ""}
        return {"sector": self.cleaned_data["sector"], "status": self.cleaned_data["status"]}


class ImportForm(forms.Form):
    file = fields.FileField(
        label="Register file",
        hint="A CSV file or an Excel workbook (.xlsx), with the column headings in row 1.",
    )


class LogEntryForm(forms.Form):
    date = fields.CharField(
        label="Date", hint="For example 31/03/2026", classes="nhsuk-input--width-10"
    )
    kind = fields.ChoiceField(label="What was it?", choices=LogEntry.Kind.choices)
    title = fields.CharField(
        label="Title",
        hint="For example: Briefing to the schools' headteachers forum",
        max_length=200,
    )
    sectors = fields.MultipleChoiceField(
        label="Sectors reached", hint="Choose all that apply.", choices=[], required=False
    )
    people_reached = fields.IntegerField(
        label="Number of people reached", min_value=0, required=False
    )
    notes = fields.TextareaField(label="Notes (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = sector_choices()

    def clean_date(self) -> date:
        text = self.cleaned_data["date"].strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
        raise forms.ValidationError("Enter a date like 31/03/2026")

    def clean(self):
        data = super().clean()
        reached = data.get("sectors") or data.get("people_reached") is not None
        if not reached and "people_reached" not in self.errors:
            self.add_error(
                "sectors",
                "Say who was reached: choose the sectors, enter a number of people, or both.",
            )
        return data
