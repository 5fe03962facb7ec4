"""Time the demo site's Phase 1 report end to end: assembling it from the site's data, then
drawing each format (HTML, PDF, Word, Excel), as `thrivekit report` and the build do.

    THRIVEKIT_HOME=$(mktemp -d) .venv/bin/python scripts/bench_demo_report.py [--runs 3]

Seeds the demo into THRIVEKIT_HOME (migrating it first) unless it is there already. Each run
assembles the report afresh and draws every chart from scratch; the first run also pays for
the imports and for starting the Vega engine and WeasyPrint, so it is reported on its own as
the cold figure. Prints the median of the warm runs and the cold run for each format.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

FORMATS = ("html", "pdf", "docx", "xlsx")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each format (default 3)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thrivekit.config.settings")
    os.environ.setdefault("THRIVEKIT_ENV", "development")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from thrivekit.demo.services import SITE_SLUG, demo_seed
    from thrivekit.sites.models import Site

    if not Site.objects.filter(slug=SITE_SLUG).exists():
        started = time.perf_counter()
        demo_seed()
        print(f"seeded the demo in {time.perf_counter() - started:.1f} s")
    site = Site.objects.get(slug=SITE_SLUG)

    from thrivekit.reporting.figures import forget_charts
    from thrivekit.reports.assemble import report_assemble
    from thrivekit.reports.render import render

    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}")  # fmt: skip
    assemble_times = []
    times: dict[str, list[float]] = {f: [] for f in FORMATS}
    sizes: dict[str, int] = {}
    for _run in range(args.runs):
        for file_format in FORMATS:
            forget_charts()
            started = time.perf_counter()
            report = report_assemble(site=site)
            assembled = time.perf_counter()
            data = render(report, file_format)
            done = time.perf_counter()
            assemble_times.append(assembled - started)
            times[file_format].append(done - started)
            sizes[file_format] = len(data)
    sections = len(report.sections)
    tables = sum(1 for s in report.sections for b in s.blocks if b.kind == "table")
    charts = sum(1 for s in report.sections for b in s.blocks if b.kind == "chart")
    print(f"demo report: {sections} sections, {tables} tables, {charts} charts")
    print(f"assembling alone: median {statistics.median(assemble_times):.2f} s")
    print("format  cold (s)  warm median (s)  size")
    for file_format in FORMATS:
        cold, warm = times[file_format][0], times[file_format][1:] or times[file_format]
        print(
            f"{file_format:6}  {cold:8.2f}  {statistics.median(warm):15.2f}  "
            f"{sizes[file_format] / 1024:,.0f} KB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
