from django import forms

from thrivekit.nhsuk_forms import fields
from thrivekit.sites.models import ROLE_DESCRIPTIONS, Role


def role_choices():
    return [(role.value, f"{role.label}: {ROLE_DESCRIPTIONS[role]}") for role in Role]


class InvitationForm(forms.Form):
    email = fields.EmailField(label="Email address")
    role = fields.ChoiceField(label="Role", choices=role_choices)


class RoleForm(forms.Form):
    role = fields.ChoiceField(label="Role", choices=role_choices)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class SiteDetailsForm(forms.Form):
    name = fields.CharField(label="Site name", max_length=120)
    icb = fields.CharField(label="Integrated care board", max_length=200, required=False)
    local_authorities = fields.TextareaField(
        label="Local authorities", hint="One per line", required=False
    )
    population_0_25 = fields.IntegerField(
        label="Population aged 0 to 25 (optional)", required=False, min_value=0
    )
    disclosure_threshold = fields.IntegerField(
        label="Disclosure threshold",
        hint="Counts of this many people or fewer are shown as * outside the analysts' view.",
        min_value=1,
        max_value=20,
    )

    def clean_local_authorities(self) -> list[str]:
        return _lines(self.cleaned_data["local_authorities"])


class NewSiteForm(forms.Form):
    name = fields.CharField(label="Site name", max_length=120)
    slug = fields.CharField(
        label="Web address name",
        hint="Lower-case letters, numbers and hyphens, for example northbridge",
        max_length=60,
    )
    icb = fields.CharField(label="Integrated care board", max_length=200, required=False)
    local_areas = fields.TextareaField(
        label="Local areas",
        hint="The localities or organisations whose answers you will compare, one per line",
    )
    lead_email = fields.EmailField(label="Email address of the site lead")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        forms.SlugField().clean(slug)
        return slug

    def clean_local_areas(self) -> list[str]:
        areas = _lines(self.cleaned_data["local_areas"])
        if not areas:
            raise forms.ValidationError("Enter at least one local area")
        return areas


class LocalAreaForm(forms.Form):
    name = fields.CharField(label="Add a local area", max_length=120)
