"""Echoing what a user typed back in a message, without echoing a whole file."""

from __future__ import annotations

MAX_SHOWN = 80


def cut(text: object, limit: int = MAX_SHOWN) -> str:
    """``str(text)`` cut to ``limit`` characters, with "…" where it was cut."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: object, limit: int = MAX_SHOWN) -> str:
    """``repr(value)`` cut to ``limit`` characters, with "…" where it was cut."""
    if isinstance(value, str) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # no need to repr a long text only to cut it
    return cut(repr(value), limit)
