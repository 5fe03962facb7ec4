"""Benchmark the activity engine and write the figures into docs/benchmarks.md.

    python scripts/bench_activity.py                      # full targets: 1M / 10M and 200k / 1M
    python scripts/bench_activity.py --referrals 200000 --contacts-per-referral 10 --runs 3

--contacts-per-referral is the generator's setting, not the outcome (some referrals have no
contacts, some contacts fall after the end date): 15.15 gives about 10 contacts per referral
and 6.97 about 5, hence the defaults. The table shows the rows actually written.

Each measurement runs in a fresh Python process and the median of --runs runs is reported,
with wall time including interpreter start and imports. Peak memory is the child process's
own maximum resident set size, read with os.wait4 when it exits. If an import fails (for
example DuckDB runs out of memory), the failure is recorded and the Parquet for the measures
is made once with a larger DuckDB memory limit, so that the measures can still be timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- activity:start -->", "<!-- activity:end -->"
KEY = b"benchmark-key-not-a-real-site-key"


ROOMY_MEMORY_LIMIT = "8GB"


def child(step: str, data: Path, store: Path) -> None:
    began = time.perf_counter()
    if step in {"import", "import-roomy"}:
        from thrivekit.activity import import_extract

        extra = {"memory_limit": ROOMY_MEMORY_LIMIT} if step == "import-roomy" else {}
        import_extract(
            referrals=data / "referrals.csv",
            contacts=data / "contacts.csv",
            capacity=data / "capacity.csv",
            out_dir=store,
            key=KEY,
            as_of=dt.date(2024, 12, 31),
            **extra,
        )
    else:
        from thrivekit.activity import analyse_parquet

        analyse_parquet(store)
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds}))


LOADS: list[float] = []  # one-minute load averages seen when each child started


def run_child(step: str, data: Path, store: Path) -> tuple[float, dict, int, str]:
    """Wall seconds, the child's figures, its peak resident bytes and its stderr's tail."""
    LOADS.append(os.getloadavg()[0])
    began = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", step, str(data), str(store)],
            stdout=out,
            stderr=err,
            text=True,
        )
        # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux).
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        lines = out.read().strip().splitlines()
        figures = json.loads(lines[-1]) if process.returncode == 0 and lines else {}
        errors = [line for line in err.read().splitlines() if "Error" in line]
        tail = errors[-1:] if process.returncode else []
    return wall, figures, usage.ru_maxrss * 1024, " ".join(tail)


def measure(step: str, data: Path, store: Path, runs: int) -> dict:
    walls, inner, peaks = [], [], []
    for _ in range(runs):
        wall, figures, peak, error = run_child(step, data, store)
        if not figures:
            return {"failed": error or "failed", "wall": wall, "peak_gib": peak / 2**30}
        walls.append(wall)
        inner.append(figures["seconds"])
        peaks.append(peak)
    return {
        "wall": statistics.median(walls),
        "best": min(walls),
        "in_script": statistics.median(inner),
        "peak_gib": statistics.median(peaks) / 2**30,
        "runs": runs,
    }


def prepare(folder: Path, referrals: int, per_referral: float) -> tuple[int, int]:
    # In a child process: a child starts with its parent's peak memory on Linux, so the
    # parent must stay small for the children's peaks to be their own.
    code = (
        "import sys; from thrivekit.activity import write_extract; "
        "write_extract(sys.argv[1], referrals=int(sys.argv[2]), seed=1, "
        "contacts_per_referral=float(sys.argv[3]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(folder), str(referrals), str(per_referral)], check=True
    )
    count = lambda name: sum(1 for _ in (folder / name).open("rb")) - 1  # noqa: E731
    return count("referrals.csv"), count("contacts.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--contacts-per-referral", type=float, default=15.15)
    parser.add_argument("--typical-referrals", type=int, default=200_000)
    parser.add_argument("--typical-contacts-per-referral", type=float, default=6.97)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("STEP", "DATA", "STORE"))
    args = parser.parse_args()
    if args.child:
        step, data, store = args.child
        child(step, Path(data), Path(store))
        return
    rows = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="thrivekit-bench-") as tmp:
        for label, n, per, targets in (
            ("large", args.referrals, args.contacts_per_referral, (15, 8)),
            ("typical", args.typical_referrals, args.typical_contacts_per_referral, (None, 1.5)),
        ):
            data, store = Path(tmp) / label, Path(tmp) / f"{label}-store"
            n_ref, n_con = prepare(data, n, per)
            imported = measure("import", data, store, args.runs)
            if "failed" in imported:
                wall, figures, _peak, error = run_child("import-roomy", data, store)
                if not figures:
                    raise SystemExit(f"The import failed even with more memory: {error}")
            analysed = measure("analyse", data, store, args.runs)
            rows.append((label, n_ref, n_con, imported, analysed, targets))
            print(label, n_ref, n_con, imported, analysed, flush=True)
    minutes = (time.perf_counter() - started) / 60
    print(f"Benchmark took {minutes:.1f} minutes", flush=True)
    write_doc(rows, args, minutes)


def _cells(figures: dict) -> str:
    if "failed" in figures:
        reason = figures["failed"].replace("|", "/")[:90]
        return f"failed after {figures['wall']:.2f} | – | – | {figures['peak_gib']:.2f} ({reason})"
    return (
        f"{figures['wall']:.2f} | {figures['best']:.2f} | {figures['in_script']:.2f} | "
        f"{figures['peak_gib']:.2f}"
    )


def write_doc(rows, args, minutes: float) -> None:
    lines = [
        START,
        "## Activity engine (`thrivekit.activity`)",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()} with "  # noqa: DTZ011
        f"{_cores()} cores, Python {platform.python_version()}; median of {args.runs} runs, "
        "each in a fresh process. Wall time includes interpreter start and imports; peak "
        "is the child process's maximum resident memory (os.wait4). Synthetic CSV from "
        f"`thrivekit synth` (seed 1). The whole run took {minutes:.0f} minutes. The machine is "
        "shared: the one-minute load average was "
        f"{min(LOADS, default=0):.1f}–{max(LOADS, default=0):.1f} "
        f"(median {statistics.median(LOADS or [0]):.1f}) when the runs started, on "
        f"{_cores()} cores (the benchmark itself adds about 1 to 2). The same step on the "
        "same files varies by up to a quarter between minutes here (CPU time too), so the "
        "best run is shown beside the median; the targets are judged on the median.",
        "",
        "| Extract | Step | Wall, median (s) | Wall, best (s) | In-script, median (s) | "
        "Peak (GiB) | Target |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, n_ref, n_con, imported, analysed, (import_target, analyse_target) in rows:
        name = f"{label}: {n_ref:,} referrals / {n_con:,} contacts"
        target = f"≤ {import_target} s, ≤ 2 GiB" if import_target else "–"
        lines.append(f"| {name} | import CSV → Parquet | {_cells(imported)} | {target} |")
        lines.append(
            f"| {name} | all measures from Parquet | {_cells(analysed)} | "
            f"≤ {analyse_target} s, ≤ 2 GiB |"
        )
        if "failed" in imported:
            lines.append(
                f"| {name} | (Parquet for the measures made with memory_limit "
                f"{ROOMY_MEMORY_LIMIT}) | | | | | |"
            )
    command = (
        f"python scripts/bench_activity.py --referrals {args.referrals} "
        f"--contacts-per-referral {args.contacts_per_referral} "
        f"--typical-referrals {args.typical_referrals} "
        f"--typical-contacts-per-referral {args.typical_contacts_per_referral} --runs {args.runs}"
    )
    lines += ["", f"Command: `{command}`", END]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + "\n".join(lines) + after
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    DOC.write_text(text, encoding="utf-8")


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
