"""Reading ids and numbers from form fields and query parameters that anyone can change.

A query with a value that is not a UUID raises inside Django's ORM (a server error), and
float() accepts "inf", "nan" and "1e309"; these read such values as missing instead.
"""

import math
import uuid

from django.core.exceptions import BadRequest


def uuid_or_none(value) -> uuid.UUID | None:
    """The UUID in a parameter, or None if it is missing or not a UUID."""
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def uuid_or_400(value, *, what: str) -> uuid.UUID:
    """The UUID in a parameter; anything else is a bad request (400), naming what was wanted."""
    found = uuid_or_none(value)
    if found is None:
        raise BadRequest(f"The {what} to change was not given or is not valid.")
    return found


def finite_number(value) -> float | None:
    """A finite number from a parameter, or None if it is missing, not a number, inf or nan."""
    if not isinstance(value, str) or not value.strip() or len(value) > 32:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
