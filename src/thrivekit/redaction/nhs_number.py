"""NHS number check digits (NHS Data Dictionary: modulus 11).

The first nine digits are weighted 10, 9, ... 2 and summed; the check digit is
``11 - (sum mod 11)``, where 11 becomes 0 and 10 means the number cannot be valid.
"""

from __future__ import annotations

import re

# 10 ASCII digits, optionally grouped 3-3-4 by a space or hyphen ("943 476 5919").
NHS_NUMBER_SHAPE = r"[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}"
_SHAPE = re.compile(NHS_NUMBER_SHAPE)
_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine ASCII digits, or ``None`` when no check digit can be valid."""
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError(f"expected nine digits, got {first_nine!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(text: str) -> bool:
    """True for a 10-digit NHS number (``9434765919`` or ``943 476 5919``) with a valid check digit.

    Surrounding whitespace is ignored; anything else (other groupings, letters, non-ASCII digits)
    is not an NHS number.
    """
    if not isinstance(text, str):
        raise TypeError(f"an NHS number is text, got {type(text).__name__}")
    candidate = text.strip()
    if not _SHAPE.fullmatch(candidate):
        return False
    digits = candidate.replace(" ", "").replace("-", "")
    return nhs_check_digit(digits[:9]) == int(digits[9])


# A run of digits shaped like an NHS number that is not part of a longer run of digits (a
# candidate: its check digit is not yet known to be valid).
NHS_NUMBER_IN_TEXT = re.compile(rf"(?<![0-9]){NHS_NUMBER_SHAPE}(?![0-9])")


def find_nhs_numbers(text: str) -> list[str]:
    """The valid NHS numbers written anywhere in ``text``, as written, in order."""
    return [m.group() for m in NHS_NUMBER_IN_TEXT.finditer(text) if is_valid_nhs_number(m.group())]


def mask_nhs_numbers(text: str, mask: str = "[NHS number removed]") -> tuple[str, int]:
    """``text`` with every valid NHS number in it replaced by ``mask``, and how many there were."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if not is_valid_nhs_number(match.group()):
            return match.group()
        count += 1
        return mask

    return NHS_NUMBER_IN_TEXT.sub(replace, text), count
