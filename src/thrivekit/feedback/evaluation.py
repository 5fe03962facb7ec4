"""Figures for docs/benchmarks.md: protection and themes against labelled fixtures.

Used by the tests (which assert floors) and by ``scripts/bench_feedback.py`` (which writes the
figures), so both measure the same way.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from thrivekit.feedback.protect import safeguarding_flags, text_protect

FIXTURES = Path(__file__).parent / "tests" / "fixtures"


def fixture_rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(value: str) -> set[str]:
    return {part.strip() for part in value.split(";") if part.strip()}


@dataclass(frozen=True)
class ProtectScore:
    texts: int
    flag_recall: float  # texts labelled at risk that got at least one flag
    flag_precision: float  # flagged texts that are labelled at risk
    category_recall: float  # (text, category) labels found with that category
    redaction_recall: float  # (text, kind) labels whose kind was removed
    redaction_precision: float  # removed (text, kind) pairs that were labelled
    missed: tuple[str, ...]  # ids of texts at risk with no flag
    false_flags: tuple[str, ...]  # ids of flagged texts not at risk


def protect_score(rows: Iterable[Mapping[str, str]]) -> ProtectScore:
    """Score safeguarding flags and redaction on rows with ``id``, ``text``, ``safeguarding``
    and ``personal`` (``;``-separated labels, empty for none)."""
    at_risk = flagged = both = 0
    category_hits = category_total = 0
    kind_hits = kind_total = kind_removed = 0
    missed, false_flags = [], []
    rows = list(rows)
    for row in rows:
        gold = _split(row["safeguarding"])
        found = {flag.category for flag in safeguarding_flags(row["text"])}
        at_risk += bool(gold)
        flagged += bool(found)
        both += bool(gold) and bool(found)
        category_total += len(gold)
        category_hits += len(gold & found)
        if gold and not found:
            missed.append(row["id"])
        if found and not gold:
            false_flags.append(row["id"])
        kinds = _split(row["personal"])
        removed = set(text_protect(row["text"]).removed)
        kind_total += len(kinds)
        kind_hits += len(kinds & removed)
        kind_removed += len(removed)
    return ProtectScore(
        texts=len(rows),
        flag_recall=both / at_risk if at_risk else 0.0,
        flag_precision=both / flagged if flagged else 0.0,
        category_recall=category_hits / category_total if category_total else 0.0,
        redaction_recall=kind_hits / kind_total if kind_total else 0.0,
        redaction_precision=kind_hits / kind_removed if kind_removed else 0.0,
        missed=tuple(missed),
        false_flags=tuple(false_flags),
    )
