import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from thrivekit.modelling import ScenarioError, parse_scenario
from thrivekit.scenarios.calibration import (
    last_year_from_extract,
    scenario_and_notes_from_extract,
)
from thrivekit.scenarios.models import Scenario
from thrivekit.tasks.services import task_enqueue


def _validated(definition: dict) -> dict:
    try:
        parse_scenario(definition)
    except ScenarioError as error:
        raise ValidationError(str(error)) from error
    return definition


@transaction.atomic
def scenario_create(
    *,
    site,
    name: str,
    definition: dict,
    based_on=None,
    extract=None,
    description="",
    created_by=None,
) -> Scenario:
    definition = _validated({**definition, "name": name.strip()[:200]})
    return Scenario.objects.create(
        site=site,
        name=name.strip()[:200],
        description=description.strip(),
        definition=definition,
        based_on=based_on,
        extract=extract,
        created_by=created_by,
    )


def scenario_calibrate(*, site, extract, name: str, created_by=None) -> Scenario:
    """The current system, as the extract shows it: the baseline for every what-if. The
    description says what calibration assumed (where capacity came from, and any capacity
    table that disagrees with the activity)."""
    definition, notes = scenario_and_notes_from_extract(extract)
    return scenario_create(
        site=site,
        name=name,
        definition=definition,
        extract=extract,
        description=" ".join(
            [f"Calibrated from {extract.name}, as of {extract.as_of:%d/%m/%Y}.", *notes]
        ),
        created_by=created_by,
    )


def apply_changes(definition: dict, changes: dict) -> dict:
    """A what-if: per service, capacity and demand as % of today, a DNA rate and the rule for
    who is seen next (``queue_rule``); and an optional shift of a share of one service's
    demand to another (e.g. to Getting Advice)."""
    changed = copy.deepcopy(definition)
    by_id = {service["id"]: service for service in changed["services"]}
    for service_id, change in changes.get("services", {}).items():
        service = by_id.get(service_id)
        if service is None:
            raise ValidationError(f"There is no service {service_id!r} in this scenario.")
        capacity = change.get("capacity_pct", 100) / 100
        if "servers" in service and service["servers"] is not None:
            service["servers"] = max(1, round(service["servers"] * capacity))
        elif service.get("appointment_slots_per_week") is not None:
            service["appointment_slots_per_week"] = round(
                service["appointment_slots_per_week"] * capacity, 2
            )
        _scale_demand(service, change.get("demand_pct", 100) / 100)
        if change.get("dna_pct") is not None:
            service["dna_rate"] = round(change["dna_pct"] / 100, 4)
        if change.get("queue_rule"):
            service["queue_rule"] = change["queue_rule"]
    shift = changes.get("shift")
    if shift and shift.get("share_pct"):
        source, target = by_id.get(shift["from"]), by_id.get(shift["to"])
        if source is None or target is None or source is target:
            raise ValidationError("Choose two different services to move demand between.")
        moved = _daily_demand(source) * shift["share_pct"] / 100
        _scale_demand(source, 1 - shift["share_pct"] / 100)
        target_daily = _daily_demand(target)
        if target_daily:
            _scale_demand(target, (target_daily + moved) / target_daily)
        else:
            target.pop("arrivals_by_month", None)
            target["arrivals_per_day"] = round(moved, 4)
    return _validated(changed)


def _daily_demand(service: dict) -> float:
    if service.get("arrivals_by_month"):
        months = service["arrivals_by_month"]
        return sum(months) / len(months) / 30.4375
    return service.get("arrivals_per_day") or 0.0


def _scale_demand(service: dict, factor: float) -> None:
    if service.get("arrivals_by_month"):
        service["arrivals_by_month"] = [round(v * factor, 3) for v in service["arrivals_by_month"]]
    elif service.get("arrivals_per_day") is not None:
        service["arrivals_per_day"] = round(service["arrivals_per_day"] * factor, 4)


@transaction.atomic
def scenario_simulate(*, scenario: Scenario, requested_by=None, run_now: bool = False) -> Scenario:
    scenario.result = {}
    scenario.save(update_fields=["result", "updated_at"])
    task = task_enqueue(
        site=scenario.site,
        kind="scenario_simulate",
        params={"scenario": str(scenario.id)},
        created_by=requested_by,
        run_now=run_now,
    )
    # Only the task link: the task itself writes the result (at once, when run eagerly).
    Scenario.objects.filter(pk=scenario.pk).update(task=task)
    scenario.refresh_from_db()
    return scenario


def simulate_task(task, progress) -> dict:
    from thrivekit.modelling import run_scenario

    scenario = Scenario.objects.for_site(task.site).get(pk=task.params["scenario"])
    model = parse_scenario(scenario.definition)
    # Replications run in parallel processes, except when tasks run inside a request (tests).
    workers = 1 if settings.THRIVEKIT_TASKS == "eager" else None
    result = run_scenario(
        model,
        workers=workers,
        progress=lambda done, total: progress(done / total, f"Replication {done} of {total}"),
    )
    if scenario.calibrated:
        # Does the calibration hold? The same calibration made a year earlier, run over the
        # extract's last year, beside what the activity engine reports for that year.
        progress(1.0, "Checking the calibration against the extract's last year")
        check = last_year_from_extract(
            scenario.extract, replications=model.replications, seed=model.seed, workers=workers
        )
        if check is not None:
            result["last_year"] = check
    Scenario.objects.filter(pk=scenario.pk).update(result=result)
    return {"replications": result["replications"]}


@transaction.atomic
def scenario_delete(*, scenario: Scenario) -> None:
    scenario.delete()
