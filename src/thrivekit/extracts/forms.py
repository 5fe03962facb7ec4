from django import forms

from thrivekit.nhsuk_forms import fields


class ExtractForm(forms.Form):
    name = fields.CharField(
        label="Name", hint="For example: CAMHS extract, April 2023 to March 2026", max_length=200
    )
    referrals = fields.FileField(
        label="Referrals", hint="CSV, Excel or Parquet, one row per referral"
    )
    contacts = fields.FileField(label="Contacts", hint="CSV, Excel or Parquet, one row per contact")
    capacity = fields.FileField(
        label="Capacity (optional)",
        hint="team, month (YYYY-MM), clinical_hours and/or appointments_available",
        required=False,
    )
    mapping = fields.FileField(
        label="Column mapping (optional)",
        hint="A small YAML file naming your columns, if they are not the standard or MHSDS names",
        required=False,
    )
    as_of = fields.CharField(
        label="As-of date (optional)",
        hint="For example 31/03/2026. Leave blank to use the latest date in the extract.",
        required=False,
        classes="nhsuk-input--width-10",
    )

    def clean_as_of(self):
        from datetime import datetime

        text = self.cleaned_data["as_of"].strip()
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
        raise forms.ValidationError("Enter a date like 31/03/2026")
