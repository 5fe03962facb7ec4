"""Calibration: from what happened (an imported extract) to a scenario that reproduces it.

The data comes from the activity engine, so the model starts from the same figures the
site's dashboard shows: open referrals (rejected ones left out), discharges up to the as-of
date, and the waiting list as the engine counts it (referred, not yet discharged, no attended
contact yet). :func:`inputs_from_tables` reads the engine's own steps
(:func:`thrivekit.activity.build_measures`), so there is one reader and one set of
definitions; :func:`read_imported` opens an imported extract (Parquet) and
:func:`read_extract` imports a folder of CSV files first.

Each service is a team as referred to: a referral's wait is to its first attended contact
with any team, and its episode is every attended contact it had. Per team:

* demand: open referrals by month, a trend and seasonality forecast for the horizon;
* who is seen, and when: the referrals of the last two years give the waits to first
  contact (the model sees its list in order of due date, drawn from these) and the share
  that left the list without being seen, and after how long, with those still waiting
  counted for as long as they have waited (Aalen-Johansen); whoever waits longer than any
  wait seen stays on the list;
* today's list: everyone the engine counts as waiting, with their real waits; each is
  expected to be seen or not as those estimates say for a wait that long, so stale records are
  not "seen" in week one;
* capacity: from the first contacts that were made in the last year (= demand − referrals
  that left unseen − the change in the list), kept in step with the forecast demand, in
  appointment slots (episode length and DNAs included). A capacity table is compared with
  the appointments used, and a gap of more than 25% is reported.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import tempfile
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .projection import add_months, fit_demand
from .scenario import EXIT, Distribution, Scenario, Service

STALE_CASE_DAYS = 90  # an open case with no attended contact for this long is not caseload
COHORT_DAYS = 365  # "the last year", and the year before it
HISTORY_DAYS = 730  # waits and exits are estimated from the referrals of the last two years
STILL_WAITING_DAYS = 36525.0  # "left unseen" after this long: still on the list at the end
# Spare slots a week: this many times the square root of the slots used (as staffing rules
# go), so that a small team is not a queue of its own making.
SPARE_SLOTS = 1.5
CAPACITY_GAP = 0.25  # a capacity table this far from the activity is reported
WEEKEND_SHARE = 0.1  # a team with this share of its contacts at weekends works weekends
MAX_VALUES = 1000  # empirical distributions keep at most this many values (as quantiles)
NOT_RECORDED = "Not recorded"
# A team keeps its own trend when it is this many standard errors from the whole service's
# growth: three, as a dozen teams are tested at once (two would pick one by chance in two).
OWN_TREND_ERRORS = 3.0


class ExtractError(ValueError):
    """The extract cannot be read (missing file, no activity)."""


@dataclass
class ServiceData:
    """What calibration needs to know about one team (as referred to)."""

    id: str
    arrivals_by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" → referrals
    # Last two years: days to first contact, and days to leaving the list unseen, as samples
    # in proportion to how many are seen and not (see _waits_and_exits).
    seen_waits: list[float] = field(default_factory=list)
    unseen_days: list[float] = field(default_factory=list)
    waiting_days: list[float] = field(default_factory=list)  # on the list at as_of: days waited
    appointments_per_episode: list[int] = field(default_factory=list)  # closed, seen referrals
    interval_days: list[float] = field(default_factory=list)  # between attended contacts
    episode_days: list[float] = field(default_factory=list)  # first to last attended, closed
    attended: int = 0  # attended contacts of the team's referrals in the last year
    dnas: int = 0
    weekend_contacts: int = 0  # of those, on a Saturday or Sunday
    caseload: int = 0  # seen, not discharged, attended within the usual gap
    open_seen_last_contact: list[int] = field(default_factory=list)  # days since, at as_of
    first_contacts_last_year: int = 0
    referrals_last_year: int = 0
    unseen_exits_last_year: int = 0
    waiting_year_before: int = 0
    appointments_used_per_week: float | None = None  # attended + DNA with this team, last year
    capacity_table_per_week: float | None = None  # appointments available, last year
    servers: int | None = None  # caseload slots, if known


@dataclass
class CalibrationInputs:
    """Everything calibration reads. ``routing[a][b]`` counts moves from a to b (or "exit");
    empty when each referral is one episode with its team."""

    as_of: dt.date
    services: list[ServiceData]
    routing: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped_rows: int = 0


def _days(value: Any) -> int | None:
    return None if value is None else value.toordinal()


def _month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _engine_steps(referrals, contacts, as_of: dt.date) -> dict[str, Any]:
    """The activity engine's shared steps (open referrals with their first attended date and
    attended count; attended contacts), exactly as its measures use them."""
    from thrivekit.activity.measures import build_measures

    steps: list[Any] = []

    def keep(table):
        steps.append(table)
        return table

    build_measures(referrals, contacts, None, as_of=as_of, share=keep)
    found: dict[str, Any] = {}
    for table in steps:
        columns = set(table.columns)
        if {"first_date", "discharged", "referral_date"} <= columns and "open" not in found:
            found["open"] = table
        elif columns == {"referral_id", "contact_date", "team", "same_day_order"}:
            found.setdefault("attended", table)
    if set(found) != {"open", "attended"}:
        raise RuntimeError("the activity engine's steps have changed; calibration needs both")
    return found


def inputs_from_tables(
    referrals, contacts, capacity=None, *, as_of: dt.date, skipped_rows: int = 0
) -> CalibrationInputs:
    """Calibration inputs from an imported extract's tables (Ibis), known at ``as_of``.

    Nothing dated after ``as_of`` is read, as if the extract had been taken that day.
    """
    import ibis

    as_of_lit = ibis.literal(as_of)
    r = referrals.filter(referrals.referral_date <= as_of_lit)
    c = contacts.filter(contacts.contact_date <= as_of_lit)
    steps = _engine_steps(r, c, as_of)
    open_r = steps["open"]
    attended = steps["attended"]
    # Each open referral's last attended contact (caseload) and the gaps between contacts.
    last = attended.group_by("referral_id").aggregate(last_date=attended.contact_date.max())
    rows = (
        open_r.left_join(last, "referral_id")
        .select("referral_date", "team", "discharged", "first_date", "attended", "last_date")
        .to_pyarrow()
        .to_pylist()
    )
    order = ibis.window(
        group_by=attended.referral_id, order_by=[attended.contact_date, attended.same_day_order]
    )
    gaps = attended.mutate(before=attended.contact_date.lag().over(order))
    gaps = gaps.filter(gaps.before.notnull())
    gaps = gaps.join(open_r.select("referral_id", ref_team="team"), "referral_id")
    year_ago = as_of - dt.timedelta(days=COHORT_DAYS)
    recent = gaps.filter(
        gaps.contact_date > ibis.literal(year_ago - dt.timedelta(days=COHORT_DAYS))
    )
    gap_rows = (
        recent.select(
            team=recent.ref_team.fill_null(NOT_RECORDED),
            days=recent.contact_date.delta(recent.before, unit="day"),
        )
        .to_pyarrow()
        .to_pylist()
    )
    # Contacts of each team's referrals in the last year (DNA rate), and appointments used
    # with each team (to compare with a capacity table).
    last_year = c.filter(
        (c.contact_date > ibis.literal(year_ago)) & c.attendance.isin(["attended", "dna"])
    )
    referral_teams = r.select(_rid="referral_id", _rteam=r.team)
    joined = last_year.left_join(referral_teams, last_year.referral_id == referral_teams._rid)
    used = joined.select(
        ref_team=joined._rteam.fill_null(NOT_RECORDED),
        team=joined.team.fill_null(joined._rteam).fill_null(NOT_RECORDED),
        attendance=joined.attendance,
        weekend=joined.contact_date.day_of_week.index() >= 5,
    )
    usage = (
        used.group_by(["ref_team", "team", "attendance", "weekend"])
        .aggregate(n=used.count())
        .to_pyarrow()
        .to_pylist()
    )
    table_rows: list[dict[str, Any]] = []
    if capacity is not None:
        first_month = _month_key(year_ago + dt.timedelta(days=1))
        k = capacity.filter(
            (capacity.month >= first_month)
            & (capacity.month <= _month_key(as_of))
            & capacity.appointments_available.notnull()
        )
        table_rows = (
            k.group_by("team")
            .aggregate(months=k.count(), available=k.appointments_available.cast("float64").sum())
            .to_pyarrow()
            .to_pylist()
        )
    return _inputs(as_of, rows, gap_rows, usage, table_rows, skipped_rows)


def _inputs(as_of, rows, gap_rows, usage, table_rows, skipped_rows) -> CalibrationInputs:
    today = as_of.toordinal()
    year_ago = today - COHORT_DAYS
    teams: dict[str, ServiceData] = {}

    def team(name: str | None) -> ServiceData:
        name = name or NOT_RECORDED
        if name not in teams:
            teams[name] = ServiceData(id=name)
        return teams[name]

    # (days to leaving the list or to as_of, how: "seen", "unseen" or None for still waiting)
    outcomes: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for row in rows:
        data = team(row["team"])
        referred = _days(row["referral_date"])
        gone = _days(row["discharged"])
        seen = _days(row["first_date"])
        key = _month_key(row["referral_date"])
        data.arrivals_by_month[key] = data.arrivals_by_month.get(key, 0) + 1
        # Left the list: first attended contact, or a discharge before one.
        left_seen = seen is not None and (gone is None or seen <= gone)
        if seen is None and gone is None:
            data.waiting_days.append(float(today - referred))
        if referred <= year_ago and not (
            (seen is not None and seen <= year_ago) or (gone is not None and gone <= year_ago)
        ):
            data.waiting_year_before += 1
        if referred > year_ago:
            data.referrals_last_year += 1
        if left_seen and seen > year_ago:  # type: ignore[operator]
            data.first_contacts_last_year += 1
        if not left_seen and gone is not None and gone > year_ago:
            data.unseen_exits_last_year += 1
        if referred > today - HISTORY_DAYS:
            if left_seen:
                outcomes[data.id].append((seen - referred, "seen"))  # type: ignore[operator]
            elif gone is not None:
                outcomes[data.id].append((gone - referred, "unseen"))
            else:
                outcomes[data.id].append((today - referred, None))
        if left_seen:
            if gone is not None:
                data.appointments_per_episode.append(int(row["attended"]))
                data.episode_days.append(
                    float(max(1, _days(row["last_date"]) - seen))  # type: ignore[operator]
                )
            else:
                data.open_seen_last_contact.append(today - _days(row["last_date"]))  # type: ignore[operator]
    for data in teams.values():
        data.seen_waits, data.unseen_days = _waits_and_exits(outcomes[data.id])
    for row in gap_rows:
        team(row["team"]).interval_days.append(float(row["days"]))
    for data in teams.values():
        # In treatment: seen, not discharged, and seen again within the usual gap between
        # contacts (the 90th percentile); older open cases are records left open.
        gaps = sorted(data.interval_days)
        usual = gaps[int(0.9 * (len(gaps) - 1))] if gaps else STALE_CASE_DAYS
        usual = min(STALE_CASE_DAYS, max(14.0, usual))
        data.caseload = sum(1 for d in data.open_seen_last_contact if d <= usual)
    used: Counter[str] = Counter()
    for row in usage:
        if row["weekend"]:
            team(row["ref_team"]).weekend_contacts += row["n"]
        if row["attendance"] == "attended":
            team(row["ref_team"]).attended += row["n"]
        else:
            team(row["ref_team"]).dnas += row["n"]
        used[row["team"]] += row["n"]
    for name, n in used.items():
        if name in teams:
            teams[name].appointments_used_per_week = n / 52
    notes = []
    for row in table_rows:
        if row["team"] not in teams:
            continue
        data = teams[row["team"]]
        data.capacity_table_per_week = row["available"] / row["months"] * 12 / 52
        activity = data.appointments_used_per_week or 0.0
        table = data.capacity_table_per_week
        if abs(table - activity) > CAPACITY_GAP * max(activity, 1e-9):
            notes.append(
                f"{data.id}: the capacity table offers {table:,.0f} appointments a week but "
                f"{activity:,.0f} were used (attended or not attended) in the last year; "
                "the model uses the activity."
            )
    return CalibrationInputs(
        as_of=as_of,
        services=sorted(teams.values(), key=lambda s: s.id),
        notes=notes,
        skipped_rows=skipped_rows,
    )


def _waits_and_exits(outcomes: list[tuple[int, str | None]]) -> tuple[list[float], list[float]]:
    """Days to first contact, and days to leaving the list unseen, as two samples whose sizes
    are in proportion to how many are seen and how many are not.

    Referrals still waiting are counted for as long as they have waited (Aalen-Johansen
    estimates of the two cumulative incidences), so a recent referral tells what it can and
    the long waits of a long-wait team are not lost. Whoever is still waiting after the
    longest time observed stays on the list (``STILL_WAITING_DAYS``).
    """
    if not outcomes:
        return [], []
    events: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # seen, unseen, waiting
    for days, how in outcomes:
        events[days][0 if how == "seen" else 1 if how == "unseen" else 2] += 1
    at_risk, surviving = len(outcomes), 1.0
    seen_mass: list[tuple[float, float]] = []
    unseen_mass: list[tuple[float, float]] = []
    for days in sorted(events):
        seen, unseen, waiting = events[days]
        if at_risk and seen + unseen:
            seen_mass.append((float(days), surviving * seen / at_risk))
            unseen_mass.append((float(days), surviving * unseen / at_risk))
            surviving *= 1 - (seen + unseen) / at_risk
        at_risk -= seen + unseen + waiting
    unseen_mass.append((STILL_WAITING_DAYS, surviving))
    return _sample(seen_mass), _sample(unseen_mass)


def _sample(mass: list[tuple[float, float]]) -> list[float]:
    # MAX_VALUES values for the whole (seen + unseen) population, read off at evenly spaced
    # points of the cumulative mass.
    total = sum(m for _, m in mass)
    count = round(total * MAX_VALUES)
    if count < 1:
        return []
    values, running, k = [], 0.0, 0
    for value, m in mass:
        running += m
        while k < count and (k + 0.5) / count * total <= running + 1e-12:
            values.append(value)
            k += 1
    values += [mass[-1][0]] * (count - len(values))
    return values


def read_imported(folder: Path | str, *, as_of: dt.date | None = None) -> CalibrationInputs:
    """Calibration inputs from an imported extract (the folder ``import_extract`` wrote).

    ``as_of`` defaults to the import's own as-of date: the one it was given, or else the end
    of the last month busy enough to end the extract on, which the import derived
    (:func:`thrivekit.activity.asof.derive_as_of`) as the dashboard uses it.
    """
    import ibis

    from thrivekit.activity.importing import read_manifest, read_tables

    folder = Path(folder)
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError) as error:
        raise ExtractError(f"{folder} is not an imported extract: {error}") from None
    validation = manifest.get("validation", {})
    if as_of is None:
        if not manifest.get("as_of_given") and not validation.get("referrals_kept", 1):
            raise ExtractError("no dated activity to tell when it was taken")
        as_of = dt.date.fromisoformat(manifest["as_of"])
    con = ibis.duckdb.connect()
    try:
        referrals, contacts, capacity = read_tables(con, folder)
        rejected = sum(int(rule.get("count") or 0) for rule in validation.get("rejected", []))
        return inputs_from_tables(
            referrals, contacts, capacity, as_of=as_of, skipped_rows=int(rejected)
        )
    finally:
        con.disconnect()


def read_extract(directory: Path | str, *, as_of: dt.date | None = None) -> CalibrationInputs:
    """Import a folder of CSV files (referrals, contacts, optional capacity) as the
    activity engine does, then read it (:func:`read_imported`). A folder that is already an
    imported extract is read as it is."""
    from thrivekit.activity.importing import MANIFEST, import_extract
    from thrivekit.activity.reading import UnreadableFileError

    directory = Path(directory)
    if (directory / MANIFEST).is_file():
        return read_imported(directory, as_of=as_of)
    files = {name: directory / f"{name}.csv" for name in ("referrals", "contacts", "capacity")}
    for name in ("referrals", "contacts"):
        if not files[name].is_file():
            raise ExtractError(f"{name}.csv is missing from {directory}")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "imported"
        try:
            import_extract(
                referrals=files["referrals"],
                contacts=files["contacts"],
                capacity=files["capacity"] if files["capacity"].is_file() else None,
                out_dir=out,
                # Identifiers are pseudonymised with a key used once: nothing is kept.
                key=os.urandom(32),
                as_of=as_of,
            )
        except (ValueError, UnreadableFileError) as error:
            raise ExtractError(str(error)) from None
        return read_imported(out, as_of=as_of)


def _empirical(values: list[float]) -> Distribution:
    ordered = sorted(values)
    if len(ordered) > MAX_VALUES:
        step = len(ordered) / MAX_VALUES
        ordered = [ordered[int((i + 0.5) * step)] for i in range(MAX_VALUES)]
    return Distribution("empirical", values=tuple(ordered))


def _split_waiting_list(data: ServiceData, rng: random.Random) -> tuple[list[float], list[float]]:
    """Today's waiters: those expected to be seen, and those not (as the estimates say for
    someone who has already waited that long)."""
    seen = sorted(data.seen_waits)
    unseen = sorted(data.unseen_days)
    to_be_seen, not_seen = [], []
    for age in sorted(data.waiting_days):
        still_seen = len(seen) - bisect_left(seen, age)
        still_unseen = len(unseen) - bisect_left(unseen, age)
        total = still_seen + still_unseen
        if total and rng.random() < still_seen / total:
            to_be_seen.append(age)
        else:
            not_seen.append(age)
    return to_be_seen, not_seen


def calibrate(
    inputs: CalibrationInputs,
    *,
    mode: str = "slots",
    horizon_days: float = 365.0,
    replications: int = 10,
    seed: int = 1,
    target_utilisation: float = 0.9,
) -> Scenario:
    """Build a scenario starting the day after ``as_of`` that carries on as the data shows
    (see the module docstring). ``target_utilisation`` sizes teams with no first contacts
    at all from their demand."""
    if mode not in ("slots", "servers"):
        raise ValueError("mode must be slots or servers")
    as_of = inputs.as_of
    start = as_of + dt.timedelta(days=1)
    months = max(1, math.ceil(horizon_days / 30.4375) + 1)
    last_full = (as_of.year, as_of.month)
    if start.month == as_of.month:  # as_of is not a month end: that month is partial
        last_full = add_months(last_full, -1)
    ids = {s.id for s in inputs.services}
    rng = random.Random(f"thrivekit-calibrate:{seed}")
    growth = _growth([s.arrivals_by_month for s in inputs.services], last_full)
    services = []
    for data in inputs.services:
        first, counts = _monthly_counts(data.arrivals_by_month, last_full)
        fit = fit_demand(counts, first_month=first, trend=_team_trend(counts, growth))
        forecast = fit.forecast((start.year, start.month), months)
        forecast = [max(0.0, v) for v in forecast]
        routing = _routing(inputs.routing.get(data.id, {}), ids, data.id)
        offered = data.attended + data.dnas
        dna = min(0.95, data.dnas / offered) if offered else 0.0
        outcomes = len(data.seen_waits) + len(data.unseen_days)
        unseen_share = len(data.unseen_days) / outcomes if outcomes else 0.0
        to_be_seen, not_seen = _split_waiting_list(data, rng)
        # First contacts a week: as many as last year's, for each referral that is seen,
        # kept in step with the forecast demand.
        recent_demand = data.referrals_last_year * (1 - unseen_share)
        demand_per_week = sum(forecast[:12]) / min(12, len(forecast)) * 12 / 52
        seen_demand = demand_per_week * (1 - unseen_share)
        if data.first_contacts_last_year and recent_demand:
            keep_pace = data.first_contacts_last_year / recent_demand
            starts = seen_demand * keep_pace
        elif data.first_contacts_last_year:
            starts = data.first_contacts_last_year / 52
        else:
            starts = seen_demand / target_utilisation
        common = dict(
            id=data.id,
            arrivals_by_month=tuple(round(v, 3) for v in forecast),
            dna_rate=round(dna, 4),
            routing=_normalised(routing),
            initial_waiting_list=tuple(to_be_seen),
            initial_caseload=data.caseload,
            due_days=_empirical(data.seen_waits) if data.seen_waits else None,
            unseen_share=round(unseen_share, 4) if data.unseen_days else 0.0,
            unseen_days=_empirical(data.unseen_days) if data.unseen_days else None,
            initial_unseen_list=tuple(not_seen),
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
            # Today's caseload, at most what this many starts keep in treatment (open cases
            # are often discharged weeks after their last contact).
            in_treatment = starts / 7 * max(0.0, appointments.average - 1) * interval.average
            common["initial_caseload"] = min(data.caseload, math.ceil(in_treatment))
            # Every attended appointment of an episode takes a slot, and so does each DNA;
            # nobody is booked before their due date, so the spare slots absorb the ups
            # and downs of demand.
            load = starts * appointments.average / (1 - dna)
            weekly = load + SPARE_SLOTS * math.sqrt(load)
            weekends = offered and data.weekend_contacts / offered >= WEEKEND_SHARE
            services.append(
                Service(
                    **common,
                    working_days=7 if weekends else 5,
                    appointment_slots_per_week=round(max(weekly, 0.01), 2),
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
                servers = max(1, data.caseload, math.ceil(starts / 7 * lengths.average))
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


def _monthly_counts(
    by_month: dict[str, int], last_full: tuple[int, int]
) -> tuple[tuple[int, int], list[float]]:
    """The first month with referrals, and referrals a month from it to ``last_full``."""
    history = sorted(by_month)
    first = (int(history[0][:4]), int(history[0][5:7])) if history else last_full
    span = max(0, (last_full[0] - first[0]) * 12 + last_full[1] - first[1] + 1)
    keys = [add_months(first, k) for k in range(span)]
    return first, [float(by_month.get(f"{y:04d}-{m:02d}", 0)) for y, m in keys]


def _yearly_changes(counts: list[float]) -> list[float]:
    return [counts[i + 12] - counts[i] for i in range(len(counts) - 12)]


def _growth(teams: list[dict[str, int]], last_full: tuple[int, int]) -> float | None:
    """The whole service's growth a month, as a share of its mean month (None with under
    two years of history)."""
    total: Counter[str] = Counter()
    for by_month in teams:
        total.update(by_month)
    _, counts = _monthly_counts(dict(total), last_full)
    mean = sum(counts) / len(counts) if counts else 0.0
    if len(counts) < 24 or mean <= 0:
        return None
    changes = _yearly_changes(counts)
    return sum(changes) / len(changes) / 12 / mean


def _team_trend(counts: list[float], growth: float | None) -> float | None:
    """A team's trend: the whole service's growth in proportion to the team's size, unless
    its own history differs from that by more than ``OWN_TREND_ERRORS`` standard errors. A
    small team's own line through two years mostly follows chance (a busy March, a quiet
    spring), and carried a year ahead it misses its demand by a quarter or more."""
    if growth is None or len(counts) < 24:
        return None
    changes = _yearly_changes(counts)
    own = sum(changes) / len(changes) / 12
    shared = growth * sum(counts) / len(counts)
    spread = math.sqrt(sum((c - own * 12) ** 2 for c in changes) / (len(changes) - 1))
    error = spread / math.sqrt(len(changes)) / 12
    return own if abs(own - shared) > OWN_TREND_ERRORS * error else shared


def calibration_notes(inputs: CalibrationInputs) -> list[str]:
    """What calibration assumed, in words, for the analyst: where capacity came from and
    where a capacity table disagrees with the activity."""
    notes = [
        "Capacity is inferred from the first contacts made in the year to "
        f"{inputs.as_of:%d/%m/%Y} (demand, less referrals that left the list unseen and "
        "the change in the list), kept in step with the forecast demand."
    ]
    return notes + list(inputs.notes)


def _routing(counts: dict[str, int], ids: set[str], own: str) -> dict[str, float]:
    outflow: dict[str, int] = defaultdict(int)
    for target, count in counts.items():
        outflow[target if target in ids else EXIT] += count
    total = sum(outflow.values())
    routing = {k: v / total for k, v in outflow.items() if v} if total else {EXIT: 1.0}
    if routing.get(own, 0) >= 1:
        routing = {EXIT: 1.0}
    return routing


def _normalised(routing: dict[str, float]) -> dict[str, float]:
    # Round for a readable scenario file, keeping the sum exactly 1.
    rounded = {k: round(v, 6) for k, v in routing.items()}
    largest = max(rounded, key=rounded.__getitem__)
    rounded[largest] = round(1 - sum(v for k, v in rounded.items() if k != largest), 6)
    return rounded
