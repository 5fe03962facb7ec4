"""Time the Phase 1 report's renderers (HTML, PDF, Word, Excel) on a report of a given size.

    python scripts/bench_report.py --synthetic [--sections 12 --tables 15 --charts 8] [--runs 3]
    python scripts/bench_report.py --report report.json [--runs 3]

`--synthetic` builds a report of the demo's size from the real chart specs (THRIVE Assessment
heatmap, item answers, checklist statuses) and tables of protected counts; `--report` times a
stored report (the JSON of `thrivekit.reporting.to_json`, e.g. a published version). Prints the
median and best wall time and the median CPU time (all threads, including Vega's) of each
format, in this process, each run drawing its charts afresh (imports and the first chart, which
starts the Vega engine, are timed as "warm-up"). On a shared machine, CPU time varies less.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from thrivekit.charts.specs import assessment_heatmap, checklist_statuses, item_distribution
from thrivekit.reporting import (
    RENDERERS,
    Bullets,
    Chart,
    Empty,
    Paragraph,
    Quote,
    Report,
    Section,
    Subheading,
    Table,
    from_json,
)
from thrivekit.reporting.figures import forget_charts

PRINCIPLES = [
    ("needs-led", "Needs-led"),
    ("shared-decisions", "Shared decision making"),
    ("proactive-prevention", "Proactive prevention and promotion"),
    ("partnership", "Partnership working"),
    ("outcome-informed", "Outcome informed"),
    ("reducing-stigma", "Reducing stigma"),
    ("accessibility", "Accessibility"),
    ("languages", "Common language"),
]
GROUPS = ["Young people", "Parents and carers", "Schools", "Primary care", "Specialist CAMHS",
          "Voluntary sector", "Local authority", "Commissioners"]  # fmt: skip


def protected(count: int) -> str | int:
    """As the disclosure rule shows a count: 1 to 7 as "<8", others to the nearest 5."""
    if 0 < count < 8:
        return "<8"
    return 5 * round(count / 5)


def chart(kind: int, rng: random.Random) -> Chart:
    if kind % 3 == 0:
        cells = [
            {
                "principle": key,
                "principle_name": name,
                "level": level,
                "level_name": level.title(),
                "median": rng.choice([1, 1.5, 2, 2.5, 3, 3.5, 4]),
                "n": protected(rng.randint(10, 60)),
                "thrive_like_pct": rng.randint(10, 90),
            }
            for key, name in PRINCIPLES
            for level in ("macro", "meso", "micro")
        ]
        spec = assessment_heatmap(cells)
    elif kind % 3 == 1:
        rows = [
            {"item": key, "label": name, "answer": answer, "count": rng.randint(8, 40)}
            for key, name in PRINCIPLES
            for answer in ("1", "2", "3", "4", "Don't know")
        ]
        spec = item_distribution(rows)
    else:
        rows = [
            {
                "action": f"a{n}",
                "number": n,
                "label": f"Action {name}",
                "status": status,
                "count": rng.randint(8, 30),
            }  # fmt: skip
            for n, (_, name) in enumerate(PRINCIPLES, start=1)
            for status in ("in_place", "in_progress", "not_started", "dont_know")
        ]
        spec = checklist_statuses(rows)
    title = spec.get("title", "Chart")
    title = title.get("text", "Chart") if isinstance(title, dict) else str(title)
    return Chart(title=title, spec=spec, description=spec.get("description", title))


def synthetic_report(sections: int, tables: int, charts: int, *, seed: int = 1) -> Report:
    rng = random.Random(seed)
    blocks: list[list] = [[] for _ in range(sections)]
    for i in range(tables):
        rows = tuple(
            (group, protected(rng.randint(0, 120)), f"{rng.randint(0, 100)}%") for group in GROUPS
        )
        blocks[i % sections].append(
            Table(
                caption=f"Table {i + 1}: people by group",
                columns=("Group", "People", "Share"),
                rows=rows,
                note="Counts of 1 to 7 are shown as <8; others rounded to the nearest 5.",
            )
        )
    for i in range(charts):
        blocks[(i * 5 + 2) % sections].append(chart(i, rng))
    built = []
    for i, section_blocks in enumerate(blocks):
        content = [
            Paragraph("What the site captured for this part of Phase 1, in plain words. " * 4),
            Subheading("What it shows"),
            Bullets(("A finding", "Another finding", "A third finding")),
            *section_blocks,
            Quote("A reviewed quote from the engagement.", "A parent, Riverside"),
        ]
        if not section_blocks:
            content = [Empty("Nothing has been captured yet.", "Step 3 fills it.")]
        built.append(Section(id=f"part-{i + 1}", title=f"Part {i + 1} of the report", blocks=tuple(content)))  # fmt: skip
    return Report(
        title="Phase 1 analysis report and implementation plan",
        site_name="Riverside (synthetic)",
        prepared="2026-12-06",
        executive_summary="A summary paragraph.\n\nAnother.",
        sections=tuple(built),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--synthetic", action="store_true", help="a synthetic report")
    source.add_argument("--report", type=Path, help="a report's JSON (to_json)")
    parser.add_argument("--sections", type=int, default=12)
    parser.add_argument("--tables", type=int, default=15)
    parser.add_argument("--charts", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="html,pdf,docx,xlsx")
    args = parser.parse_args()

    if args.report:
        report = from_json(json.loads(args.report.read_text("utf-8")))
    else:
        report = synthetic_report(args.sections, args.tables, args.charts)
    blocks = [b for s in report.sections for b in s.blocks]
    print(
        f"Report: {len(report.sections)} sections, "
        f"{sum(isinstance(b, Table) for b in blocks)} tables, "
        f"{sum(isinstance(b, Chart) for b in blocks)} charts. "
        f"Python {platform.python_version()} on {platform.machine()}, {args.runs} runs each."
    )
    started = time.perf_counter()
    from thrivekit.charts.render import to_svg

    to_svg({"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {}})
    import weasyprint  # noqa: F401

    print(f"warm-up (Vega engine, WeasyPrint import): {time.perf_counter() - started:.2f} s")
    print(f"load average (1 min) on {os.cpu_count()} cores: {os.getloadavg()[0]:.1f}")
    print(f"{'format':<6} {'median (s)':>10} {'best (s)':>9} {'CPU (s)':>8} {'size (KiB)':>11}")
    for name in args.formats.split(","):
        times, cpu, size = [], [], 0
        for _ in range(args.runs):
            forget_charts()  # every run draws its charts from scratch
            started, started_cpu = time.perf_counter(), time.process_time()
            size = len(RENDERERS[name].render_bytes(report))
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(
            f"{name:<6} {statistics.median(times):>10.2f} {min(times):>9.2f} "
            f"{statistics.median(cpu):>8.2f} {size / 1024:>11.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
