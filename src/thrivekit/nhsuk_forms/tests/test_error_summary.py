"""Error summaries name the field in users' words, never "This field is required."."""

import copy
import importlib
import pkgutil

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

import thrivekit
from thrivekit.nhsuk_forms import fields
from thrivekit.sites.models import Role

BARE = "This field is required."


def every_form_class() -> list[type[forms.BaseForm]]:
    found = []
    for app in pkgutil.iter_modules(thrivekit.__path__):
        if not app.ispkg:
            continue
        try:
            module = importlib.import_module(f"thrivekit.{app.name}.forms")
        except ModuleNotFoundError as error:
            if error.name == f"thrivekit.{app.name}.forms":
                continue  # an app without forms
            raise
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.__name__
        ]
    return found


def summary_of(form) -> list[str]:
    html = render_to_string("nhsuk_forms/error_summary.jinja", {"form": form})
    soup = BeautifulSoup(html, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select(".nhsuk-error-summary__list li")]


def test_every_required_field_of_every_form_is_named_in_the_error_summary():
    classes = every_form_class()
    assert len(classes) > 20  # the forms of every app were found
    checked = 0
    for form_class in classes:
        for name, field in form_class.base_fields.items():
            if not field.required or field.disabled:
                continue
            # Given a form with only this field (its other fields may need a site or a
            # workshop to be built), left empty
            one = type("One", (forms.Form,), {name: copy.deepcopy(field)})(data={}, files={})
            # When it is checked and its error summary shown
            assert not one.is_valid()
            messages = summary_of(one)
            # Then the summary names what is missing, never a bare "required"
            assert messages, (form_class.__name__, name)
            assert BARE not in messages, (form_class.__module__, form_class.__name__, name)
            checked += 1
    assert checked > 50


def test_a_required_message_names_the_field_by_its_kind():
    class Upload(forms.Form):
        referrals = fields.FileField(label="Referrals")
        name = fields.CharField(label="Full name")
        area = fields.ChoiceField(label="Local area", choices=[("a", "A")])
        areas = fields.MultipleChoiceField(label="Local areas", choices=[("a", "A")])
        nhs = fields.CharField(label="NHS number")
        again = fields.ChoiceField(label="Is this a re-assessment?", choices=[("y", "Yes")])
        password = fields.PasswordField(label="Create a password")
        table = fields.CharField(label="Your table")
        custom = fields.CharField(label="Code", error_messages={"required": "Enter a code"})

    form = Upload(data={}, files={})
    assert summary_of(form) == [
        "Choose the referrals file",
        "Enter the full name",
        "Select the local area",
        "Select at least one: local areas",
        "Enter the NHS number",
        "Answer the question: Is this a re-assessment?",
        "Create a password",
        "Enter your table",
        "Enter a code",
    ]
    # And the message beside the field says the same
    assert form.errors["referrals"] == ["Choose the referrals file"]


@pytest.mark.django_db
def test_the_activity_upload_says_which_files_to_choose(client, site, member, signed_in):
    # Given an analyst who sends the upload form empty, as a browser does
    signed_in(member(Role.ANALYST))
    empty = {"name": "", "as_of": ""}
    page = client.post(reverse("extracts:upload", kwargs={"site_slug": site.slug}), empty)
    # Then the error summary names each missing piece, once each
    soup = BeautifulSoup(page.text, "html.parser")
    listed = [li.get_text(strip=True) for li in soup.select(".nhsuk-error-summary__list li")]
    assert listed == ["Enter the name", "Choose the referrals file", "Choose the contacts file"]
    assert BARE not in page.text
