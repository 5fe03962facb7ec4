"""Measure qualitative feedback quality and record it in docs/benchmarks.md.

Safeguarding flags and redaction on a labelled fixture of 72 short texts, and suggested themes
on a labelled fixture of 150 responses (6 themes and 14 one-offs, written for thrivekit), whole
and in random subsets of 30 and 75 responses (the small data sets sites have).

    python scripts/bench_feedback.py [--repeats 10] [--no-write]

Only the section between ``<!-- feedback:start -->`` and ``<!-- feedback:end -->`` is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from thrivekit.feedback.evaluation import fixture_rows, protect_score
from thrivekit.feedback.themes import themes_score, themes_suggest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- feedback:start -->", "<!-- feedback:end -->"


def theme_rows(size: int | None, repeats: int) -> list[tuple[float, ...]]:
    rows = fixture_rows("themes_labelled.csv")
    labels = {row["id"]: row["theme"] for row in rows}
    results = []
    for repeat in range(1 if size is None else repeats):
        chosen = rows if size is None else random.Random(repeat).sample(rows, size)
        texts = {row["id"]: row["text"] for row in chosen}
        started = time.perf_counter()
        themes = themes_suggest(texts, seed=0)
        elapsed = time.perf_counter() - started
        score = themes_score(themes, {rid: labels[rid] for rid in texts}, one_off="one-off")
        results.append(
            (
                score.coverage,
                score.purity,
                score.ari,
                score.one_offs_kept,
                score.themes,
                elapsed,
            )
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="random subsets per size")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    protect_rows = fixture_rows("protect_labelled.csv")
    protect = protect_score(protect_rows)
    said = {row["id"]: row["text"] for row in protect_rows}
    themes_suggest({"a": "warm up the imports", "b": "warm up the imports"})  # not timed
    lines = [
        START,
        "## Qualitative feedback (`thrivekit.feedback`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC).date().isoformat()} on {platform.machine()}, Python "
        f"{platform.python_version()}. Fixtures are written for thrivekit from what young "
        "people, parents and staff typically say (not real responses), in "
        "`src/thrivekit/feedback/tests/fixtures/`.",
        "",
        f"**Protection on entry** ({protect.texts} labelled short texts: 36 at risk, 24 not, "
        "12 with or without personal data). A flag asks a person to read the response; "
        "recall matters most.",
        "",
        "| Measure | Value |",
        "|---|---|",
        f"| Safeguarding: texts at risk flagged (recall) | {protect.flag_recall:.2f} |",
        f"| Safeguarding: flagged texts at risk (precision) | {protect.flag_precision:.2f} |",
        f"| Safeguarding: labelled categories found | {protect.category_recall:.2f} |",
        f"| Redaction: personal details masked (recall) | {protect.redaction_recall:.2f} |",
        f"| Redaction: masks that were personal (precision) | {protect.redaction_precision:.2f} |",
        "",
        "Missed: "
        + ("; ".join(f'{rid} "{said[rid]}"' for rid in protect.missed) or "none")
        + ". False flags: "
        + ("; ".join(f'{rid} "{said[rid]}"' for rid in protect.false_flags) or "none")
        + ".",
        "",
        '**Suggested themes** (TF-IDF + NMF with Kullback-Leibler loss, k = √(n/2) themes, one-offs kept as "Said '
        'once"), against 150 labelled responses in 6 themes plus 14 one-offs. Coverage: '
        "responses with a real theme that land in a suggested theme; purity: share of each "
        "suggested theme from its main label; ARI: adjusted Rand index, each one-off its own "
        'group on both sides; one-offs kept: labelled one-offs put in "Said once".',
        "",
        "| Responses | Runs | Themes | Coverage | Purity | ARI (mean, worst) | One-offs kept "
        "| Time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in (None, 75, 30):
        results = theme_rows(size, args.repeats)
        column = list(zip(*results, strict=True))
        mean = [statistics.fmean(values) for values in column]
        lines.append(
            f"| {size or 150} | {len(results)} | {mean[4]:.1f} | {mean[0]:.2f} | {mean[1]:.2f} "
            f"| {mean[2]:.2f}, {min(column[2]):.2f} | {mean[3]:.2f} | {mean[5] * 1000:.0f} ms |"
        )
    lines += [
        "",
        "Subsets are random samples (seeds 0 to repeats − 1) of the 150. The test "
        "`test_themes_match_the_labels_well_enough_to_start_from` asserts ARI ≥ 0.45 on the "
        "150; `test_labelled_fixture_recall_and_precision` asserts flag recall ≥ 0.9.",
        "",
        f"Command: `python scripts/bench_feedback.py --repeats {args.repeats}`",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
        if START in text and END in text:
            before, rest = text.split(START, 1)
            after = rest.split(END, 1)[1]
            text = before + section + after
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
