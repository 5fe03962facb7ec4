"""Instant answers for every service of a scenario, in microseconds (no simulation).

Demand on each service includes patients routed from other services (the traffic equations
of an open queueing network: λ = γ + λP). Capacity is converted to episodes a week so the
NHSRwaitinglist formulas apply, then converted back into the service's own unit (caseload
slots, or appointment slots a week) for the answer a user can act on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from . import formulas
from .scenario import EXIT, Scenario, Service

DEFAULT_TARGET_WAIT_DAYS = 126.0  # 18 weeks; 28 days is the four-week standard being piloted


@dataclass(frozen=True)
class ServiceAnswers:
    """The instant answers for one service. Episodes and slots are per week."""

    id: str
    mode: str
    demand_episodes_per_week: float
    capacity_episodes_per_week: float
    load: float
    overloaded: bool
    capacity_unit: str
    capacity: float
    target_capacity: float
    relief_capacity: float
    target_mean_wait_days: float
    target_queue_size: float
    waiting_list: int  # today's list that will be seen: what relief capacity has to clear
    waiting_list_pressure: float | None
    appointments_needed_per_week: float | None
    appointments_delivered_per_week: float | None
    # Today's whole list as the activity engine counts it: those to be seen and the records
    # that will leave it unseen (``initial_unseen_list``), as the dashboard shows it.
    waiting_list_counted: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def network_demand(scenario: Scenario) -> dict[str, float]:
    """Mean arrivals per day at each service, external plus routed (solves λ = γ + λP)."""
    services = scenario.services
    n = len(services)
    index = {s.id: i for i, s in enumerate(services)}
    # Build (I − Pᵀ) λ = γ and solve by Gaussian elimination with partial pivoting.
    matrix = [[1.0 if i == j else 0.0 for j in range(n)] + [0.0] for i in range(n)]
    for j, service in enumerate(services):
        matrix[j][n] = service.mean_arrival_rate()
        for target, p in service.routing.items():
            if target != EXIT:
                matrix[index[target]][j] -= p
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(matrix[r][col]))
        if abs(matrix[pivot][col]) < 1e-12:
            raise ValueError("the routing never lets patients leave the network")
        matrix[col], matrix[pivot] = matrix[pivot], matrix[col]
        for row in range(n):
            if row != col and matrix[row][col]:
                factor = matrix[row][col] / matrix[col][col]
                for k in range(col, n + 1):
                    matrix[row][k] -= factor * matrix[col][k]
    return {s.id: matrix[i][n] / matrix[i][i] for i, s in enumerate(services)}


def _episode_capacity_per_week(service: Service) -> float:
    # Episodes a week the service can finish when busy all the time.
    if service.mode == "servers":
        return 7 * service.servers / service.service_days.average  # type: ignore[operator,union-attr]
    per_episode = service.appointments_per_episode.average  # type: ignore[union-attr]
    delivered = formulas.capacity_net_of_losses(
        slots=service.appointment_slots_per_week or 0.0, dna_rate=service.dna_rate
    )
    return delivered / per_episode


def service_answers(
    scenario: Scenario,
    *,
    target_wait_days: float = DEFAULT_TARGET_WAIT_DAYS,
    weeks_to_target: float = 26.0,
) -> list[ServiceAnswers]:
    """Load, targets and capacity needed for every service (NHSRwaitinglist formulas).

    ``target_wait_days`` is the waiting-time standard; ``weeks_to_target`` is how soon the
    relief capacity brings the waiting list down to its target size.
    """
    demand = network_demand(scenario)
    target_weeks = target_wait_days / 7
    answers = []
    for service in scenario.services:
        weekly = 7 * demand[service.id]
        capacity = _episode_capacity_per_week(service)
        load = formulas.queue_load(demand=weekly, capacity=capacity)
        cv_service = service.service_days.cv if service.service_days else 1.0
        needed = formulas.target_capacity(
            demand=weekly, target_wait=target_weeks, cv_arrival=1.0, cv_service=cv_service
        )
        queue = len(service.initial_waiting_list)
        target_queue = formulas.target_queue_size(demand=weekly, target_wait=target_weeks)
        relief = max(
            needed,
            formulas.relief_capacity(
                demand=weekly,
                queue_size=queue,
                target_queue_size=target_queue,
                time_to_target=weeks_to_target,
            ),
        )
        pressure = None
        if queue:
            mean_waited = sum(service.initial_waiting_list) / queue / 7
            pressure = formulas.waiting_list_pressure(
                mean_wait=mean_waited, target_wait=target_weeks
            )
        if service.mode == "servers":
            unit = "servers"
            own = float(service.servers)  # type: ignore[arg-type]
            per_episode_days = service.service_days.average  # type: ignore[union-attr]

            def convert(episodes: float, days: float = per_episode_days) -> float:
                return episodes / 7 * days

            needed_appts = delivered = None
        else:
            unit = "appointment slots per week"
            own = service.appointment_slots_per_week or 0.0
            per_episode = service.appointments_per_episode.average  # type: ignore[union-attr]

            def convert(episodes: float, per: float = per_episode, dna=service.dna_rate) -> float:
                return formulas.slots_needed(appointments=episodes * per, dna_rate=dna)

            needed_appts = weekly * per_episode
            delivered = formulas.capacity_net_of_losses(slots=own, dna_rate=service.dna_rate)
        answers.append(
            ServiceAnswers(
                id=service.id,
                mode=service.mode,
                demand_episodes_per_week=weekly,
                capacity_episodes_per_week=capacity,
                load=load,
                overloaded=formulas.is_overloaded(load),
                capacity_unit=unit,
                capacity=own,
                target_capacity=convert(needed),
                relief_capacity=convert(relief),
                target_mean_wait_days=formulas.target_mean_wait(target_wait=target_wait_days),
                target_queue_size=target_queue,
                waiting_list=queue,
                waiting_list_pressure=pressure,
                appointments_needed_per_week=needed_appts,
                appointments_delivered_per_week=delivered,
                waiting_list_counted=queue + len(service.initial_unseen_list),
            )
        )
    return answers
