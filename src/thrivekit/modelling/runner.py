"""Replications spread over processes, and the results JSON (schema ``thrivekit.model/1``).

Each replication has its own seed derived from the scenario's seed and the replication
number, so results do not depend on how many processes ran them or in what order.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from .engine import _quantile, simulate_replication
from .scenario import Scenario

SCHEMA = "thrivekit.model/1"
SERIES_STEP_DAYS = 7  # queue-length bands are reported weekly

# Two-sided 95% Student t quantiles by degrees of freedom; 1.96 beyond the table.
_T95 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
    17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
    25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
    120: 1.980,
}  # fmt: skip


def t95(df: int) -> float:
    """The 97.5th percentile of Student's t with ``df`` degrees of freedom."""
    if df in _T95:
        return _T95[df]
    larger = [k for k in _T95 if k > df]
    return _T95[min(larger)] if larger else 1.96


def mean_ci95(values: list[float | None]) -> tuple[float | None, list[float] | None]:
    """Mean across replications and its 95% t interval; ``None`` interval with one value."""
    present = [v for v in values if v is not None]
    if not present:
        return None, None
    mean = sum(present) / len(present)
    if len(present) < 2:
        return mean, None
    var = sum((v - mean) ** 2 for v in present) / (len(present) - 1)
    half = t95(len(present) - 1) * math.sqrt(var / len(present))
    return mean, [mean - half, mean + half]


def run_replications(
    scenario: Scenario,
    *,
    replications: int | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Run the replications (in a spawn-safe process pool when there are several).

    ``progress(done, total)`` is called after each replication. Results come back in
    replication order whatever order they finished in.
    """
    total = replications or scenario.replications
    if workers is None:
        workers = min(total, os.cpu_count() or 1)
    results: list[dict[str, Any] | None] = [None] * total
    if workers <= 1 or total == 1:
        for rep in range(total):
            results[rep] = simulate_replication(scenario, rep)
            if progress:
                progress(rep + 1, total)
        return results  # type: ignore[return-value]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(simulate_replication, scenario, rep): rep for rep in range(total)}
        for finished, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(finished, total)
    return results  # type: ignore[return-value]


def _figure(out: dict[str, Any], name: str, values: list[float | None]) -> None:
    mean, ci = mean_ci95(values)
    out[name] = mean
    out[f"{name}_ci95"] = ci


def _summarise(parts: list[dict[str, Any]], *, per_service: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    waits: dict[str, Any] = {}
    for key in ("mean", "median", "p90"):
        _figure(waits, key, [p["wait_days"][key] for p in parts])
    out["wait_days"] = waits
    # Waits of the referrals made during the run, as the activity engine's first-contact wait.
    first: dict[str, Any] = {}
    for key in ("mean", "median", "p90"):
        _figure(first, key, [p["first_contact_wait_days"][key] for p in parts])
    out["first_contact_wait_days"] = first
    _figure(out, "within_28_days_pct", [p["wait_days"]["within_28_days_pct"] for p in parts])
    if per_service:
        _figure(out, "utilisation", [p["utilisation"] for p in parts])
    queue: dict[str, Any] = {}
    for key in ("mean", "p90"):
        _figure(queue, key, [p["queue_length"][key] for p in parts])
    out["queue_length"] = queue
    _figure(out, "throughput", [p["throughput"] for p in parts])
    _figure(out, "caseload_mean", [p["caseload_mean"] for p in parts])
    if per_service:
        _figure(out, "share_time_above_level_pct", [p["share_time_above_level_pct"] for p in parts])
        by_priority: dict[str, Any] = {}
        for group in ("urgent", "routine"):
            block: dict[str, Any] = {}
            _figure(block, "mean", [p[f"{group}_wait_days"] for p in parts])
            by_priority[group] = block
        out["wait_days_by_priority"] = by_priority
    out["queue_length_over_time"] = _bands([p["queue_series"] for p in parts])
    return out


def _bands(series: list[list[int]]) -> dict[str, list[float]]:
    length = min((len(s) for s in series), default=0)
    days, low, mid, high = [], [], [], []
    for i in range(0, length, SERIES_STEP_DAYS):
        values = sorted(s[i] for s in series)
        days.append(i)
        low.append(_quantile(values, 0.1))
        mid.append(_quantile(values, 0.5))
        high.append(_quantile(values, 0.9))
    return {"day": days, "p10": low, "median": mid, "p90": high}


def summarise(scenario: Scenario, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The results JSON: every figure the mean across replications with a 95% interval."""
    services = []
    start = results[0]["series_start_day"] if results else 0
    for i, service in enumerate(scenario.services):
        part = _summarise([r["services"][i] for r in results], per_service=True)
        part["queue_length_over_time"]["day"] = [
            d + start for d in part["queue_length_over_time"]["day"]
        ]
        services.append(
            {"id": service.id, "name": service.name or service.id, "mode": service.mode, **part}
        )
    overall = _summarise([r["overall"] for r in results], per_service=False)
    overall["queue_length_over_time"]["day"] = [
        d + start for d in overall["queue_length_over_time"]["day"]
    ]
    return {
        "schema": SCHEMA,
        "scenario": scenario.name,
        "replications": len(results),
        "seed": scenario.seed,
        "horizon_days": scenario.horizon_days,
        "warmup_days": scenario.warmup_days,
        "start_date": scenario.start_date.isoformat() if scenario.start_date else None,
        "services": services,
        "overall": overall,
    }


def run_scenario(
    scenario: Scenario,
    *,
    replications: int | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run a scenario's replications and return the results JSON as a dict."""
    results = run_replications(
        scenario, replications=replications, workers=workers, progress=progress
    )
    return summarise(scenario, results)
