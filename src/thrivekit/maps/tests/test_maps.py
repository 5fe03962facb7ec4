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
    boxes = {
        e["data"]["id"] for e in elements if e["group"] == "nodes" and e["data"]["kind"] != "lane"
    }
    assert boxes == {"gp", "single-point-of-access", "crisis-team"}
    # And a key names every grouping in the colours the drawing uses
    legend = BeautifulSoup(overview.text, "html.parser").select_one("[data-testid=map-legend]")
    assert "Getting Risk Support" in legend.text and "Entry point" in legend.text


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
    # And the page draws the box where it was left, and offers to arrange the boxes again
    page = client.get(url("maps:overview", site))
    soup = BeautifulSoup(page.text, "html.parser")
    elements = json.loads(soup.select_one("#pathway-map-elements").text)
    gp = next(e for e in elements if e["data"]["id"] == "gp")
    assert gp["position"] == {"x": 10.0, "y": 20.0}
    assert "Arrange the boxes by grouping again" in page.text


@pytest.mark.django_db
def test_arranging_the_boxes_again_forgets_where_they_were_dragged(client, site, member, signed_in):
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save, positions_save

    # Given a map with a box dragged to the top left corner
    map_save(site=site, pathway_map=demo_map(), base_version=0)
    positions_save(site=site, positions={"gp": (10, 20)})
    signed_in(member(Role.CONTRIBUTOR))
    # When the contributor asks for the boxes to be arranged again
    response = client.post(url("maps:positions_reset", site), follow=True)
    # Then the box is back in its lane, and the page says so
    assert selectors.map_document(site=site).positions == {}
    assert "arranged again by grouping" in response.text
    elements = json.loads(
        BeautifulSoup(response.text, "html.parser").select_one("#pathway-map-elements").text
    )
    gp = next(e for e in elements if e["data"]["id"] == "gp")
    assert gp["position"] != {"x": 10.0, "y": 20.0}
    assert gp["position"] == {"x": gp["data"]["home"][0], "y": gp["data"]["home"][1]}
    assert "Arrange the boxes by grouping again" not in response.text


@pytest.mark.django_db
def test_a_viewer_cannot_arrange_the_boxes(client, site, member, signed_in):
    signed_in(member(Role.VIEWER))
    assert client.post(url("maps:positions_reset", site)).status_code == 403


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
def test_a_mapping_workshop_runs_in_three_steps(client, demo_site_map, member, signed_in):
    from thrivekit.maps.models import MapProposal

    site = demo_site_map
    signed_in(member(Role.FACILITATOR))
    # Given the facilitator agrees the scope in step 1: Getting Help in Riverside, ages 5 to 18
    response = client.post(
        url("maps:workshop", site),
        {
            "scope": "1",
            "groupings": ["getting-help"],
            "local_areas": ["Riverside"],
            "age_min": "5",
            "age_max": "18",
            "notes": "Adult services are out of scope",
        },
    )
    assert response.status_code == 302
    assert response.url == url("maps:workshop_step", site, step="shape")
    # When a table proposes a service in step 2, only the groupings in scope are offered
    shape = client.get(url("maps:workshop_step", site, step="shape"))
    soup = BeautifulSoup(shape.text, "html.parser")
    assert "Riverside" in soup.select_one("[data-testid=scope]").text
    offered = {i["value"] for i in soup.select("input[name=groupings]")}
    assert offered == {"getting-help"}
    client.post(
        url("maps:workshop_step", site, step="shape"),
        {
            "table": "Table 2",
            "kind": "service",
            "name": "School nurses",
            "groupings": ["getting-help"],
        },
    )
    proposal = MapProposal.objects.for_site(site).get()
    client.post(
        url("maps:workshop_step", site, step="shape"),
        {"proposal": proposal.id, "decision": "accept"},
    )
    # Then it is in the map
    assert "School nurses" in [s.name for s in selectors.site_map(site=site).services]
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    # And in step 3 the room sees the findings in scope only
    analyse = client.get(url("maps:workshop_step", site, step="analyse"))
    text = " ".join(BeautifulSoup(analyse.text, "html.parser").get_text(" ").split())
    assert "School nurses has no route out" in text  # Getting Help, every area and age
    assert "Medical has no route out" not in text  # Getting More Help
    assert "Infant Mental Health has no route out" not in text  # ages 0 to 4
    # And an unknown step is not a page
    assert client.get(url("maps:workshop_step", site, step="lunch")).status_code == 404


@pytest.mark.django_db
def test_only_a_facilitator_agrees_the_scope(client, demo_site_map, member, signed_in):
    site = demo_site_map
    signed_in(member(Role.CONTRIBUTOR))
    response = client.post(url("maps:workshop", site), {"scope": "1", "age_min": "5"})
    assert response.status_code == 403
    assert selectors.map_document(site=site).scope == {}


def _priority(site):
    from thrivekit.priorities import services as priority_services
    from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank

    session = open_session(site, tables=2)
    rank(session, 1, ITEMS[:5])
    return priority_services.priorities_confirm(
        session=session, items=ITEMS[:5], reason="", confirmed_by=None
    )[0]


@pytest.mark.django_db
def test_a_finding_is_sent_to_a_priority_as_evidence(client, demo_site_map, member, signed_in):
    # Given a priority and the analysis page with its findings
    site = demo_site_map
    priority = _priority(site)
    signed_in(member(Role.CONTRIBUTOR))
    page = BeautifulSoup(client.get(url("maps:analysis", site)).text, "html.parser")
    form = page.select_one("[data-testid=finding-no-route-out]").find_next("form")
    key = form.select_one("input[name=finding]")["value"]
    # When they send one, with made-up text added to the form
    client.post(
        url("maps:finding_send", site),
        {"priority": priority.id, "finding": key, "text": "Made-up text"},
    )
    # Then the evidence is the finding as the server works it out, naming its services
    priority.refresh_from_db()
    [evidence] = priority.evidence
    assert evidence["source"] == "Pathway map"
    assert "Made-up text" not in evidence["text"]
    assert "no route out" in evidence["text"].lower() or "Services:" in evidence["text"]
    assert "Services: " in evidence["text"]
    # And a finding the map no longer shows is refused, adding nothing
    response = client.post(
        url("maps:finding_send", site), {"priority": priority.id, "finding": "0" * 16}, follow=True
    )
    assert "no longer shows that finding" in response.text
    priority.refresh_from_db()
    assert len(priority.evidence) == 1


@pytest.mark.django_db
def test_the_analysis_checks_every_local_area_of_the_site(client, site, member, signed_in):
    from thrivekit.maps.services import map_save
    from thrivekit.sites.tests.factories import LocalAreaFactory

    # Given a map whose services all name Riverside, and a site with a fourth area
    LocalAreaFactory(site=site, name="Westfield")
    services_ = [
        pathways.Service(
            id=f"s-{g}", name=f"Riverside {g}", groupings=(g,), local_areas=("Riverside",)
        )
        for g in pathways.grouping_ids()
    ]
    map_save(
        site=site,
        pathway_map=pathways.PathwayMap(services=services_, entry_points=[], routes=[]),
        base_version=0,
    )
    signed_in(member(Role.CONTRIBUTOR))
    # When the analysis runs
    page = client.get(url("maps:analysis", site))
    gaps = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=finding-grouping-gap]")
    # Then the gaps include the area no service names
    assert "Westfield" in gaps.find_next("ul").text


@pytest.mark.django_db
def test_route_volumes_from_the_data_add_up_teams_and_are_disclosure_controlled(demo_site_map):
    from thrivekit.disclosure import DisclosurePolicy
    from thrivekit.maps.services import route_volumes_fill

    site = demo_site_map
    # Given two data teams mapped to the same services, and a route with very few moves
    flows = [
        ("core-camhs-north", "psychology", 20),
        ("core-camhs-north", "psychology", 23),
        ("core-camhs-south", "psychology", 3),
    ]
    # When the volumes are filled in from 12 months of data
    _, too_few = route_volumes_fill(
        site=site, flows=flows, months=12, policy=DisclosurePolicy(threshold=7)
    )
    routes = {(r.from_id, r.to_id): r.volume_per_year for r in selectors.site_map(site=site).routes}
    # Then the moves add up, are rounded to the nearest 5, and small ones show no number
    assert routes[("core-camhs-north", "psychology")] == 45
    assert routes[("core-camhs-south", "psychology")] is None
    assert too_few == 1


def test_band_8_or_above_is_recognised_however_it_is_written():
    from thrivekit.maps.presenters import _senior

    assert [_senior(b) for b in ("8a", "Band 8b", "AfC band 9", "9", "7", "Band 6", "", "n/a")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
