from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from thrivekit.engagement import presenters as engagement_presenters
from thrivekit.extracts import selectors as extract_selectors
from thrivekit.maps import selectors as map_selectors
from thrivekit.phase1 import presenters
from thrivekit.phase1.steps import STEPS_BY_SLUG
from thrivekit.planning import presenters as planning_presenters
from thrivekit.planning import selectors as planning_selectors
from thrivekit.priorities import selectors as priority_selectors
from thrivekit.qualitative import selectors as qualitative_selectors
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
        "responses": qualitative_selectors.responses_count(site),
        "themes": qualitative_selectors.themes_approved_count(site),
        "actions": planning_selectors.actions_count(site),
        "outcomes": planning_selectors.outcomes_count(site),
    }
    counts.update(engagement_presenters.step_summary(site=site))
    cards = presenters.phase1_home(site=site, site_ctx=request.site_ctx, counts=counts)
    today = timezone.localdate()
    overdue = [
        planning_presenters.action_row(action, today=today)
        for action in planning_selectors.overdue_actions(site, today=today)[:5]
    ]
    return render(
        request,
        "phase1/home.jinja",
        {
            "cards": cards,
            "overdue": overdue,
            "overdue_count": planning_selectors.overdue_actions(site, today=today).count(),
        },
    )


@site_view()
def step(request, step: str):
    found = STEPS_BY_SLUG.get(step)
    if found is None:
        raise Http404("No such step")
    hub = presenters.step_hub(step=found, site=request.site_ctx.site, site_ctx=request.site_ctx)
    return render(request, "phase1/step.jinja", {"hub": hub, "step": found})
