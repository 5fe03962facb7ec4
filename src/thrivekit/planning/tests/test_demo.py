"""The demo site has a plan for all five groupings and an outcome framework of about 12
indicators with baselines from the demo extract (issue 17)."""

import pytest
from django.urls import reverse

from thrivekit.demo.planning import seed_planning
from thrivekit.demo.services import SITE_SLUG, demo_seed
from thrivekit.planning import agreement, selectors
from thrivekit.planning.models import Indicator
from thrivekit.sites.models import Membership, Role, Site
from thrivekit.sites.tests.test_viewer_disclosure import crawl, leaks_in


@pytest.mark.django_db
def test_the_demo_plan_covers_every_grouping_and_seeding_twice_changes_nothing(client, signed_in):
    demo_seed()
    site = Site.objects.get(slug=SITE_SLUG)
    people = {m.role: m.user for m in Membership.objects.for_site(site).select_related("user")}
    seed_planning(site, people=people)
    actions = selectors.actions_count(site)
    seed_planning(site, people=people)
    assert selectors.actions_count(site) == actions
    # The board's sign-off of the outcome framework and two changes to the map, once each
    assert [s.subject for s in selectors.signoffs_for_site(site=site)] == ["outcomes"]
    assert not agreement.standing_of(site=site, subject="outcomes").changed
    assert selectors.future_changes_count(site) == 2 and selectors.signoffs_count(site) == 1
    # One closed redesign workshop, where two tables drafted Getting Help's offer
    [redesign] = selectors.redesign_workshops_for_site(site=site)
    assert redesign.status == "closed" and redesign.next_steps and redesign.engagement_plan
    assert [(d.table.name, d.grouping) for d in selectors.offer_drafts(workshop=redesign)] == [
        ("Table 1", "getting-help"),
        ("Table 2", "getting-help"),
    ]
    _, _, built = selectors.future_maps(site=site)
    assert built.problems == []
    found = selectors.actions_for_site(site=site)
    assert {a.grouping for a in found} == {
        "thriving",
        "getting-advice",
        "getting-help",
        "getting-more-help",
        "getting-risk-support",
    }
    assert all(a.owner and a.start_date and a.due_date for a in found)
    assert found.filter(priority__isnull=False).count() >= 10  # traced to the gap analyses
    assert selectors.overdue_actions(site).exists()
    # About 12 indicators; those the extract holds have a computed baseline
    indicators = Indicator.objects.for_site(site)
    assert indicators.count() == 12
    extract = selectors.latest_extract(site=site)
    computed = indicators.filter(baseline_extract=extract)
    assert {i.measure for i in computed} >= {"access", "waits_4_weeks", "dna_rate"}
    waits = computed.get(measure="waits_4_weeks")
    assert waits.baseline == extract.analysis["waits"]["first_contact"]["within_28_days_pct"]
    assert indicators.get(measure="rcads_reliable_change").baseline is None

    # And a viewer who visits every planning page sees no count of 1-7 young people
    signed_in(Membership.objects.for_site(site).get(role=Role.VIEWER).user)
    prefix = reverse("planning:home", kwargs={"site_slug": site.slug})
    pages = crawl(client, prefix, prefix)
    reached = [url for url, _ in pages]
    for part in (
        "/plan/",
        "/plan/timeline",
        "/outcomes/",
        "/indicators/",
        "/future-offer/",
        "/future-map/",
        "/agreement/",
        "/redesign/",
    ):
        assert any(part in url for url in reached), (part, reached)
    leaks = {url: found for url, html in pages if (found := leaks_in(html))}
    assert not leaks, leaks
