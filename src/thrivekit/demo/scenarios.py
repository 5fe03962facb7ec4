"""Three saved demand and capacity scenarios for Northbridge, calibrated from the demo
extract: today's system, more capacity where waits are longest, and demand moved to advice."""

from thrivekit.extracts.selectors import extracts_for_site
from thrivekit.scenarios import services
from thrivekit.scenarios.presenters import instant_rows
from thrivekit.scenarios.selectors import scenarios_for_site

CURRENT = "Current system (calibrated from the extract)"


def seed_scenarios(site, *, created_by=None) -> None:
    if scenarios_for_site(site=site).filter(name=CURRENT).exists():
        return
    extract = extracts_for_site(site=site).exclude(analysis={}).first()
    if extract is None:
        return
    current = services.scenario_calibrate(
        site=site, extract=extract, name=CURRENT, created_by=created_by
    )
    # Keep the demo quick to build: 3 replications of a year.
    current.definition = {**current.definition, "replications": 3}
    current.save(update_fields=["definition", "updated_at"])
    rows = instant_rows(current.definition)
    busiest = max(rows, key=lambda row: float(row["load"]))
    smallest = min(rows, key=lambda row: float(row["demand"]))
    more = services.scenario_create(
        site=site,
        name=f"More capacity in {busiest['name']}",
        definition=services.apply_changes(
            current.definition, {"services": {busiest["id"]: {"capacity_pct": 130}}}
        ),
        based_on=current,
        extract=extract,
        description="30% more capacity in the team with the highest load.",
        created_by=created_by,
    )
    shifted = services.scenario_create(
        site=site,
        name=f"A fifth of {busiest['name']}'s demand met by {smallest['name']}",
        definition=services.apply_changes(
            current.definition,
            {
                "services": {},
                "shift": {"from": busiest["id"], "to": smallest["id"], "share_pct": 20},
            },
        ),
        based_on=current,
        extract=extract,
        description="Advice and early help take some of the demand.",
        created_by=created_by,
    )
    for scenario in (current, more, shifted):
        services.scenario_simulate(scenario=scenario, requested_by=created_by, run_now=True)
