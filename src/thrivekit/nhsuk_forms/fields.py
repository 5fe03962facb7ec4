"""Django form fields that render as NHS.UK design system components.

Templates call `{{ form.field.as_field_group() }}`; each field's template calls the matching
nhsuk-frontend-jinja macro with its label, hint, value and error message.
"""

from django import forms

from thrivekit.nhsuk_forms.messages import DJANGO_REQUIRED, required_message


class NhsFieldMixin:
    nhs_template = "nhsuk_forms/input.jinja"

    def __init__(
        self,
        *args,
        hint: str | None = None,
        autocomplete: str | None = None,
        classes: str = "",
        input_type: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.hint = hint
        self.autocomplete = autocomplete
        self.classes = classes
        self.input_type = input_type
        self.template_name = self.nhs_template

    def get_bound_field(self, form, field_name):
        bound = super().get_bound_field(form, field_name)
        # The label is only known here (it may come from the field's name). Each form has its
        # own copy of its fields, so this sets the message for this form only.
        if str(self.error_messages.get("required")) == DJANGO_REQUIRED:
            self.error_messages["required"] = required_message(self, bound.label)
        return bound


class CharField(NhsFieldMixin, forms.CharField):
    pass


class EmailField(NhsFieldMixin, forms.EmailField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_type", "email")
        kwargs.setdefault("autocomplete", "email")
        super().__init__(*args, **kwargs)


class PasswordField(NhsFieldMixin, forms.CharField):
    nhs_template = "nhsuk_forms/password.jinja"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)


class IntegerField(NhsFieldMixin, forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("classes", "nhsuk-input--width-10")
        super().__init__(*args, **kwargs)


class TextareaField(NhsFieldMixin, forms.CharField):
    nhs_template = "nhsuk_forms/textarea.jinja"


class ChoiceField(NhsFieldMixin, forms.ChoiceField):
    """Radios by default; pass `nhs_template="nhsuk_forms/select.jinja"` for a select."""

    nhs_template = "nhsuk_forms/radios.jinja"

    def __init__(self, *args, nhs_template: str | None = None, **kwargs):
        if nhs_template:
            self.nhs_template = nhs_template
        super().__init__(*args, **kwargs)


class FileField(NhsFieldMixin, forms.FileField):
    nhs_template = "nhsuk_forms/file.jinja"


class MultipleChoiceField(NhsFieldMixin, forms.MultipleChoiceField):
    nhs_template = "nhsuk_forms/checkboxes.jinja"
