from django.http import Http404

from thrivekit.scenarios.models import Scenario


def scenarios_for_site(*, site):
    return Scenario.objects.for_site(site).select_related("task", "based_on")


def scenario_for_site(*, site, scenario_id) -> Scenario:
    scenario = scenarios_for_site(site=site).filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario")
    return scenario
