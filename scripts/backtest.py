"""Back-test the calibration on synthetic extracts and the demo, and record the errors in
docs/benchmarks.md.

Each extract is made by the synthetic generator (as `thrivekit synth`, or as the demo seeds
it), imported as the web app imports it, calibrated on everything up to a year before its
end, simulated for that last year, and compared with what the activity engine reports for
it (see thrivekit.modelling.backtest). The contract: mean waiting list and median
first-contact wait within 15% overall and 25% for each team with at least 30 referrals.

    python scripts/backtest.py [--sizes 5000:1,50000:7,200000:11] [--demo] [--reps 5]
                               [--no-write]

Only the section between ``<!-- backtest:start -->`` and ``<!-- backtest:end -->`` of
docs/benchmarks.md is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from thrivekit.activity import analyse_parquet, import_extract, write_extract
from thrivekit.modelling import calibrate, read_imported, run_scenario
from thrivekit.modelling.backtest import BacktestReport, backtest

SYNTH_END = dt.date(2024, 12, 31)
DEMO_END = dt.date(2026, 3, 31)  # as thrivekit.demo.activity seeds it
DEMO_REFERRALS, DEMO_SEED = 4000, 2026
OVERALL_LIMIT, TEAM_LIMIT = 15.0, 25.0
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- backtest:start -->", "<!-- backtest:end -->"


def _imported(folder: Path, *, referrals: int, seed: int, end: dt.date) -> Path:
    paths = write_extract(folder / "csv", referrals=referrals, seed=seed, end=end)
    import_extract(
        referrals=paths["referrals"],
        contacts=paths["contacts"],
        capacity=paths["capacity"],
        out_dir=folder / "imported",
        key=os.urandom(32),
        as_of=end,
    )
    return folder / "imported"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}%"


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _misses(report: BacktestReport) -> list[str]:
    out = []
    for row in report.judged():
        for name, error in (
            ("waiting list", row.waiting_list_error_pct),
            ("median wait", row.median_wait_error_pct),
        ):
            if error is not None and abs(error) > TEAM_LIMIT:
                out.append(f"{row.id} {name} {_pct(error)}")
    return out


def current_system(folder: Path, report: BacktestReport, *, reps: int, workers=None) -> dict:
    """The demo's "Current system": calibrated on the whole extract, the next year simulated,
    beside the extract's last year as the activity engine reports it (its monthly waiting
    lists, and the back-test's median wait of the last year's referrals)."""
    analysis = analyse_parquet(folder)
    lists = [month["waiting_list"] for month in analysis["monthly"]]
    scenario = calibrate(read_imported(folder), replications=reps)
    overall = run_scenario(scenario, workers=workers)["overall"]
    return {
        "as_of": analysis["as_of"],
        "year_ago": lists[-13],
        "now": lists[-1],
        "last_year_mean": sum(lists[-12:]) / 12,
        "last_year_wait": report.overall.actual_median_wait_days,
        "model_mean": overall["queue_length"]["mean"],
        "model_end": overall["queue_length_over_time"]["median"][-1],
        "model_wait": overall["first_contact_wait_days"]["median"],
    }


def _growth(start: float, end: float) -> str:
    return f"{end - start:+,.0f}, {_pct(100 * (end - start) / start)}"


def _current_lines(current: dict) -> list[str]:
    c = current
    return [
        '**The demo\'s "Current system" scenario** (calibrated on the whole extract, as of '
        f"{c['as_of']}; the next year simulated, {c['reps']} replications) beside the "
        f"extract's last year: mean waiting list {_number(c['model_mean'])} against "
        f"{_number(c['last_year_mean'])} "
        f"({_pct(100 * (c['model_mean'] - c['last_year_mean']) / c['last_year_mean'])}); "
        f"median first-contact wait {_number(c['model_wait'])} against "
        f"{_number(c['last_year_wait'])} days "
        f"({_pct(100 * (c['model_wait'] - c['last_year_wait']) / c['last_year_wait'])}). The "
        "two are different years: the extract's list grew from "
        f"{c['year_ago']:,} to {c['now']:,} over its last year "
        f"({_growth(c['year_ago'], c['now'])}), and the model starts from {c['now']:,} and "
        f"ends its year at {_number(c['model_end'], 0)} "
        f"({_growth(c['now'], c['model_end'])}), so it carries on at last year's pace. Like "
        "for like, the same calibration made a year earlier is the demo row above.",
        "",
    ]


def _section(
    results: list[tuple[str, BacktestReport, float]], reps: int, current: dict | None = None
) -> str:
    lines = [
        START,
        "## Back-test of the calibration (`thrivekit.modelling.backtest`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC).date().isoformat()} on {platform.machine()} with "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Each extract is "
        "calibrated on everything up to a year before its end, the last year is simulated "
        f"({reps} replications) and compared with what the activity engine reports for it: "
        "the mean of the month-end waiting lists, and the median first-contact wait of the "
        "referrals made that year. Contract: within 15% overall and 25% for each team with "
        "at least 30 referrals in the year. Times include importing and the 13 analyses of "
        "the actual side.",
        "",
        "| Extract | Referrals in the year | Waiting list: actual → model | Error | "
        "Median wait (days): actual → model | Error | Teams judged | Teams outside 25% | "
        "Time |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, report, seconds in results:
        o = report.overall
        misses = _misses(report)
        lines.append(
            f"| {name} | {o.referrals:,} | {_number(o.actual_waiting_list)} → "
            f"{_number(o.simulated_waiting_list)} | {_pct(o.waiting_list_error_pct)} | "
            f"{_number(o.actual_median_wait_days)} → {_number(o.simulated_median_wait_days)} | "
            f"{_pct(o.median_wait_error_pct)} | {len(report.judged())} | "
            f"{'; '.join(misses) if misses else 'none'} | {seconds:.0f} s |"
        )
    lines.append("")
    if current is not None:
        lines += _current_lines({**current, "reps": reps})
    lines += ["Per team (teams with at least 30 referrals in the year):", ""]
    for name, report, _ in results:
        lines += [
            f"**{name}**",
            "",
            "| Team | Referrals | Waiting list: actual → model | Error | "
            "Median wait: actual → model | Error |",
            "|---|---|---|---|---|---|",
        ]
        for row in sorted(report.judged(), key=lambda r: -r.referrals):
            lines.append(
                f"| {row.id} | {row.referrals:,} | {_number(row.actual_waiting_list)} → "
                f"{_number(row.simulated_waiting_list)} | {_pct(row.waiting_list_error_pct)} | "
                f"{_number(row.actual_median_wait_days)} → "
                f"{_number(row.simulated_median_wait_days)} | "
                f"{_pct(row.median_wait_error_pct)} |"
            )
        lines.append("")
    lines += [f"Command: `python {' '.join(['scripts/backtest.py', *sys.argv[1:]])}`", END]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5000:1,50000:7,200000:11")
    parser.add_argument("--demo", action="store_true", help="also the demo's extract")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    extracts = [
        (f"Synthetic {int(size):,} (seed {seed})", int(size), int(seed), SYNTH_END)
        for size, seed in (item.split(":") for item in args.sizes.split(",") if item)
    ]
    if args.demo:
        extracts.append(
            (f"Demo ({DEMO_REFERRALS:,}, seed {DEMO_SEED})", DEMO_REFERRALS, DEMO_SEED, DEMO_END)
        )
    results = []
    current = None
    for name, size, seed, end in extracts:
        with tempfile.TemporaryDirectory() as scratch:
            started = time.perf_counter()
            folder = _imported(Path(scratch), referrals=size, seed=seed, end=end)
            report = backtest(folder, replications=args.reps, workers=args.workers)
            seconds = time.perf_counter() - started
            if end == DEMO_END:
                current = current_system(folder, report, reps=args.reps, workers=args.workers)
                print(_current_lines({**current, "reps": args.reps})[0], flush=True)
        results.append((name, report, seconds))
        o = report.overall
        print(
            f"{name}: waiting list {_pct(o.waiting_list_error_pct)}, median wait "
            f"{_pct(o.median_wait_error_pct)}, teams outside 25%: "
            f"{', '.join(_misses(report)) or 'none'} ({seconds:.0f} s)",
            flush=True,
        )
    if not args.no_write:
        text = DOCS.read_text(encoding="utf-8")
        section = _section(results, args.reps, current)
        if START in text:
            before, rest = text.split(START, 1)
            text = before + section + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
