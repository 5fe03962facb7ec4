import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit import pathways
from thrivekit.maps import selectors
from thrivekit.sites.models import Role


def url(name, site, **kwargs):
    return reverse(name, kwargs={"site_slug": site.slug, **kwargs})


@pytest.mark.django_db
def test_a_map_is_built_through_the_forms_and_analysed(client, site, member, signed_in):
    # Given a contributor with an empty map
    signed_in(member(Role.CONTRIBUTOR))
    # When they add a GP entry point, two services and a route through the forms
    client.post(url("maps:entry_point_new", site), {"name": "GP", "kind": "gp", "version": "0"})
    client.post(
        url("maps:service_new", site),
        {"name": "Single Point of Access", "groupings": ["getting-advice"], "version": "1"},
    )
    client.post(
        url("maps:service_new", site),
        {
            "name": "Crisis team",
            "groupings": ["getting-risk-support"],
            "age_min": "11",
            "version": "2",
        },
    )
    response = client.post(
        url("maps:route_new", site),
        {"from_id": "gp", "to_id": "single-point-of-access", "kind": "referral", "version": "3"},
    )
    assert response.status_code == 302
    pathway_map = selectors.site_map(site=site)
    assert [s.name for s in pathway_map.services] == ["Single Point of Access", "Crisis team"]
    assert len(pathway_map.routes) == 1
    # Then the analysis flags the wrong door: the GP cannot reach Getting Risk Support
    page = client.get(url("maps:analysis", site))
    soup = BeautifulSoup(page.text, "html.parser")
    wrong = soup.select_one("[data-testid=finding-wrong-door]")
    assert wrong is not None
    assert "Getting Risk Support" in wrong.find_next("ul").text
    # And the overview lists everything and carries the elements for the interactive map
    overview = client.get(url("maps:overview", site))
    elements = json.loads(
        BeautifulSoup(overview.text, "html.parser").select_one("#pathway-map-elements").text
    )
    assert {e["data"]["id"] for e in elements if e["group"] == "nodes"} == {
        "gp",
        "single-point-of-access",
        "crisis-team",
    }


@pytest.mark.django_db
def test_a_stale_edit_is_refused_rather_than_overwriting(client, site, member, signed_in):
    signed_in(member(Role.CONTRIBUTOR))
    client.post(url("maps:entry_point_new", site), {"name": "GP", "kind": "gp", "version": "0"})
    stale = client.post(
        url("maps:entry_point_new", site), {"name": "School", "kind": "school", "version": "0"}
    )
    assert "Someone else changed the map" in stale.text
    assert len(selectors.site_map(site=site).entry_points) == 1


@pytest.mark.django_db
def test_a_bad_import_lists_row_errors_and_changes_nothing(client, site, member, signed_in):
    from thrivekit.demo.pathways import demo_map

    signed_in(member(Role.SITE_LEAD))
    good = pathways.export_xlsx(demo_map())
    assert (
        client.post(
            url("maps:import", site), {"file": SimpleUploadedFile("map.xlsx", good), "version": "0"}
        ).status_code
        == 302
    )
    assert len(selectors.site_map(site=site).services) == 25
    # A JSON map with a route to a service that does not exist
    broken = json.loads(pathways.export_json(demo_map()))
    broken["routes"][0]["to_id"] = "nowhere"
    response = client.post(
        url("maps:import", site),
        {"file": SimpleUploadedFile("map.json", json.dumps(broken).encode()), "version": "1"},
    )
    assert "The map was not imported" in response.text and "nowhere" in response.text
    assert len(selectors.site_map(site=site).routes) == len(demo_map().routes)


@pytest.mark.django_db
def test_exports_round_trip_and_the_drawing_is_svg(client, site, member, signed_in):
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save

    map_save(site=site, pathway_map=demo_map(), base_version=0)
    signed_in(member(Role.VIEWER))
    exported = client.get(url("maps:export", site, file_format="zip"))
    again = pathways.import_csv_zip(exported.content)
    assert again.ok and len(again.pathway_map.routes) == len(demo_map().routes)
    drawing = client.get(url("maps:export", site, file_format="svg"))
    assert drawing.content.startswith(b"<svg") or b"<svg" in drawing.content[:200]
    # A viewer reads the map but cannot change it
    assert client.get(url("maps:service_new", site)).status_code == 403


@pytest.mark.django_db
def test_dragging_a_box_saves_its_place(client, site, member, signed_in):
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save

    map_save(site=site, pathway_map=demo_map(), base_version=0)
    signed_in(member(Role.CONTRIBUTOR))
    response = client.post(
        url("maps:positions", site), json.dumps({"gp": [10, 20]}), content_type="application/json"
    )
    assert response.json() == {"saved": True}
    assert selectors.map_document(site=site).positions["gp"] == [10.0, 20.0]


@pytest.fixture
def demo_site_map(site):
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save

    map_save(site=site, pathway_map=demo_map(), base_version=0)
    return site


@pytest.mark.django_db
def test_a_workforce_table_is_loaded_with_row_errors_and_summarised_by_grouping(
    client, demo_site_map, member, signed_in
):
    site = demo_site_map
    signed_in(member(Role.CONTRIBUTOR))
    bad = "service_id,profession,band,wte,vacancies,training\nnowhere,Nurse,6,1,0,\n"
    response = client.post(
        url("maps:workforce", site), {"file": SimpleUploadedFile("w.csv", bad.encode())}
    )
    assert "row 2, column service_id" in response.text
    good = (
        "service_id,profession,band,wte,vacancies,training\n"
        "single-point-of-access,Clinical psychologist,8a,2,0.5,THRIVE groupings;Shared decision making\n"
        "single-point-of-access,Mental health practitioner,6,3,1,THRIVE groupings\n"
    )
    response = client.post(
        url("maps:workforce", site), {"file": SimpleUploadedFile("w.csv", good.encode())}
    )
    assert response.status_code == 302
    page = client.get(url("maps:workforce", site))
    text = BeautifulSoup(page.text, "html.parser").get_text(" ")
    assert "5 WTE, of which 2 at band 8 or above" in " ".join(text.split())
    exported = client.get(url("maps:workforce_export", site, file_format="csv"))
    assert b"Clinical psychologist" in exported.content


@pytest.mark.django_db
def test_a_tables_proposal_is_accepted_into_the_map(client, demo_site_map, member, signed_in):
    site = demo_site_map
    signed_in(member(Role.FACILITATOR))
    client.post(
        url("maps:workshop", site),
        {"table": "Table 2", "kind": "service", "name": "School nurses", "groupings": ["thriving"]},
    )
    from thrivekit.maps.models import MapProposal

    proposal = MapProposal.objects.for_site(site).get()
    client.post(url("maps:workshop", site), {"proposal": proposal.id, "decision": "accept"})
    assert "School nurses" in [s.name for s in selectors.site_map(site=site).services]
    proposal.refresh_from_db()
    assert proposal.status == "accepted"


@pytest.mark.django_db
def test_a_finding_is_sent_to_a_priority_as_evidence(client, demo_site_map, member, signed_in):
    from thrivekit.priorities import services as priority_services
    from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank

    site = demo_site_map
    session = open_session(site, tables=2)
    rank(session, 1, ITEMS[:5])
    priority = priority_services.priorities_confirm(
        session=session, items=ITEMS[:5], reason="", confirmed_by=None
    )[0]
    signed_in(member(Role.CONTRIBUTOR))
    client.post(
        url("maps:finding_send", site), {"priority": priority.id, "text": "A&E cannot reach advice"}
    )
    priority.refresh_from_db()
    assert priority.evidence == [{"source": "Pathway map", "text": "A&E cannot reach advice"}]
