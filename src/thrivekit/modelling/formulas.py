"""Instant answers: closed-form demand and capacity formulas (pure Python, microseconds each).

Sources, cited per function:

* NHSRwaitinglist (NHS-R Community, MIT), implementing Fong, Walton et al. (2022)
  "Understanding Waiting List Pressures": queue load, target mean wait, target queue size
  (Little's law), target capacity (Kingman/Marchal), relief capacity, waiting-list pressure.
* NHS England/Improvement demand and capacity models and Scotland's DCAQ pack: capacity
  lost to DNAs and cancellations, the "80% rule" for variable demand, SPC limits for demand.
* CAPA (Choice and Partnership Approach): demand and capacity in clinical hours.
* Erlang C (M/M/c): probability of waiting and mean wait for parallel servers.

Units are the caller's, but they must agree: if demand is per week, give waits in weeks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_FACTOR = 4.0  # NHSRwaitinglist: mean wait = target ÷ 4 gives about a 2% breach chance


def queue_load(*, demand: float, capacity: float) -> float:
    """Demand ÷ capacity (NHSRwaitinglist ``calc_queue_load``).

    A load of 1 or more means the waiting list grows without limit; see :func:`is_overloaded`.
    Returns ``inf`` when there is demand and no capacity, and 0 when there is neither.
    """
    _non_negative(demand=demand, capacity=capacity)
    if capacity == 0:
        return math.inf if demand > 0 else 0.0
    return demand / capacity


def is_overloaded(load: float) -> bool:
    """True when the load is 1 or more: the queue cannot settle (Fong, Walton et al. 2022)."""
    return load >= 1


def target_mean_wait(*, target_wait: float, factor: float = DEFAULT_FACTOR) -> float:
    """Mean wait to aim for so few breach the target: target ÷ 4 (``calc_target_mean_wait``).

    With waits roughly exponential, a mean of a quarter of the target leaves e^-4 ≈ 2% of
    people over the target.
    """
    _positive(target_wait=target_wait, factor=factor)
    return target_wait / factor


def target_queue_size(
    *, demand: float, target_wait: float, factor: float = DEFAULT_FACTOR
) -> float:
    """Waiting-list size consistent with the target: demand × target ÷ 4.

    Little's law (L = λW) with W the target mean wait (``calc_target_queue_size``).
    """
    _non_negative(demand=demand)
    return demand * target_mean_wait(target_wait=target_wait, factor=factor)


def target_capacity(
    *,
    demand: float,
    target_wait: float,
    cv_arrival: float = 1.0,
    cv_service: float = 1.0,
    factor: float = DEFAULT_FACTOR,
) -> float:
    """Capacity needed to meet the target given variability (``calc_target_capacity``).

    demand + (cv_a² + cv_s²) ÷ 2 × (factor ÷ target): Kingman's approximation as rearranged by
    Marchal and used by NHSRwaitinglist. With Poisson arrivals and exponential removals both
    coefficients of variation are 1.
    """
    _non_negative(demand=demand, cv_arrival=cv_arrival, cv_service=cv_service)
    _positive(target_wait=target_wait, factor=factor)
    return demand + (cv_arrival**2 + cv_service**2) / 2 * (factor / target_wait)


def relief_capacity(
    *, demand: float, queue_size: float, target_queue_size: float, time_to_target: float
) -> float:
    """Capacity that brings the queue to its target size in the given time.

    demand + (queue − target queue) ÷ time to target (NHSRwaitinglist ``calc_relief_capacity``).
    """
    _non_negative(demand=demand, queue_size=queue_size, target_queue_size=target_queue_size)
    _positive(time_to_target=time_to_target)
    return demand + (queue_size - target_queue_size) / time_to_target


def relief_capacity_by_date(
    *,
    weekly_demand: float,
    queue_size: float,
    target_queue_size: float,
    today: dt.date,
    clear_by: dt.date,
) -> float:
    """Weekly capacity that clears the backlog (down to the target queue) by a date.

    NHSRwaitinglist ``calc_relief_capacity`` with the weeks to target counted from ``today`` to
    ``clear_by``; the NHS E/I demand and capacity models call this backlog clearance.
    """
    weeks = (clear_by - today).days / 7
    if weeks <= 0:
        raise ValueError("clear_by must be after today")
    return relief_capacity(
        demand=weekly_demand,
        queue_size=queue_size,
        target_queue_size=target_queue_size,
        time_to_target=weeks,
    )


def waiting_list_pressure(*, mean_wait: float, target_wait: float) -> float:
    """2 × mean wait ÷ target (``calc_waiting_list_pressure``); above 1 the list is under pressure.

    Mean wait here is the mean time already waited by those on the list, which is about half of
    their eventual wait, hence the factor of 2.
    """
    _non_negative(mean_wait=mean_wait)
    _positive(target_wait=target_wait)
    return 2 * mean_wait / target_wait


def capacity_net_of_losses(
    *, slots: float, dna_rate: float = 0.0, cancellation_rate: float = 0.0
) -> float:
    """Appointments actually delivered: slots × (1 − DNA rate − cancellation rate).

    NHS E/I demand and capacity models: slots lost to DNAs and to short-notice cancellations
    are capacity that treats no one.
    """
    _non_negative(slots=slots)
    _rates(dna_rate, cancellation_rate)
    return slots * (1 - dna_rate - cancellation_rate)


def slots_needed(
    *, appointments: float, dna_rate: float = 0.0, cancellation_rate: float = 0.0
) -> float:
    """Slots to book so that the demand for appointments is met after DNAs and cancellations.

    appointments ÷ (1 − DNA rate − cancellation rate) (NHS E/I demand and capacity models).
    """
    _non_negative(appointments=appointments)
    _rates(dna_rate, cancellation_rate)
    return appointments / (1 - dna_rate - cancellation_rate)


def dcaq_capacity_for_variation(weekly_demand: Sequence[float]) -> float:
    """Capacity that copes with week-to-week variation: min + 0.8 × (max − min).

    The "80% rule" of the NHS Scotland DCAQ pack and the NHS E/I demand and capacity models.
    """
    if not weekly_demand:
        raise ValueError("weekly_demand is empty")
    low, high = min(weekly_demand), max(weekly_demand)
    return low + 0.8 * (high - low)


@dataclass(frozen=True)
class SpcLimits:
    """Statistical process control (XmR) limits for a demand series."""

    mean: float
    lower: float
    upper: float


def spc_limits(values: Sequence[float]) -> SpcLimits:
    """XmR chart limits: mean ± 2.66 × mean moving range (NHS "Making Data Count" guidance)."""
    if len(values) < 2:
        raise ValueError("SPC limits need at least two values")
    mean = sum(values) / len(values)
    moving = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    spread = 2.66 * sum(moving) / len(moving)
    return SpcLimits(mean=mean, lower=max(0.0, mean - spread), upper=mean + spread)


def capa_demand_hours(
    *,
    referrals: float,
    choice_hours: float,
    partnership_share: float,
    partnership_hours: float,
    cotherapy_share: float = 0.0,
) -> float:
    """CAPA demand in clinical hours (the Choice and Partnership Approach demand and
    capacity arithmetic used by CAMHS teams; York and Kingsbury, "The Choice and Partnership
    Approach").

    referrals × (Choice hours + share to Partnership × Partnership hours × (1 + co-therapy)).
    """
    _non_negative(
        referrals=referrals, choice_hours=choice_hours, partnership_hours=partnership_hours
    )
    _rates(partnership_share)
    _rates(cotherapy_share)
    return referrals * (
        choice_hours + partnership_share * partnership_hours * (1 + cotherapy_share)
    )


def capa_capacity_hours(
    *,
    fte: float,
    core_work_share: float,
    appointments_per_session: float,
    share_time_worked: float,
    sessions_per_fte: float = 10.0,
) -> float:
    """CAPA capacity in clinical hours (one-hour appointments) per week, from job plans.

    FTE × 10 sessions × share in core work × appointments per session × share of time worked
    (leave, training and sickness taken out).
    """
    _non_negative(fte=fte, appointments_per_session=appointments_per_session)
    _rates(core_work_share)
    _rates(share_time_worked)
    return fte * sessions_per_fte * core_work_share * appointments_per_session * share_time_worked


def erlang_c(*, arrival_rate: float, mean_service: float, servers: int) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang C).

    The simulation's server mode is validated against it (tests/test_engine.py).

    Computed through the Erlang B recursion, which stays stable for thousands of servers.
    Returns 1 when the load is at or above the number of servers.
    """
    _non_negative(arrival_rate=arrival_rate)
    _positive(mean_service=mean_service)
    if servers < 1:
        raise ValueError("servers must be at least 1")
    offered = arrival_rate * mean_service
    if offered >= servers:
        return 1.0
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered * blocking / (k + offered * blocking)
    return servers * blocking / (servers - offered * (1 - blocking))


def mmc_mean_wait(*, arrival_rate: float, mean_service: float, servers: int) -> float:
    """Mean wait before service in an M/M/c queue: C(c, a) × mean service ÷ (c − a).

    ``inf`` when the load is at or above the number of servers.
    """
    offered = arrival_rate * mean_service
    if offered >= servers:
        return math.inf
    waiting = erlang_c(arrival_rate=arrival_rate, mean_service=mean_service, servers=servers)
    return waiting * mean_service / (servers - offered)


def _non_negative(**values: float) -> None:
    for name, value in values.items():
        if not value >= 0:  # also catches NaN
            raise ValueError(f"{name} must be zero or more, not {value}")


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be more than zero, not {value}")


def _rates(*rates: float) -> None:
    for rate in rates:
        if not 0 <= rate <= 1:
            raise ValueError(f"a rate or share must be between 0 and 1, not {rate}")
    if sum(rates) >= 1 and len(rates) > 1:
        raise ValueError("DNA and cancellation rates together must be below 1")
