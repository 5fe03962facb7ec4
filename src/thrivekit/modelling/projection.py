"""Month-by-month projection: demand, capacity plan and DNAs → waiting list, caseload, waits.

A deterministic flow model stepped a day at a time, so it answers in milliseconds. People
wait in arrival order (cohorts by day), which gives the share seen within 4 and 18 weeks and
the month the backlog clears. Demand is typed in or fitted from history (trend and
seasonality) with :func:`fit_demand`.

Slot mode: each day's appointment slots, net of DNAs, go first to follow-ups for the open
caseload (one every ``interval_days`` per open episode), then to first appointments. An
episode of N appointments ends after N − 1 follow-ups. Server mode: an episode holds a
caseload slot for ``service_days`` on average. DNAs follow the simulation's rule: a share
``dna_rate`` of the people offered a free slot do not attend; the slot goes to the next person
and they go back on the list ``dna_rebook_days`` later, keeping their place by the day they
joined (or leave after ``discharge_after_dnas`` DNAs). They count on the waiting list meanwhile.
"""

from __future__ import annotations

import calendar
import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from .scenario import MONTH_DAYS, Scenario

NEVER = "never"


@dataclass(frozen=True)
class DemandFit:
    """Linear trend × seasonal index by calendar month, fitted to monthly counts."""

    intercept: float  # referrals a month at the first month of the history
    trend: float  # change a month
    seasonal: tuple[float, ...]  # 12 indices, January first; mean 1
    first_month: tuple[int, int]  # (year, month) of the first month of the history

    def forecast(self, start: tuple[int, int], months: int) -> list[float]:
        """Expected referrals for ``months`` months from ``start`` (year, month)."""
        offset = _months_between(self.first_month, start)
        out = []
        for k in range(months):
            index = offset + k
            calendar_month = (start[1] - 1 + k) % 12
            out.append(
                max(0.0, (self.intercept + self.trend * index) * self.seasonal[calendar_month])
            )
        return out


def _months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] - a[0]) * 12 + (b[1] - a[1])


def add_months(month: tuple[int, int], k: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + k
    return index // 12, index % 12 + 1


def fit_demand(
    monthly: Sequence[float], *, first_month: tuple[int, int], trend: float | None = None
) -> DemandFit:
    """Fit a linear trend and, with two years or more, multiplicative seasonality.

    The trend is the mean change from each month to the same month a year later (least
    squares on the month index with under two years); seasonal indices are the mean ratio of
    each calendar month to the trend, normalised to average 1. With under three months of
    history the forecast is flat at the mean. A given ``trend`` (change a month) is used
    instead of the fitted one.
    """
    n = len(monthly)
    if n == 0:
        return DemandFit(0.0, 0.0, (1.0,) * 12, first_month)
    mean = sum(monthly) / n
    if n < 3:
        return DemandFit(mean, 0.0, (1.0,) * 12, first_month)
    x_mean = (n - 1) / 2
    if trend is not None:  # given (calibration borrows a small team's growth from the whole)
        slope = trend
    elif n >= 24:
        # Each month against the same month a year before: a least-squares line through
        # seasonal data tilts towards wherever the August dip happens to fall.
        slope = sum(monthly[i + 12] - monthly[i] for i in range(n - 12)) / (n - 12) / 12
    else:
        sxx = sum((i - x_mean) ** 2 for i in range(n))
        slope = sum((i - x_mean) * (v - mean) for i, v in enumerate(monthly)) / sxx
    intercept = mean - slope * x_mean
    seasonal = [1.0] * 12
    if n >= 24:
        ratios: list[list[float]] = [[] for _ in range(12)]
        for i, value in enumerate(monthly):
            fitted = intercept + slope * i
            if fitted > 0:
                ratios[(first_month[1] - 1 + i) % 12].append(value / fitted)
        raw = [sum(r) / len(r) if r else 1.0 for r in ratios]
        scale = sum(raw) / 12
        seasonal = [r / scale for r in raw] if scale > 0 else seasonal
    return DemandFit(intercept, slope, tuple(seasonal), first_month)


@dataclass(frozen=True)
class ProjectedMonth:
    month: str
    demand: float
    capacity: float
    first_appointments: float
    follow_ups: float
    episodes_finished: float
    waiting_list: float
    caseload: float
    expected_wait_days: float | None  # for someone joining now (Little's law)
    mean_wait_seen_days: float | None  # of those first seen this month
    seen_within_28_days_pct: float | None
    seen_within_126_days_pct: float | None
    longest_wait_days: float
    waiting_over_target: float


@dataclass(frozen=True)
class Projection:
    months: tuple[ProjectedMonth, ...]
    backlog_clears: str  # the month label, or "never" within the horizon
    target_wait_days: float

    def to_dict(self) -> dict:
        return {
            "target_wait_days": self.target_wait_days,
            "backlog_clears": self.backlog_clears,
            "months": [asdict(m) for m in self.months],
        }


def _plan(values: Sequence[float] | Mapping[int, float] | float, months: int) -> list[float]:
    # A number, a list by month (the last value holds), or {month number: new value}.
    if isinstance(values, int | float):
        return [float(values)] * months
    if isinstance(values, Mapping):
        if 1 not in values:
            raise ValueError("a capacity plan given as changes must say what month 1 has")
        out, current = [], 0.0
        for m in range(1, months + 1):
            current = float(values.get(m, current))
            out.append(current)
        return out
    if not values:
        raise ValueError("the plan is empty")
    return [float(values[min(m, len(values) - 1)]) for m in range(months)]


def project_service(
    *,
    months: int,
    demand_by_month: Sequence[float] | float,
    capacity_by_month: Sequence[float] | Mapping[int, float] | float,
    mode: str = "slots",
    appointments_per_episode: float = 1.0,
    interval_days: float = 14.0,
    service_days: float = 30.0,
    dna_rate: float = 0.0,
    dna_rebook_days: float = 7.0,
    discharge_after_dnas: int | None = None,
    waiting_list: int | Sequence[float] = 0,
    caseload: float = 0.0,
    target_wait_days: float = 126.0,
    start: tuple[int, int] | None = None,
) -> Projection:
    """Project one service month by month.

    ``capacity_by_month`` is appointment slots a month (slot mode) or caseload slots (server
    mode). ``waiting_list`` is a count or the days each person has already waited; with a
    count, people are assumed to have joined at the first month's demand rate.
    ``dna_rebook_days`` (rounded to whole days) and ``discharge_after_dnas`` apply in server
    mode; in slot mode a DNA simply uses the slot (capacity net of DNAs).
    """
    if not 1 <= months <= 120:
        raise ValueError("months must be between 1 and 120")
    if mode not in ("slots", "servers"):
        raise ValueError("mode must be slots or servers")
    if not 0 <= dna_rate < 1:
        raise ValueError("dna_rate must be between 0 and 1")
    if not (math.isfinite(dna_rebook_days) and dna_rebook_days >= 0):
        raise ValueError("dna_rebook_days must be zero or more")
    if discharge_after_dnas is not None and discharge_after_dnas < 1:
        raise ValueError("discharge_after_dnas must be 1 or more (or None)")
    demand = _plan(demand_by_month, months)
    capacity = _plan(capacity_by_month, months)
    if min(demand) < 0 or min(capacity) < 0:
        raise ValueError("demand and capacity must be zero or more")

    lengths = _month_lengths(start, months)
    initial: list[list[float]] = []  # today's list in cohorts: [day joined, people]
    if isinstance(waiting_list, int | float):
        daily = demand[0] / lengths[0] if demand[0] > 0 else 1.0
        per_day = max(daily, 1e-9)
        count = float(waiting_list)
        age = 0.0
        cohorts = []
        while count > 1e-9:
            take = min(per_day, count)
            cohorts.append([-age, take])
            count -= take
            age += 1
        initial.extend(reversed(cohorts))
    else:
        by_day: dict[int, float] = {}
        for waited in waiting_list:
            by_day[-math.floor(waited)] = by_day.get(-math.floor(waited), 0.0) + 1
        initial.extend([day, n] for day, n in sorted(by_day.items()))
    waiting = sum(c[1] for c in initial)
    listed = _WaitingList()
    for joined, people in initial:
        listed.add(joined, people)
    # Server mode: a share of the people offered a slot miss it and are away until rebooked.
    rebook = round(dna_rebook_days)
    attend_share = 1.0 - dna_rate if mode == "servers" else 1.0
    if rebook == 0 and discharge_after_dnas is None:
        attend_share = 1.0  # rebooked at once, again and again: no delay and no loss
    away: dict[int, list[tuple[float, float, int]]] = {}  # day back: (day joined, people, DNAs)
    open_cases = float(caseload)
    followups_each = max(appointments_per_episode - 1, 0.0)

    out: list[ProjectedMonth] = []
    clears = NEVER
    day = 0
    for m in range(months):
        label = _label(start, m)
        days = lengths[m]
        arrivals_per_day = demand[m] / days
        started = followed = finished = 0.0
        wait_sum = within_28 = within_126 = 0.0
        for _ in range(days):
            if arrivals_per_day > 0:
                listed.add(float(day), arrivals_per_day)
                waiting += arrivals_per_day
            for joined, people, dnas in away.pop(day, ()):
                listed.add(joined, people, dnas)
            if mode == "slots":
                attended = capacity[m] / days * (1 - dna_rate)
                if followups_each > 0:
                    due = open_cases / interval_days
                    follow = min(attended, due)
                    done = follow / followups_each
                else:
                    follow = done = 0.0
                room = attended - follow
            else:
                done = open_cases / service_days
                follow = 0.0
                room = max(0.0, capacity[m] - open_cases + done)
            start_today = 0.0
            while room > 1e-12:
                front = listed.first()
                if front is None:
                    break
                (joined, dnas_so_far), people = front
                # Offer slots until they are taken: a DNA leaves the slot to the next person.
                offered = min(room / attend_share, people)
                take = offered * attend_share
                waited = day - joined
                wait_sum += take * waited
                if waited <= 28:
                    within_28 += take
                if waited <= 126:
                    within_126 += take
                start_today += take
                room -= take
                listed.take((joined, dnas_so_far), offered)
                missed = offered - take
                if missed > 1e-12:
                    # Count DNAs only when they lead to discharge, so returning cohorts merge.
                    dnas = dnas_so_far + 1 if discharge_after_dnas is not None else 0
                    if discharge_after_dnas is not None and dnas >= discharge_after_dnas:
                        waiting -= missed
                    elif rebook == 0:
                        listed.add(joined, missed, dnas)
                    else:
                        away.setdefault(day + rebook, []).append((joined, missed, dnas))
            waiting -= start_today
            started += start_today
            followed += follow
            finished += done
            if mode == "slots" and followups_each == 0:
                finished += start_today
                done += start_today
            else:
                open_cases += start_today
            open_cases = max(0.0, open_cases - done)
            day += 1
        on_list = listed.cohorts() + [(c[0], c[1]) for back in away.values() for c in back]
        longest = day - 1 - min(c[0] for c in on_list) if on_list else 0.0
        over = sum(c[1] for c in on_list if day - 1 - c[0] > target_wait_days)
        rate = started / days
        out.append(
            ProjectedMonth(
                month=label,
                demand=demand[m],
                capacity=capacity[m],
                first_appointments=started,
                follow_ups=followed,
                episodes_finished=finished,
                waiting_list=max(0.0, waiting),
                caseload=open_cases,
                expected_wait_days=waiting / rate if rate > 1e-9 else None,
                mean_wait_seen_days=wait_sum / started if started > 1e-9 else None,
                seen_within_28_days_pct=100 * within_28 / started if started > 1e-9 else None,
                seen_within_126_days_pct=100 * within_126 / started if started > 1e-9 else None,
                longest_wait_days=max(0.0, longest),
                waiting_over_target=over,
            )
        )
        # The backlog clears in the first month from which no one waits past the target.
        if over >= 0.5:
            clears = NEVER
        elif clears == NEVER:
            clears = label
    return Projection(months=tuple(out), backlog_clears=clears, target_wait_days=target_wait_days)


class _WaitingList:
    """People waiting, in cohorts by (day joined, DNAs so far), the earliest joined first.

    People back from a missed appointment rejoin their cohort, keeping their place.
    """

    def __init__(self) -> None:
        self._people: dict[tuple[float, int], float] = {}
        self._order: list[tuple[float, int]] = []

    def add(self, joined: float, people: float, dnas: int = 0) -> None:
        key = (joined, dnas)
        if key in self._people:
            self._people[key] += people
        else:
            self._people[key] = people
            heapq.heappush(self._order, key)

    def first(self) -> tuple[tuple[float, int], float] | None:
        while self._order:
            key = self._order[0]
            if self._people[key] > 1e-12:
                return key, self._people[key]
            heapq.heappop(self._order)
            del self._people[key]
        return None

    def take(self, key: tuple[float, int], people: float) -> None:
        self._people[key] -= people

    def cohorts(self) -> list[tuple[float, float]]:
        return [(key[0], n) for key, n in self._people.items() if n > 1e-12]


def _month_lengths(start: tuple[int, int] | None, months: int) -> list[int]:
    if start is not None:
        return [calendar.monthrange(*add_months(start, m))[1] for m in range(months)]
    return [round((m + 1) * MONTH_DAYS) - round(m * MONTH_DAYS) for m in range(months)]


def _label(start: tuple[int, int] | None, m: int) -> str:
    if start is None:
        return f"month {m + 1}"
    year, month = add_months(start, m)
    return f"{year:04d}-{month:02d}"


def project_scenario(
    scenario: Scenario, *, months: int = 24, target_wait_days: float = 126.0
) -> dict[str, Projection]:
    """Project every service of a scenario. Routed demand is added at its mean rate."""
    from .instant import network_demand

    total = network_demand(scenario)
    start = (scenario.start_date.year, scenario.start_date.month) if scenario.start_date else None
    lengths = _month_lengths(start, months)
    out = {}
    for service in scenario.services:
        routed = total[service.id] - service.mean_arrival_rate()
        demand = [(service.arrival_rate(m) + routed) * lengths[m] for m in range(months)]
        if service.mode == "servers":
            out[service.id] = project_service(
                months=months,
                demand_by_month=demand,
                capacity_by_month=float(service.servers),  # type: ignore[arg-type]
                mode="servers",
                service_days=service.service_days.average,  # type: ignore[union-attr]
                dna_rate=service.dna_rate,
                dna_rebook_days=service.dna_rebook_days,
                discharge_after_dnas=service.discharge_after_dnas,
                waiting_list=list(service.initial_waiting_list),
                caseload=service.initial_caseload,
                target_wait_days=target_wait_days,
                start=start,
            )
        else:
            weekly = service.appointment_slots_per_week or 0.0
            out[service.id] = project_service(
                months=months,
                demand_by_month=demand,
                capacity_by_month=[weekly / 7 * n for n in lengths],
                mode="slots",
                appointments_per_episode=service.appointments_per_episode.average,  # type: ignore[union-attr]
                interval_days=service.interval_days.average if service.interval_days else 14.0,
                dna_rate=service.dna_rate,
                waiting_list=list(service.initial_waiting_list),
                caseload=service.initial_caseload,
                target_wait_days=target_wait_days,
                start=start,
            )
    return out
