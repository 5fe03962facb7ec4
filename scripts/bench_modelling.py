"""Measure the modelling speed targets and record them in docs/benchmarks.md.

Targets (issue 7): a 15-service network with about 75,000 episodes a year, 1 simulated year ×
10 replications in ≤ 5 s on 2 cores, ≤ 10 s with a 1-year warm-up; instant answers ≤ 100 ms.

    python scripts/bench_modelling.py [--runs 3] [--no-write]

Only the section between ``<!-- modelling:start -->`` and ``<!-- modelling:end -->`` is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from thrivekit.modelling import (
    network_demand,
    parse_scenario,
    project_scenario,
    run_scenario,
    service_answers,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- modelling:start -->", "<!-- modelling:end -->"
TEAMS = 15
SHARES = [30, 18, 10, 7, 7, 7, 3, 8, 3, 1, 2, 1, 1, 1, 1]
EXTERNAL_PER_DAY = 146.0  # as calibrated from the 200k-referral log in analytics-anchors §3c


def network(*, warmup_days: float = 0.0, mode: str = "servers") -> dict:
    """The §3c model: 15 teams, 146 referrals a day, 67–76% leave after each episode,
    episode lengths 13–57 days, caseload slots for 90% use (or weekly appointment slots)."""
    rng = random.Random(7)
    external = [EXTERNAL_PER_DAY * s / sum(SHARES) for s in SHARES]
    services = []
    for i in range(TEAMS):
        stay = rng.uniform(0.67, 0.76)
        others = [j for j in range(TEAMS) if j != i]
        weights = [rng.random() * SHARES[j] for j in others]
        routing = {
            f"team-{j}": (1 - stay) * w / sum(weights) for j, w in zip(others, weights, strict=True)
        }
        routing["exit"] = 1 - sum(routing.values())
        mean = rng.uniform(13, 57)
        service = {"id": f"team-{i}", "arrivals_per_day": external[i], "routing": routing}
        service["dna_rate"] = 0.1
        if mode == "servers":
            service["servers"] = 1  # sized below from the traffic equations
            service["service_days"] = {"dist": "lognormal", "mean": mean, "sd": 0.8 * mean}
        else:
            service["appointment_slots_per_week"] = 1.0
            service["appointments_per_episode"] = {"dist": "empirical", "values": [1, 2, 4, 6, 9]}
            service["interval_days"] = {"dist": "lognormal", "mean": 14, "sd": 6}
        services.append(service)
    data = {
        "horizon_days": 365,
        "warmup_days": warmup_days,
        "replications": 10,
        "seed": 1,
        "services": services,
    }
    demand = network_demand(parse_scenario(data))
    for service in services:
        per_day = demand[service["id"]]
        if mode == "servers":
            mean = service["service_days"]["mean"]
            service["servers"] = math.ceil(per_day * mean / 0.9)
        else:
            appointments = 4.4 / 0.9  # mean appointments, and DNAs use slots
            service["appointment_slots_per_week"] = round(per_day * 7 * appointments / 0.9, 1)
    return data


def timed(call, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    rows = []
    plain = parse_scenario(network())
    visits = 365 * sum(network_demand(plain).values())
    for label, data, target in (
        ("1 year × 10 replications, caseload slots", network(), "≤ 5 s"),
        ("1-year warm-up + 1 year × 10, caseload slots", network(warmup_days=365), "≤ 10 s"),
        ("1 year × 10 replications, appointment slots", network(mode="slots"), "–"),
    ):
        scenario = parse_scenario(data)
        seconds, results = timed(lambda s=scenario: run_scenario(s, workers=2), args.runs)
        finished = results["overall"]["throughput"]  # type: ignore[index]
        rows.append((label, f"{seconds:.2f} s", f"{finished:,.0f} left the network", target))
        print(f"{label}: {seconds:.2f} s", file=sys.stderr)

    answers_time, _ = timed(lambda: service_answers(plain), 101)
    rows.append(
        ("Instant answers, all 15 services", f"{answers_time * 1000:.1f} ms", "", "≤ 100 ms")
    )
    projection_time, _ = timed(lambda: project_scenario(plain, months=36), 5)
    rows.append(
        ("Projection, 15 services × 36 months", f"{projection_time * 1000:.0f} ms", "", "–")
    )

    lines = [
        START,
        "## Modelling (`thrivekit.modelling`)",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()} with "  # noqa: DTZ011
        f"{os.cpu_count()} cores, Python {platform.python_version()}; median of {args.runs} runs "
        "(instant answers: of 101 calls). Replications run in 2 spawned processes; times "
        "include starting them. The network is the analytics-anchors §3c model: 15 teams, "
        f"{EXTERNAL_PER_DAY:g} referrals a day, about {visits:,.0f} episodes a year, 10% DNAs.",
        "",
        "| Run | Time | Mean per replication | Target |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "Command: `python scripts/bench_modelling.py --runs " + str(args.runs) + "`",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if args.no_write:
        return
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
