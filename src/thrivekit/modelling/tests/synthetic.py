"""A small synthetic extract whose truth is known: three teams with weekly appointment slots.

Written independently of the engine (a day-by-day loop) so the back-test checks calibration
and simulation against data the model did not produce itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections import deque
from pathlib import Path

START = dt.date(2022, 1, 1)
YEARS = 3
TEAMS = {
    # external a day, slots a week, appointments per episode, interval days, routing
    "Getting Advice": (3.0, 48, (1, 1, 2), 14, {"Core CAMHS": 0.2}),
    "Core CAMHS": (1.0, 66, (3, 4, 5, 6, 7), 14, {"Neurodevelopmental": 0.1}),
    "Neurodevelopmental": (0.3, 10, (2, 3, 4), 30, {}),
}
DNA_RATE = 0.1
TREND = 0.15  # growth in referrals a year
AUGUST = 0.6  # referrals in August relative to other months
REBOOK_DAYS = 7


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def write_synthetic_extract(directory: Path, *, seed: int = 1) -> Path:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    days = 365 * YEARS
    waiting = {t: deque() for t in TEAMS}  # referral ids in order
    due: dict[str, list[tuple[int, str]]] = {t: [] for t in TEAMS}
    left = {}  # referral id → appointments still needed in the current episode
    referrals: dict[str, list] = {}
    contacts: list[tuple[str, str, str, str]] = []
    carry = dict.fromkeys(TEAMS, 0.0)
    counter = 0

    def route(rid: str, team: str, day: int) -> None:
        u, total = rng.random(), 0.0
        for target, p in TEAMS[team][4].items():
            total += p
            if u < total:
                waiting[target].append(rid)
                return
        referrals[rid][3] = (START + dt.timedelta(days=day)).isoformat()

    for day in range(days):
        date = START + dt.timedelta(days=day)
        season = AUGUST if date.month == 8 else 1.0
        trend = 1 + TREND * day / 365
        for team, (rate, *_rest) in TEAMS.items():
            for _ in range(_poisson(rng, rate * season * trend)):
                counter += 1
                rid = f"R{counter:06d}"
                referrals[rid] = [rid, f"P{counter}", date.isoformat(), None, team]
                waiting[team].append(rid)
        if date.weekday() >= 5:
            continue
        for team, (_, weekly, appointments, interval, _) in TEAMS.items():
            budget = weekly / 5 + carry[team]
            slots = int(budget)
            carry[team] = budget - slots
            due[team].sort()
            for _ in range(slots):
                if due[team] and due[team][0][0] <= day:
                    rid = due[team].pop(0)[1]
                elif waiting[team]:
                    rid = waiting[team].popleft()
                    left[rid] = rng.choice(appointments)
                else:
                    break
                if rng.random() < DNA_RATE:
                    contacts.append((rid, date.isoformat(), team, "DNA"))
                    due[team].append((day + REBOOK_DAYS, rid))
                    continue
                contacts.append((rid, date.isoformat(), team, "Attended"))
                left[rid] -= 1
                if left[rid] > 0:
                    due[team].append((day + interval, rid))
                else:
                    route(rid, team, day)

    with (directory / "referrals.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["referral_id", "person_id", "referral_date", "discharge_date", "team"])
        out.writerows(referrals.values())
    with (directory / "contacts.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["referral_id", "contact_date", "team", "attendance"])
        out.writerows(contacts)
    with (directory / "capacity.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["team", "month", "appointments_available"])
        for team, (_, weekly, *_rest) in TEAMS.items():
            for year in range(START.year, START.year + YEARS):
                for month in range(1, 13):
                    out.writerow([team, f"{year}-{month:02d}", round(weekly * 52 / 12, 1)])
    return directory
