"""Calibration: from what happened (an extract, or the activity engine's measures) to a scenario.

The input is plain data, :class:`CalibrationInputs`, so any source can feed it: the activity
engine later, or :func:`read_extract` now, which reads a folder of CSV files with the standard
library:

* ``referrals.csv``: referral_id, referral_date, team, discharge_date (other columns ignored)
* ``contacts.csv``: referral_id, contact_date, team, attendance
* ``capacity.csv`` (optional): team, month (YYYY-MM), appointments_available

An *episode* is a run of consecutive contacts with one team within a referral. The first
episode joins its team's list on the referral date; a later one joins on the last contact
date of the episode before it (a move between teams). Dates may be ISO (2024-03-31) or
British (31/03/2024); rows with unreadable dates are skipped and counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .projection import add_months, fit_demand
from .scenario import EXIT, Distribution, Scenario, Service

STALE_CASE_DAYS = 90  # an open case with no contact for this long is not counted as caseload
CAPACITY_WEEKS = 13  # observed capacity: appointments a week over the last quarter
MAX_VALUES = 1000  # empirical distributions keep at most this many values (as quantiles)
ATTENDED = {"5", "6", "attended", "attended on time", "arrived late but seen", "seen", "yes"}
DNA = {"3", "7", "dna", "did not attend", "not attended", "arrived late, could not be seen"}


class ExtractError(ValueError):
    """The extract folder cannot be read (missing file or columns)."""


@dataclass
class ServiceData:
    """What calibration needs to know about one service (team)."""

    id: str
    arrivals_by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" → new referrals
    episode_days: list[float] = field(default_factory=list)  # finished episodes' lengths
    appointments_per_episode: list[int] = field(default_factory=list)  # attended, finished
    interval_days: list[float] = field(default_factory=list)  # between attended appointments
    attended: int = 0
    dnas: int = 0
    waiting_days: list[float] = field(default_factory=list)  # on the list at as_of: days waited
    caseload: int = 0  # open episodes at as_of that have been seen
    appointment_slots_per_week: float | None = None  # capacity table or observed activity
    servers: int | None = None  # caseload slots, if known


@dataclass
class CalibrationInputs:
    """Everything calibration reads. ``routing[a][b]`` counts moves from a to b (or "exit")."""

    as_of: dt.date
    services: list[ServiceData]
    routing: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped_rows: int = 0


@dataclass(frozen=True)
class Episode:
    """One team's part of a referral, as known at the as-of date."""

    referral: str
    step: int  # 0 for the team first referred to, then 1, 2… for each move
    team: str
    joined: dt.date
    attended: tuple[dt.date, ...]  # attended appointments, in order
    intervals: tuple[float, ...]  # days between attended appointments with no DNA between
    last_contact: dt.date | None
    finished: bool  # followed by a move, or the referral was discharged by the as-of date

    @property
    def first_seen(self) -> dt.date | None:
        return self.attended[0] if self.attended else None


def parse_date(text: str | None) -> dt.date | None:
    """ISO or British day-first dates; ``None`` when empty or unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        day, month, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _attendance(text: str) -> str | None:
    value = (text or "").strip().lower()
    if value in ATTENDED:
        return "attended"
    if value in DNA:
        return "dna"
    return None  # cancelled or unknown: uses no slot in the model


def _rows(path: Path, required: tuple[str, ...]):
    if not path.is_file():
        raise ExtractError(f"{path.name} is missing from {path.parent}")
    handle = path.open(newline="", encoding="utf-8-sig")
    reader = csv.DictReader(handle)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        handle.close()
        raise ExtractError(f"{path.name} lacks the column(s) {', '.join(missing)}")
    return handle, reader


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def read_episodes(
    directory: Path, *, as_of: dt.date | None = None
) -> tuple[dt.date, list[Episode], dict[str, list], dict[str, float], int]:
    """Episodes known at ``as_of`` (default: see :func:`_default_as_of`).

    Returns (as_of, episodes, per-team appointment records, capacity table slots a week,
    skipped rows). Nothing after ``as_of`` is used, as if the extract were taken that day.
    """
    directory = Path(directory)
    skipped = 0
    referrals: dict[str, tuple[dt.date, str, dt.date | None]] = {}
    handle, reader = _rows(
        directory / "referrals.csv", ("referral_id", "referral_date", "team", "discharge_date")
    )
    with handle:
        for row in reader:
            rid, when = row["referral_id"], parse_date(row["referral_date"])
            if not rid or when is None or rid in referrals or not row["team"]:
                skipped += 1
                continue
            referrals[rid] = (when, row["team"].strip(), parse_date(row["discharge_date"]))
    contacts: dict[str, list[tuple[dt.date, int, str, str | None]]] = defaultdict(list)
    handle, reader = _rows(
        directory / "contacts.csv", ("referral_id", "contact_date", "team", "attendance")
    )
    with handle:
        for order, row in enumerate(reader):
            when = parse_date(row["contact_date"])
            if when is None or row["referral_id"] not in referrals or not row["team"]:
                skipped += 1
                continue
            contacts[row["referral_id"]].append(
                (when, order, row["team"].strip(), _attendance(row["attendance"]))
            )
    if as_of is None:
        as_of = _default_as_of([c[0] for cs in contacts.values() for c in cs])
        if as_of is None:
            raise ExtractError("no dated contacts to tell when the extract was taken")

    episodes: list[Episode] = []
    appointments: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for rid, (referred, team, discharged) in referrals.items():
        if referred > as_of:
            continue
        closed = discharged if discharged is not None and discharged <= as_of else None
        seen = sorted(c for c in contacts.get(rid, ()) if referred <= c[0] <= as_of)
        runs: list[list[tuple[dt.date, int, str, str | None]]] = []
        for contact in seen:
            if runs and runs[-1][-1][2] == contact[2]:
                runs[-1].append(contact)
            else:
                runs.append([contact])
        if not runs:
            episodes.append(Episode(rid, 0, team, referred, (), (), None, closed is not None))
            continue
        joined = referred
        for k, run in enumerate(runs):
            for when, _, run_team, kind in run:
                if kind is not None:
                    appointments[run_team].append((when, kind))
            episodes.append(
                Episode(
                    referral=rid,
                    step=k,
                    team=run[0][2],
                    joined=joined,
                    attended=tuple(c[0] for c in run if c[3] == "attended"),
                    intervals=tuple(
                        float((b[0] - a[0]).days)
                        for a, b in zip(run, run[1:], strict=False)
                        if a[3] == b[3] == "attended"
                    ),
                    last_contact=run[-1][0],
                    finished=k < len(runs) - 1 or closed is not None,
                )
            )
            joined = run[-1][0]
    capacity: dict[str, float] = {}
    if (directory / "capacity.csv").is_file():
        capacity = _capacity_table(directory / "capacity.csv", as_of)
    return as_of, episodes, appointments, capacity, skipped


def _default_as_of(dates: list[dt.date]) -> dt.date | None:
    """The last contact date in the last month with a quarter of the busiest month's contacts.

    Stray dates in the future (typing errors) and a thin final month do not move it.
    """
    today = _today()
    by_month: dict[tuple[int, int], dt.date] = {}
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for when in dates:
        if when > today:
            continue
        key = (when.year, when.month)
        counts[key] += 1
        if key not in by_month or when > by_month[key]:
            by_month[key] = when
    if not counts:
        return None
    busiest = max(counts.values())
    last = max(k for k, n in counts.items() if n >= busiest / 4)
    return by_month[last]


def _capacity_table(path: Path, as_of: dt.date) -> dict[str, float]:
    # Mean appointments a month over the last three months up to as_of → slots a week.
    handle, reader = _rows(path, ("team", "month", "appointments_available"))
    latest = (as_of.year, as_of.month)
    recent = {add_months(latest, -k) for k in range(3)}
    totals: dict[str, list[float]] = defaultdict(list)
    with handle:
        for row in reader:
            try:
                year, month = (int(p) for p in row["month"][:7].split("-"))
                value = float(row["appointments_available"])
            except ValueError:
                continue
            if (year, month) in recent:
                totals[row["team"].strip()].append(value)
    return {team: sum(v) / len(v) * 12 / 52 for team, v in totals.items() if v}


def read_extract(directory: Path, *, as_of: dt.date | None = None) -> CalibrationInputs:
    """Read an extract folder into :class:`CalibrationInputs` (see the module docstring)."""
    as_of, episodes, appointments, capacity, skipped = read_episodes(directory, as_of=as_of)
    teams: dict[str, ServiceData] = {}

    def team(name: str) -> ServiceData:
        if name not in teams:
            teams[name] = ServiceData(id=name)
        return teams[name]

    routing: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for episode, after in zip(episodes, [*episodes[1:], None], strict=True):
        moved = after is not None and after.referral == episode.referral
        if moved:
            routing[episode.team][after.team] += 1  # type: ignore[union-attr]
        elif episode.finished:
            routing[episode.team][EXIT] += 1
        data = team(episode.team)
        if episode.step == 0 and (episode.attended or not episode.finished):
            # Referrals closed without ever being seen did not use the service's capacity.
            key = f"{episode.joined.year:04d}-{episode.joined.month:02d}"
            data.arrivals_by_month[key] = data.arrivals_by_month.get(key, 0) + 1
        if not episode.attended:
            if not episode.finished:
                data.waiting_days.append(float((as_of - episode.joined).days))
            continue
        if not episode.finished:
            # Open cases with no contact for a long time are old records, not caseload.
            if (as_of - episode.last_contact).days <= STALE_CASE_DAYS:  # type: ignore[operator]
                data.caseload += 1
        else:
            data.appointments_per_episode.append(len(episode.attended))
            length = (episode.last_contact - episode.attended[0]).days  # type: ignore[operator]
            data.episode_days.append(float(max(1, length)))
        data.interval_days.extend(episode.intervals)
    for name, records in appointments.items():
        data = team(name)
        data.attended = sum(1 for _, kind in records if kind == "attended")
        data.dnas = sum(1 for _, kind in records if kind == "dna")
        recent = as_of - dt.timedelta(weeks=CAPACITY_WEEKS)
        used = sum(1 for when, _ in records if when > recent)
        if used:
            data.appointment_slots_per_week = used / CAPACITY_WEEKS
    for name, weekly in capacity.items():
        team(name).appointment_slots_per_week = weekly
    return CalibrationInputs(
        as_of=as_of,
        services=sorted(teams.values(), key=lambda s: s.id),
        routing={k: dict(v) for k, v in routing.items()},
        skipped_rows=skipped,
    )


def _empirical(values: list[float]) -> Distribution:
    ordered = sorted(values)
    if len(ordered) > MAX_VALUES:
        step = len(ordered) / MAX_VALUES
        ordered = [ordered[int((i + 0.5) * step)] for i in range(MAX_VALUES)]
    return Distribution("empirical", values=tuple(ordered))


def calibrate(
    inputs: CalibrationInputs,
    *,
    mode: str = "slots",
    horizon_days: float = 365.0,
    replications: int = 10,
    seed: int = 1,
    target_utilisation: float = 0.9,
) -> Scenario:
    """Build a scenario starting at ``as_of`` from observed data.

    * arrivals by month: a trend and seasonality fitted to full months of new referrals,
      forecast for the months after ``as_of``;
    * routing: the share of finished episodes moving to each team or leaving;
    * DNA rate: DNAs ÷ (attended + DNAs);
    * slot mode: appointments per episode and intervals as empirical distributions, and
      weekly slots from the capacity table or the last quarter's activity;
    * server mode: episode lengths as an empirical distribution and caseload slots from
      ``servers``, or enough for demand at ``target_utilisation`` (and today's caseload);
    * the starting waiting list (with days already waited) and caseload at ``as_of``.
    """
    if mode not in ("slots", "servers"):
        raise ValueError("mode must be slots or servers")
    as_of = inputs.as_of
    start = as_of + dt.timedelta(days=1)
    months = max(1, math.ceil(horizon_days / 30.4375) + 1)
    last_full = (as_of.year, as_of.month)
    if start.month == as_of.month:  # as_of is not a month end: that month is partial
        last_full = add_months(last_full, -1)
    ids = {s.id for s in inputs.services}
    services = []
    for data in inputs.services:
        history = sorted(k for k in data.arrivals_by_month)
        first = (int(history[0][:4]), int(history[0][5:7])) if history else last_full
        span = max(0, (last_full[0] - first[0]) * 12 + last_full[1] - first[1] + 1)
        keys = [add_months(first, k) for k in range(span)]
        counts = [float(data.arrivals_by_month.get(f"{y:04d}-{m:02d}", 0)) for y, m in keys]
        forecast = fit_demand(counts, first_month=first).forecast((start.year, start.month), months)
        outflow = {
            (k if k in ids or k == EXIT else EXIT): 0 for k in inputs.routing.get(data.id, {})
        }
        for target, count in inputs.routing.get(data.id, {}).items():
            outflow[target if target in ids else EXIT] += count
        total_out = sum(outflow.values())
        routing = {k: v / total_out for k, v in outflow.items() if v} if total_out else {EXIT: 1.0}
        if data.id in routing and routing[data.id] >= 1:
            routing = {EXIT: 1.0}
        offered = data.attended + data.dnas
        dna = min(0.95, data.dnas / offered) if offered else 0.0
        common = dict(
            id=data.id,
            arrivals_by_month=tuple(round(v, 3) for v in forecast),
            dna_rate=round(dna, 4),
            routing=_normalised(routing),
            initial_waiting_list=tuple(sorted(data.waiting_days)),
            initial_caseload=data.caseload,
        )
        if mode == "slots":
            appointments = (
                _empirical([float(v) for v in data.appointments_per_episode])
                if data.appointments_per_episode
                else Distribution("fixed", mean=1.0)
            )
            interval = (
                _empirical(data.interval_days)
                if data.interval_days
                else Distribution("fixed", mean=14.0)
            )
            weekly = data.appointment_slots_per_week
            if weekly is None:
                demand = sum(forecast) / len(forecast) * 12 / 52
                weekly = demand * appointments.average / (1 - dna) / target_utilisation
            services.append(
                Service(
                    **common,
                    appointment_slots_per_week=round(weekly, 2),
                    appointments_per_episode=appointments,
                    interval_days=interval,
                )
            )
        else:
            lengths = (
                _empirical(data.episode_days)
                if data.episode_days
                else Distribution("exponential", mean=30.0)
            )
            servers = data.servers
            if servers is None:
                per_day = sum(forecast) / len(forecast) / 30.4375
                routed_in = sum(counts_to.get(data.id, 0) for counts_to in inputs.routing.values())
                started = sum(data.arrivals_by_month.values()) + routed_in
                observed_days = max(1.0, span * 30.4375)
                per_day = max(per_day, started / observed_days)
                servers = max(
                    1, data.caseload, math.ceil(per_day * lengths.average / target_utilisation)
                )
            services.append(Service(**common, servers=servers, service_days=lengths))
    return Scenario(
        services=tuple(services),
        horizon_days=horizon_days,
        warmup_days=0.0,
        replications=replications,
        seed=seed,
        start_date=start,
        name=f"Calibrated at {as_of.isoformat()}",
    )


def _normalised(routing: dict[str, float]) -> dict[str, float]:
    # Round for a readable scenario file, keeping the sum exactly 1.
    rounded = {k: round(v, 6) for k, v in routing.items()}
    largest = max(rounded, key=rounded.__getitem__)
    rounded[largest] = round(1 - sum(v for k, v in rounded.items() if k != largest), 6)
    return rounded
