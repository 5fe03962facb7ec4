"""Back-test: calibrate on the data up to a date, simulate what came next, compare.

The error is reported for the median wait (of people first seen in the test period) and the
mean waiting-list size over the test period, per service and overall.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

from .calibration import Episode, calibrate, read_episodes, read_extract
from .runner import run_scenario


@dataclass(frozen=True)
class BacktestRow:
    id: str
    actual_median_wait_days: float | None
    simulated_median_wait_days: float | None
    median_wait_error_pct: float | None
    actual_waiting_list: float
    simulated_waiting_list: float | None
    waiting_list_error_pct: float | None


@dataclass(frozen=True)
class BacktestReport:
    as_of: dt.date
    horizon_days: int
    services: tuple[BacktestRow, ...]
    overall: BacktestRow

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "horizon_days": self.horizon_days,
            "services": [asdict(r) for r in self.services],
            "overall": asdict(self.overall),
        }


def _error(actual: float | None, simulated: float | None) -> float | None:
    if actual is None or simulated is None or actual == 0:
        return None
    return 100 * (simulated - actual) / actual


def _actuals(episodes: list[Episode], start: dt.date, end: dt.date):
    # Waits of people first seen in (start, end]; waiting list counted at the end of each day.
    waits: dict[str, list[float]] = {}
    days = (end - start).days
    waiting: dict[str, list[int]] = {}
    for episode in episodes:
        seen = episode.first_seen
        if seen is None and episode.finished:
            continue  # closed without being seen: never on the modelled list
        if seen is not None and start < seen <= end:
            waits.setdefault(episode.team, []).append(float((seen - episode.joined).days))
        counts = waiting.setdefault(episode.team, [0] * (days + 1))
        first = max(0, (episode.joined - start).days)
        last = days if seen is None else min(days, (seen - start).days - 1)
        for d in range(first, last + 1):
            counts[d] += 1
    return waits, {t: sum(c[1:]) / days for t, c in waiting.items()}


def backtest(
    directory: Path,
    *,
    as_of: dt.date,
    horizon_days: int = 365,
    replications: int = 5,
    mode: str = "slots",
    seed: int = 1,
    workers: int | None = None,
) -> BacktestReport:
    """Calibrate on the extract up to ``as_of``, simulate ``horizon_days``, compare."""
    inputs = read_extract(directory, as_of=as_of)
    scenario = calibrate(
        inputs, mode=mode, horizon_days=float(horizon_days), replications=replications, seed=seed
    )
    results = run_scenario(scenario, workers=workers)
    end = as_of + dt.timedelta(days=horizon_days)
    _, episodes, _, _, _ = read_episodes(directory, as_of=end)
    waits, waiting = _actuals(episodes, as_of, end)
    rows = []
    for service in results["services"]:
        actual_waits = waits.get(service["id"], [])
        actual_median = statistics.median(actual_waits) if actual_waits else None
        actual_list = waiting.get(service["id"], 0.0)
        simulated_median = service["wait_days"]["median"]
        simulated_list = service["queue_length"]["mean"]
        rows.append(
            BacktestRow(
                id=service["id"],
                actual_median_wait_days=actual_median,
                simulated_median_wait_days=simulated_median,
                median_wait_error_pct=_error(actual_median, simulated_median),
                actual_waiting_list=actual_list,
                simulated_waiting_list=simulated_list,
                waiting_list_error_pct=_error(actual_list, simulated_list),
            )
        )
    every_wait = [w for ws in waits.values() for w in ws]
    actual_median = statistics.median(every_wait) if every_wait else None
    actual_list = sum(waiting.values())
    overall = results["overall"]
    return BacktestReport(
        as_of=as_of,
        horizon_days=horizon_days,
        services=tuple(rows),
        overall=BacktestRow(
            id="overall",
            actual_median_wait_days=actual_median,
            simulated_median_wait_days=overall["wait_days"]["median"],
            median_wait_error_pct=_error(actual_median, overall["wait_days"]["median"]),
            actual_waiting_list=actual_list,
            simulated_waiting_list=overall["queue_length"]["mean"],
            waiting_list_error_pct=_error(actual_list, overall["queue_length"]["mean"]),
        ),
    )
