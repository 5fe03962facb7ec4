"""Free-text redaction: mask obvious personal data in comments as they are entered.

Pure Python (standard library only), so the CLI, importers and notebooks can use it without
Django. See :mod:`thrivekit.redaction.free_text` for what is masked and why.
"""

from thrivekit.redaction.free_text import MASKS, Redaction, redact
from thrivekit.redaction.nhs_number import (
    find_nhs_numbers,
    is_valid_nhs_number,
    mask_nhs_numbers,
    nhs_check_digit,
)

__all__ = [
    "MASKS",
    "Redaction",
    "find_nhs_numbers",
    "is_valid_nhs_number",
    "mask_nhs_numbers",
    "nhs_check_digit",
    "redact",
]
