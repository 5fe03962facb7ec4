"""Small, pure measures used by the assessment and checklist summaries."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from fractions import Fraction
from typing import Any

SCORES = (1, 2, 3, 4)
THRIVE_LIKE_FROM = 3  # a score of 3 or more counts as THRIVE-like
_LOG_4 = math.log(len(SCORES))
DEFAULT_MIN_GROUP = 3  # groups smaller than this are not shown separately


def check_min_group(min_group: int) -> None:
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise ValueError(f"min_group must be a whole number >= 1, got {min_group!r}")


def score_distribution(scores: Iterable[int]) -> dict[int, int]:
    """How many people gave each score 1..4 (every score is a key, even when nobody gave it)."""
    counts = dict.fromkeys(SCORES, 0)
    for score in scores:
        counts[score] += 1
    return counts


def normalised_entropy(counts: Sequence[int]) -> float | None:
    """Shannon entropy of a 1..4 distribution divided by log(4).

    0 means everyone gave the same score; 1 means the answers are spread evenly over all four
    scores. ``None`` when nobody answered. The two ends are exact: float rounding can neither
    turn an uneven spread into exactly 1 nor a single score into anything but 0.
    """
    total = sum(counts)
    if total == 0:
        return None
    used = [c for c in counts if c]
    if len(used) == 1:
        return 0.0
    if len(used) == len(SCORES) and len(set(used)) == 1:
        return 1.0
    entropy = -sum((c / total) * math.log(c / total) for c in used)
    return min(max(entropy / _LOG_4, math.ulp(0.0)), math.nextafter(1.0, 0.0))


def quartiles(scores: Sequence[float]) -> tuple[float, float] | None:
    """Lower and upper quartile, by linear interpolation between order statistics.

    This is ``statistics.quantiles(method="inclusive")``, the same as numpy's default
    ("linear") and Excel's QUARTILE.INC. One score gives (score, score); none gives None.
    """
    if not scores:
        return None
    if len(scores) == 1:
        # Python 3.11's quantiles() needs two points; one point is its own quartiles.
        only = float(scores[0])
        return only, only
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return float(q1), float(q3)


def share(part: int, whole: int) -> Fraction | None:
    """Exact proportion, or None for an empty group."""
    return Fraction(part, whole) if whole else None


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "A2" before "A10"."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p.casefold()) for p in parts if p)


def as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def as_percentage(value: Fraction | None) -> float | None:
    return None if value is None else float(value * 100)


def to_jsonable(value: Any) -> Any:
    """Plain JSON types from our frozen result dataclasses (dates as ISO strings)."""
    if is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: to_jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k) if k is not None else None: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def dataclass_to_dict(obj: Any) -> dict[str, Any]:
    """Default ``to_dict`` body: every field, converted to JSON types."""
    return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}


__all__ = [
    "DEFAULT_MIN_GROUP",
    "check_min_group",
    "SCORES",
    "THRIVE_LIKE_FROM",
    "as_float",
    "as_percentage",
    "dataclass_to_dict",
    "natural_key",
    "normalised_entropy",
    "quartiles",
    "score_distribution",
    "share",
    "to_jsonable",
]
