from django.http import Http404
from django.shortcuts import render

from thrivekit.engagement import presenters as engagement_presenters
from thrivekit.extracts import selectors as extract_selectors
from thrivekit.maps import selectors as map_selectors
from thrivekit.phase1 import presenters
from thrivekit.phase1.steps import STEPS_BY_SLUG
from thrivekit.priorities import selectors as priority_selectors
from thrivekit.scenarios import selectors as scenario_selectors
from thrivekit.sites import selectors as site_selectors
from thrivekit.sites.context import site_view
from thrivekit.workshops import selectors as workshop_selectors


@site_view()
def home(request):
    site = request.site_ctx.site
    counts = {
        "members": site_selectors.site_members(site=site).count(),
        "local_areas": site_selectors.site_local_areas(site=site).count(),
        "workshops": workshop_selectors.workshops_for_site(site=site).count(),
        "snapshots": workshop_selectors.assessment_snapshots(site=site).count(),
        "extracts": extract_selectors.extracts_for_site(site=site).count(),
        "map_services": len(map_selectors.site_map(site=site).services),
        "scenarios": scenario_selectors.scenarios_for_site(site=site).count(),
        "prioritising": priority_selectors.sessions_for_site(site=site).count(),
        "priorities": priority_selectors.site_priorities(site=site).count(),
    }
    counts.update(engagement_presenters.step_summary(site=site))
    cards = presenters.phase1_home(site=site, site_ctx=request.site_ctx, counts=counts)
    return render(request, "phase1/home.jinja", {"cards": cards})


@site_view()
def step(request, step: str):
    found = STEPS_BY_SLUG.get(step)
    if found is None:
        raise Http404("No such step")
    hub = presenters.step_hub(step=found, site=request.site_ctx.site, site_ctx=request.site_ctx)
    return render(request, "phase1/step.jinja", {"hub": hub, "step": found})
