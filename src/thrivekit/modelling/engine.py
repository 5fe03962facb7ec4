"""The pathway simulation: a heap of events, no framework.

One call to :func:`simulate_replication` runs one replication of a :class:`Scenario` and
returns plain numbers (picklable, so replications can run in other processes).

Two capacity modes:

* **servers** (caseload slots): a patient starts as soon as a slot is free, holds it for a
  service time, then moves on. A DNA at the first appointment sends the patient back to the
  waiting list ``dna_rebook_days`` later, keeping their place by the time they joined.
* **slots** (weekly appointment slots): every working day (``working_days`` a week, five
  unless the service works weekends too) the service has
  ``appointment_slots_per_week ÷ working_days`` slots. Booked follow-ups and rebooked DNAs that are due
  come first (earliest due first), then new patients from the waiting list. An episode needs
  ``appointments_per_episode`` attended appointments, ``interval_days`` apart. A DNA uses the
  slot and is rebooked ``dna_rebook_days`` later.

The wait is from joining the service's list to the first attended appointment (slot mode) or
to the start of service (server mode). Statistics cover the observed period, after warm-up.

Calibrated services also say who is seen next and who is never seen, as the data shows:

* ``due_days``: each patient is due to be seen that many days after joining (a draw from the
  observed waits); the list is seen in order of due date, so clinical priority spreads the
  waits as it did. In slot mode nobody is booked before their due date (as a booked service
  works), so spare slots absorb the ups and downs of demand and an overdue backlog builds
  up only when capacity falls short. The observed waits are to the first attended contact,
  so a new patient's DNAs are already in them: in this mode only follow-ups DNA.
* ``unseen_share`` of new referrals leave the list without being seen, ``unseen_days`` after
  joining (a value beyond the horizon: still on the list at the end), and
  ``initial_unseen_list`` are the records on today's list that will not be seen. They count
  on the waiting list, as the activity engine counts them, but are never offered a slot.
* ``first_contact_wait_days``: waits of the referrals made during the observed period,
  at the service they were referred to, in whole days, as the activity engine's
  first-contact wait is.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from heapq import heappop, heappush
from typing import Any

from .scenario import EXIT, MONTH_DAYS, Distribution, Scenario

ARRIVAL, END_SERVICE, REBOOK, CLINIC_DAY, SAMPLE, LEAVE_UNSEEN = range(6)
CLINIC_HOUR = 0.5  # clinics run at midday, so a morning referral can be seen the same day


def replication_seed(seed: int, replication: int) -> str:
    """The seed for one replication: the same whichever process runs it."""
    return f"thrivekit-model:{seed}:{replication}"


def _sampler(dist: Distribution, rng: random.Random):
    if dist.dist == "exponential":
        rate = 1.0 / float(dist.mean)  # type: ignore[arg-type]
        expo = rng.expovariate
        return lambda: expo(rate)
    if dist.dist == "lognormal":
        mean, sd = float(dist.mean), float(dist.sd)  # type: ignore[arg-type]
        sigma2 = math.log(1 + (sd / mean) ** 2)
        mu, sigma = math.log(mean) - sigma2 / 2, math.sqrt(sigma2)
        lognorm = rng.lognormvariate
        return lambda: lognorm(mu, sigma)
    if dist.dist == "empirical":
        values = list(dist.values)
        choice = rng.choice
        return lambda: choice(values)
    value = float(dist.mean)  # type: ignore[arg-type]
    return lambda: value


def _at_least(dist: Distribution, rng: random.Random, floor: float) -> float | None:
    """A draw of at least ``floor`` (the rest of a wait already ``floor`` long); ``None`` when
    the distribution never goes that high."""
    if dist.dist == "empirical":
        values = sorted(dist.values)
        k = bisect_left(values, floor)
        return rng.choice(values[k:]) if k < len(values) else None
    draw = _sampler(dist, rng)
    for _ in range(100):
        value = draw()
        if value >= floor:
            return value
    return None


def whole_days(seen: float, joined: float) -> int:
    """Days between two times as dates are subtracted (the activity engine's waits)."""
    return math.floor(seen) - math.floor(joined)


def _count_sampler(dist: Distribution, rng: random.Random):
    """Whole numbers ≥ 1; a fixed 2.5 gives 2 or 3 at random, keeping the mean."""
    if dist.dist == "fixed":
        value = float(dist.mean)  # type: ignore[arg-type]
        whole, part = int(value), value - int(value)
        draw = rng.random
        return lambda: max(1, whole + (1 if draw() < part else 0))
    inner = _sampler(dist, rng)
    return lambda: max(1, round(inner()))


def _quantile(ordered: list[float], q: float) -> float:
    # Linear interpolation between order statistics (numpy's default).
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise_waits(waits: list[float]) -> dict[str, float | None]:
    if not waits:
        return {"mean": None, "median": None, "p90": None, "within_28_days_pct": None}
    ordered = sorted(waits)
    within = sum(1 for w in ordered if w <= 28) / len(ordered)
    return {
        "mean": sum(ordered) / len(ordered),
        "median": _quantile(ordered, 0.5),
        "p90": _quantile(ordered, 0.9),
        "within_28_days_pct": 100 * within,
    }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _routine_mean(every: list[float], urgent: list[float]) -> float | None:
    count = len(every) - len(urgent)
    return (sum(every) - sum(urgent)) / count if count else None


def simulate_replication(scenario: Scenario, replication: int) -> dict[str, Any]:
    """Run one replication; returns per-service and overall figures for the observed period."""
    rng = random.Random(replication_seed(scenario.seed, replication))
    services = scenario.services
    n = len(services)
    index = {s.id: i for i, s in enumerate(services)}
    warm = scenario.warmup_days
    end = warm + scenario.horizon_days
    rand = rng.random
    expo = rng.expovariate

    # Compiled per-service settings, as lists indexed by service for fast access.
    servers_mode = [s.mode == "servers" for s in services]
    free = [s.servers or 0 for s in services]
    serve = [_sampler(s.service_days, rng) if s.service_days else None for s in services]
    appts = [
        _count_sampler(s.appointments_per_episode, rng) if s.appointments_per_episode else None
        for s in services
    ]
    interval = [_sampler(s.interval_days, rng) if s.interval_days else None for s in services]
    dna = [s.dna_rate for s in services]
    rebook = [s.dna_rebook_days for s in services]
    dna_limit = [s.discharge_after_dnas or 0 for s in services]
    urgent = [s.urgent_share for s in services]
    due = [_sampler(s.due_days, rng) if s.due_days else None for s in services]
    # Another queue rule (a what-if) sets the due dates aside.
    by_due = [
        d is not None and s.queue_rule == "urgent_first" for d, s in zip(due, services, strict=True)
    ]
    unseen = [s.unseen_share if s.unseen_days else 0.0 for s in services]
    unseen_after = [_sampler(s.unseen_days, rng) if s.unseen_days else None for s in services]
    rule = [s.queue_rule for s in services]
    route_cum: list[list[float]] = []
    route_to: list[list[int]] = []
    for s in services:
        cum, to, total = [], [], 0.0
        for target, p in s.routing.items():
            if p > 0:
                total += p
                cum.append(total)
                to.append(-1 if target == EXIT else index[target])
        if to:
            cum[-1] = 2.0  # guard against rounding: the last target catches the rest
        else:
            cum, to = [2.0], [-1]
        route_cum.append(cum)
        route_to.append(to)
    monthly = [
        [s.arrival_rate(m) for m in range(len(s.arrivals_by_month))]
        if s.arrivals_by_month
        else [s.arrivals_per_day or 0.0]
        for s in services
    ]
    level = [s.queue_level if s.queue_level is not None else math.inf for s in services]
    working = [s.working_days for s in services]
    daily_slots = [
        (s.appointment_slots_per_week or 0.0) / working[i] if not servers_mode[i] else 0.0
        for i, s in enumerate(services)
    ]
    in_hand = [max(1.0, s.appointment_slots_per_week or 0.0) for s in services]

    # State.
    queue: list[list] = [[] for _ in range(n)]  # new patients: (class, key time, seq, patient)
    booked: list[list] = [[] for _ in range(n)]  # slot mode: (due, seq, patient)
    waiting = [0] * n
    busy = [0] * n  # caseload: in service (servers) or between appointments (slots)
    carry = [0.0] * n
    # Statistics over the observed period.
    last = [0.0] * n
    queue_area = [0.0] * n
    busy_area = [0.0] * n
    above = [0.0] * n
    waits: list[list[float]] = [[] for _ in range(n)]
    urgent_waits: list[list[float]] = [[] for _ in range(n)]
    first_waits: list[list[float]] = [[] for _ in range(n)]
    done = [0] * n
    slots_offered = [0.0] * n
    slots_used = [0] * n
    exits = 0
    samples: list[list[int]] = [[] for _ in range(n)]

    events: list[tuple] = []
    seq = 0

    def touch(s: int, t: float) -> None:
        # Integrate the waiting list and caseload over time since the last change.
        lo = last[s]
        if lo < warm:
            lo = warm
        if t > lo:
            q = waiting[s]
            queue_area[s] += (t - lo) * q
            busy_area[s] += (t - lo) * busy[s]
            if q > level[s]:
                above[s] += t - lo
        last[s] = t

    def next_arrival(s: int, t: float) -> float:
        rates = monthly[s]
        months = len(rates)
        while t < end:
            month = int(t / MONTH_DAYS)
            boundary = (month + 1) * MONTH_DAYS if months > 1 else math.inf
            rate = rates[month % months]
            if rate > 0:
                nxt = t + expo(rate)
                if nxt < boundary:
                    return nxt
            t = boundary
        return math.inf

    def key(s: int, patient: list) -> tuple:
        if by_due[s]:
            return (0, patient[5])
        r = rule[s]
        if r == "fifo":
            return (0, patient[2])
        if r == "longest_waiter_first":
            return (patient[0], patient[1])
        return (patient[0], patient[2])

    def join(s: int, patient: list, t: float) -> None:
        # patient: [class, referral time, time joined this service, DNAs, appointments left,
        # due date (when the service orders its list by due date)]
        nonlocal seq
        touch(s, t)
        waiting[s] += 1
        patient[3] = 0
        if by_due[s] and patient[5] is None:
            patient[5] = t + due[s]()
        if servers_mode[s]:
            if free[s] > 0 and not queue[s]:
                start_server(s, patient, t)
                return
        seq += 1
        heappush(queue[s], (*key(s, patient), seq, patient))

    def leave(s: int, patient: list, t: float) -> None:
        nonlocal exits
        u = rand()
        cum = route_cum[s]
        k = 0
        while u >= cum[k]:
            k += 1
        target = route_to[s][k]
        if target < 0:
            if t >= warm:
                exits += 1
        else:
            patient[2] = t
            patient[5] = None
            join(target, patient, t)

    def start_server(s: int, patient: list, t: float) -> None:
        # A free slot goes to this patient unless they do not attend.
        nonlocal seq, exits
        if dna[s] and rand() < dna[s]:
            patient[3] += 1
            if dna_limit[s] and patient[3] >= dna_limit[s]:
                touch(s, t)
                waiting[s] -= 1
                if t >= warm:
                    exits += 1  # discharged after DNAs
                return
            seq += 1
            heappush(events, (t + rebook[s], seq, REBOOK, s, patient))
            return
        touch(s, t)
        waiting[s] -= 1
        busy[s] += 1
        free[s] -= 1
        if t >= warm:
            waits[s].append(t - patient[2])
            if not patient[0]:
                urgent_waits[s].append(t - patient[2])
            if patient[1] >= warm and patient[1] == patient[2]:
                first_waits[s].append(whole_days(t, patient[2]))
        seq += 1
        heappush(events, (t + serve[s](), seq, END_SERVICE, s, patient))

    def fill_servers(s: int, t: float) -> None:
        q = queue[s]
        while free[s] > 0 and q:
            start_server(s, heappop(q)[-1], t)

    def clinic(s: int, t: float, nearest: float) -> None:
        nonlocal seq, exits
        day_slots = daily_slots[s] + carry[s]
        slots = int(day_slots)
        if t >= warm:
            # Booked by due date, today's unused slots stay in hand: count only the new ones.
            slots_offered[s] += daily_slots[s] if by_due[s] else slots
        used = 0
        due = booked[s]
        q = queue[s]
        first = interval[s]
        while used < slots:
            if by_due[s]:
                # New patients who are due first, booked into the clinic nearest their due
                # date (Friday's, for the weekend); follow-ups fit around them.
                if q and q[0][1] <= t + nearest:
                    patient = heappop(q)[-1]
                elif due and due[0][0] <= t:
                    patient = heappop(due)[-1]
                else:
                    break
            elif due and due[0][0] <= t:
                patient = heappop(due)[-1]
            elif q:
                patient = heappop(q)[-1]
            else:
                break
            used += 1
            new = patient[4] == 0  # no attended appointment yet
            # Observed due dates are to the first *attended* contact: new patients' DNAs
            # are in them already.
            if dna[s] and not (new and by_due[s]) and rand() < dna[s]:
                patient[3] += 1
                if dna_limit[s] and patient[3] >= dna_limit[s]:
                    touch(s, t)
                    if new:
                        waiting[s] -= 1
                    else:
                        busy[s] -= 1
                    if t >= warm:
                        exits += 1
                    continue
                seq += 1
                heappush(due, (t + rebook[s], seq, patient))
                continue
            patient[3] = 0
            if new:
                touch(s, t)
                waiting[s] -= 1
                busy[s] += 1
                if t >= warm:
                    waits[s].append(t - patient[2])
                    if not patient[0]:
                        urgent_waits[s].append(t - patient[2])
                    if patient[1] >= warm and patient[1] == patient[2]:
                        first_waits[s].append(whole_days(t, patient[2]))
                patient[4] = appts[s]()
            patient[4] -= 1
            if patient[4] <= 0:
                touch(s, t)
                busy[s] -= 1
                if t >= warm:
                    done[s] += 1
                patient[4] = 0
                leave(s, patient, t)
            else:
                seq += 1
                heappush(due, (t + first(), seq, patient))
        # A diary's free slot goes to the next patient who falls due (at most a week's slots
        # in hand), so a team with under a slot a day does not make people wait for a slot day.
        carry[s] = min(day_slots - used, in_hand[s]) if by_due[s] else day_slots - slots
        if t >= warm:
            slots_used[s] += used

    # Starting state: today's waiting list and caseload.
    for s, service in enumerate(services):
        for age in service.initial_waiting_list:
            cls = 0 if rand() < urgent[s] else 1
            due_at = None
            if by_due[s]:
                # The rest of a wait already `age` long; overdue when no wait was that long.
                rest = _at_least(service.due_days, rng, age)  # type: ignore[arg-type]
                due_at = (rest if rest is not None else age) - age
            join(s, [cls, -age, -age, 0, 0, due_at], 0.0)
        for age in service.initial_unseen_list:
            touch(s, 0.0)
            waiting[s] += 1
            after = _at_least(service.unseen_days, rng, age) if service.unseen_days else None
            if after is not None and after - age < end:
                seq += 1
                heappush(events, (after - age, seq, LEAVE_UNSEEN, s, None))
        for _ in range(service.initial_caseload):
            cls = 0 if rand() < urgent[s] else 1
            patient = [cls, 0.0, 0.0, 0, 0, None]
            busy[s] += 1
            if servers_mode[s]:
                free[s] -= 1
                seq += 1
                heappush(events, (serve[s]() * rand(), seq, END_SERVICE, s, patient))
            else:
                total = appts[s]()
                patient[4] = rng.randint(1, total)
                seq += 1
                gap = interval[s]() if interval[s] else 0.0
                heappush(booked[s], (gap * rand(), seq, patient))
        first_arrival = next_arrival(s, 0.0)
        if first_arrival < end:
            seq += 1
            heappush(events, (first_arrival, seq, ARRIVAL, s, None))
    day = 0
    while day + CLINIC_HOUR < end:
        if any(not m for m in servers_mode):
            seq += 1
            heappush(events, (day + CLINIC_HOUR, seq, CLINIC_DAY, -1, None))
        day += 1
    first_sample = math.ceil(warm)
    for day in range(first_sample, int(end) + 1):
        seq += 1
        heappush(events, (float(day), seq, SAMPLE, -1, None))

    slot_services = [s for s in range(n) if not servers_mode[s]]
    while events:
        t, _, kind, s, patient = heappop(events)
        if t > end:
            break
        if kind == ARRIVAL:
            if unseen[s] and rand() < unseen[s]:
                # On the list until they leave unseen (or for the rest of the run).
                touch(s, t)
                waiting[s] += 1
                leaves = t + unseen_after[s]()  # type: ignore[misc]
                if leaves < end:
                    seq += 1
                    heappush(events, (leaves, seq, LEAVE_UNSEEN, s, None))
            else:
                cls = 0 if urgent[s] and rand() < urgent[s] else 1
                join(s, [cls, t, t, 0, 0, None], t)
            nxt = next_arrival(s, t)
            if nxt < end:
                seq += 1
                heappush(events, (nxt, seq, ARRIVAL, s, None))
        elif kind == END_SERVICE:
            touch(s, t)
            busy[s] -= 1
            free[s] += 1
            if t >= warm:
                done[s] += 1
            leave(s, patient, t)
            fill_servers(s, t)
        elif kind == REBOOK:
            seq += 1
            heappush(queue[s], (*key(s, patient), seq, patient))
            fill_servers(s, t)
        elif kind == LEAVE_UNSEEN:
            touch(s, t)
            waiting[s] -= 1
        elif kind == CLINIC_DAY:
            weekday = int(t) % 7
            for s in slot_services:
                days = working[s]
                if weekday < days:
                    # Half the time to the next clinic day.
                    clinic(s, t, 0.5 if weekday < days - 1 else (8 - days) / 2)
        else:
            for s in range(n):
                samples[s].append(waiting[s])

    for s in range(n):
        touch(s, end)
    observed = scenario.horizon_days
    result_services = []
    for s, service in enumerate(services):
        ordered = sorted(samples[s])
        if servers_mode[s]:
            capacity = (service.servers or 0) * observed
            utilisation = busy_area[s] / capacity if capacity else None
        else:
            utilisation = slots_used[s] / slots_offered[s] if slots_offered[s] else None
        result_services.append(
            {
                "id": service.id,
                "wait_days": summarise_waits(waits[s]),
                "first_contact_wait_days": summarise_waits(first_waits[s]),
                "urgent_wait_days": _mean(urgent_waits[s]),
                "routine_wait_days": _routine_mean(waits[s], urgent_waits[s]),
                "utilisation": utilisation,
                "queue_length": {
                    "mean": queue_area[s] / observed,
                    "p90": _quantile(ordered, 0.9) if ordered else None,
                },
                "caseload_mean": busy_area[s] / observed,
                "share_time_above_level_pct": (
                    100 * above[s] / observed if service.queue_level is not None else None
                ),
                "throughput": done[s],
                "queue_series": samples[s],
            }
        )
    overall_series = [sum(day) for day in zip(*samples, strict=True)] if samples else []
    ordered = sorted(overall_series)
    return {
        "services": result_services,
        "overall": {
            "wait_days": summarise_waits([w for ws in waits for w in ws]),
            "first_contact_wait_days": summarise_waits([w for ws in first_waits for w in ws]),
            "queue_length": {
                "mean": sum(queue_area) / observed,
                "p90": _quantile(ordered, 0.9) if ordered else None,
            },
            "caseload_mean": sum(busy_area) / observed,
            "throughput": exits,
            "queue_series": overall_series,
        },
        "series_start_day": first_sample,
    }
