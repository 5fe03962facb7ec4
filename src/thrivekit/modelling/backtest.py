"""Back-test: calibrate on the data up to a date, simulate the year that followed, compare.

Both sides use the activity engine's definitions. The *actual* figures are read from the
engine's JSON (:func:`thrivekit.activity.analyse_tables`) for the held-out period:

* the mean waiting list: the waiting list at each month end in the period, overall from the
  ``monthly`` series and per team from ``teams[].waiting_list_now`` at that month end;
* the median first-contact wait of the referrals made in the period (``waits.first_contact``
  and ``teams[].median_first_contact_wait`` of an analysis of those referrals alone).

The *simulated* ones are the model's mean waiting list over the period and the median
first-contact wait of the referrals it received in the period (``first_contact_wait_days``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .calibration import calibrate, inputs_from_tables
from .runner import run_scenario

MIN_REFERRALS = 30  # teams with fewer referrals in the period are shown but not judged


@dataclass(frozen=True)
class BacktestRow:
    id: str
    referrals: int
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
    notes: tuple[str, ...] = ()

    def judged(self) -> tuple[BacktestRow, ...]:
        """The teams with at least ``MIN_REFERRALS`` referrals in the held-out period."""
        return tuple(r for r in self.services if r.referrals >= MIN_REFERRALS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "horizon_days": self.horizon_days,
            "services": [asdict(r) for r in self.services],
            "overall": asdict(self.overall),
            "notes": list(self.notes),
        }


def _error(actual: float | None, simulated: float | None) -> float | None:
    if actual is None or simulated is None or actual == 0:
        return None
    return 100 * (simulated - actual) / actual


def _month_ends(after: dt.date, until: dt.date) -> list[dt.date]:
    from thrivekit.activity.asof import month_end

    ends = []
    end = month_end(after + dt.timedelta(days=1))
    while end <= until:
        ends.append(end)
        end = month_end(end + dt.timedelta(days=1))
    return ends


def actual_figures(referrals, contacts, *, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the activity engine reports for the period after ``start`` up to ``end``: mean
    month-end waiting list and median first-contact wait of the period's referrals, overall
    and per team, with the period's referrals per team."""
    import ibis

    from thrivekit.activity.measures import analyse_tables as engine_analysis
    from thrivekit.activity.running import DuckDBRunner

    def analyse_tables(r, c, *, as_of: dt.date) -> dict[str, Any]:
        # As `analyse_parquet` runs it on DuckDB: shared steps once, SQL beside compiling.
        runner = DuckDBRunner(r._find_backend())
        try:
            return engine_analysis(r, c, as_of=as_of, cache_shared_steps=True, runner=runner)
        finally:
            runner.close()

    def known_at(day: dt.date):
        lit = ibis.literal(day)
        return (
            referrals.filter(referrals.referral_date <= lit),
            contacts.filter(contacts.contact_date <= lit),
        )

    ends = _month_ends(start, end)
    if not ends:
        raise ValueError("the held-out period holds no whole month")
    r_end, c_end = known_at(end)
    whole = analyse_tables(r_end, c_end, as_of=ends[-1])
    by_month = {row["month"]: row["waiting_list"] for row in whole["monthly"]}
    overall_list = [by_month.get(f"{e.year:04d}-{e.month:02d}", 0) for e in ends]
    team_lists: dict[str, list[int]] = {}
    for k, month_end in enumerate(ends):
        analysis = (
            whole
            if month_end == ends[-1]
            else analyse_tables(*known_at(month_end), as_of=month_end)
        )
        for row in analysis["teams"]:
            team_lists.setdefault(row["team"], [0] * len(ends))[k] = row["waiting_list_now"]
    period = r_end.filter(r_end.referral_date > ibis.literal(start))
    recent = analyse_tables(period, c_end, as_of=end)
    return {
        "waiting_list": sum(overall_list) / len(ends),
        "median_wait": recent["waits"]["first_contact"]["median"],
        "teams": {
            team: {
                "waiting_list": sum(values) / len(ends),
                "median_wait": None,
                "referrals": 0,
            }
            for team, values in team_lists.items()
        }
        | {
            row["team"]: {
                "waiting_list": sum(team_lists.get(row["team"], [0])) / len(ends),
                "median_wait": row["median_first_contact_wait"],
                "referrals": row["referrals"],
            }
            for row in recent["teams"]
        },
    }


def backtest(
    folder: Path | str,
    *,
    as_of: dt.date | None = None,
    horizon_days: int | None = None,
    replications: int = 5,
    mode: str = "slots",
    seed: int = 1,
    workers: int | None = None,
) -> BacktestReport:
    """Calibrate an imported extract up to ``as_of`` (default: a year before its own as-of
    date), simulate ``horizon_days`` (default: up to its as-of date, or a year), and compare
    with what the activity engine reports."""
    import ibis

    from thrivekit.activity.importing import read_manifest, read_tables
    from thrivekit.activity.measures import months_back

    folder = Path(folder)
    manifest = read_manifest(folder)
    if as_of is None:
        extract_end = dt.date.fromisoformat(manifest["as_of"])
        as_of = months_back(extract_end, 12)
        if horizon_days is None:
            horizon_days = (extract_end - as_of).days
    if horizon_days is None:
        horizon_days = 365
    end = as_of + dt.timedelta(days=horizon_days)
    con = ibis.duckdb.connect()
    try:
        referrals, contacts, capacity = read_tables(con, folder)
        inputs = inputs_from_tables(referrals, contacts, capacity, as_of=as_of)
        actual = actual_figures(referrals, contacts, start=as_of, end=end)
    finally:
        con.disconnect()
    scenario = calibrate(
        inputs, mode=mode, horizon_days=float(horizon_days), replications=replications, seed=seed
    )
    results = run_scenario(scenario, workers=workers)
    rows = []
    for service in results["services"]:
        seen = actual["teams"].get(service["id"], {})
        rows.append(
            _row(
                service["id"],
                seen.get("referrals", 0),
                seen.get("median_wait"),
                seen.get("waiting_list", 0.0),
                service,
            )
        )
    referrals_n = sum(t["referrals"] for t in actual["teams"].values())
    overall = _row(
        "overall", referrals_n, actual["median_wait"], actual["waiting_list"], results["overall"]
    )
    return BacktestReport(
        as_of=as_of,
        horizon_days=horizon_days,
        services=tuple(rows),
        overall=overall,
        notes=tuple(inputs.notes),
    )


def _row(
    name: str, referrals: int, median: float | None, waiting: float, simulated: dict
) -> BacktestRow:
    simulated_median = simulated["first_contact_wait_days"]["median"]
    simulated_list = simulated["queue_length"]["mean"]
    return BacktestRow(
        id=name,
        referrals=int(referrals),
        actual_median_wait_days=median,
        simulated_median_wait_days=simulated_median,
        median_wait_error_pct=_error(median, simulated_median),
        actual_waiting_list=waiting,
        simulated_waiting_list=simulated_list,
        waiting_list_error_pct=_error(waiting, simulated_list),
    )
