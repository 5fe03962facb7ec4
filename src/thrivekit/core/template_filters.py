"""Jinja2 filters shared by every template."""

import json
from datetime import date, datetime

from django.utils import timezone

from thrivekit.nhsuk_forms.messages import summary_message

NHSUK_FRONTEND_VERSION = "10.6.1"


def uk_date(value) -> str:
    """1 March 2026, the NHS style for dates."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y} at {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def number(value, digits: int = 1) -> str:
    """3 rather than 3.0, 2.5 as 2.5; a dash when there is no figure."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        return value
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_json(value) -> str:
    return json.dumps(value, default=str)


def named_error(message, field) -> str:
    """An error message that names its field: never a bare "This field is required."."""
    return summary_message(field, message)


FILTERS = {"uk_date": uk_date, "to_json": to_json, "number": number, "named_error": named_error}
