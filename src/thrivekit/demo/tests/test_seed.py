import pytest
from django.core.exceptions import ImproperlyConfigured

from thrivekit.accounts.models import User
from thrivekit.demo.services import demo_seed
from thrivekit.sites.models import LocalArea, Membership, Role, Site


@pytest.mark.django_db
def test_seeding_twice_creates_everything_once():
    demo_seed()
    demo_seed()
    site = Site.objects.get(slug="northbridge")
    assert Site.objects.count() == 1
    assert LocalArea.objects.for_site(site).count() == 3
    roles = sorted(Membership.objects.for_site(site).values_list("role", flat=True))
    assert roles == sorted(Role.values)
    assert User.objects.filter(is_superuser=True).count() == 1
    # Two finished workshops (and one open to try): a baseline assessment of about 30 people and a checklist
    from thrivekit.workshops.models import AssessmentSnapshot, Participant, Workshop

    workshops = Workshop.objects.for_site(site)
    assert sorted(w.status for w in workshops) == ["closed", "closed", "open"]
    assessment = workshops.get(title="Baseline THRIVE Assessment")
    people = Participant.objects.for_site(site).filter(workshop=assessment)
    assert people.count() == 30
    assert people.values("local_area").distinct().count() == 3
    assert people.values("table").distinct().count() == 5
    assert AssessmentSnapshot.objects.for_site(site).count() == 1
    # A finished prioritising workshop with five completed gap analyses
    from thrivekit.priorities.models import Priority

    priorities = Priority.objects.for_site(site)
    assert priorities.count() == 5
    assert all(p.gaps and p.quick_wins and p.ideal for p in priorities)
    # And an imported activity extract with its dashboard figures
    from thrivekit.extracts.models import Extract

    extract = Extract.objects.for_site(site).get()
    assert extract.ready and extract.analysis["referrals"]["total"] > 3000
    # And three saved, simulated scenarios
    from thrivekit.scenarios.models import Scenario

    scenarios = Scenario.objects.for_site(site)
    assert scenarios.count() == 3
    assert all(s.result.get("schema") == "thrivekit.model/1" for s in scenarios)
    # And a pathway map of about 25 services and 60 routes across all five groupings
    from thrivekit.maps.selectors import site_map

    pathway_map = site_map(site=site)
    assert len(pathway_map.services) == 25 and len(pathway_map.routes) >= 60
    assert {g for s in pathway_map.services for g in s.groupings} == {
        "thriving",
        "getting-advice",
        "getting-help",
        "getting-more-help",
        "getting-risk-support",
    }
    # And it is linked to the activity data: teams matched, route volumes from the moves
    from thrivekit.maps.selectors import map_document

    document = map_document(site=site)
    assert len(document.team_services) == 15
    assert sum(1 for r in pathway_map.routes if r.volume_per_year) >= 10
    # And it has a workforce table with senior practitioners in Getting Advice
    assert "single-point-of-access" in document.workforce
    # And about 150 feedback answers with approved themes, a plan and an outcome framework
    from thrivekit.planning import selectors as planning
    from thrivekit.qualitative import selectors as feedback

    assert feedback.responses_count(site) >= 150 and feedback.themes_approved_count(site) >= 4
    assert planning.actions_count(site) >= 10 and planning.outcomes_count(site) >= 4


@pytest.mark.django_db
def test_seeding_refuses_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        demo_seed()
    assert not Site.objects.exists()


@pytest.mark.django_db
def test_a_newcomer_can_join_the_demo_open_workshop_and_prioritising_table_at_once(client):
    from thrivekit.demo.priorities import open_table_codes
    from thrivekit.demo.workshops import open_workshop_code

    # Given the demo, seeded (twice: the open ones are not duplicated)
    demo_seed()
    demo_seed()
    site = Site.objects.get(slug="northbridge")
    code = open_workshop_code(site)
    tables = open_table_codes(site)
    assert code and [name for name, _ in tables] == ["Table 1", "Table 2", "Table 3"]
    # When a newcomer types the workshop's code on the join page
    response = client.post("/join/", {"code": code})
    # Then they reach the workshop's join form, with no account
    assert response.status_code == 302 and response["Location"] == f"/join/{code}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Try it: join from your phone" in page.text
    # And a table's device opens the open prioritising workshop with its code
    table_page = client.get(f"/table/{tables[0][1]}")
    assert table_page.status_code == 200 and "Try it: rank your table" in table_page.text
