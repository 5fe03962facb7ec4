"""Error messages that name the field in users' words, never "This field is required."."""

from django import forms

DJANGO_REQUIRED = str(forms.Field.default_error_messages["required"])


def _lower_first(text: str) -> str:
    # "Full name" -> "full name", but "NHS number" and "ICB" keep their capitals.
    if len(text) > 1 and text[0].isupper() and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


# A label that is already an instruction ("Create a password") is the message itself.
INSTRUCTIONS = {"add", "choose", "create", "enter", "give", "merge", "select", "type", "write"}
# A label that reads on from the verb without "the": "Enter your table", "Select who was ...".
NO_ARTICLE = {"your", "who", "what", "which", "how", "when", "where", "why"}


def required_message(field: forms.Field, label: str) -> str:
    """What to say when a required field is left empty, from its kind and its label."""
    label = (label or "").strip().rstrip(":").strip()
    if not label:
        return "Answer this question"
    if label.endswith("?"):
        return f"Answer the question: {label}"
    first = label.split()[0].lower()
    if first in INSTRUCTIONS:
        return label
    name = _lower_first(label)
    the = "" if first in NO_ARTICLE else "the "
    if isinstance(field, forms.FileField):
        return f"Choose {the}{name}" if "file" in name.lower() else f"Choose {the}{name} file"
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return f"Select at least one: {name}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField):
        return f"Select {the}{name}"
    return f"Enter {the}{name}"


def summary_message(bound_field, message: str) -> str:
    """A message for the error summary: Django's bare "required" replaced by a named one."""
    if str(message) == DJANGO_REQUIRED:
        return required_message(bound_field.field, bound_field.label)
    return str(message)
